//! Pose keypoint files: each format decodes onto the right joints (y
//! flipped for image formats, scores kept), layouts are told apart, every
//! person is kept with its track hint, frame rates come from the file or
//! the caller, and every error names where and what. The fixtures are small
//! and written here; real estimator output under `testdata/pose/` is
//! decoded too.

use std::io::Write;
use std::path::{Path, PathBuf};

use backstride_core::form::pose::{Joint, Keypoint, PoseLayout, PoseRecording};
use backstride_formats::pose::openpose::{
    self, OpenPoseFrame, assemble, decode_files, decode_frame, frame_number_from_name,
    is_frame_file_name,
};
use backstride_formats::pose::{PoseError, PoseOptions, decode, decode_with_limit};

// ---------------------------------------------------------------- helpers

fn opts() -> PoseOptions {
    PoseOptions::default()
}

fn sized(w: u32, h: u32) -> PoseOptions {
    PoseOptions {
        frame_size: Some((w, h)),
        fps: None,
    }
}

fn ok(name: &str, bytes: impl AsRef<[u8]>, opts: &PoseOptions) -> PoseRecording {
    match decode(name, bytes.as_ref(), opts) {
        Ok(rec) => rec,
        Err(err) => panic!("{name} should decode: {err}"),
    }
}

fn err(name: &str, bytes: impl AsRef<[u8]>, opts: &PoseOptions) -> String {
    match decode(name, bytes.as_ref(), opts) {
        Ok(rec) => panic!("{name} should fail, got {} frames", rec.frames.len()),
        Err(err) => err.to_string(),
    }
}

fn point(rec: &PoseRecording, frame: usize, person: usize, joint: Joint) -> Option<Keypoint> {
    rec.frames.get(frame)?.people.get(person)?.skeleton[joint.index()]
}

fn at(rec: &PoseRecording, frame: usize, person: usize, joint: Joint) -> Keypoint {
    point(rec, frame, person, joint)
        .unwrap_or_else(|| panic!("{} missing in frame {frame}, person {person}", joint.name()))
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-3 * b.abs().max(1.0)
}

fn assert_xy(k: Keypoint, x: f32, y: f32) {
    assert!(close(k.x, x) && close(k.y, y), "{k:?} is not at ({x}, {y})");
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).expect("gzip write");
    enc.finish().expect("gzip finish")
}

/// `n` x, y, c triples, all zero except the given points.
fn triples(n: usize, set: &[(usize, f64, f64, f64)]) -> Vec<f64> {
    let mut v = vec![0.0; n * 3];
    for &(i, x, y, c) in set {
        v[i * 3] = x;
        v[i * 3 + 1] = y;
        v[i * 3 + 2] = c;
    }
    v
}

