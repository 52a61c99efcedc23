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

/// Whether a joint is gathered into a channel: all but the eyes, which
/// are neither measured nor drawn (their channels stay empty).
const fn is_gathered(j: Joint) -> bool {
    !matches!(j, Joint::LeftEye | Joint::RightEye)
}

/// The gathered joints, in [`Joint::ALL`] order.
const GATHERED: [Joint; Joint::COUNT - 2] = {
    let mut out = [Joint::Nose; Joint::COUNT - 2];
    let (mut i, mut k) = (0, 0);
    while i < Joint::COUNT {
        if is_gathered(Joint::ALL[i]) {
            out[k] = Joint::ALL[i];
            k += 1;
        }
        i += 1;
    }
    // Every slot filled: a compile error if `is_gathered` and the length
    // disagree.
    assert!(k == out.len());
    out
};

/// Builds a [`Gathered`] one frame at a time, so whoever walks the frames
/// (the tracker) can copy a person's points while they are in cache
/// instead of walking the frames a second time.
///
/// Frames are staged sixteen at a time and then written channel by
/// channel, a whole cache line of each of the 57 channel arrays at once
/// rather than one value to each per frame (3-4 % faster over the whole
/// analysis, measured on 30-minute and one-minute clips).
#[derive(Debug, Clone, PartialEq)]
pub struct Gatherer {
    /// Channels, grown ahead of `len` with empty (zero-score) frames.
    joints: Vec<Channel>,
    seen: Vec<bool>,
    /// Points dropped in each frame, so a replaced frame can be undone
    /// and a stretch of frames counted.
    dropped: Vec<u8>,
    /// Frame positions `stage_at..stage_at + STAGE`, not yet in the
    /// channels: per frame, the gathered joints' x, y and score (0 where
    /// not known or dropped).
    stage: Box<[Record; STAGE]>,
    stage_at: usize,
    /// Frames pushed so far (the last one's position, plus one).
    len: usize,
    /// No frame is pushed at or beyond this position.
    span: usize,
    min_score: f32,
}

/// One frame of the gathered joints: x, y, score.
type Record = [[f32; 3]; GATHERED.len()];
const EMPTY_RECORD: Record = [[0.0; 3]; GATHERED.len()];

/// Frames staged at a time: one 64-byte cache line of each channel.
const STAGE: usize = 16;

/// Frames a gatherer first makes room for.
const FIRST_ROOM: usize = 512;

impl Gatherer {
    /// An empty gatherer that drops points below `min_score`, for frame
    /// positions below `span`.
    pub fn new(min_score: f32, span: usize) -> Self {
        Gatherer {
            joints: vec![Channel::default(); Joint::COUNT],
            seen: Vec::new(),
            dropped: Vec::new(),
            stage: Box::new([EMPTY_RECORD; STAGE]),
            stage_at: 0,
            len: 0,
            span,
            min_score,
        }
    }

    /// Makes room for frame position `at`: first for a few hundred frames
    /// (most people an estimator sees are passers-by), then, for someone
    /// who stays, for the whole span at once, so the channels are not
    /// copied again and again as they grow.
    fn grow(&mut self, at: usize) {
        let room = if self.seen.is_empty() {
            FIRST_ROOM
        } else {
            self.span
        }
        .min(self.span)
        .max(at + 1);
        // New zeroed buffers rather than `resize`: zeroed memory comes
        // from the system already cleared, so the channels are not written
        // twice (this runs once per person, and is most of their memory).
        fn regrow<T: Copy + Default>(v: &mut Vec<T>, empty: Vec<T>) {
            let mut new = empty;
            new[..v.len()].copy_from_slice(v);
            *v = new;
        }
        for j in GATHERED {
            let c = &mut self.joints[j.index()];
            regrow(&mut c.x, vec![0.0; room]);
            regrow(&mut c.y, vec![0.0; room]);
            regrow(&mut c.score, vec![0.0; room]);
        }
        regrow(&mut self.seen, vec![false; room]);
        regrow(&mut self.dropped, vec![0; room]);
    }

