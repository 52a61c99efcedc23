//! `backstride export` and `backstride backup`: everything stored, out of
//! the database, so no data is locked in. Export writes one CSV file per
//! table (samples included, streamed one activity at a time) and one JSON
//! file with everything but the samples; backup writes a consistent copy of
//! the database itself. The writing is the use case
//! [`crate::usecase::data`]; this module picks the folder and says what
//! was written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::{BackupArgs, ExportArgs};
use crate::commands::{Outcome, UserError};
use crate::datadir::DataDir;
use crate::storage;
use crate::usecase::data::{self, Exported, Sink};

use crate::usecase::data::FILES;

/// The files of one export, written each atomically; if any fails, those
/// already written are removed, so an export is whole or absent.
struct Written<'d> {
    dir: &'d Path,
    done: Vec<PathBuf>,
}

impl Sink for Written<'_> {
    fn file(&mut self, name: &str, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        let path = self.dir.join(name);
        crate::atomic::write_with(&path, fill)?;
        self.done.push(path);
        Ok(())
    }
}

impl Written<'_> {
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
    let counts = data::export(&db, &mut written);
    if counts.is_err() {
        written.undo();
    }
    let Exported {
        activities,
        samples,
        pain,
        routines,
        cross_training,
        brace,
        rpe,
    } = counts?;
    crate::output::text(&format!(
        "Exported {activities} activities ({samples} samples), {pain} pain, {routines} routine, {cross_training} cross-training, {brace} brace and {rpe} RPE entries to {}\n",
        dir.display()
    ))?;
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
    let db = storage::open_for_reading(&DataDir::locate()?)?;
    data::backup(&db, &args.file)?;
    crate::output::text(&format!("Backup written to {}\n", args.file.display()))?;
    Ok(Outcome::Done)
}
