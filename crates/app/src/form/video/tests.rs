//! The video pipeline with synthetic frames and a test-double estimator
//! that returns known poses (core's synthetic runner): the report equals
//! the keypoint path's for the same poses, `--keypoints-out` reads back to
//! the same report, decoding stays a few frames ahead, and the HTML shows
//! snapshots that the JSON does not carry.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use backstride_core::form::pose::Joint;
use backstride_core::knowledge::KnowledgeBase;
use backstride_pose::{Keypoint as PoseKeypoint, Pose};
use backstride_video::Frame;
use chrono::NaiveDate;

use super::*;
use crate::usecase::form::{self, Input, Request};

// Core's synthetic runner, as the Form page's tests load it too.
#[allow(clippy::duplicate_mod)]
#[path = "../../../../core/tests/form_synth/mod.rs"]
pub(crate) mod form_synth;
use form_synth::{Ramp, Runner, record};

const W: u32 = 320;
const H: u32 = 240;
/// Synthetic pixels to picture pixels.
const K: f32 = 0.25;

/// The synthetic runner's poses in picture pixels (y down), one a frame
/// index; a missing point has score 0.
pub(crate) fn poses(r: &Runner) -> Vec<Pose> {
    let rec = record(r);
    let n = rec.frames.last().map_or(0, |f| f.number as usize + 1);
    let mut out = vec![Pose::default(); n];
    for f in &rec.frames {
        let Some(person) = f.people.first() else {
            continue;
        };
        let mut p = Pose::default();
        for (slot, joint) in p.keypoints.iter_mut().zip(Joint::COCO17) {
            if let Some(k) = person.skeleton[joint.index()] {
                *slot = PoseKeypoint {
                    x: 60.0 + K * k.x,
                    y: 215.0 - K * k.y,
                    score: k.score,
                };
            }
        }
        out[f.number as usize] = p;
    }
    out
}

fn blank() -> Frame {
    let rgb: Vec<u8> = [200u8, 210, 220].repeat((W * H) as usize);
    Frame::from_rgb(W, H, &rgb, 0, 0.0).expect("sizes match")
}

fn meta(fps: f64, frames: u64) -> VideoMeta {
    VideoMeta {
        width: W,
        height: H,
        fps,
        frame_count: Some(frames),
        codec: "test".to_owned(),
    }
}

/// Frames 0..n of a blank picture at `fps`.
fn frames(n: u64, fps: f64) -> impl Iterator<Item = Result<Frame, String>> + Send {
    let base = blank();
    (0..n).map(move |i| {
        let mut f = base.clone();
        f.index = i;
        f.time_s = i as f64 / fps;
        Ok(f)
    })
}

pub(crate) fn video_of(r: &Runner) -> VideoKeypoints {
    let poses = poses(r);
    let n = poses.len() as u64;
    let mut heard = 0;
    let got = keypoints_from_video(
        frames(n, r.fps),
        &meta(r.fps, n),
        |f: &Frame| -> Result<Pose, String> {
            poses
                .get(f.index as usize)
                .copied()
                .ok_or_else(|| "no pose".to_owned())
        },
        &mut |done, total| {
            assert_eq!(total, Some(n));
            heard = done;
        },
    )
    .expect("keypoints");
    assert_eq!(heard, n, "progress heard every frame");
    got
}

pub(crate) fn kb() -> KnowledgeBase {
    KnowledgeBase::embedded().expect("knowledge base")
}

pub(crate) fn request(inputs: Vec<Input>) -> Request {
    Request {
        inputs,
        run_date: NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date"),
        ..Request::default()
    }
}

fn median(r: &crate::form::dto::FormReport, id: &str) -> f64 {
    r.metrics
        .iter()
        .find(|m| m.id == id)
        .and_then(|m| m.median)
        .unwrap_or(f64::NAN)
}

#[test]
fn a_pose_becomes_core_joints_with_y_up_and_unseen_points_missing() {
    let mut p = Pose::default();
    p.keypoints[5] = PoseKeypoint {
        x: 10.0,
        y: 20.0,
        score: 0.8,
    };
    p.keypoints[16] = PoseKeypoint {
        x: 30.0,
        y: 40.0,
        score: 1.5,
    };
    p.keypoints[0] = PoseKeypoint {
        x: f32::NAN,
        y: 1.0,
        score: 0.9,
    };
    let s = skeleton_of(&p);
    let sh = s[Joint::LeftShoulder.index()].expect("seen");
    assert_eq!((sh.x, sh.y, sh.score), (10.0, -20.0, 0.8));
    assert_eq!(s[Joint::RightAnkle.index()].map(|k| k.score), Some(1.0));
    // Score 0 (every other point) and NaN are missing.
    assert_eq!(s.iter().filter(|k| k.is_some()).count(), 2);
}

