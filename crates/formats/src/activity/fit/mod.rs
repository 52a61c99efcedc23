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
mod clock;
mod crc;
mod totals;

use backstride_core::activity::Activity;
use rustyfit::{
    Decoder, DecoderError, DecoderEvent as Event, StreamingIterator,
    profile::{
        mesgdef,
        typedef::{self, MesgNum},
    },
    proto::{Message, Value},
};

use super::{DecodeError, Format};

/// The fields of a `record` message that samples are made of, as
/// rustyfit's `mesgdef::Record` holds them (the same types, the same
/// "invalid" values when absent). A whole `Record` is several hundred
/// bytes with a hundred fields; an hour at 1 Hz is 3,600 of them, and
/// building, moving and dropping those was about a quarter of FIT decoding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RecordFields {
    pub timestamp: typedef::DateTime,
    pub position_lat: i32,
    pub position_long: i32,
    pub altitude: u16,
    pub heart_rate: u8,
    pub cadence: u8,
    pub distance: u32,
    pub speed: u16,
    pub fractional_cadence: u8,
    pub enhanced_speed: u32,
    pub enhanced_altitude: u32,
}

impl RecordFields {
    /// The fields of an empty `Record`.
    fn blank() -> Self {
        Self::of(&mesgdef::Record::new())
    }

    fn of(r: &mesgdef::Record) -> Self {
        RecordFields {
            timestamp: r.timestamp,
            position_lat: r.position_lat,
            position_long: r.position_long,
            altitude: r.altitude,
            heart_rate: r.heart_rate,
            cadence: r.cadence,
            distance: r.distance,
            speed: r.speed,
            fractional_cadence: r.fractional_cadence,
            enhanced_speed: r.enhanced_speed,
            enhanced_altitude: r.enhanced_altitude,
        }
    }

    /// Reads a `record` message as `Record::from` does, for our fields
    /// only (field numbers from the FIT profile; a repeated field: the
    /// last wins, as there).
    fn from_message(blank: Self, mesg: &Message) -> Self {
        let mut r = blank;
        // A value of another type reads as the type's invalid value.
        let u8_of = |v: &Value| if let Value::Uint8(x) = v { *x } else { u8::MAX };
        let u16_of = |v: &Value| {
            if let Value::Uint16(x) = v {
                *x
            } else {
                u16::MAX
            }
        };
        let u32_of = |v: &Value| {
            if let Value::Uint32(x) = v {
                *x
            } else {
                u32::MAX
            }
        };
        let i32_of = |v: &Value| {
            if let Value::Int32(x) = v {
                *x
            } else {
                i32::MAX
            }
        };
        for field in &mesg.fields {
            let value = &field.value;
            match field.num {
                253 => r.timestamp = typedef::DateTime(u32_of(value)),
                0 => r.position_lat = i32_of(value),
                1 => r.position_long = i32_of(value),
                2 => r.altitude = u16_of(value),
                3 => r.heart_rate = u8_of(value),
                4 => r.cadence = u8_of(value),
                5 => r.distance = u32_of(value),
                6 => r.speed = u16_of(value),
                53 => r.fractional_cadence = u8_of(value),
                73 => r.enhanced_speed = u32_of(value),
                78 => r.enhanced_altitude = u32_of(value),
                _ => {}
            }
        }
        r
    }

    /// Puts these fields into `record`, for its scaling methods.
    pub(crate) fn apply(&self, record: &mut mesgdef::Record) {
        record.timestamp = self.timestamp;
        record.position_lat = self.position_lat;
        record.position_long = self.position_long;
        record.altitude = self.altitude;
        record.heart_rate = self.heart_rate;
        record.cadence = self.cadence;
        record.distance = self.distance;
        record.speed = self.speed;
        record.fractional_cadence = self.fractional_cadence;
        record.enhanced_speed = self.enhanced_speed;
        record.enhanced_altitude = self.enhanced_altitude;
    }
}

/// The messages an activity is built from, in file order.
#[derive(Debug)]
pub(crate) struct FitParts {
    pub file_ids: Vec<mesgdef::FileId>,
    pub devices: Vec<mesgdef::DeviceInfo>,
    pub sessions: Vec<mesgdef::Session>,
    pub laps: Vec<mesgdef::Lap>,
    pub records: Vec<RecordFields>,
    pub activities: Vec<mesgdef::Activity>,
    pub sports: Vec<mesgdef::Sport>,
    /// Why reading stopped early, when whole records before the damage
    /// were kept.
    pub damage: Option<DecodeError>,
    /// `timestamp_correlation` messages: (UTC, system time) pairs.
    pub correlations: Vec<(typedef::DateTime, typedef::DateTime)>,
    /// The fields of an empty record, to start each record from.
    blank: RecordFields,
}

