//! Following one runner through a clip: each frame's crop comes from the
//! previous frame's keypoints (MoveNet's crop tracking), the first frame is
//! run a few times so its crop settles on the body, and a runner the model
//! has lost is looked for first near where they were last seen, then in the
//! whole picture.

use backstride_video::Frame;

use crate::PoseError;
use crate::crop::{Crop, INPUT_SIDE, check_frame, sample_rgb};
use crate::keypoints::{
    Keypoint, LEFT_HIP, LEFT_SHOULDER, Pose, RIGHT_HIP, RIGHT_SHOULDER, SEEN_SCORE,
};
use crate::model::Movenet;

/// Extra runs on a frame where the runner was just found (the first frame
/// or a re-acquisition), each on the crop the previous run suggests: from
/// the whole picture the body is small and the first keypoints are rough.
const SETTLE_RUNS: usize = 2;
/// How much larger than the last good crop the look near the last known
/// position is, so a runner who moved while lost is still inside it.
const NEAR_LOOK_GROWTH: f32 = 1.5;

/// Where the tracker stands between frames.
#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// No frame seen since the start or the last reset.
    Fresh,
    /// The runner was found; the next frame looks in this crop.
    Tracking(Crop),
    /// The runner was lost; `Some` holds the last crop they were seen in.
    Lost(Option<Crop>),
}

/// Pose estimation over the frames of one clip, following one runner.
/// Holds the loaded model; create it once and [`reset`](Tracker::reset) it
/// between clips.
#[derive(Debug)]
pub struct Tracker {
    model: Movenet,
    input: Vec<i32>,
    state: State,
    runs: u64,
}

impl Tracker {
    /// Load the embedded MoveNet Lightning model (nothing is read from disk
    /// or the network).
    pub fn new() -> Result<Tracker, PoseError> {
        Ok(Tracker {
            model: Movenet::load()?,
            input: vec![0; INPUT_SIDE * INPUT_SIDE * 3],
            state: State::Fresh,
            runs: 0,
        })
    }

    /// Start a new clip: the next frame is treated as a first frame.
    pub fn reset(&mut self) {
        self.state = State::Fresh;
    }

    /// How many times the model has run since this tracker was made (one a
    /// frame while tracking, more on first frames and re-acquisitions).
    pub fn model_runs(&self) -> u64 {
        self.runs
    }

    /// The keypoints of the runner in the next frame of the clip, in the
    /// frame's upright pixels (y down), each with the model's confidence.
    /// When nobody is found the pose still comes back, with low scores.
    pub fn track(&mut self, frame: &Frame) -> Result<Pose, PoseError> {
        if let Some(problem) = check_frame(frame) {
            return Err(PoseError::InvalidFrame(problem));
        }
        let (w, h) = frame.upright_size();
        let estimate = match self.state {
            State::Tracking(crop) => {
                let e = self.run(frame, &crop)?;
                if !e.shows_a_person() {
                    self.acquire(frame, Some(crop))?
                } else {
                    self.state = State::Tracking(next_crop(&e, w, h));
                    e
                }
            }
            State::Fresh => self.acquire(frame, None)?,
            State::Lost(last) => self.acquire(frame, last)?,
        };
        Ok(estimate)
    }

    /// Look for the runner afresh: near `last` (the crop they were last
    /// seen in) first, so a bystander elsewhere is not picked up while the
    /// runner is still close by, then in the whole picture. A find is run
    /// again on its own crop until it settles.
    fn acquire(&mut self, frame: &Frame, last: Option<Crop>) -> Result<Pose, PoseError> {
        let (w, h) = frame.upright_size();
        let whole = Crop::whole(w, h);
        let mut looks = Vec::with_capacity(2);
        if let Some(last) = last {
            let (cx, cy) = last.centre();
            let side = (last.side * NEAR_LOOK_GROWTH).min(whole.side);
            looks.push(Crop::centred(cx, cy, side));
        }
        looks.push(whole);
        let mut best: Option<Pose> = None;
        for look in looks {
            let found = self.run(frame, &look)?;
            if found.shows_a_person() {
                let mut e = found;
                for _ in 0..SETTLE_RUNS {
                    let again = self.run(frame, &next_crop(&e, w, h))?;
                    if !again.shows_a_person() {
                        break;
                    }
                    e = again;
                }
                self.state = State::Tracking(next_crop(&e, w, h));
                return Ok(e);
            }
            if best.is_none_or(|b| found.mean_score() > b.mean_score()) {
                best = Some(found);
            }
        }
        self.state = State::Lost(last);
        best.ok_or_else(|| PoseError::Inference("no crop was tried".into()))
    }

