//! Logging and listing brace use.

use super::{BraceEntry, NewBrace};
use crate::error::{StoreError, map_foreign_key};
use crate::open::Store;
use crate::time::{TimeRange, from_millis, to_millis};

type BraceRow = (i64, bool, Option<i64>, Option<String>, i64);

impl Store {
    /// Logs whether a brace was worn; returns its id. A linked activity must exist.
    pub async fn log_brace(&self, entry: &NewBrace) -> Result<i64, StoreError> {
        super::edit::check_brace(entry)?;
        self.write(async |tx| {
            sqlx::query_scalar(
                "INSERT INTO brace_entries (worn, activity_id, note, at_ms, logged_ms) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(entry.worn)
            .bind(entry.activity_id)
            .bind(entry.note.as_deref())
            .bind(to_millis(entry.at))
            .bind(to_millis(entry.logged))
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| map_foreign_key(e, "activity", entry.activity_id.unwrap_or_default()))
        })
        .await
    }

    /// Brace use logged in `range`, oldest first.
    pub async fn list_brace(&self, range: TimeRange) -> Result<Vec<BraceEntry>, StoreError> {
        let (from, to) = range.millis();
        let rows: Vec<BraceRow> = sqlx::query_as(
            "SELECT id, worn, activity_id, note, at_ms FROM brace_entries \
             WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms, id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, worn, activity_id, note, at_ms)| {
                Ok(BraceEntry {
                    id,
                    worn,
                    activity_id,
                    note,
                    at: from_millis(at_ms, "brace_entries", id)?,
                })
            })
            .collect()
    }
}
