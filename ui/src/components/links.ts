// Links to the outside world. The webview must not navigate away from the app, so a click asks
// the shell to open the address in the system browser (`open_url`). The href stays for
// hover text and "copy link".
import type { AppContext } from "../context";
import { h, type Props } from "./dom";

export function externalLink(ctx: Pick<AppContext, "openUrl">, text: string, url: string, props: Props = {}): HTMLAnchorElement {
  return h("a", {
    href: url,
    rel: "noreferrer",
    class: "external",
    ...props,
    onclick: (event: Event) => {
      event.preventDefault();
      ctx.openUrl(url);
    },
  }, text);
}
