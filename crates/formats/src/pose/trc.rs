//! TRC marker files (OpenSim's format, as Pose2Sim and Sports2D write
//! them): tab-separated text with a header, then one row per frame.
//!
//! ```text
//! PathFileType  4  (X/Y/Z)  run.trc
//! DataRate  CameraRate  NumFrames  NumMarkers  Units  OrigDataRate  ...
//! 60  60  2  26  m  60  ...
//! Frame#  Time  Hip      RHip     ...
//!               X1 Y1 Z1 X2 Y2 Z2 ...
//! 1  0.0000  0.01 0.93 0.00  ...
//! ```
//!
//! The frame rate is `DataRate`; where that is missing or not a number,
//! the `Time` column gives it. Markers are matched to joints by name in any
//! case and with `_`, `.`, `-` and spaces ignored, a side prefix (`R`, `L`,
//! `Right`, `Left`) before a part (`Shoulder`/`Sho`, `Elbow`/`Elb`,
//! `Wrist`, `Hip`, `Knee`/`Kne`, `Ankle`/`Ank`, `Heel`/`Hee`,
//! `BigToe`/`Toe`/`FootIndex`, `Eye`, `Ear`), plus `Nose`; so `RShoulder`,
//! `RightShoulder` and `r_shoulder` are one joint. Other markers (`Neck`,
//! `Hip`, `Head`, small toes) are ignored. An empty cell, `NaN`, or a marker
//! at exactly (0, 0, 0) (Sports2D's fill for a gap) is missing. Y is up;
//! the 3D markers go onto the runner's side view through
//! `backstride_core::form::sagittal::project`.

use backstride_core::form::pose::{Detection, Joint, PoseFrame, PoseLayout, PoseRecording};
use backstride_core::form::sagittal::{Skeleton3, project};

use super::recording::Recording;
use super::{At, PoseError, PoseOptions};

/// A marker name onto one of our joints.
pub(crate) fn marker_joint(name: &str) -> Option<Joint> {
    let key: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if key == "nose" {
        return Some(Joint::Nose);
    }
    let (left, part) = if let Some(rest) = key.strip_prefix("left") {
        (true, rest)
    } else if let Some(rest) = key.strip_prefix("right") {
        (false, rest)
    } else if let Some(rest) = key.strip_prefix('l') {
        (true, rest)
    } else if let Some(rest) = key.strip_prefix('r') {
        (false, rest)
    } else {
        return None;
    };
    let (l, r) = match part {
        "shoulder" | "sho" => (Joint::LeftShoulder, Joint::RightShoulder),
        "elbow" | "elb" => (Joint::LeftElbow, Joint::RightElbow),
        "wrist" | "wri" => (Joint::LeftWrist, Joint::RightWrist),
        "hip" => (Joint::LeftHip, Joint::RightHip),
        "knee" | "kne" => (Joint::LeftKnee, Joint::RightKnee),
        "ankle" | "ank" => (Joint::LeftAnkle, Joint::RightAnkle),
        "heel" | "hee" => (Joint::LeftHeel, Joint::RightHeel),
        "bigtoe" | "toe" | "footindex" => (Joint::LeftToe, Joint::RightToe),
        "eye" => (Joint::LeftEye, Joint::RightEye),
        "ear" => (Joint::LeftEar, Joint::RightEar),
        _ => return None,
    };
    Some(if left { l } else { r })
}

fn cells(line: &str) -> Vec<&str> {
    line.split('\t').map(str::trim).collect()
}

/// A number cell: `None` when empty or NaN-like, an error when text.
fn value(cell: Option<&&str>, line: u64, what: &str) -> Result<Option<f64>, PoseError> {
    let Some(text) = cell.copied().filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if ["nan", "null", "na"]
        .iter()
        .any(|m| text.eq_ignore_ascii_case(m))
    {
        return Ok(None);
    }
    text.parse::<f64>().map(Some).map_err(|_| PoseError::Trc {
        line,
        detail: format!("{what} is `{text}`, not a number"),
    })
}

