//! The form rules (`knowledge/form.toml`): each metric's noise floor, the
//! reference values shown beside it, and the findings with their tests,
//! signals, sources and evidence. Read in two stages like the rest of the
//! knowledge base: raw serde shapes that reject unknown keys, then checks
//! that every metric, signal and source named exists.

use serde::Deserialize;

use super::metric::Metric;
use crate::evidence::{Evidence, EvidenceLevel, SourceId, Verdict};
use crate::knowledge::model::KnowledgeBase;
use crate::signal::Signal;

/// The embedded rules file.
pub const FORM_TOML: &str = include_str!("../../../../knowledge/form.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    metric: Vec<RawMetric>,
    finding: Vec<RawFinding>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetric {
    id: String,
    noise_floor: f64,
    basis: String,
    sources: Vec<String>,
    reference: Option<String>,
    #[serde(default)]
    reference_sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinding {
    id: String,
    metric: String,
    test: String,
    threshold: f64,
    signal: String,
    title: String,
    explain: String,
    sources: Vec<String>,
    evidence: RawEvidence,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    level: String,
    verdict: String,
    note: String,
}

/// What a metric's change must exceed, and what to show beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRule {
    /// The metric.
    pub metric: Metric,
    /// The smallest early-to-late change that counts as real.
    pub noise_floor: f64,
    /// Why that value.
    pub basis: String,
    /// Sources of the noise floor.
    pub sources: Vec<SourceId>,
    /// Published reference values, where there are any.
    pub reference: Option<String>,
    /// Sources of the reference.
    pub reference_sources: Vec<SourceId>,
}

/// How a finding is tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Test {
    /// The whole-clip median is above the threshold.
    LevelAbove,
    /// Late minus early is above the threshold, beyond the noise.
    DriftUp,
    /// Early minus late is above the threshold, beyond the noise.
    DriftDown,
}

/// A finding the analysis can report.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRule {
    /// Stable ID.
    pub id: String,
    /// The metric tested.
    pub metric: Metric,
    /// The test.
    pub test: Test,
    /// The threshold, in the metric's unit.
    pub threshold: f64,
    /// The signal it feeds to the assessment.
    pub signal: Signal,
    /// Headline.
    pub title: String,
    /// Explanation with `{value}`, `{threshold}`, `{change}`, `{low}`, `{high}`.
    pub explain: String,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
}

/// All form rules.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRules {
    /// One per metric, in [`Metric::ALL`] order.
    pub metrics: Vec<MetricRule>,
    /// Findings in file order.
    pub findings: Vec<FindingRule>,
}

/// Why the form rules are invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("knowledge/form.toml: {0}")]
pub struct RulesError(pub String);

impl FormRules {
    /// The rules embedded in the binary, checked against the knowledge base.
    pub fn embedded(kb: &KnowledgeBase) -> Result<Self, RulesError> {
        Self::parse(FORM_TOML, kb)
    }

    /// Parses and checks rules from TOML text.
    pub fn parse(text: &str, kb: &KnowledgeBase) -> Result<Self, RulesError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| RulesError(e.to_string()))?;
        let source = |ids: &[String], item: &str| -> Result<Vec<SourceId>, RulesError> {
            ids.iter()
                .map(|id| {
                    let sid = SourceId(id.clone());
                    kb.source(&sid)
                        .map(|_| sid)
                        .ok_or_else(|| RulesError(format!("{item} cites unknown source {id}")))
                })
                .collect()
        };
        let mut metrics: Vec<Option<MetricRule>> = vec![None; Metric::COUNT];
        for m in raw.metric {
            let metric = Metric::parse(&m.id)
                .ok_or_else(|| RulesError(format!("unknown metric {:?}", m.id)))?;
            let item = format!("metric {}", m.id);
            if !(m.noise_floor.is_finite() && m.noise_floor > 0.0) {
                return Err(RulesError(format!("{item}: noise_floor must be above 0")));
            }
            if m.sources.is_empty() {
                return Err(RulesError(format!("{item}: no sources")));
            }
            if m.reference.is_some() == m.reference_sources.is_empty() {
                return Err(RulesError(format!(
                    "{item}: a reference needs reference_sources, and only a reference may have them"
                )));
            }
            let slot = &mut metrics[metric.index()];
            if slot.is_some() {
                return Err(RulesError(format!("{item} is listed twice")));
            }
            *slot = Some(MetricRule {
                metric,
                noise_floor: m.noise_floor,
                basis: m.basis,
                sources: source(&m.sources, &item)?,
                reference: m.reference,
                reference_sources: source(&m.reference_sources, &item)?,
            });
        }
        let metrics = metrics
            .into_iter()
            .zip(Metric::ALL)
            .map(|(m, metric)| {
                m.ok_or_else(|| RulesError(format!("metric {} is missing", metric.id())))
            })
            .collect::<Result<Vec<_>, _>>()?;

        let mut findings: Vec<FindingRule> = Vec::new();
        for f in raw.finding {
            let item = format!("finding {}", f.id);
            if findings.iter().any(|g| g.id == f.id) {
                return Err(RulesError(format!("{item} is listed twice")));
            }
            let metric = Metric::parse(&f.metric)
                .ok_or_else(|| RulesError(format!("{item}: unknown metric {:?}", f.metric)))?;
            let test = match f.test.as_str() {
                "level-above" => Test::LevelAbove,
                "drift-up" => Test::DriftUp,
                "drift-down" => Test::DriftDown,
                other => return Err(RulesError(format!("{item}: unknown test {other:?}"))),
            };
            let signal: Signal = f
                .signal
                .parse()
                .map_err(|_| RulesError(format!("{item}: unknown signal {:?}", f.signal)))?;
            if !signal.name().starts_with("form.") {
                return Err(RulesError(format!(
                    "{item}: signal {} is not a form.* signal",
                    f.signal
                )));
            }
            if !(f.threshold.is_finite() && f.threshold > 0.0) {
                return Err(RulesError(format!("{item}: threshold must be above 0")));
            }
            let noise = metrics[metric.index()].noise_floor;
            if test != Test::LevelAbove && f.threshold < noise {
                return Err(RulesError(format!(
                    "{item}: threshold {} is below the metric's noise floor {noise}",
                    f.threshold
                )));
            }
            if !f.sources.iter().any(|s| s.starts_with("SEED-")) {
                return Err(RulesError(format!(
                    "{item}: must cite the founding article's claim it tests"
                )));
            }
            let evidence = Evidence {
                level: EvidenceLevel::parse(&f.evidence.level).ok_or_else(|| {
                    RulesError(format!(
                        "{item}: unknown evidence level {:?}",
                        f.evidence.level
                    ))
                })?,
                verdict: Verdict::parse(&f.evidence.verdict).ok_or_else(|| {
                    RulesError(format!("{item}: unknown verdict {:?}", f.evidence.verdict))
                })?,
                note: f.evidence.note,
            };
            findings.push(FindingRule {
                sources: source(&f.sources, &item)?,
                id: f.id,
                metric,
                test,
                threshold: f.threshold,
                signal,
                title: f.title,
                explain: f.explain,
                evidence,
            });
        }
        for signal in Signal::ALL.iter().filter(|s| s.name().starts_with("form.")) {
            if !findings.iter().any(|f| f.signal == *signal) {
                return Err(RulesError(format!("no finding produces signal {signal}")));
            }
        }
        Ok(FormRules { metrics, findings })
    }

    /// The rule of a metric.
    pub fn metric(&self, m: Metric) -> &MetricRule {
        &self.metrics[m.index()]
    }
}
