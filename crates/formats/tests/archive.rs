//! Archives: Strava bulk export, Garmin export with nested zips, bombs.

mod common;

use std::io::Cursor;
use std::ops::ControlFlow;

use backstride_core::activity::Sport;
use backstride_formats::activity::{
    ArchiveEntry, DecodeError, Limits, visit_archive, visit_archive_with,
};
use common::{FitSpec, fit_run, garmin_gpx, garmin_tcx, gzip, zip_of, zip_with};

fn collect(
    bytes: Vec<u8>,
) -> (
    Vec<ArchiveEntry>,
    backstride_formats::activity::ArchiveStats,
) {
    let mut entries = Vec::new();
    let stats = visit_archive(Cursor::new(bytes), |e| {
        entries.push(e);
        ControlFlow::Continue(())
    })
    .expect("archive opens");
    (entries, stats)
}

#[test]
fn a_strava_export_uses_activities_csv_for_names_and_missing_types() {
    let fit = gzip(&fit_run(&FitSpec {
        seconds: 60,
        ..FitSpec::default()
    }));
    let untyped_gpx = garmin_gpx(60, None).into_bytes();
    let tcx = gzip(garmin_tcx(60, 60, "ns3").as_bytes());
    let csv = "Activity ID,Activity Date,Activity Name,Activity Type,Filename,Moving Time\n\
               1,\"May 1, 2024\",Trail loop,Run,activities/1.fit.gz,55.0\n\
               2,\"May 2, 2024\",Commute,Ride,activities/2.gpx,48.0\n\
               3,\"May 3, 2024\",Intervals,Run,activities/3.tcx.gz,\n";
    let zip = zip_of(&[
        ("activities.csv", csv.as_bytes()),
        ("activities/1.fit.gz", &fit),
        ("activities/2.gpx", &untyped_gpx),
        ("activities/3.tcx.gz", &tcx),
        ("media/photo.jpg", b"\xff\xd8"),
        ("profile.csv", b"a,b\n"),
    ]);
    let (entries, stats) = collect(zip);
    assert_eq!(stats.activities, 3);
    assert_eq!(stats.skipped, 3);
    assert!(!stats.stopped);
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "activities/1.fit.gz",
            "activities/2.gpx",
            "activities/3.tcx.gz"
        ]
    );
    let decoded: Vec<_> = entries
        .iter()
        .map(|e| e.result.as_ref().expect("decodes"))
        .collect();
    assert_eq!(decoded[0].title.as_deref(), Some("Trail loop"));
    // The FIT names its own sport; the index does not override it.
    assert_eq!(decoded[0].activity.sport_label, "trail_running");
    // The GPX named none: the index's "Ride" fills it, and the problem goes.
    assert_eq!(decoded[1].activity.sport, Sport::Cycling);
    assert_eq!(decoded[1].activity.sport_label, "Ride");
    // It had been inferred a run (strides doubled to steps): a ride's
    // cadence is pedal turns, as the file wrote them.
    assert_eq!(decoded[1].activity.avg_cadence_spm, Some(85.0));
    // A GPX states no moving time: Strava's own is kept, and said.
    assert_eq!(decoded[1].activity.moving_s, 48.0);
    assert_eq!(
        decoded[1].problems,
        ["moving time 48 s from Strava's activities.csv (the points give 60 s)"]
    );
    // The FIT states its own moving time and keeps it.
    assert_eq!(decoded[0].activity.moving_s, 60.0);
    assert!(decoded[2].gzipped);
}

#[test]
fn a_garmin_export_with_nested_zips_is_walked() {
    let fit_a = fit_run(&FitSpec {
        seconds: 30,
        ..FitSpec::default()
    });
    let fit_b = fit_run(&FitSpec {
        seconds: 40,
        ..FitSpec::default()
    });
    let inner = zip_of(&[
        ("1001.fit", &fit_a),
        ("1002.FIT", &fit_b),
        ("notes.json", b"{}"),
    ]);
    let outer = zip_of(&[
        ("DI_CONNECT/DI-Connect-User/user.json", b"{}"),
        (
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
            &inner,
        ),
        (
            "DI_CONNECT/DI-Connect-Fitness/broken.fit",
            b"\x0e\x10\x00\x00",
        ),
    ]);
    let (entries, stats) = collect(outer);
    assert_eq!(stats.nested_archives, 1);
    assert_eq!(stats.activities, 3);
    assert_eq!(
        entries[0].name,
        "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!/1001.fit"
    );
    assert_eq!(
        entries[1]
            .result
            .as_ref()
            .expect("fit")
            .activity
            .samples
            .len(),
        41
    );
    // A broken file fails alone, with its reason; the walk goes on.
    assert_eq!(entries[2].name, "DI_CONNECT/DI-Connect-Fitness/broken.fit");
    assert!(matches!(
        entries[2].result,
        Err(DecodeError::Truncated { .. } | DecodeError::NotFit { .. })
    ));
}

