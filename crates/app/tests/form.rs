//! `backstride form` end to end over the real binary: a synthetic runner
//! of known geometry written as a COCO-17 results file (what MMPose and
//! YOLO-pose tools write) and as a HALPE_26 OpenPose-style folder (what
//! Sports2D and Pose2Sim write), real MediaPipe keypoints from a real
//! video, and bad input. The synthetic runner is core's test generator.

mod common;
#[path = "../../core/tests/form_synth/mod.rs"]
mod form_synth;

use backstride_core::form::pose::{Joint, PoseRecording};
use common::{Run, repo};
use form_synth::{Ramp, Runner, record};

/// COCO-17 order.
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

/// The recording as a COCO results file: one detection per person, image
/// rows growing downwards.
fn coco_results(rec: &PoseRecording) -> String {
    let mut dets = Vec::new();
    for f in &rec.frames {
        for p in &f.people {
            let mut kp = Vec::with_capacity(51);
            for j in COCO {
                match p.skeleton[j.index()] {
                    Some(k) => kp.extend([f64::from(k.x), f64::from(-k.y), f64::from(k.score)]),
                    None => kp.extend([0.0, 0.0, 0.0]),
                }
            }
            dets.push(serde_json::json!({
                "image_id": f.number,
                "category_id": 1,
                "keypoints": kp,
                "score": 0.95,
            }));
        }
    }
    serde_json::to_string(&dets).expect("serialises")
}

/// HALPE_26 points onto our joints (head, neck, mid-hip and small toes,
/// points 17-19, 22 and 23, have none).
fn halpe26_joint(point: usize) -> Option<Joint> {
    match point {
        0..=16 => Some(COCO[point]),
        20 => Some(Joint::LeftToe),
        21 => Some(Joint::RightToe),
        24 => Some(Joint::LeftHeel),
        25 => Some(Joint::RightHeel),
        _ => None,
    }
}

/// The recording as Sports2D/Pose2Sim write it with RTMPose's HALPE_26
/// model: a folder of OpenPose-style frames, 78 numbers a person.
fn halpe26_folder(rec: &PoseRecording, dir: &std::path::Path) {
    std::fs::create_dir_all(dir).expect("makes the folder");
    for f in &rec.frames {
        let people: Vec<serde_json::Value> = f
            .people
            .iter()
            .map(|p| {
                let kp: Vec<f64> = (0..26)
                    .flat_map(
                        |i| match halpe26_joint(i).and_then(|j| p.skeleton[j.index()]) {
                            Some(k) => [f64::from(k.x), f64::from(-k.y), f64::from(k.score)],
                            None => [0.0, 0.0, 0.0],
                        },
                    )
                    .collect();
                serde_json::json!({"person_id": [-1], "pose_keypoints_2d": kp})
            })
            .collect();
        let frame = serde_json::json!({"version": 1.3, "people": people});
        let name = dir.join(format!("run_{:012}_keypoints.json", f.number));
        std::fs::write(name, frame.to_string()).expect("writes a frame");
    }
}

fn metric<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["metrics"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["id"] == id))
        .unwrap_or_else(|| panic!("no metric {id}"))
}

