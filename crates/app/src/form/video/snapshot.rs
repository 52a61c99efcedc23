//! The report's snapshots: a few small frames of the video (the typical
//! early and late stride, at most [`MAX_SNAPSHOTS`]) with the estimated
//! skeleton drawn into the pixels, as JPEG, so a runner sees what was
//! measured. Only the HTML report and the web page show them; text and
//! JSON name their times.

use backstride_core::form::analyse::FormAnalysis;
use backstride_core::form::pose::{Joint, PoseRecording};
use base64::Engine;

use super::{KeptFrame, VideoKeypoints};

/// The most snapshots in one report.
pub const MAX_SNAPSHOTS: usize = 4;

/// JPEG quality: small files, faces and limbs still recognisable.
pub const JPEG_QUALITY: u8 = 75;

/// One snapshot for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The clip it comes from, 1-based.
    pub clip: usize,
    /// What it shows ("early stride", "late stride", "a frame at 0:12").
    pub label: String,
    /// Seconds from the start of the run.
    pub time_s: f64,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The JPEG file.
    pub jpeg: Vec<u8>,
}

impl Snapshot {
    /// The JPEG as a `data:` URI for an `<img src>`.
    pub fn data_uri(&self) -> String {
        format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&self.jpeg)
        )
    }
}

/// Bones drawn, as COCO-17 joint pairs.
const BONES: [(Joint, Joint); 16] = [
    (Joint::LeftEar, Joint::LeftEye),
    (Joint::RightEar, Joint::RightEye),
    (Joint::LeftEye, Joint::Nose),
    (Joint::RightEye, Joint::Nose),
    (Joint::LeftShoulder, Joint::RightShoulder),
    (Joint::LeftHip, Joint::RightHip),
    (Joint::LeftShoulder, Joint::LeftElbow),
    (Joint::LeftElbow, Joint::LeftWrist),
    (Joint::RightShoulder, Joint::RightElbow),
    (Joint::RightElbow, Joint::RightWrist),
    (Joint::LeftShoulder, Joint::LeftHip),
    (Joint::RightShoulder, Joint::RightHip),
    (Joint::LeftHip, Joint::LeftKnee),
    (Joint::LeftKnee, Joint::LeftAnkle),
    (Joint::RightHip, Joint::RightKnee),
    (Joint::RightKnee, Joint::RightAnkle),
];

const LEFT: [u8; 3] = [255, 140, 0];
const RIGHT: [u8; 3] = [0, 200, 255];
const MIDDLE: [u8; 3] = [255, 255, 255];
const OUTLINE: [u8; 3] = [20, 20, 20];

fn colour(a: Joint, b: Joint) -> [u8; 3] {
    let left = |j: Joint| j.name().starts_with("left");
    let right = |j: Joint| j.name().starts_with("right");
    if left(a) && left(b) {
        LEFT
    } else if right(a) && right(b) {
        RIGHT
    } else {
        MIDDLE
    }
}

