//! Red-flag checks: each time the runner answered red-flag questions
//! (`backstride assess`, `backstride check`, or the questions `backstride
//! log` asks at once about a note), with every answer. The rule that reads
//! them lives in core (`safety`); the store only keeps them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::error::StoreError;
use crate::open::Store;
use crate::time::{from_millis, to_millis};
use crate::validate;

/// Where a check was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckSource {
    /// The whole assessment (`backstride assess`).
    Assess,
    /// `backstride check`.
    Check,
    /// The questions `backstride log` asked about a note.
    Log,
}

impl CheckSource {
    /// The stable storage name.
    pub fn name(self) -> &'static str {
        match self {
            CheckSource::Assess => "assess",
            CheckSource::Check => "check",
            CheckSource::Log => "log",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "assess" => CheckSource::Assess,
            "check" => CheckSource::Check,
            "log" => CheckSource::Log,
            _ => return None,
        })
    }
}

/// A check to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCheck {
    /// When the questions were answered.
    pub at: DateTime<Utc>,
    /// Whether every asked red-flag question was answered.
    pub complete: bool,
    /// Where.
    pub source: CheckSource,
    /// Item (red-flag ID or `severe-pain`) -> answered yes (1-64 items).
    pub answers: BTreeMap<String, bool>,
}

/// A saved check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCheck {
    /// Row id.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Whether every asked question was answered.
    pub complete: bool,
    /// Where.
    pub source: CheckSource,
    /// Item -> yes.
    pub answers: BTreeMap<String, bool>,
}

impl Store {
    /// Saves a check and its answers in one transaction; returns its id.
    pub async fn save_check(&self, check: &NewCheck) -> Result<i64, StoreError> {
        validate::whole("number of answers", check.answers.len() as i64, 1, 64)?;
        for item in check.answers.keys() {
            validate::text("check item", item, 1, 64)?;
        }
        self.write(async |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO red_flag_checks (at_ms, complete, source) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(to_millis(check.at))
            .bind(check.complete)
            .bind(check.source.name())
            .fetch_one(&mut *tx)
            .await?;
            for (item, yes) in &check.answers {
                sqlx::query(
                    "INSERT INTO red_flag_check_answers (check_id, item, yes) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(item)
                .bind(*yes)
                .execute(&mut *tx)
                .await?;
            }
            Ok(id)
        })
        .await
    }

    /// Every check, oldest first.
    pub async fn list_checks(&self) -> Result<Vec<SavedCheck>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let rows: Vec<(i64, i64, bool, String)> = sqlx::query_as(
            "SELECT id, at_ms, complete, source FROM red_flag_checks ORDER BY at_ms, id",
        )
        .fetch_all(&mut *tx)
        .await?;
        let answers: Vec<(i64, String, bool)> = sqlx::query_as(
            "SELECT check_id, item, yes FROM red_flag_check_answers ORDER BY check_id, item",
        )
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut by_check: BTreeMap<i64, BTreeMap<String, bool>> = BTreeMap::new();
        for (check_id, item, yes) in answers {
            by_check.entry(check_id).or_default().insert(item, yes);
        }
        rows.into_iter()
            .map(|(id, at_ms, complete, source)| {
                Ok(SavedCheck {
                    id,
                    at: from_millis(at_ms, "red_flag_checks", id)?,
                    complete,
                    source: CheckSource::parse(&source).ok_or_else(|| {
                        StoreError::corrupt(
                            "red_flag_checks",
                            id,
                            format!("unknown source {source:?}"),
                        )
                    })?,
                    answers: by_check.remove(&id).unwrap_or_default(),
                })
            })
            .collect()
    }
}
