//! MediaPipe Pose landmarks in CSV, in one of two layouts of our own (see
//! docs/pose-inputs.md). Column names are matched in any case; unknown
//! columns are ignored.
//!
//! **Wide**, one row per person per frame:
//!
//! ```text
//! # image_width=1920 image_height=1080 fps=30
//! frame,time_s,nose_x,nose_y,nose_z,nose_visibility,left_eye_inner_x,...
//! 0,0.000,0.512,0.231,-0.30,0.998,...
//! ```
//!
//! Landmark columns are `<name>_x`, `<name>_y`, `<name>_z` and
//! `<name>_visibility` (or `_vis`; `_presence` stands in for a missing
//! visibility), `<name>` being MediaPipe's landmark name
//! ([`LANDMARK_NAMES`](super::mediapipe::LANDMARK_NAMES)). Only `_x` and
//! `_y` are needed, and only for the landmarks there are.
//!
//! **Long**, one row per landmark: `frame,landmark,x,y,z,visibility`, the
//! landmark by index (0-32) or name.
//!
//! Both take optional `time_s` or `timestamp_ms`, `person` (or
//! `track_id`/`person_id`: rows of one frame with different values are
//! different people, kept as track hints), and `image_width` and
//! `image_height` columns; the frame size and `fps` may instead sit in `#`
//! comment lines before the header, as `key=value` pairs. Without `frame`,
//! the row's position is the frame number. Empty cells and `NaN` are
//! missing values; a wide row whose landmark cells are all empty is a frame
//! without anybody. Several rows with one frame number are several people.

use std::collections::{HashMap, HashSet};

use backstride_core::form::pose::{
    Detection, EMPTY_SKELETON, PoseFrame, PoseLayout, PoseRecording,
};
use csv::{ByteRecord, ReaderBuilder, Trim};

use super::mediapipe::{JOINTS, LANDMARK_NAMES, landmark_index};
use super::recording::{Recording, image_point};
use super::{At, PoseError, PoseOptions};

/// Column positions for one landmark in the wide layout.
#[derive(Debug, Default, Clone, Copy)]
struct Triple {
    x: Option<usize>,
    y: Option<usize>,
    visibility: Option<usize>,
    presence: Option<usize>,
}

/// What the header says is where.
#[derive(Debug)]
struct Columns {
    frame: Option<usize>,
    time_s: Option<usize>,
    timestamp_ms: Option<usize>,
    person: Option<usize>,
    width: Option<usize>,
    height: Option<usize>,
    landmark: Option<usize>,
    /// The long layout's x, y, visibility and presence.
    long: Triple,
    wide: [Triple; 33],
    names: Vec<String>,
}

impl Columns {
    fn from_header(header: &ByteRecord) -> Self {
        let mut cols = Columns {
            frame: None,
            time_s: None,
            timestamp_ms: None,
            person: None,
            width: None,
            height: None,
            landmark: None,
            long: Triple::default(),
            wide: [Triple::default(); 33],
            names: Vec::new(),
        };
        for (i, raw) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(raw).trim().to_ascii_lowercase();
            match name.as_str() {
                "frame" | "frame_id" | "frame_index" | "frame_idx" | "frame_number" => {
                    cols.frame.get_or_insert(i);
                }
                "time_s" => {
                    cols.time_s.get_or_insert(i);
                }
                "timestamp_ms" => {
                    cols.timestamp_ms.get_or_insert(i);
                }
                "person" | "person_id" | "track_id" => {
                    cols.person.get_or_insert(i);
                }
                "image_width" => {
                    cols.width.get_or_insert(i);
                }
                "image_height" => {
                    cols.height.get_or_insert(i);
                }
                "landmark" | "landmark_index" | "landmark_name" => {
                    cols.landmark.get_or_insert(i);
                }
                "x" => {
                    cols.long.x.get_or_insert(i);
                }
                "y" => {
                    cols.long.y.get_or_insert(i);
                }
                "visibility" | "vis" => {
                    cols.long.visibility.get_or_insert(i);
                }
                "presence" => {
                    cols.long.presence.get_or_insert(i);
                }
                _ => {
                    if let Some((landmark, part)) = wide_column(&name)
                        && let Some(t) = cols.wide.get_mut(landmark)
                    {
                        let slot = match part {
                            Part::X => &mut t.x,
                            Part::Y => &mut t.y,
                            Part::Visibility => &mut t.visibility,
                            Part::Presence => &mut t.presence,
                        };
                        slot.get_or_insert(i);
                    }
                }
            }
            cols.names.push(name);
        }
        cols
    }

    fn is_long(&self) -> bool {
        self.landmark.is_some() && self.long.x.is_some() && self.long.y.is_some()
    }

    fn is_wide(&self) -> bool {
        self.wide.iter().any(|t| t.x.is_some() && t.y.is_some())
    }

    fn name(&self, col: usize) -> &str {
        self.names.get(col).map_or("?", String::as_str)
    }
}

