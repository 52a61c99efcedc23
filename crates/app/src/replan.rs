//! `backstride plan --adapt`: re-plans from today. The saved answers and the
//! latest saved plan say where the runner stands this week; everything
//! stored up to today goes through the insights (the same pain-monitoring
//! decision `backstride insights` prints, and what stands by the one
//! red-flag rule, `crate::safety::now`; a due re-check stops it too);
//! core's `plan::adapt::replan` moves the week by the decision and builds
//! the new plan within the doctor's caps. The result is saved
//! and printed like `plan`'s, with the changes and their reasons first.

use anyhow::{Context, Result};
use backstride_core::history::Settings;
use backstride_core::insights;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::PlanOutcome;
use backstride_core::plan::adapt::{PlannedWeek, ReplanRequest, progressing_exercise, replan};
use backstride_core::plan::rule::Action;
use backstride_core::stats::SplitMix64;
use backstride_core::units::Meters;
use chrono::NaiveDate;

use crate::answers_file;
use crate::cli::PlanArgs;
use crate::commands::{Clock, Outcome, UserError, emit};
use crate::datadir::DataDir;
use crate::days::Days;
use crate::insights::{DEFAULT_SEED, gather};
use crate::report::build::{action_from_name, adapted_report};
use crate::report::{self, Format};
use crate::storage;

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

/// Reads the weeks of a saved plan report: each week's start, target and
/// rounds, and the reps of `exercise_id` on its days (`default_reps` when a
/// week has none). `None` when it is not a plan report this version reads.
pub fn saved_weeks(body: &str, exercise_id: &str, default_reps: u8) -> Option<SavedWeeks> {
    let doc: serde_json::Value = serde_json::from_str(body).ok()?;
    let plan = doc.get("plan")?;
    let applied = doc
        .get("adaptation")
        .and_then(|a| a.get("applied"))
        .and_then(|a| {
            let day = a.get("run_day")?.as_str()?.parse::<NaiveDate>().ok()?;
            Some((day, action_from_name(a.get("action")?.as_str()?)?))
        });
    if plan.get("status")?.as_str()? == "blocked" {
        return Some(SavedWeeks {
            weeks: Vec::new(),
            cross_days_per_30: None,
            applied: None,
        });
    }
    let days = plan.get("days")?.as_array()?;
    let mut weeks = Vec::new();
    for w in plan.get("weeks")?.as_array()? {
        let number = w.get("number")?.as_u64()?;
        let km = w.get("target_km")?.as_f64()?;
        if !(km.is_finite() && (0.0..=1000.0).contains(&km)) {
            return None;
        }
        let reps = days
            .iter()
            .filter(|d| d.get("week").and_then(|n| n.as_u64()) == Some(number))
            .filter_map(|d| d.get("session")?.get("routine")?.as_array())
            .flatten()
            .find(|i| i.get("exercise_id").and_then(|e| e.as_str()) == Some(exercise_id))
            .and_then(|i| i.get("reps")?.as_u64())
            .and_then(|r| u8::try_from(r).ok())
            .unwrap_or(default_reps);
        weeks.push(PlannedWeek {
            start: w.get("start")?.as_str()?.parse::<NaiveDate>().ok()?,
            target: Meters((km * 1000.0).round() as u32),
            rounds: u8::try_from(w.get("routine_rounds")?.as_u64()?).ok()?,
            reps,
        });
    }
    let cross = plan
        .get("cross_days_per_30")
        .and_then(|c| c.as_u64())
        .and_then(|c| u8::try_from(c).ok());
    Some(SavedWeeks {
        weeks,
        cross_days_per_30: cross,
        applied,
    })
}

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
    let now = crate::safety::now(&db, kb, None, today, &clock.zone)?;
    let (Some(answers), Some(assessment)) = (now.answers, now.assessment) else {
        return Err(anyhow::anyhow!("the saved answers could not be assessed"));
    };
    let (exercise_id, reps) = progressing_exercise(kb)
        .map(|e| (e.id.clone(), e.dose.reps))
        .unwrap_or_default();
    let saved = saved_weeks(&saved_plan.body, &exercise_id, reps).ok_or_else(|| {
        UserError(
            "the saved plan could not be read (made by another version?): run `backstride plan` again"
                .to_owned(),
        )
    })?;

    // The decision and the red flags, exactly as `backstride insights`
    // sees them over everything stored up to today.
    let days = Days::new(None, Some(today))?;
    let gathered = gather::gather(&db, kb, days, &clock.zone, today)?;
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

    // Files and the store first, as for `plan`.
    crate::commands::write_calendar(kb, &db, args, &adapted.outcome, clock.now)?;
    if !common.no_save {
        let json = report::render(&report, Format::Json)?;
        db.run(db.store.save_plan(&json, today, args.weeks, clock.now))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_weeks_rounds_and_reps_and_refuses_what_it_cannot() {
        let body = r#"{"adaptation":{"applied":{"run_day":"2026-11-24","action":"step-back"}},
            "plan":{"status":"ready","cross_days_per_30":5,
            "weeks":[{"number":1,"start":"2026-11-02","target_km":14.4,"routine_rounds":2}],
            "days":[{"week":1,"session":{"routine":[{"exercise_id":"warrior-pose","reps":8}]}}]}}"#;
        let saved = saved_weeks(body, "warrior-pose", 10).expect("readable");
        assert_eq!(saved.cross_days_per_30, Some(5));
        assert_eq!(
            saved.applied,
            NaiveDate::from_ymd_opt(2026, 11, 24).map(|d| (d, Action::StepBack))
        );
        assert_eq!(
            saved.weeks,
            [PlannedWeek {
                start: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default(),
                target: Meters(14_400),
                rounds: 2,
                reps: 8,
            }]
        );
        let blocked = r#"{"plan":{"status":"blocked","tier":"urgent","instruction":"x"}}"#;
        assert_eq!(
            saved_weeks(blocked, "warrior-pose", 10).map(|s| s.weeks.len()),
            Some(0)
        );
        assert!(saved_weeks("{}", "warrior-pose", 10).is_none());
        assert!(saved_weeks("not json", "warrior-pose", 10).is_none());
        let bad = body.replace("14.4", "-3");
        assert!(saved_weeks(&bad, "warrior-pose", 10).is_none());
    }
}
