//! MediaPipe Pose's 33 landmarks in JSON and JSON Lines. MediaPipe writes
//! no file of its own, so the layout is ours (docs/pose-inputs.md has it in
//! full, with examples); the CSV layouts live in `mediapipe_csv`.
//!
//! One JSON object a frame (a line each in JSON Lines, or a JSON list):
//!
//! ```json
//! {"frame": 3, "time_s": 0.1, "image_width": 1920, "image_height": 1080,
//!  "landmarks": [{"x": 0.367, "y": 0.167, "z": 0.076, "visibility": 0.98}, ...]}
//! ```
//!
//! - `frame`: the frame number (else the position in the file);
//! - `time_s` (seconds) or `timestamp_ms`: optional, gives the frame rate;
//! - `image_width`, `image_height`: the frame in pixels, on any frame or on
//!   a line of their own (with `fps`), else passed in `PoseOptions`;
//! - `landmarks`: 33 landmarks in MediaPipe's order, each
//!   `{"x", "y", "z", "visibility"}` (`presence` stands in for a missing
//!   `visibility`; both optional) or `[x, y, z, visibility]`; an empty list
//!   is a frame without anybody;
//! - several people (MediaPipe Tasks with `num_poses` > 1): `poses`, a list
//!   of landmark lists or of `{"track_id": 2, "landmarks": [...]}`.
//!
//! x and y are fractions of the frame's width and height (0..1, y down, a
//! little outside for points off the edge); they are scaled to pixels and
//! flipped to y up. z is MediaPipe's relative depth and is not used.
//! Visibility is the score; 0 marks a point as missing.
//!
//! Landmarks used: 0 nose, 2 left eye, 5 right eye, 7/8 left/right ear,
//! 11/12 shoulders, 13/14 elbows, 15/16 wrists, 23/24 hips, 25/26 knees,
//! 27/28 ankles, 29/30 heels, 31/32 foot index (the toe).

use backstride_core::form::pose::{Detection, EMPTY_SKELETON, Joint, PoseLayout};
use serde_json::{Map, Value};

use super::PoseError;
use super::json::{self, Context};
use super::recording::{Recording, image_point};

/// MediaPipe's landmark names, in index order (its `PoseLandmark` enum,
/// lower case). CSV column names are built from them.
pub const LANDMARK_NAMES: [&str; 33] = [
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
];

/// Landmark index onto our joints.
pub(crate) const JOINTS: [Option<Joint>; 33] = [
    Some(Joint::Nose),
    None,
    Some(Joint::LeftEye),
    None,
    None,
    Some(Joint::RightEye),
    None,
    Some(Joint::LeftEar),
    Some(Joint::RightEar),
    None,
    None,
    Some(Joint::LeftShoulder),
    Some(Joint::RightShoulder),
    Some(Joint::LeftElbow),
    Some(Joint::RightElbow),
    Some(Joint::LeftWrist),
    Some(Joint::RightWrist),
    None,
    None,
    None,
    None,
    None,
    None,
    Some(Joint::LeftHip),
    Some(Joint::RightHip),
    Some(Joint::LeftKnee),
    Some(Joint::RightKnee),
    Some(Joint::LeftAnkle),
    Some(Joint::RightAnkle),
    Some(Joint::LeftHeel),
    Some(Joint::RightHeel),
    Some(Joint::LeftToe),
    Some(Joint::RightToe),
];

/// A landmark by name (any case) or by index `0`..`32`.
pub(crate) fn landmark_index(name: &str) -> Option<usize> {
    let name = name.trim();
    if let Ok(i) = name.parse::<usize>() {
        return (i < LANDMARK_NAMES.len()).then_some(i);
    }
    LANDMARK_NAMES
        .iter()
        .position(|n| n.eq_ignore_ascii_case(name))
}