#[derive(Debug, Clone, Copy)]
enum Part {
    X,
    Y,
    Visibility,
    Presence,
}

/// `left_knee_x` is landmark 25's x.
fn wide_column(name: &str) -> Option<(usize, Part)> {
    let suffixes = [
        ("_x", Part::X),
        ("_y", Part::Y),
        ("_visibility", Part::Visibility),
        ("_vis", Part::Visibility),
        ("_presence", Part::Presence),
    ];
    suffixes.iter().find_map(|(suffix, part)| {
        let stem = name.strip_suffix(suffix)?;
        let index = LANDMARK_NAMES.iter().position(|n| *n == stem)?;
        Some((index, *part))
    })
}

/// Decodes a MediaPipe CSV file, wide or long.
pub(crate) fn decode(bytes: &[u8], opts: &PoseOptions) -> Result<PoseRecording, PoseError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut rec = Recording::default();
    let header_line = comment_metadata(bytes, &mut rec)?;
    let mut reader = ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(Trim::All)
        .flexible(true)
        .from_reader(bytes);
    let header = reader
        .byte_headers()
        .map_err(|e| csv_error(&e, header_line))?
        .clone();
    let cols = Columns::from_header(&header);
    let frames = if cols.is_long() {
        long(&mut reader, &cols, header_line, &mut rec)?
    } else if cols.is_wide() {
        wide(&mut reader, &cols, &mut rec)?
    } else {
        return Err(PoseError::Csv {
            line: header_line,
            detail: "the header names no landmark columns: expected nose_x, nose_y, left_shoulder_x, ... (one row per frame) or frame, landmark, x, y (one row per landmark)".to_string(),
        });
    };
    rec.frames = frames;
    rec.finish(opts)
}

/// Reads `key=value` pairs from the `#` lines before the header; returns
/// the header's line number.
fn comment_metadata(bytes: &[u8], rec: &mut Recording) -> Result<u64, PoseError> {
    let mut line_no = 0u64;
    let (mut width, mut height) = (None, None);
    let mut size_line = 0;
    for line in bytes.split(|b| *b == b'\n') {
        line_no += 1;
        let text = String::from_utf8_lossy(line);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let Some(comment) = text.strip_prefix('#') else {
            break;
        };
        for token in comment.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
            let Some((key, value)) = token.split_once(['=', ':']) else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            let parse = || {
                value.parse::<f64>().map_err(|_| PoseError::Csv {
                    line: line_no,
                    detail: format!("`{key}` is `{value}`, not a number"),
                })
            };
            match key.as_str() {
                "image_width" => {
                    width = Some(parse()?);
                    size_line = line_no;
                }
                "image_height" => {
                    height = Some(parse()?);
                    size_line = line_no;
                }
                "fps" => rec.note_fps(parse()?, At::Line(line_no))?,
                _ => {}
            }
        }
    }
    match (width, height) {
        (Some(w), Some(h)) => rec.note_size(w, h, At::Line(size_line))?,
        (None, None) => {}
        _ => {
            return Err(PoseError::Csv {
                line: size_line,
                detail: "`image_width` and `image_height` must come together".to_string(),
            });
        }
    }
    Ok(line_no.max(1))
}

fn csv_error(err: &csv::Error, fallback_line: u64) -> PoseError {
    let line = err.position().map_or(fallback_line, csv::Position::line);
    let detail = match err.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => err.to_string(),
    };
    PoseError::Csv { line, detail }
}

