"""End-to-end: a new user's first run on the real path, not demo mode. A fresh profile, the
real window and tray host, the WHOOP and Notion simulators in their own process (the app is
pointed at them as it would be at the real services), and a stand-in system browser
(`xdg-open` first on PATH, fake_browser.py) that follows WHOOP's sign-in like a user who clicks
Allow.

Client id and secret → Connect → the browser → "Connected as …" → the Notion token → the
database from the list → the proposed mapping → Sync now, then every page in Notion is checked
value by value against WHOOP's records. The header, the tray and the notifications are checked
at every step: a setup that succeeds never shows an alarm.

Three ways in: the loopback redirect (the window's default); the app's own link
(whoop-notion-sync://…, which the browser hands to the OS: the real xdg-open starts the app with
it, registered by the app itself as a build run from a checkout does); and the https paste-back redirect
for WHOOP dashboards that refuse http (the browser ends on an address nothing serves; the user
copies it into the window). Runs after test_app.py and test_dark.py, each on its own profile.
"""

import json
import os
import re
import tarfile
import urllib.parse
import unittest
from pathlib import Path

from selenium.webdriver.common.by import By

import fake_browser as B
import harness as H
import simulators as S
import test_app
import x11

PROBLEM_TITLE = "WHOOP → Notion Sync needs you"


def _strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


