"""End-to-end: the notifications you can act on, and the tray at a glance, on the real path
(test_real.py's first run: the simulators in their own process, the stand-in browser).

The session bus is the class's own (a dbus-daemon of its own: dunst may own the shared one's
org.freedesktop.Notifications after test_app.py), where a stand-in notification server
(notification_server.py) records what the app asks it to show and plays the user's clicks:
it sends ActionInvoked, as a desktop's server does, only to the connection that asked.

In order: the morning notification's "Open in Notion" and the tray's "Open today's page" open
today's page, and the tray shows today's numbers; a problem's "Open" brings the open window
forward at the banner that fixes it, and its end there is no news; with no window open the
same problem's end is told once, in place of the problem; clicking the morning notification
with no window open opens one; a killed host comes back with the next launch and catches up,
and one killed again at once waits before it syncs.
"""

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import harness as H
import test_real
import x11

MORNING = "Last night is in Notion"
PROBLEM = test_real.PROBLEM_TITLE
BACK_TO_NORMAL = "Syncing again"
WINDOW_FORWARD = "bringing the open window forward"


class NotificationsAndTray(test_real.RealFirstRun):
    profile = "real-notify"

    @classmethod
    def setUpClass(cls):
        cls.addClassCleanup(H.saved_environ())
        base = Path(os.environ.get("E2E_TMP") or tempfile.mkdtemp(prefix="whoop-notion-e2e."))
        cls.addClassCleanup(H.PrivateBus(base / f"{cls.profile}-bus.log").start().stop)
        cls.server = H.NotificationServer(base / f"{cls.profile}-notifications.jsonl").start()
        cls.addClassCleanup(cls.server.stop)
        super().setUpClass()

    # --- helpers ------------------------------------------------------------------------------

    def shot(self, name):
        """No screenshots: the first run's screens are test_real.py's to show in docs/."""

    def notices(self, title):
        return [c for c in self.server.calls() if c["summary"] == title]

    def tray(self):
        items = H.tray_items(H.host_pid())
        self.assertEqual(len(items), 1, items)
        return items[0]

    def pick(self, label):
        """Picks `label` in the tray menu, as a panel does; waits until it can be picked."""
        bus, path = self.tray()
        item = self.wait(lambda: next((i for i, text, enabled in H.tray_menu(bus, path)
                                       if text == label and enabled), None),
                         f"{label!r} in the tray menu")
        H.tray_click(bus, path, item)

    def host_log(self):
        path = Path(os.environ["XDG_DATA_HOME"]) / "app.whoopnotionsync.desktop" / "logs" \
            / "whoop-notion-tray.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def sync_from_the_tray(self):
        """"Sync now" in the tray; returns once that sync has finished."""
        finished = self.host_log().count("sync finished")
        self.pick("Sync now")
        self.wait(lambda: self.host_log().count("sync finished") > finished,
                  "the sync picked in the tray to finish", timeout=60)
        time.sleep(0.5)  # its notification, if any, is sent right after

    def opened(self, url):
        return self.browser("opened").count(url)

    # --- the steps ----------------------------------------------------------------------------

    def test_1_the_morning_opens_todays_page_and_the_tray_shows_its_numbers(self):
        self.first_run()
        mornings = self.wait(lambda: self.notices(MORNING), "the morning notification")
        self.assertEqual(len(mornings), 1, mornings)
        morning = mornings[0]
        self.assertEqual(morning["actions"], [["default", "Open"],
                                              ["open-notion", "Open in Notion"]])
        self.assertEqual(morning["replaces_id"], 0)
        overview = H.invoke(self.d, "overview")
        today = overview["recentDays"][0]
        self.assertEqual(today["day"], time.strftime("%Y-%m-%d"))
        page = today["pageUrl"]
        self.assertTrue(page, today)

        # The tray at a glance: today's numbers, the same the notification starts with.
        line = self.tray_status_line()
        self.assertRegex(line, r"^Recovery \d+% · Asleep \d+h \d\dm · synced \d\d:\d\d$")
        self.assertEqual(line, overview["tray"]["tooltip"])
        self.assertTrue(morning["body"].startswith(line.split(" · ")[0] + " "),
                        (morning["body"], line))

        # "Open in Notion" on the notification: today's page in the browser.
        self.server.invoke(morning["id"], "open-notion", close=False)
        self.wait(lambda: self.opened(page) == 1, f"{page} opened from the notification")
        # "Open today's page" in the tray: the same page.
        self.pick("Open today's page")
        self.wait(lambda: self.opened(page) == 2, f"{page} opened from the tray")
        self.assertEqual(self.browser("error"), [])
        type(self).morning_id = morning["id"]

    def test_2_a_problems_open_brings_the_window_to_its_banner(self):
        self.assertEqual(len(H.window_pids()), 1, "the window of the first run")
        # The user stops sharing the database with the connection, in Notion.
        self.sims.simulate("unshare-database")
        self.sync_from_the_tray()
        problems = self.wait(lambda: self.notices(PROBLEM), "the problem notification")
        self.assertEqual(len(problems), 1, problems)
        problem = problems[0]
        self.assertEqual(problem["actions"], [["default", "Open"], ["open", "Open"]])
        attention = H.invoke(self.d, "overview")["tray"]["attention"]
        self.assertEqual(attention["code"], "notion_not_found")
        self.assertEqual(problem["body"], attention["message"])
        self.assertEqual(self.tray_status_line(), H.invoke(self.d, "overview")["tray"]["tooltip"])

        # "Open": the host brings the open window forward, where the banner has the fix.
        forward = self.host_log().count(WINDOW_FORWARD)
        self.server.invoke(problem["id"], "open")
        self.wait(lambda: self.host_log().count(WINDOW_FORWARD) == forward + 1,
                  "the host bringing the window forward", timeout=10)
        self.assertEqual(len(H.window_pids()), 1, "a second window")
        self.wait(lambda: self.shown("error-banner"), "the error banner")
        banner = self.el("error-banner")
        self.assertEqual(banner.get_attribute("data-code"), "notion_not_found")
        self.assertEqual(self.text("error-message"), attention["message"])
        self.assertTrue(self.shown("error-action"), "the banner has no button to fix it")

        # Shared again while the window shows the problem: the user sees it go there, so no
        # "back to normal" notification.
        self.sims.simulate("share-database")
        self.sync_from_the_tray()
        self.wait(lambda: self.tray_status_line().startswith("Recovery "),
                  "the tray back to today's numbers")
        self.wait(lambda: not self.shown("error-banner"), "the banner gone")
        self.assertEqual(self.notices(BACK_TO_NORMAL), [])
        self.assertEqual(len(self.notices(PROBLEM)), 1)

    def test_2b_a_wifi_sign_in_page_is_the_network_not_a_problem(self):
        """A hotel's Wi-Fi answers every request with its sign-in page: "Sync now" in the
        window says so in the window's words, with Retry, and like being offline it is no
        problem to notify about; once the user signs in to the Wi-Fi, Retry syncs."""
        self.assertEqual(len(H.window_pids()), 1, "the window of the first run")
        problems = len(self.notices(PROBLEM))
        self.sims.simulate("wifi-sign-in-page")
        self.wait(self.idle, "the window idle")
        self.el("sync-now").click()
        self.wait(lambda: self.shown("error-banner")
                  and self.el("error-banner").get_attribute("data-code") == "network_web_page",
                  "the Wi-Fi's page in the banner", timeout=60)
        self.assertEqual(self.text("error-message"),
                         "The network showed a web page. Sign in to the Wi-Fi first.")
        self.assertEqual(self.text("error-action"), "Retry")
        self.assertIsNone(H.invoke(self.d, "overview")["tray"]["attention"])
        time.sleep(0.5)  # a notification, if any, is sent right after the sync
        self.assertEqual(len(self.notices(PROBLEM)), problems)

        # Signed in to the Wi-Fi: Retry syncs, and the banner goes.
        self.sims.simulate("wifi-signed-in")
        self.el("error-action").click()
        self.wait(lambda: not self.shown("error-banner") and self.idle(), "the banner gone",
                  timeout=60)
        self.assertTrue(self.tray_status_line().startswith("Recovery "))
        self.assertEqual(len(self.notices(PROBLEM)), problems)
        self.assertEqual(self.notices(BACK_TO_NORMAL), [])

    def test_3_with_no_window_a_problems_end_is_told_once(self):
        window = H.window_pids()[0]
        self.assertTrue(x11.close_window(window, H.WINDOW_TITLE))
        self.wait(lambda: not H.alive(window), "the window closed", timeout=10)

        self.sims.simulate("unshare-database")
        self.sync_from_the_tray()
        problems = self.wait(lambda: len(self.notices(PROBLEM)) == 2 and self.notices(PROBLEM),
                             "the same problem again: news again")
        self.sims.simulate("share-database")
        self.sync_from_the_tray()
        ended = self.wait(lambda: self.notices(BACK_TO_NORMAL), "the back-to-normal notification")
        self.assertEqual(len(ended), 1, ended)
        self.assertEqual(ended[0]["actions"], [["default", "Open"]])
        # It takes the problem's place in the list, rather than standing beside it.
        self.assertEqual(ended[0]["replaces_id"], problems[1]["id"])
        self.assertTrue(self.tray_status_line().startswith("Recovery "))
        # Once: the syncs after it say nothing.
        self.sync_from_the_tray()
        self.assertEqual(len(self.notices(BACK_TO_NORMAL)), 1)
        self.assertEqual(len(self.notices(PROBLEM)), 2)
        self.assertEqual(len(self.notices(MORNING)), 1)

    def test_4_clicking_the_morning_notification_opens_the_window(self):
        self.assertEqual(H.window_pids(), [])
        self.server.invoke(self.morning_id, "default")
        shown = self.wait(lambda: [w for w in x11.windows() if w["title"] == H.WINDOW_TITLE],
                          "a window opened by the notification", timeout=20)
        self.assertEqual(len(shown), 1, shown)
        self.assertEqual(H.window_pids(), [shown[0]["pid"]])
        self.assertTrue(re.search(r"starting the window", self.host_log()))
        H.end_processes(H.window_pids())

    def test_5_a_killed_host_comes_back_and_catches_up(self):
        """The host dies without a word (kill -9, as the OOM killer does): the next launch of
        the app starts a new one, which catches up at once. Killed again at once, as in a
        crash loop: the next one waits a minute before it syncs (sync_engine's restarts.rs);
        a sync the user asks for doesn't wait."""
        startups = self.startup_runs()
        first = self.kill_host()
        second = self.launch_again(first)
        self.wait(lambda: self.startup_runs() == startups + 1, "the new host's catch-up",
                  timeout=30)
        record = self.start_record()
        self.assertEqual((record["pid"], record["restarts"], record["wait_secs"]), (second, 1, 0))

        waiting = self.host_log().count("catching up in 1 min")
        self.kill_host()
        third = self.launch_again(second)
        self.wait(lambda: self.host_log().count("catching up in 1 min") == waiting + 1,
                  "the third host waiting before its catch-up", timeout=20)
        record = self.start_record()
        self.assertEqual((record["pid"], record["restarts"], record["wait_secs"]), (third, 2, 60))
        time.sleep(3)
        self.assertEqual(self.startup_runs(), startups + 1, "a host in a crash loop synced")
        # "Sync now" never waits.
        self.sync_from_the_tray()
        self.assertEqual(self.startup_runs(), startups + 1)

    def startup_runs(self):
        """Runs the background started on its own start, from the profile's history file."""
        path = Path(os.environ["WHOOP_NOTION_CONFIG_DIR"]) / "history.sqlite3"
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return db.execute("SELECT count(*) FROM runs WHERE trigger = 'startup' "
                              "AND ended_at IS NOT NULL").fetchone()[0]

    def start_record(self):
        path = Path(os.environ["WHOOP_NOTION_CONFIG_DIR"]) / "locks" / "background-start.json"
        return json.loads(path.read_text())

    def kill_host(self):
        host = H.host_pid()
        self.assertTrue(host, "no tray host running")
        os.kill(host, signal.SIGKILL)
        self.wait(lambda: not H.alive(host), "the host killed", timeout=10)
        return host

    def launch_again(self, dead_host):
        """The app launched from the desktop menu: a window, and a new host. Closes the window
        and returns the host's pid."""
        launched = subprocess.Popen([str(H.APP)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
        host = self.wait(lambda: H.host_pid() not in (None, dead_host) and H.host_pid(),
                         "a new tray host started by the window", timeout=20)
        self.wait(lambda: [w for w in x11.windows() if w["title"] == H.WINDOW_TITLE],
                  "the window", timeout=20)
        H.end_processes(H.window_pids())
        launched.wait(10)
        return host


if __name__ == "__main__":
    unittest.main(verbosity=2)
