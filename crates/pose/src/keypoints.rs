//! What the estimator gives for one frame: 17 keypoints in COCO order.

/// COCO-17 keypoint names, in the order every [`Pose`] holds them.
pub const COCO17: [&str; 17] = [
    "nose",
    "left_eye",
    "right_eye",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
];

/// One keypoint in the upright picture: pixels from the top-left corner
/// (y grows downwards), and the model's confidence in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Keypoint {
    /// Pixels from the left edge.
    pub x: f32,
    /// Pixels from the top edge.
    pub y: f32,
    /// Confidence, 0..=1.
    pub score: f32,
}

/// The runner's 17 keypoints in one frame, in [`COCO17`] order.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pose {
    /// Keypoints in COCO order.
    pub keypoints: [Keypoint; 17],
}

/// A keypoint at least this confident counts as seen (MoveNet's reference
/// crop rule uses the same cut).
pub const SEEN_SCORE: f32 = 0.2;
/// Below this mean confidence over the 17 points the model found nobody:
/// a frame without a person still gets 17 points, all of them unsure.
pub const PERSON_MEAN_SCORE: f32 = 0.2;

/// COCO-17 indices of the torso's corners.
pub(crate) const LEFT_SHOULDER: usize = 5;
pub(crate) const RIGHT_SHOULDER: usize = 6;
pub(crate) const LEFT_HIP: usize = 11;
pub(crate) const RIGHT_HIP: usize = 12;

impl Pose {
    /// The mean confidence over the 17 points.
    pub fn mean_score(&self) -> f32 {
        self.keypoints.iter().map(|k| k.score).sum::<f32>() / self.keypoints.len() as f32
    }

    /// Whether a shoulder and a hip are both seen.
    pub fn torso_seen(&self) -> bool {
        let seen = |i: usize| self.keypoints[i].score > SEEN_SCORE;
        (seen(LEFT_HIP) || seen(RIGHT_HIP)) && (seen(LEFT_SHOULDER) || seen(RIGHT_SHOULDER))
    }

    /// Whether the model found a person here: confident enough on the whole
    /// and with the torso seen. The tracker counts the runner as lost when
    /// not, and a frame without one has nobody in it for the analysis.
    pub fn shows_a_person(&self) -> bool {
        self.mean_score() >= PERSON_MEAN_SCORE && self.torso_seen()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pose_with(score: f32, torso: f32) -> Pose {
        let mut p = Pose::default();
        for (i, k) in p.keypoints.iter_mut().enumerate() {
            k.score = if [LEFT_SHOULDER, LEFT_HIP].contains(&i) {
                torso
            } else {
                score
            };
        }
        p
    }

    #[test]
    fn a_person_needs_a_confident_whole_and_a_seen_torso() {
        assert!(pose_with(0.6, 0.9).shows_a_person());
        // Confident on the whole, but neither shoulder nor hip seen on the
        // left and the right side missing too.
        let mut no_torso = pose_with(0.6, 0.1);
        no_torso.keypoints[RIGHT_SHOULDER].score = 0.1;
        no_torso.keypoints[RIGHT_HIP].score = 0.1;
        assert!(!no_torso.shows_a_person());
        // A torso guessed at, everything else unsure: what the model gives
        // on a frame with nobody in it.
        assert!(!pose_with(0.12, 0.3).shows_a_person());
        assert!(!Pose::default().shows_a_person());
        assert!((pose_with(0.5, 0.5).mean_score() - 0.5).abs() < 1e-6);
    }
}
