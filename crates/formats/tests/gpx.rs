//! GPX decoding: Garmin and Strava extensions, GPX 1.0, broken points.

mod common;

use backstride_core::activity::Sport;
use backstride_formats::activity::{DecodeError, Format, decode};
use common::{START_UNIX, garmin_gpx, iso};

#[test]
fn a_garmin_gpx_reads_positions_heart_rate_and_cadence() {
    let decoded = decode("run.gpx", garmin_gpx(600, Some("running")).as_bytes()).expect("decodes");
    assert_eq!(decoded.format, Format::Gpx);
    assert_eq!(decoded.title.as_deref(), Some("Morning & Run"));
    assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
    let a = decoded.activity;
    assert_eq!(a.sport, Sport::Running);
    assert_eq!(a.sport_label, "running");
    assert_eq!(a.start.timestamp(), START_UNIX);
    assert_eq!(a.elapsed_s, 600.0);
    assert_eq!(a.moving_s, 600.0);
    // 600 s at 3 m/s along a meridian, summed by haversine.
    assert!((a.distance_m - 1800.0).abs() < 1.0, "{}", a.distance_m);
    // Altitude steps 1 m every 10 s: 60 m up, counted in 3 m steps.
    assert_eq!(a.ascent_m, Some(60.0));
    // hr cycles 140..=159.
    assert_eq!(a.max_heart_rate, Some(159));
    let avg = a.avg_heart_rate.expect("avg hr");
    assert!((avg - 149.5).abs() < 0.1, "{avg}");
    // GPX cad is strides per minute: doubled for running.
    assert_eq!(a.avg_cadence_spm, Some(170.0));
    assert_eq!(a.device.as_deref(), Some("Garmin Connect"));
    assert_eq!(a.samples.len(), 601);
}

#[test]
fn the_gpx_crate_drops_extensions_so_we_read_them_ourselves() {
    let text = garmin_gpx(30, Some("running"));
    let theirs = gpx::read(text.as_bytes()).expect("gpx crate reads it");
    let ours = decode("run.gpx", text.as_bytes())
        .expect("decodes")
        .activity;
    let points: Vec<_> = theirs
        .tracks
        .iter()
        .flat_map(|t| &t.segments)
        .flat_map(|s| &s.points)
        .collect();
    assert_eq!(points.len(), ours.samples.len());
    for (p, s) in points.iter().zip(&ours.samples) {
        assert!((p.point().y() - s.lat.expect("lat")).abs() < 1e-9);
        assert!((p.point().x() - s.lon.expect("lon")).abs() < 1e-9);
        assert_eq!(p.elevation, s.altitude_m);
        // The gpx crate's Waypoint has no field for heart rate or cadence:
        // they are in <extensions>, which it skips. We keep them.
        assert!(s.heart_rate.is_some() && s.cadence_spm.is_some());
    }
}

#[test]
fn strava_style_extensions_and_numeric_types_are_understood() {
    let text = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="StravaGPX" version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
 <trk><name>Lunch Run</name><type>9</type><trkseg>
  <trkpt lat="47.0" lon="8.0"><ele>400</ele><time>{}</time><extensions><heartrate>120</heartrate><cadence>80</cadence></extensions></trkpt>
  <trkpt lat="47.0001" lon="8.0"><ele>400</ele><time>{}</time><extensions><heartrate>130</heartrate><cadence>90</cadence></extensions></trkpt>
 </trkseg></trk></gpx>"#,
        iso(0),
        iso(5)
    );
    let a = decode("strava.gpx", text.as_bytes())
        .expect("decodes")
        .activity;
    assert_eq!(a.sport, Sport::Running);
    assert_eq!(a.sport_label, "9");
    assert_eq!(a.avg_heart_rate, Some(125.0));
    assert_eq!(a.avg_cadence_spm, Some(170.0));
    assert!((a.distance_m - 11.12).abs() < 0.05, "{}", a.distance_m);
}

#[test]
fn gpx_1_0_with_speed_and_an_offset_time() {
    let text = r#"<?xml version="1.0"?>
<gpx version="1.0" creator="eTrex" xmlns="http://www.topografix.com/GPX/1/0">
 <trk><type>cycling</type><trkseg>
  <trkpt lat="47.0" lon="8.0"><time>2024-05-01T07:00:00+02:00</time><speed>8.0</speed></trkpt>
  <trkpt lat="47.001" lon="8.0"><time>2024-05-01T07:00:14+02:00</time><speed>8.0</speed></trkpt>
 </trkseg></trk></gpx>"#;
    let a = decode("old.gpx", text.as_bytes())
        .expect("decodes")
        .activity;
    assert_eq!(a.sport, Sport::Cycling);
    assert_eq!(a.start.timestamp(), START_UNIX);
    assert_eq!(a.utc_offset_s, Some(7200));
    assert_eq!(a.samples[1].speed_mps, Some(8.0));
    assert_eq!(a.moving_s, 14.0);
    assert_eq!(a.ascent_m, None);
}

