//! iCalendar (RFC 5545) export of a plan: one all-day event per session,
//! with the routine and its doses in the description.
//!
//! Events are all-day because the plan sets the day, not the hour: a runner
//! fits the session into the day. UIDs are stable for the same plan, so a
//! calendar that re-imports the file updates events instead of doubling them.

use backstride_core::DISCLAIMER;
use backstride_core::plan::{Plan, Session};
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

/// The PRODID written into every exported calendar.
pub const PRODUCT_ID: &str = "-//Backstride//Backstride plan//EN";

/// The plan as an iCalendar document. `stamp` is the DTSTAMP of every event
/// (the moment of export, passed in so output is reproducible).
pub fn plan_to_ics(plan: &Plan, stamp: DateTime<Utc>) -> String {
    let mut calendar = Calendar::new();
    calendar.name("Backstride plan");
    calendar.append_property(("PRODID", PRODUCT_ID));
    for (index, day) in plan.days.iter().enumerate() {
        let kind = match day.session {
            Session::Run(_) => "run",
            Session::CrossTrain(_) => "cross",
        };
        let uid = format!("{}-{kind}-{index}@backstride.plan", day.date.format("%Y%m%d"));
        let event = Event::new()
            .uid(&uid)
            .summary(&format!("Backstride: {}", day.session.title()))
            .description(&description(plan, &day.session, day.week))
            .all_day(day.date)
            .timestamp(stamp)
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}

fn description(plan: &Plan, session: &Session, week: u16) -> String {
    let mut lines = vec![format!("Week {week} of {}.", plan.weeks.len())];
    match session {
        Session::Run(run) => {
            lines.push(format!("Run {:.1} km at {} effort.", run.distance.km(), run.intensity.name()));
            if run.brace {
                lines.push("Brace: see the plan's brace note before you rely on it.".to_owned());
            }
        }
        Session::CrossTrain(c) => {
            lines.push(format!("{} for {} minutes at an easy effort.", c.activity, c.minutes));
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
        }
    }
    lines.push(DISCLAIMER.to_owned());
    lines.join("\n")
}