/// One row as read, with helpers that name the line and column.
struct Row<'a> {
    record: &'a ByteRecord,
    line: u64,
    cols: &'a Columns,
}

impl Row<'_> {
    fn text(&self, col: Option<usize>) -> Option<&str> {
        let raw = self.record.get(col?)?;
        let text = std::str::from_utf8(raw).ok()?.trim();
        let missing = text.is_empty()
            || ["null", "none", "na", "n/a"]
                .iter()
                .any(|m| text.eq_ignore_ascii_case(m));
        (!missing).then_some(text)
    }

    fn float(&self, col: Option<usize>) -> Result<Option<f64>, PoseError> {
        let Some(c) = col else { return Ok(None) };
        if let Some(raw) = self.record.get(c)
            && std::str::from_utf8(raw).is_err()
        {
            return Err(self.error(c, "is not UTF-8 text".to_string()));
        }
        match self.text(col) {
            None => Ok(None),
            Some(text) => text
                .parse::<f64>()
                .map(Some)
                .map_err(|_| self.error(c, format!("`{text}` is not a number"))),
        }
    }

    fn whole(&self, col: Option<usize>, what: &str) -> Result<Option<f64>, PoseError> {
        let value = self.float(col)?;
        match (value, col) {
            (Some(v), Some(c)) if !(v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15) => {
                Err(self.error(c, format!("`{v}` is not a whole {what}")))
            }
            _ => Ok(value),
        }
    }

    fn error(&self, col: usize, detail: String) -> PoseError {
        PoseError::Csv {
            line: self.line,
            detail: format!("column `{}`: {detail}", self.cols.name(col)),
        }
    }

    /// Frame number, time, person and frame size, common to both layouts.
    fn common(&self, row_index: u64, rec: &mut Recording) -> Result<Common, PoseError> {
        let number = match self.whole(self.cols.frame, "frame number")? {
            Some(n) if n < 0.0 => {
                let c = self.cols.frame.unwrap_or(0);
                return Err(self.error(c, format!("frame {n} is negative")));
            }
            Some(n) => n as u64,
            None => row_index,
        };
        let time_s = match self.float(self.cols.time_s)? {
            Some(t) => Some(t),
            None => self.float(self.cols.timestamp_ms)?.map(|ms| ms / 1000.0),
        };
        let person = self
            .whole(self.cols.person, "person number")?
            .map(|p| p as i64);
        match (self.float(self.cols.width)?, self.float(self.cols.height)?) {
            (Some(w), Some(h)) => rec.note_size(w, h, At::Line(self.line))?,
            (None, None) => {}
            _ => {
                return Err(PoseError::Csv {
                    line: self.line,
                    detail: "`image_width` and `image_height` must come together".to_string(),
                });
            }
        }
        Ok(Common {
            number,
            time_s,
            person,
        })
    }
}

struct Common {
    number: u64,
    time_s: Option<f64>,
    person: Option<i64>,
}

/// The slot of frame `number`, created on first sight.
fn slot(frames: &mut Vec<PoseFrame>, index: &mut HashMap<u64, usize>, common: &Common) -> usize {
    let slot = *index.entry(common.number).or_insert_with(|| {
        frames.push(PoseFrame {
            number: common.number,
            time_s: None,
            people: Vec::new(),
        });
        frames.len() - 1
    });
    if let Some(frame) = frames.get_mut(slot)
        && frame.time_s.is_none()
    {
        frame.time_s = common.time_s;
    }
    slot
}

fn score(
    row: &Row<'_>,
    visibility: Option<usize>,
    presence: Option<usize>,
    frame: u64,
    rec: &mut Recording,
) -> Result<Option<f32>, PoseError> {
    let raw = match row.float(visibility)? {
        Some(v) if !v.is_nan() => Some(v),
        _ => row.float(presence)?.filter(|p| !p.is_nan()),
    };
    Ok(match raw {
        Some(v) => rec.scores.score(v, frame),
        None => Some(1.0),
    })
}

