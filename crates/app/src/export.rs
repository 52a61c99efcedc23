//! `backstride export` and `backstride backup`: everything stored, out of
//! the database, so no data is locked in. Export writes one CSV file per
//! table (samples included, streamed one activity at a time) and one JSON
//! file with everything but the samples; backup writes a consistent copy of
//! the database itself.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use backstride_store::TimeRange;
use serde::Serialize;

use crate::cli::{BackupArgs, ExportArgs};
use crate::commands::{Outcome, UserError};
use crate::datadir::DataDir;
use crate::storage;

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

/// The files of one export, written each atomically; if any fails, those
/// already written are removed, so an export is whole or absent.
struct Written<'d> {
    dir: &'d Path,
    done: Vec<PathBuf>,
}

impl Written<'_> {
    fn file(&mut self, name: &str, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        let path = self.dir.join(name);
        crate::atomic::write_with(&path, fill)?;
        self.done.push(path);
        Ok(())
    }

    fn csv<T: Serialize>(&mut self, name: &str, rows: &[T]) -> Result<usize> {
        self.file(name, |w| {
            let mut w = csv::Writer::from_writer(w);
            for row in rows {
                w.serialize(row)?;
            }
            w.flush()?;
            Ok(())
        })?;
        Ok(rows.len())
    }

    /// Removes what this export wrote.
    fn undo(&self) {
        for path in &self.done {
            let _ = fs::remove_file(path);
        }
    }
}

/// Runs `backstride export`.
pub fn export_command(args: &ExportArgs) -> Result<Outcome> {
    let dir = &args.out;
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let taken: Vec<PathBuf> = FILES
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.exists())
        .collect();
    if let Some(first) = taken.first() {
        return Err(UserError(format!(
            "{} already exists: export into an empty folder",
            first.display()
        ))
        .into());
    }
    let db = storage::open_for_reading(&DataDir::locate()?)?;
    let mut written = Written {
        dir,
        done: Vec::new(),
    };
    let counts = export_files(&db, &mut written);
    if counts.is_err() {
        written.undo();
    }
    let [activities, sample_rows, pain, routines, cross, brace, rpe] = counts?;
    crate::output::text(&format!(
        "Exported {activities} activities ({sample_rows} samples), {pain} pain, {routines} routine, {cross} cross-training, {brace} brace and {rpe} RPE entries to {}\n",
        dir.display()
    ))?;
    Ok(Outcome::Done)
}

/// Writes every export file; the counts the closing line reports.
fn export_files(db: &storage::Opened, out: &mut Written<'_>) -> Result<[usize; 7]> {
    let all = db.run(db.store.export_all())?;
    out.file("backstride.json", |w| {
        serde_json::to_writer_pretty(&mut *w, &all)?;
        Ok(())
    })?;
    out.csv("documents.csv", &all.documents)?;
    let activities = out.csv("activities.csv", &all.activities)?;
    out.csv("activity_files.csv", &all.activity_files)?;
    out.csv("import_problems.csv", &all.import_problems)?;
    out.csv("laps.csv", &all.laps)?;
    let pain = out.csv("pain.csv", &all.pain)?;
    let routines = out.csv("routines.csv", &all.routines)?;
    out.csv("routine_exercises.csv", &all.routine_exercises)?;
    let cross = out.csv("cross_training.csv", &all.cross_training)?;
    let brace = out.csv("brace.csv", &all.brace)?;
    let rpe = out.csv("rpe.csv", &all.rpe)?;
    out.csv("doctor_limits.csv", &all.doctor_limits)?;

    // Samples: one activity at a time, so memory stays flat.
    let mut sample_rows = 0_usize;
    out.file("samples.csv", |w| {
        let mut samples = csv::Writer::from_writer(w);
        for a in db.run(db.store.list_activities(TimeRange::all()))? {
            for row in db.run(db.store.export_samples(a.id))?.unwrap_or_default() {
                samples.serialize(row)?;
                sample_rows += 1;
            }
        }
        samples.flush()?;
        Ok(())
    })?;
    Ok([activities, sample_rows, pain, routines, cross, brace, rpe])
}

/// Runs `backstride backup`.
pub fn backup_command(args: &BackupArgs) -> Result<Outcome> {
    if args.file.exists() {
        return Err(UserError(format!(
            "{} already exists: choose a new file name",
            args.file.display()
        ))
        .into());
    }
    let db = storage::open_for_reading(&DataDir::locate()?)?;
    db.run(db.store.backup_to(&args.file))
        .with_context(|| format!("cannot write the backup {}", args.file.display()))?;
    crate::output::text(&format!("Backup written to {}\n", args.file.display()))?;
    Ok(Outcome::Done)
}
