//! Use case "plan": a dated plan from the answers (given now, or the saved
//! ones), within the doctor's limits, stopped by any red flag that stands
//! and held back while the red-flag questions are due ([`make`]); and the
//! saved plan read back ([`latest`]), as the report's plan view and as the
//! domain's plan for the calendar ([`calendar`]).
//!
//! Plans are saved as the report's JSON today; reading and saving go
//! through [`save`] and [`latest`] only, so a typed plan record can take
//! their place without touching the callers.

use std::collections::BTreeSet;

use anyhow::Result;
use backstride_core::assessment::Assessment;
use backstride_core::assessment::answers::{Answers, Intensity};
use backstride_core::evidence::{Evidence, EvidenceLevel, SourceId, Verdict};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::routine::RoutineItem;
use backstride_core::plan::{
    CrossSession, Notice, NoticeKind, Plan, PlanDay, PlanOutcome, PlanRequest, PlanWeek, RunKind,
    RunSession, Session, build, stop_for_note_flags,
};
use backstride_core::safety::Standing;
use backstride_core::units::Meters;
use backstride_formats::ical;
use chrono::{DateTime, NaiveDate, Utc};

use crate::commands::{Clock, UserError};
use crate::report::build::plan_report;
use crate::report::dto::{
    EvidenceView, PlanView, ReadyPlanView, Report, RoutineItemView, SessionView,
};
use crate::report::{self, Format};
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
    /// The plan saved before this one, as a calendar knows it (read before
    /// this one was saved).
    pub calendar: CalendarBase,
    /// The first day asked for.
    pub start: NaiveDate,
    /// The weeks asked for.
    pub weeks: u16,
}

impl Planned {
    /// Saves it as the latest plan (after the calendar, if any, was
    /// written against the plan saved before it).
    pub fn save(&self, db: &Opened, at: DateTime<Utc>) -> Result<()> {
        save(db, &self.report, self.start, self.weeks, at)
    }
}

/// Things that could not be read, in words, and the result.
pub struct Outcome {
    /// Notes for the runner (saved answers that could not be read...).
    pub notes: Vec<String>,
    /// The result.
    pub made: Made,
}

/// Makes a plan (`backstride plan`, the Plan page's "make a new plan").
pub fn make(db: &Opened, kb: &KnowledgeBase, clock: &Clock, req: Request) -> Result<Outcome> {
    // The one rule for what stands: the answers with every later check
    // applied, notes and severe pain by when they were told, a due re-check.
    let now = crate::safety::now(
        db,
        kb,
        req.fresh.as_ref(),
        clock.today,
        crate::insights::local_offset_s(),
    )?;
    let notes = now.notes;
    let (Some(answers), Some(assessment)) = (now.answers, now.assessment) else {
        return Err(UserError(
            "no answers to plan from: answer the assessment first (`backstride assess`, or the Check-in page)"
                .to_owned(),
        )
        .into());
    };
    let standing = now.standing;
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
    let outcome = build(kb, &limits.caps(&answers), &assessment, request)
        .map_err(|e| UserError(e.to_string()))?;
    let outcome = limits.apply(outcome);
    // A red flag from the logs stops the plan as the answers' own do.
    let outcome = stop_for_note_flags(outcome, &assessment, &standing.from_logs);
    let report = plan_report(kb, &assessment, &outcome, &standing.from_logs, clock.today);
    let calendar = calendar_base(db)?;
    Ok(Outcome {
        notes,
        made: Made::Planned(Box::new(Planned {
            outcome,
            report,
            calendar,
            start: request.start,
            weeks: request.weeks,
        })),
    })
}

/// Saves a plan's report as the latest plan.
pub fn save(
    db: &Opened,
    report: &Report,
    start: NaiveDate,
    weeks: u16,
    at: DateTime<Utc>,
) -> Result<()> {
    let json = report::render(report, Format::Json)?;
    db.run(db.store.save_plan(&json, start, weeks, at))?;
    Ok(())
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
    /// Its report; `None` when saved in a layout this version does not read.
    pub report: Option<Report>,
}

impl Saved {
    /// The ready plan, if it is one.
    pub fn ready(&self) -> Option<&ReadyPlanView> {
        match self.report.as_ref()?.plan.as_ref()? {
            PlanView::Ready(plan) => Some(plan),
            _ => None,
        }
    }

    /// The stop it records instead of a plan: tier and instruction.
    pub fn blocked(&self) -> Option<(&str, &str)> {
        match self.report.as_ref()?.plan.as_ref()? {
            PlanView::Blocked(b) => Some((&b.tier, &b.instruction)),
            _ => None,
        }
    }
}

