//! Reading keypoint files and folders into recordings, one clip each, in
//! the order given. A folder of OpenPose frame files (`*_keypoints.json`,
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

fn read(path: &Path) -> Result<Vec<u8>, UserError> {
    crate::limits::read(path, crate::limits::POSE_FILE_BYTES, "a keypoint file")
        .map_err(|e| UserError(format!("{}: {e}", path.display())))
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