#[test]
fn a_video_gives_the_numbers_its_poses_hold_and_the_capture_first() {
    let r = Runner {
        lean_deg: Ramp::fixed(8.0),
        elbow_deg: Ramp::fixed(90.0),
        cadence: 170.0,
        ..Runner::default()
    };
    let v = video_of(&r);
    assert_eq!(v.recording.fps, Some(60.0));
    assert_eq!(v.recording.frame_size, Some((W, H)));
    assert_eq!(v.recording.frames.len(), (r.fps * r.seconds) as usize);
    let a = form::analyse_videos(
        &kb(),
        &request(Vec::new()),
        vec![VideoClip {
            source: "run.mp4".to_owned(),
            keypoints: v,
        }],
    )
    .expect("measured");
    let cadence = median(&a.report, "cadence");
    let lean = median(&a.report, "trunk-lean");
    let elbow = median(&a.report, "elbow-angle");
    assert!((cadence - 170.0).abs() < 3.0, "{cadence}");
    assert!((lean - 8.0).abs() < 1.5, "{lean}");
    assert!((elbow - 90.0).abs() < 5.0, "{elbow}");
    // The same poses straight into core give the same numbers.
    let direct = {
        let rec = record(&r);
        let rules = backstride_core::form::FormRules::embedded(&kb()).expect("rules");
        backstride_core::form::analyse(
            &[&rec],
            &backstride_core::form::FormSettings::default(),
            &rules,
        )
        .expect("measured")
    };
    for (m, d) in a.report.metrics.iter().zip(&direct.metrics) {
        match (m.median, d.median.filter(|_| d.withheld.is_none())) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-3, "{}: {x} {y}", m.id),
            (x, y) => assert_eq!(x.is_some(), y.is_some(), "{}", m.id),
        }
    }
    // The capture: treadmill (the hips stay put), torso 50 px of 240.
    let clip = &a.report.clips[0];
    assert_eq!(clip.setting.as_deref(), Some("treadmill"));
    assert_eq!(clip.frame_size, Some([W, H]));
    let ids: Vec<&str> = clip.capture.iter().map(|c| c.id.as_str()).collect();
    for id in ["side-on", "runner-size", "frame-rate", "strides", "setting"] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    assert!(
        clip.capture.iter().all(|c| !c.problem),
        "{:?}",
        clip.capture
    );
    let text = crate::form::text::render(&a.report);
    let capture = text.find("treadmill").expect("the setting is said");
    let posture = text.find("\nPosture").expect("posture");
    assert!(capture < posture, "capture before the numbers");
}

#[test]
fn snapshots_are_in_the_html_and_only_their_times_in_the_json() {
    let r = Runner::default();
    let a = form::analyse_videos(
        &kb(),
        &request(Vec::new()),
        vec![VideoClip {
            source: "run.mp4".to_owned(),
            keypoints: video_of(&r),
        }],
    )
    .expect("measured");
    let labels: Vec<&str> = a
        .report
        .snapshots
        .iter()
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(labels, ["early stride", "late stride"]);
    let html = crate::form::html::render(&a.report);
    assert_eq!(
        html.matches("<img class=\"snapshot\" src=\"data:image/jpeg;base64,")
            .count(),
        2
    );
    assert!(!a.json.contains("base64"), "no pixels in --json");
    assert!(a.json.contains("\"early stride\""));
    let early = &a.report.snapshots[0];
    let late = &a.report.snapshots[1];
    assert!(early.time_s < late.time_s);
    assert!(late.time_s <= r.seconds);
    // Pictures are JPEG files, small.
    let s = snapshot::choose(
        &{
            let rec = record(&r);
            let rules = backstride_core::form::FormRules::embedded(&kb()).expect("rules");
            backstride_core::form::analyse(
                &[&rec],
                &backstride_core::form::FormSettings::default(),
                &rules,
            )
            .expect("measured")
        },
        &[Some(&video_of(&r))],
    );
    assert_eq!(s.len(), 2);
    for snap in &s {
        assert_eq!(snap.jpeg.get(..2), Some(&[0xFF, 0xD8][..]));
        assert!(snap.jpeg.len() < 60_000, "{}", snap.jpeg.len());
        assert_eq!((snap.width, snap.height), (W, H));
    }
}

