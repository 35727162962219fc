"""End-to-end: the Trends tab shows the days the history holds. Demo mode on a fresh profile
(its own window and tray host): after the demo's first sync, and again after a 30-day backfill,
each chart holds one point per day that has that number in the history, read independently
through the History commands (`history`, `history_days`), and the table has one row per day
with numbers. Then a second window in the system's dark theme, on the same tray host, shows the
same. Screenshots: `trends` and `trends-dark`.

Run alone with `scripts/e2e -k Trends`.
"""

import datetime
import os
import time
import unittest

from selenium.webdriver.common.by import By

import harness as H
import test_app
import test_dark

KEYS = ["recovery_score", "hrv", "resting_heart_rate", "sleep_time"]


class Trends(test_app.WindowSteps):
    @classmethod
    def setUpClass(cls):
        cls.addClassCleanup(H.saved_environ())
        cls.root = H.isolate("trends")
        H.log(f"trends: profile and logs in {cls.root}")
        cls.addClassCleanup(H.stop_host)
        cls.addClassCleanup(H.TrayWatcher().start().stop)
        cls.start_window_session()

    @classmethod
    def quit_session(cls):
        # Twice over (test_2 ends the first window's session itself): once per session.
        d, cls.d = getattr(cls, "d", None), None
        if d is not None:
            try:
                d.quit()
            except Exception as e:  # noqa: BLE001 - the window may be gone already
                H.log(f"closing the WebDriver session: {e!r}")

    # --- what the history says ----------------------------------------------------------------

    def history_numbers(self, first_day, last_day):
        """{metric key: {day, …}}: the days of first_day..last_day for which some run (not a dry
        run) recorded that metric's number, from the History tab's own commands."""
        found = {key: set() for key in KEYS}
        for run in H.invoke(self.d, "history", {"limit": 500}):
            if run["dryRun"]:
                continue
            for record in H.invoke(self.d, "history_days", {"runId": run["id"]}):
                if not (first_day <= record["day"] <= last_day) or not record["values"]:
                    continue
                for key in KEYS:
                    if key in record["values"]:
                        found[key].add(record["day"])
        return found

    def today(self):
        """The local day the demo's runs end on (a run's range ends today)."""
        return max(run["range"][1] for run in H.invoke(self.d, "history", {"limit": 500}))

    # --- what the view shows ------------------------------------------------------------------

    def figures(self):
        return {f.get_attribute("data-key"): f for f in
                self.d.find_elements(By.CSS_SELECTOR, "#trends-charts figure[data-key]")}

    def drawn(self, days):
        """The four charts drawn for a period of `days` days, and no load under way."""
        figures = self.figures()
        return sorted(figures) == sorted(KEYS) and all(
            f.get_attribute("data-drawn") == "true" and f.get_attribute("data-days") == str(days)
            for f in figures.values()) \
            and not self.d.find_elements(By.CSS_SELECTOR, "[aria-busy='true']")

    def view_state(self):
        """What the Trends tab shows, for a failure's message."""
        return self.d.execute_script("""
            const panel = document.getElementById('panel-trends');
            const figures = [...document.querySelectorAll('#trends-charts figure')].map(
                (f) => [f.dataset.key, f.dataset.drawn, f.dataset.days, f.dataset.points]);
            return {summary: document.getElementById('trends-summary')?.textContent,
                    figures, busy: [...document.querySelectorAll('[aria-busy="true"]')].map((e) => e.id || e.className),
                    text: panel ? panel.innerText.slice(0, 300) : null};""")

    def check_view_matches_history(self, days):
        try:
            self.wait(lambda: self.drawn(days), f"the Trends charts for {days} days", timeout=30)
        except TimeoutError as e:
            raise AssertionError(f"{e}; the view: {self.view_state()}") from None
        last = self.today()
        first = (datetime.date.fromisoformat(last) - datetime.timedelta(days=days - 1)).isoformat()
        expected = self.history_numbers(first, last)
        self.assertTrue(expected["recovery_score"], "the history has no recovery scores")
        points = {key: int(f.get_attribute("data-points")) for key, f in self.figures().items()}
        self.assertEqual(points, {key: len(expected[key]) for key in KEYS},
                         f"points per chart vs days with that number in the history ({first}…{last})")
        # The canvases are there and sized (uPlot drew them), not just the numbers.
        for key, figure in self.figures().items():
            canvas = figure.find_elements(By.CSS_SELECTOR, "canvas")
            self.assertTrue(canvas and canvas[0].size["width"] > 200, f"{key}: no chart canvas")
        rows = [r.get_attribute("data-day") for r in
                self.d.find_elements(By.CSS_SELECTOR, "#trends-table tbody tr[data-day]")]
        with_numbers = set().union(*expected.values())
        self.assertEqual(len(rows), len(with_numbers), rows)
        self.assertEqual(set(rows), with_numbers)
        self.assertEqual(rows, sorted(rows, reverse=True), "the table is newest first")
        caption = self.d.find_element(By.CSS_SELECTOR, "#trends-table caption").text
        self.assertIn(f"last {days} days", caption)
        headers = [(th.text, th.get_attribute("scope")) for th in
                   self.d.find_elements(By.CSS_SELECTOR, "#trends-table thead th")]
        self.assertEqual(headers, [("Day", "col"), ("Recovery", "col"), ("HRV", "col"),
                                   ("Resting HR", "col"), ("Asleep", "col")])
        H.log(f"trends over {days} days: {points} points, {len(rows)} table rows")
        return points

    def period(self, days):
        button = self.d.find_element(By.CSS_SELECTOR, f'#trends-range button[data-days="{days}"]')
        # Coming back from a long screen, the window may be scrolled with the buttons under
        # the sticky header: bring the button into view as a user would, then click it.
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        self.wait(lambda: self.d.find_element(
            By.CSS_SELECTOR, f'#trends-range button[data-days="{days}"]')
            .get_attribute("aria-pressed") == "true", f"the {days}-day period chosen")

    # --- the steps ----------------------------------------------------------------------------

    def test_1_trends_show_the_synced_days(self):
        self.wait(lambda: self.text("tray-summary"), "the window's first overview")
        self.wait(lambda: self.shown("demo-start"), "the demo offer")
        self.el("demo-start").click()

        def settled():
            o = H.invoke(self.d, "overview")
            return o["mode"] == "demo" and o["lastSync"] and o["recentDays"] and self.idle()
        self.wait(settled, "the demo's first sync", timeout=90)

        # The charts' code arrives with the tab, not with the window (its chunk's stylesheet
        # is linked into the page when it loads).
        links = "return [...document.querySelectorAll('link')].map((l) => l.href)"
        before = self.d.execute_script(links)
        self.assertFalse([s for s in before if "trends" in s],
                         f"the Trends code was loaded before the tab opened: {before}")
        self.tab("trends")
        first = self.check_view_matches_history(30)
        self.assertLess(first["recovery_score"], 30, "the first sync covers one week")
        self.assertTrue(self.shown("trends-backfill"), "no offer to bring earlier days over")
        after = self.d.execute_script(links)
        self.assertTrue([s for s in after if "trends-charts" in s], after)

        # Backfill 30 days from Settings, then the view shows them all.
        self.el("trends-backfill").click()
        self.wait(lambda: self.el("panel-settings").is_displayed(), "Settings, from the offer")
        self.wait(lambda: self.el("backfill-start").is_enabled(), "the Backfill button")
        days = self.el("backfill-days")
        days.clear()
        days.send_keys("30")
        self.el("backfill-start").click()
        self.wait(lambda: self.text("backfill-status").startswith("Done:"), "the backfill",
                  timeout=120)
        self.wait(self.idle, "nothing running")
        self.tab("trends")
        self.wait(lambda: int(self.figures()["recovery_score"].get_attribute("data-points"))
                  > first["recovery_score"], "the backfilled days in the chart")
        after = self.check_view_matches_history(30)
        self.assertGreaterEqual(after["recovery_score"], 25, after)
        self.assertFalse(self.shown("trends-backfill"))
        self.assertTrue(self.el("trend-recovery_score").get_attribute("aria-label")
                        .startswith("Recovery, last 30 days: "))
        self.screenshot("trends")

        # A longer period: the same days, spaced over 90.
        self.period(90)
        self.assertEqual(self.check_view_matches_history(90)["recovery_score"],
                         after["recovery_score"])
        self.period(30)
        self.wait(lambda: self.drawn(30), "back to 30 days")

    def test_2_dark_theme(self):
        # A second window, in the system's dark theme, on the same tray host (still in demo mode:
        # the demo lives in the host), through a second driver started in that theme.
        host = H.host_pid()
        self.assertTrue(host, "no tray host")
        self.quit_session()
        self.wait(lambda: not self.driver_proc.app_pids(), "the first window closed", timeout=20)
        self.assertTrue(H.alive(host), "the tray host left with its window")
        # The first driver stays until the class ends: the host, orphaned, may have been
        # adopted below it, and stopping it would end the host (and the demo) too.
        os.environ["GTK_THEME"] = "Adwaita:dark"
        type(self).driver_proc = H.Driver(self.root)
        self.addClassCleanup(type(self).driver_proc.stop)
        type(self).driver_proc.start()
        type(self).d = type(self).driver_proc.session()
        self.addClassCleanup(type(self).quit_session)
        self.d.set_script_timeout(60)
        self.wait(lambda: self.text("tray-summary"), "the dark window's first overview")
        self.assertEqual(H.host_pid(), host, "the dark window started another tray host")
        self.assertEqual(H.invoke(self.d, "overview")["mode"], "demo")
        self.assertTrue(self.d.execute_script(
            "return matchMedia('(prefers-color-scheme: dark)').matches"))
        self.tab("trends")
        self.check_view_matches_history(30)
        background = self.d.execute_script(
            "return getComputedStyle(document.querySelector('.trend')).backgroundColor")
        self.assertLess(test_dark.luminance(background), 0.25, background)
        time.sleep(0.3)
        self.screenshot("trends-dark")


if __name__ == "__main__":
    unittest.main(verbosity=2)
