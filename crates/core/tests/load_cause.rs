//! Training load as a likely cause from the runner's own data (issue 14,
//! item 3): no data gives no data-driven cause; pain planted two days after
//! load spikes comes back as the `training-load` cause with the finding's
//! numbers and sources; a red flag still stops everything; and, for any
//! evidence passed in, the answers' causes and the triage are untouched.

mod insights_common;
mod support;

use std::collections::BTreeSet;

use backstride_core::assessment::from_data::{LoadEvidence, LoadExposure, LoadSign};
use backstride_core::assessment::{assess, assess_with_data};
use backstride_core::evidence::{EvidenceLevel, SourceId};
use backstride_core::history::{History, Settings};
use backstride_core::insights::compute;
use backstride_core::insights::load_cause::load_evidence;
use backstride_core::knowledge::model::FlagTier;
use backstride_core::stats::SplitMix64;
use insights_common::{Plant, spike_history};
use proptest::prelude::*;
use support::{kb, lower_back, upper_back};

const CAUSE: &str = "training-load";

#[test]
fn no_data_gives_no_data_driven_cause() {
    let kb = kb();
    let answers = lower_back(&kb);
    let plain = assess(&kb, &answers).expect("assessed");
    let with = assess_with_data(&kb, &answers, &BTreeSet::new(), &[]).expect("assessed");
    assert_eq!(plain, with);
    assert!(with.causes.iter().all(|c| c.id != CAUSE));
    assert!(with.causes.iter().all(|c| c.from_data.is_empty()));
    // An empty history points nowhere.
    let today = "2026-11-25".parse().expect("date");
    let found = compute(
        &History::default(),
        &Settings::default(),
        today,
        &[],
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    assert!(load_evidence(&found).is_empty());
}

#[test]
fn pain_after_load_spikes_is_a_cause_with_its_numbers_and_sources() {
    let kb = kb();
    let (history, today) = spike_history(1, 104, Plant::SpikeLag2);
    let found = compute(
        &history,
        &Settings::default(),
        today,
        &[],
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    let evidence = load_evidence(&found);
    let spike = evidence
        .iter()
        .find(|e| {
            matches!(
                e.sign,
                LoadSign::PainWith {
                    exposure: LoadExposure::LoadSpike,
                    lag_days: 2,
                    ..
                }
            )
        })
        .unwrap_or_else(|| panic!("the planted finding: {evidence:#?}"));
    let LoadSign::PainWith {
        difference,
        ci,
        p_holm,
        n_exposed,
        ..
    } = spike.sign
    else {
        unreachable!("matched above");
    };
    assert!(difference > 1.0, "planted +3: {difference}");
    let (low, high) = ci.expect("an interval");
    assert!(low > 0.0 && high >= difference, "{low} to {high}");
    assert!(p_holm < 0.05 && n_exposed > 0);
    assert!(spike.said.contains("points higher"), "{}", spike.said);
    assert!(spike.said.contains("does not show one caused the other"));
    assert!(spike.strength.contains("n-of-1"), "{}", spike.strength);
    assert!(spike.sources.contains(&SourceId("WILLIAMS-2017".into())));
    // Only findings of higher pain that held up are passed on.
    for e in &evidence {
        if let LoadSign::PainWith {
            difference, p_holm, ..
        } = e.sign
        {
            assert!(difference > 0.0 && p_holm < 0.05, "{e:?}");
        }
    }

    let a = assess_with_data(&kb, &lower_back(&kb), &BTreeSet::new(), &evidence).expect("ok");
    let cause = a
        .causes
        .iter()
        .find(|c| c.id == CAUSE)
        .expect("training load among the causes");
    assert!(cause.from_data.contains(spike));
    assert!(cause.sources.contains(&SourceId("NIELSEN-2014".into())));
    assert_eq!(cause.evidence.level, EvidenceLevel::Low);
    assert!(cause.reasons.iter().any(|r| r.why.contains("load-spike")));
    // Beside the article's causes, not instead of them.
    assert!(a.causes.iter().any(|c| c.id == "weak-core"));
    assert!(a.triage.allows_plan());
}

#[test]
fn a_red_flag_still_stops_whatever_the_data_says() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    let emergency = kb
        .asked_flags()
        .map(|(f, _)| f)
        .find(|f| f.tier == FlagTier::Emergency)
        .expect("an emergency question");
    answers.red_flags.insert(emergency.id.clone(), true);
    let evidence = [sample(LoadSign::DistanceJump { pct: 60.0 })];
    let a = assess_with_data(&kb, &answers, &BTreeSet::new(), &evidence).expect("ok");
    assert!(!a.triage.allows_plan());
    assert!(a.recommendations.is_empty());
    assert_eq!(a.triage, assess(&kb, &answers).expect("ok").triage);
}

fn sample(sign: LoadSign) -> LoadEvidence {
    LoadEvidence {
        sign,
        said: "said".into(),
        strength: "strength".into(),
        sources: vec![SourceId("NIELSEN-2014".into())],
    }
}

fn any_sign() -> impl Strategy<Value = LoadSign> {
    let exposure = prop_oneof![
        Just(LoadExposure::LoadSpike),
        Just(LoadExposure::LongRun),
        Just(LoadExposure::HardSession),
    ];
    prop_oneof![
        (30.1f64..300.0).prop_map(|pct| LoadSign::DistanceJump { pct }),
        (1.5f64..4.0).prop_map(|ratio| LoadSign::LoadSpike { ratio }),
        (exposure, 0u8..4, 0.1f64..6.0).prop_map(|(exposure, lag_days, difference)| {
            LoadSign::PainWith {
                exposure,
                lag_days,
                region: None,
                difference,
                ci: Some((difference / 2.0, difference * 1.5)),
                ci_level: 0.99,
                p_holm: 0.01,
                n_exposed: 12,
                n_unexposed: 40,
            }
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The data adds one cause carrying exactly what was passed in, and
    /// changes nothing else: the answers' causes keep their scores and
    /// reasons, and the triage is the answers' alone.
    #[test]
    fn data_adds_the_load_cause_and_touches_nothing_else(
        signs in prop::collection::vec(any_sign(), 0..5),
        upper in any::<bool>(),
    ) {
        let kb = kb();
        let answers = if upper { upper_back(&kb) } else { lower_back(&kb) };
        let evidence: Vec<LoadEvidence> = signs.into_iter().map(sample).collect();
        let plain = assess(&kb, &answers).expect("ok");
        let with = assess_with_data(&kb, &answers, &BTreeSet::new(), &evidence).expect("ok");
        prop_assert_eq!(&plain.triage, &with.triage);
        let load = with.causes.iter().find(|c| c.id == CAUSE);
        prop_assert_eq!(load.is_some(), !evidence.is_empty());
        if let Some(load) = load {
            prop_assert_eq!(&load.from_data, &evidence);
        }
        let others: Vec<_> = with
            .causes
            .iter()
            .filter(|c| c.id != CAUSE)
            .map(|c| (&c.id, c.score, &c.reasons))
            .collect();
        let before: Vec<_> = plain.causes.iter().map(|c| (&c.id, c.score, &c.reasons)).collect();
        prop_assert_eq!(others, before);
    }
}
