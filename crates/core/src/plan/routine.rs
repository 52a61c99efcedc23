//! The pre/post-run routine for a given plan week: the routine's exercises
//! at that week's dose, with a named substitute for any exercise whose
//! equipment the runner lacks (never a silent drop).

use std::collections::BTreeSet;

use crate::evidence::{Evidence, SourceId};
use crate::knowledge::model::{Exercise, KnowledgeBase};
use crate::profile::Equipment;

/// One exercise of the routine as prescribed for a day.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutineItem {
    /// The exercise's ID.
    pub exercise_id: String,
    /// Its name.
    pub name: String,
    /// Sets or rounds.
    pub sets: u8,
    /// Reps per set (per side when `per_side`).
    pub reps: u8,
    /// Whether reps count each side.
    pub per_side: bool,
    /// Seconds to hold each rep.
    pub hold_s: Option<u8>,
    /// Whether reps is a minimum.
    pub at_least: bool,
    /// When substituted: the routine exercise it stands in for, and why.
    pub replaces: Option<Substitution>,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
}

/// A routine exercise replaced because its equipment is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    /// The replaced exercise's ID.
    pub exercise_id: String,
    /// Its name.
    pub name: String,
    /// The equipment that is missing.
    pub missing: Vec<Equipment>,
}

/// Picks the exercise to do for `exercise`: itself, or its first doable substitute.
fn choose<'a>(
    kb: &'a KnowledgeBase,
    exercise: &'a Exercise,
    have: &BTreeSet<Equipment>,
) -> (&'a Exercise, Option<Substitution>) {
    if exercise.doable_with(have) {
        return (exercise, None);
    }
    let substitute = exercise
        .substitutes
        .iter()
        .filter_map(|id| kb.exercise(id))
        .find(|s| s.doable_with(have));
    match substitute {
        Some(s) => (
            s,
            Some(Substitution {
                exercise_id: exercise.id.clone(),
                name: exercise.name.clone(),
                missing: exercise
                    .equipment
                    .iter()
                    .filter(|e| !have.contains(e))
                    .copied()
                    .collect(),
            }),
        ),
        // Validation guarantees every substitute needs none of the missing
        // equipment, so this is only reached if a substitute needs other gear.
        None => (exercise, None),
    }
}

/// The routine for plan week `week` (1-based).
pub fn routine_for_week(
    kb: &KnowledgeBase,
    week: u16,
    have: &BTreeSet<Equipment>,
) -> Vec<RoutineItem> {
    kb.routine
        .exercises
        .iter()
        .filter_map(|id| kb.exercise(id))
        .map(|original| {
            let (chosen, replaces) = choose(kb, original, have);
            let dose = chosen.dose_in_week(week);
            RoutineItem {
                exercise_id: chosen.id.clone(),
                name: chosen.name.clone(),
                sets: dose.sets,
                reps: dose.reps,
                per_side: dose.per_side,
                hold_s: dose.hold_s,
                at_least: dose.at_least,
                replaces,
                sources: chosen.sources.clone(),
                evidence: chosen.evidence.clone(),
            }
        })
        .collect()
}

impl RoutineItem {
    /// The dose in plain words, e.g. "1 round of 10 reps, hold each 15 s".
    pub fn dose_text(&self) -> String {
        let unit = if self.sets == 1 { "round" } else { "rounds" };
        let least = if self.at_least { "at least " } else { "" };
        let side = if self.per_side { " each side" } else { "" };
        let mut text = format!("{} {unit} of {least}{} reps{side}", self.sets, self.reps);
        if let Some(h) = self.hold_s {
            text.push_str(&format!(", hold each {h} s"));
        }
        text
    }
}
