//! What the runner logs by hand: pain, the routine done, cross-training,
//! brace use and session effort (RPE). Each kind has a `New*` type going in (checked at the boundary
//! and again by CHECK constraints) and an entry type coming out (serde
//! Serialize, flat where it can be, for JSON and CSV exports). `edit.rs`
//! reads one entry whole and corrects it, checked as logging checks.

mod brace;
mod cross_training;
mod edit;
mod pain;
mod routine;
mod rpe;
mod told;
mod undo;

use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::names::serialize_region;

pub use edit::LogEntry;
pub use told::{ToldNote, ToldPain};
pub use undo::{EntryFacts, LogKind};

/// When, relative to running, a pain score was felt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PainWhen {
    /// During a run.
    During,
    /// After a run, the same day.
    After,
    /// The next morning.
    NextMorning,
}

impl PainWhen {
    /// The stable storage name.
    pub fn name(self) -> &'static str {
        match self {
            PainWhen::During => "during",
            PainWhen::After => "after",
            PainWhen::NextMorning => "next_morning",
        }
    }

    /// Parses a storage name.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "during" => PainWhen::During,
            "after" => PainWhen::After,
            "next_morning" => PainWhen::NextMorning,
            _ => return None,
        })
    }
}

/// A pain score to log.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPain {
    /// Where.
    pub region: Region,
    /// How much, 0-10.
    pub nrs: Nrs,
    /// When, relative to running.
    pub when: PainWhen,
    /// The run it follows, if linked.
    pub activity_id: Option<i64>,
    /// A free note.
    pub note: Option<String>,
    /// When it was felt.
    pub at: DateTime<Utc>,
    /// When it was told (logged): what the red-flag rule counts, since
    /// a note may describe an earlier day.
    pub logged: DateTime<Utc>,
}

/// A logged pain score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainEntry {
    /// Row id.
    pub id: i64,
    /// Where, by storage name.
    #[serde(serialize_with = "serialize_region")]
    pub region: Region,
    /// 0-10.
    pub nrs: u8,
    /// When, relative to running.
    pub when: PainWhen,
    /// The linked run (cleared if that activity is deleted).
    pub activity_id: Option<i64>,
    /// The note.
    pub note: Option<String>,
    /// When it was felt.
    pub at: DateTime<Utc>,
}

/// One exercise of a routine as done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExerciseDone {
    /// The knowledge-base exercise ID (1-64 characters).
    pub exercise_id: String,
    /// Reps per round (1-500).
    pub reps: u16,
}

/// A routine session to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRoutine {
    /// The exercises done, in order (1-50).
    pub exercises: Vec<ExerciseDone>,
    /// Rounds through them (1-20).
    pub rounds: u8,
    /// A free note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// When it was told (logged): what the red-flag rule counts, since
    /// a note may describe an earlier day.
    pub logged: DateTime<Utc>,
}

/// A logged routine session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoutineEntry {
    /// Row id.
    pub id: i64,
    /// Rounds.
    pub rounds: u8,
    /// The exercises, in order.
    pub exercises: Vec<ExerciseDone>,
    /// The note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Cross-training to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCrossTraining {
    /// What (cycling, swimming, ...; 1-64 characters).
    pub kind: String,
    /// How long, minutes (1-1440).
    pub minutes: u16,
    /// A free note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// When it was told (logged): what the red-flag rule counts, since
    /// a note may describe an earlier day.
    pub logged: DateTime<Utc>,
}

/// Logged cross-training.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrossTrainingEntry {
    /// Row id.
    pub id: i64,
    /// What.
    pub kind: String,
    /// Minutes.
    pub minutes: u16,
    /// The note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Brace use to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBrace {
    /// Whether the brace was worn.
    pub worn: bool,
    /// The run, if linked.
    pub activity_id: Option<i64>,
    /// A free note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// When it was told (logged): what the red-flag rule counts, since
    /// a note may describe an earlier day.
    pub logged: DateTime<Utc>,
}

/// Logged brace use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BraceEntry {
    /// Row id.
    pub id: i64,
    /// Whether it was worn.
    pub worn: bool,
    /// The linked run (cleared if that activity is deleted).
    pub activity_id: Option<i64>,
    /// The note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// A session effort (RPE) to log for an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRpe {
    /// The activity rated (must be stored).
    pub activity_id: i64,
    /// How hard the whole session was on Foster's CR-10 scale, 0-10.
    pub rpe: u8,
    /// A free note.
    pub note: Option<String>,
    /// When it was logged.
    pub at: DateTime<Utc>,
    /// When it was told (logged): what the red-flag rule counts, since
    /// a note may describe an earlier day.
    pub logged: DateTime<Utc>,
}

/// A logged session effort. An activity may have several; the one logged
/// last (highest id) is its RPE ([`crate::Store::latest_rpe`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RpeEntry {
    /// Row id.
    pub id: i64,
    /// The activity rated (the entry goes when the activity does).
    pub activity_id: i64,
    /// 0-10, Foster's CR-10 scale.
    pub rpe: u8,
    /// The note.
    pub note: Option<String>,
    /// When it was logged.
    pub at: DateTime<Utc>,
}
