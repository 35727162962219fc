"""What the end-to-end tests stand on: an isolated profile, tauri-driver + WebKitWebDriver,
the running app's processes, the session bus (notifications, the tray's StatusNotifierItem and
its dbusmenu) and small waiting helpers.

Run inside `xvfb-run … dbus-run-session -- …` (scripts/e2e does it): the tests need DISPLAY and
DBUS_SESSION_BUS_ADDRESS of their own, never the user's.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = Path(os.environ.get("E2E_APP", REPO / "target" / "debug" / "whoop-notion-sync")).resolve()
# The tray host, installed beside the app: it owns the tray, the sync and the notifications,
# and outlives the window.
HOST = APP.with_name("whoop-notion-tray")
TAURI_DRIVER = os.environ.get("E2E_TAURI_DRIVER") or shutil.which("tauri-driver") \
    or str(REPO / "target" / "tools" / "bin" / "tauri-driver")
NATIVE_DRIVER = os.environ.get("E2E_NATIVE_DRIVER") or shutil.which("WebKitWebDriver") \
    or "/usr/bin/WebKitWebDriver"
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", REPO / "docs" / "screenshots"))
WINDOW_TITLE = "WHOOP → Notion Sync"
AUTOSTART_FLAG = "--hidden"


def log(*args):
    print("[e2e]", *args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# The isolated profile


def isolate(profile=None):
    """Points HOME, the XDG dirs and the app's config at a temp dir (E2E_TMP when scripts/e2e
    made one, else a new one), so nothing touches the real profile or keychain. With `profile`,
    a fresh one of that name inside it (a new user's first run). Returns it."""
    if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        raise RuntimeError("run the tests under xvfb-run and dbus-run-session (see scripts/e2e)")
    base = Path(os.environ.get("E2E_TMP") or tempfile.mkdtemp(prefix="whoop-notion-e2e."))
    root = base / profile if profile else base
    env = {
        "HOME": root / "home",
        "XDG_CONFIG_HOME": root / "xdg-config",
        "XDG_DATA_HOME": root / "xdg-data",
        "XDG_CACHE_HOME": root / "xdg-cache",
        # The tray icon's pictures are written here (else to /tmp/tray-icon).
        "XDG_RUNTIME_DIR": root / "xdg-runtime",
        "WHOOP_NOTION_CONFIG_DIR": root / "xdg-config" / "whoop-notion-sync",
    }
    for key, path in env.items():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        current = os.environ.get(key)
        if not profile and current and Path(current).resolve() != path.resolve() \
                and os.environ.get("E2E_TMP"):
            raise RuntimeError(f"{key}={current} is not inside {root}")
        os.environ[key] = str(path)
    os.environ["WHOOP_NOTION_SECRETS"] = "file"
    os.environ["NO_AT_BRIDGE"] = "1"
    # Never let a stray real endpoint in.
    for key in ("WHOOP_API_URL", "WHOOP_OAUTH_URL", "NOTION_API_URL"):
        os.environ.pop(key, None)
    return root


def saved_environ():
    """A copy of the environment, and a function that puts it back (for a class cleanup)."""
    saved = dict(os.environ)

    def restore():
        os.environ.clear()
        os.environ.update(saved)
    return restore


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port}")


