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

/// Running sums of one metric over a stride: a value (or, for angles, a
/// unit vector whose mean direction is the stride's angle: the circular
/// mean) and its confidence.
#[derive(Default, Clone, Copy)]
struct Sum {
    a: f32,
    b: f32,
    q: f32,
    n: u32,
}

impl Sum {
    fn add(&mut self, a: f32, q: f32) {
        self.a += a;
        self.q += q;
        self.n += 1;
    }

    fn add_dir(&mut self, a: f32, b: f32, q: f32) {
        self.a += a;
        self.b += b;
        self.q += q;
        self.n += 1;
    }

    /// The mean, if seen in enough of the stride's `len` frames.
    fn mean(&self, len: f32) -> Option<(f32, f32)> {
        (self.n > 0 && self.n as f32 >= MIN_COVERAGE * len)
            .then(|| (self.a / self.n as f32, self.q / self.n as f32))
    }

    /// The mean direction in degrees, `atan2(a, b)`.
    fn angle(&self, len: f32) -> Option<(f32, f32)> {
        (self.n > 0 && self.n as f32 >= MIN_COVERAGE * len)
            .then(|| (self.a.atan2(self.b).to_degrees(), self.q / self.n as f32))
    }
}

/// The sums of one stride, by metric.
#[derive(Default)]
struct StrideSums {
    head: Sum,
    ear_dir: Sum,
    trunk_dir: Sum,
    elbow: Sum,
    hand: Sum,
    gap: Sum,
    arm_lo: f32,
    arm_hi: f32,
    arm: Sum,
}

/// Adds frame `i` to the sums.
fn frame(p: &Points<'_>, i: usize, facing: f32, torso: f32, sums: &mut StrideSums) {
    let (Some(s), Some(h)) = (first_known(&p.shoulder, i), first_known(&p.hip, i)) else {
        return;
    };
    let fx = |x: f32| facing * x;
    let (tx, ty) = (fx(s.0 - h.0), s.1 - h.1);
    let tlen = super::norm(tx, ty);
    if tlen > 0.0 {
        // Lean from vertical: atan2(forward, up) of the trunk direction.
        sums.trunk_dir.add_dir(tx / tlen, ty / tlen, s.2.min(h.2));
    }
    if let Some(e) = first_known(&p.ear, i) {
        let q = s.2.min(e.2);
        let (ex, ey) = (fx(e.0 - s.0), e.1 - s.1);
        if tlen > 0.0 {
            // Distance along the trunk's forward normal (ty, -tx) / |t|.
            let d = (ex * ty - ey * tx) / tlen;
            sums.head.add(d / torso, q.min(h.2));
        }
        let elen = super::norm(ex, ey);
        if elen > 0.0 {
            // Angle above the forward horizontal: atan2(up, forward).
            sums.ear_dir.add_dir(ey / elen, ex / elen, q);
        }
        sums.gap.add(ey / torso, q);
    }
    if let Some((ex, ey)) = p.elbow.at(i) {
        let qe = p.elbow.score[i];
        // Upper arm from hanging straight down, forward positive.
        let arm = fx(ex - s.0).atan2(s.1 - ey).to_degrees();
        sums.arm_lo = if sums.arm.n == 0 {
            arm
        } else {
            sums.arm_lo.min(arm)
        };
        sums.arm_hi = if sums.arm.n == 0 {
            arm
        } else {
            sums.arm_hi.max(arm)
        };
        sums.arm.add(arm, s.2.min(qe));
        if let Some((wx, wy)) = p.wrist.at(i) {
            let qw = p.wrist.score[i];
            let (ax, ay) = (s.0 - ex, s.1 - ey);
            let (bx, by) = (wx - ex, wy - ey);
            let (la, lb) = (super::norm(ax, ay), super::norm(bx, by));
            if la > 0.0 && lb > 0.0 {
                let cos = ((ax * bx + ay * by) / (la * lb)).clamp(-1.0, 1.0);
                sums.elbow.add(cos.acos().to_degrees(), s.2.min(qe).min(qw));
            }
        }
    }
    if let Some((_, wy)) = p.wrist.at(i) {
        let span = s.1 - h.1;
        if span.abs() > 1e-6 * torso {
            sums.hand
                .add((wy - h.1) / span, s.2.min(h.2).min(p.wrist.score[i]));
        }
    }
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
    for (&(a, b), &secs) in gait.strides.iter().zip(&gait.durations) {
        let mut sums = StrideSums::default();
        for i in a..b {
            frame(&p, i, view.facing, view.torso, &mut sums);
        }
        let len = (b - a) as f32;
        let mut values = [None; Metric::COUNT];
        let mut quality = [0.0; Metric::COUNT];
        values[Metric::Cadence.index()] = Some((120.0 / secs) as f32);
        quality[Metric::Cadence.index()] = {
            let ankle = j(Joint::LeftAnkle, Joint::RightAnkle, gait.leg);
            ankle.score[a..b].iter().sum::<f32>() / len
        };
        for (metric, value) in [
            (Metric::HeadAhead, sums.head.mean(len)),
            (Metric::EarShoulderAngle, sums.ear_dir.angle(len)),
            (Metric::TrunkLean, sums.trunk_dir.angle(len)),
            (Metric::ElbowAngle, sums.elbow.mean(len)),
            (Metric::HandHeight, sums.hand.mean(len)),
            (Metric::ShoulderGap, sums.gap.mean(len)),
        ] {
            if let Some((v, q)) = value {
                values[metric.index()] = Some(v);
                quality[metric.index()] = q;
            }
        }
        // Arm swing: the range of the upper-arm angle over the stride,
        // which needs the arm in most of its frames.
        if sums.arm.n > 0 && sums.arm.n as f32 >= 0.8 * len {
            values[Metric::ArmSwing.index()] = Some(sums.arm_hi - sums.arm_lo);
            quality[Metric::ArmSwing.index()] = sums.arm.q / sums.arm.n as f32;
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
