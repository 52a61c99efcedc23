//! Posture measured frame by frame and summed up per stride (definitions
//! in [`super::metric`]). Each stride value carries a quality: the mean
//! confidence of the keypoints it was computed from.

use super::clean::{Channel, CleanSeries};
use super::gait::Gait;
use super::metric::Metric;
use super::pose::Joint;
use super::view::{View, sided};

/// One stride's values.
#[derive(Debug, Clone, PartialEq)]
pub struct Stride {
    /// Which clip it belongs to (0-based, in the order given).
    pub clip: usize,
    /// First frame (a contact).
    pub start: usize,
    /// Frame after the last.
    pub end: usize,
    /// Start time in seconds from the start of the first clip.
    pub time_s: f64,
    /// Each metric's value for the stride, by [`Metric::index`]; `None`
    /// where the joints it needs were not seen in enough of the stride.
    pub values: [Option<f32>; Metric::COUNT],
    /// Mean keypoint confidence behind each value (0 where no value).
    pub quality: [f32; Metric::COUNT],
}

/// A stride value needs its joints in at least this share of its frames.
const MIN_COVERAGE: f32 = 0.6;

/// The joints of the sides the metrics use.
struct Points<'a> {
    ear: [&'a Channel; 2],
    shoulder: [&'a Channel; 2],
    hip: [&'a Channel; 2],
    elbow: &'a Channel,
    wrist: &'a Channel,
}

fn first_known(chs: &[&Channel; 2], i: usize) -> Option<(f32, f32, f32)> {
    chs.iter()
        .find_map(|c| c.at(i).map(|(x, y)| (x, y, c.score[i])))
}

/// Frame values: [head-ahead, ear-shoulder angle, trunk lean, elbow angle,
/// hand height, upper-arm angle, shoulder gap] with their confidences.
const FRAME_VALUES: usize = 7;

fn frame(p: &Points<'_>, i: usize, facing: f32, torso: f32) -> [(f32, f32); FRAME_VALUES] {
    let none = (f32::NAN, 0.0);
    let mut out = [none; FRAME_VALUES];
    let (Some(s), Some(h)) = (first_known(&p.shoulder, i), first_known(&p.hip, i)) else {
        return out;
    };
    let fx = |x: f32| facing * x;
    let (tx, ty) = (fx(s.0 - h.0), s.1 - h.1);
    let tlen = super::norm(tx, ty);
    if tlen > 0.0 {
        out[2] = (tx.atan2(ty).to_degrees(), s.2.min(h.2));
    }
    if let Some(e) = first_known(&p.ear, i) {
        let q = s.2.min(e.2);
        if tlen > 0.0 {
            // Forward normal of the trunk direction.
            let (nx, ny) = (ty / tlen, -tx / tlen);
            let d = fx(e.0 - s.0) * nx + (e.1 - s.1) * ny;
            out[0] = (d / torso, q.min(h.2));
        }
        out[1] = ((e.1 - s.1).atan2(fx(e.0 - s.0)).to_degrees(), q);
        out[6] = ((e.1 - s.1) / torso, q);
    }
    if let Some((ex, ey)) = p.elbow.at(i) {
        let qe = p.elbow.score[i];
        // Upper arm from hanging straight down, forward positive.
        out[5] = (fx(ex - s.0).atan2(s.1 - ey).to_degrees(), s.2.min(qe));
        if let Some((wx, wy)) = p.wrist.at(i) {
            let qw = p.wrist.score[i];
            let (ax, ay) = (s.0 - ex, s.1 - ey);
            let (bx, by) = (wx - ex, wy - ey);
            let (la, lb) = (super::norm(ax, ay), super::norm(bx, by));
            if la > 0.0 && lb > 0.0 {
                let cos = ((ax * bx + ay * by) / (la * lb)).clamp(-1.0, 1.0);
                out[3] = (cos.acos().to_degrees(), s.2.min(qe).min(qw));
            }
        }
    }
    if let Some((_, wy)) = p.wrist.at(i) {
        let span = s.1 - h.1;
        if span.abs() > 1e-6 * torso {
            out[4] = ((wy - h.1) / span, s.2.min(h.2).min(p.wrist.score[i]));
        }
    }
    out
}

/// Measures every stride of one clip.
pub fn strides(
    series: &CleanSeries,
    view: &View,
    gait: &Gait,
    clip: usize,
    t0: f64,
) -> Vec<Stride> {
    let near = view.near;
    let far = near.other();
    let j = |l: Joint, r: Joint, side| series.joint(sided(side, l, r));
    let p = Points {
        ear: [
            j(Joint::LeftEar, Joint::RightEar, near),
            j(Joint::LeftEar, Joint::RightEar, far),
        ],
        shoulder: [
            j(Joint::LeftShoulder, Joint::RightShoulder, near),
            j(Joint::LeftShoulder, Joint::RightShoulder, far),
        ],
        hip: [
            j(Joint::LeftHip, Joint::RightHip, near),
            j(Joint::LeftHip, Joint::RightHip, far),
        ],
        elbow: j(Joint::LeftElbow, Joint::RightElbow, near),
        wrist: j(Joint::LeftWrist, Joint::RightWrist, near),
    };
    let mut out = Vec::with_capacity(gait.strides.len());
    let mut frames: Vec<[(f32, f32); FRAME_VALUES]> = Vec::new();
    for (&(a, b), &secs) in gait.strides.iter().zip(&gait.durations) {
        frames.clear();
        frames.extend((a..b).map(|i| frame(&p, i, view.facing, view.torso)));
        let len = (b - a) as f32;
        let mut values = [None; Metric::COUNT];
        let mut quality = [0.0; Metric::COUNT];
        values[Metric::Cadence.index()] = Some((120.0 / secs) as f32);
        quality[Metric::Cadence.index()] = {
            let ankle = j(Joint::LeftAnkle, Joint::RightAnkle, gait.leg);
            ankle.score[a..b].iter().sum::<f32>() / len
        };
        let targets = [
            (0, Metric::HeadAhead),
            (1, Metric::EarShoulderAngle),
            (2, Metric::TrunkLean),
            (3, Metric::ElbowAngle),
            (4, Metric::HandHeight),
            (6, Metric::ShoulderGap),
        ];
        for (k, metric) in targets {
            let (mut sum, mut q, mut n) = (0.0f32, 0.0f32, 0u32);
            for f in &frames {
                if f[k].0.is_finite() {
                    sum += f[k].0;
                    q += f[k].1;
                    n += 1;
                }
            }
            if n as f32 >= MIN_COVERAGE * len && n > 0 {
                values[metric.index()] = Some(sum / n as f32);
                quality[metric.index()] = q / n as f32;
            }
        }
        // Arm swing: the range of the upper-arm angle over the stride.
        let (mut lo, mut hi, mut q, mut n) = (f32::INFINITY, f32::NEG_INFINITY, 0.0f32, 0u32);
        for f in &frames {
            if f[5].0.is_finite() {
                lo = lo.min(f[5].0);
                hi = hi.max(f[5].0);
                q += f[5].1;
                n += 1;
            }
        }
        if n as f32 >= 0.8 * len && n > 0 {
            values[Metric::ArmSwing.index()] = Some(hi - lo);
            quality[Metric::ArmSwing.index()] = q / n as f32;
        }
        out.push(Stride {
            clip,
            start: a,
            end: b,
            time_s: t0 + a as f64 / series.fps,
            values,
            quality,
        });
    }
    out
}
