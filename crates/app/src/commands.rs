//! The subcommands: each reads its input, calls the pure core, and writes
//! the outputs. Errors the user can fix are [`UserError`]s (exit code 2).

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};
use backstride_core::assessment::Assessment;
use backstride_core::assessment::answers::Answers;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::{PlanOutcome, PlanRequest, build, stop_for_note_flags};
use backstride_formats::ical;
use chrono::{DateTime, NaiveDate, Utc};

use crate::answers_file::{self, RawAnswers};
use crate::cli::{Cli, Command, Common, PlanArgs};
use crate::datadir::DataDir;
use crate::questionnaire;
use crate::report::build::{plan_report, report};
use crate::report::{self, Format};
use crate::storage::{self, Opened};

/// A problem in what the user gave us: a bad file, a missing answer.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// How a successful command ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done.
    Done,
    /// Red flags: no plan, see a clinician.
    SeeAClinician,
    /// An import stored what it could, but some files failed.
    SomeFilesFailed,
}

/// The moment the command runs, read once at the edge.
pub struct Clock {
    /// Today's date, local time.
    pub today: NaiveDate,
    /// Now, for calendar stamps.
    pub now: DateTime<Utc>,
    /// The runner's time zone (the machine's, `TZ` included), which puts
    /// instants on local days by core's one rule (`local_day`).
    pub zone: chrono::Local,
}

/// Runs a parsed command line.
pub fn run(cli: Cli, clock: &Clock) -> Result<Outcome> {
    let kb = KnowledgeBase::embedded()
        .context("the knowledge base built into this binary is invalid")?;
    match cli.command {
        Command::Assess(args) => assess_command(&kb, &args.common, clock),
        Command::Plan(args) if args.adapt => crate::replan::command(&kb, &args, clock),
        Command::Plan(args) => plan_command(&kb, &args, clock),
        Command::Import(args) => crate::importing::command(&args, clock),
        Command::Log(cmd) => crate::record::command(&kb, cmd, clock),
        Command::Check(args) => crate::check::command(&kb, &args, clock),
        // A standing red flag shows first wherever stored data or advice
        // is shown.
        Command::History(args) => {
            crate::safety::banner_first(&kb, clock, !args.json)?;
            crate::history::command(&args, clock)
        }
        Command::Edit(args) => crate::edit::command(&args),
        Command::Delete(cmd) => crate::delete::command(&kb, &cmd, clock),
        Command::Insights(args) => crate::insights::command(&kb, &args, clock),
        Command::Form(args) => {
            crate::safety::banner_first(&kb, clock, !args.json)?;
            crate::form::command(&kb, &args, clock)
        }
        Command::Export(args) => {
            crate::safety::banner_first(&kb, clock, false)?;
            crate::export::export_command(&args)
        }
        Command::Report(args) => crate::clinician::command(&kb, &args, clock),
        Command::Limits(args) => crate::doctor_limits::command(&args, clock),
        Command::Backup(args) => crate::export::backup_command(&args),
        Command::Sources => {
            let mut out = anstream::stdout();
            for s in &kb.sources {
                let cite = s
                    .citation
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default();
                writeln!(out, "{:<28} {}{cite}", s.id, s.title)?;
            }
            Ok(Outcome::Done)
        }
        Command::Schema => {
            crate::output::plain(&(report_schema()? + "\n"))?;
            Ok(Outcome::Done)
        }
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            // Rendered whole, then written through `output` (a closed pipe
            // is no panic).
            let mut out: Vec<u8> = Vec::new();
            clap_complete::generate(args.shell, &mut command, "backstride", &mut out);
            crate::output::plain(&String::from_utf8_lossy(&out))?;
            Ok(Outcome::Done)
        }
        Command::Man(args) => {
            // The page's DESCRIPTION: what the tool does, and what it is not.
            let command = <Cli as clap::CommandFactory>::command().long_about(format!(
                "Assess where and why your back hurts when you run, get a dated plan of \
                 runs, cross-training and a core routine (with a calendar file), import \
                 your runs, log pain and see what goes with it.\n\n{}",
                backstride_core::DISCLAIMER
            ));
            match &args.out_dir {
                Some(dir) => {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot make {}", dir.display()))?;
                    clap_mangen::generate_to(command, dir).with_context(|| {
                        format!("cannot write manual pages into {}", dir.display())
                    })?;
                    eprintln!("Manual pages written to {}", dir.display());
                }
                None => {
                    let mut out: Vec<u8> = Vec::new();
                    clap_mangen::Man::new(command).render(&mut out)?;
                    crate::output::plain(&String::from_utf8_lossy(&out))?;
                }
            }
            Ok(Outcome::Done)
        }
    }
}

