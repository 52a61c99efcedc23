//! The built-in H.264 decoder: each sample is read from the file when it
//! is needed, its length-prefixed NAL units (AVCC) are rewritten with
//! start codes (Annex B) for OpenH264, and each picture OpenH264 gives
//! back is copied into a [`Frame`].
//!
//! OpenH264 reorders B-frames itself (auto-flushing after each packet is
//! turned off so it can hold pictures back until their turn), so its
//! pictures come out in presentation order; the n-th one gets the n-th
//! smallest presentation time of the track. Only the decoder's reference
//! pictures and the one frame handed out are in memory at any time.

use std::collections::VecDeque;
use std::io::{Read, Seek, SeekFrom};

use openh264::OpenH264API;
use openh264::decoder::{DecodedYUV, Decoder, DecoderConfig, Flush};
use openh264::formats::YUVSource;

use crate::container::{AvcConfig, Sample};
use crate::error::VideoError;
use crate::frame::{Frame, Rotation};

/// Anything the frames can be read from: a file or bytes in memory.
pub(crate) trait Source: Read + Seek + Send {}
impl<T: Read + Seek + Send> Source for T {}

const START_CODE: [u8; 4] = [0, 0, 0, 1];

/// The most frames fed in a row without a picture coming out. H.264 holds
/// back at most 16 pictures for reordering, so more means a stream the
/// decoder cannot make sense of.
const MAX_SILENT_SAMPLES: usize = 48;

pub(crate) struct Builtin {
    source: Box<dyn Source>,
    decoder: Decoder,
    config: AvcConfig,
    samples: Vec<Sample>,
    times: Vec<f64>,
    rotation: Rotation,
    /// The next sample to read, in file order.
    next_sample: usize,
    /// Pictures handed out so far.
    out_count: u64,
    /// Pictures left in the decoder once every sample was fed.
    drained: VecDeque<Frame>,
    flushed: bool,
    /// Samples fed since the last picture came out.
    silent: usize,
    /// The compressed sample being read (reused).
    raw: Vec<u8>,
    /// The same sample with start codes (reused).
    annex_b: Vec<u8>,
}

impl Builtin {
    pub(crate) fn new(
        source: Box<dyn Source>,
        config: AvcConfig,
        samples: Vec<Sample>,
        times: Vec<f64>,
        rotation: Rotation,
    ) -> Result<Builtin, VideoError> {
        let cfg = DecoderConfig::new().flush_after_decode(Flush::NoFlush);
        let decoder = Decoder::with_api_config(OpenH264API::from_source(), cfg).map_err(|e| {
            VideoError::Decode {
                frame: 0,
                message: format!("the decoder did not start: {e}"),
            }
        })?;
        Ok(Builtin {
            source,
            decoder,
            config,
            samples,
            times,
            rotation,
            next_sample: 0,
            out_count: 0,
            drained: VecDeque::new(),
            flushed: false,
            silent: 0,
            raw: Vec::new(),
            annex_b: Vec::new(),
        })
    }

