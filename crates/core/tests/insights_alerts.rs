//! Alerts, adherence and the adaptive decision on small hand-made histories.

mod insights_common;

use backstride_core::assessment::triage::FiredFlag;
use backstride_core::history::{
    CrossTrainingLog, History, PainWhen, PlannedRoutine, RoutineLog, Settings,
};
use backstride_core::insights::alerts::{AlertKind, Severity};
use backstride_core::insights::compute;
use backstride_core::knowledge::model::FlagTier;
use backstride_core::plan::rule::Action;
use backstride_core::stats::SplitMix64;
use chrono::Days;
use insights_common::{monday, noon, pain, run};

fn kinds(h: &History, today_off: u64, flags: &[FiredFlag]) -> Vec<AlertKind> {
    let out = compute(
        h,
        &Settings::default(),
        monday() + Days::new(today_off),
        flags,
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    out.alerts.into_iter().map(|a| a.kind).collect()
}

#[test]
fn distance_jump_over_30_percent_on_two_weeks() {
    let d = monday();
    let mut h = History::default();
    // Two weeks of 20 km, then 30 km in the last 7 days (+50 %).
    for w in 0..3u64 {
        for k in [0u64, 3] {
            let km = if w == 2 { 15.0 } else { 10.0 };
            h.activities
                .push(run((w * 7 + k) as i64, d + Days::new(w * 7 + k), km));
        }
    }
    let k = kinds(&h, 20, &[]);
    assert!(
        k.iter()
            .any(|a| matches!(a, AlertKind::DistanceJump { pct } if (pct - 50.0).abs() < 1e-9)),
        "{k:?}"
    );
}

#[test]
fn pain_not_settling_twice_and_rising_pain() {
    let d = monday();
    let mut h = History::default();
    for (off, nrs, when) in [
        (0, 1, PainWhen::NextMorning),
        (1, 3, PainWhen::After),
        (2, 3, PainWhen::NextMorning),
        (3, 4, PainWhen::After),
        (4, 4, PainWhen::NextMorning),
    ] {
        h.pain.push(pain(d + Days::new(off), nrs, when));
    }
    let k = kinds(&h, 5, &[]);
    assert!(
        k.iter()
            .any(|a| matches!(a, AlertKind::NotSettledTwice { .. })),
        "{k:?}"
    );
    let mut h = History::default();
    for off in 0..14u64 {
        h.pain.push(pain(
            d + Days::new(off),
            if off < 7 { 1 } else { 4 },
            PainWhen::NextMorning,
        ));
    }
    let k = kinds(&h, 13, &[]);
    assert!(
        k.iter()
            .any(|a| matches!(a, AlertKind::PainRising { rise, .. } if (*rise - 3.0).abs() < 1e-9)),
        "{k:?}"
    );
}

#[test]
fn routine_skipped_and_cross_training_below_dose() {
    let d = monday();
    let mut h = History::default();
    for off in 0..35u64 {
        h.planned_routine.push(PlannedRoutine {
            date: d + Days::new(off),
            exercise_id: "warrior-pose".into(),
        });
        if off < 30 {
            h.routines.push(RoutineLog {
                at: noon(d + Days::new(off)),
                exercises: vec!["warrior-pose".into()],
                rounds: 2,
                utc_offset_s: 0,
            });
        }
    }
    h.cross_training.push(CrossTrainingLog {
        at: noon(d + Days::new(20)),
        kind: "cycling".into(),
        minutes: 30,
        utc_offset_s: 0,
    });
    let out = compute(
        &h,
        &Settings::default(),
        d + Days::new(34),
        &[],
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    assert_eq!(out.routine.planned_days, 35);
    assert_eq!(out.routine.done_planned_days, 30);
    assert_eq!(out.routine.missed_in_a_row, 5);
    assert_eq!(out.routine.by_exercise[0].done, 30);
    assert_eq!(out.cross_training.current, Some(1));
    let k: Vec<_> = out.alerts.iter().map(|a| &a.kind).collect();
    assert!(
        k.iter()
            .any(|a| matches!(a, AlertKind::RoutineSkipped { missed: 5, .. })),
        "{k:?}"
    );
    assert!(
        k.iter()
            .any(|a| matches!(a, AlertKind::CrossTrainingBelowDose { days: 1, dose: 3 })),
        "{k:?}"
    );
}

#[test]
fn red_flag_comes_first_and_stops_the_plan() {
    let d = monday();
    let mut h = History::default();
    h.pain.push(pain(d, 2, PainWhen::During));
    h.pain
        .push(pain(d + Days::new(1), 0, PainWhen::NextMorning));
    let flag = FiredFlag {
        id: "rf-test".into(),
        suggests: "something serious".into(),
        because: "you said so".into(),
        asked: true,
        tier: FlagTier::Urgent,
        combined: false,
        action: "See a doctor today.".into(),
        sources: Vec::new(),
    };
    let out = compute(
        &h,
        &Settings::default(),
        d + Days::new(2),
        &[flag],
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    assert_eq!(out.alerts[0].severity, Severity::Stop);
    assert_eq!(out.decision.map(|x| x.action), Some(Action::Stop));
    let out = compute(
        &h,
        &Settings::default(),
        d + Days::new(2),
        &[],
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    assert_eq!(out.decision.map(|x| x.action), Some(Action::Progress));
}

#[test]
fn a_red_flag_in_a_log_note_comes_first_and_stops_the_plan() {
    use backstride_core::assessment::notes::{LoggedNote, flags_in_notes};
    use backstride_core::knowledge::KnowledgeBase;

    let kb = KnowledgeBase::embedded().expect("valid knowledge base");
    let d = monday();
    let mut h = History::default();
    h.pain.push(pain(d, 2, PainWhen::During));
    h.pain
        .push(pain(d + Days::new(1), 0, PainWhen::NextMorning));
    let calm = [LoggedNote {
        date: d,
        log: "pain",
        text: "no numbness, no fever, just stiff",
    }];
    assert!(flags_in_notes(&kb, &calm).is_empty());
    let notes = [LoggedNote {
        date: d + Days::new(1),
        log: "pain",
        text: "numb around the groin this morning",
    }];
    let flags = flags_in_notes(&kb, &notes);
    let out = compute(
        &h,
        &Settings::default(),
        d + Days::new(2),
        &flags,
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    let first = &out.alerts[0];
    assert_eq!(first.severity, Severity::Stop);
    assert!(
        matches!(&first.kind, AlertKind::RedFlag { flag_id } if flag_id == "saddle-numbness"),
        "{first:?}"
    );
    assert!(
        first.message.contains("numb around the groin"),
        "{}",
        first.message
    );
    assert!(
        first.message.contains("pain note of Tue 2 Jan 2024"),
        "{}",
        first.message
    );
    assert!(first.message.contains("999"), "{}", first.message);
    assert!(first.sources.iter().any(|s| s == "BMJ-BP-CES"));
    let decision = out.decision.expect("a decision");
    assert_eq!(decision.action, Action::Stop);
    assert!(decision.reasons[0].contains("numb around the groin"));
}
