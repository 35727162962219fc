"""End-to-end: History → Export… through the real GTK save dialog. Demo mode on a fresh profile
(its own window and tray host): after the demo's first sync, the Export… button opens the
system's save dialog over the window (a GTK window of the window's process, found through
Xlib); Escape cancels it and nothing is written; a path typed into its name field and Return
saves the CSV there, whose rows are the days the history holds, with their recovery as the
History tab shows it; exporting workouts to the same file asks in the dialog before replacing
it, and the file then holds the workouts.

Run alone with `scripts/e2e -k Export`.
"""

import csv
import subprocess
import time

from selenium.webdriver.support.ui import Select

import harness as H
import test_app
import x11

DIALOG_TITLE = "Export history"


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True, timeout=20)


class Export(test_app.WindowSteps):
    @classmethod
    def setUpClass(cls):
        cls.addClassCleanup(H.saved_environ())
        cls.root = H.isolate("export")
        H.log(f"export: profile and logs in {cls.root}")
        cls.addClassCleanup(H.stop_host)
        cls.addClassCleanup(H.TrayWatcher().start().stop)
        cls.start_window_session()

    # --- the save dialog, a window of the window's process --------------------------------------

    def window_pid(self):
        pids = self.driver_proc.app_pids()
        self.assertEqual(len(pids), 1, f"one window process: {pids}")
        return pids[0]

    def dialog_windows(self, title=None):
        """The window process's top-level windows on screen (mapped: GTK may keep a closed
        dialog's X window unmapped), other than the app's own."""
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.window_pid())],
                               capture_output=True, text=True, timeout=20).stdout.split()
        visible = {int(w) for w in found}
        return [w for w in x11.windows(self.window_pid())
                if w["id"] in visible and w["title"] != "WHOOP → Notion Sync"
                and (title is None or w["title"] == title)]

    def open_dialog(self):
        self.el("history-export").click()
        found = self.wait(lambda: self.dialog_windows(DIALOG_TITLE), "the save dialog", timeout=20)
        H.log(f"on screen: {self.dialog_windows()}")
        self.assertFalse(self.el("history-export").is_enabled(), "one export at a time")
        # Xvfb runs no window manager: give the dialog the keyboard as one would.
        xdotool("windowfocus", "--sync", str(found[0]["id"]))
        time.sleep(0.5)  # GTK settles its focus on the name field
        return found[0]

    def save_as(self, path):
        """Types `path` over the proposed name (the name field takes a whole path) and saves."""
        xdotool("key", "--clearmodifiers", "ctrl+a")
        xdotool("type", "--delay", "30", str(path))
        time.sleep(0.3)
        xdotool("key", "Return")

    def export_line(self):
        return self.text("export-status")

    # --- what the history says ------------------------------------------------------------------

    def history_recovery(self):
        """{day: recovery as shown}: each day's latest recorded values, from the History tab's
        own commands (runs newest first, dry runs skipped)."""
        days = {}
        for run in H.invoke(self.d, "history", {"limit": 500}):
            if run["dryRun"]:
                continue
            for record in H.invoke(self.d, "history_days", {"runId": run["id"]}):
                if record["values"] and record["day"] not in days:
                    days[record["day"]] = record["values"].get("recovery_score", {}).get("display")
        return days

    # --- the steps ------------------------------------------------------------------------------

    def test_1_export_through_the_save_dialog(self):
        self.wait(lambda: self.text("tray-summary"), "the window's first overview")
        self.wait(lambda: self.shown("demo-start"), "the demo offer")
        self.el("demo-start").click()

        def settled():
            o = H.invoke(self.d, "overview")
            return o["mode"] == "demo" and o["lastSync"] and o["recentDays"] and self.idle()
        self.wait(settled, "the demo's first sync", timeout=90)
        self.tab("history")
        self.wait(lambda: self.history_rows(), "the first run in History")
        folder = self.root / "exports"
        folder.mkdir()
        target = folder / "my-whoop.csv"

        # Cancelled: the dialog goes, nothing is written, nothing is said.
        dialog = self.open_dialog()
        H.log(f"the save dialog: {dialog}")
        xdotool("key", "Escape")
        try:
            self.wait(lambda: not self.dialog_windows(), "the dialog closed")
        except TimeoutError as e:
            raise AssertionError(f"{e}; on screen: {self.dialog_windows()}") from None
        self.wait(lambda: self.el("history-export").is_enabled(), "Export… again")
        self.assertEqual(self.export_line(), "")
        self.assertEqual(list(folder.iterdir()), [])

        # Saved where the user typed: the history's days, one row each.
        self.open_dialog()
        self.save_as(target)
        self.wait(lambda: self.export_line().startswith("Saved "), "the saved line", timeout=30)
        with target.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        truth = self.history_recovery()
        self.assertTrue(truth, "the history has days")
        self.assertEqual(self.export_line(), f"Saved {len(rows)} days to my-whoop.csv.")
        self.assertEqual(sorted(r["date"] for r in rows), sorted(truth))
        for row in rows:
            shown = truth[row["date"]]
            if shown is None:
                self.assertEqual(row["recovery_score"], "", row)
            else:
                self.assertEqual(f"{float(row['recovery_score']):.0f}%", shown, row)
        self.assertEqual(sorted(p.name for p in folder.iterdir()), ["my-whoop.csv"],
                         "no temp file left beside it")
        H.log(f"exported {len(rows)} days through the save dialog")

        # Workouts into the same file: the dialog asks before replacing it.
        Select(self.el("export-rows")).select_by_value("workouts")
        chooser = self.open_dialog()
        self.save_as(target)
        confirm = self.wait(lambda: [w for w in self.dialog_windows() if w["id"] != chooser["id"]],
                            "the dialog's question before replacing the file", timeout=20)
        H.log(f"the replace question: {confirm}")
        self.assertTrue(target.read_text(encoding="utf-8").startswith("date,"),
                        "nothing replaced before the answer")
        self.assertNotIn("sport", target.read_text(encoding="utf-8").splitlines()[0])
        xdotool("windowfocus", "--sync", str(confirm[0]["id"]))
        time.sleep(0.3)
        xdotool("key", "--clearmodifiers", "alt+r")  # _Replace
        self.wait(lambda: "workout" in self.export_line(), "the saved line", timeout=30)
        with target.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            workouts = list(reader)
        self.assertIn("sport", reader.fieldnames)
        self.assertTrue(workouts, "the demo has workouts")
        noun = "workout" if len(workouts) == 1 else "workouts"
        self.assertEqual(self.export_line(), f"Saved {len(workouts)} {noun} to my-whoop.csv.")
        self.assertEqual(sorted(p.name for p in folder.iterdir()), ["my-whoop.csv"])
        self.assertFalse(self.dialog_windows(), "every dialog closed")