/// The JSON Schema of the report, pretty-printed.
pub fn report_schema() -> Result<String> {
    let schema = schemars::schema_for!(report::dto::Report);
    Ok(serde_json::to_string_pretty(&schema)?)
}

/// Reads and validates an answers file, naming the file in any error.
pub fn read_answers_file(kb: &KnowledgeBase, path: &Path) -> Result<Answers> {
    let bytes = crate::limits::read(path, crate::limits::ANSWERS_FILE_BYTES, "an answers file")
        .map_err(|e| UserError(format!("{}: answers file: {e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| UserError(format!("{}: answers file: not UTF-8 text", path.display())))?;
    answers_file::parse(&text)
        .and_then(|raw| raw.validate(kb))
        .map_err(|e| UserError(format!("{}: {e}", path.display())).into())
}

/// Where the answers of a command came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// An answers file or the questionnaire, now.
    Fresh,
    /// The saved answers.
    Saved,
}

/// Answers from `--answers`, else the saved ones (for `plan`), else asked
/// interactively on a terminal.
fn obtain_answers(
    kb: &KnowledgeBase,
    common: &Common,
    db: &Opened,
    use_saved: bool,
) -> Result<(Answers, Source)> {
    if let Some(path) = &common.answers {
        return Ok((read_answers_file(kb, path)?, Source::Fresh));
    }
    if use_saved && let Some(saved) = db.run(db.store.latest_answers())? {
        eprintln!(
            "Using your saved answers of {}",
            saved.created_at.format("%Y-%m-%d %H:%M UTC")
        );
        return answers_file::parse(&saved.body)
            .and_then(|raw| raw.validate(kb))
            .map(|a| (a, Source::Saved))
            .map_err(|e| {
                UserError(format!(
                    "your saved answers no longer fit this version ({e}): run `backstride assess` again"
                ))
                .into()
            });
    }
    if !std::io::stdin().is_terminal() {
        return Err(UserError(
            "no answers given: pass --answers FILE (see docs/answers.md), or run in a terminal to answer the questions"
                .to_owned(),
        )
        .into());
    }
    // Kept with the checklist if an emergency answer ends the questions.
    let previous = db
        .run(db.store.latest_answers())?
        .and_then(|saved| answers_file::parse(&saved.body).ok())
        .and_then(|raw| raw.validate(kb).ok());
    Ok((questionnaire::ask(kb, previous)?, Source::Fresh))
}

/// Assesses the answers together with the posture findings of the most
/// recent running-form analysis (`backstride form`), if one is stored.
pub fn assess_or_fail(kb: &KnowledgeBase, answers: &Answers, db: &Opened) -> Result<Assessment> {
    crate::safety::assess(db, kb, answers)
}

fn save_answers(db: &Opened, answers: &Answers, at: DateTime<Utc>) -> Result<()> {
    let text = RawAnswers::from_answers(answers).to_toml()?;
    db.run(db.store.save_answers(&text, at))?;
    Ok(())
}

fn assess_command(kb: &KnowledgeBase, common: &Common, clock: &Clock) -> Result<Outcome> {
    let db = match storage::open(&DataDir::locate()?) {
        Ok(db) => db,
        Err(open_error) => return assess_without_store(kb, common, clock, open_error),
    };
    let (answers, _) = obtain_answers(kb, common, &db, false)?;
    let assessment = assess_or_fail(kb, &answers, &db)?;
    let report = report(kb, &assessment, None, clock.today);
    let saved = if common.no_save {
        Ok(())
    } else {
        save_answers(&db, &answers, clock.now).and_then(|()| {
            let json = report::render(&report, Format::Json)?;
            db.run(db.store.save_assessment(&json, clock.now))?;
            // Every red-flag question was answered: a complete check, which
            // clears what notes told before it raised.
            crate::safety::save_check(
                &db,
                kb,
                &answers.red_flags,
                backstride_store::CheckSource::Assess,
                clock.now,
            )
        })
    };
    // What still stands after these answers (severe pain, or notes when
    // nothing was saved) comes first.
    let now = crate::safety::now(&db, kb, Some(&answers), clock.today, &clock.zone)?;
    crate::safety::show::banner(
        &now.standing,
        common.format == Format::Text && common.output.is_none(),
    )?;
    // The advice is shown even when it could not be saved; then the save's
    // failure decides the exit code ("not saved", 1), except that a red
    // flag still exits 3, with "not saved" said on standard error.
    emit(
        &report::render(&report, common.format)?,
        common.format,
        common.output.as_deref(),
    )?;
    if assessment.triage.allows_plan() && now.standing.flags.is_empty() {
        saved?;
        return Ok(Outcome::Done);
    }
    if let Err(e) = saved {
        eprintln!("backstride: {e:#}");
    }
    Ok(Outcome::SeeAClinician)
}

/// `assess` when the database cannot be opened (a full disk, a damaged
/// file): the advice of an answers file is still shown, assessed without
/// the stored form findings, and nothing is saved. A red flag exits 3 with
/// the reason on standard error; otherwise the open error stands.
fn assess_without_store(
    kb: &KnowledgeBase,
    common: &Common,
    clock: &Clock,
    open_error: anyhow::Error,
) -> Result<Outcome> {
    let Some(path) = &common.answers else {
        return Err(open_error);
    };
    let answers = read_answers_file(kb, path)?;
    let assessment =
        backstride_core::assessment::assess_with(kb, &answers, &std::collections::BTreeSet::new())
            .map_err(|e| UserError(format!("red-flag checklist: {e}")))?;
    let report = report(kb, &assessment, None, clock.today);
    emit(
        &report::render(&report, common.format)?,
        common.format,
        common.output.as_deref(),
    )?;
    if assessment.triage.allows_plan() {
        return Err(open_error);
    }
    eprintln!("backstride: not saved: {open_error:#}");
    Ok(Outcome::SeeAClinician)
}

/// Writes the plan's calendar to `--ics FILE`, or says why there is none.
/// Shared by `plan` and `plan --adapt`; called before the new plan is
/// saved, so the saved plan is the one a calendar may hold: its sessions
/// the new plan drops are cancelled, its changed ones revised.
pub fn write_calendar(
    kb: &KnowledgeBase,
    db: &Opened,
    args: &PlanArgs,
    outcome: &PlanOutcome,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(path) = args.ics.as_deref() else {
        return Ok(());
    };
    match outcome {
        PlanOutcome::Ready(plan) => {
            let saved = db.run(db.store.latest_plan())?;
            let previous = saved
                .as_ref()
                .map(|p| previous_sessions(&p.body))
                .unwrap_or_default();
            // Row numbers grow with every saved plan, so one more than the
            // latest's is above any SEQUENCE an earlier export wrote.
            let revision = saved
                .map(|p| u32::try_from(p.id.saturating_add(1)).unwrap_or(u32::MAX))
                .unwrap_or(1);
            let export = ical::Export {
                stamp: now,
                previous: &previous,
                revision,
                remind_minutes: args.remind,
            };
            let ics = ical::plan_to_ics(plan, kb, &export);
            crate::atomic::write(path, ics.as_bytes())?;
            let cancelled = ics.matches("STATUS:CANCELLED").count();
            let cancelled = if cancelled == 0 {
                String::new()
            } else {
                format!(", {cancelled} dropped sessions of the previous plan cancelled")
            };
            eprintln!(
                "Calendar written to {} ({} sessions{cancelled})",
                path.display(),
                plan.days.len()
            );
        }
        PlanOutcome::Blocked(_) => eprintln!(
            "No calendar written to {}: there is no plan.",
            path.display()
        ),
    }
    Ok(())
}

/// The sessions of a saved plan (the report's JSON) as the calendar knows
/// them; none when it has no ready plan or cannot be read (an old layout),
/// in which case nothing is cancelled.
fn previous_sessions(saved: &str) -> Vec<ical::PreviousSession> {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(saved) else {
        return Vec::new();
    };
    let Some(days) = json["plan"]["days"].as_array() else {
        return Vec::new();
    };
    days.iter()
        .filter_map(|d| {
            let date = d["date"].as_str()?.parse().ok()?;
            let kind = match d["session"]["type"].as_str()? {
                "run" => "run",
                "cross-train" => "cross",
                _ => return None,
            };
            let title = d["title"].as_str()?.to_owned();
            let routine: Vec<(&str, &str)> = d["session"]["routine"]
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| Some((i["exercise_id"].as_str()?, i["dose"].as_str()?)))
                        .collect()
                })
                .unwrap_or_default();
            Some(ical::PreviousSession {
                date,
                kind: kind.to_owned(),
                fingerprint: ical::fingerprint(&title, routine),
                title,
            })
        })
        .collect()
}

