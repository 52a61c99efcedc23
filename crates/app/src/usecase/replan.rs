//! Use case "re-plan from today" (`backstride plan --adapt`, the Plan
//! page's "Re-plan from today"). The saved answers and the latest saved
//! plan say where the runner stands this week; everything stored up to
//! today goes through the insights (the same pain-monitoring decision
//! `backstride insights` prints, and what stands by the one red-flag rule,
//! `crate::safety::now`; a due re-check stops it too); core's
//! `plan::adapt::replan` moves the week by the decision and builds the new
//! plan within the doctor's caps. [`preview`] computes it, with each change
//! and its reason, and saves nothing; [`Replanned::save`] keeps it.

use anyhow::{Context, Result};
use backstride_core::assessment::Assessment;
use backstride_core::insights::adapt::Action;
use backstride_core::insights::{self, Settings, SplitMix64};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::adapt::{
    PlannedWeek, Replan, ReplanRequest, progressing_exercise, replan,
};
use backstride_core::safety::Standing;
use backstride_core::units::Meters;
use backstride_store::TimeRange;
use chrono::{DateTime, NaiveDate, Utc};

use crate::answers_file;
use crate::commands::{Clock, UserError};
use crate::insights::{DEFAULT_SEED, end_of, gather, local_offset_s};
use crate::report::build::{action_from_name, adapted_report};
use crate::report::dto::{PlanView, Report};
use crate::storage::Opened;
use crate::usecase::plan::{self, CalendarBase};

/// What to re-plan.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    /// Weeks of the new plan (1-52).
    pub weeks: u16,
    /// Cross-training days in any 30; `None`: the saved plan's.
    pub cross_days_per_30: Option<u8>,
}

/// The re-plan, or why there is none.
pub enum Previewed {
    /// No flag stands, but the red-flag questions are due.
    CheckDue {
        /// The assessment of the saved answers.
        assessment: Box<Assessment>,
        /// What stands.
        standing: Standing,
    },
    /// The new plan (or the red flags that stop it) with its changes.
    Replanned(Box<Replanned>),
}

/// A re-plan not yet saved.
pub struct Replanned {
    /// Core's result: the decision, its reasons, the changes, the outcome.
    pub replan: Replan,
    /// Its report (the changes first).
    pub report: Report,
    /// The saved plan as a calendar knows it.
    pub calendar: CalendarBase,
    /// The new plan's first day (today).
    pub start: NaiveDate,
    /// Its weeks.
    pub weeks: u16,
}

impl Replanned {
    /// Saves it as the latest plan.
    pub fn save(&self, db: &Opened, at: DateTime<Utc>) -> Result<()> {
        plan::save(db, &self.report, self.start, self.weeks, at)
    }
}

/// Notes for the runner and the result.
pub struct Outcome {
    /// Things that could not be read, in words.
    pub notes: Vec<String>,
    /// The result.
    pub previewed: Previewed,
}

/// What a saved plan says about its weeks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedWeeks {
    /// Its weeks (none when the saved plan was blocked).
    pub weeks: Vec<PlannedWeek>,
    /// Its cross-training dose, when it was a ready plan.
    pub cross_days_per_30: Option<u8>,
    /// The run day and decision it already applied, when it was a re-plan.
    pub applied: Option<(NaiveDate, Action)>,
}

