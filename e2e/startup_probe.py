"""The window's start-up, measured (not a test: `scripts/e2e` runs test_*.py only). Launches the
window PROBE_N times (default 7) on a fresh profile, each through its own tauri-driver, and
records for each: the page's navigation timing (DOMContentLoaded and load event, ms after
navigation start) and the wall time from asking WebDriver for a session (the launch) to the
first overview on screen. Writes them as JSON to PROBE_OUT (default startup.json in the temp dir).

    PROBE_N=7 PROBE_OUT=/tmp/a.json scripts/e2e -p startup_probe.py

To compare two windows, swap ui/dist between runs (scripts/e2e rebuilds the app around it,
seconds) and interleave them: one machine's load drifts more than the difference being looked
for. docs/BENCHMARKS.md has the figures for the Trends tab.
"""
import json
import os
import time
import unittest

import harness as H


class StartupProbe(unittest.TestCase):
    def test_probe(self):
        root = H.isolate("probe")
        out = []
        for _ in range(int(os.environ.get("PROBE_N", "7"))):
            driver = H.Driver(root)
            driver.start()
            started = time.monotonic()
            d = driver.session()
            H.wait_until(lambda: d.execute_script(
                "return (document.getElementById('tray-summary') || {}).textContent || ''"),
                30, "the first overview")
            shown = time.monotonic()
            timing = d.execute_script("""
                const t = performance.timing;
                return {dcl: t.domContentLoadedEventEnd - t.navigationStart,
                        load: t.loadEventEnd - t.navigationStart};""")
            timing["launch_to_overview_s"] = round(shown - started, 3)
            out.append(timing)
            d.quit()
            driver.stop()
        H.stop_host()
        path = os.environ.get("PROBE_OUT") or str(root / "startup.json")
        with open(path, "w") as f:
            json.dump(out, f)
        H.log(f"start-up of {len(out)} launches → {path}: {out}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