/// The latest saved plan, if any.
pub fn latest(db: &Opened) -> Result<Option<Saved>> {
    Ok(db.run(db.store.latest_plan())?.map(|p| Saved {
        id: p.id,
        start: p.start_date,
        weeks: p.weeks,
        created_at: p.created_at,
        report: serde_json::from_str(&p.body).ok(),
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
}

/// The calendar base against the latest saved plan (read before a new
/// plan is saved).
pub fn calendar_base(db: &Opened) -> Result<CalendarBase> {
    let Some(saved) = latest(db)? else {
        return Ok(CalendarBase {
            previous: Vec::new(),
            revision: 1,
        });
    };
    Ok(CalendarBase {
        previous: saved.ready().map(previous_sessions).unwrap_or_default(),
        // Row numbers grow with every saved plan, so one more than the
        // latest's is above any SEQUENCE an earlier export wrote.
        revision: u32::try_from(saved.id.saturating_add(1)).unwrap_or(u32::MAX),
    })
}

/// The sessions of a saved plan as the calendar knows them.
fn previous_sessions(plan: &ReadyPlanView) -> Vec<ical::PreviousSession> {
    plan.days
        .iter()
        .map(|d| {
            let kind = match d.session {
                SessionView::Run { .. } => "run",
                SessionView::CrossTrain { .. } => "cross",
            };
            ical::PreviousSession {
                date: d.date,
                kind: kind.to_owned(),
                fingerprint: ical::fingerprint(
                    &d.title,
                    d.routine()
                        .iter()
                        .map(|i| (i.exercise_id.as_str(), i.dose.as_str())),
                ),
                title: d.title.clone(),
            }
        })
        .collect()
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
    };
    ical::plan_to_ics(plan, kb, &export)
}

/// The latest saved plan's calendar (the `.ics` download and the
/// subscription feed): `None` without a ready plan. The store keeps no
/// earlier plan to compare with here, so it cancels nothing; a calendar
/// subscription replaces all its events on every poll, and the events'
/// UIDs are the same in every plan, so a re-import updates them.
pub fn latest_calendar(
    db: &Opened,
    kb: &KnowledgeBase,
    stamp: DateTime<Utc>,
) -> Result<Option<String>> {
    let Some(saved) = latest(db)? else {
        return Ok(None);
    };
    let Some(view) = saved.ready() else {
        return Ok(None);
    };
    let plan = to_domain(kb, view);
    let base = CalendarBase {
        previous: Vec::new(),
        revision: u32::try_from(saved.id).unwrap_or(u32::MAX),
    };
    Ok(Some(calendar(kb, &plan, &base, stamp, None)))
}

/// The calendar a subscription serves: the latest saved plan's sessions;
/// while a red flag stands or the red-flag questions are due, none from
/// today on (each cancelled, so a calendar that imported them drops them
/// too); without a ready plan, an empty calendar.
pub fn feed(db: &Opened, kb: &KnowledgeBase, clock: &Clock) -> Result<String> {
    let Some(saved) = latest(db)? else {
        return Ok(empty_calendar());
    };
    let Some(view) = saved.ready() else {
        return Ok(empty_calendar());
    };
    let now = crate::safety::now(db, kb, None, clock.today, crate::insights::local_offset_s())?;
    let mut plan = to_domain(kb, view);
    if !now.standing.stops() {
        let base = CalendarBase {
            previous: Vec::new(),
            revision: u32::try_from(saved.id).unwrap_or(u32::MAX),
        };
        return Ok(calendar(kb, &plan, &base, clock.now, None));
    }
    let base = CalendarBase {
        previous: previous_sessions(view),
        revision: u32::try_from(saved.id.saturating_add(1)).unwrap_or(u32::MAX),
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

fn evidence(view: &EvidenceView) -> Evidence {
    Evidence {
        level: EvidenceLevel::parse(&view.level).unwrap_or(EvidenceLevel::Opinion),
        verdict: Verdict::parse(&view.verdict).unwrap_or(Verdict::Plausible),
        note: view.note.clone(),
    }
}

fn meters(km: f64) -> Meters {
    Meters((km.max(0.0) * 1000.0).round() as u32)
}

fn routine(kb: &KnowledgeBase, items: &[RoutineItemView], fallback: &Evidence) -> Vec<RoutineItem> {
    items
        .iter()
        .map(|i| RoutineItem {
            exercise_id: i.exercise_id.clone(),
            name: i.name.clone(),
            sets: i.sets,
            reps: i.reps,
            per_side: i.per_side,
            hold_s: i.hold_s,
            at_least: i.at_least,
            replaces: i.replaces.as_ref().map(|name| {
                backstride_core::plan::routine::Substitution {
                    exercise_id: kb
                        .exercises
                        .iter()
                        .find(|e| &e.name == name)
                        .map(|e| e.id.clone())
                        .unwrap_or_default(),
                    name: name.clone(),
                    missing: Vec::new(),
                }
            }),
            sources: i.sources.iter().cloned().map(SourceId).collect(),
            evidence: kb
                .exercise(&i.exercise_id)
                .map_or_else(|| fallback.clone(), |e| e.evidence.clone()),
        })
        .collect()
}

fn notice_kind(name: &str) -> Option<NoticeKind> {
    Some(match name {
        "doctor" => NoticeKind::Doctor,
        "cap" => NoticeKind::Cap,
        "brace" => NoticeKind::Brace,
        "substitute" => NoticeKind::Substitute,
        "cross-training" => NoticeKind::CrossTraining,
        "pain" => NoticeKind::Pain,
        "watch" => NoticeKind::Watch,
        "evidence" => NoticeKind::Evidence,
        "goal" => NoticeKind::Goal,
        _ => return None,
    })
}

/// A saved plan view as the domain's plan (what the calendar writer
/// takes). What the view does not keep (the goal; the equipment a
/// substitute stands in for) is derived or left empty; the calendar uses
/// neither.
pub fn to_domain(kb: &KnowledgeBase, view: &ReadyPlanView) -> Plan {
    let running_evidence = evidence(&view.running_evidence);
    let mut sources: BTreeSet<SourceId> = BTreeSet::new();
    let days = view
        .days
        .iter()
        .map(|d| {
            let items = routine(kb, d.routine(), &running_evidence);
            sources.extend(items.iter().flat_map(|i| i.sources.iter().cloned()));
            let session = match &d.session {
                SessionView::Run {
                    kind,
                    intensity,
                    distance_km,
                    est_minutes,
                    brace,
                    ..
                } => Session::Run(RunSession {
                    kind: match kind.as_str() {
                        "steady" => RunKind::Steady,
                        "long" => RunKind::Long,
                        _ => RunKind::Easy,
                    },
                    intensity: if intensity == "steady" {
                        Intensity::Steady
                    } else {
                        Intensity::Easy
                    },
                    distance: meters(*distance_km),
                    est_minutes: *est_minutes,
                    routine: items,
                    brace: *brace,
                }),
                SessionView::CrossTrain {
                    activity, minutes, ..
                } => Session::CrossTrain(CrossSession {
                    activity: activity.clone(),
                    minutes: *minutes,
                    routine: items,
                }),
            };
            PlanDay {
                date: d.date,
                week: d.week,
                session,
            }
        })
        .collect();
    let weeks: Vec<PlanWeek> = view
        .weeks
        .iter()
        .map(|w| PlanWeek {
            number: w.number,
            start: w.start,
            target: meters(w.target_km),
            scheduled: meters(w.scheduled_km),
            runs: w.runs,
            cross_sessions: w.cross_sessions,
            lighter: w.lighter,
            capped: w.capped,
            routine_sets: w.routine_rounds,
        })
        .collect();
    let notices = view
        .notices
        .iter()
        .filter_map(|n| {
            Some(Notice {
                kind: notice_kind(&n.kind)?,
                text: n.text.clone(),
                sources: n.sources.iter().cloned().map(SourceId).collect(),
            })
        })
        .collect::<Vec<_>>();
    sources.extend(
        notices
            .iter()
            .flat_map(|n: &Notice| n.sources.iter().cloned()),
    );
    Plan {
        start: view.start,
        end: view.end,
        goal: weeks.iter().map(|w| w.target).max().unwrap_or(Meters(0)),
        weeks,
        days,
        cross_days_per_30: view.cross_days_per_30,
        routine_name: view.routine_name.clone(),
        routine_when: view.routine_when.clone(),
        notices,
        running_evidence,
        cross_training_evidence: evidence(&view.cross_training_evidence),
        sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::build::report as full_report;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::embedded().expect("knowledge base")
    }

    /// A plan made by core, rendered to the saved JSON, read back and
    /// turned into the domain's plan again writes the same calendar.
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
        let outcome = build(
            &kb,
            &answers,
            &assessment,
            PlanRequest {
                start,
                weeks: 6,
                cross_days_per_30: None,
            },
        )
        .expect("plan");
        let PlanOutcome::Ready(plan) = &outcome else {
            panic!("the example's plan is blocked");
        };
        let report = full_report(&kb, &assessment, Some(&outcome), start);
        let json = report::render(&report, Format::Json).expect("json");
        let back: Report = serde_json::from_str(&json).expect("the saved JSON reads back");
        let Some(PlanView::Ready(view)) = back.plan.as_ref() else {
            panic!("no ready plan read back");
        };
        let again = to_domain(&kb, view);
        assert_eq!(again.days.len(), plan.days.len());
        let stamp = chrono::DateTime::from_timestamp(1_780_000_000, 0).expect("stamp");
        let base = CalendarBase {
            previous: previous_sessions(view),
            revision: 3,
        };
        // Against itself as the previous plan nothing is revised or cancelled.
        let ics = calendar(&kb, &again, &base, stamp, None);
        assert_eq!(ics, calendar(&kb, plan, &base, stamp, None));
        assert!(!ics.contains("STATUS:CANCELLED") && !ics.contains("SEQUENCE"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), plan.days.len());
    }
}
