//! iCalendar (RFC 5545) export of a plan: one all-day event per session,
//! with the routine, its doses and each exercise's steps (from the
//! knowledge base, with its source IDs) in the description.
//!
//! Events are all-day because the plan sets the day, not the hour: a runner
//! fits the session into the day.
//!
//! Re-planning must not stack plans in a calendar, so the file is an iTIP
//! (RFC 5546) `METHOD:PUBLISH` whose events a calendar matches by UID:
//! - a UID depends only on the day and the kind of session (run or
//!   cross-training), hashed under a fixed namespace, so the same session in
//!   a later plan replaces the one imported before;
//! - a session of the previous plan (from the new plan's first day on) that
//!   the new plan drops is sent again with `STATUS:CANCELLED`;
//! - a cancelled, changed or new session (an earlier export may have
//!   cancelled that day) carries a `SEQUENCE` above any an earlier
//!   export gave it (RFC 5546 wants a higher one for a revision to win): the
//!   caller passes one more than the previous saved plan's row number, which
//!   grows with every saved plan;
//! - an optional `VALARM` (`ACTION:DISPLAY`) reminds before each session.

use backstride_core::DISCLAIMER;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::{Plan, Session};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, EventStatus, Trigger};
use sha2::{Digest, Sha256};

/// The PRODID written into every exported calendar.
pub const PRODUCT_ID: &str = "-//Backstride//Backstride plan//EN";

/// The longest reminder `--remind` accepts: a week, in minutes.
pub const MAX_REMIND_MINUTES: u32 = 7 * 24 * 60;

/// A session of the previously saved plan, as far as the calendar needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousSession {
    /// The day.
    pub date: NaiveDate,
    /// `run` or `cross` (see [`session_kind`]).
    pub kind: String,
    /// Its short title.
    pub title: String,
    /// What makes it this session (see [`fingerprint`]).
    pub fingerprint: String,
}

/// How to write the calendar.
#[derive(Debug, Clone)]
pub struct Export<'a> {
    /// The DTSTAMP of every event (the moment of export, passed in so
    /// output is reproducible).
    pub stamp: DateTime<Utc>,
    /// The sessions of the plan exported before this one, if any.
    pub previous: &'a [PreviousSession],
    /// The SEQUENCE of cancelled and changed sessions: above any an earlier
    /// export gave.
    pub revision: u32,
    /// Remind this many minutes before each session's day begins.
    pub remind_minutes: Option<u32>,
    /// The runner's distance unit for the events' summaries and text (a
    /// session's fingerprint stays in kilometres, so a change of unit does
    /// not revise every event).
    pub units: backstride_core::profile::Units,
}

/// `run` or `cross`: the kind of session, part of its UID.
pub fn session_kind(session: &Session) -> &'static str {
    match session {
        Session::Run(_) => "run",
        Session::CrossTrain(_) => "cross",
    }
}

/// What a runner would call a change to a session: its title (kind,
/// distance or minutes) and each exercise with its dose. Built the same way
/// from a saved report (title, exercise IDs and dose texts) and from a plan.
pub fn fingerprint<'a>(
    title: &str,
    routine: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let mut out = title.to_owned();
    for (id, dose) in routine {
        out.push_str(&format!("|{id}:{dose}"));
    }
    out
}

fn session_fingerprint(session: &Session) -> String {
    let doses: Vec<(String, String)> = session
        .routine()
        .iter()
        .map(|i| (i.exercise_id.clone(), i.dose_text()))
        .collect();
    fingerprint(
        &session.title(),
        doses.iter().map(|(id, dose)| (id.as_str(), dose.as_str())),
    )
}

