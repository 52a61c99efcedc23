//! Plan scenarios and the plan's invariants, proved over arbitrary answers.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use backstride_core::assessment::answers::{
    Answers, BackHistory, CoreTests, CurrentRunning, DoctorCaps, Equipment, Intensity, Noticed,
    PainTiming, Region, Sex, Trend,
};
use backstride_core::assessment::assess;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::{Plan, PlanOutcome, PlanRequest, RunKind, Session, build};
use backstride_core::units::{Meters, Nrs};
use chrono::Days;
use proptest::prelude::*;
use support::{date, kb, lower_back, plan};

fn ready(outcome: PlanOutcome) -> Plan {
    match outcome {
        PlanOutcome::Ready(p) => p,
        PlanOutcome::Blocked(b) => panic!("blocked: {}", b.instruction),
    }
}

/// Cross-training sessions in every full 30-day window of the plan.
fn cross_in_windows(plan: &Plan) -> Vec<usize> {
    let days = (plan.end - plan.start).num_days() + 1;
    (0..=days - 30)
        .map(|offset| {
            let from = plan.start + Days::new(offset as u64);
            let to = from + Days::new(29);
            plan.days
                .iter()
                .filter(|d| {
                    d.date >= from && d.date <= to && matches!(d.session, Session::CrossTrain(_))
                })
                .count()
        })
        .collect()
}

fn assert_invariants(kb: &KnowledgeBase, answers: &Answers, plan: &Plan) {
    let routine_len = kb.routine.exercises.len();
    for week in &plan.weeks {
        let runs: Vec<_> = plan.days.iter().filter(|d| d.week == week.number).collect();
        let distance: Meters = runs
            .iter()
            .filter_map(|d| match &d.session {
                Session::Run(r) => Some(r.distance),
                Session::CrossTrain(_) => None,
            })
            .sum();
        assert_eq!(distance, week.scheduled);
        assert!(week.scheduled <= week.target);
        if let Some(cap) = answers.caps.weekly_distance {
            assert!(
                week.scheduled <= cap,
                "week {} has {} over cap {}",
                week.number,
                week.scheduled,
                cap
            );
        }
        if let Some(cap) = answers.caps.runs_per_week {
            assert!(week.runs <= cap);
        }
    }
    for day in &plan.days {
        if let Session::Run(run) = &day.session {
            assert_eq!(
                run.routine.len(),
                routine_len,
                "{} lacks the routine",
                day.date
            );
            if answers.caps.max_intensity == Some(Intensity::Easy) {
                assert_eq!(run.intensity, Intensity::Easy);
            }
            let has_ball = answers.equipment.contains(&Equipment::ExerciseBall);
            assert_eq!(
                run.routine.iter().any(|r| r.exercise_id == "ball-pike"),
                has_ball
            );
        }
    }
    // Two sessions never share a day.
    let dates: BTreeSet<_> = plan.days.iter().map(|d| d.date).collect();
    assert_eq!(dates.len(), plan.days.len());
    let floor = usize::from(plan.cross_days_per_30);
    if plan.weeks.len() * 7 >= 30 {
        assert!(cross_in_windows(plan).iter().all(|&n| n >= floor));
    } else {
        let cross = plan
            .days
            .iter()
            .filter(|d| matches!(d.session, Session::CrossTrain(_)))
            .count();
        assert!(cross * 30 >= floor * plan.weeks.len() * 7, "pro-rata floor");
    }
}

#[test]
fn lower_back_no_ball_capped_at_20_km_over_8_weeks() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    answers.running.weekly_distance = Meters(18_000);
    answers.caps.weekly_distance = Some(Meters(20_000));
    let plan = ready(plan(&kb, &answers, 8));
    assert_eq!(plan.weeks.len(), 8);
    assert_eq!(plan.days.first().map(|d| d.week), Some(1));
    assert!(plan.weeks.iter().all(|w| w.scheduled <= Meters(20_000)));
    assert!(
        plan.weeks.iter().any(|w| w.capped),
        "the cap should bind within 8 weeks"
    );
    assert!(cross_in_windows(&plan).iter().all(|&n| n >= 4));
    // Ball pike replaced by a named substitute on every run day.
    for day in &plan.days {
        if let Session::Run(run) = &day.session {
            let names: Vec<&str> = run.routine.iter().map(|r| r.exercise_id.as_str()).collect();
            assert_eq!(names, ["warrior-pose", "bicycle-crunch", "plank-knee-tuck"]);
            let sub = run.routine[2]
                .replaces
                .as_ref()
                .expect("substitution recorded");
            assert_eq!(sub.exercise_id, "ball-pike");
            assert_eq!(sub.missing, [Equipment::ExerciseBall]);
        }
    }
    // Warrior Pose rounds rise from 1 to 3.
    let rounds: Vec<u8> = plan.weeks.iter().map(|w| w.routine_sets).collect();
    assert_eq!(rounds.first(), Some(&1));
    assert_eq!(rounds.last(), Some(&3));
    assert!(rounds.windows(2).all(|p| p[0] <= p[1]));
    assert_invariants(&kb, &answers, &plan);
}

