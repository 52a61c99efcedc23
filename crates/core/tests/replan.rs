//! Re-planning from today (`plan::adapt::replan`): the pain-monitoring
//! decision moves the stored plan's week, the doctor's caps hold, every
//! change says why with sources, and a red flag leaves no plan.

mod support;

use backstride_core::assessment::answers::{Answers, DoctorCaps, Intensity};
use backstride_core::assessment::notes::{LoggedNote, flags_in_notes};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::adapt::{
    ChangeKind, PlannedWeek, Replan, ReplanRequest, Standpoint, replan,
};
use backstride_core::plan::rule::{Action, Decision};
use backstride_core::plan::schedule::RunDays;
use backstride_core::plan::{Plan, PlanOutcome, Session};
use backstride_core::profile::Equipment;
use backstride_core::units::Meters;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use support::{assessed, date, lower_back};

/// The knowledge base, loaded once for the whole file.
fn kb() -> &'static KnowledgeBase {
    static KB: std::sync::OnceLock<KnowledgeBase> = std::sync::OnceLock::new();
    KB.get_or_init(support::kb)
}

fn decision(action: Action) -> Decision {
    Decision {
        action,
        reasons: vec![format!("{action:?} because the test says so.")],
        sources: vec!["SILBERNAGEL-2007".to_owned()],
        run_day: Some(date(2026, 11, 24)),
    }
}

/// A stored 8-week plan from Monday 2 Nov 2026 at `km` a week, with the
/// warrior pose at `rounds` x `reps` throughout.
fn stored(km: u32, rounds: u8, reps: u8) -> Vec<PlannedWeek> {
    (0..8u64)
        .map(|w| PlannedWeek {
            start: date(2026, 11, 2) + Days::new(7 * w),
            target: Meters(km * 1000),
            rounds,
            reps,
        })
        .collect()
}

fn request(today: NaiveDate) -> ReplanRequest {
    ReplanRequest {
        today,
        weeks: 8,
        cross_days_per_30: None,
        applied: None,
        run_days: RunDays::default(),
        units: backstride_core::profile::Units::Km,
    }
}

fn run(
    kb: &KnowledgeBase,
    answers: &Answers,
    d: Option<&Decision>,
    weeks: &[PlannedWeek],
) -> Replan {
    let a = assessed(kb, answers);
    replan(kb, answers, &a, d, &[], weeks, request(date(2026, 11, 25))).expect("valid request")
}

fn ready(r: &Replan) -> &Plan {
    match &r.outcome {
        PlanOutcome::Ready(p) => p,
        PlanOutcome::Blocked(b) => panic!("blocked: {}", b.instruction),
    }
}

fn warrior(plan: &Plan, week: u16) -> (u8, u8) {
    plan.days
        .iter()
        .filter(|d| d.week == week)
        .flat_map(|d| d.session.routine())
        .find(|i| i.exercise_id == "warrior-pose")
        .map(|i| (i.sets, i.reps))
        .expect("the week has the routine")
}

fn change(r: &Replan, kind: ChangeKind) -> &backstride_core::plan::adapt::Change {
    r.changes
        .iter()
        .find(|c| c.kind == kind)
        .expect("change listed")
}

#[test]
fn step_back_lowers_the_first_week_and_drops_a_round() {
    let kb = kb();
    let r = run(
        kb,
        &lower_back(kb),
        Some(&decision(Action::StepBack)),
        &stored(18, 2, 10),
    );
    let plan = ready(&r);
    assert_eq!(plan.start, date(2026, 11, 25));
    assert_eq!(plan.weeks[0].target, Meters(14_400));
    assert_eq!(warrior(plan, 1), (1, 10));
    let easy = plan.days.iter().all(|d| match &d.session {
        Session::Run(run) => run.intensity == Intensity::Easy,
        Session::CrossTrain(_) => true,
    });
    assert!(easy, "a step back keeps every run easy");
    let distance = change(&r, ChangeKind::WeeklyDistance);
    assert_eq!(
        (distance.from.as_str(), distance.to.as_str()),
        ("18.0 km", "14.4 km")
    );
    assert!(distance.text.contains("Tue 24 Nov"), "{}", distance.text);
    assert!(distance.text.contains("down 20%"), "{}", distance.text);
    assert!(r.changes.iter().any(|c| c.kind == ChangeKind::Intensity));
    assert!(matches!(
        r.standing.from,
        Standpoint::PlanWeek { number: 4, .. }
    ));
}

#[test]
fn step_back_at_one_round_takes_reps_off() {
    let kb = kb();
    let r = run(
        kb,
        &lower_back(kb),
        Some(&decision(Action::StepBack)),
        &stored(10, 1, 10),
    );
    assert_eq!(warrior(ready(&r), 1), (1, 8));
    assert!(change(&r, ChangeKind::Reps).changed);
    assert!(!change(&r, ChangeKind::Rounds).changed);
}

