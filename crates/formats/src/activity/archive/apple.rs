//! Apple Health export: `apple_health_export/export.xml` lists each
//! `<Workout workoutActivityType="HKWorkoutActivityTypeRunning" ...>` with
//! its start, end, duration and distance (attributes in older exports,
//! `<WorkoutStatistics>` children in newer ones, which also carry the
//! average and maximum heart rate) and, when it recorded one, its route
//! (`<WorkoutRoute><FileReference path="/workout-routes/route_....gpx"/>`).
//!
//! Two uses: the route GPX files name no sport, and the index gives them
//! their workout's; and a workout without a route in the archive (a
//! treadmill run, an indoor ride) becomes an activity of its own from its
//! totals (no samples). `export.xml` is often hundreds of megabytes: it is
//! streamed through quick-xml straight out of the zip, never held in
//! memory, and the `<Record>` elements that make up almost all of it are
//! skipped unread.

use std::collections::HashMap;
use std::io::BufRead;

use backstride_core::activity::{Activity, SportSource};
use chrono::{DateTime, FixedOffset, Utc};
use quick_xml::events::{BytesStart, Event};
use sha2::{Digest, Sha256};

use crate::activity::{Decoded, Format, sport};

/// The workouts of one `export.xml`.
#[derive(Debug, Default)]
pub(crate) struct AppleIndex {
    /// Workout type (without Apple's `HKWorkoutActivityType` prefix) per
    /// route file name (`route_2024-05-01_7.00am.gpx`).
    by_route: HashMap<String, String>,
    /// Every workout, in document order.
    workouts: Vec<Workout>,
}

/// One `<Workout>` as the export states it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Workout {
    /// Apple's type without its prefix (`Running`).
    pub(crate) kind: String,
    /// Start with the offset the export wrote (a workout without one still
    /// names its routes' sport, but is no activity of its own).
    pub(crate) start: Option<DateTime<FixedOffset>>,
    /// End, where given.
    pub(crate) end: Option<DateTime<FixedOffset>>,
    /// The active duration, seconds.
    pub(crate) duration_s: Option<f64>,
    /// Distance, metres.
    pub(crate) distance_m: Option<f64>,
    /// Average and maximum heart rate, beats per minute.
    pub(crate) avg_hr: Option<f64>,
    pub(crate) max_hr: Option<f64>,
    /// The app or watch that recorded it (`sourceName`).
    pub(crate) source: Option<String>,
    /// Route file names (no folder).
    pub(crate) routes: Vec<String>,
}

/// The prefix of every Apple workout type.
const TYPE_PREFIX: &str = "HKWorkoutActivityType";

/// Distance statistics a workout may carry (newer exports).
const DISTANCE_TYPES: [&str; 4] = [
    "HKQuantityTypeIdentifierDistanceWalkingRunning",
    "HKQuantityTypeIdentifierDistanceCycling",
    "HKQuantityTypeIdentifierDistanceSwimming",
    "HKQuantityTypeIdentifierDistanceWheelchair",
];

const HEART_RATE_TYPE: &str = "HKQuantityTypeIdentifierHeartRate";

impl AppleIndex {
    /// Streams `export.xml`; a broken document gives what was read before
    /// the damage.
    pub(crate) fn read(source: impl BufRead) -> AppleIndex {
        let mut reader = quick_xml::Reader::from_reader(source);
        let mut buf = Vec::new();
        let mut skip = Vec::new();
        let mut index = AppleIndex::default();
        let mut workout: Option<Workout> = None;
        loop {
            let event = reader.read_event_into(&mut buf);
            match event {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "Record" => {
                    // Records (with their metadata children) are most of the
                    // file: skipped to their end without looking inside.
                    let end = e.to_end().into_owned();
                    if reader.read_to_end_into(end.name(), &mut skip).is_err() {
                        break;
                    }
                    skip.clear();
                }
                Ok(Event::Start(e)) if e.local_name().as_ref() == "Workout" => {
                    workout = Workout::from_element(&e);
                }
                Ok(Event::Empty(e)) if e.local_name().as_ref() == "Workout" => {
                    if let Some(w) = Workout::from_element(&e) {
                        index.workouts.push(w);
                    }
                }
                Ok(Event::Start(e) | Event::Empty(e)) => {
                    if let Some(w) = workout.as_mut() {
                        w.read_child(&e);
                    }
                }
                Ok(Event::End(e)) if e.local_name().as_ref() == "Workout" => {
                    if let Some(w) = workout.take() {
                        for route in &w.routes {
                            index.by_route.insert(route.clone(), w.kind.clone());
                        }
                        index.workouts.push(w);
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
            buf.clear();
        }
        index
    }

    /// The workout type of a route, by its path in the archive.
    pub(crate) fn get(&self, entry: &str) -> Option<&str> {
        self.by_route.get(file_name(entry)).map(String::as_str)
    }

    /// Whether the index knows anything.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_route.is_empty() && self.workouts.is_empty()
    }

    /// The workouts none of whose routes is among `seen` (route file names
    /// met in the archive): those the export gives no GPX for.
    pub(crate) fn without_route<'a>(
        &'a self,
        seen: &'a std::collections::HashSet<String>,
    ) -> impl Iterator<Item = &'a Workout> + 'a {
        self.workouts
            .iter()
            .filter(move |w| !w.routes.iter().any(|r| seen.contains(r)))
    }
}

/// The file name of an archive path.
pub(crate) fn file_name(entry: &str) -> &str {
    entry.rsplit('/').next().unwrap_or(entry)
}

impl Workout {
    fn from_element(e: &BytesStart<'_>) -> Option<Workout> {
        let [
            kind,
            start,
            end,
            duration,
            duration_unit,
            distance,
            distance_unit,
            source,
        ] = crate::activity::xml::attrs(
            e,
            [
                "workoutActivityType",
                "startDate",
                "endDate",
                "duration",
                "durationUnit",
                "totalDistance",
                "totalDistanceUnit",
                "sourceName",
            ],
        );
        let kind = kind?;
        let start = start.as_deref().and_then(parse_date);
        let duration_s = duration
            .and_then(|d| d.trim().parse::<f64>().ok())
            .and_then(|d| seconds(d, duration_unit.as_deref().unwrap_or("min")));
        let distance_m = distance
            .and_then(|d| d.trim().parse::<f64>().ok())
            .and_then(|d| metres(d, distance_unit.as_deref().unwrap_or("km")))
            .filter(|d| *d > 0.0);
        Some(Workout {
            kind: kind.strip_prefix(TYPE_PREFIX).unwrap_or(&kind).to_string(),
            start,
            end: end.as_deref().and_then(parse_date),
            duration_s,
            distance_m,
            avg_hr: None,
            max_hr: None,
            source: source.map(|s| s.into_owned()),
            routes: Vec::new(),
        })
    }

