//! Following one runner through a video with several people in it.
//!
//! Detections are linked frame to frame into tracks: by the estimator's own
//! track IDs when every detection carries one, otherwise greedily by the
//! distance between body centres relative to body size. The runner is the
//! track seen in the most frames, weighted by its size (the person filmed
//! is usually the largest and the most persistent); the caller may choose
//! another by its number. Along the chosen track, a jump in position or
//! size that no runner makes between two frames is reported as a probable
//! identity switch (the estimator or the tracker swapped people).
//!
//! Speed: the decoded frames are hundreds of bytes a person, so they are
//! read once: the track leading so far copies its keypoints into channels
//! ([`super::clean::Gatherer`]) while the frame is still in cache. Other
//! tracks keep references and are copied only if chosen in the end.

use super::clean::{Gathered, Gatherer};
use super::pose::{Detection, PoseFrame, Skeleton};

/// A body's centre and size in one frame.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Extent {
    cx: f32,
    cy: f32,
    size: f32,
}

/// The centre and size of the known, finite points, if there are at
/// least three. Every tracked frame goes through here, so the usual case
/// (every point finite) is checked once, on the sums: a NaN or infinite
/// coordinate makes its sum non-finite, and only then are the points
/// checked one by one.
fn extent(s: &Skeleton) -> Option<Extent> {
    let (mut minx, mut maxx) = (f32::INFINITY, f32::NEG_INFINITY);
    let (mut miny, mut maxy) = (f32::INFINITY, f32::NEG_INFINITY);
    let (mut sx, mut sy, mut n) = (0.0f32, 0.0f32, 0u32);
    for p in s.iter().flatten() {
        minx = if p.x < minx { p.x } else { minx };
        maxx = if p.x > maxx { p.x } else { maxx };
        miny = if p.y < miny { p.y } else { miny };
        maxy = if p.y > maxy { p.y } else { maxy };
        sx += p.x;
        sy += p.y;
        n += 1;
    }
    if !(sx.is_finite() && sy.is_finite()) {
        return extent_of_finite(s);
    }
    extent_from(n, (minx, maxx, miny, maxy), (sx, sy))
}

/// [`extent`], skipping non-finite points one by one.
fn extent_of_finite(s: &Skeleton) -> Option<Extent> {
    let (mut minx, mut maxx) = (f32::INFINITY, f32::NEG_INFINITY);
    let (mut miny, mut maxy) = (f32::INFINITY, f32::NEG_INFINITY);
    let (mut sx, mut sy, mut n) = (0.0f32, 0.0f32, 0u32);
    for p in s
        .iter()
        .flatten()
        .filter(|p| p.x.is_finite() && p.y.is_finite())
    {
        minx = minx.min(p.x);
        maxx = maxx.max(p.x);
        miny = miny.min(p.y);
        maxy = maxy.max(p.y);
        sx += p.x;
        sy += p.y;
        n += 1;
    }
    extent_from(n, (minx, maxx, miny, maxy), (sx, sy))
}

fn extent_from(
    n: u32,
    (minx, maxx, miny, maxy): (f32, f32, f32, f32),
    (sx, sy): (f32, f32),
) -> Option<Extent> {
    if n < 3 {
        return None;
    }
    let size = super::norm(maxx - minx, maxy - miny);
    (size > 0.0 && size.is_finite()).then(|| Extent {
        cx: sx / n as f32,
        cy: sy / n as f32,
        size,
    })
}

