//! Logging and listing routine sessions: one entry row and one row per
//! exercise, written in one transaction.

use std::collections::BTreeMap;

use super::{ExerciseDone, NewRoutine, RoutineEntry};
use crate::error::StoreError;
use crate::open::Store;
use crate::time::{TimeRange, from_millis, to_millis};

impl Store {
    /// Logs a routine session; returns its id.
    pub async fn log_routine(&self, entry: &NewRoutine) -> Result<i64, StoreError> {
        super::edit::check_routine(entry)?;
        self.write(async |tx| {
            let id: i64 = sqlx::query_scalar(
            "INSERT INTO routine_entries (rounds, note, at_ms, logged_ms) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(i64::from(entry.rounds))
        .bind(entry.note.as_deref())
        .bind(to_millis(entry.at))
        .bind(to_millis(entry.logged))
        .fetch_one(&mut *tx)
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
            Ok(id)
        })
        .await
    }

    /// Routine sessions done in `range`, oldest first, with their exercises.
    pub async fn list_routines(&self, range: TimeRange) -> Result<Vec<RoutineEntry>, StoreError> {
        let (from, to) = range.millis();
        let mut tx = self.pool.begin().await?;
        let entries: Vec<(i64, i64, Option<String>, i64)> = sqlx::query_as(
            "SELECT id, rounds, note, at_ms FROM routine_entries \
             WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms, id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&mut *tx)
        .await?;
        let exercises: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT e.entry_id, e.exercise_id, e.reps FROM routine_exercises e \
             JOIN routine_entries r ON r.id = e.entry_id \
             WHERE r.at_ms >= $1 AND r.at_ms < $2 ORDER BY e.entry_id, e.position",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;

        let mut by_entry: BTreeMap<i64, Vec<ExerciseDone>> = BTreeMap::new();
        for (entry_id, exercise_id, reps) in exercises {
            let reps = u16::try_from(reps).map_err(|_| {
                StoreError::corrupt("routine_exercises", entry_id, "reps out of range")
            })?;
            by_entry
                .entry(entry_id)
                .or_default()
                .push(ExerciseDone { exercise_id, reps });
        }
        entries
            .into_iter()
            .map(|(id, rounds, note, at_ms)| {
                Ok(RoutineEntry {
                    id,
                    rounds: u8::try_from(rounds).map_err(|_| {
                        StoreError::corrupt("routine_entries", id, "rounds out of range")
                    })?,
                    exercises: by_entry.remove(&id).unwrap_or_default(),
                    note,
                    at: from_millis(at_ms, "routine_entries", id)?,
                })
            })
            .collect()
    }
}
