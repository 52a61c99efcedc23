//! JSON and JSON Lines keypoint files: reading the values (serde_json) and
//! walking whichever shape a tool wrote. The shapes, and how each is told
//! apart:
//!
//! - an object with `people`: one OpenPose frame (or any frame object);
//! - an object with `instance_info` (MMPose's `--save-predictions`), `frames`,
//!   or `annotations` (a COCO keypoints file): the list inside;
//! - a list whose first entry has `image_id` and `keypoints`: COCO results,
//!   one detection per entry, grouped into frames by `image_id`;
//! - a list of person objects with no frame key: one image's detections
//!   (MMPose's per-image `.json`, Ultralytics' `tojson()`);
//! - otherwise a list of frames, each a list of people or an object with a
//!   frame key (`frame_id`, `frame`, `frame_index`, `frame_idx`,
//!   `frame_number`, `image_id`), an optional time (`time_s`,
//!   `timestamp_ms`) and its people (`people`, `instances`, `predictions`,
//!   `persons`, `detections`, a frame-level `keypoints`) or MediaPipe
//!   landmarks (`landmarks`, `pose_landmarks`, `poses`).
//!
//! JSON Lines is the same, one frame per line. Any frame object, or a line
//! of its own, may state `image_width` and `image_height` (pixels) and
//! `fps`.
//!
//! A list of frames (a document that is one list, or JSON Lines) is read
//! an entry at a time, so only one frame's `Value`s exist at once (a whole
//! file as one tree takes over ten times its size in memory).
//!
//! A person is an object with `pose_keypoints_2d` (OpenPose, layout by
//! count), `keypoints` (COCO-17: flat, nested or Ultralytics' `{x, y,
//! visible}`, with optional `keypoint_scores`), or `landmarks`
//! (MediaPipe); its track hint is `track_id`, `idx`, `person_id`, `track` or
//! (outside COCO results, where it names the annotation) `id`.

use std::collections::HashMap;
use std::fmt;

use backstride_core::form::pose::{Detection, PoseFrame, PoseRecording};
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::recording::Recording;
use super::{At, PoseError, PoseOptions, coco, mediapipe, openpose};

/// Keys that hold a frame's number.
const FRAME_KEYS: [&str; 6] = [
    "frame_id",
    "frame",
    "frame_index",
    "frame_idx",
    "frame_number",
    "image_id",
];

/// Keys that hold a frame's people.
const PEOPLE_KEYS: [&str; 5] = [
    "people",
    "instances",
    "predictions",
    "persons",
    "detections",
];

/// Keys that hold MediaPipe landmarks in a frame.
pub(crate) const LANDMARK_KEYS: [&str; 3] = ["landmarks", "pose_landmarks", "poses"];

/// Keys that make an object a person.
const PERSON_KEYS: [&str; 3] = ["pose_keypoints_2d", "pose_keypoints", "keypoints"];

/// Keys that only describe the video.
const META_KEYS: [&str; 3] = ["image_width", "image_height", "fps"];

/// Where a frame sits, for messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context {
    /// The frame's number.
    pub(crate) frame: u64,
    /// Its line (JSON Lines), where known.
    pub(crate) line: Option<u64>,
}

impl Context {
    pub(crate) fn frame(frame: u64, line: Option<u64>) -> Self {
        Context { frame, line }
    }

    pub(crate) fn at(&self) -> At {
        match self.line {
            Some(line) => At::FrameOnLine {
                frame: self.frame,
                line,
            },
            None => At::Frame(self.frame),
        }
    }

    pub(crate) fn error(&self, detail: impl Into<String>) -> PoseError {
        PoseError::shape(self.at(), detail)
    }

    pub(crate) fn person_error(&self, person: usize, detail: impl Into<String>) -> PoseError {
        PoseError::shape(self.at(), format!("person {person}: {}", detail.into()))
    }
}

/// What a JSON value is, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A coordinate or score: `None` for `null`, an error message for
/// anything but a number.
pub(crate) fn number(value: &Value) -> Result<Option<f64>, String> {
    match value {
        Value::Number(n) => Ok(n.as_f64()),
        Value::Null => Ok(None),
        other => Err(format!("a keypoint value is {}, not a number", kind(other))),
    }
}

