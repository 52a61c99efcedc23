//! OpenPose `--write_json` output: one file per video frame, named like
//! `video_000000000012_keypoints.json`, holding
//! `{"version": 1.3, "people": [{"person_id": [-1], "pose_keypoints_2d": [x, y, c, ...]}, ...]}`.
//!
//! The layout follows from the count: 75 numbers are BODY_25 or BODY_25B
//! (Pose2Sim's default model, same length, another order: told apart by
//! geometry, see `which_25`; in a folder the majority of frames decides),
//! 78 are HALPE_26 (Sports2D's and Pose2Sim's default with RTMPose), 54
//! are COCO-18 (25, 26 or 18 points as x, y, confidence). A point with confidence 0
//! is one OpenPose did not find. Image rows grow downwards; keypoints come
//! out with y up. `person_id` -1 (OpenPose's "no ID") becomes no track hint.
//! The older key `pose_keypoints` (OpenPose 1.0/1.1) is read as well.
//!
//! A folder of frames is read with [`decode_frame`] for each file (its
//! number from [`frame_number_from_name`]) and [`assemble`], or in one call
//! with [`decode_files`].

use backstride_core::form::pose::{
    Detection, EMPTY_SKELETON, Joint, PoseFrame, PoseLayout, PoseRecording, Skeleton,
};
use serde_json::Value;

use super::coco;
use super::json::{self, Context};
use super::recording::{Recording, Scores, image_point};
use super::{PoseError, PoseOptions};

/// BODY_25 point order onto our joints: 0 nose, 1 neck, 2-4 right
/// shoulder/elbow/wrist, 5-7 left, 8 mid-hip, 9-11 right hip/knee/ankle,
/// 12-14 left, 15/16 right/left eye, 17/18 right/left ear, 19 left big toe,
/// 20 left small toe, 21 left heel, 22 right big toe, 23 right small toe,
/// 24 right heel. Neck, mid-hip and small toes have no joint of ours.
const BODY_25: [Option<Joint>; 25] = [
    Some(Joint::Nose),
    None,
    Some(Joint::RightShoulder),
    Some(Joint::RightElbow),
    Some(Joint::RightWrist),
    Some(Joint::LeftShoulder),
    Some(Joint::LeftElbow),
    Some(Joint::LeftWrist),
    None,
    Some(Joint::RightHip),
    Some(Joint::RightKnee),
    Some(Joint::RightAnkle),
    Some(Joint::LeftHip),
    Some(Joint::LeftKnee),
    Some(Joint::LeftAnkle),
    Some(Joint::RightEye),
    Some(Joint::LeftEye),
    Some(Joint::RightEar),
    Some(Joint::LeftEar),
    Some(Joint::LeftToe),
    None,
    Some(Joint::LeftHeel),
    Some(Joint::RightToe),
    None,
    Some(Joint::RightHeel),
];

/// BODY_25B (OpenPose's experimental model, Pose2Sim's default) onto our
/// joints: COCO-17's order (0 nose, 1/2 left/right eye, 3/4 ears, 5/6
/// shoulders, 7/8 elbows, 9/10 wrists, 11/12 hips, 13/14 knees, 15/16
/// ankles), 17 upper neck and 18 head top (no joint of ours), then the
/// feet as in BODY_25.
const BODY_25B: [Option<Joint>; 25] = [
    Some(Joint::Nose),
    Some(Joint::LeftEye),
    Some(Joint::RightEye),
    Some(Joint::LeftEar),
    Some(Joint::RightEar),
    Some(Joint::LeftShoulder),
    Some(Joint::RightShoulder),
    Some(Joint::LeftElbow),
    Some(Joint::RightElbow),
    Some(Joint::LeftWrist),
    Some(Joint::RightWrist),
    Some(Joint::LeftHip),
    Some(Joint::RightHip),
    Some(Joint::LeftKnee),
    Some(Joint::RightKnee),
    Some(Joint::LeftAnkle),
    Some(Joint::RightAnkle),
    None,
    None,
    Some(Joint::LeftToe),
    None,
    Some(Joint::LeftHeel),
    Some(Joint::RightToe),
    None,
    Some(Joint::RightHeel),
];

