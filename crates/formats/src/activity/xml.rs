//! A small streaming XML walker shared by the GPX and TCX readers (quick-xml
//! for the prolog, errors and anything unusual; a byte tokenizer of our own
//! that yields exactly quick-xml's events for the plain body of a
//! document, see [`walk`]): it tracks the path of open elements by tag, a
//! small number each reader gives the local names it cares about
//! (namespace prefixes such as `ns3:` or `gpxtpx:` vary between writers, so
//! only local names count), gathers each element's text (a leaf's text is
//! handed over in place), and turns parser errors into [`DecodeError::Xml`]
//! with a line and column. Also: attributes read in one pass, and time and
//! number parsing as these formats write them, each with a quick path for
//! the usual form that falls back to quick-xml, chrono or `str::parse` for
//! anything else and always gives their answer.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use quick_xml::{
    XmlVersion,
    events::{BytesStart, BytesText, Event},
    reader::Reader,
};

use super::{DecodeError, Format};

/// A small number a [`Handler`] gives the element names it cares about
/// (see [`Handler::tag`]), so that names are compared once per element,
/// when it opens, and never again.
pub(crate) type Tag = u8;

/// The tag of every element a handler does not care about. Such elements
/// still count for depth and for their parents' text, but the handler is
/// not called for them.
pub(crate) const OTHER: Tag = 0;

/// The open elements, outermost first, by tag (one byte each, no
/// allocation per element once the stack has grown to the document's
/// depth).
#[derive(Debug, Default)]
pub(crate) struct Path {
    tags: Vec<Tag>,
}

impl Path {
    /// How many elements are open.
    pub(crate) fn depth(&self) -> usize {
        self.tags.len()
    }

    /// The tag `up` levels above the innermost open element (0: the
    /// innermost itself); [`OTHER`] above the root.
    pub(crate) fn ancestor(&self, up: usize) -> Tag {
        self.tags
            .len()
            .checked_sub(up + 1)
            .and_then(|i| self.tags.get(i))
            .copied()
            .unwrap_or(OTHER)
    }

    /// The innermost open element's tag.
    pub(crate) fn last(&self) -> Tag {
        self.ancestor(0)
    }

    /// Whether any open element has tag `tag`.
    pub(crate) fn contains(&self, tag: Tag) -> bool {
        self.tags.contains(&tag)
    }
}

/// Receives the elements it has a tag for as the walker meets them.
pub(crate) trait Handler {
    /// The tag for an element's local name (its name without a namespace
    /// prefix such as `ns3:`), [`OTHER`] for names of no interest.
    fn tag(local_name: &str) -> Tag;
    /// An element with a tag opened; `path` ends with that tag.
    fn start(&mut self, path: &Path, element: &BytesStart<'_>);
    /// An element with a tag closed; `path` still ends with its tag and
    /// `text` is its own trimmed text content (entities resolved).
    fn end(&mut self, path: &Path, text: &str);
}

/// Whether `byte` is XML white space (space, tab, CR, LF).
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// Eight spaces, as one little-endian word.
const SPACES: u64 = u64::from_le_bytes([b' '; 8]);

/// The eight bytes at `at` as a little-endian word, if there are eight.
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..at.checked_add(8)?)
        .and_then(|chunk| <[u8; 8]>::try_from(chunk).ok())
        .map(u64::from_le_bytes)
}

/// How many of a word's bytes, from its first, come before the first one
/// that is not a space (8 when all are).
fn leading_spaces(word: u64) -> usize {
    ((word ^ SPACES).trailing_zeros() / 8) as usize
}

/// The position of the first byte at or after `from` that is not white
/// space (`bytes.len()` if none).
///
/// Between tags there is mostly a line break and up to 16 spaces of
/// indentation: that takes two words and no branch on the width; tabs,
/// carriage returns and deeper indentation go round the loop again.
fn skip_space(bytes: &[u8], from: usize) -> usize {
    let mut i = from + usize::from(bytes.get(from) == Some(&b'\n'));
    loop {
        let (Some(first), Some(second)) = (word_at(bytes, i), word_at(bytes, i + 8)) else {
            let rest = bytes.get(i..).unwrap_or_default();
            return i + rest
                .iter()
                .position(|b| !is_space(*b))
                .unwrap_or(rest.len());
        };
        let spaces = leading_spaces(first);
        i += spaces
            + if spaces == 8 {
                leading_spaces(second)
            } else {
                0
            };
        match bytes.get(i) {
            Some(b) if is_space(*b) => i += 1,
            _ => return i,
        }
    }
}

