//! GPX 1.0 and 1.1 tracks, read with quick-xml in one streaming pass.
//!
//! The `gpx` crate (georust, on xml-rs) skips `<extensions>` entirely, so
//! it loses heart rate and cadence; a test in `tests/gpx.rs` shows it. This
//! reader takes `trk/trkseg/trkpt` (`lat`, `lon`, `ele`, `time`, GPX 1.0
//! `speed`) plus, inside `<extensions>`, Garmin's TrackPointExtension
//! (`hr`, `cad`, `speed`) and the older Strava/other style (`heartrate`,
//! `cadence`), matching local names so any prefix works. Sport from the
//! track's `<type>`. Distance is summed by haversine within each track
//! segment: separate `<trk>`s and `<trkseg>`s (GPS off, a paused
//! recording) are not joined by straight lines, and the gaps count as
//! neither moving nor elapsed time (docs/activity-totals.md); elevation
//! gain and moving time come from `summary`.

use std::borrow::Cow;

use backstride_core::activity::{Activity, Sample, Sport, SportSource};
use chrono::{DateTime, Utc};
use quick_xml::events::BytesStart;

use super::{
    DecodeError, Format, sport, summary,
    xml::{self, Handler, OTHER, Path, Tag},
};

/// The start of the problem noted when a GPX names no sport.
pub(crate) const NO_SPORT_PROBLEM: &str = "the file names no sport";

// The element names the reader looks at (see `xml::Handler::tag`).
const GPX: Tag = 1;
const TRK: Tag = 2;
const TRKPT: Tag = 3;
const TYPE: Tag = 4;
const NAME: Tag = 5;
const TIME: Tag = 6;
const ELE: Tag = 7;
const SPEED: Tag = 8;
const HR: Tag = 9;
const CAD: Tag = 10;
const EXTENSIONS: Tag = 11;
const RTEPT: Tag = 12;
const WPT: Tag = 13;
const TRKSEG: Tag = 14;
const METADATA: Tag = 15;

#[derive(Default)]
struct Point {
    time: Option<(DateTime<Utc>, Option<i32>)>,
    sample: Sample,
}

#[derive(Default)]
struct GpxHandler {
    points: Vec<(DateTime<Utc>, Option<i32>, Sample)>,
    /// The segment of each point: a new `<trk>` or `<trkseg>` is a new one.
    segments: Vec<u32>,
    segment: u32,
    current: Option<Point>,
    sport_label: Option<String>,
    title: Option<String>,
    creator: Option<String>,
    untimed: usize,
    bad_position: usize,
    bad_values: usize,
    route_points: usize,
    waypoints: usize,
    /// The file's own time (`metadata/time`, GPX 1.0 `gpx/time`).
    file_time: Option<DateTime<Utc>>,
}

impl Handler for GpxHandler {
    fn tag(local_name: &str) -> Tag {
        match local_name {
            "trkpt" => TRKPT,
            "time" => TIME,
            "ele" => ELE,
            "hr" | "heartrate" => HR,
            "cad" | "cadence" => CAD,
            "extensions" => EXTENSIONS,
            "speed" => SPEED,
            "trk" => TRK,
            "type" => TYPE,
            "name" => NAME,
            "gpx" => GPX,
            "rtept" => RTEPT,
            "wpt" => WPT,
            "trkseg" => TRKSEG,
            "metadata" => METADATA,
            _ => OTHER,
        }
    }

    fn start(&mut self, path: &Path, element: &BytesStart<'_>) {
        match path.last() {
            TRKPT => {
                let mut point = Point::default();
                let [lat, lon] = xml::attrs(element, ["lat", "lon"]);
                let lat = lat.as_deref().and_then(xml::parse_f64);
                let lon = lon.as_deref().and_then(xml::parse_f64);
                match (lat, lon) {
                    (Some(lat), Some(lon)) if lat.abs() <= 90.0 && lon.abs() <= 180.0 => {
                        point.sample.lat = Some(lat);
                        point.sample.lon = Some(lon);
                    }
                    _ => self.bad_position += 1,
                }
                self.current = Some(point);
            }
            TRK | TRKSEG => self.segment += 1,
            RTEPT => self.route_points += 1,
            WPT => self.waypoints += 1,
            GPX if path.depth() == 1 => {
                let [creator] = xml::attrs(element, ["creator"]);
                self.creator = creator.filter(|c| !c.is_empty()).map(Cow::into_owned);
            }
            _ => {}
        }
    }

