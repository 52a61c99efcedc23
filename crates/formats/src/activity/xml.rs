//! A small streaming XML walker shared by the GPX and TCX readers (quick-xml
//! for the prolog, errors and anything unusual; a byte tokenizer of our own
//! that yields exactly quick-xml's events for the plain body of a
//! document, see [`walk`]): it tracks the path of local names (namespace prefixes such as
//! `ns3:` or `gpxtpx:` vary between writers, so only local names count),
//! gathers each element's text, and turns parser errors into
//! [`DecodeError::Xml`] with a line and column. Also: time and number
//! parsing as these formats write them.

use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::{
    XmlVersion,
    events::{BytesStart, BytesText, Event},
    reader::Reader,
};

use super::{DecodeError, Format};

/// The open elements, outermost first, by local name. The names live in
/// one buffer (no allocation per element once it has grown to the
/// document's depth).
#[derive(Debug, Default)]
pub(crate) struct Path {
    /// The local names, back to back.
    names: String,
    /// Per open element: where its name starts in `names` and where its
    /// own text starts in the walker's text buffer.
    open: Vec<(usize, usize)>,
}

impl Path {
    /// How many elements are open.
    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    /// The local name `up` levels above the innermost open element
    /// (0: the innermost itself), if that deep.
    pub(crate) fn ancestor(&self, up: usize) -> Option<&str> {
        let i = self.open.len().checked_sub(up + 1)?;
        let start = self.open.get(i)?.0;
        let end = self.open.get(i + 1).map_or(self.names.len(), |o| o.0);
        self.names.get(start..end)
    }

    /// The innermost open element's local name.
    pub(crate) fn last(&self) -> Option<&str> {
        self.ancestor(0)
    }

    /// Whether any open element has local name `name`.
    pub(crate) fn contains(&self, name: &str) -> bool {
        (0..self.open.len()).any(|up| self.ancestor(up) == Some(name))
    }

    fn push(&mut self, local_name: &str, text_start: usize) {
        self.open.push((self.names.len(), text_start));
        self.names.push_str(local_name);
    }

    /// Closes the innermost element; returns where its text started.
    fn pop(&mut self) -> Option<usize> {
        let (name_start, text_start) = self.open.pop()?;
        self.names.truncate(name_start);
        Some(text_start)
    }
}

/// Receives elements as the walker meets them.
pub(crate) trait Handler {
    /// An element opened; `path` ends with its local name.
    fn start(&mut self, path: &Path, element: &BytesStart<'_>);
    /// An element closed; `path` still ends with its local name and `text`
    /// is its own trimmed text content (entities resolved).
    fn end(&mut self, path: &Path, text: &str);
}

/// Whether `byte` is XML white space (space, tab, CR, LF).
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// [`str::trim`], quicker for ASCII ends: ASCII white space is white
/// space to `trim` too, so only a non-ASCII or vertical-tab end (the one
/// ASCII white space `trim_ascii` keeps) needs the full search.
pub(crate) fn trim(text: &str) -> &str {
    let trimmed = text.trim_ascii();
    match (trimmed.as_bytes().first(), trimmed.as_bytes().last()) {
        (Some(first), Some(last))
            if first.is_ascii() && last.is_ascii() && *first != 0x0b && *last != 0x0b =>
        {
            trimmed
        }
        _ => trimmed.trim(),
    }
}

/// The open elements and their text, fed by either tokenizer.
///
/// Each element's own text (its text, CDATA and references, not its
/// children's) is gathered in one buffer: an element's text starts where
/// the buffer ended when it opened, and is cut off again when it closes,
/// which leaves its parent's text before and after it joined as before.
/// White space at the start of an element's text is never stored: the
/// handler gets the text trimmed, so it could not matter, and skipping it
/// spares copying the indentation between elements.
struct Walker {
    path: Path,
    text: String,
}

impl Walker {
    fn new() -> Self {
        Walker {
            path: Path {
                names: String::with_capacity(256),
                open: Vec::with_capacity(16),
            },
            text: String::with_capacity(256),
        }
    }

    fn start(&mut self, element: &BytesStart<'_>, handler: &mut dyn Handler) {
        self.path
            .push(element.local_name().as_ref(), self.text.len());
        handler.start(&self.path, element);
    }

    fn empty(&mut self, element: &BytesStart<'_>, handler: &mut dyn Handler) {
        self.start(element, handler);
        handler.end(&self.path, "");
        self.path.pop();
    }

    fn end(&mut self, handler: &mut dyn Handler) {
        let start = self.path.open.last().map_or(self.text.len(), |o| o.1);
        handler.end(&self.path, trim(self.text.get(start..).unwrap_or_default()));
        self.text.truncate(start);
        self.path.pop();
    }

