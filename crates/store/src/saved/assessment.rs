//! The saved assessment: what `assess` concluded, as a typed record (layout
//! [`ASSESSMENT_LAYOUT`]): the triage tier with its instruction and every
//! flag that fired, the likely causes with their scores and the rules that
//! fired, the recommendations with their source IDs and evidence, and the
//! signals. The app converts core's assessment into it.

use serde::{Deserialize, Serialize};

use super::plan::EvidenceRecord;

/// The layout of [`AssessmentRecord`] written by this version.
pub const ASSESSMENT_LAYOUT: u32 = 1;

/// A saved assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRecord {
    /// The red-flag triage.
    pub triage: TriageRecord,
    /// Likely causes, most likely first.
    pub causes: Vec<CauseRecord>,
    /// Recommended interventions (none when red flags stop the plan).
    pub recommendations: Vec<RecommendationRecord>,
    /// The signals that fired (core's names).
    pub signals: Vec<String>,
    /// Converted from a report saved before typed records.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_report: bool,
}

/// The triage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriageRecord {
    /// The tier (core's name: `self-manage`, `soon`, `urgent`, `emergency`).
    pub tier: String,
    /// Whether it allows a plan.
    pub allows_plan: bool,
    /// What to do, when it does not.
    pub instruction: Option<String>,
    /// The flags that fired, most urgent first.
    pub flags: Vec<FlagRecord>,
}

/// A red flag that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagRecord {
    /// Its ID.
    pub id: String,
    /// What it may point to.
    pub suggests: String,
    /// Why it fired.
    pub because: String,
    /// Asked (and answered yes) rather than derived.
    pub asked: bool,
    /// Raised by a log note.
    pub from_note: bool,
    /// Its tier here (core's name).
    pub tier: String,
    /// A weak flag raised by another.
    pub combined: bool,
    /// What to do.
    pub action: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// A likely cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CauseRecord {
    /// Its ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its score.
    pub score: u16,
    /// Its share of all scores, percent.
    pub share_pct: u8,
    /// The rules that fired for it.
    pub reasons: Vec<ReasonRecord>,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Its evidence.
    pub evidence: EvidenceRecord,
}

/// A rule that fired for a cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonRecord {
    /// The signal (core's name).
    pub signal: String,
    /// Its weight.
    pub weight: u8,
    /// Why it counts.
    pub why: String,
}

/// A recommended intervention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendationRecord {
    /// Its ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Why it is recommended.
    pub because: Vec<String>,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Its evidence.
    pub evidence: EvidenceRecord,
}