    /// Reads sample `i` and rewrites it as Annex B into `self.annex_b`.
    fn load(&mut self, i: usize) -> Result<(), VideoError> {
        let s = self.samples[i];
        self.raw.resize(s.size as usize, 0);
        self.source.seek(SeekFrom::Start(s.offset))?;
        self.source.read_exact(&mut self.raw).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                VideoError::Truncated {
                    what: format!("the file ends inside frame {i}"),
                }
            } else {
                VideoError::Io(e)
            }
        })?;
        self.annex_b.clear();
        if i == 0 {
            for set in self.config.sps.iter().chain(&self.config.pps) {
                self.annex_b.extend_from_slice(&START_CODE);
                self.annex_b.extend_from_slice(set);
            }
        }
        let n = self.config.length_size;
        let mut pos = 0usize;
        while pos < self.raw.len() {
            let Some(len_bytes) = self.raw.get(pos..pos + n) else {
                return Err(VideoError::Decode {
                    frame: i as u64,
                    message: "a NAL unit's length is cut off".into(),
                });
            };
            let len = len_bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | b as usize);
            pos += n;
            let Some(nal) = self.raw.get(pos..pos + len) else {
                return Err(VideoError::Decode {
                    frame: i as u64,
                    message: "a NAL unit runs past the end of its frame".into(),
                });
            };
            if len > 0 {
                self.annex_b.extend_from_slice(&START_CODE);
                self.annex_b.extend_from_slice(nal);
            }
            pos += len;
        }
        Ok(())
    }

    fn step(&mut self) -> Result<Option<Frame>, VideoError> {
        while self.next_sample < self.samples.len() {
            let i = self.next_sample;
            self.next_sample += 1;
            self.load(i)?;
            let decoded = self
                .decoder
                .decode(&self.annex_b)
                .map_err(|e| VideoError::Decode {
                    frame: i as u64,
                    message: e.to_string(),
                })?;
            let Some(yuv) = decoded else {
                self.silent += 1;
                if self.silent > MAX_SILENT_SAMPLES {
                    return Err(VideoError::Decode {
                        frame: i as u64,
                        message: format!(
                            "no picture came out of the last {MAX_SILENT_SAMPLES} frames"
                        ),
                    });
                }
                continue;
            };
            self.silent = 0;
            let n = self.out_count;
            let frame = to_frame(&yuv, n, time_at(&self.times, n), self.rotation);
            self.out_count += 1;
            return Ok(Some(frame));
        }
        if !self.flushed {
            self.flushed = true;
            let rest = self
                .decoder
                .flush_remaining()
                .map_err(|e| VideoError::Decode {
                    frame: self.samples.len() as u64,
                    message: e.to_string(),
                })?;
            let mut frames = VecDeque::with_capacity(rest.len());
            for (k, yuv) in rest.iter().enumerate() {
                let n = self.out_count + k as u64;
                frames.push_back(to_frame(yuv, n, time_at(&self.times, n), self.rotation));
            }
            self.drained = frames;
        }
        match self.drained.pop_front() {
            Some(f) => {
                self.out_count += 1;
                Ok(Some(f))
            }
            None => Ok(None),
        }
    }
}

impl Iterator for Builtin {
    type Item = Result<Frame, VideoError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.step().transpose()
    }
}

/// The time of the n-th picture out: from the track, or, should the
/// decoder give more pictures than the track has samples, one average
/// frame interval past the last.
fn time_at(times: &[f64], n: u64) -> f64 {
    match times.get(n as usize) {
        Some(&t) => t,
        None => {
            let last = times.last().copied().unwrap_or(0.0);
            let step = if times.len() > 1 {
                last / (times.len() - 1) as f64
            } else {
                0.0
            };
            last + step * (n as f64 - times.len() as f64 + 1.0)
        }
    }
}

/// Copies a decoded picture into a tightly packed [`Frame`].
fn to_frame(yuv: &DecodedYUV<'_>, index: u64, time_s: f64, rotation: Rotation) -> Frame {
    let (w, h) = yuv.dimensions();
    let (ys, us, vs) = yuv.strides();
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let y = copy_plane(yuv.y(), ys, w, h, 16);
    let u = copy_plane(yuv.u(), us, cw, ch, 128);
    let v = copy_plane(yuv.v(), vs, cw, ch, 128);
    Frame {
        index,
        time_s,
        width: w as u32,
        height: h as u32,
        rotation,
        y,
        y_stride: w,
        u,
        v,
        uv_stride: cw,
    }
}

/// `rows` rows of `width` bytes from a plane with `stride` bytes a row;
/// bytes the decoder did not provide are `fill`.
fn copy_plane(src: &[u8], stride: usize, width: usize, rows: usize, fill: u8) -> Vec<u8> {
    let mut out = vec![fill; width * rows];
    for (r, dst) in out.chunks_exact_mut(width.max(1)).enumerate().take(rows) {
        let start = r * stride;
        let avail = src.get(start..).unwrap_or(&[]);
        let n = avail.len().min(width);
        dst[..n].copy_from_slice(&avail[..n]);
    }
    out
}
