#!/usr/bin/env bash
# Runs a command as if it were another moment, given in Helsinki time ("2026-12-24 10:00"), through
# Debian's libfaketime: every process it starts sees the same wall clock, running on from that
# moment. Monotonic clocks stay real (shifted, Swift's timers would wait for the offset). For proving that
# the tests do not depend on the day they run (weekends, holidays, a year's end, a date that
# differs in UTC).
# Usage: scripts/at-time.sh "YYYY-MM-DD HH:MM" command [arguments...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 'YYYY-MM-DD HH:MM' command [arguments...]" >&2; exit 2; }

library=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
[ -n "$library" ] || { echo "libfaketime is missing (apt-get install faketime)" >&2; exit 1; }
# Our own timers' fix, built once (scripts/faketime/monotonic-timers.c says why).
fix=$root/.build/faketime/monotonic-timers.so
if [ ! -f "$fix" ] || [ "$root/scripts/faketime/monotonic-timers.c" -nt "$fix" ]; then
  mkdir -p "$root/.build/faketime"
  cc -shared -fPIC -O2 -o "$fix" "$root/scripts/faketime/monotonic-timers.c" -ldl
fi
target=$(TZ=Europe/Helsinki date -d "$1" +%s)
shift
offset=$((target - $(date +%s)))
sign=+
[ "$offset" -lt 0 ] && sign=
echo "== As of $(TZ=Europe/Helsinki date -d "@$target" '+%a %Y-%m-%d %H:%M %Z') (UTC $(date -u -d "@$target" '+%Y-%m-%d %H:%M'))" >&2
export LD_PRELOAD="$fix:$library${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="$sign$offset" FAKETIME_DONT_FAKE_MONOTONIC=1
# Through env: the first process libfaketime loads into sets up the clock it shares with its children,
# and a Swift Testing binary that is that first process runs no tests (its XCTest part runs alone).
exec env "$@"
