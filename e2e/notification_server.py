"""A stand-in notification server (org.freedesktop.Notifications) for the end-to-end tests.
Run it as its own process on the test's private bus:

    python notification_server.py LOG      # serves until killed; prints "ready" once it owns
                                           # the name

It answers Notify as a desktop's server does (dunst, GNOME Shell…) and writes each call as a
JSON line to LOG: {"id", "sender", "app_name", "replaces_id", "summary", "body", "actions"}
(actions as [[key, label], …]). Like dunst, it sends ActionInvoked and NotificationClosed only
to the connection that asked for the notification, so an app must listen on the connection it
sends with.

What the user does with a notification, the test asks for through a method of its own on the
same object, `e2e.FakeNotifications.Invoke(u id, s key, b close)`: the server emits
ActionInvoked(id, key) and, when `close` (as most servers do after an action),
NotificationClosed(id, 2). It answers with an error for an id it never gave out.
"""

import json
import sys

from jeepney import HeaderFields, MessageType, new_error, new_method_return, new_signal, DBusAddress
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
CONTROL = "e2e.FakeNotifications"
# NotificationClosed reasons.
DISMISSED, CLOSED_BY_CALL = 2, 3


def main():
    log_path = sys.argv[1]
    conn = open_dbus_connection(bus="SESSION")
    reply = conn.send_and_get_reply(message_bus.RequestName(NAME, 4))  # DO_NOT_QUEUE
    if reply.body[0] != 1:  # PRIMARY_OWNER
        print(f"{NAME} is taken", file=sys.stderr)
        return 1
    print("ready", flush=True)
    senders = {}  # id → the unique name of the connection that asked for it
    next_id = 1

    def signal(member, signature, body, destination):
        msg = new_signal(DBusAddress(PATH, interface=INTERFACE), member, signature, body)
        msg.header.fields[HeaderFields.destination] = destination
        conn.send(msg)

    while True:
        msg = conn.receive()
        if msg.header.message_type != MessageType.method_call:
            continue
        fields = msg.header.fields
        interface = fields.get(HeaderFields.interface)
        member = fields.get(HeaderFields.member)
        sender = fields.get(HeaderFields.sender)
        if member == "Notify":
            app_name, replaces_id, _icon, summary, body, actions, _hints, _timeout = msg.body
            if replaces_id and replaces_id in senders:
                nid = replaces_id
            else:
                nid, next_id = next_id, next_id + 1
            senders[nid] = sender
            with open(log_path, "a") as f:
                f.write(json.dumps({
                    "id": nid, "sender": sender, "app_name": app_name,
                    "replaces_id": replaces_id, "summary": summary, "body": body,
                    "actions": [list(actions[i:i + 2]) for i in range(0, len(actions), 2)],
                }) + "\n")
            conn.send(new_method_return(msg, "u", (nid,)))
        elif member == "CloseNotification":
            nid = msg.body[0]
            conn.send(new_method_return(msg))
            if nid in senders:
                signal("NotificationClosed", "uu", (nid, CLOSED_BY_CALL), senders.pop(nid))
        elif member == "GetCapabilities":
            conn.send(new_method_return(msg, "as", (["actions", "body"],)))
        elif member == "GetServerInformation":
            conn.send(new_method_return(msg, "ssss", ("e2e", "whoop-notion-sync", "1", "1.2")))
        elif interface == CONTROL and member == "Invoke":
            nid, key, close = msg.body
            if nid not in senders:
                conn.send(new_error(msg, "org.freedesktop.DBus.Error.InvalidArgs",
                                    "s", (f"no notification {nid}",)))
                continue
            signal("ActionInvoked", "us", (nid, key), senders[nid])
            if close:
                signal("NotificationClosed", "uu", (nid, DISMISSED), senders.pop(nid))
            conn.send(new_method_return(msg))
        else:
            conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))


if __name__ == "__main__":
    sys.exit(main())
