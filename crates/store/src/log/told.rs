//! What the red-flag rule reads from the logs: every note and every pain
//! score with the moment it was TOLD (`logged_ms`), across the five log
//! tables, whatever day the entry describes.

use backstride_core::profile::Region;
use chrono::{DateTime, Utc};

use crate::error::StoreError;
use crate::names::parse_region;
use crate::open::Store;
use crate::time::{from_millis, to_millis};

/// A log note with when it describes and when it was told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToldNote {
    /// The log it belongs to, in words: "pain", "routine",
    /// "cross-training", "brace" or "RPE".
    pub log: &'static str,
    /// The entry's row id in its table.
    pub entry_id: i64,
    /// The moment the entry describes.
    pub at: DateTime<Utc>,
    /// When it was told.
    pub logged: DateTime<Utc>,
    /// The note.
    pub note: String,
}

/// A pain score with when it was told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToldPain {
    /// Row id.
    pub id: i64,
    /// Where.
    pub region: Region,
    /// 0-10.
    pub nrs: u8,
    /// When it was felt.
    pub at: DateTime<Utc>,
    /// When it was told.
    pub logged: DateTime<Utc>,
}

/// Each table with notes: its name, how its log is named for people, and
/// the query for its notes told after `$1` ms.
const NOTE_QUERIES: [(&str, &str, &str); 5] = [
    (
        "pain_entries",
        "pain",
        "SELECT id, at_ms, logged_ms, note FROM pain_entries \
         WHERE note IS NOT NULL AND logged_ms > $1",
    ),
    (
        "routine_entries",
        "routine",
        "SELECT id, at_ms, logged_ms, note FROM routine_entries \
         WHERE note IS NOT NULL AND logged_ms > $1",
    ),
    (
        "cross_training_entries",
        "cross-training",
        "SELECT id, at_ms, logged_ms, note FROM cross_training_entries \
         WHERE note IS NOT NULL AND logged_ms > $1",
    ),
    (
        "brace_entries",
        "brace",
        "SELECT id, at_ms, logged_ms, note FROM brace_entries \
         WHERE note IS NOT NULL AND logged_ms > $1",
    ),
    (
        "rpe_entries",
        "RPE",
        "SELECT id, at_ms, logged_ms, note FROM rpe_entries \
         WHERE note IS NOT NULL AND logged_ms > $1",
    ),
];

impl Store {
    /// Every non-empty log note told after `after` (all of them without
    /// it), in the order told.
    pub async fn notes_told_after(
        &self,
        after: Option<DateTime<Utc>>,
    ) -> Result<Vec<ToldNote>, StoreError> {
        let from = after.map_or(i64::MIN, to_millis);
        let mut out = Vec::new();
        for (table, log, sql) in NOTE_QUERIES {
            let rows: Vec<(i64, i64, i64, String)> =
                sqlx::query_as(sql).bind(from).fetch_all(&self.pool).await?;
            for (id, at_ms, logged_ms, note) in rows {
                if note.trim().is_empty() {
                    continue;
                }
                out.push(ToldNote {
                    log,
                    entry_id: id,
                    at: from_millis(at_ms, table, id)?,
                    logged: from_millis(logged_ms, table, id)?,
                    note,
                });
            }
        }
        out.sort_by_key(|n| (n.logged, n.entry_id));
        Ok(out)
    }

    /// Every pain score, oldest first by the moment it describes.
    pub async fn pain_told(&self) -> Result<Vec<ToldPain>, StoreError> {
        let rows: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT id, region, nrs, at_ms, logged_ms FROM pain_entries ORDER BY at_ms, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, region, nrs, at_ms, logged_ms)| {
                let bad = |what: String| StoreError::corrupt("pain_entries", id, what);
                Ok(ToldPain {
                    id,
                    region: parse_region(&region)
                        .ok_or_else(|| bad(format!("unknown region {region:?}")))?,
                    nrs: u8::try_from(nrs)
                        .ok()
                        .filter(|&n| n <= 10)
                        .ok_or_else(|| bad(format!("pain score {nrs} is off the scale")))?,
                    at: from_millis(at_ms, "pain_entries", id)?,
                    logged: from_millis(logged_ms, "pain_entries", id)?,
                })
            })
            .collect()
    }
}
