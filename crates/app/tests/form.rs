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

/// The recording as a COCO results file: one detection per person, image
/// rows growing downwards.
fn coco_results(rec: &PoseRecording) -> String {
    let mut dets = Vec::new();
    for f in &rec.frames {
        for p in &f.people {
            let mut kp = Vec::with_capacity(51);
            for j in Joint::COCO17 {
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
        0..=16 => Some(Joint::COCO17[point]),
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

/// Several files as arguments, in order.
trait Files {
    fn args(self, files: &[std::path::PathBuf]) -> Self;
}

impl Files for Run {
    fn args(self, files: &[std::path::PathBuf]) -> Self {
        files.iter().fold(self, Run::arg)
    }
}

/// Three clips of one run, as a phone films them at the start, middle and
/// end: each holds its ramps' value at that point (start, middle, end),
/// written as COCO results files named `{stem}-1.json` and so on.
fn clips_of_a_run(run: &Run, r: &Runner, stem: &str) -> Vec<std::path::PathBuf> {
    [0.0, 0.5, 1.0]
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            let at = |ramp: Ramp| Ramp::fixed(ramp.at(u));
            let part = Runner {
                lean_deg: at(r.lean_deg),
                head_ahead: at(r.head_ahead),
                neck: at(r.neck),
                elbow_deg: at(r.elbow_deg),
                arm_mean_deg: at(r.arm_mean_deg),
                seconds: 15.0,
                seed: r.seed + i as u64,
                ..r.clone()
            };
            let file = run.path(&format!("{stem}-{}.json", i + 1));
            std::fs::write(&file, coco_results(&record(&part))).expect("writes");
            file
        })
        .collect()
}

#[test]
fn a_run_with_growing_trunk_lean_is_measured_found_and_saved() {
    let run = Run::new(&["form"]);
    let runner = Runner {
        lean_deg: Ramp(6.0, 12.0),
        head_ahead: Ramp::fixed(0.05),
        noise_px: 2.0,
        bystander: true,
        ..Runner::default()
    };
    let files = clips_of_a_run(&run, &runner, "run");
    let html = run.path("form.html");
    let done = run
        .arg(&files[0])
        .arg(&files[1])
        .arg(&files[2])
        .arg("--at")
        .arg("0:00,25:00,48:00")
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
    let runner = Runner {
        elbow_deg: Ramp(105.0, 70.0),
        noise_px: 2.0,
        facing: -1.0,
        ..Runner::default()
    };
    let files = clips_of_a_run(&run, &runner, "run");
    let done = run
        .args(&files)
        .arg("--at=0:00,20:00,40:00")
        .arg("--fps")
        .arg("60")
        .arg("--no-save")
        .run();
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
fn a_short_clip_is_too_short_to_tell_but_keeps_its_numbers() {
    // Half a minute with the lean growing from 6 to 12 degrees: fatigue
    // cannot act that fast, so no drift is called, in any output.
    let run = Run::new(&["form"]);
    let file = run.path("short.json");
    let runner = Runner {
        lean_deg: Ramp(6.0, 12.0),
        noise_px: 2.0,
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
        .arg("--no-save")
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    let why = json["drift_too_short"].as_str().expect("a reason");
    assert!(
        why.starts_with("too short to tell") && why.contains("10 min"),
        "{why}"
    );
    let span = json["drift_span_s"].as_f64().expect("a span");
    assert!(span > 10.0 && span < 30.0, "{span}");
    for d in json["drift"].as_array().expect("drift") {
        assert!(d["change"].is_null() && d["beyond_noise"] == false, "{d}");
    }
    assert!(
        json["findings"]
            .as_array()
            .is_some_and(|f| f.iter().all(|f| f["id"] != "trunk-lean-growing")),
        "{}",
        json["findings"]
    );
    let lean = metric(&json, "trunk-lean")["median"]
        .as_f64()
        .expect("the clip's lean still shows");
    assert!((lean - 9.0).abs() < 1.5, "{lean}");
    let page = std::fs::read_to_string(&html).expect("the HTML was written");
    assert!(
        page.contains("Early against late: too short to tell"),
        "{page}"
    );

    let text = Run::new(&["form", "--fps", "60", "--no-save"])
        .arg(&file)
        .run();
    assert_eq!(text.code, 0, "{}", text.stderr);
    let early_late = text
        .stdout
        .split("Early against late")
        .nth(1)
        .and_then(|s| s.split("Findings").next())
        .unwrap_or_default();
    assert!(early_late.contains("too short to tell"), "{}", text.stdout);
    assert!(
        !early_late.contains("beyond measurement noise"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("You lean further forward as you tire"));
}

#[test]
fn three_clips_with_their_times_give_the_drift_across_the_run() {
    let run = Run::new(&["form"]);
    let runner = Runner {
        lean_deg: Ramp(6.0, 12.0),
        noise_px: 2.0,
        ..Runner::default()
    };
    let files = clips_of_a_run(&run, &runner, "part");
    let done = run
        .args(&files)
        .arg("--at")
        .arg("0:00,25:00,48:00")
        .arg("--fps")
        .arg("60")
        .arg("--no-save")
        .arg("--json")
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    let starts: Vec<f64> = json["clips"]
        .as_array()
        .expect("clips")
        .iter()
        .filter_map(|c| c["start_s"].as_f64())
        .collect();
    assert_eq!(starts, vec![0.0, 1500.0, 2880.0]);
    let lean_at = |c: usize| {
        json["clips"][c]["medians"]["trunk-lean"]
            .as_f64()
            .expect("a clip median")
    };
    for (c, built) in [(0, 6.0), (1, 9.0), (2, 12.0)] {
        assert!((lean_at(c) - built).abs() < 1.0, "clip {c}: {}", lean_at(c));
    }
    assert!(
        json["drift_too_short"].is_null(),
        "{}",
        json["drift_too_short"]
    );
    let span = json["drift_span_s"].as_f64().expect("a span");
    assert!((span - 2880.0).abs() < 20.0, "{span}");
    let lean = json["drift"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == "trunk-lean"))
        .expect("lean drift");
    let change = lean["change"].as_f64().expect("a change");
    assert!((change - 6.0).abs() < 1.0, "{lean}");
    assert_eq!(lean["beyond_noise"], true, "{lean}");
    assert!(
        json["split"]
            .as_str()
            .is_some_and(|s| s.contains("0:00") && s.contains("48:00"))
    );

    let text = Run::new(&[
        "form",
        "--fps",
        "60",
        "--no-save",
        "--at",
        "0:00,25:00,48:00",
    ])
    .args(&files)
    .run();
    assert_eq!(text.code, 0, "{}", text.stderr);
    let out = &text.stdout;
    assert!(out.contains("Across the run"), "{out}");
    assert!(out.contains("clip 2 at 25:00 in the run"), "{out}");
    assert!(
        out.contains("You lean further forward as you tire"),
        "{out}"
    );
}

#[test]
fn several_clips_need_their_times_and_bad_times_are_named() {
    let run = Run::new(&["form"]);
    let files = clips_of_a_run(&run, &Runner::default(), "clip");
    let dir = run.into_dir();
    let no_times = Run::new(&["form", "--fps", "60", "--no-save"])
        .args(&files)
        .run();
    assert_eq!(no_times.code, 2, "{}", no_times.stderr);
    assert!(
        no_times.stderr.contains("--at 0:00,25:00,48:00")
            && no_times.stderr.contains("clip-1.json"),
        "{}",
        no_times.stderr
    );
    let too_few = Run::new(&["form", "--fps", "60", "--no-save", "--at", "0:00,10:00"])
        .args(&files)
        .run();
    assert_eq!(too_few.code, 2, "{}", too_few.stderr);
    assert!(
        too_few.stderr.contains("2 time(s) for 3 clip(s)"),
        "{}",
        too_few.stderr
    );
    let backwards = Run::new(&[
        "form",
        "--fps",
        "60",
        "--no-save",
        "--at",
        "0:00,30:00,10:00",
    ])
    .args(&files)
    .run();
    assert_eq!(backwards.code, 2, "{}", backwards.stderr);
    assert!(
        backwards.stderr.contains("running order"),
        "{}",
        backwards.stderr
    );
    let garbled = Run::new(&["form", "--fps", "60", "--no-save", "--at", "0:00,25,48:00"])
        .args(&files)
        .run();
    assert_eq!(garbled.code, 2, "{}", garbled.stderr);
    assert!(
        garbled.stderr.contains("--at") && garbled.stderr.contains("MM:SS"),
        "{}",
        garbled.stderr
    );
    drop(dir);
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
    let runner = Runner {
        elbow_deg: Ramp(105.0, 70.0),
        noise_px: 2.0,
        ..Runner::default()
    };
    let files = clips_of_a_run(&run, &runner, "run");
    let done = run
        .args(&files)
        .arg("--at")
        .arg("0:00,20:00,40:00")
        .arg("--fps")
        .arg("60")
        .arg("--json")
        .run();
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