/// Decodes a TRC file.
pub(crate) fn decode(bytes: &[u8], opts: &PoseOptions) -> Result<PoseRecording, PoseError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .zip(1u64..);
    let mut rec = Recording::default();

    let first = lines
        .by_ref()
        .find(|(l, _)| !l.trim().is_empty())
        .ok_or(PoseError::Empty)?;
    let starts = first
        .0
        .trim_start()
        .get(..12)
        .is_some_and(|h| h.eq_ignore_ascii_case("PathFileType"));
    if !starts {
        return Err(PoseError::Trc {
            line: first.1,
            detail: "a TRC file starts with `PathFileType`".to_string(),
        });
    }

    // Key and value lines, up to the marker names line (`Frame#`).
    let mut header: Vec<(&str, u64)> = Vec::new();
    let (marker_line, marker_no) = loop {
        let Some((line, no)) = lines.next() else {
            return Err(PoseError::Trc {
                line: first.1,
                detail: "no `Frame#` line naming the markers".to_string(),
            });
        };
        if line.trim().is_empty() {
            continue;
        }
        let head = cells(line);
        if head
            .first()
            .is_some_and(|c| c.eq_ignore_ascii_case("Frame#") || c.eq_ignore_ascii_case("Frame"))
        {
            break (line, no);
        }
        header.push((line, no));
    };
    if let [(keys, _), (values, values_no), ..] = header.as_slice() {
        let (keys, values) = (cells(keys), cells(values));
        if let Some(pos) = keys.iter().position(|k| k.eq_ignore_ascii_case("DataRate")) {
            match values.get(pos).and_then(|v| v.parse::<f64>().ok()) {
                Some(rate) if rate.is_finite() && rate > 0.0 => {
                    rec.note_fps(rate, At::Line(*values_no))?;
                }
                _ => rec.problems.push(format!(
                    "line {values_no}: DataRate `{}` is not a frame rate; the Time column gives it instead",
                    values.get(pos).copied().unwrap_or("")
                )),
            }
        }
    }

    if !marker_line.contains('\t') {
        return Err(PoseError::Trc {
            line: marker_no,
            detail: "TRC files are tab-separated, and this line has no tabs".to_string(),
        });
    }
    // (column of X, joint) for each marker we know.
    let mut markers: Vec<(usize, Joint)> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for (col, name) in cells(marker_line).into_iter().enumerate().skip(2) {
        if name.is_empty() {
            continue;
        }
        match marker_joint(name) {
            Some(joint) if markers.iter().any(|(_, j)| *j == joint) => rec.problems.push(format!(
                "line {marker_no}: marker `{name}` is a second {}; the first one is used",
                joint.name()
            )),
            Some(joint) => markers.push((col, joint)),
            None => unknown.push(name),
        }
    }
    if markers.is_empty() {
        let listed: Vec<&str> = unknown.iter().take(8).copied().collect();
        return Err(PoseError::Trc {
            line: marker_no,
            detail: format!(
                "none of the markers ({}) is a joint Backstride knows, such as RShoulder, LHip, RKnee or RAnkle",
                if listed.is_empty() {
                    "there are none".to_string()
                } else {
                    listed.join(", ")
                }
            ),
        });
    }

    let mut numbers = Vec::new();
    let mut times = Vec::new();
    let mut frames3: Vec<Skeleton3> = Vec::new();
    let mut row_index = 0u64;
    for (line, no) in lines {
        let row = cells(line);
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        // The `X1 Y1 Z1 ...` line under the marker names.
        if row.first().is_some_and(|c| c.is_empty()) && row.get(1).is_some_and(|c| c.is_empty()) {
            continue;
        }
        let number = match value(row.first(), no, "the frame number")? {
            Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n < 9.0e15 => n as u64,
            Some(n) => {
                return Err(PoseError::Trc {
                    line: no,
                    detail: format!("the frame number `{n}` is not a whole number"),
                });
            }
            None => row_index,
        };
        row_index += 1;
        let time = value(row.get(1), no, "the time")?.filter(|t| t.is_finite());
        let mut skeleton: Skeleton3 = [None; Joint::COUNT];
        let mut any_cell = false;
        for (col, joint) in &markers {
            let mut xyz = [0.0; 3];
            let mut complete = true;
            for (k, axis) in ["X", "Y", "Z"].iter().enumerate() {
                let cell = row.get(col + k);
                any_cell |= cell.is_some_and(|c| !c.is_empty());
                let what = format!("the {axis} of marker {}", joint.name());
                match value(cell, no, &what)? {
                    Some(v) if v.is_finite() => {
                        if let Some(slot) = xyz.get_mut(k) {
                            *slot = v;
                        }
                    }
                    _ => complete = false,
                }
            }
            if complete && xyz != [0.0; 3] {
                skeleton[joint.index()] = Some(xyz);
            }
        }
        if any_cell && skeleton.iter().all(Option::is_none) {
            rec.empty_people += 1;
        }
        numbers.push(number);
        times.push(time);
        frames3.push(skeleton);
    }

    for ((number, time_s), skeleton) in numbers.into_iter().zip(times).zip(project(&frames3)) {
        let mut people = Vec::new();
        if skeleton.iter().any(Option::is_some) {
            rec.see_layout(PoseLayout::Trc, number)?;
            people.push(Detection {
                track_hint: None,
                skeleton,
            });
        }
        rec.frames.push(PoseFrame {
            number,
            time_s,
            people,
        });
    }
    rec.finish(opts)
}
