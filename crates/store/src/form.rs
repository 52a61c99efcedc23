//! Running form analyses (issue 5): the app's JSON report of one analysed
//! run, kept as written, with the run's date, where the keypoints came
//! from, and the `form.*` signals its findings raised (so the assessment
//! can use them without parsing the report).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::documents::MAX_DOCUMENT_BYTES;
use crate::error::StoreError;
use crate::open::Store;
use crate::time::{TimeRange, from_millis, to_millis};

/// A form analysis to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFormAnalysis<'a> {
    /// The day the run was filmed.
    pub run_date: NaiveDate,
    /// Where the keypoints came from (file or folder names).
    pub source: &'a str,
    /// The report as JSON text.
    pub body: &'a str,
    /// The `form.*` signals its findings raised.
    pub signals: &'a [String],
    /// How many findings it has.
    pub findings: u32,
    /// When it was analysed.
    pub at: DateTime<Utc>,
}

/// A saved form analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedFormAnalysis {
    /// Row id.
    pub id: i64,
    /// The day the run was filmed.
    pub run_date: NaiveDate,
    /// Where the keypoints came from.
    pub source: String,
    /// The report as JSON text.
    pub body: String,
    /// Signals raised.
    pub signals: Vec<String>,
    /// Number of findings.
    pub findings: u32,
    /// When it was analysed.
    pub created_at: DateTime<Utc>,
}

/// A form analysis as `backstride history` lists it (without the report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormEntry {
    /// Row id.
    pub id: i64,
    /// The day the run was filmed.
    pub run_date: NaiveDate,
    /// Where the keypoints came from.
    pub source: String,
    /// Signals raised.
    pub signals: Vec<String>,
    /// Number of findings.
    pub findings: u32,
    /// When it was analysed.
    pub at: DateTime<Utc>,
}

type Row = (i64, String, String, String, String, i64, i64);

fn from_row(
    (id, date, source, body, signals, findings, created): Row,
) -> Result<SavedFormAnalysis, StoreError> {
    let run_date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map_err(|_| StoreError::corrupt("form_analyses", id, format!("bad run date {date:?}")))?;
    Ok(SavedFormAnalysis {
        id,
        run_date,
        source,
        body,
        signals: signals
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        findings: u32::try_from(findings)
            .map_err(|_| StoreError::corrupt("form_analyses", id, "negative findings"))?,
        created_at: from_millis(created, "form_analyses", id)?,
    })
}

impl Store {
    /// Form analyses made in `range` (by when they were analysed), oldest
    /// first, without their reports.
    pub async fn list_form_analyses(&self, range: TimeRange) -> Result<Vec<FormEntry>, StoreError> {
        let (from, to) = range.millis();
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, run_date, source, '' AS body, signals, findings, created_ms FROM form_analyses \
             WHERE created_ms >= $1 AND created_ms < $2 ORDER BY created_ms, id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                from_row(row).map(|f| FormEntry {
                    id: f.id,
                    run_date: f.run_date,
                    source: f.source,
                    signals: f.signals,
                    findings: f.findings,
                    at: f.created_at,
                })
            })
            .collect()
    }

    /// Saves a form analysis; returns its row id.
    pub async fn save_form_analysis(&self, f: &NewFormAnalysis<'_>) -> Result<i64, StoreError> {
        if f.body.trim().is_empty() || f.body.len() > MAX_DOCUMENT_BYTES {
            let reason = format!("must be non-empty and at most {MAX_DOCUMENT_BYTES} bytes");
            return Err(StoreError::invalid("form analysis", reason));
        }
        if f.source.trim().is_empty() {
            return Err(StoreError::invalid(
                "form analysis source",
                "must not be empty".to_owned(),
            ));
        }
        if let Some(bad) = f.signals.iter().find(|s| s.is_empty() || s.contains(',')) {
            return Err(StoreError::invalid(
                "form analysis signal",
                format!("{bad:?} is not a signal name"),
            ));
        }
        self.write(async |tx| {
            let id = sqlx::query_scalar(
                "INSERT INTO form_analyses (run_date, source, body, signals, findings, created_ms) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(f.run_date.format("%Y-%m-%d").to_string())
            .bind(f.source)
            .bind(f.body)
            .bind(f.signals.join(","))
            .bind(i64::from(f.findings))
            .bind(to_millis(f.at))
            .fetch_one(&mut *tx)
            .await?;
            Ok(id)
        })
        .await
    }

    /// The analysis of the most recently filmed run (latest saved on ties).
    pub async fn latest_form_analysis(&self) -> Result<Option<SavedFormAnalysis>, StoreError> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, run_date, source, body, signals, findings, created_ms FROM form_analyses \
             ORDER BY run_date DESC, created_ms DESC, id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(from_row).transpose()
    }

    /// One form analysis by its row id (`None` when there is none).
    pub async fn form_analysis(&self, id: i64) -> Result<Option<SavedFormAnalysis>, StoreError> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, run_date, source, body, signals, findings, created_ms FROM form_analyses \
             WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(from_row).transpose()
    }

    /// Every form analysis of runs filmed from `from` to `to` (inclusive),
    /// oldest first.
    pub async fn form_analyses(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<SavedFormAnalysis>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, run_date, source, body, signals, findings, created_ms FROM form_analyses \
             WHERE run_date >= $1 AND run_date <= $2 ORDER BY run_date, created_ms, id",
        )
        .bind(from.format("%Y-%m-%d").to_string())
        .bind(to.format("%Y-%m-%d").to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(from_row).collect()
    }
}
