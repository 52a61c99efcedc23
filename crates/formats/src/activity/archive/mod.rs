//! Archives: a Polar Flow export (`training-session-*.json` among many
//! other JSON files), Suunto JSON logs (known by their first bytes), a
//! COROS bulk export (a zip of FIT files), a Strava bulk export (zip with `activities.csv` and
//! `activities/`: titles, sport, and Strava's moving time for GPX files), an
//! Apple Health export (`export.xml`: the routes' sport, and each workout
//! without a route as an activity of its own), a Garmin export (zips nested in a zip, `.fit` files under
//! `DI_CONNECT/...`), or any zip holding activity files. Entries are read
//! one at a time and handed to a visitor as they decode, so memory stays at
//! one entry. A nested zip stored uncompressed (the usual case: zipping a
//! zip gains nothing) is read in place through the outer reader; a deflated
//! one has to be inflated into memory first, within the entry cap. Every
//! entry's decompressed size is capped ([`Limits::max_entry_bytes`]).

mod apple;
mod strava;

use std::io::{Cursor, Read, Seek};
use std::ops::ControlFlow;

use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::{DecodeError, Decoded, Limits, decode_with, detect, gzip, sport};
use apple::AppleIndex;
use strava::StravaIndex;

/// One activity entry of an archive, decoded or not.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveEntry {
    /// The entry's path; entries of nested archives read
    /// `outer.zip!/inner.fit`.
    pub name: String,
    /// The decoded activity, or why not.
    pub result: Result<Decoded, DecodeError>,
    /// SHA-256 of the entry's bytes as stored in the archive (before any
    /// gunzip), when they could be read: the same file found loose and in
    /// an archive has the same digest.
    pub sha256: Option<[u8; 32]>,
}

/// What a walk over an archive saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ArchiveStats {
    /// Activity entries handed to the visitor (decoded or failed).
    pub activities: usize,
    /// Nested archives opened.
    pub nested_archives: usize,
    /// Files that are not activity files (CSV, media, JSON, an export's
    /// index...); folders are not counted.
    pub skipped: usize,
    /// Whether the visitor stopped the walk early.
    pub stopped: bool,
}

/// Walks a zip archive, decoding each activity entry (`.fit`, `.gpx`,
/// `.tcx`, each optionally `.gz`) and recursing into nested `.zip` entries.
///
/// The visitor sees every activity entry in archive order and may stop the
/// walk with `ControlFlow::Break`. The `Err` result is for an archive that
/// cannot be opened at all; entry failures go to the visitor.
pub fn visit_archive<R: Read + Seek>(
    reader: R,
    visit: impl FnMut(ArchiveEntry) -> ControlFlow<()>,
) -> Result<ArchiveStats, DecodeError> {
    visit_archive_with(reader, &Limits::default(), visit)
}

/// [`visit_archive`] with explicit limits.
pub fn visit_archive_with<R: Read + Seek>(
    reader: R,
    limits: &Limits,
    mut visit: impl FnMut(ArchiveEntry) -> ControlFlow<()>,
) -> Result<ArchiveStats, DecodeError> {
    let boxed: Box<dyn ReadSeek + '_> = Box::new(reader);
    let mut archive = ZipArchive::new(boxed).map_err(zip_error)?;
    let mut stats = ArchiveStats::default();
    let mut walker = Walker {
        limits,
        visit: &mut visit,
        stats: &mut stats,
    };
    // Stopping early is reported in the stats, not as an error.
    let _ = walker.walk(&mut archive, "", 0);
    Ok(stats)
}

/// The reader every level of nesting is walked through.
trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

type DynArchive<'a> = ZipArchive<Box<dyn ReadSeek + 'a>>;

fn zip_error(err: zip::result::ZipError) -> DecodeError {
    DecodeError::Zip {
        detail: err.to_string(),
    }
}

struct Walker<'a> {
    limits: &'a Limits,
    visit: &'a mut dyn FnMut(ArchiveEntry) -> ControlFlow<()>,
    stats: &'a mut ArchiveStats,
}

enum Kind {
    Folder,
    Activity,
    Archive,
    /// A JSON or CSV file not known by its name: an activity when its
    /// first bytes show a Suunto log or a Polar session CSV, else one of
    /// the many such files exports hold.
    MaybeJson,
    Other,
}

fn kind_of(name: &str) -> Kind {
    let lower = name.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    if lower.starts_with("__macosx/") || file.starts_with("._") || lower.ends_with('/') {
        return Kind::Other;
    }
    if detect::format_from_name(file).is_some() {
        Kind::Activity
    } else if file.ends_with(".zip") {
        Kind::Archive
    } else if [".json", ".json.gz", ".csv"]
        .iter()
        .any(|e| file.ends_with(e))
    {
        Kind::MaybeJson
    } else {
        Kind::Other
    }
}

