#!/bin/sh
# Runs a command with a throw-away, unlocked gnome-keyring on the current
# session bus. Usage: dbus-run-session -- build-aux/keyring-run.sh CMD...
# The keyring lives under $XDG_DATA_HOME, which the caller points at a
# fresh temporary directory.
printf '%s' "${KEYRING_PASSWORD:-market-panel-ci}" |
  gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
kr=$!
i=0
until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then
    echo "keyring-run: gnome-keyring-daemon did not appear on the bus" >&2
    break
  fi
  sleep 0.05
done
"$@"
rc=$?
kill $kr 2>/dev/null
wait $kr 2>/dev/null
exit $rc