/// One person followed through the frames.
#[derive(Debug, Clone, PartialEq)]
pub struct Track<'a> {
    /// The number a user picks it by (1-based, in order of first appearance).
    pub number: usize,
    /// Where the person was seen: frame position, skeleton and body
    /// extent, in frame order.
    sightings: Vec<(usize, &'a Skeleton, Extent)>,
    /// The person's keypoints, one channel per joint, gathered from the
    /// first `gathered` sightings. The tracker gathers the likeliest
    /// runner as it goes, while the frame is in cache (the frames, hundreds
    /// of bytes a person, are then read once); anyone else is gathered
    /// only if chosen in the end.
    points: Gatherer,
    gathered: usize,
    /// Sum of the sizes seen, for the running guess at the runner.
    size_sum: f64,
    /// Frames in which the person was seen.
    pub frames_seen: usize,
    /// Median body size (diagonal of the keypoints' bounding box).
    pub median_size: f32,
    /// Position of the first frame seen.
    pub first: usize,
    /// Position of the last frame seen.
    pub last: usize,
}

impl Track<'_> {
    /// The person's keypoints over the frame positions `range` (empty
    /// where not seen), with points below the tracker's confidence
    /// threshold already dropped.
    pub fn into_gathered(mut self, range: std::ops::Range<usize>) -> Gathered {
        self.catch_up();
        let from = range.start.saturating_sub(self.first);
        let to = range.end.saturating_sub(self.first);
        self.points.finish(from..to)
    }

    /// Gathers the sightings not gathered yet.
    fn catch_up(&mut self) {
        for &(at, s, _) in &self.sightings[self.gathered..] {
            self.points.push(at - self.first, s);
        }
        self.gathered = self.sightings.len();
    }

    /// How likely this is the runner, so far: frames seen times mean size
    /// (the final choice, [`best`], uses the median).
    fn running_score(&self) -> f64 {
        self.size_sum
    }
}

/// Everyone in the recording, and which track is the runner.
#[derive(Debug, Clone, PartialEq)]
pub struct Tracking<'a> {
    /// Every track with at least one frame.
    pub tracks: Vec<Track<'a>>,
    /// Index into `tracks` of the chosen runner.
    pub chosen: usize,
    /// Frame positions where the chosen track probably swapped people.
    pub switches: Vec<usize>,
    /// Whether the estimator's own IDs were used.
    pub used_estimator_ids: bool,
}

/// Why no runner could be followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackError {
    /// Nobody with at least three keypoints in any frame.
    #[error("no person with at least three keypoints in any of the {frames} frames")]
    Nobody {
        /// Frames in the recording.
        frames: usize,
    },
    /// The person asked for does not exist.
    #[error("there is no person {asked}: the recording has people 1 to {count}")]
    NoSuchPerson {
        /// What was asked for.
        asked: usize,
        /// How many tracks there are.
        count: usize,
    },
}

/// A track not seen for longer than this many frames ends.
const MAX_UNSEEN: usize = 15;
/// A detection joins a track only if its centre is within this many body
/// sizes of the track's last centre.
const MAX_STEP: f32 = 0.5;
/// Between two consecutive frames, a centre jump beyond this many body
/// sizes, or a size change beyond this factor, is an identity switch.
const SWITCH_STEP: f32 = 0.35;
const SWITCH_SIZE: f32 = 1.6;

/// Links `frames` (given on the recording's frame grid: position `i` is
/// frame `i`, `None` where the frame is missing) into tracks and picks the
/// runner: `choose` is a 1-based track number, or `None` for automatic.
/// Each track keeps its keypoints with a confidence of at least
/// `min_score`.
pub fn follow<'a>(
    frames: &[Option<&'a PoseFrame>],
    choose: Option<usize>,
    min_score: f32,
) -> Result<Tracking<'a>, TrackError> {
    let hinted = frames
        .iter()
        .flatten()
        .flat_map(|f| &f.people)
        .all(|d| d.track_hint.is_some());
    let mut tracks = if hinted {
        by_hint(frames, min_score)
    } else {
        by_distance(frames, min_score)
    };
    tracks.retain(|t| t.frames_seen > 0);
    if tracks.is_empty() {
        return Err(TrackError::Nobody {
            frames: frames.len(),
        });
    }
    tracks.sort_by_key(|t| t.first);
    for (i, t) in tracks.iter_mut().enumerate() {
        t.number = i + 1;
    }
    let chosen = match choose {
        Some(n) if n >= 1 && n <= tracks.len() => n - 1,
        Some(n) => {
            return Err(TrackError::NoSuchPerson {
                asked: n,
                count: tracks.len(),
            });
        }
        None => best(&tracks),
    };
    let switches = switches(&tracks[chosen]);
    Ok(Tracking {
        tracks,
        chosen,
        switches,
        used_estimator_ids: hinted,
    })
}

