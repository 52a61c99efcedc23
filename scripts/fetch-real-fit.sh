#!/usr/bin/env bash
# Fetches real device FIT files for the import tests: the fixtures shipped in
# the `fitparser` crate on crates.io (Garmin Fenix, Edge, HRV recordings,
# developer-field and chained files). Nothing is committed: the files land
# in target/real-fit/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/real-fit
if compgen -G "$out/*.fit" > /dev/null; then
  exit 0
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/src"
cat > "$scratch/Cargo.toml" <<'TOML'
[package]
name = "fetch-real-fit"
version = "0.0.0"
edition = "2021"
[dependencies]
fitparser = "=0.11.0"
TOML
echo 'fn main() {}' > "$scratch/src/main.rs"
cargo fetch --quiet --manifest-path "$scratch/Cargo.toml"
crate=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/cache" -name 'fitparser-0.11.0.crate' | head -1)
if [[ -z $crate ]]; then
  echo "fitparser-0.11.0.crate not found after cargo fetch" >&2
  exit 1
fi
mkdir -p "$out"
tar -xzf "$crate" -C "$scratch" fitparser-0.11.0/tests/fixtures
cp "$scratch"/fitparser-0.11.0/tests/fixtures/*.fit "$out"/
echo "real FIT files in $out: $(ls "$out" | wc -l)"
