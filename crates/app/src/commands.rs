//! The subcommands: each reads its input, calls the pure core, and writes
//! the outputs. Errors the user can fix are [`UserError`]s (exit code 2).

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};
use backstride_core::assessment::answers::Answers;
use backstride_core::assessment::{Assessment, assess_with};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::{PlanOutcome, PlanRequest, build, stop_for_note_flags};
use backstride_core::signal::Signal;
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
        Command::History(args) => crate::history::command(&args),
        Command::Edit(args) => crate::edit::command(&args),
        Command::Insights(args) => crate::insights::command(&kb, &args, clock),
        Command::Form(args) => crate::form::command(&kb, &args, clock),
        Command::Export(args) => crate::export::export_command(&args),
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
            println!("{}", report_schema()?);
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
    let text = fs::read_to_string(path).map_err(|e| {
        UserError(format!(
            "{}: cannot read the answers file: {e}",
            path.display()
        ))
    })?;
    answers_file::parse(&text)
        .and_then(|raw| raw.validate(kb))
        .map_err(|e| UserError(format!("{}: {e}", path.display())).into())
}

/// Answers from `--answers`, else the saved ones (for `plan`), else asked
/// interactively on a terminal.
fn obtain_answers(
    kb: &KnowledgeBase,
    common: &Common,
    db: &Opened,
    use_saved: bool,
) -> Result<Answers> {
    if let Some(path) = &common.answers {
        return read_answers_file(kb, path);
    }
    if use_saved && let Some(saved) = db.run(db.store.latest_answers())? {
        eprintln!(
            "Using your saved answers of {}",
            saved.created_at.format("%Y-%m-%d %H:%M UTC")
        );
        return answers_file::parse(&saved.body)
            .and_then(|raw| raw.validate(kb))
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
    questionnaire::ask(kb)
}

/// Assesses the answers together with the posture findings of the most
/// recent running-form analysis (`backstride form`), if one is stored.
pub fn assess_or_fail(kb: &KnowledgeBase, answers: &Answers, db: &Opened) -> Result<Assessment> {
    let observed: std::collections::BTreeSet<Signal> = db
        .run(db.store.latest_form_analysis())?
        .map(|f| f.signals.iter().filter_map(|s| s.parse().ok()).collect())
        .unwrap_or_default();
    assess_with(kb, answers, &observed)
        .map_err(|e| UserError(format!("red-flag checklist: {e}")).into())
}

fn save_answers(db: &Opened, answers: &Answers, at: DateTime<Utc>) -> Result<()> {
    let text = RawAnswers::from_answers(answers).to_toml()?;
    db.run(db.store.save_answers(&text, at))?;
    Ok(())
}

fn assess_command(kb: &KnowledgeBase, common: &Common, clock: &Clock) -> Result<Outcome> {
    let db = storage::open(&DataDir::locate()?)?;
    let answers = obtain_answers(kb, common, &db, false)?;
    let assessment = assess_or_fail(kb, &answers, &db)?;
    let report = report(kb, &assessment, None, clock.today);
    if !common.no_save {
        save_answers(&db, &answers, clock.now)?;
        db.run(
            db.store
                .save_assessment(&report::render(&report, Format::Json)?, clock.now),
        )?;
    }
    emit(
        &report::render(&report, common.format)?,
        common.format,
        common.output.as_deref(),
    )?;
    Ok(if assessment.triage.allows_plan() {
        Outcome::Done
    } else {
        Outcome::SeeAClinician
    })
}

/// Writes the plan's calendar to `path` (`--ics`), or says why there is
/// none. Shared by `plan` and `plan --adapt`.
pub fn write_calendar(
    path: Option<&Path>,
    outcome: &PlanOutcome,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(path) = path else { return Ok(()) };
    match outcome {
        PlanOutcome::Ready(plan) => {
            let ics = backstride_formats::ical::plan_to_ics(plan, now);
            fs::write(path, ics).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "Calendar written to {} ({} sessions)",
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

fn plan_command(kb: &KnowledgeBase, args: &PlanArgs, clock: &Clock) -> Result<Outcome> {
    let common = &args.common;
    let db = storage::open(&DataDir::locate()?)?;
    let answers = obtain_answers(kb, common, &db, true)?;
    let assessment = assess_or_fail(kb, &answers, &db)?;
    let request = PlanRequest {
        start: args.start.unwrap_or(clock.today),
        weeks: args.weeks,
        cross_days_per_30: args.cross_days,
    };
    let outcome =
        build(kb, &answers, &assessment, request).map_err(|e| UserError(e.to_string()))?;
    // A red flag named in a log note since the latest assessment stops the
    // plan, as it stops `insights` and `plan --adapt`.
    let offset_s = crate::insights::local_offset_s();
    let note_flags = crate::insights::gather::note_flags(&db, kb, None, offset_s)?;
    let outcome = stop_for_note_flags(outcome, &assessment, &note_flags);
    let report = plan_report(kb, &assessment, &outcome, &note_flags, clock.today);
    // Files and the store first: a reader that closes standard output
    // early (`| head`) must not cost the calendar or the saved plan.
    write_calendar(args.ics.as_deref(), &outcome, clock.now)?;
    if !common.no_save {
        save_answers(&db, &answers, clock.now)?;
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

/// Writes a rendered report to a file or standard output. Text keeps its
/// colours only on a terminal.
pub fn emit(rendered: &str, format: Format, output: Option<&Path>) -> Result<()> {
    match output {
        Some(path) => {
            let body = if format == Format::Text {
                anstream::adapter::strip_str(rendered).to_string()
            } else {
                rendered.to_owned()
            };
            fs::write(path, body).with_context(|| format!("cannot write {}", path.display()))
        }
        None if format == Format::Text => {
            let mut out = anstream::stdout();
            out.write_all(rendered.as_bytes())?;
            Ok(())
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(rendered.as_bytes())?;
            Ok(())
        }
    }
}