/// The UID of the session of kind `kind` on `date`: the same in every plan.
pub fn uid(date: NaiveDate, kind: &str) -> String {
    let digest = Sha256::digest(format!("backstride-plan-session/{date}/{kind}").as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{hex}@backstride.plan")
}

/// The plan as an iCalendar document. `kb` supplies each exercise's steps.
pub fn plan_to_ics(plan: &Plan, kb: &KnowledgeBase, export: &Export<'_>) -> String {
    // `Calendar::new()` would add the crate's own PRODID; RFC 5545 allows one.
    let mut calendar = Calendar::empty();
    calendar.append_property(("VERSION", "2.0"));
    calendar.append_property(("PRODID", PRODUCT_ID));
    calendar.append_property(("CALSCALE", "GREGORIAN"));
    calendar.append_property(("METHOD", "PUBLISH"));
    calendar.name("Backstride plan");
    let sequence = export.revision;
    for day in &plan.days {
        let kind = session_kind(&day.session);
        let title = day.session.title_in(export.units);
        let mut event = Event::new();
        event
            .uid(&uid(day.date, kind))
            .summary(&format!("Backstride: {title}"))
            .description(&description(plan, kb, &day.session, day.week, export.units))
            .status(EventStatus::Confirmed);
        let before = export
            .previous
            .iter()
            .find(|p| p.date == day.date && p.kind == kind);
        // Changed, or new since the previous plan (an earlier export may
        // have cancelled it): a revision. A first export has no revisions.
        let revised = match before {
            Some(p) => p.fingerprint != session_fingerprint(&day.session),
            None => !export.previous.is_empty(),
        };
        if revised {
            event.sequence(sequence);
        }
        if let Some(minutes) = export.remind_minutes {
            let mut alarm = Alarm::display(
                &format!("Backstride: {title}"),
                Trigger::before_start(Duration::minutes(i64::from(minutes))),
            );
            // The crate would stamp the alarm with the clock and a random
            // UID; the export must be reproducible, so both are set here
            // (RFC 9074 gives alarms a UID of their own).
            alarm
                .timestamp(export.stamp)
                .uid(&format!("alarm-{}", uid(day.date, kind)));
            event.alarm(alarm);
        }
        calendar.push(all_day(event, day.date, export.stamp));
    }
    // What the previous plan had from this plan's first day on and this one
    // drops: cancelled, so a calendar that imported it removes it.
    for gone in export.previous.iter().filter(|p| {
        p.date >= plan.start
            && !plan
                .days
                .iter()
                .any(|d| d.date == p.date && session_kind(&d.session) == p.kind)
    }) {
        let mut event = Event::new();
        event
            .uid(&uid(gone.date, &gone.kind))
            .summary(&format!("Cancelled: Backstride: {}", gone.title))
            .description("Dropped when the plan was made again.")
            .status(EventStatus::Cancelled)
            .sequence(sequence);
        calendar.push(all_day(event, gone.date, export.stamp));
    }
    calendar.done().to_string()
}

/// Makes `event` an all-day event on `date`: DTEND is exclusive, so it is
/// the next day.
fn all_day(mut event: Event, date: NaiveDate, stamp: DateTime<Utc>) -> Event {
    event
        .starts(date)
        .ends(date.succ_opt().unwrap_or(date))
        .timestamp(stamp)
        .done()
}

fn description(
    plan: &Plan,
    kb: &KnowledgeBase,
    session: &Session,
    week: u16,
    units: backstride_core::profile::Units,
) -> String {
    let mut lines = vec![format!("Week {week} of {}.", plan.weeks.len())];
    match session {
        Session::Run(run) => {
            lines.push(format!(
                "Run {} at {} effort.",
                units.distance(run.distance),
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
        Answers, BackHistory, CoreTests, CurrentRunning, DoctorCaps, PainTiming, Trend,
    };
    use backstride_core::assessment::assess;
    use backstride_core::knowledge::KnowledgeBase;
    use backstride_core::plan::{PlanOutcome, PlanRequest, build};
    use backstride_core::profile::{Region, Sex};
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
                goal_weekly_distance: None,
                before_pain_weekly_distance: None,
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
        let text = plan_to_ics(&plan, &kb, &export(stamp, &[]));
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
            plan_to_ics(&plan, &kb, &export(stamp, &[])),
            plan_to_ics(&plan, &kb, &export(stamp, &[]))
        );
    }

    fn export(stamp: DateTime<Utc>, previous: &[PreviousSession]) -> Export<'_> {
        Export {
            stamp,
            previous,
            revision: 7,
            remind_minutes: None,
            units: Default::default(),
        }
    }

    fn previous_of(plan: &Plan) -> Vec<PreviousSession> {
        plan.days
            .iter()
            .map(|d| PreviousSession {
                date: d.date,
                kind: session_kind(&d.session).to_owned(),
                title: d.session.title(),
                fingerprint: session_fingerprint(&d.session),
            })
            .collect()
    }

    fn events(text: &str) -> Vec<icalendar::Event> {
        let parsed: Calendar = text.parse().expect("parses as iCalendar");
        parsed
            .components
            .into_iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn uids_depend_on_day_and_kind_only() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        assert_eq!(uid(day, "run"), uid(day, "run"));
        assert_ne!(uid(day, "run"), uid(day, "cross"));
        assert_ne!(uid(day, "run"), uid(day.succ_opt().expect("date"), "run"));
    }

    #[test]
    fn a_replan_cancels_what_it_drops_and_revises_what_it_changes() {
        let first = plan();
        let mut second = plan();
        // The re-plan starts a week later and changes one run's distance.
        second.start = first.weeks[1].start;
        second.days.retain(|d| d.date >= second.start);
        let changed = second
            .days
            .iter_mut()
            .find_map(|d| match &mut d.session {
                Session::Run(r) => Some((d.date, r)),
                Session::CrossTrain(_) => None,
            })
            .expect("a run");
        changed.1.distance = backstride_core::units::Meters(changed.1.distance.0 + 1_000);
        let changed_day = changed.0;
        second.days.pop();
        let dropped = first.days.last().expect("a day").date;
        let stamp = Utc
            .with_ymd_and_hms(2026, 12, 14, 7, 30, 0)
            .single()
            .expect("stamp");
        let previous = previous_of(&first);
        let text = plan_to_ics(&second, &kb(), &export(stamp, &previous));
        assert!(text.contains("METHOD:PUBLISH"));
        let events = events(&text);
        let cancelled: Vec<_> = events
            .iter()
            .filter(|e| e.property_value("STATUS") == Some("CANCELLED"))
            .collect();
        assert_eq!(cancelled.len(), 1, "only the dropped last day: {text}");
        assert_eq!(
            cancelled[0].get_uid(),
            Some(
                uid(
                    dropped,
                    session_kind(&first.days.last().expect("day").session)
                )
                .as_str()
            )
        );
        let sequence = "7".to_owned();
        assert_eq!(
            cancelled[0].property_value("SEQUENCE"),
            Some(sequence.as_str())
        );
        for e in events
            .iter()
            .filter(|e| e.property_value("STATUS") == Some("CONFIRMED"))
        {
            let start = match e.get_start() {
                Some(DatePerhapsTime::Date(d)) => d,
                other => panic!("all-day event expected, got {other:?}"),
            };
            let seq = e.property_value("SEQUENCE");
            if start == changed_day {
                assert_eq!(seq, Some(sequence.as_str()), "the changed run is revised");
            } else {
                assert_eq!(seq, None, "{start} did not change");
            }
        }
        // Days of the first plan before the re-plan's start stay as they were.
        assert!(
            first
                .days
                .iter()
                .filter(|d| d.date < second.start)
                .all(|d| {
                    !events.iter().any(|e| {
                        e.get_uid() == Some(uid(d.date, session_kind(&d.session)).as_str())
                    })
                })
        );
    }

    #[test]
    fn a_reminder_is_a_display_alarm_before_each_session() {
        let plan = plan();
        let stamp = Utc
            .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
            .single()
            .expect("stamp");
        let text = plan_to_ics(
            &plan,
            &kb(),
            &Export {
                stamp,
                previous: &[],
                revision: 1,
                remind_minutes: Some(90),
                units: Default::default(),
            },
        );
        assert_eq!(text.matches("BEGIN:VALARM").count(), plan.days.len());
        assert_eq!(text.matches("ACTION:DISPLAY").count(), plan.days.len());
        assert_eq!(
            text.matches("TRIGGER;RELATED=START:-PT5400S").count(),
            plan.days.len(),
            "90 minutes before each day begins: {text}"
        );
        for alarm in text.split("BEGIN:VALARM").skip(1) {
            let alarm = alarm.split("END:VALARM").next().unwrap_or_default();
            assert!(alarm.contains("UID:alarm-"), "{alarm}");
            assert!(alarm.contains("DTSTAMP:20261125T120000Z"), "{alarm}");
        }
    }

    fn kb() -> KnowledgeBase {
        KnowledgeBase::embedded().expect("valid knowledge base")
    }
}