    /// Whether the innermost open element has no text yet (or no element
    /// is open).
    fn at_text_start(&self) -> bool {
        self.path.open.last().is_none_or(|o| o.1 == self.text.len())
    }

    /// Text as the document has it (line ends not yet normalized).
    fn text(&mut self, raw: &str) {
        let Some(&(_, start)) = self.path.open.last() else {
            return;
        };
        if start == self.text.len() && raw.bytes().all(is_space) {
            return;
        }
        if raw.contains('\r') {
            self.text
                .push_str(&BytesText::from_escaped(raw).xml10_content());
        } else {
            self.text.push_str(raw);
        }
    }

    fn cdata(&mut self, content: &str) {
        if !self.path.open.is_empty() {
            self.text.push_str(content);
        }
    }

    /// A general reference `&name;`, by its name.
    fn reference(&mut self, name: &str) {
        if !self.path.open.is_empty() {
            push_entity(&mut self.text, name.as_bytes());
        }
    }

    /// Feeds one quick-xml event; `false` at the end of the document.
    fn event(&mut self, event: &Event<'_>, handler: &mut dyn Handler) -> bool {
        match event {
            Event::Start(e) => self.start(e, handler),
            Event::Empty(e) => self.empty(e, handler),
            Event::End(_) => self.end(handler),
            Event::Text(t) => self.text(t),
            Event::CData(c) => self.cdata(c),
            Event::GeneralRef(r) => self.reference(r),
            Event::Eof => return false,
            _ => {}
        }
        true
    }

    /// The error for a document that ends with elements still open.
    fn check_closed(&self, format: Format, bytes: &[u8]) -> Result<(), DecodeError> {
        match self.path.last() {
            Some(open) => Err(error_at(
                format,
                bytes,
                bytes.len() as u64,
                &format!("the document ends inside <{open}>"),
            )),
            None => Ok(()),
        }
    }
}

/// Walks `bytes` as XML, calling a handler made by `make` for every
/// element, and returns the handler.
///
/// quick-xml reads the prolog and the root's start tag; a tokenizer of our
/// own then reads the body, which is most of the time (quick-xml checks
/// every piece's UTF-8 and builds an event per piece; here the whole input
/// is checked once and only the bytes are walked). It produces exactly
/// quick-xml's events for what it accepts, and gives up on anything else
/// (comments, CDATA, processing instructions, any error): then the
/// document is walked again from the start by quick-xml alone, with a
/// fresh handler, for quick-xml's own result or error.
pub(crate) fn walk<H: Handler>(
    format: Format,
    bytes: &[u8],
    make: impl Fn() -> H,
) -> Result<H, DecodeError> {
    if let Ok(doc) = std::str::from_utf8(bytes) {
        let mut handler = make();
        if walk_fast(doc, &mut handler) {
            return Ok(handler);
        }
    }
    let mut handler = make();
    walk_reference(format, bytes, &mut handler)?;
    Ok(handler)
}

/// Walks `bytes` with quick-xml alone.
fn walk_reference(
    format: Format,
    bytes: &[u8],
    handler: &mut dyn Handler,
) -> Result<(), DecodeError> {
    let mut reader = Reader::from_reader(bytes);
    let mut walker = Walker::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|err| error_at(format, bytes, reader.error_position(), &err.to_string()))?;
        if !walker.event(&event, handler) {
            break;
        }
    }
    walker.check_closed(format, bytes)
}

/// Walks `doc` with quick-xml up to the root's start tag and with
/// [`Body`] after it. `false`: gave up (the handler is then spoiled), or
/// the document did not parse.
fn walk_fast(doc: &str, handler: &mut dyn Handler) -> bool {
    let bytes = doc.as_bytes();
    let mut reader = Reader::from_reader(bytes);
    let mut walker = Walker::new();
    let root = loop {
        let Ok(event) = reader.read_event() else {
            return false;
        };
        if let Event::Start(e) = &event {
            let name = e.name().as_ref().to_string();
            if name.is_empty() {
                return false;
            }
            walker.start(e, handler);
            break name;
        }
        if !walker.event(&event, handler) {
            // No root with content: quick-xml read it all.
            return walker.path.depth() == 0;
        }
    };
    // quick-xml counts positions after a UTF-8 byte order mark.
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let Some(pos) = usize::try_from(reader.buffer_position())
        .ok()
        .and_then(|p| p.checked_add(bom))
    else {
        return false;
    };
    if pos == 0 || bytes.get(pos - 1) != Some(&b'>') {
        return false;
    }
    let mut body = Body {
        doc,
        pos,
        names: Vec::with_capacity(16),
    };
    body.names.push(&root);
    body.run(&mut walker, handler).is_some()
}

