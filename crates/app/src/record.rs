//! `backstride log ...`: what the runner records by hand (pain, the routine
//! done, cross-training, brace use, a session's effort as RPE), checked
//! and stored in one row each, with the moment it was told, by the use
//! case [`crate::usecase::log`]; this module parses the command line and
//! talks to the terminal.
//!
//! A note that may name a warning sign is read before anything else can
//! fail, so its warning shows even when the entry is refused (a bad score,
//! an unknown activity, a read-only database). Once stored, the red-flag
//! questions it touches are asked at once in a terminal; elsewhere the
//! plan stays stopped until `backstride check` answers them (exit code 3).
//! Whatever stands afterwards (severe pain, a due re-check, older flags)
//! is shown last.

use anyhow::Result;
use backstride_core::assessment::notes::NoteMatch;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::safety::SEVERE_PAIN;
use backstride_store::CheckSource;

use crate::cli::{ActivityRef, LogCommand, When};
use crate::commands::{Clock, Outcome};
use crate::datadir::DataDir;
use crate::safety::{self, ask, show};
use crate::storage;
use crate::usecase::log::{self as uc, Activity, Caller, Entry, ExerciseInput, Request, Told};

fn activity(named: ActivityRef) -> Activity {
    match named {
        ActivityRef::Id(id) => Activity::Id(id),
        ActivityRef::Last => Activity::Last,
    }
}

fn told(when: &When) -> Told {
    Told {
        at: when.at.clone(),
        note: when.note.clone(),
    }
}

/// The command line as the use case's request (an `ID:REPS` without its
/// colon is refused here, with the same message as before).
fn request(cmd: &LogCommand) -> Result<Request, crate::commands::UserError> {
    Ok(match cmd {
        LogCommand::Pain(a) => Request::Pain {
            region: a.region.clone(),
            nrs: i64::from(a.nrs),
            when: a.when.clone(),
            activity: a.activity.map(activity),
            told: told(&a.time),
        },
        LogCommand::Routine(a) => Request::Routine {
            rounds: i64::from(a.rounds),
            exercises: a
                .exercises
                .iter()
                .map(|e| ExerciseInput::parse(e))
                .collect::<Result<_, _>>()?,
            told: told(&a.time),
        },
        LogCommand::CrossTrain(a) => Request::CrossTrain {
            kind: a.kind.clone(),
            minutes: i64::from(a.minutes),
            told: told(&a.time),
        },
        LogCommand::Brace(a) => Request::Brace {
            worn: a.worn && !a.not_worn,
            activity: a.activity.map(activity),
            told: told(&a.time),
        },
        LogCommand::Rpe(a) => Request::Rpe {
            activity: activity(a.activity),
            value: i64::from(a.value),
            told: told(&a.time),
        },
    })
}

/// Checks and stores the entry; returns the opened store, the entry and
/// its id.
fn store(
    kb: &KnowledgeBase,
    cmd: &LogCommand,
    clock: &Clock,
) -> Result<(storage::Opened, Entry, i64)> {
    // Checked in full before the store is opened; `last` read by the use
    // case afterwards.
    let request = request(cmd)?;
    uc::check(kb, &request, clock, None, Caller::Cli)?;
    let db = storage::open(&DataDir::locate()?)?;
    let logged = uc::log(&db, kb, &request, clock, Caller::Cli)?;
    Ok((db, logged.entry, logged.id))
}

fn note_of(cmd: &LogCommand) -> Option<String> {
    let when = match cmd {
        LogCommand::Pain(a) => &a.time,
        LogCommand::Routine(a) => &a.time,
        LogCommand::CrossTrain(a) => &a.time,
        LogCommand::Brace(a) => &a.time,
        LogCommand::Rpe(a) => &a.time,
    };
    when.note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
}

