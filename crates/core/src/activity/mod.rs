//! Recorded activities as the domain sees them, whatever file they came
//! from: a summary for load and history, and the 1 Hz-ish samples kept for
//! later analysis. File formats (crate `backstride-formats`) produce these;
//! the store keeps them; load analytics read them. [`hr`] is an activity's
//! time at each heart rate, the summary of its samples the store keeps.
//!
//! All times are UTC; `utc_offset_s` keeps the local offset where the file
//! gives it, so a run at 07:00 local time stays a morning run.

use chrono::{DateTime, Utc};

pub mod hr;

/// What kind of activity it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sport {
    /// Running (road, trail, treadmill, track).
    Running,
    /// Cycling, indoors or out: counts as cross-training.
    Cycling,
    /// Walking or hiking.
    Walking,
    /// Swimming.
    Swimming,
    /// Anything else the file names (strength, rowing, yoga...).
    Other,
}

impl Sport {
    /// A stable name for storage and exports.
    pub fn name(self) -> &'static str {
        match self {
            Sport::Running => "running",
            Sport::Cycling => "cycling",
            Sport::Walking => "walking",
            Sport::Swimming => "swimming",
            Sport::Other => "other",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "running" => Sport::Running,
            "cycling" => Sport::Cycling,
            "walking" => Sport::Walking,
            "swimming" => Sport::Swimming,
            "other" => Sport::Other,
            _ => return None,
        })
    }

    /// Whether it counts toward the cross-training dose.
    pub fn is_cross_training(self) -> bool {
        matches!(self, Sport::Cycling | Sport::Swimming)
    }
}

/// How an activity's sport is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SportSource {
    /// Named by the file (or an export's index). A file that names no
    /// sport gives [`Sport::Other`] from this source.
    #[default]
    File,
    /// Inferred from speed and cadence because the file names no sport.
    Inferred,
    /// Set by the runner (`backstride edit ACTIVITY --sport ...`).
    Runner,
}

impl SportSource {
    /// A stable name for storage.
    pub fn name(self) -> &'static str {
        match self {
            SportSource::File => "file",
            SportSource::Inferred => "inferred",
            SportSource::Runner => "runner",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "file" => SportSource::File,
            "inferred" => SportSource::Inferred,
            "runner" => SportSource::Runner,
            _ => return None,
        })
    }
}

/// How well a sport is known, for choosing between two copies of one
/// activity: the runner's word, then a sport a file names, then an
/// inferred one, then "other" (a file that names none or one we do not
/// know). Higher is better known.
pub fn sport_certainty(sport: Sport, source: SportSource) -> u8 {
    match (source, sport) {
        (SportSource::Runner, _) => 3,
        (_, Sport::Other) => 0,
        (SportSource::File, _) => 2,
        (SportSource::Inferred, _) => 1,
    }
}

/// One recorded sample. Every field but the time is optional: files leave
/// gaps, and a gap is not a zero.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sample {
    /// Seconds since the activity's start.
    pub t_s: f64,
    /// Latitude, degrees.
    pub lat: Option<f64>,
    /// Longitude, degrees.
    pub lon: Option<f64>,
    /// Altitude, metres.
    pub altitude_m: Option<f64>,
    /// Distance from the start, metres.
    pub distance_m: Option<f64>,
    /// Heart rate, beats per minute.
    pub heart_rate: Option<u8>,
    /// Cadence in steps per minute (both feet) for running.
    pub cadence_spm: Option<f64>,
    /// Speed, metres per second.
    pub speed_mps: Option<f64>,
}

/// An activity's summary and samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// What kind of activity.
    pub sport: Sport,
    /// The sport as the file named it (e.g. `trail_running`, `Biking`).
    pub sport_label: String,
    /// How the sport is known (named by the file, inferred, or the runner's).
    pub sport_source: SportSource,
    /// Start, UTC.
    pub start: DateTime<Utc>,
    /// Local offset from UTC at the start, seconds, where the file gives it.
    pub utc_offset_s: Option<i32>,
    /// Elapsed time, seconds.
    pub elapsed_s: f64,
    /// Moving time, seconds.
    pub moving_s: f64,
    /// Distance, metres.
    pub distance_m: f64,
    /// Total ascent, metres, if known.
    pub ascent_m: Option<f64>,
    /// Average heart rate, if known.
    pub avg_heart_rate: Option<f64>,
    /// Maximum heart rate, if known.
    pub max_heart_rate: Option<u8>,
    /// Average cadence, steps per minute, if known.
    pub avg_cadence_spm: Option<f64>,
    /// The recording device, if named.
    pub device: Option<String>,
    /// Samples in time order.
    pub samples: Vec<Sample>,
    /// Laps: (start offset s, elapsed s, distance m).
    pub laps: Vec<Lap>,
}

/// A lap as recorded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lap {
    /// Seconds from the activity start.
    pub start_offset_s: f64,
    /// Elapsed seconds.
    pub elapsed_s: f64,
    /// Distance, metres.
    pub distance_m: f64,
}

impl Activity {
    /// Average pace in seconds per km, when there is distance and time.
    pub fn pace_s_per_km(&self) -> Option<f64> {
        (self.distance_m > 0.0 && self.moving_s > 0.0)
            .then(|| self.moving_s / (self.distance_m / 1000.0))
    }
}
