//! Real device files committed under `testdata/activities/real/` (see the
//! README there for each file's source, licence and SHA-256): what the
//! decoder makes of files that real watches and apps wrote. Expected totals
//! are the files' own session values, as fitdecode reads them
//! (`scripts/cross-check.sh` compares every file).

use std::path::PathBuf;

use backstride_core::activity::Sport;
use backstride_formats::activity::{DecodeError, decode};

fn real(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/activities/real")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// Item 1: a 14-byte header whose CRC is 0x0000 ("not computed").

#[test]
fn a_forerunner_run_with_a_zero_header_crc_is_read_and_checked() {
    let bytes = real("2013-02-06-12-11-14.fit");
    assert_eq!(
        (bytes[0], bytes[12], bytes[13]),
        (14, 0, 0),
        "the file's premise"
    );
    let decoded = decode("2013-02-06-12-11-14.fit", &bytes).expect("decodes");
    let a = &decoded.activity;
    assert_eq!(a.sport, Sport::Running);
    assert_eq!(a.start.to_rfc3339(), "2013-02-06T12:11:14+00:00");
    assert!((a.distance_m - 4835.38).abs() < 0.01, "{}", a.distance_m);
    assert!((a.elapsed_s - 2625.14).abs() < 0.01, "{}", a.elapsed_s);
    assert_eq!(a.samples.len(), 590);
    assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
}

#[test]
fn an_edge_ride_with_a_zero_header_crc_is_read() {
    let decoded = decode("ride.fit", &real("2015-10-13-08-43-15.fit")).expect("decodes");
    let a = &decoded.activity;
    assert_eq!(a.sport, Sport::Cycling);
    assert!((a.distance_m - 11536.43).abs() < 0.01, "{}", a.distance_m);
    assert!((a.moving_s - 1558.198).abs() < 0.01, "{}", a.moving_s);
    assert_eq!(a.samples.len(), 221);
}

#[test]
fn a_zero_header_crc_file_with_a_damaged_byte_is_still_refused() {
    let mut bytes = real("2013-02-06-12-11-14.fit");
    // A byte inside a record's values: the structure holds, the CRC does not.
    let at = bytes.len() - 400;
    bytes[at] ^= 0x01;
    match decode("run.fit", &bytes) {
        Err(DecodeError::BadCrc { part: "data", .. }) => {}
        other => panic!("expected a bad data CRC, got {other:?}"),
    }
}

// Item 2: files that are not activities are recognised as such.

#[test]
fn settings_monitoring_weight_and_workout_files_are_not_activities() {
    for (name, what) in [
        ("Settings.fit", "a FIT settings file"),
        ("MonitoringFile.fit", "a FIT monitoring_b file"),
        ("WeightScaleSingleUser.fit", "a FIT weight file"),
        ("WorkoutIndividualSteps.fit", "a FIT workout file"),
    ] {
        let err = decode(name, &real(name)).expect_err(name);
        assert!(err.is_not_an_activity(), "{name}: {err}");
        assert_eq!(err.to_string(), format!("not an activity: {what}"));
    }
}

// Item 4: separate tracks are not joined by straight lines.

#[test]
fn a_walk_in_seven_tracks_measures_only_what_was_recorded() {
    let decoded = decode("cerknicko-jezero.gpx", &real("cerknicko-jezero.gpx")).expect("decodes");
    let a = &decoded.activity;
    // gpxpy: length_2d 4580.14 m on a 6378.137 km sphere, i.e. 4575.0 m on
    // our 6371.009 km mean radius; get_duration() 4239 s (the segments'
    // spans). Joining the tracks gave 13665 m and 7190 s.
    assert!((a.distance_m - 4575.0).abs() < 2.0, "{}", a.distance_m);
    assert_eq!(a.elapsed_s, 4239.0);
    assert!(a.moving_s <= a.elapsed_s);
    assert!(
        decoded
            .problems
            .iter()
            .any(|p| p.contains("7 separate tracks or segments")),
        "{:?}",
        decoded.problems
    );
}

// Item 5: multisport.

#[test]
fn a_triathlon_fit_gives_one_activity_a_leg_with_the_sessions_totals() {
    let decoded = decode("tri.fit", &real("sample_mulitple_header.fit")).expect("decodes");
    assert!(decoded.multisport);
    let legs: Vec<_> = std::iter::once(&decoded.activity)
        .chain(&decoded.legs)
        .collect();
    let sports: Vec<Sport> = legs.iter().map(|a| a.sport).collect();
    assert_eq!(
        sports,
        [
            Sport::Swimming,
            Sport::Other,
            Sport::Cycling,
            Sport::Other,
            Sport::Running
        ]
    );
    // fitdecode's session values: total_distance, total_elapsed_time.
    let expected = [
        (1644.71, 1987.521),
        (141.7, 170.269),
        (40909.42, 4422.14),
        (31.93, 60.724),
        (9805.92, 2850.694),
    ];
    for (leg, (distance, elapsed)) in legs.iter().zip(expected) {
        assert!(
            (leg.distance_m - distance).abs() < 0.01,
            "{}",
            leg.distance_m
        );
        assert!((leg.elapsed_s - elapsed).abs() < 0.001, "{}", leg.elapsed_s);
        // Every sample lies within its own leg.
        assert!(
            leg.samples
                .iter()
                .all(|s| s.t_s >= 0.0 && s.t_s <= elapsed + 1.0)
        );
    }
    assert_eq!(legs[4].start.to_rfc3339(), "2018-05-27T09:23:41+00:00");
}

// Item 6: a GPX without <type> gets an inferred sport, marked as such.

#[test]
fn a_real_walk_without_a_type_is_inferred_to_be_a_walk() {
    use backstride_core::activity::SportSource;
    let decoded = decode("cerknicko-jezero.gpx", &real("cerknicko-jezero.gpx")).expect("decodes");
    assert_eq!(decoded.activity.sport, Sport::Walking);
    assert_eq!(decoded.activity.sport_source, SportSource::Inferred);
    assert_eq!(decoded.activity.sport_label, "unspecified");
}

// Item 7: devices without a clock.

#[test]
fn a_forerunner_70_without_a_clock_is_dated_by_its_local_time_and_flagged() {
    let decoded = decode("fr70.fit", &real("compressed-speed-distance.fit")).expect("decodes");
    let a = &decoded.activity;
    // Read as a date, the file's start is 1990-07-18; the activity message
    // says 2012-02-13 12:21:03 local time at the end, 3883 s later.
    assert_eq!(a.start.to_rfc3339(), "2012-02-13T11:16:16+00:00");
    assert!((a.distance_m - 10248.67).abs() < 0.01);
    let note = decoded.problems.join("; ");
    assert!(note.contains("the device had no clock"), "{note}");
    assert!(note.contains("1990-07-18"), "{note}");
    assert!(note.contains("time zone unknown"), "{note}");
    assert!(!note.contains("impossible local time offset"), "{note}");
}

#[test]
fn a_gpx_dated_1901_takes_the_files_own_time_and_says_so() {
    let decoded = decode("Mojstrovka.gpx", &real("Mojstrovka.gpx")).expect("decodes");
    assert_eq!(
        decoded.activity.start.to_rfc3339(),
        "2010-12-14T06:17:04+00:00"
    );
    let note = decoded.problems.join("; ");
    assert!(note.contains("times in the file are not real"), "{note}");
    assert!(note.contains("1901-12-13"), "{note}");
}

// Item 8: salvage what is there, refuse what is too little, say it truly.

#[test]
fn the_strava_apps_damaged_file_keeps_its_whole_records() {
    let decoded = decode(
        "strava.fit",
        &real("strava-android-app-201.10-b1218918.fit"),
    )
    .expect("salvaged");
    // fitdecode stops at the same place: "local message 11 not defined"
    // at byte 7471, after 473 records, the last of them read from the
    // damaged bytes (dated 2085): 472 are kept, spanning 314 s.
    assert_eq!(decoded.activity.samples.len(), 472);
    let last = decoded.activity.samples.last().map_or(0.0, |s| s.t_s);
    assert_eq!(last, 314.0);
    assert_eq!(decoded.activity.sport, Sport::Running);
    // The session, written first by the app, states the whole run.
    assert!((decoded.activity.distance_m - 11274.04).abs() < 0.01);
    let note = decoded.problems.join("; ");
    assert!(
        note.contains(
            "data message for local type 11 before its definition: kept the 472 whole records \
             before it, and left out the 1 after them whose times jump by more than a day"
        ),
        "{note}"
    );
}

#[test]
fn a_file_three_bytes_short_with_too_little_before_is_refused_truly() {
    let err = decode("eof.fit", &real("activity-unexpected-eof.fit")).expect_err("too little");
    assert_eq!(
        err.to_string(),
        "truncated FIT file: the data ends at byte 768 of the 771 its header promises; \
         the 14 whole records before it span 13 s: too little to be an activity"
    );
}

#[test]
fn a_gpx_with_5_timed_points_of_296_is_refused() {
    let err = decode("walk.gpx", &real("cerknicko-without-times.gpx")).expect_err("too little");
    assert_eq!(
        err.to_string(),
        "only 5 of the 296 trackpoints have a time: too little to be an activity"
    );
    assert!(!err.is_not_an_activity());
}
