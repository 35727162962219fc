#!/usr/bin/env bash
# Makes the private 64-bit Wine prefix $WINEPREFIX once (scripts/test-windows sets it, in
# target/), and puts bcryptprimitives.dll (scripts/windows/bcryptprimitives.c) in its
# system32, rebuilt when its source changes. Wine 8 lacks that DLL, and Rust programs won't
# start without it: they exit with code 53 and print nothing.
set -euo pipefail
cd "$(dirname "$0")"
: "${WINEPREFIX:?set WINEPREFIX}"

if [ ! -f "$WINEPREFIX/system.reg" ]; then
    # Headless: with no display wineboot makes the prefix without any window.
    env -u DISPLAY WINEARCH=win64 wineboot --init
    # wineboot returns before the prefix's registry is on disk.
    wineserver -w
fi
system32=$WINEPREFIX/drive_c/windows/system32
dll=$system32/bcryptprimitives.dll
if [ ! -f "$dll" ] || [ bcryptprimitives.c -nt "$dll" ]; then
    x86_64-w64-mingw32-gcc -O2 -Wall -Werror -shared -o "$dll" bcryptprimitives.c -ladvapi32
fi
