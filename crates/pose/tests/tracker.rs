//! The tracker on real and synthetic frames: the embedded model loads and
//! finds a real person, rotation is undone, odd and broken frames are
//! handled, a lost runner is found again, reset starts a clip afresh, and
//! the same frames always give the same keypoints.

mod common;

use backstride_pose::{COCO17, Pose, PoseError, Tracker};
use backstride_video::{Frame, Rotation};
use common::{REAL_FRAME, read_ppm, real_frame, stored_rotated};

fn idx(name: &str) -> usize {
    COCO17
        .iter()
        .position(|n| *n == name)
        .expect("a COCO-17 name")
}

fn mid_y(pose: &Pose, a: &str, b: &str) -> f32 {
    (pose.keypoints[idx(a)].y + pose.keypoints[idx(b)].y) / 2.0
}

fn mean_score(pose: &Pose) -> f32 {
    pose.keypoints.iter().map(|k| k.score).sum::<f32>() / 17.0
}

/// Nose above shoulders above hips above knees above ankles, confidently,
/// inside the picture, and on the main person (the middle of the frame,
/// not the bystander at the left edge).
fn assert_plausible(pose: &Pose, w: f32, h: f32) {
    assert!(mean_score(pose) > 0.4, "{pose:?}");
    let nose = pose.keypoints[idx("nose")].y;
    let shoulders = mid_y(pose, "left_shoulder", "right_shoulder");
    let hips = mid_y(pose, "left_hip", "right_hip");
    let knees = mid_y(pose, "left_knee", "right_knee");
    let ankles = mid_y(pose, "left_ankle", "right_ankle");
    assert!(
        nose < shoulders && shoulders < hips && hips < knees && knees < ankles,
        "{pose:?}"
    );
    for k in &pose.keypoints {
        assert!((-0.05 * w..1.05 * w).contains(&k.x), "{k:?}");
        assert!((-0.05 * h..1.05 * h).contains(&k.y), "{k:?}");
        assert!((0.0..=1.0).contains(&k.score), "{k:?}");
    }
    let hip_x = (pose.keypoints[idx("left_hip")].x + pose.keypoints[idx("right_hip")].x) / 2.0;
    assert!(hip_x > 0.25 * w && hip_x < 0.75 * w, "hips at x = {hip_x}");
}

#[test]
fn the_embedded_model_finds_the_person_in_a_real_frame() {
    let frame = real_frame();
    let mut tracker = Tracker::new().expect("the embedded model loads");
    let pose = tracker.track(&frame).expect("a pose");
    assert_plausible(&pose, frame.width as f32, frame.height as f32);
    // The first frame is settled: more than one run.
    assert!(tracker.model_runs() > 1, "{}", tracker.model_runs());
    // The next frame is tracked with one run.
    let before = tracker.model_runs();
    let again = tracker.track(&frame).expect("a pose");
    assert_eq!(tracker.model_runs(), before + 1);
    assert_plausible(&again, frame.width as f32, frame.height as f32);
}

#[test]
fn a_picture_stored_rotated_gives_the_same_upright_keypoints() {
    let (w, h, rgb) = read_ppm(REAL_FRAME);
    let upright = Frame::from_rgb(w, h, &rgb, 0, 0.0).expect("sizes match");
    let mut tracker = Tracker::new().expect("the embedded model loads");
    let want = tracker.track(&upright).expect("a pose");
    for rot in [Rotation::Cw90, Rotation::Cw180, Rotation::Cw270] {
        let stored = stored_rotated(w, h, &rgb, rot);
        assert_ne!((stored.width, stored.height, &stored.y), (w, h, &upright.y));
        tracker.reset();
        let got = tracker.track(&stored).expect("a pose");
        for (name, (a, b)) in COCO17.iter().zip(want.keypoints.iter().zip(&got.keypoints)) {
            if a.score < 0.3 {
                continue;
            }
            let d = (a.x - b.x).hypot(a.y - b.y);
            // A few pixels of a 384-pixel picture: chroma is shared by 2x2
            // blocks that pair up differently once rotated.
            assert!(d < 4.0, "{rot:?} {name}: {a:?} vs {b:?}");
            assert!(
                (a.score - b.score).abs() < 0.1,
                "{rot:?} {name}: {a:?} vs {b:?}"
            );
        }
    }
}

