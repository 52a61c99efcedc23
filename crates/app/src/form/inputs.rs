//! Reading keypoint files and folders into recordings, one clip each, in
//! the order given ([`is_video`] tells the MP4/MOV files that go the video
//! path instead, `crate::form::video`). A folder of OpenPose frame files (`*_keypoints.json`,
//! or numbered `.json` OpenPose frames as Pose2Sim names them) is one
//! clip; any other folder holds clips as files, taken in name order. Every error names the file (and the frame, where the parser
//! knows it).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;
use backstride_core::form::pose::PoseRecording;
use backstride_formats::pose::{PoseOptions, decode, openpose};

use crate::commands::UserError;

/// One clip and where it came from.
#[derive(Debug)]
pub struct Clip {
    /// The file or folder, as given.
    pub source: String,
    /// What was read.
    pub recording: PoseRecording,
}

/// File names that hold keypoints (besides OpenPose frame files).
fn is_pose_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    [".json", ".jsonl", ".ndjson", ".csv", ".trc"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// What a file that cannot hold keypoints is, from its first bytes: a
/// video, a photo, or some other binary file. `None` for text (and gzip,
/// which the decoders open), so the pose decoders read it.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    if at(4, b"ftyp") {
        let brand = head.get(8..12).unwrap_or_default();
        return Some(match brand {
            b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"msf1" => "a photo (HEIC)",
            b"avif" | b"avis" => "a photo (AVIF)",
            b"qt  " => "a video (QuickTime MOV)",
            _ => "a video (MP4)",
        });
    }
    if at(0, &[0xFF, 0xD8, 0xFF]) {
        return Some("a photo (JPEG)");
    }
    if at(0, b"\x89PNG") {
        return Some("an image (PNG)");
    }
    if at(0, b"GIF8") {
        return Some("an image (GIF)");
    }
    if at(0, b"RIFF") && at(8, b"WEBP") {
        return Some("an image (WebP)");
    }
    if at(0, b"RIFF") && at(8, b"AVI ") {
        return Some("a video (AVI)");
    }
    if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        return Some("a video (Matroska/WebM)");
    }
    if at(0, &[0x1F, 0x8B]) {
        return None;
    }
    head.contains(&0).then_some("a binary file")
}

/// Whether `path` is a file whose first bytes say it is an MP4 or MOV
/// video (the video path reads those; other videos are refused as not
/// keypoints).
pub fn is_video(path: &Path) -> bool {
    matches!(
        what_is(path),
        Some("a video (MP4)" | "a video (QuickTime MOV)")
    )
}

/// What [`sniff`] makes of a file's first bytes; `None` for text, gzip,
/// or a file that cannot be read.
pub fn what_is(path: &Path) -> Option<&'static str> {
    use std::io::Read;
    let mut head = Vec::with_capacity(64);
    fs::File::open(path)
        .and_then(|f| f.take(64).read_to_end(&mut head))
        .ok()?;
    sniff(&head)
}

/// Refuses a file whose first bytes say it is a video or a photo, before
/// its size is checked (a long video is still called a video); other
/// binary data is refused by [`read`] once the size passed the cap.
fn refuse_video_or_photo(path: &Path) -> Result<(), UserError> {
    use std::io::Read;
    let mut head = Vec::with_capacity(512);
    let opened = fs::File::open(path).and_then(|f| f.take(512).read_to_end(&mut head));
    if opened.is_err() {
        // Reading it again reports the problem with its usual wording.
        return Ok(());
    }
    let Some(what) = sniff(&head) else {
        return Ok(());
    };
    if what.starts_with("a binary") {
        return Ok(());
    }
    Err(not_keypoints(path, what))
}