    /// One model run on `crop`, mapped back to the upright picture.
    fn run(&mut self, frame: &Frame, crop: &Crop) -> Result<Pose, PoseError> {
        sample_rgb(frame, crop, &mut self.input);
        let raw = self.model.run(&self.input)?;
        self.runs += 1;
        let mut pose = Pose::default();
        for (k, r) in pose.keypoints.iter_mut().zip(raw) {
            let (x, y) = crop.to_picture(r.u, r.v);
            *k = Keypoint {
                x,
                y,
                score: r.score,
            };
        }
        Ok(pose)
    }
}

/// The crop for the next frame from this frame's keypoints, after MoveNet's
/// reference rule: centred on the hips, reaching 1.9 torso extents or 1.2
/// body extents from there (whichever is larger), no further than the
/// farthest picture edge; the whole picture when the torso is not seen or
/// the square would be wider than the picture's longer side.
fn next_crop(pose: &Pose, width: u32, height: u32) -> Crop {
    let whole = Crop::whole(width, height);
    if !pose.torso_seen() {
        return whole;
    }
    let k = &pose.keypoints;
    let cx = (k[LEFT_HIP].x + k[RIGHT_HIP].x) / 2.0;
    let cy = (k[LEFT_HIP].y + k[RIGHT_HIP].y) / 2.0;
    let reach = |p: &Keypoint| ((p.x - cx).abs(), (p.y - cy).abs());
    let mut torso: f32 = 0.0;
    for i in [LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP] {
        let (dx, dy) = reach(&k[i]);
        torso = torso.max(dx).max(dy);
    }
    let mut body: f32 = 0.0;
    for p in k.iter().filter(|p| p.score > SEEN_SCORE) {
        let (dx, dy) = reach(p);
        body = body.max(dx).max(dy);
    }
    let (w, h) = (width as f32, height as f32);
    let farthest_edge = cx.max(w - cx).max(cy).max(h - cy);
    let half = (torso * 1.9).max(body * 1.2).min(farthest_edge);
    if !half.is_finite() || half > w.max(h) / 2.0 || half < 4.0 {
        return whole;
    }
    Crop::centred(cx, cy, 2.0 * half)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pose_with(points: &[(usize, f32, f32, f32)]) -> Pose {
        let mut pose = Pose::default();
        for &(i, x, y, s) in points {
            pose.keypoints[i] = Keypoint { x, y, score: s };
        }
        pose
    }

    #[test]
    fn the_next_crop_centres_on_the_hips_and_holds_the_body() {
        // A standing runner in a 1280x720 picture: shoulders 100 px above
        // the hips, ankles 200 px below.
        let pose = pose_with(&[
            (LEFT_SHOULDER, 630.0, 300.0, 0.9),
            (RIGHT_SHOULDER, 650.0, 300.0, 0.9),
            (LEFT_HIP, 630.0, 400.0, 0.9),
            (RIGHT_HIP, 650.0, 400.0, 0.9),
            (15, 620.0, 600.0, 0.8),
            (16, 660.0, 600.0, 0.8),
        ]);
        let c = next_crop(&pose, 1280, 720);
        assert_eq!(c.centre(), (640.0, 400.0));
        // Body reach 200 * 1.2 beats torso reach 100 * 1.9.
        assert!((c.side - 480.0).abs() < 1e-3, "{c:?}");
    }

    #[test]
    fn without_a_torso_the_next_crop_is_the_whole_picture() {
        let pose = pose_with(&[(LEFT_HIP, 100.0, 100.0, 0.9), (0, 100.0, 50.0, 0.9)]);
        assert_eq!(next_crop(&pose, 640, 480), Crop::whole(640, 480));
        assert!(!pose.torso_seen());
    }

    #[test]
    fn a_body_larger_than_the_picture_gets_the_whole_picture() {
        let pose = pose_with(&[
            (LEFT_SHOULDER, 300.0, 10.0, 0.9),
            (LEFT_HIP, 300.0, 400.0, 0.9),
            (RIGHT_HIP, 300.0, 400.0, 0.9),
        ]);
        assert_eq!(next_crop(&pose, 640, 480), Crop::whole(640, 480));
    }
}
