"""Just enough Xlib (through ctypes, no extra packages) to find a program's windows and close
one the way a window manager's close button does: a WM_DELETE_WINDOW client message. Xvfb runs
no window manager, and neither `xdotool windowclose` (XDestroyWindow) nor `windowkill`
(XKillClient) is what a user's click does.

Also runnable: `python3 e2e/x11.py list PID` / `python3 e2e/x11.py close PID TITLE`.
"""

import ctypes
import ctypes.util
import sys

_c_long_p = ctypes.POINTER(ctypes.c_long)


class _ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _ClientMessage), ("pad", ctypes.c_long * 24)]


_CLIENT_MESSAGE = 33
_ANY_PROPERTY_TYPE = 0


def _lib():
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    lib = ctypes.cdll.LoadLibrary(name)
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XDefaultRootWindow.restype = ctypes.c_ulong
    lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.XQueryTree.argtypes = [
        ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
        ctypes.POINTER(ctypes.c_uint)]
    lib.XGetWindowProperty.argtypes = [
        ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long,
        ctypes.c_int, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p)]
    lib.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                               ctypes.POINTER(_XEvent)]
    lib.XFree.argtypes = [ctypes.c_void_p]
    lib.XFlush.argtypes = [ctypes.c_void_p]
    lib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    # A window that vanishes between listing and reading must not abort the program.
    handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda d, e: 0)
    lib.XSetErrorHandler(handler)
    lib._keep_handler = handler
    return lib


class Display:
    def __init__(self):
        self.lib = _lib()
        self.dpy = self.lib.XOpenDisplay(None)
        if not self.dpy:
            raise RuntimeError("cannot open the X display (is DISPLAY set?)")

    def close(self):
        if self.dpy:
            self.lib.XCloseDisplay(self.dpy)
            self.dpy = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def atom(self, name):
        return self.lib.XInternAtom(self.dpy, name.encode(), 0)

    def _prop(self, window, name):
        actual_type = ctypes.c_ulong()
        actual_format = ctypes.c_int()
        nitems = ctypes.c_ulong()
        after = ctypes.c_ulong()
        data = ctypes.c_void_p()
        status = self.lib.XGetWindowProperty(
            self.dpy, window, self.atom(name), 0, 1024, 0, _ANY_PROPERTY_TYPE,
            ctypes.byref(actual_type), ctypes.byref(actual_format), ctypes.byref(nitems),
            ctypes.byref(after), ctypes.byref(data))
        if status != 0 or not data.value:
            return None
        try:
            if actual_format.value == 8:
                return ctypes.string_at(data.value, nitems.value)
            if actual_format.value == 32:  # returned as C longs
                arr = ctypes.cast(data.value, _c_long_p)
                return [arr[i] & 0xFFFFFFFF for i in range(nitems.value)]
            return None
        finally:
            self.lib.XFree(data)

    def top_level(self):
        root = self.lib.XDefaultRootWindow(self.dpy)
        r, p = ctypes.c_ulong(), ctypes.c_ulong()
        children = ctypes.POINTER(ctypes.c_ulong)()
        n = ctypes.c_uint()
        if not self.lib.XQueryTree(self.dpy, root, ctypes.byref(r), ctypes.byref(p),
                                   ctypes.byref(children), ctypes.byref(n)):
            return []
        try:
            return [children[i] for i in range(n.value)]
        finally:
            if children:
                self.lib.XFree(children)

    def windows(self, pid=None):
        """Top-level windows as dicts: id, pid, title, wm_class."""
        out = []
        for w in self.top_level():
            pids = self._prop(w, "_NET_WM_PID")
            wpid = pids[0] if pids else None
            if pid is not None and wpid != pid:
                continue
            title = self._prop(w, "_NET_WM_NAME") or self._prop(w, "WM_NAME") or b""
            wm_class = (self._prop(w, "WM_CLASS") or b"").split(b"\0")
            out.append({
                "id": w,
                "pid": wpid,
                "title": title.decode("utf-8", "replace"),
                "wm_class": [c.decode("utf-8", "replace") for c in wm_class if c],
            })
        return out

    def request_close(self, window):
        """What a window manager sends when the user clicks the close button."""
        event = _XEvent()
        event.xclient.type = _CLIENT_MESSAGE
        event.xclient.send_event = 1
        event.xclient.display = self.dpy
        event.xclient.window = window
        event.xclient.message_type = self.atom("WM_PROTOCOLS")
        event.xclient.format = 32
        event.xclient.data[0] = self.atom("WM_DELETE_WINDOW")
        event.xclient.data[1] = 0  # CurrentTime
        self.lib.XSendEvent(self.dpy, window, 0, 0, ctypes.byref(event))
        self.lib.XSync(self.dpy, 0)


def windows(pid=None):
    with Display() as d:
        return d.windows(pid)


def close_window(pid, title):
    """Sends WM_DELETE_WINDOW to `pid`'s top-level window titled `title`; False if none."""
    with Display() as d:
        matches = [w for w in d.windows(pid) if w["title"] == title]
        for w in matches:
            d.request_close(w["id"])
        return bool(matches)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "list":
        for w in windows(int(sys.argv[2]) if len(sys.argv) > 2 else None):
            print(f'{w["id"]:#x}\t{w["pid"]}\t{w["title"]}\t{",".join(w["wm_class"])}')
    elif len(sys.argv) == 4 and sys.argv[1] == "close":
        sys.exit(0 if close_window(int(sys.argv[2]), sys.argv[3]) else 1)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
