//! The whole pipeline's keypoints against MediaPipe's on a real H.264
//! clip: every frame of `testdata/video/pose2sim-cam01-h264.mp4`
//! (1080x1920, 60 fps, B-frames; the pose2sim wheel's `cam01.mp4`,
//! BSD-3) decoded in-process by `backstride_video` and tracked by
//! MoveNet, scored against `testdata/video/cam01.mediapipe.json` (written
//! by `scripts/pose-accuracy.py`) as that script scores: each error in
//! torso lengths (MediaPipe's mid-shoulder to mid-hip in the same frame),
//! over the points MediaPipe gives a visibility of 0.5 or more.
//!
//! Measured when this test was written: median 0.061, p90 0.134, 97.2 %
//! within 0.2 torso lengths (the script's numbers on OpenCV's frames; the
//! bounds below leave room for the decoders' few differing B-frame
//! pixels and for tract's last digits).

use std::path::Path;

use backstride_pose::Tracker;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn every_frame_of_a_real_clip_lies_close_to_mediapipes_keypoints() {
    let text = std::fs::read_to_string(repo().join("testdata/video/cam01.mediapipe.json"))
        .expect("the reference");
    let reference: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let frames = reference["frames"].as_array().expect("frames");
    let reader = backstride_video::open(&repo().join("testdata/video/pose2sim-cam01-h264.mp4"))
        .expect("the clip opens");
    let mut tracker = Tracker::new().expect("the model loads");
    let mut errors = Vec::new();
    let mut seen = 0;
    for (frame, want) in reader.zip(frames) {
        let frame = frame.expect("the frame decodes");
        let pose = tracker.track(&frame).expect("the model runs");
        seen += 1;
        let Some(want) = want.as_array() else {
            continue;
        };
        let p = |i: usize, k: usize| want[i][k].as_f64().unwrap_or(f64::NAN);
        let mid = |a: usize, b: usize| ((p(a, 0) + p(b, 0)) / 2.0, (p(a, 1) + p(b, 1)) / 2.0);
        let (shoulder, hip) = (mid(5, 6), mid(11, 12));
        let torso = (shoulder.0 - hip.0).hypot(shoulder.1 - hip.1);
        assert!(torso > 10.0, "a torso of {torso} px");
        for (i, got) in pose.keypoints.iter().enumerate() {
            if p(i, 2) < 0.5 {
                continue;
            }
            let e = (f64::from(got.x) - p(i, 0)).hypot(f64::from(got.y) - p(i, 1)) / torso;
            errors.push(e);
        }
    }
    assert_eq!(seen, frames.len(), "every frame decoded");
    assert!(errors.len() > 1000, "{} points scored", errors.len());
    errors.sort_by(f64::total_cmp);
    let at = |q: f64| errors[((errors.len() - 1) as f64 * q).round() as usize];
    let within = errors.iter().filter(|e| **e <= 0.2).count() as f64 / errors.len() as f64;
    eprintln!(
        "median {:.3}, p90 {:.3}, within 0.2: {:.1} % of {} points",
        at(0.5),
        at(0.9),
        within * 100.0,
        errors.len()
    );
    assert!(at(0.5) < 0.09, "median {}", at(0.5));
    assert!(at(0.9) < 0.20, "p90 {}", at(0.9));
    assert!(within >= 0.92, "within 0.2: {within}");
}
