//! The compact, versioned binary layout that keeps an activity's samples in
//! one BLOB instead of one row per sample, and ([`heart_rate`]) the small
//! blob of the seconds spent at each heart rate that insights reads instead.
//!
//! # Layout, version 1
//!
//! ```text
//! u8       version = 1
//! varint   n, the number of samples
//! then eight columns, in this order:
//!          t_s, lat, lon, altitude_m, distance_m, heart_rate, cadence_spm, speed_mps
//! each column:
//!   u8     presence: 0 = no sample has it, 1 = every sample has it,
//!                    2 = a bitmap follows: ceil(n / 8) bytes, sample i is
//!                        bit (i % 8) of byte (i / 8), lowest bit first
//!   then, only when some sample has it, the present values in sample order:
//!     heart_rate: one byte per value
//!     the f64 columns: one encoding byte, then one varint per value
//!                      (see the `column` module: exact fixed point or raw bits)
//! ```
//!
//! Varints are unsigned LEB128; a blob must be read to its last byte.
//! `t_s` must be present in every sample (it is not optional in
//! [`Sample`]). A gap (`None`) is a gap, never a zero: it is recorded in the
//! presence bitmap and comes back as `None`.
//!
//! # Guarantees
//!
//! - Lossless: `decode(&encode(s))` gives back every field bit for bit,
//!   including NaN payloads, infinities and `-0.0` (such values make their
//!   column use the raw encoding). Callers comparing samples with `==` should
//!   remember that NaN is never equal to itself.
//! - Compact: a 1 Hz run from a watch takes about 10-20 bytes a sample instead
//!   of the 64 bytes of raw `f64`s.
//! - Total: `decode` of any bytes returns samples or a [`BlobError`], never
//!   panics, and never allocates more than the blob's length in samples.

mod column;
pub mod heart_rate;
mod varint;

use backstride_core::activity::Sample;
use backstride_core::activity::hr::HrTimeError;

use self::column::{put_f64s, read_f64s};
use self::varint::{Reader, put_u64};

/// The layout version written by [`encode`].
pub const FORMAT_VERSION: u8 = 1;

const NONE: u8 = 0;
const ALL: u8 = 1;
const BITMAP: u8 = 2;

/// Why a blob could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlobError {
    /// The blob ends before its layout says it should.
    #[error("sample blob is truncated")]
    Truncated,
    /// A layout version this code does not know.
    #[error("sample blob has unknown layout version {0}")]
    UnknownVersion(u8),
    /// A presence byte other than 0, 1 or 2.
    #[error("sample blob has unknown presence kind {0}")]
    UnknownPresence(u8),
    /// A column encoding byte this code does not know.
    #[error("sample blob has unknown column encoding {0}")]
    UnknownEncoding(u8),
    /// A varint longer than ten bytes or beyond 64 bits.
    #[error("sample blob has an overlong varint")]
    VarintOverflow,
    /// The time column does not cover every sample.
    #[error("sample blob lacks the time of some samples")]
    MissingTime,
    /// More samples announced than the blob could possibly hold.
    #[error("sample blob announces {0} samples, more than it can hold")]
    ImplausibleCount(u64),
    /// Bytes left over after the last column.
    #[error("sample blob has {0} trailing bytes")]
    TrailingBytes(usize),
    /// A heart-rate time blob whose parts no samples could give.
    #[error("{0}")]
    HeartRateTime(HrTimeError),
}

/// An activity's samples encoded by [`encode`], with their number: what
/// [`crate::Store::import_activity_encoded`] stores. Encoding is a good
/// part of an import's work; made this way, it can run on the threads that
/// decode files instead of the one that writes to the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    count: usize,
    bytes: Vec<u8>,
}

impl Encoded {
    /// Encodes `samples`.
    pub fn new(samples: &[Sample]) -> Self {
        Encoded {
            count: samples.len(),
            bytes: encode(samples),
        }
    }

