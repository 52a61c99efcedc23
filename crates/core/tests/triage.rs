//! Triage against its sources: the combinations that turn weak flags into
//! "see a doctor", the ages of the age-based flags, and every flag's tier
//! and action checked against FACTS.md section 1.2 (docs/safety-tiers.md).

mod support;

use backstride_core::assessment::answers::{Answers, Trend};
use backstride_core::assessment::triage::TriageTier;
use backstride_core::knowledge::model::{FlagStrength, FlagTier, FlagTrigger};
use backstride_core::plan::PlanOutcome;
use backstride_core::profile::{Region, Sex};
use backstride_core::signal::Signal;
use proptest::prelude::*;
use support::{assessed, kb, lower_back, plan, upper_back};

fn fired_ids(a: &backstride_core::assessment::Assessment) -> Vec<&str> {
    a.triage.fired.iter().map(|f| f.id.as_str()).collect()
}

/// A first-ever episode at 55 that has not improved in `weeks` weeks.
fn older_first_episode(weeks: u16, trend: Trend) -> Answers {
    let kb = kb();
    Answers {
        age: 55,
        first_episode: true,
        weeks,
        trend,
        ..lower_back(&kb)
    }
}

#[test]
fn first_episode_at_fifty_plus_without_improvement_for_six_weeks_is_urgent_and_blocks_the_plan() {
    let kb = kb();
    let answers = older_first_episode(6, Trend::Same);
    let a = assessed(&kb, &answers);
    assert_eq!(a.triage.tier, TriageTier::Urgent, "{:?}", a.triage);
    assert!(fired_ids(&a).contains(&"age-outside-usual"));
    assert!(fired_ids(&a).contains(&"no-improvement"));
    assert!(a.triage.fired.iter().all(|f| f.combined));
    let instruction = a.triage.instruction().unwrap_or_default();
    assert!(instruction.contains("see a doctor"), "{instruction}");
    // The reason names both flags.
    assert!(instruction.contains("50 or over"), "{instruction}");
    assert!(
        instruction.contains("six weeks or more without improvement"),
        "{instruction}"
    );
    assert!(a.recommendations.is_empty());
    match plan(&kb, &answers, 8) {
        PlanOutcome::Blocked(b) => {
            assert_eq!(b.tier, TriageTier::Urgent);
            assert_eq!(b.instruction, instruction);
        }
        PlanOutcome::Ready(_) => panic!("a plan was made past an urgent combination"),
    }
}

#[test]
fn getting_worse_counts_as_no_improvement_too() {
    let kb = kb();
    let a = assessed(&kb, &older_first_episode(10, Trend::Worse));
    assert_eq!(a.triage.tier, TriageTier::Urgent);
}

#[test]
fn upper_back_pain_without_improvement_for_six_weeks_is_urgent() {
    let kb = kb();
    let answers = Answers {
        weeks: 8,
        trend: Trend::Same,
        ..upper_back(&kb)
    };
    let a = assessed(&kb, &answers);
    assert_eq!(a.triage.tier, TriageTier::Urgent, "{:?}", a.triage);
    let instruction = a.triage.instruction().unwrap_or_default();
    assert!(instruction.contains("upper back"), "{instruction}");
    assert!(instruction.contains("without improvement"), "{instruction}");
    assert!(matches!(plan(&kb, &answers, 4), PlanOutcome::Blocked(_)));
}

#[test]
fn the_combinations_need_both_parts() {
    let kb = kb();
    // Improving after six weeks: only the age note.
    let a = assessed(&kb, &older_first_episode(6, Trend::Improving));
    assert!(a.triage.allows_plan(), "{:?}", a.triage);
    assert_eq!(fired_ids(&a), ["age-outside-usual"]);
    // Five weeks is not yet six.
    let a = assessed(&kb, &older_first_episode(5, Trend::Same));
    assert!(a.triage.allows_plan(), "{:?}", a.triage);
    // Six weeks without improvement alone is a routine note: see someone,
    // the plan goes on.
    let answers = Answers {
        weeks: 12,
        trend: Trend::Same,
        ..lower_back(&kb)
    };
    let a = assessed(&kb, &answers);
    assert!(a.triage.allows_plan(), "{:?}", a.triage);
    assert_eq!(fired_ids(&a), ["no-improvement"]);
    assert_eq!(a.triage.fired[0].tier, FlagTier::Routine);
    assert!(!a.triage.fired[0].combined);
    match plan(&kb, &answers, 2) {
        PlanOutcome::Ready(p) => assert!(
            p.notices
                .iter()
                .any(|n| n.text.contains("Book a review with a GP")),
            "the routine note is shown with the plan"
        ),
        PlanOutcome::Blocked(b) => panic!("blocked: {b:?}"),
    }
}

