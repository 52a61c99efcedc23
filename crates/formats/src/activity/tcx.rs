//! Garmin Training Center XML (TCX), read with quick-xml in one streaming
//! pass: `Activities/Activity@Sport`, its `Id` (the start), `Lap@StartTime`
//! with `TotalTimeSeconds`, `DistanceMeters`, heart rate averages, and
//! `Track/Trackpoint` with `Time`, `Position`, `AltitudeMeters`,
//! `DistanceMeters`, `HeartRateBpm/Value`, `Cadence` and Garmin's
//! `TPX` extension (`Speed`, `RunCadence`). Prefixes (`ns3:`, `ax:`...)
//! vary, so only local names are matched. Every `<Activity>` is read (a
//! `MultiSportSession`'s legs are linked; a history file's activities
//! stand alone). Lap totals (timer
//! time, distance, heart rate) win over sums of trackpoints when present.

use std::borrow::Cow;

use backstride_core::activity::{Activity, Lap, Sample, SportSource};
use chrono::{DateTime, Utc};
use quick_xml::events::BytesStart;

use super::{
    DecodeError, Format, sport, summary,
    xml::{self, Handler, OTHER, Path, Tag},
};

#[derive(Default)]
struct TcxLap {
    start: Option<DateTime<Utc>>,
    total_time_s: Option<f64>,
    distance_m: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<u8>,
}

#[derive(Default)]
struct Trackpoint {
    time: Option<DateTime<Utc>>,
    sample: Sample,
    cadence: Option<f64>,
    run_cadence: Option<f64>,
}

/// One `<Activity>` as read.
#[derive(Default)]
struct TcxActivity {
    sport_label: Option<String>,
    id: Option<(DateTime<Utc>, Option<i32>)>,
    device: Option<String>,
    laps: Vec<TcxLap>,
    points: Vec<(DateTime<Utc>, Sample, Option<f64>)>,
}

#[derive(Default)]
struct TcxHandler {
    /// `<Activity>` elements opened.
    activities: usize,
    /// Whether the file holds a `<MultiSportSession>`.
    multisport: bool,
    /// Activities read, in file order.
    done: Vec<TcxActivity>,
    /// The activity being read.
    open: Option<TcxActivity>,
    /// Room for the first activity's trackpoints.
    capacity: usize,
    current: Option<Trackpoint>,
    untimed: usize,
    bad_values: usize,
    courses: usize,
    workouts: usize,
}

// The element names the reader looks at (see `xml::Handler::tag`).
const ACTIVITY: Tag = 1;
const ID: Tag = 2;
const CREATOR: Tag = 3;
const NAME: Tag = 4;
const LAP: Tag = 5;
const TOTAL_TIME_SECONDS: Tag = 6;
const DISTANCE_METERS: Tag = 7;
const VALUE: Tag = 8;
const AVERAGE_HEART_RATE_BPM: Tag = 9;
const MAXIMUM_HEART_RATE_BPM: Tag = 10;
const TRACKPOINT: Tag = 11;
const TIME: Tag = 12;
const LATITUDE_DEGREES: Tag = 13;
const LONGITUDE_DEGREES: Tag = 14;
const ALTITUDE_METERS: Tag = 15;
const HEART_RATE_BPM: Tag = 16;
const CADENCE: Tag = 17;
const RUN_CADENCE: Tag = 18;
const SPEED: Tag = 19;
const COURSE: Tag = 20;
const WORKOUT: Tag = 21;
const MULTI_SPORT_SESSION: Tag = 22;

impl Handler for TcxHandler {
    fn tag(local_name: &str) -> Tag {
        match local_name {
            "Trackpoint" => TRACKPOINT,
            "Time" => TIME,
            "LatitudeDegrees" => LATITUDE_DEGREES,
            "LongitudeDegrees" => LONGITUDE_DEGREES,
            "AltitudeMeters" => ALTITUDE_METERS,
            "DistanceMeters" => DISTANCE_METERS,
            "HeartRateBpm" => HEART_RATE_BPM,
            "Value" => VALUE,
            "Cadence" => CADENCE,
            "RunCadence" => RUN_CADENCE,
            "Speed" => SPEED,
            "Lap" => LAP,
            "TotalTimeSeconds" => TOTAL_TIME_SECONDS,
            "AverageHeartRateBpm" => AVERAGE_HEART_RATE_BPM,
            "MaximumHeartRateBpm" => MAXIMUM_HEART_RATE_BPM,
            "Activity" => ACTIVITY,
            "Id" => ID,
            "Creator" => CREATOR,
            "Name" => NAME,
            "Course" => COURSE,
            "Workout" => WORKOUT,
            "MultiSportSession" => MULTI_SPORT_SESSION,
            _ => OTHER,
        }
    }