/// What to say about a file that is `what` instead of keypoints.
fn not_keypoints(path: &Path, what: &str) -> UserError {
    let todo = if what.starts_with("a video") {
        "run a pose estimator (OpenPose, MediaPipe, MMPose...) on the video first and give its keypoint file"
    } else if what.starts_with("a binary") {
        "give the keypoint file a pose estimator wrote (OpenPose or COCO .json, MediaPipe .jsonl/.csv, .trc)"
    } else {
        "film a run from the side and run a pose estimator on the video first; a single picture cannot show form over a run"
    };
    UserError(format!(
        "{}: this is {what}, not pose keypoints. Backstride reads pose keypoints (see docs/form.md): {todo}",
        path.display()
    ))
}

fn read(path: &Path) -> Result<Vec<u8>, UserError> {
    refuse_video_or_photo(path)?;
    let bytes = crate::limits::read(path, crate::limits::POSE_FILE_BYTES, "a keypoint file")
        .map_err(|e| UserError(format!("{}: {e}", path.display())))?;
    match sniff(&bytes[..bytes.len().min(512)]) {
        Some(what) => Err(not_keypoints(path, what)),
        None => Ok(bytes),
    }
}

fn listing(dir: &Path) -> Result<Vec<PathBuf>, UserError> {
    let entries =
        fs::read_dir(dir).map_err(|e| UserError(format!("{}: cannot list: {e}", dir.display())))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| UserError(format!("{}: cannot list: {e}", dir.display())))?;
        let path = entry.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn name_of(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads every input, in order.
pub fn load_all(inputs: &[PathBuf], opts: &PoseOptions) -> Result<Vec<Clip>> {
    let mut clips = Vec::new();
    for path in inputs {
        if path.is_dir() {
            let files = listing(path)?;
            let mut frames: Vec<&PathBuf> = files
                .iter()
                .filter(|p| openpose::is_frame_file_name(&name_of(p)))
                .collect();
            if frames.is_empty() {
                frames = numbered_openpose_frames(&files)?;
            }
            if !frames.is_empty() {
                let mut loaded = Vec::with_capacity(frames.len());
                for f in &frames {
                    loaded.push((name_of(f), read(f)?));
                }
                let recording = openpose::decode_files(
                    loaded.iter().map(|(n, b)| (n.as_str(), b.as_slice())),
                    opts,
                )
                .map_err(|e| UserError(format!("{}: {e}", path.display())))?;
                clips.push(Clip {
                    source: path.display().to_string(),
                    recording,
                });
                continue;
            }
            let pose_files: Vec<&PathBuf> =
                files.iter().filter(|p| is_pose_file(&name_of(p))).collect();
            if pose_files.is_empty() {
                return Err(UserError(format!(
                    "{}: no keypoint files here (OpenPose *_keypoints.json, COCO-17 .json, MediaPipe .jsonl/.csv, .trc)",
                    path.display()
                ))
                .into());
            }
            for f in pose_files {
                clips.push(load_file(f, opts)?);
            }
        } else {
            clips.push(load_file(path, opts)?);
        }
    }
    Ok(clips)
}

/// A folder of OpenPose frames named otherwise (Pose2Sim writes
/// `cam01.0042.json`): every file a `.json` with a frame number in its
/// name, and the first one an OpenPose frame. Empty when that is not so.
fn numbered_openpose_frames(files: &[PathBuf]) -> Result<Vec<&PathBuf>, UserError> {
    let json: Vec<&PathBuf> = files
        .iter()
        .filter(|p| name_of(p).to_ascii_lowercase().ends_with(".json"))
        .collect();
    if json.len() < 2
        || json.len() != files.iter().filter(|p| is_pose_file(&name_of(p))).count()
        || json
            .iter()
            .any(|p| openpose::frame_number_from_name(&name_of(p)).is_none())
    {
        return Ok(Vec::new());
    }
    let first = read(json[0])?;
    Ok(if openpose::decode_frame(&first, 0).is_ok() {
        json
    } else {
        Vec::new()
    })
}

fn load_file(path: &Path, opts: &PoseOptions) -> Result<Clip, UserError> {
    let bytes = read(path)?;
    let recording = decode(&name_of(path), &bytes, opts)
        .map_err(|e| UserError(format!("{}: {e}", path.display())))?;
    Ok(Clip {
        source: path.display().to_string(),
        recording,
    })
}