#[test]
fn the_skeleton_is_drawn_into_the_picture() {
    let r = Runner::default();
    let v = video_of(&r);
    let k = &v.kept[0];
    let drawn = snapshot::draw(k, &v.recording, (W, H));
    assert_eq!(drawn.len(), k.rgb.len());
    let changed = drawn
        .chunks(3)
        .zip(k.rgb.chunks(3))
        .filter(|(a, b)| a != b)
        .count();
    // Limbs a few pixels wide over a 320x240 picture.
    assert!(changed > 300 && changed < 20_000, "{changed}");
    // The left shoulder's pixel is painted.
    let frame = &v.recording.frames[k.index as usize];
    let sh = frame.people[0].skeleton[Joint::LeftShoulder.index()].expect("seen");
    let (x, y) = (sh.x.round() as usize, (-sh.y).round() as usize);
    let i = (y * W as usize + x) * 3;
    assert_ne!(drawn[i..i + 3], k.rgb[i..i + 3]);
}

#[test]
fn keypoints_out_reads_back_to_the_same_report() {
    let r = Runner {
        noise_px: 1.5,
        drop_points: 0.05,
        ..Runner::default()
    };
    let v = video_of(&r);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("run.keypoints.json");
    std::fs::write(&path, keypoints_out::render(&v.recording, &v.meta)).expect("written");
    let from_video = form::analyse_videos(
        &kb(),
        &request(Vec::new()),
        vec![VideoClip {
            source: "run.mp4".to_owned(),
            keypoints: v,
        }],
    )
    .expect("measured");
    let from_file = form::analyse(
        &kb(),
        &request(vec![Input {
            path: path.clone(),
            shown_as: None,
        }]),
    )
    .expect("read back");
    let mut a = from_video.report.without_pixels();
    let mut b = from_file.report;
    assert_eq!(b.clips[0].layout, "COCO-17");
    assert!(b.clips[0].fps_from_file);
    a.snapshots.clear();
    for c in a.clips.iter_mut().chain(b.clips.iter_mut()) {
        c.source.clear();
    }
    let (a, b) = (
        serde_json::to_value(&a).expect("json"),
        serde_json::to_value(&b).expect("json"),
    );
    assert_eq!(a, b);
    // Another tool's view: MMPose's layout, COCO names, fps and size.
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    assert_eq!(doc["meta_info"]["num_keypoints"], 17);
    assert_eq!(doc["meta_info"]["keypoint_names"][5], "left_shoulder");
    assert_eq!(doc["fps"], 60.0);
    assert_eq!(
        (doc["image_width"].clone(), doc["image_height"].clone()),
        (W.into(), H.into())
    );
    let first = &doc["instance_info"][0]["instances"][0];
    assert_eq!(first["keypoints"].as_array().map(Vec::len), Some(17));
    assert_eq!(first["keypoint_scores"].as_array().map(Vec::len), Some(17));
}

#[test]
fn an_empty_or_broken_video_is_a_clear_error() {
    let none = keypoints_from_video(
        std::iter::empty::<Result<Frame, String>>(),
        &meta(30.0, 0),
        |_: &Frame| -> Result<Pose, String> { Ok(Pose::default()) },
        &mut |_, _| {},
    );
    assert!(matches!(none, Err(VideoPipelineError::NoFrames)));
    let e = named(
        std::path::Path::new("clip.mp4"),
        VideoPipelineError::NoFrames,
    );
    assert_eq!(e.0, "clip.mp4: the video holds no frames");

    let broken = frames(10, 30.0).chain(std::iter::once(Err("bad slice".to_owned())));
    let got = keypoints_from_video(
        broken,
        &meta(30.0, 11),
        |_: &Frame| -> Result<Pose, String> { Ok(Pose::default()) },
        &mut |_, _| {},
    );
    match got {
        Err(e @ VideoPipelineError::Decode { frame: 10, .. }) => {
            assert!(e.to_string().contains("bad slice"), "{e}");
        }
        other => panic!("expected a decode error at frame 10, got {other:?}"),
    }
    let failing = keypoints_from_video(
        frames(10, 30.0),
        &meta(30.0, 10),
        |f: &Frame| -> Result<Pose, String> {
            if f.index == 3 {
                Err("model gone".to_owned())
            } else {
                Ok(Pose::default())
            }
        },
        &mut |_, _| {},
    );
    assert!(
        matches!(failing, Err(VideoPipelineError::Estimate { frame: 3, .. })),
        "{failing:?}"
    );
    let bad_rate = keypoints_from_video(
        frames(1, 30.0),
        &meta(0.0, 1),
        |_: &Frame| -> Result<Pose, String> { Ok(Pose::default()) },
        &mut |_, _| {},
    );
    assert!(matches!(bad_rate, Err(VideoPipelineError::BadFrameRate(_))));
}