    fn read_child(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "FileReference" => {
                let [path] = crate::activity::xml::attrs(e, ["path"]);
                if let Some(path) = path {
                    self.routes.push(file_name(&path).to_string());
                }
            }
            "WorkoutStatistics" => {
                let [kind, sum, average, maximum, unit] =
                    crate::activity::xml::attrs(e, ["type", "sum", "average", "maximum", "unit"]);
                let number = |v: Option<std::borrow::Cow<'_, str>>| {
                    v.and_then(|v| v.trim().parse::<f64>().ok())
                        .filter(|v| v.is_finite() && *v > 0.0)
                };
                let kind = kind.unwrap_or_default();
                if kind == HEART_RATE_TYPE && unit.as_deref().is_none_or(|u| u == "count/min") {
                    self.avg_hr = number(average).or(self.avg_hr);
                    self.max_hr = number(maximum).or(self.max_hr);
                } else if DISTANCE_TYPES.contains(&kind.as_ref()) && self.distance_m.is_none() {
                    self.distance_m =
                        number(sum).and_then(|d| metres(d, unit.as_deref().unwrap_or("km")));
                }
            }
            _ => {}
        }
    }

    /// The workout as an activity of its own: totals only, no samples
    /// (none without a start).
    pub(crate) fn to_decoded(&self) -> Option<Decoded> {
        let start = self.start?;
        let elapsed = self
            .end
            .map(|end| (end - start).num_milliseconds() as f64 / 1000.0)
            .filter(|s| *s > 0.0);
        let moving = self.duration_s.or(elapsed).unwrap_or(0.0);
        let mut problems = vec![format!(
            "an Apple Health {} workout without a route: totals from export.xml, no samples",
            self.kind
        )];
        if self.distance_m.is_none() {
            problems.push("the workout states no distance".to_string());
        }
        let activity = Activity {
            sport: sport::from_label(&self.kind),
            sport_label: self.kind.clone(),
            sport_source: SportSource::File,
            start: start.with_timezone(&Utc),
            utc_offset_s: Some(start.offset().local_minus_utc()),
            elapsed_s: elapsed.unwrap_or(moving).max(moving),
            moving_s: moving,
            distance_m: self.distance_m.unwrap_or(0.0),
            ascent_m: None,
            avg_heart_rate: self.avg_hr,
            max_heart_rate: self.max_hr.map(|h| h.round().clamp(0.0, 255.0) as u8),
            avg_cadence_spm: None,
            device: self.source.clone(),
            samples: Vec::new(),
            laps: Vec::new(),
        };
        Some(Decoded {
            activity,
            legs: Vec::new(),
            multisport: false,
            format: Format::AppleHealth,
            gzipped: false,
            title: None,
            mislabelled: false,
            problems,
        })
    }

    /// A short name for the entry (`export.xml#Running 2024-05-01T07:00:00+02:00`).
    pub(crate) fn label(&self) -> String {
        let start = self.start.map(|s| s.to_rfc3339()).unwrap_or_default();
        format!("{} {start}", self.kind)
    }

    /// A digest of what the export states about the workout: the same
    /// workout in a later export has the same one.
    pub(crate) fn digest(&self) -> [u8; 32] {
        let text = format!(
            "apple-health-workout\n{}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            self.kind,
            self.start.map(|s| s.to_rfc3339()),
            self.end.map(|e| e.to_rfc3339()),
            self.duration_s,
            self.distance_m,
            self.avg_hr,
            self.max_hr
        );
        Sha256::digest(text.as_bytes()).into()
    }
}

