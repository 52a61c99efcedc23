//! `backstride log ...`: what the runner records by hand (pain, the routine
//! done, cross-training, brace use, a session's effort as RPE), checked
//! here and stored in one row each, with the moment it was told.
//!
//! A note that may name a warning sign is read before anything else can
//! fail, so its warning shows even when the entry is refused (a bad score,
//! an unknown activity, a read-only database). Once stored, the red-flag
//! questions it touches are asked at once in a terminal; elsewhere the
//! plan stays stopped until `backstride check` answers them (exit code 3).
//! Whatever stands afterwards (severe pain, a due re-check, older flags)
//! is shown last.

use anyhow::Result;
use backstride_core::assessment::notes::{NoteMatch, flags_in_note};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::profile::Region;
use backstride_core::safety::SEVERE_PAIN;
use backstride_core::units::Nrs;
use backstride_store::{
    CheckSource, ExerciseDone, NewBrace, NewCrossTraining, NewPain, NewRoutine, NewRpe, PainWhen,
};
use chrono::{DateTime, NaiveTime, TimeZone, Utc};

use crate::answers_file::vocab;
use crate::cli::{ActivityRef, LogCommand, When};
use crate::commands::{Clock, Outcome, UserError};
use crate::datadir::DataDir;
use crate::safety::{self, ask, show};
use crate::storage;

/// Reads `--at` in the runner's zone (`Clock::zone`; tests use fixed
/// ones): a day (`YYYY-MM-DD`, as [`crate::cli::parse_date`] reads it) or
/// a local day and time (`YYYY-MM-DDTHH:MM`). A day means "that day":
/// noon, or now when today's noon is still ahead, so today is never "in
/// the future". A time more than five minutes ahead is refused.
pub fn parse_at_in<Tz: TimeZone + std::fmt::Debug>(
    text: Option<&str>,
    now: DateTime<Utc>,
    zone: &Tz,
) -> Result<DateTime<Utc>, UserError> {
    let Some(text) = text else { return Ok(now) };
    let (day_text, time_text) = match text.split_once('T') {
        Some((day, time)) => (day, Some(time)),
        None => (text, None),
    };
    let day = crate::cli::parse_date(day_text).map_err(|e| {
        UserError(format!(
            "--at {text}: {e} (or YYYY-MM-DDTHH:MM, local time)"
        ))
    })?;
    let time = match time_text {
        None => NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN),
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
            .ok()
            .filter(|_| t.len() == 5)
            .ok_or_else(|| {
                UserError(format!(
                    "--at {text}: expected the time as HH:MM (24-hour, local time)"
                ))
            })?,
    };
    let local = zone
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .ok_or_else(|| {
            UserError(format!(
                "--at {text}: that local time does not exist (a clock change)"
            ))
        })?;
    let at = local.with_timezone(&Utc);
    let today = backstride_core::local_day::day_in(now, zone);
    if time_text.is_none() {
        if day > today {
            return Err(UserError(format!("--at {text} is in the future")));
        }
        // Today before noon: the entry is for today, as of now.
        return Ok(if day == today { at.min(now) } else { at });
    }
    if at > now + chrono::Duration::minutes(5) {
        return Err(UserError(format!("--at {text} is in the future")));
    }
    Ok(at)
}

fn note(when: &When) -> Option<String> {
    when.note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
}

fn region(name: &str) -> Result<Region, UserError> {
    vocab::REGION
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, r)| *r)
        .ok_or_else(|| {
            let allowed: Vec<&str> = vocab::REGION.iter().map(|(n, _)| *n).collect();
            UserError(format!(
                "--region {name}: expected one of {}",
                allowed.join(", ")
            ))
        })
}

fn pain_when(name: &str) -> Result<PainWhen, UserError> {
    match name {
        "during" => Ok(PainWhen::During),
        "after" => Ok(PainWhen::After),
        "next-morning" => Ok(PainWhen::NextMorning),
        other => Err(UserError(format!(
            "--when {other}: expected during, after or next-morning"
        ))),
    }
}

/// Parses `ID:REPS` against the knowledge base's exercises.
fn exercise(kb: &KnowledgeBase, text: &str) -> Result<ExerciseDone, UserError> {
    let (id, reps) = text.split_once(':').ok_or_else(|| {
        UserError(format!(
            "{text}: expected EXERCISE:REPS, e.g. warrior-pose:10"
        ))
    })?;
    if kb.exercise(id).is_none() {
        let known: Vec<&str> = kb.exercises.iter().map(|e| e.id.as_str()).collect();
        return Err(UserError(format!(
            "{text}: unknown exercise `{id}`; expected one of {}",
            known.join(", ")
        )));
    }
    let reps: u16 = reps
        .parse()
        .ok()
        .filter(|r| (1..=500).contains(r))
        .ok_or_else(|| UserError(format!("{text}: reps must be a whole number from 1 to 500")))?;
    Ok(ExerciseDone {
        exercise_id: id.to_owned(),
        reps,
    })
}

/// The time and note flags of any `log` subcommand.
fn when_of(cmd: &LogCommand) -> &When {
    match cmd {
        LogCommand::Pain(a) => &a.time,
        LogCommand::Routine(a) => &a.time,
        LogCommand::CrossTrain(a) => &a.time,
        LogCommand::Brace(a) => &a.time,
        LogCommand::Rpe(a) => &a.time,
    }
}

/// One checked entry, ready to store.
enum Entry {
    Pain(NewPain),
    Routine(NewRoutine),
    Cross(NewCrossTraining),
    Brace(NewBrace),
    Rpe(NewRpe),
}

/// The activity `--activity` names: an id, or `last` as `last` resolved
/// (0 while the store is not open yet: the entry is only being checked).
fn activity_id(named: ActivityRef, last: Option<i64>) -> i64 {
    match named {
        ActivityRef::Id(id) => id,
        ActivityRef::Last => last.unwrap_or(0),
    }
}