class RealFirstRun(test_app.WindowSteps):
    """The steps; a subclass per way in (no tests here)."""
    profile = None
    way = "loopback"  # how WHOOP's answer comes back: "loopback", "app-link" or "paste"
    panel = True  # whether the desktop has a panel that shows tray icons

    @classmethod
    def setUpClass(cls):
        cls.addClassCleanup(H.saved_environ())
        cls.root = H.isolate(cls.profile)
        H.log(f"{cls.profile}: profile and logs in {cls.root}")
        cls.sims = S.Simulators(cls.root)
        cls.addClassCleanup(cls.sims.stop)
        cls.sims.start()
        os.environ.update(cls.sims.app_environment())
        cls.browser_log = cls.root / "browser.log"
        B.install(cls.root / "bin", cls.browser_log)
        os.environ["PATH"] = f"{cls.root / 'bin'}{os.pathsep}{os.environ['PATH']}"
        cls.addClassCleanup(H.stop_host)
        if cls.panel:
            cls.addClassCleanup(H.TrayWatcher().start().stop)
        cls.start_window_session()

    # --- what the user sees -------------------------------------------------------------------

    def record_tray_states(self):
        """Every overview the window is sent, from now on: [state, tooltip]."""
        H.wait_until(lambda: self.d.execute_script("return !!window.__TAURI_INTERNALS__"), 20,
                     "the window's Tauri bridge")
        self.d.execute_script("""
            window.__e2eStates = [];
            const T = window.__TAURI_INTERNALS__;
            const cb = T.transformCallback((e) => window.__e2eStates.push(
                [e.payload.tray.state, e.payload.tray.tooltip]));
            return T.invoke('plugin:event|listen',
                            {event: 'overview', target: {kind: 'Any'}, handler: cb});
        """)

    def tray_status_line(self):
        """The first item of the tray host's menu: the status line a panel shows."""
        items = H.tray_items(H.host_pid())
        self.assertEqual(len(items), 1, items)
        menu = H.tray_menu(*items[0])
        return menu[0][1] if menu else ""

    def no_alarm(self, step):
        """Nothing anywhere says something is wrong: the overviews sent so far, the header, the
        error banner, the tray's status line and the notifications."""
        states = self.d.execute_script("return window.__e2eStates") or []
        alarms = [s for s in states if s[0] == "attention"]
        self.assertEqual(alarms, [], f"{step}: the window was told")
        header = self.d.find_element(By.CSS_SELECTOR, "header.header")
        self.assertNotEqual(header.get_attribute("data-state"), "attention", step)
        self.assertFalse(self.shown("error-banner"),
                         f"{step}: the banner says {self.text('error-banner')!r}")
        overview = H.invoke(self.d, "overview")
        self.assertNotEqual(overview["tray"]["state"], "attention", step)
        self.assertIsNone(overview["tray"]["attention"], step)
        self.wait(lambda: self.tray_status_line() == overview["tray"]["tooltip"],
                  f"{step}: the tray's status line {overview['tray']['tooltip']!r}", timeout=10)
        problems = [c for c in self.monitor.calls() if c["summary"] == PROBLEM_TITLE]
        self.assertEqual(problems, [], f"{step}: a problem notification")

    def browser(self, kind):
        return [e[kind] for e in B.read_log(self.browser_log) if kind in e]

    def shot(self, name):
        self.screenshot(f"{self.profile}-{name}")

    # --- the first run ------------------------------------------------------------------------

    def first_run(self):
        info = self.sims.info
        self.wait(lambda: self.text("tray-summary"), "the window's first overview")
        self.record_tray_states()
        self.assertEqual(H.invoke(self.d, "overview")["mode"], "real")
        self.no_alarm("a fresh start")

        # WHOOP: the user's own developer app.
        self.tab("connect")
        self.el(f"whoop-way-{self.way}").click()
        shown_uri = self.el("whoop-redirect-uri").get_attribute("value")
        self.assertEqual(shown_uri, S.REDIRECT_URIS[("loopback", "app-link", "paste")
                                                    .index(self.way)])
        self.el("whoop-client-id").send_keys(info["client_id"])
        self.el("whoop-client-secret").send_keys(info["client_secret"])
        self.el("whoop-connect").click()
        opened = self.wait(lambda: [u for u in self.browser("opened")
                                    if u.startswith(info["whoop_oauth_url"] + "/auth")],
                           "the system browser opened on WHOOP's sign-in page")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(opened[0]).query)
        # The address to register is the one sent.
        self.assertEqual(query["redirect_uri"], [shown_uri])
        self.assertEqual(query["client_id"], [info["client_id"]])
        self.assertIn("offline", query["scope"][0].split())
        if self.way == "app-link":
            # The browser hands the app's link to the OS, which starts the app with it; the
            # open window takes it over (single instance) and the tray host finishes.
            handed = self.wait(lambda: [u for u in self.browser("handed")
                                        if u.startswith(shown_uri + "?")],
                               "the browser handing the app's link to the OS")
            self.assertIn("code=", handed[0])
        if self.way == "paste":
            addresses = self.wait(lambda: [a for a in self.browser("address")
                                           if a.startswith(shown_uri + "?")],
                                  "the browser on the redirect's error page")
            self.wait(lambda: self.shown("whoop-paste-url"), "the paste-back field")
            self.el("whoop-paste-url").send_keys(addresses[0])
            self.el("whoop-finish").click()
        self.wait(lambda: self.el("whoop-status").get_attribute("data-state") == "connected",
                  "WHOOP connected", timeout=30)
        self.assertEqual(self.text("whoop-status"), "Connected as John Smith")
        self.wait(lambda: self.text("whoop-result") == "Connected to WHOOP as John Smith.",
                  "the sign-in's result")
        self.assertEqual(self.browser("error"), [])
        # Whatever way it came back, one window: a launch with the link handed over and left.
        self.wait(lambda: len(H.window_pids()) == 1, "one window process", timeout=10)
        self.no_alarm("WHOOP connected")

        # Notion: the connection token, then the database from the list.
        self.el("notion-token").send_keys(info["notion_token"])
        self.el("notion-connect").click()
        choice = f"#notion-databases button[data-id='{info['data_source_id']}']"
        self.wait(lambda: self.d.find_elements(By.CSS_SELECTOR, choice), "the database list")
        self.assertIn("Daily Tracking", self.d.find_element(By.CSS_SELECTOR, choice).text)
        self.no_alarm("Notion connected")
        self.d.find_element(By.CSS_SELECTOR, choice).click()
        self.wait(lambda: "Syncing into Daily Tracking" in self.text("notion-database"),
                  "the database chosen")
        self.no_alarm("the database chosen")
        self.shot("connect")

        # The proposed mapping, from the column names.
        self.tab("mapping")
        self.wait(lambda: self.mapping_selects() and "Preview" in self.text("mapping-preview")
                  and self.idle(), "the proposed mapping and its preview")
        selects = self.mapping_selects()
        proposed = {key: selects[key].get_attribute("value") for key in
                    ("recovery_score", "sleep_time", "sleep_efficiency", "hrv",
                     "resting_heart_rate")}
        self.assertEqual(proposed, {"recovery_score": "Recovery", "sleep_time": "Time Asleep (h)",
                                    "sleep_efficiency": "Sleep Efficiency", "hrv": "HRV",
                                    "resting_heart_rate": "Resting HR"})
        self.assertFalse(self.shown("mapping-problems"), self.text("mapping-problems"))
        self.no_alarm("the mapping")
        if self.way == "loopback":  # the same screen whatever the way in
            self.shot("mapping")

        # Sync now.
        self.el("sync-now").click()
        result = self.wait(lambda: self.text("sync-result").startswith("Synced:")
                           and self.text("sync-result"), "the sync's result", timeout=60)
        counts = test_app.counts(result)
        created = counts["created"]
        # The last 7 days: each one written, or skipped with a reason (unscorable, no sleep).
        self.assertEqual(created + counts.get("skipped", 0), 7, result)
        self.assertGreaterEqual(created, 4, result)
        self.no_alarm("the first sync")
        state = H.invoke(self.d, "overview")["tray"]["state"]
        self.assertIn(state, ("synced", "waiting"))
        self.check_pages_against_whoop(created)
        # The morning notification at most once, and nothing else.
        calls = self.monitor.calls()
        self.assertLessEqual(len(calls), 1, calls)
        for call in calls:
            self.assertRegex(call["body"], r"^Recovery \d+%")
        self.tab("history")
        self.wait(lambda: self.history_rows(), "the run in History")
        if self.way == "loopback":
            self.shot("history")
            self.check_setup()
            self.copy_diagnostics()

    def check_setup(self):
        """Settings → Check setup, live against the services: all good after this setup but
        launch at login, which is off (a note, not a problem)."""
        self.tab("settings")
        self.el("setup-check").click()
        self.wait(lambda: self.text("setup-check-status") not in ("", "Checking…"),
                  "the setup check", timeout=60)
        lines = {li.get_attribute("data-check"): li.get_attribute("data-status")
                 for li in self.d.find_elements(By.CSS_SELECTOR, "#setup-checks li")}
        self.assertEqual({k: v for k, v in lines.items() if v != "pass"},
                         {"login_item": "warn"}, lines)
        self.assertGreaterEqual(len(lines), 8, lines)
        text = self.text("setup-checks")
        self.assertNotRegex(text, r"whoop-notion |`|HTTP|\{", "CLI or raw words in the window")
        self.no_alarm("the setup check")
        self.d.execute_script("document.getElementById('setup-check').scrollIntoView({block: 'start'})")
        self.shot("check-setup")

    def copy_diagnostics(self):
        """Settings → Copy diagnostics: one archive in the downloads folder (home, with no XDG
        downloads folder set), holding both programs' logs in one line format, the setup check
        and the runs, and none of the secrets the app holds."""
        # Below the setup check's lines, which the screenshot above scrolled to the top: out of
        # the window, where WebKit's driver won't click it.
        button = self.el("copy-diagnostics")
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        self.wait(lambda: self.text("diagnostics-status").startswith("Saved "),
                  "the diagnostics saved", timeout=60)
        home = Path(os.environ["HOME"])
        archives = sorted(home.glob("whoop-notion-diagnostics-*.tar.gz"))
        self.assertEqual(len(archives), 1, archives)
        self.assertEqual(self.text("diagnostics-status"), f"Saved {archives[0].name} in {home}.")
        with tarfile.open(archives[0]) as tar:
            files = {m.name.split("/", 1)[1]: tar.extractfile(m).read().decode()
                     for m in tar.getmembers() if m.isfile()}
        for name in ("version.txt", "setup-check.txt", "config.json", "recent-runs.json",
                     "logs/whoop-notion-tray.log", "logs/whoop-notion-sync.log"):
            self.assertIn(name, files, sorted(files))
        self.assertIn("sync finished", files["logs/whoop-notion-tray.log"])
        # One format for both programs: tracing-subscriber's, which the window's log copies.
        line = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z (TRACE|DEBUG| INFO| WARN|ERROR) \S")
        for name in ("logs/whoop-notion-tray.log", "logs/whoop-notion-sync.log"):
            stamped = [ln for ln in files[name].splitlines() if re.match(r"^\d{4}-\d\d-\d\dT", ln)]
            self.assertTrue(stamped, f"{name} is empty")
            for ln in stamped:
                self.assertRegex(ln, line, name)
        self.assertIn("Pass WHOOP sign-in:", files["setup-check.txt"])
        stored = json.loads((Path(os.environ["WHOOP_NOTION_CONFIG_DIR"]) / "secrets.json").read_text())
        secrets = [v for v in _strings(stored) if len(v) >= 8]
        secrets += [self.sims.info["client_secret"], self.sims.info["notion_token"]]
        everything = "\n".join(files.values())
        for secret in secrets:
            self.assertNotIn(secret, everything, "a secret in the diagnostics")
        H.log(f"{self.profile}: diagnostics hold {len(files)} files and none of "
              f"{len(secrets)} secrets")

    def check_pages_against_whoop(self, created):
        """Every page in Notion holds the exact numbers of its day's night at WHOOP."""
        pages = self.sims.notion_pages()
        self.assertEqual(len(pages), created)
        nights = self.sims.whoop_nights()
        days = [p["properties"]["Date"]["date"]["start"] for p in pages]
        self.assertEqual(len(days), len(set(days)), f"a day twice: {sorted(days)}")
        columns = {"recovery": "Recovery", "efficiency": "Sleep Efficiency",
                   "asleep_hours": "Time Asleep (h)", "hrv": "HRV", "resting_hr": "Resting HR"}
        for page in pages:
            day = page["properties"]["Date"]["date"]["start"]
            self.assertIn(day, nights, f"a page for {day}, which has no scored night")
            for key, column in columns.items():
                self.assertEqual(page["properties"][column]["number"], nights[day][key],
                                 f"{day} {column}")
        # Every scored night of the synced range is in Notion.
        first, last = H.invoke(self.d, "history", {"limit": 1})[0]["range"]
        self.assertEqual({d for d in nights if first <= d <= last}, set(days))
        H.log(f"{self.profile}: {len(pages)} pages match WHOOP, value by value")