#[test]
fn odd_and_tiny_frames_give_a_pose_without_panicking() {
    let mut tracker = Tracker::new().expect("the embedded model loads");
    for (w, h) in [
        (1, 1),
        (1, 2),
        (3, 5),
        (7, 1),
        (1, 999),
        (999, 3),
        (191, 193),
    ] {
        let rgb: Vec<u8> = (0..w * h * 3).map(|i| (i * 37 % 251) as u8).collect();
        for rot in [Rotation::None, Rotation::Cw90, Rotation::Cw270] {
            let mut frame = Frame::from_rgb(w, h, &rgb, 0, 0.0).expect("sizes match");
            frame.rotation = rot;
            tracker.reset();
            let pose = tracker
                .track(&frame)
                .expect("a pose, even if nobody is there");
            for k in &pose.keypoints {
                assert!(k.x.is_finite() && k.y.is_finite(), "{w}x{h} {rot:?}: {k:?}");
                assert!((0.0..=1.0).contains(&k.score), "{k:?}");
            }
        }
    }
}

#[test]
fn a_frame_whose_planes_are_short_is_an_error_not_a_panic() {
    let mut tracker = Tracker::new().expect("the embedded model loads");
    let mut frame = real_frame();
    frame.y.truncate(frame.y.len() / 2);
    let err = tracker.track(&frame).expect_err("short planes");
    assert!(matches!(err, PoseError::InvalidFrame(_)), "{err:?}");
    assert!(err.to_string().contains("too short"), "{err}");
    let mut empty = real_frame();
    empty.height = 0;
    assert!(matches!(
        tracker.track(&empty),
        Err(PoseError::InvalidFrame(_))
    ));
    // The tracker still works after refusing them.
    let frame = real_frame();
    assert!(mean_score(&tracker.track(&frame).expect("a pose")) > 0.4);
}

#[test]
fn a_runner_lost_for_a_few_frames_is_found_again() {
    let frame = real_frame();
    let (w, h) = (frame.width, frame.height);
    let blank =
        Frame::from_rgb(w, h, &vec![128u8; (w * h * 3) as usize], 1, 0.1).expect("sizes match");
    let mut tracker = Tracker::new().expect("the embedded model loads");
    tracker.track(&frame).expect("a pose");
    for i in 0..3 {
        let before = tracker.model_runs();
        let nobody = tracker.track(&blank).expect("a pose");
        assert!(mean_score(&nobody) < 0.2, "{nobody:?}");
        // The tracked crop (first frame only), then near the last
        // position, then the whole picture.
        let tracked = if i == 0 { 1 } else { 0 };
        assert_eq!(tracker.model_runs(), before + tracked + 2, "frame {i}");
    }
    let back = tracker.track(&frame).expect("a pose");
    assert_plausible(&back, w as f32, h as f32);
}

#[test]
fn reset_makes_the_next_frame_a_first_frame() {
    let frame = real_frame();
    let (w, h, rgb) = read_ppm(REAL_FRAME);
    // A second clip: the same person shifted 40 pixels right.
    let mut shifted = vec![90u8; rgb.len()];
    for y in 0..h as usize {
        let row = y * w as usize * 3;
        let n = (w as usize - 40) * 3;
        shifted[row + 120..row + 120 + n].copy_from_slice(&rgb[row..row + n]);
    }
    let other = Frame::from_rgb(w, h, &shifted, 0, 0.0).expect("sizes match");

    let mut fresh = Tracker::new().expect("the embedded model loads");
    let want = fresh.track(&other).expect("a pose");
    let mut reused = Tracker::new().expect("the embedded model loads");
    reused.track(&frame).expect("a pose");
    reused.reset();
    let runs = reused.model_runs();
    let got = reused.track(&other).expect("a pose");
    assert_eq!(got, want);
    assert!(reused.model_runs() > runs + 1, "settled again after reset");
}

#[test]
fn the_same_frames_give_the_same_keypoints() {
    let (w, h, rgb) = read_ppm(REAL_FRAME);
    let frames: Vec<Frame> = (0..4)
        .map(|i| {
            let mut f = stored_rotated(w, h, &rgb, Rotation::Cw90);
            f.y.iter_mut()
                .step_by(7)
                .for_each(|v| *v = v.saturating_add(i * 3));
            f
        })
        .collect();
    let run = || {
        let mut t = Tracker::new().expect("the embedded model loads");
        frames
            .iter()
            .map(|f| t.track(f).expect("a pose"))
            .collect::<Vec<_>>()
    };
    let first = run();
    assert_eq!(first, run());
    assert!(first.iter().all(|p| mean_score(p) > 0.4));
}

#[test]
fn a_tracker_can_move_to_another_thread() {
    fn is_send<T: Send>() {}
    is_send::<Tracker>();
    is_send::<PoseError>();
    let mut tracker = Tracker::new().expect("the embedded model loads");
    let frame = real_frame();
    let pose = std::thread::spawn(move || tracker.track(&frame))
        .join()
        .expect("the thread finishes")
        .expect("a pose");
    assert!(mean_score(&pose) > 0.4);
}
