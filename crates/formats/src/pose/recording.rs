//! What every parser shares: a raw point into a [`Keypoint`] (image rows
//! flipped to y up, scores clamped into 0..=1), and [`Recording`], which
//! collects frames and finishes them into a `PoseRecording`: frames sorted
//! and checked for repeats, one layout throughout, normalised coordinates
//! scaled to pixels, the frame rate settled between file and caller, and the
//! "nobody anywhere" errors.

use backstride_core::form::pose::{Detection, Keypoint, PoseFrame, PoseLayout, PoseRecording};

use super::{At, PoseError, PoseOptions};

/// Scores are clamped into 0..=1; this remembers how often and how far, so
/// the recording carries one problem line instead of one per keypoint.
#[derive(Debug, Default)]
pub(crate) struct Scores {
    clamped: u64,
    max: f64,
    first_frame: Option<u64>,
}

impl Scores {
    /// The confidence for a raw score: `None` (a missing point) when it is
    /// not above zero or not finite, at most 1.
    pub(crate) fn score(&mut self, raw: f64, frame: u64) -> Option<f32> {
        if !raw.is_finite() || raw <= 0.0 {
            return None;
        }
        if raw > 1.0 {
            self.clamped += 1;
            if raw > self.max {
                self.max = raw;
            }
            self.first_frame.get_or_insert(frame);
            return Some(1.0);
        }
        let s = raw as f32;
        (s > 0.0).then_some(s)
    }

    fn note(&self, problems: &mut Vec<String>) {
        if let Some(frame) = self.first_frame {
            problems.push(format!(
                "{} keypoint scores above 1 (up to {}) were clamped to 1, the first in frame {frame}",
                self.clamped,
                round3(self.max)
            ));
        }
    }
}

/// An image point (y down) as a keypoint (y up); `None` unless both
/// coordinates are finite as `f32`.
pub(crate) fn image_point(x: f64, y: f64, score: f32) -> Option<Keypoint> {
    let (x, y) = (x as f32, -(y as f32));
    (x.is_finite() && y.is_finite()).then_some(Keypoint { x, y, score })
}

/// Frames as they are read, and what the file said about itself.
#[derive(Debug, Default)]
pub(crate) struct Recording {
    /// The layout, and the frame it was first seen in.
    layout: Option<(PoseLayout, u64)>,
    /// Frames in file order.
    pub(crate) frames: Vec<PoseFrame>,
    /// Problems so far.
    pub(crate) problems: Vec<String>,
    /// Score clamping.
    pub(crate) scores: Scores,
    /// People dropped because none of their points was usable.
    pub(crate) empty_people: u64,
    /// Frame rate stated by the file (TRC `DataRate`, an `fps` field).
    file_fps: Option<f64>,
    /// Frame size stated by the file, and where.
    file_size: Option<((u32, u32), At)>,
}

impl Recording {
    /// Records the layout of a person in `frame`; a second, different
    /// layout is an error.
    pub(crate) fn see_layout(&mut self, layout: PoseLayout, frame: u64) -> Result<(), PoseError> {
        match self.layout {
            None => {
                self.layout = Some((layout, frame));
                Ok(())
            }
            Some((first, _)) if first == layout => Ok(()),
            Some((first, first_frame)) => Err(PoseError::MixedLayouts {
                first,
                first_frame,
                other: layout,
                frame,
            }),
        }
    }

    /// The layout seen so far.
    pub(crate) fn layout(&self) -> Option<PoseLayout> {
        self.layout.map(|(layout, _)| layout)
    }

    /// The score-clamping note, if any, onto `problems`.
    pub(crate) fn note_scores(&self, problems: &mut Vec<String>) {
        self.scores.note(problems);
    }

    /// Adds a person, unless none of its points is usable (then it is
    /// counted, so an all-NaN file can say so).
    pub(crate) fn keep(&mut self, people: &mut Vec<Detection>, person: Detection) {
        if person.skeleton.iter().any(Option::is_some) {
            people.push(person);
        } else {
            self.empty_people += 1;
        }
    }

