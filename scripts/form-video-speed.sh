#!/usr/bin/env bash
# End-to-end speed of `backstride form VIDEO` (decode, pose model, form
# analysis, report) on this machine, in frames per second, for the two
# sizes issue 16 names: 720p at 30 fps and 1080p at 60 fps. The clips are
# the pose2sim test clip (a real person, H.264 with B-frames) scaled and
# looped to 20 s with ffmpeg's libx264, so the tracker follows a person
# as it would on a runner's phone video. Uses a release build.
#
#   scripts/form-video-speed.sh            # build, make the clips, time
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet -p backstride
bin=target/release/backstride
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=testdata/video/pose2sim-cam01-h264.mp4
make_clip() { # name width height fps
  ffmpeg -v error -stream_loop 11 -i "$src" -t 20 \
    -vf "scale=$2:$3,fps=$4" -c:v libx264 -profile:v high -bf 2 -pix_fmt yuv420p \
    -an -y "$work/$1.mp4"
}
# Portrait, as phones film: 720x1280 at 30 fps, 1080x1920 at 60 fps.
make_clip 720p30 720 1280 30
make_clip 1080p60 1080 1920 60
printf '%-8s %7s %8s %8s\n' clip frames seconds "frames/s"
for clip in 720p30 1080p60; do
  frames=$(ffprobe -v error -count_packets -select_streams v:0 \
    -show_entries stream=nb_read_packets -of csv=p=0 "$work/$clip.mp4")
  start=$(date +%s.%N)
  BACKSTRIDE_DATA_DIR="$work/data" "$bin" form "$work/$clip.mp4" --no-save --json > /dev/null
  end=$(date +%s.%N)
  python3 -c "import sys; f=$frames; s=$end-$start; print(f'{sys.argv[1]:<8} {f:>7} {s:>8.2f} {f/s:>8.1f}')" "$clip"
done
