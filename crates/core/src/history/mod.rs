//! A runner's history as the analyses read it (load, pain, insights):
//! core-side mirrors of the store's log rows and a per-activity summary,
//! plus the settings that tune the analysis ([`settings`]). The app maps
//! store rows into these; core never sees the store.
//!
//! Log times are UTC instants, each with the UTC offset it was logged at
//! (the runner's zone then, summer time included), so a pain score logged
//! at 23:30 local time lands on its day: the one rule of
//! [`crate::local_day`].

use chrono::{DateTime, NaiveDate, Utc};

use crate::activity::hr::HrTime;
use crate::activity::{Activity, Sport};
use crate::local_day::{self, Zone, local_date};
use crate::profile::Region;
use crate::units::Nrs;

pub mod settings;

pub use settings::{EarlierHr, InputError, Settings, TrimpSex};

/// When, relative to running, a pain score was felt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PainWhen {
    /// During a run.
    During,
    /// After a run, the same day.
    After,
    /// The next morning.
    NextMorning,
}

/// A logged pain score.
#[derive(Debug, Clone, PartialEq)]
pub struct PainLog {
    /// When it was felt.
    pub at: DateTime<Utc>,
    /// Where.
    pub region: Region,
    /// How much, 0-10.
    pub nrs: Nrs,
    /// When, relative to running.
    pub when: PainWhen,
    /// The linked activity's id, if any.
    pub activity: Option<i64>,
    /// The UTC offset where and when it was logged, seconds east: the
    /// runner's zone at that instant ([`local_day::Zone`]).
    pub utc_offset_s: i32,
}

impl PainLog {
    /// The local day it belongs to.
    pub fn day(&self) -> NaiveDate {
        local_date(self.at, self.utc_offset_s)
    }
}

/// A logged routine session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineLog {
    /// When.
    pub at: DateTime<Utc>,
    /// Knowledge-base exercise IDs done.
    pub exercises: Vec<String>,
    /// Rounds through them.
    pub rounds: u8,
    /// The UTC offset where and when it was logged, seconds east: the
    /// runner's zone at that instant ([`local_day::Zone`]).
    pub utc_offset_s: i32,
}

impl RoutineLog {
    /// The local day it belongs to.
    pub fn day(&self) -> NaiveDate {
        local_date(self.at, self.utc_offset_s)
    }
}

/// Logged cross-training (whether or not a file was recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossTrainingLog {
    /// When.
    pub at: DateTime<Utc>,
    /// What (cycling, swimming, ...).
    pub kind: String,
    /// Minutes.
    pub minutes: u16,
    /// The UTC offset where and when it was logged, seconds east: the
    /// runner's zone at that instant ([`local_day::Zone`]).
    pub utc_offset_s: i32,
}

impl CrossTrainingLog {
    /// The local day it belongs to.
    pub fn day(&self) -> NaiveDate {
        local_date(self.at, self.utc_offset_s)
    }
}

/// Logged brace use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BraceLog {
    /// When.
    pub at: DateTime<Utc>,
    /// Whether the brace was worn.
    pub worn: bool,
    /// The linked activity's id, if any.
    pub activity: Option<i64>,
    /// The UTC offset where and when it was logged, seconds east: the
    /// runner's zone at that instant ([`local_day::Zone`]).
    pub utc_offset_s: i32,
}

impl BraceLog {
    /// The local day it belongs to.
    pub fn day(&self) -> NaiveDate {
        local_date(self.at, self.utc_offset_s)
    }
}

/// One planned routine exercise on one day (from the plan).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlannedRoutine {
    /// The planned day.
    pub date: NaiveDate,
    /// The knowledge-base exercise ID.
    pub exercise_id: String,
}

/// An activity as the load analysis needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityDay {
    /// The stored id, so pain and brace logs can link to it.
    pub id: Option<i64>,
    /// The local calendar day it started on.
    pub date: NaiveDate,
    /// What kind of activity.
    pub sport: Sport,
    /// Distance, metres.
    pub distance_m: f64,
    /// Duration (moving time), seconds.
    pub duration_s: f64,
    /// Average heart rate.
    pub avg_hr: Option<f64>,
    /// Maximum heart rate.
    pub max_hr: Option<u8>,
    /// Session RPE on Foster's CR-10 scale, if logged.
    pub rpe: Option<u8>,
    /// The seconds spent at each heart rate (from the samples; empty
    /// when none), for TRIMP and zones.
    pub hr: HrTime,
}

impl ActivityDay {
    /// Summarises a recorded activity; its local day is by the one rule
    /// ([`local_day::day_of`]): its own offset where the file gave one,
    /// else `zone`'s at its start.
    pub fn from_activity(id: Option<i64>, a: &Activity, rpe: Option<u8>, zone: &dyn Zone) -> Self {
        let duration_s = if a.moving_s > 0.0 {
            a.moving_s
        } else {
            a.elapsed_s
        };
        ActivityDay {
            id,
            date: local_day::day_of(a.start, a.utc_offset_s, zone),
            sport: a.sport,
            distance_m: a.distance_m,
            duration_s,
            avg_hr: a.avg_heart_rate,
            max_hr: a.max_heart_rate,
            rpe,
            hr: HrTime::from_activity_samples(&a.samples),
        }
    }
}

/// Everything logged and recorded, as the analysis reads it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// Activities (running, cycling, ...).
    pub activities: Vec<ActivityDay>,
    /// Pain scores.
    pub pain: Vec<PainLog>,
    /// Routine sessions done.
    pub routines: Vec<RoutineLog>,
    /// Routine sessions planned.
    pub planned_routine: Vec<PlannedRoutine>,
    /// Cross-training logged by hand.
    pub cross_training: Vec<CrossTrainingLog>,
    /// Brace use.
    pub braces: Vec<BraceLog>,
}
