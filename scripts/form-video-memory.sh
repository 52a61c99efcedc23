#!/usr/bin/env bash
# Peak memory of `backstride form VIDEO` against the clip's length: the
# decoder streams the file and the pose model sees one frame at a time, so
# a five-minute clip should need about what a twenty-second one needs, plus
# the keypoints (17 points a frame). The clips are the pose2sim test clip
# (a real person) scaled to 720x1280 portrait at 30 fps and looped with
# ffmpeg's libx264. Peak resident memory is read from the kernel's account
# of the finished child (getrusage). Uses a release build.
#
#   scripts/form-video-memory.sh            # build, make the clips, measure
#   MINUTES=10 scripts/form-video-memory.sh # a longer long clip
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet -p backstride
bin=target/release/backstride
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=testdata/video/pose2sim-cam01-h264.mp4
minutes=${MINUTES:-5}
make_clip() { # name seconds
  # The source is 100 frames at 60 fps (1.67 s): loop it enough times.
  local loops=$(($2 * 6 / 10 + 1))
  ffmpeg -v error -stream_loop "$loops" -i "$src" -t "$2" \
    -vf "scale=720:1280,fps=30" -c:v libx264 -profile:v high -bf 2 -pix_fmt yuv420p \
    -an -y "$work/$1.mp4"
}
make_clip short 20
make_clip long $((minutes * 60))
printf '%-6s %8s %9s %9s %10s\n' clip seconds frames "MB file" "peak MB"
for clip in short long; do
  python3 - "$bin" "$work/$clip.mp4" "$work/data" "$clip" <<'PY'
import json, os, resource, subprocess, sys
bin, clip, data, name = sys.argv[1:]
env = dict(os.environ, BACKSTRIDE_DATA_DIR=data)
out = subprocess.run([bin, "form", clip, "--no-save", "--json"], env=env,
                     check=True, capture_output=True).stdout
frames = json.loads(out)["clips"][0]["frames"]
fps = json.loads(out)["clips"][0]["fps"]
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
size_mb = os.path.getsize(clip) / 1e6
print(f"{name:<6} {frames / fps:>8.0f} {frames:>9} {size_mb:>9.1f} {peak_mb:>10.0f}")
PY
done
