//! Importing real device files (`testdata/activities/real/`, see its
//! README for sources and licences) the way a runner imports a whole
//! watch or Strava export: what is not an activity is skipped with its
//! reason and is not a failure.

mod common;

use std::fs;
use std::io::Write;

use common::{Run, repo};

fn real(name: &str) -> Vec<u8> {
    let path = repo().join("testdata/activities/real").join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A route as Strava's `routes/` folder and route planners write it: a
/// track with positions and elevation but no times (synthetic).
const ROUTE_GPX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="StravaGPX" version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
 <metadata><name>Sunday loop</name></metadata>
 <trk><name>Sunday loop</name><trkseg>
  <trkpt lat="51.5000" lon="-0.1200"><ele>12.0</ele></trkpt>
  <trkpt lat="51.5010" lon="-0.1200"><ele>13.0</ele></trkpt>
  <trkpt lat="51.5020" lon="-0.1210"><ele>13.5</ele></trkpt>
 </trkseg></trk>
</gpx>"#;

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("zip entry");
        writer.write_all(bytes).expect("zip write");
    }
    writer.finish().expect("zip finish").into_inner()
}

#[test]
fn an_export_with_settings_monitoring_and_routes_exits_0_and_says_what_it_skipped() {
    let run = Run::new(&["import", "--json"]);
    let dir = run.path("export");
    fs::create_dir_all(dir.join("garmin")).expect("dir");
    for name in [
        "Settings.fit",
        "MonitoringFile.fit",
        "WeightScaleSingleUser.fit",
        "WorkoutIndividualSteps.fit",
        "2013-02-06-12-11-14.fit",
    ] {
        fs::write(dir.join("garmin").join(name), real(name)).expect("write");
    }
    let strava = zip_of(&[
        ("activities/ride.fit", &real("2015-10-13-08-43-15.fit")),
        ("routes/sunday-loop.gpx", ROUTE_GPX.as_bytes()),
    ]);
    fs::write(dir.join("strava_export.zip"), strava).expect("write");

    let done = run.arg(&dir).run();
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    let report = done.json();
    let totals = &report["totals"];
    assert_eq!(totals["imported_runs"], 1, "{totals}");
    assert_eq!(totals["imported_other"], 1, "{totals}");
    assert_eq!(totals["skipped"], 5, "{totals}");
    assert_eq!(totals["failed"], 0, "{totals}");
    let files = report["files"].as_array().expect("files");
    let reason_of = |suffix: &str| {
        files
            .iter()
            .find(|f| f["source"].as_str().is_some_and(|s| s.ends_with(suffix)))
            .map(|f| (f["status"].clone(), f["problems"][0].clone()))
            .unwrap_or_else(|| panic!("{suffix} not reported"))
    };
    let (status, reason) = reason_of("Settings.fit");
    assert_eq!(status, "skipped");
    assert_eq!(reason, "not an activity: a FIT settings file");
    assert_eq!(
        reason_of("MonitoringFile.fit").1,
        "not an activity: a FIT monitoring_b file"
    );
    assert_eq!(
        reason_of("WeightScaleSingleUser.fit").1,
        "not an activity: a FIT weight file"
    );
    assert_eq!(
        reason_of("WorkoutIndividualSteps.fit").1,
        "not an activity: a FIT workout file"
    );
    let (status, reason) = reason_of("routes/sunday-loop.gpx");
    assert_eq!(status, "skipped");
    assert!(
        reason.as_str().is_some_and(|r| r.contains("GPX route")),
        "{reason}"
    );
}

#[test]
fn the_terminal_report_counts_skipped_files_apart_from_failures() {
    let run = Run::new(&["import"]);
    let dir = run.path("export");
    fs::create_dir_all(&dir).expect("dir");
    fs::write(dir.join("Settings.fit"), real("Settings.fit")).expect("write");
    fs::write(dir.join("broken.gpx"), "<gpx><trk><trkseg>").expect("write");
    let done = run.arg(&dir).run();
    // The broken file fails (exit 4); the settings file does not count.
    assert_eq!(done.code, 4, "{}", done.stdout);
    assert!(
        done.stdout
            .contains("skipped 1 file(s): not an activity: a FIT settings file"),
        "{}",
        done.stdout
    );
    assert!(done.stdout.contains("failed: "), "{}", done.stdout);
}

#[test]
fn a_triathlon_is_stored_as_five_linked_legs_and_its_run_counts_as_a_run() {
    let run = Run::new(&["import", "--json"]);
    let file = run.path("tri.fit");
    fs::write(&file, real("sample_mulitple_header.fit")).expect("write");
    let done = run.arg(&file).run();
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    let report = done.json();
    let totals = &report["totals"];
    assert_eq!(totals["imported_runs"], 1, "{totals}");
    assert_eq!(totals["imported_other"], 4, "{totals}");
    let sports: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["sport"].as_str())
        .collect();
    assert_eq!(
        sports,
        ["swimming", "other", "cycling", "other", "running"],
        "{report}"
    );
    let sources: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["source"].as_str())
        .collect();
    assert!(sources[4].ends_with("tri.fit [leg 5/5]"), "{sources:?}");

    // Importing the file again finds every leg stored.
    let again = Run::new(&["import", "--json"])
        .in_dir(done.dir)
        .arg(&file)
        .run();
    assert_eq!(again.code, 0);
    assert_eq!(again.json()["totals"]["duplicates"], 5);
}

#[test]
fn an_inferred_sport_is_said_and_the_runner_can_correct_it() {
    let run = Run::new(&["import", "--json"]);
    let file = run.path("cerknicko-jezero.gpx");
    fs::write(&file, real("cerknicko-jezero.gpx")).expect("write");
    let done = run.arg(&file).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let report = done.json();
    let imported = &report["files"][0];
    assert_eq!(imported["sport"], "walking", "{report}");
    assert!(
        imported["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .any(|p| p.as_str().is_some_and(|p| p.contains("inferred walking"))),
        "{report}"
    );
    let id = imported["activity_id"].as_i64().expect("id");

    let edit = Run::new(&["edit", &id.to_string(), "--sport", "running"])
        .in_dir(done.dir)
        .run();
    assert_eq!(edit.code, 0, "{}", edit.stderr);
    assert!(edit.stdout.contains("is now running"), "{}", edit.stdout);
    let history = Run::new(&["history", "--json"]).in_dir(edit.dir).run();
    assert!(
        history.stdout.contains("\"running\"") && !history.stdout.contains("\"walking\""),
        "{}",
        history.stdout
    );

    let missing = Run::new(&["edit", "999", "--sport", "running"])
        .in_dir(history.dir)
        .run();
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("no activity 999"),
        "{}",
        missing.stderr
    );
    let bad = Run::new(&["edit", "1", "--sport", "skating"]).run();
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}
