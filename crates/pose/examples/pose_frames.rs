//! Run the tracker over a folder of frames stored as binary PPM (P6, 8-bit
//! RGB) files, in file-name order as one clip, and print one JSON line per
//! frame: `{"index": i, "file": "...", "keypoints": [[x, y, score], ...]}`
//! (COCO-17 order, upright pixels). `scripts/pose-accuracy.py` uses it to
//! compare the estimator with MediaPipe without a video decoder.
//!
//! Usage: `cargo run --release -p backstride-pose --example pose_frames -- DIR`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use backstride_pose::Tracker;
use backstride_video::Frame;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: pose_frames DIR (a folder of .ppm frames)");
        return ExitCode::from(2);
    };
    match run(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pose_frames: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(dir: &Path) -> Result<(), String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ppm"))
        .collect();
    files.sort();
    let mut tracker = Tracker::new().map_err(|e| e.to_string())?;
    for (i, file) in files.iter().enumerate() {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let (w, h, rgb) = parse_ppm(&bytes).map_err(|e| format!("{}: {e}", file.display()))?;
        let frame = Frame::from_rgb(w, h, rgb, i as u64, 0.0)
            .ok_or_else(|| format!("{}: size does not match its pixels", file.display()))?;
        let pose = tracker
            .track(&frame)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let points: Vec<[f32; 3]> = pose.keypoints.iter().map(|k| [k.x, k.y, k.score]).collect();
        let line = serde_json::json!({
            "index": i,
            "file": file.file_name().map(|n| n.to_string_lossy().into_owned()),
            "keypoints": points,
        });
        println!("{line}");
    }
    Ok(())
}

/// Width, height and pixels of a binary PPM with 8-bit samples.
fn parse_ppm(bytes: &[u8]) -> Result<(u32, u32, &[u8]), String> {
    let mut fields = Vec::with_capacity(4);
    let mut pos = 0;
    while fields.len() < 4 {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if bytes.get(pos) == Some(&b'#') {
            while pos < bytes.len() && bytes[pos] != b'\n' {
                pos += 1;
            }
            continue;
        }
        let start = pos;
        while pos < bytes.len() && !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if start == pos {
            return Err("the PPM header is cut short".into());
        }
        fields.push(String::from_utf8_lossy(&bytes[start..pos]).into_owned());
    }
    if fields[0] != "P6" {
        return Err(format!("not a binary PPM (magic {:?})", fields[0]));
    }
    let num = |s: &str| {
        s.parse::<u32>()
            .map_err(|_| format!("bad PPM number {s:?}"))
    };
    let (w, h, max) = (num(&fields[1])?, num(&fields[2])?, num(&fields[3])?);
    if max != 255 {
        return Err(format!("only 8-bit PPM is read (maxval {max})"));
    }
    let pixels = bytes.get(pos + 1..).ok_or("the PPM has no pixels")?;
    Ok((w, h, pixels))
}
