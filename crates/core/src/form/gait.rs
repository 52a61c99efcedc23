//! Foot contacts and strides from the ankles' path relative to the hip.
//!
//! In running, the foot lands about when it is furthest ahead of the body
//! (Zeni et al.'s coordinate method, ZENI-2008): a contact is a peak of the
//! ankle's forward distance from the hip, at least a quarter of a second
//! from any higher point and standing clear of the troughs beside it. A
//! stride runs from one contact of a leg to the next contact of the same
//! leg. The leg nearer the camera is used unless the far leg gives more
//! strides.

use super::clean::CleanSeries;
use super::pose::Joint;
use super::view::{Side, View, sided};

/// The shortest and longest plausible stride (seconds). Sprinting at 240
/// steps/min is a 0.5 s stride; slow walking about 1.5 s.
pub const STRIDE_S: (f64, f64) = (0.35, 2.0);
/// A peak must stand this many torso lengths above the lowest point within
/// half a second either side.
const PROMINENCE: f32 = 0.3;

/// Where the feet landed.
#[derive(Debug, Clone, PartialEq)]
pub struct Gait {
    /// The leg whose contacts delimit strides.
    pub leg: Side,
    /// Contact frames of that leg.
    pub contacts: Vec<usize>,
    /// Contact frames of the other leg.
    pub other_contacts: Vec<usize>,
    /// Strides as (first frame, frame after the last).
    pub strides: Vec<(usize, usize)>,
    /// Each stride's duration in seconds, from contact times refined
    /// between frames (a parabola through the peak and its neighbours).
    pub durations: Vec<f64>,
}

/// Finds contacts and strides.
pub fn detect(series: &CleanSeries, view: &View) -> Gait {
    let near = contacts(series, view, view.near);
    let far = contacts(series, view, view.near.other());
    let (leg, contacts, other) = if far.len() > near.len() + 2 {
        (view.near.other(), far, near)
    } else {
        (view.near, near, far)
    };
    let ankle = series.joint(sided(leg, Joint::LeftAnkle, Joint::RightAnkle));
    let mut strides = Vec::new();
    let mut durations = Vec::new();
    for w in contacts.windows(2) {
        let ((a, ta), (b, tb)) = (w[0], w[1]);
        let secs = (b - a) as f64 / series.fps;
        if !(STRIDE_S.0..=STRIDE_S.1).contains(&secs) {
            continue;
        }
        let seen = ankle.score[a..b].iter().filter(|&&q| q > 0.0).count();
        if seen * 10 >= (b - a) * 7 {
            strides.push((a, b));
            durations.push((tb - ta) / series.fps);
        }
    }
    Gait {
        leg,
        contacts: contacts.iter().map(|c| c.0).collect(),
        other_contacts: other.iter().map(|c| c.0).collect(),
        strides,
        durations,
    }
}

/// Contact frames of one leg, each with its refined time in frames.
fn contacts(series: &CleanSeries, view: &View, side: Side) -> Vec<(usize, f64)> {
    let ankle = series.joint(sided(side, Joint::LeftAnkle, Joint::RightAnkle));
    let heel = series.joint(sided(side, Joint::LeftHeel, Joint::RightHeel));
    let hip_near = series.joint(sided(view.near, Joint::LeftHip, Joint::RightHip));
    let hip_far = series.joint(sided(view.near.other(), Joint::LeftHip, Joint::RightHip));
    let n = series.len;
    let forward: Vec<f32> = (0..n)
        .map(|i| {
            let foot = ankle.at(i).or_else(|| heel.at(i));
            let hip = hip_near.at(i).or_else(|| hip_far.at(i));
            match (foot, hip) {
                (Some(f), Some(h)) => view.facing * (f.0 - h.0) / view.torso,
                _ => f32::NAN,
            }
        })
        .collect();
    let w = ((0.25 * series.fps).round() as usize).max(1);
    let wide = ((0.5 * series.fps).round() as usize).max(2);
    let mut out: Vec<(usize, f64)> = Vec::new();
    for i in 0..n {
        let v = forward[i];
        if !v.is_finite() {
            continue;
        }
        let lo = i.saturating_sub(w);
        let hi = (i + w + 1).min(n);
        let mut is_peak = true;
        let mut finite = 0;
        for (j, &u) in forward[lo..hi].iter().enumerate() {
            if !u.is_finite() {
                continue;
            }
            finite += 1;
            let j = lo + j;
            if u > v || (u == v && j < i) {
                is_peak = false;
                break;
            }
        }
        if !is_peak || finite * 10 < (hi - lo) * 6 {
            continue;
        }
        let trough = |range: &[f32]| {
            range
                .iter()
                .copied()
                .filter(|u| u.is_finite())
                .fold(f32::INFINITY, f32::min)
        };
        let before = trough(&forward[i.saturating_sub(wide)..i]);
        let after = trough(&forward[(i + 1).min(n)..(i + wide + 1).min(n)]);
        if v - before >= PROMINENCE && v - after >= PROMINENCE {
            out.push((i, i as f64 + refine(&forward, i)));
        }
    }
    out
}

/// Offset (in frames, within half a frame) of the vertex of the parabola
/// through a peak and its two neighbours.
fn refine(v: &[f32], i: usize) -> f64 {
    let (Some(&a), Some(&c)) = (i.checked_sub(1).and_then(|j| v.get(j)), v.get(i + 1)) else {
        return 0.0;
    };
    let b = v[i];
    let den = f64::from(a) - 2.0 * f64::from(b) + f64::from(c);
    if !(a.is_finite() && c.is_finite()) || den >= 0.0 {
        return 0.0;
    }
    (0.5 * (f64::from(a) - f64::from(c)) / den).clamp(-0.5, 0.5)
}