/// Reads the weeks of a saved plan's report: each week's start, target
/// and rounds, and the reps of `exercise_id` on its days (`default_reps`
/// when a week has none). `None` when it holds no plan this version reads.
pub fn saved_weeks(report: &Report, exercise_id: &str, default_reps: u8) -> Option<SavedWeeks> {
    let applied = report
        .adaptation
        .as_ref()
        .and_then(|a| a.applied.as_ref())
        .and_then(|a| Some((a.run_day, action_from_name(&a.action)?)));
    let plan = match report.plan.as_ref()? {
        PlanView::Blocked(_) => {
            return Some(SavedWeeks {
                weeks: Vec::new(),
                cross_days_per_30: None,
                applied: None,
            });
        }
        PlanView::CheckDue(_) => return None,
        PlanView::Ready(plan) => plan,
    };
    let mut weeks = Vec::new();
    for w in &plan.weeks {
        let km = w.target_km;
        if !(km.is_finite() && (0.0..=1000.0).contains(&km)) {
            return None;
        }
        let reps = plan
            .days
            .iter()
            .filter(|d| d.week == w.number)
            .flat_map(|d| d.routine())
            .find(|i| i.exercise_id == exercise_id)
            .map_or(default_reps, |i| i.reps);
        weeks.push(PlannedWeek {
            start: w.start,
            target: Meters((km * 1000.0).round() as u32),
            rounds: w.routine_rounds,
            reps,
        });
    }
    Some(SavedWeeks {
        weeks,
        cross_days_per_30: Some(plan.cross_days_per_30),
        applied,
    })
}