fn best(tracks: &[Track<'_>]) -> usize {
    let score = |t: &Track<'_>| t.frames_seen as f64 * f64::from(t.median_size);
    let mut best = 0;
    for (i, t) in tracks.iter().enumerate() {
        if score(t) > score(&tracks[best]) {
            best = i;
        }
    }
    best
}

/// A track first seen at `at` in a recording of `frames` frames.
fn new_track<'a>(at: usize, frames: usize, min_score: f32) -> Track<'a> {
    Track {
        number: 0,
        sightings: Vec::new(),
        points: Gatherer::new(min_score, frames - at),
        gathered: 0,
        size_sum: 0.0,
        frames_seen: 0,
        median_size: 0.0,
        first: at,
        last: at,
    }
}

fn finish(mut tracks: Vec<Track<'_>>) -> Vec<Track<'_>> {
    for t in &mut tracks {
        let mut sizes: Vec<f32> = t.sightings.iter().map(|s| s.2.size).collect();
        let mid = sizes.len() / 2;
        t.median_size = if sizes.is_empty() {
            0.0
        } else {
            *sizes.select_nth_unstable_by(mid, f32::total_cmp).1
        };
    }
    tracks
}

/// Adds a sighting; frames arrive in order, and a second detection of the
/// same person in one frame replaces the first.
fn put<'a>(t: &mut Track<'a>, at: usize, d: &'a Detection, e: Extent) {
    match t.sightings.last_mut() {
        Some(last) if last.0 == at => {
            t.size_sum += f64::from(e.size) - f64::from(last.2.size);
            *last = (at, &d.skeleton, e);
            if t.gathered == t.sightings.len() {
                // Already gathered: gather the replacement over it.
                t.points.push(at - t.first, &d.skeleton);
            }
        }
        _ => {
            t.size_sum += f64::from(e.size);
            t.sightings.push((at, &d.skeleton, e));
        }
    }
    t.frames_seen = t.sightings.len();
    t.first = t.first.min(at);
    t.last = t.last.max(at);
}

/// Calls `visit` with each frame present, its position and the extent of
/// each of its people.
fn visit_frames<'f>(
    frames: &[Option<&'f PoseFrame>],
    mut visit: impl FnMut(usize, &'f PoseFrame, &[Option<Extent>]),
) {
    let mut extents: Vec<Option<Extent>> = Vec::new();
    for (at, frame) in frames.iter().enumerate() {
        let Some(frame) = frame else { continue };
        extents.clear();
        extents.extend(frame.people.iter().map(|d| extent(&d.skeleton)));
        visit(at, frame, &extents);
    }
}

/// The track most likely to be the runner so far. It is gathered as the
/// frames go by; the others only keep references to their skeletons.
#[derive(Debug, Default)]
struct Leader(Option<usize>);

impl Leader {
    /// After a frame: `touched` lists the tracks seen in it (only their
    /// scores changed much).
    fn update(&mut self, tracks: &mut [Track<'_>], touched: &[usize]) {
        for &t in touched {
            let ahead = match self.0 {
                Some(l) => tracks[t].running_score() > tracks[l].running_score(),
                None => true,
            };
            if ahead {
                self.0 = Some(t);
            }
        }
        if let Some(t) = self.0.and_then(|l| tracks.get_mut(l)) {
            t.catch_up();
        }
    }
}

fn by_hint<'a>(frames: &[Option<&'a PoseFrame>], min_score: f32) -> Vec<Track<'a>> {
    let mut ids: Vec<i64> = Vec::new();
    let mut tracks: Vec<Track<'a>> = Vec::new();
    let mut leader = Leader::default();
    let mut touched: Vec<usize> = Vec::new();
    visit_frames(frames, |at, frame, extents| {
        touched.clear();
        for (d, e) in frame.people.iter().zip(extents) {
            let (Some(id), Some(e)) = (d.track_hint, *e) else {
                continue;
            };
            let slot = match ids.iter().position(|&i| i == id) {
                Some(s) => s,
                None => {
                    ids.push(id);
                    tracks.push(new_track(at, frames.len(), min_score));
                    tracks.len() - 1
                }
            };
            put(&mut tracks[slot], at, d, e);
            touched.push(slot);
        }
        leader.update(&mut tracks, &touched);
    });
    finish(tracks)
}