impl Default for FitParts {
    fn default() -> Self {
        FitParts {
            file_ids: Vec::new(),
            devices: Vec::new(),
            sessions: Vec::new(),
            laps: Vec::new(),
            records: Vec::new(),
            activities: Vec::new(),
            sports: Vec::new(),
            correlations: Vec::new(),
            damage: None,
            blank: RecordFields::blank(),
        }
    }
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
        self.correlations.append(&mut other.correlations);
    }

    fn take(&mut self, mesg: &Message) {
        match mesg.num {
            MesgNum::RECORD => self
                .records
                .push(RecordFields::from_message(self.blank, mesg)),
            MesgNum::LAP => self.laps.push(mesgdef::Lap::from(mesg)),
            MesgNum::SESSION => self.sessions.push(mesgdef::Session::from(mesg)),
            MesgNum::FILE_ID => self.file_ids.push(mesgdef::FileId::from(mesg)),
            MesgNum::DEVICE_INFO => self.devices.push(mesgdef::DeviceInfo::from(mesg)),
            MesgNum::ACTIVITY => self.activities.push(mesgdef::Activity::from(mesg)),
            MesgNum::SPORT => self.sports.push(mesgdef::Sport::from(mesg)),
            MesgNum::TIMESTAMP_CORRELATION => {
                let c = mesgdef::TimestampCorrelation::from(mesg);
                self.correlations.push((c.timestamp, c.system_timestamp));
            }
            _ => {}
        }
    }
}

/// Decodes a whole FIT file (all chained sequences) into an activity.
///
/// The first sequence must decode cleanly (CRC included). A later chained
/// sequence that is broken is dropped with a problem: the activity read so
/// far stays.
pub(crate) fn decode_fit(bytes: &[u8]) -> Result<(Vec<Activity>, Vec<String>), DecodeError> {
    let mut problems = Vec::new();
    let mut parts = match crc::check_zero_header_chain(bytes) {
        // rustyfit's CRC check is right for these headers.
        None => read_checked(bytes, &mut problems)?,
        Some(checked) => read_own_checked(bytes, &checked, &mut problems)?,
    };
    let damage = parts.damage.take();
    let activities = build::build_activities(parts, &mut problems)?;
    if let Some(damage) = damage {
        refuse_too_little(&activities, damage)?;
    }
    Ok((activities, problems))
}

/// Whole records kept from a damaged file make an activity only when there
/// are at least this many...
const MIN_SALVAGED_RECORDS: usize = 10;
/// ...spanning at least this many seconds.
const MIN_SALVAGED_S: f64 = 60.0;

fn refuse_too_little(activities: &[Activity], damage: DecodeError) -> Result<(), DecodeError> {
    let records: usize = activities.iter().map(|a| a.samples.len()).sum();
    let span: f64 = activities
        .iter()
        .map(|a| a.samples.last().map_or(0.0, |s| s.t_s))
        .sum();
    if records >= MIN_SALVAGED_RECORDS && span >= MIN_SALVAGED_S {
        return Ok(());
    }
    Err(DecodeError::TooLittle {
        detail: format!("{damage}; the {records} whole records before it span {span:.0} s"),
    })
}

/// Reads with rustyfit checking every CRC.
fn read_checked(bytes: &[u8], problems: &mut Vec<String>) -> Result<FitParts, DecodeError> {
    match read_sequences(bytes, true, problems) {
        // Some old devices write 0x0000 instead of the data CRC: read the
        // file unchecked, and say so.
        Err(DecodeError::BadCrc {
            part: "data",
            found: 0,
            ..
        }) => {
            problems.clear();
            problems.push(NO_DATA_CRC.to_string());
            read_sequences(bytes, false, problems)
        }
        other => other,
    }
}

const NO_DATA_CRC: &str = "the file carries no data CRC (0x0000): its integrity was not checked";