#[test]
fn a_run_with_growing_trunk_lean_is_measured_found_and_saved() {
    let run = Run::new(&["form"]);
    let file = run.path("run.coco.json");
    let runner = Runner {
        lean_deg: Ramp(6.0, 12.0),
        head_ahead: Ramp::fixed(0.05),
        noise_px: 2.0,
        bystander: true,
        ..Runner::default()
    };
    std::fs::write(&file, coco_results(&record(&runner))).expect("writes");
    let html = run.path("form.html");
    let done = run
        .arg(&file)
        .arg("--fps")
        .arg("60")
        .arg("--json")
        .arg("--html")
        .arg(&html)
        .arg("--height-cm")
        .arg("175")
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    let lean = metric(&json, "trunk-lean")["median"]
        .as_f64()
        .expect("a lean");
    assert!((lean - 9.0).abs() < 1.5, "{lean}");
    let cadence = metric(&json, "cadence")["median"]
        .as_f64()
        .expect("a cadence");
    assert!((cadence - 170.0).abs() < 3.0, "{cadence}");
    assert!(metric(&json, "head-ahead")["median_cm"].as_f64().is_some());
    let ids: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(ids.contains(&"trunk-lean-growing"), "{ids:?}");
    let finding = &json["findings"][0];
    assert!(
        finding["sources"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s == "SEED-LOWER-CORE"))
    );
    assert_eq!(json["clips"][0]["people"], 2);
    assert_eq!(json["clips"][0]["fps_from_file"], false);
    assert!(
        json["disclaimer"]
            .as_str()
            .is_some_and(|d| d.contains("not a medical device"))
    );

    let page = std::fs::read_to_string(&html).expect("the HTML was written");
    assert!(page.contains("<svg") && page.contains("A typical stride, early and late"));
    assert!(page.contains("You lean further forward as you tire"));

    // Saved with the history: listed there, and the export carries it.
    let history = Run::new(&["history"]).in_dir(done.dir).run();
    assert_eq!(history.code, 0, "{}", history.stderr);
    assert!(
        history
            .stdout
            .contains("form analysis of the run filmed 2026-11-25")
            && history.stdout.contains("form.trunk-lean-growing"),
        "{}",
        history.stdout
    );
    let out = history.dir.path().join("export");
    let export = Run::new(&["export"])
        .in_dir(history.dir)
        .arg("--out")
        .arg(&out)
        .run();
    assert_eq!(export.code, 0, "{}", export.stderr);
    let all: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("backstride.json")).expect("export"),
    )
    .expect("JSON");
    let saved = &all["form_analyses"][0];
    assert_eq!(saved["run_date"], "2026-11-25");
    assert!(
        saved["signals"]
            .as_str()
            .is_some_and(|s| s.contains("form.trunk-lean-growing"))
    );
}

#[test]
fn the_text_report_leads_with_the_capture_and_cites_sources() {
    let run = Run::new(&["form"]);
    let file = run.path("run.json");
    let runner = Runner {
        elbow_deg: Ramp(105.0, 70.0),
        noise_px: 2.0,
        facing: -1.0,
        ..Runner::default()
    };
    std::fs::write(&file, coco_results(&record(&runner))).expect("writes");
    let done = run.arg(&file).arg("--fps").arg("60").arg("--no-save").run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let out = &done.stdout;
    assert!(out.contains("facing left"), "{out}");
    assert!(
        out.contains("Your arms tuck in tighter as you tire"),
        "{out}"
    );
    assert!(out.contains("SEED-UPPER-ARMS"), "{out}");
    assert!(out.contains("not a medical device"), "{out}");
    assert!(
        !done.data("backstride.db").exists(),
        "--no-save keeps nothing"
    );
}

#[test]
fn real_mediapipe_keypoints_give_reasons_not_numbers() {
    // A real video (Sports2D's demo): a woman walks across, a man jumps and
    // crouches, the estimator jumps between them. Nothing here is steady
    // running, so every number must be withheld with a reason.
    for file in [
        "testdata/pose/real/sports2d-demo-walker-mediapipe/demo-lower-band.mediapipe.jsonl",
        "testdata/pose/real/sports2d-demo-mediapipe/demo.mediapipe.jsonl",
        "testdata/pose/real/sports2d-demo-mediapipe-multi/demo.mediapipe-multi.jsonl",
        "testdata/pose/real/sports2d-034-sprint-mediapipe/demo-0.3.4.mediapipe.jsonl",
    ] {
        let done = Run::new(&["form", "--json", "--no-save"])
            .arg(repo().join(file))
            .run();
        assert_eq!(done.code, 0, "{file}: {}", done.stderr);
        let json = done.json();
        let metrics = json["metrics"].as_array().expect("metrics");
        assert!(
            metrics
                .iter()
                .all(|m| m["median"].is_null() && m["withheld"].is_string()),
            "{file}: a number was shown: {metrics:?}"
        );
        assert!(
            json["findings"].as_array().is_some_and(Vec::is_empty),
            "{file}"
        );
        let notes = json["notes"].as_array().expect("notes");
        assert!(
            notes
                .first()
                .and_then(|n| n.as_str())
                .is_some_and(|n| n.starts_with("No posture numbers")),
            "{file}: {notes:?}"
        );
    }
}