/// Which of the two 25-point layouts a person's numbers are in, from the
/// geometry: in BODY_25B points 11 and 12 are the two hips and point 2 an
/// eye beside the nose (point 0); in BODY_25 points 11 and 12 are the
/// right ankle and the left hip, and point 2 the right shoulder. Distances
/// are relative to the person's extent. `None` when neither test can be
/// made or they disagree.
fn which_25(numbers: &[Value]) -> Option<PoseLayout> {
    let point = |i: usize| -> Option<(f64, f64)> {
        let xyc = numbers.get(3 * i..3 * i + 3)?;
        let (x, y, c) = (xyc[0].as_f64()?, xyc[1].as_f64()?, xyc[2].as_f64()?);
        (c > 0.0 && x.is_finite() && y.is_finite()).then_some((x, y))
    };
    let all: Vec<(f64, f64)> = (0..25).filter_map(point).collect();
    let span = |f: fn(&(f64, f64)) -> f64| {
        let lo = all.iter().map(f).fold(f64::INFINITY, f64::min);
        let hi = all.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
        hi - lo
    };
    let size = span(|p| p.0).max(span(|p| p.1));
    if !(size.is_finite() && size > 0.0) {
        return None;
    }
    let dist = |a: usize, b: usize| {
        let (p, q) = (point(a)?, point(b)?);
        Some((p.0 - q.0).hypot(p.1 - q.1) / size)
    };
    let mut votes = Vec::new();
    // Two hips (B) against ankle and hip (25).
    match dist(11, 12) {
        Some(d) if d < 0.15 => votes.push(PoseLayout::OpenPoseBody25B),
        Some(d) if d > 0.3 => votes.push(PoseLayout::OpenPoseBody25),
        _ => {}
    }
    // An eye beside the nose (B) against a shoulder below it (25).
    match dist(0, 2).or_else(|| dist(0, 1)) {
        Some(d) if d < 0.08 => votes.push(PoseLayout::OpenPoseBody25B),
        Some(d) if d > 0.12 => votes.push(PoseLayout::OpenPoseBody25),
        _ => {}
    }
    match votes.as_slice() {
        [only] => Some(*only),
        [a, b] if a == b => Some(*a),
        _ => None,
    }
}

/// COCO-18 (OpenPose's COCO model, with a neck) onto our joints: 0 nose,
/// 1 neck, 2-4 right shoulder/elbow/wrist, 5-7 left, 8-10 right
/// hip/knee/ankle, 11-13 left, 14/15 right/left eye, 16/17 right/left ear.
const COCO_18: [Option<Joint>; 18] = [
    Some(Joint::Nose),
    None,
    Some(Joint::RightShoulder),
    Some(Joint::RightElbow),
    Some(Joint::RightWrist),
    Some(Joint::LeftShoulder),
    Some(Joint::LeftElbow),
    Some(Joint::LeftWrist),
    Some(Joint::RightHip),
    Some(Joint::RightKnee),
    Some(Joint::RightAnkle),
    Some(Joint::LeftHip),
    Some(Joint::LeftKnee),
    Some(Joint::LeftAnkle),
    Some(Joint::RightEye),
    Some(Joint::LeftEye),
    Some(Joint::RightEar),
    Some(Joint::LeftEar),
];

/// One decoded OpenPose frame file.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenPoseFrame {
    /// The frame.
    pub frame: PoseFrame,
    /// Its layout, or `None` when nobody was detected (no way to tell).
    pub layout: Option<PoseLayout>,
    /// Problems that did not stop the decode (scores clamped).
    pub problems: Vec<String>,
}

