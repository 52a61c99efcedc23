//! Assessment scenarios: who gets which causes, which tier, and why.

mod support;

use std::collections::BTreeSet;

use backstride_core::assessment::answers::{Noticed, PainTiming};
use backstride_core::assessment::assess;
use backstride_core::assessment::triage::TriageTier;
use backstride_core::knowledge::model::FlagTier;
use backstride_core::profile::Region;
use backstride_core::signal::Signal;
use support::{all_clear, assessed, kb, lower_back, upper_back};

fn top_two(
    kb: &backstride_core::knowledge::KnowledgeBase,
    a: &backstride_core::assessment::answers::Answers,
) -> Vec<String> {
    assessed(kb, a)
        .causes
        .iter()
        .take(2)
        .map(|c| c.id.clone())
        .collect()
}

#[test]
fn lower_back_pain_ranks_weak_core_first_with_reasons_and_sources() {
    let kb = kb();
    let a = assessed(&kb, &lower_back(&kb));
    let first = &a.causes[0];
    assert_eq!(first.id, "weak-core");
    assert!(
        a.causes
            .get(1)
            .is_none_or(|second| first.score > second.score)
    );
    assert!(
        first
            .reasons
            .iter()
            .any(|r| r.signal == Signal::RegionLowerBack)
    );
    assert!(
        first
            .sources
            .iter()
            .any(|s| s.as_str() == "SEED-LOWER-CORE")
    );
    assert!(
        first.evidence.verdict.needs_caveat(),
        "the 'almost always' claim must carry its caveat"
    );
    assert_eq!(a.triage.tier, TriageTier::SelfManage);
}

#[test]
fn upper_back_pain_ranks_head_then_arms_and_still_reaches_a_plan() {
    let kb = kb();
    let answers = upper_back(&kb);
    assert_eq!(top_two(&kb, &answers), ["forward-head", "arm-carriage"]);
    let a = assessed(&kb, &answers);
    // Ranked on score, not on file order: each place is strictly ahead.
    let scores: Vec<u16> = a.causes.iter().map(|c| c.score).collect();
    assert!(
        scores[0] > scores[1] && scores.get(2).is_none_or(|third| scores[1] > *third),
        "{scores:?}"
    );
    assert!(
        a.triage.allows_plan(),
        "mechanical upper back pain is the article's case: {:?}",
        a.triage
    );
    // The weak flag is still shown, as a note to watch.
    assert!(
        a.triage
            .fired
            .iter()
            .any(|f| f.id == "thoracic-pain" && f.tier == FlagTier::Routine)
    );
}

#[test]
fn noticing_arms_rising_moves_arm_carriage_up() {
    let kb = kb();
    let mut answers = upper_back(&kb);
    answers.noticed = BTreeSet::from([Noticed::ArmsRaised, Noticed::ArmsTucked]);
    assert_eq!(assessed(&kb, &answers).causes[0].id, "arm-carriage");
}

#[test]
fn upper_back_pain_with_a_second_flag_is_urgent() {
    let kb = kb();
    let mut answers = upper_back(&kb);
    answers.age = 55;
    answers.first_episode = true;
    let a = assessed(&kb, &answers);
    assert_eq!(a.triage.tier, TriageTier::Urgent);
    assert!(a.triage.fired.iter().all(|f| f.combined));
    assert!(
        a.recommendations.is_empty(),
        "red flags win over every recommendation"
    );
}

#[test]
fn age_alone_does_not_stop_the_plan() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    answers.age = 58;
    answers.first_episode = true;
    assert!(assessed(&kb, &answers).triage.allows_plan());
}

#[test]
fn night_pain_is_urgent_on_its_own() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    answers.timing.insert(PainTiming::AtNight);
    let a = assessed(&kb, &answers);
    assert_eq!(a.triage.tier, TriageTier::Urgent);
    assert!(a.triage.instruction().is_some());
}

#[test]
fn each_asked_flag_alone_sets_its_own_tier() {
    let kb = kb();
    for (flag, _) in kb.asked_flags() {
        let mut answers = lower_back(&kb);
        answers.red_flags.insert(flag.id.clone(), true);
        let a = assessed(&kb, &answers);
        let expected = match flag.tier {
            FlagTier::Emergency => TriageTier::Emergency,
            FlagTier::Urgent => TriageTier::Urgent,
            FlagTier::Soon => TriageTier::Soon,
            FlagTier::Routine => TriageTier::SelfManage,
        };
        assert_eq!(a.triage.tier, expected, "{}", flag.id);
        assert_eq!(a.triage.fired[0].id, flag.id);
    }
}

#[test]
fn an_unanswered_red_flag_is_never_taken_as_no() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    answers.red_flags.remove("saddle-numbness");
    let err = assess(&kb, &answers).err().map(|e| e.missing);
    assert_eq!(err, Some(vec!["saddle-numbness".to_owned()]));
}

#[test]
fn low_core_tests_raise_their_signals() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    answers.core_tests.plank = Some(20);
    answers.core_tests.side_bridge_right = Some(60);
    answers.core_tests.side_bridge_left = Some(30);
    let a = assessed(&kb, &answers);
    assert!(a.signals.contains(&Signal::CorePlankLow));
    assert!(a.signals.contains(&Signal::CoreRatioSideBalance));
    let plank = a.core_tests.iter().find(|t| t.low).expect("plank result");
    assert!(plank.low_below_s > 20);
}

#[test]
fn nothing_hurts_means_no_cause_and_no_pain_flags() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    answers.regions.clear();
    answers.timing.clear();
    answers.pain_now = support::nrs(0);
    answers.pain_worst = support::nrs(0);
    answers.age = 70;
    let a = assessed(&kb, &answers);
    assert!(a.causes.is_empty());
    assert!(a.triage.fired.is_empty());
    assert!(a.recommends("pre-post-run-routine"));
}

#[test]
fn brace_is_suggested_to_worried_runners_with_a_known_condition() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    assert!(!assessed(&kb, &answers).recommends("back-brace"));
    answers.history.condition = Some("disc bulge L4-L5".into());
    answers.history.worried = true;
    let a = assessed(&kb, &answers);
    assert!(a.recommends("back-brace"));
    assert!(a.recommends("talk-to-your-doctor"));
}

#[test]
fn neck_pain_region_is_a_signal() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    answers.regions = BTreeSet::from([Region::Neck]);
    answers.red_flags = all_clear(&kb);
    assert!(
        assessed(&kb, &answers)
            .signals
            .contains(&Signal::RegionNeck)
    );
}
