//! Everything that happened in a time range, kind by kind, for
//! `backstride history`: activities by start, log entries by their time.

use serde::Serialize;

use crate::activities::ActivitySummary;
use crate::error::StoreError;
use crate::form::FormEntry;
use crate::log::{BraceEntry, CrossTrainingEntry, PainEntry, RoutineEntry, RpeEntry};
use crate::open::Store;
use crate::time::TimeRange;

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