#[test]
fn a_stored_nested_zip_is_read_in_place_beyond_the_entry_cap() {
    let fit = fit_run(&FitSpec {
        seconds: 30,
        ..FitSpec::default()
    });
    let inner = zip_of(&[("a.fit", &fit), ("b.fit", &fit)]);
    let outer = zip_with(&[("part1.zip", &inner)], zip::CompressionMethod::Stored);
    // The nested zip is larger than the cap, but is never copied out: only
    // its entries (each within the cap) are inflated.
    let limits = Limits {
        max_entry_bytes: inner.len() as u64 - 1,
        max_nesting: 2,
    };
    let mut names = Vec::new();
    let stats = visit_archive_with(Cursor::new(outer), &limits, |e| {
        assert!(e.result.is_ok(), "{:?}", e.result);
        names.push(e.name);
        ControlFlow::Continue(())
    })
    .expect("opens");
    assert_eq!(stats.nested_archives, 1);
    assert_eq!(names, ["part1.zip!/a.fit", "part1.zip!/b.fit"]);
}

#[test]
fn oversized_entries_and_deep_nesting_are_refused() {
    let big = vec![b' '; 200_000];
    let zip = zip_of(&[("huge.gpx", &big)]);
    let limits = Limits {
        max_entry_bytes: 100_000,
        max_nesting: 1,
    };
    let mut seen = Vec::new();
    visit_archive_with(Cursor::new(zip), &limits, |e| {
        seen.push(e.result);
        ControlFlow::Continue(())
    })
    .expect("opens");
    assert_eq!(seen, [Err(DecodeError::TooLarge { limit: 100_000 })]);

    let innermost = zip_of(&[("a.fit", b"x")]);
    let middle = zip_of(&[("in.zip", &innermost)]);
    let outer = zip_of(&[("mid.zip", &middle)]);
    let mut results = Vec::new();
    visit_archive_with(Cursor::new(outer), &limits, |e| {
        results.push((e.name, e.result));
        ControlFlow::Continue(())
    })
    .expect("opens");
    assert_eq!(
        results,
        [(
            "mid.zip!/in.zip".to_string(),
            Err(DecodeError::TooDeep { limit: 1 })
        )]
    );
}