/// Paints a round-capped segment `radius` pixels thick.
fn segment(img: &mut [u8], w: u32, h: u32, p: (f32, f32), q: (f32, f32), radius: f32, c: [u8; 3]) {
    let (x0, x1) = (p.0.min(q.0) - radius, p.0.max(q.0) + radius);
    let (y0, y1) = (p.1.min(q.1) - radius, p.1.max(q.1) + radius);
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let len2 = dx * dx + dy * dy;
    let xs = x0.floor().max(0.0) as u32..(x1.ceil().max(0.0) as u32).min(w);
    for y in y0.floor().max(0.0) as u32..(y1.ceil().max(0.0) as u32).min(h) {
        for x in xs.clone() {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            let t = if len2 > 0.0 {
                (((px - p.0) * dx + (py - p.1) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (ex, ey) = (p.0 + t * dx - px, p.1 + t * dy - py);
            if ex * ex + ey * ey <= radius * radius {
                let i = (y as usize * w as usize + x as usize) * 3;
                if let Some(dst) = img.get_mut(i..i + 3) {
                    dst.copy_from_slice(&c);
                }
            }
        }
    }
}

/// The skeleton of `frame` in `rec` drawn over `kept` (scaled from the
/// `picture` size the keypoints are in).
pub fn draw(kept: &KeptFrame, rec: &PoseRecording, picture: (u32, u32)) -> Vec<u8> {
    let mut img = kept.rgb.clone();
    let Some(frame) = rec
        .frames
        .binary_search_by_key(&kept.index, |f| f.number)
        .ok()
        .and_then(|i| rec.frames.get(i))
    else {
        return img;
    };
    let Some(person) = frame.people.first() else {
        return img;
    };
    let sx = kept.width as f32 / picture.0.max(1) as f32;
    let sy = kept.height as f32 / picture.1.max(1) as f32;
    let at = |j: Joint| person.skeleton[j.index()].map(|k| (k.x * sx, -k.y * sy));
    let unit = (kept.width.max(kept.height) as f32 / 160.0).max(1.0);
    for (radius, outline) in [(1.6 * unit, true), (unit, false)] {
        for (a, b) in BONES {
            if let (Some(p), Some(q)) = (at(a), at(b)) {
                let c = if outline { OUTLINE } else { colour(a, b) };
                segment(&mut img, kept.width, kept.height, p, q, radius, c);
            }
        }
        for j in Joint::ALL {
            if let Some(p) = at(j) {
                let c = if outline { OUTLINE } else { MIDDLE };
                segment(&mut img, kept.width, kept.height, p, p, radius * 1.4, c);
            }
        }
    }
    img
}

/// `rgb` as a JPEG file; `None` if the encoder refuses (a side above
/// 65535 pixels cannot happen for kept frames).
pub fn jpeg(width: u32, height: u32, rgb: &[u8]) -> Option<Vec<u8>> {
    let (w, h) = (u16::try_from(width).ok()?, u16::try_from(height).ok()?);
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY)
        .encode(rgb, w, h, jpeg_encoder::ColorType::Rgb)
        .ok()?;
    Some(out)
}

/// The kept frame nearest to frame `number`.
fn nearest(kept: &[KeptFrame], number: i64) -> Option<&KeptFrame> {
    kept.iter()
        .min_by_key(|k| (i64::try_from(k.index).unwrap_or(i64::MAX) - number).abs())
}

/// The snapshots for a measured run: the middle early and late strides
/// (as the stick figures show them) where strides were measured, else two
/// frames of the first video so the runner sees what the camera saw.
/// `videos` holds, per clip in order, its video keypoints (`None` for a
/// keypoint file, which has no pictures).
pub fn choose(a: &FormAnalysis, videos: &[Option<&VideoKeypoints>]) -> Vec<Snapshot> {
    let mut wanted: Vec<(usize, f64, String)> = Vec::new();
    for (part, label) in [(&a.early, "early stride"), (&a.late, "late stride")] {
        let Some(s) = part.get(part.len() / 2).and_then(|&i| a.strides.get(i)) else {
            continue;
        };
        wanted.push((s.clip, s.time_s, label.to_owned()));
    }
    if wanted.is_empty()
        && let Some((clip, v)) = videos
            .iter()
            .enumerate()
            .find_map(|(i, v)| v.map(|v| (i, v)))
    {
        let start = a.clips.get(clip).map_or(0.0, |c| c.start_s);
        for q in [1.0 / 3.0, 2.0 / 3.0] {
            if let Some(k) = v
                .kept
                .get(((v.kept.len() as f64 - 1.0) * q).round() as usize)
            {
                let t = start + k.index as f64 / v.meta.fps;
                wanted.push((
                    clip,
                    t,
                    format!("a frame at {}", crate::form::dto::clock(t)),
                ));
            }
        }
    }
    let mut out: Vec<Snapshot> = Vec::new();
    for (clip, time_s, label) in wanted.into_iter().take(MAX_SNAPSHOTS) {
        let (Some(Some(v)), Some(report)) = (videos.get(clip), a.clips.get(clip)) else {
            continue;
        };
        let first = v.recording.frames.first().map_or(0, |f| f.number);
        let number = i64::try_from(first).unwrap_or(0)
            + ((time_s - report.start_s) * report.fps).round() as i64;
        let Some(k) = nearest(&v.kept, number) else {
            continue;
        };
        if out.iter().any(|s| s.clip == clip + 1 && s.label == label) {
            continue;
        }
        let pixels = draw(k, &v.recording, (v.meta.width, v.meta.height));
        if let Some(jpeg) = jpeg(k.width, k.height, &pixels) {
            out.push(Snapshot {
                clip: clip + 1,
                label,
                time_s: report.start_s + k.index.saturating_sub(first) as f64 / report.fps,
                width: k.width,
                height: k.height,
                jpeg,
            });
        }
    }
    out
}