/// Whether `bytes` holds `expected` at `at`. Element names of 8 to 16
/// bytes (most of TCX's) are two overlapping words each; shorter ones are
/// compared byte by byte, longer ones as slices.
fn equal_at(bytes: &[u8], at: usize, expected: &[u8]) -> bool {
    let len = expected.len();
    match len {
        0..8 => bytes.get(at..at + len).is_some_and(|found| {
            found
                .iter()
                .zip(expected)
                .all(|(found, expected)| found == expected)
        }),
        8..=16 => {
            let last = len - 8;
            word_at(bytes, at) == word_at(expected, 0)
                && word_at(bytes, at + last) == word_at(expected, last)
        }
        _ => bytes.get(at..at + len) == Some(expected),
    }
}

/// A word with `byte` in each of its bytes.
const fn splat(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// The high bit of each byte of `word` that is zero, exact for the first
/// zero byte (bits above it may be set falsely, by the borrow).
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(splat(1)) & !word & splat(0x80)
}

/// The high bit of each byte of `word` below `limit` (at most 0x80),
/// exact for the first such byte (as [`zero_bytes`]); bytes of 0x80 and
/// above never count.
fn bytes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(splat(limit)) & !word & splat(0x80)
}

/// The position of the first `<` or `&` at or after `from` (the end of
/// the input if none), and whether a carriage return comes before it.
/// Eight bytes at a time: text between tags is mostly a short number.
fn text_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    while let Some(word) = word_at(bytes, i) {
        let ends = zero_bytes(word ^ splat(b'<')) | zero_bytes(word ^ splat(b'&'));
        let returns = zero_bytes(word ^ splat(b'\r'));
        if ends != 0 || returns != 0 {
            // Only the first of each is sure: compare first positions.
            let end = ends.trailing_zeros();
            if returns.trailing_zeros() < end {
                // Rare: finish the search simply.
                let rest = bytes.get(i..).unwrap_or_default();
                let len = memchr::memchr2(b'<', b'&', rest).unwrap_or(rest.len());
                return (i + len, true);
            }
            if ends != 0 {
                return (i + (end / 8) as usize, false);
            }
        }
        i += 8;
    }
    let rest = bytes.get(i..).unwrap_or_default();
    let len = memchr::memchr2(b'<', b'&', rest).unwrap_or(rest.len());
    let carriage_return = rest.get(..len).unwrap_or_default().contains(&b'\r');
    (i + len, carriage_return)
}

/// How a byte reads in a start tag's name (see [`Body::markup`]): part of
/// the name, a colon (part of it too, before the local name), or the end
/// of a plain name (white space, `>`, `/` and quotes).
const NAME: u8 = 0;
const COLON: u8 = 1;
const NAME_END: u8 = 2;
const NAME_BYTES: [u8; 256] = {
    let mut table = [NAME; 256];
    let ends = *b" \t\n\r>/\"'";
    let mut i = 0;
    while i < ends.len() {
        table[ends[i] as usize] = NAME_END;
        i += 1;
    }
    table[b':' as usize] = COLON;
    table
};

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
/// spares copying the indentation between elements. The quick tokenizer
/// hands a leaf's text over in place instead (see [`Walker::end_with`]).
struct Walker {
    path: Path,
    /// Per open element: where its own text starts in `text`.
    text_starts: Vec<usize>,
    text: String,
}

impl Walker {
    fn new() -> Self {
        Walker {
            path: Path {
                tags: Vec::with_capacity(16),
            },
            text_starts: Vec::with_capacity(16),
            text: String::with_capacity(256),
        }
    }

    fn start<H: Handler>(&mut self, element: &BytesStart<'_>, handler: &mut H) {
        self.start_named(element, element.local_name().as_ref(), handler);
    }

    /// [`Walker::start`] for an element whose local name is known.
    fn start_named<H: Handler>(
        &mut self,
        element: &BytesStart<'_>,
        local_name: &str,
        handler: &mut H,
    ) {
        let tag = H::tag(local_name);
        self.path.tags.push(tag);
        self.text_starts.push(self.text.len());
        if tag != OTHER {
            handler.start(&self.path, element);
        }
    }