fn json_error(err: &serde_json::Error) -> PoseError {
    let text = err.to_string();
    let detail = match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_string(),
        None => text,
    };
    PoseError::Json {
        line: err.line() as u64,
        column: err.column() as u64,
        detail,
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// One JSON document.
pub(crate) fn parse_document(bytes: &[u8]) -> Result<Value, PoseError> {
    let bytes = strip_bom(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(PoseError::Empty);
    }
    serde_json::from_slice(bytes).map_err(|e| json_error(&e))
}

/// The JSON values in the bytes (one for a document, one a line for JSON
/// Lines), each with the line it starts on, read one at a time.
struct Values<'b> {
    bytes: &'b [u8],
    stream: serde_json::StreamDeserializer<'b, serde_json::de::SliceRead<'b>, Value>,
    /// The line of byte `counted`.
    line: u64,
    counted: usize,
}

impl<'b> Values<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        let bytes = strip_bom(bytes);
        Values {
            bytes,
            stream: serde_json::Deserializer::from_slice(bytes).into_iter::<Value>(),
            line: 1,
            counted: 0,
        }
    }
}

impl Iterator for Values<'_> {
    type Item = Result<(Value, u64), PoseError>;

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.stream.byte_offset();
        match self.stream.next()? {
            Err(err) => Some(Err(json_error(&err))),
            Ok(value) => {
                let first = self
                    .bytes
                    .get(start..)
                    .and_then(|rest| rest.iter().position(|b| !b.is_ascii_whitespace()))
                    .map_or(start, |p| start + p);
                if let Some(between) = self.bytes.get(self.counted..first) {
                    self.line += memchr::memchr_iter(b'\n', between).count() as u64;
                    self.counted = first;
                }
                Some(Ok((value, self.line)))
            }
        }
    }
}

/// Decodes a JSON or JSON Lines keypoint file.
///
/// JSON Lines of frames (the usual long file) are decoded a line at a
/// time, so only one line's values are held at once; the other shapes
/// (COCO results grouped by image, one image's people) need every entry
/// first.
pub(crate) fn decode(
    name: &str,
    bytes: &[u8],
    opts: &PoseOptions,
) -> Result<PoseRecording, PoseError> {
    let default_number = openpose::frame_number_from_name(name).unwrap_or(0);
    let body = strip_bom(bytes);
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
        && let Some(rec) = stream_list(body, default_number)?
    {
        return rec.finish(opts);
    }
    let mut values = Values::new(bytes);
    let Some(first) = values.next().transpose()? else {
        return Err(PoseError::Empty);
    };
    let Some(second) = values.next().transpose()? else {
        // One value: a whole document.
        let mut rec = Recording::default();
        document(&first.0, default_number, &mut rec)?;
        return rec.finish(opts);
    };
    // JSON Lines: a list, one entry a line.
    let mut list = StreamedList::new();
    for value in [Ok(first), Ok(second)].into_iter().chain(values) {
        let (value, line) = value?;
        list.entry(value, Some(line))?;
    }
    list.finish(default_number)?.finish(opts)
}

/// Whether a list whose first entries are `head` is a list of frames
/// (which [`list`] decodes entry by entry) rather than COCO results or
/// one image's people.
fn is_frame_list<'v>(mut head: impl Iterator<Item = &'v Value>) -> bool {
    match head.find(|v| !v.is_null() && !is_meta_only(v)) {
        Some(Value::Object(o)) => {
            let coco_results = o.contains_key("image_id") && is_person_keyed(o);
            !coco_results && !is_person(o)
        }
        _ => true,
    }
}

/// Decodes a document that is one JSON list, an entry at a time: a list
/// of frames (the usual long file) never holds more than one frame's
/// values. `None` when more JSON follows the list (JSON Lines whose lines
/// are lists), which the caller then reads line by line.
fn stream_list(bytes: &[u8], default_number: u64) -> Result<Option<Recording>, PoseError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut list = StreamedList::new();
    if let Err(err) = (&mut list).deserialize(&mut de) {
        return Err(list.error.take().unwrap_or_else(|| json_error(&err)));
    }
    if de.end().is_err() {
        return Ok(None);
    }
    list.finish(default_number).map(Some)
}