    fn end(&mut self, path: &Path, text: &str) {
        let tag = path.last();
        if tag == TRKPT {
            if let Some(point) = self.current.take() {
                match point.time {
                    Some((t, offset)) => {
                        self.points.push((t, offset, point.sample));
                        self.segments.push(self.segment);
                    }
                    None => self.untimed += 1,
                }
            }
            return;
        }
        let Some(point) = self.current.as_mut() else {
            match (path.ancestor(1), tag) {
                (TRK, TYPE) if self.sport_label.is_none() && !text.is_empty() => {
                    self.sport_label = Some(text.to_string());
                }
                (TRK, NAME) if self.title.is_none() && !text.is_empty() => {
                    self.title = Some(text.to_string())
                }
                (METADATA | GPX, TIME) => self.file_time = xml::parse_time(text).map(|t| t.0),
                _ => {}
            }
            return;
        };
        let ok = match tag {
            TIME | ELE | SPEED | HR | CAD => match (tag, path.contains(EXTENSIONS)) {
                (TIME, false) => set(&mut point.time, xml::parse_time(text)),
                (ELE, false) => set(&mut point.sample.altitude_m, xml::parse_f64(text)),
                (SPEED, _) => set(
                    &mut point.sample.speed_mps,
                    xml::parse_f64(text).filter(|v| *v >= 0.0),
                ),
                (HR, true) => set(&mut point.sample.heart_rate, xml::parse_heart_rate(text)),
                (CAD, true) => set(
                    &mut point.sample.cadence_spm,
                    xml::parse_f64(text).filter(|v| (0.0..=255.0).contains(v)),
                ),
                _ => true,
            },
            _ => true,
        };
        if !ok {
            self.bad_values += 1;
        }
    }
}

/// Stores a parsed value; `false` when the text did not parse.
fn set<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    let ok = value.is_some();
    if ok {
        *slot = value;
    }
    ok
}

/// Running and walking cadence in GPX is strides a minute: doubled to
/// steps, unless the file plainly writes steps already (a median of 125 or
/// more).
fn double_stride_cadence(samples: &mut [Sample], totals: &mut summary::Totals) {
    if totals.avg_cadence_spm.is_some_and(|c| c >= 125.0) {
        return;
    }
    for s in samples.iter_mut() {
        s.cadence_spm = s.cadence_spm.map(|c| c * 2.0);
    }
    totals.avg_cadence_spm = totals.avg_cadence_spm.map(|c| c * 2.0);
}