fn by_distance<'a>(frames: &[Option<&'a PoseFrame>], min_score: f32) -> Vec<Track<'a>> {
    let mut tracks: Vec<Track<'a>> = Vec::new();
    let mut leader = Leader::default();
    let mut touched: Vec<usize> = Vec::new();
    // Last extent of each track, for matching.
    let mut last: Vec<Extent> = Vec::new();
    // Buffers reused from frame to frame.
    let mut dets: Vec<(usize, Extent)> = Vec::new();
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    let mut track_used: Vec<bool> = Vec::new();
    let mut det_used: Vec<bool> = Vec::new();
    visit_frames(frames, |at, frame, extents| {
        touched.clear();
        dets.clear();
        dets.extend(
            extents
                .iter()
                .enumerate()
                .filter_map(|(i, e)| e.map(|e| (i, e))),
        );
        // All candidate pairs, cheapest first.
        pairs.clear();
        for (ti, t) in tracks.iter().enumerate() {
            if at - t.last > MAX_UNSEEN {
                continue;
            }
            let e = last[ti];
            for &(di, d) in &dets {
                let cost = super::norm(d.cx - e.cx, d.cy - e.cy) / e.size.max(d.size);
                let ratio = d.size / e.size;
                if cost <= MAX_STEP && (1.0 / SWITCH_SIZE..=SWITCH_SIZE).contains(&ratio) {
                    pairs.push((cost, ti, di));
                }
            }
        }
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        track_used.clear();
        track_used.resize(tracks.len(), false);
        det_used.clear();
        det_used.resize(frame.people.len(), false);
        for &(_, ti, di) in &pairs {
            if track_used[ti] || det_used[di] {
                continue;
            }
            track_used[ti] = true;
            det_used[di] = true;
            if let Some(&(_, e)) = dets.iter().find(|(i, _)| *i == di) {
                put(&mut tracks[ti], at, &frame.people[di], e);
                last[ti] = e;
                touched.push(ti);
            }
        }
        for &(di, e) in &dets {
            if !det_used[di] {
                let mut t = new_track(at, frames.len(), min_score);
                put(&mut t, at, &frame.people[di], e);
                touched.push(tracks.len());
                tracks.push(t);
                last.push(e);
            }
        }
        leader.update(&mut tracks, &touched);
    });
    finish(tracks)
}

/// Frame positions along a track where consecutive sightings jump.
fn switches(t: &Track<'_>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev: Option<(usize, Extent)> = None;
    for &(at, _, e) in &t.sightings {
        if let Some((pat, p)) = prev {
            let gap = (at - pat) as f32;
            let jump = super::norm(e.cx - p.cx, e.cy - p.cy) / p.size.max(e.size);
            let ratio = e.size / p.size;
            if jump > SWITCH_STEP * gap.min(3.0)
                || !(1.0 / SWITCH_SIZE..=SWITCH_SIZE).contains(&ratio)
            {
                out.push(at);
            }
        }
        prev = Some((at, e));
    }
    out
}
