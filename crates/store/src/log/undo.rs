//! Taking back a log entry: reading the one entry (its note and pain score,
//! which the red-flag rule may still rest on) and deleting it in one
//! transaction (a routine's exercises go with it, `ON DELETE CASCADE`).

use crate::error::StoreError;
use crate::open::Store;
use crate::time::from_millis;

/// The five hand-written logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    /// `pain_entries`.
    Pain,
    /// `routine_entries` (and its `routine_exercises`).
    Routine,
    /// `cross_training_entries`.
    CrossTraining,
    /// `brace_entries`.
    Brace,
    /// `rpe_entries`.
    Rpe,
}

impl LogKind {
    fn table(self) -> &'static str {
        match self {
            LogKind::Pain => "pain_entries",
            LogKind::Routine => "routine_entries",
            LogKind::CrossTraining => "cross_training_entries",
            LogKind::Brace => "brace_entries",
            LogKind::Rpe => "rpe_entries",
        }
    }

    /// The log's name in words, as the red-flag rule names it.
    pub fn name(self) -> &'static str {
        match self {
            LogKind::Pain => "pain",
            LogKind::Routine => "routine",
            LogKind::CrossTraining => "cross-training",
            LogKind::Brace => "brace",
            LogKind::Rpe => "RPE",
        }
    }
}

/// What the red-flag rule may rest on in one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryFacts {
    /// Its note.
    pub note: Option<String>,
    /// Its pain score (pain entries only).
    pub nrs: Option<u8>,
    /// When it was told.
    pub logged: chrono::DateTime<chrono::Utc>,
}

type FactsRow = (Option<String>, Option<i64>, i64);

impl Store {
    /// Entry `id` of `kind`'s note, pain score and told time; `None` when
    /// there is no such entry.
    pub async fn log_entry_facts(
        &self,
        kind: LogKind,
        id: i64,
    ) -> Result<Option<EntryFacts>, StoreError> {
        // Literal SQL a table: names are never spliced into a query.
        let sql = match kind {
            LogKind::Pain => "SELECT note, nrs, logged_ms FROM pain_entries WHERE id = $1",
            LogKind::Routine => "SELECT note, NULL, logged_ms FROM routine_entries WHERE id = $1",
            LogKind::CrossTraining => {
                "SELECT note, NULL, logged_ms FROM cross_training_entries WHERE id = $1"
            }
            LogKind::Brace => "SELECT note, NULL, logged_ms FROM brace_entries WHERE id = $1",
            LogKind::Rpe => "SELECT note, NULL, logged_ms FROM rpe_entries WHERE id = $1",
        };
        let row: Option<FactsRow> = sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(note, nrs, logged_ms)| {
            Ok(EntryFacts {
                note,
                nrs: nrs.and_then(|n| u8::try_from(n).ok()),
                logged: from_millis(logged_ms, kind.table(), id)?,
            })
        })
        .transpose()
    }

    /// Deletes entry `id` of `kind` in one transaction; `false` when there
    /// was no such entry.
    pub async fn delete_log_entry(&self, kind: LogKind, id: i64) -> Result<bool, StoreError> {
        let sql = match kind {
            LogKind::Pain => "DELETE FROM pain_entries WHERE id = $1",
            LogKind::Routine => "DELETE FROM routine_entries WHERE id = $1",
            LogKind::CrossTraining => "DELETE FROM cross_training_entries WHERE id = $1",
            LogKind::Brace => "DELETE FROM brace_entries WHERE id = $1",
            LogKind::Rpe => "DELETE FROM rpe_entries WHERE id = $1",
        };
        self.write(async |tx| {
            let done = sqlx::query(sql).bind(id).execute(&mut *tx).await?;
            Ok(done.rows_affected() > 0)
        })
        .await
    }
}

impl Store {
    /// The RPE entries logged for activity `activity_id` (they go when it
    /// is deleted), oldest first.
    pub async fn rpe_ids_of(&self, activity_id: i64) -> Result<Vec<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM rpe_entries WHERE activity_id = $1 ORDER BY id")
                .bind(activity_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }
}
