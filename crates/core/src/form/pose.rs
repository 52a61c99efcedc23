//! Pose keypoints as the form analysis reads them: one canonical set of
//! joints, whatever estimator wrote the file.
//!
//! Coordinates are 2D in the runner's sagittal view with **y pointing up**
//! (parsers flip image rows). Units are whatever the source gives (pixels,
//! metres): every metric is an angle or a ratio to the runner's own body
//! size, so units cancel. A point that the estimator did not see, or saw
//! with a confidence of zero, is `None`; NaN never travels past a parser.

/// The joints the analysis uses. Layouts with more points (MediaPipe's 33,
/// OpenPose's 25) are mapped onto these; layouts with fewer leave the rest
/// empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum Joint {
    Nose,
    LeftEye,
    RightEye,
    LeftEar,
    RightEar,
    LeftShoulder,
    RightShoulder,
    LeftElbow,
    RightElbow,
    LeftWrist,
    RightWrist,
    LeftHip,
    RightHip,
    LeftKnee,
    RightKnee,
    LeftAnkle,
    RightAnkle,
    LeftHeel,
    RightHeel,
    LeftToe,
    RightToe,
}

impl Joint {
    /// How many joints there are.
    pub const COUNT: usize = 21;

    /// The 17 COCO keypoints in COCO's order (what COCO-17 files, MoveNet
    /// and MMPose list), as joints: our first 17, which follow COCO's order
    /// (the feet's extra points come after).
    pub const COCO17: [Joint; 17] = {
        let mut out = [Joint::Nose; 17];
        let mut i = 0;
        while i < out.len() {
            out[i] = Joint::ALL[i];
            i += 1;
        }
        out
    };

    /// Every joint, in index order.
    pub const ALL: [Joint; Joint::COUNT] = [
        Joint::Nose,
        Joint::LeftEye,
        Joint::RightEye,
        Joint::LeftEar,
        Joint::RightEar,
        Joint::LeftShoulder,
        Joint::RightShoulder,
        Joint::LeftElbow,
        Joint::RightElbow,
        Joint::LeftWrist,
        Joint::RightWrist,
        Joint::LeftHip,
        Joint::RightHip,
        Joint::LeftKnee,
        Joint::RightKnee,
        Joint::LeftAnkle,
        Joint::RightAnkle,
        Joint::LeftHeel,
        Joint::RightHeel,
        Joint::LeftToe,
        Joint::RightToe,
    ];

    /// Position in [`Joint::ALL`] and in a [`Skeleton`]'s array.
    pub fn index(self) -> usize {
        self as usize
    }

    /// A short name for reports (`left-ear`).
    pub fn name(self) -> &'static str {
        match self {
            Joint::Nose => "nose",
            Joint::LeftEye => "left-eye",
            Joint::RightEye => "right-eye",
            Joint::LeftEar => "left-ear",
            Joint::RightEar => "right-ear",
            Joint::LeftShoulder => "left-shoulder",
            Joint::RightShoulder => "right-shoulder",
            Joint::LeftElbow => "left-elbow",
            Joint::RightElbow => "right-elbow",
            Joint::LeftWrist => "left-wrist",
            Joint::RightWrist => "right-wrist",
            Joint::LeftHip => "left-hip",
            Joint::RightHip => "right-hip",
            Joint::LeftKnee => "left-knee",
            Joint::RightKnee => "right-knee",
            Joint::LeftAnkle => "left-ankle",
            Joint::RightAnkle => "right-ankle",
            Joint::LeftHeel => "left-heel",
            Joint::RightHeel => "right-heel",
            Joint::LeftToe => "left-toe",
            Joint::RightToe => "right-toe",
        }
    }
}

/// One keypoint: position (y up) and the estimator's confidence in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keypoint {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position, up positive.
    pub y: f32,
    /// Confidence in 0..=1 (1 where the format has none, e.g. TRC markers).
    pub score: f32,
}

/// One person's joints in one frame, indexed by [`Joint::index`].
pub type Skeleton = [Option<Keypoint>; Joint::COUNT];

/// An empty skeleton.
pub const EMPTY_SKELETON: Skeleton = [None; Joint::COUNT];

/// One detected person in one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// A track or person ID written by the estimator, if it wrote one
    /// (OpenPose writes -1, which parsers turn into `None`).
    pub track_hint: Option<i64>,
    /// The joints.
    pub skeleton: Skeleton,
}

/// Everything an estimator saw in one video frame.
#[derive(Debug, Clone, PartialEq)]
pub struct PoseFrame {
    /// The frame's number in the source (file name or `frame` field);
    /// error messages and reports use it.
    pub number: u64,
    /// Time from the start of the video in seconds, where the file says.
    pub time_s: Option<f64>,
    /// Everyone detected, in the file's order.
    pub people: Vec<Detection>,
}

/// Which keypoint layout the file used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PoseLayout {
    /// OpenPose BODY_25.
    OpenPoseBody25,
    /// OpenPose BODY_25B (Pose2Sim's default model): COCO-17's order, then
    /// upper neck, head top and the same feet as BODY_25.
    OpenPoseBody25B,
    /// OpenPose COCO-18 (with a neck point).
    OpenPoseCoco18,
    /// COCO-17 (MMPose, RTMPose, YOLO-pose).
    Coco17,
    /// HALPE_26: COCO-17's order, then head, neck, mid-hip and six foot
    /// points (RTMPose's body-with-feet model, Sports2D's and Pose2Sim's
    /// default).
    Halpe26,
    /// MediaPipe Pose, 33 landmarks.
    MediaPipe33,
    /// A TRC marker file (Pose2Sim, Sports2D), projected onto the sagittal plane.
    Trc,
}

impl PoseLayout {
    /// The name shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            PoseLayout::OpenPoseBody25 => "OpenPose BODY_25",
            PoseLayout::OpenPoseBody25B => "OpenPose BODY_25B",
            PoseLayout::OpenPoseCoco18 => "OpenPose COCO-18",
            PoseLayout::Coco17 => "COCO-17",
            PoseLayout::Halpe26 => "HALPE_26",
            PoseLayout::MediaPipe33 => "MediaPipe Pose (33 landmarks)",
            PoseLayout::Trc => "TRC markers",
        }
    }
}

/// A decoded keypoint recording: frames in order, and what is known of timing.
#[derive(Debug, Clone, PartialEq)]
pub struct PoseRecording {
    /// The layout of the source.
    pub layout: PoseLayout,
    /// Frames per second from the file, where it says (TRC `DataRate`,
    /// timestamps); `None` when the caller must supply it.
    pub fps: Option<f64>,
    /// The upright picture's size in pixels (width, height), where the
    /// file or the caller says and the coordinates are pixels; the
    /// capture feedback judges the runner's size in the picture by it.
    pub frame_size: Option<(u32, u32)>,
    /// Frames, sorted by `number`.
    pub frames: Vec<PoseFrame>,
    /// Problems that did not stop the decode (a skipped frame, scores
    /// clamped into 0..=1), each naming the frame.
    pub problems: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coco17_is_cocos_keypoint_order() {
        let names: Vec<&str> = Joint::COCO17.iter().map(|j| j.name()).collect();
        assert_eq!(
            names,
            [
                "nose",
                "left-eye",
                "right-eye",
                "left-ear",
                "right-ear",
                "left-shoulder",
                "right-shoulder",
                "left-elbow",
                "right-elbow",
                "left-wrist",
                "right-wrist",
                "left-hip",
                "right-hip",
                "left-knee",
                "right-knee",
                "left-ankle",
                "right-ankle",
            ]
        );
    }
}
