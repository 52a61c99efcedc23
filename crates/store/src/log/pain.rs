//! Logging and listing pain scores.

use super::{NewPain, PainEntry, PainWhen};
use crate::error::{StoreError, map_foreign_key};
use crate::names::{parse_region, region_name};
use crate::open::Store;
use crate::time::{TimeRange, from_millis, to_millis};

pub(super) type PainRow = (i64, String, i64, String, Option<i64>, Option<String>, i64);

impl Store {
    /// Logs a pain score; returns its id. A linked activity must exist.
    pub async fn log_pain(&self, entry: &NewPain) -> Result<i64, StoreError> {
        super::edit::check_pain(entry)?;
        self.write(async |tx| {
            sqlx::query_scalar(
                "INSERT INTO pain_entries (region, nrs, timing, activity_id, note, at_ms, logged_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(region_name(entry.region))
            .bind(i64::from(entry.nrs.get()))
            .bind(entry.when.name())
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

    /// Pain scores felt in `range`, oldest first.
    pub async fn list_pain(&self, range: TimeRange) -> Result<Vec<PainEntry>, StoreError> {
        let (from, to) = range.millis();
        let rows: Vec<PainRow> = sqlx::query_as(
            "SELECT id, region, nrs, timing, activity_id, note, at_ms FROM pain_entries \
             WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms, id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(pain_entry).collect()
    }
}

pub(super) fn pain_entry(
    (id, region, nrs, timing, activity_id, note, at_ms): PainRow,
) -> Result<PainEntry, StoreError> {
    let bad = |what: String| StoreError::corrupt("pain_entries", id, what);
    Ok(PainEntry {
        id,
        region: parse_region(&region).ok_or_else(|| bad(format!("unknown region {region:?}")))?,
        nrs: u8::try_from(nrs)
            .ok()
            .filter(|&n| n <= 10)
            .ok_or_else(|| bad(format!("pain score {nrs} is off the scale")))?,
        when: PainWhen::parse(&timing).ok_or_else(|| bad(format!("unknown timing {timing:?}")))?,
        activity_id,
        note,
        at: from_millis(at_ms, "pain_entries", id)?,
    })
}
