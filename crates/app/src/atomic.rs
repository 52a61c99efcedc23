//! Files written whole or not at all: exports, calendars (`--ics`),
//! reports (`--output`) and backups go to a temporary file in the target's
//! own folder, are flushed and synced to disk, and only then renamed over
//! the target (and the folder synced, so the new name survives a crash).
//! A full disk or a crash mid-write therefore never leaves a 0-byte or half
//! file under the name the runner asked for: the old file, if any, stays,
//! and the temporary one is removed.
//!
//! New files are readable by their owner only (they hold health data).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `bytes` to `target` atomically (see the module doc).
pub fn write(target: &Path, bytes: &[u8]) -> Result<()> {
    write_with(target, |w| Ok(w.write_all(bytes)?))
}

/// Creates `target` atomically from what `fill` writes (see the module
/// doc). `fill` writes through a buffer; an error from it, or from
/// flushing and syncing, leaves `target` as it was.
pub fn write_with(target: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let not_saved = || format!("not saved: cannot write {}", target.display());
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .tempfile_in(folder)
        .with_context(not_saved)?;
    {
        let mut w = BufWriter::new(partial.as_file());
        fill(&mut w).with_context(not_saved)?;
        w.flush().with_context(not_saved)?;
    }
    partial.as_file().sync_all().with_context(not_saved)?;
    partial
        .persist(target)
        .map_err(|e| e.error)
        .with_context(not_saved)?;
    sync_folder(folder).with_context(not_saved)
}

/// Makes a rename in `folder` durable. Folders cannot be opened for syncing
/// everywhere (Windows); there a rename is as durable as the OS makes it.
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    if cfg!(unix) {
        File::open(folder)?.sync_all()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("plan.ics");
        write(&target, b"old").expect("first write");
        let err = write_with(&target, |w| {
            w.write_all(b"half")?;
            anyhow::bail!("disk full")
        })
        .expect_err("the fill fails");
        assert!(format!("{err:#}").contains("not saved"), "{err:#}");
        assert_eq!(std::fs::read(&target).expect("read"), b"old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("plan.ics")]);
    }

    #[test]
    fn a_new_file_appears_whole_under_its_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("report.md");
        write(&target, b"# report").expect("write");
        assert_eq!(std::fs::read(&target).expect("read"), b"# report");
    }
}
