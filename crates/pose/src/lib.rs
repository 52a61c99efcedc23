//! Pose estimation on video frames: 17 body keypoints (COCO order) per
//! frame, in the upright picture's pixels, each with the model's
//! confidence, so the form analysis can clean up and withhold as it does
//! for keypoint files.
//!
//! The model is MoveNet SinglePose Lightning (Apache-2.0, Google), converted
//! to ONNX (see `model/PROVENANCE.md`) and run by tract on the CPU. A
//! [`Tracker`] follows one runner through a clip.

pub mod crop;
pub mod keypoints;
mod model;
mod tracker;

pub use keypoints::{COCO17, Keypoint, Pose};
pub use tracker::Tracker;

/// Why a pose could not be estimated.
#[derive(Debug, thiserror::Error)]
pub enum PoseError {
    /// The embedded model could not be loaded (a build problem, not input).
    #[error("the pose model could not be loaded: {0}")]
    Model(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The model failed on a frame.
    #[error("the pose model failed on a frame: {0}")]
    Inference(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The frame's planes do not hold what its size promises.
    #[error("the video frame cannot be read: {0}")]
    InvalidFrame(String),
}
