"""The calendar sweep's runner (scripts/test-calendar builds, then calls this).

Runs every test binary once at the real time, then again under libfaketime at each moment, and
reports each test whose result differs from the real-time run; runs the CLI's demo at each
moment and checks it has a row for that moment's local date. Exits 1 on any difference.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zoneinfo

# The 60-day soak runs on tokio's paused time from its own pinned start (2026-01-12): it reads
# no wall clock, so libfaketime can't move it, and it takes 40 s a run.
SKIPPED_TESTS = ["sixty_days_of_mornings_unattended"]

# Tests whose time is virtual (a ManualClock, a VirtualClock, tokio's paused time): they pin
# their own dates, so the sweep can only show that they don't read the wall clock.
VIRTUAL_TIME = re.compile(r"ManualClock|VirtualClock|start_paused|time::pause")

HOURS = ["00:30", "04:59", "05:01", "11:59", "12:01", "23:59"]
# A week whose Monday is 2026-12-07, each day in another zone (west of UTC, east of it, a
# half-hour offset, the date line).
WEEK = [
    ("2026-12-07", "America/New_York"),
    ("2026-12-08", "Europe/Berlin"),
    ("2026-12-09", "Asia/Tokyo"),
    ("2026-12-10", "UTC"),
    ("2026-12-11", "Asia/Kolkata"),
    ("2026-12-12", "America/Los_Angeles"),
    ("2026-12-13", "Pacific/Auckland"),
]


def moments(quick):
    """(label, zone, local date-time 'YYYY-MM-DD HH:MM:SS')."""
    out = [("the reported failure", "UTC", "2026-12-06 23:37:00")]
    for i, (day, zone) in enumerate(WEEK):
        weekday = datetime.date.fromisoformat(day).strftime("%a")
        hours = [HOURS[i % len(HOURS)]] if quick else HOURS
        for hour in hours:
            out.append((f"{weekday} {hour}", zone, f"{day} {hour}:00"))
    if quick:
        return out
    # DST: the evening before the switch, the morning it happened, the morning after.
    for zone, switches in [
        ("Europe/Berlin", ["2027-03-28", "2027-10-31"]),
        ("America/New_York", ["2027-03-14", "2027-11-07"]),
    ]:
        for switch in switches:
            d = datetime.date.fromisoformat(switch)
            before, after = d - datetime.timedelta(days=1), d + datetime.timedelta(days=1)
            out += [
                (f"DST eve {zone}", zone, f"{before} 23:59:00"),
                (f"DST morning {zone}", zone, f"{d} 05:01:00"),
                (f"DST day after {zone}", zone, f"{after} 05:01:00"),
            ]
    out += [
        ("28 Feb (leap year)", "Europe/Berlin", "2028-02-28 12:01:00"),
        ("29 Feb", "America/New_York", "2028-02-29 05:01:00"),
        ("1 Mar after 29 Feb", "Asia/Tokyo", "2028-03-01 00:30:00"),
        ("31 Dec", "America/New_York", "2027-12-31 23:59:00"),
        ("1 Jan", "Asia/Tokyo", "2028-01-01 00:30:00"),
        ("5 years ahead", "Europe/Berlin", "2031-12-07 12:01:00"),
    ]
    return out


def faketime(moment):
    """The command prefix and env that move a process (and its children) to the moment.

    An offset from the real time, taken just before the start, rather than libfaketime's
    "@start" form: that one restarts the clock in every child process, so the programs a
    test spawns would each go back to the same second. The monotonic clock stays real: Rust's
    timed waits hand the kernel absolute monotonic deadlines, which a faked clock puts years
    away (a wait that never ends).
    """
    _, zone, local = moment
    target = datetime.datetime.fromisoformat(local).replace(tzinfo=zoneinfo.ZoneInfo(zone))
    offset = round(target.timestamp() - time.time())
    env = {"TZ": zone, "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    return ["faketime", "-f", f"{offset:+d}"], env


RESULT = re.compile(r"^test (\S+) \.\.\. (ok|FAILED|ignored)")


def run_binary(binary, moment, timeout):
    """{test: result} of one binary, plus its exit code and the end of its output."""
    name, crate_dir, exe = binary
    env = dict(os.environ)
    cmd = [exe, "--skip", *SKIPPED_TESTS]
    if moment is not None:
        prefix, extra = faketime(moment)
        env.update(extra)
        cmd = [*prefix, *cmd]
    try:
        p = subprocess.run(
            cmd, cwd=crate_dir, env=env, capture_output=True, text=True, timeout=timeout
        )
        out, code = p.stdout + p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        out, code = (e.stdout or b"").decode(errors="replace"), "timeout"
    results = {}
    for line in out.splitlines():
        m = RESULT.match(line)
        if m:
            results[f"{name}::{m.group(1)}"] = m.group(2)
    return results, code, out[-4000:]


def run_demo(demo, moment):
    """None when the demo shows a row for the moment's local date, else what went wrong."""
    day = moment[2][:10]
    with tempfile.TemporaryDirectory() as home:
        prefix, extra = faketime(moment)
        env = dict(os.environ, HOME=home, **extra)
        p = subprocess.run(
            [*prefix, demo, "demo", "--days", "3", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    if p.returncode != 0:
        return f"the demo exited with {p.returncode}: {p.stderr.strip()[-500:]}"
    try:
        rows = json.loads(p.stdout)["rows"]
    except (ValueError, KeyError) as e:
        return f"the demo's output isn't its JSON ({e})"
    days = [row[0][:10] for row in rows]
    return None if day in days else f"no row for {day} (rows: {days})"


def run_moment(binaries, demo, moment, timeout):
    """Every binary (and the demo) at one moment, here: in this process's D-Bus session."""
    found = {}
    crashes = []
    for binary in binaries:
        results, code, tail = run_binary(binary, moment, timeout)
        found.update(results)
        if code != 0 and not any(r == "FAILED" for r in results.values()):
            crashes.append(f"{binary[0]} exited with {code} and no failed test:\n{tail}")
    return found, crashes, (run_demo(demo, moment) if moment else None)


def sweep_moment(args, moment):
    """[`run_moment`] in a child process with a private D-Bus session and keyring of its own
    (scripts/with-keychain.sh): two moments run side by side, and tests that signal on the
    session bus (a wake-up, a notification's button) must not hear each other's."""
    p = subprocess.run(
        [
            "scripts/with-keychain.sh", sys.executable, __file__,
            "--binaries", args.binaries, "--demo", args.demo, "--only", args.only,
            "--timeout", str(args.timeout), "--one", json.dumps(moment),
        ],
        capture_output=True,
        text=True,
    )
    try:
        found, crashes, demo_problem = json.loads(p.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {}, [f"the sweep's runner failed ({p.returncode}): {p.stderr[-2000:]}"], None
    return found, crashes, demo_problem


def virtual_time_binaries(binaries):
    """The test binaries whose sources use virtual time somewhere (checked in the source)."""
    names = []
    for name, crate_dir, _ in binaries:
        for root, _, files in os.walk(os.path.join(crate_dir, "tests")):
            text = "".join(
                open(os.path.join(root, f), encoding="utf-8").read()
                for f in files
                if f.endswith(".rs")
            )
            if VIRTUAL_TIME.search(text):
                names.append(name)
                break
    return sorted(set(names))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binaries", required=True)
    ap.add_argument("--demo", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--at", default="", help="only the moments whose date, zone or label contain this")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--one", help="run one moment (JSON; null: the real time) and print JSON")
    args = ap.parse_args()

    with open(args.binaries) as f:
        binaries = [tuple(line.split(" ", 2)) for line in f.read().splitlines() if line]
    binaries = [(n, d, e) for n, d, e in binaries if args.only in n]
    if args.one is not None:
        moment = json.loads(args.one)
        print(json.dumps(run_moment(binaries, args.demo, moment and tuple(moment), args.timeout)))
        return
    chosen = [m for m in moments(args.quick) if not args.at or any(args.at in f for f in m)]
    started = time.monotonic()

    print(f"== at the real time ({len(binaries)} test binaries)", flush=True)
    baseline, base_crashes, _ = sweep_moment(args, None)
    ran = sum(1 for r in baseline.values() if r != "ignored")
    failed_now = sorted(t for t, r in baseline.items() if r == "FAILED")
    print(f"   {ran} tests ran, {len(failed_now)} failed", flush=True)

    problems = [f"at the real time: {t} FAILED" for t in failed_now] + base_crashes
    print(f"== {len(chosen)} moments, {args.jobs} at a time", flush=True)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {
            pool.submit(sweep_moment, args, m): m for m in chosen
        }
        for fut in concurrent.futures.as_completed(futures):
            label, zone, local = futures[fut]
            where = f"{local} {zone} ({label})"
            found, crashes, demo_problem = fut.result()
            changed = sorted(
                f"{t}: {baseline.get(t, 'absent')} at the real time, {r} at {where}"
                for t, r in found.items()
                if r != baseline.get(t)
            )
            missing = sorted(
                f"{t}: {baseline[t]} at the real time, did not run at {where}"
                for t in baseline
                if t not in found
            )
            lines = changed + missing + [f"at {where}: {c}" for c in crashes]
            if demo_problem:
                lines.append(f"the CLI's demo at {where}: {demo_problem}")
            status = "ok" if not lines else f"{len(lines)} problem(s)"
            print(f"   {where}: {len(found)} tests, demo {'ok' if not demo_problem else 'FAILED'}: {status}", flush=True)
            for line in lines:
                print(f"     - {line}", flush=True)
            problems += lines

    print("== not moved by libfaketime")
    print(
        f"   {', '.join(SKIPPED_TESTS)}: skipped (tokio's paused time from its own pinned date)."
    )
    virtual = virtual_time_binaries(binaries)
    if virtual:
        print(
            "   Tests in these binaries run on a virtual clock and pin their own dates; under"
            " a fake date they show only that they don't read the wall clock: "
            + ", ".join(virtual)
        )
    minutes = (time.monotonic() - started) / 60
    if problems:
        print(f"== {len(problems)} problem(s) in {minutes:.1f} min")
        for p in problems:
            print(f" - {p}")
        sys.exit(1)
    print(f"== the calendar sweep passed: {len(chosen)} moments, {ran} tests each and the demo, in {minutes:.1f} min")


if __name__ == "__main__":
    main()
