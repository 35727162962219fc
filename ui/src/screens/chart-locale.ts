// uPlot builds an Intl.NumberFormat from `navigator.language` as it loads. WebKitGTK passes the
// POSIX locale on as it is ("C" under LANG=C, as on minimal systems and in the e2e tests),
// which Intl refuses with a RangeError, so the charts would never load there. Imported before
// uPlot (modules run in import order): a language Intl can't use is replaced, on this page's
// navigator only, by the runtime's default locale.

/** Makes `nav.language` a tag Intl accepts; returns the language now in force. */
export function ensureUsableLanguage(nav: { language: string } = navigator): string {
  try {
    new Intl.NumberFormat(nav.language);
  } catch {
    Object.defineProperty(nav, "language", { value: new Intl.NumberFormat().resolvedOptions().locale, configurable: true });
  }
  return nav.language;
}

ensureUsableLanguage();
