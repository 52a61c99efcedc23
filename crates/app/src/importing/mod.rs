//! `backstride import`: files, folders and archives into the store.
//!
//! Decoding runs on worker threads (`decode`); this module is the single
//! writer, which stores loose files in the walk's order (`order`). Each
//! file goes into the store in its own transaction, so a bad or
//! interrupted file leaves what is stored as it was, and a re-run only
//! adds what is missing (the same file is recognised by its content hash,
//! the same activity from another file by start time and distance).

pub mod decode;
pub mod order;
pub mod progress;
pub mod summary;
pub mod walk;

use std::path::PathBuf;
use std::sync::mpsc::sync_channel;

use anyhow::Result;
use backstride_core::activity::Sport;
use backstride_formats::activity::Decoded;
use backstride_store::samples::Encoded;
use backstride_store::{
    ContentHash, ImportOutcome, ImportRecord, MultisportLeg, Store, StoreError,
};
use chrono::{DateTime, Utc};

use decode::{Item, Message};
use order::{Queue, Reorder};
use summary::{FileOutcome, Summary};

/// How an import runs.
pub struct Options {
    /// Draw a progress bar (a terminal is attached).
    pub progress: bool,
    /// Decoding threads.
    pub workers: usize,
}

fn format_name(item: &Item) -> String {
    match &item.result {
        Ok(d) => {
            let base = d.format.name().to_ascii_lowercase();
            if d.gzipped {
                format!("{base}.gz")
            } else {
                base
            }
        }
        Err(_) => "unknown".to_owned(),
    }
}

/// A decoded file on its way to the store.
struct Job {
    source: String,
    hash: ContentHash,
    format: String,
    decoded: Decoded,
    samples: Option<Encoded>,
    multisport: Option<MultisportLeg>,
}

impl Job {
    /// The job for an item, or the item's outcome when it did not decode.
    fn of(item: Item) -> Result<Job, FileOutcome> {
        let format = format_name(&item);
        match item.result {
            Ok(decoded) => Ok(Job {
                source: item.source,
                hash: item.hash,
                format,
                decoded,
                samples: item.samples,
                multisport: item.multisport,
            }),
            Err(refusal) => Err(FileOutcome::refused(item.source, refusal)),
        }
    }

    /// The samples encoded for storage (here, if the worker did not).
    fn take_samples(&mut self) -> Encoded {
        self.samples
            .take()
            .unwrap_or_else(|| Encoded::new(&self.decoded.activity.samples))
    }

    fn record(&self, now: DateTime<Utc>) -> ImportRecord<'_> {
        ImportRecord {
            content_sha256: self.hash,
            source_name: self.source.clone(),
            format: self.format.clone(),
            activity: &self.decoded.activity,
            problems: self.decoded.problems.clone(),
            imported_at: now,
            multisport: self.multisport,
        }
    }

    /// The outcome of a dry run.
    fn would_import(self) -> FileOutcome {
        FileOutcome::would_import(
            self.source,
            self.decoded.activity.sport,
            self.decoded.problems,
        )
    }

    /// The outcome of storing it.
    fn stored(self, stored: Result<ImportOutcome, StoreError>) -> FileOutcome {
        match stored {
            Ok(outcome) => FileOutcome::stored(
                self.source,
                self.decoded.activity.sport,
                outcome,
                self.decoded.problems,
            ),
            Err(e @ StoreError::NotSaved(_)) => FileOutcome::not_saved(self.source, e.to_string()),
            Err(e) => FileOutcome::failed(self.source, format!("not stored: {e}")),
        }
    }
}

/// A value that must be dropped inside the runtime: the store's importer,
/// whose connection goes back to the pool on a task of the runtime.
struct InRuntime<'r, T> {
    rt: &'r tokio::runtime::Handle,
    value: Option<T>,
}

impl<T> Drop for InRuntime<'_, T> {
    fn drop(&mut self) {
        let _entered = self.rt.enter();
        self.value.take();
    }
}

/// Imports `paths` into `store` (`None` for a dry run) and summarises.
/// Store calls run on `rt`; decoding runs on plain threads.
pub fn run(
    rt: &tokio::runtime::Handle,
    store: Option<&Store>,
    paths: &[PathBuf],
    options: &Options,
    now: DateTime<Utc>,
) -> Result<Summary> {
    let (mut files, walk_problems) = walk::expand(paths);
    // Archives are the largest units of work and one worker reads each from
    // start to end: start them first so the other workers share the loose
    // files meanwhile, instead of one worker finishing a big zip alone.
    files.sort_by_key(|f| !walk::is_archive_name(f));
    let mut summary = Summary::default();
    for p in walk_problems {
        summary.push(FileOutcome::failed(p.path.display().to_string(), p.problem));
    }
    // One connection for the whole run; still one transaction a file.
    let mut writer = InRuntime {
        rt,
        value: match store {
            Some(store) => Some(rt.block_on(store.importer())?),
            None => None,
        },
    };
    let bar = progress::progress(options.progress, &files);
    let queue = Queue::new(files);
    let (tx, rx) = sync_channel::<Message>(16);
    std::thread::scope(|scope| {
        let work = decode::Work {
            encode: store.is_some(),
        };
        for _ in 0..options.workers.max(1) {
            let tx = tx.clone();
            let queue = &queue;
            scope.spawn(move || decode::worker(queue, tx, work));
        }
        drop(tx);
        // The writer: this thread, one file at a time, one transaction each,
        // loose files in the walk's order.
        let mut store_one = |file: Item| {
            // A multisport file: one activity a leg (formats' `legs`).
            for item in file.into_legs() {
                bar.set_message(item.source.clone());
                let outcome = match Job::of(item) {
                    Err(outcome) => outcome,
                    Ok(mut job) => match writer.value.as_mut() {
                        None => job.would_import(),
                        Some(importer) => {
                            let samples = job.take_samples();
                            let stored = rt.block_on(
                                importer.import_activity_encoded(&job.record(now), samples),
                            );
                            job.stored(stored)
                        }
                    },
                };
                bar.inc(1);
                summary.push(outcome);
            }
        };
        let mut order = Reorder::default();
        for message in rx.iter() {
            let ready = match message {
                Message::Item(None, item) => vec![*item],
                Message::Item(Some(ticket), item) => order.accept(ticket, Some(*item)),
                Message::Done(ticket) => order.accept(ticket, None),
            };
            queue.advance(order.next());
            ready.into_iter().for_each(&mut store_one);
        }
        // Only if a worker stopped early: what waited for its file.
        order.rest().into_iter().for_each(store_one);
    });
    bar.finish_and_clear();
    Ok(summary)
}

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
        progress: std::io::stderr().is_terminal() && !args.json,
        workers,
    };
    let summary = if args.dry_run {
        let rt = crate::storage::runtime()?;
        run(rt.handle(), None, &args.paths, &options, clock.now)?
    } else {
        let db = crate::storage::open(&crate::datadir::DataDir::locate()?)?;
        run(&db.rt, Some(&db.store), &args.paths, &options, clock.now)?
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
