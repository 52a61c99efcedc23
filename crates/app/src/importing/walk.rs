//! Expands the paths given to `backstride import` into the files to read:
//! files as given, folders recursively (in name order, so runs repeat),
//! skipping hidden entries and anything that cannot be an activity. Inside
//! folders only regular files are taken: a FIFO or a device named
//! `run.fit` is reported and skipped, never opened (opening a FIFO waits
//! for a writer; a device may never end).

use std::fs;
use std::path::{Path, PathBuf};

use backstride_formats::activity::format_from_name;

/// A path that could not be read while walking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    /// The path.
    pub path: PathBuf,
    /// What went wrong.
    pub problem: String,
}

/// Names worth opening: activity files, gzipped ones, archives. Anything
/// else in a folder (photos, CSV indexes, JSON) is skipped without noise.
pub fn looks_like_input(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    format_from_name(&name).is_some() || name.strip_suffix(".gz").unwrap_or(&name).ends_with(".zip")
}

/// Whether the name says zip archive.
pub fn is_archive_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// Refuses the paths given on the command line that do not exist (a typo
/// in a file name is the runner's mistake to fix, not a failed file), so
/// nothing is read or stored. Other problems (no permission) are reported
/// per file by [`expand`] as before.
pub fn refuse_missing(paths: &[PathBuf]) -> Result<(), String> {
    let missing: Vec<String> = paths
        .iter()
        .filter(|p| {
            fs::symlink_metadata(p).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        })
        .map(|p| p.display().to_string())
        .collect();
    match missing.as_slice() {
        [] => Ok(()),
        [one] => Err(format!(
            "{one}: no such file or folder; nothing was imported (check the path)"
        )),
        many => Err(format!(
            "no such files or folders: {}; nothing was imported (check the paths)",
            many.join(", ")
        )),
    }
}

/// The files under `paths`. A path given explicitly is always read (so a
/// mislabelled file is reported, not ignored); inside folders only names
/// that look like activity files or archives are taken.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<WalkProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut files, &mut problems),
            Ok(_) => files.push(path.clone()),
            Err(e) => problems.push(WalkProblem {
                path: path.clone(),
                problem: e.to_string(),
            }),
        }
    }
    (files, problems)
}

fn walk_dir(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<WalkProblem>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(WalkProblem {
                path: dir.to_path_buf(),
                problem: e.to_string(),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk_dir(&path, files, problems),
            Ok(meta) if looks_like_input(&path) && !meta.is_file() => problems.push(WalkProblem {
                path,
                problem: "not a regular file (a device or a pipe); skipped".to_owned(),
            }),
            Ok(_) if looks_like_input(&path) => files.push(path),
            Ok(_) => {}
            Err(e) => problems.push(WalkProblem {
                path,
                problem: e.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_activity_files_and_archives_by_name() {
        for yes in [
            "a.fit",
            "a.FIT",
            "b.gpx.gz",
            "c.tcx",
            "export.zip",
            "x.fit.gz",
        ] {
            assert!(looks_like_input(Path::new(yes)), "{yes}");
        }
        for no in ["a.jpg", "activities.csv", "a.json", "fit", "a.gz"] {
            assert!(!looks_like_input(Path::new(no)), "{no}");
        }
    }
}
