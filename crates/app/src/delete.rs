//! `backstride delete ...`: undoing what was stored by mistake. Deleting
//! cannot be taken back, so it asks first on a terminal; a script says
//! `--yes`, and without a terminal and without `--yes` nothing is deleted
//! (exit 2, saying how).
//!
//! A warning sign is never cleared by deleting: an entry whose note names
//! a red flag that still stands (or a severe pain score while severe pain
//! stands) is kept until `backstride check` has answered it. Deleting an
//! activity takes its RPE logs, so their notes are read the same way. The
//! rule and the deleting are the use case [`crate::usecase::history`];
//! this module asks and says.

use std::io::IsTerminal;

use anyhow::Result;
use backstride_core::knowledge::KnowledgeBase;
use backstride_store::LogKind;
use inquire::Confirm;

use crate::cli::{ActivityRef, DeleteActivityArgs, DeleteCommand, DeleteEntryArgs};
use crate::commands::{Clock, Outcome, UserError};
use crate::datadir::DataDir;
use crate::storage::{self, Opened};
use crate::usecase::history::{self, Verdict};

/// The id `activity` names: itself, or the activity that started last.
pub fn resolve(db: &Opened, activity: ActivityRef) -> Result<i64> {
    match activity {
        ActivityRef::Id(id) => Ok(id),
        ActivityRef::Last => db.run(db.store.last_activity_id())?.ok_or_else(|| {
            UserError("`last`: no activity is stored yet (see `backstride import`)".to_owned())
                .into()
        }),
    }
}

/// Whether the runner agrees to `what`: `--yes`, or a "y" on a terminal.
/// Without a terminal and without `--yes`, a user error saying how.
pub fn confirmed(what: &str, yes: bool, retry: &str) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(UserError(format!(
            "not deleted: deleting cannot be undone, and there is no terminal to ask on; \
             run `{retry} --yes` to delete without asking"
        ))
        .into());
    }
    Ok(Confirm::new(&format!("{what}?"))
        .with_default(false)
        .with_help_message("cannot be undone; y or n")
        .prompt()?)
}

/// The log a `delete`/`edit` subcommand names, with its word on the
/// command line.
pub fn kind_of(cmd: &DeleteCommand) -> Option<(LogKind, &'static str, &DeleteEntryArgs)> {
    Some(match cmd {
        DeleteCommand::Activity(_) => return None,
        DeleteCommand::Pain(a) => (LogKind::Pain, "pain", a),
        DeleteCommand::Routine(a) => (LogKind::Routine, "routine", a),
        DeleteCommand::CrossTrain(a) => (LogKind::CrossTraining, "cross-train", a),
        DeleteCommand::Brace(a) => (LogKind::Brace, "brace", a),
        DeleteCommand::Rpe(a) => (LogKind::Rpe, "rpe", a),
    })
}

/// Runs `backstride delete ...`.
pub fn command(kb: &KnowledgeBase, cmd: &DeleteCommand, clock: &Clock) -> Result<Outcome> {
    match (cmd, kind_of(cmd)) {
        (DeleteCommand::Activity(args), _) => activity(kb, args, clock),
        (_, Some((kind, word, args))) => entry(kb, kind, word, args, clock),
        (_, None) => Ok(Outcome::Done),
    }
}

fn entry(
    kb: &KnowledgeBase,
    kind: LogKind,
    word: &str,
    args: &DeleteEntryArgs,
    clock: &Clock,
) -> Result<Outcome> {
    let db = storage::open(&DataDir::locate()?)?;
    let id = args.entry;
    let not_found = || {
        UserError(format!(
            "no {} entry {id} is stored (see `backstride history`)",
            kind.name()
        ))
    };
    match history::entry_deletable(&db, kb, clock, kind, id)? {
        Verdict::May(_) => {}
        Verdict::NotFound => return Err(not_found().into()),
        Verdict::Refused(why) => return Err(UserError(why).into()),
    }
    let what = format!("Delete {} entry {id}", kind.name());
    if !confirmed(&what, args.yes, &format!("backstride delete {word} {id}"))? {
        println!("nothing deleted");
        return Ok(Outcome::Done);
    }
    match history::delete_entry(&db, kb, clock, kind, id)? {
        Verdict::May(()) => println!("deleted {} entry {id}", kind.name()),
        Verdict::NotFound => return Err(not_found().into()),
        Verdict::Refused(why) => return Err(UserError(why).into()),
    }
    Ok(Outcome::Done)
}

fn activity(kb: &KnowledgeBase, args: &DeleteActivityArgs, clock: &Clock) -> Result<Outcome> {
    let db = storage::open(&DataDir::locate()?)?;
    let id = resolve(&db, args.activity)?;
    let not_found = || {
        UserError(format!(
            "no activity {id} is stored (see `backstride history`)"
        ))
    };
    let ids = match history::activity_deletable(&db, kb, clock, id, args.with_legs)? {
        Verdict::May(ids) => ids,
        Verdict::NotFound => return Err(not_found().into()),
        Verdict::Refused(why) => return Err(UserError(why).into()),
    };
    let listed = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let what = if ids.len() == 1 {
        format!("Delete activity {id} with its samples, files and RPE logs")
    } else {
        format!(
            "Delete activities {listed} (every leg of the recording) with their samples, files and RPE logs"
        )
    };
    let legs = if args.with_legs { " --with-legs" } else { "" };
    if !confirmed(
        &what,
        args.yes,
        &format!("backstride delete activity {id}{legs}"),
    )? {
        println!("nothing deleted");
        return Ok(Outcome::Done);
    }
    let deleted = match history::delete_activity(&db, kb, clock, id, args.with_legs)? {
        Verdict::May(deleted) => deleted,
        Verdict::NotFound => return Err(not_found().into()),
        Verdict::Refused(why) => return Err(UserError(why).into()),
    };
    match deleted.as_slice() {
        [one] => {
            println!("deleted activity {one}; pain and brace entries that named it stay, unlinked")
        }
        many => println!(
            "deleted activities {}; pain and brace entries that named them stay, unlinked",
            many.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
    Ok(Outcome::Done)
}
