#!/usr/bin/env bash
# Load test of `backstride serve` over a ten-year history (issue 11): the
# synthetic decade of crates/bench-corpus (3,000 one-hour activities at
# 1 Hz with heart rate) imported through `backstride import`, a pain score
# logged every day, saved answers and a plan; then wrk against every page
# and API read, one after the other (each first alone, then under load),
# and the server's peak memory.
#
# Usage: scripts/load-test.sh [SECONDS_PER_URL (10)] [CONNECTIONS (8)]
# Needs wrk (Debian: apt-get install wrk). Release build. Prints a table:
# URL, the first request's time, requests/s, p50, p99 (ms); then the
# server's peak RSS (VmHWM).
# The database is built in a temporary folder and removed at the end, unless
# LOADTEST_DATA names a folder: then the decade is built there once and
# reused by later runs (handy while profiling one page).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-8}
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

cargo build --release --locked -q -p backstride -p backstride-bench-corpus
bin=target/release/backstride
work=$(mktemp -d)
trap 'kill "${server:-0}" 2> /dev/null || true; rm -rf "$work"' EXIT
export BACKSTRIDE_DATA_DIR="${LOADTEST_DATA:-$work/data}"
today=2026-01-05

if [[ -n "${LOADTEST_DATA:-}" && -f "$LOADTEST_DATA/.decade-ready" ]]; then
  echo "== the decade: reusing $LOADTEST_DATA"
else
echo "== the decade: corpus, import, a pain score a day"
target/release/bench-corpus --out "$work/corpus" > /dev/null
start=$(date +%s)
"$bin" --today "$today" import "$work/corpus" --json > "$work/import.json" || true
echo "imported in $(( $(date +%s) - start )) s"
start=$(date +%s)
d=2016-01-01
while [[ "$d" < "$today" ]]; do
  nrs=$(( ( $(date -d "$d" +%j | sed 's/^0*//') * 7 ) % 5 + 1 ))
  "$bin" --today "$today" log pain --region lower-back --nrs "$nrs" --when next-morning --at "${d}T07:30" > /dev/null
  d=$(date -d "$d + 1 day" +%F)
done
echo "pain logged in $(( $(date +%s) - start )) s"
"$bin" --today "$today" plan --answers examples/answers/lower-back.toml --weeks 8 --save > /dev/null
ls -l "$BACKSTRIDE_DATA_DIR"
touch "$BACKSTRIDE_DATA_DIR/.decade-ready"
fi

echo "== serve"
"$bin" --today "$today" serve --port 0 > "$work/serve.out" 2> "$work/serve.err" &
server=$!
for _ in $(seq 100); do
  grep -q "http://" "$work/serve.out" 2> /dev/null && break
  sleep 0.1
done
url=$(grep -o 'http://[^ ]*' "$work/serve.out" | head -1)
url=${url%/}
first_activity=$(curl -s "$url/api/v1/activities?limit=1" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2 || true)

printf '%-40s %9s %10s %9s %9s\n' url first_ms req/s p50_ms p99_ms
paths=(/today /check-in /plan /plan/month /import /history /insights /form /sources /data
  /api/v1/today /api/v1/plan /api/v1/activities /api/v1/entries /api/v1/insights /api/v1/sources /api/openapi.json)
[[ -n "$first_activity" ]] && paths+=("/history/activity/$first_activity" "/api/v1/activities/$first_activity")
for p in "${paths[@]}"; do
  # The first request alone: what a page costs before anything is kept
  # for the data's version (the insights, the standing red-flag rule);
  # then the load.
  first=$(curl -s -o /dev/null -w '%{time_total}' "$url$p" | awk '{ printf "%.1f", $1 * 1000 }')
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$url$p" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<< "$out")
  ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v); print v } else if (v ~ /s$/) { sub(/s/, "", v); print v * 1000 } else print v }'; }
  printf '%-40s %9s %10s %9s %9s %s\n' "$p" "$first" "$rps" "$(ms "$p50")" "$(ms "$p99")" "${non2xx:+non-2xx: $non2xx}"
done
echo "server peak memory: $(awk '/VmHWM/ {print $2, $3}' /proc/$server/status)"