#[test]
fn a_soon_flag_lifts_no_improvement_and_names_it() {
    let kb = kb();
    let mut answers = Answers {
        weeks: 7,
        trend: Trend::Same,
        ..lower_back(&kb)
    };
    answers
        .red_flags
        .insert("radicular-leg-pain".to_owned(), true);
    let a = assessed(&kb, &answers);
    assert_eq!(a.triage.tier, TriageTier::Urgent);
    let first = &a.triage.fired[0];
    assert_eq!(first.id, "no-improvement");
    assert!(first.action.contains("below the knee"), "{}", first.action);
}

#[test]
fn the_under_twenty_flag_needs_a_first_episode_like_the_over_fifty_one() {
    let kb = kb();
    for (age, first, expected) in [
        (18, false, false),
        (18, true, true),
        (19, true, true),
        (20, true, false),
        (49, true, false),
        (50, true, true),
        (50, false, false),
        (70, false, false),
    ] {
        let answers = Answers {
            age,
            first_episode: first,
            ..lower_back(&kb)
        };
        let a = assessed(&kb, &answers);
        assert_eq!(
            a.signals.contains(&Signal::AgeOutsideUsual),
            expected,
            "age {age}, first episode {first}"
        );
    }
}

#[test]
fn fragility_ages_follow_nice_cg146_women_from_65_men_from_75() {
    let kb = kb();
    for (sex, age, expected) in [
        (Sex::Female, 64, false),
        (Sex::Female, 65, true),
        (Sex::Female, 80, true),
        (Sex::Male, 65, false),
        (Sex::Male, 74, false),
        (Sex::Male, 75, true),
        (Sex::Unspecified, 64, false),
        (Sex::Unspecified, 65, true),
    ] {
        let answers = Answers {
            age,
            sex,
            sudden_onset: true,
            ..lower_back(&kb)
        };
        let a = assessed(&kb, &answers);
        assert_eq!(
            fired_ids(&a).contains(&"fragility-age"),
            expected,
            "{sex:?} aged {age}"
        );
        if expected {
            assert_eq!(a.triage.tier, TriageTier::Urgent);
        }
    }
    let flag = kb.red_flag("fragility-age");
    assert!(flag.is_some_and(|f| f.sources.iter().any(|s| s.as_str() == "NICE-CG146")));
}

#[test]
fn suspected_spinal_infection_is_same_day() {
    let kb = kb();
    let Some(flag) = kb.red_flag("fever-infection") else {
        panic!("no fever flag")
    };
    assert_eq!(flag.tier, FlagTier::Urgent);
    assert!(flag.action.contains("today"), "{}", flag.action);
    assert!(!flag.action.contains("48"), "{}", flag.action);
    assert!(flag.action.contains("999"), "septic signs go to 999");
}

/// FACTS.md 1.2: the tier each flag must have, with the two documented
/// deviations (docs/safety-tiers.md): thoracic pain and age alone are
/// routine notes that turn urgent in company.
#[test]
fn every_flag_has_the_tier_its_sources_give() {
    let kb = kb();
    let expected: &[(&str, FlagTier, Option<FlagTier>)] = &[
        ("saddle-numbness", FlagTier::Emergency, None),
        ("bladder-bowel", FlagTier::Emergency, None),
        ("both-legs", FlagTier::Emergency, None),
        ("sexual-function", FlagTier::Emergency, None),
        ("progressive-weakness", FlagTier::Emergency, None),
        ("serious-trauma", FlagTier::Emergency, None),
        ("chest-or-tearing-pain", FlagTier::Emergency, None),
        ("myelopathy-signs", FlagTier::Urgent, None),
        ("vascular-neck-signs", FlagTier::Emergency, None),
        ("fever-infection", FlagTier::Urgent, None),
        ("cancer-history", FlagTier::Urgent, None),
        ("weight-loss", FlagTier::Urgent, None),
        ("osteoporosis-steroids", FlagTier::Urgent, None),
        ("deformity-lump", FlagTier::Urgent, None),
        ("inflammatory-pattern", FlagTier::Soon, None),
        ("radicular-leg-pain", FlagTier::Soon, None),
        ("non-mechanical-pain", FlagTier::Urgent, None),
        ("thoracic-pain", FlagTier::Routine, Some(FlagTier::Urgent)),
        (
            "age-outside-usual",
            FlagTier::Routine,
            Some(FlagTier::Urgent),
        ),
        ("fragility-age", FlagTier::Urgent, None),
        ("no-improvement", FlagTier::Routine, Some(FlagTier::Urgent)),
    ];
    assert_eq!(kb.red_flags.len(), expected.len(), "a flag is not checked");
    for (id, tier, combined) in expected {
        let Some(flag) = kb.red_flag(id) else {
            panic!("{id} is missing")
        };
        assert_eq!(flag.tier, *tier, "{id}");
        let got = match flag.strength {
            FlagStrength::Strong => None,
            FlagStrength::Weak { combined } => Some(combined),
        };
        assert_eq!(got, *combined, "{id}");
    }
}