impl Walker<'_> {
    fn emit(
        &mut self,
        name: String,
        result: Result<Decoded, DecodeError>,
        sha256: Option<[u8; 32]>,
    ) -> ControlFlow<()> {
        self.stats.activities += 1;
        let flow = (self.visit)(ArchiveEntry {
            name,
            result,
            sha256,
        });
        if flow.is_break() {
            self.stats.stopped = true;
        }
        flow
    }

    fn walk(&mut self, archive: &mut DynArchive<'_>, prefix: &str, depth: u8) -> ControlFlow<()> {
        let index = strava_index(archive, self.limits);
        let apple = apple_index(archive);
        let mut routes_seen = std::collections::HashSet::new();
        for i in 0..archive.len() {
            let (name, kind) = match archive.by_index(i) {
                Ok(entry) => {
                    let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
                    let kind = if entry.is_dir() {
                        Kind::Folder
                    } else {
                        kind_of(&name)
                    };
                    (name, kind)
                }
                Err(err) => {
                    let name = format!("{prefix}entry #{i}");
                    self.emit(name, Err(zip_error(err)), None)?;
                    continue;
                }
            };
            let full_name = format!("{prefix}{name}");
            let kind = match kind {
                Kind::MaybeJson if json_activity(archive, i) => Kind::Activity,
                Kind::MaybeJson => Kind::Other,
                kind => kind,
            };
            match kind {
                Kind::Folder => {}
                Kind::Other | Kind::MaybeJson => self.stats.skipped += 1,
                Kind::Activity => {
                    let (result, digest) = match read_entry(archive, i, self.limits) {
                        Ok(bytes) => {
                            let digest: [u8; 32] = Sha256::digest(&bytes).into();
                            let result = decode_with(&name, &bytes, self.limits).map(|decoded| {
                                let decoded =
                                    apply_index(decoded, index.as_ref().and_then(|x| x.get(&name)));
                                match apple.as_ref().and_then(|(_, x)| x.get(&name)) {
                                    Some(kind) => {
                                        routes_seen.insert(apple::file_name(&name).to_owned());
                                        fill_unnamed_sport(decoded, kind, "Apple Health")
                                    }
                                    None => decoded,
                                }
                            });
                            (result, Some(digest))
                        }
                        Err(err) => (Err(err), None),
                    };
                    self.emit(full_name, result, digest)?;
                }
                Kind::Archive if depth + 1 > self.limits.max_nesting => {
                    self.emit(
                        full_name,
                        Err(DecodeError::TooDeep {
                            limit: self.limits.max_nesting,
                        }),
                        None,
                    )?;
                }
                Kind::Archive => match open_nested(archive, i, self.limits) {
                    Ok(mut inner) => {
                        self.stats.nested_archives += 1;
                        self.walk(&mut inner, &format!("{full_name}!/"), depth + 1)?;
                    }
                    Err(err) => self.emit(full_name, Err(err), None)?,
                },
            }
        }
        // Workouts whose route is not here (none recorded: a treadmill
        // run, an indoor ride) come from export.xml's totals.
        if let Some((xml_name, index)) = &apple {
            for workout in index.without_route(&routes_seen) {
                if let Some(decoded) = workout.to_decoded() {
                    let name = format!("{prefix}{xml_name}#{}", workout.label());
                    self.emit(name, Ok(decoded), Some(workout.digest()))?;
                }
            }
        }
        ControlFlow::Continue(())
    }
}

/// Whether a JSON or CSV entry's first 64 KB (inflated, for `.json.gz`)
/// show an activity format. Only that much is read: an export's other JSON
/// files (Polar's 24/7 heart rate, a month a file) can be large.
fn json_activity(archive: &mut DynArchive<'_>, i: usize) -> bool {
    const HEAD: u64 = 64 * 1024;
    let Ok(entry) = archive.by_index(i) else {
        return false;
    };
    let gzipped = entry.name_raw().to_ascii_lowercase().ends_with(b".gz");
    let mut head = Vec::new();
    let read = if gzipped {
        flate2::read::GzDecoder::new(entry)
            .take(HEAD)
            .read_to_end(&mut head)
    } else {
        entry.take(HEAD).read_to_end(&mut head)
    };
    // A damaged entry is decoded in full, to say what is wrong with it.
    read.is_err() || super::json::sniff(&head).is_some() || super::polar_csv::sniff(&head)
}

