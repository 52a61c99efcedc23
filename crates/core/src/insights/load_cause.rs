//! What in the insights points at training load as a likely cause, for the
//! assessment (`assessment::from_data`): each n-of-1 finding that back pain
//! was higher on or after a load spike, a long run or a hard session and
//! held up after Holm's correction (combined or for one region), and
//! today's distance-jump and load-spike alerts. Findings that pain was
//! lower, or that could be chance, and every other exposure (the routine,
//! cross-training, the brace) point nowhere and are left out.

use super::Insights;
use super::alerts::AlertKind;
use super::assoc::{Association, Exposure, Outcome};
use super::wording::describe;
use crate::assessment::from_data::{LoadEvidence, LoadExposure, LoadSign};
use crate::evidence::SourceId;

/// The knowledge-base sources of an n-of-1 finding: the pain-monitoring
/// model (pain after a session is a reason to adjust the load), and for
/// load spikes the ratio's definition and band.
fn finding_sources(exposure: LoadExposure) -> Vec<SourceId> {
    let ids: &[&str] = match exposure {
        LoadExposure::LoadSpike => &["SILBERNAGEL-2007", "WILLIAMS-2017", "GABBETT-2016"],
        LoadExposure::LongRun | LoadExposure::HardSession => &["SILBERNAGEL-2007"],
    };
    ids.iter().map(|s| SourceId((*s).to_owned())).collect()
}

fn load_exposure(e: Exposure) -> Option<LoadExposure> {
    match e {
        Exposure::LoadSpike => Some(LoadExposure::LoadSpike),
        Exposure::LongRun => Some(LoadExposure::LongRun),
        Exposure::HardSession => Some(LoadExposure::HardSession),
        Exposure::SkippedRoutine | Exposure::CrossTrainingBelowDose | Exposure::BraceWorn => None,
    }
}

/// How much an n-of-1 finding can bear (its wording already says it held
/// up after Holm's correction and is no proof of cause).
pub const N_OF_1: &str = "n-of-1: your own records, not a study of many runners";

/// A finding that points at load, if `a` is one.
fn from_finding(a: &Association) -> Option<LoadEvidence> {
    let exposure = load_exposure(a.exposure)?;
    let Outcome::Estimated(e) = a.outcome else {
        return None;
    };
    if !a.significant || e.difference <= 0.0 {
        return None;
    }
    Some(LoadEvidence {
        sign: LoadSign::PainWith {
            exposure,
            lag_days: a.lag_days,
            region: a.region,
            difference: e.difference,
            ci: e.ci,
            ci_level: e.ci_level,
            p_holm: e.p_holm,
            n_exposed: e.n_exposed,
            n_unexposed: e.n_unexposed,
        },
        said: describe(a),
        strength: N_OF_1.to_owned(),
        sources: finding_sources(exposure),
    })
}

/// Everything in `found` that points at training load, findings first.
pub fn load_evidence(found: &Insights) -> Vec<LoadEvidence> {
    let f = &found.findings;
    let mut out: Vec<LoadEvidence> = f
        .associations
        .iter()
        .chain(f.by_region.iter().flat_map(|r| r.associations.iter()))
        .filter_map(from_finding)
        .collect();
    for alert in &found.alerts {
        let sign = match alert.kind {
            AlertKind::DistanceJump { pct } => LoadSign::DistanceJump { pct },
            AlertKind::LoadSpike { ratio } => LoadSign::LoadSpike { ratio },
            _ => continue,
        };
        let strength = match sign {
            LoadSign::DistanceJump { .. } => {
                "a description of your training; such rises went with more running injuries in novices (low-certainty evidence)"
            }
            _ => {
                "a description of your training only: the acute:chronic ratio is contested and is no injury probability"
            }
        };
        out.push(LoadEvidence {
            sign,
            said: alert.message.clone(),
            strength: strength.to_owned(),
            sources: alert.sources.iter().map(|s| SourceId(s.clone())).collect(),
        });
    }
    out
}
