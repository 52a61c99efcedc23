//! The subcommands: each reads its input, calls the pure core, and writes
//! the outputs. Errors the user can fix are [`UserError`]s (exit code 2).

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};
use backstride_core::assessment::Assessment;
use backstride_core::assessment::answers::Answers;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::PlanOutcome;
use chrono::{DateTime, NaiveDate, Utc};

use crate::answers_file;
use crate::cli::{Cli, Command, Common, PlanArgs};
use crate::datadir::DataDir;
use crate::questionnaire;
use crate::report::{self, Format};
use crate::storage::{self, Opened};
use crate::usecase;

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
    let fixed_today = cli.today.is_some();
    match cli.command {
        Command::Serve(args) => crate::web::command(kb, &args, clock, fixed_today),
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
        Command::Edit(args) => crate::edit::command(&kb, &args, clock),
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
        Command::Profile(args) => crate::profile::command(&args, clock),
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

fn assess_command(kb: &KnowledgeBase, common: &Common, clock: &Clock) -> Result<Outcome> {
    let db = match storage::open(&DataDir::locate()?) {
        Ok(db) => db,
        Err(open_error) => return assess_without_store(kb, common, clock, open_error),
    };
    let (answers, _) = obtain_answers(kb, common, &db, false)?;
    let assessed = usecase::assess::assess(&db, kb, clock, answers, !common.no_save)?;
    if let Some(note) = &assessed.data_note {
        eprintln!("Note: {note}");
    }
    // What still stands after these answers (severe pain, or notes when
    // nothing was saved) comes first.
    crate::safety::show::banner(
        &assessed.standing,
        common.format == Format::Text && common.output.is_none(),
    )?;
    // The advice is shown even when it could not be saved; then the save's
    // failure decides the exit code ("not saved", 1), except that a red
    // flag still exits 3, with "not saved" said on standard error.
    emit(
        &report::render_with(&assessed.report, common.format, common.sources)?,
        common.format,
        common.output.as_deref(),
    )?;
    if !common.no_save && assessed.save_error.is_none() {
        eprintln!("Saved your answers and this assessment; `backstride plan` plans from them.");
    }
    if !assessed.stops() {
        return match assessed.save_error {
            Some(e) => Err(e),
            None => Ok(Outcome::Done),
        };
    }
    if let Some(e) = assessed.save_error {
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
    let (assessment, report) = usecase::assess::assess_without_store(kb, &answers, clock)?;
    emit(
        &report::render_with(&report, common.format, common.sources)?,
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
/// Shared by `plan` and `plan --adapt`; `base` is the plan saved before
/// this one, so its sessions the new plan drops are cancelled, its changed
/// ones revised.
pub fn write_calendar(
    kb: &KnowledgeBase,
    args: &PlanArgs,
    outcome: &PlanOutcome,
    base: &usecase::plan::CalendarBase,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(path) = args.ics.as_deref() else {
        return Ok(());
    };
    match outcome {
        PlanOutcome::Ready(plan) => {
            let ics = usecase::plan::calendar(kb, plan, base, now, args.remind);
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

fn plan_command(kb: &KnowledgeBase, args: &PlanArgs, clock: &Clock) -> Result<Outcome> {
    let common = &args.common;
    let db = storage::open(&DataDir::locate()?)?;
    let (given, source) = obtain_answers(kb, common, &db, true)?;
    let made = usecase::plan::make_on_days(
        &db,
        kb,
        clock,
        usecase::plan::Request {
            fresh: (source == Source::Fresh).then_some(given),
            start: args.start.unwrap_or(clock.today),
            weeks: args.weeks,
            cross_days_per_30: args.cross_days,
            // Looking never changes saved state: only `--save` keeps the
            // answers given now and the plan (`--no-save` is accepted and
            // changes nothing).
            save: args.save,
        },
        &usecase::plan::DaysChoice {
            run_days: args.run_days.clone(),
            long_run_day: args.long_run_day,
            goal_weekly_km: args.goal_weekly_km,
            goal_event: args.goal_event,
        },
    )?;
    for note in &made.notes {
        eprintln!("Note: {note}");
    }
    let planned = match made.made {
        usecase::plan::Made::CheckDue {
            assessment,
            standing,
        } => {
            if args.save && source == Source::Fresh {
                eprintln!(
                    "Saved your answers; no plan is saved until the red-flag questions are answered."
                );
            }
            return crate::safety::show::stop_for_check(
                kb,
                &assessment,
                &standing,
                clock.today,
                args,
            );
        }
        usecase::plan::Made::Planned(planned) => planned,
    };
    // Files and the store first: a reader that closes standard output
    // early (`| head`) must not cost the calendar or the saved plan.
    write_calendar(kb, args, &planned.outcome, &planned.calendar, clock.now)?;
    let what = if source == Source::Fresh {
        "answers and plan"
    } else {
        "plan"
    };
    if args.save {
        planned.save(&db, clock.now)?;
    }
    say_saved(args.save, what, &planned.outcome, args.weeks);
    emit(
        &report::render_with(&planned.report, common.format, common.sources)?,
        common.format,
        common.output.as_deref(),
    )?;
    Ok(match planned.outcome {
        PlanOutcome::Ready(_) => Outcome::Done,
        PlanOutcome::Blocked(_) => Outcome::SeeAClinician,
    })
}

/// One line on standard error saying what `plan` or `plan --adapt` saved
/// (`what`: "plan", "answers and plan", "re-plan"), or, for a plan shown
/// without `--save`, that nothing was.
pub fn say_saved(saved: bool, what: &str, outcome: &PlanOutcome, weeks: u16) {
    match (saved, outcome) {
        (true, PlanOutcome::Ready(plan)) => eprintln!(
            "Saved your {what} ({weeks} week{} from {}); `backstride plan --adapt` builds from it.",
            if weeks == 1 { "" } else { "s" },
            plan.start
        ),
        (true, PlanOutcome::Blocked(_)) => {
            eprintln!("Saved your {what}: no plan while the red flag stands.");
        }
        (false, PlanOutcome::Ready(_)) => eprintln!(
            "Not saved: add --save to keep this {} (`backstride plan --adapt` builds from the saved plan).",
            if what == "re-plan" { "re-plan" } else { "plan" }
        ),
        (false, PlanOutcome::Blocked(_)) => {}
    }
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
