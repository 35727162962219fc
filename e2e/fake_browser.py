"""The system browser, as `xdg-open` sees it, for the real-path tests: installed as `xdg-open`
first on PATH (see `install`), it records every address the app opens and plays a user who is
signed in to WHOOP and clicks "Allow" on the sign-in page:

- the WHOOP sign-in page (the simulator's /oauth/oauth2/auth) is loaded and its redirect
  followed: to the app's loopback listener (http://127.0.0.1:…), which is loaded like a page;
  to an https address nothing serves (the paste-back redirect), which stays in the address
  bar, recorded for the test to copy;
  to the app's own link (whoop-notion-sync://…), which a browser hands to the OS: the real
  `xdg-open` after this one on PATH, which starts the registered handler;
- other web addresses (help links) are only recorded;
- anything else the app opens goes on to the real handler, if there is one.

Each line of $E2E_BROWSER_LOG is a JSON object: {"opened": url} when the app opens something,
{"address": url} where the browser ended, {"loaded": url, "status": n} for a page it loaded,
{"handed": url} for a link passed on to the OS ({"held": url} instead while a
file named like the log plus ".hold" exists), {"error": text} when a load failed. Like a real browser it returns at once and works in the
background.
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve()


def install(bin_dir, log_path):
    """Writes `xdg-open` into `bin_dir` (to put first on PATH), logging to `log_path`."""
    bin_dir = Path(bin_dir)
    bin_dir.mkdir(parents=True, exist_ok=True)
    shim = bin_dir / "xdg-open"
    shim.write_text(f"#!/bin/sh\nE2E_BROWSER_LOG='{log_path}' E2E_SHIM_DIR='{bin_dir}' "
                    f"exec '{sys.executable}' '{HERE}' \"$@\"\n")
    shim.chmod(0o755)
    # For open_with_the_os in the test's own process: the real handler is past this folder.
    os.environ["E2E_SHIM_DIR"] = str(bin_dir)
    return shim


def read_log(log_path):
    try:
        text = Path(log_path).read_text()
    except OSError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def record(entry):
    with open(os.environ["E2E_BROWSER_LOG"], "a") as f:
        f.write(json.dumps(entry) + "\n")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def load(url):
    """(status, Location) of one GET, without following redirects."""
    opener = urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, None
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location")


def follow(url):
    """Loads `url` and follows redirects as a browser would, up to an address nothing serves."""
    for _ in range(10):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https"):
            # Not for a browser: the OS opens it with the scheme's handler.
            hand_over(url)
            return
        if parsed.scheme == "https" and parsed.hostname in ("localhost", "127.0.0.1"):
            # The paste-back redirect: no server there, the error page shows this address.
            record({"address": url})
            return
        status, location = load(url)
        record({"loaded": url, "status": status})
        if location and 300 <= status < 400:
            url = urllib.parse.urljoin(url, location)
            continue
        record({"address": url})
        return
    record({"error": f"too many redirects at {url}"})


def hand_over(url):
    handler = real_handler()
    if not handler:
        record({"error": f"no handler for {url}"})
        return
    if Path(os.environ["E2E_BROWSER_LOG"] + ".hold").exists():
        # The test hands it over itself, later (e.g. once the window is closed).
        record({"held": url})
        return
    record({"handed": url})
    # xdg-open runs the handler in the foreground; a window it starts may stay open.
    open_with_the_os(url)


def open_with_the_os(url):
    """What the browser does with the app's link (the test calls it for a held one). On the
    GNOME desktop, as most users: xdg-open hands the link to gio, which reads the handler's
    desktop entry as every desktop does (xdg-open's own fallback for no desktop can't run an
    Exec= whose program path is quoted, as the app's own registration writes it)."""
    env = dict(os.environ, XDG_CURRENT_DESKTOP=os.environ.get("XDG_CURRENT_DESKTOP") or "GNOME")
    return subprocess.Popen([real_handler(), url], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, env=env)


def real_handler():
    """The next xdg-open on PATH after this shim's folder."""
    own = Path(os.environ.get("E2E_SHIM_DIR", "")).resolve()
    path = [f for f in os.environ.get("PATH", "").split(os.pathsep)
            if f and Path(f).resolve() != own]
    return shutil.which("xdg-open", path=os.pathsep.join(path))


def main():
    if len(sys.argv) != 2:
        print("usage: xdg-open URL", file=sys.stderr)
        return 1
    url = sys.argv[1]
    record({"opened": url})
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        handler = real_handler()
        if handler:
            os.execv(handler, [handler, url])
        return 0
    host = urllib.parse.urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost"):
        return 0  # a help link: nothing to load on this offline machine
    # Return at once, like a browser that is already running; load in the background.
    if os.fork() > 0:
        return 0
    os.setsid()
    try:
        follow(url)
    except Exception as e:  # noqa: BLE001 - recorded for the test to report
        record({"error": f"{type(e).__name__}: {e}"})
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
