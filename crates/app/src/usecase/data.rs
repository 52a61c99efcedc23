//! Use cases "export", "backup" and "delete everything": the runner's data
//! out of the database, so none is locked in, and all of it gone when
//! they ask.
//!
//! Export writes one CSV file per table (samples included, one activity at
//! a time, so memory stays flat) and one JSON file with everything but the
//! samples, into a [`Sink`]: a folder (`backstride export`) or a zip
//! archive (the web app's download). Backup writes a consistent copy of
//! the database itself. Deleting everything empties every table in one
//! transaction and says how many rows each held.

use std::io::{Seek, Write};
use std::path::Path;

use anyhow::{Context, Result};
use backstride_store::TimeRange;
use serde::Serialize;

use crate::storage::Opened;

/// The files an export writes, in order.
pub const FILES: [&str; 14] = [
    "backstride.json",
    "documents.csv",
    "activities.csv",
    "activity_files.csv",
    "import_problems.csv",
    "laps.csv",
    "samples.csv",
    "pain.csv",
    "routines.csv",
    "routine_exercises.csv",
    "cross_training.csv",
    "brace.csv",
    "rpe.csv",
    "doctor_limits.csv",
];

/// Where an export's files go.
pub trait Sink {
    /// Writes file `name` with what `fill` writes.
    fn file(&mut self, name: &str, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()>;
}

/// How much an export held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exported {
    /// Activities.
    pub activities: usize,
    /// Sample rows over every activity.
    pub samples: usize,
    /// Pain entries.
    pub pain: usize,
    /// Routine entries.
    pub routines: usize,
    /// Cross-training entries.
    pub cross_training: usize,
    /// Brace entries.
    pub brace: usize,
    /// RPE entries.
    pub rpe: usize,
}

fn csv_file<T: Serialize>(sink: &mut impl Sink, name: &str, rows: &[T]) -> Result<usize> {
    sink.file(name, |w| {
        let mut w = csv::Writer::from_writer(w);
        for row in rows {
            w.serialize(row)?;
        }
        w.flush()?;
        Ok(())
    })?;
    Ok(rows.len())
}

/// Writes every export file (the names of [`FILES`]) into `sink`.
pub fn export(db: &Opened, sink: &mut impl Sink) -> Result<Exported> {
    let all = db.run(db.store.export_all())?;
    sink.file("backstride.json", |w| {
        serde_json::to_writer_pretty(&mut *w, &all)?;
        Ok(())
    })?;
    csv_file(sink, "documents.csv", &all.documents)?;
    let activities = csv_file(sink, "activities.csv", &all.activities)?;
    csv_file(sink, "activity_files.csv", &all.activity_files)?;
    csv_file(sink, "import_problems.csv", &all.import_problems)?;
    csv_file(sink, "laps.csv", &all.laps)?;
    let pain = csv_file(sink, "pain.csv", &all.pain)?;
    let routines = csv_file(sink, "routines.csv", &all.routines)?;
    csv_file(sink, "routine_exercises.csv", &all.routine_exercises)?;
    let cross_training = csv_file(sink, "cross_training.csv", &all.cross_training)?;
    let brace = csv_file(sink, "brace.csv", &all.brace)?;
    let rpe = csv_file(sink, "rpe.csv", &all.rpe)?;
    csv_file(sink, "doctor_limits.csv", &all.doctor_limits)?;

    // Samples: one activity at a time, so memory stays flat.
    let mut samples = 0_usize;
    sink.file("samples.csv", |w| {
        let mut out = csv::Writer::from_writer(w);
        for a in db.run(db.store.list_activities(TimeRange::all()))? {
            for row in db.run(db.store.export_samples(a.id))?.unwrap_or_default() {
                out.serialize(row)?;
                samples += 1;
            }
        }
        out.flush()?;
        Ok(())
    })?;
    Ok(Exported {
        activities,
        samples,
        pain,
        routines,
        cross_training,
        brace,
        rpe,
    })
}

/// A zip archive as an export's [`Sink`]: every file deflated, large files
/// allowed (a decade of 1 Hz samples passes 4 GiB of CSV).
pub struct ZipSink<W: Write + Seek> {
    zip: zip::ZipWriter<W>,
}

impl<W: Write + Seek> ZipSink<W> {
    /// An archive written to `out`.
    pub fn new(out: W) -> Self {
        ZipSink {
            zip: zip::ZipWriter::new(out).set_auto_large_file(),
        }
    }

    /// Writes the archive's directory; the writer back.
    pub fn finish(self) -> Result<W> {
        self.zip
            .finish()
            .context("cannot finish the export archive")
    }
}

impl<W: Write + Seek> Sink for ZipSink<W> {
    fn file(&mut self, name: &str, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(name == "samples.csv");
        self.zip
            .start_file(name, options)
            .with_context(|| format!("cannot add {name} to the export archive"))?;
        fill(&mut self.zip)
    }
}

/// Writes a consistent copy of the database to `target` (which must not
/// exist yet).
pub fn backup(db: &Opened, target: &Path) -> Result<()> {
    db.run(db.store.backup_to(target))
        .with_context(|| format!("cannot write the backup {}", target.display()))
}

/// What deleting everything removed: each table with rows, and how many.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removed {
    /// (table, rows), in the store's order; tables that were empty are
    /// left out.
    pub tables: Vec<(String, u64)>,
}

impl Removed {
    /// Rows removed over every table.
    pub fn total(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// The word the runner types to confirm deleting everything.
pub const CONFIRM_WORD: &str = "DELETE";

/// Deletes every row of every table in one transaction, if `confirm` is
/// [`CONFIRM_WORD`]; `None` (nothing deleted) otherwise.
pub fn delete_everything(db: &Opened, confirm: &str) -> Result<Option<Removed>> {
    if confirm.trim() != CONFIRM_WORD {
        return Ok(None);
    }
    let tables = db.run(db.store.delete_everything())?;
    Ok(Some(Removed {
        tables: tables.into_iter().filter(|(_, n)| *n > 0).collect(),
    }))
}
