//! `DecodeError`: why a file could not be read at all. Each message names
//! the problem precisely enough for a one-line import report ("truncated
//! at byte 1 234", "bad CRC", "XML error at line 12"). Problems that still
//! leave an activity are not errors: they travel in `Decoded::problems`.

use super::Format;

/// Why an activity file (or an archive) could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Zero bytes, or only whitespace.
    #[error("the file is empty")]
    Empty,

    /// The content is none of FIT, GPX, TCX, gzip or zip.
    #[error("not an activity file: {detail}")]
    NotRecognised {
        /// What was seen instead.
        detail: String,
    },

    /// The data stops before its own structure says it should.
    #[error("truncated {format} file: the data ends at byte {at}{}", expected_note(*.at, *.expected))]
    Truncated {
        /// The format being read.
        format: Format,
        /// The length of the data (where it stopped).
        at: u64,
        /// The length the header promised, where it says.
        expected: Option<u64>,
    },

    /// A FIT header or data checksum does not match.
    #[error(
        "bad FIT CRC in the {part}: the file says {found:#06x}, the data gives {calculated:#06x}"
    )]
    BadCrc {
        /// `header` or `data`.
        part: &'static str,
        /// The CRC stored in the file.
        found: u16,
        /// The CRC computed over the bytes.
        calculated: u16,
    },

    /// The bytes do not start with a FIT header.
    #[error("not a FIT file: {detail}")]
    NotFit {
        /// What is wrong with the header.
        detail: String,
    },

    /// The FIT data is structurally broken (e.g. data before its definition).
    #[error("corrupt FIT data near byte {at}: {detail}")]
    CorruptFit {
        /// Byte offset where decoding stopped.
        at: u64,
        /// What the decoder found.
        detail: String,
    },

    /// A FIT file that decodes but holds no activity (a course, settings...).
    #[error("the FIT file holds no activity (no records, laps or sessions; file type {file_type})")]
    NoActivity {
        /// The `file_id` type as the file names it.
        file_type: String,
    },

    /// A well-formed file that is something else than a recorded activity:
    /// device settings, monitoring, weight, a workout or a course (FIT),
    /// a planned route (GPX), a course or workout (TCX). Not a failure:
    /// an import skips it and says why.
    #[error("not an activity: {what}")]
    NotAnActivity {
        /// What the file is instead, e.g. "a FIT settings file".
        what: String,
    },

    /// What could be read before damage is too little to be an activity.
    #[error("{detail}: too little to be an activity")]
    TooLittle {
        /// What was there.
        detail: String,
    },

    /// Records exist, but not one valid timestamp to place the activity.
    #[error("the {format} file has no valid timestamp to start the activity at")]
    NoStartTime {
        /// The format read.
        format: Format,
    },

    /// XML that does not parse.
    #[error("XML error in {format} at line {line}, column {column}: {detail}")]
    Xml {
        /// GPX or TCX.
        format: Format,
        /// 1-based line.
        line: u64,
        /// 1-based column (in bytes).
        column: u64,
        /// The parser's message.
        detail: String,
    },

    /// JSON that does not parse, or does not have the shape of its format.
    #[error("JSON error in {format} at line {line}, column {column}: {detail}")]
    Json {
        /// Polar Flow or Suunto JSON.
        format: Format,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: u64,
        /// The parser's message.
        detail: String,
    },

    /// Well-formed, but nothing with a time to build an activity from.
    #[error("the {format} file has no trackpoints with a time")]
    NoTrackpoints {
        /// GPX or TCX.
        format: Format,
    },

    /// gzip data that does not inflate.
    #[error("corrupt gzip data: {detail}")]
    Gzip {
        /// The inflater's message.
        detail: String,
    },

    /// Decompressed data past the configured cap (a zip bomb, or a file far
    /// larger than any real activity).
    #[error("decompressed size exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The cap, bytes.
        limit: u64,
    },

    /// A zip archive that cannot be read.
    #[error("zip archive error: {detail}")]
    Zip {
        /// The zip reader's message.
        detail: String,
    },

    /// Archives nested deeper than the configured limit.
    #[error("archives nested more than {limit} deep")]
    TooDeep {
        /// The nesting limit.
        limit: u8,
    },

    /// Reading the input failed.
    #[error("read error: {detail}")]
    Io {
        /// The I/O error's message.
        detail: String,
    },
}

impl DecodeError {
    /// Whether the file is fine but is not an activity, so an import skips
    /// it rather than failing it.
    pub fn is_not_an_activity(&self) -> bool {
        matches!(self, DecodeError::NotAnActivity { .. })
    }
}

fn expected_note(at: u64, expected: Option<u64>) -> String {
    match expected {
        Some(n) if n > at => format!(" of the {n} its header promises"),
        _ => String::new(),
    }
}

impl From<std::io::Error> for DecodeError {
    fn from(err: std::io::Error) -> Self {
        DecodeError::Io {
            detail: err.to_string(),
        }
    }
}
