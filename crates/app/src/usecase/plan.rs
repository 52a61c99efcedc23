//! Use case "plan": a dated plan from the answers (given now, or the saved
//! ones), within the doctor's limits, stopped by any red flag that stands
//! and held back while the red-flag questions are due ([`make`]); and the
//! saved plan read back ([`latest`]), as the report's plan view and as the
//! domain's plan for the calendar ([`calendar`]).
//!
//! Plans are saved as the store's typed records (`crate::saved`); the
//! report is an output only: the pages' plan view is built anew from the
//! record read back.

#[cfg(test)]
use std::collections::BTreeSet;

use anyhow::Result;
use backstride_core::assessment::Assessment;
use backstride_core::assessment::answers::Answers;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::local_day;
use backstride_core::plan::recent;
use backstride_core::plan::schedule::RunDays;
use backstride_core::plan::{
    Plan, PlanError, PlanOutcome, PlanRequest, PlanSetup, build_with, stop_for_note_flags,
};
use backstride_core::safety::Standing;
use backstride_core::units::Meters;
use backstride_formats::ical;
use backstride_store::saved::plan::{PlanOutcomeRecord, PlanRecord};
use chrono::{DateTime, NaiveDate, Utc};

use crate::commands::{Clock, UserError};
use crate::report::build::plan_report;
use crate::report::dto::{ReadyPlanView, Report};
use crate::storage::Opened;

/// What to plan.
#[derive(Debug, Clone)]
pub struct Request {
    /// Answers given now (a file, the questionnaire); `None`: the saved
    /// answers.
    pub fresh: Option<Answers>,
    /// The first day.
    pub start: NaiveDate,
    /// Weeks (1-52).
    pub weeks: u16,
    /// Cross-training days in any 30 days (3-12); `None`: the default.
    pub cross_days_per_30: Option<u8>,
    /// Whether to save fresh answers (the plan is saved by
    /// [`Planned::save`], once the caller has written its calendar).
    pub save: bool,
}

/// A plan made, or why there is none.
pub enum Made {
    /// No flag stands, but the red-flag questions are due: no plan until
    /// they are answered.
    CheckDue {
        /// The assessment of the answers.
        assessment: Box<Assessment>,
        /// What stands (the reasons the check is due).
        standing: Standing,
    },
    /// A plan, or the red flags that stop it.
    Planned(Box<Planned>),
}

/// A plan outcome with its report.
pub struct Planned {
    /// The plan, or the stop.
    pub outcome: PlanOutcome,
    /// Its report.
    pub report: Report,
    /// It as the store keeps it.
    pub record: PlanRecord,
    /// The plan saved before this one, as a calendar knows it (read before
    /// this one was saved).
    pub calendar: CalendarBase,
}

impl Planned {
    /// Saves it as the latest plan (after the calendar, if any, was
    /// written against the plan saved before it).
    pub fn save(&self, db: &Opened, at: DateTime<Utc>) -> Result<()> {
        db.run(db.store.save_plan(&self.record, at))?;
        Ok(())
    }
}

/// Things that could not be read, in words, and the result.
pub struct Outcome {
    /// Notes for the runner (saved answers that could not be read...).
    pub notes: Vec<String>,
    /// The result.
    pub made: Made,
}

/// Run days given for one plan (`plan --run-days ... --long-run-day ...`),
/// over the profile's; `None` takes the profile's. And a goal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DaysChoice {
    /// The days to run on.
    pub run_days: Option<Vec<chrono::Weekday>>,
    /// The long run's day.
    pub long_run_day: Option<chrono::Weekday>,
    /// The weekly distance to build toward, km (over the answers' goal),
    /// within the doctor's limits and the plan's ceilings.
    pub goal_weekly_km: Option<f64>,
    /// An event day: the plan runs up to the day before it.
    pub goal_event: Option<NaiveDate>,
}

