//! `backstride edit`: corrections to what is stored, by the use case
//! [`crate::usecase::edit`]; this module parses the command line and
//! talks to the terminal.
//!
//! - `edit ACTIVITY --sport ...` (or `edit activity ID --sport ...`): an
//!   activity's sport, for a file that named none (a sport inferred from
//!   speed and cadence may be wrong) or named it wrongly. The runner's
//!   word is kept: a copy of the same activity imported later does not
//!   change it.
//! - `edit pain|routine|cross-train|brace|rpe ENTRY --field value ...`: a
//!   log entry's fields, checked as `log` checks them; what changed is
//!   printed, before -> after.
//!
//! Red flags as in `log`: a new note that may name a warning sign prints
//! what to do before anything else can fail, and once stored its
//! questions are asked in a terminal (elsewhere `backstride check` answers
//! them; exit code 3). An edit that would take away a warning sign that
//! still stands (its note, or a severe score) is refused (exit 2).

use anyhow::Result;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::safety::SEVERE_PAIN;
use backstride_core::safety::pain::SEVERE_NRS;
use backstride_store::{CheckSource, LogEntry};

use crate::cli::{ActivityRef, EditArgs, EditCommand, EditEntry};
use crate::commands::{Clock, Outcome, UserError};
use crate::datadir::DataDir;
use crate::safety::{self, ask, show};
use crate::storage;
use crate::usecase::edit::{
    self as uc, BracePatch, CrossTrainPatch, Edited, PainPatch, Patch, RoutinePatch, RpePatch,
    ToldPatch,
};
use crate::usecase::history::Verdict;
use crate::usecase::log::{Activity, Caller, ExerciseInput};

/// Runs `backstride edit`.
pub fn command(kb: &KnowledgeBase, args: &EditArgs, clock: &Clock) -> Result<Outcome> {
    match &args.what {
        Some(EditCommand::Activity(a)) => sport(a.activity, a.sport),
        Some(cmd) => entry(kb, cmd, clock),
        None => match (args.activity, args.sport) {
            (Some(activity), Some(s)) => sport(activity, s),
            // clap requires both when no subcommand is given.
            _ => Err(UserError(
                "name what to edit: `backstride edit ACTIVITY --sport SPORT`, or \
                 `backstride edit pain|routine|cross-train|brace|rpe ENTRY ...`"
                    .to_owned(),
            )
            .into()),
        },
    }
}

fn sport(activity: ActivityRef, sport: backstride_core::activity::Sport) -> Result<Outcome> {
    let db = storage::open(&DataDir::locate()?)?;
    let id = crate::delete::resolve(&db, activity)?;
    let found = uc::set_sport(&db, id, sport)?;
    if !found {
        return Err(UserError(format!(
            "no activity {id} is stored (see `backstride history`)"
        ))
        .into());
    }
    println!("activity {id} is now {} (set by you)", sport.name());
    Ok(Outcome::Done)
}

fn activity(named: ActivityRef) -> Activity {
    match named {
        ActivityRef::Id(id) => Activity::Id(id),
        ActivityRef::Last => Activity::Last,
    }
}

/// `--activity` and `--no-activity` as a change of link.
fn link(named: Option<ActivityRef>, none: bool) -> Option<Option<Activity>> {
    if none {
        Some(None)
    } else {
        named.map(|a| Some(activity(a)))
    }
}

fn told(e: &EditEntry) -> ToldPatch {
    ToldPatch {
        at: e.at.clone(),
        note: e.note.clone(),
    }
}

/// The command line as the use case's patch, with the entry's id and
/// the flags that would change something (for the message when none is
/// given).
fn patch(cmd: &EditCommand) -> Result<(i64, Patch, &'static str), UserError> {
    Ok(match cmd {
        EditCommand::Activity(_) => {
            return Err(UserError("an activity is not a log entry".to_owned()));
        }
        EditCommand::Pain(a) => (
            a.entry.entry,
            Patch::Pain(PainPatch {
                region: a.region.clone(),
                nrs: a.nrs.map(i64::from),
                when: a.when.clone(),
                activity: link(a.activity, a.no_activity),
                told: told(&a.entry),
            }),
            "--region, --nrs, --when, --activity, --no-activity, --at or --note",
        ),
        EditCommand::Routine(a) => (
            a.entry.entry,
            Patch::Routine(RoutinePatch {
                rounds: a.rounds.map(i64::from),
                exercises: if a.exercises.is_empty() {
                    None
                } else {
                    Some(
                        a.exercises
                            .iter()
                            .map(|e| ExerciseInput::parse(e))
                            .collect::<Result<_, _>>()?,
                    )
                },
                told: told(&a.entry),
            }),
            "--rounds, the exercises as ID:REPS, --at or --note",
        ),
        EditCommand::CrossTrain(a) => (
            a.entry.entry,
            Patch::CrossTrain(CrossTrainPatch {
                kind: a.kind.clone(),
                minutes: a.minutes.map(i64::from),
                told: told(&a.entry),
            }),
            "--kind, --minutes, --at or --note",
        ),
        EditCommand::Brace(a) => (
            a.entry.entry,
            Patch::Brace(BracePatch {
                worn: if a.worn {
                    Some(true)
                } else if a.not_worn {
                    Some(false)
                } else {
                    None
                },
                activity: link(a.activity, a.no_activity),
                told: told(&a.entry),
            }),
            "--worn, --not-worn, --activity, --no-activity, --at or --note",
        ),
        EditCommand::Rpe(a) => (
            a.entry.entry,
            Patch::Rpe(RpePatch {
                activity: a.activity.map(activity),
                value: a.value.map(i64::from),
                told: told(&a.entry),
            }),
            "--activity, --value, --at or --note",
        ),
    })
}

