//! COCO-17 keypoints as MMPose/RTMPose, AlphaPose, YOLO-pose (Ultralytics)
//! and COCO results files write them: 0 nose, 1/2 left/right eye, 3/4
//! left/right ear, 5/6 shoulders, 7/8 elbows, 9/10 wrists, 11/12 hips,
//! 13/14 knees, 15/16 ankles (left before right). HALPE_26 (RTMPose's
//! body-with-feet models) adds head, neck, mid-hip, big and small toes and
//! heels after these; a person's count says which.
//!
//! One person's `keypoints` may be flat (51 or 78 numbers as x, y, score,
//! or 34 or 52 as x, y), nested (`[[x, y], ...]` or `[[x, y, score], ...]`), or
//! Ultralytics' `{"x": [...], "y": [...], "visible": [...]}`; a separate
//! `keypoint_scores` list (MMPose) overrides any third value, which in
//! MMPose's 3D output is a depth, not a score. Scores above 1 (RTMPose's
//! SimCC scores can be) are clamped to 1 and reported once; a score of 0
//! marks a point as missing; points without any score get 1. Image rows
//! grow downwards; keypoints come out with y up.
//!
//! Which file shapes hold these people is `json`'s business.

use backstride_core::form::pose::{Detection, EMPTY_SKELETON, Joint, PoseLayout, Skeleton};
use serde_json::Value;

use super::PoseError;
use super::json::{self, Context};
use super::recording::{Recording, image_point};

/// [`Joint::COCO17`] as the first 17 entries of a table `N` points long, the
/// rest empty.
const fn coco_17_then_empty<const N: usize>() -> [Option<Joint>; N] {
    let mut table = [None; N];
    let mut i = 0;
    while i < Joint::COCO17.len() {
        table[i] = Some(Joint::COCO17[i]);
        i += 1;
    }
    table
}

/// [`Joint::COCO17`] as a table like [`HALPE_26`].
const COCO_17_TABLE: [Option<Joint>; 17] = coco_17_then_empty();

/// HALPE_26 point order onto our joints: COCO-17's 17, then 17 head, 18
/// neck, 19 mid-hip (no joints of ours), 20/21 left/right big toe, 22/23
/// small toes (none of ours), 24/25 left/right heel (the Halpe-FullBody
/// body points, as MMPose's `halpe26` and AlphaPose define them).
pub(crate) const HALPE_26: [Option<Joint>; 26] = {
    let mut table = coco_17_then_empty();
    table[20] = Some(Joint::LeftToe);
    table[21] = Some(Joint::RightToe);
    table[24] = Some(Joint::LeftHeel);
    table[25] = Some(Joint::RightHeel);
    table
};

/// The layout and joint table for a person with `points` keypoints.
fn table_for(points: usize) -> Option<(PoseLayout, &'static [Option<Joint>])> {
    match points {
        17 => Some((PoseLayout::Coco17, &COCO_17_TABLE)),
        26 => Some((PoseLayout::Halpe26, &HALPE_26)),
        _ => None,
    }
}

/// A raw point: x, y and a score, each possibly absent.
type Raw = (Option<f64>, Option<f64>, Option<f64>);

/// One person's keypoints (and optional separate scores) as a detection.
pub(crate) fn detection(
    keypoints: &Value,
    scores: Option<&Value>,
    track_hint: Option<i64>,
    ctx: &Context,
    person: usize,
    rec: &mut Recording,
) -> Result<Detection, PoseError> {
    let raw = raw_points(keypoints, ctx, person)?;
    let Some((layout, table)) = table_for(raw.len()) else {
        let n = raw.len();
        return Err(layout_error(ctx, person, format!("{n} keypoints"), Some(n)));
    };
    let skeleton = skeleton(&raw, table, scores, ctx, person, rec)?;
    rec.see_layout(layout, ctx.frame)?;
    Ok(Detection {
        track_hint,
        skeleton,
    })
}

/// A frame-level `keypoints` (no person objects): one person's keypoints,
/// or a list of people's, with a parallel frame-level `keypoint_scores`.
pub(crate) fn frame_keypoints(
    keypoints: &Value,
    scores: Option<&Value>,
    ctx: &Context,
    rec: &mut Recording,
) -> Result<Vec<Detection>, PoseError> {
    let many = match keypoints {
        Value::Array(items) => match items.iter().find(|v| !v.is_null()) {
            None => return Ok(Vec::new()),
            Some(Value::Object(_)) => return json::people(keypoints, ctx, rec),
            Some(Value::Array(inner)) => match inner.first() {
                Some(Value::Number(_)) => inner.len() > 4,
                Some(_) => true,
                None => false,
            },
            Some(_) => false,
        },
        _ => false,
    };
    let mut out = Vec::new();
    if !many {
        let found = detection(keypoints, scores, None, ctx, 1, rec)?;
        rec.keep(&mut out, found);
        return Ok(out);
    }
    let people: &[Value] = match keypoints {
        Value::Array(items) => items,
        _ => &[],
    };
    for (i, person) in people.iter().enumerate() {
        if person.is_null() {
            continue;
        }
        let own_scores = match scores {
            Some(Value::Array(all)) => all.get(i),
            _ => None,
        };
        let found = detection(person, own_scores, None, ctx, i + 1, rec)?;
        rec.keep(&mut out, found);
    }
    Ok(out)
}

