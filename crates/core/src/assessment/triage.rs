//! Red-flag triage: which warning signs are present and how urgently the
//! runner must see a clinician. Red flags win over every recommendation.
//!
//! Strong flags act alone. Weak flags (age alone, upper-back location alone,
//! six weeks without improvement alone) raise the tier only together with
//! another weak flag or a flag at "soon" or above, because single red flags
//! have poor diagnostic accuracy and the IFOMPT framework asks for reasoning
//! across combinations (FACTS.md 1.1). A lifted flag shows its combined
//! action and names the flags that lifted it (docs/safety-tiers.md).

use std::collections::{BTreeMap, BTreeSet};

use crate::evidence::SourceId;
use crate::knowledge::model::{FlagStrength, FlagTier, FlagTrigger, KnowledgeBase, RedFlag};
use crate::signal::Signal;

/// How urgently the runner must see someone, from least to most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TriageTier {
    /// No red flag stops the plan.
    SelfManage,
    /// Book a GP or physio review within days to two weeks.
    Soon,
    /// Today, or within 48 hours where the flag's action says so.
    Urgent,
    /// Emergency services now.
    Emergency,
}

impl TriageTier {
    /// A stable name for exports.
    pub fn name(self) -> &'static str {
        match self {
            TriageTier::SelfManage => "self-manage",
            TriageTier::Soon => "soon",
            TriageTier::Urgent => "urgent",
            TriageTier::Emergency => "emergency",
        }
    }

    /// The triage tier a flag at `tier` gives on its own.
    pub fn from_flag(tier: FlagTier) -> Self {
        match tier {
            FlagTier::Routine => TriageTier::SelfManage,
            FlagTier::Soon => TriageTier::Soon,
            FlagTier::Urgent => TriageTier::Urgent,
            FlagTier::Emergency => TriageTier::Emergency,
        }
    }
}

/// A red flag that is present.
#[derive(Debug, Clone, PartialEq)]
pub struct FiredFlag {
    /// The flag's ID.
    pub id: String,
    /// What it may point to.
    pub suggests: String,
    /// Why it fired: the question answered yes, or the signal's meaning.
    pub because: String,
    /// Whether it was asked (and answered yes) rather than derived.
    pub asked: bool,
    /// The tier it carries here.
    pub tier: FlagTier,
    /// Whether a weak flag was raised by combination with another flag.
    pub combined: bool,
    /// What to do.
    pub action: String,
    /// Sources.
    pub sources: Vec<SourceId>,
}

/// The triage of an assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Triage {
    /// The overall tier.
    pub tier: TriageTier,
    /// Flags present, most urgent first.
    pub fired: Vec<FiredFlag>,
}

impl Triage {
    /// Whether an exercise plan may be produced.
    pub fn allows_plan(&self) -> bool {
        self.tier == TriageTier::SelfManage
    }

    /// The instruction of the most urgent flag, if any.
    pub fn instruction(&self) -> Option<&str> {
        self.fired.first().map(|f| f.action.as_str())
    }
}

/// Asked red flags that the answers leave unanswered or that the knowledge
/// base does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("red-flag checklist incomplete: missing {missing:?}, unknown {unknown:?}")]
pub struct ChecklistError {
    /// Asked flags with no answer.
    pub missing: Vec<String>,
    /// Answer keys that are not asked flags.
    pub unknown: Vec<String>,
}

/// Whether the checklist has a "yes" to an emergency flag. No other answer
/// can change that outcome or its instruction (every emergency flag says
/// the same), so the questionnaire stops asking there.
pub fn has_emergency_yes(kb: &KnowledgeBase, answers: &BTreeMap<String, bool>) -> bool {
    kb.asked_flags()
        .any(|(f, _)| f.tier == FlagTier::Emergency && answers.get(&f.id).copied().unwrap_or(false))
}

/// Checks that the checklist answers every asked flag and nothing else. The
/// one exception: after a "yes" to an emergency flag the questions left may
/// be unanswered (the outcome is already the most urgent there is); they
/// are never taken as "no", only not asked.
pub fn check_checklist(
    kb: &KnowledgeBase,
    answers: &BTreeMap<String, bool>,
) -> Result<(), ChecklistError> {
    let asked: BTreeSet<&str> = kb.asked_flags().map(|(f, _)| f.id.as_str()).collect();
    let settled = has_emergency_yes(kb, answers);
    let missing: Vec<String> = asked
        .iter()
        .filter(|id| !settled && !answers.contains_key(**id))
        .map(|s| (*s).to_owned())
        .collect();
    let unknown: Vec<String> = answers
        .keys()
        .filter(|k| !asked.contains(k.as_str()))
        .cloned()
        .collect();
    if missing.is_empty() && unknown.is_empty() {
        Ok(())
    } else {
        Err(ChecklistError { missing, unknown })
    }
}

/// Triage from the checklist and the derived signals.
pub fn triage(
    kb: &KnowledgeBase,
    checklist: &BTreeMap<String, bool>,
    signals: &BTreeSet<Signal>,
) -> Triage {
    let present: Vec<(&RedFlag, String, bool)> = kb
        .red_flags
        .iter()
        .filter_map(|flag| match &flag.trigger {
            FlagTrigger::Asked(q) => checklist
                .get(&flag.id)
                .copied()
                .unwrap_or(false)
                .then(|| (flag, q.clone(), true)),
            FlagTrigger::Derived(s) => signals
                .contains(s)
                .then(|| (flag, s.label().to_owned(), false)),
        })
        .collect();
    // A weak flag is lifted by every other flag that is weak or at least
    // "soon"; it then shows its combined action and names its partners.
    let partners = |me: &str| -> Vec<&RedFlag> {
        present
            .iter()
            .filter(|(other, _, _)| {
                other.id != me
                    && (matches!(other.strength, FlagStrength::Weak { .. })
                        || other.tier >= FlagTier::Soon)
            })
            .map(|(other, _, _)| *other)
            .collect()
    };
    let mut fired: Vec<FiredFlag> = present
        .iter()
        .map(|(flag, because, asked)| {
            let with = partners(&flag.id);
            let (tier, combined, action, because) = match flag.strength {
                FlagStrength::Weak { combined } if !with.is_empty() => (
                    combined,
                    true,
                    combined_instruction(flag, &with),
                    format!("{because}, together with {}", names(&with)),
                ),
                _ => (flag.tier, false, flag.action.clone(), because.clone()),
            };
            FiredFlag {
                id: flag.id.clone(),
                suggests: flag.suggests.clone(),
                because,
                asked: *asked,
                tier,
                combined,
                action,
                sources: flag.sources.clone(),
            }
        })
        .collect();
    // Most urgent first; the knowledge base order breaks ties (stable sort).
    fired.sort_by_key(|f| std::cmp::Reverse(f.tier));
    let tier = fired
        .first()
        .map_or(TriageTier::SelfManage, |f| TriageTier::from_flag(f.tier));
    Triage { tier, fired }
}

/// The people's names of flags, joined: "a, b and c".
fn names(flags: &[&RedFlag]) -> String {
    let names: Vec<&str> = flags.iter().map(|f| f.name.as_str()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    }
}

/// What a weak flag lifted by `with` tells the runner: its combined action
/// (its own action if the data has none), then the flags that together
/// call for it, by name.
fn combined_instruction(flag: &RedFlag, with: &[&RedFlag]) -> String {
    let action = flag.combined_action.as_deref().unwrap_or(&flag.action);
    format!("{action} Why: {} together with {}.", flag.name, names(with))
}
