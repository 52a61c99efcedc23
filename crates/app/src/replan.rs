//! `backstride plan --adapt`: re-plans from today through the use case
//! ([`crate::usecase::replan`]), then writes the calendar (`--ics`), saves
//! the new plan only with `--save` (saying so in one line) and prints it
//! like `plan`'s, with the changes and their reasons first.

use anyhow::Result;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::PlanOutcome;

use crate::cli::PlanArgs;
use crate::commands::{Clock, Outcome, emit};
use crate::datadir::DataDir;
use crate::report;
use crate::storage;
use crate::usecase::replan::{Previewed, Request, preview};

/// Runs `backstride plan --adapt`.
pub fn command(kb: &KnowledgeBase, args: &PlanArgs, clock: &Clock) -> Result<Outcome> {
    let common = &args.common;
    let db = storage::open(&DataDir::locate()?)?;
    let outcome = preview(
        &db,
        kb,
        clock,
        Request {
            weeks: args.weeks,
            cross_days_per_30: args.cross_days,
        },
    )?;
    for note in &outcome.notes {
        eprintln!("Note: {note}");
    }
    let replanned = match outcome.previewed {
        Previewed::CheckDue {
            assessment,
            standing,
        } => {
            return crate::safety::show::stop_for_check(
                kb,
                &assessment,
                &standing,
                clock.today,
                args,
            );
        }
        Previewed::Replanned(r) => r,
    };
    // Files and the store first, as for `plan`.
    crate::commands::write_calendar(
        kb,
        args,
        &replanned.replan.outcome,
        &replanned.calendar,
        clock.now,
    )?;
    // A re-plan is shown, and kept only with `--save`.
    if args.save {
        replanned.save(&db, clock.now)?;
    }
    crate::commands::say_saved(args.save, "re-plan", &replanned.replan.outcome, args.weeks);
    emit(
        &report::render_with(&replanned.report, common.format, common.sources)?,
        common.format,
        common.output.as_deref(),
    )?;
    Ok(match replanned.replan.outcome {
        PlanOutcome::Ready(_) => Outcome::Done,
        PlanOutcome::Blocked(_) => Outcome::SeeAClinician,
    })
}
