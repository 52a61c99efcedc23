//! Pose keypoint files in: bytes out of a pose estimator, a
//! [`PoseRecording`] (core's canonical joints, y up) out.
//!
//! One entry point, [`decode`], takes a file's name (a hint: the content
//! decides where it can) and bytes, plain or gzipped, and reads:
//!
//! - **OpenPose** `--write_json` frames (`*_keypoints.json`, BODY_25,
//!   BODY_25B or COCO-18): one file is one frame; a folder goes
//!   through [`openpose::decode_files`] or [`openpose::decode_frame`] and
//!   [`openpose::assemble`].
//! - **COCO-17** keypoints from MMPose/RTMPose (the inferencer's video
//!   `.json`, `--save-predictions`' `instance_info`, per-image lists),
//!   YOLO-pose (Ultralytics `tojson()` per frame), AlphaPose and COCO
//!   results files (detections grouped by `image_id`).
//! - **MediaPipe Pose** 33-landmark series in our JSON Lines and CSV
//!   layouts (MediaPipe writes no file itself; docs/pose-inputs.md and the
//!   `mediapipe`/`mediapipe_csv` modules define them).
//! - **TRC** marker files (Pose2Sim, Sports2D), projected onto the side
//!   view.
//!
//! Every detection of every frame is kept, in file order, with any track
//! or person ID as `track_hint`: picking the runner is core's job.
//!
//! **Coordinates.** Image formats have y growing downwards; keypoints come
//! out with y up (`y_up = -y`). MediaPipe's coordinates are fractions of
//! the frame, so its files need the frame size (from the file or
//! [`PoseOptions::frame_size`]; neither is an error). Image-format files
//! whose every coordinate lies within -1..1 look normalised: they are
//! scaled by the frame size where one is known, else a problem says so.
//!
//! **Frame rate.** What the caller passes in [`PoseOptions::fps`] wins (the
//! real rate of a slow-motion video is known only to whoever filmed it);
//! if the file implies a different rate, a problem line says so. Otherwise
//! the file's stated rate (TRC `DataRate`, an `fps` field), else the rate
//! its timestamps imply (`time_s`, `timestamp_ms`, TRC `Time`), else
//! `None`. The frame size follows the same rule.
//!
//! **Missing points.** A confidence of 0, `null`, an empty CSV/TRC cell,
//! NaN or infinity make a point missing, never an error; a file with no
//! usable point at all is [`PoseError::NoPoints`].
//!
//! Code map: `json` reads JSON and JSON Lines and walks their shapes;
//! `openpose`, `coco` and `mediapipe` turn one person's values into a
//! skeleton; `mediapipe_csv` and `trc` read their text formats;
//! `recording` holds what they share (the y flip, score clamping,
//! sorting, layout and frame-rate checks); `gzip` inflates with a cap.
//!
//! ```
//! use backstride_formats::pose::{decode, PoseOptions};
//! use backstride_core::form::pose::{Joint, PoseLayout};
//!
//! let csv = "# image_width=1000 image_height=500\n\
//!            frame,time_s,left_hip_x,left_hip_y,left_hip_visibility\n\
//!            0,0.00,0.5,0.6,0.9\n\
//!            1,0.04,0.5,0.6,0.9\n";
//! let rec = decode("run.csv", csv.as_bytes(), &PoseOptions::default()).unwrap();
//! assert_eq!(rec.layout, PoseLayout::MediaPipe33);
//! assert_eq!(rec.fps, Some(25.0));
//! assert_eq!(rec.frame_size, Some((1000, 500)));
//! let hip = rec.frames[0].people[0].skeleton[Joint::LeftHip.index()].unwrap();
//! assert_eq!((hip.x, hip.y), (500.0, -300.0));
//! ```

mod coco;
mod error;
mod gzip;
mod json;
pub mod mediapipe;
mod mediapipe_csv;
pub mod openpose;
mod recording;
mod trc;

pub use backstride_core::form::pose::PoseRecording;
pub use error::{At, PoseError};