fn plan_command(kb: &KnowledgeBase, args: &PlanArgs, clock: &Clock) -> Result<Outcome> {
    let common = &args.common;
    let db = storage::open(&DataDir::locate()?)?;
    let (given, source) = obtain_answers(kb, common, &db, true)?;
    // The one rule for what stands: the answers with every later check
    // applied, notes and severe pain by when they were told, a due re-check.
    let fresh = (source == Source::Fresh).then_some(&given);
    let now = crate::safety::now(&db, kb, fresh, clock.today, &clock.zone)?;
    for note in &now.notes {
        eprintln!("Note: {note}");
    }
    let (Some(answers), Some(assessment)) = (now.answers, now.assessment) else {
        return Err(anyhow::anyhow!("the answers could not be assessed"));
    };
    let standing = now.standing;
    // Fresh answers are kept (saved answers are not saved again, so their
    // time still says when the questions were last answered).
    if !common.no_save && source == Source::Fresh {
        save_answers(&db, &given, clock.now)?;
    }
    if standing.flags.is_empty() && standing.check_due.is_due() {
        return crate::safety::show::stop_for_check(kb, &assessment, &standing, clock.today, args);
    }
    let request = PlanRequest {
        start: args.start.unwrap_or(clock.today),
        weeks: args.weeks,
        cross_days_per_30: args.cross_days,
    };
    // The doctor's limits from `backstride limits` (issue 12): the stricter
    // of them and the answers' caps, then the brace and follow-up.
    let limits = crate::doctor_limits::InForce::read(&db)?;
    let outcome = build(kb, &limits.caps(&answers), &assessment, request)
        .map_err(|e| UserError(e.to_string()))?;
    let outcome = limits.apply(outcome);
    // A red flag from the logs stops the plan as the answers' own do.
    let outcome = stop_for_note_flags(outcome, &assessment, &standing.from_logs);
    let report = plan_report(kb, &assessment, &outcome, &standing.from_logs, clock.today);
    // Files and the store first: a reader that closes standard output
    // early (`| head`) must not cost the calendar or the saved plan.
    write_calendar(kb, &db, args, &outcome, clock.now)?;
    if !common.no_save {
        let json = report::render(&report, Format::Json)?;
        db.run(
            db.store
                .save_plan(&json, request.start, request.weeks, clock.now),
        )?;
    }
    emit(
        &report::render(&report, common.format)?,
        common.format,
        common.output.as_deref(),
    )?;
    Ok(match outcome {
        PlanOutcome::Ready(_) => Outcome::Done,
        PlanOutcome::Blocked(_) => Outcome::SeeAClinician,
    })
}

/// Writes a rendered report to a file (atomically: see [`crate::atomic`])
/// or standard output. Text keeps its colours only on a terminal.
pub fn emit(rendered: &str, format: Format, output: Option<&Path>) -> Result<()> {
    match output {
        Some(path) => {
            let body = if format == Format::Text {
                anstream::adapter::strip_str(rendered).to_string()
            } else {
                rendered.to_owned()
            };
            crate::atomic::write(path, body.as_bytes())
        }
        // A reader that closed early (`| head`) is not an error: the
        // command's own status stands.
        None if format == Format::Text => Ok(crate::output::text(rendered)?),
        None => Ok(crate::output::plain(rendered)?),
    }
}