/// Decodes one OpenPose frame file as frame `number`.
///
/// ```
/// use backstride_formats::pose::openpose::decode_frame;
/// let mut xyc = vec![0.0; 75];
/// xyc[0] = 310.0; // nose x
/// xyc[1] = 120.0; // nose y (down)
/// xyc[2] = 0.9; // nose confidence
/// let json = format!(r#"{{"version":1.3,"people":[{{"person_id":[-1],"pose_keypoints_2d":{xyc:?}}}]}}"#);
/// let decoded = decode_frame(json.as_bytes(), 12).unwrap();
/// let nose = decoded.frame.people[0].skeleton[0].unwrap();
/// assert_eq!((nose.x, nose.y, nose.score), (310.0, -120.0, 0.9));
/// ```
pub fn decode_frame(bytes: &[u8], number: u64) -> Result<OpenPoseFrame, PoseError> {
    let value = json::parse_document(bytes)?;
    let Value::Object(object) = &value else {
        return Err(PoseError::NotRecognised {
            detail: format!(
                "an OpenPose frame is a JSON object with `people`, not {}",
                json::kind(&value)
            ),
        });
    };
    let Some(people) = object.get("people") else {
        return Err(PoseError::NotRecognised {
            detail: "the JSON object has no `people` list, which every OpenPose frame has"
                .to_string(),
        });
    };
    let mut rec = Recording::default();
    let ctx = Context::frame(number, None);
    let people = json::people(people, &ctx, &mut rec)?;
    let mut problems = Vec::new();
    rec.note_scores(&mut problems);
    Ok(OpenPoseFrame {
        frame: PoseFrame {
            number,
            time_s: None,
            people,
        },
        layout: rec.layout(),
        problems,
    })
}

/// The frame number in a frame file's name: the last run of digits once
/// the extensions (`.json`, `.gz`) and OpenPose's `_keypoints` are taken
/// off, so `run_2024_000000000012_keypoints.json` is frame 12 and
/// Pose2Sim's `cam01.0042.json` frame 42. Directories are ignored; `None`
/// when there are no digits, or too many for a `u64`.
///
/// ```
/// use backstride_formats::pose::openpose::frame_number_from_name;
/// assert_eq!(frame_number_from_name("clips/video_000000000012_keypoints.json"), Some(12));
/// assert_eq!(frame_number_from_name("cam01.0042.json"), Some(42));
/// assert_eq!(frame_number_from_name("keypoints.json"), None);
/// ```
pub fn frame_number_from_name(name: &str) -> Option<u64> {
    let mut stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    for suffix in [".gz", ".json", "_keypoints"] {
        let cut = stem.len().checked_sub(suffix.len());
        if let Some(cut) = cut
            && let (Some(head), Some(tail)) = (stem.get(..cut), stem.get(cut..))
            && tail.eq_ignore_ascii_case(suffix)
        {
            stem = head;
        }
    }
    json::digits_in(stem)
}

/// Whether a file name is an OpenPose frame file (`*_keypoints.json`,
/// optionally `.gz`), for picking them out of a folder.
pub fn is_frame_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    lower.ends_with("_keypoints.json")
}