#[test]
fn bad_input_is_a_clear_error_naming_the_file() {
    let run = Run::new(&["form"]);
    let file = run.path("run.json");
    std::fs::write(&file, coco_results(&record(&Runner::default()))).expect("writes");
    // COCO results carry no frame rate.
    let done = run.arg(&file).run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("run.json") && done.stderr.contains("--fps"),
        "{}",
        done.stderr
    );

    let run = Run::new(&["form"]);
    let broken = run.path("broken.json");
    std::fs::write(&broken, "[{\"image_id\": 1, \"keypoints\": [1, 2").expect("writes");
    let done = run.arg(&broken).arg("--fps").arg("30").run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(done.stderr.contains("broken.json"), "{}", done.stderr);

    let done = Run::new(&["form", "/nonexistent/clip.json"]).run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("/nonexistent/clip.json"),
        "{}",
        done.stderr
    );

    let done = Run::new(&["form", "x.json", "--height-cm", "20"]).run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(done.stderr.contains("height"), "{}", done.stderr);
}

#[test]
fn the_assessment_uses_the_latest_form_findings() {
    let run = Run::new(&["form"]);
    let file = run.path("run.json");
    let runner = Runner {
        elbow_deg: Ramp(105.0, 70.0),
        noise_px: 2.0,
        ..Runner::default()
    };
    std::fs::write(&file, coco_results(&record(&runner))).expect("writes");
    let done = run.arg(&file).arg("--fps").arg("60").arg("--json").run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    // A tighter elbow also lifts the hand, so both arm signals may fire;
    // each adds the weight of its rule (2) to arm carriage.
    let mut arm_signals: Vec<String> = done.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["signal"].as_str())
        .filter(|s| s.starts_with("form.arms-"))
        .map(str::to_owned)
        .collect();
    arm_signals.sort();
    arm_signals.dedup();
    assert!(
        arm_signals.iter().any(|s| s == "form.arms-tucking"),
        "{arm_signals:?}"
    );

    let answers = common::example("upper-back.toml");
    let before = Run::new(&["assess", "--format", "json", "--no-save"])
        .arg("--answers")
        .arg(&answers)
        .run()
        .json();
    let after = Run::new(&["assess", "--format", "json", "--no-save"])
        .in_dir(done.dir)
        .arg("--answers")
        .arg(&answers)
        .run()
        .json();
    let score = |j: &serde_json::Value| {
        j["assessment"]["causes"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["id"] == "arm-carriage"))
            .and_then(|c| c["score"].as_i64())
            .expect("arm-carriage is ranked")
    };
    assert_eq!(
        score(&after),
        score(&before) + 2 * arm_signals.len() as i64,
        "the video's findings add their weight"
    );
    let reasons = serde_json::to_string(&after["assessment"]["causes"]).expect("JSON");
    assert!(
        reasons.contains("form.arms-tucking") && reasons.contains("running video"),
        "{reasons}"
    );
}

