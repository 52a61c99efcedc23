//! Pose estimation on video frames: 17 body keypoints (COCO order) per
//! frame, in the upright picture's pixels, each with the model's
//! confidence, so the form analysis can clean up and withhold as it does
//! for keypoint files.

pub mod keypoints;

pub use keypoints::{COCO17, Keypoint, Pose};
