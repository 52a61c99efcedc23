//! Use case "import": activity files, folders and archives (FIT, GPX,
//! TCX, gzipped or not, zips such as a whole Strava or Garmin export) into
//! the store, for `backstride import` and the web app's upload alike.
//!
//! Decoding runs on worker threads (`importing::decode`); [`run`] is the
//! single writer, storing loose files in the walk's order
//! (`importing::order`), each file in its own transaction: a bad or
//! interrupted file leaves what is stored as it was, and a re-run only
//! adds what is missing. The result is a [`Summary`] with one outcome per
//! file (imported, duplicate, skipped, failed with its reason).

use std::path::PathBuf;
use std::sync::mpsc::sync_channel;

use anyhow::Result;
use backstride_formats::activity::Decoded;
use backstride_store::samples::Encoded;
use backstride_store::{
    ContentHash, ImportOutcome, ImportRecord, MultisportLeg, Store, StoreError,
};
use chrono::{DateTime, Utc};

use crate::importing::decode::{self, Item, Message};
use crate::importing::order::{Queue, Reorder};
use crate::importing::summary::{FileOutcome, Summary};
use crate::importing::walk;

/// How an import runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Decoding threads (at least one runs).
    pub workers: usize,
    /// Names to show and store instead of where a file lies: a source
    /// starting with the first string starts with the second instead (an
    /// upload saved as `/data/.upload-x/0/run.fit` is "run.fit").
    pub shown_as: Vec<(String, String)>,
}

impl Options {
    /// `source` as the runner knows it.
    fn shown(&self, source: String) -> String {
        for (lies_at, name) in &self.shown_as {
            if let Some(rest) = source.strip_prefix(lies_at.as_str()) {
                return format!("{name}{rest}");
            }
        }
        source
    }
}

/// Who follows an import as it runs (the command line's progress bar);
/// `()` follows nothing. Called from the one writing thread.
pub trait Watch: Sync {
    /// The walk listed these files (archives count as one each).
    fn begin(&self, files: &[PathBuf]) {
        let _ = files;
    }
    /// This activity is being stored.
    fn storing(&self, source: &str) {
        let _ = source;
    }
    /// One more activity is done (stored, refused or failed).
    fn stored(&self) {}
    /// The import is over.
    fn end(&self) {}
}

impl Watch for () {}

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
/// Store calls run on `rt` (so call it from a thread that may block);
/// decoding runs on plain threads.
pub fn run(
    rt: &tokio::runtime::Handle,
    store: Option<&Store>,
    paths: &[PathBuf],
    options: &Options,
    watch: &dyn Watch,
    now: DateTime<Utc>,
) -> Result<Summary> {
    let (mut files, walk_problems) = walk::expand(paths);
    // Archives are the largest units of work and one worker reads each from
    // start to end: start them first so the other workers share the loose
    // files meanwhile, instead of one worker finishing a big zip alone.
    files.sort_by_key(|f| !walk::is_archive_name(f));
    let mut summary = Summary::default();
    for p in walk_problems {
        summary.push(FileOutcome::failed(
            options.shown(p.path.display().to_string()),
            p.problem,
        ));
    }
    // One connection for the whole run; still one transaction a file.
    let mut writer = InRuntime {
        rt,
        value: match store {
            Some(store) => Some(rt.block_on(store.importer())?),
            None => None,
        },
    };
    watch.begin(&files);
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
            for mut item in file.into_legs() {
                item.source = options.shown(std::mem::take(&mut item.source));
                watch.storing(&item.source);
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
                watch.stored();
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
    watch.end();
    Ok(summary)
}
