//! More exports runners have: a Polar Flow "download your data" zip (runs,
//! rides, multisport sessions, many JSON files that are no activity, a
//! damaged session), Suunto JSON logs, and a COROS-style zip of FIT files.
//! The fixtures are synthetic, built in `common/exports.rs` in the layouts
//! docs/exports.md establishes.

mod common;

use std::io::Cursor;
use std::ops::ControlFlow;

use backstride_core::activity::{Sport, SportSource};
use backstride_formats::activity::{
    ArchiveEntry, ArchiveStats, DecodeError, Format, decode, visit_archive,
};
use common::{
    FitSpec, START_UNIX, fit_run, polar_exercise, polar_newer_ride, polar_session,
    suunto_device_log, zip_of,
};

fn collect(bytes: Vec<u8>) -> (Vec<ArchiveEntry>, ArchiveStats) {
    let mut entries = Vec::new();
    let stats = visit_archive(Cursor::new(bytes), |e| {
        entries.push(e);
        ControlFlow::Continue(())
    })
    .expect("archive opens");
    (entries, stats)
}

const DIR: &str = "polar-user-data-export_5d1c0f7e-3b1a-4c55-9d7e-0a4b2c6d8e10/";

fn polar_export() -> Vec<u8> {
    // 07:00 local at +02:00 is START_UNIX (05:00 UTC).
    let run = polar_session(vec![polar_exercise(
        "2024-05-01T07:00:00",
        120,
        600,
        3.0,
        "RUNNING",
    )]);
    let ride = polar_newer_ride("2024-05-02T18:00:00", 120, 900, 7.5);
    let duathlon = polar_session(vec![
        polar_exercise("2024-05-03T09:00:00", 120, 300, 3.2, "RUNNING"),
        polar_exercise("2024-05-03T09:06:00", 120, 600, 8.0, "ROAD_BIKING"),
        polar_exercise("2024-05-03T09:17:00", 120, 300, 3.0, "RUNNING"),
    ]);
    let names: Vec<String> = [
        "training-session-2024-05-01-101-aaaa.json",
        "training-session-2024-05-02-102-bbbb.json",
        "training-session-2024-05-03-103-cccc.json",
        "training-session-2024-05-04-104-dddd.json",
        "account-data-5d1c0f7e.json",
        "activity-2024-05-01-5d1c0f7e.json",
        "training-target-2024-05-06-77.json",
        "247ohr_2024_05.json",
        "sleep_result_5d1c0f7e.json",
    ]
    .iter()
    .map(|n| format!("{DIR}{n}"))
    .collect();
    let damaged =
        br#"{"exercises": [{"startTime": "2024-05-04T07:00:00.000", "samples": {"heartRate": [ }"#;
    let target = br#"{"name": "Intervals", "startTime": "2024-05-06T18:00:00", "exercises": [{"sport": "RUNNING", "phases": []}]}"#;
    let ohr = br#"{"deviceDays": [{"date": "2024-05-01", "samples": [{"heartRate": 61, "secondsFromDayStart": 0}]}]}"#;
    zip_of(&[
        (&names[0], &run),
        (&names[1], &ride),
        (&names[2], &duathlon),
        (&names[3], damaged),
        (&names[4], br#"{"username": "runner"}"#),
        (
            &names[5],
            br#"{"date": "2024-05-01", "summary": {"stepCount": 9000}}"#,
        ),
        (&names[6], target),
        (&names[7], ohr),
        (&names[8], b"[]"),
    ])
}

#[test]
fn a_polar_export_reads_runs_rides_and_multisport_and_skips_the_rest() {
    let (entries, stats) = collect(polar_export());
    assert_eq!(stats.activities, 4, "{entries:?}");
    assert_eq!(stats.skipped, 5, "the other JSON files are skipped");

    let run = entries[0].result.as_ref().expect("the run reads");
    assert_eq!(run.format, Format::PolarFlow);
    let a = &run.activity;
    assert_eq!(a.start.timestamp(), START_UNIX);
    assert_eq!(a.utc_offset_s, Some(7200));
    assert_eq!(
        (a.sport, a.sport_label.as_str()),
        (Sport::Running, "RUNNING")
    );
    assert_eq!(a.sport_source, SportSource::File);
    assert_eq!(a.distance_m, 1800.0);
    assert_eq!(a.elapsed_s, 600.0);
    assert_eq!(a.avg_heart_rate, Some(143.0));
    assert_eq!(a.max_heart_rate, Some(146));
    // Sensor samples and GPS fixes 0.4 s apart meet in one sample a second.
    assert_eq!(a.samples.len(), 601);
    let s = &a.samples[300];
    assert_eq!(s.t_s, 300.0);
    assert!(s.lat.is_some() && s.heart_rate.is_some() && s.distance_m == Some(900.0));
    assert!(
        (s.speed_mps.unwrap_or_default() - 3.0).abs() < 1e-9,
        "km/h in, m/s out"
    );
    assert!(!run.multisport && run.legs.is_empty());

    let ride = entries[1].result.as_ref().expect("the ride reads");
    let r = &ride.activity;
    assert_eq!(
        (r.sport, r.sport_label.as_str()),
        (Sport::Cycling, "Cycling")
    );
    assert_eq!(r.start.timestamp(), START_UNIX + 86_400 + 11 * 3600);
    assert_eq!(r.distance_m, 900.0 * 7.5);
    assert_eq!(r.avg_heart_rate, Some(122.0));
    assert_eq!(r.device.as_deref(), Some("Polar Grit X"));
    assert_eq!(r.samples[5].heart_rate, None, "the NaN dropout");
    assert_eq!(r.samples[6].heart_rate, Some(121));

    let multi = entries[2].result.as_ref().expect("the duathlon reads");
    assert!(multi.multisport);
    let legs: Vec<Sport> = std::iter::once(&multi.activity)
        .chain(&multi.legs)
        .map(|a| a.sport)
        .collect();
    assert_eq!(legs, [Sport::Running, Sport::Cycling, Sport::Running]);
    assert_eq!(
        multi.legs[0].start.timestamp() - multi.activity.start.timestamp(),
        360
    );

    let damaged = &entries[3];
    assert!(
        damaged
            .name
            .ends_with("training-session-2024-05-04-104-dddd.json")
    );
    match &damaged.result {
        Err(err @ DecodeError::Json { format, line, .. }) => {
            assert_eq!((*format, *line), (Format::PolarFlow, 1));
            assert!(
                err.to_string()
                    .starts_with("JSON error in Polar Flow at line 1"),
                "{err}"
            );
        }
        other => panic!("expected a JSON error, got {other:?}"),
    }
    assert!(damaged.sha256.is_some());
}

#[test]
fn a_loose_polar_session_is_known_by_its_name_only() {
    let bytes = polar_session(vec![polar_exercise(
        "2024-05-01T07:00:00",
        120,
        60,
        3.0,
        "TREADMILL_RUNNING",
    )]);
    let decoded = decode("training-session-2024-05-01-1-x.json", &bytes).expect("named");
    assert_eq!(decoded.activity.sport, Sport::Running);
    assert!(!decoded.mislabelled);
    match decode("session.json", &bytes) {
        Err(DecodeError::NotRecognised { detail }) => {
            assert!(detail.contains("training-session-*.json"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_suunto_device_log_is_read_loose_and_found_in_an_archive() {
    let log = suunto_device_log(600, 3.0);
    let decoded = decode("entry_123.json", &log).expect("reads");
    assert_eq!(decoded.format, Format::SuuntoJson);
    let a = &decoded.activity;
    assert_eq!(a.start.timestamp(), START_UNIX);
    assert_eq!(a.utc_offset_s, Some(7200));
    assert_eq!(a.distance_m, 1800.0);
    assert_eq!(a.max_heart_rate, Some(150), "2.5 Hz is 150 beats a minute");
    assert_eq!(a.device.as_deref(), Some("Suunto 9"));
    let first = &a.samples[0];
    assert!(
        (first.lat.unwrap_or_default() - 59.0).abs() < 1e-9,
        "radians in, degrees out"
    );
    // A numeric activity type names no sport we know: inferred, and said so.
    assert_eq!(a.sport, Sport::Running);
    assert_eq!(a.sport_source, SportSource::Inferred);
    assert!(
        decoded
            .problems
            .iter()
            .any(|p| p.contains("inferred running")),
        "{:?}",
        decoded.problems
    );

    let (entries, stats) = collect(zip_of(&[
        ("suunto/entry_123.json", &log),
        (
            "suunto/settings.json",
            br#"{"Samples": [], "Units": "metric"}"#,
        ),
    ]));
    assert_eq!((stats.activities, stats.skipped), (1, 1));
    let found = entries[0].result.as_ref().expect("reads in a zip");
    assert_eq!(found.activity.distance_m, 1800.0);
}

#[test]
fn a_coros_style_zip_of_fit_files_is_walked() {
    // Whatever the folders: every FIT is an activity, anything else skipped.
    let first = fit_run(&FitSpec {
        seconds: 300,
        ..FitSpec::default()
    });
    let second = fit_run(&FitSpec {
        seconds: 420,
        start_unix: START_UNIX + 86_400,
        ..FitSpec::default()
    });
    let (entries, stats) = collect(zip_of(&[
        ("COROS_export/2024/05/412345678901.fit", &first),
        ("COROS_export/2024/05/412345678902.fit", &second),
        ("COROS_export/readme.txt", b"exported"),
    ]));
    assert_eq!((stats.activities, stats.skipped), (2, 1));
    let starts: Vec<i64> = entries
        .iter()
        .map(|e| {
            e.result
                .as_ref()
                .map_or(0, |d| d.activity.start.timestamp())
        })
        .collect();
    assert_eq!(starts, [START_UNIX, START_UNIX + 86_400]);
}

proptest::proptest! {
    /// A Polar session or Suunto log cut anywhere is refused, never
    /// half-read; any byte changed anywhere never panics.
    #[test]
    fn cut_or_changed_json_is_refused_or_read_never_a_panic(
        which in 0usize..2,
        cut in proptest::prelude::any::<proptest::sample::Index>(),
        pos in proptest::prelude::any::<proptest::sample::Index>(),
        byte in proptest::prelude::any::<u8>(),
    ) {
        let (name, full) = if which == 0 {
            (
                "training-session-2024-05-01-1-x.json",
                polar_session(vec![polar_exercise("2024-05-01T07:00:00", 120, 20, 3.0, "RUNNING")]),
            )
        } else {
            ("log.json", suunto_device_log(20, 3.0))
        };
        let at = cut.index(full.len());
        proptest::prop_assert!(decode(name, &full[..at]).is_err(), "cut at {}", at);
        let mut changed = full.clone();
        changed[pos.index(full.len())] = byte;
        let _ = decode(name, &changed);
    }
}

/// A Polar Flow single-session CSV (synthetic, in the layout
/// docs/exports.md establishes): `seconds` at 10.8 km/h.
fn polar_csv(seconds: i64) -> Vec<u8> {
    let mut text = String::from(
        "Name,Sport,Date,Start time,Duration,Total distance (km),Average heart rate (bpm),Average speed (km/h),Max speed (km/h),Average pace (min/km),Max pace (min/km),Calories,Fat percentage of calories(%),Average cadence (rpm),Average stride length (cm),Running index,Training load,Ascent (m),Descent (m),Notes,Height (cm),Weight (kg),HR max,HR sit,VO2max,\n",
    );
    text.push_str(&format!(
        "A Runner,RUNNING,01.05.2024,07:00:00,00:{:02}:{:02},{:.3},150,10.8,10.8,05:33,05:33,100,20,85,110,50,20,0,0,,170.0,60.0,190,55,45,\n",
        seconds / 60,
        seconds % 60,
        seconds as f64 * 3.0 / 1000.0
    ));
    text.push_str("Sample rate,Time,HR (bpm),Speed (km/h),Pace (min/km),Cadence,Altitude (m),Stride length (m),Distances (m),Temperatures (C),Power (W),\n");
    for i in 0..=seconds {
        text.push_str(&format!(
            "{},00:{:02}:{:02},150,10.8,05:33,85,20,,{:.2},20.0,,\n",
            if i == 0 { "1" } else { "" },
            i / 60,
            i % 60,
            i as f64 * 3.0
        ));
    }
    text.into_bytes()
}

#[test]
fn a_polar_session_csv_is_read_loose_and_in_an_archive() {
    let csv = polar_csv(300);
    let decoded = decode("Runner_2024-05-01_07-00-00.csv", &csv).expect("reads");
    assert_eq!(decoded.format, Format::PolarCsv);
    let a = &decoded.activity;
    // No time zone in the file: local time stored as UTC, and said so.
    assert_eq!(a.start.to_rfc3339(), "2024-05-01T07:00:00+00:00");
    assert_eq!(a.utc_offset_s, None);
    assert!(decoded.problems.iter().any(|p| p.contains("no time zone")));
    assert_eq!((a.sport, a.distance_m), (Sport::Running, 900.0));
    assert_eq!(a.elapsed_s, 300.0);
    assert_eq!(a.samples.len(), 301);
    assert_eq!(a.avg_cadence_spm, Some(170.0), "85 strides are 170 steps");

    let (entries, stats) = collect(zip_of(&[
        ("Runner_2024-05-01_07-00-00.csv", &csv),
        ("activities.csv", b"Activity ID,Activity Name\n1,Run\n"),
    ]));
    assert_eq!((stats.activities, stats.skipped), (1, 1));
    assert!(entries[0].result.is_ok());
}