def wait_until(predicate, timeout, message, interval=0.2):
    """Polls `predicate` until it returns something truthy; returns that."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 - retried until the deadline
            last_error = e
        if time.monotonic() >= deadline:
            detail = f" (last error: {last_error!r})" if last_error else ""
            raise TimeoutError(f"timed out after {timeout:.0f} s: {message}{detail}")
        time.sleep(interval)


# ---------------------------------------------------------------------------------------------
# Processes


def _stat(pid):
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces and parentheses: split after the last ')'.
    rest = text[text.rindex(")") + 2:].split()
    return {"state": rest[0], "ppid": int(rest[1]), "utime": int(rest[11]),
            "stime": int(rest[12])}


def alive(pid):
    st = _stat(pid)
    return st is not None and st["state"] != "Z"


def descendants(pid):
    """All processes below `pid` (children, grandchildren…)."""
    parent_of = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st:
                parent_of[int(entry)] = st["ppid"]
    found, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent_of.items() if pp == p]
        found.extend(kids)
        frontier.extend(kids)
    return found


def exe(pid):
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


def comm(pid):
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


# ---------------------------------------------------------------------------------------------
# The session bus


def _run(args, timeout=10):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 124, "", "timed out")


def bus_names_of(pid):
    """The unique names of `pid`'s connections to the session bus."""
    out = _run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/",
                "org.freedesktop.DBus.ListNames"]).stdout
    names = []
    for name in re.findall(r'string "(:[0-9.]+)"', out):
        reply = _run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                      "/", "org.freedesktop.DBus.GetConnectionUnixProcessID",
                      f"string:{name}"]).stdout
        m = re.search(r"uint32 (\d+)", reply)
        if m and int(m.group(1)) == pid:
            names.append(name)
    return names


def tray_items(pid):
    """[(bus name, menu object path)] of the StatusNotifierItems `pid` exports: its tray icon,
    as it is on the session bus whether or not a panel is running to draw it."""
    items = []
    for name in bus_names_of(pid):
        # Only the connection serving the tray answers; others (e.g. one that only sends
        # notifications) may never reply, hence the short timeout.
        reply = _run(["dbus-send", "--session", "--print-reply", "--reply-timeout=2000",
                      f"--dest={name}", "/StatusNotifierItem",
                      "org.freedesktop.DBus.Properties.Get",
                      "string:org.kde.StatusNotifierItem", "string:Menu"]).stdout
        m = re.search(r'object path "([^"]+)"', reply)
        if m:
            items.append((name, m.group(1)))
    return items


def tray_menu(name, menu_path):
    """The tray menu's items as [(id, label, enabled)], read through com.canonical.dbusmenu."""
    out = _run(["gdbus", "call", "--session", "--dest", name, "--object-path", menu_path,
                "--method", "com.canonical.dbusmenu.GetLayout", "--", "0", "-1", "[]"]).stdout
    items = []
    for m in re.finditer(r"\((\d+), \{([^{}]*)\}", out):
        props = m.group(2)
        # GVariant text quotes a string with ' or, when it holds a ', with ".
        label = re.search(r"""'label': <(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")>""", props)
        if not label:
            continue
        enabled = "'enabled': <false>" not in props
        text = label.group(1) if label.group(1) is not None else label.group(2)
        items.append((int(m.group(1)), text.replace("_", ""), enabled))
    return items


def tray_click(name, menu_path, item_id):
    """What a panel does when the user picks a menu item."""
    result = _run(["gdbus", "call", "--session", "--dest", name, "--object-path", menu_path,
                   "--method", "com.canonical.dbusmenu.Event",
                   "--", str(item_id), "clicked", "<0>", "0"])
    if result.returncode != 0:
        raise RuntimeError(f"dbusmenu Event failed: {result.stderr.strip()}")


def host_pid():
    """The running tray host of the isolated profile (from the address file it writes), or
    None."""
    try:
        info = json.loads((Path(os.environ["WHOOP_NOTION_CONFIG_DIR"]) / "tray-host.json")
                          .read_text())
    except (OSError, ValueError):
        return None
    pid = info.get("pid")
    return pid if pid and alive(pid) and exe(pid) == str(HOST) else None