/// Runs a `log` subcommand.
pub fn command(kb: &KnowledgeBase, cmd: LogCommand, clock: &Clock) -> Result<Outcome> {
    // The note first: its warning shows whatever happens next.
    let text = note_of(&cmd);
    let touched: Vec<NoteMatch<'_>> = uc::warning_signs(kb, text.as_deref());
    if !touched.is_empty() {
        warn_red_flags(&touched)?;
    }
    let (db, entry, id) = match store(kb, &cmd, clock) {
        Ok(stored) => stored,
        Err(e) => {
            if !touched.is_empty() {
                eprintln!(
                    "The entry was not saved (see below), but the warning above stands: act on it now."
                );
            }
            return Err(e);
        }
    };
    crate::output::text(&format!("Logged {} (entry {id}).\n", entry.describe()))?;

    // The questions the note touches: at once in a terminal, else later.
    let items: Vec<ask::Item> = touched
        .iter()
        .filter_map(|m| ask::item(kb, &m.flag.id))
        .collect();
    if !items.is_empty() {
        use std::io::IsTerminal;
        if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
            crate::output::text("\nA few questions about your note (answer each honestly):\n")?;
            let mut answers = std::collections::BTreeMap::new();
            ask::ask_in_terminal(&items, &mut answers)?;
            safety::save_check(&db, kb, &answers, CheckSource::Log, clock.now)?;
        } else {
            let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
            crate::output::text(&format!(
                "  The entry is saved. `backstride plan`, `plan --adapt` and `insights` stay stopped until you answer the question(s) it touches ({}) with `backstride check`.\n",
                ids.join(", ")
            ))?;
        }
    }

    // What stands now, this entry included.
    let now = safety::now(&db, kb, None, clock.today, &clock.zone)?;
    let standing = &now.standing;
    let severe_now = matches!(&entry, Entry::Pain(p) if p.nrs.get() >= backstride_core::safety::pain::SEVERE_NRS)
        && standing.flags.iter().any(|f| f.id == SEVERE_PAIN);
    // Standing from the note, or from a "yes" just given about it.
    let note_stands = touched
        .iter()
        .any(|m| standing.flags.iter().any(|f| f.id == m.flag.id));
    // The note's own flags were shown first; the rest follows.
    let mut rest = standing.clone();
    rest.flags
        .retain(|f| !touched.iter().any(|m| m.flag.id == f.id));
    if rest.stops() {
        crate::output::text("\n")?;
        show::banner(&rest, true)?;
    }
    Ok(if severe_now || note_stands {
        Outcome::SeeAClinician
    } else {
        Outcome::Done
    })
}

/// When the command line of a `log` cannot even be parsed (a score off
/// the scale, a missing flag), shows the warning its `--note` carries
/// before the parse error: the runner may not try again.
pub fn warn_unparsed(args: &[std::ffi::OsString]) {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if !args.iter().any(|a| a == "log" || a == "edit") {
        return;
    }
    let notes = args.iter().enumerate().filter_map(|(i, a)| {
        if a == "--note" {
            args.get(i + 1).cloned()
        } else {
            a.strip_prefix("--note=").map(str::to_owned)
        }
    });
    let Ok(kb) = KnowledgeBase::embedded() else {
        return;
    };
    for note in notes {
        let found = uc::warning_signs(&kb, Some(&note));
        if !found.is_empty() {
            // Best effort: the parse error follows whatever happens here.
            let _ = warn_red_flags(&found);
        }
    }
}

/// Prints the instruction of every red flag the note may name.
pub fn warn_red_flags(found: &[NoteMatch<'_>]) -> Result<()> {
    use std::io::Write;

    let alert = anstyle::AnsiColor::Red.on_default().bold();
    let dim = anstyle::Style::new().dimmed();
    // Written whole at the end through `output`: a closed pipe keeps exit 3.
    let mut out: Vec<u8> = Vec::new();
    writeln!(
        out,
        "{alert}STOP: your note may name a warning sign that needs a doctor.{alert:#}"
    )?;
    // Flags that say the same (two signs of one condition, most urgent
    // first) are said once, with their sources together.
    let mut said: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for m in found {
        let ids = m.flag.sources.iter().map(|s| s.as_str());
        match said.last_mut() {
            Some((action, suggests, sources))
                if *action == m.flag.action.as_str() && *suggests == m.flag.suggests.as_str() =>
            {
                sources.extend(ids.filter(|id| !sources.contains(id)).collect::<Vec<_>>());
            }
            _ => said.push((&m.flag.action, &m.flag.suggests, ids.collect())),
        }
    }
    for (action, suggests, sources) in &said {
        writeln!(out, "  {alert}{action}{alert:#}")?;
        writeln!(out, "    It may point to: {suggests}")?;
        writeln!(out, "    {dim}[{}]{dim:#}", sources.join(", "))?;
    }
    writeln!(out, "  {dim}{}{dim:#}\n", backstride_core::DISCLAIMER)?;
    crate::output::text(&String::from_utf8_lossy(&out))?;
    Ok(())
}