/// A list (a document's, or JSON Lines') decoded an entry at a time:
/// entries are held only until the list's shape is known; a list of
/// frames then streams, anything else is kept whole for [`list`].
struct StreamedList {
    rec: Recording,
    /// Entries (with their line in JSON Lines) held until the list's
    /// shape is known, and all of them when it is not a list of frames.
    head: Vec<(Value, Option<u64>)>,
    /// Set once the list is known to be frames.
    frames: Option<FrameList>,
    /// Whether the shape is known.
    decided: bool,
    entries: usize,
    /// The error that stopped a document's list, kept whole (serde's own
    /// error would flatten it to text).
    error: Option<PoseError>,
}

impl StreamedList {
    fn new() -> Self {
        StreamedList {
            rec: Recording::default(),
            head: Vec::new(),
            frames: None,
            decided: false,
            entries: 0,
            error: None,
        }
    }

    /// The next entry, on `line` of a JSON Lines file.
    fn entry(&mut self, value: Value, line: Option<u64>) -> Result<(), PoseError> {
        let index = self.entries;
        self.entries += 1;
        if let Some(frames) = &mut self.frames {
            return frames.item(index, &value, line, &mut self.rec);
        }
        let deciding = !self.decided && !value.is_null() && !is_meta_only(&value);
        self.head.push((value, line));
        if deciding {
            self.decided = true;
            if is_frame_list(self.head.iter().map(|(v, _)| v)) {
                let mut frames = FrameList::new();
                for (i, (v, line)) in self.head.drain(..).enumerate() {
                    frames.item(i, &v, line, &mut self.rec)?;
                }
                self.frames = Some(frames);
            }
        }
        Ok(())
    }

    /// The recording, once every entry is in: a list that was not frames
    /// (or had only empty and metadata entries) is decoded whole here.
    fn finish(mut self, default_number: u64) -> Result<Recording, PoseError> {
        if self.frames.is_none() {
            let items: Vec<(&Value, Option<u64>)> =
                self.head.iter().map(|(v, line)| (v, *line)).collect();
            list(&items, default_number, &mut self.rec)?;
        }
        Ok(self.rec)
    }
}

impl<'de> DeserializeSeed<'de> for &mut StreamedList {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for &mut StreamedList {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<Value>()? {
            if let Err(e) = self.entry(value, None) {
                self.error = Some(e);
                return Err(serde::de::Error::custom("the list stopped at an error"));
            }
        }
        Ok(())
    }
}

fn has_any(object: &Map<String, Value>, keys: &[&str]) -> bool {
    keys.iter().any(|k| object.contains_key(*k))
}

fn is_person(object: &Map<String, Value>) -> bool {
    has_any(object, &PERSON_KEYS)
        && !has_any(object, &FRAME_KEYS)
        && !has_any(object, &PEOPLE_KEYS)
        && !has_any(object, &LANDMARK_KEYS)
}

fn is_meta_only(value: &Value) -> bool {
    match value {
        Value::Object(o) => {
            has_any(o, &META_KEYS)
                && !has_any(o, &FRAME_KEYS)
                && !has_any(o, &PEOPLE_KEYS)
                && !has_any(o, &LANDMARK_KEYS)
                && !has_any(o, &PERSON_KEYS)
        }
        _ => false,
    }
}

fn keys_of(object: &Map<String, Value>) -> String {
    let mut keys: Vec<&str> = object.keys().map(String::as_str).take(8).collect();
    if object.len() > 8 {
        keys.push("...");
    }
    if keys.is_empty() {
        "none".to_string()
    } else {
        keys.join(", ")
    }
}

