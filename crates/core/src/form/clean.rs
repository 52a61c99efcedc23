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
    /// Horizontal positions (meaningless where `!ok`).
    pub x: Vec<f32>,
    /// Vertical positions, up positive.
    pub y: Vec<f32>,
    /// Confidence per frame; 0 where missing. Filled points carry half the
    /// lower of their neighbours' confidence.
    pub score: Vec<f32>,
    /// Whether the joint is known in the frame.
    pub ok: Vec<bool>,
}

impl Channel {
    /// The point at frame `i`, if known.
    pub fn at(&self, i: usize) -> Option<(f32, f32)> {
        (*self.ok.get(i)?).then(|| (self.x[i], self.y[i]))
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

/// Cleans the runner's skeletons (one per frame position, `None` where the
/// runner was not seen). `scale` is the runner's torso length in the
/// recording's units, for the spike test.
pub fn clean(
    skeletons: &[Option<&Skeleton>],
    fps: f64,
    scale: f32,
    s: &CleanSettings,
) -> CleanSeries {
    let n = skeletons.len();
    let filter = Biquad::butterworth_low_pass(s.cutoff_hz, fps);
    let max_gap = ((s.max_gap_s * fps).round() as usize).max(1);
    let mut out = CleanSeries {
        fps,
        len: n,
        joints: Vec::with_capacity(Joint::COUNT),
        low_confidence: 0,
        spikes: 0,
        filled: 0,
        filtered: filter.is_some(),
    };
    let mut joints: Vec<Channel> = (0..Joint::COUNT)
        .map(|_| Channel {
            x: vec![0.0; n],
            y: vec![0.0; n],
            score: vec![0.0; n],
            ok: vec![false; n],
        })
        .collect();
    // One pass over the frames (they are large), filling every channel.
    for (i, sk) in skeletons.iter().enumerate() {
        let Some(sk) = sk else { continue };
        for (c, p) in joints.iter_mut().zip(sk.iter()) {
            let Some(p) = p else { continue };
            if p.score >= s.min_score && p.x.is_finite() && p.y.is_finite() {
                c.x[i] = p.x;
                c.y[i] = p.y;
                c.score[i] = p.score;
                c.ok[i] = true;
            } else {
                out.low_confidence += 1;
            }
        }
    }
    let mut scratch = Vec::new();
    for (mut c, joint) in joints.into_iter().zip(Joint::ALL) {
        // Eyes and knees are only drawn, never measured: no need to smooth them.
        if !matches!(
            joint,
            Joint::LeftEye | Joint::RightEye | Joint::LeftKnee | Joint::RightKnee
        ) {
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
    let n = c.ok.len();
    let mut bad = Vec::new();
    for i in 0..n {
        if !c.ok[i] {
            continue;
        }
        let (mut xs, mut ys, mut k) = ([0.0f32; 4], [0.0f32; 4], 0);
        for d in [-2isize, -1, 1, 2] {
            let Some(jdx) = i.checked_add_signed(d) else {
                continue;
            };
            if jdx < n && c.ok[jdx] {
                xs[k] = c.x[jdx];
                ys[k] = c.y[jdx];
                k += 1;
            }
        }
        if k < 3 {
            continue;
        }
        let (mx, my) = (median_small(&xs[..k]), median_small(&ys[..k]));
        let (dx, dy) = (c.x[i] - mx, c.y[i] - my);
        if dx * dx + dy * dy > limit * limit {
            bad.push(i);
        }
    }
    for &i in &bad {
        c.ok[i] = false;
        c.score[i] = 0.0;
    }
    bad.len()
}

/// Fills gaps of at most `max_gap` frames between two known points.
fn fill_gaps(c: &mut Channel, max_gap: usize) -> usize {
    let n = c.ok.len();
    let mut filled = 0;
    let mut last_ok: Option<usize> = None;
    for i in 0..n {
        if !c.ok[i] {
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
                    c.ok[k] = true;
                }
                filled += gap;
            }
        }
        last_ok = Some(i);
    }
    filled
}

fn filter_runs(c: &mut Channel, f: &Biquad, scratch: &mut Vec<f64>) {
    let n = c.ok.len();
    let mut i = 0;
    while i < n {
        if !c.ok[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && c.ok[i] {
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

    fn nose_track(values: &[Option<(f32, f32)>]) -> Vec<Option<Skeleton>> {
        values
            .iter()
            .map(|v| {
                let mut s = EMPTY_SKELETON;
                s[Joint::Nose.index()] = v.map(|(x, score)| Keypoint { x, y: 0.0, score });
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
        let c = clean(&refs(&nose_track(&v)), 30.0, 100.0, &no_filter());
        let nose = c.joint(Joint::Nose);
        assert_eq!(nose.at(3), Some((3.0, 0.0)));
        assert!((nose.score[4] - 0.45).abs() < 1e-6);
        assert!(nose.at(12).is_none());
        assert_eq!(c.filled, 2);
    }

    #[test]
    fn low_confidence_and_spikes_are_dropped() {
        let mut v: Vec<Option<(f32, f32)>> = (0..20).map(|_| Some((5.0, 0.9))).collect();
        v[6] = Some((5.0, 0.1));
        v[12] = Some((80.0, 0.9));
        let c = clean(&refs(&nose_track(&v)), 30.0, 100.0, &no_filter());
        assert_eq!(c.low_confidence, 1);
        assert_eq!(c.spikes, 1);
        // Both were single frames, so they are filled from their neighbours.
        assert_eq!(c.joint(Joint::Nose).at(12), Some((5.0, 0.0)));
    }
}