    /// Notes a frame rate the file states.
    pub(crate) fn note_fps(&mut self, fps: f64, at: At) -> Result<(), PoseError> {
        if !(fps.is_finite() && fps > 0.0) {
            return Err(PoseError::shape(
                at,
                format!("the frame rate {fps} is not a positive number"),
            ));
        }
        if self.file_fps.is_none() {
            self.file_fps = Some(fps);
        }
        Ok(())
    }

    /// Notes a frame size the file states; a second, different one is an
    /// error (a video does not change size).
    pub(crate) fn note_size(&mut self, width: f64, height: f64, at: At) -> Result<(), PoseError> {
        let as_px = |v: f64| {
            (v.is_finite() && v >= 1.0 && v <= f64::from(u32::MAX) && v.fract() == 0.0)
                .then_some(v as u32)
        };
        let (Some(w), Some(h)) = (as_px(width), as_px(height)) else {
            return Err(PoseError::shape(
                at,
                format!("the frame size {width}x{height} is not two whole numbers of pixels"),
            ));
        };
        match self.file_size {
            None => self.file_size = Some(((w, h), at)),
            Some(((fw, fh), first)) if (fw, fh) != (w, h) => {
                return Err(PoseError::shape(
                    at,
                    format!(
                        "the frame size is {w}x{h} here but {fw}x{fh} at {first}; one file must hold one video"
                    ),
                ));
            }
            Some(_) => {}
        }
        Ok(())
    }

    /// Sorts, checks and settles everything into a recording.
    pub(crate) fn finish(mut self, opts: &PoseOptions) -> Result<PoseRecording, PoseError> {
        if self.frames.is_empty() {
            return Err(PoseError::NoFrames);
        }
        self.frames.sort_by_key(|f| f.number);
        if let Some(pair) = self
            .frames
            .windows(2)
            .find(|w| matches!(w, [a, b] if a.number == b.number))
        {
            let number = pair.first().map_or(0, |f| f.number);
            return Err(PoseError::DuplicateFrame {
                number,
                detail: None,
            });
        }
        let frames = self.frames.len();
        let people: usize = self.frames.iter().map(|f| f.people.len()).sum();
        let layout = match self.layout {
            Some((layout, _)) if people > 0 => layout,
            _ if self.empty_people > 0 => return Err(PoseError::NoPoints { frames }),
            _ => return Err(PoseError::NoPeople { frames }),
        };

        if layout == PoseLayout::OpenPoseBody25 && super::openpose::looks_like_body25b(&self.frames)
        {
            return Err(PoseError::UnsupportedLayout {
                detail: "the keypoints look like OpenPose BODY_25B (Pose2Sim's default model: points 1 to 4 are eyes and ears beside the nose), not BODY_25 (neck, right shoulder, elbow, wrist); Backstride does not read BODY_25B yet, and reading it as BODY_25 would swap joints. Pose2Sim's TRC output of the same trial can be read".to_string(),
            });
        }
        self.scale(layout, opts)?;
        let fps = self.fps(opts);
        self.scores.note(&mut self.problems);
        // TRC markers are in metres: no picture to be a share of.
        let frame_size = (layout != PoseLayout::Trc)
            .then(|| opts.frame_size.or(self.file_size.map(|(size, _)| size)))
            .flatten();
        Ok(PoseRecording {
            layout,
            fps,
            frame_size,
            frames: self.frames,
            problems: self.problems,
        })
    }