/// A whole JSON document.
fn document(value: &Value, default_number: u64, rec: &mut Recording) -> Result<(), PoseError> {
    match value {
        Value::Array(items) => {
            let items: Vec<(&Value, Option<u64>)> = items.iter().map(|v| (v, None)).collect();
            list(&items, default_number, rec)
        }
        Value::Object(o) => {
            for key in ["instance_info", "frames", "annotations"] {
                if let Some(inner) = o.get(key) {
                    let Value::Array(items) = inner else {
                        return Err(PoseError::NotRecognised {
                            detail: format!("`{key}` is {}, not a list", kind(inner)),
                        });
                    };
                    meta(o, At::Frame(default_number), rec)?;
                    let items: Vec<(&Value, Option<u64>)> =
                        items.iter().map(|v| (v, None)).collect();
                    return list(&items, default_number, rec);
                }
            }
            if has_any(o, &PEOPLE_KEYS)
                || has_any(o, &LANDMARK_KEYS)
                || has_any(o, &FRAME_KEYS)
                || o.contains_key("keypoints")
            {
                if is_person(o) {
                    // One image, one person.
                    let items = [(value, None)];
                    return single_image(&items, default_number, rec);
                }
                return frame(value, default_number, None, rec);
            }
            Err(PoseError::NotRecognised {
                detail: format!(
                    "a JSON object with the keys {}; expected OpenPose's `people`, a list of frames, or MediaPipe `landmarks`",
                    keys_of(o)
                ),
            })
        }
        other => Err(PoseError::NotRecognised {
            detail: format!("the JSON is {}, not an object or a list", kind(other)),
        }),
    }
}

/// A list of entries: frames, COCO results, or one image's people.
fn list(
    items: &[(&Value, Option<u64>)],
    default_number: u64,
    rec: &mut Recording,
) -> Result<(), PoseError> {
    let first = items
        .iter()
        .map(|(v, _)| *v)
        .find(|v| !v.is_null() && !is_meta_only(v));
    match first {
        Some(Value::Object(o)) if o.contains_key("image_id") && is_person_keyed(o) => {
            coco_results(items, rec)
        }
        Some(Value::Object(o)) if is_person(o) => single_image(items, default_number, rec),
        _ => {
            let mut frames = FrameList::new();
            for (index, (value, line)) in items.iter().enumerate() {
                frames.item(index, value, *line, rec)?;
            }
            Ok(())
        }
    }
}

/// A list of frames, decoded entry by entry.
struct FrameList {
    /// The number a frame without one gets.
    next: u64,
}

impl FrameList {
    fn new() -> Self {
        FrameList { next: 0 }
    }

    /// Entry `index` of the list, on `line` of a JSON Lines file.
    fn item(
        &mut self,
        index: usize,
        value: &Value,
        line: Option<u64>,
        rec: &mut Recording,
    ) -> Result<(), PoseError> {
        let at = line.map_or(At::Entry(index), At::Line);
        if is_meta_only(value) {
            if let Value::Object(o) = value {
                meta(o, at, rec)?;
            }
            return Ok(());
        }
        if !matches!(value, Value::Object(_) | Value::Array(_) | Value::Null) {
            return Err(PoseError::shape(
                at,
                format!(
                    "expected a frame (an object or a list of people), found {}",
                    kind(value)
                ),
            ));
        }
        frame(value, self.next, line, rec)?;
        self.next = rec
            .frames
            .last()
            .map_or(self.next, |f| f.number.saturating_add(1));
        Ok(())
    }
}

/// Whether an object carries a person's keypoints (frame keys allowed).
fn is_person_keyed(object: &Map<String, Value>) -> bool {
    has_any(object, &PERSON_KEYS) && !has_any(object, &PEOPLE_KEYS)
}

/// COCO results: one detection per entry, grouped by `image_id`.
fn coco_results(items: &[(&Value, Option<u64>)], rec: &mut Recording) -> Result<(), PoseError> {
    let mut frames: Vec<PoseFrame> = Vec::new();
    let mut frame_of: HashMap<u64, usize> = HashMap::new();
    for (index, (value, line)) in items.iter().enumerate() {
        let at = line.map_or(At::Entry(index), At::Line);
        let object = match value {
            Value::Null => continue,
            Value::Object(o) if is_meta_only(value) => {
                meta(o, at, rec)?;
                continue;
            }
            Value::Object(o) => o,
            other => {
                return Err(PoseError::shape(
                    at,
                    format!("expected a detection object, found {}", kind(other)),
                ));
            }
        };
        let Some(number) = frame_number(object, at)? else {
            return Err(PoseError::shape(
                at,
                "this detection has no `image_id`, so its frame is unknown",
            ));
        };
        let slot = match frame_of.get(&number) {
            Some(slot) => *slot,
            None => {
                frames.push(PoseFrame {
                    number,
                    time_s: time(object, at)?,
                    people: Vec::new(),
                });
                frame_of.insert(number, frames.len() - 1);
                frames.len() - 1
            }
        };
        let Some(frame) = frames.get_mut(slot) else {
            continue;
        };
        let ctx = Context::frame(number, *line);
        let found = person(object, &ctx, frame.people.len() + 1, false, rec)?;
        rec.keep(&mut frame.people, found);
    }
    rec.frames.extend(frames);
    Ok(())
}

