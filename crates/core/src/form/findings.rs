//! Findings: the form rules applied to the summaries and drifts. A finding
//! names the metric and numbers behind it, the founding article's claim it
//! bears on, the research, the evidence level, and the signal it hands to
//! the assessment. Withheld numbers never make findings.

use super::rules::{FindingRule, FormRules, Test};
use super::summary::{Confidence, Drift, MetricSummary};
use crate::evidence::{Evidence, SourceId};
use crate::signal::Signal;

/// One posture finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule's ID.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Explanation with the runner's numbers.
    pub text: String,
    /// The signal for the assessment.
    pub signal: Signal,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
}

fn fmt(v: f64, decimals: usize) -> String {
    format!("{v:.decimals$}")
}

fn fill(rule: &FindingRule, pairs: &[(&str, String)]) -> String {
    let mut s = rule.explain.clone();
    for (key, value) in pairs {
        s = s.replace(&format!("{{{key}}}"), value);
    }
    s
}

/// Applies every rule.
pub fn find(rules: &FormRules, summaries: &[MetricSummary], drifts: &[Drift]) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in &rules.findings {
        let k = rule.metric.index();
        let dec = rule.metric.decimals().max(1);
        let text = match rule.test {
            Test::LevelAbove => {
                let Some(s) = summaries.get(k) else { continue };
                let Some(median) = s.median else { continue };
                if s.withheld.is_some()
                    || s.confidence < Confidence::Moderate
                    || median <= rule.threshold
                {
                    continue;
                }
                fill(
                    rule,
                    &[
                        ("value", fmt(median, dec)),
                        ("threshold", fmt(rule.threshold, dec)),
                    ],
                )
            }
            Test::DriftUp | Test::DriftDown => {
                let Some(d) = drifts.get(k) else { continue };
                let (Some(change), Some((lo, hi))) = (d.change, d.interval) else {
                    continue;
                };
                if d.withheld.is_some() || !d.beyond_noise {
                    continue;
                }
                // Express the change in the direction the rule looks at.
                let (change, lo, hi) = match rule.test {
                    Test::DriftDown => (-change, -hi, -lo),
                    _ => (change, lo, hi),
                };
                if change <= rule.threshold || lo <= 0.0 {
                    continue;
                }
                fill(
                    rule,
                    &[
                        ("change", fmt(change, dec)),
                        ("low", fmt(lo, dec)),
                        ("high", fmt(hi, dec)),
                        ("threshold", fmt(rule.threshold, dec)),
                    ],
                )
            }
        };
        out.push(Finding {
            id: rule.id.clone(),
            title: rule.title.clone(),
            text,
            signal: rule.signal,
            sources: rule.sources.clone(),
            evidence: rule.evidence.clone(),
        });
    }
    out
}
