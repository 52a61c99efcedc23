//! `backstride check`: answers the red-flag questions that something
//! logged touched (a note that may name a warning sign, severe pain, a
//! "yes" that stands), or all of them with `--all` or when a regular
//! re-check is due; saves the answers as a check with its time, and says
//! what still stands. Answers come from `--yes ID` / `--no ID`, `--answers
//! FILE`, or, in a terminal, from the questions asked there. Which
//! questions are due and saving the answers is the use case
//! [`crate::usecase::check`]; this module reads flags and talks to the
//! terminal.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use anyhow::Result;
use backstride_core::knowledge::KnowledgeBase;
use backstride_store::CheckSource;

use crate::cli::CheckArgs;
use crate::commands::{Clock, Outcome, UserError};
use crate::datadir::DataDir;
use crate::safety::{ask, show};
use crate::storage;
use crate::usecase::check;

/// The answers given on the command line and in `--answers`.
fn given(kb: &KnowledgeBase, args: &CheckArgs) -> Result<BTreeMap<String, bool>, UserError> {
    let mut out = match &args.answers {
        Some(path) => ask::read_file(kb, path)?,
        None => BTreeMap::new(),
    };
    for (ids, yes) in [(&args.yes, true), (&args.no, false)] {
        for id in ids {
            if out.insert(id.clone(), yes) == Some(!yes) {
                return Err(UserError(format!("{id} is answered both yes and no")));
            }
        }
    }
    check::check_answers(kb, &out, "--yes/--no")?;
    Ok(out)
}

/// Runs `backstride check`.
pub fn command(kb: &KnowledgeBase, args: &CheckArgs, clock: &Clock) -> Result<Outcome> {
    let mut answers = given(kb, args)?;
    let db = storage::open(&DataDir::locate()?)?;
    let due = check::due(&db, kb, clock, args.all)?;
    let items = due.items;
    // A "yes" to an emergency question is shown before anything else.
    let mut emergency = false;
    for action in check::emergencies(kb, &answers) {
        ask::emergency_now(&action)?;
        emergency = true;
    }
    let interactive =
        !args.json && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if interactive && !emergency && !items.is_empty() {
        crate::output::text(&format!(
            "Red-flag check: answer each question honestly. {}\n\n",
            backstride_core::DISCLAIMER
        ))?;
        ask::ask_in_terminal(&items, &mut answers)?;
    }
    if answers.is_empty() {
        if items.is_empty() {
            crate::output::text(
                "Nothing to check: no red flag stands and no check is due. `backstride check --all` asks every question.\n",
            )?;
            return Ok(Outcome::Done);
        }
        let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
        return Err(UserError(format!(
            "nothing answered: {} to answer ({}): pass --no ID or --yes ID for each, or --answers FILE, or run in a terminal",
            if ids.len() == 1 { "1 question".to_owned() } else { format!("{} questions", ids.len()) },
            ids.join(", ")
        ))
        .into());
    }
    let after = check::answer(&db, kb, &answers, &items, CheckSource::Check, clock)?;
    let unanswered: Vec<&str> = after.unanswered.iter().map(String::as_str).collect();
    let standing = &after.standing;
    if args.json {
        let doc = serde_json::json!({
            "answers": answers,
            "unanswered": unanswered,
            "stops": standing.stops(),
            "standing": standing.flags.iter().map(|f| serde_json::json!({
                "id": f.id,
                "tier": f.tier.name(),
                "because": f.because,
                "action": f.action,
                "sources": f.sources.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "check_due": standing.check_due.reasons,
            "to_ask": standing.to_ask,
            "disclaimer": backstride_core::DISCLAIMER,
        });
        crate::output::plain(&format!("{}\n", serde_json::to_string_pretty(&doc)?))?;
    } else {
        // Written whole through `output`: a closed pipe keeps the exit code.
        let mut out: Vec<u8> = Vec::new();
        writeln!(out, "Red-flag check saved ({} answer(s)).", answers.len())?;
        for (id, yes) in &answers {
            writeln!(out, "  {:<3} {id}", if *yes { "YES" } else { "no" })?;
        }
        if !unanswered.is_empty() {
            writeln!(out, "Not answered yet: {}.", unanswered.join(", "))?;
        }
        writeln!(out)?;
        if !standing.stops() {
            writeln!(
                out,
                "Nothing stands now: `backstride plan` may make a plan again.\n{}",
                backstride_core::DISCLAIMER
            )?;
        }
        crate::output::text(&String::from_utf8_lossy(&out))?;
        if standing.stops() {
            show::banner(standing, true)?;
        }
    }
    Ok(if standing.stops() {
        Outcome::SeeAClinician
    } else {
        Outcome::Done
    })
}
