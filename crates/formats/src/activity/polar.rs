//! Polar Flow "download your data" export: one
//! `training-session-YYYY-MM-DD-<id>-<uuid>.json` per session, beside
//! many other JSON files (daily activity, sleep, 24/7 heart rate,
//! settings) that are no activity. Each session lists its `exercises`:
//! one for a run or a ride, several for a multisport session, whose legs
//! become linked activities as a FIT multisport file's do.
//!
//! Two layouts are read (see docs/exports.md for the public readers that
//! establish them, and what could not be confirmed):
//!
//! - per exercise `startTime`/`stopTime` in local civil time, a
//!   `timezoneOffset` in minutes, `duration` as ISO 8601 (`PT1834.5S`),
//!   `distance`, `sport` as a name (`RUNNING`, `ROAD_BIKING`...),
//!   `heartRate` {min, avg, max}, and `samples` holding one list per
//!   series (`heartRate`, `speed`, `cadence`, `altitude`, `distance`:
//!   `{dateTime, value}` each) and the GPS track (`recordedRoute`:
//!   `{dateTime, latitude, longitude, altitude}`, under `samples` or beside it);
//! - the newer one: `durationMillis`, `distanceMeters`,
//!   `timezoneOffsetMinutes`, `sport: {id}`, `statistics`, series as
//!   `samples.samples[] = {type, intervalMillis, values}` (with bare
//!   `NaN` for dropouts) and `routes.route = {startTime, wayPoints:
//!   [{latitude, longitude, altitude, elapsedMillis}]}`.
//!
//! Every series is merged by time into one sample a second.

use backstride_core::activity::{Activity, Sample, Sport, SportSource};
use chrono::{DateTime, NaiveDateTime, TimeDelta};
use serde::Deserialize;

use super::json::{Timeline, finite, heart_rate};
use super::{DecodeError, Format, sport, summary};

