//! Ranks the likely causes of a runner's back pain by the rules that fire.

use std::collections::BTreeSet;

use super::from_data::LoadEvidence;
use crate::evidence::{Evidence, SourceId};
use crate::knowledge::model::KnowledgeBase;
use crate::signal::Signal;

/// A rule that fired: which answer pointed where, and how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The signal.
    pub signal: Signal,
    /// Points added.
    pub weight: u8,
    /// Why, in plain words.
    pub why: String,
}

/// A cause with its score.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedCause {
    /// The cause's ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Plain explanation.
    pub summary: String,
    /// Sum of fired rule weights.
    pub score: u16,
    /// Share of all causes' points, percent (rounded).
    pub share_pct: u8,
    /// The rules that fired.
    pub reasons: Vec<Reason>,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
    /// What the runner's own records showed, for the rules that fired on
    /// it (`data.*` signals); empty for causes from the answers alone.
    pub from_data: Vec<LoadEvidence>,
}

/// Causes with a positive score, highest first; ties keep knowledge-base order.
pub fn rank(kb: &KnowledgeBase, signals: &BTreeSet<Signal>) -> Vec<RankedCause> {
    rank_with_data(kb, signals, &[])
}

/// [`rank`], each cause carrying the items of `from_data` whose signal one
/// of its fired rules names.
pub fn rank_with_data(
    kb: &KnowledgeBase,
    signals: &BTreeSet<Signal>,
    from_data: &[LoadEvidence],
) -> Vec<RankedCause> {
    let mut ranked: Vec<RankedCause> = kb
        .causes
        .iter()
        .map(|cause| {
            let mut reasons: Vec<Reason> = cause
                .rules
                .iter()
                .filter(|r| signals.contains(&r.signal))
                .map(|r| Reason {
                    signal: r.signal,
                    weight: r.weight,
                    why: r.why.clone(),
                })
                .collect();
            // Strongest reason first; file order among equals.
            reasons.sort_by_key(|r| std::cmp::Reverse(r.weight));
            let mine = from_data
                .iter()
                .filter(|d| reasons.iter().any(|r| r.signal == d.signal()))
                .cloned()
                .collect();
            RankedCause {
                id: cause.id.clone(),
                name: cause.name.clone(),
                summary: cause.summary.clone(),
                score: reasons.iter().map(|r| u16::from(r.weight)).sum(),
                share_pct: 0,
                reasons,
                from_data: mine,
                sources: cause.sources.clone(),
                evidence: cause.evidence.clone(),
            }
        })
        .filter(|c| c.score > 0)
        .collect();
    ranked.sort_by_key(|c| std::cmp::Reverse(c.score));
    let total: u32 = ranked.iter().map(|c| u32::from(c.score)).sum();
    for cause in &mut ranked {
        cause.share_pct = ((u32::from(cause.score) * 100 + total / 2) / total.max(1)) as u8;
    }
    ranked
}
