//! `backstride export` and `backstride backup`: everything stored, out of
//! the database, so no data is locked in. Export writes one CSV file per
//! table (samples included, streamed one activity at a time) and one JSON
//! file with everything but the samples; backup writes a consistent copy of
//! the database itself.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
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

fn write_csv<T: Serialize>(dir: &Path, name: &str, rows: &[T]) -> Result<usize> {
    let path = dir.join(name);
    let mut w = csv::Writer::from_path(&path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    for row in rows {
        w.serialize(row)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    w.flush()?;
    Ok(rows.len())
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
    let db = storage::open(&DataDir::locate()?)?;
    let all = db.run(db.store.export_all())?;

    let json_path = dir.join("backstride.json");
    let mut json = BufWriter::new(
        File::create(&json_path)
            .with_context(|| format!("cannot write {}", json_path.display()))?,
    );
    serde_json::to_writer_pretty(&mut json, &all)?;
    json.flush()?;

    write_csv(dir, "documents.csv", &all.documents)?;
    let activities = write_csv(dir, "activities.csv", &all.activities)?;
    write_csv(dir, "activity_files.csv", &all.activity_files)?;
    write_csv(dir, "import_problems.csv", &all.import_problems)?;
    write_csv(dir, "laps.csv", &all.laps)?;
    let pain = write_csv(dir, "pain.csv", &all.pain)?;
    let routines = write_csv(dir, "routines.csv", &all.routines)?;
    write_csv(dir, "routine_exercises.csv", &all.routine_exercises)?;
    let cross = write_csv(dir, "cross_training.csv", &all.cross_training)?;
    let brace = write_csv(dir, "brace.csv", &all.brace)?;
    let rpe = write_csv(dir, "rpe.csv", &all.rpe)?;
    write_csv(dir, "doctor_limits.csv", &all.doctor_limits)?;

    // Samples: one activity at a time, so memory stays flat.
    let samples_path = dir.join("samples.csv");
    let mut samples = csv::Writer::from_path(&samples_path)
        .with_context(|| format!("cannot write {}", samples_path.display()))?;
    let mut sample_rows = 0_usize;
    for a in db.run(db.store.list_activities(TimeRange::all()))? {
        for row in db.run(db.store.export_samples(a.id))?.unwrap_or_default() {
            samples.serialize(row)?;
            sample_rows += 1;
        }
    }
    samples.flush()?;
    println!(
        "Exported {activities} activities ({sample_rows} samples), {pain} pain, {routines} routine, {cross} cross-training, {brace} brace and {rpe} RPE entries to {}",
        dir.display()
    );
    Ok(Outcome::Done)
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
    let db = storage::open(&DataDir::locate()?)?;
    db.run(db.store.backup_to(&args.file))
        .with_context(|| format!("cannot write the backup {}", args.file.display()))?;
    println!("Backup written to {}", args.file.display());
    Ok(Outcome::Done)
}
