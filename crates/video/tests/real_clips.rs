//! Real H.264 and VP9 clips from the pose2sim package (BSD-3-Clause, see
//! testdata/video/README.md): a phone-style 1080x1920 60 fps clip with
//! B-frames decodes to the very pictures ffmpeg gives, in presentation
//! order, with the container's times.

mod common;

use backstride_video::{Decoder, FfmpegChoice, OpenOptions, Rotation, VideoError, open, open_with};
use common::{ffmpeg, ffmpeg_frames, packed, testdata};

#[test]
fn the_h264_clip_reports_its_container_facts() {
    let reader = open(&testdata("pose2sim-cam01-h264.mp4")).expect("opens");
    let info = reader.info();
    assert_eq!(info.container, "MP4");
    assert_eq!(info.codec, "avc1");
    assert_eq!((info.width, info.height), (1080, 1920));
    assert_eq!(info.rotation, Rotation::None);
    assert_eq!(info.frame_count, 100);
    assert!((info.fps - 60.0).abs() < 1e-6, "{}", info.fps);
    assert!(
        (info.duration_s - 100.0 / 60.0).abs() < 1e-6,
        "{}",
        info.duration_s
    );
    assert_eq!(info.decoder, Decoder::Builtin);
}

#[test]
fn b_frames_come_out_in_presentation_order_equal_to_ffmpeg() {
    let path = testdata("pose2sim-cam01-h264.mp4");
    let reference = ffmpeg_frames(&path, 1080, 1920);
    assert_eq!(reference.len(), 100);
    let mut n = 0usize;
    for (i, frame) in open(&path).expect("opens").enumerate() {
        let frame = frame.expect("decodes");
        assert_eq!(frame.index, i as u64);
        assert_eq!((frame.width, frame.height), (1080, 1920));
        assert!(
            (frame.time_s - i as f64 / 60.0).abs() < 1e-9,
            "frame {i} at {}",
            frame.time_s
        );
        let ours = packed(&frame);
        // OpenH264 rounds a few B-frame pixels differently from ffmpeg
        // (measured: at most 418 bytes of 3.1 million, by at most 11
        // levels); I- and P-frames are identical.
        let (differing, worst) = compare(&ours, &reference[i], 1);
        assert!(
            differing <= 1500 && worst <= 16,
            "frame {i}: {differing} bytes differ, by up to {worst}"
        );
        // And it is this frame, not a neighbour: each neighbour differs more.
        for j in [i.wrapping_sub(1), i + 1] {
            if let Some(other) = reference.get(j) {
                let (near, _) = compare(&ours, other, 17);
                assert!(
                    near * 17 > differing,
                    "frame {i} is closer to ffmpeg's frame {j}"
                );
            }
        }
        n += 1;
    }
    assert_eq!(n, 100);
}

/// Bytes that differ between two pictures, and the largest difference.
fn compare(a: &[u8], b: &[u8], step: usize) -> (usize, u8) {
    a.iter()
        .zip(b)
        .step_by(step)
        .map(|(x, y)| x.abs_diff(*y))
        .filter(|&d| d > 0)
        .fold((0, 0), |(n, m), d| (n + 1, m.max(d)))
}

#[test]
fn vp9_without_ffmpeg_says_what_to_do() {
    let options = OpenOptions {
        ffmpeg: FfmpegChoice::Never,
    };
    let err = open_with(&testdata("pose2sim-cam02-vp9.mp4"), &options)
        .err()
        .expect("VP9 needs ffmpeg");
    assert!(
        matches!(&err, VideoError::UnsupportedCodec { fourcc, name } if fourcc == "vp09" && *name == "VP9")
    );
    let msg = err.to_string();
    assert!(
        msg.contains("VP9 (vp09)") && msg.contains("Most Compatible") && msg.contains("libx264"),
        "{msg}"
    );
}

#[test]
fn vp9_decodes_through_ffmpeg_with_the_container_times() {
    let options = OpenOptions {
        ffmpeg: FfmpegChoice::Program(ffmpeg()),
    };
    let path = testdata("pose2sim-cam02-vp9.mp4");
    let reader = open_with(&path, &options).expect("opens through ffmpeg");
    assert_eq!(reader.info().decoder, Decoder::Ffmpeg);
    assert_eq!(reader.info().codec, "vp09");
    assert_eq!(reader.info().frame_count, 100);
    let reference = ffmpeg_frames(&path, 1080, 1920);
    let mut n = 0usize;
    for (i, frame) in reader.enumerate() {
        let frame = frame.expect("decodes");
        assert!((frame.time_s - i as f64 / 60.0).abs() < 1e-9);
        assert!(packed(&frame) == reference[i], "frame {i} differs");
        n += 1;
    }
    assert_eq!(n, 100);
}
