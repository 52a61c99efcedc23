#!/usr/bin/env bash
# Compares every total Backstride works out for the real activity files
# (testdata/activities/real/, and the fitparser crate's fixtures when
# scripts/fetch-real-fit.sh has fetched them, or any files given) with
# independent readers: fitdecode, gpxpy and tcxreader from PyPI, in
# target/py-venv as .ci/run makes it. Prints a Markdown table of the
# differences; each one needs an explanation (docs/activity-totals.md).
#
# Usage: scripts/cross-check.sh [FILE...]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/py-venv
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check fitdecode gpxpy tcxreader
cargo build --quiet -p backstride-bench-tools --bin activity-totals
if [[ $# -eq 0 ]]; then
  set -- testdata/activities/real/*.{fit,gpx,tcx}
  if compgen -G "target/real-fit/*.fit" > /dev/null; then
    set -- "$@" target/real-fit/*.fit
  fi
fi
totals=$(mktemp)
trap 'rm -f "$totals"' EXIT
target/debug/activity-totals "$@" > "$totals" || true
"$venv/bin/python" scripts/cross-check.py "$totals" "$@"
