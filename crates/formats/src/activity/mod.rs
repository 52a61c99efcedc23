//! Recorded activities from files: bytes in, [`Activity`] out.
//!
//! One entry point, [`decode`], takes a file's bytes and its name (a hint
//! only: the content decides) and returns the activity with the problems it
//! met on the way, or a [`DecodeError`] saying precisely why not. FIT, GPX
//! 1.0/1.1, TCX, Polar Flow training sessions and session CSVs, and
//! Suunto JSON logs are read, each optionally gzip-compressed. Archives
//! (Strava bulk exports, Garmin exports, nested zips) are walked one entry
//! at a time by [`visit_archive`].
//!
//! Code map: `detect` sniffs the format, `gzip` inflates with a cap, `fit`
//! wraps rustyfit behind one `decode_fit()`, `gpx` and `tcx` are streaming
//! quick-xml readers, `polar` and `suunto` serde_json readers over
//! `json`'s shared parts, `polar_csv` Polar's session CSV, `summary` turns samples into totals, `sport` maps the
//! files' sport names, `archive` walks zips.
//!
//! ```
//! use backstride_formats::activity::{decode, DecodeError};
//! assert_eq!(decode("run.fit", b"").unwrap_err(), DecodeError::Empty);
//! ```

mod archive;
mod detect;
mod error;
mod fit;
mod gpx;
mod gzip;
mod json;
mod polar;
mod polar_csv;
mod sport;
mod summary;
mod suunto;
mod tcx;
mod xml;

use backstride_core::activity::Activity;

pub use archive::{ArchiveEntry, ArchiveStats, visit_archive, visit_archive_with};
pub use detect::format_from_name;
pub use error::DecodeError;
pub use json::MAX_JSON_BYTES;
pub use summary::{ASCENT_HYSTERESIS_M, MAX_MOVING_GAP_S, MOVING_SPEED_MPS};

/// An activity file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Garmin's Flexible and Interoperable Data Transfer protocol.
    Fit,
    /// GPS Exchange Format 1.0 or 1.1.
    Gpx,
    /// Garmin Training Center XML.
    Tcx,
    /// A workout an Apple Health `export.xml` lists without a route: its
    /// totals only (never sniffed from a file of its own).
    AppleHealth,
    /// A Polar Flow export's `training-session-*.json` (known by its name).
    PolarFlow,
    /// A Suunto `DeviceLog` or SuuntoLink JSON log.
    SuuntoJson,
    /// Polar Flow's single-session CSV (a summary, then a sample table).
    PolarCsv,
}

impl Format {
    /// A short name for messages and storage (`FIT`, `GPX`, `TCX`,
    /// `Apple Health`, `Polar Flow`, `Suunto JSON`, `Polar CSV`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Fit => "FIT",
            Format::Gpx => "GPX",
            Format::Tcx => "TCX",
            Format::AppleHealth => "Apple Health",
            Format::PolarFlow => "Polar Flow",
            Format::SuuntoJson => "Suunto JSON",
            Format::PolarCsv => "Polar CSV",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A decoded activity file: the activity, where it came from, and what was
/// wrong with it but did not stop it (result plus problems).
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The activity: the file's first (or only) one.
    pub activity: Activity,
    /// The file's further activities, in time order: the other legs of a
    /// multisport recording (a FIT file with several sessions, a TCX
    /// `MultiSportSession`), or a TCX history's further activities.
    pub legs: Vec<Activity>,
    /// Whether `activity` and `legs` are the legs of one multisport
    /// recording (to be linked), rather than unrelated activities.
    pub multisport: bool,
    /// The format the content turned out to be.
    pub format: Format,
    /// Whether the bytes were gzip-compressed.
    pub gzipped: bool,
    /// A title, where the file or an archive index gives one.
    pub title: Option<String>,
    /// Whether the name said another format than the content.
    pub mislabelled: bool,
    /// Problems met that still left an activity (broken trackpoints,
    /// a trailing partial FIT sequence, a mislabelled name...).
    pub problems: Vec<String>,
}

/// Caps that keep hostile input from exhausting memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest decompressed size of one file or archive entry, bytes.
    pub max_entry_bytes: u64,
    /// How deep archives may nest inside archives.
    pub max_nesting: u8,
}

/// 512 MiB: far above any real activity file (a 24 h FIT at 1 Hz is about
/// 3 MB), far below what would hurt.
pub const MAX_ENTRY_BYTES: u64 = 512 * 1024 * 1024;

/// 128 MiB: the most read from disk for one activity file as it lies there
/// (gzipped or not; it may inflate up to [`MAX_ENTRY_BYTES`]). A day-long
/// 1 Hz GPX with heart rate and cadence is about 30 MB. Zip archives are
/// walked entry by entry, never read whole, so this cap is not theirs.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entry_bytes: MAX_ENTRY_BYTES,
            max_nesting: 4,
        }
    }
}

