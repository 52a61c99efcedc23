//! `parse-timing CORPUS [--json FILE]`: decodes every activity of a corpus
//! folder (loose `.fit/.gpx/.tcx`, each maybe `.gz`, and every `.zip` walked
//! entry by entry with `visit_archive`) on one thread, and prints the time
//! per format and in total. With `--json`, writes the same figures for
//! `scripts/peers/report.py` in the schema the Python peers use.
//!
//! What is timed per file: reading it from disk (loose files), gunzip,
//! parsing, and building Backstride's `Activity` (samples plus summaries:
//! distance, moving time, ascent, HR and cadence averages, laps). Zip
//! entries are timed from one visitor call to the next, so reading the entry
//! out of the zip is included; opening the archive and reading its
//! `activities.csv` index counts towards its first entry.

use std::collections::BTreeMap;
use std::fs;
use std::io::BufReader;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use backstride_formats::activity::{DecodeError, Decoded, decode, visit_archive};

/// Figures for one format.
#[derive(Debug, Default)]
struct Bucket {
    files: u64,
    gzipped: u64,
    in_zip: u64,
    failed: u64,
    samples: u64,
    distance_m: f64,
    seconds: f64,
}

#[derive(Debug, Default)]
struct Totals {
    buckets: BTreeMap<&'static str, Bucket>,
    failures: Vec<String>,
    bytes_on_disk: u64,
}

/// The format a file name says, for files that fail to decode.
fn format_from_name(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    let plain = lower.strip_suffix(".gz").unwrap_or(&lower);
    if plain.ends_with(".fit") {
        "FIT"
    } else if plain.ends_with(".gpx") {
        "GPX"
    } else if plain.ends_with(".tcx") {
        "TCX"
    } else {
        "other"
    }
}

impl Totals {
    fn add(
        &mut self,
        name: &str,
        result: Result<Decoded, DecodeError>,
        took: Duration,
        in_zip: bool,
    ) {
        let key = match &result {
            Ok(d) => d.format.name(),
            Err(_) => format_from_name(name),
        };
        let bucket = self.buckets.entry(key).or_default();
        bucket.files += 1;
        bucket.seconds += took.as_secs_f64();
        bucket.in_zip += u64::from(in_zip);
        match result {
            Ok(d) => {
                bucket.gzipped += u64::from(d.gzipped);
                bucket.samples += d.activity.samples.len() as u64;
                bucket.distance_m += d.activity.distance_m;
            }
            Err(err) => {
                bucket.failed += 1;
                self.failures.push(format!("{name}: {err}"));
            }
        }
    }
}

fn is_activity(name: &str) -> bool {
    format_from_name(name) != "other"
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), out)?;
        } else {
            out.push(entry.path());
        }
    }
    Ok(())
}

fn run(corpus: &Path) -> Result<(Totals, f64), String> {
    let mut files = Vec::new();
    walk(corpus, &mut files).map_err(|e| format!("listing {}: {e}", corpus.display()))?;
    files.sort();
    let mut totals = Totals::default();
    let started = Instant::now();
    for path in &files {
        let name = path.to_string_lossy().into_owned();
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".zip") {
            let file = fs::File::open(path).map_err(|e| format!("{name}: {e}"))?;
            totals.bytes_on_disk += file.metadata().map_or(0, |m| m.len());
            let mut last = Instant::now();
            let walked = visit_archive(BufReader::new(file), |entry| {
                let now = Instant::now();
                totals.add(
                    &format!("{name}!/{}", entry.name),
                    entry.result,
                    now - last,
                    true,
                );
                last = Instant::now();
                ControlFlow::Continue(())
            });
            if let Err(err) = walked {
                totals.failures.push(format!("{name}: {err}"));
            }
        } else if is_activity(&lower) {
            let t0 = Instant::now();
            let result = fs::read(path)
                .map_err(|e| format!("{name}: {e}"))
                .map(|bytes| {
                    totals.bytes_on_disk += bytes.len() as u64;
                    decode(&name, &bytes)
                });
            match result {
                Ok(result) => totals.add(&name, result, t0.elapsed(), false),
                Err(message) => totals.failures.push(message),
            }
        }
    }
    Ok((totals, started.elapsed().as_secs_f64()))
}

/// The figures as JSON, the schema `scripts/peers/report.py` reads.
fn to_json(totals: &Totals, wall: f64) -> String {
    let buckets: Vec<String> = totals
        .buckets
        .iter()
        .map(|(format, b)| {
            format!(
                concat!(
                    "\"{}\": {{\"files\": {}, \"gzipped\": {}, \"in_zip\": {}, \"failed\": {}, ",
                    "\"samples\": {}, \"distance_m\": {:.1}, \"seconds\": {:.6}}}"
                ),
                format, b.files, b.gzipped, b.in_zip, b.failed, b.samples, b.distance_m, b.seconds
            )
        })
        .collect();
    format!(
        "{{\"tool\": \"backstride-formats (Rust, release)\", \"wall_seconds\": {wall:.6}, \"bytes_on_disk\": {}, \"failures\": {}, \"formats\": {{{}}}}}\n",
        totals.bytes_on_disk,
        totals.failures.len(),
        buckets.join(", ")
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (corpus, json) = match args.as_slice() {
        [corpus] => (PathBuf::from(corpus), None),
        [corpus, flag, file] if flag == "--json" => {
            (PathBuf::from(corpus), Some(PathBuf::from(file)))
        }
        _ => {
            eprintln!("usage: parse-timing CORPUS_DIR [--json FILE]");
            return ExitCode::from(2);
        }
    };
    let (totals, wall) = match run(&corpus) {
        Ok(done) => done,
        Err(message) => {
            eprintln!("parse-timing: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut files = 0;
    for (format, b) in &totals.buckets {
        files += b.files;
        println!(
            "{format}: {} files ({} gzipped, {} in zips, {} failed), {} samples, {:.3} s",
            b.files, b.gzipped, b.in_zip, b.failed, b.samples, b.seconds
        );
    }
    println!(
        "total: {files} files, {:.1} MB on disk, {wall:.3} s, {:.0} files/s",
        totals.bytes_on_disk as f64 / 1e6,
        files as f64 / wall.max(1e-9)
    );
    for failure in totals.failures.iter().take(20) {
        eprintln!("failed: {failure}");
    }
    if let Some(path) = json
        && let Err(err) = fs::write(&path, to_json(&totals, wall))
    {
        eprintln!("parse-timing: writing {}: {err}", path.display());
        return ExitCode::FAILURE;
    }
    if totals.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