/// The answers with a goal given for this plan, and the runner's imported
/// running in the six weeks before `start` (core's `plan::recent`), when
/// there is any: the planner starts from it instead of the typed weekly
/// distance and says so in the plan. The doctor's limits and the
/// planner's ceilings apply as to typed answers.
fn from_history(
    db: &Opened,
    clock: &Clock,
    start: NaiveDate,
    mut answers: Answers,
    goal_weekly_km: Option<f64>,
) -> Result<(Answers, Option<recent::Recent>)> {
    if let Some(km) = goal_weekly_km {
        if !(km.is_finite()
            && (1.0..=backstride_core::assessment::answers::limits::WEEKLY_KM_MAX).contains(&km))
        {
            return Err(UserError(format!(
                "--goal-weekly-km {km}: give a weekly distance from 1 to {} km",
                backstride_core::assessment::answers::limits::WEEKLY_KM_MAX
            ))
            .into());
        }
        answers.running.goal_weekly_distance = Some(Meters((km * 1000.0).round() as u32));
    }
    let zone = &clock.zone;
    let first = start
        .checked_sub_days(chrono::Days::new(u64::from(recent::MOST_WEEKS) * 7 + 2))
        .and_then(|d| local_day::start_of(d, zone));
    let (Some(from), Some(to)) = (first, local_day::start_of(start, zone)) else {
        return Ok((answers, None));
    };
    let rows = db.run(
        db.store
            .list_activities(backstride_store::TimeRange::between(from, to)),
    )?;
    let runs: Vec<(NaiveDate, f64)> = rows
        .iter()
        .filter(|a| a.sport == backstride_core::activity::Sport::Running)
        .map(|a| {
            (
                local_day::day_of(a.start, a.utc_offset_s, zone),
                a.distance_m,
            )
        })
        .collect();
    let recent = recent::recent_running(&runs, start);
    Ok((answers, recent))
}

/// The run days a plan uses, and a note saying where they came from: the
/// given ones, else the saved profile's; none chosen leaves the planner's
/// own days.
pub(crate) fn chosen_days(db: &Opened, given: &DaysChoice) -> Result<(RunDays, Option<String>)> {
    let profile = crate::usecase::profile::current(db)?;
    let (days, from) = match (&given.run_days, &profile.run_days) {
        (Some(d), _) => (d.clone(), "given"),
        (None, Some(d)) => (d.clone(), "from your profile"),
        (None, None) => (Vec::new(), ""),
    };
    let long = match (given.long_run_day, profile.long_run_day) {
        (Some(l), _) => Some(l),
        // The profile's long-run day goes with the days it was chosen
        // among.
        (None, Some(l)) if days.contains(&l) => Some(l),
        _ => None,
    };
    if let Some(l) = given.long_run_day
        && !days.is_empty()
        && !days.contains(&l)
    {
        let names: Vec<&str> = days
            .iter()
            .map(|d| backstride_store::weekday_name(*d))
            .collect();
        return Err(UserError(format!(
            "--long-run-day {}: it must be one of the run days ({})",
            backstride_store::weekday_name(l),
            names.join(",")
        ))
        .into());
    }
    let chosen = RunDays::new(&days, long);
    let note = chosen.chosen().then(|| {
        let names: Vec<&str> = chosen
            .days()
            .iter()
            .map(|d| backstride_store::weekday_name(*d))
            .collect();
        format!(
            "Runs only on {} ({from}), the long run on {}.",
            names.join(", "),
            chosen.long().map_or("", backstride_store::weekday_name)
        )
    });
    Ok((chosen, note))
}

/// Makes a plan (`backstride plan`, the Plan page's "make a new plan"),
/// on the profile's run days when it has some.
pub fn make(db: &Opened, kb: &KnowledgeBase, clock: &Clock, req: Request) -> Result<Outcome> {
    make_on_days(db, kb, clock, req, &DaysChoice::default())
}

