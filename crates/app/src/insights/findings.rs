//! The runner's n-of-1 findings and the adaptive decision as report types:
//! each association with its effect size, CI, p-values and counts, or "not
//! enough data", worded by core (never causal).

use backstride_core::insights::assoc::{
    AdherenceTrend, Association, Exposure, Findings, Outcome, describe,
};
use backstride_core::insights::wording;
use backstride_core::plan::rule::Decision;
use serde::Serialize;

use super::build::round;

/// The n-of-1 associations.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssociationsView {
    /// What these findings are and are not.
    pub note: String,
    /// Significance level.
    pub alpha: f64,
    /// Tests corrected for (Holm).
    pub tests: usize,
    /// Permutations for the routine-adherence test.
    pub permutations: u32,
    /// How the comparisons were made, in words.
    pub method: String,
    /// Per exposure and lag, lower and upper back together.
    pub items: Vec<AssociationView>,
    /// Each back region on its own (only when both have pain logs).
    pub by_region: Vec<RegionAssociationsView>,
    /// Weekly routine adherence against weekly pain.
    pub adherence: AdherenceView,
}

/// One back region's associations.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegionAssociationsView {
    /// `lower-back` or `upper-back`.
    pub region: String,
    /// Per exposure and lag, against this region's pain alone.
    pub items: Vec<AssociationView>,
}

/// One association.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssociationView {
    /// Stable exposure key.
    pub exposure: String,
    /// Days from exposure to pain.
    pub lag_days: u8,
    /// `estimated` or `not-enough-data`.
    pub status: String,
    /// Days exposed.
    pub n_exposed: usize,
    /// Comparison days (clear of the exposure's lags and, for training
    /// events and skipped routines, of other training events).
    pub n_unexposed: usize,
    /// Minimum per group (when not enough data).
    pub minimum: Option<usize>,
    /// Mean pain difference, exposed minus comparison, NRS points,
    /// allowing for pain that carries over from day to day.
    pub difference: Option<f64>,
    /// Its interval, at `ci_level`: it excludes 0 exactly when the finding
    /// is significant after Holm.
    pub ci: Option<[f64; 2]>,
    /// Coverage of `ci` (0.95 with one test, wider with more).
    pub ci_level: Option<f64>,
    /// Day-to-day carry-over of pain allowed for (AR(1) phi).
    pub carryover: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// After Holm.
    pub p_holm: Option<f64>,
    /// Significant after Holm.
    pub significant: bool,
    /// In words (never causal).
    pub text: String,
}

/// Routine adherence against pain, weekly.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AdherenceView {
    /// `estimated` or `not-enough-data`.
    pub status: String,
    /// Weeks used or available.
    pub weeks: usize,
    /// Pearson's r.
    pub r: Option<f64>,
    /// Permutation p-value.
    pub p_value: Option<f64>,
    /// After Holm.
    pub p_holm: Option<f64>,
    /// Significant after Holm.
    pub significant: bool,
    /// In words (never causal).
    pub text: String,
}

/// The adaptive decision.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DecisionView {
    /// `progress`, `hold`, `step-back` or `stop`.
    pub action: String,
    /// Why.
    pub reasons: Vec<String>,
    /// Source IDs.
    pub sources: Vec<String>,
}

fn exposure_key(e: Exposure) -> &'static str {
    match e {
        Exposure::LoadSpike => "load-spike",
        Exposure::LongRun => "long-run",
        Exposure::HardSession => "hard-session",
        Exposure::SkippedRoutine => "skipped-routine",
        Exposure::CrossTrainingBelowDose => "cross-training-below-dose",
        Exposure::BraceWorn => "brace-worn",
    }
}

/// Two places, and never -0.0 in the JSON.
fn round2(v: f64) -> f64 {
    round(v, 2) + 0.0
}

fn association(a: &Association) -> AssociationView {
    let text = describe(a);
    let base = AssociationView {
        exposure: exposure_key(a.exposure).into(),
        lag_days: a.lag_days,
        status: "not-enough-data".into(),
        n_exposed: 0,
        n_unexposed: 0,
        minimum: None,
        difference: None,
        ci: None,
        ci_level: None,
        carryover: None,
        p_value: None,
        p_holm: None,
        significant: a.significant,
        text,
    };
    match a.outcome {
        Outcome::NotEnoughData {
            n_exposed,
            n_unexposed,
            minimum,
        } => AssociationView {
            n_exposed,
            n_unexposed,
            minimum: Some(minimum),
            ..base
        },
        Outcome::Estimated(e) => AssociationView {
            status: "estimated".into(),
            n_exposed: e.n_exposed,
            n_unexposed: e.n_unexposed,
            difference: Some(round2(e.difference)),
            ci: e.ci.map(|(l, h)| [round2(l), round2(h)]),
            ci_level: Some(round(e.ci_level, 4)),
            carryover: Some(round2(e.carryover)),
            p_value: Some(round(e.p_value, 4)),
            p_holm: Some(round(e.p_holm, 4)),
            ..base
        },
    }
}

fn adherence(t: AdherenceTrend) -> AdherenceView {
    match t {
        AdherenceTrend::Estimated {
            weeks,
            r,
            p_value,
            p_holm,
            significant,
        } => {
            let dir = if r < 0.0 { "lower" } else { "higher" };
            let r_text = format!("{:.2}", round2(r));
            let verdict = if significant {
                "This held up after correcting for the number of comparisons."
            } else {
                "This could well be chance."
            };
            AdherenceView {
                status: "estimated".into(),
                weeks,
                r: Some(round2(r)),
                p_value: Some(round(p_value, 4)),
                p_holm: Some(round(p_holm, 4)),
                significant,
                text: format!(
                    "In weeks when you did more of the planned routine, your back pain tended to be {dir} (r = {r_text} over {weeks} weeks; p = {p_value:.3}, {p_holm:.3} after Holm). {verdict} It went together in your data; that does not show one caused the other."
                ),
            }
        }
        AdherenceTrend::NotEnoughData { weeks, minimum } => AdherenceView {
            status: "not-enough-data".into(),
            weeks,
            r: None,
            p_value: None,
            p_holm: None,
            significant: false,
            text: format!(
                "Routine adherence and back pain: not enough data yet ({weeks} weeks with both a planned routine and pain logs; at least {minimum} needed)."
            ),
        },
    }
}

/// The associations as report types.
pub fn view(f: &Findings) -> AssociationsView {
    AssociationsView {
        note: f.note.to_owned(),
        alpha: f.alpha,
        tests: f.tests,
        permutations: f.permutations,
        method: wording::method(f.permutations),
        items: f.associations.iter().map(association).collect(),
        by_region: f
            .by_region
            .iter()
            .map(|r| RegionAssociationsView {
                region: super::build::region_key(r.region).to_owned(),
                items: r.associations.iter().map(association).collect(),
            })
            .collect(),
        adherence: adherence(f.adherence),
    }
}

/// The adaptive decision as a report type.
pub fn decision(d: &Decision) -> DecisionView {
    DecisionView {
        action: crate::report::build::action_name(d.action).into(),
        reasons: d.reasons.clone(),
        sources: d.sources.clone(),
    }
}