fn entry(kb: &KnowledgeBase, cmd: &EditCommand, clock: &Clock) -> Result<Outcome> {
    let (id, patch, flags) = patch(cmd)?;
    let kind = patch.kind();
    if patch.is_empty() {
        return Err(UserError(format!(
            "nothing to change in {} entry {id}: give at least one of {flags}",
            kind.name()
        ))
        .into());
    }
    // The note first: its warning shows whatever happens next.
    let touched = crate::usecase::log::warning_signs(kb, patch.note());
    if !touched.is_empty() {
        crate::record::warn_red_flags(&touched)?;
    }
    let refused_note = || {
        if !touched.is_empty() {
            eprintln!(
                "The entry was not changed (see below), but the warning above stands: act on it now."
            );
        }
    };
    let db = storage::open(&DataDir::locate()?)?;
    let edited = match uc::edit_entry(&db, kb, clock, id, &patch, Caller::Cli) {
        Ok(Verdict::May(edited)) => edited,
        Ok(Verdict::NotFound) => {
            refused_note();
            return Err(UserError(format!(
                "no {} entry {id} is stored (see `backstride history`)",
                kind.name()
            ))
            .into());
        }
        Ok(Verdict::Refused(why)) => {
            refused_note();
            return Err(UserError(why).into());
        }
        Err(e) => {
            refused_note();
            return Err(e);
        }
    };
    say(&edited)?;
    if edited.changes.is_empty() {
        return Ok(Outcome::Done);
    }
    after_stored(&db, kb, clock, &edited)
}

/// Prints what changed, before -> after.
fn say(edited: &Edited) -> Result<()> {
    let what = format!("{} entry {}", edited.kind.name(), edited.id);
    if edited.changes.is_empty() {
        crate::output::text(&format!("Nothing changed: {what} already says that.\n"))?;
        return Ok(());
    }
    let mut out = format!("Changed {what}:\n");
    for c in &edited.changes {
        out.push_str(&format!("  {}: {} -> {}\n", c.field, c.before, c.after));
    }
    crate::output::text(&out)?;
    Ok(())
}

/// The questions the new note touches (at once in a terminal, else
/// later), then whatever stands now; exit code 3 when this entry's sign
/// or severe score stands.
fn after_stored(
    db: &storage::Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    edited: &Edited,
) -> Result<Outcome> {
    let items: Vec<ask::Item> = edited
        .warning_signs
        .iter()
        .filter_map(|id| ask::item(kb, id))
        .collect();
    if !items.is_empty() {
        use std::io::IsTerminal;
        if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
            crate::output::text("\nA few questions about your note (answer each honestly):\n")?;
            let mut answers = std::collections::BTreeMap::new();
            ask::ask_in_terminal(&items, &mut answers)?;
            safety::save_check(db, kb, &answers, CheckSource::Log, clock.now)?;
        } else {
            let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
            crate::output::text(&format!(
                "  The change is saved. `backstride plan`, `plan --adapt` and `insights` stay stopped until you answer the question(s) it touches ({}) with `backstride check`.\n",
                ids.join(", ")
            ))?;
        }
    }
    let now = safety::now(db, kb, None, clock.today, &clock.zone)?;
    let standing = &now.standing;
    let severe_now = matches!(&edited.entry, LogEntry::Pain(p) if p.nrs >= SEVERE_NRS)
        && standing.flags.iter().any(|f| f.id == SEVERE_PAIN);
    let note_stands = edited
        .warning_signs
        .iter()
        .any(|id| standing.flags.iter().any(|f| &f.id == id));
    if standing.stops() {
        crate::output::text("\n")?;
        show::banner(standing, true)?;
    }
    Ok(if severe_now || note_stands {
        Outcome::SeeAClinician
    } else {
        Outcome::Done
    })
}
