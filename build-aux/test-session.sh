#!/bin/sh
# Runs one test program as in a session of its own: its own D-Bus session
# bus and Secret Service (a throw-away, unlocked gnome-keyring), with its
# own runtime, data, cache and configuration folders. meson test runs
# several programs at once: this way none of them sees another's keyring
# items, bus names, notifications or local copies of lists (the mirror,
# under the cache folder), no run sees the files of an earlier one, and no
# test touches the developer's own keyring or files. Every test runs
# through it (tests/meson.build, add_test_setup).
# Usage: test-session.sh PROGRAM [ARGS...]
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/market-panel-session-XXXXXX") || exit 1
mkdir -m 700 "$dir/run" "$dir/data" "$dir/cache" "$dir/config"
XDG_RUNTIME_DIR=$dir/run XDG_DATA_HOME=$dir/data XDG_CACHE_HOME=$dir/cache XDG_CONFIG_HOME=$dir/config \
  dbus-run-session -- "$(dirname "$0")/keyring-run.sh" "$@"
rc=$?
rm -rf "$dir"
exit $rc
