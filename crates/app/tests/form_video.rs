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
                    for j in Joint::COCO17 {
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

/// The median inner elbow angle, degrees, of the arm the estimator was
/// surer of, over the frames where shoulder, elbow and wrist all scored
/// 0.3 or more, from a `--keypoints-out` file (MMPose layout).
fn elbow_from_keypoints(kp: &serde_json::Value) -> f64 {
    let mut best = (0.0_f64, f64::NAN);
    for (s, e, w) in [(5usize, 7usize, 9usize), (6, 8, 10)] {
        let mut angles = Vec::new();
        let mut score_sum = 0.0;
        for frame in kp["instance_info"].as_array().into_iter().flatten() {
            let Some(person) = frame["instances"].get(0) else {
                continue;
            };
            let p = |i: usize| {
                (
                    person["keypoints"][i][0].as_f64().unwrap_or(f64::NAN),
                    person["keypoints"][i][1].as_f64().unwrap_or(f64::NAN),
                    person["keypoint_scores"][i].as_f64().unwrap_or(0.0),
                )
            };
            let (a, b, c) = (p(s), p(e), p(w));
            score_sum += a.2.min(b.2).min(c.2);
            if a.2 < 0.3 || b.2 < 0.3 || c.2 < 0.3 {
                continue;
            }
            let u = (a.0 - b.0, a.1 - b.1);
            let v = (c.0 - b.0, c.1 - b.1);
            let cos = (u.0 * v.0 + u.1 * v.1) / ((u.0.hypot(u.1)) * (v.0.hypot(v.1)));
            angles.push(cos.clamp(-1.0, 1.0).acos().to_degrees());
        }
        angles.sort_by(f64::total_cmp);
        if score_sum > best.0 && !angles.is_empty() {
            best = (score_sum, angles[angles.len() / 2]);
        }
    }
    best.1
}

fn metric(json: &serde_json::Value, id: &str) -> Option<f64> {
    json["metrics"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["id"] == id))
        .and_then(|m| m["median"].as_f64())
}

/// The rendered side-view runner, encoded to H.264 with OpenH264, through
/// the real decoder and MoveNet: the lean, cadence and elbow angle it was
/// drawn with come back, and the keypoints written out read back to the
/// same numbers.
#[test]
fn a_rendered_runner_on_h264_gives_back_its_lean_cadence_and_elbow() {
    use backstride_bench_corpus::runner_video::RunnerVideo;
    let v = RunnerVideo {
        width: 640,
        height: 480,
        fps: 60.0,
        seconds: 12.0,
        lean_deg: 10.0,
        elbow_deg: 80.0,
        cadence: 176.0,
        ..RunnerVideo::default()
    };
    let run = Run::new(&["form", "--no-save", "--json"]);
    let clip = run.path("rendered.mp4");
    backstride_video::encode_mp4(&clip, v.fps, v.frames()).expect("encodes");
    let keypoints = run.path("rendered.keypoints.json");
    let done = run.arg(&clip).arg("--keypoints-out").arg(&keypoints).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    let (cadence, lean, elbow) = (
        metric(&json, "cadence").unwrap_or(f64::NAN),
        metric(&json, "trunk-lean").unwrap_or(f64::NAN),
        metric(&json, "elbow-angle").unwrap_or(f64::NAN),
    );
    eprintln!("cadence {cadence}, lean {lean}, elbow {elbow}");
    // The keypoint tests' tolerances.
    assert!((cadence - v.cadence).abs() < 3.0, "cadence {cadence}");
    assert!((lean - v.lean_deg).abs() < 1.5, "lean {lean}");
    // MoveNet is less sure of a drawn arm than of a real one (about 0.45
    // against the 0.5 the report asks), so the report may withhold the
    // elbow; measured, it is right, and the keypoints hold it either way.
    if !elbow.is_nan() {
        assert!((elbow - v.elbow_deg).abs() < 10.0, "elbow {elbow}");
    }
    let kp: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&keypoints).expect("keypoints written"))
            .expect("keypoints JSON");
    let elbow_kp = elbow_from_keypoints(&kp);
    eprintln!("elbow from the keypoints {elbow_kp}");
    assert!(
        (elbow_kp - v.elbow_deg).abs() < 10.0,
        "elbow from keypoints {elbow_kp}"
    );
    // The frame rate came from the container: no --fps.
    assert_eq!(json["clips"][0]["fps"], 60.0);
    // The keypoints file is one our own reader takes, to the same numbers.
    let again = Run::new(&["form", "--no-save", "--json"])
        .arg(&keypoints)
        .run();
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(metric(&again.json(), "cadence"), metric(&json, "cadence"));
    assert_eq!(
        metric(&again.json(), "trunk-lean"),
        metric(&json, "trunk-lean")
    );
}