/// One image's detections as a list of person objects.
fn single_image(
    items: &[(&Value, Option<u64>)],
    number: u64,
    rec: &mut Recording,
) -> Result<(), PoseError> {
    let ctx = Context::frame(number, None);
    let mut people = Vec::new();
    for (index, (value, _)) in items.iter().enumerate() {
        match value {
            Value::Null => {}
            Value::Object(o) => {
                let found = person(o, &ctx, index + 1, true, rec)?;
                rec.keep(&mut people, found);
            }
            other => {
                return Err(ctx.person_error(
                    index + 1,
                    format!("expected a person object, found {}", kind(other)),
                ));
            }
        }
    }
    rec.frames.push(PoseFrame {
        number,
        time_s: None,
        people,
    });
    Ok(())
}

/// The frame number an object states, if any.
fn frame_number(object: &Map<String, Value>, at: At) -> Result<Option<u64>, PoseError> {
    let Some((key, value)) = FRAME_KEYS
        .iter()
        .find_map(|k| object.get(*k).map(|v| (*k, v)))
    else {
        return Ok(None);
    };
    let number = match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 9.0e15)
                .map(|f| f as u64)
        }),
        Value::String(s) => digits_in(s),
        Value::Null => return Ok(None),
        _ => None,
    };
    number.map(Some).ok_or_else(|| {
        PoseError::shape(
            at,
            format!("`{key}` is {value}, which is not a frame number"),
        )
    })
}

/// The last run of digits in a string (`"000123.jpg"` is 123).
pub(crate) fn digits_in(text: &str) -> Option<u64> {
    let end = text.rfind(|c: char| c.is_ascii_digit())? + 1;
    let head = text.get(..end)?;
    let start = head
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    head.get(start..)?.parse().ok()
}

/// The time an object states: `time_s` in seconds or `timestamp_ms`.
fn time(object: &Map<String, Value>, at: At) -> Result<Option<f64>, PoseError> {
    for (key, scale) in [("time_s", 1.0), ("timestamp_ms", 0.001)] {
        match object.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) => return Ok(n.as_f64().map(|t| t * scale)),
            Some(other) => {
                return Err(PoseError::shape(
                    at,
                    format!("`{key}` is {}, not a number", kind(other)),
                ));
            }
        }
    }
    Ok(None)
}

/// `image_width`/`image_height` and `fps`, where an object states them.
fn meta(object: &Map<String, Value>, at: At, rec: &mut Recording) -> Result<(), PoseError> {
    let get = |key: &str| -> Result<Option<f64>, PoseError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(other) => Err(PoseError::shape(
                at,
                format!("`{key}` is {}, not a number", kind(other)),
            )),
        }
    };
    match (get("image_width")?, get("image_height")?) {
        (Some(w), Some(h)) => rec.note_size(w, h, at)?,
        (None, None) => {}
        _ => {
            return Err(PoseError::shape(
                at,
                "`image_width` and `image_height` must come together",
            ));
        }
    }
    if let Some(fps) = get("fps")? {
        rec.note_fps(fps, at)?;
    }
    Ok(())
}

