"""The tray app's footprint (run by scripts/bench-footprint, inside xvfb-run + dbus-run-session):

1. As a user starts it (no WebDriver), nothing connected: time from launch to the tray icon,
   memory with the window open, memory after the window is closed, CPU while idle.
   Also started as at login (--hidden), the window never opened.
2. In demo mode (started through WebDriver: the only way in is the window's button), after its
   first sync: the same memory and CPU figures, with the simulators running in the app.

The app is two programs: the window (whoop-notion-sync, a Tauri web view that lives while it is
open) and the tray host (whoop-notion-tray: tray, sync, notifications), which the window starts
and which stays. Memory is summed over both and all their descendants (WebKitWebProcess,
WebKitNetworkProcess):
RSS from /proc/PID/status, PSS from /proc/PID/smaps_rollup (shared pages split between the
processes that map them, so the sum is not inflated by shared libraries). CPU is utime + stime
from /proc/PID/stat of every process; wakeups are voluntary + involuntary context switches of
every thread. The window is closed the way a window manager's close button does it
(WM_DELETE_WINDOW): its process exits with all of WebKit's, and the tray host stays.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import harness as H
import x11

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree():
    """Every process of the app: the tray host, the window processes, and their children."""
    roots = [p for p in [H.host_pid()] + H.window_pids() if p]
    found = []
    for root in roots:
        for p in [root] + H.descendants(root):
            if p not in found and H.alive(p):
                found.append(p)
    return found


def memory():
    """{pid: (name, rss_kb, pss_kb or None)} over the app's processes."""
    out = {}
    for p in tree():
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        rss = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))
        pss = None
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            m = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
            pss = int(m.group(1)) if m else None
        except OSError:
            pass
        out[p] = (H.comm(p), rss, pss)
    return out


def memory_sample(samples=5, interval=1.0):
    """The median of a few samples (MB), and the per-process breakdown of the last one."""
    rss, pss, last = [], [], {}
    for i in range(samples):
        last = memory()
        rss.append(sum(v[1] for v in last.values()) / 1024)
        if all(v[2] is not None for v in last.values()):
            pss.append(sum(v[2] for v in last.values()) / 1024)
        if i + 1 < samples:
            time.sleep(interval)
    return {
        "rss_mb": round(statistics.median(rss), 1),
        "pss_mb": round(statistics.median(pss), 1) if pss else None,
        "processes": {f"{name} ({p})": {"rss_mb": round(r / 1024, 1),
                                         "pss_mb": round(s / 1024, 1) if s is not None else None}
                      for p, (name, r, s) in sorted(last.items())},
    }


