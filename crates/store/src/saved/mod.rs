//! Plans and assessments as typed records: the serde types the store keeps
//! in a `documents` row's `body` ([`plan`], [`assessment`]; the layout
//! number in the row's `layout` column), how a row is read back
//! ([`Saved`]), and the conversion of rows saved before typed records,
//! which held the rendered report JSON ([`legacy`], run by [`backfill`]
//! when the store opens). The app converts core's types into these
//! records; core derives no serde.

pub mod assessment;
pub mod legacy;
pub mod plan;

use chrono::NaiveDate;

use crate::backend::{BEGIN_WRITE, Pool};
use crate::documents::plan_fields;
use crate::error::StoreError;

/// A saved record as read back.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved<T> {
    /// The typed record.
    Record(T),
    /// A row this version cannot read as a record (a report from an older
    /// layout that did not convert): its text, kept as it was saved, and
    /// why it could not be read.
    Legacy {
        /// The text as saved.
        body: String,
        /// Why it is not a record.
        problem: String,
    },
}

impl<T> Saved<T> {
    /// The record, if it is one.
    pub fn record(&self) -> Option<&T> {
        match self {
            Saved::Record(r) => Some(r),
            Saved::Legacy { .. } => None,
        }
    }
}

/// Reads a plan row: a typed record of a layout this version knows, or a
/// report from before typed records (converted here when the open-time
/// conversion has not run, as on a read-only database).
pub(crate) fn decode_plan(
    layout: Option<i64>,
    body: String,
    start: NaiveDate,
    weeks: u16,
) -> Saved<plan::PlanRecord> {
    let read = match layout {
        Some(l) if l == i64::from(plan::PLAN_LAYOUT) => serde_json::from_str(&body)
            .map_err(|e| format!("the saved plan record does not read: {e}")),
        Some(0) | None => legacy::plan_from_report(&body, start, weeks),
        Some(l) => Err(format!("unknown plan record layout {l}")),
    };
    match read {
        Ok(record) => Saved::Record(record),
        Err(problem) => Saved::Legacy { body, problem },
    }
}

/// Reads an assessment row, as [`decode_plan`].
pub(crate) fn decode_assessment(
    layout: Option<i64>,
    body: String,
) -> Saved<assessment::AssessmentRecord> {
    let read = match layout {
        Some(l) if l == i64::from(assessment::ASSESSMENT_LAYOUT) => serde_json::from_str(&body)
            .map_err(|e| format!("the saved assessment record does not read: {e}")),
        Some(0) | None => legacy::assessment_from_report(&body),
        Some(l) => Err(format!("unknown assessment record layout {l}")),
    };
    match read {
        Ok(record) => Saved::Record(record),
        Err(problem) => Saved::Legacy { body, problem },
    }
}

/// Rows not converted yet.
const UNCONVERTED: &str = "FROM documents WHERE layout IS NULL AND kind IN ('plan', 'assessment')";

type Row = (i64, String, String, Option<String>, Option<i64>);

/// Converts every plan and assessment saved as report JSON into a typed
/// record, in one write transaction, and says how many it converted. The
/// report's text moves to `legacy_body`, word for word; a report that does
/// not convert keeps its `body` and gets layout 0 (legacy), so it is not
/// tried again. Idempotent, and only reads when there is nothing to do.
pub(crate) async fn backfill(pool: &Pool) -> Result<usize, StoreError> {
    let any: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT EXISTS (SELECT 1 {UNCONVERTED})"
    )))
    .fetch_one(pool)
    .await?;
    if !any {
        return Ok(0);
    }
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    // Asked again under the write lock: another process may have done it.
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, kind, body, plan_start, plan_weeks {UNCONVERTED} ORDER BY id"
    )))
    .fetch_all(&mut *tx)
    .await?;
    let mut converted = 0;
    for (id, kind, body, start, weeks) in rows {
        let record = if kind == "plan" {
            let Some((start, weeks)) = plan_fields(id, start.as_deref(), weeks)? else {
                return Err(StoreError::corrupt(
                    "documents",
                    id,
                    "plan without start or weeks",
                ));
            };
            legacy::plan_from_report(&body, start, weeks)
                .and_then(|r| serde_json::to_string(&r).map_err(|e| e.to_string()))
                .map(|json| (json, plan::PLAN_LAYOUT))
        } else {
            legacy::assessment_from_report(&body)
                .and_then(|r| serde_json::to_string(&r).map_err(|e| e.to_string()))
                .map(|json| (json, assessment::ASSESSMENT_LAYOUT))
        };
        match record {
            Ok((json, layout)) => {
                sqlx::query(
                    "UPDATE documents SET legacy_body = body, body = $1, layout = $2 WHERE id = $3",
                )
                .bind(json)
                .bind(i64::from(layout))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                converted += 1;
            }
            Err(_) => {
                sqlx::query("UPDATE documents SET layout = 0 WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    // The commit's own result is read: on a full disk, this is where
    // SQLite says so.
    tx.commit().await?;
    Ok(converted)
}