/// What the caller knows about the video that a file may not say.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PoseOptions {
    /// The video's frame size in pixels (width, height): needed for
    /// MediaPipe's normalised coordinates when the file does not say.
    pub frame_size: Option<(u32, u32)>,
    /// Frames per second (`--fps`); wins over the file's rate.
    pub fps: Option<f64>,
}

/// The largest size a gzipped keypoint file may inflate to: 512 MiB, far
/// above an hour of 60 fps video with a few people per frame.
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;

/// Decodes one keypoint file. `name` is the file's name (its extension
/// breaks ties, and an OpenPose file's frame number comes from it).
///
/// ```
/// use backstride_formats::pose::{decode, PoseError, PoseOptions};
/// let err = decode("run.json", b"", &PoseOptions::default()).unwrap_err();
/// assert_eq!(err, PoseError::Empty);
/// ```
pub fn decode(name: &str, bytes: &[u8], opts: &PoseOptions) -> Result<PoseRecording, PoseError> {
    decode_with_limit(name, bytes, opts, MAX_INFLATED_BYTES)
}

/// [`decode`] with a cap on the inflated size of gzipped input.
pub fn decode_with_limit(
    name: &str,
    bytes: &[u8],
    opts: &PoseOptions,
    max_inflated: u64,
) -> Result<PoseRecording, PoseError> {
    check_options(opts)?;
    if gzip::is_gzip(bytes) {
        let inflated = gzip::inflate(bytes, max_inflated)?;
        if gzip::is_gzip(&inflated) {
            return Err(PoseError::NotRecognised {
                detail: "gzip inside gzip".to_string(),
            });
        }
        return decode_plain(gzip::strip_gz(name), &inflated, opts);
    }
    decode_plain(name, bytes, opts)
}

/// Refuses options no video can have.
pub(crate) fn check_options(opts: &PoseOptions) -> Result<(), PoseError> {
    if let Some(fps) = opts.fps
        && !(fps.is_finite() && fps > 0.0)
    {
        return Err(PoseError::BadOption {
            detail: format!("the frame rate must be a positive number, not {fps}"),
        });
    }
    if let Some((w, h)) = opts.frame_size
        && (w == 0 || h == 0)
    {
        return Err(PoseError::BadOption {
            detail: format!("the frame size {w}x{h} has a zero side"),
        });
    }
    Ok(())
}

/// The formats, as sniffed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Json,
    Csv,
    Trc,
}

fn decode_plain(name: &str, bytes: &[u8], opts: &PoseOptions) -> Result<PoseRecording, PoseError> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let Some(start) = body.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Err(PoseError::Empty);
    };
    let head = body.get(start..).unwrap_or_default();
    match sniff(name, head)? {
        Kind::Json => json::decode(name, body, opts),
        Kind::Csv => mediapipe_csv::decode(body, opts),
        Kind::Trc => trc::decode(body, opts),
    }
}

fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The content decides where it can (TRC's `PathFileType`, JSON's opening
/// bracket); the extension decides between the rest.
fn sniff(name: &str, head: &[u8]) -> Result<Kind, PoseError> {
    let starts_trc = head
        .get(..12)
        .is_some_and(|h| h.eq_ignore_ascii_case(b"PathFileType"));
    if starts_trc {
        return Ok(Kind::Trc);
    }
    if matches!(head.first(), Some(b'{' | b'[')) {
        return Ok(Kind::Json);
    }
    match extension(name).as_str() {
        "trc" => return Ok(Kind::Trc),
        "json" | "jsonl" | "ndjson" => return Ok(Kind::Json),
        "csv" => return Ok(Kind::Csv),
        _ => {}
    }
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    if first_line.starts_with(b"#") || first_line.contains(&b',') {
        return Ok(Kind::Csv);
    }
    let shown: String = String::from_utf8_lossy(first_line)
        .chars()
        .take(40)
        .collect();
    Err(PoseError::NotRecognised {
        detail: format!("expected JSON, JSON Lines, CSV or TRC; the file starts with {shown:?}"),
    })
}
