//! Clean-up of the runner's keypoint trajectories before any measurement:
//!
//! 1. points below the confidence threshold are dropped;
//! 2. isolated spikes (a point far from the median of its neighbours, as
//!    when an estimator briefly swaps left and right) are dropped;
//! 3. short gaps are filled by straight lines, long gaps stay empty (a
//!    guess across half a stride would invent movement);
//! 4. each unbroken run is low-pass filtered without lag ([`super::filter`]).
//!
//! The result is struct-of-arrays, one channel per joint, on the frame grid.

use super::filter::Biquad;
use super::pose::{Joint, Skeleton};

/// Settings for the clean-up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CleanSettings {
    /// Points with a lower confidence are dropped (0..=1).
    pub min_score: f32,
    /// Gaps up to this long (seconds) are filled.
    pub max_gap_s: f64,
    /// Low-pass cutoff in Hz.
    pub cutoff_hz: f64,
    /// A point further than this many torso lengths from the median of its
    /// neighbours is a spike.
    pub spike_torso: f32,
}

impl Default for CleanSettings {
    fn default() -> Self {
        CleanSettings {
            min_score: 0.3,
            max_gap_s: 0.1,
            cutoff_hz: 6.0,
            spike_torso: 0.25,
        }
    }
}

/// One joint's trajectory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Channel {
    /// Horizontal positions (meaningless where the score is 0).
    pub x: Vec<f32>,
    /// Vertical positions, up positive.
    pub y: Vec<f32>,
    /// Confidence per frame; 0 where the joint is not known. Filled points
    /// carry half the lower of their neighbours' confidence.
    pub score: Vec<f32>,
}

impl Channel {
    /// The point at frame `i`, if known.
    pub fn at(&self, i: usize) -> Option<(f32, f32)> {
        (*self.score.get(i)? > 0.0).then(|| (self.x[i], self.y[i]))
    }

    /// Whether the joint is known in frame `i`.
    pub fn ok(&self, i: usize) -> bool {
        self.score.get(i).is_some_and(|&s| s > 0.0)
    }
}

/// The cleaned recording of one runner.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanSeries {
    /// Frames per second.
    pub fps: f64,
    /// Frames on the grid.
    pub len: usize,
    /// One channel per joint, by [`Joint::index`].
    pub joints: Vec<Channel>,
    /// Points dropped for low confidence.
    pub low_confidence: usize,
    /// Points dropped as spikes.
    pub spikes: usize,
    /// Points filled across short gaps.
    pub filled: usize,
    /// Whether the low-pass filter could run (the frame rate allows it).
    pub filtered: bool,
}

impl CleanSeries {
    /// The channel of a joint.
    pub fn joint(&self, j: Joint) -> &Channel {
        &self.joints[j.index()]
    }
}

/// The runner's keypoints copied once out of the (large, scattered) frames
/// into one channel per joint, with uncertain points already dropped.
/// Everything after this step reads only these compact arrays.
#[derive(Debug, Clone, PartialEq)]
pub struct Gathered {
    /// One channel per joint, by [`Joint::index`].
    pub joints: Vec<Channel>,
    /// Frames on the grid.
    pub len: usize,
    /// Frames in which the runner was seen at all.
    pub seen: Vec<bool>,
    /// Points dropped for low confidence (or non-finite coordinates).
    pub low_confidence: usize,
}

impl Gathered {
    /// The channel of a joint.
    pub fn joint(&self, j: Joint) -> &Channel {
        &self.joints[j.index()]
    }
}

/// Copies the runner's skeletons (one per frame position, `None` where the
/// runner was not seen) into channels, dropping points below `min_score`.
pub fn gather(skeletons: &[Option<&Skeleton>], min_score: f32) -> Gathered {
    let n = skeletons.len();
    // The eyes are neither measured nor drawn: their channels stay empty.
    let mut joints: Vec<Channel> = Joint::ALL
        .into_iter()
        .map(|j| {
            let len = if matches!(j, Joint::LeftEye | Joint::RightEye) {
                0
            } else {
                n
            };
            Channel {
                x: vec![0.0; len],
                y: vec![0.0; len],
                score: vec![0.0; len],
            }
        })
        .collect();
    let mut seen = vec![false; n];
    let mut low_confidence = 0;
    for (i, sk) in skeletons.iter().enumerate() {
        let Some(sk) = sk else { continue };
        seen[i] = true;
        for (c, p) in joints.iter_mut().zip(sk.iter()) {
            let Some(p) = p else { continue };
            if c.score.len() <= i {
                continue;
            }
            // A score of 0 means "not seen" whatever the threshold.
            if p.score > 0.0 && p.score >= min_score && p.x.is_finite() && p.y.is_finite() {
                c.x[i] = p.x;
                c.y[i] = p.y;
                c.score[i] = p.score;
            } else {
                low_confidence += 1;
            }
        }
    }
    Gathered {
        joints,
        len: n,
        seen,
        low_confidence,
    }
}

