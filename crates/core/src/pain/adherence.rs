//! Adherence (issue 4, part 2): routine sessions done against the plan, by
//! exercise; cross-training days in every 30-day window against the dose
//! (SEED-CROSS-TRAIN-DOSE; recorded rides and swims count as well as hand
//! logs); brace use.
//!
//! A planned day counts as done when any routine session was logged that
//! day; an exercise counts as done when a session that day listed it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::history::History;
use crate::load::LoadSeries;

/// The window of the cross-training dose, days.
pub const DOSE_WINDOW_DAYS: usize = 30;

/// One exercise's adherence.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseAdherence {
    /// Knowledge-base exercise ID.
    pub exercise_id: String,
    /// Planned days up to today.
    pub planned: u32,
    /// Of those, days it was done.
    pub done: u32,
}

/// Routine adherence up to today.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutineAdherence {
    /// Days with a session planned (up to today).
    pub planned_days: u32,
    /// Of those, days with a session logged.
    pub done_planned_days: u32,
    /// Days with a session but none planned.
    pub extra_days: u32,
    /// done / planned; `None` with nothing planned.
    pub rate: Option<f64>,
    /// Per exercise, by ID.
    pub by_exercise: Vec<ExerciseAdherence>,
    /// Days since the last session logged.
    pub days_since_last: Option<i64>,
    /// Planned days missed in a row, counting back from today.
    pub missed_in_a_row: u32,
}

/// Per-day routine status for the associations.
pub fn routine_days(
    history: &History,
) -> (BTreeSet<NaiveDate>, BTreeMap<NaiveDate, BTreeSet<&str>>) {
    let planned: BTreeSet<NaiveDate> = history.planned_routine.iter().map(|p| p.date).collect();
    let mut done: BTreeMap<NaiveDate, BTreeSet<&str>> = BTreeMap::new();
    for r in &history.routines {
        let set = done.entry(r.day()).or_default();
        set.extend(r.exercises.iter().map(String::as_str));
    }
    (planned, done)
}

/// Routine adherence up to `today`.
pub fn routine(history: &History, today: NaiveDate) -> RoutineAdherence {
    let (planned, done) = routine_days(history);
    let planned: BTreeSet<NaiveDate> = planned.into_iter().filter(|d| *d <= today).collect();
    let done_planned_days = planned.iter().filter(|d| done.contains_key(*d)).count() as u32;
    let extra_days = done
        .keys()
        .filter(|d| **d <= today && !planned.contains(*d))
        .count() as u32;
    let mut by: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for p in history.planned_routine.iter().filter(|p| p.date <= today) {
        let e = by.entry(p.exercise_id.as_str()).or_default();
        e.0 += 1;
        if done
            .get(&p.date)
            .is_some_and(|s| s.contains(p.exercise_id.as_str()))
        {
            e.1 += 1;
        }
    }
    let last = done.keys().rev().find(|d| **d <= today).copied();
    let missed_in_a_row = planned
        .iter()
        .rev()
        .take_while(|d| !done.contains_key(*d) && last.is_none_or(|l| **d > l))
        .count() as u32;
    RoutineAdherence {
        planned_days: planned.len() as u32,
        done_planned_days,
        extra_days,
        rate: (!planned.is_empty()).then(|| f64::from(done_planned_days) / planned.len() as f64),
        by_exercise: by
            .into_iter()
            .map(|(id, (planned, done))| ExerciseAdherence {
                exercise_id: id.to_owned(),
                planned,
                done,
            })
            .collect(),
        days_since_last: last.map(|l| (today - l).num_days()),
        missed_in_a_row,
    }
}

/// Cross-training against the dose, over every full 30-day window.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossTrainingDose {
    /// Days due in every 30.
    pub dose: u32,
    /// Days with cross-training in the 30 days ending today; `None` if the
    /// range is shorter than 30 days.
    pub current: Option<u32>,
    /// Full windows checked.
    pub windows: u32,
    /// Of those, windows below the dose.
    pub windows_below: u32,
    /// Per day: days with cross-training in the 30 days ending that day
    /// (`None` until a full window fits).
    pub rolling: Vec<Option<u32>>,
}

/// Cross-training days in every 30-day window of the series.
pub fn cross_training(series: &LoadSeries, dose: u32) -> CrossTrainingDose {
    let flags: Vec<u32> = series
        .days
        .iter()
        .map(|d| u32::from(d.cross_training))
        .collect();
    let mut rolling = Vec::with_capacity(flags.len());
    let mut sum = 0u32;
    for i in 0..flags.len() {
        sum += flags[i];
        if i >= DOSE_WINDOW_DAYS {
            sum -= flags[i - DOSE_WINDOW_DAYS];
        }
        rolling.push((i + 1 >= DOSE_WINDOW_DAYS).then_some(sum));
    }
    let full: Vec<u32> = rolling.iter().flatten().copied().collect();
    CrossTrainingDose {
        dose,
        current: rolling.last().copied().flatten(),
        windows: full.len() as u32,
        windows_below: full.iter().filter(|c| **c < dose).count() as u32,
        rolling,
    }
}

/// Brace use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BraceUse {
    /// Days a brace was worn.
    pub days_worn: u32,
    /// Days logged as not worn.
    pub days_not_worn: u32,
    /// Brace logs linked to an activity with the brace on.
    pub runs_with_brace: u32,
}

/// Per-day brace status: `Some(true)` worn, `Some(false)` logged not worn.
pub fn brace_days(history: &History) -> BTreeMap<NaiveDate, bool> {
    let mut out: BTreeMap<NaiveDate, bool> = BTreeMap::new();
    for b in &history.braces {
        let e = out.entry(b.day()).or_insert(false);
        *e |= b.worn;
    }
    out
}

/// Brace use up to `today`.
pub fn brace(history: &History, today: NaiveDate) -> BraceUse {
    let days = brace_days(history);
    let upto = days.iter().filter(|(d, _)| **d <= today);
    let (worn, not): (Vec<_>, Vec<_>) = upto.partition(|(_, w)| **w);
    BraceUse {
        days_worn: worn.len() as u32,
        days_not_worn: not.len() as u32,
        runs_with_brace: history
            .braces
            .iter()
            .filter(|b| b.worn && b.activity.is_some())
            .count() as u32,
    }
}
