//! Correcting a log entry: reading one entry whole by its id, and
//! replacing its fields in one transaction (a routine's exercises with
//! it). An update is checked exactly as logging checks a new entry (the
//! `check_*` functions here are the ones `log_*` call), and says whether
//! the row existed; a refused update changes nothing.
//!
//! Each update writes every field, the moment it was told (`logged_ms`)
//! included: the caller decides whether an edit counts as told again
//! (a changed note or pain score is what the red-flag rule must read
//! anew) or keeps the old moment.

use super::{
    BraceEntry, CrossTrainingEntry, ExerciseDone, NewBrace, NewCrossTraining, NewPain, NewRoutine,
    NewRpe, PainEntry, RoutineEntry, RpeEntry,
};
use crate::error::{StoreError, map_foreign_key};
use crate::names::region_name;
use crate::open::Store;
use crate::time::{from_millis, to_millis};
use crate::validate;

/// One stored log entry, whole.
#[derive(Debug, Clone, PartialEq)]
pub enum LogEntry {
    /// A pain score.
    Pain(PainEntry),
    /// A routine session with its exercises.
    Routine(RoutineEntry),
    /// Cross-training.
    CrossTraining(CrossTrainingEntry),
    /// Brace use.
    Brace(BraceEntry),
    /// A session effort.
    Rpe(RpeEntry),
}

/// What logging and updating a pain score check before writing.
pub(super) fn check_pain(entry: &NewPain) -> Result<(), StoreError> {
    validate::note(entry.note.as_deref())
}

/// What logging and updating a routine session check before writing.
pub(super) fn check_routine(entry: &NewRoutine) -> Result<(), StoreError> {
    validate::whole("rounds", i64::from(entry.rounds), 1, 20)?;
    validate::whole("number of exercises", entry.exercises.len() as i64, 1, 50)?;
    for exercise in &entry.exercises {
        validate::text("exercise id", &exercise.exercise_id, 1, 64)?;
        validate::whole("reps", i64::from(exercise.reps), 1, 500)?;
    }
    validate::note(entry.note.as_deref())
}

/// What logging and updating cross-training check before writing.
pub(super) fn check_cross_training(entry: &NewCrossTraining) -> Result<(), StoreError> {
    validate::text("cross-training kind", entry.kind.trim(), 1, 64)?;
    validate::whole("minutes", i64::from(entry.minutes), 1, 1440)?;
    validate::note(entry.note.as_deref())
}

/// What logging and updating brace use check before writing.
pub(super) fn check_brace(entry: &NewBrace) -> Result<(), StoreError> {
    validate::note(entry.note.as_deref())
}

/// What logging and updating a session effort check before writing.
pub(super) fn check_rpe(entry: &NewRpe) -> Result<(), StoreError> {
    validate::whole("RPE", i64::from(entry.rpe), 0, 10)?;
    validate::note(entry.note.as_deref())
}

type CrossRow = (i64, String, i64, Option<String>, i64);
type BraceRow = (i64, bool, Option<i64>, Option<String>, i64);