/// Cleans gathered channels. `scale` is the runner's torso length in the
/// recording's units, for the spike test.
pub fn clean(g: Gathered, fps: f64, scale: f32, s: &CleanSettings) -> CleanSeries {
    let filter = Biquad::butterworth_low_pass(s.cutoff_hz, fps);
    let max_gap = ((s.max_gap_s * fps).round() as usize).max(1);
    let mut out = CleanSeries {
        fps,
        len: g.len,
        joints: Vec::with_capacity(Joint::COUNT),
        low_confidence: g.low_confidence,
        spikes: 0,
        filled: 0,
        filtered: filter.is_some(),
    };
    let joints = g.joints;
    let mut scratch = Vec::new();
    for (mut c, joint) in joints.into_iter().zip(Joint::ALL) {
        // Only the joints that metrics and strides are computed from are
        // cleaned; the nose, eyes, knees and toes only vote on the facing
        // direction or are drawn.
        if MEASURED.contains(&joint) {
            out.spikes += drop_spikes(&mut c, s.spike_torso * scale);
            out.filled += fill_gaps(&mut c, max_gap);
            if let Some(f) = &filter {
                filter_runs(&mut c, f, &mut scratch);
            }
        }
        out.joints.push(c);
    }
    out
}

/// The joints measurements are computed from.
const MEASURED: [Joint; 14] = [
    Joint::LeftEar,
    Joint::RightEar,
    Joint::LeftShoulder,
    Joint::RightShoulder,
    Joint::LeftElbow,
    Joint::RightElbow,
    Joint::LeftWrist,
    Joint::RightWrist,
    Joint::LeftHip,
    Joint::RightHip,
    Joint::LeftAnkle,
    Joint::RightAnkle,
    Joint::LeftHeel,
    Joint::RightHeel,
];

/// Median of four values: the mean of the middle two.
fn median4(a: f32, b: f32, c: f32, d: f32) -> f32 {
    let lo = a.min(b).min(c.min(d));
    let hi = a.max(b).max(c.max(d));
    (a + b + c + d - lo - hi) / 2.0
}

/// Median of three or four values: drop the extremes, average the rest.
fn median_small(v: &[f32]) -> f32 {
    let (mut lo, mut hi, mut sum) = (f32::INFINITY, f32::NEG_INFINITY, 0.0f32);
    for &x in v {
        lo = lo.min(x);
        hi = hi.max(x);
        sum += x;
    }
    (sum - lo - hi) / (v.len() - 2) as f32
}

/// Drops points far from the median of three or four known neighbours
/// (two each side). Returns how many were dropped.
fn drop_spikes(c: &mut Channel, limit: f32) -> usize {
    if limit.is_nan() || limit <= 0.0 {
        return 0;
    }
    let limit2 = limit * limit;
    let n = c.score.len();
    let mut bad = Vec::new();
    let (x, y, score) = (&c.x, &c.y, &c.score);
    for i in 0..n {
        if score[i] <= 0.0 {
            continue;
        }
        // Fast path: all four neighbours known (the usual case).
        if let (Some(xw), Some(yw), Some(sw)) = (
            i.checked_sub(2).and_then(|lo| x.get(lo..lo + 5)),
            i.checked_sub(2).and_then(|lo| y.get(lo..lo + 5)),
            i.checked_sub(2).and_then(|lo| score.get(lo..lo + 5)),
        ) && sw[0] > 0.0
            && sw[1] > 0.0
            && sw[3] > 0.0
            && sw[4] > 0.0
        {
            let (mx, my) = (
                median4(xw[0], xw[1], xw[3], xw[4]),
                median4(yw[0], yw[1], yw[3], yw[4]),
            );
            let (dx, dy) = (xw[2] - mx, yw[2] - my);
            if dx * dx + dy * dy > limit2 {
                bad.push(i);
            }
            continue;
        }
        let (mut xs, mut ys, mut k) = ([0.0f32; 4], [0.0f32; 4], 0);
        let lo = i.saturating_sub(2);
        let hi = (i + 3).min(n);
        for j in lo..hi {
            if j != i && score[j] > 0.0 {
                xs[k] = x[j];
                ys[k] = y[j];
                k += 1;
            }
        }
        if k < 3 {
            continue;
        }
        let (mx, my) = (median_small(&xs[..k]), median_small(&ys[..k]));
        let (dx, dy) = (x[i] - mx, y[i] - my);
        if dx * dx + dy * dy > limit2 {
            bad.push(i);
        }
    }
    for &i in &bad {
        c.score[i] = 0.0;
    }
    bad.len()
}

