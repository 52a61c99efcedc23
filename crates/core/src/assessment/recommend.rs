//! Chooses the interventions to recommend, each with the reasons that chose it.

use std::collections::BTreeSet;

use super::causes::RankedCause;
use crate::evidence::{Evidence, SourceId};
use crate::knowledge::model::{InterventionKind, KnowledgeBase};
use crate::signal::Signal;

/// A recommended intervention.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// The intervention's ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: InterventionKind,
    /// What to do.
    pub summary: String,
    /// Why it was chosen.
    pub because: Vec<String>,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
}

/// Interventions whose triggers fire, in knowledge-base order.
pub fn recommend(
    kb: &KnowledgeBase,
    causes: &[RankedCause],
    signals: &BTreeSet<Signal>,
) -> Vec<Recommendation> {
    kb.interventions
        .iter()
        .filter_map(|i| {
            let mut because = Vec::new();
            for cause in causes.iter().filter(|c| i.for_causes.contains(&c.id)) {
                because.push(format!("addresses a likely cause: {}", cause.name));
            }
            for s in i.when_any.iter().filter(|s| signals.contains(s)) {
                because.push(format!("you told us about {}", s.label()));
            }
            if !i.when_all.is_empty() && i.when_all.iter().all(|s| signals.contains(s)) {
                let all: Vec<&str> = i.when_all.iter().map(|s| s.label()).collect();
                because.push(format!("you told us about {}", all.join(", and ")));
            }
            if i.always && because.is_empty() {
                because.push("part of every Backstride plan".to_owned());
            }
            (!because.is_empty()).then(|| Recommendation {
                id: i.id.clone(),
                name: i.name.clone(),
                kind: i.kind,
                summary: i.summary.clone(),
                because,
                sources: i.sources.clone(),
                evidence: i.evidence.clone(),
            })
        })
        .collect()
}
