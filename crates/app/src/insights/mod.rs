//! `backstride insights`: training load set against back pain, from the
//! runner's own stored data, with zones anchored on the heart rates and
//! easy pace given on the command line (else estimated, and said so) and
//! TRIMP weighted by the saved answers' sex. The use case
//! ([`crate::usecase::insights`]) reads the store into core's `History`
//! ([`gather`]), core's `insights::compute` does all the analysis, and the
//! result becomes the app's report types ([`dto`], [`build`], [`findings`]);
//! this command only turns flags into its request and renders the report
//! as terminal text ([`text`]), JSON, or one HTML file with inline SVG
//! charts ([`html`], [`svg`]).

pub mod build;
pub mod dto;
pub mod findings;
pub mod gather;
pub mod html;
pub mod load_text;
pub mod svg;
pub mod text;

use anyhow::Result;
use backstride_core::knowledge::KnowledgeBase;

use crate::cli::InsightsArgs;
use crate::commands::{Clock, Outcome};
use crate::datadir::DataDir;
use crate::storage;
use crate::usecase::insights::{Computed, Request, compute};

/// The permutation tests' seed when `--seed` is not given, so the same
/// data always gives the same report.
pub const DEFAULT_SEED: u64 = 20_260_401;

/// The use case's request from the command line's flags.
pub fn request(args: &InsightsArgs) -> Request {
    Request {
        since: args.since,
        until: args.until,
        seed: args.seed,
        max_hr: args.max_hr,
        rest_hr: args.rest_hr,
        easy_pace: args.easy_pace,
    }
}

/// Runs `backstride insights`.
pub fn command(kb: &KnowledgeBase, args: &InsightsArgs, clock: &Clock) -> Result<Outcome> {
    let Computed { report, stops, .. } = compute(
        &storage::open(&DataDir::locate()?)?,
        kb,
        &request(args),
        clock,
    )?;
    if let Some(path) = &args.html {
        crate::atomic::write(path, html::render(&report).as_bytes())?;
        eprintln!("Insights written to {}", path.display());
    }
    // A closed pipe (`| head`) keeps the exit code below.
    if args.json {
        crate::output::plain(&(serde_json::to_string_pretty(&report)? + "\n"))?;
    } else {
        crate::output::text(&text::render(&report))?;
    }
    // Red flags win here too, and so does any other stop (severe pain in
    // the latest scores, a due check): the exit code says so, as `assess`
    // and `plan` do.
    Ok(if stops {
        Outcome::SeeAClinician
    } else {
        Outcome::Done
    })
}
