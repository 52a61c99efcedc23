//! Backstride's file formats: bytes in, domain out, and the exports that
//! calendar apps read.
//!
//! - [`activity`]: recorded activities from FIT, GPX and TCX files, plain
//!   or gzipped, and from zip archives (Strava and Garmin exports).
//! - [`ical`]: the plan as an iCalendar feed.
//! - [`pose`]: pose keypoints from OpenPose, MMPose/RTMPose, YOLO-pose,
//!   MediaPipe (our CSV and JSON Lines layouts) and TRC marker files, as
//!   core's canonical joints for the running-form analysis.
//!
//! This crate knows nothing of paths or the terminal: it takes and returns
//! strings and bytes, so the shell decides where they come from and go.
//!
//! ```
//! use backstride_formats::ical;
//! assert!(ical::PRODUCT_ID.contains("Backstride"));
//! ```

pub mod activity;
pub mod ical;
pub mod pose;
