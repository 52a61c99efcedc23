//! Video in: a phone's MP4 or MOV file, decoded frame by frame into
//! [`Frame`]s (planar YUV 4:2:0 as the decoder gives them, with the
//! container's presentation time and the rotation the phone recorded).
//!
//! H.264 (`avc1`, `avc3`) is decoded in-process by OpenH264, built from
//! its bundled source. Other codecs (HEVC, VP9, AV1, ...) go through an
//! `ffmpeg` executable when one is found ([`FfmpegChoice`]), and are
//! otherwise a clear [`VideoError::UnsupportedCodec`].
//!
//! Frames are streamed: a reader keeps the track's index (a few bytes a
//! frame), reads each compressed frame when it is needed, and holds one
//! decoded picture at a time besides the decoder's own reference
//! pictures, so a ten-minute 4K clip never sits in memory.

mod builtin;
mod container;
mod encode;
mod error;
mod ffmpeg;
pub mod frame;

use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::Path;

pub use encode::encode_mp4;
pub use error::VideoError;
pub use ffmpeg::FfmpegChoice;
pub use frame::{Frame, Rotation};

use builtin::{Builtin, Source};
use container::{AvcConfig, Track, fourcc_text, parse_avcc};
use ffmpeg::FfmpegFrames;

/// Which decoder turns the track into pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    /// OpenH264, in-process.
    Builtin,
    /// An `ffmpeg` executable, for codecs OpenH264 cannot read.
    Ffmpeg,
}

/// What the container says about the video track.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoInfo {
    /// "MP4" or "QuickTime MOV".
    pub container: &'static str,
    /// The sample entry's four-character code, e.g. "avc1", "hvc1".
    pub codec: String,
    /// Stored picture width in pixels, before rotation.
    pub width: u32,
    /// Stored picture height in pixels, before rotation.
    pub height: u32,
    /// How to turn the pictures upright (the track header's matrix).
    pub rotation: Rotation,
    /// Average frame rate: frames over the track's duration.
    pub fps: f64,
    /// Frames in the track.
    pub frame_count: u64,
    /// The track's duration in seconds (the sum of its frame durations).
    pub duration_s: f64,
    /// Which decoder the frames come from.
    pub decoder: Decoder,
}

/// How to open a video.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenOptions {
    /// Where to find ffmpeg for codecs other than H.264.
    pub ffmpeg: FfmpegChoice,
}

enum Frames {
    Builtin(Box<Builtin>),
    Ffmpeg(FfmpegFrames),
    /// After the last frame or an error.
    Done,
}

/// An open video: its [`VideoInfo`], and its frames in presentation order
/// as an iterator. After an error the iterator ends.
pub struct VideoReader {
    info: VideoInfo,
    frames: Frames,
}

impl VideoReader {
    /// What the container says about the video track.
    pub fn info(&self) -> &VideoInfo {
        &self.info
    }
}

impl Iterator for VideoReader {
    type Item = Result<Frame, VideoError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = match &mut self.frames {
            Frames::Builtin(b) => b.next(),
            Frames::Ffmpeg(f) => f.next(),
            Frames::Done => None,
        };
        if !matches!(item, Some(Ok(_))) {
            self.frames = Frames::Done;
        }
        item
    }
}

/// Opens an MP4 or MOV file, using ffmpeg (as `BACKSTRIDE_FFMPEG` or
/// `PATH` says) for codecs other than H.264.
pub fn open(path: &Path) -> Result<VideoReader, VideoError> {
    open_with(path, &OpenOptions::default())
}

