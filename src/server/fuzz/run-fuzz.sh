#!/bin/sh
# Runs a fuzz target for a bounded time on a scratch copy of its seed
# corpus. Usage: run-fuzz.sh FUZZ-BINARY-OR-BUILD-DIR [SECONDS] [CORPUS]
# (CORPUS: corpus, the default, for fuzz-request; corpus-server for
# fuzz-server-requests).
set -eu
target=$1
seconds=${2:-60}
corpus=${3:-corpus}
if [ -d "$target" ]; then
  target=$target/src/server/fuzz/fuzz-request
fi
here=$(dirname "$(readlink -f "$0")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/$corpus"/* "$work"/
exec "$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$work"
