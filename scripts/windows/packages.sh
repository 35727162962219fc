#!/usr/bin/env bash
# Installs what scripts/test-windows needs, only what is missing (via scripts/system-packages.sh's
# way: apt-get, with sudo when not root): mingw to cross-compile and link for
# x86_64-pc-windows-gnu, Wine to run the .exe files, Xvfb for Wine's windows (wineboot and the
# tray host want a display), ImageMagick's `import` for the tray screenshot.
set -euo pipefail
packages=(gcc-mingw-w64-x86-64 wine wine64 xvfb xauth imagemagick x11-utils
    build-essential pkg-config libdbus-1-dev ca-certificates)
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
