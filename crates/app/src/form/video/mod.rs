//! From a phone video to the keypoints the form analysis reads: frames
//! decoded on their own thread into a small bounded channel (decoding and
//! pose estimation overlap, and only a few frames exist at once), each
//! frame's pose turned into core's COCO-17 joints with y up, the frame
//! rate, times and picture size taken from the container, and a thinned
//! set of small frames kept for the report's snapshots ([`snapshot`]).
//! [`keypoints_out`] writes the keypoints as a COCO-17 JSON file.
//!
//! The decoder and the pose model are plugged in at one place,
//! [`analyse_video_file`]; everything else is generic over a frame source
//! and an estimator, so it is also tested with synthetic frames and a
//! test-double estimator.

pub mod keypoints_out;
pub mod snapshot;

use std::fmt::Display;
use std::path::Path;
use std::sync::mpsc;

use anyhow::Result;
use backstride_core::form::pose::{
    Detection, EMPTY_SKELETON, Joint, Keypoint, PoseFrame, PoseLayout, PoseRecording, Skeleton,
};
use backstride_pose::Pose;
use backstride_video::Frame;

use crate::commands::UserError;

/// Frames decoded ahead of the estimator: enough to keep both busy, few
/// enough that a 4K clip holds only a handful of pictures in memory.
pub const DECODE_AHEAD: usize = 4;

/// The most small frames kept for snapshots at once; when more would be
/// kept, every second one is let go and the spacing doubles.
pub const KEPT_FRAMES: usize = 32;

/// The longer side of a kept frame, in pixels.
pub const SNAPSHOT_SIDE: u32 = 480;

/// What the container says about a video, as the pipeline needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoMeta {
    /// The upright picture's width in pixels (after the phone's rotation).
    pub width: u32,
    /// The upright picture's height in pixels.
    pub height: u32,
    /// Frames per second.
    pub fps: f64,
    /// Frames in the track, where known (for progress).
    pub frame_count: Option<u64>,
    /// The codec, for the report ("H.264").
    pub codec: String,
}

/// A small upright copy of one frame, kept for a snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptFrame {
    /// The frame's index in the video.
    pub index: u64,
    /// Its presentation time, seconds from the first frame.
    pub time_s: f64,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Packed RGB rows.
    pub rgb: Vec<u8>,
}

/// A video's keypoints and what was kept for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoKeypoints {
    /// The keypoints, one runner a frame, COCO-17 with y up, in the
    /// upright picture's pixels.
    pub recording: PoseRecording,
    /// The container's facts.
    pub meta: VideoMeta,
    /// Small frames for snapshots, in index order.
    pub kept: Vec<KeptFrame>,
}

/// One video clip, measured into keypoints.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoClip {
    /// The file, as given.
    pub source: String,
    /// Its keypoints and kept frames.
    pub keypoints: VideoKeypoints,
}

/// Why a video could not become keypoints.
#[derive(Debug, thiserror::Error)]
pub enum VideoPipelineError {
    /// The decoder failed at a frame.
    #[error("cannot decode frame {frame}: {message}")]
    Decode {
        /// Frames read before the failure.
        frame: u64,
        /// The decoder's words.
        message: String,
    },
    /// The estimator failed on a frame.
    #[error("the pose estimator failed on frame {frame}: {message}")]
    Estimate {
        /// The frame's index.
        frame: u64,
        /// The estimator's words.
        message: String,
    },
    /// Not a single frame.
    #[error("the video holds no frames")]
    NoFrames,
    /// A frame rate no video has.
    #[error("the video's frame rate {0} is not a positive number")]
    BadFrameRate(f64),
}

/// One pose as core's skeleton: COCO-17 onto joints, image rows flipped
/// to y up, a point with no confidence (0, or not a number) missing.
pub fn skeleton_of(pose: &Pose) -> Skeleton {
    let mut s = EMPTY_SKELETON;
    for (k, joint) in pose.keypoints.iter().zip(Joint::COCO17) {
        let (x, y) = (k.x, -k.y);
        if k.score.is_finite() && k.score > 0.0 && x.is_finite() && y.is_finite() {
            s[joint.index()] = Some(Keypoint {
                x,
                y,
                score: k.score.min(1.0),
            });
        }
    }
    s
}

/// Keeps every `step`-th frame, doubling `step` when too many are kept,
/// so that whatever the clip's length at most [`KEPT_FRAMES`] small frames
/// are held, spread over the whole clip.
#[derive(Debug)]
struct Keeper {
    step: u64,
    kept: Vec<KeptFrame>,
}

impl Keeper {
    fn new() -> Self {
        Keeper {
            step: 1,
            kept: Vec::new(),
        }
    }

    fn offer(&mut self, frame: &Frame) {
        if !frame.index.is_multiple_of(self.step) {
            return;
        }
        let (width, height, rgb) = frame.upright_rgb(SNAPSHOT_SIDE);
        self.kept.push(KeptFrame {
            index: frame.index,
            time_s: frame.time_s,
            width,
            height,
            rgb,
        });
        while self.kept.len() > KEPT_FRAMES {
            self.step *= 2;
            let step = self.step;
            self.kept.retain(|k| k.index.is_multiple_of(step));
        }
    }
}

