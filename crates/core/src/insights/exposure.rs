//! What pain is set against in the associations: each exposure as a
//! yes / no / unknown per day of the series, and the daily back-pain
//! outcome (the highest of lower- and upper-back NRS that day; a day
//! without a log is unknown unless the runner says they log every day).
//!
//! Thresholds are ours and stated: a long run is at least 1.5 x the median
//! run distance (with 5+ runs); a hard day has at least 20 % of its time in
//! zones 4-5; a load spike is an acute:chronic ratio at or above the
//! setting (1.3, the top of Gabbett's descriptive band) on a training day.

use crate::history::{History, Settings};
use crate::load::LoadSeries;
use crate::load::session::median_run_distance;
use crate::pain::{adherence, daily_max};
use crate::profile::Region;

/// A run this much longer than the median run counts as long.
pub const LONG_RUN_FACTOR: f64 = 1.5;

/// Share of a day's time in zones 4-5 that makes it a hard day.
pub const HARD_SHARE: f64 = crate::load::session::HARD_SHARE;

/// What pain is set against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Exposure {
    /// Acute:chronic ratio at or above the spike setting, on a training day.
    LoadSpike,
    /// A run at least 1.5 x the median run distance.
    LongRun,
    /// At least 20 % of the day's training time in zones 4-5.
    HardSession,
    /// A planned routine day with no session logged.
    SkippedRoutine,
    /// Fewer cross-training days than the dose in the 30 days to that day.
    CrossTrainingBelowDose,
    /// A brace worn that day (against days logged without).
    BraceWorn,
}

impl Exposure {
    /// Every exposure, in report order.
    pub const ALL: [Exposure; 6] = [
        Exposure::LoadSpike,
        Exposure::LongRun,
        Exposure::HardSession,
        Exposure::SkippedRoutine,
        Exposure::CrossTrainingBelowDose,
        Exposure::BraceWorn,
    ];

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Exposure::LoadSpike => "a load-spike day",
            Exposure::LongRun => "a long run",
            Exposure::HardSession => "a hard session",
            Exposure::SkippedRoutine => "a skipped routine",
            Exposure::CrossTrainingBelowDose => "cross-training below the dose",
            Exposure::BraceWorn => "wearing the brace",
        }
    }

    /// Lags tested, days.
    pub fn max_lag(self) -> u8 {
        match self {
            Exposure::LoadSpike => 3,
            Exposure::LongRun | Exposure::HardSession | Exposure::SkippedRoutine => 1,
            Exposure::CrossTrainingBelowDose | Exposure::BraceWorn => 0,
        }
    }
}

/// Daily back pain (lower and upper back), per the missing-day setting.
pub fn back_pain(history: &History, series: &LoadSeries, settings: &Settings) -> Vec<Option<f64>> {
    region_pain(
        history,
        series,
        settings,
        &[Region::LowerBack, Region::UpperBack],
    )
}

/// Daily pain, the highest of `regions`, per the missing-day setting.
pub fn region_pain(
    history: &History,
    series: &LoadSeries,
    settings: &Settings,
    regions: &[Region],
) -> Vec<Option<f64>> {
    let Some(start) = series.start() else {
        return Vec::new();
    };
    daily_max(history, regions, start, series.days.len())
        .into_iter()
        .map(|v| match v {
            Some(v) => Some(f64::from(v)),
            None => settings.missing_pain_is_zero.then_some(0.0),
        })
        .collect()
}

/// Each exposure as a yes/no/unknown per day of the series.
pub fn exposure_days(
    history: &History,
    series: &LoadSeries,
    settings: &Settings,
    e: Exposure,
) -> Vec<Option<bool>> {
    let days = &series.days;
    match e {
        Exposure::LoadSpike => days
            .iter()
            .zip(&series.acwr)
            .map(|(d, r)| r.map(|r| d.load > 0.0 && r >= settings.spike_ratio))
            .collect(),
        Exposure::LongRun => {
            let runs = history
                .activities
                .iter()
                .filter(|a| a.sport == crate::activity::Sport::Running)
                .count();
            match median_run_distance(&history.activities).filter(|_| runs >= 5) {
                Some(m) => days
                    .iter()
                    .map(|d| Some(d.longest_run_m >= LONG_RUN_FACTOR * m))
                    .collect(),
                None => vec![None; days.len()],
            }
        }
        Exposure::HardSession => days
            .iter()
            .map(|d| Some(crate::load::session::is_hard(&d.zone_s)))
            .collect(),
        Exposure::SkippedRoutine => {
            let (planned, done) = adherence::routine_days(history);
            days.iter()
                .map(|d| {
                    planned
                        .contains(&d.date)
                        .then(|| !done.contains_key(&d.date))
                })
                .collect()
        }
        Exposure::CrossTrainingBelowDose => {
            adherence::cross_training(series, settings.cross_training_dose)
                .rolling
                .iter()
                .map(|c| c.map(|c| c < settings.cross_training_dose))
                .collect()
        }
        Exposure::BraceWorn => {
            let braces = adherence::brace_days(history);
            days.iter().map(|d| braces.get(&d.date).copied()).collect()
        }
    }
}
