#!/usr/bin/env python3
"""Writes examples/pose/run.coco.json: the keypoints of a made-up runner on a
treadmill, filmed from the side at 30 frames per second for 20 seconds, as a
COCO-17 results file (the list of detections MMPose and YOLO-pose tools
write: image_id, category_id, 17 x/y/score keypoints, image rows growing
downwards).

Nobody was filmed: every point comes from the stick-figure model below, so
the values `backstride form` should measure are known in advance:

    cadence       168 steps per minute
    trunk lean    8 degrees forward of vertical (hip-to-shoulder line)
    elbow angle   85 degrees (inner angle of the arm nearer the camera)
    head ahead    0.05 torso lengths in front of the trunk line

The runner faces right and shows the camera their left side (those points
score 0.92, the far side 0.65); every coordinate gets Gaussian noise of
1.5 pixels from a fixed seed, so the file is the same on every run.

    python3 examples/pose/make_run.py            # rewrites the file
    python3 examples/pose/make_run.py OUT.json   # writes OUT.json instead
    cargo run -- form examples/pose/run.coco.json --fps 30

Standard library only; Python 3.8 or later.
"""

import json
import math
import random
import sys
from pathlib import Path

FPS = 30
SECONDS = 20
CADENCE = 168.0  # steps per minute; a stride is two steps
LEAN_DEG = 8.0
ELBOW_DEG = 85.0
HEAD_AHEAD = 0.05  # torso lengths
TORSO_PX = 180.0
NOISE_PX = 1.5
SEED = 14
HIP = (420.0, 420.0)  # hip centre in the image, pixels (y down)

# COCO-17 keypoint order.
NAMES = [
    "nose", "left_eye", "right_eye", "left_ear", "right_ear",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
    "left_wrist", "right_wrist", "left_hip", "right_hip",
    "left_knee", "right_knee", "left_ankle", "right_ankle",
]


def unit(deg_from_down):
    """Direction of a limb swung `deg_from_down` forward from hanging straight
    down, with x forward and y up."""
    a = math.radians(deg_from_down)
    return (math.sin(a), -math.cos(a))


def plus(p, q, k=1.0):
    return (p[0] + k * q[0], p[1] + k * q[1])


def pose_at(t):
    """The 17 points at time t (seconds) as {name: (x, y)}, x forward and y
    up, relative to the hip centre, in pixels."""
    T = TORSO_PX
    stride_hz = CADENCE / 120.0
    phase = 2.0 * math.pi * stride_hz * t
    lean = math.radians(LEAN_DEG)
    along = (math.sin(lean), math.cos(lean))  # hip -> shoulder
    ahead = (math.cos(lean), -math.sin(lean))  # forward, square to the trunk
    hip = (0.0, 0.025 * T * math.cos(2.0 * phase))  # a bob at each step
    shoulder = plus(hip, along, T)
    ear = plus(plus(shoulder, along, 0.42 * T), ahead, HEAD_AHEAD * T)
    pts = {
        "nose": plus(plus(ear, ahead, 0.2 * T), along, -0.06 * T),
    }
    for side, offset, leg_phase in (("left", 0.0, 0.0), ("right", 0.04 * T, math.pi)):
        shift = (offset, 0.0)
        sh = plus(shoulder, shift)
        hp = plus(hip, shift)
        pts[f"{side}_shoulder"] = sh
        pts[f"{side}_hip"] = hp
        pts[f"{side}_ear"] = plus(ear, shift)
        pts[f"{side}_eye"] = plus(plus(ear, shift), plus(ahead, along, 0.25), 0.14 * T)
        # The leg: the thigh swings 30 degrees either way; the knee is
        # straight when the foot is furthest forward (the landing) and most
        # bent half a stride later.
        swing = leg_phase + phase
        thigh = 30.0 * math.sin(swing)
        bend = 50.0 * (1.0 - math.sin(swing)) / 2.0
        knee = plus(hp, unit(thigh), 0.9 * T)
        pts[f"{side}_knee"] = knee
        pts[f"{side}_ankle"] = plus(knee, unit(thigh - bend), 0.85 * T)
        # The arm swings against the leg of its side, about 10 degrees
        # forward on average; the forearm keeps ELBOW_DEG to the upper arm.
        upper = 10.0 + 28.0 * math.sin(swing + math.pi)
        elbow = plus(sh, unit(upper), 0.55 * T)
        back = unit(upper + 180.0)  # elbow -> shoulder
        c, s = math.cos(math.radians(ELBOW_DEG)), math.sin(math.radians(ELBOW_DEG))
        fore = (back[0] * c + back[1] * s, -back[0] * s + back[1] * c)
        pts[f"{side}_elbow"] = elbow
        pts[f"{side}_wrist"] = plus(elbow, fore, 0.48 * T)
    return pts


def main():
    rng = random.Random(SEED)
    detections = []
    for frame in range(FPS * SECONDS):
        pts = pose_at(frame / FPS)
        keypoints = []
        for name in NAMES:
            x, y = pts[name]
            score = 0.65 if name.startswith("right") else 0.92
            keypoints += [
                round(HIP[0] + x + rng.gauss(0.0, NOISE_PX), 1),
                round(HIP[1] - y + rng.gauss(0.0, NOISE_PX), 1),
                score,
            ]
        detections.append(
            {"image_id": frame, "category_id": 1, "keypoints": keypoints, "score": 0.97}
        )
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("run.coco.json")
    out.write_text(json.dumps(detections, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({len(detections)} frames, {out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