    /// How many samples were encoded.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The blob.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Encodes samples in the version-1 layout.
pub fn encode(samples: &[Sample]) -> Vec<u8> {
    // A watch's 1 Hz samples take 15-20 bytes each, and writing a column
    // makes room for 10 bytes a value first: one allocation for all.
    let mut out = Vec::with_capacity(16 + samples.len() * 32);
    out.push(FORMAT_VERSION);
    put_u64(&mut out, samples.len() as u64);
    put_f64_column(&mut out, samples, |s| Some(s.t_s));
    put_f64_column(&mut out, samples, |s| s.lat);
    put_f64_column(&mut out, samples, |s| s.lon);
    put_f64_column(&mut out, samples, |s| s.altitude_m);
    put_f64_column(&mut out, samples, |s| s.distance_m);
    let heart: Vec<u8> = samples.iter().filter_map(|s| s.heart_rate).collect();
    put_presence(&mut out, samples, heart.len(), |s| s.heart_rate.is_some());
    out.extend_from_slice(&heart);
    put_f64_column(&mut out, samples, |s| s.cadence_spm);
    put_f64_column(&mut out, samples, |s| s.speed_mps);
    out
}

/// Decodes a blob written by [`encode`].
pub fn decode(bytes: &[u8]) -> Result<Vec<Sample>, BlobError> {
    let mut reader = Reader::new(bytes);
    let version = reader.byte()?;
    if version != FORMAT_VERSION {
        return Err(BlobError::UnknownVersion(version));
    }
    let announced = reader.u64()?;
    // Every sample takes at least one byte of the time column.
    let n = usize::try_from(announced)
        .ok()
        .filter(|&n| n <= reader.remaining())
        .ok_or(BlobError::ImplausibleCount(announced))?;
    let mut samples = vec![Sample::default(); n];

    let times = read_f64_column(&mut reader, n)?;
    if times.iter().any(Option::is_none) {
        return Err(BlobError::MissingTime);
    }
    for (s, t) in samples.iter_mut().zip(times) {
        s.t_s = t.unwrap_or_default();
    }
    fill(&mut samples, read_f64_column(&mut reader, n)?, |s, v| {
        s.lat = v
    });
    fill(&mut samples, read_f64_column(&mut reader, n)?, |s, v| {
        s.lon = v
    });
    fill(&mut samples, read_f64_column(&mut reader, n)?, |s, v| {
        s.altitude_m = v
    });
    fill(&mut samples, read_f64_column(&mut reader, n)?, |s, v| {
        s.distance_m = v
    });
    let present = read_presence(&mut reader, n)?;
    let mut heart = reader.take(present.iter().filter(|&&p| p).count())?.iter();
    for (s, p) in samples.iter_mut().zip(present) {
        s.heart_rate = if p { heart.next().copied() } else { None };
    }
    fill(&mut samples, read_f64_column(&mut reader, n)?, |s, v| {
        s.cadence_spm = v
    });
    fill(&mut samples, read_f64_column(&mut reader, n)?, |s, v| {
        s.speed_mps = v
    });
    reader.finish()?;
    Ok(samples)
}

fn put_f64_column(out: &mut Vec<u8>, samples: &[Sample], field: fn(&Sample) -> Option<f64>) {
    let present: Vec<f64> = samples.iter().filter_map(field).collect();
    put_presence(out, samples, present.len(), |s| field(s).is_some());
    if !present.is_empty() {
        put_f64s(out, &present);
    }
}

/// Writes which samples have a value; `count` of them do.
fn put_presence(
    out: &mut Vec<u8>,
    samples: &[Sample],
    count: usize,
    has: impl Fn(&Sample) -> bool,
) {
    if count == 0 {
        out.push(NONE);
    } else if count == samples.len() {
        out.push(ALL);
    } else {
        out.push(BITMAP);
        for chunk in samples.chunks(8) {
            let byte = chunk
                .iter()
                .enumerate()
                .fold(0_u8, |byte, (i, s)| byte | (u8::from(has(s)) << i));
            out.push(byte);
        }
    }
}

fn read_presence(reader: &mut Reader<'_>, n: usize) -> Result<Vec<bool>, BlobError> {
    match reader.byte()? {
        NONE => Ok(vec![false; n]),
        ALL => Ok(vec![true; n]),
        BITMAP => {
            let bitmap = reader.take(n.div_ceil(8))?;
            Ok((0..n)
                .map(|i| bitmap[i / 8] & (1 << (i % 8)) != 0)
                .collect())
        }
        other => Err(BlobError::UnknownPresence(other)),
    }
}

fn read_f64_column(reader: &mut Reader<'_>, n: usize) -> Result<Vec<Option<f64>>, BlobError> {
    let present = read_presence(reader, n)?;
    let count = present.iter().filter(|&&p| p).count();
    if count == 0 {
        return Ok(vec![None; n]);
    }
    let mut values = read_f64s(reader, count)?.into_iter();
    Ok(present
        .into_iter()
        .map(|p| if p { values.next() } else { None })
        .collect())
}

fn fill(samples: &mut [Sample], column: Vec<Option<f64>>, set: fn(&mut Sample, Option<f64>)) {
    for (s, v) in samples.iter_mut().zip(column) {
        set(s, v);
    }
}
