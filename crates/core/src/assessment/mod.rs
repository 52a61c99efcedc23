//! The assessment: from a runner's answers to a triage tier, ranked likely
//! causes with their reasons, and recommended interventions, every one
//! carrying the sources it rests on.
//!
//! Red flags win: when the triage does not allow a plan, no intervention is
//! recommended and the flag's instruction is what the runner sees.

pub mod answers;
pub mod causes;
pub mod from_data;
pub mod notes;
pub mod recommend;
pub mod signals;
pub mod triage;

use std::collections::BTreeSet;

use answers::Answers;
use causes::RankedCause;
use from_data::LoadEvidence;
use recommend::Recommendation;
use signals::{CoreTestResult, RatioResult};
use triage::{ChecklistError, Triage};

use crate::knowledge::KnowledgeBase;
use crate::signal::Signal;

/// The outcome of an assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Red-flag triage.
    pub triage: Triage,
    /// Likely causes, most likely first.
    pub causes: Vec<RankedCause>,
    /// Recommended interventions (empty when red flags stop the plan).
    pub recommendations: Vec<Recommendation>,
    /// Core endurance tests against norms.
    pub core_tests: Vec<CoreTestResult>,
    /// Test ratios against targets.
    pub ratios: Vec<RatioResult>,
    /// The signals that fired.
    pub signals: BTreeSet<Signal>,
}

impl Assessment {
    /// Whether a recommendation with this ID was made.
    pub fn recommends(&self, id: &str) -> bool {
        self.recommendations.iter().any(|r| r.id == id)
    }
}

/// Assesses a runner. Fails only if the red-flag checklist is incomplete:
/// an unanswered red-flag question is never taken as "no".
pub fn assess(kb: &KnowledgeBase, answers: &Answers) -> Result<Assessment, ChecklistError> {
    assess_with(kb, answers, &BTreeSet::new())
}

/// [`assess`] with signals observed outside the answers: the `form.*`
/// signals of a running-form analysis. They feed the ranking of causes and
/// the recommendations, never the red-flag triage, which rests on the
/// answers alone.
pub fn assess_with(
    kb: &KnowledgeBase,
    answers: &Answers,
    observed: &BTreeSet<Signal>,
) -> Result<Assessment, ChecklistError> {
    assess_with_data(kb, answers, observed, &[])
}

/// [`assess_with`] with what the runner's own records say about training
/// load (`from_data`): each item raises its `data.*` signal, and the causes
/// those signals score carry the items with their numbers and sources.
/// Like the form signals, they never reach the red-flag triage.
pub fn assess_with_data(
    kb: &KnowledgeBase,
    answers: &Answers,
    observed: &BTreeSet<Signal>,
    from_data: &[LoadEvidence],
) -> Result<Assessment, ChecklistError> {
    triage::check_checklist(kb, &answers.red_flags)?;
    let derived = signals::derive(kb, answers);
    let triage = triage::triage(kb, &answers.red_flags, &derived.signals);
    let mut all = derived.signals;
    all.extend(observed.iter().copied());
    all.extend(from_data.iter().map(LoadEvidence::signal));
    let causes = causes::rank_with_data(kb, &all, from_data);
    let recommendations = if triage.allows_plan() {
        recommend::recommend(kb, &causes, &all)
    } else {
        Vec::new()
    };
    Ok(Assessment {
        triage,
        causes,
        recommendations,
        core_tests: derived.core_tests,
        ratios: derived.ratios,
        signals: all,
    })
}