/// Runs ffmpeg (CI installs it) with `args`, writing `out`.
fn ffmpeg(args: &[&str], out: &std::path::Path) {
    let made = std::process::Command::new("ffmpeg")
        .args(["-v", "error"])
        .args(args)
        .arg("-y")
        .arg(out)
        .status()
        .expect("ffmpeg runs (CI installs it)");
    assert!(made.success(), "ffmpeg {args:?}");
}

/// What a phone or a mistake hands over instead of a usable H.264 clip:
/// each a clear error naming the file, exit 2, never a panic.
#[test]
fn bad_videos_are_clear_errors_that_name_the_file() {
    use backstride_bench_corpus::runner_video::RunnerVideo;
    let run = Run::new(&["form", "--no-save"]);
    let dir = run.path("");
    let v = RunnerVideo {
        width: 160,
        height: 120,
        seconds: 1.0,
        ..RunnerVideo::default()
    };
    let good = dir.join("good.mp4");
    backstride_video::encode_mp4(&good, v.fps, v.frames()).expect("encodes");
    let bytes = std::fs::read(&good).expect("reads");
    let cut = dir.join("cut.mp4");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).expect("writes");
    let photo = dir.join("holiday.mp4");
    std::fs::write(
        &photo,
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0],
    )
    .expect("writes");
    let empty = dir.join("empty.mov");
    std::fs::write(&empty, b"").expect("writes");
    let mut cases = vec![(cut, "cut short"), (photo, "JPEG"), (empty, "")];
    // Audio only, and HEVC with ffmpeg switched off, made by ffmpeg.
    let audio = dir.join("voice.m4a.mp4");
    ffmpeg(
        &["-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac"],
        &audio,
    );
    cases.push((audio, "video"));
    let hevc = dir.join("iphone.mov");
    ffmpeg(
        &[
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x120:rate=30:duration=1",
            "-c:v",
            "libx265",
            "-tag:v",
            "hvc1",
        ],
        &hevc,
    );
    cases.push((hevc, "Most Compatible"));
    for (file, says) in cases {
        let done = Run::new(&["form", "--no-save"])
            .arg(&file)
            .env("BACKSTRIDE_FFMPEG", "")
            .run();
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert_eq!(done.code, 2, "{name}: {}", done.stderr);
        assert!(done.stderr.contains(name), "{name}: {}", done.stderr);
        assert!(done.stderr.contains(says), "{name}: {}", done.stderr);
        assert!(!done.stderr.contains("panicked"), "{name}: {}", done.stderr);
    }
}

/// On a frame with nobody in it the pose model still places 17 unsure
/// points. Those are not people: a clip with nobody in it is an error that
/// says so and names the file, and a clip where the runner is in the
/// picture for a short part says the runner was out of view.
#[test]
fn frames_without_the_runner_are_not_people() {
    use backstride_bench_corpus::runner_video::RunnerVideo;
    use backstride_video::Frame;
    let v = RunnerVideo {
        width: 640,
        height: 480,
        fps: 30.0,
        seconds: 2.0,
        ..RunnerVideo::default()
    };
    let pixels = [118u8, 132, 104].repeat((v.width * v.height) as usize);
    let blank = |i: u64| Frame::from_rgb(v.width, v.height, &pixels, i, i as f64 / v.fps);
    let run = Run::new(&["form", "--no-save", "--json"]);

    let empty = run.path("empty.mp4");
    backstride_video::encode_mp4(&empty, v.fps, (0..60).filter_map(blank)).expect("encodes");
    let done = Run::new(&["form", "--no-save"]).arg(&empty).run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(done.stderr.contains("empty.mp4"), "{}", done.stderr);
    assert!(done.stderr.contains("no person"), "{}", done.stderr);

    // The runner for 2 s, then 6 s of empty picture.
    let brief = run.path("brief.mp4");
    let n = v.frame_count();
    let frames = v.frames().chain((n..4 * n).filter_map(blank));
    backstride_video::encode_mp4(&brief, v.fps, frames).expect("encodes");
    let done = run.arg(&brief).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    let clip = &json["clips"][0];
    let seen = clip["runner_frames"].as_u64().unwrap_or(u64::MAX);
    assert!(
        seen <= n,
        "the runner was seen in {seen} frames, drawn in {n}"
    );
    let capture = clip["capture"].as_array().cloned().unwrap_or_default();
    let in_view = capture.iter().find(|c| c["id"] == "in-view");
    assert!(in_view.is_some_and(|c| c["problem"] == true), "{capture:?}");
}