/// Every action says what its tier means: 999 now, a doctor today, a
/// booking within two weeks; a weak flag's combined action is urgent.
#[test]
fn every_action_matches_its_tier() {
    let kb = kb();
    for flag in &kb.red_flags {
        let a = &flag.action;
        match flag.tier {
            FlagTier::Emergency => assert!(a.contains("999") && a.contains("now"), "{}", flag.id),
            FlagTier::Urgent => assert!(
                a.starts_with("Stop the running plan") && a.contains("today"),
                "{}: {a}",
                flag.id
            ),
            FlagTier::Soon => assert!(
                a.starts_with("Pause the running plan") && a.contains("two weeks"),
                "{}: {a}",
                flag.id
            ),
            FlagTier::Routine => assert!(!a.contains("999"), "{}", flag.id),
        }
        if let Some(c) = &flag.combined_action {
            assert!(
                c.starts_with("Stop the running plan") && c.contains("today"),
                "{}: {c}",
                flag.id
            );
        }
        if flag.tier == FlagTier::Emergency {
            assert!(matches!(flag.trigger, FlagTrigger::Asked(_)), "{}", flag.id);
        }
    }
}

proptest! {
    /// Whatever the age, sex, region, weeks and trend: a weak flag is
    /// lifted exactly when another weak flag, or one at "soon" or above,
    /// is present, and a lifted flag's instruction names every partner.
    #[test]
    fn weak_flags_combine_and_name_their_partners(
        age in 12u8..=100,
        female in any::<bool>(),
        upper in any::<bool>(),
        first in any::<bool>(),
        sudden in any::<bool>(),
        weeks in 0u16..=60,
        trend in 0u8..3,
        radicular in any::<bool>(),
    ) {
        let kb = kb();
        let mut answers = Answers {
            age,
            sex: if female { Sex::Female } else { Sex::Male },
            first_episode: first,
            sudden_onset: sudden,
            weeks,
            trend: [Trend::Improving, Trend::Same, Trend::Worse][usize::from(trend)],
            ..lower_back(&kb)
        };
        if upper {
            answers.regions.insert(Region::UpperBack);
        }
        answers.red_flags.insert("radicular-leg-pain".to_owned(), radicular);
        let a = assessed(&kb, &answers);
        let weak: Vec<&str> = kb
            .red_flags
            .iter()
            .filter(|f| matches!(f.strength, FlagStrength::Weak { .. }))
            .map(|f| f.id.as_str())
            .collect();
        let lifting = a
            .triage
            .fired
            .iter()
            .filter(|f| weak.contains(&f.id.as_str()) || f.tier >= FlagTier::Soon)
            .count();
        for f in a.triage.fired.iter().filter(|f| weak.contains(&f.id.as_str())) {
            prop_assert_eq!(f.combined, lifting >= 2, "{:?}", a.triage);
            if f.combined {
                prop_assert_eq!(f.tier, FlagTier::Urgent);
                for other in a.triage.fired.iter().filter(|o| o.id != f.id) {
                    let lifts = weak.contains(&other.id.as_str()) || other.tier >= FlagTier::Soon;
                    if lifts {
                        let name = kb.red_flag(&other.id).map(|x| x.name.clone()).unwrap_or_default();
                        prop_assert!(f.action.contains(&name), "{} lacks {}", f.action, name);
                    }
                }
            }
        }
        // The plan is made only when nothing is above routine.
        let blocked = a.triage.fired.iter().any(|f| f.tier > FlagTier::Routine);
        prop_assert_eq!(a.triage.allows_plan(), !blocked);
        // The older-runner combination of issue 10 is never self-managed.
        if first && age >= 50 && weeks >= 6 && trend != 0 {
            prop_assert_eq!(a.triage.tier, TriageTier::Urgent);
        }
        if upper && weeks >= 6 && trend != 0 {
            prop_assert!(a.triage.tier >= TriageTier::Urgent);
        }
    }
}
