#!/usr/bin/env bash
# Rebuilds every folder under testdata/pose/real/ from the PyPI packages
# named in ../README.md. Needs CPython 3.11 (x86_64 Linux) and PyPI access;
# everything else runs offline. Takes about two minutes of CPU.
#
#   bash testdata/pose/scripts/reproduce.sh [WORKDIR]
#
# WORKDIR (default: a new temporary folder) receives the downloads and the
# Python virtual environment; nothing outside it and testdata/pose/real/ is
# written.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REAL="$HERE/../real"
W="${1:-$(mktemp -d)}"
mkdir -p "$W" && cd "$W"

python3.11 -m venv venv
venv/bin/pip install -q "mediapipe==0.10.14" "numpy==1.26.4" "opencv-contrib-python==4.10.0.84"
PY="nice venv/bin/python"

for spec in sports2d==0.8.34 sports2d==0.3.4 pose2sim==0.8.4 pose2sim==0.4.15; do
  venv/bin/pip download -q --no-deps -d dl "$spec"
done
unzip -q -o -d s2d-0.8.34 dl/sports2d-0.8.34-py3-none-any.whl
unzip -q -o -d s2d-0.3.4  dl/sports2d-0.3.4-py3-none-any.whl
unzip -q -o -d p2s-0.8.4  dl/pose2sim-0.8.4-py3-none-any.whl
unzip -q -o -d p2s-0.4.15 dl/pose2sim-0.4.15-py3-none-any.whl

DEMO=s2d-0.8.34/Sports2D/Demo/demo.mp4
SPRINT=s2d-0.3.4/Sports2D/Demo/demo.mp4
sha256sum -c - <<SUMS
d9a66417185647b112304b57093f0c180f37a768e6a14daca75ca541f3b78039  $DEMO
220fd6088e4cfa5b5646ac4a09423962d64c0db8813e81a69f24bc24a98e2edb  $SPRINT
SUMS

# 1. Legacy MediaPipe Pose on the whole Sports2D demo video.
mkdir -p "$REAL/sports2d-demo-mediapipe"
$PY "$HERE/mediapipe_video_to_jsonl.py" "$DEMO" "$REAL/sports2d-demo-mediapipe/demo.mediapipe.jsonl"

# 2. Same model on the lower band of the same video (rows 460..993), where
#    the walking woman is the most prominent person.
mkdir -p "$REAL/sports2d-demo-walker-mediapipe"
$PY "$HERE/mediapipe_video_to_jsonl.py" "$DEMO" "$REAL/sports2d-demo-walker-mediapipe/demo-lower-band.mediapipe.jsonl" --crop 0,460,1768,994

# 3. Multi-person MediaPipe Tasks run (bundle rebuilt from the wheel's models).
mkdir -p "$REAL/sports2d-demo-mediapipe-multi"
$PY "$HERE/mediapipe_tasks_multi_to_jsonl.py" "$DEMO" "$REAL/sports2d-demo-mediapipe-multi/demo.mediapipe-multi.jsonl" --num-poses 4 --min-conf 0.3

# 4. Legacy MediaPipe Pose on the Sports2D 0.3.4 demo (sprint).
mkdir -p "$REAL/sports2d-034-sprint-mediapipe"
$PY "$HERE/mediapipe_video_to_jsonl.py" "$SPRINT" "$REAL/sports2d-034-sprint-mediapipe/demo-0.3.4.mediapipe.jsonl"

# 5. OpenPose BODY_25B files shipped by Pose2Sim: copied unchanged.
T=p2s-0.8.4/Pose2Sim/S00_Demo_BatchSession/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/pose
D="$REAL/pose2sim-balancing-openpose-body25b"
for c in 01 02; do
  mkdir -p "$D/cam${c}_json"
  cp "$T/cam${c}_json/"cam${c}.[0-9][0-9][0-9][0-9].json "$D/cam${c}_json/"
done
cp p2s-0.4.15/Pose2Sim/Demo/opensim/Balancing_for_IK.trc "$D/"
echo "done; work files left in $W"
