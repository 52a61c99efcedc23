//! A deterministic synthetic "decade of training" for Backstride's
//! benchmarks: `count` one-hour activities at 1 Hz (heart rate, cadence,
//! position on a plausible loop, altitude, distance, speed) from 2016 on,
//! about 70 % FIT, 15 % GPX and 15 % TCX, about 12 % of them rides. About
//! half the loose files are gzipped, and about a fifth of all activities sit
//! in a Strava-bulk-export-shaped zip (`activities.csv` plus `activities/`).
//!
//! Equal [`Config`]s write byte-identical corpora. The per-file functions
//! ([`one_hour`], [`render`]) let benchmarks build single files in-process.
//! [`runner_video`] renders a side-view runner of known form as video
//! frames, for the form pipeline's end-to-end tests.
//!
//! Layout of a corpus folder:
//!
//! ```text
//! OUT/README.txt                         what this is and how it was made
//! OUT/manifest.csv                       one row per activity
//! OUT/activities/2016/<id>_2016-01-01.fit[.gz]   (and .gpx, .tcx)
//! OUT/strava_export.zip                  activities.csv, profile.csv, activities/<id>.fit.gz ...
//! ```

pub mod fit;
pub mod gpx;
pub mod rng;
pub mod runner_video;
pub mod tcx;
pub mod time;
pub mod track;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use rng::Rng;
pub use track::{Sample, Spec, Sport, Track};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Number of activities.
    pub count: usize,
    /// Seed; equal seeds (and counts) give identical corpora.
    pub seed: u64,
    /// Length of each activity, seconds (one sample per second).
    pub seconds: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            count: 3000,
            seed: 2016,
            seconds: 3600,
        }
    }
}

/// An activity file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Garmin FIT.
    Fit,
    /// GPX 1.1.
    Gpx,
    /// Garmin TCX.
    Tcx,
}

impl Format {
    /// The file extension, without the dot.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Fit => "fit",
            Format::Gpx => "gpx",
            Format::Tcx => "tcx",
        }
    }
}

/// Where an activity's file ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placement {
    /// A loose, uncompressed file under `activities/`.
    Plain,
    /// A loose `.gz` file under `activities/`.
    Gzipped,
    /// An entry of `strava_export.zip` (FIT and TCX gzipped inside, as
    /// Strava writes them; GPX plain).
    StravaZip,
}

/// One activity of the corpus, before rendering.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// A Strava-like 10-digit id, unique in the corpus.
    pub id: u64,
    /// The activity's title ("Morning Run").
    pub title: String,
    /// What the samples are generated from.
    pub spec: Spec,
    /// The file format.
    pub format: Format,
    /// Where the file goes.
    pub placement: Placement,
}

impl Planned {
    /// Whether the stored file is gzip-compressed.
    pub fn gzipped(&self) -> bool {
        match self.placement {
            Placement::Plain => false,
            Placement::Gzipped => true,
            Placement::StravaZip => self.format != Format::Gpx,
        }
    }

    /// The path of the file: relative to the corpus folder, or the entry
    /// name inside the zip.
    pub fn path(&self) -> String {
        let gz = if self.gzipped() { ".gz" } else { "" };
        let ext = self.format.ext();
        match self.placement {
            Placement::StravaZip => format!("activities/{}.{ext}{gz}", self.id),
            _ => format!(
                "activities/{}/{}_{}.{ext}{gz}",
                time::year(self.spec.start),
                self.id,
                time::date(self.spec.start)
            ),
        }
    }
}

/// Where the athlete lived: (from year, loop centre). Moves twice.
const HOMES: [(i64, (f64, f64)); 3] = [
    (2016, (52.3676, 4.9041)),    // Amsterdam
    (2019, (47.3769, 8.5417)),    // Zurich
    (2022, (45.5152, -122.6784)), // Portland
];

/// Days in the synthetic decade (2016-01-01 to 2025-12-31).
const DECADE_DAYS: i64 = 3653;

fn home_for(start: i64) -> (f64, f64) {
    let year = time::year(start);
    HOMES
        .iter()
        .rev()
        .find(|(from, _)| year >= *from)
        .map_or(HOMES[0].1, |(_, home)| *home)
}

fn title(sport: Sport, start: i64) -> String {
    let hour = start.rem_euclid(86_400) / 3600;
    let part = match hour {
        0..=11 => "Morning",
        12..=16 => "Afternoon",
        _ => "Evening",
    };
    let what = match sport {
        Sport::Running => "Run",
        Sport::Cycling => "Ride",
    };
    format!("{part} {what}")
}

