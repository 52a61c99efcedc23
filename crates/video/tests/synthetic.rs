//! Clips made here: encoded with `encode_mp4` (a moving square at known
//! places and times) or with ffmpeg (MOV with audio and B-frames, rotation
//! metadata, HEVC), read back through `open`.

mod common;

use std::path::Path;

use backstride_video::{
    Decoder, FfmpegChoice, Frame, OpenOptions, Rotation, VideoError, encode_mp4, open, open_with,
};
use common::{
    bright_centre, ffmpeg, ffmpeg_frames, ffprobe_rotation, packed, run_ffmpeg, square_frame,
};

/// Encodes `n` frames of a square moving 3 pixels right and 1 down a frame.
fn moving_square(path: &Path, width: u32, height: u32, fps: f64, n: u64, rotation: Rotation) {
    let frames = (0..n).map(|i| {
        let mut f = square_frame(width, height, 8 + 3 * i as u32, 8 + i as u32, i, fps);
        f.rotation = rotation;
        f
    });
    encode_mp4(path, fps, frames).expect("encodes");
}

fn decode_all(path: &Path) -> Vec<Frame> {
    open(path)
        .expect("opens")
        .map(|f| f.expect("decodes"))
        .collect()
}

#[test]
fn a_120_fps_clip_comes_back_frame_for_frame_at_its_times() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("square120.mp4");
    moving_square(&path, 320, 240, 120.0, 40, Rotation::None);
    let reader = open(&path).expect("opens");
    let info = reader.info().clone();
    assert_eq!((info.container, info.codec.as_str()), ("MP4", "avc1"));
    assert_eq!((info.width, info.height, info.frame_count), (320, 240, 40));
    assert!((info.fps - 120.0).abs() < 1e-9, "{}", info.fps);
    assert!((info.duration_s - 40.0 / 120.0).abs() < 1e-9);
    let frames: Vec<Frame> = reader.map(|f| f.expect("decodes")).collect();
    assert_eq!(frames.len(), 40);
    for (i, f) in frames.iter().enumerate() {
        assert_eq!(f.index, i as u64);
        assert!(
            (f.time_s - i as f64 / 120.0).abs() < 1e-9,
            "frame {i} at {}",
            f.time_s
        );
        let (cx, cy) = bright_centre(f);
        let (ex, ey) = (8.0 + 3.0 * i as f64 + 7.5, 8.0 + i as f64 + 7.5);
        assert!(
            (cx - ex).abs() < 1.5 && (cy - ey).abs() < 1.5,
            "frame {i}: square at {cx},{cy}, not {ex},{ey}"
        );
    }
}

#[test]
fn sixty_and_240_fps_are_read_from_the_container() {
    let dir = tempfile::tempdir().expect("temp dir");
    for fps in [30.0, 60.0, 240.0] {
        let path = dir.path().join(format!("fps{fps}.mp4"));
        moving_square(&path, 64, 48, fps, 12, Rotation::None);
        let frames = decode_all(&path);
        let info = open(&path).expect("opens").info().clone();
        assert!((info.fps - fps).abs() < 1e-6, "{fps}: {}", info.fps);
        assert_eq!(frames.len(), 12);
        assert!((frames[11].time_s - 11.0 / fps).abs() < 1e-9);
    }
}

#[test]
fn every_rotation_flag_survives_and_agrees_with_ffmpeg() {
    let dir = tempfile::tempdir().expect("temp dir");
    for rotation in [
        Rotation::None,
        Rotation::Cw90,
        Rotation::Cw180,
        Rotation::Cw270,
    ] {
        let path = dir.path().join(format!("rot{}.mp4", rotation.degrees()));
        moving_square(&path, 96, 64, 30.0, 3, rotation);
        let frames = decode_all(&path);
        assert_eq!(open(&path).expect("opens").info().rotation, rotation);
        assert!(
            frames
                .iter()
                .all(|f| f.rotation == rotation && (f.width, f.height) == (96, 64))
        );
        assert_eq!(
            ffprobe_rotation(&path),
            rotation,
            "ffprobe reads the matrix otherwise"
        );
    }
}

#[test]
fn a_4k_clip_decodes_at_full_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("uhd.mp4");
    moving_square(&path, 3840, 2160, 30.0, 3, Rotation::None);
    let frames = decode_all(&path);
    assert_eq!(frames.len(), 3);
    assert!(frames.iter().all(|f| (f.width, f.height) == (3840, 2160)));
    let (cx, _) = bright_centre(&frames[2]);
    assert!((cx - (14.0 + 7.5)).abs() < 1.5, "{cx}");
}