/// [`make`], with run days given for this plan over the profile's.
pub fn make_on_days(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    req: Request,
    days: &DaysChoice,
) -> Result<Outcome> {
    // The one rule for what stands: the answers with every later check
    // applied, notes and severe pain by when they were told, a due re-check.
    let now = crate::safety::now(db, kb, req.fresh.as_ref(), clock.today, &clock.zone)?;
    let mut notes = now.notes;
    let (run_days, days_note) = chosen_days(db, days)?;
    let (Some(answers), Some(assessment)) = (now.answers, now.assessment) else {
        return Err(UserError(
            "no answers to plan from: answer the assessment first (`backstride assess`, or the Check-in page)"
                .to_owned(),
        )
        .into());
    };
    let standing = now.standing;
    let (answers, recent) = from_history(db, clock, req.start, answers, days.goal_weekly_km)?;
    // Fresh answers are kept (saved answers are not saved again, so their
    // time still says when the questions were last answered).
    if req.save
        && let Some(fresh) = &req.fresh
    {
        crate::usecase::assess::save_answers(db, fresh, clock.now)?;
    }
    if standing.flags.is_empty() && standing.check_due.is_due() {
        return Ok(Outcome {
            notes,
            made: Made::CheckDue {
                assessment: Box::new(assessment),
                standing,
            },
        });
    }
    let request = PlanRequest {
        start: req.start,
        weeks: req.weeks,
        cross_days_per_30: req.cross_days_per_30,
    };
    // The doctor's limits from `backstride limits` (issue 12): the stricter
    // of them and the answers' caps, then the brace and follow-up.
    let limits = crate::doctor_limits::InForce::read(db)?;
    let capped = limits.caps(&answers);
    let setup = PlanSetup {
        run_days,
        recent,
        event: days.goal_event,
        units: crate::usecase::profile::units(db)?,
    };
    let outcome = build_with(kb, &capped, &assessment, request, &setup).map_err(|e| {
        let flag = if days.goal_event.is_some() && matches!(e, PlanError::Event { .. }) {
            "--goal-event: "
        } else {
            ""
        };
        UserError(format!("{flag}{e}"))
    })?;
    // The weeks follow from an event day when there is one.
    let mut request = request;
    if let PlanOutcome::Ready(plan) = &outcome {
        request.weeks = u16::try_from(plan.weeks.len()).unwrap_or(request.weeks);
        notes.extend(days_note);
    }
    let outcome = limits.apply(outcome);
    // A red flag from the logs stops the plan as the answers' own do.
    let outcome = stop_for_note_flags(outcome, &assessment, &standing.from_logs);
    let report = plan_report(
        kb,
        &assessment,
        &outcome,
        &standing.from_logs,
        clock.today,
        setup.units,
    );
    let record =
        crate::saved::plan_record(&outcome, request, &capped.caps, None, &standing.from_logs);
    let calendar = calendar_base(db)?;
    Ok(Outcome {
        notes,
        made: Made::Planned(Box::new(Planned {
            outcome,
            report,
            record,
            calendar,
        })),
    })
}

/// The latest saved plan.
pub struct Saved {
    /// Its row id (grows with every saved plan).
    pub id: i64,
    /// The first day.
    pub start: NaiveDate,
    /// Its weeks.
    pub weeks: u16,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
    /// The record; `None` when saved in a layout this version does not
    /// read.
    pub record: Option<PlanRecord>,
    /// A ready plan as core's plan.
    pub plan: Option<Plan>,
    /// A ready plan as the pages show it.
    pub view: Option<ReadyPlanView>,
}

impl Saved {
    /// The ready plan, if it is one.
    pub fn ready(&self) -> Option<&ReadyPlanView> {
        self.view.as_ref()
    }

    /// The stop it records instead of a plan: tier and instruction.
    pub fn blocked(&self) -> Option<(&str, &str)> {
        match &self.record.as_ref()?.outcome {
            PlanOutcomeRecord::Blocked(b) => Some((&b.tier, &b.instruction)),
            PlanOutcomeRecord::Ready(_) => None,
        }
    }
}

