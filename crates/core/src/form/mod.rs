//! Running form from pose keypoints (issue 5): a side-view video's
//! keypoints in, posture metrics, their drift with fatigue, and findings
//! tied to the knowledge base out.
//!
//! - [`pose`]: the canonical joints and frames every parser produces.
//! - [`sagittal`]: 3D markers onto the side view.

pub mod pose;
pub mod sagittal;
