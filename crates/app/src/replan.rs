//! `backstride plan --adapt`: re-plans from today. The saved answers and the
//! latest saved plan say where the runner stands this week; everything
//! stored up to today goes through the insights (the same pain-monitoring
//! decision `backstride insights` prints, and what stands by the one
//! red-flag rule, `crate::safety::now`; a due re-check stops it too);
//! core's `plan::adapt::replan` moves the week by the decision and builds
//! the new plan within the doctor's caps. The result is saved
//! and printed like `plan`'s, with the changes and their reasons first.

use anyhow::{Context, Result};
use backstride_core::insights::{self, Settings, SplitMix64};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::adapt::{ReplanRequest, progressing_exercise, replan};
use backstride_core::plan::{PlanOutcome, PlanRequest};
use backstride_store::{Saved, TimeRange};

use crate::answers_file;
use crate::cli::PlanArgs;
use crate::commands::{Clock, Outcome, UserError, emit};
use crate::datadir::DataDir;
use crate::insights::{DEFAULT_SEED, end_of, gather, local_offset_s};
use crate::report;
use crate::report::build::adapted_report;
use crate::storage;

/// Runs `backstride plan --adapt`.
pub fn command(kb: &KnowledgeBase, args: &PlanArgs, clock: &Clock) -> Result<Outcome> {
    let common = &args.common;
    let today = clock.today;
    let db = storage::open(&DataDir::locate()?)?;
    let first =
        "run `backstride plan` first: it saves your answers and the plan that --adapt starts from";
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
    let offset_s = local_offset_s();
    let now = crate::safety::now(&db, kb, None, today, offset_s)?;
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
                "the saved plan could not be read ({problem}): run `backstride plan` again"
            ))
            .into());
        }
    };

    // The decision and the red flags, exactly as `backstride insights`
    // sees them over everything stored up to today.
    let range = end_of(today, offset_s).map_or_else(TimeRange::all, TimeRange::until);
    let gathered = gather::gather(&db, kb, range, offset_s, today)?;
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
    for note in &gathered.notes {
        eprintln!("Note: {note}");
    }
    if gathered.red_flags.is_empty() && gathered.check_due.is_due() {
        return crate::safety::show::stop_for_check(kb, &assessment, &now.standing, today, args);
    }

    let request = ReplanRequest {
        today,
        weeks: args.weeks,
        cross_days_per_30: args.cross_days.or(saved.cross_days_per_30),
        applied: saved.applied,
    };
    // The doctor's limits from `backstride limits` (issue 12), as in `plan`.
    let limits = crate::doctor_limits::InForce::read(&db)?;
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
    let report = adapted_report(kb, &assessment, &adapted, &gathered.note_flags, today);

    // Files and the store first, as for `plan`.
    crate::commands::write_calendar(kb, &db, args, &adapted.outcome, clock.now)?;
    if !common.no_save {
        let asked = PlanRequest {
            start: today,
            weeks: args.weeks,
            cross_days_per_30: args.cross_days.or(saved.cross_days_per_30),
        };
        let record = crate::saved::plan_record(
            &adapted.outcome,
            asked,
            &capped.caps,
            adapted.applied,
            &gathered.note_flags,
        );
        db.run(db.store.save_plan(&record, clock.now))?;
    }
    emit(
        &report::render(&report, common.format)?,
        common.format,
        common.output.as_deref(),
    )?;
    Ok(match adapted.outcome {
        PlanOutcome::Ready(_) => Outcome::Done,
        PlanOutcome::Blocked(_) => Outcome::SeeAClinician,
    })
}