    fn empty<H: Handler>(&mut self, element: &BytesStart<'_>, handler: &mut H) {
        self.start(element, handler);
        self.end_with(handler, "");
    }

    fn end<H: Handler>(&mut self, handler: &mut H) {
        let start = self.text_starts.pop().unwrap_or(self.text.len());
        if self.path.last() != OTHER {
            handler.end(&self.path, trim(self.text.get(start..).unwrap_or_default()));
        }
        self.text.truncate(start);
        self.path.tags.pop();
    }

    /// Closes the innermost element, whose text is `raw` (as the document
    /// has it: no references, no carriage returns) and nothing stored.
    fn end_with<H: Handler>(&mut self, handler: &mut H, raw: &str) {
        self.text_starts.pop();
        if self.path.last() != OTHER {
            handler.end(&self.path, trim(raw));
        }
        self.path.tags.pop();
    }

    /// Whether the innermost open element has no text yet (or no element
    /// is open).
    fn at_text_start(&self) -> bool {
        self.text_starts
            .last()
            .is_none_or(|s| *s == self.text.len())
    }

    /// Text as the document has it (line ends not yet normalized).
    fn text(&mut self, raw: &str) {
        let Some(&start) = self.text_starts.last() else {
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
        if !self.text_starts.is_empty() {
            self.text.push_str(content);
        }
    }

    /// A general reference `&name;`, by its name.
    fn reference(&mut self, name: &str) {
        if !self.text_starts.is_empty() {
            push_entity(&mut self.text, name.as_bytes());
        }
    }

    /// Feeds one quick-xml event; `false` at the end of the document.
    fn event<H: Handler>(&mut self, event: &Event<'_>, handler: &mut H) -> bool {
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
}

/// Walks `bytes` as XML, calling a handler made by `make` for every
/// element it has a tag for, and returns the handler.
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
fn walk_reference<H: Handler>(
    format: Format,
    bytes: &[u8],
    handler: &mut H,
) -> Result<(), DecodeError> {
    let mut reader = Reader::from_reader(bytes);
    let mut walker = Walker::new();
    // The open elements' local names, for the error at an early end.
    let mut open: Vec<String> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|err| error_at(format, bytes, reader.error_position(), &err.to_string()))?;
        match &event {
            Event::Start(e) => open.push(e.local_name().as_ref().to_string()),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
        if !walker.event(&event, handler) {
            break;
        }
    }
    match open.last() {
        Some(name) => Err(error_at(
            format,
            bytes,
            bytes.len() as u64,
            &format!("the document ends inside <{name}>"),
        )),
        None => Ok(()),
    }
}

/// Walks `doc` with quick-xml up to the root's start tag and with
/// [`Body`] after it. `false`: gave up (the handler is then spoiled), or
/// the document did not parse.
fn walk_fast<H: Handler>(doc: &str, handler: &mut H) -> bool {
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
    fn run<H: Handler>(&mut self, walker: &mut Walker, handler: &mut H) -> Option<()> {
        let doc = self.doc;
        let bytes = doc.as_bytes();
        while !self.names.is_empty() {
            // Text up to markup or a reference, as quick-xml splits it.
            // Mostly it is indentation, which the walker would drop: skip
            // it here without handing it over.
            let text = skip_space(bytes, self.pos);
            let (next, carriage_return) = text_end(bytes, text);
            let (space, len) = (text - self.pos, next - self.pos);
            let closes = bytes.get(next) == Some(&b'<') && bytes.get(next + 1) == Some(&b'/');
            // The innermost element ends after this text, the only text it
            // has: hand it over in place, unless its line ends need
            // normalizing (white space trims away anyway).
            if closes
                && walker.at_text_start()
                && !carriage_return
                && let Some(after) = self.close(next)
            {
                let raw = doc.get(self.pos..next)?;
                self.pos = after;
                walker.end_with(handler, raw);
                continue;
            }
            if len > space || (len > 0 && !walker.at_text_start()) {
                walker.text(doc.get(self.pos..next)?);
            }
            self.pos = next;
            match bytes.get(self.pos)? {
                b'&' => self.reference(walker)?,
                _ if closes => match self.close(next) {
                    Some(after) => {
                        self.pos = after;
                        walker.end(handler);
                    }
                    None => self.markup(walker, handler)?,
                },
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

    /// The plain end tag of the innermost element at `at` (which holds
    /// `</`): its exact name, maybe white space, `>`. Pops the name and
    /// returns the position after the tag; `None`, popping nothing, for
    /// anything else (which [`Body::markup`] then reads or rejects).
    fn close(&mut self, at: usize) -> Option<usize> {
        let bytes = self.doc.as_bytes();
        let name = *self.names.last()?;
        let from = at + 2;
        let end = from + name.len();
        if !equal_at(bytes, from, name.as_bytes()) {
            return None;
        }
        let gt = match bytes.get(end)? {
            b'>' => end,
            _ => end + bytes.get(end..)?.iter().position(|b| !is_space(*b))?,
        };
        if *bytes.get(gt)? != b'>' {
            return None;
        }
        self.names.pop();
        Some(gt + 1)
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
    fn markup<H: Handler>(&mut self, walker: &mut Walker, handler: &mut H) -> Option<()> {
        let bytes = self.doc.as_bytes();
        let from = self.pos + 1;
        // The common start tags first: a plain name, then `>` or `/>`.
        let mut name_len = 0;
        let mut colon = None;
        loop {
            // Letters (and any non-ASCII byte) are all name: skip them a
            // word at a time. Every byte that ends a name, and the colon,
            // is below `A`; so are digits, `-` and `.`, which the table
            // then tells apart.
            while let Some(word) = word_at(bytes, from + name_len) {
                let below = bytes_below(word, b'A');
                if below != 0 {
                    name_len += (below.trailing_zeros() / 8) as usize;
                    break;
                }
                name_len += 8;
            }
            match NAME_BYTES[usize::from(*bytes.get(from + name_len)?)] {
                NAME_END => break,
                COLON => colon = colon.or(Some(name_len)),
                _ => {}
            }
            name_len += 1;
        }
        if name_len > 0 && !matches!(bytes.get(from)?, b'!' | b'?') {
            let name = self.doc.get(from..from + name_len)?;
            // As quick-xml's local name: after the first colon.
            let local = match colon {
                Some(c) => name.get(c + 1..)?,
                None => name,
            };
            match (bytes.get(from + name_len)?, bytes.get(from + name_len + 1)) {
                (b'>', _) => {
                    let element = BytesStart::from_content(name, name_len);
                    walker.start_named(&element, local, handler);
                    self.names.push(name);
                    self.pos = from + name_len + 1;
                    return Some(());
                }
                (b'/', Some(b'>')) => {
                    let element = BytesStart::from_content(name, name_len);
                    walker.start_named(&element, local, handler);
                    walker.end_with(handler, "");
                    self.pos = from + name_len + 2;
                    return Some(());
                }
                _ => {}
            }
        }
        let first = *bytes.get(from)?;
        if matches!(first, b'!' | b'?') {
            // Comments, CDATA, DOCTYPE, processing instructions.
            return None;
        }
        let close = self.tag_end(from)?;
        // Between `<` and `>`.
        let inner = self.doc.get(from..close)?;
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

/// The trimmed, unescaped values of attributes `names`, read in one pass:
/// for each name the first attribute whose qualified name is it, or whose
/// local name (after the last `:`) is it.
///
/// Plain attributes (`key="value"` one after the other, no key twice, no
/// value with a reference or a tab or line break to normalize) are read
/// here and borrowed; anything else is left to quick-xml's attribute
/// iterator, value by value, whose answers these always equal.
pub(crate) fn attrs<'e, const N: usize>(
    element: &'e BytesStart<'_>,
    names: [&str; N],
) -> [Option<Cow<'e, str>>; N] {
    match plain_attrs(element.attributes_raw(), names) {
        Some(found) => found.map(|v| v.map(Cow::Borrowed)),
        None => names.map(|name| with_attr(element, name, |v| Cow::Owned(v.to_string()))),
    }
}

/// How many attributes [`plain_attrs`] reads before it leaves the tag to
/// quick-xml (which checks for repeated keys with a hash set beyond a few).
const PLAIN_ATTRS_MAX: usize = 16;

/// [`attrs`] for plain attributes; `None` for anything else.
fn plain_attrs<'a, const N: usize>(raw: &'a str, names: [&str; N]) -> Option<[Option<&'a str>; N]> {
    let bytes = raw.as_bytes();
    let mut found = [None; N];
    let mut keys: [&str; PLAIN_ATTRS_MAX] = [""; PLAIN_ATTRS_MAX];
    let mut count = 0;
    let mut i = 0;
    loop {
        i = skip_space(bytes, i);
        if i == bytes.len() {
            return Some(found);
        }
        // The key runs to `=`; white space or a quote first is not plain.
        let key_start = i;
        let mut colon = None;
        loop {
            match *bytes.get(i)? {
                b'=' => break,
                b'"' | b'\'' | b' ' | b'\t' | b'\n' | b'\r' => return None,
                b':' => colon = Some(i),
                _ => {}
            }
            i += 1;
        }
        let key = raw.get(key_start..i)?;
        if key.is_empty() || keys.get(..count)?.contains(&key) {
            return None;
        }
        *keys.get_mut(count)? = key;
        count += 1;
        // After the last colon, as `rsplit(':')` has it.
        let local = match colon {
            Some(c) => raw.get(c + 1..i)?,
            None => key,
        };
        let quote = *bytes.get(i + 1)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 2;
        i = value_start;
        let mut plain = true;
        loop {
            let b = *bytes.get(i)?;
            if b == quote {
                break;
            }
            plain &= !matches!(b, b'&' | b'\t' | b'\n' | b'\r');
            i += 1;
        }
        let value_end = i;
        i += 1;
        for (slot, name) in found.iter_mut().zip(names) {
            if slot.is_none() && (key == name || local == name) {
                if !plain {
                    return None;
                }
                *slot = Some(trim(raw.get(value_start..value_end)?));
            }
        }
    }
}

/// Applies `f` to the trimmed, unescaped value of attribute `name`, if
/// present and well-formed, as quick-xml reads it.
fn with_attr<T>(element: &BytesStart<'_>, name: &str, f: impl FnOnce(&str) -> T) -> Option<T> {
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
    if let Some(t) = plain_utc_time(text.as_bytes()) {
        return Some((t, None));
    }
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

/// The time as every watch writes it, `2024-05-01T07:00:00Z` with maybe
/// 1 to 9 decimals of a second, as `DateTime::parse_from_rfc3339` reads
/// it; `None` for anything else (other zones, leap seconds, white space),
/// which is left to chrono.
fn plain_utc_time(text: &[u8]) -> Option<DateTime<Utc>> {
    let (stamp, rest) = text.split_at_checked(19)?;
    let digits = |at: usize, len: usize| -> Option<u32> {
        stamp.get(at..at + len)?.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|(at, b)| stamp.get(*at) != Some(b)) {
        return None;
    }
    let (second, nanos) = (digits(17, 2)?, fraction_nanos(rest)?);
    if second > 59 {
        return None;
    }
    let year = i32::try_from(digits(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5, 2)?, digits(8, 2)?)?
        .and_hms_nano_opt(digits(11, 2)?, digits(14, 2)?, second, nanos)
        .map(|t| t.and_utc())
}

/// The nanoseconds of `.123Z` (1 to 9 decimals) or of a bare `Z`.
fn fraction_nanos(rest: &[u8]) -> Option<u32> {
    match rest {
        [b'Z'] => Some(0),
        [b'.', decimals @ .., b'Z'] if (1..=9).contains(&decimals.len()) => {
            let value = decimals.iter().try_fold(0u32, |n, b| {
                b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
            })?;
            Some(value * 10u32.pow(9 - decimals.len() as u32))
        }
        _ => None,
    }
}

/// Powers of ten that are exact as `f64`.
const EXACT_POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Parses a finite number.
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    match plain_decimal(text.as_bytes()) {
        Some(v) => Some(v),
        None => trim(text).parse::<f64>().ok().filter(|v| v.is_finite()),
    }
}

/// The value of a plain decimal (`-12.345`: an optional minus, digits, an
/// optional point with digits, at most 15 digits in all), as `str::parse`
/// gives it; `None` for anything else.
///
/// At most 15 digits make a whole number below 2^53, exact as `f64`, and
/// so is the power of ten it is divided by; IEEE division rounds the exact
/// quotient correctly, which is the correctly rounded value of the decimal
/// that `str::parse` returns too (Clinger's fast path).
fn plain_decimal(text: &[u8]) -> Option<f64> {
    let (negative, digits) = match text.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, text),
    };
    // Up to 15 digits and a point.
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut point = None;
    for (i, b) in digits.iter().enumerate() {
        let digit = b.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa * 10 + u64::from(digit);
        } else if *b == b'.' && point.is_none() {
            point = Some(i);
        } else {
            return None;
        }
    }
    let decimals = match point {
        // Digits on both sides of the point.
        Some(p) if p > 0 && p + 1 < digits.len() => digits.len() - p - 1,
        Some(_) => return None,
        None if digits.len() > 15 => return None,
        None => 0,
    };
    let value = mantissa as f64 / EXACT_POWERS_OF_TEN.get(decimals)?;
    Some(if negative { -value } else { value })
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
        /// `b` is of no interest (so it is never reported); any other
        /// name gets a tag from its bytes.
        fn tag(local_name: &str) -> Tag {
            if local_name == "b" {
                return OTHER;
            }
            local_name
                .bytes()
                .fold(7u8, |h, b| h.wrapping_mul(31).wrapping_add(b))
                .max(1)
        }
        fn start(&mut self, path: &Path, element: &BytesStart<'_>) {
            let names = ["a", "lat", "b"];
            let quick = names.map(|n| with_attr(element, n, str::to_string));
            let ours = attrs(element, names).map(|v| v.map(Cow::into_owned));
            assert_eq!(ours, quick, "attributes of {:?}", &**element);
            self.0.push(format!(
                "start {} {:?} {:?} {:?}",
                path.depth(),
                path.last(),
                &**element,
                ours
            ));
        }
        fn end(&mut self, path: &Path, text: &str) {
            self.0.push(format!(
                "end {} {:?} {:?} {:?} {text:?}",
                path.depth(),
                path.last(),
                path.ancestor(1),
                path.contains(Self::tag("e")),
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

    const PIECES: &[&str] = &[
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
        "<a lat='2' lon=\"3\">",
        "<a lat=\"1\" lat=\"2\">",
        "<a x:lat=\"4\" lat=\"5\"/>",
        "<a lat = \"1\">",
        "<a\tlat=\"\t1\"\n>",
        "<a lat=1>",
        "<a b:a=\"x\"a=\"y\">",
        "<x:e\n/>",
        "</a\n>",
        "</ a>",
        "<a/ >",
    ];

    /// Pieces of a start tag's attributes.
    const ATTRIBUTE_PIECES: &[&str] = &[
        " ", "\t", "\n", "\r", "lat", "a", "x:lat", "b:", "=", "\"", "'", "1.5", " 2 ", "&amp;",
        "&bad;", "<", ">", ":", "é",
    ];

    /// Names, attributes and texts for well-formed documents.
    const TREE_NAMES: &[&str] = &[
        "a",
        "b",
        "x:e",
        "ns3:TPX",
        "Trackpoint",
        "e",
        "ns3:TrackPointExtension",
        "é:ü",
    ];
    const TREE_ATTRIBUTES: &[&str] = &[
        "",
        " lat=\"1.5\" lon='2'",
        " x:lat=\" 3 \"",
        " a=\"&amp;\"",
        "\n  lat=\"4\"\t",
        " lat=\"5\" lat=\"6\"",
    ];
    const TREE_TEXTS: &[&str] = &[
        "",
        "\n  ",
        "\r\n    ",
        "12.5",
        " -0.25 ",
        "2024-05-01T07:00:00Z",
        "a\rb",
        "a &amp; b",
        "&#x41;",
        "\u{a0}x\u{a0}",
        "                  long indentation    ",
        "\t\t",
    ];

    /// A random well-formed element: name, attributes, text before each
    /// child and after the last one (as indices into the tables above).
    #[derive(Debug, Clone)]
    struct Tree {
        name: usize,
        attributes: usize,
        empty: bool,
        texts: Vec<usize>,
        children: Vec<Tree>,
    }

    fn tree() -> impl Strategy<Value = Tree> {
        let leaf = (
            0..TREE_NAMES.len(),
            0..TREE_ATTRIBUTES.len(),
            any::<bool>(),
            0..TREE_TEXTS.len(),
        )
            .prop_map(|(name, attributes, empty, text)| Tree {
                name,
                attributes,
                empty,
                texts: vec![text],
                children: Vec::new(),
            });
        leaf.prop_recursive(4, 40, 5, |inner| {
            (
                0..TREE_NAMES.len(),
                0..TREE_ATTRIBUTES.len(),
                proptest::collection::vec((0..TREE_TEXTS.len(), inner), 1..5),
                0..TREE_TEXTS.len(),
            )
                .prop_map(|(name, attributes, children, last)| {
                    let (mut texts, children): (Vec<usize>, Vec<Tree>) =
                        children.into_iter().unzip();
                    texts.push(last);
                    Tree {
                        name,
                        attributes,
                        empty: false,
                        texts,
                        children,
                    }
                })
        })
    }

    fn write_tree(tree: &Tree, out: &mut String) {
        let name = TREE_NAMES[tree.name];
        out.push('<');
        out.push_str(name);
        out.push_str(TREE_ATTRIBUTES[tree.attributes]);
        if tree.empty {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for (i, text) in tree.texts.iter().enumerate() {
            out.push_str(TREE_TEXTS[*text]);
            if let Some(child) = tree.children.get(i) {
                write_tree(child, out);
            }
        }
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }

    proptest! {
        #[test]
        fn the_quick_tokenizer_reads_well_formed_documents_as_quick_xml(root in tree(), indent in "[ \n]{0,3}") {
            let mut doc = String::from("<?xml version=\"1.0\"?>\n<r>");
            doc.push_str(&indent);
            write_tree(&root, &mut doc);
            doc.push_str("</r>\n");
            let (hybrid, reference, fast) = both(doc.as_bytes());
            prop_assert!(reference.is_ok());
            prop_assert!(fast, "gave up on {:?}", doc);
            prop_assert_eq!(hybrid, reference);
        }

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
        fn plain_attributes_read_as_quick_xml_reads_them(picks in proptest::collection::vec(0usize..ATTRIBUTE_PIECES.len(), 0..24)) {
            let mut content = String::from("t ");
            for i in picks {
                content.push_str(ATTRIBUTE_PIECES[i]);
            }
            let element = BytesStart::from_content(content.as_str(), 1);
            let names = ["lat", "a", "x:lat"];
            let quick = names.map(|n| with_attr(&element, n, str::to_string));
            let ours = attrs(&element, names).map(|v| v.map(Cow::into_owned));
            prop_assert_eq!(ours, quick);
        }

        #[test]
        fn plain_decimals_parse_as_str_parse(text in "[-+]?[0-9]{0,18}([.][0-9]{0,18})?") {
            let parsed = text.parse::<f64>().ok().filter(|v| v.is_finite());
            prop_assert_eq!(parse_f64(&text).map(f64::to_bits), parsed.map(f64::to_bits));
            if let Some(v) = plain_decimal(text.as_bytes()) {
                prop_assert_eq!(Some(v.to_bits()), parsed.map(f64::to_bits));
            }
        }

        #[test]
        fn printed_numbers_parse_back(v in any::<f64>().prop_filter("finite", |v| v.is_finite()), decimals in 0usize..12) {
            let text = format!("{v:.decimals$}");
            prop_assert_eq!(
                parse_f64(&text).map(f64::to_bits),
                text.parse::<f64>().ok().map(f64::to_bits)
            );
        }

        #[test]
        fn plain_times_parse_as_chrono_parses_them(text in "[0-9]{4}-[0-1][0-9]-[0-3][0-9][T ][0-2][0-9]:[0-6][0-9]:[0-6][0-9]([.][0-9]{0,11})?[Zz+]?") {
            let chrono = DateTime::parse_from_rfc3339(&text)
                .ok()
                .map(|t| t.with_timezone(&Utc));
            if let Some(t) = plain_utc_time(text.as_bytes()) {
                prop_assert_eq!(Some(t), chrono);
            }
            if chrono.is_some() {
                prop_assert_eq!(parse_time(&text).map(|t| t.0), chrono);
            }
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