#[test]
fn real_openpose_body25b_folders_are_read_and_judged_honestly() {
    // Pose2Sim's demo: OpenPose BODY_25B frames named camNN.FFFF.json, a
    // man balancing on a beam, filmed at an angle, with a bystander. Not
    // running, and camera 2 is not a side view: reasons, no numbers.
    for (cam, reason) in [
        ("cam01_json", "No posture numbers"),
        ("cam02_json", "not a side view"),
    ] {
        let dir = repo()
            .join("testdata/pose/real/pose2sim-balancing-openpose-body25b")
            .join(cam);
        let done = Run::new(&["form", "--json", "--no-save", "--fps", "60"])
            .arg(&dir)
            .run();
        assert_eq!(done.code, 0, "{cam}: {}", done.stderr);
        let json = done.json();
        assert_eq!(json["clips"][0]["layout"], "OpenPose BODY_25B", "{cam}");
        assert_eq!(json["clips"][0]["frames"], 100, "{cam}");
        let metrics = json["metrics"].as_array().expect("metrics");
        assert!(metrics.iter().all(|m| m["median"].is_null()), "{cam}");
        let notes = serde_json::to_string(&json["notes"]).expect("JSON");
        assert!(notes.contains(reason), "{cam}: {notes}");
    }
}

#[test]
fn a_halpe26_folder_from_sports2d_is_measured_feet_and_all() {
    let run = Run::new(&["form"]);
    let folder = run.path("run_json");
    let runner = Runner {
        lean_deg: Ramp::fixed(8.0),
        elbow_deg: Ramp::fixed(85.0),
        noise_px: 1.0,
        ..Runner::default()
    };
    halpe26_folder(&record(&runner), &folder);
    let done = run
        .arg(&folder)
        .arg("--fps")
        .arg("60")
        .arg("--json")
        .arg("--no-save")
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    assert_eq!(json["clips"][0]["layout"], "HALPE_26");
    let lean = metric(&json, "trunk-lean")["median"]
        .as_f64()
        .expect("a lean");
    assert!((lean - 8.0).abs() < 1.5, "{lean}");
    let elbow = metric(&json, "elbow-angle")["median"]
        .as_f64()
        .expect("an elbow angle");
    assert!((elbow - 85.0).abs() < 5.0, "{elbow}");
    let cadence = metric(&json, "cadence")["median"]
        .as_f64()
        .expect("a cadence");
    assert!((cadence - 170.0).abs() < 3.0, "{cadence}");
}

/// The repository's own example (README's `form` line): a made-up runner
/// that `examples/pose/make_run.py` builds at 168 steps/min, 8 degrees of
/// trunk lean, an 85-degree elbow and the head 0.05 torso lengths ahead.
/// Every number is measured, not withheld, and close to what was built.
#[test]
fn the_shipped_example_measures_what_its_generator_built() {
    let file = repo().join("examples/pose/run.coco.json");
    let done = Run::new(&["form"])
        .arg(&file)
        .arg("--fps")
        .arg("30")
        .arg("--json")
        .arg("--no-save")
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    for (id, built, tolerance) in [
        ("cadence", 168.0, 2.0),
        ("trunk-lean", 8.0, 1.0),
        ("elbow-angle", 85.0, 3.0),
        ("head-ahead", 0.05, 0.02),
    ] {
        let m = metric(&json, id);
        let median = m["median"]
            .as_f64()
            .unwrap_or_else(|| panic!("{id} withheld: {m}"));
        assert!(
            (median - built).abs() <= tolerance,
            "{id}: measured {median}, built {built}"
        );
    }
    assert_eq!(
        json["clips"][0]["layout"], "COCO-17",
        "{}",
        json["clips"][0]
    );
}

/// The committed example is exactly what its generator writes, so the
/// values it documents are the file's.
#[test]
fn the_shipped_example_is_what_its_generator_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("run.coco.json");
    let status = std::process::Command::new("python3")
        .arg(repo().join("examples/pose/make_run.py"))
        .arg(&out)
        .status()
        .expect("python3 runs (the tests need it: README)");
    assert!(status.success());
    let written = std::fs::read(&out).expect("generated");
    let shipped = std::fs::read(repo().join("examples/pose/run.coco.json")).expect("shipped");
    assert!(
        written == shipped,
        "examples/pose/run.coco.json is stale: rerun make_run.py"
    );
}