def top_mappings(pid, n=6):
    """The app process's largest contributors to PSS, by mapped file ([heap], anon, libs)."""
    pss = {}
    name = None
    try:
        lines = Path(f"/proc/{pid}/smaps").read_text().splitlines()
    except OSError:
        return {}
    for line in lines:
        m = re.match(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$", line)
        if m:
            name = os.path.basename(m.group(1)) if m.group(1) else "[anon]"
            continue
        m = re.match(r"^Pss:\s+(\d+) kB", line)
        if m:
            pss[name] = pss.get(name, 0) + int(m.group(1))
    top = sorted(pss.items(), key=lambda kv: -kv[1])[:n]
    return {k: round(v / 1024, 1) for k, v in top}


def cpu_and_wakeups():
    """(clock ticks of CPU, {(pid, tid): (thread name, context switches)})."""
    ticks, switches = 0, {}
    for p in tree():
        st = H._stat(p)
        if st:
            ticks += st["utime"] + st["stime"]
        try:
            tids = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                text = Path(f"/proc/{p}/task/{tid}/status").read_text()
            except OSError:
                continue
            n = sum(int(m) for m in re.findall(
                r"^(?:non)?voluntary_ctxt_switches:\s+(\d+)", text, re.M))
            name = re.search(r"^Name:\s+(.*)$", text, re.M).group(1)
            switches[(p, tid)] = (f"{H.comm(p)}/{name}", n)
    return ticks, switches


def idle_cpu(seconds):
    procs_before = {p: H.comm(p) for p in tree()}
    t0, (c0, w0) = time.monotonic(), cpu_and_wakeups()
    time.sleep(seconds)
    t1, (c1, w1) = time.monotonic(), cpu_and_wakeups()
    procs_after = {p: H.comm(p) for p in tree()}
    elapsed = t1 - t0
    cpu_s = (c1 - c0) / CLK_TCK
    # Threads that ended meanwhile are left out; new ones count from zero.
    per_thread = {}
    for key, (name, n) in w1.items():
        delta = n - w0.get(key, (name, 0))[1]
        per_thread[name] = per_thread.get(name, 0) + delta
    busiest = sorted(per_thread.items(), key=lambda kv: -kv[1])[:4]
    return {
        "seconds": round(elapsed, 1),
        "cpu_seconds": round(cpu_s, 2),
        "cpu_percent": round(100 * cpu_s / elapsed, 2),
        "wakeups_per_second": round(sum(per_thread.values()) / elapsed, 1),
        "busiest_threads": {name: round(n / elapsed, 2) for name, n in busiest},
        "processes_stable": procs_before == procs_after,
        "processes": sorted(procs_after.values()),
    }


def close_window(pid):
    """Closes the window of process `pid`; returns the tray host's pid, which must stay."""
    host = H.host_pid()
    web = [p for p in H.descendants(pid) if H.comm(p).startswith("WebKit")]
    if not x11.close_window(pid, H.WINDOW_TITLE):
        raise RuntimeError(f"no window titled {H.WINDOW_TITLE!r}: {x11.windows(pid)}")
    H.wait_until(lambda: not any(w["title"] == H.WINDOW_TITLE for w in x11.windows(pid)), 10,
                 "the window destroyed")
    H.wait_until(lambda: not H.alive(pid), 15, "the window's process gone")
    H.wait_until(lambda: not any(H.alive(p) for p in web), 15, "its WebKit processes gone")
    if not host or not H.alive(host):
        raise RuntimeError("the tray host exited when the window was closed")
    return host


class BusMonitor:
    """Everything on the session bus, with timestamps (dbus-monitor's own)."""

    def __init__(self, path):
        self.path = Path(path)

    def __enter__(self):
        self.out = open(self.path, "w")
        self.proc = subprocess.Popen(["dbus-monitor", "--session"], stdout=self.out,
                                     stderr=subprocess.STDOUT)
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(5)
        self.out.close()

    def tray_time(self, after):
        """Wall-clock time of the first sign of the StatusNotifierItem: its lookup of the
        StatusNotifierWatcher (to register with a tray host) or a signal from its object."""
        text = self.path.read_text(errors="replace")
        for m in re.finditer(r"^(?:method call|signal) time=([\d.]+) (.*)\n((?:   .*\n)*)",
                             text, re.M):
            when, head, body = float(m.group(1)), m.group(2), m.group(3)
            if when < after:
                continue
            if "path=/StatusNotifierItem" in head \
                    or ("member=RequestName" in head and "org.kde.StatusNotifierItem-" in body):
                return when
        return None


def launch_direct(app, logdir, run):
    log = open(Path(logdir) / f"app-direct-{run}.log", "w")
    t_launch = time.time()
    proc = subprocess.Popen([str(app)], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    return proc, t_launch, log


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    # The tray host runs in a process group of its own; the next launch must start afresh.
    H.stop_host()
    H.wait_until(lambda: not H.window_pids(), 10, "no window left")


def phase_direct(app, root, idle_seconds, launches):
    result = {"launch_to_tray_s": [], "launch_to_window_s": []}
    with BusMonitor(root / "bus.log") as bus:
        for run in range(launches):
            proc, t_launch, log = launch_direct(app, root, run)
            try:
                win = H.wait_until(
                    lambda: any(w["title"] == H.WINDOW_TITLE for w in x11.windows(proc.pid))
                    and time.time(), 30, "the window", interval=0.01)
                result["launch_to_window_s"].append(round(win - t_launch, 3))
                host = H.wait_until(H.host_pid, 30, "the tray host")
                H.wait_until(lambda: H.tray_items(host), 30, "the tray item")
                tray = bus.tray_time(t_launch)
                result["launch_to_tray_s"].append(round(tray - t_launch, 3) if tray else None)
                if run + 1 < launches:
                    continue
                time.sleep(8)  # the page loaded, the startup check done, caches warm
                result["window_open"] = memory_sample()
                host = close_window(proc.pid)
                time.sleep(5)
                result["window_closed"] = memory_sample()
                result["app_process_top_pss_mb"] = top_mappings(host)
                result["tray_after_close"] = bool(H.tray_items(host))
                result["idle_closed"] = idle_cpu(idle_seconds)
                result["window_closed_after_idle"] = memory_sample(samples=1)
            finally:
                stop(proc)
                log.close()
    return result


def phase_hidden(app, root):
    """Started as at login (--hidden): the window program hands over to the tray host at once
    (exec, same pid); the window never opened."""
    log = open(Path(root) / "app-hidden.log", "w")
    proc = subprocess.Popen([str(app), H.AUTOSTART_FLAG], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        H.wait_until(lambda: H.tray_items(proc.pid), 30, "the tray item")
        time.sleep(8)
        if any(w["title"] == H.WINDOW_TITLE for w in x11.windows(proc.pid)):
            raise RuntimeError("--hidden opened the window")
        return {"memory": memory_sample(),
                "app_process_top_pss_mb": top_mappings(proc.pid)}
    finally:
        stop(proc)
        log.close()


def phase_demo(root, idle_seconds):
    from selenium.webdriver.common.by import By

    result = {}
    driver = H.Driver(root)
    driver.start()
    try:
        d = driver.session()
        pid = H.wait_until(driver.app_pids, 20, "the app")[0]
        H.wait_until(H.host_pid, 30, "the tray host")
        H.wait_until(lambda: d.find_element(By.ID, "demo-start").is_displayed(), 30,
                     "the demo button")
        t0 = time.monotonic()
        d.find_element(By.ID, "demo-start").click()

        def synced():
            o = H.invoke(d, "overview")
            return o["mode"] == "demo" and o["lastSync"] and o["recentDays"] and not o["syncing"]
        H.wait_until(synced, 120, "the demo's first sync")
        result["demo_start_to_synced_s"] = round(time.monotonic() - t0, 1)
        time.sleep(5)
        result["window_open"] = memory_sample()
        host = close_window(pid)
        time.sleep(5)
        result["window_closed"] = memory_sample()
        result["tray_after_close"] = bool(H.tray_items(host))
        result["idle_closed"] = idle_cpu(idle_seconds)
        result["window_closed_after_idle"] = memory_sample(samples=1)
        try:
            d.quit()
        except Exception:  # noqa: BLE001 - its window is gone
            pass
    finally:
        driver.stop()
        H.stop_host()
    return result


def table(direct, demo, hidden, idle_seconds):
    def mb(v):
        return "–" if v is None else f"{v:.1f}"

    def ms(values):
        vals = [v for v in values if v is not None]
        return f"{statistics.median(vals) * 1000:.0f} ms" if vals else "–"

    rows = [("", "RSS MB", "PSS MB", "CPU % / wakeups/s")]
    if hidden:
        rows.append(("started --hidden (at login), never opened", mb(hidden["memory"]["rss_mb"]),
                     mb(hidden["memory"]["pss_mb"]), ""))
    for label, phase in (("idle (nothing connected)", direct), ("demo mode", demo)):
        if not phase:
            continue
        rows.append((f"{label}, window open", mb(phase["window_open"]["rss_mb"]),
                     mb(phase["window_open"]["pss_mb"]), ""))
        rows.append((f"{label}, window closed", mb(phase["window_closed"]["rss_mb"]),
                     mb(phase["window_closed"]["pss_mb"]),
                     f'{phase["idle_closed"]["cpu_percent"]:.2f} % / '
                     f'{phase["idle_closed"]["wakeups_per_second"]:.1f} '
                     f'(over {idle_seconds} s)'))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                       for i, c in enumerate(r)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(f"launch → tray icon (StatusNotifierItem on the bus): {ms(direct['launch_to_tray_s'])}"
                 f" median of {direct['launch_to_tray_s']}")
    lines.append(f"launch → window created: {ms(direct['launch_to_window_s'])}"
                 f" median of {direct['launch_to_window_s']}")
    if demo:
        lines.append(f"demo button → first sync done (7 days at Notion's pace): "
                     f"{demo['demo_start_to_synced_s']} s")
    for label, phase in (("idle", direct), ("demo", demo)):
        if phase:
            lines.append(f"wakeups/s by thread, window closed, {label}: " + ", ".join(
                f"{k} {v}" for k, v in phase["idle_closed"]["busiest_threads"].items()))
    lines.append("tray host's largest PSS after the window closed (idle), MB: " + ", ".join(
        f"{k} {v}" for k, v in direct["app_process_top_pss_mb"].items()))
    if hidden:
        lines.append("… and started --hidden, MB: " + ", ".join(
            f"{k} {v}" for k, v in hidden["app_process_top_pss_mb"].items()))
    closed = (demo or direct)["window_closed"]
    lines.append("")
    lines.append("window closed, by process: " + ", ".join(
        f"{k}: {v['rss_mb']} MB RSS / {v['pss_mb']} MB PSS" for k, v in closed["processes"].items()))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle-seconds", type=int, default=60)
    parser.add_argument("--launches", type=int, default=3, help="launches timed to the tray")
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()

    root = H.isolate()
    H.log(f"app {H.APP}; logs in {root}")
    direct = phase_direct(H.APP, root, args.idle_seconds, args.launches)
    hidden = phase_hidden(H.APP, root)
    demo = None if args.no_demo else phase_demo(root, args.idle_seconds)
    figures = {"app": str(H.APP), "direct": direct, "hidden": hidden, "demo": demo}
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    print(table(direct, demo, hidden, args.idle_seconds))
    print()
    goal_mb = 60
    for kind in ("rss_mb", "pss_mb"):
        worst = max((p["window_closed"][kind] or 0) for p in (direct, demo) if p)
        verdict = "met" if worst <= goal_mb else "NOT met"
        print(f"goal window closed ≤ {goal_mb} MB, by {kind[:3].upper()}: {verdict} "
              f"(worst {worst:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
