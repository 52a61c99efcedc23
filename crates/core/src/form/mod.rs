//! Running form from pose keypoints (issue 5): a side-view video's
//! keypoints in, posture metrics, their drift with fatigue, and findings
//! tied to the knowledge base out. Pure: no files, no clock.
//!
//! The pipeline, one module a step:
//! [`pose`] (what parsers produce) -> [`track`] (follow one runner) ->
//! [`view`] (facing, near side, side view, body size) -> [`clean`] (drop,
//! fill, [`filter`]) -> [`gait`] (contacts, strides) -> [`measure`] (per
//! stride, definitions in [`metric`]) -> [`summary`] (medians, confidence,
//! early-late drift) -> [`findings`] (rules from `knowledge/form.toml`,
//! loaded by [`rules`]). [`capture`] says how the clip was filmed (side-on,
//! runner size, frame rate, strides, treadmill or overground) before any
//! number. [`analyse`] runs it all; [`sagittal`] turns 3D
//! markers into a side view.

pub mod analyse;
pub mod capture;
pub mod clean;
pub mod filter;
pub mod findings;
pub mod gait;
pub mod measure;
pub mod metric;
pub mod pose;
pub mod rules;
pub mod sagittal;
pub mod summary;
pub mod track;
pub mod view;

pub use analyse::{FormAnalysis, FormError, FormSettings, analyse};
pub use metric::Metric;
pub use rules::FormRules;

/// Length of a 2D vector. Keypoint coordinates are far from overflow, so
/// the plain formula is exact enough and much faster than `hypot`.
pub(crate) fn norm(dx: f32, dy: f32) -> f32 {
    (dx * dx + dy * dy).sqrt()
}