/// Opens an MP4 or MOV file with explicit options.
pub fn open_with(path: &Path, options: &OpenOptions) -> Result<VideoReader, VideoError> {
    let mut file = File::open(path)?;
    let track = container::read_track(&mut file)?;
    if is_h264(&track) {
        return builtin_reader(Box::new(file), track);
    }
    let name = codec_name(track.fourcc);
    match options.ffmpeg.resolve() {
        Some(program) => {
            let info = info_of(&track, Decoder::Ffmpeg);
            let frames = FfmpegFrames::spawn(
                &program,
                path,
                track.width,
                track.height,
                track.rotation,
                track.times,
            )?;
            Ok(VideoReader {
                info,
                frames: Frames::Ffmpeg(frames),
            })
        }
        None => Err(VideoError::UnsupportedCodec {
            fourcc: fourcc_text(track.fourcc),
            name,
        }),
    }
}

/// Opens a video held in memory (for fuzzing and tests). Only H.264 is
/// decoded: ffmpeg needs a file.
pub fn open_bytes(bytes: Vec<u8>) -> Result<VideoReader, VideoError> {
    open_reader(Cursor::new(bytes))
}

/// Opens a video from any seekable reader; frames are read from it one
/// at a time as they are decoded. Only H.264 is decoded: ffmpeg needs a
/// file.
pub fn open_reader<R: Read + Seek + Send + 'static>(
    mut reader: R,
) -> Result<VideoReader, VideoError> {
    let track = container::read_track(&mut reader)?;
    if !is_h264(&track) {
        return Err(VideoError::UnsupportedCodec {
            fourcc: fourcc_text(track.fourcc),
            name: codec_name(track.fourcc),
        });
    }
    builtin_reader(Box::new(reader), track)
}

fn is_h264(track: &Track) -> bool {
    matches!(&track.fourcc, b"avc1" | b"avc3")
}

fn builtin_reader(source: Box<dyn Source>, track: Track) -> Result<VideoReader, VideoError> {
    let config = match (&track.avcc, &track.fourcc) {
        (Some(avcc), _) => parse_avcc(avcc)?,
        // avc3 carries its parameter sets in the stream itself.
        (None, b"avc3") => AvcConfig {
            length_size: 4,
            ..AvcConfig::default()
        },
        (None, _) => {
            return Err(VideoError::Malformed(
                "the H.264 track has no configuration ('avcC')".into(),
            ));
        }
    };
    let info = info_of(&track, Decoder::Builtin);
    let builtin = Builtin::new(source, config, track.samples, track.times, track.rotation)?;
    Ok(VideoReader {
        info,
        frames: Frames::Builtin(Box::new(builtin)),
    })
}

fn info_of(track: &Track, decoder: Decoder) -> VideoInfo {
    let frame_count = track.samples.len() as u64;
    let fps = if track.duration_s > 0.0 {
        frame_count as f64 / track.duration_s
    } else {
        0.0
    };
    VideoInfo {
        container: if track.quicktime {
            "QuickTime MOV"
        } else {
            "MP4"
        },
        codec: fourcc_text(track.fourcc),
        width: track.width,
        height: track.height,
        rotation: track.rotation,
        fps,
        frame_count,
        duration_s: track.duration_s,
        decoder,
    }
}

/// A codec's common name from its sample entry code.
fn codec_name(fourcc: [u8; 4]) -> &'static str {
    match &fourcc {
        b"hvc1" | b"hev1" => "HEVC (H.265)",
        b"dvh1" | b"dvhe" => "Dolby Vision (HEVC)",
        b"vp09" => "VP9",
        b"vp08" => "VP8",
        b"av01" => "AV1",
        b"mp4v" => "MPEG-4 Part 2",
        b"apch" | b"apcn" | b"apcs" | b"apco" | b"ap4h" | b"ap4x" => "Apple ProRes",
        b"jpeg" | b"mjpa" | b"mjpb" => "Motion JPEG",
        _ => "a codec Backstride cannot decode itself",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_can_move_to_a_decoding_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<VideoReader>();
    }

    #[test]
    fn phone_codecs_are_named() {
        assert_eq!(codec_name(*b"hvc1"), "HEVC (H.265)");
        assert_eq!(codec_name(*b"av01"), "AV1");
        assert_eq!(codec_name(*b"vp09"), "VP9");
    }
}