#[test]
fn the_visitor_can_stop_and_non_zips_are_refused() {
    let fit = fit_run(&FitSpec {
        seconds: 10,
        ..FitSpec::default()
    });
    let zip = zip_of(&[("a.fit", &fit), ("b.fit", &fit), ("c.fit", &fit)]);
    let mut n = 0;
    let stats = visit_archive(Cursor::new(zip), |_| {
        n += 1;
        if n == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .expect("opens");
    assert_eq!((n, stats.activities, stats.stopped), (2, 2, true));
    let err =
        visit_archive(Cursor::new(fit), |_| ControlFlow::Continue(())).expect_err("not a zip");
    assert!(matches!(err, DecodeError::Zip { .. }), "{err}");
}

/// A route as Apple Health writes it into `workout-routes/`: no sport,
/// speed and accuracy in `<extensions>` (synthetic, 120 s at 3 m/s).
fn apple_route() -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Apple Health Export" xmlns="http://www.topografix.com/GPX/1/1">
<metadata><time>2024-05-01T06:00:00Z</time></metadata>
<trk><name>Route 2024-05-01 7:00am</name><trkseg>
"#,
    );
    for i in 0..=120 {
        let lat = 47.0 + 3.0 * i as f64 / 111_195.0;
        s.push_str(&format!(
            "<trkpt lon=\"8.0\" lat=\"{lat:.7}\"><ele>400</ele><time>{}</time><extensions><speed>3.0</speed><course>0</course><hAcc>3</hAcc><vAcc>2</vAcc></extensions></trkpt>\n",
            common::iso(i)
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

#[test]
fn an_apple_health_export_gives_routes_their_workouts_sport() {
    let export_xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_GB">
 <Record type="HKQuantityTypeIdentifierHeartRate" value="120"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeHiking" duration="2">
  <WorkoutRoute><FileReference path="/workout-routes/route_2024-05-01_7.00am.gpx"/></WorkoutRoute>
 </Workout>
</HealthData>"#;
    let route = apple_route();
    let zip = zip_of(&[
        ("apple_health_export/export.xml", export_xml.as_bytes()),
        ("apple_health_export/export_cda.xml", b"<ClinicalDocument/>"),
        (
            "apple_health_export/workout-routes/route_2024-05-01_7.00am.gpx",
            route.as_bytes(),
        ),
    ]);
    let (entries, stats) = collect(zip);
    assert_eq!(stats.activities, 1);
    let decoded = entries[0].result.as_ref().expect("decodes");
    // 3 m/s alone would have been inferred a run: the workout says hiking.
    assert_eq!(decoded.activity.sport, Sport::Walking);
    assert_eq!(decoded.activity.sport_label, "Hiking");
    assert_eq!(
        decoded.activity.sport_source,
        backstride_core::activity::SportSource::File
    );
    assert!(
        decoded
            .problems
            .iter()
            .any(|p| p == "sport Hiking from the Apple Health export's workout"),
        "{:?}",
        decoded.problems
    );
    assert!((decoded.activity.distance_m - 360.0).abs() < 1.0);
}

/// `export.xml` as newer exports write it: the route-less workouts state
/// their totals in `<WorkoutStatistics>`, older ones in attributes.
const APPLE_WORKOUTS_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
]>
<HealthData locale="en_GB">
 <ExportDate value="2024-06-01 10:00:00 +0200"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" value="120" startDate="2024-05-01 08:00:00 +0200">
  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="1"/>
 </Record>
 <Workout workoutActivityType="HKWorkoutActivityTypeHiking" duration="2" durationUnit="min" startDate="2024-05-01 08:00:00 +0200" endDate="2024-05-01 08:02:00 +0200">
  <WorkoutRoute><FileReference path="/workout-routes/route_2024-05-01_7.00am.gpx"/></WorkoutRoute>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" durationUnit="min" sourceName="Watch" startDate="2024-05-02 18:00:00 +0200" endDate="2024-05-02 18:31:00 +0200">
  <MetadataEntry key="HKIndoorWorkout" value="1"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" sum="300" unit="kcal"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="6.2" unit="km"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="148" minimum="95" maximum="172" unit="count/min"/>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="45" durationUnit="min" totalDistance="20" totalDistanceUnit="km" sourceName="Phone" startDate="2024-05-03 07:00:00 +0100" endDate="2024-05-03 07:45:00 +0100"/>
 <ActivitySummary dateComponents="2024-05-02" activeEnergyBurned="500"/>
</HealthData>"#;

#[test]
fn apple_health_workouts_without_a_route_become_activities_from_their_totals() {
    let route = apple_route();
    let zip = zip_of(&[
        (
            "apple_health_export/export.xml",
            APPLE_WORKOUTS_XML.as_bytes(),
        ),
        ("apple_health_export/export_cda.xml", b"<ClinicalDocument/>"),
        (
            "apple_health_export/workout-routes/route_2024-05-01_7.00am.gpx",
            route.as_bytes(),
        ),
        (
            "apple_health_export/electrocardiograms/ecg_2024-05-01.csv",
            b"x",
        ),
    ]);
    let (entries, stats) = collect(zip);
    // The hike comes from its GPX, once; the run and the ride from export.xml.
    assert_eq!(stats.activities, 3);
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "apple_health_export/workout-routes/route_2024-05-01_7.00am.gpx",
            "apple_health_export/export.xml#Running 2024-05-02T18:00:00+02:00",
            "apple_health_export/export.xml#Cycling 2024-05-03T07:00:00+01:00",
        ]
    );
    let run = entries[1].result.as_ref().expect("the run decodes");
    assert_eq!(
        run.format,
        backstride_formats::activity::Format::AppleHealth
    );
    assert_eq!(run.activity.sport, Sport::Running);
    assert_eq!(run.activity.distance_m, 6200.0);
    assert_eq!(run.activity.moving_s, 1800.0);
    assert_eq!(run.activity.elapsed_s, 1860.0);
    assert_eq!(run.activity.avg_heart_rate, Some(148.0));
    assert_eq!(run.activity.max_heart_rate, Some(172));
    assert_eq!(run.activity.utc_offset_s, Some(7200));
    assert_eq!(run.activity.start.to_rfc3339(), "2024-05-02T16:00:00+00:00");
    assert!(run.activity.samples.is_empty());
    let ride = entries[2].result.as_ref().expect("the ride decodes");
    assert_eq!(ride.activity.sport, Sport::Cycling);
    assert_eq!(ride.activity.distance_m, 20_000.0);
    assert_eq!(ride.activity.avg_heart_rate, None);
    // The same workout in a later export has the same digest; another
    // workout another.
    let (again, _) = collect(zip_of(&[(
        "apple_health_export/export.xml",
        APPLE_WORKOUTS_XML.as_bytes(),
    )]));
    // Without its GPX, the hike is read from its totals too.
    assert_eq!(again.len(), 3);
    assert_eq!(again[1].sha256, entries[1].sha256);
    assert_ne!(again[2].sha256, entries[1].sha256);
}