/// The tokenizer for a document's body, from just after the root's start
/// tag. Every method returns `None` to give up.
struct Body<'d, 'r> {
    doc: &'d str,
    pos: usize,
    /// The qualified names of the open elements, to check end tags as
    /// quick-xml does.
    names: Vec<&'r str>,
}

impl<'d: 'r, 'r> Body<'d, 'r> {
    fn run(&mut self, walker: &mut Walker, handler: &mut dyn Handler) -> Option<()> {
        let bytes = self.doc.as_bytes();
        while !self.names.is_empty() {
            // Text up to markup or a reference, as quick-xml splits it.
            // Mostly it is indentation, which the walker would drop: skip
            // it here without handing it over.
            let rest = bytes.get(self.pos..)?;
            let space = rest
                .iter()
                .position(|b| !is_space(*b))
                .unwrap_or(rest.len());
            let len = space
                + memchr::memchr2(b'<', b'&', rest.get(space..)?).unwrap_or(rest.len() - space);
            if len > space || (len > 0 && !walker.at_text_start()) {
                walker.text(self.doc.get(self.pos..self.pos + len)?);
            }
            self.pos += len;
            match bytes.get(self.pos)? {
                b'&' => self.reference(walker)?,
                _ => self.markup(walker, handler)?,
            }
        }
        // After the root: only white space, which quick-xml would pass as
        // text outside any element.
        bytes
            .get(self.pos..)?
            .iter()
            .all(|b| is_space(*b))
            .then_some(())
    }

    /// `&name;` at `pos`. quick-xml takes whatever comes before the first
    /// `;`, and fails when `&` or `<` (or the end) comes first.
    fn reference(&mut self, walker: &mut Walker) -> Option<()> {
        let from = self.pos + 1;
        let rest = self.doc.as_bytes().get(from..)?;
        let len = rest.iter().position(|b| matches!(b, b';' | b'&' | b'<'))?;
        if rest.get(len) != Some(&b';') {
            return None;
        }
        walker.reference(self.doc.get(from..from + len)?);
        self.pos = from + len + 1;
        Some(())
    }

    /// A tag at `pos` (which holds `<`).
    fn markup(&mut self, walker: &mut Walker, handler: &mut dyn Handler) -> Option<()> {
        let bytes = self.doc.as_bytes();
        let first = *bytes.get(self.pos + 1)?;
        if matches!(first, b'!' | b'?') {
            // Comments, CDATA, DOCTYPE, processing instructions.
            return None;
        }
        let close = self.tag_end(self.pos + 1)?;
        // Between `<` and `>`.
        let inner = self.doc.get(self.pos + 1..close)?;
        self.pos = close + 1;
        if let Some(name) = inner.strip_prefix('/') {
            // quick-xml trims white space after the name, unless that
            // would leave nothing.
            let name = match name.bytes().rposition(|b| !is_space(b)) {
                Some(last) => name.get(..=last)?,
                None => name,
            };
            if self.names.pop()? != name {
                return None;
            }
            walker.end(handler);
        } else if let Some(content) = inner.strip_suffix('/') {
            walker.empty(&start_tag(content)?, handler);
        } else {
            let element = start_tag(inner)?;
            walker.start(&element, handler);
            self.names.push(inner.get(..element.name().as_ref().len())?);
        }
        Some(())
    }

    /// The position of the `>` ending the tag whose content starts at
    /// `from`, skipping quoted attribute values as quick-xml does.
    fn tag_end(&self, from: usize) -> Option<usize> {
        let bytes = self.doc.as_bytes();
        let mut i = from;
        loop {
            i += memchr::memchr3(b'>', b'"', b'\'', bytes.get(i..)?)?;
            let b = *bytes.get(i)?;
            if b == b'>' {
                return Some(i);
            }
            // A quoted attribute value: `>` inside it does not end the tag.
            i += 1 + memchr::memchr(b, bytes.get(i + 1..)?)?;
            i += 1;
        }
    }
}

/// A start tag's content (between `<` and `>` or `/>`) as quick-xml would
/// give it; `None` for an empty name, which we leave to quick-xml.
fn start_tag(content: &str) -> Option<BytesStart<'_>> {
    let name_len = content.bytes().position(is_space).unwrap_or(content.len());
    (name_len > 0).then(|| BytesStart::from_content(content, name_len))
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
    with_attr(element, name, str::to_string)
}

