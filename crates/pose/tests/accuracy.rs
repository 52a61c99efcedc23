//! The tracker against MediaPipe on a real frame: frame 30 of the pose2sim
//! clip `pose2sim-cam01-h264.mp4` (the wheel's `cam01.mp4`), shrunk 5x (testdata/video), scored against MediaPipe's
//! keypoints for the full-size frame (testdata/video/cam01.mediapipe.json,
//! written by scripts/pose-accuracy.py) in torso lengths. The whole clip is
//! scored by that script and by `tests/clip_accuracy.rs`.

mod common;

use backstride_pose::Tracker;
use common::real_frame;

/// The reference frame shrank from 1080x1920 to 216x384.
const SCALE: f32 = 0.2;
const FRAME: usize = 30;

fn reference() -> Vec<[f32; 3]> {
    let text = include_str!("../../../testdata/video/cam01.mediapipe.json");
    let json: serde_json::Value = serde_json::from_str(text).expect("the reference is JSON");
    let points = json["frames"][FRAME]
        .as_array()
        .expect("frame 30 has a person");
    points
        .iter()
        .map(|p| {
            let n = |i: usize| p[i].as_f64().expect("a number") as f32;
            [n(0) * SCALE, n(1) * SCALE, n(2)]
        })
        .collect()
}

#[test]
fn keypoints_on_a_real_frame_lie_close_to_mediapipes() {
    let want = reference();
    assert_eq!(want.len(), 17);
    let mid = |a: usize, b: usize| {
        (
            (want[a][0] + want[b][0]) / 2.0,
            (want[a][1] + want[b][1]) / 2.0,
        )
    };
    let (shoulders, hips) = (mid(5, 6), mid(11, 12));
    let torso = (shoulders.0 - hips.0).hypot(shoulders.1 - hips.1);
    assert!(torso > 20.0, "torso {torso} px");

    let mut tracker = Tracker::new().expect("the embedded model loads");
    let pose = tracker.track(&real_frame()).expect("a pose");
    let mut errors: Vec<f32> = want
        .iter()
        .zip(&pose.keypoints)
        .filter(|(r, _)| r[2] >= 0.5)
        .map(|(r, k)| (k.x - r[0]).hypot(k.y - r[1]) / torso)
        .collect();
    assert!(errors.len() >= 15, "MediaPipe sees {} points", errors.len());
    errors.sort_by(f32::total_cmp);
    let median = errors[errors.len() / 2];
    let worst = errors[errors.len() - 1];
    // Measured here: median 0.057, worst 0.139 torso lengths (17 points);
    // the bounds leave a margin for other CPUs' float rounding.
    assert!(median < 0.1, "median {median}: {errors:?}");
    assert!(worst < 0.25, "worst {worst}: {errors:?}");
}