/// Runs `estimate` over every frame of `frames` (decoded on a thread of
/// its own, at most [`DECODE_AHEAD`] frames ahead) and gathers the
/// recording. `progress` hears (frames done, frames in the clip where
/// known) after each frame.
pub fn keypoints_from_video<I, DE, F, EE>(
    frames: I,
    meta: &VideoMeta,
    mut estimate: F,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<VideoKeypoints, VideoPipelineError>
where
    I: Iterator<Item = Result<Frame, DE>> + Send,
    DE: Display,
    F: FnMut(&Frame) -> Result<Pose, EE>,
    EE: Display,
{
    if !(meta.fps.is_finite() && meta.fps > 0.0) {
        return Err(VideoPipelineError::BadFrameRate(meta.fps));
    }
    let mut out = Vec::with_capacity(meta.frame_count.unwrap_or(0).min(1 << 20) as usize);
    let mut keeper = Keeper::new();
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Result<Frame, VideoPipelineError>>(DECODE_AHEAD);
        scope.spawn(move || {
            for (read, item) in frames.enumerate() {
                let sent = match item {
                    Ok(frame) => tx.send(Ok(frame)),
                    Err(e) => {
                        let _ = tx.send(Err(VideoPipelineError::Decode {
                            frame: read as u64,
                            message: e.to_string(),
                        }));
                        return;
                    }
                };
                if sent.is_err() {
                    // The estimator stopped (an error): stop decoding.
                    return;
                }
            }
        });
        let mut done = 0u64;
        for item in rx {
            let frame = item?;
            let pose = estimate(&frame).map_err(|e| VideoPipelineError::Estimate {
                frame: frame.index,
                message: e.to_string(),
            })?;
            // A frame where the model found nobody (it still gives 17
            // unsure points) has nobody in it: passing those points on
            // would make every lost stretch look like another person.
            let skeleton = skeleton_of(&pose);
            let people = if pose.shows_a_person() && skeleton.iter().any(Option::is_some) {
                vec![Detection {
                    track_hint: None,
                    skeleton,
                }]
            } else {
                Vec::new()
            };
            out.push(PoseFrame {
                number: frame.index,
                time_s: Some(frame.time_s),
                people,
            });
            keeper.offer(&frame);
            done += 1;
            progress(done, meta.frame_count);
        }
        Ok::<(), VideoPipelineError>(())
    })?;
    if out.is_empty() {
        return Err(VideoPipelineError::NoFrames);
    }
    out.sort_by_key(|f| f.number);
    Ok(VideoKeypoints {
        recording: PoseRecording {
            layout: PoseLayout::Coco17,
            fps: Some(meta.fps),
            frame_size: Some((meta.width, meta.height)),
            frames: out,
            problems: Vec::new(),
        },
        meta: meta.clone(),
        kept: keeper.kept,
    })
}

/// How a video is analysed (what the runner may set).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct VideoOptions {
    /// Frames per second, when the runner knows better than the container
    /// (a slow-motion clip played back at normal speed).
    pub fps: Option<f64>,
}

/// Decodes one video file and runs the pose model on every frame,
/// reporting progress: the one place that knows the real decoder
/// (`backstride_video`) and model (`backstride_pose`); everything around
/// it (the pipeline, the report, the snapshots, `--keypoints-out`) is
/// generic and tested with synthetic frames too. A frame rate given by
/// the runner (a slow-motion clip the phone stored at playback speed)
/// stretches the container's times to match.
pub fn analyse_video_file(
    path: &Path,
    opts: &VideoOptions,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<VideoClip> {
    let reader =
        backstride_video::open(path).map_err(|e| UserError(format!("{}: {e}", path.display())))?;
    let info = reader.info().clone();
    let (width, height) = info.rotation.upright_size(info.width, info.height);
    let fps = opts.fps.unwrap_or(info.fps);
    let stretch = if info.fps > 0.0 { info.fps / fps } else { 1.0 };
    let meta = VideoMeta {
        width,
        height,
        fps,
        frame_count: Some(info.frame_count),
        codec: codec_name(&info.codec),
    };
    // The bundled model failing to start is our fault, not the runner's:
    // not a UserError.
    let mut tracker = backstride_pose::Tracker::new()?;
    let frames = reader.map(move |frame| {
        frame.map(|mut f| {
            f.time_s *= stretch;
            f
        })
    });
    let keypoints = keypoints_from_video(frames, &meta, |f| tracker.track(f), progress)
        .map_err(|e| named(path, e))?;
    Ok(VideoClip {
        source: path.display().to_string(),
        keypoints,
    })
}

/// A codec's sample-entry code in words.
fn codec_name(fourcc: &str) -> String {
    match fourcc {
        "avc1" | "avc3" => "H.264".to_owned(),
        "hvc1" | "hev1" => "HEVC".to_owned(),
        "vp09" => "VP9".to_owned(),
        "av01" => "AV1".to_owned(),
        other => other.to_owned(),
    }
}

/// A pipeline error as the runner's message, naming the file.
pub fn named(path: &Path, e: VideoPipelineError) -> UserError {
    UserError(format!("{}: {e}", path.display()))
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod web_tests;
