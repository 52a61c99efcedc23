//! Everything in the store as plain rows, so no data is locked in: one
//! `Serialize` struct for a JSON export, and flat row types (no nested
//! lists) that a CSV writer can take one file per table. Samples are
//! exported per activity, as they are large.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::activities::ActivitySummary;
use crate::documents::plan_fields;
use crate::error::StoreError;
use crate::log::{BraceEntry, CrossTrainingEntry, PainEntry, RpeEntry};
use crate::open::Store;
use crate::time::{TimeRange, from_millis};

/// A document row as read: id, kind, body, plan start, plan weeks, created.
type RawDocument = (
    i64,
    String,
    String,
    Option<String>,
    Option<i64>,
    i64,
    Option<i64>,
    Option<String>,
);

/// A saved answers, assessment or plan document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    /// Row id.
    pub id: i64,
    /// `answers`, `assessment` or `plan`.
    pub kind: String,
    /// The text as saved: answers TOML, or a plan's or assessment's typed
    /// record as JSON (see `layout`).
    pub body: String,
    /// Plans only: first day.
    pub plan_start: Option<NaiveDate>,
    /// Plans only: weeks.
    pub plan_weeks: Option<u16>,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
    /// Plans and assessments: the record's layout (0: a report from before
    /// typed records that did not convert, kept as it was).
    pub layout: Option<i64>,
    /// A plan or assessment converted from the report JSON saved before
    /// typed records: that report, word for word.
    pub legacy_body: Option<String>,
}

/// An imported file and the activity it went into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct FileRow {
    /// Row id.
    pub id: i64,
    /// SHA-256 of the file, hex.
    pub content_sha256: String,
    /// Where it came from.
    pub source_name: String,
    /// Its format.
    pub format: String,
    /// The activity it records.
    pub activity_id: i64,
    /// Whether its data is the one kept for the activity.
    pub is_primary: bool,
    /// When it was imported, ms since the epoch.
    pub imported_ms: i64,
}

/// A problem met while reading a file that still imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ProblemRow {
    /// The file.
    pub file_id: i64,
    /// Order within the file.
    pub position: i64,
    /// The problem.
    pub message: String,
}

/// A lap of an activity.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct LapRow {
    /// The activity.
    pub activity_id: i64,
    /// Order within the activity.
    pub position: i64,
    /// Seconds from the activity start.
    pub start_offset_s: f64,
    /// Elapsed seconds.
    pub elapsed_s: f64,
    /// Metres.
    pub distance_m: f64,
}

/// A routine session without its exercises (see [`RoutineExerciseRow`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoutineRow {
    /// Row id.
    pub id: i64,
    /// Rounds.
    pub rounds: u8,
    /// The note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// One exercise of a routine session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoutineExerciseRow {
    /// The routine session.
    pub entry_id: i64,
    /// Order within the session.
    pub position: usize,
    /// Knowledge-base exercise ID.
    pub exercise_id: String,
    /// Reps per round.
    pub reps: u16,
}

/// One sample of one activity, flat.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SampleRow {
    /// The activity.
    pub activity_id: i64,
    /// Seconds since the start.
    pub t_s: f64,
    /// Latitude, degrees.
    pub lat: Option<f64>,
    /// Longitude, degrees.
    pub lon: Option<f64>,
    /// Altitude, metres.
    pub altitude_m: Option<f64>,
    /// Distance, metres.
    pub distance_m: Option<f64>,
    /// Heart rate.
    pub heart_rate: Option<u8>,
    /// Cadence, steps per minute.
    pub cadence_spm: Option<f64>,
    /// Speed, m/s.
    pub speed_mps: Option<f64>,
}

/// Every table of the store, as rows. Each table is read whole; for a
/// point-in-time copy of all of them together use [`Store::backup_to`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Export {
    /// Answers, assessments and plans, every version.
    pub documents: Vec<DocumentRow>,
    /// Activity summaries.
    pub activities: Vec<ActivitySummary>,
    /// Imported files.
    pub activity_files: Vec<FileRow>,
    /// Problems met in imported files.
    pub import_problems: Vec<ProblemRow>,
    /// Laps.
    pub laps: Vec<LapRow>,
    /// Pain scores.
    pub pain: Vec<PainEntry>,
    /// Routine sessions.
    pub routines: Vec<RoutineRow>,
    /// Their exercises.
    pub routine_exercises: Vec<RoutineExerciseRow>,
    /// Cross-training.
    pub cross_training: Vec<CrossTrainingEntry>,
    /// Brace use.
    pub brace: Vec<BraceEntry>,
    /// Session efforts (RPE), every log.
    pub rpe: Vec<RpeEntry>,
    /// Running form analyses (flat: signals comma-separated).
    pub form_analyses: Vec<FormAnalysisRow>,
    /// The doctor's limits, every entry (the latest is in force).
    pub doctor_limits: Vec<crate::limits::LimitsRow>,
    /// Red-flag checks, every one with every answer (in the JSON only: a
    /// check's answers are a map, not a flat row).
    pub red_flag_checks: Vec<CheckRow>,
}

