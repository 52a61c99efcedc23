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
use backstride_core::history::Settings;
use backstride_core::insights;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::PlanRequest;
use backstride_core::plan::adapt::{Replan, ReplanRequest, progressing_exercise, replan};
use backstride_core::safety::Standing;
use backstride_core::stats::SplitMix64;
use backstride_store::Saved;
use backstride_store::saved::plan::PlanRecord;
use chrono::{DateTime, Utc};

use crate::answers_file;
use crate::commands::{Clock, UserError};
use crate::days::Days;
use crate::insights::{DEFAULT_SEED, gather};
use crate::report::build::adapted_report;
use crate::report::dto::Report;
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
    /// It as the store keeps it.
    pub record: PlanRecord,
    /// The saved plan as a calendar knows it.
    pub calendar: CalendarBase,
}

impl Replanned {
    /// Saves it as the latest plan.
    pub fn save(&self, db: &Opened, at: DateTime<Utc>) -> Result<()> {
        db.run(db.store.save_plan(&self.record, at))?;
        Ok(())
    }
}

/// Notes for the runner and the result.
pub struct Outcome {
    /// Things that could not be read, in words.
    pub notes: Vec<String>,
    /// The result.
    pub previewed: Previewed,
}

/// Computes the re-plan from today; saves nothing.
pub fn preview(db: &Opened, kb: &KnowledgeBase, clock: &Clock, req: Request) -> Result<Outcome> {
    let today = clock.today;
    let first = "run `backstride plan --save` first (or make one on the Plan page): it keeps your answers and the plan a re-plan starts from";
    let saved_answers = db
        .run(db.store.latest_answers())?
        .ok_or_else(|| UserError(format!("no saved answers to adapt a plan from: {first}")))?;
    let saved_plan = db
        .run(db.store.latest_plan())?
        .ok_or_else(|| UserError(format!("no saved plan to adapt: {first}")))?;
    answers_file::parse(&saved_answers.body)
        .and_then(|raw| raw.validate(kb))
        .map_err(|e| {
            UserError(format!(
                "your saved answers no longer fit this version ({e}): run `backstride assess` again"
            ))
        })?;
    // The saved answers with every later red-flag check applied, by the
    // one rule `plan` and `insights` use.
    let now = crate::safety::now(db, kb, None, today, &clock.zone)?;
    let (Some(answers), Some(assessment)) = (now.answers, now.assessment) else {
        return Err(anyhow::anyhow!("the saved answers could not be assessed"));
    };
    let (exercise_id, reps) = progressing_exercise(kb)
        .map(|e| (e.id.clone(), e.dose.reps))
        .unwrap_or_default();
    let saved = match &saved_plan.plan {
        Saved::Record(record) => crate::saved::saved_weeks(record, &exercise_id, reps),
        Saved::Legacy { problem, .. } => {
            return Err(UserError(format!(
                "the saved plan could not be read ({problem}): run `backstride plan --save` again"
            ))
            .into());
        }
    };

    // The decision and the red flags, exactly as `backstride insights`
    // sees them over everything stored up to today.
    let days = Days::new(None, Some(today))?;
    let gathered = gather::gather(db, kb, days, &clock.zone, today)?;
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
        // The profile's run days and long-run day, as `plan` keeps them.
        run_days: crate::usecase::plan::chosen_days(db, &Default::default())?.0,
        units: crate::usecase::profile::units(db)?,
    };
    // The doctor's limits from `backstride limits` (issue 12), as in `plan`.
    let limits = crate::doctor_limits::InForce::read(db)?;
    let capped = limits.caps(&answers);
    let mut adapted = replan(
        kb,
        &capped,
        &assessment,
        found.decision.as_ref(),
        &gathered.note_flags,
        &saved.weeks,
        request,
    )
    .map_err(|e| UserError(e.to_string()))?;
    adapted.outcome = limits.apply(adapted.outcome);
    let report = adapted_report(
        kb,
        &assessment,
        &adapted,
        &gathered.note_flags,
        today,
        request.units,
    );
    let asked = PlanRequest {
        start: today,
        weeks: req.weeks,
        cross_days_per_30: req.cross_days_per_30.or(saved.cross_days_per_30),
    };
    let record = crate::saved::plan_record(
        &adapted.outcome,
        asked,
        &capped.caps,
        adapted.applied,
        &gathered.note_flags,
    );
    Ok(Outcome {
        notes,
        previewed: Previewed::Replanned(Box::new(Replanned {
            replan: adapted,
            report,
            record,
            calendar: plan::calendar_base(db)?,
        })),
    })
}
