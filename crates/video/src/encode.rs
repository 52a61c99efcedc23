//! Writing frames as an H.264 MP4 with OpenH264's encoder and the `mp4`
//! crate's writer: how tests, benchmarks and the synthetic end-to-end clip
//! make their videos. The compressed clip is assembled in memory (so the
//! track header can carry the rotation, which the writer has no setting
//! for) and then written in one go; the frames themselves are consumed one
//! at a time.

use std::io::Cursor;
use std::path::Path;

use mp4::{AvcConfig, MediaConfig, Mp4Config, Mp4Sample, Mp4Writer, TrackConfig, TrackType};
use openh264::OpenH264API;
use openh264::encoder::{
    Encoder, EncoderConfig, FrameRate, FrameType, IntraFramePeriod, QpRange, RateControlMode,
};
use openh264::formats::YUVSource;

use crate::error::VideoError;
use crate::frame::{Frame, Rotation};

/// Ticks a second in the written track: whole ticks per frame for 24, 25,
/// 29.97, 30, 50, 60, 120 and 240 fps.
const TIMESCALE: u32 = 90_000;

/// A frame's planes as OpenH264 reads them.
struct Planes<'a>(&'a Frame);

impl YUVSource for Planes<'_> {
    fn dimensions(&self) -> (usize, usize) {
        (self.0.width as usize, self.0.height as usize)
    }
    fn strides(&self) -> (usize, usize, usize) {
        (self.0.y_stride, self.0.uv_stride, self.0.uv_stride)
    }
    fn y(&self) -> &[u8] {
        &self.0.y
    }
    fn u(&self) -> &[u8] {
        &self.0.u
    }
    fn v(&self) -> &[u8] {
        &self.0.v
    }
}

/// Checks that a frame's planes hold the rows its size and strides claim.
fn check_planes(f: &Frame) -> Result<(), VideoError> {
    let (w, h) = (f.width as usize, f.height as usize);
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let ok = f.y_stride >= w
        && f.uv_stride >= cw
        && f.y.len() >= f.y_stride * h
        && f.u.len() >= f.uv_stride * ch
        && f.v.len() >= f.uv_stride * ch;
    if ok {
        Ok(())
    } else {
        Err(VideoError::Encode(format!(
            "frame {} has planes too small for {}x{} pixels",
            f.index, f.width, f.height
        )))
    }
}

/// The payload of a NAL unit after its start code.
fn strip_start_code(nal: &[u8]) -> &[u8] {
    let zeros = nal.iter().take_while(|&&b| b == 0).count();
    match nal.get(zeros) {
        Some(1) if zeros >= 2 => &nal[zeros + 1..],
        _ => nal,
    }
}

/// The track header matrix (a, b, u, c, d, v, x, y, w) for a rotation of
/// a `width` x `height` picture, as phones write it.
fn matrix(rotation: Rotation, width: u32, height: u32) -> [i32; 9] {
    let one = 0x1_0000;
    let (w, h) = ((width as i32) << 16, (height as i32) << 16);
    let tail = 0x4000_0000;
    match rotation {
        Rotation::None => [one, 0, 0, 0, one, 0, 0, 0, tail],
        Rotation::Cw90 => [0, one, 0, -one, 0, 0, h, 0, tail],
        Rotation::Cw180 => [-one, 0, 0, 0, -one, 0, w, h, tail],
        Rotation::Cw270 => [0, -one, 0, one, 0, 0, 0, w, tail],
    }
}