/// One frame: a list of people, an object, or `null` (nobody).
fn frame(
    value: &Value,
    default_number: u64,
    line: Option<u64>,
    rec: &mut Recording,
) -> Result<(), PoseError> {
    let (number, time_s, people) = match value {
        Value::Null => (default_number, None, Vec::new()),
        Value::Array(_) => {
            let ctx = Context::frame(default_number, line);
            (default_number, None, people(value, &ctx, rec)?)
        }
        Value::Object(o) => {
            let provisional = line.map_or(At::Frame(default_number), At::Line);
            let number = frame_number(o, provisional)?.unwrap_or(default_number);
            let ctx = Context::frame(number, line);
            let time_s = time(o, ctx.at())?;
            meta(o, ctx.at(), rec)?;
            let people = if has_any(o, &LANDMARK_KEYS) {
                mediapipe::frame_people(o, &ctx, rec)?
            } else if let Some(list) = PEOPLE_KEYS.iter().find_map(|k| o.get(*k)) {
                people(list, &ctx, rec)?
            } else if let Some(keypoints) = o.get("keypoints") {
                coco::frame_keypoints(keypoints, o.get("keypoint_scores"), &ctx, rec)?
            } else if has_any(o, &FRAME_KEYS) {
                Vec::new()
            } else {
                return Err(ctx.error(format!(
                    "expected a frame with `people`, `instances`, `predictions`, `keypoints` or `landmarks`; this object has the keys {}",
                    keys_of(o)
                )));
            };
            (number, time_s, people)
        }
        other => {
            return Err(PoseError::shape(
                line.map_or(At::Frame(default_number), At::Line),
                format!("expected a frame, found {}", kind(other)),
            ));
        }
    };
    rec.frames.push(PoseFrame {
        number,
        time_s,
        people,
    });
    Ok(())
}

/// A frame's list of people. Entries are person objects, bare keypoint
/// lists, or lists of person objects (MMPose's batched `predictions`).
pub(crate) fn people(
    list: &Value,
    ctx: &Context,
    rec: &mut Recording,
) -> Result<Vec<Detection>, PoseError> {
    let Value::Array(entries) = list else {
        return Err(ctx.error(format!("the people are {}, not a list", kind(list))));
    };
    let mut out = Vec::new();
    let mut person_no = 0usize;
    for entry in entries {
        let batch: &[Value] = match entry {
            Value::Array(inner) if inner.first().is_some_and(Value::is_object) => inner,
            _ => std::slice::from_ref(entry),
        };
        for value in batch {
            person_no += 1;
            let found = match value {
                Value::Null => continue,
                Value::Object(o) => person(o, ctx, person_no, true, rec)?,
                Value::Array(_) => coco::detection(value, None, None, ctx, person_no, rec)?,
                other => {
                    return Err(ctx.person_error(
                        person_no,
                        format!("expected a person object, found {}", kind(other)),
                    ));
                }
            };
            rec.keep(&mut out, found);
        }
    }
    Ok(out)
}

/// One person object, in whichever layout its keys say.
fn person(
    object: &Map<String, Value>,
    ctx: &Context,
    person_no: usize,
    allow_id: bool,
    rec: &mut Recording,
) -> Result<Detection, PoseError> {
    let hint = track_hint(object, allow_id);
    if let Some(keypoints) = object
        .get("pose_keypoints_2d")
        .or_else(|| object.get("pose_keypoints"))
    {
        return openpose::detection(keypoints, hint, ctx, person_no, rec);
    }
    if let Some(keypoints) = object.get("keypoints") {
        let scores = object
            .get("keypoint_scores")
            .or_else(|| object.get("keypoints_scores"));
        return coco::detection(keypoints, scores, hint, ctx, person_no, rec);
    }
    if let Some(landmarks) = object.get("landmarks") {
        return mediapipe::pose(landmarks, hint, ctx, person_no, rec);
    }
    Err(ctx.person_error(
        person_no,
        format!(
            "no `keypoints`, `pose_keypoints_2d` or `landmarks` (keys: {})",
            keys_of(object)
        ),
    ))
}

/// A track or person ID, where the object gives one; OpenPose's -1 means
/// none.
pub(crate) fn track_hint(object: &Map<String, Value>, allow_id: bool) -> Option<i64> {
    let keys: &[&str] = if allow_id {
        &["track_id", "idx", "person_id", "track", "id"]
    } else {
        &["track_id", "idx", "person_id", "track"]
    };
    keys.iter()
        .find_map(|k| object.get(*k))
        .and_then(id_value)
        .filter(|id| *id != -1)
}

fn id_value(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        Value::Array(items) => items.first().and_then(id_value),
        _ => None,
    }
}