def stand_in_systemctl(root):
    """A `systemctl` first on PATH that plays a systemd user instance: it records each call
    (returned: the file) and remembers enable/disable for `is-enabled`. Where there is one,
    the app offers to run as a service that starts it again if it stops. Returns a function
    that puts PATH back."""
    bin_dir = root / "stand-in-bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    calls, state = root / "systemctl-calls", root / "systemctl-state"
    script = bin_dir / "systemctl"
    script.write_text(f"""#!/bin/sh
echo "$*" >> '{calls}'
case "$2" in
enable) echo enabled > '{state}' ;;
disable) echo disabled > '{state}' ;;
is-enabled) cat '{state}' 2>/dev/null || echo disabled ;;
esac
""")
    script.chmod(0o755)
    # Where a running user instance has its socket, which the app looks for first.
    socket = Path(os.environ["XDG_RUNTIME_DIR"]) / "systemd" / "private"
    socket.parent.mkdir(parents=True, exist_ok=True)
    socket.touch()
    old_path = os.environ["PATH"]
    os.environ["PATH"] = f"{bin_dir}:{old_path}"
    return calls, lambda: os.environ.__setitem__("PATH", old_path)


def ours(pid):
    """Whether `pid` runs on this test run's X display: scripts/e2e runs shares of the tests
    side by side, each on its own display, and one share must not count another's windows."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"DISPLAY={os.environ.get('DISPLAY', '')}".encode() in environ


def pids_of(program):
    """Every running process of `program` (a path) in this test run."""
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and exe(int(p)) == str(program)
            and alive(int(p)) and ours(int(p))]


def window_pids():
    """Every running window process of this build."""
    return pids_of(APP)


def end_processes(pids, grace=5.0):
    """SIGTERM, then SIGKILL for whatever is still alive after `grace` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            if alive(pid):
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + grace
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)


def stop_host():
    pid = host_pid()
    if pid:
        end_processes([pid])


class NotificationMonitor:
    """`dbus-monitor` on the session bus, recording every Notify call (what the app asks the
    notification server — dunst, started by D-Bus activation — to show)."""

    def __init__(self, path):
        self.path = Path(path)
        self.proc = None

    def start(self):
        self.out = open(self.path, "w")
        self.proc = subprocess.Popen(
            ["dbus-monitor", "--session",
             "interface='org.freedesktop.Notifications',member='Notify'"],
            stdout=self.out, stderr=subprocess.STDOUT)
        time.sleep(0.3)  # let it register as a monitor before anything is sent

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.proc:
            self.out.close()

    def calls(self):
        """Each Notify call as {app_name, summary, body}."""
        text = self.path.read_text(errors="replace")
        calls = []
        for block in re.split(r"\n(?=method call )", text):
            if "member=Notify" not in block:
                continue
            strings = re.findall(r'^\s+string "((?:[^"\\]|\\.)*)"', block, re.M)
            # Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, timeout)
            if len(strings) >= 4:
                calls.append({"app_name": strings[0], "icon": strings[1],
                              "summary": strings[2], "body": strings[3]})
        return calls


# ---------------------------------------------------------------------------------------------
# WebDriver


class Driver:
    """tauri-driver (on free ports) in front of Debian's WebKitWebDriver."""

    def __init__(self, logdir):
        self.logdir = Path(logdir)
        self.proc = None
        self.port = None

    def start(self):
        if not Path(TAURI_DRIVER).exists():
            raise RuntimeError(f"tauri-driver not found ({TAURI_DRIVER}); scripts/e2e installs it")
        self.port, native = free_port(), free_port()
        self.log = open(self.logdir / "tauri-driver.log", "w")
        self.proc = subprocess.Popen(
            [TAURI_DRIVER, "--port", str(self.port), "--native-port", str(native),
             "--native-driver", NATIVE_DRIVER],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        # tauri-driver listens at once but starts WebKitWebDriver beside it: wait for both, or
        # the first session request is refused.
        wait_port(self.port)
        wait_port(native)

    def session(self):
        from selenium import webdriver
        from selenium.webdriver.common.options import ArgOptions
        from selenium.webdriver.remote.client_config import ClientConfig
        from selenium.webdriver.remote.remote_connection import RemoteConnection

        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(APP)})
        connection = RemoteConnection(client_config=ClientConfig(
            remote_server_addr=f"http://127.0.0.1:{self.port}"))
        return webdriver.Remote(command_executor=connection, options=options)

    def app_pids(self):
        """The app processes this driver started (normally one)."""
        if not self.proc:
            return []
        return [p for p in descendants(self.proc.pid) if exe(p) == str(APP) and alive(p)]

    def stop(self):
        """Ends tauri-driver, WebKitWebDriver and whatever app they left running (only ours)."""
        if not self.proc:
            return
        leftovers = descendants(self.proc.pid)
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        end_processes(leftovers)
        self.log.close()