/// The activities of a corpus, in time order.
pub fn plan(config: &Config) -> Vec<Planned> {
    let mut rng = Rng::new(config.seed);
    let count = config.count.max(1) as i64;
    (0..config.count)
        .map(|i| {
            let day = i as i64 * DECADE_DAYS / count;
            let start = time::DECADE_START
                + day * 86_400
                + (6 + rng.below(13) as i64) * 3600
                + rng.below(3600) as i64;
            let sport = if rng.chance(0.12) {
                Sport::Cycling
            } else {
                Sport::Running
            };
            let format = match rng.unit() {
                x if x < 0.70 => Format::Fit,
                x if x < 0.85 => Format::Gpx,
                _ => Format::Tcx,
            };
            let placement = match rng.unit() {
                x if x < 0.20 => Placement::StravaZip,
                x if x < 0.50 => Placement::Gzipped,
                _ => Placement::Plain,
            };
            Planned {
                id: 1_000_000_000 + i as u64 * 1_000_003 + rng.below(1000),
                title: title(sport, start),
                spec: Spec {
                    start,
                    seconds: config.seconds,
                    sport,
                    home: home_for(start),
                    seed: rng::mix(config.seed ^ (i as u64).wrapping_mul(0x9E37_79B9)),
                },
                format,
                placement,
            }
        })
        .collect()
}

/// The uncompressed file of one activity.
pub fn render(format: Format, track: &Track, title: &str) -> Vec<u8> {
    match format {
        Format::Fit => fit::encode(track),
        Format::Gpx => gpx::encode(track, title).into_bytes(),
        Format::Tcx => tcx::encode(track).into_bytes(),
    }
}

/// Gzip-compresses `bytes` (default level, as exports are written).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::default());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// One synthetic one-hour activity file for benchmarks (plain, not gzipped).
pub fn one_hour(format: Format, sport: Sport, seed: u64) -> Vec<u8> {
    let spec = Spec {
        start: time::DECADE_START + 6 * 3600,
        seconds: 3600,
        sport,
        home: HOMES[0].1,
        seed,
    };
    let track = Track::generate(&spec);
    render(format, &track, &title(sport, spec.start))
}

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Activities generated.
    pub activities: usize,
    /// FIT, GPX and TCX activities.
    pub by_format: [usize; 3],
    /// Rides among them.
    pub rides: usize,
    /// Activities stored gzipped (loose or in the zip).
    pub gzipped: usize,
    /// Activities inside the Strava zip.
    pub in_zip: usize,
    /// Bytes on disk of all files written.
    pub bytes_on_disk: u64,
    /// Bytes of the activity files once decompressed.
    pub bytes_plain: u64,
}

fn io_error(err: zip::result::ZipError) -> io::Error {
    io::Error::other(err)
}