#[test]
fn a_phone_style_mov_with_audio_b_frames_and_rotation_reads_like_ffmpeg() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = dir.path().join("plain.mov");
    let path = dir.path().join("phone.mov");
    run_ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=30",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440",
        "-t",
        "1",
        "-c:v",
        "libx264",
        "-profile:v",
        "high",
        "-bf",
        "3",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        plain.to_str().expect("utf-8 path"),
    ]);
    // ffmpeg 5 writes the rotation flag only when copying streams.
    run_ffmpeg(&[
        "-i",
        plain.to_str().expect("utf-8 path"),
        "-c",
        "copy",
        "-metadata:s:v:0",
        "rotate=90",
        path.to_str().expect("utf-8 path"),
    ]);
    let reader = open(&path).expect("opens");
    let info = reader.info().clone();
    assert_eq!(info.container, "QuickTime MOV");
    assert_ne!(info.rotation, Rotation::None, "the flag is there");
    assert_eq!(info.rotation, ffprobe_rotation(&path));
    assert_eq!((info.width, info.height), (320, 240));
    assert_eq!(info.frame_count, 30);
    let reference = ffmpeg_frames(&path, 320, 240);
    let frames: Vec<Frame> = reader.map(|f| f.expect("decodes")).collect();
    assert_eq!(frames.len(), reference.len());
    for (i, f) in frames.iter().enumerate() {
        assert!(
            (f.time_s - i as f64 / 30.0).abs() < 1e-6,
            "frame {i} at {}",
            f.time_s
        );
        let ours = packed(f);
        let worst = ours
            .iter()
            .zip(&reference[i])
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap_or(0);
        assert!(
            worst <= 16,
            "frame {i} differs from ffmpeg's by up to {worst}"
        );
    }
}

#[test]
fn hevc_names_its_codec_without_ffmpeg_and_decodes_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = dir.path().join("plain.mov");
    let path = dir.path().join("iphone.mov");
    run_ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=30",
        "-t",
        "0.5",
        "-c:v",
        "libx265",
        "-x265-params",
        "log-level=error",
        "-tag:v",
        "hvc1",
        "-pix_fmt",
        "yuv420p",
        plain.to_str().expect("utf-8 path"),
    ]);
    run_ffmpeg(&[
        "-i",
        plain.to_str().expect("utf-8 path"),
        "-c",
        "copy",
        "-tag:v",
        "hvc1",
        "-metadata:s:v:0",
        "rotate=90",
        path.to_str().expect("utf-8 path"),
    ]);
    let rotation = ffprobe_rotation(&path);
    assert_ne!(rotation, Rotation::None, "the flag is there");
    let never = OpenOptions {
        ffmpeg: FfmpegChoice::Never,
    };
    let err = open_with(&path, &never).err().expect("HEVC needs ffmpeg");
    assert!(matches!(&err, VideoError::UnsupportedCodec { fourcc, .. } if fourcc == "hvc1"));
    let msg = err.to_string();
    assert!(
        msg.contains("HEVC (H.265) (hvc1)")
            && msg.contains("Settings > Camera > Formats > Most Compatible"),
        "{msg}"
    );

    let with = OpenOptions {
        ffmpeg: FfmpegChoice::Program(ffmpeg()),
    };
    let reader = open_with(&path, &with).expect("opens through ffmpeg");
    let info = reader.info().clone();
    assert_eq!(
        (info.decoder, info.codec.as_str(), info.rotation),
        (Decoder::Ffmpeg, "hvc1", rotation)
    );
    assert_eq!(info.frame_count, 15);
    let frames: Vec<Frame> = reader.map(|f| f.expect("decodes")).collect();
    assert_eq!(frames.len(), 15);
    for (i, f) in frames.iter().enumerate() {
        // Stored, not turned: ffmpeg was told not to rotate.
        assert_eq!((f.width, f.height, f.rotation), (320, 240, rotation));
        assert!((f.time_s - i as f64 / 30.0).abs() < 1e-6);
    }
}

#[test]
fn a_missing_ffmpeg_program_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = OpenOptions {
        ffmpeg: FfmpegChoice::Program(dir.path().join("no-such-ffmpeg")),
    };
    let err = open_with(&common::testdata("pose2sim-cam02-vp9.mp4"), &options)
        .err()
        .expect("cannot start");
    assert!(matches!(err, VideoError::Ffmpeg(_)), "{err}");
    assert!(err.to_string().contains("could not start"), "{err}");
}