/// How many segments hold timed points.
fn count_pieces(segments: &[u32]) -> usize {
    let mut ids = segments.to_vec();
    ids.dedup();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// What a GPX without a single timed trackpoint is, when it holds
/// something: a planned route (`<rte>`, or a track without times, as
/// Strava's `routes/` and route planners write), or waypoints.
fn not_a_recording(h: &GpxHandler) -> Option<String> {
    if h.route_points > 0 {
        Some(format!(
            "a GPX route ({} route points): a planned course, not a recording",
            h.route_points
        ))
    } else if h.untimed > 0 {
        Some(format!(
            "a GPX route ({} track points, none with a time): a planned course, not a recording",
            h.untimed
        ))
    } else if h.waypoints > 0 {
        Some(format!("GPX waypoints only ({})", h.waypoints))
    } else {
        None
    }
}

/// Decodes GPX bytes into an activity, a title and problems.
pub(crate) fn decode_gpx(
    bytes: &[u8],
) -> Result<(Activity, Option<String>, Vec<String>), DecodeError> {
    // Garmin writes about 300 bytes a trackpoint: one allocation instead
    // of a dozen doublings, and never more than the file's size again.
    let h = xml::walk(Format::Gpx, bytes, || GpxHandler {
        points: Vec::with_capacity(bytes.len() / 300),
        segments: Vec::with_capacity(bytes.len() / 300),
        ..GpxHandler::default()
    })?;
    if h.points.is_empty()
        && let Some(what) = not_a_recording(&h)
    {
        return Err(DecodeError::NotAnActivity { what });
    }
    // A few timed points among many untimed ones do not show the activity
    // (a 53 m "walk" from 5 of 296 points): under a quarter of the points
    // with a time, refuse rather than store it.
    let timed = h.points.len();
    if timed * 4 < timed + h.untimed {
        return Err(DecodeError::TooLittle {
            detail: format!(
                "only {timed} of the {} trackpoints have a time",
                timed + h.untimed
            ),
        });
    }
    let mut problems = Vec::new();
    if h.untimed > 0 {
        problems.push(format!(
            "{} trackpoints without a valid <time> were skipped",
            h.untimed
        ));
    }
    if h.bad_position > 0 {
        problems.push(format!(
            "{} trackpoints had a missing or invalid position",
            h.bad_position
        ));
    }
    if h.bad_values > 0 {
        problems.push(format!(
            "{} trackpoint values did not parse and were left out",
            h.bad_values
        ));
    }
    let start = h
        .points
        .iter()
        .map(|(t, _, _)| *t)
        .min()
        .ok_or(DecodeError::NoTrackpoints {
            format: Format::Gpx,
        })?;
    let utc_offset_s = h.points.first().and_then(|(_, offset, _)| *offset);
    let mut recorded_start = start;
    summary::date_without_clock(
        &mut recorded_start,
        h.file_time
            .map(|t| (t, "the file's own time (<metadata><time>)")),
        &mut problems,
    );
    let (sport_kind, sport_label) = match &h.sport_label {
        Some(label) => (sport::from_label(label), label.clone()),
        None => (Sport::Other, "unspecified".to_string()),
    };
    let per_foot = sport::cadence_is_per_foot(sport_kind);
    let mut samples: Vec<Sample> = h
        .points
        .into_iter()
        .map(|(t, _, mut s)| {
            s.t_s = (t - start).num_milliseconds() as f64 / 1000.0;
            if per_foot {
                s.cadence_spm = s.cadence_spm.map(|c| c * 2.0);
            }
            s
        })
        .collect();
    let mut segments = h.segments;
    let pieces = count_pieces(&segments);
    summary::measure_and_order(&mut samples, &mut segments, &mut problems);
    let mut totals = summary::totals_in_segments(&samples, &segments);
    let mut sport_kind = sport_kind;
    let mut sport_source = SportSource::File;
    if h.sport_label.is_none() {
        match sport::infer(&samples) {
            Some(inferred) => {
                problems.push(format!(
                    "{NO_SPORT_PROBLEM} (<type>); inferred {} from {}: correct it with `backstride edit`",
                    inferred.sport.name(),
                    inferred.why
                ));
                sport_kind = inferred.sport;
                sport_source = SportSource::Inferred;
                if sport::cadence_is_per_foot(sport_kind) {
                    double_stride_cadence(&mut samples, &mut totals);
                }
            }
            None => problems.push(format!(
                "{NO_SPORT_PROBLEM} (<type>) and speed and cadence do not tell; filed as other"
            )),
        }
    }
    if pieces > 1 {
        problems.push(format!(
            "the recording is in {pieces} separate tracks or segments: the gaps between them count as neither distance nor time"
        ));
    }
    let activity = Activity {
        sport: sport_kind,
        sport_label,
        sport_source,
        start: recorded_start,
        utc_offset_s,
        elapsed_s: totals.elapsed_s,
        moving_s: totals.moving_s,
        distance_m: totals.distance_m,
        ascent_m: totals.ascent_m,
        avg_heart_rate: totals.avg_heart_rate,
        max_heart_rate: totals.max_heart_rate,
        avg_cadence_spm: totals.avg_cadence_spm,
        device: h.creator,
        samples,
        laps: Vec::new(),
    };
    Ok((activity, h.title, problems))
}