fn openpose_frame(people: &[(i64, Vec<f64>)]) -> String {
    let people: Vec<String> = people
        .iter()
        .map(|(id, kp)| {
            format!(
                r#"{{"person_id":[{id}],"pose_keypoints_2d":{kp:?},"face_keypoints_2d":[],"hand_left_keypoints_2d":[],"hand_right_keypoints_2d":[],"pose_keypoints_3d":[],"face_keypoints_3d":[],"hand_left_keypoints_3d":[],"hand_right_keypoints_3d":[]}}"#
            )
        })
        .collect();
    format!(r#"{{"version":1.3,"people":[{}]}}"#, people.join(","))
}

/// 17 COCO points as [[x, y], ...] with a separate score list.
fn mmpose_instance(base_x: f64, scores: f64) -> String {
    let kps: Vec<String> = (0..17)
        .map(|i| format!("[{}, {}]", base_x + i as f64, 100.0 + 10.0 * i as f64))
        .collect();
    let sc: Vec<String> = (0..17).map(|_| format!("{scores}")).collect();
    format!(
        r#"{{"keypoints":[{}],"keypoint_scores":[{}],"bbox":[[10.0,20.0,200.0,400.0]],"bbox_score":0.97}}"#,
        kps.join(","),
        sc.join(",")
    )
}

// --------------------------------------------------------------- OpenPose

#[test]
fn openpose_body25_maps_every_joint_flips_y_and_drops_zero_confidence() {
    let kp = triples(
        25,
        &[
            (0, 300.0, 100.0, 0.9),  // nose
            (1, 300.0, 150.0, 0.9),  // neck: no joint of ours
            (2, 290.0, 160.0, 0.8),  // right shoulder
            (5, 310.0, 160.0, 0.7),  // left shoulder
            (9, 295.0, 300.0, 0.6),  // right hip
            (12, 305.0, 300.0, 0.6), // left hip
            (13, 306.0, 400.0, 0.0), // left knee, not found
            (19, 320.0, 520.0, 0.5), // left big toe
            (21, 300.0, 515.0, 0.5), // left heel
            (22, 321.0, 521.0, 0.4), // right big toe
            (24, 299.0, 516.0, 0.4), // right heel
            (17, 296.0, 95.0, 0.3),  // right ear
        ],
    );
    let json = openpose_frame(&[(-1, kp)]);
    let frame = decode_frame(json.as_bytes(), 12).expect("decodes");
    assert_eq!(frame.layout, Some(PoseLayout::OpenPoseBody25));
    assert_eq!(frame.frame.number, 12);
    let person = &frame.frame.people[0];
    assert_eq!(person.track_hint, None, "person_id -1 means no ID");
    let s = &person.skeleton;
    let nose = s[Joint::Nose.index()].expect("nose");
    assert_eq!((nose.x, nose.y, nose.score), (300.0, -100.0, 0.9));
    assert_xy(s[Joint::RightShoulder.index()].expect("rs"), 290.0, -160.0);
    assert_xy(s[Joint::LeftShoulder.index()].expect("ls"), 310.0, -160.0);
    assert_xy(s[Joint::RightHip.index()].expect("rh"), 295.0, -300.0);
    assert_xy(s[Joint::LeftHip.index()].expect("lh"), 305.0, -300.0);
    assert_xy(s[Joint::LeftToe.index()].expect("lt"), 320.0, -520.0);
    assert_xy(s[Joint::LeftHeel.index()].expect("lheel"), 300.0, -515.0);
    assert_xy(s[Joint::RightToe.index()].expect("rt"), 321.0, -521.0);
    assert_xy(s[Joint::RightHeel.index()].expect("rheel"), 299.0, -516.0);
    assert_xy(s[Joint::RightEar.index()].expect("rear"), 296.0, -95.0);
    assert!(
        s[Joint::LeftKnee.index()].is_none(),
        "confidence 0 is missing"
    );
    assert!(s[Joint::RightKnee.index()].is_none(), "all zero is missing");
}

#[test]
fn openpose_coco18_is_told_apart_by_length_and_mapped() {
    let kp = triples(
        18,
        &[
            (8, 100.0, 300.0, 0.9),  // right hip
            (11, 110.0, 301.0, 0.8), // left hip
            (13, 111.0, 500.0, 0.7), // left ankle
            (14, 98.0, 90.0, 0.6),   // right eye
            (17, 112.0, 95.0, 0.5),  // left ear
        ],
    );
    let frame = decode_frame(openpose_frame(&[(4, kp)]).as_bytes(), 0).expect("decodes");
    assert_eq!(frame.layout, Some(PoseLayout::OpenPoseCoco18));
    let p = &frame.frame.people[0];
    assert_eq!(p.track_hint, Some(4));
    assert_xy(
        p.skeleton[Joint::RightHip.index()].expect("rh"),
        100.0,
        -300.0,
    );
    assert_xy(
        p.skeleton[Joint::LeftHip.index()].expect("lh"),
        110.0,
        -301.0,
    );
    assert_xy(
        p.skeleton[Joint::LeftAnkle.index()].expect("la"),
        111.0,
        -500.0,
    );
    assert_xy(
        p.skeleton[Joint::RightEye.index()].expect("re"),
        98.0,
        -90.0,
    );
    assert_xy(
        p.skeleton[Joint::LeftEar.index()].expect("le"),
        112.0,
        -95.0,
    );
}

/// A standing person in BODY_25B order (COCO-17, then upper neck, head
/// top and the feet): nose, eyes and ears within a few pixels.
fn body25b_person(x: f64) -> Vec<f64> {
    let ys = [
        100.0, 95.0, 95.0, 98.0, 98.0, 160.0, 160.0, 240.0, 240.0, 310.0, 310.0, 300.0, 300.0,
        400.0, 400.0, 500.0, 500.0, 140.0, 60.0, 520.0, 520.0, 515.0, 520.0, 520.0, 515.0,
    ];
    let xs = [
        0.0, -4.0, 4.0, -8.0, 8.0, -20.0, 20.0, -22.0, 22.0, -24.0, 24.0, -12.0, 12.0, -12.0, 12.0,
        -12.0, 12.0, 0.0, 0.0, -5.0, -8.0, -14.0, 5.0, 8.0, 14.0,
    ];
    let set: Vec<(usize, f64, f64, f64)> = (0..25).map(|i| (i, x + xs[i], ys[i], 0.8)).collect();
    triples(25, &set)
}

#[test]
fn body25b_is_read_with_its_own_joint_order() {
    let frames: Vec<OpenPoseFrame> = (0..3)
        .map(|n| {
            let json = openpose_frame(&[(-1, body25b_person(300.0 + n as f64))]);
            decode_frame(json.as_bytes(), n).expect("decodes")
        })
        .collect();
    let rec = assemble(frames, &opts()).expect("BODY_25B");
    assert_eq!(rec.layout, PoseLayout::OpenPoseBody25B);
    let s = &rec.frames[0].people[0].skeleton;
    // Point 8 is the right elbow (BODY_25 would make it the mid-hip),
    // point 11 the left hip (BODY_25: the right ankle).
    assert_xy(
        s[Joint::RightElbow.index()].expect("right elbow"),
        322.0,
        -240.0,
    );
    assert_xy(s[Joint::LeftHip.index()].expect("left hip"), 288.0, -300.0);
    assert_xy(s[Joint::LeftEye.index()].expect("left eye"), 296.0, -95.0);
    assert_xy(
        s[Joint::RightHeel.index()].expect("right heel"),
        314.0,
        -515.0,
    );
}

#[test]
fn openpose_frame_numbers_come_from_file_names() {
    assert_eq!(
        frame_number_from_name("video_000000000012_keypoints.json"),
        Some(12)
    );
    assert_eq!(
        frame_number_from_name("out/run_2024_000000000003_keypoints.json.gz"),
        Some(3)
    );
    assert_eq!(
        frame_number_from_name(r"C:\clips\a_7_keypoints.json"),
        Some(7)
    );
    assert_eq!(frame_number_from_name("000000000044.json"), Some(44));
    assert_eq!(
        frame_number_from_name("cam01.0042.json"),
        Some(42),
        "Pose2Sim"
    );
    assert_eq!(frame_number_from_name("cam01.0000.json.gz"), Some(0));
    assert_eq!(frame_number_from_name("keypoints.json"), None);
    assert_eq!(
        frame_number_from_name("x_99999999999999999999999_keypoints.json"),
        None,
        "too many digits for u64"
    );
    assert!(is_frame_file_name("a_000000000001_keypoints.json"));
    assert!(is_frame_file_name("A_000000000001_KEYPOINTS.JSON.GZ"));
    assert!(!is_frame_file_name("a.json"));
}

fn one_person_body25(x: f64) -> String {
    openpose_frame(&[(-1, triples(25, &[(0, x, 100.0, 0.9), (9, x, 300.0, 0.9)]))])
}

#[test]
fn an_openpose_folder_is_sorted_by_frame_and_takes_fps_from_the_caller() {
    let names = [
        "clip_000000000002_keypoints.json",
        "clip_000000000000_keypoints.json",
        "clip_000000000001_keypoints.json",
    ];
    let bodies = [
        one_person_body25(302.0),
        one_person_body25(300.0),
        one_person_body25(301.0),
    ];
    let gz = gzip(bodies[2].as_bytes());
    let files: Vec<(&str, &[u8])> = vec![
        (names[0], bodies[0].as_bytes()),
        (names[1], bodies[1].as_bytes()),
        ("clip_000000000001_keypoints.json.gz", gz.as_slice()),
    ];
    let rec = decode_files(files.clone(), &opts()).expect("decodes");
    assert_eq!(rec.layout, PoseLayout::OpenPoseBody25);
    assert_eq!(rec.fps, None, "OpenPose writes no frame rate");
    let numbers: Vec<u64> = rec.frames.iter().map(|f| f.number).collect();
    assert_eq!(numbers, [0, 1, 2]);
    assert_eq!(at(&rec, 2, 0, Joint::Nose).x, 302.0);

    let with_fps = PoseOptions {
        fps: Some(59.94),
        ..opts()
    };
    assert_eq!(
        decode_files(files, &with_fps).expect("decodes").fps,
        Some(59.94)
    );
}

#[test]
fn openpose_frames_in_two_layouts_are_refused() {
    let a = decode_frame(one_person_body25(1.0).as_bytes(), 0).expect("a");
    let coco = openpose_frame(&[(-1, triples(18, &[(0, 1.0, 2.0, 0.5)]))]);
    let b = decode_frame(coco.as_bytes(), 5).expect("b");
    let e = assemble(vec![a, b], &opts()).expect_err("mixed");
    assert_eq!(
        e.to_string(),
        "mixed keypoint layouts: frame 0 is OpenPose BODY_25 but frame 5 is OpenPose COCO-18"
    );
}

#[test]
fn an_openpose_person_with_the_wrong_count_is_named() {
    let ok_person = triples(25, &[(0, 1.0, 2.0, 0.5)]);
    let json = openpose_frame(&[(-1, ok_person), (-1, vec![1.0; 20])]);
    let e = decode_frame(json.as_bytes(), 14).expect_err("20 numbers");
    assert_eq!(
        e.to_string(),
        "person 2 in frame 14 has 20 numbers; BODY_25 needs 75, HALPE_26 78 and COCO-18 54"
    );
    let body135 = openpose_frame(&[(-1, vec![0.5; 405])]);
    let e = decode_frame(body135.as_bytes(), 3).expect_err("BODY_135");
    assert!(e.to_string().contains("BODY_135"), "{e}");
}

/// Every HALPE_26 point at a distinct place: point i at (100 + i, 10 i).
fn halpe26_numbers(score: f64) -> Vec<f64> {
    (0..26)
        .flat_map(|i| [100.0 + i as f64, 10.0 * i as f64, score])
        .collect()
}

/// Where HALPE_26 puts each of our joints (point numbers; head, neck,
/// mid-hip and small toes have no joint of ours).
const HALPE_26_POINTS: [(Joint, usize); 21] = [
    (Joint::Nose, 0),
    (Joint::LeftEye, 1),
    (Joint::RightEye, 2),
    (Joint::LeftEar, 3),
    (Joint::RightEar, 4),
    (Joint::LeftShoulder, 5),
    (Joint::RightShoulder, 6),
    (Joint::LeftElbow, 7),
    (Joint::RightElbow, 8),
    (Joint::LeftWrist, 9),
    (Joint::RightWrist, 10),
    (Joint::LeftHip, 11),
    (Joint::RightHip, 12),
    (Joint::LeftKnee, 13),
    (Joint::RightKnee, 14),
    (Joint::LeftAnkle, 15),
    (Joint::RightAnkle, 16),
    (Joint::LeftToe, 20),
    (Joint::RightToe, 21),
    (Joint::LeftHeel, 24),
    (Joint::RightHeel, 25),
];

fn assert_halpe26(s: &backstride_core::form::pose::Skeleton) {
    for (joint, i) in HALPE_26_POINTS {
        let k = s[joint.index()].unwrap_or_else(|| panic!("{joint:?} missing"));
        assert_xy(k, 100.0 + i as f32, -10.0 * i as f32);
    }
}

#[test]
fn halpe26_from_sports2d_and_pose2sim_maps_every_joint_with_its_feet() {
    // OpenPose-style JSON with 78 numbers a person.
    let json = openpose_frame(&[(-1, halpe26_numbers(0.8))]);
    let frame = decode_frame(json.as_bytes(), 5).expect("decodes");
    assert_eq!(frame.layout, Some(PoseLayout::Halpe26));
    assert_halpe26(&frame.frame.people[0].skeleton);

    // MMPose's inferencer with a body-with-feet model: 26 nested points
    // and separate scores; and a flat list of 78.
    let nested: Vec<String> = (0..26)
        .map(|i| format!("[{}, {}]", 100 + i, 10 * i))
        .collect();
    let scores = vec!["0.7"; 26].join(",");
    let flat: Vec<String> = halpe26_numbers(0.6).iter().map(f64::to_string).collect();
    let doc = format!(
        r#"[{{"frame_id": 0, "instances": [{{"keypoints": [{}], "keypoint_scores": [{scores}]}}]}},
            {{"frame_id": 1, "instances": [{{"keypoints": [{}]}}]}}]"#,
        nested.join(","),
        flat.join(",")
    );
    let rec = ok("rtmpose-halpe.json", doc, &opts());
    assert_eq!(rec.layout, PoseLayout::Halpe26);
    assert_halpe26(&rec.frames[0].people[0].skeleton);
    assert_halpe26(&rec.frames[1].people[0].skeleton);
    assert_eq!(at(&rec, 0, 0, Joint::LeftHeel).score, 0.7);
    assert_eq!(at(&rec, 1, 0, Joint::RightToe).score, 0.6);
}

#[test]
fn an_openpose_folder_without_anybody_says_so() {
    let empty = r#"{"version":1.3,"people":[]}"#;
    let files: Vec<(&str, &[u8])> = (0..3)
        .map(|i| {
            let name: &'static str = match i {
                0 => "v_000000000000_keypoints.json",
                1 => "v_000000000001_keypoints.json",
                _ => "v_000000000002_keypoints.json",
            };
            (name, empty.as_bytes())
        })
        .collect();
    let e = decode_files(files, &opts()).expect_err("nobody");
    assert_eq!(e.to_string(), "no person detected in any of the 3 frames");
}