#[test]
fn progress_adds_at_most_ten_percent_and_a_round() {
    let kb = kb();
    let r = run(
        kb,
        &lower_back(kb),
        Some(&decision(Action::Progress)),
        &stored(15, 1, 10),
    );
    let plan = ready(&r);
    assert_eq!(plan.weeks[0].target, Meters(16_500));
    assert_eq!(warrior(plan, 1), (2, 10));
    // The routine's progression resumes from there: 3 rounds two weeks on.
    assert_eq!(warrior(plan, 3).0, 3);
    assert!(!r.changes.iter().any(|c| c.kind == ChangeKind::Intensity));
}

#[test]
fn progress_gives_reps_back_before_adding_a_round() {
    let kb = kb();
    let r = run(
        kb,
        &lower_back(kb),
        Some(&decision(Action::Progress)),
        &stored(15, 1, 8),
    );
    assert_eq!(warrior(ready(&r), 1), (1, 10));
}

#[test]
fn hold_keeps_the_week_and_the_doctors_cap_wins() {
    let kb = kb();
    let r = run(
        kb,
        &lower_back(kb),
        Some(&decision(Action::Hold)),
        &stored(12, 2, 10),
    );
    assert_eq!(ready(&r).weeks[0].target, Meters(12_000));
    assert!(!change(&r, ChangeKind::WeeklyDistance).changed);

    let capped = Answers {
        caps: DoctorCaps {
            weekly_distance: Some(Meters(16_000)),
            ..DoctorCaps::default()
        },
        ..lower_back(kb)
    };
    let r = run(
        kb,
        &capped,
        Some(&decision(Action::Progress)),
        &stored(15, 1, 10),
    );
    assert_eq!(ready(&r).weeks[0].target, Meters(16_000));
    let c = change(&r, ChangeKind::WeeklyDistance);
    assert!(c.text.contains("doctor's limit"), "{}", c.text);
    assert!(c.sources.iter().any(|s| s.as_str() == "SEED-DOCTOR"));
}

#[test]
fn no_decision_yet_holds_and_says_so() {
    let kb = kb();
    let r = run(kb, &lower_back(kb), None, &stored(12, 2, 10));
    assert_eq!(r.action, Action::Hold);
    assert_eq!(ready(&r).weeks[0].target, Meters(12_000));
    assert!(r.reasons[0].contains("No pain logged"));
}

#[test]
fn without_a_stored_week_the_answers_are_where_you_stand() {
    let kb = kb();
    let r = run(kb, &lower_back(kb), Some(&decision(Action::Hold)), &[]);
    assert_eq!(r.standing.from, Standpoint::Answers);
    assert_eq!(r.standing.weekly, Meters(15_000));
    assert_eq!(ready(&r).weeks[0].target, Meters(15_000));
}

#[test]
fn a_red_flag_note_leaves_no_plan_but_the_instruction() {
    let kb = kb();
    let answers = lower_back(kb);
    let a = assessed(kb, &answers);
    let flags = flags_in_notes(
        kb,
        &[LoggedNote {
            date: date(2026, 11, 24),
            log: "pain",
            text: "groin went numb on the long run",
        }],
    );
    assert_eq!(flags.len(), 1);
    let r = replan(
        kb,
        &answers,
        &a,
        Some(&decision(Action::Progress)),
        &flags,
        &stored(15, 1, 10),
        request(date(2026, 11, 25)),
    )
    .expect("valid");
    assert_eq!(r.action, Action::Stop);
    let PlanOutcome::Blocked(b) = &r.outcome else {
        panic!("a red flag still produced a plan");
    };
    assert!(b.instruction.contains("999"), "{}", b.instruction);
    assert_eq!(b.flags[0].id, "saddle-numbness");
    assert!(r.reasons[0].contains("groin went numb"), "{:?}", r.reasons);
    assert!(r.changes.iter().all(|c| c.kind == ChangeKind::Stop));
}

#[test]
fn a_red_flag_in_the_answers_blocks_too() {
    let kb = kb();
    let mut answers = lower_back(kb);
    answers.red_flags.insert("fever-infection".to_owned(), true);
    let r = run(
        kb,
        &answers,
        Some(&decision(Action::Progress)),
        &stored(15, 1, 10),
    );
    assert!(matches!(r.outcome, PlanOutcome::Blocked(_)));
}

#[test]
fn the_same_run_is_never_applied_twice() {
    let kb = kb();
    let answers = lower_back(kb);
    let a = assessed(kb, &answers);
    let step_back = decision(Action::StepBack);
    let first = replan(
        kb,
        &answers,
        &a,
        Some(&step_back),
        &[],
        &stored(18, 2, 10),
        request(date(2026, 11, 25)),
    )
    .expect("valid");
    assert_eq!(first.applied, Some((date(2026, 11, 24), Action::StepBack)));
    // The re-made plan, saved and read back as the next re-plan's input.
    let plan = ready(&first);
    let saved: Vec<PlannedWeek> = plan
        .weeks
        .iter()
        .map(|w| PlannedWeek {
            start: w.start,
            target: w.target,
            rounds: warrior(plan, w.number).0,
            reps: warrior(plan, w.number).1,
        })
        .collect();
    let again = ReplanRequest {
        applied: first.applied,
        ..request(date(2026, 11, 26))
    };
    let second = replan(kb, &answers, &a, Some(&step_back), &[], &saved, again).expect("valid");
    assert_eq!(second.action, Action::Hold);
    assert_eq!(second.applied, first.applied, "still rests on that run");
    assert_eq!(ready(&second).weeks[0].target, plan.weeks[0].target);
    assert!(
        second.reasons[0].contains("already applies"),
        "{:?}",
        second.reasons
    );
    // A later run's pain is applied.
    let later = Decision {
        run_day: Some(date(2026, 11, 26)),
        ..step_back
    };
    let third = replan(kb, &answers, &a, Some(&later), &[], &saved, again).expect("valid");
    assert_eq!(third.action, Action::StepBack);
    assert!(ready(&third).weeks[0].target < plan.weeks[0].target);
}

