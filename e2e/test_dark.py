"""End-to-end: the window in the system's dark theme (GTK's dark variant, which WebKitGTK
passes on as `prefers-color-scheme: dark`), in demo mode, with screenshots of the main screens.
Runs after test_app.py (its own window and tray host on the same isolated profile)."""

import os
import unittest

import harness as H
import test_app


def luminance(css_color):
    """0 (black) … 1 (white) from "rgb(r, g, b)" / "rgba(r, g, b, a)"."""
    parts = css_color[css_color.index("(") + 1:css_color.index(")")].split(",")
    r, g, b = (int(float(p)) / 255 for p in parts[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


class DarkTheme(test_app.WindowSteps):
    @classmethod
    def setUpClass(cls):
        cls.root = H.isolate()
        # The tray host of test_app.py was quit there; this window starts its own.
        cls.addClassCleanup(H.stop_host)
        cls.addClassCleanup(H.TrayWatcher().start().stop)
        os.environ["GTK_THEME"] = "Adwaita:dark"
        cls.addClassCleanup(os.environ.pop, "GTK_THEME", None)
        cls.driver_proc = H.Driver(cls.root)
        cls.addClassCleanup(cls.driver_proc.stop)
        cls.driver_proc.start()
        cls.d = cls.driver_proc.session()
        cls.addClassCleanup(cls.d.quit)
        cls.d.set_script_timeout(60)

    def background(self, css):
        return self.d.execute_script(
            "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor", css)

    def test_dark_theme_screens(self):
        self.wait(lambda: self.text("tray-summary"), "the window's first overview")
        self.assertTrue(self.d.execute_script(
            "return matchMedia('(prefers-color-scheme: dark)').matches"),
            "the window doesn't see the system's dark theme")
        self.assertLess(luminance(self.background("body")), 0.25, self.background("body"))

        if H.invoke(self.d, "overview")["mode"] != "demo":
            self.wait(lambda: self.shown("demo-start"), "the demo offer")
            self.el("demo-start").click()

        def settled():
            o = H.invoke(self.d, "overview")
            return o["mode"] == "demo" and o["lastSync"] and o["recentDays"] and self.idle()
        self.wait(settled, "the demo's first sync", timeout=90)

        self.tab("history")
        self.wait(lambda: self.history_rows(), "the runs in History")
        self.screenshot("history-dark")
        self.tab("mapping")
        self.wait(lambda: self.mapping_selects() and "Preview" in self.text("mapping-preview")
                  and self.idle(), "the mapping table and its preview")
        self.assertLess(luminance(self.background("body")), 0.25)
        self.screenshot("mapping-dark")


if __name__ == "__main__":
    unittest.main(verbosity=2)