/// Writes the corpus of `config` into `out` (created if missing; existing
/// files of an earlier corpus are overwritten, others left alone).
pub fn write_corpus(out: &Path, config: &Config) -> io::Result<Summary> {
    fs::create_dir_all(out)?;
    let planned = plan(config);
    let mut summary = Summary {
        activities: planned.len(),
        ..Summary::default()
    };
    let zip_path = out.join("strava_export.zip");
    let mut zip = ZipWriter::new(BufWriter::new(fs::File::create(&zip_path)?));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut manifest =
        String::from("path,format,sport,gzipped,in_zip,start,seconds,distance_m,title\n");
    let mut csv = String::from(concat!(
        "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,",
        "Elapsed Time,Distance,Max Heart Rate,Commute,Activity Gear,Filename\n"
    ));

    for p in &planned {
        let track = Track::generate(&p.spec);
        let plain = render(p.format, &track, &p.title);
        let totals = track.totals(0..track.samples.len());
        summary.bytes_plain += plain.len() as u64;
        summary.by_format[p.format as usize] += 1;
        summary.rides += usize::from(p.spec.sport == Sport::Cycling);
        summary.gzipped += usize::from(p.gzipped());
        let bytes = if p.gzipped() { gzip(&plain) } else { plain };
        let path = p.path();
        let in_zip = p.placement == Placement::StravaZip;
        if in_zip {
            summary.in_zip += 1;
            let options = if p.gzipped() { stored } else { deflated };
            zip.start_file(path.as_str(), options).map_err(io_error)?;
            zip.write_all(&bytes)?;
            let kind = match p.spec.sport {
                Sport::Running => "Run",
                Sport::Cycling => "Ride",
            };
            csv.push_str(&format!(
                "{},\"{}\",{},{},\"Synthetic, seed {}\",{},{:.2},{},false,,{}\n",
                p.id,
                time::strava(p.spec.start),
                p.title,
                kind,
                config.seed,
                track.samples.len(),
                totals.distance_m / 1000.0,
                totals.max_hr,
                path
            ));
        } else {
            let file = out.join(&path);
            if let Some(dir) = file.parent() {
                fs::create_dir_all(dir)?;
            }
            fs::write(&file, &bytes)?;
            summary.bytes_on_disk += bytes.len() as u64;
        }
        let shown = if in_zip {
            format!("strava_export.zip!/{path}")
        } else {
            path
        };
        manifest.push_str(&format!(
            "{shown},{},{},{},{},{},{},{:.1},{}\n",
            p.format.ext(),
            p.spec.sport.name(),
            p.gzipped(),
            in_zip,
            time::iso(p.spec.start),
            track.samples.len(),
            totals.distance_m,
            p.title
        ));
    }
    zip.start_file("activities.csv", deflated)
        .map_err(io_error)?;
    zip.write_all(csv.as_bytes())?;
    zip.start_file("profile.csv", deflated).map_err(io_error)?;
    zip.write_all(b"Athlete ID,Email Address,First Name,Last Name\n1,runner@example.invalid,Synthetic,Runner\n")?;
    zip.finish().map_err(io_error)?.flush()?;
    summary.bytes_on_disk += fs::metadata(&zip_path)?.len();

    fs::write(out.join("manifest.csv"), &manifest)?;
    let readme = format!(
        concat!(
            "Synthetic Backstride benchmark corpus (backstride-bench-corpus).\n",
            "count={} seed={} seconds={}\n",
            "activities/: loose FIT/GPX/TCX files, some gzipped; strava_export.zip: a Strava bulk export.\n",
            "manifest.csv lists every activity. All data is generated; none of it is real.\n"
        ),
        config.count, config.seed, config.seconds
    );
    fs::write(out.join("README.txt"), readme)?;
    summary.bytes_on_disk += (manifest.len() + 200) as u64;
    Ok(summary)
}

/// The files of a corpus folder, sorted (helper for tools and tests).
pub fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_mixes_formats_placements_and_sports() {
        let planned = plan(&Config::default());
        assert_eq!(planned.len(), 3000);
        let share =
            |f: &dyn Fn(&Planned) -> bool| planned.iter().filter(|p| f(p)).count() as f64 / 3000.0;
        assert!((0.66..0.74).contains(&share(&|p| p.format == Format::Fit)));
        assert!((0.12..0.18).contains(&share(&|p| p.format == Format::Gpx)));
        assert!((0.16..0.24).contains(&share(&|p| p.placement == Placement::StravaZip)));
        assert!((0.08..0.16).contains(&share(&|p| p.spec.sport == Sport::Cycling)));
        let mut ids: Vec<u64> = planned.iter().map(|p| p.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), 3000);
        assert!(
            planned
                .windows(2)
                .all(|w| w[0].spec.start < w[1].spec.start)
        );
        assert_eq!(time::year(planned[2999].spec.start), 2025);
        assert_eq!(planned, plan(&Config::default()));
    }

    #[test]
    fn writes_a_small_corpus_deterministically() {
        let config = Config {
            count: 12,
            seed: 9,
            seconds: 120,
        };
        let (a, b) = (
            tempfile::tempdir().expect("tempdir"),
            tempfile::tempdir().expect("tempdir"),
        );
        let summary = write_corpus(a.path(), &config).expect("write");
        write_corpus(b.path(), &config).expect("write");
        assert_eq!(summary.activities, 12);
        let (fa, fb) = (
            files_under(a.path()).expect("list"),
            files_under(b.path()).expect("list"),
        );
        assert_eq!(fa.len(), fb.len());
        for (x, y) in fa.iter().zip(&fb) {
            assert_eq!(
                fs::read(x).expect("read"),
                fs::read(y).expect("read"),
                "{x:?}"
            );
        }
        let zip = fs::File::open(a.path().join("strava_export.zip")).expect("zip");
        let archive = zip::ZipArchive::new(zip).expect("archive");
        assert_eq!(archive.len(), summary.in_zip + 2);
    }
}
