# Run by tests/data_safety.rs inside its own mount namespace (see there):
# a tmpfs of a few MB at $D, filled to the last byte (and then to the last
# N KiB, for each N in $SWEEP), with the real binary $B run against a data
# directory on it. Every run leaves $OUT/<name>.code, .out and .err behind
# (outside the tmpfs) for the test to judge; this script judges nothing.
set -u
mount -t tmpfs -o size=4m tmpfs "$D" || { echo "cannot mount a tmpfs at $D" >&2; exit 90; }
export BACKSTRIDE_DATA_DIR="$D/data"
export NO_COLOR=1

step() {
  name=$1; shift
  "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
  echo $? >"$OUT/$name.code"
}

# Fill the tmpfs to the last byte, then free the last $1 KiB of it.
fill() {
  rm -f "$D/fill" "$D/fill.tail"
  dd if=/dev/zero of="$D/fill" bs=4096 2>/dev/null
  dd if=/dev/zero of="$D/fill.tail" bs=1 2>/dev/null
  rm -f "$D/fill.tail"
  [ "$1" -gt 0 ] && truncate -s "-$1K" "$D/fill"
  return 0
}

# What is stored while there is room.
step setup-assess "$B" assess --answers "$EX/lower-back.toml" --format json
step setup-log "$B" log pain --region lower-back --nrs 3 --when after --note setup
step setup-import "$B" import "$W/run0.gpx"
step setup-export "$B" export --out "$OUT/before"

for n in $SWEEP; do
  fill "$n"; step "pain-$n" "$B" log pain --region lower-back --nrs 5 --when after --note "pain-$n"
  fill "$n"; step "rpe-$n" "$B" log rpe --activity 1 --value 7 --note "rpe-$n"
  fill "$n"; step "brace-$n" "$B" log brace --worn --note "brace-$n"
  fill "$n"; step "cross-$n" "$B" log cross-train --kind cycling --minutes 30 --note "cross-$n"
  fill "$n"; step "assess-$n" "$B" assess --answers "$EX/red-flag.toml" --format json
  fill "$n"; step "ics-$n" "$B" plan --answers "$EX/lower-back.toml" --no-save --ics "$D/plan-$n.ics"
  fill "$n"; step "report-$n" "$B" plan --answers "$EX/lower-back.toml" --no-save --format markdown --output "$D/report-$n.md"
  fill "$n"; step "export-$n" "$B" export --out "$D/export-$n"
  fill "$n"; step "backup-$n" "$B" backup "$D/backup-$n.db"
  fill "$n"; step "import-$n" "$B" import --json "$W/many-$n"
done

# Every file on the tmpfs with its size, then free the space and read
# everything back.
rm -f "$D/fill"
find "$D" -type f -printf '%s %P\n' >"$OUT/files"
# The tmpfs goes with the namespace: keep a copy for the test to read.
mkdir -p "$OUT/tmpfs" && cp -a "$D/." "$OUT/tmpfs/"
step after-export "$B" export --out "$OUT/after"
exit 0
