//! Insights (issue 4): training load set against back pain, from the
//! runner's own data, as pure functions. `compute` runs everything: load
//! metrics (`crate::load`), pain and adherence (`crate::pain`), honest
//! associations (`assoc`), alerts (`alerts`) and the adaptive-plan decision
//! (`crate::plan::rule`). Dates, data and the seeded generator are arguments; the same
//! input always gives the same output.
//!
//! What is missing is said, never guessed: an empty history gives a report
//! whose `missing` list names what to log, and every association below its
//! minimum says "not enough data".

pub mod alerts;
pub mod ar1;
pub mod assoc;
pub mod exposure;
pub mod load_cause;
pub mod wording;

use chrono::{Days, NaiveDate};

use crate::assessment::triage::FiredFlag;
use crate::history::{
    BraceLog, CrossTrainingLog, History, InputError, PainLog, RoutineLog, Settings,
};
use crate::load::{self, LoadSeries, WeekLoad};
use crate::pain::{self, BraceUse, CrossTrainingDose, RegionPain, RoutineAdherence};
use crate::plan::rule;
use crate::profile::Region;
use crate::stats::SplitMix64;

/// The longest range analysed, days (about 30 years), so a stray date in
/// the data cannot make the series huge.
pub const MAX_DAYS: u64 = 11_000;

/// Something the report cannot show for lack of data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Missing {
    /// No activities recorded.
    Activities,
    /// Activities but neither heart rate nor RPE: no session load.
    SessionLoad,
    /// No pain logged.
    PainLogs,
    /// No routine planned.
    RoutinePlan,
    /// No brace logs.
    BraceLogs,
}

/// Everything the insights report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Insights {
    /// Today, as given.
    pub today: NaiveDate,
    /// The daily series.
    pub load: LoadSeries,
    /// ISO weeks.
    pub weeks: Vec<WeekLoad>,
    /// Pain per region.
    pub pain: Vec<RegionPain>,
    /// Routine adherence.
    pub routine: RoutineAdherence,
    /// Cross-training against the dose.
    pub cross_training: CrossTrainingDose,
    /// Brace use.
    pub brace: BraceUse,
    /// Associations.
    pub findings: assoc::Findings,
    /// Alerts, most serious first.
    pub alerts: Vec<alerts::Alert>,
    /// The pain-monitoring decision for the next runs, if there is data.
    pub decision: Option<rule::Decision>,
    /// What is missing.
    pub missing: Vec<Missing>,
}

/// The first analysed day: the earliest record, or `since` when that is
/// later (a `since` before any data would only add empty days, whose zero
/// load makes every first week look like a spike), else today; never after
/// today nor more than `MAX_DAYS` before it.
pub fn first_day(history: &History, settings: &Settings, today: NaiveDate) -> NaiveDate {
    let earliest = history
        .activities
        .iter()
        .map(|a| a.date)
        .chain(history.pain.iter().map(PainLog::day))
        .chain(history.routines.iter().map(RoutineLog::day))
        .chain(history.cross_training.iter().map(CrossTrainingLog::day))
        .chain(history.braces.iter().map(BraceLog::day))
        .chain(history.planned_routine.iter().map(|p| p.date))
        .min();
    let floor = today.checked_sub_days(Days::new(MAX_DAYS)).unwrap_or(today);
    let start = match (settings.since, earliest) {
        (Some(since), Some(first)) => since.max(first),
        (since, first) => since.or(first).unwrap_or(today),
    };
    start.clamp(floor, today)
}

/// Runs the whole analysis up to `today`.
pub fn compute(
    history: &History,
    settings: &Settings,
    today: NaiveDate,
    red_flags: &[FiredFlag],
    rng: &mut SplitMix64,
) -> Result<Insights, InputError> {
    history.validate()?;
    settings.validate()?;
    let start = first_day(history, settings, today);
    let series = load::series(history, settings, start, today);
    let weeks = load::weeks(&series);
    let pain = pain::by_region(history, today, settings.trend_window_days);
    let routine = pain::adherence::routine(history, today);
    let cross_training = pain::adherence::cross_training(&series, settings.cross_training_dose);
    let brace = pain::adherence::brace(history, today);
    let findings = assoc::associations(history, &series, settings, rng);
    let alerts = alerts::alerts(&alerts::AlertInputs {
        history,
        settings,
        series: &series,
        pain: &pain,
        routine: &routine,
        cross_training: &cross_training,
        red_flags,
        today,
    });
    let episodes: Vec<pain::Episode> = {
        let mut all: Vec<_> = pain
            .iter()
            .filter(|p| matches!(p.region, Region::LowerBack | Region::UpperBack))
            .flat_map(|p| p.episodes.iter().copied())
            .collect();
        all.sort_by_key(|e| e.date);
        all
    };
    let decision = rule::from_history(&episodes, red_flags);
    let mut missing = Vec::new();
    if history.activities.is_empty() {
        missing.push(Missing::Activities);
    } else if series.sources.unavailable as usize == history.activities.len() {
        missing.push(Missing::SessionLoad);
    }
    if history.pain.is_empty() {
        missing.push(Missing::PainLogs);
    }
    if history.planned_routine.is_empty() {
        missing.push(Missing::RoutinePlan);
    }
    if history.braces.is_empty() {
        missing.push(Missing::BraceLogs);
    }
    Ok(Insights {
        today,
        load: series,
        weeks,
        pain,
        routine,
        cross_training,
        brace,
        findings,
        alerts,
        decision,
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::PlannedRoutine;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn planned(date: &str) -> History {
        History {
            planned_routine: vec![PlannedRoutine {
                date: day(date),
                exercise_id: "warrior-pose".into(),
            }],
            ..History::default()
        }
    }

    #[test]
    fn the_window_starts_at_the_data_not_at_an_earlier_since() {
        let h = planned("2025-01-08");
        let today = day("2025-03-01");
        let since = |s: &str| Settings {
            since: Some(day(s)),
            ..Settings::default()
        };
        assert_eq!(
            first_day(&h, &since("2024-09-01"), today),
            day("2025-01-08")
        );
        // A later `since` still cuts the data.
        assert_eq!(
            first_day(&h, &since("2025-02-01"), today),
            day("2025-02-01")
        );
        assert_eq!(
            first_day(&h, &Settings::default(), today),
            day("2025-01-08")
        );
        // No data at all: `since`, else today.
        let empty = History::default();
        assert_eq!(
            first_day(&empty, &since("2025-02-01"), today),
            day("2025-02-01")
        );
        assert_eq!(first_day(&empty, &Settings::default(), today), today);
    }
}
