#!/bin/sh
# Runs the end-to-end walk in a session of its own: private XDG
# directories, a D-Bus session bus (with the AT-SPI bus it activates), a
# throw-away keyring, an X display with a window manager, so focus
# behaves as on a desktop and nothing is shared with other tests.
# Usage: run-e2e.sh SRCDIR MARKET-PANEL [SCRIPT]
set -u
src=$1
export MP_E2E_PROGRAM=$2
script=${3:-$src/tests/e2e/e2e.py}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/run"
export XDG_RUNTIME_DIR=$tmp/run XDG_DATA_HOME=$tmp/data
export XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache
# The app must register on the accessibility bus (the other tests turn it off).
export GTK_A11Y=atspi
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS

# Debian's Python: the one that sees python3-gi and gir1.2-atspi-2.0.
# Only the walk's TAP goes to stdout (fd 3); the session's daemons talk on stderr.
exec 3>&1 1>&2
exec dbus-run-session -- "$src/build-aux/keyring-run.sh" \
  xvfb-run -a -s "-screen 0 1366x768x24" \
  sh -c 'openbox --sm-disable >"$XDG_RUNTIME_DIR/openbox.log" 2>&1 &
         wm=$!
         i=0
         until xdotool get_num_desktops >/dev/null 2>&1 || [ $i -gt 200 ]; do
           i=$((i + 1)); sleep 0.05
         done
         /usr/bin/python3 "$1" >&3
         rc=$?
         kill $wm 2>/dev/null
         exit $rc' sh "$script"
