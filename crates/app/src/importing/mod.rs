//! `backstride import`: files, folders and archives into the store.
//!
//! The use case itself (the single writer storing what the decode workers
//! send, one transaction per file) is [`crate::usecase::import`]; this
//! module holds its machinery (decoding on worker threads in `decode`,
//! loose files kept in the walk's order by `order`, the walk, the report)
//! and the command line's edge (`command`, the progress bar). Each file
//! goes into the store in its own transaction, so a bad or interrupted
//! file leaves what is stored as it was, and a re-run only adds what is
//! missing (the same file is recognised by its content hash, the same
//! activity from another file by start time and distance).

pub mod decode;
pub mod order;
pub mod progress;
pub mod summary;
pub mod walk;

use anyhow::Result;
use backstride_core::activity::Sport;
use backstride_store::ImportOutcome;

use crate::usecase::import::{Options, run};

/// Whether an outcome's sport is a run (others are kept and labelled).
pub fn is_running(sport: Sport) -> bool {
    sport == Sport::Running
}

/// The [`ImportOutcome`] as a word for reports.
pub fn outcome_word(outcome: ImportOutcome) -> &'static str {
    match outcome {
        ImportOutcome::Inserted(_) => "imported",
        ImportOutcome::DuplicateFile(_) => "duplicate file",
        ImportOutcome::DuplicateActivity { replaced: true, .. } => "replaced by a richer file",
        ImportOutcome::DuplicateActivity {
            replaced: false, ..
        } => "duplicate activity",
    }
}

/// `backstride import`.
pub fn command(
    args: &crate::cli::ImportArgs,
    clock: &crate::commands::Clock,
) -> Result<crate::commands::Outcome> {
    use std::io::IsTerminal;

    walk::refuse_missing(&args.paths).map_err(crate::commands::UserError)?;
    let workers = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let options = Options {
        workers,
        shown_as: Vec::new(),
    };
    let bar = progress::Bar::new(std::io::stderr().is_terminal() && !args.json);
    let summary = if args.dry_run {
        let rt = crate::storage::runtime()?;
        run(rt.handle(), None, &args.paths, &options, &bar, clock.now)?
    } else {
        let db = crate::storage::open(&crate::datadir::DataDir::locate()?)?;
        run(
            &db.rt,
            Some(&db.store),
            &args.paths,
            &options,
            &bar,
            clock.now,
        )?
    };
    // The store is written; a reader that closed early keeps the status.
    if args.json {
        crate::output::plain(&(serde_json::to_string_pretty(&summary)? + "\n"))?;
    } else {
        crate::output::text(&summary.render(args.dry_run))?;
    }
    if summary.any_not_saved() {
        // Not the files' fault: our failure (exit 1), said once more at
        // the end after the per-file lines.
        anyhow::bail!("not saved: some files could not be written to the database (see above)");
    }
    Ok(if summary.any_failed() {
        crate::commands::Outcome::SomeFilesFailed
    } else {
        crate::commands::Outcome::Done
    })
}
