#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages this project needs, only those missing (fast when all
# are there). Used by scripts/run and scripts/test, so a fresh machine needs nothing by hand.
#   build:   pkg-config and libdbus-1-dev (the keychain client links libdbus); WebKitGTK,
#            the app indicator and librsvg for the Tauri app; Node.js and npm for its window
#   tests:   a private D-Bus session with GNOME Keyring (the real OS keychain, headless), and
#            for the app's end-to-end tests: Xvfb, WebKitWebDriver, a notification daemon,
#            xdg-utils (the real xdg-open and xdg-mime, for the app's own link)
#   --cli:   only what the command-line tool needs (a machine without a display)
#   --windows: what scripts/test-windows needs besides the CLI's: mingw to cross-compile and
#            link for x86_64-pc-windows-gnu, Wine to run the .exe files, Xvfb for Wine's windows
#            (wineboot and the tray host want a display), ImageMagick's `import` for the tray
#            screenshot
#   --calendar: the tests' packages and libfaketime, for scripts/test-calendar
#   --package: also what scripts/package needs to finish the .deb and build the .rpm
#            (rpmbuild), and what its --check runs (lintian, rpm2cpio and cpio,
#            appstreamcli, desktop-file-validate)
set -euo pipefail

packages=(build-essential pkg-config file libdbus-1-dev ca-certificates)
case "${1:-}" in
    --cli | --windows) ;;
    *)
        packages+=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev)
        command -v npm >/dev/null || packages+=(nodejs npm)
        ;;
esac
if [ "${1:-}" = "--windows" ]; then
    packages+=(gcc-mingw-w64-x86-64 wine wine64 xvfb xauth imagemagick x11-utils)
fi
if [ "${1:-}" = "--package" ]; then
    packages+=(rpm rpm2cpio cpio lintian appstream desktop-file-utils)
fi
if [ "${1:-}" = "--calendar" ]; then
    packages+=(faketime)
fi
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--calendar" ]; then
    packages+=(dbus-daemon dbus-bin gnome-keyring libsecret-tools
        xvfb xauth webkit2gtk-driver dunst x11-utils xdotool imagemagick libglib2.0-bin
        xdg-utils desktop-file-utils)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
    echo "This needs the packages: ${missing[*]} (install them with your package manager)." >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null || true
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
