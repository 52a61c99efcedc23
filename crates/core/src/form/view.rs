//! What the camera saw: which way the runner faces, which side is nearer
//! the camera, whether the view is a side view at all, and the runner's
//! size in the picture.
//!
//! - **Facing**: votes from the nose against the ears, the toes against the
//!   heels, and the direction of travel when the runner crosses the frame.
//! - **Near side**: the side whose joints the estimator is more sure of
//!   (the far arm and leg are hidden behind the body).
//! - **Side view**: from the side, the two shoulders (and the two hips)
//!   nearly overlap; seen from the front they are almost a torso length
//!   apart. The median horizontal gap, in torso lengths, must stay below
//!   [`SIDE_VIEW_MAX_GAP`].
//! - **Size**: the median shoulder-to-hip distance (torso length), so that
//!   every distance can be expressed in torso lengths whatever the
//!   runner's distance to the camera.

use super::clean::Gathered;
use super::pose::Joint;

/// The largest median shoulder (or hip) gap, in torso lengths, that still
/// counts as a side view. Shoulders are about 0.85 torso lengths wide
/// (WINTER-2009 proportions), so 0.35 allows roughly 25 degrees off the
/// perpendicular, plus the trunk's own rotation in running. A design value.
pub const SIDE_VIEW_MAX_GAP: f32 = 0.35;

/// Left or right side of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The runner's left.
    Left,
    /// The runner's right.
    Right,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }

    /// The name shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// A joint on one side.
pub fn sided(side: Side, left: Joint, right: Joint) -> Joint {
    match side {
        Side::Left => left,
        Side::Right => right,
    }
}

/// What the camera saw.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// +1 when the runner faces +x (right on screen), -1 when -x.
    pub facing: f32,
    /// Share of the facing votes that agree (0.5..=1); low means unsure.
    pub facing_agreement: f32,
    /// The side nearer the camera.
    pub near: Side,
    /// Median shoulder/hip gap in torso lengths, where both were seen in
    /// enough frames.
    pub gap: Option<f32>,
    /// Whether this is a side view.
    pub side_view: bool,
    /// Median torso length in the recording's units.
    pub torso: f32,
}

fn get(g: &Gathered, j: Joint, i: usize) -> Option<(f32, f32)> {
    g.joint(j).at(i)
}

fn mid(g: &Gathered, a: Joint, b: Joint, i: usize) -> Option<(f32, f32)> {
    match (get(g, a, i), get(g, b, i)) {
        (Some(p), Some(q)) => Some(((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0)),
        (Some(p), None) | (None, Some(p)) => Some(p),
        (None, None) => None,
    }
}

fn median(v: &mut [f32]) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    let mid = v.len() / 2;
    Some(*v.select_nth_unstable_by(mid, f32::total_cmp).1)
}

/// Reads the view from the runner's gathered keypoints; `None` when not
/// even a torso (a shoulder and a hip) was seen.
pub fn read(g: &Gathered) -> Option<View> {
    let seen = g.seen.iter().filter(|&&s| s).count();
    let mut torsos: Vec<f32> = (0..g.len)
        .filter_map(|i| {
            let sh = mid(g, Joint::LeftShoulder, Joint::RightShoulder, i)?;
            let hp = mid(g, Joint::LeftHip, Joint::RightHip, i)?;
            Some(super::norm(sh.0 - hp.0, sh.1 - hp.1))
        })
        .filter(|t| *t > 0.0)
        .collect();
    let torso = median(&mut torsos)?;

    let (facing, facing_agreement) = facing(g, seen, torso);
    let near = near_side(g);

    let mut gaps = Vec::new();
    for (l, r) in [
        (Joint::LeftShoulder, Joint::RightShoulder),
        (Joint::LeftHip, Joint::RightHip),
    ] {
        let (lc, rc) = (g.joint(l), g.joint(r));
        for i in 0..g.len {
            if let (Some(p), Some(q)) = (lc.at(i), rc.at(i)) {
                gaps.push((p.0 - q.0).abs() / torso);
            }
        }
    }
    let both = gaps.len();
    // Where the far shoulder and hip are hidden in most frames, the
    // estimator itself saw one side: that is a side view.
    let gap = if both * 5 >= seen * 2 {
        median(&mut gaps)
    } else {
        None
    };
    Some(View {
        facing,
        facing_agreement,
        near,
        gap,
        side_view: gap.is_none_or(|g| g <= SIDE_VIEW_MAX_GAP),
        torso,
    })
}

fn facing(g: &Gathered, seen: usize, torso: f32) -> (f32, f32) {
    let (mut plus, mut minus) = (0.0f32, 0.0f32);
    let mut vote = |d: f32, weight: f32| {
        if d > 0.0 {
            plus += weight;
        } else if d < 0.0 {
            minus += weight;
        }
    };
    let feet = [
        (Joint::LeftToe, Joint::LeftHeel),
        (Joint::RightToe, Joint::RightHeel),
    ];
    let mut first_hip: Option<f32> = None;
    let mut last_hip: Option<f32> = None;
    for i in 0..g.len {
        if let (Some(n), Some(e)) = (
            get(g, Joint::Nose, i),
            mid(g, Joint::LeftEar, Joint::RightEar, i),
        ) && (n.0 - e.0).abs() > 0.05 * torso
        {
            vote(n.0 - e.0, 1.0);
        }
        for (toe, heel) in feet {
            if let (Some(t), Some(h)) = (get(g, toe, i), get(g, heel, i))
                && (t.0 - h.0).abs() > 0.05 * torso
            {
                vote(t.0 - h.0, 0.5);
            }
        }
        if let Some(h) = mid(g, Joint::LeftHip, Joint::RightHip, i) {
            first_hip.get_or_insert(h.0);
            last_hip = Some(h.0);
        }
    }
    // Travel across the frame: worth as much as a third of the frames.
    if let (Some(first), Some(last)) = (first_hip, last_hip)
        && (last - first).abs() > 2.0 * torso
    {
        vote(last - first, seen as f32 / 3.0);
    }
    let total = plus + minus;
    if total <= 0.0 {
        return (1.0, 0.5);
    }
    if plus >= minus {
        (1.0, plus / total)
    } else {
        (-1.0, minus / total)
    }
}

fn near_side(g: &Gathered) -> Side {
    let pairs = [
        (Joint::LeftEar, Joint::RightEar),
        (Joint::LeftShoulder, Joint::RightShoulder),
        (Joint::LeftElbow, Joint::RightElbow),
        (Joint::LeftWrist, Joint::RightWrist),
        (Joint::LeftHip, Joint::RightHip),
        (Joint::LeftKnee, Joint::RightKnee),
        (Joint::LeftAnkle, Joint::RightAnkle),
    ];
    let (mut left, mut right) = (0.0f64, 0.0f64);
    for (l, r) in pairs {
        left += g.joint(l).score.iter().map(|&s| f64::from(s)).sum::<f64>();
        right += g.joint(r).score.iter().map(|&s| f64::from(s)).sum::<f64>();
    }
    if right > left * 1.02 {
        Side::Right
    } else {
        Side::Left
    }
}