/// Computes the re-plan from today; saves nothing.
pub fn preview(db: &Opened, kb: &KnowledgeBase, clock: &Clock, req: Request) -> Result<Outcome> {
    let today = clock.today;
    let first = "run `backstride plan` first (or make one on the Plan page): it saves your answers and the plan a re-plan starts from";
    let saved_answers = db
        .run(db.store.latest_answers())?
        .ok_or_else(|| UserError(format!("no saved answers to adapt a plan from: {first}")))?;
    let saved_plan =
        plan::latest(db)?.ok_or_else(|| UserError(format!("no saved plan to adapt: {first}")))?;
    answers_file::parse(&saved_answers.body)
        .and_then(|raw| raw.validate(kb))
        .map_err(|e| {
            UserError(format!(
                "your saved answers no longer fit this version ({e}): run `backstride assess` again"
            ))
        })?;
    // The saved answers with every later red-flag check applied, by the
    // one rule `plan` and `insights` use.
    let offset_s = local_offset_s();
    let now = crate::safety::now(db, kb, None, today, offset_s)?;
    let (Some(answers), Some(assessment)) = (now.answers, now.assessment) else {
        return Err(anyhow::anyhow!("the saved answers could not be assessed"));
    };
    let (exercise_id, reps) = progressing_exercise(kb)
        .map(|e| (e.id.clone(), e.dose.reps))
        .unwrap_or_default();
    let saved = saved_plan
        .report
        .as_ref()
        .and_then(|r| saved_weeks(r, &exercise_id, reps))
        .ok_or_else(|| {
            UserError(
                "the saved plan could not be read (made by another version?): run `backstride plan` again"
                    .to_owned(),
            )
        })?;

    // The decision and the red flags, exactly as `backstride insights`
    // sees them over everything stored up to today.
    let range = end_of(today, offset_s).map_or_else(TimeRange::all, TimeRange::until);
    let gathered = gather::gather(db, kb, range, offset_s, today)?;
    let defaults = Settings::default();
    let settings = Settings {
        cross_training_dose: gathered.cross_dose.unwrap_or(defaults.cross_training_dose),
        trimp_sex: gathered.trimp_sex,
        ..defaults
    };
    let found = insights::compute(
        &gathered.history,
        &settings,
        today,
        &gathered.red_flags,
        &mut SplitMix64::new(DEFAULT_SEED),
    )
    .context("the stored data could not be analysed")?;
    let notes = gathered.notes.clone();
    if gathered.red_flags.is_empty() && gathered.check_due.is_due() {
        return Ok(Outcome {
            notes,
            previewed: Previewed::CheckDue {
                assessment: Box::new(assessment),
                standing: now.standing,
            },
        });
    }

    let request = ReplanRequest {
        today,
        weeks: req.weeks,
        cross_days_per_30: req.cross_days_per_30.or(saved.cross_days_per_30),
        applied: saved.applied,
    };
    // The doctor's limits from `backstride limits` (issue 12), as in `plan`.
    let limits = crate::doctor_limits::InForce::read(db)?;
    let mut adapted = replan(
        kb,
        &limits.caps(&answers),
        &assessment,
        found.decision.as_ref(),
        &gathered.note_flags,
        &saved.weeks,
        request,
    )
    .map_err(|e| UserError(e.to_string()))?;
    adapted.outcome = limits.apply(adapted.outcome);
    let report = adapted_report(kb, &assessment, &adapted, &gathered.note_flags, today);
    Ok(Outcome {
        notes,
        previewed: Previewed::Replanned(Box::new(Replanned {
            replan: adapted,
            report,
            calendar: plan::calendar_base(db)?,
            start: today,
            weeks: req.weeks,
        })),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use backstride_core::plan::{PlanOutcome, PlanRequest, build};

    use super::*;
    use crate::report::build::report;
    use crate::report::dto::{AdaptationView, AppliedView, BlockedView};

    fn planned_report(kb: &KnowledgeBase, start: NaiveDate) -> (Report, Vec<(NaiveDate, u32)>) {
        let text = include_str!("../../../../examples/answers/lower-back.toml");
        let answers = answers_file::parse(text)
            .and_then(|raw| raw.validate(kb))
            .expect("example answers");
        let assessment = backstride_core::assessment::assess_with(kb, &answers, &BTreeSet::new())
            .expect("assessment");
        let outcome = build(
            kb,
            &answers,
            &assessment,
            PlanRequest {
                start,
                weeks: 3,
                cross_days_per_30: Some(5),
            },
        )
        .expect("plan");
        let PlanOutcome::Ready(plan) = &outcome else {
            panic!("the example's plan is blocked");
        };
        // The report keeps a tenth of a kilometre.
        let targets = plan
            .weeks
            .iter()
            .map(|w| {
                (
                    w.start,
                    (f64::from(w.target.0) / 100.0).round() as u32 * 100,
                )
            })
            .collect();
        (report(kb, &assessment, Some(&outcome), start), targets)
    }

    #[test]
    fn reads_weeks_rounds_and_reps_and_refuses_what_it_cannot() {
        let kb = KnowledgeBase::embedded().expect("knowledge base");
        let start = NaiveDate::from_ymd_opt(2026, 11, 2).expect("date");
        let (mut saved, targets) = planned_report(&kb, start);
        let (exercise, reps) = progressing_exercise(&kb)
            .map(|e| (e.id.clone(), e.dose.reps))
            .expect("a progressing exercise");
        let weeks = saved_weeks(&saved, &exercise, 99).expect("readable");
        assert_eq!(weeks.cross_days_per_30, Some(5));
        assert_eq!(weeks.applied, None);
        let read: Vec<(NaiveDate, u32)> =
            weeks.weeks.iter().map(|w| (w.start, w.target.0)).collect();
        assert_eq!(read, targets);
        // The routine's own reps, not the default given.
        assert!(weeks.weeks.iter().all(|w| w.reps != 99 && w.reps > 0));
        assert!(reps > 0);
        saved.adaptation = Some(AdaptationView {
            action: "step-back".to_owned(),
            reasons: Vec::new(),
            based_on: String::new(),
            applied: Some(AppliedView {
                run_day: NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
                action: "step-back".to_owned(),
            }),
            changes: Vec::new(),
        });
        assert_eq!(
            saved_weeks(&saved, &exercise, 10).and_then(|s| s.applied),
            NaiveDate::from_ymd_opt(2026, 11, 24).map(|d| (d, Action::StepBack))
        );
        let mut bad = saved.clone();
        if let Some(PlanView::Ready(plan)) = bad.plan.as_mut() {
            plan.weeks[0].target_km = -3.0;
        }
        assert!(saved_weeks(&bad, &exercise, 10).is_none());
        let mut blocked = saved.clone();
        blocked.plan = Some(PlanView::Blocked(BlockedView {
            tier: "urgent".to_owned(),
            instruction: "x".to_owned(),
        }));
        assert_eq!(
            saved_weeks(&blocked, &exercise, 10).map(|s| s.weeks.len()),
            Some(0)
        );
        blocked.plan = None;
        assert!(saved_weeks(&blocked, &exercise, 10).is_none());
    }
}