    /// Writes the staged frames to the channels and empties the stage.
    fn flush(&mut self) {
        let from = self.stage_at;
        let to = self.len.min(from + STAGE);
        if to <= from {
            return;
        }
        let staged = &self.stage[..to - from];
        for (g, j) in GATHERED.iter().enumerate() {
            let c = &mut self.joints[j.index()];
            for (k, out) in [&mut c.x, &mut c.y, &mut c.score].into_iter().enumerate() {
                for (o, r) in out[from..to].iter_mut().zip(staged) {
                    *o = r[g][k];
                }
            }
        }
        self.stage.fill(EMPTY_RECORD);
    }

    /// Adds the skeleton seen at frame position `at`. Frames between the
    /// last one and `at` stay empty; pushing the last frame again replaces
    /// it. An earlier frame is ignored (frames arrive in order); so is one
    /// outside the span given to [`Gatherer::new`].
    pub fn push(&mut self, at: usize, s: &Skeleton) {
        if at >= self.span || at + 1 < self.len {
            return;
        }
        if at >= self.stage_at + STAGE {
            self.flush();
            self.stage_at = at - at % STAGE;
        }
        if at >= self.seen.len() {
            self.grow(at);
        }
        let mut record = EMPTY_RECORD;
        let mut dropped = 0u8;
        for (out, j) in record.iter_mut().zip(GATHERED) {
            let Some(p) = s[j.index()] else { continue };
            // A score of 0 means "not seen" whatever the threshold.
            if p.score > 0.0 && p.score >= self.min_score && p.x.is_finite() && p.y.is_finite() {
                *out = [p.x, p.y, p.score];
            } else {
                dropped += 1;
            }
        }
        // Pushing the same frame again replaces it here.
        self.stage[at - self.stage_at] = record;
        self.seen[at] = true;
        self.dropped[at] = dropped;
        self.len = at + 1;
    }

    /// The frames `range` (positions as pushed), padded with empty frames
    /// up to its end.
    pub fn finish(mut self, range: std::ops::Range<usize>) -> Gathered {
        self.flush();
        let (a, b) = (range.start, range.end.max(range.start));
        // Room beyond the last frame pushed is empty, and stays so.
        let cut = |v: &mut Vec<f32>| {
            v.resize(b, 0.0);
            v.drain(..a);
            std::mem::take(v)
        };
        for j in GATHERED {
            let c = &mut self.joints[j.index()];
            c.x = cut(&mut c.x);
            c.y = cut(&mut c.y);
            c.score = cut(&mut c.score);
        }
        self.dropped.resize(b, 0);
        self.seen.resize(b, false);
        self.seen.drain(..a);
        Gathered {
            joints: self.joints,
            len: b - a,
            seen: self.seen,
            low_confidence: self.dropped[a..].iter().map(|&d| usize::from(d)).sum(),
        }
    }
}