#[test]
fn decoding_runs_only_a_few_frames_ahead_and_few_frames_are_kept() {
    let decoded = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&decoded);
    let source = frames(2000, 60.0).inspect(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let mut most_ahead = 0u64;
    let got = keypoints_from_video(
        source,
        &meta(60.0, 2000),
        |f: &Frame| -> Result<Pose, String> {
            let ahead = decoded.load(Ordering::SeqCst).saturating_sub(f.index + 1);
            most_ahead = most_ahead.max(ahead);
            Ok(Pose::default())
        },
        &mut |_, _| {},
    )
    .expect("frames");
    // The channel holds DECODE_AHEAD, plus one being sent and one in hand.
    assert!(most_ahead <= DECODE_AHEAD as u64 + 2, "{most_ahead}");
    assert!(got.kept.len() <= KEPT_FRAMES && got.kept.len() >= KEPT_FRAMES / 2);
    assert!(got.kept.last().is_some_and(|k| k.index >= 1500));
    assert!(got.kept.windows(2).all(|w| w[0].index < w[1].index));
    // Nobody seen: frames without people, still counted.
    assert!(got.recording.frames.iter().all(|f| f.people.is_empty()));
    assert_eq!(got.recording.frames.len(), 2000);
}

#[test]
fn frames_where_the_model_found_nobody_have_nobody_in_them() {
    // On a frame without a person MoveNet still places 17 points, all
    // unsure (a real phone clip of a hand holding a phone: mean confidence
    // 0.11 to 0.19). Those frames must not become people: every lost
    // stretch would otherwise be read as one more person.
    let unsure = |i: u64| {
        let mut p = Pose::default();
        for (j, k) in p.keypoints.iter_mut().enumerate() {
            *k = PoseKeypoint {
                x: 100.0 + 7.0 * j as f32 + i as f32,
                y: 50.0 + 9.0 * j as f32,
                score: if j == 5 || j == 11 { 0.35 } else { 0.12 },
            };
        }
        p
    };
    let sure = |i: u64| {
        let mut p = unsure(i);
        for k in &mut p.keypoints {
            k.score = 0.8;
        }
        p
    };
    let got = keypoints_from_video(
        frames(90, 30.0),
        &meta(30.0, 90),
        |f: &Frame| -> Result<Pose, String> {
            Ok(if (30..60).contains(&f.index) {
                sure(f.index)
            } else {
                unsure(f.index)
            })
        },
        &mut |_, _| {},
    )
    .expect("frames");
    assert_eq!(got.recording.frames.len(), 90);
    for f in &got.recording.frames {
        let expected = usize::from((30..60).contains(&f.number));
        assert_eq!(f.people.len(), expected, "frame {}", f.number);
    }
}

#[test]
fn several_videos_get_numbered_keypoint_files() {
    let p = std::path::Path::new("out/run.json");
    assert_eq!(super::super::keypoints_paths(p, 1), [p.to_path_buf()]);
    assert_eq!(
        super::super::keypoints_paths(p, 2),
        [
            std::path::PathBuf::from("out/run.1.json"),
            std::path::PathBuf::from("out/run.2.json")
        ]
    );
}

#[test]
fn a_video_file_goes_the_video_path_and_says_what_is_missing() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("run.mp4");
    std::fs::write(&path, b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41").expect("written");
    assert!(crate::form::inputs::is_video(&path));
    let err = form::analyse(
        &kb(),
        &request(vec![Input {
            path,
            shown_as: Some("phone.mp4".to_owned()),
        }]),
    )
    .expect_err("no decoder in this build");
    // Named by the upload's name, whatever the decoder in the build says.
    let text = err.to_string();
    assert!(text.starts_with("phone.mp4: "), "{text}");
    assert!(err.downcast_ref::<crate::commands::UserError>().is_some());
}

