"""Runs one share of the end-to-end tests: `python shard.py K N` runs share K of N.

scripts/e2e runs the shares side by side, each on its own X server, session bus and temp
profile, so the suite takes about as long as its longest share instead of the sum. A test
module goes to one share whole (its classes build on each other's set-up), largest first onto
the share with the least so far, by the seconds each module took when measured; a module not
in the table counts as DEFAULT_SECONDS. Every discovered test runs in exactly one share: a
module that fails to import lands in share 1, where its error is reported.
"""

import sys
import unittest

# Seconds per module, alone on a 2-core machine (2026-12-01). Only the balance depends on them.
MEASURED_SECONDS = {
    "test_real": 75,
    "test_notify": 62,
    "test_app": 42,
    "test_trends": 24,
    "test_dark": 6,
}
DEFAULT_SECONDS = 30


def tests_of(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from tests_of(item)
        else:
            yield item


def shares(modules, count):
    """[[module name]] * count: largest first onto the lightest share."""
    totals = [0] * count
    chosen = [[] for _ in range(count)]
    weight = lambda name: MEASURED_SECONDS.get(name, DEFAULT_SECONDS)  # noqa: E731
    for name in sorted(modules, key=lambda name: (-weight(name), name)):
        lightest = min(range(count), key=lambda i: (totals[i], i))
        chosen[lightest].append(name)
        totals[lightest] += weight(name)
    return chosen


def main():
    share, count = int(sys.argv[1]), int(sys.argv[2])
    if not 1 <= share <= count:
        sys.exit(f"usage: shard.py K N, with 1 <= K <= N (got {share} of {count})")
    modules = {}
    for test in tests_of(unittest.defaultTestLoader.discover(".", pattern="test_*.py")):
        module = type(test).__module__
        # A module that failed to import is a test of unittest's own loader: share 1 reports it.
        modules.setdefault(module if module.startswith("test_") else "", []).append(test)
    plan = shares([name for name in modules if name], count)
    mine = plan[share - 1] + ([""] if share == 1 and "" in modules else [])
    print(f"[share {share} of {count}] {', '.join(name or 'import errors' for name in mine)}",
          file=sys.stderr, flush=True)
    suite = unittest.TestSuite(test for name in mine for test in modules[name])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)


if __name__ == "__main__":
    main()