impl Store {
    /// Pain entry `id`, if stored.
    pub async fn pain_entry(&self, id: i64) -> Result<Option<PainEntry>, StoreError> {
        let row: Option<super::pain::PainRow> = sqlx::query_as(
            "SELECT id, region, nrs, timing, activity_id, note, at_ms FROM pain_entries \
             WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(super::pain::pain_entry).transpose()
    }

    /// Routine entry `id` with its exercises in order, if stored.
    pub async fn routine_entry(&self, id: i64) -> Result<Option<RoutineEntry>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let entry: Option<(i64, Option<String>, i64)> =
            sqlx::query_as("SELECT rounds, note, at_ms FROM routine_entries WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let exercises: Vec<(String, i64)> = sqlx::query_as(
            "SELECT exercise_id, reps FROM routine_exercises WHERE entry_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let Some((rounds, note, at_ms)) = entry else {
            return Ok(None);
        };
        let bad = |what: &str| StoreError::corrupt("routine_entries", id, what.to_owned());
        Ok(Some(RoutineEntry {
            id,
            rounds: u8::try_from(rounds).map_err(|_| bad("rounds out of range"))?,
            exercises: exercises
                .into_iter()
                .map(|(exercise_id, reps)| {
                    Ok(ExerciseDone {
                        exercise_id,
                        reps: u16::try_from(reps).map_err(|_| bad("reps out of range"))?,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            note,
            at: from_millis(at_ms, "routine_entries", id)?,
        }))
    }

    /// Cross-training entry `id`, if stored.
    pub async fn cross_training_entry(
        &self,
        id: i64,
    ) -> Result<Option<CrossTrainingEntry>, StoreError> {
        let row: Option<CrossRow> = sqlx::query_as(
            "SELECT id, kind, minutes, note, at_ms FROM cross_training_entries WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, kind, minutes, note, at_ms)| {
            Ok(CrossTrainingEntry {
                id,
                kind,
                minutes: u16::try_from(minutes).map_err(|_| {
                    StoreError::corrupt("cross_training_entries", id, "minutes out of range")
                })?,
                note,
                at: from_millis(at_ms, "cross_training_entries", id)?,
            })
        })
        .transpose()
    }

    /// Brace entry `id`, if stored.
    pub async fn brace_entry(&self, id: i64) -> Result<Option<BraceEntry>, StoreError> {
        let row: Option<BraceRow> = sqlx::query_as(
            "SELECT id, worn, activity_id, note, at_ms FROM brace_entries WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, worn, activity_id, note, at_ms)| {
            Ok(BraceEntry {
                id,
                worn,
                activity_id,
                note,
                at: from_millis(at_ms, "brace_entries", id)?,
            })
        })
        .transpose()
    }

    /// RPE entry `id`, if stored.
    pub async fn rpe_entry(&self, id: i64) -> Result<Option<RpeEntry>, StoreError> {
        let row: Option<super::rpe::RpeRow> = sqlx::query_as(
            "SELECT id, activity_id, rpe, note, at_ms FROM rpe_entries WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(super::rpe::rpe_entry).transpose()
    }

    /// Entry `id` of `kind`, whole, if stored.
    pub async fn log_entry(
        &self,
        kind: super::LogKind,
        id: i64,
    ) -> Result<Option<LogEntry>, StoreError> {
        use super::LogKind;
        Ok(match kind {
            LogKind::Pain => self.pain_entry(id).await?.map(LogEntry::Pain),
            LogKind::Routine => self.routine_entry(id).await?.map(LogEntry::Routine),
            LogKind::CrossTraining => self
                .cross_training_entry(id)
                .await?
                .map(LogEntry::CrossTraining),
            LogKind::Brace => self.brace_entry(id).await?.map(LogEntry::Brace),
            LogKind::Rpe => self.rpe_entry(id).await?.map(LogEntry::Rpe),
        })
    }

    /// Replaces pain entry `id`'s fields with `entry`'s; `false` when no
    /// such entry is stored. A linked activity must exist.
    pub async fn update_pain(&self, id: i64, entry: &NewPain) -> Result<bool, StoreError> {
        check_pain(entry)?;
        self.write(async |tx| {
            let done = sqlx::query(
                "UPDATE pain_entries SET region = $1, nrs = $2, timing = $3, activity_id = $4, \
                 note = $5, at_ms = $6, logged_ms = $7 WHERE id = $8",
            )
            .bind(region_name(entry.region))
            .bind(i64::from(entry.nrs.get()))
            .bind(entry.when.name())
            .bind(entry.activity_id)
            .bind(entry.note.as_deref())
            .bind(to_millis(entry.at))
            .bind(to_millis(entry.logged))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| map_foreign_key(e, "activity", entry.activity_id.unwrap_or_default()))?;
            Ok(done.rows_affected() > 0)
        })
        .await
    }

    /// Replaces routine entry `id`'s fields and exercises with `entry`'s,
    /// in one transaction; `false` when no such entry is stored.
    pub async fn update_routine(&self, id: i64, entry: &NewRoutine) -> Result<bool, StoreError> {
        check_routine(entry)?;
        self.write(async |tx| {
            let done = sqlx::query(
                "UPDATE routine_entries SET rounds = $1, note = $2, at_ms = $3, logged_ms = $4 \
                 WHERE id = $5",
            )
            .bind(i64::from(entry.rounds))
            .bind(entry.note.as_deref())
            .bind(to_millis(entry.at))
            .bind(to_millis(entry.logged))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM routine_exercises WHERE entry_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            for (position, exercise) in (0_i64..).zip(&entry.exercises) {
                sqlx::query(
                    "INSERT INTO routine_exercises (entry_id, position, exercise_id, reps) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(position)
                .bind(&exercise.exercise_id)
                .bind(i64::from(exercise.reps))
                .execute(&mut *tx)
                .await?;
            }
            Ok(true)
        })
        .await
    }

    /// Replaces cross-training entry `id`'s fields with `entry`'s; `false`
    /// when no such entry is stored.
    pub async fn update_cross_training(
        &self,
        id: i64,
        entry: &NewCrossTraining,
    ) -> Result<bool, StoreError> {
        check_cross_training(entry)?;
        self.write(async |tx| {
            let done = sqlx::query(
                "UPDATE cross_training_entries SET kind = $1, minutes = $2, note = $3, \
                 at_ms = $4, logged_ms = $5 WHERE id = $6",
            )
            .bind(entry.kind.trim())
            .bind(i64::from(entry.minutes))
            .bind(entry.note.as_deref())
            .bind(to_millis(entry.at))
            .bind(to_millis(entry.logged))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            Ok(done.rows_affected() > 0)
        })
        .await
    }

    /// Replaces brace entry `id`'s fields with `entry`'s; `false` when no
    /// such entry is stored. A linked activity must exist.
    pub async fn update_brace(&self, id: i64, entry: &NewBrace) -> Result<bool, StoreError> {
        check_brace(entry)?;
        self.write(async |tx| {
            let done = sqlx::query(
                "UPDATE brace_entries SET worn = $1, activity_id = $2, note = $3, at_ms = $4, \
                 logged_ms = $5 WHERE id = $6",
            )
            .bind(entry.worn)
            .bind(entry.activity_id)
            .bind(entry.note.as_deref())
            .bind(to_millis(entry.at))
            .bind(to_millis(entry.logged))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| map_foreign_key(e, "activity", entry.activity_id.unwrap_or_default()))?;
            Ok(done.rows_affected() > 0)
        })
        .await
    }

    /// Replaces RPE entry `id`'s fields with `entry`'s; `false` when no
    /// such entry is stored. The activity rated must exist.
    pub async fn update_rpe(&self, id: i64, entry: &NewRpe) -> Result<bool, StoreError> {
        check_rpe(entry)?;
        self.write(async |tx| {
            let done = sqlx::query(
                "UPDATE rpe_entries SET activity_id = $1, rpe = $2, note = $3, at_ms = $4, \
                 logged_ms = $5 WHERE id = $6",
            )
            .bind(entry.activity_id)
            .bind(i64::from(entry.rpe))
            .bind(entry.note.as_deref())
            .bind(to_millis(entry.at))
            .bind(to_millis(entry.logged))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| map_foreign_key(e, "activity", entry.activity_id))?;
            Ok(done.rows_affected() > 0)
        })
        .await
    }
}
