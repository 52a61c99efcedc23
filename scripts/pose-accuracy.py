#!/usr/bin/env python3
"""Compare Backstride's pose estimator with MediaPipe Pose on a real clip.

A developer script (CI does not run it). It decodes every frame of CLIP with
OpenCV, runs MediaPipe Pose on them (VIDEO mode: one tracker across the
clip, model_complexity=1 = pose_landmark_full, the model the mediapipe
0.10.14 wheel ships, landmark smoothing on as by default), maps its 33
landmarks to COCO-17 in upright picture pixels with their visibility, and
writes that reference to testdata/video/<clip>.mediapipe.json. It then
writes the same frames as PPM files, runs the Rust example
`pose_frames` (crates/pose/examples/pose_frames.rs) on them and prints, in
torso lengths (reference mid-shoulder to mid-hip), the median and p90 error
per keypoint and overall and the share of points within 0.2.

Only points MediaPipe itself sees (visibility >= 0.5) are scored: its hidden
points are guesses.

Setup (once):
    python3 -m venv /tmp/mpvenv
    /tmp/mpvenv/bin/pip install mediapipe==0.10.14 opencv-python-headless==5.1.0.95
(measured with those, which brought numpy 2.4.6 and opencv-contrib-python
5.1.0.95 along).
Run from the repository root:
    cargo build -p backstride-pose --example pose_frames
    /tmp/mpvenv/bin/python scripts/pose-accuracy.py testdata/video/pose2sim-cam01-h264.mp4 \
        --pose-frames target/debug/examples/pose_frames
(without --pose-frames it builds and runs the example in release).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import cv2
import mediapipe as mp
import numpy as np

COCO17 = [
    "nose", "left_eye", "right_eye", "left_ear", "right_ear",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
    "left_wrist", "right_wrist", "left_hip", "right_hip",
    "left_knee", "right_knee", "left_ankle", "right_ankle",
]
# BlazePose's 33 landmark indices for each COCO-17 point, in COCO order.
BLAZEPOSE_FOR_COCO = [0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28]
SEEN = 0.5


def decode(clip):
    """Every frame of the clip as upright RGB arrays, and its frame rate."""
    cap = cv2.VideoCapture(clip)
    if not cap.isOpened():
        sys.exit(f"{clip}: OpenCV cannot open it")
    fps = cap.get(cv2.CAP_PROP_FPS)
    frames = []
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        frames.append(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    if not frames:
        sys.exit(f"{clip}: no frames decoded")
    return frames, fps


def mediapipe_reference(frames):
    """COCO-17 [x, y, visibility] per frame (None where nobody was found)."""
    out = []
    with mp.solutions.pose.Pose(
        static_image_mode=False,
        model_complexity=1,
        smooth_landmarks=True,
        enable_segmentation=False,
    ) as pose:
        for rgb in frames:
            h, w = rgb.shape[:2]
            res = pose.process(rgb)
            if res.pose_landmarks is None:
                out.append(None)
                continue
            lm = res.pose_landmarks.landmark
            out.append([
                [round(lm[i].x * w, 1), round(lm[i].y * h, 1), round(lm[i].visibility, 3)]
                for i in BLAZEPOSE_FOR_COCO
            ])
    return out


def run_ours(frames, binary):
    """Backstride's keypoints per frame, via the pose_frames example."""
    with tempfile.TemporaryDirectory(prefix="pose-frames-") as tmp:
        for i, rgb in enumerate(frames):
            cv2.imwrite(os.path.join(tmp, f"frame-{i:06d}.ppm"), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        if binary:
            cmd = [binary, tmp]
        else:
            cmd = ["cargo", "run", "--quiet", "--release", "-p", "backstride-pose",
                   "--example", "pose_frames", "--", tmp]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    ours = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(ours) != len(frames):
        sys.exit(f"pose_frames gave {len(ours)} poses for {len(frames)} frames")
    return [o["keypoints"] for o in ours]


def torso_length(ref):
    mid = lambda a, b: (np.array(ref[a][:2]) + np.array(ref[b][:2])) / 2
    return float(np.linalg.norm(mid(5, 6) - mid(11, 12)))


def compare(ref, ours):
    per_point = {name: [] for name in COCO17}
    for r, o in zip(ref, ours):
        if r is None:
            continue
        torso = torso_length(r)
        if torso <= 1:
            continue
        for k, name in enumerate(COCO17):
            if r[k][2] < SEEN:
                continue
            d = np.hypot(o[k][0] - r[k][0], o[k][1] - r[k][1]) / torso
            per_point[name].append(d)
    rows = []
    every = []
    for name in COCO17:
        e = per_point[name]
        every += e
        if e:
            rows.append((name, len(e), np.median(e), np.percentile(e, 90), np.mean(np.array(e) <= 0.2)))
    rows.append(("ALL", len(every), np.median(every), np.percentile(every, 90), np.mean(np.array(every) <= 0.2)))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("clip", help="an H.264 MP4, e.g. testdata/video/pose2sim-cam01-h264.mp4")
    ap.add_argument("--reference", help="where to write MediaPipe's keypoints "
                    "(default: next to the clip, <clip>.mediapipe.json)")
    ap.add_argument("--pose-frames", help="a built pose_frames example binary "
                    "(default: cargo run --release)")
    args = ap.parse_args()

    frames, fps = decode(args.clip)
    h, w = frames[0].shape[:2]
    ref = mediapipe_reference(frames)
    reference = args.reference or os.path.splitext(args.clip)[0] + ".mediapipe.json"
    with open(reference, "w") as f:
        json.dump({
            "clip": os.path.basename(args.clip),
            "reference": "MediaPipe Pose (mediapipe 0.10.14, VIDEO mode, model_complexity=1, "
                         "smooth_landmarks=True), frames decoded by OpenCV "
                         f"{cv2.__version__}, BlazePose landmarks mapped to COCO-17",
            "width": w,
            "height": h,
            "fps": fps,
            "keypoint_names": COCO17,
            "point": "[x, y, visibility], upright pixels, y down; a frame is null "
                     "where MediaPipe found nobody",
            "frames": ref,
        }, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{len(frames)} frames {w}x{h} at {fps:g} fps; reference written to {reference}")

    ours = run_ours(frames, args.pose_frames)
    print(f"{'keypoint':16} {'n':>5} {'median':>7} {'p90':>7} {'<=0.2':>6}   (torso lengths)")
    for name, n, med, p90, within in compare(ref, ours):
        print(f"{name:16} {n:5d} {med:7.3f} {p90:7.3f} {within:6.1%}")


if __name__ == "__main__":
    main()