/// Copies the runner's skeletons (one per frame position, `None` where the
/// runner was not seen) into channels, dropping points below `min_score`.
pub fn gather(skeletons: &[Option<&Skeleton>], min_score: f32) -> Gathered {
    let mut g = Gatherer::new(min_score, skeletons.len());
    for (i, sk) in skeletons.iter().enumerate() {
        if let Some(sk) = sk {
            g.push(i, sk);
        }
    }
    g.finish(0..skeletons.len())
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
    let mut joints = g.joints;
    // Only the joints that metrics and strides are computed from are
    // cleaned; the nose, eyes, knees and toes only vote on the facing
    // direction or are drawn.
    for j in MEASURED {
        let Some(c) = joints.get_mut(j.index()) else {
            continue;
        };
        out.spikes += drop_spikes(c, s.spike_torso * scale);
        out.filled += fill_gaps(c, max_gap);
    }
    if let Some(f) = &filter {
        filter_measured(&mut joints, f);
    }
    out.joints = joints;
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

/// The smaller of two finite values (plain comparison: the points
/// compared here are never NaN, so `f32::min`'s NaN care is not needed).
fn lesser(a: f32, b: f32) -> f32 {
    if a < b { a } else { b }
}

fn greater(a: f32, b: f32) -> f32 {
    if a > b { a } else { b }
}

/// Median of four values: the mean of the middle two.
fn median4(a: f32, b: f32, c: f32, d: f32) -> f32 {
    let lo = lesser(lesser(a, b), lesser(c, d));
    let hi = greater(greater(a, b), greater(c, d));
    (a + b + c + d - lo - hi) / 2.0
}

/// Median of three or four values: drop the extremes, average the rest.
fn median_small(v: &[f32]) -> f32 {
    let (mut lo, mut hi, mut sum) = (f32::INFINITY, f32::NEG_INFINITY, 0.0f32);
    for &x in v {
        lo = lesser(lo, x);
        hi = greater(hi, x);
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
    let n = c.score.len().min(c.x.len()).min(c.y.len());
    let (x, y, score) = (&c.x[..n], &c.y[..n], &c.score[..n]);
    // The test where a neighbour is missing, or near the ends.
    let odd_one = |i: usize| -> bool {
        let (mut xs, mut ys, mut k) = ([0.0f32; 4], [0.0f32; 4], 0);
        for j in i.saturating_sub(2)..(i + 3).min(n) {
            if j != i && score[j] > 0.0 {
                xs[k] = x[j];
                ys[k] = y[j];
                k += 1;
            }
        }
        if k < 3 {
            return false;
        }
        let (dx, dy) = (x[i] - median_small(&xs[..k]), y[i] - median_small(&ys[..k]));
        dx * dx + dy * dy > limit2
    };
    let mut bad = Vec::new();
    for i in (0..n.min(2)).chain(n.saturating_sub(2).max(2)..n) {
        if score[i] > 0.0 && odd_one(i) {
            bad.push(i);
        }
    }
    // Everywhere else, five-frame windows centred on the point.
    let windows = x.windows(5).zip(y.windows(5)).zip(score.windows(5));
    for (k, ((xw, yw), sw)) in windows.enumerate() {
        let (&[x0, x1, x2, x3, x4], &[y0, y1, y2, y3, y4], &[s0, s1, s2, s3, s4]) = (xw, yw, sw)
        else {
            continue;
        };
        if s2 <= 0.0 {
            continue;
        }
        let i = k + 2;
        let spike = if s0 > 0.0 && s1 > 0.0 && s3 > 0.0 && s4 > 0.0 {
            let (dx, dy) = (x2 - median4(x0, x1, x3, x4), y2 - median4(y0, y1, y3, y4));
            dx * dx + dy * dy > limit2
        } else {
            odd_one(i)
        };
        if spike {
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

/// Low-pass filters every unbroken run of the measured joints, two runs
/// at a time (see [`Biquad::filtfilt_two_pairs_with`]).
fn filter_measured(joints: &mut [Channel], f: &Biquad) {
    let mut runs: Vec<(&mut [f32], &mut [f32])> = Vec::new();
    for (i, c) in joints.iter_mut().enumerate() {
        if !MEASURED.iter().any(|j| j.index() == i) {
            continue;
        }
        let Channel { x, y, score } = c;
        let (mut xs, mut ys): (&mut [f32], &mut [f32]) = (x, y);
        let mut at = 0;
        let n = score.len().min(xs.len()).min(ys.len());
        let mut i = 0;
        while i < n {
            if score[i] <= 0.0 {
                i += 1;
                continue;
            }
            let start = i;
            while i < n && score[i] > 0.0 {
                i += 1;
            }
            if i - start < super::filter::MIN_RUN {
                continue;
            }
            let (_, rest) = std::mem::take(&mut xs).split_at_mut(start - at);
            let (run_x, rest) = rest.split_at_mut(i - start);
            xs = rest;
            let (_, rest) = std::mem::take(&mut ys).split_at_mut(start - at);
            let (run_y, rest) = rest.split_at_mut(i - start);
            ys = rest;
            at = i;
            runs.push((run_x, run_y));
        }
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut runs = runs.into_iter();
    while let Some(first) = runs.next() {
        match runs.next() {
            Some(second) => f.filtfilt_two_pairs_with(first, second, (&mut a, &mut b)),
            None => f.filtfilt_pair_with(first.0, first.1, &mut a),
        }
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