    /// Scales normalised coordinates to pixels: always for MediaPipe,
    /// and for image layouts whose every point lies within -1..=1 (OpenPose
    /// `--keypoint_scale`, normalised exports) when a size is known.
    fn scale(&mut self, layout: PoseLayout, opts: &PoseOptions) -> Result<(), PoseError> {
        let size = match (opts.frame_size, self.file_size) {
            (Some(given), Some((file, at))) => {
                if given != file {
                    self.problems.push(format!(
                        "the file says the frame is {}x{} ({at}); using the {}x{} passed in",
                        file.0, file.1, given.0, given.1
                    ));
                }
                Some(given)
            }
            (Some(given), None) => Some(given),
            (None, Some((file, _))) => Some(file),
            (None, None) => None,
        };
        match layout {
            PoseLayout::Trc => Ok(()),
            PoseLayout::MediaPipe33 => match size {
                Some(size) => {
                    self.multiply(size);
                    Ok(())
                }
                None => Err(PoseError::MissingFrameSize {
                    format: "MediaPipe Pose",
                }),
            },
            PoseLayout::OpenPoseBody25
            | PoseLayout::OpenPoseBody25B
            | PoseLayout::OpenPoseCoco18
            | PoseLayout::Coco17
            | PoseLayout::Halpe26 => {
                let normalised = self
                    .frames
                    .iter()
                    .flat_map(|f| &f.people)
                    .flat_map(|d| d.skeleton.iter().flatten())
                    .all(|k| k.x.abs() <= 1.0 && k.y.abs() <= 1.0);
                if normalised {
                    match size {
                        Some((w, h)) => {
                            self.multiply((w, h));
                            self.problems.push(format!(
                                "every coordinate lies within -1..1, so they were read as fractions of the {w}x{h} frame"
                            ));
                        }
                        None => self.problems.push(
                            "every coordinate lies within -1..1 and looks normalised to the frame; unless the video is square, pass its frame size so angles are not distorted".to_string(),
                        ),
                    }
                }
                Ok(())
            }
        }
    }

    /// Scales every point by the frame size; a point that overflows
    /// `f32` on the way becomes missing, so no infinity leaves the parser.
    fn multiply(&mut self, (w, h): (u32, u32)) {
        let (w, h) = (w as f32, h as f32);
        for slot in self
            .frames
            .iter_mut()
            .flat_map(|f| f.people.iter_mut())
            .flat_map(|d| d.skeleton.iter_mut())
        {
            *slot = slot.and_then(|k| {
                let (x, y) = (k.x * w, k.y * h);
                (x.is_finite() && y.is_finite()).then_some(Keypoint { x, y, ..k })
            });
        }
    }

    /// The frame rate: the caller's if given (a slow-motion video's real
    /// rate is known only to the person who filmed it), else the file's
    /// stated rate, else the one its timestamps imply.
    fn fps(&mut self, opts: &PoseOptions) -> Option<f64> {
        let file = self.file_fps.or_else(|| fps_from_times(&self.frames));
        match (opts.fps, file) {
            (Some(given), Some(file)) => {
                if (given - file).abs() > 0.005 * file {
                    self.problems.push(format!(
                        "the file implies {} frames per second; using the {} passed in",
                        round3(file),
                        round3(given)
                    ));
                }
                Some(given)
            }
            (Some(given), None) => Some(given),
            (None, file) => file,
        }
    }
}

/// Frame rates videos are made at; a rate from timestamps within 0.02 %
/// of one of them is taken to be it (timestamps are rounded when written).
const COMMON_RATES: [f64; 16] = [
    23.976, 24.0, 25.0, 29.97, 30.0, 47.952, 48.0, 50.0, 59.94, 60.0, 90.0, 100.0, 119.88, 120.0,
    239.76, 240.0,
];

/// Frames per second from the frames' times (sorted by number): frame
/// numbers spanned over seconds spanned, first to last timed frame, so
/// skipped frames do not bend it and rounded timestamps average out.
pub(crate) fn fps_from_times(frames: &[PoseFrame]) -> Option<f64> {
    let timed = |f: &PoseFrame| f.time_s.filter(|t| t.is_finite()).map(|t| (f.number, t));
    let (n0, t0) = frames.iter().find_map(timed)?;
    let (n1, t1) = frames.iter().rev().find_map(timed)?;
    let frames_spanned = n1.checked_sub(n0).filter(|d| *d > 0)? as f64;
    let seconds = t1 - t0;
    if !(seconds.is_finite() && seconds > 0.0) {
        return None;
    }
    let fps = frames_spanned / seconds;
    if !(fps.is_finite() && fps > 0.0) {
        return None;
    }
    let snapped = COMMON_RATES
        .iter()
        .copied()
        .find(|rate| ((fps - rate) / rate).abs() < 2e-4);
    Some(snapped.unwrap_or_else(|| round3(fps)))
}

/// Rounds to three decimals (29.97, not 29.970029970029969).
pub(crate) fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}