#[test]
fn the_capture_section_of_a_video_report() {
    let a = form::analyse_videos(
        &kb(),
        &request(Vec::new()),
        vec![VideoClip {
            source: "run.mp4".to_owned(),
            keypoints: video_of(&Runner {
                fps: 30.0,
                seconds: 12.0,
                ..Runner::default()
            }),
        }],
    )
    .expect("measured");
    let text = crate::form::text::render(&a.report);
    let capture: String = text
        .lines()
        .skip_while(|l| *l != "Capture")
        .take_while(|l| !l.starts_with("Posture"))
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!(capture);
}

#[test]
fn the_progress_line_is_hidden_off_a_terminal_and_its_layout_parses() {
    assert!(crate::form::frames_bar(false).is_hidden());
    assert!(indicatif::ProgressStyle::with_template(super::super::FRAMES_TEMPLATE).is_ok());
}

#[test]
fn clips_of_one_run_take_early_from_the_first_and_late_from_the_last() {
    let clip = |seed: u64, name: &str| VideoClip {
        source: name.to_owned(),
        keypoints: video_of(&Runner {
            seconds: 15.0,
            seed,
            ..Runner::default()
        }),
    };
    let req = Request {
        clip_times_s: Some(vec![0.0, 1500.0]),
        ..request(Vec::new())
    };
    let a = form::analyse_videos(&kb(), &req, vec![clip(1, "start.mp4"), clip(2, "end.mov")])
        .expect("measured");
    let snaps: Vec<(usize, &str)> = a
        .report
        .snapshots
        .iter()
        .map(|s| (s.clip, s.label.as_str()))
        .collect();
    assert_eq!(snaps, [(1, "early stride"), (2, "late stride")]);
    let late = &a.report.snapshots[1];
    assert!(
        late.time_s >= 1500.0 && late.time_s <= 1515.0,
        "{}",
        late.time_s
    );
    assert_eq!(a.videos.len(), 2);
    assert_eq!(a.report.clips[1].source, "end.mov");
    // Without times, several clips are refused as for keypoint files.
    let err = form::analyse_videos(
        &kb(),
        &request(Vec::new()),
        vec![clip(1, "start.mp4"), clip(2, "end.mov")],
    )
    .expect_err("needs --at");
    assert!(err.to_string().contains("--at"), "{err}");
}

/// The rendered synthetic runner (bench-corpus) through the pipeline,
/// with an estimator that answers the renderer's own joints: the numbers
/// it was drawn with come back. Swapping this estimator for
/// `backstride_pose::Tracker` makes it the model's end-to-end test.
#[test]
fn the_rendered_runner_through_the_pipeline_gives_back_its_form() {
    use backstride_bench_corpus::runner_video::RunnerVideo;
    let v = RunnerVideo {
        width: 320,
        height: 240,
        seconds: 12.0,
        lean_deg: 10.0,
        elbow_deg: 80.0,
        cadence: 176.0,
        ..RunnerVideo::default()
    };
    let meta = VideoMeta {
        width: v.width,
        height: v.height,
        fps: v.fps,
        frame_count: Some(v.frame_count()),
        codec: "rendered".to_owned(),
    };
    let truth = |f: &Frame| -> Result<Pose, String> {
        let mut p = Pose::default();
        for (slot, (x, y)) in p.keypoints.iter_mut().zip(v.joints_at(f.time_s)) {
            *slot = PoseKeypoint { x, y, score: 0.9 };
        }
        Ok(p)
    };
    let keypoints = keypoints_from_video(
        v.frames().map(Ok::<_, String>),
        &meta,
        truth,
        &mut |_, _| {},
    )
    .expect("keypoints");
    let a = form::analyse_videos(
        &kb(),
        &request(Vec::new()),
        vec![VideoClip {
            source: "rendered.mp4".to_owned(),
            keypoints,
        }],
    )
    .expect("measured");
    let (cadence, lean, elbow) = (
        median(&a.report, "cadence"),
        median(&a.report, "trunk-lean"),
        median(&a.report, "elbow-angle"),
    );
    assert!((cadence - v.cadence).abs() < 3.0, "{cadence}");
    assert!((lean - v.lean_deg).abs() < 1.5, "{lean}");
    assert!((elbow - v.elbow_deg).abs() < 5.0, "{elbow}");
    assert_eq!(a.report.snapshots.len(), 2);
    let html = crate::form::html::render(&a.report);
    let bytes = html.len();
    assert!(
        bytes < 200_000,
        "the report with two snapshots is {bytes} bytes"
    );
}