def invoke(driver, command, args=None):
    """Calls a shell command the way the window does (through Tauri's IPC) and returns its
    answer; raises with the AppError when it rejects. Used to read state, not to drive."""
    result = driver.execute_async_script(
        """
        const [cmd, args, done] = arguments;
        window.__TAURI_INTERNALS__.invoke(cmd, args || {})
          .then((v) => done({ ok: v }), (e) => done({ err: e }));
        """, command, args or {})
    if "err" in result:
        raise RuntimeError(f"{command}: {json.dumps(result['err'])}")
    return result["ok"]


def screenshot(driver, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


class PrivateBus:
    """A session bus of the test's own (dbus-daemon), for a class whose stand-ins must own
    names another class's programs may hold on the shared one (dunst owns
    org.freedesktop.Notifications once a notification was sent). `start` points
    DBUS_SESSION_BUS_ADDRESS at it; put the environment back after `stop`."""

    def __init__(self, log_path):
        self.log_path = Path(log_path)
        self.proc = None

    def start(self):
        # Its stderr (services it activates) to a file: the shared bus's is filtered instead.
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(["dbus-daemon", "--session", "--nofork",
                                          "--print-address=1"], stdout=subprocess.PIPE,
                                         stderr=log, text=True)
        address = self.proc.stdout.readline().strip()
        if not address:
            raise RuntimeError("dbus-daemon did not start")
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        return self

    def stop(self):
        if self.proc:
            end_processes([self.proc.pid])
            self.proc.wait(5)
            self.proc.stdout.close()
            self.proc = None


class NotificationServer:
    """The stand-in notification server (notification_server.py) on the session bus: what the
    app asked it to show, and what the user does with a notification."""

    def __init__(self, log_path):
        self.log_path = Path(log_path)
        self.proc = None

    def start(self):
        self.log_path.write_text("")
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name(
            "notification_server.py")), str(self.log_path)], stdout=subprocess.PIPE, text=True)
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the stand-in notification server did not start")
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
        if self.proc:
            self.proc.stdout.close()
        self.proc = None

    def calls(self):
        """Each Notify call: {"id", "sender", "app_name", "replaces_id", "summary", "body",
        "actions": [[key, label], …]}."""
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line]

    def invoke(self, notification_id, key, close=True):
        """The user picks `key` ("default": the notification itself) on a notification; with
        `close`, the server then closes it, as most do."""
        result = _run(["gdbus", "call", "--session", "--dest", "org.freedesktop.Notifications",
                       "--object-path", "/org/freedesktop/Notifications",
                       "--method", "e2e.FakeNotifications.Invoke", "--",
                       # Typed: the stand-in offers no introspection for gdbus to read.
                       f"uint32 {int(notification_id)}", f"'{key}'",
                       "true" if close else "false"])
        if result.returncode != 0:
            raise RuntimeError(f"Invoke failed: {result.stderr.strip()}")


class TrayWatcher:
    """A stand-in panel that shows tray icons (tray_watcher.py) on the session bus."""

    def __init__(self):
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name(
            "tray_watcher.py"))], stdout=subprocess.PIPE, text=True)
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the stand-in panel did not start")
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
        if self.proc:
            self.proc.stdout.close()
        self.proc = None