class LoopbackFirstRun(RealFirstRun):
    profile = "real-loopback"

    def test_first_run_with_the_loopback_redirect(self):
        self.first_run()


class AppLinkFirstRun(RealFirstRun):
    profile = "real-app-link"
    way = "app-link"

    def test_first_run_with_the_app_link(self):
        self.first_run()

    def test_the_link_finishes_a_sign_in_with_no_window_open(self):
        """The sign-in started in the window, the window was closed, then the browser hands
        the link over: the OS starts a window with it, which passes it to the tray host."""
        host = H.host_pid()
        secrets = Path(os.environ["WHOOP_NOTION_CONFIG_DIR"]) / "secrets.json"
        hold = Path(f"{self.browser_log}.hold")
        hold.touch()
        self.tab("connect")
        self.el("whoop-way-app-link").click()
        self.el("whoop-client-secret").send_keys(self.sims.info["client_secret"])
        self.el("whoop-connect").click()  # "Reconnect"
        held = self.wait(lambda: self.browser("held"), "the browser holding the app's link")
        tokens_before = secrets.read_text()
        window = H.window_pids()[0]
        self.assertTrue(x11.close_window(window, H.WINDOW_TITLE))
        self.wait(lambda: not H.alive(window), "the window closed", timeout=10)

        hold.unlink()
        opener = B.open_with_the_os(held[0])
        shown = self.wait(lambda: [w for w in x11.windows() if w["title"] == H.WINDOW_TITLE],
                          "a window started with the link", timeout=20)
        self.assertEqual(len(shown), 1, shown)
        # The host finished the sign-in: the new grant's tokens replace the old ones.
        self.wait(lambda: secrets.read_text() != tokens_before, "the new tokens stored",
                  timeout=20)
        self.assertEqual(H.host_pid(), host, "a second tray host started")
        self.assertEqual(len(H.window_pids()), 1, H.window_pids())
        self.assertNotIn("WHOOP", self.tray_status_line())
        problems = [c for c in self.monitor.calls() if c["summary"] == PROBLEM_TITLE]
        self.assertEqual(problems, [])
        H.end_processes(H.window_pids())
        opener.wait(10)


