#!/usr/bin/env bash
# The text analyser's speed on one core: `kaiku text analyze` over N texts (the evaluation set's
# texts repeated, each with a running number so no two lines are the same), language told by the
# text. Usage: KAIKU=<binary> scripts/bench-text.sh [N]   (default 50000; use a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50000}
kaiku=${KAIKU:-.build-release/release/kaiku}
input=$(mktemp)
trap 'rm -f "$input"' EXIT
grep -hv '^#' Tests/text-eval/dev.tsv Tests/text-eval/test.tsv | cut -f3 \
  | awk -v n="$n" '{ lines[NR] = $0 } END { for (i = 0; i < n; i++) print lines[i % NR + 1] " (" i ")" }' > "$input"
start=$(date +%s.%N)
taskset -c 0 "$kaiku" text analyze < "$input" > /dev/null
end=$(date +%s.%N)
awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "%d texts in %.2f s: %.0f texts/s on one core\n", n, e - s, n / (e - s) }'