/// Fills gaps of at most `max_gap` frames between two known points.
fn fill_gaps(c: &mut Channel, max_gap: usize) -> usize {
    let n = c.score.len();
    let mut filled = 0;
    let mut last_ok: Option<usize> = None;
    for i in 0..n {
        if c.score[i] <= 0.0 {
            continue;
        }
        if let Some(a) = last_ok {
            let gap = i - a - 1;
            if gap > 0 && gap <= max_gap {
                let score = 0.5 * c.score[a].min(c.score[i]);
                for k in a + 1..i {
                    let t = (k - a) as f32 / (i - a) as f32;
                    c.x[k] = c.x[a] + t * (c.x[i] - c.x[a]);
                    c.y[k] = c.y[a] + t * (c.y[i] - c.y[a]);
                    c.score[k] = score;
                }
                filled += gap;
            }
        }
        last_ok = Some(i);
    }
    filled
}

fn filter_runs(c: &mut Channel, f: &Biquad, scratch: &mut Vec<f64>) {
    let n = c.score.len();
    let mut i = 0;
    while i < n {
        if c.score[i] <= 0.0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && c.score[i] > 0.0 {
            i += 1;
        }
        f.filtfilt_with(&mut c.x[start..i], scratch);
        f.filtfilt_with(&mut c.y[start..i], scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::pose::{EMPTY_SKELETON, Keypoint};

    fn shoulder_track(values: &[Option<(f32, f32)>]) -> Vec<Option<Skeleton>> {
        values
            .iter()
            .map(|v| {
                let mut s = EMPTY_SKELETON;
                s[Joint::LeftShoulder.index()] = v.map(|(x, score)| Keypoint { x, y: 0.0, score });
                Some(s)
            })
            .collect()
    }

    fn refs(v: &[Option<Skeleton>]) -> Vec<Option<&Skeleton>> {
        v.iter().map(Option::as_ref).collect()
    }

    fn no_filter() -> CleanSettings {
        CleanSettings {
            cutoff_hz: 1000.0,
            ..CleanSettings::default()
        }
    }

    #[test]
    fn short_gaps_are_filled_and_long_ones_left() {
        // 30 fps, 0.1 s -> gaps of up to 3 frames are filled.
        let mut v: Vec<Option<(f32, f32)>> = (0..20).map(|i| Some((i as f32, 0.9))).collect();
        v[3] = None;
        v[4] = None;
        for slot in &mut v[10..15] {
            *slot = None;
        }
        let c = clean(
            gather(&refs(&shoulder_track(&v)), 0.3),
            30.0,
            100.0,
            &no_filter(),
        );
        let shoulder = c.joint(Joint::LeftShoulder);
        assert_eq!(shoulder.at(3), Some((3.0, 0.0)));
        assert!((shoulder.score[4] - 0.45).abs() < 1e-6);
        assert!(shoulder.at(12).is_none());
        assert_eq!(c.filled, 2);
    }

    #[test]
    fn low_confidence_and_spikes_are_dropped() {
        let mut v: Vec<Option<(f32, f32)>> = (0..20).map(|_| Some((5.0, 0.9))).collect();
        v[6] = Some((5.0, 0.1));
        v[12] = Some((80.0, 0.9));
        let c = clean(
            gather(&refs(&shoulder_track(&v)), 0.3),
            30.0,
            100.0,
            &no_filter(),
        );
        assert_eq!(c.low_confidence, 1);
        assert_eq!(c.spikes, 1);
        // Both were single frames, so they are filled from their neighbours.
        assert_eq!(c.joint(Joint::LeftShoulder).at(12), Some((5.0, 0.0)));
    }
}
