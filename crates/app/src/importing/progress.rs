//! The import's progress line on standard error: activities done out of
//! the total known so far, and a readable rate ("28 activities/s").
//!
//! Loose files are known from the walk. An archive counts as one until it
//! is read; its activities then raise the total as they arrive, and the
//! line says the total is still growing ("+").

use std::fmt::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

use super::walk;
use crate::usecase::import::Watch;

/// The progress line (hidden when standard error is not a terminal).
pub struct Progress {
    bar: ProgressBar,
}

/// A rate of activities a second in words: whole numbers from 10 a second
/// up, one decimal below, so 28.2703 reads "28 activities/s".
pub fn rate(per_sec: f64) -> String {
    if !per_sec.is_finite() || per_sec <= 0.0 {
        "-- activities/s".to_owned()
    } else if per_sec >= 10.0 {
        format!("{per_sec:.0} activities/s")
    } else {
        format!("{per_sec:.1} activities/s")
    }
}

/// The template for `files`: with archives, the total is a floor.
fn template(files: &[PathBuf]) -> &'static str {
    if files.iter().any(|f| walk::is_archive_name(f)) {
        "{spinner} {pos}/{len}+ activities, {rate} {wide_msg}"
    } else {
        "{spinner} {pos}/{len} activities, {rate} {wide_msg}"
    }
}

/// The progress line over `files`, shown when `show` is true.
pub fn progress(show: bool, files: &[PathBuf]) -> Progress {
    if !show {
        return Progress {
            bar: ProgressBar::hidden(),
        };
    }
    let bar = ProgressBar::new(files.len() as u64);
    let style = ProgressStyle::with_template(template(files))
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .with_key("rate", |state: &ProgressState, w: &mut dyn Write| {
            let _ = w.write_str(&rate(state.per_sec()));
        });
    bar.set_style(style);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Progress { bar }
}

impl Progress {
    /// Names the file being stored.
    pub fn set_message(&self, message: String) {
        self.bar.set_message(message);
    }

    /// Counts `n` more activities done; an archive's raise the total.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
        let done = self.bar.position();
        if self.bar.length().is_some_and(|len| done > len) {
            self.bar.set_length(done);
        }
    }

    /// Removes the line.
    pub fn finish_and_clear(&self) {
        self.bar.finish_and_clear();
    }
}

/// The command line's [`Watch`] of an import: the progress line, drawn
/// once the walk has listed the files (hidden when not shown).
pub struct Bar {
    show: bool,
    line: OnceLock<Progress>,
}

impl Bar {
    /// A bar drawn on standard error when `show` is true.
    pub fn new(show: bool) -> Self {
        Bar {
            show,
            line: OnceLock::new(),
        }
    }
}

impl Watch for Bar {
    fn begin(&self, files: &[PathBuf]) {
        let _ = self.line.set(progress(self.show, files));
    }

    fn storing(&self, source: &str) {
        if let Some(line) = self.line.get() {
            line.set_message(source.to_owned());
        }
    }

    fn stored(&self) {
        if let Some(line) = self.line.get() {
            line.inc(1);
        }
    }

    fn end(&self) {
        if let Some(line) = self.line.get() {
            line.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_whole_or_one_decimal_activities_a_second() {
        assert_eq!(rate(28.2703), "28 activities/s");
        assert_eq!(rate(412.6), "413 activities/s");
        assert_eq!(rate(2.25), "2.2 activities/s");
        assert_eq!(rate(0.0), "-- activities/s");
        assert_eq!(rate(f64::NAN), "-- activities/s");
    }

    #[test]
    fn the_line_shows_done_out_of_total_and_marks_a_growing_total() {
        let loose = vec![PathBuf::from("a.fit"), PathBuf::from("b.gpx")];
        assert!(template(&loose).contains("{pos}/{len} activities"));
        let mut with_zip = loose.clone();
        with_zip.push(PathBuf::from("export.zip"));
        assert!(template(&with_zip).contains("{pos}/{len}+"));
        for files in [&loose, &with_zip] {
            assert!(ProgressStyle::with_template(template(files)).is_ok());
        }
    }

    #[test]
    fn an_archive_raises_the_total_as_its_activities_arrive() {
        let p = Progress {
            bar: ProgressBar::hidden(),
        };
        p.bar.set_length(2);
        for _ in 0..5 {
            p.inc(1);
        }
        assert_eq!(p.bar.position(), 5);
        assert_eq!(p.bar.length(), Some(5));
    }
}
