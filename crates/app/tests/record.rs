//! End-to-end tests of recording: importing real and broken files, logging,
//! history, export and backup, through the real binary.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{Run, repo, run_python};
use serde_json::Value;

/// Real device FIT files (fitparser's fixtures), fetched by the script.
fn real_fit_dir() -> std::path::PathBuf {
    let status = Command::new("bash")
        .arg(repo().join("scripts/fetch-real-fit.sh"))
        .status()
        .expect("bash runs");
    assert!(status.success(), "could not fetch the real FIT files");
    repo().join("target/real-fit")
}

/// A GPX 1.1 run with Garmin heart-rate and cadence extensions.
fn gpx_run(start_min: u32, points: u32) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<trk><name>Morning run</name><type>running</type><trkseg>
"#,
    );
    for i in 0..points {
        let secs = start_min * 60 + i;
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"-0.100000\"><ele>20</ele><time>2026-03-01T07:{:02}:{:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr><gpxtpx:cad>85</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            51.5 + f64::from(i) * 0.00003,
            secs / 60,
            secs % 60,
            130 + i % 10
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

fn import(run: Run, dir: &Path) -> common::Done {
    run.arg(dir).arg("--json").run()
}

#[test]
fn real_device_files_import_with_fitdecode_totals() {
    let dir = real_fit_dir();
    let done = Run::new(&["import"]).arg(&dir).arg("--json").run();
    // Settings, workout, weight and monitoring files are not activities:
    // each is skipped with its reason. DeveloperData.fit has no timestamp
    // at all and fails, so the exit code says some failed.
    assert_eq!(done.code, 4, "{}", done.stderr);
    let report = done.json();
    assert_eq!(report["totals"]["failed"], 1, "{}", report["totals"]);
    assert!(report["totals"]["skipped"].as_u64().unwrap_or(0) >= 8);
    for f in report["files"].as_array().expect("files") {
        if f["status"] == "failed" || f["status"] == "skipped" {
            let reason = f["problems"][0].as_str().expect("a reason");
            assert!(!reason.is_empty(), "{f}");
        }
    }
    let history = Run::new(&["history", "--json"]).in_dir(done.dir).run();
    let stored = history.json()["activities"]
        .as_array()
        .expect("activities")
        .clone();

    let script = r#"
import sys, json, fitdecode
out = {}
for path in sys.argv[1:]:
    sessions = []
    with fitdecode.FitReader(path) as fit:
        for frame in fit:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.name == 'session':
                sessions.append({'distance': frame.get_value('total_distance'), 'elapsed': frame.get_value('total_elapsed_time'),
                                 'start': frame.get_value('start_time').isoformat(),
                                 'sport': (str(frame.get_value('sport')), str(frame.get_value('sub_sport')))})
    # Consecutive sessions of one sport are one activity; a change of
    # sport starts the next leg of a multisport recording.
    legs = []
    for s in sorted(sessions, key=lambda s: s['start']):
        if legs and legs[-1]['sport'] == s['sport']:
            legs[-1]['distance'] += s['distance'] or 0
            legs[-1]['elapsed'] += s['elapsed'] or 0
        else:
            legs.append(dict(s, distance=s['distance'] or 0, elapsed=s['elapsed'] or 0))
    for i, leg in enumerate(legs):
        out[f'{path} leg {i}'] = leg
print(json.dumps(out))
"#;
    let files: Vec<_> = fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let out = run_python(&["fitdecode"], script, &files);
    let peers: Value = serde_json::from_str(&out).expect("json");
    let peers = peers.as_object().expect("object");
    assert!(
        peers.len() >= 4,
        "expected several real activities, got {peers:?}"
    );
    assert_eq!(
        stored.len(),
        peers.len(),
        "every activity (or multisport leg) fitdecode reads is stored"
    );
    for (path, totals) in peers {
        let start = chrono::DateTime::parse_from_rfc3339(totals["start"].as_str().expect("start"))
            .expect("date");
        let ours = stored
            .iter()
            .find(|a| {
                chrono::DateTime::parse_from_rfc3339(a["start"].as_str().unwrap_or("")).ok()
                    == Some(start)
            })
            .unwrap_or_else(|| panic!("{path}: no stored activity starting at {start}"));
        let (d_peer, d_ours) = (
            totals["distance"].as_f64().unwrap_or(0.0),
            ours["distance_m"].as_f64().unwrap_or(-1.0),
        );
        let (t_peer, t_ours) = (
            totals["elapsed"].as_f64().unwrap_or(0.0),
            ours["elapsed_s"].as_f64().unwrap_or(-1.0),
        );
        assert!(
            (d_peer - d_ours).abs() <= 1.0 + d_peer * 0.001,
            "{path}: distance {d_ours} vs fitdecode {d_peer}"
        );
        assert!(
            (t_peer - t_ours).abs() <= 1.0,
            "{path}: elapsed {t_ours} vs fitdecode {t_peer}"
        );
    }
}

#[test]
fn importing_the_same_folder_twice_adds_nothing_the_second_time() {
    let run = Run::new(&["import"]);
    let dir = run.path("runs");
    fs::create_dir_all(dir.join("nested")).expect("dir");
    fs::write(dir.join("a.gpx"), gpx_run(0, 120)).expect("write");
    fs::write(dir.join("nested/b.gpx"), gpx_run(30, 90)).expect("write");
    let first = import(run, &dir);
    assert_eq!(first.code, 0, "{}", first.stdout);
    assert_eq!(first.json()["totals"]["imported_runs"], 2);
    let second = Run::new(&["import"])
        .in_dir(first.dir)
        .arg(&dir)
        .arg("--json")
        .run();
    assert_eq!(second.code, 0);
    let totals = &second.json()["totals"];
    assert_eq!(totals["imported_runs"], 0);
    assert_eq!(totals["duplicates"], 2);
}

#[test]
fn broken_files_are_each_named_and_good_files_still_stored() {
    let run = Run::new(&["import"]);
    let dir = run.path("mixed");
    fs::create_dir_all(&dir).expect("dir");
    let good = gpx_run(0, 60);
    fs::write(dir.join("good.gpx"), &good).expect("write");
    fs::write(dir.join("empty.fit"), b"").expect("write");
    fs::write(dir.join("truncated.gpx"), &good[..good.len() / 2]).expect("write");
    let real = fs::read(real_fit_dir().join("hrv-activity.fit")).expect("real fit");
    fs::write(dir.join("truncated.fit"), &real[..real.len() / 3]).expect("write");
    let mut flipped = real.clone();
    for i in (200..flipped.len()).step_by(97) {
        flipped[i] ^= 0x5a;
    }
    fs::write(dir.join("flipped.fit"), &flipped).expect("write");
    fs::write(dir.join("photo.fit"), b"\x89PNG\r\n\x1a\nnot an activity").expect("write");
    fs::write(dir.join("gpx-named.tcx"), &good).expect("write");

    let done = import(run, &dir);
    assert_eq!(done.code, 4, "some files failed: {}", done.stdout);
    let report = done.json();
    let files = report["files"].as_array().expect("files");
    let status = |name: &str| {
        files
            .iter()
            .find(|f| f["source"].as_str().is_some_and(|s| s.ends_with(name)))
            .unwrap_or_else(|| panic!("{name} not in the report"))
            .clone()
    };
    for bad in ["empty.fit", "truncated.gpx", "flipped.fit", "photo.fit"] {
        let f = status(bad);
        assert_eq!(f["status"], "failed", "{bad}: {f}");
        assert!(
            f["problems"][0].as_str().is_some_and(|p| p.len() > 5),
            "{bad} has no reason"
        );
    }
    assert_eq!(status("good.gpx")["status"], "imported");
    // A FIT cut short keeps every whole record before the cut, and says so.
    let truncated = status("truncated.fit");
    assert_eq!(truncated["status"], "imported", "{truncated}");
    assert!(
        truncated["problems"]
            .to_string()
            .contains("whole records before it"),
        "{truncated}"
    );
    // The mislabelled file is read for what it is, and says so.
    let mislabelled = status("gpx-named.tcx");
    assert!(
        mislabelled["problems"].to_string().contains("GPX"),
        "{mislabelled}"
    );

    // Plain output names each failed file on its own line.
    let again = Run::new(&["import"]).in_dir(done.dir).arg(&dir).run();
    for bad in ["empty.fit", "truncated.gpx", "flipped.fit", "photo.fit"] {
        assert!(
            again
                .stdout
                .lines()
                .any(|l| l.starts_with("failed: ") && l.contains(bad)),
            "{bad}: {}",
            again.stdout
        );
    }
}

#[test]
fn a_dry_run_stores_nothing() {
    let run = Run::new(&["import", "--dry-run", "--json"]);
    let file = run.path("a.gpx");
    fs::write(&file, gpx_run(0, 30)).expect("write");
    let done = run.arg(&file).run();
    assert_eq!(done.code, 0);
    assert_eq!(done.json()["totals"]["would_import"], 1);
    let history = Run::new(&["history", "--json"]).in_dir(done.dir).run();
    assert_eq!(history.json()["activities"], Value::Array(Vec::new()));
}

#[test]
fn logs_history_export_and_backup_round_trip() {
    let run = Run::new(&["import"]);
    let file = run.path("a.gpx");
    fs::write(&file, gpx_run(0, 120)).expect("write");
    let first = run.arg(&file).run();
    assert_eq!(first.code, 0, "{}", first.stderr);
    let mut dir = first.dir;
    for args in [
        vec![
            "log",
            "pain",
            "--region",
            "lower-back",
            "--nrs",
            "3",
            "--when",
            "after",
            "--activity",
            "1",
            "--at",
            "2026-03-01T09:00",
        ],
        vec![
            "log",
            "routine",
            "--rounds",
            "2",
            "warrior-pose:10",
            "bicycle-crunch:20",
            "--at",
            "2026-03-01",
        ],
        vec![
            "log",
            "cross-train",
            "--minutes",
            "40",
            "--at",
            "2026-03-02",
        ],
        vec![
            "log",
            "brace",
            "--worn",
            "--activity",
            "1",
            "--at",
            "2026-03-01",
        ],
        vec![
            "log",
            "rpe",
            "--activity",
            "1",
            "--value",
            "7",
            "--note",
            "windy",
            "--at",
            "2026-03-01T10:00",
        ],
    ] {
        let done = Run::new(&args).in_dir(dir).run();
        assert_eq!(done.code, 0, "{args:?}: {}", done.stderr);
        assert!(done.stdout.starts_with("Logged"), "{}", done.stdout);
        dir = done.dir;
    }
    for (args, needle) in [
        (
            vec![
                "log", "pain", "--region", "knee", "--nrs", "3", "--when", "after",
            ],
            "--region knee",
        ),
        (
            vec![
                "log", "pain", "--region", "neck", "--nrs", "11", "--when", "after",
            ],
            "11",
        ),
        (vec!["log", "routine", "ball-pyke:10"], "ball-pyke"),
        (
            vec![
                "log",
                "pain",
                "--region",
                "neck",
                "--nrs",
                "2",
                "--when",
                "after",
                "--activity",
                "99",
            ],
            "not logged",
        ),
        (vec!["log", "rpe", "--activity", "1", "--value", "11"], "11"),
        (
            vec!["log", "rpe", "--activity", "99", "--value", "5"],
            "not logged: no activity with id 99",
        ),
        (vec!["log", "rpe", "--value", "5"], "--activity"),
    ] {
        let done = Run::new(&args).in_dir(dir).run();
        assert_eq!(done.code, 2, "{args:?} should be refused: {}", done.stdout);
        assert!(done.stderr.contains(needle), "{args:?}: {}", done.stderr);
        dir = done.dir;
    }

    let history = Run::new(&["history", "--json"]).in_dir(dir).run();
    let h = history.json();
    assert_eq!(h["pain"][0]["nrs"], 3);
    assert_eq!(h["pain"][0]["activity_id"], 1);
    assert_eq!(h["routines"][0]["rounds"], 2);
    assert_eq!(h["cross_training"][0]["minutes"], 40);
    assert_eq!(h["brace"][0]["worn"], true);
    assert_eq!(h["rpe"].as_array().map(Vec::len), Some(1), "{h}");
    assert_eq!(h["rpe"][0]["activity_id"], 1);
    assert_eq!(h["rpe"][0]["rpe"], 7);
    assert_eq!(h["rpe"][0]["note"], "windy");
    let text = Run::new(&["history"]).in_dir(history.dir).run();
    assert!(text.stdout.contains("pain 3/10"), "{}", text.stdout);
    assert!(
        text.stdout.contains("effort (RPE) 7/10 for activity 1"),
        "{}",
        text.stdout
    );
    let one = Run::new(&["history", "--activity", "1"])
        .in_dir(text.dir)
        .run();
    assert!(one.stdout.contains("samples    120"), "{}", one.stdout);

    let out = one.dir.path().join("export");
    let export = Run::new(&["export", "--out"])
        .arg(&out)
        .in_dir(one.dir)
        .run();
    assert_eq!(export.code, 0, "{}", export.stderr);
    let samples = fs::read_to_string(out.join("samples.csv")).expect("samples.csv");
    assert_eq!(samples.lines().count(), 121, "header + 120 samples");
    let json: Value =
        serde_json::from_str(&fs::read_to_string(out.join("backstride.json")).expect("json"))
            .expect("valid");
    assert_eq!(json["pain"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["rpe"][0]["rpe"], 7, "{}", json["rpe"]);
    let rpe = fs::read_to_string(out.join("rpe.csv")).expect("rpe.csv");
    let rows: Vec<&str> = rpe.lines().collect();
    assert_eq!(rows.len(), 2, "header + 1 entry: {rpe}");
    assert_eq!(rows[0], "id,activity_id,rpe,note,at");
    assert!(rows[1].starts_with("1,1,7,windy,2026-03-01T"), "{rpe}");
    let again = Run::new(&["export", "--out"])
        .arg(&out)
        .in_dir(export.dir)
        .run();
    assert_eq!(again.code, 2, "export refuses to overwrite");

    let copy = again.dir.path().join("copy.db");
    let backup = Run::new(&["backup"]).arg(&copy).in_dir(again.dir).run();
    assert_eq!(backup.code, 0, "{}", backup.stderr);
    assert!(fs::metadata(&copy).map(|m| m.len() > 0).unwrap_or(false));
    let refused = Run::new(&["backup"]).arg(&copy).in_dir(backup.dir).run();
    assert_eq!(refused.code, 2);
}

#[test]
fn history_since_and_until_are_local_days() {
    // 00:30 on 25 Nov at UTC+13 is 11:30 UTC on 24 Nov.
    const TZ: &str = "<+13>-13";
    let logged = Run::new(&[
        "log",
        "pain",
        "--region",
        "neck",
        "--nrs",
        "2",
        "--when",
        "after",
        "--at",
        "2026-11-25T00:30",
    ])
    .env("TZ", TZ)
    .run();
    assert_eq!(logged.code, 0, "{}", logged.stderr);
    let on_the_25th = Run::new(&[
        "history",
        "--since",
        "2026-11-25",
        "--until",
        "2026-11-25",
        "--json",
    ])
    .env("TZ", TZ)
    .in_dir(logged.dir)
    .run();
    let pain = &on_the_25th.json()["pain"];
    assert_eq!(pain.as_array().map(Vec::len), Some(1), "{pain}");
    // The zone really applied: the entry sits on the 24th in UTC.
    assert_eq!(pain[0]["at"], "2026-11-24T11:30:00Z");
    let to_the_24th = Run::new(&["history", "--until", "2026-11-24", "--json"])
        .env("TZ", TZ)
        .in_dir(on_the_25th.dir)
        .run();
    assert_eq!(to_the_24th.json()["pain"].as_array().map(Vec::len), Some(0));
}