#[test]
fn progression_is_conservative_with_lighter_weeks() {
    let kb = kb();
    let answers = lower_back(&kb);
    let plan = ready(plan(&kb, &answers, 12));
    // A build week grows at most 10% over the last build week; the week
    // after a lighter week goes no higher than the week before it.
    let mut last_build = 0.0_f64;
    for (i, week) in plan.weeks.iter().enumerate() {
        let t = f64::from(week.target.0);
        if week.lighter {
            assert!(t < last_build);
            continue;
        }
        if i > 0 && plan.weeks[i - 1].lighter {
            assert!(
                t <= last_build,
                "week {} rebounds above the last build week",
                week.number
            );
        } else if i > 0 {
            assert!(
                t <= last_build * 1.10 + 1.0,
                "week {} grew more than 10%",
                week.number
            );
        }
        last_build = t;
    }
    assert_eq!(
        plan.weeks
            .iter()
            .filter(|w| w.lighter)
            .map(|w| w.number)
            .collect::<Vec<_>>(),
        [4, 8, 12]
    );
    assert!(
        plan.days
            .iter()
            .any(|d| matches!(&d.session, Session::Run(r) if r.kind == RunKind::Long))
    );
}

#[test]
fn a_known_condition_says_talk_to_your_doctor_first() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    answers.history.condition = Some("spondylolisthesis".into());
    let plan = ready(plan(&kb, &answers, 4));
    let doctor = plan
        .notices
        .iter()
        .find(|n| n.text.contains("Talk to your doctor first"))
        .expect("doctor notice");
    assert!(doctor.sources.iter().any(|s| s.as_str() == "SEED-DOCTOR"));
}

#[test]
fn a_red_flag_means_no_plan_and_an_instruction() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    answers.red_flags.insert("bladder-bowel".into(), true);
    match plan(&kb, &answers, 8) {
        PlanOutcome::Blocked(b) => {
            assert!(!b.instruction.is_empty());
            assert_eq!(b.flags[0].id, "bladder-bowel");
        }
        PlanOutcome::Ready(_) => panic!("a plan was made despite a red flag"),
    }
}

#[test]
fn cross_training_dose_is_configurable_but_never_below_the_floor() {
    let kb = kb();
    let answers = lower_back(&kb);
    let a = support::assessed(&kb, &answers);
    let request = |n| PlanRequest {
        start: date(2026, 12, 7),
        weeks: 8,
        cross_days_per_30: Some(n),
    };
    assert!(build(&kb, &answers, &a, request(2)).is_err());
    let plan = ready(build(&kb, &answers, &a, request(8)).expect("valid request"));
    assert!(cross_in_windows(&plan).iter().all(|&n| n >= 8));
}

#[test]
fn no_bike_means_a_named_alternative() {
    let kb = kb();
    let mut answers = lower_back(&kb);
    let with_bike = {
        answers.equipment.insert(Equipment::Bike);
        ready(plan(&kb, &answers, 2))
    };
    assert!(
        with_bike
            .days
            .iter()
            .any(|d| matches!(&d.session, Session::CrossTrain(c) if c.activity == "cycling"))
    );
    answers.equipment.clear();
    let without = ready(plan(&kb, &answers, 2));
    assert!(
        without
            .days
            .iter()
            .all(|d| !matches!(&d.session, Session::CrossTrain(c) if c.activity == "cycling"))
    );
    assert!(without.notices.iter().any(|n| n.text.contains("No bike")));
}

#[test]
fn same_input_same_plan() {
    let kb = kb();
    let answers = lower_back(&kb);
    assert_eq!(plan(&kb, &answers, 6), plan(&kb, &answers, 6));
}

