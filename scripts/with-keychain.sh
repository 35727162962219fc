#!/usr/bin/env bash
# Runs CMD inside a private D-Bus session with a fresh, unlocked GNOME Keyring, so the OS
# keychain can be tested for real on headless machines (CI, containers) without touching the
# user's own keyring. Exports WHOOP_NOTION_TEST_KEYCHAIN=1, which turns the keychain tests
# from "skipped" into "must pass".
#
#   scripts/with-keychain.sh cargo test -p secret-store
#
# Needs (Debian/Ubuntu): apt-get install -y --no-install-recommends \
#   dbus-daemon dbus-bin gnome-keyring libsecret-tools
# (and libdbus-1-dev pkg-config to build the keyring crate at all).
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null; then
        echo "$0: $tool not found; install: apt-get install -y --no-install-recommends" \
            "dbus-daemon dbus-bin gnome-keyring libsecret-tools" >&2
        exit 127
    fi
done

# The inner script gets CMD as "$@", so arguments keep their quoting.
exec dbus-run-session -- bash -c '
    set -euo pipefail
    # A throwaway keyring home: the keyring created here (password "pw") never mixes with a
    # real one, and it is removed afterwards.
    keyring_home=$(mktemp -d)
    trap "rm -rf \"\$keyring_home\"" EXIT
    export XDG_DATA_HOME="$keyring_home"
    eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"
    export WHOOP_NOTION_TEST_KEYCHAIN=1
    # Not exec: the trap must run after CMD to delete the keyring.
    "$@"
' with-keychain "$@"
