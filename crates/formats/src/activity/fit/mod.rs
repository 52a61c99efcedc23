//! FIT decoding. rustyfit (CRATES.md: 5x faster than fitparser) is hidden
//! behind one function, [`decode_fit`]: this file streams each chained FIT
//! sequence through the decoder and sorts the messages we use into
//! [`FitParts`]; `build` turns them into an `Activity`. Developer fields
//! and unknown messages pass through the decoder and are ignored here.
//!
//! The streaming API lends each message instead of cloning all of them
//! into a list (rustyfit's `decode`): that clone and its frees were about
//! 15 % of FIT decoding time. A sequence's messages are kept aside until
//! its CRC has checked, so a broken chained sequence still adds nothing.

mod build;
mod totals;

use backstride_core::activity::Activity;
use rustyfit::{
    Decoder, DecoderError, DecoderEvent as Event, StreamingIterator,
    profile::{mesgdef, typedef::MesgNum},
    proto::Message,
};

use super::{DecodeError, Format};

/// The messages an activity is built from, in file order.
#[derive(Debug, Default)]
pub(crate) struct FitParts {
    pub file_ids: Vec<mesgdef::FileId>,
    pub devices: Vec<mesgdef::DeviceInfo>,
    pub sessions: Vec<mesgdef::Session>,
    pub laps: Vec<mesgdef::Lap>,
    pub records: Vec<mesgdef::Record>,
    pub activities: Vec<mesgdef::Activity>,
    pub sports: Vec<mesgdef::Sport>,
}

impl FitParts {
    /// Adds a whole checked sequence's messages.
    fn append(&mut self, mut other: FitParts) {
        self.file_ids.append(&mut other.file_ids);
        self.devices.append(&mut other.devices);
        self.sessions.append(&mut other.sessions);
        self.laps.append(&mut other.laps);
        self.records.append(&mut other.records);
        self.activities.append(&mut other.activities);
        self.sports.append(&mut other.sports);
    }

    fn take(&mut self, mesg: &Message) {
        match mesg.num {
            MesgNum::RECORD => self.records.push(mesgdef::Record::from(mesg)),
            MesgNum::LAP => self.laps.push(mesgdef::Lap::from(mesg)),
            MesgNum::SESSION => self.sessions.push(mesgdef::Session::from(mesg)),
            MesgNum::FILE_ID => self.file_ids.push(mesgdef::FileId::from(mesg)),
            MesgNum::DEVICE_INFO => self.devices.push(mesgdef::DeviceInfo::from(mesg)),
            MesgNum::ACTIVITY => self.activities.push(mesgdef::Activity::from(mesg)),
            MesgNum::SPORT => self.sports.push(mesgdef::Sport::from(mesg)),
            _ => {}
        }
    }
}

/// Decodes a whole FIT file (all chained sequences) into an activity.
///
/// The first sequence must decode cleanly (CRC included). A later chained
/// sequence that is broken is dropped with a problem: the activity read so
/// far stays.
pub(crate) fn decode_fit(bytes: &[u8]) -> Result<(Activity, Vec<String>), DecodeError> {
    let mut problems = Vec::new();
    let parts = match read_sequences(bytes, true, &mut problems) {
        // Some old devices write 0x0000 instead of the data CRC: read the
        // file unchecked, and say so.
        Err(DecodeError::BadCrc {
            part: "data",
            found: 0,
            ..
        }) => {
            problems.clear();
            problems.push(
                "the file carries no data CRC (0x0000): its integrity was not checked".to_string(),
            );
            read_sequences(bytes, false, &mut problems)?
        }
        other => other?,
    };
    let activity = build::build_activity(parts, &mut problems)?;
    Ok((activity, problems))
}

fn read_sequences(
    bytes: &[u8],
    checksum: bool,
    problems: &mut Vec<String>,
) -> Result<FitParts, DecodeError> {
    let total = bytes.len() as u64;
    let mut reader: &[u8] = bytes;
    let mut decoder = Decoder::builder().checksum(checksum).build();
    let mut parts = FitParts::default();
    let mut sequences = 0usize;
    loop {
        let start = total - reader.len() as u64;
        let expected = promised_end(bytes, start);
        // One sequence: header, messages, CRC. `Ok(false)` is the end of
        // the input before another header.
        let mut sequence = FitParts::default();
        let outcome = {
            let mut stream = decoder.stream(&mut reader);
            loop {
                match stream.next() {
                    None => break Ok(false),
                    Some(Ok(Event::Message(mesg))) => sequence.take(mesg),
                    Some(Ok(Event::Crc(_))) => break Ok(true),
                    Some(Ok(_)) => {}
                    Some(Err(err)) => break Err(err),
                }
            }
        };
        match outcome {
            Ok(true) => {
                parts.append(sequence);
                sequences += 1;
            }
            Ok(false) => break,
            Err(err) => {
                let at = total - reader.len() as u64;
                let err = map_error(
                    err,
                    at,
                    total,
                    expected,
                    bytes.get(usize::try_from(start).unwrap_or(usize::MAX)..),
                );
                if sequences == 0 {
                    return Err(err);
                }
                problems.push(format!(
                    "chained FIT data from byte {start} is unreadable and was ignored ({err}); kept the first {sequences} sequence(s)"
                ));
                break;
            }
        }
        // Some writers pad files with zeros after the last CRC.
        if !reader.is_empty() && reader.iter().all(|b| *b == 0) {
            problems.push(format!(
                "{} zero bytes of padding after the FIT data were ignored",
                reader.len()
            ));
            break;
        }
    }
    Ok(parts)
}

/// Where the sequence starting at `start` says it ends (header + data + CRC).
fn promised_end(bytes: &[u8], start: u64) -> Option<u64> {
    let start_index = usize::try_from(start).ok()?;
    let header = bytes.get(start_index..start_index.checked_add(8)?)?;
    let (&size, size_bytes) = (header.first()?, header.get(4..8)?);
    let data_size = u32::from_le_bytes(size_bytes.try_into().ok()?);
    Some(start + u64::from(size) + u64::from(data_size) + 2)
}

fn map_error(
    err: DecoderError<core::convert::Infallible>,
    at: u64,
    total: u64,
    expected: Option<u64>,
    sequence: Option<&[u8]>,
) -> DecodeError {
    match err {
        // The reader stops before a read it cannot complete: the data ends
        // at the end of the input, wherever that read began.
        DecoderError::UnexpectedEof => DecodeError::Truncated {
            format: Format::Fit,
            at: total,
            expected,
        },
        DecoderError::NotFITFile => DecodeError::NotFit {
            detail: describe_header(sequence.unwrap_or_default()),
        },
        DecoderError::ChecksumMismatch { found, calculated } => DecodeError::BadCrc {
            part: if expected.is_some_and(|end| at < end.saturating_sub(2)) {
                "header"
            } else {
                "data"
            },
            found,
            calculated,
        },
        DecoderError::MissingMessageDefinition { local_mesg_num } => DecodeError::CorruptFit {
            at,
            detail: format!("data message for local type {local_mesg_num} before its definition"),
        },
        DecoderError::Io { err } => match err {},
    }
}

fn describe_header(sequence: &[u8]) -> String {
    match sequence.first() {
        Some(size) if *size != 12 && *size != 14 => {
            format!("the header size byte is {size} (a FIT header is 12 or 14 bytes)")
        }
        Some(_) => match sequence.get(8..12) {
            Some(tag) => format!(
                "bytes 8..12 are {:?}, not \".FIT\"",
                String::from_utf8_lossy(tag)
            ),
            None => "the header is cut short".to_string(),
        },
        None => "no header".to_string(),
    }
}
