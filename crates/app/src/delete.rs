//! `backstride delete ...`: undoing what was stored by mistake. Deleting
//! cannot be taken back, so it asks first on a terminal; a script says
//! `--yes`, and without a terminal and without `--yes` nothing is deleted
//! (exit 2, saying how).
//!
//! A warning sign is never cleared by deleting: an entry whose note names
//! a red flag that still stands (or a severe pain score while severe pain
//! stands) is kept until `backstride check` has answered it. Deleting an
//! activity takes its RPE logs, so their notes are read the same way.

use std::io::IsTerminal;

use std::collections::BTreeSet;

use anyhow::Result;
use backstride_core::assessment::notes::flags_in_note;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::safety::SEVERE_PAIN;
use backstride_core::safety::pain::SEVERE_NRS;
use backstride_store::{EntryFacts, LogKind};
use inquire::Confirm;

use crate::cli::{ActivityRef, DeleteActivityArgs, DeleteCommand, DeleteEntryArgs};
use crate::commands::{Clock, Outcome, UserError};
use crate::datadir::DataDir;
use crate::storage::{self, Opened};

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

/// The warning signs that stand now and that `facts` carries: flags its
/// note names, and severe pain for a severe score.
pub fn standing_signs_in(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    facts: &EntryFacts,
) -> Result<Vec<String>> {
    let now = crate::safety::now(db, kb, None, clock.today, &clock.zone)?;
    let standing: BTreeSet<&str> = now
        .standing
        .from_logs
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    let mut signs: Vec<String> = facts
        .note
        .as_deref()
        .map(|note| flags_in_note(kb, note))
        .unwrap_or_default()
        .into_iter()
        .map(|m| m.flag.id.clone())
        .filter(|id| standing.contains(id.as_str()))
        .collect();
    if facts.nrs.is_some_and(|n| n >= SEVERE_NRS) && standing.contains(SEVERE_PAIN) {
        signs.push(SEVERE_PAIN.to_owned());
    }
    Ok(signs)
}

/// Refuses to take away an entry that a standing warning sign rests on.
pub fn refuse_if_standing(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    facts: &EntryFacts,
    what: &str,
    verb: &str,
) -> Result<()> {
    let signs = standing_signs_in(db, kb, clock, facts)?;
    if signs.is_empty() {
        return Ok(());
    }
    Err(UserError(format!(
        "not {verb}: {what} names a warning sign that still stands ({}); \
         answer `backstride check` first (a warning sign is never cleared by {verb_ing} the entry that raised it)",
        signs.join(", "),
        verb_ing = if verb == "deleted" { "deleting" } else { "editing" }
    ))
    .into())
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
    let facts = db.run(db.store.log_entry_facts(kind, id))?.ok_or_else(|| {
        UserError(format!(
            "no {} entry {id} is stored (see `backstride history`)",
            kind.name()
        ))
    })?;
    refuse_if_standing(
        &db,
        kb,
        clock,
        &facts,
        &format!("{} entry {id}'s note", kind.name()),
        "deleted",
    )?;
    let what = format!("Delete {} entry {id}", kind.name());
    if !confirmed(&what, args.yes, &format!("backstride delete {word} {id}"))? {
        println!("nothing deleted");
        return Ok(Outcome::Done);
    }
    if !db.run(db.store.delete_log_entry(kind, id))? {
        return Err(UserError(format!("no {} entry {id} is stored", kind.name())).into());
    }
    println!("deleted {} entry {id}", kind.name());
    Ok(Outcome::Done)
}

fn activity(kb: &KnowledgeBase, args: &DeleteActivityArgs, clock: &Clock) -> Result<Outcome> {
    let db = storage::open(&DataDir::locate()?)?;
    let id = resolve(&db, args.activity)?;
    let ids = db.run(db.store.activity_and_legs(id, args.with_legs))?;
    if ids.is_empty() {
        return Err(UserError(format!(
            "no activity {id} is stored (see `backstride history`)"
        ))
        .into());
    }
    for one in &ids {
        for rpe in db.run(db.store.rpe_ids_of(*one))? {
            if let Some(facts) = db.run(db.store.log_entry_facts(LogKind::Rpe, rpe))? {
                refuse_if_standing(
                    &db,
                    kb,
                    clock,
                    &facts,
                    &format!("activity {one}'s RPE entry {rpe} (deleted with it)"),
                    "deleted",
                )?;
            }
        }
    }
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
    let deleted = db.run(db.store.delete_activity(id, args.with_legs))?;
    match deleted.as_slice() {
        [] => {
            return Err(UserError(format!(
                "no activity {id} is stored (see `backstride history`)"
            ))
            .into());
        }
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
