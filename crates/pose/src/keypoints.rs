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