#[test]
fn two_openpose_files_with_one_frame_number_are_named() {
    let body = one_person_body25(1.0);
    let files: Vec<(&str, &[u8])> = vec![
        ("a_000000000004_keypoints.json", body.as_bytes()),
        ("b_000000000004_keypoints.json", body.as_bytes()),
    ];
    let e = decode_files(files, &opts()).expect_err("duplicate");
    assert_eq!(
        e.to_string(),
        "frame 4 appears twice (a_000000000004_keypoints.json and b_000000000004_keypoints.json)"
    );
    let nameless: Vec<(&str, &[u8])> = vec![("keypoints.json", body.as_bytes())];
    let e = decode_files(nameless, &opts()).expect_err("no number");
    assert!(
        e.to_string().starts_with("keypoints.json: ") && e.to_string().contains("frame number"),
        "{e}"
    );
    let broken: Vec<(&str, &[u8])> = vec![("a_000000000001_keypoints.json", b"{\"people\": [")];
    let e = decode_files(broken, &opts()).expect_err("broken");
    assert!(
        e.to_string()
            .starts_with("a_000000000001_keypoints.json: not valid JSON at line 1"),
        "{e}"
    );
}

#[test]
fn one_openpose_file_decodes_through_decode_with_its_number() {
    let rec = ok(
        "run_000000000042_keypoints.json",
        one_person_body25(5.0),
        &opts(),
    );
    assert_eq!(rec.frames.len(), 1);
    assert_eq!(rec.frames[0].number, 42);
    assert_eq!(rec.layout, PoseLayout::OpenPoseBody25);
}

#[test]
fn normalised_openpose_coordinates_are_scaled_when_the_frame_size_is_known() {
    let json = openpose_frame(&[(-1, triples(25, &[(0, 0.5, 0.25, 0.9), (9, 0.5, 0.6, 0.9)]))]);
    let rec = ok("n_000000000000_keypoints.json", &json, &sized(1920, 1080));
    assert_xy(at(&rec, 0, 0, Joint::Nose), 960.0, -270.0);
    assert!(rec.problems[0].contains("fractions of the 1920x1080 frame"));
    let rec = ok("n_000000000000_keypoints.json", &json, &opts());
    assert_xy(at(&rec, 0, 0, Joint::Nose), 0.5, -0.25);
    assert!(
        rec.problems[0].contains("looks normalised"),
        "{:?}",
        rec.problems
    );
}

#[test]
fn openpose_decode_frame_refuses_what_is_not_a_frame() {
    let e = decode_frame(b"[1, 2]", 0).expect_err("list");
    assert!(e.to_string().contains("JSON object with `people`"), "{e}");
    let e = decode_frame(b"{\"version\": 1.3}", 0).expect_err("no people");
    assert!(e.to_string().contains("no `people`"), "{e}");
    assert_eq!(decode_frame(b"  ", 0), Err(PoseError::Empty));
    let e = decode_frame(br#"{"people":[{"pose_keypoints_2d":"x"}]}"#, 2).expect_err("string");
    assert_eq!(
        e.to_string(),
        "frame 2: person 1: `pose_keypoints_2d` is a string, not a list of numbers"
    );
}

#[test]
fn assemble_keeps_problems_and_frames_without_people() {
    let a = decode_frame(one_person_body25(1.0).as_bytes(), 1).expect("a");
    let nobody = decode_frame(br#"{"people":[]}"#, 0).expect("empty frame");
    assert_eq!(nobody.layout, None);
    let frames: Vec<OpenPoseFrame> = vec![a, nobody];
    let rec = assemble(frames, &opts()).expect("assembles");
    assert_eq!(rec.frames.len(), 2);
    assert!(rec.frames[0].people.is_empty());
    assert_eq!(rec.frames[1].people.len(), 1);
    let _ = openpose::decode_frame; // the module path is public
}

// ---------------------------------------------------------------- COCO-17

#[test]
fn coco_results_are_grouped_by_image_id_with_every_person_kept() {
    let kp = |x: f64| -> String {
        let v: Vec<String> = (0..17)
            .map(|i| format!("{},{},0.8", x + i as f64, 50.0 + i as f64))
            .collect();
        v.join(",")
    };
    // AlphaPose style: image_id as a file name, `idx` as the track; a
    // COCO annotation `id` is not a track.
    let json = format!(
        r#"[
 {{"image_id":"000012.jpg","category_id":1,"keypoints":[{}],"score":2.9,"idx":7}},
 {{"image_id":"000012.jpg","category_id":1,"keypoints":[{}],"score":1.2,"idx":[8]}},
 {{"image_id":3,"category_id":1,"keypoints":[{}],"score":2.1,"id":99}}
]"#,
        kp(10.0),
        kp(500.0),
        kp(20.0)
    );
    let rec = ok("results.json", json, &opts());
    assert_eq!(rec.layout, PoseLayout::Coco17);
    let numbers: Vec<u64> = rec.frames.iter().map(|f| f.number).collect();
    assert_eq!(numbers, [3, 12]);
    assert_eq!(rec.frames[1].people.len(), 2);
    assert_eq!(rec.frames[1].people[0].track_hint, Some(7));
    assert_eq!(rec.frames[1].people[1].track_hint, Some(8));
    assert_eq!(rec.frames[0].people[0].track_hint, None);
    // COCO-17 order: 5 left shoulder, 12 right hip, 16 right ankle.
    assert_xy(at(&rec, 1, 0, Joint::LeftShoulder), 15.0, -55.0);
    assert_xy(at(&rec, 1, 1, Joint::RightHip), 512.0, -62.0);
    assert_xy(at(&rec, 0, 0, Joint::RightAnkle), 36.0, -66.0);
    assert_xy(at(&rec, 0, 0, Joint::LeftEye), 21.0, -51.0);
    assert_eq!(at(&rec, 0, 0, Joint::Nose).score, 0.8);
}

#[test]
fn mmpose_inferencer_video_output_decodes_and_clamps_simcc_scores_once() {
    // MMPoseInferencer(..., pred_out_dir=...) on a video writes
    // [{"frame_id": i, "instances": [split_instances(...)]}].
    let json = format!(
        r#"[
  {{"frame_id": 0, "instances": [{}, {}]}},
  {{"frame_id": 1, "instances": []}},
  {{"frame_id": 2, "instances": [{}]}}
]"#,
        mmpose_instance(100.0, 0.9),
        mmpose_instance(700.0, 4.5),
        mmpose_instance(101.0, 1.7)
    );
    let rec = ok("video.json", json, &opts());
    assert_eq!(rec.layout, PoseLayout::Coco17);
    assert_eq!(rec.frames.len(), 3);
    assert_eq!(rec.frames[0].people.len(), 2);
    assert!(rec.frames[1].people.is_empty());
    assert_xy(at(&rec, 0, 0, Joint::Nose), 100.0, -100.0);
    assert_xy(at(&rec, 0, 0, Joint::LeftKnee), 113.0, -230.0);
    assert_eq!(at(&rec, 0, 0, Joint::Nose).score, 0.9);
    assert_eq!(at(&rec, 0, 1, Joint::Nose).score, 1.0, "4.5 clamped");
    let clamped: Vec<&String> = rec
        .problems
        .iter()
        .filter(|p| p.contains("clamped"))
        .collect();
    assert_eq!(clamped.len(), 1, "{:?}", rec.problems);
    assert_eq!(
        clamped[0],
        "34 keypoint scores above 1 (up to 4.5) were clamped to 1, the first in frame 0"
    );
    assert_eq!(rec.fps, None);
}

#[test]
fn mmpose_demo_save_predictions_decodes() {
    // demo/topdown_demo_with_mmdet.py --save-predictions (json_tricks, with
    // numpy arrays in meta_info).
    let json = format!(
        r#"{{"meta_info": {{"dataset_name": "coco", "num_keypoints": 17,
  "sigmas": {{"__ndarray__": [0.026, 0.025], "dtype": "float32", "shape": [2]}}}},
 "instance_info": [{{"frame_id": 1, "instances": [{}]}}, {{"frame_id": 2, "instances": [{}]}}]}}"#,
        mmpose_instance(10.0, 0.5),
        mmpose_instance(11.0, 0.5)
    );
    let rec = ok("results_run.json", json, &opts());
    let numbers: Vec<u64> = rec.frames.iter().map(|f| f.number).collect();
    assert_eq!(numbers, [1, 2]);
    assert_xy(at(&rec, 1, 0, Joint::Nose), 11.0, -100.0);
}

#[test]
fn an_mmpose_per_image_file_is_one_frame_numbered_from_its_name() {
    let json = format!(
        "[{}, {}]",
        mmpose_instance(1.0, 0.6),
        mmpose_instance(2.0, 0.6)
    );
    let rec = ok("frames/000031.json", json, &opts());
    assert_eq!(rec.frames.len(), 1);
    assert_eq!(rec.frames[0].number, 31);
    assert_eq!(rec.frames[0].people.len(), 2);
}