/// The people of a MediaPipe frame object.
pub(crate) fn frame_people(
    object: &Map<String, Value>,
    ctx: &Context,
    rec: &mut Recording,
) -> Result<Vec<Detection>, PoseError> {
    let mut out = Vec::new();
    if let Some(poses) = object.get("poses") {
        let entries = match poses {
            Value::Null => return Ok(out),
            Value::Array(entries) => entries,
            other => {
                return Err(ctx.error(format!("`poses` is {}, not a list", json::kind(other))));
            }
        };
        for (i, entry) in entries.iter().enumerate() {
            let found = match entry {
                Value::Object(o) => {
                    let Some(landmarks) = o.get("landmarks") else {
                        return Err(ctx.person_error(i + 1, "this pose has no `landmarks`"));
                    };
                    pose(landmarks, json::track_hint(o, true), ctx, i + 1, rec)?
                }
                _ => pose(entry, None, ctx, i + 1, rec)?,
            };
            rec.keep(&mut out, found);
        }
        return Ok(out);
    }
    let landmarks = object
        .get("landmarks")
        .or_else(|| object.get("pose_landmarks"))
        .unwrap_or(&Value::Null);
    let Value::Array(items) = landmarks else {
        if landmarks.is_null() {
            return Ok(out);
        }
        return Err(ctx.error(format!(
            "`landmarks` is {}, not a list",
            json::kind(landmarks)
        )));
    };
    // A list of poses (MediaPipe Tasks' shape) rather than one pose's landmarks?
    let nested = items.first().is_some_and(|first| match first {
        Value::Array(inner) => inner.first().is_some_and(|v| v.is_object() || v.is_array()),
        _ => false,
    });
    if nested {
        for (i, entry) in items.iter().enumerate() {
            let found = pose(entry, None, ctx, i + 1, rec)?;
            rec.keep(&mut out, found);
        }
    } else if !items.is_empty() {
        let found = pose(landmarks, None, ctx, 1, rec)?;
        rec.keep(&mut out, found);
    }
    Ok(out)
}

/// One pose's 33 landmarks, in normalised coordinates (scaled later).
pub(crate) fn pose(
    landmarks: &Value,
    track_hint: Option<i64>,
    ctx: &Context,
    person: usize,
    rec: &mut Recording,
) -> Result<Detection, PoseError> {
    let Value::Array(items) = landmarks else {
        return Err(ctx.person_error(
            person,
            format!("the landmarks are {}, not a list", json::kind(landmarks)),
        ));
    };
    if items.len() != JOINTS.len() {
        return Err(ctx.person_error(
            person,
            format!(
                "{} landmarks; MediaPipe Pose has {}",
                items.len(),
                JOINTS.len()
            ),
        ));
    }
    let num = |v: Option<&Value>| match v {
        Some(v) => json::number(v).map_err(|k| ctx.person_error(person, k)),
        None => Ok(None),
    };
    let mut skeleton = EMPTY_SKELETON;
    for (i, (joint, landmark)) in JOINTS.iter().zip(items).enumerate() {
        let (x, y, visibility) = match landmark {
            Value::Object(o) => {
                let visibility = match num(o.get("visibility"))? {
                    Some(v) => Some(v),
                    None => num(o.get("presence"))?,
                };
                (num(o.get("x"))?, num(o.get("y"))?, visibility)
            }
            Value::Array(a) => (num(a.first())?, num(a.get(1))?, num(a.get(3))?),
            Value::Null => (None, None, None),
            other => {
                return Err(ctx.person_error(
                    person,
                    format!(
                        "landmark {i} is {}, not an object with x and y",
                        json::kind(other)
                    ),
                ));
            }
        };
        let (Some(joint), Some(x), Some(y)) = (joint, x, y) else {
            continue;
        };
        let score = match visibility {
            Some(v) => rec.scores.score(v, ctx.frame),
            None => Some(1.0),
        };
        if let Some(score) = score {
            skeleton[joint.index()] = image_point(x, y, score);
        }
    }
    rec.see_layout(PoseLayout::MediaPipe33, ctx.frame)?;
    Ok(Detection {
        track_hint,
        skeleton,
    })
}
