//! Use case "sources": every source in the knowledge base with the advice
//! that rests on it (causes, interventions, exercises, red flags, the
//! routine, planning rules), so a runner or a physio can see what each
//! recommendation stands on.

use backstride_core::evidence::{Evidence, SourceId};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::knowledge::model::SourceKind;

/// A source and what cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceUse {
    /// Its stable ID (`SEED-...` for the founding article's claims).
    pub id: String,
    /// The kind (seed claim, guideline, systematic review, ...).
    pub kind: &'static str,
    /// The claim in our words (seed) or the title.
    pub title: String,
    /// Authors, journal, year.
    pub citation: Option<String>,
    /// Where to read it.
    pub url: Option<String>,
    /// The advice that rests on it, in knowledge-base order.
    pub cited_by: Vec<Citing>,
}

/// One piece of advice citing a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citing {
    /// What kind of advice: "cause", "intervention", "exercise",
    /// "red flag", "routine", "plan rule".
    pub what: &'static str,
    /// Its name.
    pub name: String,
    /// Its evidence level, where the knowledge base grades it.
    pub evidence: Option<&'static str>,
    /// What research says of it, where graded.
    pub verdict: Option<&'static str>,
}

/// Every source with what cites it.
pub fn list(kb: &KnowledgeBase) -> Vec<SourceUse> {
    let mut citing: Vec<(SourceId, Citing)> = Vec::new();
    let mut add = |ids: &[SourceId], what: &'static str, name: &str, ev: Option<&Evidence>| {
        for id in ids {
            citing.push((
                id.clone(),
                Citing {
                    what,
                    name: name.to_owned(),
                    evidence: ev.map(|e| e.level.name()),
                    verdict: ev.map(|e| e.verdict.name()),
                },
            ));
        }
    };
    for c in &kb.causes {
        add(&c.sources, "cause", &c.name, Some(&c.evidence));
    }
    for i in &kb.interventions {
        add(&i.sources, "intervention", &i.name, Some(&i.evidence));
    }
    for e in &kb.exercises {
        add(&e.sources, "exercise", &e.name, Some(&e.evidence));
    }
    for f in &kb.red_flags {
        add(&f.sources, "red flag", &f.name, None);
    }
    add(&kb.routine.sources, "routine", &kb.routine.name, None);
    add(
        &kb.plan.running.sources,
        "plan rule",
        "Running volume and progression",
        Some(&kb.plan.running.evidence),
    );
    add(
        &kb.plan.cross_training.sources,
        "plan rule",
        "Cross-training dose",
        Some(&kb.plan.cross_training.evidence),
    );
    add(
        &kb.plan.limits.sources,
        "plan rule",
        "Limits of a run and a long run",
        Some(&kb.plan.limits.evidence),
    );
    kb.sources
        .iter()
        .map(|s| SourceUse {
            id: s.id.to_string(),
            kind: kind_name(s.kind),
            title: s.title.clone(),
            citation: s.citation.clone(),
            url: s.url.clone(),
            cited_by: citing
                .iter()
                .filter(|(id, _)| *id == s.id)
                .map(|(_, c)| c.clone())
                .collect(),
        })
        .collect()
}

/// The kind of a source in words.
fn kind_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::SeedClaim => "claim of the founding article",
        SourceKind::Guideline => "clinical guideline",
        SourceKind::SystematicReview => "systematic review",
        SourceKind::Trial => "trial",
        SourceKind::Cohort => "cohort study",
        SourceKind::Expert => "expert opinion",
        SourceKind::Lay => "popular article",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_claim_is_cited_by_some_advice() {
        let kb = KnowledgeBase::embedded().expect("knowledge base");
        let all = list(&kb);
        assert_eq!(all.len(), kb.sources.len());
        let seeds: Vec<_> = all.iter().filter(|s| s.id.starts_with("SEED-")).collect();
        assert!(!seeds.is_empty());
        for s in seeds {
            assert!(!s.cited_by.is_empty(), "{} is cited by nothing", s.id);
        }
    }
}
