//! `PoseError`: why a keypoint file could not be read at all. Every message
//! names where (frame number, line or list entry) and what was wrong, so the
//! shell can print it as it is. Problems that still leave a recording travel
//! in `PoseRecording::problems` instead.

use std::fmt;

use backstride_core::form::pose::PoseLayout;

/// Where in a file a problem sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A frame, by the number the file gives it.
    Frame(u64),
    /// A 1-based line of a text file.
    Line(u64),
    /// A frame that starts on a given line (JSON Lines).
    FrameOnLine {
        /// The frame's number.
        frame: u64,
        /// The 1-based line.
        line: u64,
    },
    /// A 0-based entry of a JSON list whose frame is not known yet.
    Entry(usize),
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Frame(n) => write!(f, "frame {n}"),
            At::Line(n) => write!(f, "line {n}"),
            At::FrameOnLine { frame, line } => write!(f, "frame {frame} (line {line})"),
            At::Entry(n) => write!(f, "list entry {n}"),
        }
    }
}

/// Why a pose keypoint file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PoseError {
    /// Zero bytes, or only whitespace.
    #[error("the file is empty")]
    Empty,

    /// The content is none of the formats read here.
    #[error("not a pose keypoint file: {detail}")]
    NotRecognised {
        /// What was seen instead.
        detail: String,
    },

    /// Text that does not parse as JSON.
    #[error("not valid JSON at line {line}, column {column}: {detail}")]
    Json {
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: u64,
        /// The parser's message.
        detail: String,
    },

    /// Valid JSON (or CSV) whose structure is not what the format needs.
    #[error("{at}: {detail}")]
    Shape {
        /// Where.
        at: At,
        /// What is wrong.
        detail: String,
    },

    /// A person whose keypoint count fits no layout read here.
    #[error("person {person} in frame {frame} has {found}; {expected}")]
    Layout {
        /// The frame's number.
        frame: u64,
        /// 1-based position of the person in the frame.
        person: usize,
        /// What was found (`20 numbers`, `26 keypoints`).
        found: String,
        /// What the layouts need, and what the count looks like.
        expected: String,
    },

    /// A layout recognised, but not one read here.
    #[error("unsupported layout: {detail}")]
    UnsupportedLayout {
        /// Which layout it looks like, and what to do.
        detail: String,
    },

    /// Frames (or people) in different layouts in one recording.
    #[error("mixed keypoint layouts: {}", mixed(*.first, *.first_frame, *.other, *.frame))]
    MixedLayouts {
        /// The layout seen first.
        first: PoseLayout,
        /// Where it was seen.
        first_frame: u64,
        /// The other layout.
        other: PoseLayout,
        /// Where that was seen.
        frame: u64,
    },

    /// Two frames with the same number (two videos' files mixed, say).
    #[error("frame {number} appears twice{}", where_note(.detail))]
    DuplicateFrame {
        /// The repeated number.
        number: u64,
        /// The files or lines involved, where known.
        detail: Option<String>,
    },

    /// Nothing that could be a frame.
    #[error("the file holds no frames")]
    NoFrames,

    /// Frames, but nobody in any of them.
    #[error("no person detected in any of the {frames} frames")]
    NoPeople {
        /// How many frames there were.
        frames: usize,
    },

    /// People, but every coordinate missing, NaN or infinite.
    #[error(
        "none of the {frames} frames has a usable point: every coordinate is missing, NaN or infinite"
    )]
    NoPoints {
        /// How many frames there were.
        frames: usize,
    },

    /// Normalised coordinates (MediaPipe) with no frame size to scale them.
    #[error(
        "{format} coordinates are fractions of the video frame (0..1), so angles need the frame's size in pixels: add image_width and image_height to the file, or pass the video's frame size (for example 1920x1080)"
    )]
    MissingFrameSize {
        /// The format (`MediaPipe Pose`).
        format: &'static str,
    },

    /// A CSV file that cannot be read.
    #[error("CSV error at line {line}: {detail}")]
    Csv {
        /// 1-based line.
        line: u64,
        /// What is wrong.
        detail: String,
    },

    /// A TRC file that cannot be read.
    #[error("TRC error at line {line}: {detail}")]
    Trc {
        /// 1-based line.
        line: u64,
        /// What is wrong.
        detail: String,
    },

    /// gzip data that does not inflate.
    #[error("corrupt gzip data: {detail}")]
    Gzip {
        /// The inflater's message.
        detail: String,
    },

    /// Decompressed data past the cap.
    #[error("decompressed size exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The cap, bytes.
        limit: u64,
    },

    /// An option the caller passed that cannot be used.
    #[error("invalid option: {detail}")]
    BadOption {
        /// What is wrong with it.
        detail: String,
    },

    /// An error in one file of several (a folder of OpenPose frames).
    #[error("{name}: {source}")]
    InFile {
        /// The file's name.
        name: String,
        /// What went wrong in it.
        source: Box<PoseError>,
    },
}

/// Where two layouts met: two frames, or two people in one frame.
fn mixed(first: PoseLayout, first_frame: u64, other: PoseLayout, frame: u64) -> String {
    if first_frame == frame {
        format!(
            "frame {frame} has people in {} and in {}",
            first.name(),
            other.name()
        )
    } else {
        format!(
            "frame {first_frame} is {} but frame {frame} is {}",
            first.name(),
            other.name()
        )
    }
}

fn where_note(detail: &Option<String>) -> String {
    match detail {
        Some(d) => format!(" ({d})"),
        None => String::new(),
    }
}

impl PoseError {
    pub(crate) fn shape(at: At, detail: impl Into<String>) -> Self {
        PoseError::Shape {
            at,
            detail: detail.into(),
        }
    }
}
