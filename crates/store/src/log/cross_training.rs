//! Logging and listing cross-training sessions.

use super::{CrossTrainingEntry, NewCrossTraining};
use crate::error::StoreError;
use crate::open::Store;
use crate::time::{TimeRange, from_millis, to_millis};

type CrossRow = (i64, String, i64, Option<String>, i64);

impl Store {
    /// Logs cross-training (kind 1-64 characters, 1-1440 minutes); returns its id.
    pub async fn log_cross_training(&self, entry: &NewCrossTraining) -> Result<i64, StoreError> {
        super::edit::check_cross_training(entry)?;
        self.write(async |tx| {
            let id = sqlx::query_scalar(
                "INSERT INTO cross_training_entries (kind, minutes, note, at_ms, logged_ms) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(entry.kind.trim())
            .bind(i64::from(entry.minutes))
            .bind(entry.note.as_deref())
            .bind(to_millis(entry.at))
            .bind(to_millis(entry.logged))
            .fetch_one(&mut *tx)
            .await?;
            Ok(id)
        })
        .await
    }

    /// Cross-training done in `range`, oldest first.
    pub async fn list_cross_training(
        &self,
        range: TimeRange,
    ) -> Result<Vec<CrossTrainingEntry>, StoreError> {
        let (from, to) = range.millis();
        let rows: Vec<CrossRow> = sqlx::query_as(
            "SELECT id, kind, minutes, note, at_ms FROM cross_training_entries \
             WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms, id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, kind, minutes, note, at_ms)| {
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
            .collect()
    }
}
