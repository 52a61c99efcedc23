#!/usr/bin/env python3
"""Multi-person MediaPipe run, using only the model files that ship inside
the mediapipe 0.10.14 wheel.

The MediaPipe Tasks PoseLandmarker can return several people per frame, but
its ready-made `.task` bundles are downloaded separately and are not
available here. This script therefore builds a bundle from the two legacy
BlazePose models that the wheel does contain
(`modules/pose_detection/pose_detection.tflite`,
`modules/pose_landmark/pose_landmark_full.tflite`), after adding the input
normalisation metadata the Tasks API insists on (detector: pixels mapped to
[-1, 1]; landmark model: pixels mapped to [0, 1], as the legacy graphs do).
The network weights are untouched. This is not Google's official
pose_landmarker bundle: expect more missed people and some duplicate
detections of one person than the official bundle would give.

Output, one JSON object per frame (JSON Lines):

    {"frame": n, "time_s": t, "image_width": W, "image_height": H,
     "poses": [[{"x":..,"y":..,"z":..,"visibility":..} x 33], ...]}

"poses" holds 0..--num-poses people in the order MediaPipe returned them
(no identity across frames); each is in the same 33-landmark layout and
normalised coordinates as the legacy solution.

usage: mediapipe_tasks_multi_to_jsonl.py VIDEO OUT.jsonl [--num-poses 4] [--min-conf 0.3]
"""
import argparse
import json
import os
import tempfile
import zipfile

import cv2
import mediapipe as mp
from mediapipe.tasks.python import BaseOptions, vision
from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer


def with_norm_metadata(path, mean, std, name, n_outputs):
    buf = open(path, "rb").read()
    w = metadata_writer.MetadataWriter.create(buf)
    w.add_general_info(name, "legacy MediaPipe model, input normalisation metadata added")
    w.add_image_input([mean], [std])
    for i in range(n_outputs):
        w.add_feature_output(name=f"output_{i}")
    model, _ = w.populate()
    return model


def build_bundle(out_path):
    mods = os.path.join(os.path.dirname(mp.__file__), "modules")
    det = with_norm_metadata(os.path.join(mods, "pose_detection", "pose_detection.tflite"), 127.5, 127.5, "pose_detector", 2)
    lmk = with_norm_metadata(os.path.join(mods, "pose_landmark", "pose_landmark_full.tflite"), 0.0, 255.0, "pose_landmarks_detector", 5)
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("pose_detector.tflite", det)
        z.writestr("pose_landmarks_detector.tflite", lmk)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("video")
    ap.add_argument("out")
    ap.add_argument("--num-poses", type=int, default=4)
    ap.add_argument("--min-conf", type=float, default=0.3, help="detection, presence and tracking confidence thresholds")
    ap.add_argument("--digits", type=int, default=5)
    a = ap.parse_args()

    bundle = os.path.join(tempfile.mkdtemp(), "pose_full_from_legacy.task")
    build_bundle(bundle)
    opts = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=bundle),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=a.num_poses,
        min_pose_detection_confidence=a.min_conf,
        min_pose_presence_confidence=a.min_conf,
        min_tracking_confidence=a.min_conf,
    )
    cap = cv2.VideoCapture(a.video)
    fps = cap.get(cv2.CAP_PROP_FPS)
    w = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
    h = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    r = lambda v: round(float(v), a.digits)
    n = 0
    counts = {}
    with vision.PoseLandmarker.create_from_options(opts) as lm, open(a.out, "w") as out:
        while True:
            ok, bgr = cap.read()
            if not ok:
                break
            img = mp.Image(image_format=mp.ImageFormat.SRGB, data=cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            res = lm.detect_for_video(img, int(round(n * 1000.0 / fps)))
            poses = [
                [{"x": r(p.x), "y": r(p.y), "z": r(p.z), "visibility": r(p.visibility)} for p in pose]
                for pose in res.pose_landmarks
            ]
            counts[len(poses)] = counts.get(len(poses), 0) + 1
            rec = {"frame": n, "time_s": round(n / fps, 6), "image_width": w, "image_height": h, "poses": poses}
            out.write(json.dumps(rec, separators=(",", ":")) + "\n")
            n += 1
    print(f"{a.video}: {n} frames at {fps} fps, {w}x{h}; frames by number of poses: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
