#!/usr/bin/env bash
# The answering benchmark (docs/BENCHMARKS.md): the release build serves on loopback with an
# embedded SQLite database; wrk, in a second process, opens the survey page (the open QR link and
# personal SMS links), submits the national survey through the open link, and makes the whole
# journey (GET the page, POST the answers); then a bare route doing one insert is measured as the
# ceiling; then the feedback form. Afterwards the stored responses and cases are counted against the
# acknowledged requests, and the server's peak memory (RSS) is reported.
# Usage: scripts/bench-answers.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNECTIONS=${2:-32}
command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get install -y -q wrk; }
# KAIKU=path/to/kaiku measures another build (e.g. an earlier commit's, for a before/after in one run).
if [ -z "${KAIKU:-}" ]; then
  swift build -c release --product kaiku --scratch-path .build-release >/dev/null
  KAIKU=.build-release/release/kaiku
fi
DATA=$(mktemp -d /tmp/kaiku-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export KAIKU_DATA_DIR=$DATA KAIKU_LOG_LEVEL=error KAIKU_JOBS=false KAIKU_BENCH_ROUTES=1
# Phones behind the loopback "proxy" (bench/answers.lua), and one link as busy as a campaign.
export KAIKU_TRUSTED_PROXIES=127.0.0.1 KAIKU_LINK_ANSWERS_PER_SECOND=100000
unset KAIKU_DATABASE_URL
$KAIKU demo >/dev/null
$KAIKU serve --port "$PORT" & SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

URL="http://127.0.0.1:$PORT/k/ESIM-U002/thl-national?c=qr"
echo "== warm-up"; wrk -t1 -c"$CONNECTIONS" -d3s -s bench/answers.lua "$URL" >/dev/null
count() { sqlite3 "$DATA/kaiku.sqlite" "SELECT COUNT(*) FROM responses"; }
echo "== survey page, open link: $DURATION s, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/page.lua "$URL" | tee "$DATA/page.txt"
$KAIKU survey link --unit ESIM-U002 --language fi --count 2000 --base-url "http://127.0.0.1:$PORT" > "$DATA/tokens.txt" 2>/dev/null ||
  for _ in $(seq 1 200); do $KAIKU survey link --unit ESIM-U002 --language fi --base-url "http://127.0.0.1:$PORT"; done > "$DATA/tokens.txt"  # builds before --count
echo "== survey page, 2,000 personal links in turn: $DURATION s, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/page.lua "http://127.0.0.1:$PORT/" -- "$DATA/tokens.txt" | tee "$DATA/personal.txt"
echo "== the journey, GET the page then POST the answers: $DURATION s, $CONNECTIONS connections"
JOURNEYS_BEFORE=$(count)
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/journey.lua "$URL" | tee "$DATA/journey.txt"
sleep 1
echo "journeys that stored their answers: $(( $(count) - JOURNEYS_BEFORE ))"
BEFORE=$(count)
echo "== answer submission: $DURATION s, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/answers.lua "$URL" | tee "$DATA/answers.txt"
sleep 1
AFTER=$(count)
SENT=$(awk '/requests in/ {print $1}' "$DATA/answers.txt")
echo "stored responses: $((AFTER - BEFORE)), requests completed by wrk: $SENT"
echo "== ceiling: bare route, one insert"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/insert.lua "http://127.0.0.1:$PORT/_bench/insert" | tee "$DATA/insert.txt"
A=$(awk '/Requests\/sec/ {print $2}' "$DATA/answers.txt")
C=$(awk '/Requests\/sec/ {print $2}' "$DATA/insert.txt")
P=$(awk '/Requests\/sec/ {print $2}' "$DATA/page.txt")
S=$(awk '/Requests\/sec/ {print $2}' "$DATA/personal.txt")
J=$(awk '/Requests\/sec/ {print $2}' "$DATA/journey.txt")
p99() { awk '$1 == "99%" {print $2}' "$1"; }

# The feedback form under load: each request a new case (and its handler notices in the outbox).
AREA=$(curl -fs "http://127.0.0.1:$PORT/feedback?lang=fi" | grep -o '/feedback/[0-9a-f-]\{36\}' | head -n 1)
STARTED=$(curl -fs "http://127.0.0.1:$PORT$AREA?lang=fi" | grep -o 'name="started" value="[^"]*"' | sed 's/.*value="//; s/"$//')
sleep 3.2
CASES_BEFORE=$(sqlite3 "$DATA/kaiku.sqlite" "SELECT COUNT(*) FROM feedback_cases")
echo "== feedback form submission: $DURATION s, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/feedback.lua "http://127.0.0.1:$PORT$AREA?lang=fi" -- "$STARTED" 2>"$DATA/feedback-errors.txt" | tee "$DATA/feedback.txt"
sleep 1
echo "stored cases: $(( $(sqlite3 "$DATA/kaiku.sqlite" "SELECT COUNT(*) FROM feedback_cases") - CASES_BEFORE )), requests completed by wrk: $(awk '/requests in/ {print $1}' "$DATA/feedback.txt"), refused: $(wc -l < "$DATA/feedback-errors.txt")"
# Peak memory of the server over everything above (the kernel's high-water mark of its resident set).
RSS=$(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' /proc/$SERVER/status)

# The cost of durable commits: answer submission again, the server restarted with each SQLite
# synchronous setting in turn on the same database (FULL is the default; docs/DECISIONS.md).
for SYNC in normal full; do
  kill $SERVER; wait $SERVER 2>/dev/null || true
  KAIKU_SQLITE_SYNCHRONOUS=$SYNC $KAIKU serve --port "$PORT" & SERVER=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  echo "== answer submission, synchronous = $SYNC: $DURATION s, $CONNECTIONS connections"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/answers.lua "$URL" | tee "$DATA/answers-$SYNC.txt"
done
python3 -c "print(f'page (open link) {float(\"$P\"):.0f}/s p99 $(p99 "$DATA/page.txt"), page (personal links) {float(\"$S\"):.0f}/s p99 $(p99 "$DATA/personal.txt"), journeys {float(\"$J\")/2:.0f}/s p99 $(p99 "$DATA/journey.txt"), answers/s {float(\"$A\"):.0f}, ceiling {float(\"$C\"):.0f} req/s, ratio {float(\"$A\")/float(\"$C\"):.2f}')"
for SYNC in normal full; do
  echo "answers/s with synchronous = $SYNC: $(awk '/Requests\/sec/ {print $2}' "$DATA/answers-$SYNC.txt"), p99 $(p99 "$DATA/answers-$SYNC.txt")"
done
F=$(awk '/Requests\/sec/ {print $2}' "$DATA/feedback.txt")
echo "feedback cases/s: $F, p99 $(p99 "$DATA/feedback.txt"); server peak RSS before the synchronous runs: $RSS"