#[test]
fn broken_points_are_reported_and_the_rest_kept() {
    let text = format!(
        r#"<gpx version="1.1"><trk><type>running</type><trkseg>
  <trkpt lat="47.0" lon="8.0"><time>{}</time></trkpt>
  <trkpt lat="north" lon="8.0"><time>{}</time></trkpt>
  <trkpt lat="47.0002" lon="8.0"><time>not a time</time></trkpt>
  <trkpt lat="47.0003" lon="8.0"><time>{}</time><extensions><hr>lots</hr></extensions></trkpt>
 </trkseg></trk></gpx>"#,
        iso(0),
        iso(1),
        iso(2)
    );
    let decoded = decode("partly.gpx", text.as_bytes()).expect("decodes");
    assert_eq!(decoded.activity.samples.len(), 3);
    let problems = decoded.problems.join("; ");
    assert!(
        problems.contains("1 trackpoints without a valid <time>"),
        "{problems}"
    );
    assert!(
        problems.contains("1 trackpoints had a missing or invalid position"),
        "{problems}"
    );
    assert!(problems.contains("did not parse"), "{problems}");
}

#[test]
fn no_type_means_other_with_a_problem() {
    let decoded = decode("x.gpx", garmin_gpx(5, None).as_bytes()).expect("decodes");
    assert_eq!(decoded.activity.sport, Sport::Other);
    assert_eq!(decoded.activity.sport_label, "unspecified");
    assert!(
        decoded
            .problems
            .iter()
            .any(|p| p.contains("names no sport"))
    );
    // Cadence is not doubled when the sport is unknown.
    assert_eq!(decoded.activity.avg_cadence_spm, Some(85.0));
}

#[test]
fn empty_tracks_and_broken_xml_are_errors() {
    let no_points = r#"<gpx version="1.1"><trk><trkseg></trkseg></trk></gpx>"#;
    assert_eq!(
        decode("w.gpx", no_points.as_bytes()),
        Err(DecodeError::NoTrackpoints {
            format: Format::Gpx
        })
    );
    let broken = "<gpx version=\"1.1\">\n<trk>\n<trkseg></trk>\n</gpx>";
    match decode("b.gpx", broken.as_bytes()) {
        Err(DecodeError::Xml {
            format: Format::Gpx,
            line: 3,
            ..
        }) => {}
        other => panic!("expected an XML error on line 3, got {other:?}"),
    }
    let cut = garmin_gpx(10, Some("running"));
    let err = decode("cut.gpx", &cut.as_bytes()[..cut.len() / 2]).expect_err("truncated");
    assert!(err.to_string().contains("XML error in GPX"), "{err}");
}

#[test]
fn routes_and_untimed_tracks_are_not_activities() {
    let route = r#"<gpx version="1.1"><rte><name>r</name><rtept lat="1" lon="2"/><rtept lat="1.001" lon="2"/></rte></gpx>"#;
    let err = decode("route.gpx", route.as_bytes()).expect_err("a route");
    assert!(err.is_not_an_activity(), "{err}");
    assert!(
        err.to_string().contains("GPX route (2 route points)"),
        "{err}"
    );
    let untimed = r#"<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"><ele>3</ele></trkpt><trkpt lat="1.001" lon="2"/></trkseg></trk></gpx>"#;
    let err = decode("strava-route.gpx", untimed.as_bytes()).expect_err("untimed");
    assert!(err.is_not_an_activity(), "{err}");
    assert!(
        err.to_string().contains("2 track points, none with a time"),
        "{err}"
    );
    let waypoints = r#"<gpx version="1.1"><wpt lat="1" lon="2"/></gpx>"#;
    let err = decode("w.gpx", waypoints.as_bytes()).expect_err("waypoints");
    assert!(err.is_not_an_activity(), "{err}");
}

/// A GPX run along a meridian, written in path order: each point is
/// (time s, metres north of the start); a new `<trkseg>` opens before the
/// indices in `segment_breaks` (synthetic: a small stand-in for the Sports
/// Tracker file whose timestamps step back by a second).
fn gpx_track(points: &[(i64, f64)], segment_breaks: &[usize]) -> String {
    let mut s =
        String::from(r#"<gpx version="1.1" creator="synthetic"><trk><type>running</type><trkseg>"#);
    for (i, (t, north_m)) in points.iter().enumerate() {
        if segment_breaks.contains(&i) {
            s.push_str("</trkseg><trkseg>");
        }
        let lat = 47.0 + north_m / 111_195.0;
        s.push_str(&format!(
            r#"<trkpt lat="{lat:.7}" lon="8.0"><time>{}</time></trkpt>"#,
            iso(*t)
        ));
    }
    s.push_str("</trkseg></trk></gpx>");
    s
}

/// One point a second at 3 m/s, with the given times in path order.
fn gpx_with_times(times: &[i64]) -> String {
    let points: Vec<(i64, f64)> = times
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, 3.0 * i as f64))
        .collect();
    gpx_track(&points, &[])
}

