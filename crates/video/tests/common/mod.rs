//! Helpers shared by the video tests: synthetic frames with a moving white
//! square, finding that square again, and running ffmpeg to make clips in
//! codecs the encoder here cannot write.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use backstride_video::{Frame, Rotation};

/// The bytes of an MP4 that `encode_mp4` writes from `frames` at `fps`
/// (written to a temporary file and read back).
pub fn encoded(fps: f64, frames: impl IntoIterator<Item = Frame>) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("clip.mp4");
    backstride_video::encode_mp4(&path, fps, frames).expect("encodes");
    std::fs::read(&path).expect("reads back")
}

/// A `width` x `height` grey frame with a white 16x16 square whose left
/// edge is at `x` and top edge at `y` (stored coordinates), built
/// straight in YUV so that even 4K frames are quick in debug builds.
pub fn square_frame(width: u32, height: u32, x: u32, y: u32, index: u64, fps: f64) -> Frame {
    let (w, h) = (width as usize, height as usize);
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let mut luma = vec![60u8; w * h];
    for row in y as usize..(y as usize + 16).min(h) {
        for col in x as usize..(x as usize + 16).min(w) {
            luma[row * w + col] = 235;
        }
    }
    Frame {
        index,
        time_s: index as f64 / fps,
        width,
        height,
        rotation: Rotation::None,
        y: luma,
        y_stride: w,
        u: vec![128; cw * ch],
        v: vec![128; cw * ch],
        uv_stride: cw,
    }
}

/// The centre of the bright pixels of a frame's luma plane.
pub fn bright_centre(f: &Frame) -> (f64, f64) {
    let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
    for row in 0..f.height as usize {
        for col in 0..f.width as usize {
            if f.y[row * f.y_stride + col] > 150 {
                sx += col as f64;
                sy += row as f64;
                n += 1.0;
            }
        }
    }
    assert!(n > 0.0, "frame {} has no bright square", f.index);
    (sx / n, sy / n)
}

/// The ffmpeg on PATH; the tests that make HEVC clips or compare with
/// ffmpeg's decoding need it (CI installs Debian's `ffmpeg`).
pub fn ffmpeg() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join("ffmpeg"))
        .find(|p| p.is_file())
        .expect("these tests need ffmpeg on PATH: apt-get install -y ffmpeg")
}

/// Runs ffmpeg with `args` and fails the test with its words if it fails.
pub fn run_ffmpeg(args: &[&str]) {
    let out = Command::new(ffmpeg())
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y"])
        .args(args)
        .output()
        .expect("ffmpeg starts");
    assert!(
        out.status.success(),
        "ffmpeg {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// ffmpeg's own decoding of a file's first video track as raw I420
/// pictures of the stored size, one `Vec` per picture.
pub fn ffmpeg_frames(input: &Path, width: u32, height: u32) -> Vec<Vec<u8>> {
    let out = Command::new(ffmpeg())
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-nostdin",
            "-noautorotate",
            "-i",
        ])
        .arg(input)
        .args([
            "-map",
            "0:v:0",
            "-vsync",
            "passthrough",
            "-pix_fmt",
            "yuv420p",
            "-f",
            "rawvideo",
            "pipe:1",
        ])
        .output()
        .expect("ffmpeg starts");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (w, h) = (width as usize, height as usize);
    let size = w * h + 2 * (w.div_ceil(2) * h.div_ceil(2));
    assert_eq!(
        out.stdout.len() % size,
        0,
        "ffmpeg's output is whole pictures"
    );
    out.stdout.chunks(size).map(<[u8]>::to_vec).collect()
}

/// A frame's planes packed as ffmpeg writes raw I420.
pub fn packed(f: &Frame) -> Vec<u8> {
    let (w, h) = (f.width as usize, f.height as usize);
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let mut out = Vec::with_capacity(w * h + 2 * cw * ch);
    for r in 0..h {
        out.extend_from_slice(&f.y[r * f.y_stride..r * f.y_stride + w]);
    }
    for plane in [&f.u, &f.v] {
        for r in 0..ch {
            out.extend_from_slice(&plane[r * f.uv_stride..r * f.uv_stride + cw]);
        }
    }
    out
}

/// Where the committed test clips are.
pub fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/video")
        .join(name)
}

/// The rotation ffprobe reads from a file's video track: it reports the
/// display matrix as an anticlockwise angle.
pub fn ffprobe_rotation(path: &Path) -> Rotation {
    let out = Command::new(ffmpeg().with_file_name("ffprobe"))
        .args([
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream_side_data=rotation",
        ])
        .args(["-of", "default=nw=1:nk=1"])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let anticlockwise: i64 = text.trim().parse().unwrap_or(0);
    Rotation::from_degrees(-anticlockwise).expect("a right angle")
}