    fn start(&mut self, path: &Path, element: &BytesStart<'_>) {
        match path.last() {
            ACTIVITY => {
                self.activities += 1;
                let [sport] = xml::attrs(element, ["Sport"]);
                let capacity = std::mem::take(&mut self.capacity);
                self.open = Some(TcxActivity {
                    sport_label: sport.map(Cow::into_owned),
                    points: Vec::with_capacity(capacity),
                    ..TcxActivity::default()
                });
            }
            LAP => {
                if let Some(activity) = self.open.as_mut() {
                    let [start] = xml::attrs(element, ["StartTime"]);
                    let start = start.as_deref().and_then(xml::parse_time).map(|t| t.0);
                    activity.laps.push(TcxLap {
                        start,
                        ..TcxLap::default()
                    });
                }
            }
            TRACKPOINT if self.open.is_some() => self.current = Some(Trackpoint::default()),
            COURSE => self.courses += 1,
            WORKOUT => self.workouts += 1,
            MULTI_SPORT_SESSION => self.multisport = true,
            _ => {}
        }
    }

    fn end(&mut self, path: &Path, text: &str) {
        let tag = path.last();
        if tag == ACTIVITY {
            if let Some(activity) = self.open.take() {
                self.done.push(activity);
            }
            return;
        }
        let Some(activity) = self.open.as_mut() else {
            return;
        };
        let parent = path.ancestor(1);
        if tag == TRACKPOINT {
            if let Some(tp) = self.current.take() {
                match tp.time {
                    Some(t) => activity
                        .points
                        .push((t, tp.sample, tp.run_cadence.or(tp.cadence))),
                    None => self.untimed += 1,
                }
            }
            return;
        }
        if let Some(tp) = self.current.as_mut() {
            let ok = match (tag, parent) {
                (TIME, TRACKPOINT) => set(&mut tp.time, xml::parse_time(text).map(|t| t.0)),
                (LATITUDE_DEGREES, _) => set(
                    &mut tp.sample.lat,
                    xml::parse_f64(text).filter(|v| v.abs() <= 90.0),
                ),
                (LONGITUDE_DEGREES, _) => set(
                    &mut tp.sample.lon,
                    xml::parse_f64(text).filter(|v| v.abs() <= 180.0),
                ),
                (ALTITUDE_METERS, _) => set(&mut tp.sample.altitude_m, xml::parse_f64(text)),
                (DISTANCE_METERS, TRACKPOINT) => set(
                    &mut tp.sample.distance_m,
                    xml::parse_f64(text).filter(|v| *v >= 0.0),
                ),
                (VALUE, HEART_RATE_BPM) => {
                    set(&mut tp.sample.heart_rate, xml::parse_heart_rate(text))
                }
                (CADENCE, TRACKPOINT) => set(&mut tp.cadence, cadence(text)),
                (RUN_CADENCE, _) => set(&mut tp.run_cadence, cadence(text)),
                (SPEED, _) => set(
                    &mut tp.sample.speed_mps,
                    xml::parse_f64(text).filter(|v| *v >= 0.0),
                ),
                _ => true,
            };
            if !ok {
                self.bad_values += 1;
            }
            return;
        }
        let grandparent = path.ancestor(2);
        match (tag, parent, grandparent) {
            (ID, ACTIVITY, _) => activity.id = xml::parse_time(text),
            (NAME, CREATOR, ACTIVITY) if !text.is_empty() => {
                activity.device = Some(text.to_string())
            }
            (_, LAP, _) | (VALUE, _, LAP) => {
                if let Some(lap) = activity.laps.last_mut() {
                    match (tag, parent) {
                        (TOTAL_TIME_SECONDS, _) => {
                            lap.total_time_s = xml::parse_f64(text).filter(|v| *v >= 0.0)
                        }
                        (DISTANCE_METERS, _) => {
                            lap.distance_m = xml::parse_f64(text).filter(|v| *v >= 0.0)
                        }
                        (VALUE, AVERAGE_HEART_RATE_BPM) => {
                            lap.avg_hr = xml::parse_f64(text).filter(|v| *v > 0.0)
                        }
                        (VALUE, MAXIMUM_HEART_RATE_BPM) => lap.max_hr = xml::parse_heart_rate(text),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn cadence(text: &str) -> Option<f64> {
    xml::parse_f64(text).filter(|v| (0.0..=254.0).contains(v))
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    let ok = value.is_some();
    if ok {
        *slot = value;
    }
    ok
}

/// Decodes TCX bytes into its activities (TCX has no title), whether they
/// are the legs of one multisport session, and problems.
pub(crate) fn decode_tcx(bytes: &[u8]) -> Result<(Vec<Activity>, bool, Vec<String>), DecodeError> {
    // Garmin writes about 560 bytes a trackpoint: one allocation instead
    // of a dozen doublings, and never more than the file's size again.
    let h = xml::walk(Format::Tcx, bytes, || TcxHandler {
        capacity: bytes.len() / 560,
        ..TcxHandler::default()
    })?;
    if h.activities == 0 && (h.courses > 0 || h.workouts > 0) {
        let what = if h.courses > 0 {
            format!(
                "a TCX course file ({} course(s)): a planned route, not a recording",
                h.courses
            )
        } else {
            format!(
                "a TCX workout file ({} workout(s)): a plan, not a recording",
                h.workouts
            )
        };
        return Err(DecodeError::NotAnActivity { what });
    }
    let mut problems = Vec::new();
    if h.untimed > 0 {
        problems.push(format!(
            "{} trackpoints without a valid <Time> were skipped",
            h.untimed
        ));
    }
    if h.bad_values > 0 {
        problems.push(format!(
            "{} trackpoint values did not parse and were left out",
            h.bad_values
        ));
    }
    let count = h.done.len();
    if count > 1 {
        problems.push(if h.multisport {
            format!(
                "a multisport session of {count} legs: each is stored as its own activity, linked"
            )
        } else {
            format!("the file holds {count} activities: each is stored on its own")
        });
    }
    let mut activities = Vec::with_capacity(count);
    let mut first_error = None;
    for tcx in h.done {
        match build(tcx, &mut problems) {
            Ok(activity) => activities.push(activity),
            Err(err) if count > 1 => {
                problems.push(format!("an activity was left out: {err}"));
                first_error.get_or_insert(err);
            }
            Err(err) => return Err(err),
        }
    }
    if activities.is_empty() {
        return Err(first_error.unwrap_or(DecodeError::NoTrackpoints {
            format: Format::Tcx,
        }));
    }
    activities.sort_by_key(|a| a.start);
    Ok((activities, h.multisport, problems))
}

/// One `<Activity>` into an activity.
fn build(h: TcxActivity, problems: &mut Vec<String>) -> Result<Activity, DecodeError> {
    let first_point = h.points.iter().map(|p| p.0).min();
    let first_lap = h.laps.iter().filter_map(|l| l.start).min();
    let start =
        h.id.map(|t| t.0)
            .or(first_lap)
            .or(first_point)
            .ok_or(DecodeError::NoTrackpoints {
                format: Format::Tcx,
            })?;
    if h.points.is_empty() && h.laps.iter().all(|l| l.total_time_s.is_none()) {
        return Err(DecodeError::NoTrackpoints {
            format: Format::Tcx,
        });
    }
    let mut recorded_start = start;
    summary::date_without_clock(&mut recorded_start, None, problems);
    let label = h.sport_label.clone().unwrap_or_else(|| "Other".to_string());
    let sport_kind = sport::from_label(&label);
    let per_foot = if sport::cadence_is_per_foot(sport_kind) {
        2.0
    } else {
        1.0
    };
    let mut samples: Vec<Sample> = h
        .points
        .into_iter()
        .map(|(t, mut s, cad)| {
            s.t_s = (t - start).num_milliseconds() as f64 / 1000.0;
            s.cadence_spm = cad.map(|c| c * per_foot);
            s
        })
        .collect();
    summary::measure_and_order(&mut samples, &mut Vec::new(), problems);
    let computed = summary::totals(&samples);

    let lap_sum = |f: &dyn Fn(&TcxLap) -> Option<f64>| {
        let values: Vec<f64> = h.laps.iter().filter_map(f).collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>())
    };
    let lap_time = lap_sum(&|l| l.total_time_s);
    let hr_weight = lap_sum(&|l| l.avg_hr.and(l.total_time_s));
    let lap_avg_hr = lap_sum(&|l| l.avg_hr.zip(l.total_time_s).map(|(hr, t)| hr * t))
        .zip(hr_weight.filter(|w| *w > 0.0))
        .map(|(sum, w)| sum / w);
    let last_t = samples.last().map_or(0.0, |s| s.t_s.max(0.0));
    Ok(Activity {
        sport: sport_kind,
        sport_label: label,
        sport_source: SportSource::File,
        start: recorded_start,
        utc_offset_s: h.id.and_then(|t| t.1),
        elapsed_s: if samples.is_empty() {
            lap_time.unwrap_or(0.0)
        } else {
            last_t
        },
        moving_s: lap_time.unwrap_or(computed.moving_s),
        distance_m: lap_sum(&|l| l.distance_m).unwrap_or(computed.distance_m),
        ascent_m: computed.ascent_m,
        avg_heart_rate: lap_avg_hr.or(computed.avg_heart_rate),
        max_heart_rate: h
            .laps
            .iter()
            .filter_map(|l| l.max_hr)
            .max()
            .or(computed.max_heart_rate),
        avg_cadence_spm: computed.avg_cadence_spm,
        device: h.device,
        samples,
        laps: h
            .laps
            .iter()
            .filter_map(|l| {
                Some(Lap {
                    start_offset_s: (l.start? - start).num_milliseconds() as f64 / 1000.0,
                    elapsed_s: l.total_time_s.unwrap_or(0.0),
                    distance_m: l.distance_m.unwrap_or(0.0),
                })
            })
            .collect(),
    })
}