#[test]
fn time_stepping_back_is_measured_along_the_recorded_path() {
    // Every seventh pair of points carries swapped times: sorted by time
    // and measured in that order, each swap would add 6 m of zigzag.
    let mut times: Vec<i64> = (0..=600).collect();
    for i in (3..600).step_by(7) {
        times.swap(i, i + 1);
    }
    let decoded = decode("st.gpx", gpx_with_times(&times).as_bytes()).expect("decodes");
    let a = &decoded.activity;
    assert!((a.distance_m - 1800.0).abs() < 1.0, "{}", a.distance_m);
    assert_eq!(a.elapsed_s, 600.0);
    assert!(a.samples.windows(2).all(|w| w[0].t_s <= w[1].t_s));
    assert!(
        a.samples
            .windows(2)
            .all(|w| w[0].distance_m <= w[1].distance_m),
        "distance never goes down"
    );
    assert!(
        decoded
            .problems
            .iter()
            .any(|p| p
                .contains("the time steps back at 86 point(s) (by up to 1 s), a recording quirk")),
        "{:?}",
        decoded.problems
    );
}

#[test]
fn segments_are_not_joined_and_their_gap_is_no_time() {
    // 300 s along the meridian, GPS off for 20 minutes while the runner
    // went on 1 km, then 300 s more: two segments (synthetic).
    let mut points: Vec<(i64, f64)> = (0..=300).map(|t| (t, 3.0 * t as f64)).collect();
    points.extend((1500..=1800).map(|t| (t, 1903.0 + 3.0 * (t - 1500) as f64)));
    let text = gpx_track(&points, &[301]);
    let a = decode("gap.gpx", text.as_bytes())
        .expect("decodes")
        .activity;
    // 300 + 300 intervals of 3 m; the points either side of the gap are
    // 1,003 m apart and that is not distance.
    assert!((a.distance_m - 1800.0).abs() < 1.0, "{}", a.distance_m);
    assert_eq!(a.elapsed_s, 600.0);
    assert_eq!(a.moving_s, 600.0);
}

/// A GPX without `<type>`: `seconds` points at `speed` m/s along a
/// meridian, with a cadence from `cadence(i)` when given (synthetic).
fn untyped_gpx(seconds: i64, speed: f64, cadence: Option<&dyn Fn(i64) -> f64>) -> String {
    let mut s = String::from(r#"<gpx version="1.1" creator="an app"><trk><trkseg>"#);
    for i in 0..=seconds {
        let lat = 47.0 + speed * i as f64 / 111_195.0;
        let cad = cadence.map_or(String::new(), |c| {
            format!("<extensions><gpxtpx:TrackPointExtension xmlns:gpxtpx=\"x\"><gpxtpx:cad>{:.0}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>", c(i))
        });
        s.push_str(&format!(
            r#"<trkpt lat="{lat:.7}" lon="8.0"><time>{}</time>{cad}</trkpt>"#,
            iso(i)
        ));
    }
    s.push_str("</trkseg></trk></gpx>");
    s
}

#[test]
fn a_sport_is_inferred_from_speed_and_cadence_when_the_file_names_none() {
    use backstride_core::activity::SportSource;
    let steady = |i: i64| 84.0 + (i % 3) as f64;
    let pedalling = |i: i64| {
        if i % 10 < 2 {
            0.0
        } else {
            70.0 + (i % 25) as f64
        }
    };
    for (text, sport, why) in [
        (
            untyped_gpx(300, 3.0, Some(&steady)),
            Sport::Running,
            "steady",
        ),
        (untyped_gpx(300, 3.0, None), Sport::Running, "no cadence"),
        (untyped_gpx(300, 1.3, None), Sport::Walking, "1.3 m/s"),
        (
            untyped_gpx(300, 8.0, None),
            Sport::Cycling,
            "faster than running",
        ),
        (
            untyped_gpx(300, 4.0, Some(&pedalling)),
            Sport::Cycling,
            "coasting",
        ),
    ] {
        let decoded = decode("x.gpx", text.as_bytes()).expect("decodes");
        let a = &decoded.activity;
        assert_eq!(a.sport, sport, "{:?}", decoded.problems);
        assert_eq!(a.sport_source, SportSource::Inferred);
        let note = decoded.problems.join("; ");
        assert!(
            note.contains(&format!("inferred {}", sport.name())),
            "{note}"
        );
        assert!(note.contains(why), "{note}");
    }
    // A run's strides a minute become steps a minute, as for a named run.
    let run = decode("r.gpx", untyped_gpx(300, 3.0, Some(&steady)).as_bytes()).expect("run");
    let cadence = run.activity.avg_cadence_spm.expect("cadence");
    assert!((cadence - 170.0).abs() < 1.0, "{cadence}");
    // Between a fast run and a slow ride, without cadence: not guessed.
    let unclear = decode("u.gpx", untyped_gpx(300, 5.5, None).as_bytes()).expect("decodes");
    assert_eq!(unclear.activity.sport, Sport::Other);
    assert_eq!(unclear.activity.sport_source, SportSource::File);
}
