//! What the JSON activity readers ([`super::polar`], [`super::suunto`])
//! share: recognising a JSON activity by its first bytes, parsing with
//! serde_json under a size cap into a clear [`DecodeError::Json`], Polar's
//! bare `NaN` tokens (not JSON) read as `null`, and a timeline that merges
//! separately recorded series (heart rate, speed, GPS...) into one sample
//! a second.

use std::borrow::Cow;
use std::collections::BTreeMap;

use backstride_core::activity::Sample;
use serde::de::DeserializeOwned;

use super::{DecodeError, Format};

/// 64 MiB: the most JSON one activity may be. A day-long 1 Hz Polar
/// session with six series and a route is about 30 MB; the parsed form of
/// JSON takes a few times its size in memory, so the general entry cap
/// ([`super::MAX_ENTRY_BYTES`]) would be too generous here.
pub const MAX_JSON_BYTES: usize = 64 * 1024 * 1024;

/// How far into a file to look for a Suunto marker.
const SNIFF_BYTES: usize = 64 * 1024;

/// The JSON activity format the content shows, if any: a Suunto
/// `DeviceLog` or SuuntoLink sample list (a Polar training session is
/// known by its file name only: the export's other files, training
/// targets among them, look too much alike inside).
pub(crate) fn sniff(bytes: &[u8]) -> Option<Format> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    if text.get(start) != Some(&b'{') {
        return None;
    }
    let head = &text[start..text.len().min(start + SNIFF_BYTES)];
    let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
    (has(b"\"DeviceLog\"") || (has(b"\"Samples\"") && has(b"\"TimeISO8601\"")))
        .then_some(Format::SuuntoJson)
}

/// Parses `bytes` as `T`, refusing more than [`MAX_JSON_BYTES`].
pub(crate) fn parse<T: DeserializeOwned>(format: Format, bytes: &[u8]) -> Result<T, DecodeError> {
    if bytes.len() > MAX_JSON_BYTES {
        return Err(DecodeError::TooLarge {
            limit: MAX_JSON_BYTES as u64,
        });
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = nan_as_null(text);
    serde_json::from_slice(&text).map_err(|err| DecodeError::Json {
        format,
        line: err.line() as u64,
        column: err.column() as u64,
        detail: json_detail(&err),
    })
}

/// serde_json's message without its own " at line L column C" suffix
/// (the error states the place itself).
fn json_detail(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The bytes with every bare `NaN` (outside strings) written as `null`:
/// Polar writes `NaN` for a sensor dropout inside its sample arrays.
/// Borrowed when there is none.
pub(crate) fn nan_as_null(bytes: &[u8]) -> Cow<'_, [u8]> {
    if memchr::memmem::find(bytes, b"NaN").is_none() {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if bytes[i..].starts_with(b"NaN") {
            out.extend_from_slice(b"null");
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    Cow::Owned(out)
}

/// Samples keyed by whole seconds from a reference time: series recorded
/// apart (a heart rate at .384 s, a GPS fix at .482 s) meet in one sample,
/// at the nearest second.
#[derive(Debug, Default)]
pub(crate) struct Timeline {
    points: BTreeMap<i64, Sample>,
}

/// Most samples one activity may hold: 10 days at 1 Hz. Far past any
/// real recording; a hostile file cannot grow the map without end.
const MAX_SAMPLES: usize = 864_000;

impl Timeline {
    /// The sample at `ms` milliseconds from the reference (rounded to the
    /// second), created if new; `None` when the time is not finite or the
    /// timeline is full.
    pub(crate) fn at(&mut self, ms: f64) -> Option<&mut Sample> {
        if !ms.is_finite() || ms.abs() > 1e13 {
            return None;
        }
        let key = (ms / 1000.0).round() as i64;
        if self.points.len() >= MAX_SAMPLES && !self.points.contains_key(&key) {
            return None;
        }
        Some(self.points.entry(key).or_insert_with(|| Sample {
            t_s: key as f64,
            lat: None,
            lon: None,
            altitude_m: None,
            distance_m: None,
            heart_rate: None,
            cadence_spm: None,
            speed_mps: None,
        }))
    }

    /// The samples in time order, timed from the earliest of the reference
    /// and the first sample, and that start's offset from the reference in
    /// seconds (zero, or negative when a sample came before it).
    pub(crate) fn finish(self) -> (Vec<Sample>, i64) {
        let first = self.points.keys().next().copied().unwrap_or(0).min(0);
        let samples = self
            .points
            .into_values()
            .map(|mut s| {
                s.t_s -= first as f64;
                s
            })
            .collect();
        (samples, first)
    }
}

/// A heart rate in beats per minute as a sample holds it (none for zero,
/// negative or impossible values).
pub(crate) fn heart_rate(bpm: f64) -> Option<u8> {
    (1.0..255.5).contains(&bpm).then(|| bpm.round() as u8)
}

/// A finite number, else none.
pub(crate) fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_outside_strings_becomes_null() {
        let text = br#"{"name":"NaN run \"NaN\"","values":[1,NaN,3]}"#;
        let fixed = nan_as_null(text);
        assert_eq!(
            std::str::from_utf8(&fixed).ok(),
            Some(r#"{"name":"NaN run \"NaN\"","values":[1,null,3]}"#)
        );
        assert!(matches!(nan_as_null(b"[1,2]"), Cow::Borrowed(_)));
    }

    #[test]
    fn errors_name_the_place() {
        let err = parse::<serde_json::Value>(Format::PolarFlow, b"{\n \"a\": [1,\n }")
            .expect_err("broken");
        match err {
            DecodeError::Json { line, detail, .. } => {
                assert_eq!(line, 3);
                assert!(!detail.contains("at line"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn suunto_logs_are_sniffed_and_other_json_is_not() {
        assert_eq!(
            sniff(b" {\"DeviceLog\": {\"Header\": {}}}"),
            Some(Format::SuuntoJson)
        );
        assert_eq!(
            sniff(b"{\"Samples\":[{\"TimeISO8601\":\"2019-01-01T00:00:00Z\"}]}"),
            Some(Format::SuuntoJson)
        );
        assert_eq!(sniff(b"{\"exercises\": []}"), None);
        assert_eq!(sniff(b"[\"DeviceLog\"]"), None);
    }

    #[test]
    fn the_timeline_merges_to_the_nearest_second() {
        let mut t = Timeline::default();
        if let Some(s) = t.at(1384.0) {
            s.heart_rate = Some(120);
        }
        if let Some(s) = t.at(1_482.0) {
            s.lat = Some(60.0);
        }
        if let Some(s) = t.at(-2_000.0) {
            s.heart_rate = Some(90);
        }
        assert!(t.at(f64::NAN).is_none());
        let (samples, first) = t.finish();
        assert_eq!(first, -2);
        assert_eq!(samples.len(), 2);
        assert_eq!(samples[1].t_s, 3.0);
        assert_eq!(
            (samples[1].heart_rate, samples[1].lat),
            (Some(120), Some(60.0))
        );
    }
}
