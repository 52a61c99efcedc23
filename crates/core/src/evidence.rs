//! How strong the evidence behind a piece of advice is, and where it comes from.
//!
//! Every cause, intervention, exercise and red flag carries source IDs; advice
//! also carries an [`Evidence`] block so the product can show, beside the
//! founding article's advice, what research says about it.

use std::fmt;

/// A source ID: a claim of the founding article (`SEED-*`) or a reference
/// from the fact sheet (`NICE-NG59`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(pub String);

impl SourceId {
    /// The ID as written in the knowledge base.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a claim of the founding article.
    pub fn is_seed(&self) -> bool {
        self.0.starts_with("SEED-")
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Quality of the evidence, loosely after GRADE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceLevel {
    /// Expert opinion or a popular article only.
    Opinion,
    /// Very low quality research.
    VeryLow,
    /// Low quality research.
    Low,
    /// Moderate quality research.
    Moderate,
    /// High quality research.
    High,
}

impl EvidenceLevel {
    /// The name used in the knowledge base and in exports.
    pub fn name(self) -> &'static str {
        match self {
            EvidenceLevel::Opinion => "opinion",
            EvidenceLevel::VeryLow => "very-low",
            EvidenceLevel::Low => "low",
            EvidenceLevel::Moderate => "moderate",
            EvidenceLevel::High => "high",
        }
    }

    /// Parses a knowledge-base name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "opinion" => EvidenceLevel::Opinion,
            "very-low" => EvidenceLevel::VeryLow,
            "low" => EvidenceLevel::Low,
            "moderate" => EvidenceLevel::Moderate,
            "high" => EvidenceLevel::High,
            _ => return None,
        })
    }
}

/// What research says about the claim behind an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Research supports it.
    Supported,
    /// Consistent with general conventions, without specific evidence.
    Consistent,
    /// Plausible but unproven.
    Plausible,
    /// No evidence found for it.
    NotSupported,
    /// Research or guidelines say otherwise.
    Contradicted,
}

impl Verdict {
    /// The name used in the knowledge base and in exports.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Consistent => "consistent",
            Verdict::Plausible => "plausible",
            Verdict::NotSupported => "not-supported",
            Verdict::Contradicted => "contradicted",
        }
    }

    /// Parses a knowledge-base name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "supported" => Verdict::Supported,
            "consistent" => Verdict::Consistent,
            "plausible" => Verdict::Plausible,
            "not-supported" => Verdict::NotSupported,
            "contradicted" => Verdict::Contradicted,
            _ => return None,
        })
    }

    /// Whether the product must warn that research does not back the advice.
    pub fn needs_caveat(self) -> bool {
        matches!(self, Verdict::NotSupported | Verdict::Contradicted)
    }
}

/// The evidence block shown beside a piece of advice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Quality of the evidence.
    pub level: EvidenceLevel,
    /// What research says about it.
    pub verdict: Verdict,
    /// The same in plain words.
    pub note: String,
}
