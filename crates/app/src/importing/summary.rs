//! The import's report: what happened to each file, the totals, a table for
//! the terminal and a JSON form for scripts.

use std::fmt::Write;

use backstride_core::activity::Sport;
use backstride_store::ImportOutcome;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use super::decode::Refusal;
use super::{is_running, outcome_word};

/// What happened to one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    /// The file or archive entry.
    pub source: String,
    /// `imported`, `duplicate file`, `duplicate activity`,
    /// `replaced by a richer file`, `would import`, `skipped` (fine, but
    /// not an activity: settings, a planned route...) or `failed`.
    pub status: &'static str,
    /// The sport, when decoded.
    pub sport: Option<&'static str>,
    /// The stored activity's id.
    pub activity_id: Option<i64>,
    /// Why it failed, or what the parser worked around.
    pub problems: Vec<String>,
    #[serde(skip)]
    counts_as: Counted,
    /// It decoded, but the store could not save it (a full disk).
    #[serde(skip)]
    not_saved: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counted {
    Imported { running: bool },
    Duplicate,
    Replaced,
    WouldImport { running: bool },
    Skipped,
    Failed,
}

impl FileOutcome {
    /// A file that could not be read, decoded or stored.
    pub fn failed(source: String, reason: String) -> Self {
        FileOutcome {
            source,
            status: "failed",
            sport: None,
            activity_id: None,
            problems: vec![reason],
            counts_as: Counted::Failed,
            not_saved: false,
        }
    }

    /// A file that decoded but could not be saved: the store's failure,
    /// not the file's.
    pub fn not_saved(source: String, reason: String) -> Self {
        FileOutcome {
            not_saved: true,
            ..FileOutcome::failed(source, reason)
        }
    }

    /// A file that gave no activity: skipped when it is not an activity,
    /// else failed.
    pub fn refused(source: String, refusal: Refusal) -> Self {
        if !refusal.not_an_activity {
            return FileOutcome::failed(source, refusal.reason);
        }
        FileOutcome {
            source,
            status: "skipped",
            sport: None,
            activity_id: None,
            problems: vec![refusal.reason],
            counts_as: Counted::Skipped,
            not_saved: false,
        }
    }

    /// A file that decoded in a dry run.
    pub fn would_import(source: String, sport: Sport, problems: Vec<String>) -> Self {
        let running = is_running(sport);
        FileOutcome {
            source,
            status: "would import",
            sport: Some(sport.name()),
            activity_id: None,
            problems,
            counts_as: Counted::WouldImport { running },
            not_saved: false,
        }
    }

    /// A file the store took.
    pub fn stored(
        source: String,
        sport: Sport,
        outcome: ImportOutcome,
        problems: Vec<String>,
    ) -> Self {
        let counts_as = match outcome {
            ImportOutcome::Inserted(_) => Counted::Imported {
                running: is_running(sport),
            },
            ImportOutcome::DuplicateActivity { replaced: true, .. } => Counted::Replaced,
            ImportOutcome::DuplicateFile(_)
            | ImportOutcome::DuplicateActivity {
                replaced: false, ..
            } => Counted::Duplicate,
        };
        FileOutcome {
            source,
            status: outcome_word(outcome),
            sport: Some(sport.name()),
            activity_id: Some(outcome.activity_id()),
            problems,
            counts_as,
            not_saved: false,
        }
    }
}

/// Totals over an import.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// New runs stored.
    pub imported_runs: usize,
    /// New non-running activities stored (cycling counts as cross-training).
    pub imported_other: usize,
    /// Already stored (same file, or the same activity from another file).
    pub duplicates: usize,
    /// Stored activities replaced by a richer file of the same activity.
    pub replaced: usize,
    /// Dry run: files that would be imported.
    pub would_import: usize,
    /// Files skipped because they are not activities (settings,
    /// monitoring, courses, planned routes...): not failures.
    pub skipped: usize,
    /// Files that failed.
    pub failed: usize,
}

/// The whole report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Totals.
    pub totals: Totals,
    /// Every file, in the order they finished.
    pub files: Vec<FileOutcome>,
}

impl Summary {
    /// Adds one file's outcome.
    pub fn push(&mut self, outcome: FileOutcome) {
        let t = &mut self.totals;
        match outcome.counts_as {
            Counted::Imported { running: true } => t.imported_runs += 1,
            Counted::Imported { running: false } => t.imported_other += 1,
            Counted::Duplicate => t.duplicates += 1,
            Counted::Replaced => t.replaced += 1,
            Counted::WouldImport { .. } => t.would_import += 1,
            Counted::Skipped => t.skipped += 1,
            Counted::Failed => t.failed += 1,
        }
        self.files.push(outcome);
    }

    /// Whether any file failed.
    pub fn any_failed(&self) -> bool {
        self.totals.failed > 0
    }

    /// Whether any file that decoded could not be saved.
    pub fn any_not_saved(&self) -> bool {
        self.files.iter().any(|f| f.not_saved)
    }

    /// The report for a terminal: one line per failed file, then a table.
    pub fn render(&self, dry_run: bool) -> String {
        let mut out = String::new();
        for f in self.files.iter().filter(|f| f.counts_as == Counted::Failed) {
            let _ = writeln!(out, "failed: {}: {}", f.source, f.problems.join("; "));
        }
        // Skipped files, one line per reason (a Garmin export holds
        // hundreds of monitoring files).
        let mut skipped: Vec<(&str, usize)> = Vec::new();
        for f in self
            .files
            .iter()
            .filter(|f| f.counts_as == Counted::Skipped)
        {
            let reason = f.problems.first().map_or("", String::as_str);
            match skipped.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n += 1,
                None => skipped.push((reason, 1)),
            }
        }
        for (reason, n) in skipped {
            let _ = writeln!(out, "skipped {n} file(s): {reason}");
        }
        let warned = self
            .files
            .iter()
            .filter(|f| {
                !matches!(f.counts_as, Counted::Failed | Counted::Skipped) && !f.problems.is_empty()
            })
            .count();
        if warned > 0 {
            let _ = writeln!(
                out,
                "{warned} file(s) imported with problems worked around (see --json for details)"
            );
        }
        let t = &self.totals;
        let mut table = Table::new();
        table.load_style(UTF8_FULL_CONDENSED);
        table.set_header(vec!["", "files"]);
        if dry_run {
            table.add_row(vec!["would import".to_owned(), t.would_import.to_string()]);
        } else {
            table.add_row(vec![
                "imported runs".to_owned(),
                t.imported_runs.to_string(),
            ]);
            table.add_row(vec![
                "imported, not running (kept, labelled)".to_owned(),
                t.imported_other.to_string(),
            ]);
            table.add_row(vec![
                "duplicates (already stored)".to_owned(),
                t.duplicates.to_string(),
            ]);
            table.add_row(vec![
                "replaced by a richer file".to_owned(),
                t.replaced.to_string(),
            ]);
        }
        table.add_row(vec![
            "skipped, not activities".to_owned(),
            t.skipped.to_string(),
        ]);
        table.add_row(vec!["failed".to_owned(), t.failed.to_string()]);
        let _ = writeln!(out, "{table}");
        out
    }
}
