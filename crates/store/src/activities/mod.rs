//! Activities in the store: what an import hands over, what it answers, and
//! the summaries read back. The work is split by use case: `import` (one
//! transaction per file, duplicates recognised), `dedupe` (the pure rule
//! deciding "same activity" and "richer"), `read` (load, list, count), and
//! `heart_rate` (each activity's seconds at each heart rate, for insights).

mod dedupe;
mod edit;
pub(crate) mod heart_rate;
mod import;
mod read;

use backstride_core::activity::{Activity, Sport, SportSource};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::hash::ContentHash;
use crate::names::serialize_sport;

pub use self::dedupe::{
    DISTANCE_TOLERANCE, Fingerprint, START_TOLERANCE_S, is_richer, new_sport_wins, same_activity,
};
pub use self::heart_rate::ActivityHeartRate;

/// One parsed file, ready to be stored.
#[derive(Debug, Clone)]
pub struct ImportRecord<'a> {
    /// SHA-256 of the file's bytes: the same file twice is stored once.
    pub content_sha256: ContentHash,
    /// Where the file came from (a path or an archive member), for the user.
    pub source_name: String,
    /// The file format as the formats crate names it (e.g. `fit`, `gpx.gz`).
    pub format: String,
    /// The parsed activity.
    pub activity: &'a Activity,
    /// Problems the parser met and worked around.
    pub problems: Vec<String>,
    /// When the import ran.
    pub imported_at: DateTime<Utc>,
    /// The leg of a multisport recording this activity is, if it is one.
    pub multisport: Option<MultisportLeg>,
}

/// Which leg of which multisport recording an imported activity is: the
/// legs of one file share its content hash and are numbered from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MultisportLeg {
    /// SHA-256 of the file that held every leg.
    pub file_sha256: ContentHash,
    /// The leg's place in the recording, from 0, in time order.
    pub leg: u32,
}

/// What [`crate::Store::import_activity`] did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A new activity, with its id.
    Inserted(i64),
    /// This very file was imported before, into the activity with this id.
    DuplicateFile(i64),
    /// The activity was already stored from another file. When the new file
    /// is richer its data replaced the old in place (same id, so log entries
    /// linked to it stay linked); otherwise only the file was recorded.
    DuplicateActivity {
        /// The activity both files record.
        existing_id: i64,
        /// Whether the new file's data now stands for the activity.
        replaced: bool,
    },
}

impl ImportOutcome {
    /// The id of the activity the file ended up in.
    pub fn activity_id(&self) -> i64 {
        match *self {
            ImportOutcome::Inserted(id) | ImportOutcome::DuplicateFile(id) => id,
            ImportOutcome::DuplicateActivity { existing_id, .. } => existing_id,
        }
    }
}

/// An activity's summary as stored, without samples: for listings and
/// exports (one flat row, CSV-friendly).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivitySummary {
    /// Row id.
    pub id: i64,
    /// The sport, by its stable name.
    #[serde(serialize_with = "serialize_sport")]
    pub sport: Sport,
    /// The sport as the file named it.
    pub sport_label: String,
    /// How the sport is known: named by the file, inferred, or set by the
    /// runner (not in the CSV export's columns).
    #[serde(skip)]
    pub sport_source: SportSource,
    /// Start, UTC, to the millisecond.
    pub start: DateTime<Utc>,
    /// Local offset from UTC, seconds, where known.
    pub utc_offset_s: Option<i32>,
    /// Elapsed time, seconds.
    pub elapsed_s: f64,
    /// Moving time, seconds.
    pub moving_s: f64,
    /// Distance, metres.
    pub distance_m: f64,
    /// Total ascent, metres.
    pub ascent_m: Option<f64>,
    /// Average heart rate.
    pub avg_heart_rate: Option<f64>,
    /// Maximum heart rate.
    pub max_heart_rate: Option<u8>,
    /// Average cadence, steps per minute.
    pub avg_cadence_spm: Option<f64>,
    /// Recording device.
    pub device: Option<String>,
    /// Number of samples kept.
    pub sample_count: u64,
    /// Whether any heart rate was recorded.
    pub has_heart_rate: bool,
    /// The file whose data the row holds.
    pub source_name: String,
    /// That file's format.
    pub format: String,
    /// When that file was imported.
    pub imported_at: DateTime<Utc>,
}

/// A stored activity with everything needed for analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredActivity {
    /// The summary row.
    pub summary: ActivitySummary,
    /// The activity rebuilt with its samples and laps.
    pub activity: Activity,
}

/// How many activities of one sport, and how far and long.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SportCount {
    /// The sport.
    #[serde(serialize_with = "serialize_sport")]
    pub sport: Sport,
    /// Number of activities.
    pub activities: u64,
    /// Total distance, metres.
    pub distance_m: f64,
    /// Total moving time, seconds.
    pub moving_s: f64,
}