/// Decodes one activity file (FIT, GPX or TCX, optionally gzipped).
///
/// `name_hint` is the file name as the user has it; it only breaks ties and
/// flags mislabelled files: the content decides the format.
pub fn decode(name_hint: &str, bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_with(name_hint, bytes, &Limits::default())
}

/// [`decode`] with explicit limits.
pub fn decode_with(name_hint: &str, bytes: &[u8], limits: &Limits) -> Result<Decoded, DecodeError> {
    if detect::is_gzip(bytes) {
        let inflated = gzip::inflate(bytes, limits.max_entry_bytes)?;
        if detect::is_gzip(&inflated) {
            return Err(DecodeError::NotRecognised {
                detail: "gzip inside gzip".to_string(),
            });
        }
        let inner_name = detect::strip_gz(name_hint);
        let mut decoded = decode_plain(inner_name, &inflated)?;
        decoded.gzipped = true;
        if !detect::has_gz_extension(name_hint) {
            decoded.mislabelled = true;
            decoded.problems.insert(
                0,
                format!(
                    "the content is gzip-compressed but the name {name_hint:?} does not end in .gz"
                ),
            );
        }
        return Ok(decoded);
    }
    let mut decoded = decode_plain(name_hint, bytes)?;
    if detect::has_gz_extension(name_hint) {
        decoded.problems.push(format!(
            "the name {name_hint:?} ends in .gz but the content is not compressed"
        ));
    }
    Ok(decoded)
}

fn decode_plain(name_hint: &str, bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let named = detect::format_from_name(name_hint);
    let (format, parts) = match detect::sniff(bytes)? {
        detect::Sniffed::Format(found) => (found, decode_format(found, bytes)?),
        detect::Sniffed::Zip => {
            return Err(DecodeError::NotRecognised {
                detail: "this is a zip archive: read it as an archive".to_string(),
            });
        }
        // Unknown content: let the named parser give the precise reason.
        detect::Sniffed::Unknown(detail) => match named {
            Some(format) => (format, decode_format(format, bytes)?),
            None => return Err(DecodeError::NotRecognised { detail }),
        },
    };
    let Parts {
        activities,
        title,
        mut problems,
        multisport,
    } = parts;
    let mut activities = activities.into_iter();
    let activity = activities
        .next()
        .ok_or(DecodeError::NoTrackpoints { format })?;
    let legs: Vec<Activity> = activities.collect();
    let multisport = multisport && !legs.is_empty();
    let mislabelled = named.is_some_and(|n| n != format);
    if let Some(named) = named.filter(|n| *n != format) {
        problems.insert(
            0,
            format!("the content is {format} but the name {name_hint:?} says {named}"),
        );
    }
    Ok(Decoded {
        activity,
        legs,
        multisport,
        format,
        gzipped: false,
        title,
        mislabelled,
        problems,
    })
}

/// What a format's reader gives: its activities (at least one), a title,
/// problems, and whether the activities are legs of one recording.
struct Parts {
    activities: Vec<Activity>,
    title: Option<String>,
    problems: Vec<String>,
    multisport: bool,
}

fn decode_format(format: Format, bytes: &[u8]) -> Result<Parts, DecodeError> {
    match format {
        Format::Fit => fit::decode_fit(bytes).map(|(activities, problems)| Parts {
            multisport: activities.len() > 1,
            activities,
            title: None,
            problems,
        }),
        Format::Gpx => gpx::decode_gpx(bytes).map(|(activity, title, problems)| Parts {
            activities: vec![activity],
            title,
            problems,
            multisport: false,
        }),
        Format::Tcx => tcx::decode_tcx(bytes).map(|(activities, multisport, problems)| Parts {
            activities,
            title: None,
            problems,
            multisport,
        }),
        Format::PolarFlow => {
            polar::decode_polar(bytes).map(|(activities, multisport, problems)| Parts {
                activities,
                title: None,
                problems,
                multisport,
            })
        }
        Format::SuuntoJson => suunto::decode_suunto(bytes).map(|(activity, problems)| Parts {
            activities: vec![activity],
            title: None,
            problems,
            multisport: false,
        }),
        Format::PolarCsv => polar_csv::decode_polar_csv(bytes).map(|(activity, problems)| Parts {
            activities: vec![activity],
            title: None,
            problems,
            multisport: false,
        }),
        Format::AppleHealth => Err(DecodeError::NotRecognised {
            detail: "an Apple Health workout is read from its export's export.xml".to_owned(),
        }),
    }
}
