//! Importing a whole export: loose FIT, GPX and TCX files (some gzipped)
//! beside a Strava-shaped zip, twice. Every activity is stored once, rides
//! are kept and labelled, and the second import finds only duplicates,
//! inside the zip as well. The same run from a watch's FIT file and from
//! a Polar Flow export is one activity.

mod common;

use std::io::Write;

use backstride_bench_corpus::{Config, Format, Sport, one_hour, write_corpus};
use common::Run;

#[test]
fn a_mixed_export_with_a_strava_zip_imports_once() {
    let run = Run::new(&["import", "--json"]);
    let dir = run.path("export");
    let config = Config {
        count: 40,
        seed: 7,
        seconds: 300,
    };
    let written = write_corpus(&dir, &config).expect("corpus written");
    assert!(
        written.in_zip > 0 && written.gzipped > 0 && written.rides > 0,
        "{written:?}"
    );

    let first = run.arg(&dir).run();
    assert_eq!(first.code, 0, "{}", first.stdout);
    let report = first.json();
    let totals = &report["totals"];
    let stored = totals["imported_runs"].as_u64().unwrap_or(0)
        + totals["imported_other"].as_u64().unwrap_or(0);
    assert_eq!(stored, written.activities as u64, "{totals}");
    assert_eq!(
        totals["imported_other"], written.rides as u64,
        "rides are kept and labelled: {totals}"
    );
    let zipped = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| {
            f["source"]
                .as_str()
                .is_some_and(|s| s.contains("strava_export.zip!/"))
        })
        .count();
    assert_eq!(zipped, written.in_zip);

    let second = Run::new(&["import", "--json"])
        .in_dir(first.dir)
        .arg(&dir)
        .run();
    assert_eq!(second.code, 0);
    let totals = &second.json()["totals"];
    assert_eq!(totals["duplicates"], written.activities as u64, "{totals}");
    assert_eq!(totals["imported_runs"], 0);
}

/// `activity` as a Polar Flow training session (synthetic, in the older
/// layout docs/exports.md establishes), local times at +01:00.
fn polar_session_of(activity: &backstride_core::activity::Activity) -> Vec<u8> {
    let offset = chrono::TimeDelta::minutes(60);
    let at = |t_s: f64| {
        (activity.start + offset + chrono::TimeDelta::milliseconds((t_s * 1000.0) as i64))
            .naive_utc()
            .format("%Y-%m-%dT%H:%M:%S%.3f")
            .to_string()
    };
    let s = &activity.samples;
    let series = |f: &dyn Fn(&backstride_core::activity::Sample) -> Option<f64>| {
        s.iter()
            .filter_map(|x| f(x).map(|v| serde_json::json!({"dateTime": at(x.t_s), "value": v})))
            .collect::<Vec<_>>()
    };
    let route: Vec<serde_json::Value> = s
        .iter()
        .filter_map(|x| {
            Some(serde_json::json!({
                "dateTime": at(x.t_s),
                "latitude": x.lat?,
                "longitude": x.lon?,
                "altitude": x.altitude_m
            }))
        })
        .collect();
    let session = serde_json::json!({
        "name": "Running",
        "startTime": at(0.0),
        "exercises": [{
            "startTime": at(0.0),
            "stopTime": at(activity.elapsed_s),
            "timezoneOffset": 60,
            "duration": format!("PT{}S", activity.elapsed_s),
            "distance": activity.distance_m,
            "sport": "RUNNING",
            "samples": {
                "heartRate": series(&|x| x.heart_rate.map(f64::from)),
                "distance": series(&|x| x.distance_m),
                "recordedRoute": route
            }
        }]
    });
    serde_json::to_vec(&session).unwrap_or_default()
}

/// A Polar Flow "download your data" zip holding `activity` as one
/// training session, beside two JSON files that are no activity.
fn polar_export_of(activity: &backstride_core::activity::Activity) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let dir = "polar-user-data-export_0f1e2d3c/";
    for (name, bytes) in [
        (
            "training-session-2024-05-01-1-0f1e2d3c.json",
            polar_session_of(activity),
        ),
        ("account-data-0f1e2d3c.json", b"{}".to_vec()),
        ("activity-2024-05-01-0f1e2d3c.json", b"{}".to_vec()),
    ] {
        zip.start_file(format!("{dir}{name}"), options)
            .expect("zip entry");
        zip.write_all(&bytes).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

#[test]
fn the_same_run_from_a_watch_fit_and_a_polar_export_is_one_activity() {
    let run = Run::new(&["import", "--json"]);
    let dir = run.path("history");
    std::fs::create_dir_all(&dir).expect("dir");
    let fit = one_hour(Format::Fit, Sport::Running, 11);
    let decoded = backstride_formats::activity::decode("run.fit", &fit).expect("the FIT reads");
    std::fs::write(dir.join("run.fit"), &fit).expect("write fit");
    std::fs::write(
        dir.join("polar-user-data-export.zip"),
        polar_export_of(&decoded.activity),
    )
    .expect("write zip");

    let done = run.arg(&dir).run();
    assert_eq!(done.code, 0, "{}", done.stdout);
    let report = done.json();
    let totals = &report["totals"];
    assert_eq!(totals["imported_runs"], 1, "{totals}");
    assert_eq!(
        totals["duplicates"].as_u64().unwrap_or(0) + totals["replaced"].as_u64().unwrap_or(0),
        1,
        "the Polar copy is recognised as the same run: {totals}"
    );
    assert_eq!(totals["failed"], 0, "{totals}");
    // One line for the export's other JSON files.
    assert_eq!(totals["skipped"], 1, "{totals}");
    // Whichever copy came first is imported, the other recognised.
    let mut statuses: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| {
            f["source"].as_str().is_some_and(|s| {
                s.ends_with("run.fit") || s.ends_with("training-session-2024-05-01-1-0f1e2d3c.json")
            })
        })
        .filter_map(|f| f["status"].as_str())
        .collect();
    statuses.sort_unstable();
    assert!(
        statuses == ["duplicate activity", "imported"]
            || statuses == ["imported", "replaced by a richer file"],
        "{statuses:?}"
    );
}

#[test]
fn an_unpacked_polar_export_imports_its_training_sessions_only() {
    let run = Run::new(&["import", "--json"]);
    let dir = run.path("polar-user-data-export_0f1e2d3c");
    std::fs::create_dir_all(&dir).expect("dir");
    let fit = one_hour(Format::Fit, Sport::Running, 12);
    let decoded = backstride_formats::activity::decode("run.fit", &fit).expect("the FIT reads");
    std::fs::write(
        dir.join("training-session-2024-05-01-1-0f1e2d3c.json"),
        polar_session_of(&decoded.activity),
    )
    .expect("write session");
    std::fs::write(dir.join("account-data-0f1e2d3c.json"), b"{}").expect("write");
    std::fs::write(dir.join("247ohr_2024_05.json"), b"{\"deviceDays\": []}").expect("write");

    let done = run.arg(&dir).run();
    assert_eq!(done.code, 0, "{}", done.stdout);
    let report = done.json();
    let totals = &report["totals"];
    assert_eq!(totals["imported_runs"], 1, "{totals}");
    assert_eq!(totals["failed"], 0, "{totals}");
    let files = report["files"].as_array().expect("files");
    assert_eq!(
        files.len(),
        1,
        "the other JSON files are passed over: {files:?}"
    );
    assert_eq!(files[0]["sport"], "running");
}
