#!/usr/bin/env python3
"""Run MediaPipe's legacy Pose solution (BlazePose, model_complexity=1, the
`pose_landmark_full.tflite` that ships inside the mediapipe wheel) over every
frame of a video and write one JSON object per frame (JSON Lines):

    {"frame": n, "time_s": t, "image_width": W, "image_height": H,
     "landmarks": [{"x":..,"y":..,"z":..,"visibility":..} x 33]}

x and y are MediaPipe's normalised image coordinates (0..1, y down), z is
MediaPipe's relative depth, visibility its 0..1 score. A frame in which the
model found nobody has "landmarks": [].

Tested with mediapipe 0.10.14, numpy 1.26.4, opencv-contrib-python 4.10 on
CPython 3.11 (x86_64 Linux). Needs no network: the full model is bundled.

With --crop X0,Y0,X1,Y1 (pixels, end exclusive) each frame is cut to that
rectangle before the model sees it; image_width/image_height and the
normalised x, y then refer to the cropped picture (full-frame pixel =
X0 + x * image_width, Y0 + y * image_height).

usage: mediapipe_video_to_jsonl.py VIDEO OUT.jsonl [--first N] [--last N] [--crop X0,Y0,X1,Y1]
"""
import argparse
import json

import cv2
import mediapipe as mp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("video")
    ap.add_argument("out")
    ap.add_argument("--first", type=int, default=0, help="first frame to write (all frames are still fed to the tracker)")
    ap.add_argument("--last", type=int, default=None, help="last frame to write, inclusive")
    ap.add_argument("--crop", default=None, help="X0,Y0,X1,Y1 in pixels: process only this rectangle")
    ap.add_argument("--digits", type=int, default=5, help="decimal places kept")
    a = ap.parse_args()

    cap = cv2.VideoCapture(a.video)
    fps = cap.get(cv2.CAP_PROP_FPS)
    w = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
    h = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    crop = None
    if a.crop:
        crop = [int(v) for v in a.crop.split(",")]
        w, h = crop[2] - crop[0], crop[3] - crop[1]
    r = lambda v: round(float(v), a.digits)
    n = 0
    found = 0
    with mp.solutions.pose.Pose(
        static_image_mode=False,
        model_complexity=1,
        smooth_landmarks=True,
        enable_segmentation=False,
        min_detection_confidence=0.5,
        min_tracking_confidence=0.5,
    ) as pose, open(a.out, "w") as out:
        while True:
            ok, bgr = cap.read()
            if not ok:
                break
            if crop:
                bgr = bgr[crop[1]:crop[3], crop[0]:crop[2]]
            res = pose.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            if n >= a.first and (a.last is None or n <= a.last):
                lms = []
                if res.pose_landmarks is not None:
                    found += 1
                    lms = [
                        {"x": r(p.x), "y": r(p.y), "z": r(p.z), "visibility": r(p.visibility)}
                        for p in res.pose_landmarks.landmark
                    ]
                rec = {
                    "frame": n,
                    "time_s": round(n / fps, 6),
                    "image_width": w,
                    "image_height": h,
                    "landmarks": lms,
                }
                out.write(json.dumps(rec, separators=(",", ":")) + "\n")
            n += 1
    print(f"{a.video}: {n} frames read at {fps} fps, {w}x{h} (crop {crop}); person found in {found} written frames")


if __name__ == "__main__":
    main()
