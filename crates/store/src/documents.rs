//! The runner's answers, assessments and plans, every version with its
//! time; the latest is handed back. Answers are TOML text as the app wrote
//! them (the store never parses them: the app owns that format).
//! Assessments and plans are typed records ([`crate::saved`]) kept as JSON
//! with their layout number; those saved before typed records (report
//! JSON) are converted when the store opens, or read as legacy text when
//! they do not convert.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use crate::error::StoreError;
use crate::open::Store;
use crate::saved::assessment::{ASSESSMENT_LAYOUT, AssessmentRecord};
use crate::saved::plan::{PLAN_LAYOUT, PlanRecord};
use crate::saved::{Saved, decode_assessment, decode_plan};
use crate::time::{from_millis, to_millis};
use crate::validate;

/// Largest document accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// A plan row: id, body, start, weeks, created, layout.
type PlanRow = (i64, String, Option<String>, Option<i64>, i64, Option<i64>);

/// A saved answers document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedDocument {
    /// Row id.
    pub id: i64,
    /// The text as saved.
    pub body: String,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// A saved assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedAssessment {
    /// Row id.
    pub id: i64,
    /// The assessment.
    pub assessment: Saved<AssessmentRecord>,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// A saved plan.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedPlan {
    /// Row id (they grow with every save).
    pub id: i64,
    /// The plan.
    pub plan: Saved<PlanRecord>,
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
        self.save_document("answers", toml, None, None, at).await
    }

    /// The most recently saved answers.
    pub async fn latest_answers(&self) -> Result<Option<SavedDocument>, StoreError> {
        self.latest_document("answers").await
    }

    /// Saves an assessment; returns the row id.
    pub async fn save_assessment(
        &self,
        assessment: &AssessmentRecord,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let json = record_json(assessment)?;
        self.save_document("assessment", &json, None, Some(ASSESSMENT_LAYOUT), at)
            .await
    }

    /// The most recently saved assessment.
    pub async fn latest_assessment(&self) -> Result<Option<SavedAssessment>, StoreError> {
        let row: Option<(i64, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, body, created_ms, layout FROM documents \
             WHERE kind = $1 ORDER BY created_ms DESC, id DESC LIMIT 1",
        )
        .bind("assessment")
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, body, created_ms, layout)| {
            Ok(SavedAssessment {
                id,
                assessment: decode_assessment(layout, body),
                created_at: from_millis(created_ms, "documents", id)?,
            })
        })
        .transpose()
    }

    /// Saves a plan, starting on its request's start and lasting its
    /// request's weeks (1-104); returns the row id.
    pub async fn save_plan(&self, plan: &PlanRecord, at: DateTime<Utc>) -> Result<i64, StoreError> {
        let (start_date, weeks) = (plan.request.start, plan.request.weeks);
        validate::whole("plan weeks", i64::from(weeks), 1, 104)?;
        validate::whole("plan start year", i64::from(start_date.year()), 1900, 9999)?;
        let json = record_json(plan)?;
        self.save_document(
            "plan",
            &json,
            Some((start_date, weeks)),
            Some(PLAN_LAYOUT),
            at,
        )
        .await
    }

    /// The most recently saved plan.
    pub async fn latest_plan(&self) -> Result<Option<SavedPlan>, StoreError> {
        let row: Option<PlanRow> = sqlx::query_as(
            "SELECT id, body, plan_start, plan_weeks, created_ms, layout FROM documents \
             WHERE kind = $1 ORDER BY created_ms DESC, id DESC LIMIT 1",
        )
        .bind("plan")
        .fetch_optional(&self.pool)
        .await?;
        row.map(saved_plan).transpose()
    }

    /// The plan saved just before plan `id` (the one a re-plan or a new
    /// plan replaced), if any.
    pub async fn plan_before(&self, id: i64) -> Result<Option<SavedPlan>, StoreError> {
        let row: Option<PlanRow> = sqlx::query_as(
            "SELECT d.id, d.body, d.plan_start, d.plan_weeks, d.created_ms, d.layout \
             FROM documents d JOIN documents l ON l.id = $2 \
             WHERE d.kind = $1 AND (d.created_ms < l.created_ms \
             OR (d.created_ms = l.created_ms AND d.id < l.id)) \
             ORDER BY d.created_ms DESC, d.id DESC LIMIT 1",
        )
        .bind("plan")
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(saved_plan).transpose()
    }

    async fn save_document(
        &self,
        kind: &'static str,
        body: &str,
        plan: Option<(NaiveDate, u16)>,
        layout: Option<u32>,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        if body.trim().is_empty() || body.len() > MAX_DOCUMENT_BYTES {
            let reason = format!("must be non-empty and at most {MAX_DOCUMENT_BYTES} bytes");
            return Err(StoreError::invalid("document", reason));
        }
        self.write(async |tx| {
            let id = sqlx::query_scalar(
                "INSERT INTO documents (kind, body, plan_start, plan_weeks, created_ms, layout) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(kind)
            .bind(body)
            .bind(plan.map(|(start, _)| start.format("%Y-%m-%d").to_string()))
            .bind(plan.map(|(_, weeks)| i64::from(weeks)))
            .bind(to_millis(at))
            .bind(layout.map(i64::from))
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

/// A record as JSON text.
fn record_json<T: Serialize>(record: &T) -> Result<String, StoreError> {
    serde_json::to_string(record).map_err(|e| StoreError::invalid("record", e.to_string()))
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

/// A plan row as read back, its body decoded.
fn saved_plan(
    (id, body, start, weeks, created_ms, layout): PlanRow,
) -> Result<SavedPlan, StoreError> {
    let (start_date, weeks) = plan_fields(id, start.as_deref(), weeks)?
        .ok_or_else(|| StoreError::corrupt("documents", id, "plan without start or weeks"))?;
    Ok(SavedPlan {
        id,
        plan: decode_plan(layout, body, start_date, weeks),
        start_date,
        weeks,
        created_at: from_millis(created_ms, "documents", id)?,
    })
}
