"""A stand-in for a desktop panel that shows tray icons: the StatusNotifierWatcher a panel
(KDE Plasma, GNOME with the AppIndicator extension, XFCE…) puts on the session bus, where
StatusNotifierItems register. Run it as its own process on the test's private bus:

    python tray_watcher.py      # serves until killed

Without one (stock GNOME), the app's tray icon has nowhere to show, and the app says so.
"""

import sys

from jeepney import HeaderFields, MessageType, new_error, new_method_return, new_signal, DBusAddress
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.kde.StatusNotifierWatcher"
PATH = "/StatusNotifierWatcher"
INTERFACE = "org.kde.StatusNotifierWatcher"


def main():
    conn = open_dbus_connection(bus="SESSION")
    reply = conn.send_and_get_reply(message_bus.RequestName(NAME, 4))  # DO_NOT_QUEUE
    if reply.body[0] != 1:  # PRIMARY_OWNER
        print(f"{NAME} is taken", file=sys.stderr)
        return 1
    items = []
    emitter = DBusAddress(PATH, interface=INTERFACE)
    print("ready", flush=True)

    def properties():
        return {"RegisteredStatusNotifierItems": ("as", list(items)),
                "IsStatusNotifierHostRegistered": ("b", True),
                "ProtocolVersion": ("i", 0)}

    while True:
        msg = conn.receive()
        if msg.header.message_type != MessageType.method_call:
            continue
        fields = msg.header.fields
        interface = fields.get(HeaderFields.interface)
        member = fields.get(HeaderFields.member)
        if member == "RegisterStatusNotifierItem":
            service = msg.body[0]
            # An item gives its bus name or its object path; either way, it's its sender's.
            sender = fields.get(HeaderFields.sender)
            item = service if service.startswith(":") or "." in service else f"{sender}{service}"
            items.append(item)
            conn.send(new_method_return(msg))
            conn.send(new_signal(emitter, "StatusNotifierItemRegistered", "s", (item,)))
        elif member == "RegisterStatusNotifierHost":
            conn.send(new_method_return(msg))
        elif interface == "org.freedesktop.DBus.Properties" and member == "GetAll":
            conn.send(new_method_return(msg, "a{sv}", (properties(),)))
        elif interface == "org.freedesktop.DBus.Properties" and member == "Get":
            value = properties().get(msg.body[1])
            if value is None:
                conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownProperty"))
            else:
                conn.send(new_method_return(msg, "v", (value,)))
        else:
            conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))


if __name__ == "__main__":
    sys.exit(main())
