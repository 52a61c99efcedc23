//! A small streaming XML walker over quick-xml shared by the GPX and TCX
//! readers: it tracks the path of local names (namespace prefixes such as
//! `ns3:` or `gpxtpx:` vary between writers, so only local names count),
//! gathers each element's text, and turns parser errors into
//! [`DecodeError::Xml`] with a line and column. Also: time and number
//! parsing as these formats write them.

use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::{
    XmlVersion,
    events::{BytesStart, Event},
    reader::Reader,
};

use super::{DecodeError, Format};

/// Receives elements as the walker meets them.
pub(crate) trait Handler {
    /// An element opened; `path` ends with its local name.
    fn start(&mut self, path: &[String], element: &BytesStart<'_>);
    /// An element closed; `path` still ends with its local name and `text`
    /// is its own trimmed text content (entities resolved).
    fn end(&mut self, path: &[String], text: &str);
}

/// Walks `bytes` as XML, calling `handler` for every element.
pub(crate) fn walk(
    format: Format,
    bytes: &[u8],
    handler: &mut dyn Handler,
) -> Result<(), DecodeError> {
    let mut reader = Reader::from_reader(bytes);
    let mut path: Vec<String> = Vec::with_capacity(16);
    let mut texts: Vec<String> = Vec::with_capacity(16);
    loop {
        let event = reader
            .read_event()
            .map_err(|err| error_at(format, bytes, reader.error_position(), &err.to_string()))?;
        match event {
            Event::Start(e) => {
                path.push(e.local_name().as_ref().to_string());
                texts.push(String::new());
                handler.start(&path, &e);
            }
            Event::Empty(e) => {
                path.push(e.local_name().as_ref().to_string());
                handler.start(&path, &e);
                handler.end(&path, "");
                path.pop();
            }
            Event::End(_) => {
                let text = texts.pop().unwrap_or_default();
                handler.end(&path, text.trim());
                path.pop();
            }
            Event::Text(t) => {
                if let Some(buf) = texts.last_mut() {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(buf) = texts.last_mut() {
                    buf.push_str(c.as_ref());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(buf) = texts.last_mut() {
                    push_entity(buf, r.as_ref().as_bytes());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = path.last() {
        return Err(error_at(
            format,
            bytes,
            bytes.len() as u64,
            &format!("the document ends inside <{open}>"),
        ));
    }
    Ok(())
}

fn push_entity(buf: &mut String, name: &[u8]) {
    let resolved = match name {
        b"amp" => Some('&'),
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"quot" => Some('"'),
        b"apos" => Some('\''),
        [b'#', b'x' | b'X', hex @ ..] => std::str::from_utf8(hex)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32),
        [b'#', dec @ ..] => std::str::from_utf8(dec)
            .ok()
            .and_then(|d| d.parse().ok())
            .and_then(char::from_u32),
        _ => None,
    };
    if let Some(c) = resolved {
        buf.push(c);
    }
}

/// An XML error at byte `pos`, with 1-based line and column.
pub(crate) fn error_at(format: Format, bytes: &[u8], pos: u64, detail: &str) -> DecodeError {
    let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(bytes.len());
    let before = bytes.get(..pos).unwrap_or_default();
    let line = before.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    DecodeError::Xml {
        format,
        line,
        column: (pos - line_start) as u64 + 1,
        detail: detail.to_string(),
    }
}

/// The value of attribute `name` (unescaped), if present and well-formed.
pub(crate) fn attr(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| {
            let key = a.key.as_ref();
            key == name || key.rsplit(':').next() == Some(name)
        })
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_string())
        })
}

/// Parses an ISO 8601 / RFC 3339 time. Returns the instant and the offset
/// it was written with (seconds, `None` for `Z` or a missing zone, which
/// these formats mean as UTC).
pub(crate) fn parse_time(text: &str) -> Option<(DateTime<Utc>, Option<i32>)> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        let offset = t.offset().local_minus_utc();
        let zoned = !(text.ends_with('Z') || text.ends_with('z'));
        return Some((t.with_timezone(&Utc), zoned.then_some(offset)));
    }
    // Some writers drop the zone ("2024-05-01T07:00:00"): UTC by convention.
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| (t.and_utc(), None))
}

/// Parses a finite number.
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parses a heart rate in 1..=254 bpm (rounding a decimal one).
pub(crate) fn parse_heart_rate(text: &str) -> Option<u8> {
    let v = parse_f64(text)?.round();
    (1.0..=254.0).contains(&v).then_some(v as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_their_offset() {
        let (t, off) = parse_time("2024-05-01T07:00:00+02:00").expect("parses");
        assert_eq!(t.to_rfc3339(), "2024-05-01T05:00:00+00:00");
        assert_eq!(off, Some(7200));
        assert_eq!(
            parse_time("2024-05-01T05:00:00.5Z").map(|x| x.1),
            Some(None)
        );
        assert!(parse_time("2024-05-01T05:00:00").is_some());
        assert!(parse_time("yesterday").is_none());
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = error_at(Format::Gpx, b"ab\ncd\nef", 4, "boom");
        assert_eq!(
            err,
            DecodeError::Xml {
                format: Format::Gpx,
                line: 2,
                column: 2,
                detail: "boom".into()
            }
        );
    }
}