#[test]
fn ultralytics_frames_with_track_ids_decode() {
    // A list of per-frame Results.tojson() lists (model.track(...)).
    let person = |track: i64, x: f64| -> String {
        let xs: Vec<String> = (0..17).map(|i| format!("{}", x + i as f64)).collect();
        let ys: Vec<String> = (0..17).map(|i| format!("{}", 200.0 + i as f64)).collect();
        let vs: Vec<String> = (0..17).map(|_| "0.95".to_string()).collect();
        format!(
            r#"{{"name":"person","class":0,"confidence":0.91,"box":{{"x1":1,"y1":2,"x2":3,"y2":4}},"track_id":{track},"keypoints":{{"x":[{}],"y":[{}],"visible":[{}]}}}}"#,
            xs.join(","),
            ys.join(","),
            vs.join(",")
        )
    };
    let json = format!(
        "[[{}, {}], [], [{}]]",
        person(1, 100.0),
        person(2, 900.0),
        person(1, 104.0)
    );
    let rec = ok("yolo.json", json, &opts());
    assert_eq!(rec.layout, PoseLayout::Coco17);
    assert_eq!(rec.frames.len(), 3);
    let hints: Vec<Option<i64>> = rec.frames[0].people.iter().map(|p| p.track_hint).collect();
    assert_eq!(hints, [Some(1), Some(2)]);
    assert_xy(at(&rec, 2, 0, Joint::RightWrist), 114.0, -210.0);
    assert!(close(at(&rec, 2, 0, Joint::RightWrist).score, 0.95));
}

#[test]
fn frame_objects_with_flat_keypoints_and_times_give_the_frame_rate() {
    let flat51: Vec<String> = (0..17).map(|i| format!("{i}.0,{i}.5,0.9")).collect();
    let flat34: Vec<String> = (0..17).map(|i| format!("{i}.0,{i}.5")).collect();
    let scores: Vec<&str> = (0..17).map(|_| "0.5").collect();
    let json = format!(
        r#"[{{"frame": 0, "time_s": 0.0, "people": [{{"track_id": 3, "keypoints": [{}]}}]}},
 {{"frame": 1, "time_s": 0.02, "people": [{{"id": "4", "keypoints": [{}], "keypoint_scores": [{}]}}]}},
 {{"frame": 3, "time_s": 0.06, "people": []}}]"#,
        flat51.join(","),
        flat34.join(","),
        scores.join(",")
    );
    let rec = ok("frames.json", json, &opts());
    assert_eq!(rec.fps, Some(50.0));
    assert_eq!(rec.frames[0].time_s, Some(0.0));
    assert_eq!(rec.frames[0].people[0].track_hint, Some(3));
    assert_eq!(rec.frames[1].people[0].track_hint, Some(4));
    assert_xy(at(&rec, 0, 0, Joint::RightHip), 12.0, -12.5);
    assert_eq!(at(&rec, 1, 0, Joint::RightHip).score, 0.5);
}

#[test]
fn mmpose_3d_style_points_take_their_scores_from_keypoint_scores() {
    let kps: Vec<String> = (0..17).map(|i| format!("[{i}, {i}, 7.5]")).collect();
    let scores: Vec<&str> = (0..17).map(|_| "0.25").collect();
    let json = format!(
        r#"[{{"frame_id": 0, "instances": [{{"keypoints": [{}], "keypoint_scores": [{}]}}]}}]"#,
        kps.join(","),
        scores.join(",")
    );
    let rec = ok("lift.json", json, &opts());
    assert_eq!(at(&rec, 0, 0, Joint::LeftHip).score, 0.25);
    assert!(rec.problems.iter().all(|p| !p.contains("clamped")));
}

#[test]
fn a_coco_person_with_the_wrong_count_is_named() {
    let nested: Vec<String> = (0..26).map(|i| format!("[{i}, {i}]")).collect();
    let json = format!(
        r#"[{{"frame_id": 0, "instances": []}}, {{"frame_id": 9, "instances": [{}, {{"keypoints": [{}]}}]}}]"#,
        mmpose_instance(1.0, 0.5),
        nested.join(",")
    );
    // COCO-17 and HALPE_26 people in one frame: two layouts.
    assert_eq!(
        err("mixed.json", json, &opts()),
        "mixed keypoint layouts: frame 9 has people in COCO-17 and in HALPE_26"
    );

    let wholebody: Vec<String> = (0..133).map(|i| format!("[{i}, {i}]")).collect();
    let json = format!(
        r#"[{{"frame_id": 9, "instances": [{{"keypoints": [{}]}}]}}]"#,
        wholebody.join(",")
    );
    let e = err("wholebody.json", json, &opts());
    assert!(
        e.starts_with("person 1 in frame 9 has 133 keypoints; COCO-17 needs 17 keypoints"),
        "{e}"
    );
    assert!(e.contains("COCO-WholeBody"), "{e}");

    let json = r#"[{"image_id": 14, "keypoints": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]}]"#;
    assert_eq!(
        err("r.json", json, &opts()),
        "person 1 in frame 14 has 20 numbers; COCO-17 needs 17 keypoints (51 numbers as x, y, score or 34 as x, y), HALPE_26 26 (78 or 52)"
    );
}