/// Opens a nested zip: in place when stored, else inflated (capped).
fn open_nested<'a>(
    archive: &'a mut DynArchive<'_>,
    i: usize,
    limits: &Limits,
) -> Result<DynArchive<'a>, DecodeError> {
    let stored = archive
        .by_index_raw(i)
        .is_ok_and(|e| e.compression() == zip::CompressionMethod::Stored);
    let reader: Box<dyn ReadSeek + 'a> = if stored {
        Box::new(archive.by_index_seek(i).map_err(zip_error)?)
    } else {
        Box::new(Cursor::new(read_entry(archive, i, limits)?))
    };
    ZipArchive::new(reader).map_err(zip_error)
}

/// Reads one entry's bytes, refusing more than the cap.
fn read_entry(
    archive: &mut DynArchive<'_>,
    i: usize,
    limits: &Limits,
) -> Result<Vec<u8>, DecodeError> {
    let mut entry = archive.by_index(i).map_err(zip_error)?;
    if entry.size() > limits.max_entry_bytes {
        return Err(DecodeError::TooLarge {
            limit: limits.max_entry_bytes,
        });
    }
    let hint = usize::try_from(entry.size())
        .unwrap_or(0)
        .min(64 * 1024 * 1024);
    gzip::read_capped(&mut entry, limits.max_entry_bytes, hint).map_err(|err| match err {
        DecodeError::Io { detail } => DecodeError::Zip { detail },
        other => other,
    })
}

/// A Strava `activities.csv` at the archive root, if there is one.
fn strava_index(archive: &mut DynArchive<'_>, limits: &Limits) -> Option<StravaIndex> {
    let i = archive.index_for_name("activities.csv")?;
    let bytes = read_entry(archive, i, limits).ok()?;
    let index = StravaIndex::parse(&String::from_utf8_lossy(&bytes));
    (index.len() > 0).then_some(index)
}

/// Labels the file left blank ("no sport named") that the index may fill.
const UNNAMED_SPORTS: [&str; 4] = ["unspecified", "generic", "other", ""];

fn apply_index(mut decoded: Decoded, entry: Option<&strava::IndexEntry>) -> Decoded {
    let Some(entry) = entry else { return decoded };
    if !entry.name.is_empty() {
        decoded.title = Some(entry.name.clone());
    }
    // A GPX states no moving time: Strava's own is the one the runner
    // knows. FIT and TCX state theirs, and keep it.
    if let (super::Format::Gpx, Some(moving)) = (decoded.format, entry.moving_time_s) {
        let computed = decoded.activity.moving_s;
        decoded.activity.moving_s = moving;
        decoded.problems.push(format!(
            "moving time {moving:.0} s from Strava's activities.csv (the points give {computed:.0} s)"
        ));
    }
    if entry.activity_type.is_empty() {
        return decoded;
    }
    fill_unnamed_sport(decoded, &entry.activity_type, "")
}

/// An Apple Health `export.xml` in the archive (at the root or in
/// `apple_health_export/`), streamed out of the zip.
/// Gives the entry's name with the index.
fn apple_index(archive: &mut DynArchive<'_>) -> Option<(String, AppleIndex)> {
    let i = archive
        .index_for_name("apple_health_export/export.xml")
        .or_else(|| archive.index_for_name("export.xml"))?;
    let entry = archive.by_index(i).ok()?;
    let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
    let index = AppleIndex::read(std::io::BufReader::new(entry));
    (!index.is_empty()).then_some((name, index))
}

/// Gives a file that named no sport the one an export's index names
/// (`from`: the index, for the note; empty for Strava, whose index is
/// its own export's).
fn fill_unnamed_sport(mut decoded: Decoded, label_from_index: &str, from: &str) -> Decoded {
    let label = decoded.activity.sport_label.to_ascii_lowercase();
    if UNNAMED_SPORTS.contains(&label.as_str()) {
        let entry_type = label_from_index;
        let before = decoded.activity.sport;
        decoded.activity.sport = sport::from_label(entry_type);
        // A sport inferred as a run doubled the strides to steps: undo
        // that for a ride, do it for a run the file did not name.
        let factor = match (
            sport::cadence_is_per_foot(before),
            sport::cadence_is_per_foot(decoded.activity.sport),
        ) {
            (true, false) => Some(0.5),
            (false, true) => Some(2.0),
            _ => None,
        };
        if let Some(factor) = factor {
            let a = &mut decoded.activity;
            a.avg_cadence_spm = a.avg_cadence_spm.map(|c| c * factor);
            for s in &mut a.samples {
                s.cadence_spm = s.cadence_spm.map(|c| c * factor);
            }
        }
        decoded.activity.sport_source = backstride_core::activity::SportSource::File;
        decoded.activity.sport_label = entry_type.to_string();
        decoded
            .problems
            .retain(|p| !p.starts_with(super::gpx::NO_SPORT_PROBLEM));
        if !from.is_empty() {
            decoded.problems.push(format!(
                "sport {entry_type} from the {from} export's workout"
            ));
        }
    }
    decoded
}