/// Applies `f` to the trimmed, unescaped value of attribute `name`, if
/// present and well-formed, without copying the value where it needs no
/// unescaping.
pub(crate) fn with_attr<T>(
    element: &BytesStart<'_>,
    name: &str,
    f: impl FnOnce(&str) -> T,
) -> Option<T> {
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
                .map(|v| f(v.trim()))
        })
}

/// Parses an ISO 8601 / RFC 3339 time. Returns the instant and the offset
/// it was written with (seconds, `None` for `Z` or a missing zone, which
/// these formats mean as UTC).
pub(crate) fn parse_time(text: &str) -> Option<(DateTime<Utc>, Option<i32>)> {
    let text = trim(text);
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
    trim(text).parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parses a heart rate in 1..=254 bpm (rounding a decimal one).
pub(crate) fn parse_heart_rate(text: &str) -> Option<u8> {
    let v = parse_f64(text)?.round();
    (1.0..=254.0).contains(&v).then_some(v as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Records every call as text, to compare the two tokenizers.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl Handler for Log {
        fn start(&mut self, path: &Path, element: &BytesStart<'_>) {
            let attrs: Vec<String> = ["a", "lat", "b"]
                .iter()
                .map(|n| format!("{:?}", attr(element, n)))
                .collect();
            self.0.push(format!(
                "start {} {:?} {:?} {}",
                path.depth(),
                path.last(),
                &**element,
                attrs.join(",")
            ));
        }
        fn end(&mut self, path: &Path, text: &str) {
            self.0.push(format!(
                "end {} {:?} {:?} {:?} {text:?}",
                path.depth(),
                path.last(),
                path.ancestor(1),
                path.contains("x:e"),
            ));
        }
    }

    /// What a walk gave: the calls, or the error.
    type Outcome = Result<Vec<String>, DecodeError>;

    /// Both tokenizers' outcome for `bytes`, and whether the quick one
    /// finished on its own.
    fn both(bytes: &[u8]) -> (Outcome, Outcome, bool) {
        let hybrid = walk(Format::Gpx, bytes, Log::default).map(|l| l.0);
        let mut reference = Log::default();
        let reference = walk_reference(Format::Gpx, bytes, &mut reference).map(|()| reference.0);
        let fast = std::str::from_utf8(bytes).is_ok_and(|doc| walk_fast(doc, &mut Log::default()));
        (hybrid, reference, fast)
    }

    const PIECES: [&str; 32] = [
        "<a>",
        "</a>",
        "<x:e>",
        "</x:e>",
        "<x:e >",
        "</x:e >",
        "<b/>",
        "<b />",
        "<a lat=\" 1.5 \">",
        "<a a='>' b=\"&amp;\">",
        " ",
        "\n  ",
        "\r\n",
        "\t",
        "text",
        " 12.5 ",
        "&amp;",
        "&#x41;",
        "&#66;",
        "&bogus;",
        "&",
        ";",
        "<",
        ">",
        "<!-- c -->",
        "<![CDATA[ x ]]>",
        "<?pi x?>",
        "\u{a0}",
        "\u{b}",
        "é",
        "</",
        "\"",
    ];

    proptest! {
        #[test]
        fn the_quick_tokenizer_matches_quick_xml(picks in proptest::collection::vec(0usize..PIECES.len(), 0..40), bom in any::<bool>()) {
            let mut doc = String::from(if bom { "\u{feff}<?xml version=\"1.0\"?>\n<r x=\"1\">" } else { "<r>" });
            for i in picks {
                doc.push_str(PIECES[i]);
            }
            doc.push_str("</r>\n");
            let (hybrid, reference, _) = both(doc.as_bytes());
            prop_assert_eq!(hybrid, reference);
        }

        #[test]
        fn the_quick_tokenizer_matches_quick_xml_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let (hybrid, reference, _) = both(&bytes);
            prop_assert_eq!(hybrid, reference);
        }

        #[test]
        fn trim_is_str_trim(text in "[ \t\r\n\u{b}\u{c}\u{a0}\u{85}\u{2003}ax1é]{0,12}") {
            prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn the_quick_tokenizer_finishes_typical_documents() {
        let doc = "\u{feff}<?xml version=\"1.0\"?>\n<gpx v=\"1\">\n  <trk><name> A &amp; B </name>\r\n<trkpt lat=\"1\" lon='2'><ele>3</ele ><e/></trkpt></trk>\n</gpx>\n";
        let (hybrid, reference, fast) = both(doc.as_bytes());
        assert!(fast);
        assert_eq!(hybrid, reference);
        // Comments make it hand over to quick-xml, with the same outcome.
        let doc = "<gpx><!-- c --><a>1</a></gpx>";
        let (hybrid, reference, fast) = both(doc.as_bytes());
        assert!(!fast);
        assert_eq!(hybrid, reference);
    }

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
