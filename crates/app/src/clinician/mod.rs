//! `backstride report`: one or two pages to take to the doctor, as a PDF
//! (`--pdf FILE`) or one printable HTML page (`--html FILE`), A4 or Letter.
//!
//! The shell here reads the store (saved answers, plan, form analysis, the
//! doctor's limits) and computes the insights exactly as
//! `backstride insights` does ([`crate::usecase::insights::compute`]), so every
//! number equals `insights --json`'s for the same data. [`build`] turns
//! that into a [`doc::Doc`] (pure); [`layout`] puts it on pages with the
//! embedded font's metrics ([`fonts`]); [`pdf`] writes them with krilla
//! (why krilla: see that module); [`html`] renders the same `Doc`. The
//! chart and stick figures are the same vector drawings ([`draw`]) in both.
//!
//! A red flag that stands is printed first, in a red box, and the command
//! exits 3 like `assess`, `plan` and `insights`; the report is still
//! written, because it is what the runner takes to the clinician.

pub mod build;
pub mod doc;
pub mod draw;
pub mod fonts;
pub mod html;
pub mod layout;
pub mod pdf;

use anyhow::{Context, Result};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::local_day::day_in;

use crate::answers_file;
use crate::cli::{Paper, ReportArgs};
use crate::commands::{Clock, Outcome, UserError, assess_or_fail};
use crate::datadir::DataDir;
use crate::storage::{self, Opened};

/// Reads everything and builds the report's content.
pub fn content(
    db: &Opened,
    kb: &KnowledgeBase,
    args: &ReportArgs,
    clock: &Clock,
) -> Result<(doc::Doc, bool)> {
    if let Some(since) = args.since
        && since > clock.today
    {
        return Err(UserError(format!("--since {since} is after today ({})", clock.today)).into());
    }
    let computed = crate::usecase::insights::compute(
        db,
        kb,
        &crate::usecase::insights::Request {
            since: args.since,
            ..Default::default()
        },
        clock,
    )?;
    let saved = db.run(db.store.latest_answers())?;
    let answers = saved.as_ref().and_then(|s| {
        let raw = answers_file::parse(&s.body).ok()?;
        Some((raw, day_in(s.created_at, &clock.zone)))
    });
    // The assessment of the saved answers, for the evidence behind the
    // advice (causes and interventions with their sources).
    let assessment = match (&saved, &answers) {
        (Some(_), Some((raw, _))) => match raw.validate(kb) {
            Ok(valid) => assess_or_fail(kb, &valid, db)
                .ok()
                .map(|a| crate::report::build::report(kb, &a, None, clock.today)),
            Err(_) => None,
        },
        _ => None,
    };
    let plan = db
        .run(db.store.latest_plan())?
        .map(|p| (p.plan, day_in(p.created_at, &clock.zone)));
    let form = db
        .run(db.store.latest_form_analysis())?
        .and_then(|f| serde_json::from_str(&f.body).ok());
    let limits = db
        .run(db.store.latest_limits())?
        .map(|l| (l.limits, day_in(l.set_at, &clock.zone)));
    let g = &computed.gathered;
    let inputs = build::Inputs {
        kb,
        today: clock.today,
        answers,
        assessment,
        insights: &computed.report,
        history: &g.history,
        red_flags: &g.red_flags,
        note_flags: &g.note_flags,
        plan,
        form,
        limits,
    };
    Ok((build::doc(&inputs), computed.stops))
}

/// The report as PDF bytes, and how many pages it has.
pub fn render_pdf(doc: &doc::Doc, paper: Paper) -> Result<(Vec<u8>, usize)> {
    let faces = fonts::Faces::embedded().context("the embedded font could not be read")?;
    let pages = layout::layout(doc, &faces, paper);
    let bytes = pdf::write(&pages, &faces, &doc.title)?;
    Ok((bytes, pages.pages.len()))
}

/// Runs `backstride report`.
pub fn command(kb: &KnowledgeBase, args: &ReportArgs, clock: &Clock) -> Result<Outcome> {
    let db = storage::open(&DataDir::locate()?)?;
    let (doc, red_flag) = content(&db, kb, args, clock)?;
    if let Some(path) = &args.pdf {
        let (bytes, pages) = render_pdf(&doc, args.paper)?;
        crate::atomic::write(path, &bytes)?;
        eprintln!(
            "Clinician report written to {} ({pages} page{})",
            path.display(),
            if pages == 1 { "" } else { "s" }
        );
    }
    if let Some(path) = &args.html {
        crate::atomic::write(path, html::render(&doc, args.paper)?.as_bytes())?;
        eprintln!("Clinician report written to {}", path.display());
    }
    if red_flag {
        eprintln!(
            "A red flag stands or the red-flag questions are due: see a clinician, or answer `backstride check` (the report says why)."
        );
        return Ok(Outcome::SeeAClinician);
    }
    Ok(Outcome::Done)
}