class PasteBackFirstRun(RealFirstRun):
    profile = "real-paste-back"
    way = "paste"

    def test_first_run_with_the_paste_back_redirect(self):
        self.first_run()


class NoPanel(RealFirstRun):
    """Stock GNOME: no StatusNotifierWatcher on the session bus, so the tray icon shows
    nowhere. The window says so once, with how to get it, and offers the tray's actions."""
    profile = "real-no-panel"
    panel = False

    def tray_hidden(self):
        return H.invoke(self.d, "overview")["trayHidden"]

    def test_no_tray_icon_is_explained_and_followed(self):
        self.wait(lambda: self.text("tray-summary"), "the window's first overview")
        self.wait(lambda: self.tray_hidden() and self.shown("no-tray-notice"),
                  "the notice that the desktop shows no tray icons")
        notice = self.text("no-tray-notice")
        self.assertIn("gnome-shell-extension-appindicator", notice)
        self.assertNotRegex(notice, r"whoop-notion |sudo |apt ")
        self.tab("settings")
        self.wait(lambda: self.shown("quit-app"), "Settings")
        self.shot("no-tray")
        # The tray item is still on the bus, for a panel that comes later.
        self.assertEqual(len(H.tray_items(H.host_pid())), 1)

        # The extension is switched on: a panel appears, the notice goes.
        watcher = H.TrayWatcher().start()
        self.addCleanup(watcher.stop)
        self.wait(lambda: not self.tray_hidden() and not self.shown("no-tray-notice"),
                  "the notice gone once a panel shows the icon")
        # …and off again.
        watcher.stop()
        self.wait(lambda: self.tray_hidden() and self.shown("no-tray-notice"),
                  "the notice back when the panel went")
        # Said once: dismissed, it stays dismissed.
        self.el("no-tray-dismiss").click()
        self.assertFalse(self.shown("no-tray-notice"))
        self.d.refresh()
        self.wait(lambda: self.text("tray-summary"), "the window again")
        self.assertTrue(self.tray_hidden())
        self.assertFalse(self.shown("no-tray-notice"))

        # Everything the tray offers is in the window: Sync now and Pause in the header, the
        # recent days beside, and Quit in Settings.
        self.assertTrue(self.shown("sync-now"))
        self.assertTrue(self.d.find_elements(By.CSS_SELECTOR, "#recent-days"))
        host = H.host_pid()
        self.tab("settings")
        self.assertTrue(self.shown("quit-app"))
        # Clicked from the page a moment later: the window goes with the app, and a WebDriver
        # click would wait for an answer from a window that is gone.
        self.d.execute_script(
            "setTimeout(() => document.getElementById('quit-app').click(), 200)")
        self.wait(lambda: not H.alive(host), "the tray host quit from the window", timeout=10)


if __name__ == "__main__":
    unittest.main(verbosity=2)
