//! Logging and listing session effort (RPE, Foster's CR-10 scale): each log
//! is kept, and an activity's RPE is the one logged last, so a later log
//! corrects an earlier one without losing it.

use super::{NewRpe, RpeEntry};
use crate::error::{StoreError, map_foreign_key};
use crate::open::Store;
use crate::time::{TimeRange, from_millis, to_millis};

pub(super) type RpeRow = (i64, i64, i64, Option<String>, i64);

impl Store {
    /// Logs the session RPE (0-10) of a stored activity; returns its id.
    pub async fn log_rpe(&self, entry: &NewRpe) -> Result<i64, StoreError> {
        super::edit::check_rpe(entry)?;
        self.write(async |tx| {
            sqlx::query_scalar(
                "INSERT INTO rpe_entries (activity_id, rpe, note, at_ms, logged_ms) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(entry.activity_id)
            .bind(i64::from(entry.rpe))
            .bind(entry.note.as_deref())
            .bind(to_millis(entry.at))
            .bind(to_millis(entry.logged))
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| map_foreign_key(e, "activity", entry.activity_id))
        })
        .await
    }

    /// Every RPE logged in `range` (by when it was logged), oldest first.
    pub async fn list_rpe(&self, range: TimeRange) -> Result<Vec<RpeEntry>, StoreError> {
        let (from, to) = range.millis();
        let rows: Vec<RpeRow> = sqlx::query_as(
            "SELECT id, activity_id, rpe, note, at_ms FROM rpe_entries \
             WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms, id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(rpe_entry).collect()
    }

    /// The RPE of each activity that started in `range` and has one: the
    /// entry logged last (highest id), whenever it was logged. Ordered by
    /// the activities' start.
    pub async fn latest_rpe(&self, range: TimeRange) -> Result<Vec<RpeEntry>, StoreError> {
        let (from, to) = range.millis();
        let rows: Vec<RpeRow> = sqlx::query_as(
            "SELECT r.id, r.activity_id, r.rpe, r.note, r.at_ms \
             FROM rpe_entries r JOIN activities a ON a.id = r.activity_id \
             WHERE a.start_ms >= $1 AND a.start_ms < $2 \
               AND r.id = (SELECT MAX(l.id) FROM rpe_entries l \
                           WHERE l.activity_id = r.activity_id) \
             ORDER BY a.start_ms, a.id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(rpe_entry).collect()
    }
}

pub(super) fn rpe_entry(
    (id, activity_id, rpe, note, at_ms): RpeRow,
) -> Result<RpeEntry, StoreError> {
    Ok(RpeEntry {
        id,
        activity_id,
        rpe: u8::try_from(rpe).ok().filter(|&r| r <= 10).ok_or_else(|| {
            StoreError::corrupt("rpe_entries", id, format!("RPE {rpe} is off the scale"))
        })?,
        note,
        at: from_millis(at_ms, "rpe_entries", id)?,
    })
}