fn layout_error(ctx: &Context, person: usize, found: String, points: Option<usize>) -> PoseError {
    let hint = match points {
        Some(133) => {
            " (133 points are COCO-WholeBody, as RTMW and DWPose write; Backstride does not read that layout yet)"
        }
        Some(136) => " (136 points are Halpe full body, which Backstride does not read yet)",
        Some(25) => {
            " (25 points look like OpenPose BODY_25, which is read from OpenPose's `pose_keypoints_2d`)"
        }
        Some(18) => {
            " (18 points look like OpenPose COCO-18, which is read from OpenPose's `pose_keypoints_2d`)"
        }
        Some(33) => " (33 points look like MediaPipe Pose, which is read from `landmarks`)",
        _ => "",
    };
    PoseError::Layout {
        frame: ctx.frame,
        person,
        found,
        expected: format!(
            "COCO-17 needs 17 keypoints (51 numbers as x, y, score or 34 as x, y), HALPE_26 26 (78 or 52){hint}"
        ),
    }
}

/// The points of one person's `keypoints`, in file order.
fn raw_points(keypoints: &Value, ctx: &Context, person: usize) -> Result<Vec<Raw>, PoseError> {
    let num = |v: &Value| json::number(v).map_err(|k| ctx.person_error(person, k));
    match keypoints {
        Value::Array(items) if items.iter().all(|v| !v.is_array()) => {
            let stride = match items.len() {
                51 | 78 => 3,
                34 | 52 => 2,
                n => {
                    let points = (n % 3 == 0).then_some(n / 3);
                    return Err(layout_error(ctx, person, format!("{n} numbers"), points));
                }
            };
            items
                .chunks_exact(stride)
                .map(|c| match c {
                    [x, y, s] => Ok((num(x)?, num(y)?, num(s)?)),
                    [x, y] => Ok((num(x)?, num(y)?, None)),
                    _ => Ok((None, None, None)),
                })
                .collect()
        }
        Value::Array(items) => {
            if table_for(items.len()).is_none() {
                let n = items.len();
                return Err(layout_error(ctx, person, format!("{n} keypoints"), Some(n)));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, point)| match point {
                    Value::Array(xy) => match xy.as_slice() {
                        [x, y] => Ok((num(x)?, num(y)?, None)),
                        [x, y, s, ..] => Ok((num(x)?, num(y)?, num(s)?)),
                        _ => Err(ctx.person_error(
                            person,
                            format!("keypoint {i} has {} numbers, not 2 or 3", xy.len()),
                        )),
                    },
                    Value::Null => Ok((None, None, None)),
                    other => Err(ctx.person_error(
                        person,
                        format!(
                            "keypoint {i} is {}, not [x, y] or [x, y, score]",
                            json::kind(other)
                        ),
                    )),
                })
                .collect()
        }
        Value::Object(o) => {
            let column = |key: &str| -> Result<Option<&Vec<Value>>, PoseError> {
                match o.get(key) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::Array(a)) => Ok(Some(a)),
                    Some(other) => Err(ctx.person_error(
                        person,
                        format!("keypoints `{key}` is {}, not a list", json::kind(other)),
                    )),
                }
            };
            let (Some(xs), Some(ys)) = (column("x")?, column("y")?) else {
                return Err(ctx.person_error(
                    person,
                    "keypoints given as an object need `x` and `y` lists (Ultralytics)",
                ));
            };
            let visible = column("visible")?;
            if xs.len() != 17 || ys.len() != 17 {
                let n = xs.len().max(ys.len());
                return Err(layout_error(ctx, person, format!("{n} keypoints"), Some(n)));
            }
            xs.iter()
                .zip(ys)
                .enumerate()
                .map(|(i, (x, y))| {
                    let s = match visible.and_then(|v| v.get(i)) {
                        Some(s) => num(s)?,
                        None => None,
                    };
                    Ok((num(x)?, num(y)?, s))
                })
                .collect()
        }
        other => Err(ctx.person_error(
            person,
            format!("`keypoints` is {}, not a list", json::kind(other)),
        )),
    }
}

/// Raw points (and separate scores) as a skeleton, by `table`.
fn skeleton(
    raw: &[Raw],
    table: &[Option<Joint>],
    scores: Option<&Value>,
    ctx: &Context,
    person: usize,
    rec: &mut Recording,
) -> Result<Skeleton, PoseError> {
    let separate: Option<Vec<Option<f64>>> = match scores {
        None | Some(Value::Null) => None,
        Some(Value::Array(list)) => {
            if list.len() != raw.len() {
                return Err(ctx.person_error(
                    person,
                    format!(
                        "`keypoint_scores` has {} values for {} keypoints",
                        list.len(),
                        raw.len()
                    ),
                ));
            }
            Some(
                list.iter()
                    .map(|v| json::number(v).map_err(|k| ctx.person_error(person, k)))
                    .collect::<Result<_, _>>()?,
            )
        }
        Some(other) => {
            return Err(ctx.person_error(
                person,
                format!("`keypoint_scores` is {}, not a list", json::kind(other)),
            ));
        }
    };
    let mut skeleton = EMPTY_SKELETON;
    for (i, (joint, (x, y, s))) in table.iter().zip(raw).enumerate() {
        let Some(joint) = joint else { continue };
        let score = match &separate {
            Some(list) => list.get(i).copied().flatten(),
            None => *s,
        };
        let (Some(x), Some(y)) = (x, y) else {
            continue;
        };
        let score = match score {
            Some(raw_score) => rec.scores.score(raw_score, ctx.frame),
            None => Some(1.0),
        };
        if let Some(score) = score {
            skeleton[joint.index()] = image_point(*x, *y, score);
        }
    }
    Ok(skeleton)
}
