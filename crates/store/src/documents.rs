//! The runner's answers, assessments and plans, kept as the app wrote them:
//! answers as TOML text, assessments and plans as JSON text. The store never
//! parses them (the app owns those formats); it keeps every version with its
//! time, and hands back the latest.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use crate::error::StoreError;
use crate::open::Store;
use crate::time::{from_millis, to_millis};
use crate::validate;

/// Largest document accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// A plan row: id, body, start, weeks, created.
type PlanRow = (i64, String, Option<String>, Option<i64>, i64);

/// A saved answers or assessment document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedDocument {
    /// Row id.
    pub id: i64,
    /// The text as saved.
    pub body: String,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// A saved plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedPlan {
    /// Row id.
    pub id: i64,
    /// The plan as JSON text.
    pub body: String,
    /// The plan's first day.
    pub start_date: NaiveDate,
    /// Its length in weeks.
    pub weeks: u16,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Saves the runner's answers (TOML text); returns the row id.
    pub async fn save_answers(&self, toml: &str, at: DateTime<Utc>) -> Result<i64, StoreError> {
        self.save_document("answers", toml, None, at).await
    }

    /// The most recently saved answers.
    pub async fn latest_answers(&self) -> Result<Option<SavedDocument>, StoreError> {
        self.latest_document("answers").await
    }

    /// Saves an assessment (JSON text); returns the row id.
    pub async fn save_assessment(&self, json: &str, at: DateTime<Utc>) -> Result<i64, StoreError> {
        self.save_document("assessment", json, None, at).await
    }

    /// The most recently saved assessment.
    pub async fn latest_assessment(&self) -> Result<Option<SavedDocument>, StoreError> {
        self.latest_document("assessment").await
    }

    /// Saves a plan (JSON text) starting on `start_date` and lasting `weeks`
    /// (1-104); returns the row id.
    pub async fn save_plan(
        &self,
        json: &str,
        start_date: NaiveDate,
        weeks: u16,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        validate::whole("plan weeks", i64::from(weeks), 1, 104)?;
        validate::whole("plan start year", i64::from(start_date.year()), 1900, 9999)?;
        self.save_document("plan", json, Some((start_date, weeks)), at)
            .await
    }

    /// The most recently saved plan.
    pub async fn latest_plan(&self) -> Result<Option<SavedPlan>, StoreError> {
        let row: Option<PlanRow> = sqlx::query_as(
            "SELECT id, body, plan_start, plan_weeks, created_ms FROM documents \
             WHERE kind = $1 ORDER BY created_ms DESC, id DESC LIMIT 1",
        )
        .bind("plan")
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, body, start, weeks, created_ms)| {
            let (start_date, weeks) =
                plan_fields(id, start.as_deref(), weeks)?.ok_or_else(|| {
                    StoreError::corrupt("documents", id, "plan without start or weeks")
                })?;
            Ok(SavedPlan {
                id,
                body,
                start_date,
                weeks,
                created_at: from_millis(created_ms, "documents", id)?,
            })
        })
        .transpose()
    }

    async fn save_document(
        &self,
        kind: &'static str,
        body: &str,
        plan: Option<(NaiveDate, u16)>,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        if body.trim().is_empty() || body.len() > MAX_DOCUMENT_BYTES {
            let reason = format!("must be non-empty and at most {MAX_DOCUMENT_BYTES} bytes");
            return Err(StoreError::invalid("document", reason));
        }
        self.write(async |tx| {
            let id = sqlx::query_scalar(
                "INSERT INTO documents (kind, body, plan_start, plan_weeks, created_ms) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(kind)
            .bind(body)
            .bind(plan.map(|(start, _)| start.format("%Y-%m-%d").to_string()))
            .bind(plan.map(|(_, weeks)| i64::from(weeks)))
            .bind(to_millis(at))
            .fetch_one(&mut *tx)
            .await?;
            Ok(id)
        })
        .await
    }

    async fn latest_document(
        &self,
        kind: &'static str,
    ) -> Result<Option<SavedDocument>, StoreError> {
        let row: Option<(i64, String, i64)> = sqlx::query_as(
            "SELECT id, body, created_ms FROM documents \
             WHERE kind = $1 ORDER BY created_ms DESC, id DESC LIMIT 1",
        )
        .bind(kind)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, body, created_ms)| {
            Ok(SavedDocument {
                id,
                body,
                created_at: from_millis(created_ms, "documents", id)?,
            })
        })
        .transpose()
    }
}

/// A plan's start date and weeks from their columns, if both are set.
pub(crate) fn plan_fields(
    id: i64,
    start: Option<&str>,
    weeks: Option<i64>,
) -> Result<Option<(NaiveDate, u16)>, StoreError> {
    let (Some(start), Some(weeks)) = (start, weeks) else {
        return Ok(None);
    };
    let date = NaiveDate::parse_from_str(start, "%Y-%m-%d")
        .map_err(|_| StoreError::corrupt("documents", id, format!("bad plan start {start:?}")))?;
    let weeks = u16::try_from(weeks)
        .map_err(|_| StoreError::corrupt("documents", id, format!("bad plan weeks {weeks}")))?;
    Ok(Some((date, weeks)))
}
