"""End-to-end: workouts turned on from the window, on the real path (`scripts/e2e -k Workouts`).
After a first run through the window (test_real.py's: WHOOP and Notion connected, the daily
pages written), the user opens Settings → Workouts, adds workouts by creating a Workouts
database in a page of theirs (the daily database is at the workspace's top level, so nothing is
beside it), sees its mapping, and syncs: the Notion simulator then holds one page per WHOOP
workout, found by WHOOP's id, each linked to its day's page. Screenshot `workouts`.
"""

import re
from collections import Counter

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import harness as H
import test_real


def plain(page, column):
    return "".join(t.get("plain_text", "") for t in page["properties"][column]["rich_text"])


class WorkoutsFromTheWindow(test_real.RealFirstRun):
    profile = "real-workouts"

    def shot(self, name):
        """The first run's screens are test_real.py's screenshots already."""

    def press(self, element_id):
        """Clicks a button of the card, scrolled to the middle first (the Settings tab is taller
        than the window, and a click below its edge lands on something else)."""
        button = self.el(element_id)
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()

    def selected(self, element_id):
        return Select(self.el(element_id)).first_selected_option.text

    def test_workouts_get_one_page_each_linked_to_their_day(self):
        self.first_run()
        # A page of the user's, shared with the connection: somewhere to create the database.
        self.sims.simulate("add-page Health")

        self.tab("settings")
        self.wait(lambda: self.shown("workouts-off"), "workouts off, with Add workouts")
        self.assertIn("Add workouts", self.text("workouts-off"))
        self.press("workouts-add")
        where = self.wait(lambda: [o for o in Select(self.el("workouts-create-parent")).options
                                   if o.text == "In “Health”"], "the pages to create it in")
        self.assertEqual(Select(self.el("workouts-create-parent")).options[0].text,
                         "Beside “Daily Tracking” (in the same page)")
        Select(self.el("workouts-create-parent")).select_by_value(where[0].get_attribute("value"))
        self.press("workouts-create-submit")
        self.wait(lambda: self.shown("workouts-on") and self.idle(), "the Workouts mapping")
        self.assertEqual(self.text("workouts-database"), "Into Workouts")
        self.assertFalse(self.shown("workouts-problems"), self.text("workouts-problems"))
        self.assertFalse(self.shown("workouts-day-link"), "the link to the days is there")
        self.assertEqual(self.selected("workout-strain"), "Strain")
        self.assertEqual(self.selected("workout-energy_kcal"), "Calories")
        self.assertEqual(self.selected("workout-day"), "Day")
        self.assertFalse(self.shown("error-banner"), self.text("error-banner")
                         if self.shown("error-banner") else "")
        # The preview: the newest scored workout through the mapping, as its page would show it.
        preview = self.wait(lambda: "Your newest workout" in self.text("workouts-preview")
                            and self.text("workouts-preview"), "the preview", timeout=30)
        self.assertRegex(preview, r"“.+ · \d\d:\d\d”")
        strain = self.d.find_element(By.CSS_SELECTOR, "td[data-preview='strain']").text
        self.assertRegex(strain, r"^\d+(\.\d)?$")
        self.d.execute_script("document.getElementById('workouts-section').scrollIntoView()")
        self.screenshot("workouts")

        # Sync now: the result counts the workouts written.
        self.el("sync-now").click()
        result = self.wait(lambda: "workouts written" in self.text("sync-result")
                           and self.text("sync-result"), "the sync's result", timeout=60)
        written = int(re.search(r"(\d+) workouts? written", result).group(1))
        self.assertGreater(written, 0, result)
        self.no_alarm("workouts synced")

        # In Notion: one page per workout, by WHOOP's id, each linked to its day's page.
        chosen = H.invoke(self.d, "workouts_show")
        pages = self.sims.notion_pages(chosen["dataSourceId"])
        self.assertEqual(len(pages), written)
        ids = Counter(plain(p, "WHOOP ID") for p in pages)
        self.assertEqual([i for i, n in ids.items() if n != 1 or not i], [], "one page each")
        at_whoop = {w["id"] for w in self.sims.whoop_collection(
            self.sims.whoop_token("read:workout offline"), "/v2/activity/workout")}
        self.assertLessEqual(set(ids), at_whoop, "a page for a workout WHOOP doesn't have")
        days = {p["id"]: p["properties"]["Date"]["date"]["start"]
                for p in self.sims.notion_pages()}
        linked = 0
        for page in pages:
            start = page["properties"]["Start"]["date"]["start"][:10]
            links = [r["id"] for r in page["properties"]["Day"]["relation"]]
            if links:
                self.assertEqual([days.get(links[0])], [start], plain(page, "WHOOP ID"))
                self.assertEqual(len(links), 1)
                linked += 1
            else:
                # Only a day without a page (no scored night) leaves a workout unlinked.
                self.assertNotIn(start, days.values(), plain(page, "WHOOP ID"))
        self.assertGreater(linked, 0)
        H.log(f"{self.profile}: {written} workout pages, {linked} linked to their day")

        # Again: nothing new to write, the pages stay one each.
        self.el("sync-now").click()
        self.wait(lambda: self.text("sync-result").startswith("Synced:") and self.idle(),
                  "the second sync", timeout=60)
        self.assertNotIn("workouts written", self.text("sync-result"))