/// Encodes `frames` (all of one size, even sides) as an H.264 MP4 at a
/// constant `fps`, with the first frame's rotation in the track header.
pub fn encode_mp4(
    path: &Path,
    fps: f64,
    frames: impl IntoIterator<Item = Frame>,
) -> Result<(), VideoError> {
    if !(fps.is_finite() && (1.0..=1000.0).contains(&fps)) {
        return Err(VideoError::Encode(format!(
            "a frame rate of {fps} is outside 1-1000 fps"
        )));
    }
    let delta = (TIMESCALE as f64 / fps).round() as u32;
    let mut frames = frames.into_iter();
    let Some(first) = frames.next() else {
        return Err(VideoError::Encode("there are no frames".into()));
    };
    let (width, height, rotation) = (first.width, first.height, first.rotation);
    if width == 0
        || height == 0
        || width % 2 == 1
        || height % 2 == 1
        || width > 8192
        || height > 8192
    {
        return Err(VideoError::Encode(format!(
            "frames of {width}x{height} pixels: both sides must be even and at most 8192"
        )));
    }
    // No rate control: every frame is kept, at a fixed, good quality
    // (quantiser 18-26), which is what test clips want.
    let config = EncoderConfig::new()
        .max_frame_rate(FrameRate::from_hz(fps as f32))
        .rate_control_mode(RateControlMode::Off)
        .qp(QpRange::new(18, 26))
        .skip_frames(false)
        .intra_frame_period(IntraFramePeriod::from_num_frames(
            (fps * 2.0).round().max(1.0) as u32,
        ));
    let mut encoder = Encoder::with_api_config(OpenH264API::from_source(), config)
        .map_err(|e| VideoError::Encode(format!("the H.264 encoder did not start: {e}")))?;

    let mut writer: Option<Mp4Writer<Cursor<Vec<u8>>>> = None;
    let mut sps_pps: (Option<Vec<u8>>, Option<Vec<u8>>) = (None, None);
    let mut time = 0u64;
    for frame in std::iter::once(first).chain(frames) {
        if (frame.width, frame.height) != (width, height) {
            return Err(VideoError::Encode(format!(
                "frame {} is {}x{}, the first {width}x{height}",
                frame.index, frame.width, frame.height
            )));
        }
        check_planes(&frame)?;
        let stream = encoder
            .encode(&Planes(&frame))
            .map_err(|e| VideoError::Encode(format!("frame {}: {e}", frame.index)))?;
        let is_sync = matches!(stream.frame_type(), FrameType::IDR | FrameType::I);
        let mut sample = Vec::new();
        for l in 0..stream.num_layers() {
            let Some(layer) = stream.layer(l) else {
                continue;
            };
            for n in 0..layer.nal_count() {
                let Some(nal) = layer.nal_unit(n) else {
                    continue;
                };
                let nal = strip_start_code(nal);
                match nal.first().map(|b| b & 0x1F) {
                    Some(7) => {
                        sps_pps.0.get_or_insert_with(|| nal.to_vec());
                    }
                    Some(8) => {
                        sps_pps.1.get_or_insert_with(|| nal.to_vec());
                    }
                    Some(_) => {
                        sample.extend_from_slice(&(nal.len() as u32).to_be_bytes());
                        sample.extend_from_slice(nal);
                    }
                    None => {}
                }
            }
        }
        if writer.is_none() {
            let (Some(sps), Some(pps)) = (&sps_pps.0, &sps_pps.1) else {
                return Err(VideoError::Encode(
                    "the encoder gave no parameter sets".into(),
                ));
            };
            let mut w = Mp4Writer::write_start(
                Cursor::new(Vec::new()),
                &Mp4Config {
                    major_brand: (*b"isom").into(),
                    minor_version: 512,
                    compatible_brands: vec![
                        (*b"isom").into(),
                        (*b"iso2").into(),
                        (*b"avc1").into(),
                        (*b"mp41").into(),
                    ],
                    timescale: 1000,
                },
            )
            .map_err(mp4_err)?;
            w.add_track(&TrackConfig {
                track_type: TrackType::Video,
                timescale: TIMESCALE,
                language: "und".into(),
                media_conf: MediaConfig::AvcConfig(AvcConfig {
                    width: width as u16,
                    height: height as u16,
                    seq_param_set: sps.clone(),
                    pic_param_set: pps.clone(),
                }),
            })
            .map_err(mp4_err)?;
            writer = Some(w);
        }
        if sample.is_empty() {
            // A skipped frame: nothing to store; the previous one lasts longer.
            continue;
        }
        if let Some(w) = writer.as_mut() {
            w.write_sample(
                1,
                &Mp4Sample {
                    start_time: time,
                    duration: delta,
                    rendering_offset: 0,
                    is_sync,
                    bytes: sample.into(),
                },
            )
            .map_err(mp4_err)?;
        }
        time += delta as u64;
    }
    let Some(mut w) = writer else {
        return Err(VideoError::Encode("no frame was encoded".into()));
    };
    w.write_end().map_err(mp4_err)?;
    let mut bytes = w.into_writer().into_inner();
    set_matrix(&mut bytes, matrix(rotation, width, height))?;
    std::fs::write(path, bytes)?;
    Ok(())
}

fn mp4_err(e: mp4::Error) -> VideoError {
    VideoError::Encode(format!("the MP4 writer: {e}"))
}

/// Overwrites the first track header's matrix in a finished MP4.
fn set_matrix(bytes: &mut [u8], m: [i32; 9]) -> Result<(), VideoError> {
    let at = tkhd_payload(bytes)
        .ok_or_else(|| VideoError::Encode("the written file has no track header".into()))?;
    let version = bytes[at];
    let start = at + if version == 1 { 52 } else { 40 };
    let Some(dst) = bytes.get_mut(start..start + 36) else {
        return Err(VideoError::Encode(
            "the written track header is short".into(),
        ));
    };
    for (chunk, v) in dst.chunks_exact_mut(4).zip(m) {
        chunk.copy_from_slice(&v.to_be_bytes());
    }
    Ok(())
}

/// Where the payload of moov/trak/tkhd starts.
fn tkhd_payload(bytes: &[u8]) -> Option<usize> {
    let mut start = 0usize;
    let mut end = bytes.len();
    for kind in [b"moov", b"trak", b"tkhd"] {
        let mut pos = start;
        loop {
            let head = bytes.get(pos..pos + 8)?;
            let (header, size) = match u32::from_be_bytes([head[0], head[1], head[2], head[3]]) {
                1 => {
                    let large = bytes.get(pos + 8..pos + 16)?;
                    let mut b = [0u8; 8];
                    b.copy_from_slice(large);
                    (16, usize::try_from(u64::from_be_bytes(b)).ok()?)
                }
                s => (8, s as usize),
            };
            if size < header || pos.checked_add(size)? > end {
                return None;
            }
            if &head[4..8] == kind {
                start = pos + header;
                end = pos + size;
                break;
            }
            pos += size;
        }
    }
    Some(start)
}