fn wide(
    reader: &mut csv::Reader<&[u8]>,
    cols: &Columns,
    rec: &mut Recording,
) -> Result<Vec<PoseFrame>, PoseError> {
    let mut frames = Vec::new();
    let mut index = HashMap::new();
    let mut record = ByteRecord::new();
    let mut row_index = 0u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&e, 0)),
        }
        let line = record.position().map_or(0, csv::Position::line);
        let row = Row {
            record: &record,
            line,
            cols,
        };
        let common = row.common(row_index, rec)?;
        row_index += 1;
        let slot = slot(&mut frames, &mut index, &common);
        let mut skeleton = EMPTY_SKELETON;
        let mut any_cell = false;
        for (joint, t) in JOINTS.iter().zip(&cols.wide) {
            let (x, y) = (row.float(t.x)?, row.float(t.y)?);
            any_cell |= x.is_some() || y.is_some();
            let (Some(joint), Some(x), Some(y)) = (joint, x, y) else {
                continue;
            };
            if let Some(s) = score(&row, t.visibility, t.presence, common.number, rec)? {
                skeleton[joint.index()] = image_point(x, y, s);
            }
        }
        if !any_cell {
            continue;
        }
        rec.see_layout(PoseLayout::MediaPipe33, common.number)?;
        let person = Detection {
            track_hint: common.person,
            skeleton,
        };
        if let Some(frame) = frames.get_mut(slot) {
            rec.keep(&mut frame.people, person);
        }
    }
    Ok(frames)
}

fn long(
    reader: &mut csv::Reader<&[u8]>,
    cols: &Columns,
    header_line: u64,
    rec: &mut Recording,
) -> Result<Vec<PoseFrame>, PoseError> {
    let mut frames: Vec<PoseFrame> = Vec::new();
    let mut index = HashMap::new();
    let mut people: HashMap<(u64, Option<i64>), usize> = HashMap::new();
    let mut seen: HashSet<(u64, Option<i64>, usize)> = HashSet::new();
    let mut record = ByteRecord::new();
    if cols.frame.is_none() {
        return Err(PoseError::Csv {
            line: header_line,
            detail: "one row per landmark needs a `frame` column to group the rows into frames"
                .to_string(),
        });
    }
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&e, 0)),
        }
        let line = record.position().map_or(0, csv::Position::line);
        let row = Row {
            record: &record,
            line,
            cols,
        };
        let common = row.common(0, rec)?;
        let Some(name) = row.text(cols.landmark) else {
            return Err(PoseError::Csv {
                line,
                detail: "the `landmark` cell is empty".to_string(),
            });
        };
        let Some(landmark) = landmark_index(name) else {
            return Err(PoseError::Csv {
                line,
                detail: format!(
                    "unknown landmark `{name}`: use 0-32 or a MediaPipe name such as left_shoulder"
                ),
            });
        };
        if !seen.insert((common.number, common.person, landmark)) {
            return Err(PoseError::Csv {
                line,
                detail: format!(
                    "landmark {landmark} ({}) of frame {}{} appears twice",
                    LANDMARK_NAMES.get(landmark).unwrap_or(&"?"),
                    common.number,
                    common
                        .person
                        .map_or(String::new(), |p| format!(", person {p}"))
                ),
            });
        }
        let slot = slot(&mut frames, &mut index, &common);
        let Some(frame) = frames.get_mut(slot) else {
            continue;
        };
        let person_slot = *people
            .entry((common.number, common.person))
            .or_insert_with(|| {
                frame.people.push(Detection {
                    track_hint: common.person,
                    skeleton: EMPTY_SKELETON,
                });
                frame.people.len() - 1
            });
        let (x, y) = (row.float(cols.long.x)?, row.float(cols.long.y)?);
        let s = score(
            &row,
            cols.long.visibility,
            cols.long.presence,
            common.number,
            rec,
        )?;
        rec.see_layout(PoseLayout::MediaPipe33, common.number)?;
        let (Some(Some(joint)), Some(x), Some(y), Some(s)) = (JOINTS.get(landmark), x, y, s) else {
            continue;
        };
        if let Some(person) = frame.people.get_mut(person_slot) {
            person.skeleton[joint.index()] = image_point(x, y, s);
        }
    }
    // People none of whose points were usable count as empty.
    for frame in &mut frames {
        let before = frame.people.len();
        frame
            .people
            .retain(|p| p.skeleton.iter().any(Option::is_some));
        rec.empty_people += (before - frame.people.len()) as u64;
    }
    Ok(frames)
}
