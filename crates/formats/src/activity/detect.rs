//! Format detection by content, with the file name as a hint: gzip by its
//! magic bytes (1f 8b), zip by `PK\x03\x04`, FIT by `.FIT` at bytes 8..12,
//! XML by its root element (`<gpx>` or `<TrainingCenterDatabase>`, any
//! namespace prefix), a Suunto JSON log by its keys, a Polar session CSV
//! by its first header; a Polar Flow training
//! session by its name only (`training-session-*.json`).

use super::{DecodeError, Format};

/// What the first bytes say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// A known activity format.
    Format(Format),
    /// A zip archive.
    Zip,
    /// Nothing known; the text says what was seen.
    Unknown(String),
}

/// Whether the bytes start with the gzip magic number.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Whether the bytes start like a zip archive (a local file header, or the
/// end record of an empty archive).
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Whether the bytes start with a FIT file header.
pub(crate) fn is_fit(bytes: &[u8]) -> bool {
    matches!(bytes.first(), Some(12 | 14)) && bytes.get(8..12) == Some(b".FIT".as_slice())
}

/// Sniffs the format of (uncompressed) bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Sniffed, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    if is_fit(bytes) {
        return Ok(Sniffed::Format(Format::Fit));
    }
    if is_zip(bytes) {
        return Ok(Sniffed::Zip);
    }
    if let Some(format) = super::json::sniff(bytes) {
        return Ok(Sniffed::Format(format));
    }
    if super::polar_csv::sniff(bytes) {
        return Ok(Sniffed::Format(Format::PolarCsv));
    }
    let first = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{' | b'[')) {
        return Ok(Sniffed::Unknown(
            "JSON, but neither a Suunto log nor a Polar Flow training session (named training-session-*.json)".to_owned(),
        ));
    }
    Ok(match xml_root(bytes) {
        Some(root) if root.eq_ignore_ascii_case("gpx") => Sniffed::Format(Format::Gpx),
        Some(root) if root == "TrainingCenterDatabase" => Sniffed::Format(Format::Tcx),
        Some(root) => Sniffed::Unknown(format!(
            "XML with root element <{root}>, neither <gpx> nor <TrainingCenterDatabase>"
        )),
        None => Sniffed::Unknown(describe_start(bytes)),
    })
}

fn describe_start(bytes: &[u8]) -> String {
    let head: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("unknown content starting with bytes {}", head.join(" "))
}

/// The local name of the XML root element, skipping a BOM, the XML
/// declaration, comments, processing instructions and a doctype.
pub(crate) fn xml_root(bytes: &[u8]) -> Option<String> {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Real files put the root within the first few KB; stop looking after 64 KB.
    let mut budget = 64 * 1024usize;
    loop {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = rest.get(start..)?;
        if !rest.starts_with(b"<") {
            return None;
        }
        let skip_to = if rest.starts_with(b"<?") {
            find(rest, b"?>").map(|i| i + 2)
        } else if rest.starts_with(b"<!--") {
            find(rest, b"-->").map(|i| i + 3)
        } else if rest.starts_with(b"<!") {
            find(rest, b">").map(|i| i + 1)
        } else {
            let name_end = rest
                .iter()
                .skip(1)
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                .map_or(rest.len(), |i| i + 1);
            let qname = std::str::from_utf8(rest.get(1..name_end)?).ok()?;
            let local = qname.rsplit(':').next().unwrap_or(qname);
            return (!local.is_empty()).then(|| local.to_string());
        };
        let skip_to = skip_to?;
        budget = budget.checked_sub(skip_to)?;
        rest = rest.get(skip_to..)?;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The format a file name claims, ignoring a trailing `.gz`.
pub fn format_from_name(name: &str) -> Option<Format> {
    let lower = strip_gz(name).to_ascii_lowercase();
    if lower.ends_with(".fit") {
        Some(Format::Fit)
    } else if lower.ends_with(".gpx") {
        Some(Format::Gpx)
    } else if lower.ends_with(".tcx") {
        Some(Format::Tcx)
    } else if super::polar::is_session_name(&lower) {
        Some(Format::PolarFlow)
    } else {
        None
    }
}

/// Whether the name ends in `.gz` (any case).
pub(crate) fn has_gz_extension(name: &str) -> bool {
    name.len() >= 3
        && name
            .get(name.len() - 3..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".gz"))
}

/// The name without a trailing `.gz`.
pub(crate) fn strip_gz(name: &str) -> &str {
    if has_gz_extension(name) {
        name.get(..name.len() - 3).unwrap_or(name)
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roots_behind_declarations_and_comments() {
        let gpx = "\u{feff}<?xml version=\"1.0\"?>\n<!-- hi -->\n<gpx version=\"1.1\">";
        assert_eq!(xml_root(gpx.as_bytes()).as_deref(), Some("gpx"));
        let tcx = "<?xml version=\"1.0\"?><ns0:TrainingCenterDatabase xmlns:ns0=\"x\">";
        assert_eq!(
            xml_root(tcx.as_bytes()).as_deref(),
            Some("TrainingCenterDatabase")
        );
        assert_eq!(xml_root(b"hello"), None);
    }

    #[test]
    fn names_hint_formats() {
        assert_eq!(format_from_name("a/B.FIT.GZ"), Some(Format::Fit));
        assert_eq!(format_from_name("x.tcx"), Some(Format::Tcx));
        assert_eq!(format_from_name("x.csv"), None);
        assert_eq!(
            format_from_name("export/training-session-2024-01-01-9-x.json.gz"),
            Some(Format::PolarFlow)
        );
        assert_eq!(format_from_name("activity-2024-01-01.json"), None);
        assert_eq!(strip_gz("x.gpx.gz"), "x.gpx");
        assert!(!has_gz_extension("é"));
    }
}
