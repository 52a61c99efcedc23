//! `backstride form` over the real binary for what issue 16 adds: the
//! capture feedback said before the numbers (side-on, runner size, frame
//! rate, strides, treadmill or overground) for keypoint files that state
//! their frame size, a video going the video path, and `--keypoints-out`
//! refused without a video. The video pipeline itself (frames, estimator,
//! snapshots, the keypoints file read back) is tested in
//! `src/form/video/tests.rs` with synthetic frames.

mod common;
#[path = "../../core/tests/form_synth/mod.rs"]
mod form_synth;

use backstride_core::form::pose::{Joint, PoseRecording};
use common::Run;
use form_synth::{Runner, record};

const COCO: [Joint; 17] = [
    Joint::Nose,
    Joint::LeftEye,
    Joint::RightEye,
    Joint::LeftEar,
    Joint::RightEar,
    Joint::LeftShoulder,
    Joint::RightShoulder,
    Joint::LeftElbow,
    Joint::RightElbow,
    Joint::LeftWrist,
    Joint::RightWrist,
    Joint::LeftHip,
    Joint::RightHip,
    Joint::LeftKnee,
    Joint::RightKnee,
    Joint::LeftAnkle,
    Joint::RightAnkle,
];

/// The recording in MMPose's prediction layout, with the frame size and
/// rate; `(dx, dy)` moves every point (image pixels, y down).
fn mmpose(rec: &PoseRecording, size: (u32, u32), fps: f64, shift: (f32, f32)) -> String {
    let frames: Vec<serde_json::Value> = rec
        .frames
        .iter()
        .map(|f| {
            let instances: Vec<serde_json::Value> = f
                .people
                .iter()
                .map(|p| {
                    let (mut kp, mut sc) = (Vec::new(), Vec::new());
                    for j in COCO {
                        match p.skeleton[j.index()] {
                            Some(k) => {
                                kp.push(serde_json::json!([k.x + shift.0, shift.1 - k.y]));
                                sc.push(serde_json::json!(k.score));
                            }
                            None => {
                                kp.push(serde_json::json!([0.0, 0.0]));
                                sc.push(serde_json::json!(0.0));
                            }
                        }
                    }
                    serde_json::json!({"keypoints": kp, "keypoint_scores": sc})
                })
                .collect();
            serde_json::json!({"frame_id": f.number, "instances": instances})
        })
        .collect();
    serde_json::json!({
        "image_width": size.0,
        "image_height": size.1,
        "fps": fps,
        "instance_info": frames,
    })
    .to_string()
}

#[test]
fn the_capture_is_judged_before_the_numbers() {
    let run = Run::new(&["form", "--no-save"]);
    let file = run.path("treadmill.json");
    let r = Runner::default();
    std::fs::write(&file, mmpose(&record(&r), (1280, 1000), 60.0, (0.0, 900.0))).expect("writes");
    let done = run.arg(&file).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let out = &done.stdout;
    for line in [
        "- camera side-on",
        "- runner size: the torso is 20 % of the frame's height",
        "- frame rate: 60 frames per second",
        "- strides: ",
        "- treadmill (or a camera following the runner)",
    ] {
        assert!(out.contains(line), "{line:?} in\n{out}");
    }
    assert!(!out.contains("    ! "), "no problem here:\n{out}");
    let capture = out.find("treadmill").unwrap_or(usize::MAX);
    let posture = out.find("\nPosture").unwrap_or(0);
    assert!(capture < posture, "{out}");
}

#[test]
fn a_small_runner_filmed_slowly_is_told_what_to_change() {
    let run = Run::new(&["form", "--no-save", "--json"]);
    let file = run.path("far.json");
    // 30 frames a second, the runner crossing the picture, a 200 px torso
    // in a 4000 px tall frame.
    let r = Runner {
        fps: 30.0,
        speed: 0.6,
        ..Runner::default()
    };
    std::fs::write(
        &file,
        mmpose(&record(&r), (6000, 4000), 30.0, (0.0, 3500.0)),
    )
    .expect("writes");
    let done = run.arg(&file).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    let clip = &json["clips"][0];
    assert_eq!(clip["setting"], "overground");
    assert_eq!(clip["frame_size"], serde_json::json!([6000, 4000]));
    let problems: Vec<&str> = clip["capture"]
        .as_array()
        .map(|c| {
            c.iter()
                .filter(|k| k["problem"] == true)
                .filter_map(|k| k["id"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(problems, ["runner-size", "frame-rate"], "{clip}");
    // Problems come first.
    assert_eq!(clip["capture"][0]["problem"], true);

    let run = Run::new(&["form", "--no-save"]);
    let file = run.path("far.json");
    std::fs::write(
        &file,
        mmpose(&record(&r), (6000, 4000), 30.0, (0.0, 3500.0)),
    )
    .expect("writes");
    let text = run.arg(&file).run().stdout;
    assert!(
        text.contains("! runner too small in the picture: the torso is 5 % of the frame's height"),
        "{text}"
    );
    assert!(
        text.contains("! frame rate too low for foot contacts: at 30 frames per second"),
        "{text}"
    );
    assert!(text.contains("- overground past a fixed camera"), "{text}");
}

#[test]
fn a_video_goes_the_video_path_and_keypoints_out_needs_one() {
    let run = Run::new(&["form", "--no-save"]);
    let video = run.path("run.mp4");
    let mut bytes = b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 37 % 251) as u8));
    std::fs::write(&video, &bytes).expect("writes");
    let done = run.arg(&video).run();
    // Whatever the build can decode, a broken MP4 is a clear error naming it.
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(done.stderr.contains("run.mp4"), "{}", done.stderr);
    assert!(!done.stderr.contains("panicked"), "{}", done.stderr);

    let run = Run::new(&["form", "--no-save"]);
    let file = run.path("keypoints.json");
    std::fs::write(
        &file,
        mmpose(
            &record(&Runner::default()),
            (1280, 1000),
            60.0,
            (0.0, 900.0),
        ),
    )
    .expect("writes");
    let out = run.path("out.json");
    let done = run.arg(&file).arg("--keypoints-out").arg(&out).run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("no input is a video"),
        "{}",
        done.stderr
    );
    assert!(!out.exists());
}
