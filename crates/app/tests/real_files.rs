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

/// An Apple Health export (`apple_health_export/export.xml` only, as for
/// workouts that recorded no route) stating `run_start`'s run with
/// `run_km` and heart rate, and a new indoor ride.
fn apple_export(run_start: chrono::DateTime<chrono::Utc>, run_km: f64) -> Vec<u8> {
    let local = run_start.with_timezone(&chrono::FixedOffset::east_opt(3600).expect("offset"));
    let date = |t: chrono::DateTime<chrono::FixedOffset>| t.format("%Y-%m-%d %H:%M:%S %z");
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
]>
<HealthData locale="en_GB">
 <ExportDate value="2024-06-01 10:00:00 +0100"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" value="120" startDate="{start}"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" durationUnit="min" sourceName="Phone" startDate="{start}" endDate="{end}">
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="{run_km}" unit="km"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="150" minimum="90" maximum="170" unit="count/min"/>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="45" durationUnit="min" totalDistance="20" totalDistanceUnit="km" sourceName="Phone" startDate="2024-05-03 07:00:00 +0100" endDate="2024-05-03 07:45:00 +0100"/>
</HealthData>"#,
        start = date(local + chrono::Duration::seconds(20)),
        end = date(local + chrono::Duration::seconds(20 + 1800)),
    );
    zip_of(&[
        ("apple_health_export/export.xml", xml.as_bytes()),
        ("apple_health_export/export_cda.xml", b"<ClinicalDocument/>"),
    ])
}

/// The start and distance of the one stored activity.
fn stored_run(dir: tempfile::TempDir) -> (tempfile::TempDir, chrono::DateTime<chrono::Utc>, f64) {
    let history = Run::new(&["history", "--json"]).in_dir(dir).run();
    assert_eq!(history.code, 0, "{}", history.stderr);
    let report = history.json();
    let first = &report["activities"][0];
    let start = first["start"]
        .as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .unwrap_or_else(|| panic!("no start in {report}"))
        .with_timezone(&chrono::Utc);
    let distance = first["distance_m"].as_f64().unwrap_or(0.0);
    (history.dir, start, distance)
}

#[test]
fn the_same_run_from_the_watch_and_from_apple_health_is_one_activity_the_watchs_kept() {
    // The watch's FIT first: the Apple copy (totals only) is a duplicate.
    let run = Run::new(&["import", "--json"]);
    let fit = run.path("2013-02-06-12-11-14.fit");
    fs::write(&fit, real("2013-02-06-12-11-14.fit")).expect("write");
    let first = run.arg(&fit).run();
    assert_eq!(first.code, 0, "{}", first.stdout);
    let (dir, start, distance_m) = stored_run(first.dir);
    assert!(distance_m > 1000.0, "{distance_m}");

    let export = dir.path().join("apple_export.zip");
    fs::write(&export, apple_export(start, distance_m * 1.01 / 1000.0)).expect("write");
    let second = Run::new(&["import", "--json"])
        .in_dir(dir)
        .arg(&export)
        .run();
    assert_eq!(second.code, 0, "{}\n{}", second.stdout, second.stderr);
    let report = second.json();
    let totals = &report["totals"];
    assert_eq!(totals["imported_other"], 1, "the ride is new: {totals}");
    assert_eq!(totals["imported_runs"], 0, "{totals}");
    assert_eq!(totals["failed"], 0, "{totals}");
    let files = report["files"].as_array().expect("files");
    let run_entry = files
        .iter()
        .find(|f| {
            f["source"]
                .as_str()
                .is_some_and(|s| s.contains("export.xml#Running"))
        })
        .unwrap_or_else(|| panic!("the run is not reported: {report}"));
    assert_eq!(run_entry["status"], "duplicate activity", "{run_entry}");
    let (dir, kept_start, kept_distance) = stored_run(second.dir);
    assert_eq!((kept_start, kept_distance), (start, distance_m));

    // Apple Health first: the watch's FIT, with samples, replaces it.
    let apple_first = Run::new(&["import", "--json"]);
    let export2 = apple_first.path("apple_export.zip");
    fs::write(&export2, apple_export(start, distance_m * 0.99 / 1000.0)).expect("write");
    let done = apple_first.arg(&export2).run();
    assert_eq!(done.code, 0, "{}", done.stdout);
    assert_eq!(done.json()["totals"]["imported_runs"], 1);
    let fit2 = done.dir.path().join("watch.fit");
    fs::write(&fit2, real("2013-02-06-12-11-14.fit")).expect("write");
    let after = Run::new(&["import", "--json"])
        .in_dir(done.dir)
        .arg(&fit2)
        .run();
    assert_eq!(after.code, 0, "{}", after.stdout);
    let report = after.json();
    assert_eq!(
        report["files"][0]["status"], "replaced by a richer file",
        "{report}"
    );
    drop(dir);
}

#[test]
fn a_garmin_account_export_imports_the_fit_files_of_its_nested_zip_and_skips_the_rest() {
    // The layout of Garmin's "Export Your Data" archive: activity files
    // in zips under DI_CONNECT/DI-Connect-Uploaded-Files, JSON summaries
    // and settings in the other folders.
    let uploaded = zip_of(&[
        (
            "runner@example.com_10571437364.fit",
            &real("2013-02-06-12-11-14.fit"),
        ),
        (
            "runner@example.com_10571437365.fit",
            &real("2015-10-13-08-43-15.fit"),
        ),
        ("runner@example.com_10571437366.fit", &real("Settings.fit")),
    ]);
    let export = zip_of(&[
        (
            "DI_CONNECT/DI-Connect-Fitness/runner@example.com_0_summarizedActivities.json",
            b"[{\"summarizedActivitiesExport\":[]}]",
        ),
        (
            "DI_CONNECT/DI-Connect-Wellness/2024-01-01_2024-04-10_123_sleepData.json",
            b"[]",
        ),
        ("DI_CONNECT/DI-Connect-User/user_profile.json", b"{}"),
        (
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
            &uploaded,
        ),
        ("DI-GOLF/golf-scorecard.json", b"{}"),
    ]);
    let run = Run::new(&["import", "--json"]);
    let path = run.path("garmin_export.zip");
    fs::write(&path, export).expect("write");
    let done = run.arg(&path).run();
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    let report = done.json();
    let totals = &report["totals"];
    assert_eq!(totals["imported_runs"], 1, "{totals}");
    assert_eq!(totals["imported_other"], 1, "{totals}");
    assert_eq!(totals["failed"], 0, "{totals}");
    // The settings file, and one line for the four JSON files.
    assert_eq!(totals["skipped"], 2, "{totals}");
    let files = report["files"].as_array().expect("files");
    let imported: Vec<&str> = files
        .iter()
        .filter(|f| f["status"] == "imported")
        .filter_map(|f| f["source"].as_str())
        .collect();
    assert_eq!(imported.len(), 2);
    assert!(
        imported.iter().all(|s| s.contains(
            "garmin_export.zip!/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!/"
        )),
        "{imported:?}"
    );
    let rest = files
        .iter()
        .find(|f| {
            f["source"]
                .as_str()
                .is_some_and(|s| s.ends_with("garmin_export.zip"))
        })
        .unwrap_or_else(|| panic!("no line for the other files: {report}"));
    assert_eq!(rest["status"], "skipped");
    assert_eq!(
        rest["problems"][0],
        "4 files in the archive are not activity files (JSON summaries, CSV, XML, media...): not imported"
    );
}
