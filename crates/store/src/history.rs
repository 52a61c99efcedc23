//! Everything that happened in a time range, kind by kind, for
//! `backstride history`: activities by start, log entries by their time;
//! and the log entries a page at a time, newest first across every log,
//! for listings that must not read a decade to show a screenful.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::activities::ActivitySummary;
use crate::error::StoreError;
use crate::form::FormEntry;
use crate::log::LogKind;
use crate::log::{BraceEntry, CrossTrainingEntry, PainEntry, RoutineEntry, RpeEntry};
use crate::open::Store;
use crate::time::{TimeRange, from_millis};

/// The history of a time range, each list oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// Activities started in the range.
    pub activities: Vec<ActivitySummary>,
    /// Pain scores.
    pub pain: Vec<PainEntry>,
    /// Routine sessions.
    pub routines: Vec<RoutineEntry>,
    /// Cross-training.
    pub cross_training: Vec<CrossTrainingEntry>,
    /// Brace use.
    pub brace: Vec<BraceEntry>,
    /// Session efforts (RPE), by when they were logged; all of them, also
    /// those a later log for the same activity replaced.
    pub rpe: Vec<RpeEntry>,
    /// Running form analyses made in the range.
    pub form: Vec<FormEntry>,
}

impl History {
    /// Whether nothing at all happened in the range.
    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
            && self.pain.is_empty()
            && self.routines.is_empty()
            && self.cross_training.is_empty()
            && self.brace.is_empty()
            && self.rpe.is_empty()
            && self.form.is_empty()
    }
}

impl Store {
    /// Activities and log entries in `range`.
    pub async fn history(&self, range: TimeRange) -> Result<History, StoreError> {
        Ok(History {
            activities: self.list_activities(range).await?,
            pain: self.list_pain(range).await?,
            routines: self.list_routines(range).await?,
            cross_training: self.list_cross_training(range).await?,
            brace: self.list_brace(range).await?,
            rpe: self.list_rpe(range).await?,
            form: self.list_form_analyses(range).await?,
        })
    }
}

/// Every hand-written log's (log, id, instant), for counting across logs;
/// `$1` and `$2` bound the instant. The log is numbered in [`ENTRY_LOGS`]'
/// order.
const ALL_ENTRIES: &str = "SELECT 0 AS log, id, at_ms FROM pain_entries \
     WHERE at_ms >= $1 AND at_ms < $2 \
     UNION ALL SELECT 1, id, at_ms FROM routine_entries WHERE at_ms >= $1 AND at_ms < $2 \
     UNION ALL SELECT 2, id, at_ms FROM cross_training_entries WHERE at_ms >= $1 AND at_ms < $2 \
     UNION ALL SELECT 3, id, at_ms FROM brace_entries WHERE at_ms >= $1 AND at_ms < $2 \
     UNION ALL SELECT 4, id, at_ms FROM rpe_entries WHERE at_ms >= $1 AND at_ms < $2";

/// The newest `$3` entries of each log, numbered as in [`ALL_ENTRIES`]:
/// a page ending at entry `$3` overall lies among them, so the page is
/// sorted out of at most five times `$3` rows, not out of every entry.
const NEWEST_ENTRIES: &str = "SELECT * FROM (SELECT 0 AS log, id, at_ms FROM pain_entries \
     WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms DESC, id DESC LIMIT $3) \
     UNION ALL SELECT * FROM (SELECT 1, id, at_ms FROM routine_entries \
     WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms DESC, id DESC LIMIT $3) \
     UNION ALL SELECT * FROM (SELECT 2, id, at_ms FROM cross_training_entries \
     WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms DESC, id DESC LIMIT $3) \
     UNION ALL SELECT * FROM (SELECT 3, id, at_ms FROM brace_entries \
     WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms DESC, id DESC LIMIT $3) \
     UNION ALL SELECT * FROM (SELECT 4, id, at_ms FROM rpe_entries \
     WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms DESC, id DESC LIMIT $3)";

/// The logs as [`ALL_ENTRIES`] numbers them.
const ENTRY_LOGS: [LogKind; 5] = [
    LogKind::Pain,
    LogKind::Routine,
    LogKind::CrossTraining,
    LogKind::Brace,
    LogKind::Rpe,
];

impl Store {
    /// One page of the log entries (pain, routines, cross-training, brace,
    /// effort) in `range`: `limit` of them after skipping `offset`, counted
    /// newest first across every log (by time, then id, then log); with how
    /// many the range holds in all. The page comes back as a [`History`]
    /// whose log lists hold exactly the page's entries (each oldest first;
    /// no activities or form analyses).
    pub async fn entry_page(
        &self,
        range: TimeRange,
        limit: u32,
        offset: u64,
    ) -> Result<(History, u64), StoreError> {
        let (from, to) = range.millis();
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM ({ALL_ENTRIES})"
        )))
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await?;
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let picked: Vec<(i64, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT log, id, at_ms FROM ({NEWEST_ENTRIES}) \
             ORDER BY at_ms DESC, id DESC, log LIMIT $4 OFFSET $5"
        )))
        .bind(from)
        .bind(to)
        .bind(offset.saturating_add(i64::from(limit)))
        .bind(i64::from(limit))
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let total = u64::try_from(total).unwrap_or(0);
        let mut page = History {
            activities: Vec::new(),
            pain: Vec::new(),
            routines: Vec::new(),
            cross_training: Vec::new(),
            brace: Vec::new(),
            rpe: Vec::new(),
            form: Vec::new(),
        };
        let (Some(first), Some(last)) = (
            picked.iter().map(|p| p.2).min(),
            picked.iter().map(|p| p.2).max(),
        ) else {
            return Ok((page, total));
        };
        let keep: BTreeSet<(usize, i64)> = picked
            .iter()
            .filter_map(|(log, id, _)| Some((usize::try_from(*log).ok()?, *id)))
            .collect();
        let on = |kind: LogKind, id: i64| {
            ENTRY_LOGS
                .iter()
                .position(|k| *k == kind)
                .is_some_and(|log| keep.contains(&(log, id)))
        };
        // The page's instants, as a range the logs' own readers take.
        let narrow = TimeRange::between(
            from_millis(first, "log entries", 0)?,
            from_millis(last.saturating_add(1), "log entries", 0)?,
        );
        // Only the logs the page holds entries of are read.
        let from = |kind: LogKind| {
            ENTRY_LOGS
                .iter()
                .position(|k| *k == kind)
                .is_some_and(|log| keep.iter().any(|(l, _)| *l == log))
        };
        if from(LogKind::Pain) {
            page.pain = self.list_pain(narrow).await?;
            page.pain.retain(|e| on(LogKind::Pain, e.id));
        }
        if from(LogKind::Routine) {
            page.routines = self.list_routines(narrow).await?;
            page.routines.retain(|e| on(LogKind::Routine, e.id));
        }
        if from(LogKind::CrossTraining) {
            page.cross_training = self.list_cross_training(narrow).await?;
            page.cross_training
                .retain(|e| on(LogKind::CrossTraining, e.id));
        }
        if from(LogKind::Brace) {
            page.brace = self.list_brace(narrow).await?;
            page.brace.retain(|e| on(LogKind::Brace, e.id));
        }
        if from(LogKind::Rpe) {
            page.rpe = self.list_rpe(narrow).await?;
            page.rpe.retain(|e| on(LogKind::Rpe, e.id));
        }
        Ok((page, total))
    }
}