#[test]
fn bad_weeks_are_refused() {
    let kb = kb();
    let answers = lower_back(kb);
    let a = assessed(kb, &answers);
    let mut req = request(date(2026, 11, 25));
    req.weeks = 0;
    assert!(replan(kb, &answers, &a, None, &[], &[], req).is_err());
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Progress),
        Just(Action::Hold),
        Just(Action::StepBack)
    ]
}

prop_compose! {
    fn capped_answers()(
        cap_km in proptest::option::of(1u32..=60),
        cap_runs in proptest::option::of(0u8..=7),
        cap_easy in proptest::option::of(any::<bool>()),
        ball: bool,
        bike: bool,
        weekly_km in 0u32..=80,
        runs in 0u8..=7,
    ) -> Answers {
        let kb = kb();
        let mut a = lower_back(kb);
        a.caps = DoctorCaps {
            weekly_distance: cap_km.map(|k| Meters(k * 1000)),
            max_intensity: cap_easy.map(|e| if e { Intensity::Easy } else { Intensity::Steady }),
            runs_per_week: cap_runs,
        };
        if ball { a.equipment.insert(Equipment::ExerciseBall); }
        if bike { a.equipment.insert(Equipment::Bike); }
        a.running.weekly_distance = Meters(weekly_km * 1000);
        a.running.runs_per_week = runs;
        a
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn adapted_plans_keep_the_caps_and_the_rule(
        answers in capped_answers(),
        action in action(),
        current_m in 0u32..=80_000,
        rounds in 1u8..=3,
        reps in 1u8..=10,
        today_offset in 0u64..=90,
        weeks in 1u16..=16,
        stored_weeks in any::<bool>(),
    ) {
        let kb = kb();
        let a = assessed(kb, &answers);
        let planned = if stored_weeks {
            stored(0, rounds, reps)
                .into_iter()
                .map(|w| PlannedWeek { target: Meters(current_m), ..w })
                .collect()
        } else {
            Vec::new()
        };
        let d = decision(action);
        let req = ReplanRequest {
            today: date(2026, 10, 20) + Days::new(today_offset),
            weeks,
            cross_days_per_30: None,
            applied: None,
            run_days: RunDays::default(),
            units: backstride_core::profile::Units::Km,
        };
        let r = replan(kb, &answers, &a, Some(&d), &[], &planned, req).expect("valid");
        // Deterministic.
        prop_assert_eq!(&r, &replan(kb, &answers, &a, Some(&d), &[], &planned, req).expect("valid"));
        let PlanOutcome::Ready(plan) = &r.outcome else {
            return Err(TestCaseError::fail("no red flag, yet no plan"));
        };
        prop_assert_eq!(plan.start, req.today);
        let caps = answers.caps;
        for w in &plan.weeks {
            if let Some(cap) = caps.weekly_distance {
                prop_assert!(w.target <= cap && w.scheduled <= cap, "week {} over the cap", w.number);
            }
            if let Some(cap) = caps.runs_per_week {
                prop_assert!(w.runs <= cap);
            }
        }
        for day in &plan.days {
            if let Session::Run(run) = &day.session
                && (caps.max_intensity == Some(Intensity::Easy) || action == Action::StepBack)
            {
                prop_assert_eq!(run.intensity, Intensity::Easy);
            }
        }
        let current = r.standing.weekly;
        let first = plan.weeks[0].target;
        // The doctor's cap and the plan's target both hold the week down.
        let limit = caps.weekly_distance.unwrap_or(Meters(u32::MAX)).min(plan.goal);
        prop_assert!(plan.weeks.iter().all(|w| w.target <= plan.goal));
        match action {
            Action::StepBack => prop_assert!(first < current || current.0 < 100 && first.0 == 0),
            Action::Progress => {
                prop_assert!(f64::from(first.0) <= f64::from(current.0) * 1.1);
                prop_assert!(first >= Meters(current.0 / 100 * 100).min(limit));
            }
            Action::Hold => prop_assert_eq!(first, Meters(current.0 / 100 * 100).min(limit)),
            Action::Stop => unreachable!(),
        }
        prop_assert!(!r.changes.is_empty());
        for c in &r.changes {
            prop_assert!(!c.text.trim().is_empty());
            prop_assert!(!c.sources.is_empty(), "{:?} has no source", c.kind);
            for s in &c.sources {
                prop_assert!(kb.source(s).is_some(), "unknown source {}", s.as_str());
            }
        }
    }
}
