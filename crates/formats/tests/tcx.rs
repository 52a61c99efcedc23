//! TCX decoding: laps, trackpoints, the TPX extension under any prefix.

mod common;

use backstride_core::activity::Sport;
use backstride_formats::activity::{DecodeError, Format, decode};
use common::{START_UNIX, garmin_tcx, iso};

#[test]
fn a_garmin_tcx_reads_laps_trackpoints_and_tpx() {
    for prefix in ["ns3", "ax"] {
        let decoded = decode("run.tcx", garmin_tcx(600, 300, prefix).as_bytes()).expect("decodes");
        assert_eq!(decoded.format, Format::Tcx);
        assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
        let a = decoded.activity;
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.sport_label, "Running");
        assert_eq!(a.start.timestamp(), START_UNIX);
        assert_eq!(a.laps.len(), 2);
        assert_eq!(a.laps[1].start_offset_s, 300.0);
        assert_eq!(a.laps[1].elapsed_s, 300.0);
        // Lap totals win: 2 x 300 s, 2 x 900 m.
        assert_eq!(a.moving_s, 600.0);
        assert_eq!(a.distance_m, 1800.0);
        assert_eq!(a.avg_heart_rate, Some(150.0));
        assert_eq!(a.max_heart_rate, Some(165));
        // RunCadence 86 strides/min = 172 steps/min.
        assert_eq!(a.avg_cadence_spm, Some(172.0));
        assert_eq!(a.samples.len(), 600);
        assert_eq!(a.samples[10].speed_mps, Some(3.0));
        assert_eq!(a.samples[10].distance_m, Some(30.0));
        assert_eq!(a.device.as_deref(), Some("Forerunner 245"));
        assert_eq!(a.elapsed_s, 599.0);
    }
}

#[test]
fn biking_with_trackpoint_cadence_and_no_laps_totals() {
    let text = format!(
        r#"<TrainingCenterDatabase><Activities><Activity Sport="Biking"><Id>{}</Id>
<Lap StartTime="{}"><Track>
<Trackpoint><Time>{}</Time><DistanceMeters>0</DistanceMeters><Cadence>88</Cadence></Trackpoint>
<Trackpoint><Time>{}</Time><DistanceMeters>80</DistanceMeters><Cadence>92</Cadence></Trackpoint>
<Trackpoint><DistanceMeters>90</DistanceMeters></Trackpoint>
</Track></Lap></Activity>
<Activity Sport="Running"><Id>{}</Id></Activity></Activities></TrainingCenterDatabase>"#,
        iso(0),
        iso(0),
        iso(0),
        iso(10),
        iso(100)
    );
    let decoded = decode("ride.tcx", text.as_bytes()).expect("decodes");
    let a = &decoded.activity;
    assert_eq!(a.sport, Sport::Cycling);
    assert_eq!(a.avg_cadence_spm, Some(90.0));
    assert_eq!(a.distance_m, 80.0);
    assert_eq!(a.moving_s, 10.0);
    let problems = decoded.problems.join("; ");
    assert!(problems.contains("holds 2 activities"), "{problems}");
    assert!(
        problems.contains("1 trackpoints without a valid <Time>"),
        "{problems}"
    );
}

#[test]
fn no_trackpoints_and_broken_xml_are_errors() {
    let empty = r#"<TrainingCenterDatabase><Activities/></TrainingCenterDatabase>"#;
    assert_eq!(
        decode("e.tcx", empty.as_bytes()),
        Err(DecodeError::NoTrackpoints {
            format: Format::Tcx
        })
    );
    let text = garmin_tcx(20, 20, "ns3");
    let err = decode("cut.tcx", &text.as_bytes()[..text.len() - 40]).expect_err("truncated");
    assert!(
        matches!(
            err,
            DecodeError::Xml {
                format: Format::Tcx,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn courses_and_workouts_are_not_activities() {
    let course = r#"<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Courses><Course><Name>Loop</Name><Track><Trackpoint><Time>2024-05-01T05:00:00Z</Time><Position><LatitudeDegrees>1</LatitudeDegrees><LongitudeDegrees>2</LongitudeDegrees></Position></Trackpoint></Track></Course></Courses></TrainingCenterDatabase>"#;
    let err = decode("loop.tcx", course.as_bytes()).expect_err("a course");
    assert!(err.is_not_an_activity(), "{err}");
    assert!(err.to_string().contains("TCX course"), "{err}");
    let workout = r#"<TrainingCenterDatabase><Workouts><Workout Sport="Running"><Name>Tempo</Name></Workout></Workouts></TrainingCenterDatabase>"#;
    let err = decode("tempo.tcx", workout.as_bytes()).expect_err("a workout");
    assert!(err.is_not_an_activity(), "{err}");
    assert!(err.to_string().contains("TCX workout"), "{err}");
}

/// A TCX multisport session as Garmin Training Center writes one: a
/// FirstSport and a NextSport after a transition (synthetic, two short legs).
fn multisport_tcx() -> String {
    let leg = |sport: &str, start: i64, step_m: f64| {
        let mut s = format!(
            "<Activity Sport=\"{sport}\"><Id>{}</Id><Lap StartTime=\"{}\"><TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>{}</DistanceMeters><Track>",
            iso(start),
            iso(start),
            60.0 * step_m
        );
        for i in 0..=60 {
            s.push_str(&format!(
                "<Trackpoint><Time>{}</Time><DistanceMeters>{}</DistanceMeters></Trackpoint>",
                iso(start + i),
                step_m * i as f64
            ));
        }
        s.push_str("</Track></Lap></Activity>");
        s
    };
    format!(
        "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"><Activities><MultiSportSession><Id>{}</Id><FirstSport>{}</FirstSport><NextSport><Transition StartTime=\"{}\"><TotalTimeSeconds>30</TotalTimeSeconds></Transition>{}</NextSport></MultiSportSession></Activities></TrainingCenterDatabase>",
        iso(0),
        leg("Biking", 0, 8.0),
        iso(61),
        leg("Running", 91, 3.0)
    )
}

#[test]
fn a_multisport_session_gives_one_linked_activity_a_leg() {
    let decoded = decode("duathlon.tcx", multisport_tcx().as_bytes()).expect("decodes");
    assert!(decoded.multisport);
    assert_eq!(decoded.activity.sport, Sport::Cycling);
    assert_eq!(decoded.activity.distance_m, 480.0);
    assert_eq!(decoded.legs.len(), 1);
    let run = &decoded.legs[0];
    assert_eq!(run.sport, Sport::Running);
    assert_eq!(run.distance_m, 180.0);
    assert_eq!(run.start.timestamp(), START_UNIX + 91);
}

#[test]
fn several_plain_activities_are_each_read_but_not_linked() {
    let one = garmin_tcx(60, 60, "ns3");
    let start = one.find("<Activity ").expect("activity");
    let end = one.rfind("</Activity>").expect("end") + "</Activity>".len();
    let activity = &one[start..end];
    let later = activity.replace("2024-05-01T05:", "2024-05-01T07:");
    let two = format!("{}{later}{}", &one[..end], &one[end..]);
    let decoded = decode("history.tcx", two.as_bytes()).expect("decodes");
    assert!(!decoded.multisport);
    assert_eq!(decoded.legs.len(), 1);
    assert_eq!(
        (decoded.legs[0].start - decoded.activity.start).num_hours(),
        2
    );
}