/// Whether a file name (any folder) is a Polar training session.
pub(crate) fn is_session_name(name: &str) -> bool {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let lower = file.to_ascii_lowercase();
    lower.starts_with("training-session-") && lower.ends_with(".json")
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Session {
    name: Option<String>,
    time_zone_offset: Option<i32>,
    timezone_offset_minutes: Option<i32>,
    product: Option<Product>,
    exercises: Vec<Exercise>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Product {
    model_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Exercise {
    start_time: Option<String>,
    stop_time: Option<String>,
    timezone_offset: Option<i32>,
    timezone_offset_minutes: Option<i32>,
    duration: Option<String>,
    duration_millis: Option<f64>,
    distance: Option<f64>,
    distance_meters: Option<f64>,
    sport: Option<SportField>,
    heart_rate: Option<Stat>,
    statistics: Option<Statistics>,
    samples: Option<Samples>,
    recorded_route: Vec<RoutePoint>,
    routes: Option<Routes>,
}

/// `"RUNNING"`, or `{"id": "1"}` in the newer layout.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SportField {
    Name(String),
    Id { id: serde_json::Value },
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Stat {
    avg: Option<f64>,
    max: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Statistics {
    statistics: Vec<TypedStat>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TypedStat {
    #[serde(rename = "type")]
    kind: String,
    avg: Option<f64>,
    max: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Samples {
    heart_rate: Vec<Point>,
    speed: Vec<Point>,
    cadence: Vec<Point>,
    altitude: Vec<Point>,
    distance: Vec<Point>,
    recorded_route: Vec<RoutePoint>,
    /// The newer layout's series.
    samples: Vec<Series>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Point {
    date_time: Option<String>,
    value: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RoutePoint {
    date_time: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    altitude: Option<f64>,
    elapsed_millis: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Series {
    #[serde(rename = "type")]
    kind: String,
    interval_millis: Option<f64>,
    values: Vec<Option<f64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Routes {
    route: Option<Route>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Route {
    start_time: Option<String>,
    way_points: Vec<RoutePoint>,
}

/// One Polar series, as the layouts name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    HeartRate,
    /// km/h.
    Speed,
    Cadence,
    Altitude,
    Distance,
}

impl Kind {
    fn of_type(name: &str) -> Option<Kind> {
        Some(match name {
            "HEART_RATE" => Kind::HeartRate,
            "SPEED" => Kind::Speed,
            "CADENCE" | "RUNNING_CADENCE" => Kind::Cadence,
            "ALTITUDE" => Kind::Altitude,
            "DISTANCE" => Kind::Distance,
            _ => return None,
        })
    }

    fn set(self, sample: &mut Sample, value: f64) {
        match self {
            Kind::HeartRate => sample.heart_rate = heart_rate(value).or(sample.heart_rate),
            Kind::Speed => sample.speed_mps = Some(value / 3.6).filter(|v| *v >= 0.0),
            Kind::Cadence => sample.cadence_spm = Some(value).filter(|v| *v >= 0.0),
            Kind::Altitude => sample.altitude_m = Some(value),
            Kind::Distance => sample.distance_m = Some(value).filter(|v| *v >= 0.0),
        }
    }
}

/// Reads one training session: its exercises, in time order, with the
/// problems met and whether they are the legs of one multisport session.
pub(crate) fn decode_polar(
    bytes: &[u8],
) -> Result<(Vec<Activity>, bool, Vec<String>), DecodeError> {
    let session: Session = super::json::parse(Format::PolarFlow, bytes)?;
    let mut problems = Vec::new();
    let count = session.exercises.len();
    let mut activities = Vec::new();
    for (i, exercise) in session.exercises.iter().enumerate() {
        let leg = if count > 1 {
            format!("exercise {} of {count}: ", i + 1)
        } else {
            String::new()
        };
        match read_exercise(&session, exercise, &mut problems, &leg) {
            Some(activity) => activities.push(activity),
            None => problems.push(format!("{leg}no valid start time: left out")),
        }
    }
    if activities.is_empty() {
        return Err(DecodeError::NoTrackpoints {
            format: Format::PolarFlow,
        });
    }
    activities.sort_by_key(|a| a.start);
    let multisport = activities.len() > 1;
    Ok((activities, multisport, problems))
}

fn read_exercise(
    session: &Session,
    exercise: &Exercise,
    problems: &mut Vec<String>,
    leg: &str,
) -> Option<Activity> {
    let local_start = exercise.start_time.as_deref().and_then(local_time)?;
    let offset_min = exercise
        .timezone_offset
        .or(exercise.timezone_offset_minutes)
        .or(session.time_zone_offset)
        .or(session.timezone_offset_minutes)
        .filter(|m| m.abs() <= 18 * 60);
    if offset_min.is_none() {
        problems.push(format!(
            "{leg}the session states no time zone offset: its local times are read as UTC"
        ));
    }
    let offset = TimeDelta::minutes(i64::from(offset_min.unwrap_or(0)));
    let mut timeline = Timeline::default();
    let since_start = |text: &Option<String>| {
        text.as_deref()
            .and_then(local_time)
            .map(|t| (t - local_start).num_milliseconds() as f64)
    };
    let samples = exercise.samples.as_ref();
    if let Some(s) = samples {
        for (kind, points) in [
            (Kind::HeartRate, &s.heart_rate),
            (Kind::Speed, &s.speed),
            (Kind::Cadence, &s.cadence),
            (Kind::Altitude, &s.altitude),
            (Kind::Distance, &s.distance),
        ] {
            for point in points {
                let (Some(ms), Some(value)) = (since_start(&point.date_time), finite(point.value))
                else {
                    continue;
                };
                if let Some(sample) = timeline.at(ms) {
                    kind.set(sample, value);
                }
            }
        }
        for series in &s.samples {
            let Some(kind) = Kind::of_type(&series.kind) else {
                continue;
            };
            let step = finite(series.interval_millis)
                .filter(|ms| *ms > 0.0)
                .unwrap_or(1000.0);
            for (i, value) in series.values.iter().enumerate() {
                let Some(value) = finite(*value) else {
                    continue;
                };
                if let Some(sample) = timeline.at(i as f64 * step) {
                    kind.set(sample, value);
                }
            }
        }
    }
    let route_points = samples
        .map(|s| s.recorded_route.iter())
        .into_iter()
        .flatten()
        .chain(exercise.recorded_route.iter());
    let mut bad_positions = 0usize;
    for point in route_points {
        if let Some(ms) = since_start(&point.date_time) {
            bad_positions += usize::from(!place(&mut timeline, ms, point));
        }
    }
    if let Some(route) = exercise.routes.as_ref().and_then(|r| r.route.as_ref()) {
        let route_start = since_start(&route.start_time).unwrap_or(0.0);
        for point in &route.way_points {
            if let Some(elapsed) = finite(point.elapsed_millis) {
                bad_positions += usize::from(!place(&mut timeline, route_start + elapsed, point));
            }
        }
    }
    if bad_positions > 0 {
        problems.push(format!(
            "{leg}{bad_positions} route points had a missing or invalid position and were left out"
        ));
    }
    let (mut samples, first_s) = timeline.finish();
    let mut start = local_start
        .checked_sub_signed(offset)?
        .checked_add_signed(TimeDelta::try_seconds(first_s)?)?
        .and_utc();
    summary::date_without_clock(&mut start, None, problems);
    let mut segments = Vec::new();
    summary::measure_and_order(&mut samples, &mut segments, problems);
    let mut totals = summary::totals(&samples);

    let (sport_kind, sport_label) = sport_of(session, exercise);
    sport::strides_to_steps(sport_kind, &mut samples, &mut totals.avg_cadence_spm);
    let stated_distance =
        finite(exercise.distance.or(exercise.distance_meters)).filter(|d| *d > 0.0);
    let duration_s = exercise
        .duration
        .as_deref()
        .and_then(iso_duration_s)
        .or(finite(exercise.duration_millis).map(|ms| ms / 1000.0))
        .filter(|d| *d >= 0.0);
    let span_s = since_start(&exercise.stop_time)
        .map(|ms| ms / 1000.0)
        .filter(|s| *s > 0.0);
    let elapsed_s = span_s.or(duration_s).unwrap_or(0.0).max(totals.elapsed_s);
    let moving_s = if samples.is_empty() {
        duration_s.or(span_s).unwrap_or(0.0)
    } else {
        totals.moving_s
    };
    let (stated_avg, stated_max) = heart_rate_stated(exercise);
    if samples.is_empty() {
        problems.push(format!(
            "{leg}a Polar {sport_label} exercise without samples: totals from the session file"
        ));
    }
    Some(Activity {
        sport: sport_kind,
        sport_label,
        sport_source: SportSource::File,
        start,
        utc_offset_s: offset_min.map(|m| m * 60),
        elapsed_s,
        moving_s: moving_s.min(elapsed_s),
        distance_m: stated_distance.unwrap_or(totals.distance_m),
        ascent_m: totals.ascent_m,
        avg_heart_rate: stated_avg.or(totals.avg_heart_rate),
        max_heart_rate: stated_max.and_then(heart_rate).or(totals.max_heart_rate),
        avg_cadence_spm: totals.avg_cadence_spm,
        device: session
            .product
            .as_ref()
            .and_then(|p| p.model_name.clone())
            .map(|m| format!("Polar {m}")),
        samples,
        laps: Vec::new(),
    })
}

/// Puts a route point on the timeline; false when its position is not one.
fn place(timeline: &mut Timeline, ms: f64, point: &RoutePoint) -> bool {
    let (Some(lat), Some(lon)) = (finite(point.latitude), finite(point.longitude)) else {
        return false;
    };
    if !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
        || (lat, lon) == (0.0, 0.0)
    {
        return false;
    }
    if let Some(sample) = timeline.at(ms) {
        sample.lat = Some(lat);
        sample.lon = Some(lon);
        if sample.altitude_m.is_none() {
            sample.altitude_m = finite(point.altitude);
        }
    }
    true
}

/// The exercise's sport: its name in the older layout; in the newer one
/// (a numeric id whose table is not established) the session's display
/// name when it holds one exercise.
fn sport_of(session: &Session, exercise: &Exercise) -> (Sport, String) {
    let label = match &exercise.sport {
        Some(SportField::Name(name)) => name.clone(),
        Some(SportField::Id { id }) => match (&session.name, session.exercises.len()) {
            (Some(name), 1) => name.clone(),
            _ => format!("Polar sport {}", id.to_string().trim_matches('"')),
        },
        None => session.name.clone().unwrap_or_default(),
    };
    (sport::from_label(&label), label)
}

fn heart_rate_stated(exercise: &Exercise) -> (Option<f64>, Option<f64>) {
    if let Some(hr) = &exercise.heart_rate {
        return (
            finite(hr.avg).filter(|h| *h > 0.0),
            finite(hr.max).filter(|h| *h > 0.0),
        );
    }
    exercise
        .statistics
        .as_ref()
        .and_then(|s| s.statistics.iter().find(|s| s.kind == "HEART_RATE"))
        .map_or((None, None), |s| {
            (
                finite(s.avg).filter(|h| *h > 0.0),
                finite(s.max).filter(|h| *h > 0.0),
            )
        })
}

/// Polar's local civil time (`2025-01-01T10:00:00.384`, no offset); a
/// time with an offset or `Z` is read as the local time it states.
fn local_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|t| t.naive_local())
        })
}

/// An ISO 8601 duration of hours, minutes and seconds (`PT1H2M3.5S`,
/// `PT1834.5S`), seconds.
fn iso_duration_s(text: &str) -> Option<f64> {
    let rest = text.trim().strip_prefix("PT")?;
    let mut total = 0.0;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'H' | 'M' | 'S' => {
                let value: f64 = number.parse().ok()?;
                number.clear();
                total += value
                    * match c {
                        'H' => 3600.0,
                        'M' => 60.0,
                        _ => 1.0,
                    };
            }
            _ => return None,
        }
    }
    (number.is_empty() && total.is_finite()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    /// A UTC time from RFC 3339 text.
    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn durations_and_names() {
        assert_eq!(iso_duration_s("PT1834.5S"), Some(1834.5));
        assert_eq!(iso_duration_s("PT1H2M3S"), Some(3723.0));
        assert_eq!(iso_duration_s("P1D"), None);
        assert_eq!(iso_duration_s("PT12"), None);
        assert!(is_session_name(
            "polar-user-data-export_1/training-session-2024-05-01-1-a.json"
        ));
        assert!(!is_session_name("training-target-2024-05-01.json"));
    }

    #[test]
    fn sport_names_map_to_ours() {
        for (label, sport) in [
            ("RUNNING", Sport::Running),
            ("TREADMILL_RUNNING", Sport::Running),
            ("TRAIL_RUNNING", Sport::Running),
            ("ROAD_RUNNING", Sport::Running),
            ("CYCLING", Sport::Cycling),
            ("ROAD_BIKING", Sport::Cycling),
            ("MOUNTAIN_BIKING", Sport::Cycling),
            ("INDOOR_CYCLING", Sport::Cycling),
            ("WALKING", Sport::Walking),
            ("HIKING", Sport::Walking),
            ("POOL_SWIMMING", Sport::Swimming),
            ("OPEN_WATER_SWIMMING", Sport::Swimming),
            ("STRENGTH_TRAINING", Sport::Other),
        ] {
            assert_eq!(sport::from_label(label), sport, "{label}");
        }
    }

    #[test]
    fn the_newer_layout_reads_series_by_interval_and_routes_by_elapsed_time() {
        let json = r#"{
          "name": "Running", "timezoneOffsetMinutes": -420, "sport": {"id": "1"},
          "product": {"modelName": "Vantage M"},
          "exercises": [{
            "startTime": "2025-08-16T17:12:22", "stopTime": "2025-08-16T17:12:26",
            "durationMillis": 4000, "distanceMeters": 12.5,
            "timezoneOffsetMinutes": -420, "sport": {"id": "1"},
            "statistics": {"statistics": [{"type": "HEART_RATE", "min": 90, "avg": 101, "max": 104}]},
            "samples": {"samples": [
              {"type": "HEART_RATE", "intervalMillis": 1000, "values": [100, NaN, 102, 104, 99]},
              {"type": "DISTANCE", "intervalMillis": 1000, "values": [0, 3, 6, 9, 12.5]},
              {"type": "POWER", "intervalMillis": 1000, "values": [1, 2]}
            ]},
            "routes": {"route": {"startTime": "2025-08-16T17:12:22", "wayPoints": [
              {"latitude": 37.0, "longitude": -122.0, "elapsedMillis": 0},
              {"latitude": 37.0001, "longitude": -122.0, "elapsedMillis": 2000},
              {"latitude": 0, "longitude": 0, "elapsedMillis": 3000}
            ]}}
          }]
        }"#;
        let (activities, multisport, problems) = decode_polar(json.as_bytes()).expect("reads");
        assert!(!multisport);
        let a = &activities[0];
        assert_eq!(a.start, utc("2025-08-17T00:12:22Z"));
        assert_eq!(a.utc_offset_s, Some(-420 * 60));
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.sport_label, "Running");
        assert_eq!(a.distance_m, 12.5);
        assert_eq!(a.avg_heart_rate, Some(101.0));
        assert_eq!(a.max_heart_rate, Some(104));
        assert_eq!(a.samples.len(), 5);
        assert_eq!(a.samples[1].heart_rate, None, "NaN is a dropout");
        assert_eq!(a.samples[2].lat, Some(37.0001));
        assert_eq!(a.device.as_deref(), Some("Polar Vantage M"));
        assert!(
            problems.iter().any(|p| p.contains("1 route points")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_session_without_exercises_is_refused() {
        assert_eq!(
            decode_polar(br#"{"exercises": []}"#).map(|r| r.0.len()),
            Err(DecodeError::NoTrackpoints {
                format: Format::PolarFlow
            })
        );
        assert!(matches!(
            decode_polar(br#"{"exercises": "#),
            Err(DecodeError::Json { .. })
        ));
    }
}