#[test]
fn coco_shape_errors_name_the_entry() {
    let e = err(
        "r.json",
        r#"[{"image_id": 1, "keypoints": []}, {"keypoints": [], "image_id": null}]"#,
        &opts(),
    );
    assert!(e.contains("person 1 in frame 1 has 0 numbers"), "{e}");
    let kp51 = vec!["1"; 51].join(",");
    let json = format!(r#"[{{"image_id": 1, "keypoints": [{kp51}]}}, {{"keypoints": [{kp51}]}}]"#);
    assert_eq!(
        err("r.json", json, &opts()),
        "list entry 1: this detection has no `image_id`, so its frame is unknown"
    );
    let e = err(
        "r.json",
        r#"[{"image_id": "frame", "keypoints": []}]"#,
        &opts(),
    );
    assert_eq!(
        e,
        r#"list entry 0: `image_id` is "frame", which is not a frame number"#
    );
}

#[test]
fn frames_listed_twice_are_refused() {
    let json = format!(
        r#"[{{"frame_id": 2, "instances": [{}]}}, {{"frame_id": 2, "instances": []}}]"#,
        mmpose_instance(1.0, 0.5)
    );
    assert_eq!(err("d.json", json, &opts()), "frame 2 appears twice");
}

#[test]
fn a_list_of_frames_decodes_alike_as_one_document_and_as_json_lines() {
    // Long files are decoded an entry (or a line) at a time; whichever
    // way the same frames are written, the recording is the same.
    let frames: Vec<String> = (0..40)
        .map(|f| {
            format!(
                r#"{{"frame_id": {f}, "instances": [{}, {}]}}"#,
                mmpose_instance(100.0 + f as f64, 0.9),
                mmpose_instance(700.0 - f as f64, 0.4)
            )
        })
        .collect();
    let document = format!("[\n{}\n]", frames.join(",\n"));
    let lines = frames.join("\n");
    let a = ok("video.json", &document, &opts());
    let b = ok("video.jsonl", &lines, &opts());
    assert_eq!(a, b);
    assert_eq!(a.frames.len(), 40);
    assert_eq!(a.frames[39].people.len(), 2);
    assert_xy(at(&a, 39, 0, Joint::Nose), 139.0, -100.0);
}

#[test]
fn json_lines_whose_lines_are_lists_of_people_are_one_frame_a_line() {
    // Each line a list of people (no frame objects): the first line is a
    // JSON list, yet the file is JSON Lines, one frame a line.
    let line = |x: f64| {
        format!(
            "[{}, {}]",
            mmpose_instance(x, 0.9),
            mmpose_instance(x + 500.0, 0.8)
        )
    };
    let text = format!("{}\n{}\n{}\n", line(10.0), line(11.0), line(12.0));
    let rec = ok("people.jsonl", text, &opts());
    assert_eq!(rec.frames.len(), 3);
    assert!(rec.frames.iter().all(|f| f.people.len() == 2));
    assert_xy(at(&rec, 2, 1, Joint::Nose), 512.0, -100.0);
}

#[test]
fn errors_deep_in_a_long_list_name_the_entry_and_the_line() {
    let good = |f: usize| {
        format!(
            r#"{{"frame_id": {f}, "instances": [{}]}}"#,
            mmpose_instance(1.0, 0.5)
        )
    };
    let mut entries: Vec<String> = (0..30).map(good).collect();
    entries[25] = r#"{"frame_id": 25, "instances": 7}"#.to_string();
    let e = err("long.json", format!("[{}]", entries.join(",\n")), &opts());
    assert!(e.contains("25"), "{e}");
    // A syntax error on line 28 of the document.
    let mut broken: Vec<String> = (0..30).map(good).collect();
    broken[27] = r#"{"frame_id": 27, "instances": [}"#.to_string();
    let e = err("long.json", format!("[{}]", broken.join(",\n")), &opts());
    assert!(e.contains("line 28"), "{e}");
}

// -------------------------------------------------------------- MediaPipe

/// 33 landmarks, all at (0.5, 0.5) except the given ones.
fn landmarks(set: &[(usize, f64, f64, f64)]) -> String {
    let mut v: Vec<(f64, f64, f64)> = vec![(0.5, 0.5, 0.9); 33];
    for &(i, x, y, vis) in set {
        v[i] = (x, y, vis);
    }
    let items: Vec<String> = v
        .iter()
        .map(|(x, y, vis)| format!(r#"{{"x":{x},"y":{y},"z":-0.1,"visibility":{vis}}}"#))
        .collect();
    format!("[{}]", items.join(","))
}

#[test]
fn mediapipe_jsonl_scales_to_pixels_flips_y_and_maps_landmarks() {
    let lm = landmarks(&[
        (0, 0.40, 0.20, 0.99),  // nose
        (7, 0.41, 0.19, 0.50),  // left ear
        (12, 0.45, 0.30, 0.97), // right shoulder
        (23, 0.46, 0.55, 0.96), // left hip
        (29, 0.47, 0.90, 0.80), // left heel
        (32, 0.52, 0.92, 0.70), // right foot index
        (27, 0.48, 0.88, 0.0),  // left ankle, not visible
    ]);
    let jsonl = format!(
        "{{\"frame\":0,\"time_s\":0.0,\"image_width\":1000,\"image_height\":500,\"landmarks\":[]}}\n\
         {{\"frame\":1,\"time_s\":0.033333,\"image_width\":1000,\"image_height\":500,\"landmarks\":{lm}}}\n\
         {{\"frame\":2,\"time_s\":0.066667,\"image_width\":1000,\"image_height\":500,\"landmarks\":{lm}}}\n"
    );
    let rec = ok("run.jsonl", &jsonl, &opts());
    assert_eq!(rec.layout, PoseLayout::MediaPipe33);
    assert_eq!(rec.fps, Some(30.0));
    assert!(rec.frames[0].people.is_empty(), "landmarks [] is nobody");
    assert_xy(at(&rec, 1, 0, Joint::Nose), 400.0, -100.0);
    assert_eq!(at(&rec, 1, 0, Joint::Nose).score, 0.99);
    assert_xy(at(&rec, 1, 0, Joint::LeftEar), 410.0, -95.0);
    assert_xy(at(&rec, 1, 0, Joint::RightShoulder), 450.0, -150.0);
    assert_xy(at(&rec, 1, 0, Joint::LeftHip), 460.0, -275.0);
    assert_xy(at(&rec, 1, 0, Joint::LeftHeel), 470.0, -450.0);
    assert_xy(at(&rec, 1, 0, Joint::RightToe), 520.0, -460.0);
    assert!(point(&rec, 1, 0, Joint::LeftAnkle).is_none());
    assert!(rec.problems.is_empty(), "{:?}", rec.problems);

    // The same as one JSON list, and gzipped.
    let list = format!("[{}]", jsonl.trim_end().replace('\n', ","));
    assert_eq!(ok("run.json", &list, &opts()), rec);
    assert_eq!(ok("run.jsonl.gz", gzip(jsonl.as_bytes()), &opts()), rec);
}

#[test]
fn mediapipe_without_a_frame_size_asks_for_one() {
    let jsonl = format!(
        "{{\"frame\":0,\"landmarks\":{}}}\n{{\"frame\":1,\"landmarks\":{}}}\n",
        landmarks(&[]),
        landmarks(&[])
    );
    let e = err("a.jsonl", &jsonl, &opts());
    assert_eq!(
        e,
        "MediaPipe Pose coordinates are fractions of the video frame (0..1), so angles need the frame's size in pixels: add image_width and image_height to the file, or pass the video's frame size (for example 1920x1080)"
    );
    let rec = ok("a.jsonl", &jsonl, &sized(640, 480));
    assert_xy(at(&rec, 0, 0, Joint::Nose), 320.0, -240.0);
    assert_eq!(rec.fps, None);
}

#[test]
fn a_jsonl_metadata_line_and_the_callers_values() {
    let jsonl = format!(
        "{{\"image_width\": 200, \"image_height\": 100, \"fps\": 25}}\n{{\"frame\":0,\"landmarks\":{}}}\n",
        landmarks(&[])
    );
    let rec = ok("a.jsonl", &jsonl, &opts());
    assert_eq!(rec.fps, Some(25.0));
    assert_xy(at(&rec, 0, 0, Joint::Nose), 100.0, -50.0);

    let given = PoseOptions {
        frame_size: Some((400, 200)),
        fps: Some(240.0),
    };
    let rec = ok("a.jsonl", &jsonl, &given);
    assert_eq!(rec.fps, Some(240.0), "the caller wins");
    assert_xy(at(&rec, 0, 0, Joint::Nose), 200.0, -100.0);
    assert_eq!(
        rec.problems,
        [
            "the file says the frame is 200x100 (line 1); using the 400x200 passed in",
            "the file implies 25 frames per second; using the 240 passed in",
        ]
    );
}

#[test]
fn points_that_overflow_when_scaled_become_missing() {
    let lm = landmarks(&[(0, 1e38, 0.5, 0.9), (23, 0.5, -1e38, 0.9)]);
    let jsonl = format!("{{\"frame\":0,\"landmarks\":{lm}}}\n");
    let rec = ok("big.jsonl", &jsonl, &sized(1920, 1080));
    assert!(point(&rec, 0, 0, Joint::Nose).is_none());
    assert!(point(&rec, 0, 0, Joint::LeftHip).is_none());
    assert!(point(&rec, 0, 0, Joint::RightHip).is_some());
    let every = rec.frames[0].people[0].skeleton.iter().flatten();
    assert!(every.clone().all(|k| k.x.is_finite() && k.y.is_finite()));
}

#[test]
fn several_mediapipe_poses_keep_their_track_ids() {
    let jsonl = format!(
        "{{\"frame\":5,\"image_width\":100,\"image_height\":100,\"poses\":[{{\"track_id\":2,\"landmarks\":{a}}},{b}]}}\n",
        a = landmarks(&[(0, 0.1, 0.1, 0.9)]),
        b = landmarks(&[(0, 0.8, 0.1, 0.9)])
    );
    let rec = ok("two.jsonl", &jsonl, &opts());
    let people = &rec.frames[0].people;
    assert_eq!(people.len(), 2);
    assert_eq!(people[0].track_hint, Some(2));
    assert_eq!(people[1].track_hint, None);
    assert_xy(at(&rec, 0, 1, Joint::Nose), 80.0, -10.0);
}

#[test]
fn mediapipe_landmark_count_and_size_conflicts_are_named() {
    let short = r#"[{"x":0.1,"y":0.2}]"#;
    let e = err(
        "a.jsonl",
        format!("{{\"frame\":0,\"landmarks\":[]}}\n{{\"frame\":7,\"landmarks\":{short}}}\n"),
        &sized(10, 10),
    );
    assert_eq!(
        e,
        "frame 7 (line 2): person 1: 1 landmarks; MediaPipe Pose has 33"
    );
    let lm = landmarks(&[]);
    let e = err(
        "a.jsonl",
        format!(
            "{{\"frame\":0,\"image_width\":1920,\"image_height\":1080,\"landmarks\":{lm}}}\n\
             {{\"frame\":1,\"image_width\":1280,\"image_height\":720,\"landmarks\":{lm}}}\n"
        ),
        &opts(),
    );
    assert_eq!(
        e,
        "frame 1 (line 2): the frame size is 1280x720 here but 1920x1080 at frame 0 (line 1); one file must hold one video"
    );
}

const WIDE_HEADER: &str = "frame,time_s,person,nose_x,nose_y,nose_z,nose_visibility,left_hip_x,left_hip_y,left_hip_z,left_hip_visibility,right_foot_index_x,right_foot_index_y,right_foot_index_z,right_foot_index_visibility";

#[test]
fn mediapipe_wide_csv_with_a_comment_header_and_two_people() {
    let csv = format!(
        "# made by hand\n# image_width=1000 image_height=800\n{WIDE_HEADER}\n\
         0,0.00,1,0.5,0.25,0,0.99,0.5,0.5,0,0.9,0.55,0.9,0,0.8\n\
         0,0.00,2,0.1,0.25,0,0.99,0.1,0.5,0,0.9,,,,\n\
         1,0.04,1,0.51,0.25,0,0.98,0.51,0.5,0,0.9,NaN,0.9,0,0.8\n\
         2,0.08,1,,,,,,,,,,,,\n"
    );
    let rec = ok("mp.csv", &csv, &opts());
    assert_eq!(rec.layout, PoseLayout::MediaPipe33);
    assert_eq!(rec.fps, Some(25.0));
    assert_eq!(rec.frames.len(), 3);
    assert!(rec.frames[2].people.is_empty(), "an empty row is nobody");
    let hints: Vec<Option<i64>> = rec.frames[0].people.iter().map(|p| p.track_hint).collect();
    assert_eq!(hints, [Some(1), Some(2)]);
    assert_xy(at(&rec, 0, 0, Joint::Nose), 500.0, -200.0);
    assert_xy(at(&rec, 0, 0, Joint::LeftHip), 500.0, -400.0);
    assert_xy(at(&rec, 0, 0, Joint::RightToe), 550.0, -720.0);
    assert_eq!(at(&rec, 0, 0, Joint::RightToe).score, 0.8);
    assert!(point(&rec, 0, 1, Joint::RightToe).is_none(), "empty cells");
    assert!(point(&rec, 1, 0, Joint::RightToe).is_none(), "NaN");
    assert!(point(&rec, 0, 0, Joint::LeftKnee).is_none(), "no column");
}

#[test]
fn mediapipe_long_csv_by_name_and_index() {
    let csv = "frame,timestamp_ms,landmark,x,y,z,visibility,image_width,image_height\n\
               0,0,nose,0.5,0.5,0,0.9,100,100\n\
               0,0,LEFT_KNEE,0.4,0.8,0,0.7,100,100\n\
               1,100,0,0.6,0.5,0,0.9,100,100\n\
               1,100,26,0.5,0.8,0,0.6,,\n";
    let rec = ok("long.csv", csv, &opts());
    assert_eq!(rec.fps, Some(10.0));
    assert_xy(at(&rec, 0, 0, Joint::LeftKnee), 40.0, -80.0);
    assert_xy(at(&rec, 1, 0, Joint::Nose), 60.0, -50.0);
    assert_xy(at(&rec, 1, 0, Joint::RightKnee), 50.0, -80.0);
    assert_eq!(at(&rec, 1, 0, Joint::RightKnee).score, 0.6);

    let twice = "frame,landmark,x,y\n0,11,0.1,0.1\n0,left_shoulder,0.2,0.2\n";
    assert_eq!(
        err("t.csv", twice, &sized(10, 10)),
        "CSV error at line 3: landmark 11 (left_shoulder) of frame 0 appears twice"
    );
    let unknown = "frame,landmark,x,y\n0,tail,0.1,0.1\n";
    assert!(
        err("u.csv", unknown, &sized(10, 10))
            .starts_with("CSV error at line 2: unknown landmark `tail`")
    );
}

#[test]
fn csv_errors_name_line_and_column() {
    let csv =
        format!("# image_width=10 image_height=10\n{WIDE_HEADER}\n0,0,1,0.5,abc,0,1,,,,,,,,\n");
    assert_eq!(
        err("bad.csv", csv, &opts()),
        "CSV error at line 3: column `nose_y`: `abc` is not a number"
    );
    let e = err("h.csv", "a,b,c\n1,2,3\n", &sized(10, 10));
    assert!(
        e.starts_with("CSV error at line 1: the header names no landmark columns"),
        "{e}"
    );
    let e = err(
        "f.csv",
        format!("{WIDE_HEADER}\n1.5,0,1,0.5,0.5,0,1,,,,,,,,\n"),
        &sized(10, 10),
    );
    assert_eq!(
        e,
        "CSV error at line 2: column `frame`: `1.5` is not a whole frame number"
    );
}

#[test]
fn a_file_of_nothing_but_nan_is_an_error() {
    let csv = format!(
        "{WIDE_HEADER}\n0,0,1,NaN,NaN,0,1,nan,nan,0,1,inf,-inf,0,1\n1,0.1,1,NaN,NaN,0,1,NaN,NaN,0,1,NaN,NaN,0,1\n"
    );
    assert_eq!(
        err("nan.csv", csv, &sized(10, 10)),
        "none of the 2 frames has a usable point: every coordinate is missing, NaN or infinite"
    );
}

// -------------------------------------------------------------------- TRC

fn trc(rate: &str, markers: &[&str], rows: &[String]) -> String {
    let mut s = String::new();
    s.push_str("PathFileType\t4\t(X/Y/Z)\trun.trc\n");
    s.push_str(
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n",
    );
    s.push_str(&format!(
        "{rate}\t{rate}\t{}\t{}\tm\t{rate}\t0\t{}\n",
        rows.len(),
        markers.len(),
        rows.len()
    ));
    s.push_str(&format!("Frame#\tTime\t{}\t\t\n", markers.join("\t\t\t")));
    let labels: Vec<String> = (1..=markers.len())
        .map(|i| format!("X{i}\tY{i}\tZ{i}"))
        .collect();
    s.push_str(&format!("\t\t{}\n", labels.join("\t")));
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

#[test]
fn a_sports2d_trc_keeps_its_side_view_and_rate() {
    // Sports2D: Y already up (it negates image rows), Z all zero, pandas
    // writes NaN as an empty cell, the index column starts at 0.
    let markers = [
        "Hip",
        "RHip",
        "RKnee",
        "LKnee",
        "Neck",
        "Nose",
        "RBigToe",
        "RSmallToe",
    ];
    let rows = [
        "0\t0.0\t0.5\t0.9\t0.0\t0.49\t0.91\t0.0\t0.55\t0.5\t0.0\t\t\t\t0.5\t1.4\t0.0\t0.6\t1.6\t0.0\t0.7\t0.02\t0.0\t0.69\t0.02\t0.0".to_string(),
        "1\t0.033367\t0.5\t0.9\t0.0\t0.51\t0.91\t0.0\tNaN\tNaN\tNaN\t0.45\t0.5\t0.0\t0.5\t1.4\t0.0\t0.6\t1.6\t0.0\t0\t0\t0\t0.69\t0.02\t0.0".to_string(),
    ];
    let rec = ok(
        "demo_px_person00.trc",
        trc("29.97002997002997", &markers, &rows),
        &opts(),
    );
    assert_eq!(rec.layout, PoseLayout::Trc);
    assert_eq!(rec.fps, Some(29.97002997002997));
    assert_eq!(rec.frames[1].time_s, Some(0.033367));
    let numbers: Vec<u64> = rec.frames.iter().map(|f| f.number).collect();
    assert_eq!(numbers, [0, 1]);
    assert_xy(at(&rec, 0, 0, Joint::RightHip), 0.49, 0.91);
    assert_xy(at(&rec, 0, 0, Joint::RightKnee), 0.55, 0.5);
    assert_xy(at(&rec, 0, 0, Joint::Nose), 0.6, 1.6);
    assert_xy(at(&rec, 0, 0, Joint::RightToe), 0.7, 0.02);
    assert_eq!(at(&rec, 0, 0, Joint::Nose).score, 1.0);
    assert!(point(&rec, 0, 0, Joint::LeftKnee).is_none(), "empty cells");
    assert!(point(&rec, 1, 0, Joint::RightKnee).is_none(), "NaN");
    assert!(
        point(&rec, 1, 0, Joint::RightToe).is_none(),
        "0, 0, 0 is a gap"
    );
    assert_xy(at(&rec, 1, 0, Joint::LeftKnee), 0.45, 0.5);
}

#[test]
fn a_3d_trc_is_projected_onto_the_side_view() {
    // Pose2Sim-like, metres, Y up, the runner moving along Z with the
    // shoulders and hips apart along X.
    let markers = ["RShoulder", "LShoulder", "right_hip", "LeftHip", "Nose"];
    let row = |f: u32, z: f64| {
        format!(
            "{f}\t{t}\t-0.2\t1.4\t{z}\t0.2\t1.4\t{z}\t-0.15\t0.9\t{z}\t0.15\t0.9\t{z}\t0.0\t1.6\t{nz}",
            t = f64::from(f) / 100.0,
            nz = z + 0.1
        )
    };
    let rows = [row(1, 0.0), row(2, 0.05), row(3, 0.1)];
    let rec = ok("p2s.trc", trc("100", &markers, &rows), &opts());
    assert_eq!(rec.fps, Some(100.0));
    let nose = at(&rec, 0, 0, Joint::Nose);
    let hip = at(&rec, 0, 0, Joint::LeftHip);
    let right_hip = at(&rec, 0, 0, Joint::RightHip);
    assert!(close(nose.y, 1.6) && close(hip.y, 0.9));
    assert!(
        close((nose.x - hip.x).abs(), 0.1),
        "the nose is 0.1 ahead of the hips: {nose:?} {hip:?}"
    );
    assert!(close(hip.x, right_hip.x), "the hips overlap from the side");
}

#[test]
fn trc_marker_aliases_and_unknown_markers() {
    let markers = [
        "RightKnee",
        "l.knee",
        "R_ANKLE",
        "Head",
        "LSmallToe",
        "rsho",
    ];
    let row = "1\t0\t1\t2\t0\t3\t4\t0\t5\t6\t0\t7\t8\t0\t9\t10\t0\t11\t12\t0".to_string();
    let rec = ok("a.trc", trc("50", &markers, &[row]), &opts());
    assert_xy(at(&rec, 0, 0, Joint::RightKnee), 1.0, 2.0);
    assert_xy(at(&rec, 0, 0, Joint::LeftKnee), 3.0, 4.0);
    assert_xy(at(&rec, 0, 0, Joint::RightAnkle), 5.0, 6.0);
    assert_xy(at(&rec, 0, 0, Joint::RightShoulder), 11.0, 12.0);
    assert!(
        point(&rec, 0, 0, Joint::LeftToe).is_none(),
        "small toe ignored"
    );

    let e = err(
        "b.trc",
        trc(
            "50",
            &["Head", "Pelvis"],
            &["1\t0\t1\t2\t3\t4\t5\t6".to_string()],
        ),
        &opts(),
    );
    assert_eq!(
        e,
        "TRC error at line 4: none of the markers (Head, Pelvis) is a joint Backstride knows, such as RShoulder, LHip, RKnee or RAnkle"
    );
}

#[test]
fn trc_rate_problems_and_the_callers_fps() {
    let rows = [
        "1\t0.00\t1\t1\t0".to_string(),
        "2\t0.02\t1\t1\t0".to_string(),
    ];
    let rec = ok("a.trc", trc("n/a", &["RKnee"], &rows), &opts());
    assert_eq!(rec.fps, Some(50.0), "from the Time column");
    assert!(
        rec.problems[0].contains("DataRate `n/a` is not a frame rate"),
        "{:?}",
        rec.problems
    );

    let given = PoseOptions {
        fps: Some(240.0),
        ..opts()
    };
    let rec = ok("a.trc", trc("30", &["RKnee"], &rows), &given);
    assert_eq!(rec.fps, Some(240.0));
    assert_eq!(
        rec.problems,
        ["the file implies 30 frames per second; using the 240 passed in"]
    );
}

#[test]
fn trc_errors_name_the_line() {
    let all_nan = [
        "1\t0\tNaN\tNaN\tNaN".to_string(),
        "2\t0.1\tNaN\tNaN\tNaN".to_string(),
    ];
    assert_eq!(
        err("n.trc", trc("30", &["RKnee"], &all_nan), &opts()),
        "none of the 2 frames has a usable point: every coordinate is missing, NaN or infinite"
    );
    let text = ["1\t0\t1\tabc\t0".to_string()];
    assert_eq!(
        err("t.trc", trc("30", &["RKnee"], &text), &opts()),
        "TRC error at line 6: the Y of marker right-knee is `abc`, not a number"
    );
    assert_eq!(
        err("x.trc", "Frame#\tTime\n", &opts()),
        "TRC error at line 1: a TRC file starts with `PathFileType`"
    );
    let e = err("y.trc", "PathFileType\t4\nDataRate\n30\n", &opts());
    assert_eq!(
        e,
        "TRC error at line 1: no `Frame#` line naming the markers"
    );
}

// ---------------------------------------------------------------- general

#[test]
fn empty_and_unreadable_files() {
    assert_eq!(err("a.json", "", &opts()), "the file is empty");
    assert_eq!(err("a.csv", " \n\t\n", &opts()), "the file is empty");
    assert_eq!(err("a.trc", "\u{feff}", &opts()), "the file is empty");
    assert_eq!(
        err(
            "a.json",
            "{\"people\": [\n  {\"pose_keypoints_2d\": [1, 2,,]}]}",
            &opts()
        ),
        "not valid JSON at line 2, column 31: expected value"
    );
    assert_eq!(
        err("a.json", "\"hello\"", &opts()),
        "not a pose keypoint file: the JSON is a string, not an object or a list"
    );
    let e = err("a.json", "{\"hello\": 1}", &opts());
    assert!(e.contains("keys hello"), "{e}");
    let e = err("a.bin", [0u8, 159, 146, 150], &opts());
    assert!(
        e.starts_with("not a pose keypoint file: expected JSON"),
        "{e}"
    );
    assert_eq!(err("a.json", "[]", &opts()), "the file holds no frames");
    let e = err("a.json", "[1, 2]", &opts());
    assert_eq!(
        e,
        "list entry 0: expected a frame (an object or a list of people), found a number"
    );
}

#[test]
fn gzip_is_read_and_its_damage_reported() {
    let body = one_person_body25(3.0);
    let packed = gzip(body.as_bytes());
    let rec = ok("f_000000000001_keypoints.json.gz", &packed, &opts());
    assert_eq!(rec.frames[0].number, 1);
    let cut = &packed[..packed.len() / 2];
    let e = err("f.json.gz", cut, &opts());
    assert!(e.starts_with("corrupt gzip data: truncated"), "{e}");
    let e = decode_with_limit("f.json.gz", &packed, &opts(), 10).expect_err("cap");
    assert_eq!(e, PoseError::TooLarge { limit: 10 });
    assert_eq!(
        err("g.gz", gzip(&packed), &opts()),
        "not a pose keypoint file: gzip inside gzip"
    );
}

#[test]
fn options_no_video_can_have_are_refused() {
    let body = one_person_body25(3.0);
    for bad in [Some(0.0), Some(-30.0), Some(f64::NAN), Some(f64::INFINITY)] {
        let o = PoseOptions { fps: bad, ..opts() };
        let e = err("a_1_keypoints.json", &body, &o);
        assert!(e.starts_with("invalid option: the frame rate"), "{e}");
    }
    let e = err("a_1_keypoints.json", &body, &sized(0, 1080));
    assert_eq!(e, "invalid option: the frame size 0x1080 has a zero side");
}

#[test]
fn mixed_layouts_in_one_json_file_are_refused() {
    let json = format!(
        r#"[{{"frame": 0, "people": [{{"pose_keypoints_2d": {:?}}}]}}, {{"frame": 1, "instances": [{}]}}]"#,
        triples(25, &[(0, 1.0, 1.0, 1.0)]),
        mmpose_instance(1.0, 0.5)
    );
    assert_eq!(
        err("m.json", json, &opts()),
        "mixed keypoint layouts: frame 0 is OpenPose BODY_25 but frame 1 is COCO-17"
    );
}

// ------------------------------------------------------ documented layouts

/// The fenced examples in docs/pose-inputs.md decode as documented.
#[test]
fn the_documented_examples_decode() {
    let doc = std::fs::read_to_string(workspace().join("docs/pose-inputs.md"))
        .expect("docs/pose-inputs.md");
    let mut checked = 0;
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(lang) = line.strip_prefix("```") else {
            continue;
        };
        let lang = lang.trim().to_string();
        let mut body = String::new();
        for l in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        let name = match lang.as_str() {
            "csv" => "example.csv",
            "jsonl" => "example.jsonl",
            "trc" => "example.trc",
            _ => continue,
        };
        let rec = ok(name, &body, &opts());
        assert!(
            rec.frames.iter().any(|f| !f.people.is_empty()),
            "{name} example has nobody"
        );
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} examples found");
}

// ------------------------------------------------------------- real files

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Real estimator output under testdata/pose/real decodes: a folder of
/// per-frame JSON files (OpenPose) as one recording, every other file on
/// its own. A folder named for BODY_25B must be read as BODY_25B, not
/// misread as BODY_25.
#[test]
fn real_estimator_output_decodes() {
    let mut files = Vec::new();
    files_under(&workspace().join("testdata/pose/real"), &mut files);
    files.sort();
    let is_json = |p: &Path| {
        let l = p.to_string_lossy().to_ascii_lowercase();
        l.ends_with(".json") || l.ends_with(".json.gz")
    };
    let mut frame_dirs: Vec<PathBuf> = Vec::new();
    for path in &files {
        let Some(dir) = path.parent() else { continue };
        let siblings = files
            .iter()
            .filter(|p| p.parent() == Some(dir) && is_json(p))
            .count();
        if is_json(path) && siblings > 1 {
            if !frame_dirs.iter().any(|d| d == dir) {
                frame_dirs.push(dir.to_path_buf());
            }
            continue;
        }
        let name = path.to_string_lossy().to_string();
        let lower = name.to_ascii_lowercase();
        let decodable = [".json", ".jsonl", ".ndjson", ".csv", ".trc"]
            .iter()
            .any(|ext| lower.ends_with(ext) || lower.ends_with(&format!("{ext}.gz")));
        if !decodable {
            continue;
        }
        let bytes = std::fs::read(path).expect("read");
        let rec = decode(&name, &bytes, &opts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let people: usize = rec.frames.iter().map(|f| f.people.len()).sum();
        assert!(people > 0, "{name}: nobody");
        eprintln!(
            "{name}: {} frames, {people} detections, {}, fps {:?}, problems {:?}",
            rec.frames.len(),
            rec.layout.name(),
            rec.fps,
            rec.problems
        );
    }
    for dir in frame_dirs {
        let mut frames: Vec<(String, Vec<u8>)> = Vec::new();
        for path in files
            .iter()
            .filter(|p| p.parent() == Some(dir.as_path()) && is_json(p))
        {
            let name = path.to_string_lossy().to_string();
            frames.push((name, std::fs::read(path).expect("read")));
        }
        let borrowed: Vec<(&str, &[u8])> = frames
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let shown = dir.display().to_string();
        let result = decode_files(borrowed, &opts());
        let rec = result.unwrap_or_else(|e| panic!("{shown}: {e}"));
        if shown.to_ascii_lowercase().contains("body25b") {
            assert_eq!(rec.layout, PoseLayout::OpenPoseBody25B, "{shown}");
        }
        assert!(!rec.frames.is_empty());
        eprintln!(
            "{shown}: {} frames, {}",
            rec.frames.len(),
            rec.layout.name()
        );
    }
}

/// Pose2Sim's 3D TRC of the balancing trial: 60 Hz, 100 frames, every
/// joint we use present (no eyes or ears among its markers).
#[test]
fn the_pose2sim_trc_decodes() {
    let path = workspace()
        .join("testdata/pose/real/pose2sim-balancing-openpose-body25b/Balancing_for_IK.trc");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("{} is not there; skipped", path.display());
        return;
    };
    let rec = ok("Balancing_for_IK.trc", &bytes, &opts());
    assert_eq!(rec.layout, PoseLayout::Trc);
    assert_eq!(rec.fps, Some(60.0));
    assert_eq!(rec.frames.len(), 100);
    assert_eq!(rec.frames[0].number, 1);
    for joint in [
        Joint::Nose,
        Joint::RightShoulder,
        Joint::LeftWrist,
        Joint::RightHip,
        Joint::LeftKnee,
        Joint::RightAnkle,
        Joint::LeftHeel,
        Joint::RightToe,
    ] {
        assert!(point(&rec, 0, 0, joint).is_some(), "{}", joint.name());
    }
    // Y is up: the nose above the hips above the ankles.
    let (nose, hip, ankle) = (
        at(&rec, 0, 0, Joint::Nose),
        at(&rec, 0, 0, Joint::RightHip),
        at(&rec, 0, 0, Joint::RightAnkle),
    );
    assert!(
        nose.y > hip.y && hip.y > ankle.y,
        "{nose:?} {hip:?} {ankle:?}"
    );
}

/// The MediaPipe series another helper recorded from Sports2D's demo video
/// (1768x994, 30 fps): spot checks against its first detected frame.
#[test]
fn the_recorded_mediapipe_demo_matches_its_first_detection() {
    let path = workspace().join("testdata/pose/real/sports2d-demo-mediapipe/demo.mediapipe.jsonl");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("{} is not there; skipped", path.display());
        return;
    };
    let rec = ok("demo.mediapipe.jsonl", &bytes, &opts());
    assert_eq!(rec.layout, PoseLayout::MediaPipe33);
    assert_eq!(rec.fps, Some(30.0));
    assert!(rec.frames[0].people.is_empty());
    // Frame 3, landmark 0: x 0.36749, y 0.16658, visibility 0.98311.
    let nose = at(&rec, 3, 0, Joint::Nose);
    assert!(close(nose.x, 0.36749 * 1768.0) && close(nose.y, -0.16658 * 994.0));
    assert!(close(nose.score, 0.98311));
    // Landmark 11 (left shoulder): x 0.36059, y 0.21154.
    assert_xy(
        at(&rec, 3, 0, Joint::LeftShoulder),
        0.36059 * 1768.0,
        -0.21154 * 994.0,
    );
}

// ------------------------------------------------------------ never panics

mod never_panics {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Map, Number, Value};

    const NAMES: [&str; 8] = [
        "a.json",
        "a.jsonl",
        "a.csv",
        "a.trc",
        "a",
        "x_000000000001_keypoints.json",
        "a.json.gz",
        "cam01.0007.json",
    ];

    /// Keys the parsers look at, so random objects reach real code paths.
    const KEYS: [&str; 32] = [
        "people",
        "pose_keypoints_2d",
        "pose_keypoints",
        "person_id",
        "keypoints",
        "keypoint_scores",
        "frame_id",
        "frame",
        "image_id",
        "instances",
        "predictions",
        "instance_info",
        "annotations",
        "frames",
        "landmarks",
        "pose_landmarks",
        "poses",
        "x",
        "y",
        "z",
        "visible",
        "visibility",
        "presence",
        "image_width",
        "image_height",
        "fps",
        "time_s",
        "timestamp_ms",
        "track_id",
        "idx",
        "id",
        "meta_info",
    ];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| Value::Number(n.into())),
            (-2000i32..2000).prop_map(|n| Value::Number(n.into())),
            any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
            (0.0f64..1.5).prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
            "[0-9a-z_.]{0,12}".prop_map(Value::String),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(5, 256, 40, |inner| {
            prop_oneof![
                // Lists of numbers with the lengths layouts use.
                prop::sample::select(vec![
                    0usize, 2, 3, 4, 17, 18, 25, 26, 33, 34, 51, 54, 75, 78
                ])
                .prop_flat_map(|n| prop::collection::vec(0.0f64..2000.0, n))
                .prop_map(|v| Value::Array(
                    v.into_iter()
                        .map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number))
                        .collect()
                )),
                prop::collection::vec(inner.clone(), 0..20).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..8).prop_map(
                    |kv| {
                        let mut m = Map::new();
                        for (k, v) in kv {
                            m.insert(k.to_string(), v);
                        }
                        Value::Object(m)
                    }
                ),
            ]
        })
    }

    fn fixtures() -> Vec<(&'static str, Vec<u8>)> {
        vec![
            (
                "f_000000000003_keypoints.json",
                one_person_body25(3.0).into_bytes(),
            ),
            (
                "v.json",
                format!(
                    r#"[{{"frame_id":0,"instances":[{}]}}]"#,
                    mmpose_instance(1.0, 2.0)
                )
                .into_bytes(),
            ),
            (
                "m.jsonl",
                format!(
                    "{{\"frame\":0,\"time_s\":0,\"image_width\":10,\"image_height\":10,\"landmarks\":{}}}\n",
                    landmarks(&[])
                )
                .into_bytes(),
            ),
            (
                "w.csv",
                format!(
                    "# image_width=10 image_height=10\n{WIDE_HEADER}\n0,0,1,0.5,0.5,0,1,0.5,0.5,0,1,0.5,0.5,0,1\n"
                )
                .into_bytes(),
            ),
            (
                "l.csv",
                b"frame,landmark,x,y,visibility,image_width,image_height\n0,nose,0.1,0.2,0.9,10,10\n"
                    .to_vec(),
            ),
            (
                "t.trc",
                trc("30", &["RKnee", "LHip"], &["1\t0\t1\t2\t3\t4\t5\t6".to_string()])
                    .into_bytes(),
            ),
        ]
    }

    fn decode_all_ways(name: &str, bytes: &[u8]) {
        let sized = PoseOptions {
            frame_size: Some((640, 480)),
            fps: Some(30.0),
        };
        let _ = decode_with_limit(name, bytes, &PoseOptions::default(), 1 << 20);
        let _ = decode_with_limit(name, bytes, &sized, 1 << 20);
        let _ = decode_frame(bytes, 7);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(
            bytes in prop::collection::vec(any::<u8>(), 0..2048),
            name in 0usize..NAMES.len(),
        ) {
            decode_all_ways(NAMES[name], &bytes);
        }

        #[test]
        fn arbitrary_json_never_panics(v in value(), lines in prop::collection::vec(value(), 0..4)) {
            let text = v.to_string();
            decode_all_ways("a.json", text.as_bytes());
            decode_all_ways("a_000000000002_keypoints.json", text.as_bytes());
            let jsonl: Vec<String> = std::iter::once(text).chain(lines.iter().map(Value::to_string)).collect();
            decode_all_ways("a.jsonl", jsonl.join("\n").as_bytes());
        }

        #[test]
        fn damaged_fixtures_never_panic(
            which in 0usize..6,
            cut in any::<prop::sample::Index>(),
            flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        ) {
            let all = fixtures();
            let (name, bytes) = &all[which];
            let truncated = &bytes[..cut.index(bytes.len() + 1)];
            decode_all_ways(name, truncated);
            let mut flipped = bytes.clone();
            for (at, b) in flips {
                let i = at.index(flipped.len());
                flipped[i] = b;
            }
            decode_all_ways(name, &flipped);
            decode_all_ways(&format!("{name}.gz"), &gzip(&flipped));
        }

        #[test]
        fn arbitrary_csv_cells_never_panic(
            header in prop::collection::vec(prop::sample::select(vec![
                "frame", "time_s", "timestamp_ms", "person", "image_width", "image_height",
                "landmark", "x", "y", "visibility", "nose_x", "nose_y", "left_hip_x",
                "left_hip_y", "left_hip_visibility", "junk",
            ]), 1..10),
            rows in prop::collection::vec(prop::collection::vec(
                prop::sample::select(vec![
                    "", "0", "1", "-1", "0.5", "1e308", "-1e308", "NaN", "inf", "nose",
                    "33", "left_knee", "abc", "2.5", "\"", "18446744073709551616",
                ]), 0..12), 0..8),
        ) {
            let mut csv = header.join(",");
            for row in rows {
                csv.push('\n');
                csv.push_str(&row.join(","));
            }
            decode_all_ways("a.csv", csv.as_bytes());
        }

        #[test]
        fn arbitrary_trc_rows_never_panic(
            rate in prop::sample::select(vec!["60", "0", "-1", "NaN", "x", ""]),
            rows in prop::collection::vec(prop::collection::vec(
                prop::sample::select(vec!["", "0", "1", "-3", "0.25", "NaN", "abc", "1e39", "2.5"]),
                0..12), 0..8),
        ) {
            let rows: Vec<String> = rows.iter().map(|r| r.join("\t")).collect();
            let text = trc(rate, &["RHip", "LKnee", "Nose"], &rows);
            decode_all_ways("a.trc", text.as_bytes());
        }
    }
}
