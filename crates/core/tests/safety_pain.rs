//! Severe pain in the insights (issue 10, item 3b): ten days of 10/10 logs
//! give a stop alert and a stop decision, never "no alerts" or a 20 % step
//! back; and a severe-pain flag passed in by the shell is not repeated.

mod insights_common;

use backstride_core::history::{History, PainWhen, Settings};
use backstride_core::insights::alerts::{AlertKind, Severity};
use backstride_core::insights::compute;
use backstride_core::plan::rule::Action;
use backstride_core::safety::pain::severe_flag;
use backstride_core::stats::SplitMix64;
use chrono::Days;
use insights_common::{monday, pain, run};

fn ten_days_at_ten() -> History {
    let d = monday();
    let mut h = History::default();
    for off in 0..10u64 {
        h.activities.push(run(off as i64, d + Days::new(off), 5.0));
        h.pain.push(pain(d + Days::new(off), 10, PainWhen::After));
        h.pain
            .push(pain(d + Days::new(off + 1), 10, PainWhen::NextMorning));
    }
    h
}

#[test]
fn ten_days_of_ten_out_of_ten_stop_with_the_reason() {
    let h = ten_days_at_ten();
    let today = monday() + Days::new(10);
    let out = compute(
        &h,
        &Settings::default(),
        today,
        &[],
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    let first = out.alerts.first().expect("an alert, not none");
    assert_eq!(first.severity, Severity::Stop);
    assert!(
        matches!(first.kind, AlertKind::SeverePain { nrs: 10, .. }),
        "{:?}",
        first.kind
    );
    assert!(first.message.contains("10/10"), "{}", first.message);
    assert!(first.sources.iter().any(|s| s == "NHS-BACK-PAIN"));
    let decision = out.decision.expect("a decision");
    assert_eq!(decision.action, Action::Stop, "{:?}", decision.reasons);
    assert!(!decision.reasons.join(" ").contains("20%"));
}

#[test]
fn a_lower_score_logged_since_ends_the_alert() {
    let mut h = ten_days_at_ten();
    let today = monday() + Days::new(12);
    h.pain.push(pain(today, 3, PainWhen::NextMorning));
    let out = compute(
        &h,
        &Settings::default(),
        today,
        &[],
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    assert!(
        !out.alerts
            .iter()
            .any(|a| matches!(a.kind, AlertKind::SeverePain { .. })),
        "{:?}",
        out.alerts
    );
}

#[test]
fn severe_pain_long_ago_is_not_an_insights_alert_but_a_standing_flag_is_shown_once() {
    let h = ten_days_at_ten();
    // Six weeks later the window has passed (the shell's standing rule
    // still passes the flag in until a check clears it).
    let later = monday() + Days::new(52);
    let quiet = compute(
        &h,
        &Settings::default(),
        later,
        &[],
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    assert!(
        !quiet
            .alerts
            .iter()
            .any(|a| matches!(a.kind, AlertKind::SeverePain { .. })),
        "{:?}",
        quiet.alerts
    );
    let flag = severe_flag("your pain log: 10/10".to_owned());
    let today = monday() + Days::new(10);
    let out = compute(
        &h,
        &Settings::default(),
        today,
        &[flag],
        &mut SplitMix64::new(1),
    )
    .expect("valid");
    let stops: Vec<_> = out
        .alerts
        .iter()
        .filter(|a| a.severity == Severity::Stop)
        .collect();
    assert_eq!(stops.len(), 1, "{stops:?}");
    assert!(
        matches!(stops[0].kind, AlertKind::RedFlag { ref flag_id } if flag_id == "severe-pain")
    );
    assert_eq!(out.decision.map(|d| d.action), Some(Action::Stop));
}