/// Puts decoded frames into one recording: sorted by number, every frame
/// in one layout, no number twice. `opts` supplies what OpenPose never
/// writes: the frame rate, and the frame size for normalised output.
pub fn assemble(
    frames: Vec<OpenPoseFrame>,
    opts: &PoseOptions,
) -> Result<PoseRecording, PoseError> {
    super::check_options(opts)?;
    // BODY_25 and BODY_25B are told apart frame by frame from geometry; a
    // few frames with a partial person can disagree with the rest. The
    // majority decides, and the other frames' people are left out (and
    // said so) rather than read with the wrong joints.
    let count = |l: PoseLayout| frames.iter().filter(|f| f.layout == Some(l)).count();
    let (b25, b25b) = (
        count(PoseLayout::OpenPoseBody25),
        count(PoseLayout::OpenPoseBody25B),
    );
    let minority = match (b25, b25b) {
        (0, _) | (_, 0) => None,
        (a, b) if b > a => Some(PoseLayout::OpenPoseBody25),
        _ => Some(PoseLayout::OpenPoseBody25B),
    };
    let mut rec = Recording::default();
    let mut left_out = Vec::new();
    for mut f in frames {
        if f.layout.is_some() && f.layout == minority {
            left_out.push(f.frame.number);
            f.frame.people.clear();
            f.layout = None;
        }
        if let Some(layout) = f.layout {
            rec.see_layout(layout, f.frame.number)?;
        }
        rec.problems.extend(f.problems);
        rec.frames.push(f.frame);
    }
    if let (Some(wrong), false) = (minority, left_out.is_empty()) {
        rec.problems.push(format!(
            "the people of {} frame(s) ({}) looked like {} while most frames are the other 25-point layout; they were left out",
            left_out.len(),
            left_out.iter().take(10).map(u64::to_string).collect::<Vec<_>>().join(", "),
            wrong.name()
        ));
    }
    rec.finish(opts)
}

/// Decodes a folder's worth of OpenPose frame files, given as
/// `(name, bytes)`: each file's frame number comes from its name. Errors
/// name the file they come from.
pub fn decode_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    opts: &PoseOptions,
) -> Result<PoseRecording, PoseError> {
    let mut frames = Vec::new();
    let mut names: Vec<(u64, &str)> = Vec::new();
    for (name, bytes) in files {
        let in_file = |err: PoseError| PoseError::InFile {
            name: name.to_string(),
            source: Box::new(err),
        };
        let number = frame_number_from_name(name).ok_or_else(|| {
            in_file(PoseError::NotRecognised {
                detail: "the name holds no frame number (OpenPose writes NAME_000000000012_keypoints.json)".to_string(),
            })
        })?;
        let plain;
        let bytes = if super::gzip::is_gzip(bytes) {
            plain = super::gzip::inflate(bytes, super::MAX_INFLATED_BYTES).map_err(in_file)?;
            plain.as_slice()
        } else {
            bytes
        };
        frames.push(decode_frame(bytes, number).map_err(in_file)?);
        names.push((number, name));
    }
    names.sort_unstable();
    if let Some([(number, a), (_, b)]) =
        names.windows(2).find(|w| matches!(w, [a, b] if a.0 == b.0))
    {
        return Err(PoseError::DuplicateFrame {
            number: *number,
            detail: Some(format!("{a} and {b}")),
        });
    }
    assemble(frames, opts)
}

/// One person's `pose_keypoints_2d`: the layout from its length, and the
/// skeleton.
pub(crate) fn person(
    keypoints: &Value,
    ctx: &Context,
    person: usize,
    scores: &mut Scores,
    seen: Option<PoseLayout>,
) -> Result<(PoseLayout, Skeleton), PoseError> {
    let Value::Array(numbers) = keypoints else {
        return Err(ctx.person_error(
            person,
            format!(
                "`pose_keypoints_2d` is {}, not a list of numbers",
                json::kind(keypoints)
            ),
        ));
    };
    let (layout, table): (PoseLayout, &[Option<Joint>]) = match numbers.len() {
        // BODY_25 and BODY_25B have the same length: follow the layout
        // already seen in this file (or frame), else tell them apart by
        // geometry.
        75 => match seen.or_else(|| which_25(numbers)) {
            Some(PoseLayout::OpenPoseBody25B) => (PoseLayout::OpenPoseBody25B, &BODY_25B),
            _ => (PoseLayout::OpenPoseBody25, &BODY_25),
        },
        54 => (PoseLayout::OpenPoseCoco18, &COCO_18),
        78 => (PoseLayout::Halpe26, &coco::HALPE_26),
        n => {
            return Err(PoseError::Layout {
                frame: ctx.frame,
                person,
                found: format!("{n} numbers"),
                expected: format!(
                    "BODY_25 needs 75, HALPE_26 78 and COCO-18 54{}",
                    looks_like(n)
                ),
            });
        }
    };
    let mut skeleton = EMPTY_SKELETON;
    for (joint, xyc) in table.iter().zip(numbers.chunks_exact(3)) {
        let (Some(joint), [x, y, c]) = (joint, xyc) else {
            continue;
        };
        let x = json::number(x).map_err(|k| ctx.person_error(person, k))?;
        let y = json::number(y).map_err(|k| ctx.person_error(person, k))?;
        let c = json::number(c).map_err(|k| ctx.person_error(person, k))?;
        if let (Some(x), Some(y), Some(c)) = (x, y, c)
            && let Some(score) = scores.score(c, ctx.frame)
        {
            skeleton[joint.index()] = image_point(x, y, score);
        }
    }
    Ok((layout, skeleton))
}