fn subset<T: Ord + Clone + std::fmt::Debug + 'static>(
    items: Vec<T>,
) -> impl Strategy<Value = BTreeSet<T>> {
    proptest::sample::subsequence(items.clone(), 0..=items.len())
        .prop_map(|v| v.into_iter().collect())
}

prop_compose! {
    fn any_answers(flag_ids: Vec<String>)(
        age in 12u8..=100,
        sex in prop_oneof![Just(Sex::Female), Just(Sex::Male), Just(Sex::Unspecified)],
        regions in subset(vec![Region::LowerBack, Region::UpperBack, Region::Neck, Region::Other]),
        now in 0i64..=10,
        extra in 0i64..=10,
        timing in subset(vec![PainTiming::EarlyInRun, PainTiming::LateInRun, PainTiming::AfterRun, PainTiming::NextMorning, PainTiming::AtRest, PainTiming::AtNight]),
        weeks in 0u16..=60,
        trend in prop_oneof![Just(Trend::Improving), Just(Trend::Same), Just(Trend::Worse)],
        first_episode: bool,
        sudden_onset: bool,
        noticed in subset(vec![Noticed::HeadLeading, Noticed::ArmsTucked, Noticed::ArmsRaised, Noticed::Slumping]),
        condition in proptest::option::of("[a-z ]{3,20}"),
        worried: bool,
        cap_km in proptest::option::of(0u32..=80),
        cap_runs in proptest::option::of(0u8..=7),
        cap_easy in proptest::option::of(any::<bool>()),
        equipment in subset(vec![Equipment::ExerciseBall, Equipment::Bike, Equipment::Brace]),
        tests in proptest::array::uniform5(proptest::option::of(0u16..=300)),
        weekly_km in 0u32..=120,
        runs in 0u8..=14,
        pace in proptest::option::of(150u16..=900),
        flags in proptest::collection::vec(proptest::bool::weighted(0.08), flag_ids.len()),
    ) -> Answers {
        let now = Nrs::new(now).unwrap_or_default();
        let worst = Nrs::new((i64::from(now.get()) + extra).min(10)).unwrap_or_default();
        Answers {
            age, sex, regions, pain_now: now, pain_worst: worst, timing, weeks, trend, first_episode, sudden_onset, noticed,
            history: BackHistory { condition, worried },
            caps: DoctorCaps {
                weekly_distance: cap_km.map(|k| Meters(k * 1000)),
                max_intensity: cap_easy.map(|e| if e { Intensity::Easy } else { Intensity::Steady }),
                runs_per_week: cap_runs,
            },
            equipment,
            core_tests: CoreTests { plank: tests[0], flexor: tests[1], extensor: tests[2], side_bridge_right: tests[3], side_bridge_left: tests[4] },
            running: CurrentRunning { weekly_distance: Meters(weekly_km * 1000), runs_per_week: runs, easy_pace_s_per_km: pace },
            red_flags: flag_ids.iter().cloned().zip(flags).collect::<BTreeMap<_, _>>(),
        }
    }
}

fn flag_ids() -> Vec<String> {
    kb().asked_flags().map(|(f, _)| f.id.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn red_flags_win_and_plans_keep_their_promises(
        answers in any_answers(flag_ids()),
        weeks in 1u16..=20,
        start_offset in 0u64..=400,
        per_30 in proptest::option::of(3u8..=12),
    ) {
        let kb = kb();
        let a = assess(&kb, &answers).expect("complete checklist");
        let request = PlanRequest { start: date(2026, 1, 1) + Days::new(start_offset), weeks, cross_days_per_30: per_30 };
        let outcome = build(&kb, &answers, &a, request).expect("valid request");
        let any_yes = answers.red_flags.values().any(|&v| v);
        match outcome {
            PlanOutcome::Blocked(b) => {
                prop_assert!(!a.triage.allows_plan());
                prop_assert!(!b.instruction.is_empty());
                prop_assert!(a.recommendations.is_empty());
            }
            PlanOutcome::Ready(plan) => {
                // Every asked red flag is at least "soon": a yes blocks the plan.
                prop_assert!(!any_yes, "a red flag answered yes still produced a plan");
                prop_assert!(a.triage.allows_plan());
                assert_invariants(&kb, &answers, &plan);
            }
        }
    }
}
