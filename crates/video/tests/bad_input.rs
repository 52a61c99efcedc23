//! Files that are not a usable video: each is a clear error, never a
//! panic, and the message says what to do.

mod common;

use backstride_video::{Rotation, VideoError, encode_mp4, open, open_bytes};
use common::{encoded, run_ffmpeg, square_frame};

fn small_clip() -> Vec<u8> {
    encoded(
        30.0,
        (0..6).map(|i| square_frame(64, 48, 4 + 2 * i as u32, 4, i, 30.0)),
    )
}

#[test]
fn a_jpeg_is_named_as_a_picture() {
    let jpeg = [
        0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    ];
    let err = open_bytes(jpeg.to_vec()).err().expect("not a video");
    assert!(matches!(err, VideoError::NotMp4 { .. }));
    assert!(err.to_string().contains("JPEG picture"), "{err}");
}

#[test]
fn garbage_and_empty_files_are_not_videos() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert!(matches!(
        open_bytes(garbage),
        Err(VideoError::NotMp4 { .. })
    ));
    let err = open_bytes(Vec::new()).err().expect("empty");
    assert!(err.to_string().contains("empty"), "{err}");
}

#[test]
fn a_clip_cut_before_its_index_says_so() {
    let clip = small_clip();
    // encode_mp4 writes the index last: half the file has frames but no index.
    let err = open_bytes(clip[..clip.len() / 2].to_vec())
        .err()
        .expect("cut short");
    assert!(matches!(err, VideoError::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("copy the whole file"), "{err}");
}

#[test]
fn a_fast_start_clip_cut_in_its_frames_says_which_frame() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fast.mp4");
    let p = path.to_str().expect("utf-8");
    run_ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x120:rate=30",
        "-t",
        "1",
        "-c:v",
        "libx264",
        "-movflags",
        "+faststart",
        p,
    ]);
    let bytes = std::fs::read(&path).expect("reads");
    let err = open_bytes(bytes[..bytes.len() * 2 / 3].to_vec())
        .err()
        .expect("cut short");
    match &err {
        VideoError::Truncated { what } => assert!(what.contains("ends before frame"), "{what}"),
        other => panic!("expected Truncated, got {other}"),
    }
}

#[test]
fn an_audio_only_file_has_no_video_track() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("voice.m4a");
    let p = path.to_str().expect("utf-8");
    run_ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440",
        "-t",
        "0.5",
        "-c:a",
        "aac",
        "-f",
        "mp4",
        p,
    ]);
    let err = open(&path).err().expect("no video");
    assert!(
        matches!(&err, VideoError::NoVideoTrack { found } if found == "audio"),
        "{err}"
    );
    assert!(err.to_string().contains("record a video"), "{err}");
}

#[test]
fn a_clip_with_no_frames_says_so() {
    // The mp4 writer with a video track and no samples.
    let mut w = mp4::Mp4Writer::write_start(
        std::io::Cursor::new(Vec::new()),
        &mp4::Mp4Config {
            major_brand: (*b"isom").into(),
            minor_version: 0,
            compatible_brands: vec![(*b"isom").into()],
            timescale: 1000,
        },
    )
    .expect("starts");
    w.add_track(&mp4::TrackConfig {
        track_type: mp4::TrackType::Video,
        timescale: 90_000,
        language: "und".into(),
        media_conf: mp4::MediaConfig::AvcConfig(mp4::AvcConfig {
            width: 64,
            height: 48,
            seq_param_set: vec![0x67, 0x42, 0xC0, 0x1E],
            pic_param_set: vec![0x68, 0xCE, 0x3C, 0x80],
        }),
    })
    .expect("track");
    w.write_end().expect("ends");
    let bytes = w.into_writer().into_inner();
    let err = open_bytes(bytes).err().expect("no frames");
    assert!(matches!(err, VideoError::NoFrames), "{err}");
}

#[test]
fn a_missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = open(&dir.path().join("none.mp4")).err().expect("missing");
    assert!(matches!(err, VideoError::Io(_)));
}

#[test]
fn messages_leave_the_file_name_to_the_caller() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("holiday.mp4");
    std::fs::write(&path, b"not a video at all, just text").expect("writes");
    let err = open(&path).err().expect("not a video");
    assert!(!err.to_string().contains("holiday"), "{err}");
}

#[test]
fn the_encoder_refuses_frames_it_cannot_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.mp4");
    let odd = square_frame(63, 48, 0, 0, 0, 30.0);
    assert!(matches!(
        encode_mp4(&path, 30.0, [odd]),
        Err(VideoError::Encode(_))
    ));
    assert!(matches!(
        encode_mp4(&path, 30.0, Vec::new()),
        Err(VideoError::Encode(_))
    ));
    let a = square_frame(64, 48, 0, 0, 0, 30.0);
    let b = square_frame(32, 48, 0, 0, 1, 30.0);
    assert!(matches!(
        encode_mp4(&path, 30.0, [a, b]),
        Err(VideoError::Encode(_))
    ));
    let mut short = square_frame(64, 48, 0, 0, 0, 30.0);
    short.y.truncate(10);
    short.rotation = Rotation::Cw90;
    assert!(matches!(
        encode_mp4(&path, 30.0, [short]),
        Err(VideoError::Encode(_))
    ));
    assert!(matches!(
        encode_mp4(&path, f64::NAN, [square_frame(64, 48, 0, 0, 0, 30.0)]),
        Err(VideoError::Encode(_))
    ));
}

#[test]
fn a_sample_table_box_of_size_zero_ends_instead_of_looping() {
    // A mutant of an encode_mp4 clip that made mp4 0.14's table parser
    // loop forever (see testdata/video/README.md).
    let bytes = std::fs::read(common::testdata("mutant-stbl-child-size-zero.mp4")).expect("reads");
    if let Ok(reader) = open_bytes(bytes) {
        for frame in reader.take(3) {
            let _ = frame;
        }
    }
}