/// Whether BODY_25-sized people are really BODY_25B, OpenPose's
/// experimental model (Pose2Sim's default), whose order is COCO's
/// (0 nose, 1/2 eyes, 3/4 ears, 5/6 shoulders, ...) plus upper neck, head
/// top and the same feet. Read as BODY_25, its eyes and ears land on the
/// right shoulder, elbow and wrist; so when those three sit next to the
/// nose (median under 12 % of the person's extent) in most people, it is
/// BODY_25B (Pose2Sim's demo: about 5 %). Real BODY_25 puts the median,
/// the elbow, a quarter of the body or more away.
pub(crate) fn looks_like_body25b(frames: &[PoseFrame]) -> bool {
    let (mut b25b, mut b25) = (0usize, 0usize);
    for person in frames.iter().flat_map(|f| &f.people) {
        let s = &person.skeleton;
        let Some(nose) = s[Joint::Nose.index()] else {
            continue;
        };
        let points: Vec<_> = s.iter().flatten().collect();
        let extent = |f: fn(&&backstride_core::form::pose::Keypoint) -> f32| {
            let lo = points.iter().map(f).fold(f32::INFINITY, f32::min);
            let hi = points.iter().map(f).fold(f32::NEG_INFINITY, f32::max);
            hi - lo
        };
        let size = extent(|k| k.x).max(extent(|k| k.y));
        if !(size.is_finite() && size > 0.0) {
            continue;
        }
        let mut near: Vec<f32> = [Joint::RightShoulder, Joint::RightElbow, Joint::RightWrist]
            .iter()
            .filter_map(|j| s[j.index()])
            .map(|k| (k.x - nose.x).hypot(k.y - nose.y) / size)
            .collect();
        if near.len() < 2 {
            continue;
        }
        near.sort_by(f32::total_cmp);
        match near.get(near.len() / 2) {
            Some(m) if *m < 0.12 => b25b += 1,
            Some(_) => b25 += 1,
            None => {}
        }
    }
    b25b > b25
}

/// A hint for counts that other OpenPose-style writers use.
fn looks_like(numbers: usize) -> &'static str {
    match numbers {
        45 => " (45 is OpenPose's MPI model, which Backstride does not read)",
        405 => " (405 is OpenPose BODY_135, which Backstride does not read)",
        0 => " (this person has no body keypoints at all)",
        _ => "",
    }
}

/// A detection from an OpenPose person object.
pub(crate) fn detection(
    keypoints: &Value,
    track_hint: Option<i64>,
    ctx: &Context,
    person_no: usize,
    rec: &mut Recording,
) -> Result<Detection, PoseError> {
    let seen = rec.layout();
    let (layout, skeleton) = person(keypoints, ctx, person_no, &mut rec.scores, seen)?;
    rec.see_layout(layout, ctx.frame)?;
    Ok(Detection {
        track_hint,
        skeleton,
    })
}
