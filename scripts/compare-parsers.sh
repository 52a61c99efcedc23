#!/usr/bin/env bash
# Backstride parser benchmark: our Rust decoders against Python's usual
# libraries (fitdecode, gpxpy, tcxreader) on the same synthetic "decade of
# training", on this machine, in one run.
#
# Usage (from anywhere; works on a fresh machine with cargo and python3):
#   scripts/compare-parsers.sh [--count N] [--seed S] [--formats fit,gpx,tcx]
#                              [--no-python] [--no-import]
#
# Steps:
#   1. builds (release) the corpus generator `bench-corpus` and the timing
#      tool `parse-timing` (crates/bench-corpus, crates/bench-tools);
#   2. writes the corpus to target/bench-corpus/<count>-<seed>/ unless it is
#      already there (default 3000 one-hour activities, ~830 MB);
#   3. makes a venv in target/peers-venv and installs pinned fitdecode, gpxpy
#      and tcxreader;
#   4. times Rust (parse-timing) and then Python (scripts/peers/parse_peers.py)
#      over every file of the corpus, one thread each;
#   5. import hook: if `target/release/backstride import --help` works, times
#      the full import of the corpus into a fresh SQLite database with
#      /usr/bin/time -v (peak RSS);
#   6. prints the side-by-side table with ratios (scripts/peers/report.py).
# Results land in target/compare/ (rust.json, python.json, import.json, logs).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=3000
SEED=2016
FORMATS=fit,gpx,tcx
RUN_PYTHON=1
RUN_IMPORT=1
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --formats) FORMATS="$2"; shift 2 ;;
    --no-python) RUN_PYTHON=0; shift ;;
    --no-import) RUN_IMPORT=0; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

CORPUS="target/bench-corpus/${COUNT}-${SEED}"
RESULTS="target/compare"
VENV="target/peers-venv"
mkdir -p "$RESULTS"

echo "== 1. build (release): bench-corpus, parse-timing"
cargo build --release --quiet -p backstride-bench-corpus -p backstride-bench-tools

echo "== 2. corpus: $CORPUS"
if [ -f "$CORPUS/README.txt" ] && grep -q "count=${COUNT} seed=${SEED} " "$CORPUS/README.txt"; then
  echo "already there (delete it to regenerate)"
else
  rm -rf "$CORPUS"
  target/release/bench-corpus --out "$CORPUS" --count "$COUNT" --seed "$SEED"
fi
echo "size on disk: $(du -sh "$CORPUS" | cut -f1)"

if [ "$RUN_PYTHON" = 1 ]; then
  echo "== 3. python peers in $VENV"
  if [ ! -x "$VENV/bin/python" ]; then
    if ! python3 -m venv "$VENV"; then
      # Debian/Ubuntu ship venv separately.
      echo "python3 -m venv failed; installing python3-venv" >&2
      apt-get update -qq && apt-get install -y -qq python3-venv
      rm -rf "$VENV"
      python3 -m venv "$VENV"
    fi
  fi
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    fitdecode==0.11.0 gpxpy==1.6.2 tcxreader==0.4.11
fi

# Read every file once so that neither side pays for a cold page cache.
find "$CORPUS" -type f -exec cat {} + > /dev/null

echo "== 4a. Rust: parse-timing (one thread)"
target/release/parse-timing "$CORPUS" --json "$RESULTS/rust.json" \
  || echo "(parse-timing reported failures; see above)"

if [ "$RUN_PYTHON" = 1 ]; then
  echo "== 4b. Python: fitdecode / gpxpy / tcxreader (one process; this takes minutes)"
  "$VENV/bin/python" scripts/peers/parse_peers.py "$CORPUS" --json "$RESULTS/python.json" \
    --formats "$FORMATS"
else
  rm -f "$RESULTS/python.json"
fi

# ---------------------------------------------------------------------------
# Import hook: time `backstride import <corpus>` into a fresh database, with
# peak memory. It runs only once the subcommand exists (`import --help`
# succeeds); targets: < 10 s and < 300 MB peak RSS for the whole corpus.
# ---------------------------------------------------------------------------
import_hook() {
  local out="$RESULTS/import.json" bin=target/release/backstride
  local data="$RESULTS/import-data" log="$RESULTS/import.log" tlog="$RESULTS/import.time"
  if [ "$RUN_IMPORT" != 1 ]; then
    echo '{"ran": false, "reason": "--no-import"}' > "$out"; return
  fi
  echo "== 5. import hook: $bin import $CORPUS"
  if ! cargo build --release --quiet -p backstride 2> "$RESULTS/import-build.log"; then
    echo '{"ran": false, "reason": "backstride does not build (see target/compare/import-build.log)"}' > "$out"
    return
  fi
  if ! "$bin" import --help > /dev/null 2>&1; then
    echo '{"ran": false, "reason": "backstride has no import subcommand yet"}' > "$out"
    return
  fi
  if [ ! -x /usr/bin/time ]; then
    echo '{"ran": false, "reason": "/usr/bin/time missing (apt-get install time)"}' > "$out"
    return
  fi
  rm -rf "$data" && mkdir -p "$data"
  local rc=0 start end
  start=$(date +%s.%N)
  BACKSTRIDE_DATA_DIR="$data" /usr/bin/time -v -o "$tlog" "$bin" import "$CORPUS" \
    > "$log" 2>&1 || rc=$?
  end=$(date +%s.%N)
  local rss_kb
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tlog")
  printf '{"ran": true, "seconds": %s, "peak_rss_mb": %s, "exit_code": %s}\n' \
    "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')" \
    "$(awk -v k="${rss_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }')" "$rc" > "$out"
  tail -n 15 "$log"
}
import_hook

echo "== 6. comparison"
REPORT_PY=python3
[ -x "$VENV/bin/python" ] && REPORT_PY="$VENV/bin/python"
"$REPORT_PY" scripts/peers/report.py "$RESULTS/rust.json" "$RESULTS/python.json" \
  --import "$RESULTS/import.json"