/// Apple's `2024-05-01 07:00:00 +0200`.
fn parse_date(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S %z").ok()
}

fn seconds(value: f64, unit: &str) -> Option<f64> {
    let factor = match unit {
        "s" => 1.0,
        "min" => 60.0,
        "hr" | "h" => 3600.0,
        _ => return None,
    };
    Some(value * factor).filter(|s| s.is_finite() && *s >= 0.0)
}

fn metres(value: f64, unit: &str) -> Option<f64> {
    let factor = match unit {
        "m" => 1.0,
        "km" => 1000.0,
        "mi" => 1609.344,
        "yd" => 0.9144,
        "ft" => 0.3048,
        _ => return None,
    };
    Some(value * factor).filter(|m| m.is_finite() && *m >= 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>
]>
<HealthData locale="en_GB">
 <Record type="HKQuantityTypeIdentifierStepCount" value="12"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" value="80" unit="count/min">
  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>
  <Workout workoutActivityType="HKWorkoutActivityTypeSwimming" startDate="2024-01-01 07:00:00 +0000"/>
 </Record>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="31.2" durationUnit="min" sourceName="Watch" startDate="2024-05-01 07:00:00 +0200" endDate="2024-05-01 07:32:00 +0200">
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="5.1" unit="km"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="151.5" minimum="90" maximum="171" unit="count/min"/>
  <WorkoutRoute sourceName="Watch"><FileReference path="/workout-routes/route_2024-05-01_7.00am.gpx"/></WorkoutRoute>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining" duration="20" startDate="2024-05-03 18:00:00 +0200"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="60" startDate="2024-05-02 18:00:00 +0200">
  <WorkoutRoute><FileReference path="/workout-routes/route_2024-05-02_6.00pm.gpx"/></WorkoutRoute>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="1800" durationUnit="s" totalDistance="3.5" totalDistanceUnit="mi" startDate="2024-05-04 06:30:00 -0500" endDate="2024-05-04 07:01:00 -0500"/>
</HealthData>"#;

    #[test]
    fn routes_get_their_workouts_type() {
        let index = AppleIndex::read(XML.as_bytes());
        assert_eq!(
            index.get("apple_health_export/workout-routes/route_2024-05-01_7.00am.gpx"),
            Some("Running")
        );
        assert_eq!(index.get("route_2024-05-02_6.00pm.gpx"), Some("Cycling"));
        assert_eq!(index.get("route_other.gpx"), None);
    }

    #[test]
    fn workouts_carry_their_totals_and_records_are_skipped() {
        let index = AppleIndex::read(XML.as_bytes());
        // The workout nested in a Record is skipped with it.
        let kinds: Vec<&str> = index.workouts.iter().map(|w| w.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "Running",
                "TraditionalStrengthTraining",
                "Cycling",
                "Running"
            ]
        );
        let first = &index.workouts[0];
        assert_eq!(first.duration_s, Some(31.2 * 60.0));
        assert_eq!(first.distance_m, Some(5100.0));
        assert_eq!(first.avg_hr, Some(151.5));
        assert_eq!(first.max_hr, Some(171.0));
        let decoded = index.workouts[3].to_decoded().expect("has a start");
        let a = &decoded.activity;
        assert!((a.distance_m - 3.5 * 1609.344).abs() < 1e-6);
        assert_eq!(a.moving_s, 1800.0);
        assert_eq!(a.elapsed_s, 31.0 * 60.0);
        assert_eq!(a.utc_offset_s, Some(-5 * 3600));
        assert_eq!(a.start.to_rfc3339(), "2024-05-04T11:30:00+00:00");
        assert!(a.samples.is_empty());
        assert_eq!(decoded.format, Format::AppleHealth);
    }

    #[test]
    fn a_seen_route_hides_its_workout() {
        let index = AppleIndex::read(XML.as_bytes());
        let seen = ["route_2024-05-01_7.00am.gpx".to_string()]
            .into_iter()
            .collect();
        let left: Vec<String> = index.without_route(&seen).map(Workout::label).collect();
        assert_eq!(left.len(), 3);
        assert!(left.iter().all(|l| !l.starts_with("Running 2024-05-01")));
    }

    #[test]
    fn a_broken_document_keeps_what_came_before() {
        let cut = &XML[..XML
            .find("<Workout workoutActivityType=\"HKWorkoutActivityTypeCycling")
            .unwrap_or(0)];
        let index = AppleIndex::read(format!("{cut}<Workout <<<").as_bytes());
        assert_eq!(index.workouts.len(), 2);
    }
}