/// The latest saved plan, if any.
pub fn latest(db: &Opened, kb: &KnowledgeBase) -> Result<Option<Saved>> {
    let units = crate::usecase::profile::units(db)?;
    Ok(db.run(db.store.latest_plan())?.map(|p| {
        let record = p.plan.record().cloned();
        let plan = record
            .as_ref()
            .and_then(|r| r.ready())
            .map(|r| crate::saved::plan_of(kb, r));
        let view = plan
            .as_ref()
            .map(|plan| crate::report::build::ready_plan_view(kb, plan, units));
        Saved {
            id: p.id,
            start: p.start_date,
            weeks: p.weeks,
            created_at: p.created_at,
            record,
            plan,
            view,
        }
    }))
}

/// What a new calendar export needs of the plan saved before it: its
/// sessions (to cancel the ones the new plan drops) and a SEQUENCE above
/// any an earlier export wrote.
#[derive(Debug, Clone, Default)]
pub struct CalendarBase {
    /// The previous plan's sessions.
    pub previous: Vec<ical::PreviousSession>,
    /// The SEQUENCE of revised and cancelled events.
    pub revision: u32,
    /// The runner's distance unit, for the events' text.
    pub units: backstride_core::profile::Units,
}

/// The calendar base against the latest saved plan (read before a new
/// plan is saved).
pub fn calendar_base(db: &Opened) -> Result<CalendarBase> {
    let Some(saved) = db.run(db.store.latest_plan())? else {
        return Ok(CalendarBase {
            previous: Vec::new(),
            revision: 1,
            units: crate::usecase::profile::units(db)?,
        });
    };
    Ok(CalendarBase {
        previous: saved
            .plan
            .record()
            .map(crate::saved::previous_sessions)
            .unwrap_or_default(),
        // Row numbers grow with every saved plan, so one more than the
        // latest's is above any SEQUENCE an earlier export wrote.
        revision: u32::try_from(saved.id.saturating_add(1)).unwrap_or(u32::MAX),
        units: crate::usecase::profile::units(db)?,
    })
}

/// The plan as iCalendar text.
pub fn calendar(
    kb: &KnowledgeBase,
    plan: &Plan,
    base: &CalendarBase,
    stamp: DateTime<Utc>,
    remind_minutes: Option<u32>,
) -> String {
    let export = ical::Export {
        stamp,
        previous: &base.previous,
        revision: base.revision,
        remind_minutes,
        units: base.units,
    };
    ical::plan_to_ics(plan, kb, &export)
}

/// The latest saved plan's calendar (the `.ics` download): `None` without
/// a ready plan. The sessions of the plan saved before it that this one
/// drops come cancelled (and changed ones revised), as `plan --ics`
/// writes them, so importing it over the earlier download leaves one event
/// per session; the events' UIDs are the same in every plan.
pub fn latest_calendar(
    db: &Opened,
    kb: &KnowledgeBase,
    stamp: DateTime<Utc>,
) -> Result<Option<String>> {
    let Some(saved) = latest(db, kb)? else {
        return Ok(None);
    };
    let Some(plan) = &saved.plan else {
        return Ok(None);
    };
    let previous = db
        .run(db.store.plan_before(saved.id))?
        .as_ref()
        .and_then(|before| before.plan.record())
        .map(crate::saved::previous_sessions)
        .unwrap_or_default();
    let base = CalendarBase {
        previous,
        revision: u32::try_from(saved.id).unwrap_or(u32::MAX),
        units: crate::usecase::profile::units(db)?,
    };
    Ok(Some(calendar(kb, plan, &base, stamp, None)))
}

