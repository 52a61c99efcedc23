//! Backstride's storage: everything the runner brings (answers, assessments,
//! plans, activities with their samples, pain, routine, cross-training,
//! brace and RPE logs, form analyses, the doctor's limits, the runner's
//! profile) in one
//! database, behind use-case methods on [`Store`].
//!
//! SQLite is the default (bundled by sqlx, so no system library): WAL
//! journal, foreign keys on, a busy timeout, and the embedded migrations in
//! `migrations/sqlite` applied on open when any is missing. The SQL is kept
//! portable so that PostgreSQL (server mode) plugs in behind the same
//! methods; the `backend` module says how.
//!
//! Invariants:
//! - Every write is one transaction whose commit is checked: it is stored
//!   whole, or it fails with [`StoreError::NotSaved`] and stores nothing
//!   (`write.rs`). Migrations run under an exclusive lock, so processes
//!   opening a new database at once all succeed.
//! - One transaction per imported file: a failed import leaves the store as
//!   it was, and a killed process leaves only whole activities behind.
//! - The same file is stored once (content hash); the same activity from two
//!   files is stored once, keeping the richer copy ([`same_activity`],
//!   [`is_richer`]).
//! - Samples live in one compact blob per activity ([`samples`]), lossless.
//! - The store owns its row types (serde `Serialize`, flat for CSV) and the
//!   typed records of saved plans and assessments ([`saved`]); core types
//!   stay free of wire formats. Answers (TOML) are kept as the app wrote
//!   them.
//! - Times are UTC, stored to the millisecond.
//!
//! # Example
//!
//! ```
//! use backstride_core::profile::Region;
//! use backstride_core::units::Nrs;
//! use backstride_store::{NewPain, PainWhen, Store, TimeRange};
//! use chrono::{TimeZone, Utc};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let store = Store::open_in_memory().await?;
//! let at = Utc.with_ymd_and_hms(2026, 5, 2, 7, 0, 0).single().ok_or("bad date")?;
//! store
//!     .log_pain(&NewPain {
//!         region: Region::LowerBack,
//!         nrs: Nrs::new(3)?,
//!         when: PainWhen::NextMorning,
//!         activity_id: None,
//!         note: Some("stiff getting up".into()),
//!         at,
//!         logged: at,
//!     })
//!     .await?;
//! let pain = store.list_pain(TimeRange::since(at)).await?;
//! assert_eq!(pain.len(), 1);
//! assert_eq!(pain[0].nrs, 3);
//! # Ok(())
//! # }
//! ```

mod activities;
mod backend;
mod checks;
mod documents;
mod error;
mod export;
mod form;
mod hash;
mod history;
mod limits;
mod log;
mod maintenance;
mod names;
mod open;
mod profile;
pub mod samples;
pub mod saved;
mod time;
mod validate;
mod wipe;
mod write;

pub use activities::{
    ActivityHeartRate, ActivitySummary, DISTANCE_TOLERANCE, Fingerprint, ImportOutcome,
    ImportRecord, MultisportLeg, START_TOLERANCE_S, SportCount, StoredActivity, is_richer,
    new_sport_wins, same_activity,
};
pub use checks::{CheckSource, NewCheck, SavedCheck};
pub use documents::{MAX_DOCUMENT_BYTES, SavedAssessment, SavedDocument, SavedPlan};
pub use error::StoreError;
pub use export::{
    CheckRow, DocumentRow, Export, FileRow, FormAnalysisRow, LapRow, ProblemRow,
    RoutineExerciseRow, RoutineRow, SampleRow,
};
pub use form::{FormEntry, NewFormAnalysis, SavedFormAnalysis};
pub use hash::ContentHash;
pub use history::History;
pub use limits::{DoctorLimits, IntensityLimit, LimitsRow, SavedLimits};
pub use log::{
    BraceEntry, CrossTrainingEntry, EntryFacts, ExerciseDone, LogEntry, LogKind, NewBrace,
    NewCrossTraining, NewPain, NewRoutine, NewRpe, PainEntry, PainWhen, RoutineEntry, RpeEntry,
    ToldNote, ToldPain,
};
pub use names::{parse_region, region_name};
pub use open::{BUSY_TIMEOUT, Store};
pub use profile::{Profile, ProfileRow, SavedProfile, parse_weekday, weekday_name};
pub use saved::Saved;
pub use time::TimeRange;
pub use validate::MAX_NOTE_CHARS;
