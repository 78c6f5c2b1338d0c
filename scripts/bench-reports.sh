#!/usr/bin/env bash
# The reporting benchmark (docs/BENCHMARKS.md): generated national-survey answers are loaded into
# the demo county through the live insert (rollups included), and the portal's reads for the
# county dashboard and a unit view are timed at 100,000 answered questions and again at the total,
# on SQLite and on a throwaway PostgreSQL. Usage: scripts/bench-reports.sh [total] [sqlite|postgres|both]
set -euo pipefail
cd "$(dirname "$0")/.."
TOTAL=${1:-10000000}
WHICH=${2:-both}
if [ -z "${KAIKU:-}" ]; then
  swift build -c release --product kaiku --scratch-path .build-release >/dev/null
  KAIKU=.build-release/release/kaiku
fi
export KAIKU=$(realpath "$KAIKU") TOTAL KAIKU_LOG_LEVEL=error
measure() {
  echo "== $1: 100,000 answered questions"
  "$KAIKU" bench-reports --answers 100000
  echo "== $1: $TOTAL answered questions"
  "$KAIKU" bench-reports --answers $((TOTAL - 100000))
}
export -f measure
if [ "$WHICH" != postgres ]; then
  DATA=$(mktemp -d /tmp/kaiku-bench-reports.XXXXXX)
  (unset KAIKU_DATABASE_URL; KAIKU_DATA_DIR=$DATA measure "SQLite")
  du -sh "$DATA"
  rm -rf "$DATA"
fi
if [ "$WHICH" != sqlite ]; then
  scripts/with-postgres.sh bash -c 'KAIKU_DATABASE_URL=$KAIKU_TEST_DATABASE_URL measure "PostgreSQL (fsync off)"'
fi