/// The calendar a subscription serves: the latest saved plan's sessions;
/// while a red flag stands or the red-flag questions are due, none from
/// today on (each cancelled, so a calendar that imported them drops them
/// too); without a ready plan, an empty calendar.
pub fn feed(db: &Opened, kb: &KnowledgeBase, clock: &Clock) -> Result<String> {
    let Some(saved) = latest(db, kb)? else {
        return Ok(empty_calendar());
    };
    let (Some(mut plan), Some(record)) = (saved.plan.clone(), saved.record.as_ref()) else {
        return Ok(empty_calendar());
    };
    let now = crate::safety::now(db, kb, None, clock.today, &clock.zone)?;
    if !now.standing.stops() {
        let base = CalendarBase {
            previous: Vec::new(),
            revision: u32::try_from(saved.id).unwrap_or(u32::MAX),
            units: crate::usecase::profile::units(db)?,
        };
        return Ok(calendar(kb, &plan, &base, clock.now, None));
    }
    let base = CalendarBase {
        previous: crate::saved::previous_sessions(record),
        revision: u32::try_from(saved.id.saturating_add(1)).unwrap_or(u32::MAX),
        units: crate::usecase::profile::units(db)?,
    };
    plan.days.clear();
    plan.start = clock.today;
    Ok(calendar(kb, &plan, &base, clock.now, None))
}

/// A calendar without events.
fn empty_calendar() -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{}\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Backstride plan\r\nEND:VCALENDAR\r\n",
        ical::PRODUCT_ID
    )
}

/// The doctor's caps in force, as lines for people: the answers' caps and
/// the limits entered with `backstride limits`. Empty when none are set.
pub fn doctor_caps(db: &Opened, kb: &KnowledgeBase) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    if let Some(answers) = crate::usecase::assess::saved_answers(db, kb)? {
        let caps = &answers.caps;
        if let Some(km) = caps.weekly_distance {
            lines.push(format!("Your answers: at most {:.1} km a week.", km.km()));
        }
        if let Some(i) = caps.max_intensity {
            lines.push(format!("Your answers: runs at most {} effort.", i.name()));
        }
        if let Some(r) = caps.runs_per_week {
            lines.push(format!("Your answers: at most {r} runs a week."));
        }
    }
    if let crate::doctor_limits::InForce(Some(limits)) = crate::doctor_limits::InForce::read(db)? {
        lines.extend(
            crate::doctor_limits::describe(&limits)
                .into_iter()
                .map(|l| format!("Entered limits: {l}.")),
        );
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::embedded().expect("knowledge base")
    }

    /// A plan made by core, kept as the store's record and read back as
    /// core's plan again, writes the same calendar.
    #[test]
    fn a_saved_plan_read_back_writes_the_same_calendar() {
        let kb = kb();
        let text = include_str!("../../../../examples/answers/lower-back.toml");
        let answers = crate::answers_file::parse(text)
            .and_then(|raw| raw.validate(&kb))
            .expect("example answers");
        let assessment = backstride_core::assessment::assess_with(&kb, &answers, &BTreeSet::new())
            .expect("assessment");
        let start = NaiveDate::from_ymd_opt(2026, 5, 4).expect("date");
        let request = PlanRequest {
            start,
            weeks: 6,
            cross_days_per_30: None,
        };
        let outcome =
            backstride_core::plan::build(&kb, &answers, &assessment, request).expect("plan");
        let PlanOutcome::Ready(plan) = &outcome else {
            panic!("the example's plan is blocked");
        };
        let record = crate::saved::plan_record(&outcome, request, &answers.caps, None, &[]);
        let json = serde_json::to_string(&record).expect("json");
        let back: PlanRecord = serde_json::from_str(&json).expect("the record reads back");
        let again = crate::saved::plan_of(&kb, back.ready().expect("a ready plan"));
        assert_eq!(&again, plan);
        let stamp = chrono::DateTime::from_timestamp(1_780_000_000, 0).expect("stamp");
        let base = CalendarBase {
            previous: crate::saved::previous_sessions(&back),
            revision: 3,
            units: Default::default(),
        };
        // Against itself as the previous plan nothing is revised or cancelled.
        let ics = calendar(&kb, &again, &base, stamp, None);
        assert_eq!(ics, calendar(&kb, plan, &base, stamp, None));
        assert!(!ics.contains("STATUS:CANCELLED") && !ics.contains("SEQUENCE"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), plan.days.len());
        // The pages' view of it is the report's.
        let view = crate::report::build::ready_plan_view(&kb, &again, Default::default());
        assert_eq!(view.days.len(), plan.days.len());
    }
}