/// Reads a file whose CRCs we checked ourselves (a 14-byte header with
/// CRC 0x0000 somewhere in the chain), without rustyfit's check.
fn read_own_checked(
    bytes: &[u8],
    checked: &crc::Checked,
    problems: &mut Vec<String>,
) -> Result<FitParts, DecodeError> {
    let readable = match checked.bad {
        Some(bad) if checked.good == 0 && bad.found != 0 => {
            // An unterminated recording has no CRC where its header says:
            // its whole records are kept (and the note says the CRC could
            // not be checked); a file that reads through is damaged.
            let mut notes = Vec::new();
            return match read_sequences(bytes, false, &mut notes) {
                Ok(parts) if parts.damage.is_some() => {
                    problems.extend(notes);
                    Ok(parts)
                }
                _ => Err(bad.error()),
            };
        }
        // No data CRC at all (0x0000 there too): read unchecked, and say so.
        Some(_) if checked.good == 0 => {
            problems.push(NO_DATA_CRC.to_string());
            bytes
        }
        Some(bad) => {
            problems.push(format!(
                "chained FIT data from byte {} has a bad CRC (the file says {:#06x}, the data gives {:#06x}) and was ignored; kept the first {} sequence(s)",
                bad.start, bad.found, bad.calculated, checked.good
            ));
            bytes.get(..bad.start).unwrap_or(bytes)
        }
        None => bytes,
    };
    read_sequences(readable, false, problems)
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
                    Some(Ok(Event::Message(mesg))) => {
                        if mesg.num == MesgNum::FILE_ID
                            && sequences == 0
                            && sequence.file_ids.is_empty()
                            && let Some(what) = not_an_activity(&mesgdef::FileId::from(mesg))
                        {
                            // Settings, monitoring, courses...: no need to
                            // read further.
                            return Err(DecodeError::NotAnActivity { what });
                        }
                        sequence.take(mesg)
                    }
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
                let salvageable = matches!(
                    err,
                    DecoderError::UnexpectedEof | DecoderError::MissingMessageDefinition { .. }
                );
                let err = map_error(
                    err,
                    at,
                    total,
                    expected,
                    bytes.get(usize::try_from(start).unwrap_or(usize::MAX)..),
                );
                // Every whole message before the damage was read: keep
                // them (an unterminated recording, a file cut short).
                // The last records before the damage may be read from
                // damaged bytes: one whose time jumps by more than a day
                // from the one before it (or back) is not kept.
                let dropped = drop_garbled_tail(&mut sequence.records);
                let kept = sequence.records.len();
                if salvageable && (kept > 0 || !sequence.sessions.is_empty()) {
                    let garbled = if dropped > 0 {
                        format!(
                            ", and left out the {dropped} after them whose times jump by more than a day"
                        )
                    } else {
                        String::new()
                    };
                    problems.push(format!(
                        "{err}: kept the {kept} whole records before it{garbled} (the CRC at the end could not be checked)"
                    ));
                    parts.append(sequence);
                    parts.damage = Some(err);
                    break;
                }
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

/// Drops records at the end of a damaged sequence whose time jumps by
/// more than a day from the record before (forward or back); returns how
/// many.
fn drop_garbled_tail(records: &mut Vec<RecordFields>) -> usize {
    const DAY_S: i64 = 86_400;
    let mut dropped = 0;
    while let [.., before, last] = records.as_slice() {
        let jump = match (
            before.timestamp.unix_timestamp(),
            last.timestamp.unix_timestamp(),
        ) {
            (Some(a), Some(b)) => (b - a).abs() > DAY_S,
            _ => false,
        };
        if !jump {
            break;
        }
        records.pop();
        dropped += 1;
    }
    dropped
}

/// What a file is when its `file_id` names a type other than an activity
/// (an absent type is read as an activity).
fn not_an_activity(file_id: &mesgdef::FileId) -> Option<String> {
    let kind = file_id.r#type;
    if kind == typedef::File::ACTIVITY || kind.0 == u8::MAX {
        return None;
    }
    // rustyfit names known types and writes `File(n)` for the others.
    let name = kind.to_string();
    Some(if name.starts_with("File(") {
        format!("a FIT file of type {}", kind.0)
    } else {
        format!("a FIT {name} file")
    })
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
        // Data that runs on to the very end the header promises, or past
        // it, is not cut short: its last message does not end where the
        // data does (an unterminated recording, or a wrong size).
        DecoderError::UnexpectedEof if expected.is_some_and(|end| total >= end) => {
            DecodeError::CorruptFit {
                at: total,
                detail: format!(
                    "the last message runs past the end of the data the header declares ({} bytes with its CRC)",
                    expected.unwrap_or(total)
                ),
            }
        }
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