/// A red-flag check as an export row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckRow {
    /// Row id.
    pub id: i64,
    /// When it was answered.
    pub at: DateTime<Utc>,
    /// Whether every asked question was answered.
    pub complete: bool,
    /// Where: `assess`, `check` or `log`.
    pub source: &'static str,
    /// Red-flag id -> answered yes.
    pub answers: std::collections::BTreeMap<String, bool>,
}

/// The widest range of run dates with four-digit years (dates are kept as
/// ISO text, so they compare as strings).
const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(1, 1, 1).expect("a valid date");
const LATEST: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");

/// A form analysis as an export row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormAnalysisRow {
    /// Row id.
    pub id: i64,
    /// The day the run was filmed.
    pub run_date: NaiveDate,
    /// Where the keypoints came from.
    pub source: String,
    /// `form.*` signals, comma-separated.
    pub signals: String,
    /// Number of findings.
    pub findings: u32,
    /// When it was analysed.
    pub created_at: DateTime<Utc>,
    /// The report as JSON text.
    pub body: String,
}

impl Store {
    /// Everything but samples (see [`Store::export_samples`]).
    pub async fn export_all(&self) -> Result<Export, StoreError> {
        let all = TimeRange::all();
        let documents: Vec<RawDocument> = sqlx::query_as(
            "SELECT id, kind, body, plan_start, plan_weeks, created_ms, layout, legacy_body \
             FROM documents ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        let documents = documents
            .into_iter()
            .map(
                |(id, kind, body, start, weeks, created_ms, layout, legacy_body)| {
                    let plan = plan_fields(id, start.as_deref(), weeks)?;
                    Ok(DocumentRow {
                        id,
                        kind,
                        body,
                        plan_start: plan.map(|(date, _)| date),
                        plan_weeks: plan.map(|(_, weeks)| weeks),
                        created_at: from_millis(created_ms, "documents", id)?,
                        layout,
                        legacy_body,
                    })
                },
            )
            .collect::<Result<_, StoreError>>()?;
        let routines = self.list_routines(all).await?;
        Ok(Export {
            documents,
            activities: self.list_activities(all).await?,
            activity_files: sqlx::query_as(
                "SELECT id, content_sha256, source_name, format, activity_id, is_primary, imported_ms \
                 FROM activity_files ORDER BY id",
            )
            .fetch_all(&self.pool)
            .await?,
            import_problems: sqlx::query_as(
                "SELECT file_id, position, message FROM import_problems ORDER BY file_id, position",
            )
            .fetch_all(&self.pool)
            .await?,
            laps: sqlx::query_as(
                "SELECT activity_id, position, start_offset_s, elapsed_s, distance_m \
                 FROM activity_laps ORDER BY activity_id, position",
            )
            .fetch_all(&self.pool)
            .await?,
            form_analyses: self
                .form_analyses(EARLIEST, LATEST)
                .await?
                .into_iter()
                .map(|f| FormAnalysisRow {
                    id: f.id,
                    run_date: f.run_date,
                    source: f.source,
                    signals: f.signals.join(","),
                    findings: f.findings,
                    created_at: f.created_at,
                    body: f.body,
                })
                .collect(),
            doctor_limits: self.list_limits().await?,
            red_flag_checks: self
                .list_checks()
                .await?
                .into_iter()
                .map(|c| CheckRow {
                    id: c.id,
                    at: c.at,
                    complete: c.complete,
                    source: c.source.name(),
                    answers: c.answers,
                })
                .collect(),
            pain: self.list_pain(all).await?,
            routine_exercises: routines
                .iter()
                .flat_map(|r| {
                    r.exercises.iter().enumerate().map(|(position, e)| RoutineExerciseRow {
                        entry_id: r.id,
                        position,
                        exercise_id: e.exercise_id.clone(),
                        reps: e.reps,
                    })
                })
                .collect(),
            routines: routines
                .into_iter()
                .map(|r| RoutineRow {
                    id: r.id,
                    rounds: r.rounds,
                    note: r.note,
                    at: r.at,
                })
                .collect(),
            cross_training: self.list_cross_training(all).await?,
            brace: self.list_brace(all).await?,
            rpe: self.list_rpe(all).await?,
        })
    }

    /// The samples of one activity as flat rows, or `None` if there is no
    /// such activity.
    pub async fn export_samples(
        &self,
        activity_id: i64,
    ) -> Result<Option<Vec<SampleRow>>, StoreError> {
        let Some(stored) = self.load_activity(activity_id).await? else {
            return Ok(None);
        };
        Ok(Some(
            stored
                .activity
                .samples
                .iter()
                .map(|s| SampleRow {
                    activity_id,
                    t_s: s.t_s,
                    lat: s.lat,
                    lon: s.lon,
                    altitude_m: s.altitude_m,
                    distance_m: s.distance_m,
                    heart_rate: s.heart_rate,
                    cadence_spm: s.cadence_spm,
                    speed_mps: s.speed_mps,
                })
                .collect(),
        ))
    }
}