/// Whether the command names `--activity last`.
fn names_last(cmd: &LogCommand) -> bool {
    let named = match cmd {
        LogCommand::Pain(a) => a.activity,
        LogCommand::Brace(a) => a.activity,
        LogCommand::Rpe(a) => Some(a.activity),
        LogCommand::Routine(_) | LogCommand::CrossTrain(_) => None,
    };
    named == Some(ActivityRef::Last)
}

/// Checks the command line into an entry told at `clock.now`, with
/// `--activity last` read as `last`.
fn entry(
    kb: &KnowledgeBase,
    cmd: &LogCommand,
    clock: &Clock,
    last: Option<i64>,
) -> Result<Entry, UserError> {
    let logged = clock.now;
    Ok(match cmd {
        LogCommand::Pain(a) => Entry::Pain(NewPain {
            region: region(&a.region)?,
            nrs: Nrs::new(i64::from(a.nrs)).map_err(|e| UserError(format!("--nrs: {e}")))?,
            when: pain_when(&a.when)?,
            activity_id: a.activity.map(|r| activity_id(r, last)),
            note: note(&a.time),
            at: parse_at_in(a.time.at.as_deref(), clock.now, &clock.zone)?,
            logged,
        }),
        LogCommand::Routine(a) => Entry::Routine(NewRoutine {
            exercises: a
                .exercises
                .iter()
                .map(|e| exercise(kb, e))
                .collect::<Result<_, _>>()?,
            rounds: a.rounds,
            note: note(&a.time),
            at: parse_at_in(a.time.at.as_deref(), clock.now, &clock.zone)?,
            logged,
        }),
        LogCommand::CrossTrain(a) => Entry::Cross(NewCrossTraining {
            kind: a.kind.trim().to_owned(),
            minutes: a.minutes,
            note: note(&a.time),
            at: parse_at_in(a.time.at.as_deref(), clock.now, &clock.zone)?,
            logged,
        }),
        LogCommand::Brace(a) => Entry::Brace(NewBrace {
            worn: a.worn && !a.not_worn,
            activity_id: a.activity.map(|r| activity_id(r, last)),
            note: note(&a.time),
            at: parse_at_in(a.time.at.as_deref(), clock.now, &clock.zone)?,
            logged,
        }),
        LogCommand::Rpe(a) => Entry::Rpe(NewRpe {
            activity_id: activity_id(a.activity, last),
            rpe: a.value,
            note: note(&a.time),
            at: parse_at_in(a.time.at.as_deref(), clock.now, &clock.zone)?,
            logged,
        }),
    })
}

/// Checks and stores the entry; returns the opened store, the entry and
/// its id.
fn store(
    kb: &KnowledgeBase,
    cmd: &LogCommand,
    clock: &Clock,
) -> Result<(storage::Opened, Entry, i64)> {
    // Checked in full before the store is opened; `last` read afterwards.
    let mut checked = entry(kb, cmd, clock, None)?;
    let db = storage::open(&DataDir::locate()?)?;
    if names_last(cmd) {
        let last = crate::delete::resolve(&db, ActivityRef::Last)?;
        checked = entry(kb, cmd, clock, Some(last))?;
    }
    let stored = match &checked {
        Entry::Pain(p) => db.run(db.store.log_pain(p)),
        Entry::Routine(r) => db.run(db.store.log_routine(r)),
        Entry::Cross(c) => db.run(db.store.log_cross_training(c)),
        Entry::Brace(b) => db.run(db.store.log_brace(b)),
        Entry::Rpe(r) => db.run(db.store.log_rpe(r)),
    };
    // What the runner asked wrong (a missing activity) is theirs to fix
    // (exit 2); a write that did not reach the disk is "not saved" (exit 1).
    let id = stored.map_err(|e| -> anyhow::Error {
        if e.is_bad_request() {
            UserError(format!("not logged: {e}")).into()
        } else {
            e.into()
        }
    })?;
    Ok((db, checked, id))
}

fn describe(entry: &Entry) -> String {
    match entry {
        Entry::Pain(p) => format!(
            "pain {} in the {} ({})",
            p.nrs,
            vocab::name_of(vocab::REGION, p.region),
            p.when.name()
        ),
        Entry::Routine(r) => format!(
            "routine, {} round(s) of {} exercise(s)",
            r.rounds,
            r.exercises.len()
        ),
        Entry::Cross(c) => format!("{} for {} min", c.kind, c.minutes),
        Entry::Brace(b) => {
            if b.worn {
                "brace worn".to_owned()
            } else {
                "ran without the brace".to_owned()
            }
        }
        Entry::Rpe(r) => format!("effort (RPE) {}/10 for activity {}", r.rpe, r.activity_id),
    }
}

/// Runs a `log` subcommand.
pub fn command(kb: &KnowledgeBase, cmd: LogCommand, clock: &Clock) -> Result<Outcome> {
    // The note first: its warning shows whatever happens next.
    let text = note(when_of(&cmd));
    let touched: Vec<NoteMatch<'_>> = text
        .as_deref()
        .map(|n| flags_in_note(kb, n))
        .unwrap_or_default();
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
    crate::output::text(&format!("Logged {} (entry {id}).\n", describe(&entry)))?;

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
    if !args.iter().any(|a| a == "log") {
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
        let found = flags_in_note(&kb, &note);
        if !found.is_empty() {
            // Best effort: the parse error follows whatever happens here.
            let _ = warn_red_flags(&found);
        }
    }
}

/// Prints the instruction of every red flag the note may name.
fn warn_red_flags(found: &[NoteMatch<'_>]) -> Result<()> {
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
