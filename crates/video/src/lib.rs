//! Video in: a phone's MP4 or MOV file, decoded frame by frame into
//! [`Frame`]s (planar YUV 4:2:0 as the decoder gives them, with the
//! container's presentation time and the rotation the phone recorded).
//!
//! Frames are streamed: a reader holds one decoded picture at a time, so a
//! ten-minute 4K clip never sits in memory.

pub mod frame;

pub use frame::{Frame, Rotation};
