//! iCalendar (RFC 5545) export of a plan: one all-day event per session,
//! with the routine, its doses and each exercise's steps (from the
//! knowledge base, with its source IDs) in the description.
//!
//! Events are all-day because the plan sets the day, not the hour: a runner
//! fits the session into the day. UIDs are stable for the same plan, so a
//! calendar that re-imports the file updates events instead of doubling them.

use backstride_core::DISCLAIMER;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::{Plan, Session};
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

/// The PRODID written into every exported calendar.
pub const PRODUCT_ID: &str = "-//Backstride//Backstride plan//EN";

/// The plan as an iCalendar document. `stamp` is the DTSTAMP of every event
/// (the moment of export, passed in so output is reproducible).
/// `kb` supplies each exercise's steps.
pub fn plan_to_ics(plan: &Plan, kb: &KnowledgeBase, stamp: DateTime<Utc>) -> String {
    // `Calendar::new()` would add the crate's own PRODID; RFC 5545 allows one.
    let mut calendar = Calendar::empty();
    calendar.append_property(("VERSION", "2.0"));
    calendar.append_property(("PRODID", PRODUCT_ID));
    calendar.append_property(("CALSCALE", "GREGORIAN"));
    calendar.name("Backstride plan");
    for (index, day) in plan.days.iter().enumerate() {
        let kind = match day.session {
            Session::Run(_) => "run",
            Session::CrossTrain(_) => "cross",
        };
        let uid = format!(
            "{}-{kind}-{index}@backstride.plan",
            day.date.format("%Y%m%d")
        );
        let event = Event::new()
            .uid(&uid)
            .summary(&format!("Backstride: {}", day.session.title()))
            .description(&description(plan, kb, &day.session, day.week))
            // All-day: DTEND is exclusive, so it is the next day.
            .starts(day.date)
            .ends(day.date.succ_opt().unwrap_or(day.date))
            .timestamp(stamp)
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}

fn description(plan: &Plan, kb: &KnowledgeBase, session: &Session, week: u16) -> String {
    let mut lines = vec![format!("Week {week} of {}.", plan.weeks.len())];
    match session {
        Session::Run(run) => {
            lines.push(format!(
                "Run {:.1} km at {} effort.",
                run.distance.km(),
                run.intensity.name()
            ));
            if run.brace {
                lines.push("Brace: see the plan's brace note before you rely on it.".to_owned());
            }
        }
        Session::CrossTrain(c) => {
            lines.push(format!(
                "Cross-training: {} for {} minutes at an easy effort.",
                c.activity, c.minutes
            ));
        }
    }
    if !session.routine().is_empty() {
        lines.push(format!("{} ({}):", plan.routine_name, plan.routine_when));
        for item in session.routine() {
            let replaces = item
                .replaces
                .as_ref()
                .map(|r| format!(" (instead of {})", r.name))
                .unwrap_or_default();
            lines.push(format!("- {}{replaces}: {}", item.name, item.dose_text()));
            if let Some(e) = kb.exercise(&item.exercise_id) {
                for (n, step) in e.how.iter().enumerate() {
                    lines.push(format!("  {}. {step}", n + 1));
                }
                let ids: Vec<&str> = e.sources.iter().map(|s| s.0.as_str()).collect();
                lines.push(format!("  Sources: {}", ids.join(", ")));
            }
        }
    }
    lines.push(DISCLAIMER.to_owned());
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use backstride_core::assessment::answers::{
        Answers, BackHistory, CoreTests, CurrentRunning, DoctorCaps, PainTiming, Region, Sex, Trend,
    };
    use backstride_core::assessment::assess;
    use backstride_core::knowledge::KnowledgeBase;
    use backstride_core::plan::{PlanOutcome, PlanRequest, build};
    use backstride_core::units::{Meters, Nrs};
    use chrono::{NaiveDate, TimeZone};
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

    use super::*;

    fn plan() -> Plan {
        let kb = KnowledgeBase::embedded().expect("valid knowledge base");
        let answers = Answers {
            age: 40,
            sex: Sex::Male,
            regions: BTreeSet::from([Region::LowerBack]),
            pain_now: Nrs::new(2).expect("nrs"),
            pain_worst: Nrs::new(3).expect("nrs"),
            timing: BTreeSet::from([PainTiming::AfterRun]),
            weeks: 2,
            trend: Trend::Improving,
            first_episode: false,
            sudden_onset: false,
            noticed: BTreeSet::new(),
            history: BackHistory::default(),
            caps: DoctorCaps::default(),
            equipment: BTreeSet::new(),
            core_tests: CoreTests::default(),
            running: CurrentRunning {
                weekly_distance: Meters(12_000),
                runs_per_week: 3,
                easy_pace_s_per_km: None,
            },
            red_flags: kb
                .asked_flags()
                .map(|(f, _)| (f.id.clone(), false))
                .collect::<BTreeMap<_, _>>(),
        };
        let a = assess(&kb, &answers).expect("complete answers");
        let start = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        match build(
            &kb,
            &answers,
            &a,
            PlanRequest {
                start,
                weeks: 3,
                cross_days_per_30: None,
            },
        ) {
            Ok(PlanOutcome::Ready(p)) => p,
            other => panic!("no plan: {other:?}"),
        }
    }

    #[test]
    fn every_session_becomes_one_all_day_event_that_parses_back() {
        let plan = plan();
        let stamp = Utc
            .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
            .single()
            .expect("stamp");
        let kb = KnowledgeBase::embedded().expect("valid knowledge base");
        let text = plan_to_ics(&plan, &kb, stamp);
        assert_eq!(text.matches("PRODID").count(), 1);
        let parsed: Calendar = text.parse().expect("parses as iCalendar");
        let events: Vec<_> = parsed
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect();
        assert_eq!(events.len(), plan.days.len());
        for (event, day) in events.iter().zip(&plan.days) {
            assert_eq!(event.get_start(), Some(DatePerhapsTime::Date(day.date)));
            assert_eq!(
                event.get_end(),
                day.date.succ_opt().map(DatePerhapsTime::Date)
            );
            let description = event.get_description().expect("description");
            if let Session::Run(run) = &day.session {
                assert!(description.contains("Warrior pose"), "{description}");
                assert_eq!(run.routine.len(), 3);
                // How to do each exercise, not only its dose.
                for item in &run.routine {
                    let e = kb.exercise(&item.exercise_id).expect("known exercise");
                    let first = format!("1. {}", e.how[0]);
                    assert!(description.contains(&first), "{description}");
                    assert!(description.contains(&e.sources[0].0), "{description}");
                }
            }
            assert!(description.contains("not a medical device"));
        }
        let uids: BTreeSet<_> = events.iter().filter_map(|e| e.get_uid()).collect();
        assert_eq!(uids.len(), events.len(), "UIDs are unique");
    }

    #[test]
    fn the_same_plan_exports_the_same_bytes() {
        let plan = plan();
        let stamp = Utc
            .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
            .single()
            .expect("stamp");
        let kb = KnowledgeBase::embedded().expect("valid knowledge base");
        assert_eq!(
            plan_to_ics(&plan, &kb, stamp),
            plan_to_ics(&plan, &kb, stamp)
        );
    }
}
