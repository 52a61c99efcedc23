//! The MP4/MOV container: finding the index (`moov`) among the file's
//! top-level boxes, picking the video track, and turning its sample tables
//! into one entry per frame (where its bytes lie, when it is shown).
//!
//! The boxes are read here rather than with the `mp4` crate (which writes
//! the test clips): mp4 0.14 loops forever on a sample-table child box of
//! size 0 (found by the mutation tests), knows no `avc3`/`hvc1` entries, and parses every track, so an odd audio or
//! metadata track could stop a video from opening. Only the video track's
//! few boxes are read; every count, size and offset is checked against
//! the bytes that hold it and the file's length before anything is
//! allocated or read.

use std::io::{Read, Seek, SeekFrom};

use crate::error::VideoError;
use crate::frame::Rotation;

/// The largest index (`moov` box) read into memory. A ten-minute 240 fps
/// clip's index is a few MB.
const MAX_MOOV_BYTES: u64 = 256 << 20;
/// The most frames a track may have (about 11.5 hours at 240 fps).
const MAX_SAMPLES: u64 = 10_000_000;
/// The largest single compressed frame accepted.
pub(crate) const MAX_SAMPLE_BYTES: u32 = 64 << 20;
/// The longest side of a picture accepted (4K is 3840).
pub(crate) const MAX_SIDE: u32 = 8192;

/// One compressed frame: where it lies in the file and when it is shown.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    pub offset: u64,
    pub size: u32,
}

/// The video track, ready to be decoded.
#[derive(Debug)]
pub(crate) struct Track {
    pub quicktime: bool,
    pub fourcc: [u8; 4],
    pub width: u32,
    pub height: u32,
    pub rotation: Rotation,
    /// Samples in file (decoding) order.
    pub samples: Vec<Sample>,
    /// Presentation times in seconds from the first frame shown, sorted:
    /// the n-th picture out of the decoder is shown at `times[n]`.
    pub times: Vec<f64>,
    pub duration_s: f64,
    /// The raw `avcC` record of an H.264 track.
    pub avcc: Option<Vec<u8>>,
}

/// A box inside a byte slice: its type and its payload (after the header).
struct Child<'a> {
    kind: [u8; 4],
    payload: &'a [u8],
}

/// The boxes one after another in `buf`; a box that runs past the end is
/// an error.
fn children(buf: &[u8]) -> Result<Vec<Child<'_>>, VideoError> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while pos < buf.len() {
        let rest = &buf[pos..];
        if rest.len() < 8 {
            // Trailing padding shorter than a box header (some muxers
            // leave four zero bytes): nothing more to read.
            break;
        }
        let size32 = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
        let kind = [rest[4], rest[5], rest[6], rest[7]];
        let (header, size) = match size32 {
            0 => (8u64, rest.len() as u64),
            1 => {
                let Some(large) = rest.get(8..16) else {
                    return Err(malformed(kind, "its 64-bit size is cut off"));
                };
                let mut b = [0u8; 8];
                b.copy_from_slice(large);
                (16, u64::from_be_bytes(b))
            }
            s => (8, s),
        };
        if size < header || size > rest.len() as u64 {
            return Err(malformed(kind, "its size runs past the box that holds it"));
        }
        out.push(Child {
            kind,
            payload: &rest[header as usize..size as usize],
        });
        pos += size as usize;
    }
    Ok(out)
}

fn malformed(kind: [u8; 4], what: &str) -> VideoError {
    VideoError::Malformed(format!("box '{}': {what}", fourcc_text(kind)))
}

/// A four-character code as text, with unprintable bytes as '?'.
pub(crate) fn fourcc_text(kind: [u8; 4]) -> String {
    kind.iter()
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '?'
            }
        })
        .collect()
}

fn child<'a>(buf: &'a [u8], kind: &[u8; 4]) -> Result<Option<&'a [u8]>, VideoError> {
    Ok(children(buf)?
        .into_iter()
        .find(|c| &c.kind == kind)
        .map(|c| c.payload))
}

/// The payload reached by following `path` from `buf`, if every box is there.
fn descend<'a>(buf: &'a [u8], path: &[&[u8; 4]]) -> Result<Option<&'a [u8]>, VideoError> {
    let mut here = buf;
    for kind in path {
        match child(here, kind)? {
            Some(p) => here = p,
            None => return Ok(None),
        }
    }
    Ok(Some(here))
}

/// What the first bytes of a file that is not MP4/MOV look like.
fn sniff(head: &[u8]) -> &'static str {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "it is a JPEG picture"
    } else if head.starts_with(b"\x89PNG") {
        "it is a PNG picture"
    } else if head.starts_with(b"RIFF") {
        "it is a RIFF file (AVI or WAV)"
    } else if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        "it is Matroska or WebM"
    } else if head.is_empty() {
        "the file is empty"
    } else {
        "its first bytes are not an MP4 box"
    }
}

/// Box types that may open an MP4 or MOV file.
const TOP_LEVEL: [&[u8; 4]; 9] = [
    b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot", b"uuid", b"styp",
];

/// Finds the `moov` box among the top-level boxes and reads it; also says
/// whether the file calls itself QuickTime.
fn read_moov<R: Read + Seek>(r: &mut R, len: u64) -> Result<(Vec<u8>, bool), VideoError> {
    let mut pos = 0u64;
    // Old QuickTime files have no 'ftyp' box at all.
    let mut quicktime = true;
    let mut first = true;
    let mut saw_mdat = false;
    loop {
        if pos >= len {
            let what = if saw_mdat {
                "the frames are there but the index ('moov' box) that lists them is missing"
            } else {
                "there is no index ('moov' box)"
            };
            return Err(if first {
                VideoError::NotMp4 { found: sniff(&[]) }
            } else {
                VideoError::Truncated { what: what.into() }
            });
        }
        r.seek(SeekFrom::Start(pos))?;
        let mut head = [0u8; 16];
        let got = read_up_to(r, &mut head)?;
        let head = &head[..got];
        let kind = if head.len() >= 8 {
            [head[4], head[5], head[6], head[7]]
        } else {
            [0; 4]
        };
        if first && (head.len() < 8 || !TOP_LEVEL.contains(&&kind)) {
            return Err(VideoError::NotMp4 { found: sniff(head) });
        }
        if head.len() < 8 {
            return Err(VideoError::Truncated {
                what: "the last box header is cut off".into(),
            });
        }
        first = false;
        let size32 = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as u64;
        let (header, size) = match size32 {
            0 => (8u64, len - pos),
            1 => {
                if head.len() < 16 {
                    return Err(VideoError::Truncated {
                        what: "the last box header is cut off".into(),
                    });
                }
                let mut b = [0u8; 8];
                b.copy_from_slice(&head[8..16]);
                (16, u64::from_be_bytes(b))
            }
            s => (8, s),
        };
        if size < header {
            return Err(malformed(kind, "its size is smaller than its header"));
        }
        let end = pos
            .checked_add(size)
            .ok_or_else(|| malformed(kind, "its size overflows"))?;
        match &kind {
            b"ftyp" => {
                if let Some(brand) = head.get(8..12) {
                    quicktime = brand == b"qt  ";
                }
            }
            b"mdat" => saw_mdat = true,
            b"moov" => {
                if end > len {
                    return Err(VideoError::Truncated {
                        what: "the index ('moov' box) is incomplete".into(),
                    });
                }
                let body = size - header;
                if body > MAX_MOOV_BYTES {
                    return Err(VideoError::Malformed(format!(
                        "its index is {body} bytes, more than the {MAX_MOOV_BYTES} this reader takes"
                    )));
                }
                r.seek(SeekFrom::Start(pos + header))?;
                let mut moov = vec![0u8; body as usize];
                r.read_exact(&mut moov)?;
                return Ok((moov, quicktime));
            }
            _ => {}
        }
        pos = end;
    }
}

/// Reads as many bytes as are there, up to `buf.len()` (until `buf` is
/// full or the stream ends); returns the bytes read.
pub(crate) fn read_up_to<R: Read>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// The handler type of a track (`vide`, `soun`, ...).
fn handler(trak: &[u8]) -> Result<Option<[u8; 4]>, VideoError> {
    let Some(hdlr) = descend(trak, &[b"mdia", b"hdlr"])? else {
        return Ok(None);
    };
    Ok(hdlr.get(8..12).map(|h| [h[0], h[1], h[2], h[3]]))
}

/// A sample entry: its four-character code and its body.
type Entry<'a> = ([u8; 4], &'a [u8]);

/// The first sample entry of a track.
fn sample_entry(trak: &[u8]) -> Result<Option<Entry<'_>>, VideoError> {
    let Some(stsd) = descend(trak, &[b"mdia", b"minf", b"stbl", b"stsd"])? else {
        return Ok(None);
    };
    let Some(entries) = stsd.get(8..) else {
        return Err(malformed(*b"stsd", "it is shorter than its header"));
    };
    Ok(children(entries)?
        .into_iter()
        .next()
        .map(|c| (c.kind, c.payload)))
}

/// The rotation a track header's matrix asks for. The matrix's first four
/// entries (a, b, c, d in 16.16 fixed point) are cos, sin, -sin, cos of
/// the clockwise turn; anything that is not a right angle counts as none.
pub(crate) fn rotation_from_matrix(a: i32, b: i32, c: i32, d: i32) -> Rotation {
    let sign = |v: i32| v.signum();
    match (sign(a), sign(b), sign(c), sign(d)) {
        (1, 0, 0, 1) => Rotation::None,
        (0, 1, -1, 0) => Rotation::Cw90,
        (-1, 0, 0, -1) => Rotation::Cw180,
        (0, -1, 1, 0) => Rotation::Cw270,
        _ => Rotation::None,
    }
}

/// Opens the container and describes its video track.
pub(crate) fn read_track<R: Read + Seek>(r: &mut R) -> Result<Track, VideoError> {
    let len = r.seek(SeekFrom::End(0))?;
    let (moov, quicktime) = read_moov(r, len)?;
    let tops = children(&moov)?;
    let mut kinds = Vec::new();
    let mut video = None;
    for trak in tops.iter().filter(|c| &c.kind == b"trak") {
        let h = handler(trak.payload)?;
        if h == Some(*b"vide") {
            video = Some(trak.payload);
            break;
        }
        kinds.push(match h.as_ref() {
            Some(b"soun") => "audio".to_string(),
            Some(b"text" | b"sbtl" | b"subt") => "text".to_string(),
            Some(b"meta" | b"mdta") => "metadata".to_string(),
            Some(k) => format!("a '{}' track", fourcc_text(*k)),
            None => "a track of unknown kind".to_string(),
        });
    }
    let Some(trak) = video else {
        kinds.dedup();
        let found = if kinds.is_empty() {
            "no tracks at all".to_string()
        } else {
            kinds.join(", ")
        };
        return Err(VideoError::NoVideoTrack { found });
    };
    let (fourcc, entry) = sample_entry(trak)?
        .ok_or_else(|| VideoError::Malformed("the video track has no sample description".into()))?;
    // A visual sample entry: 6 reserved, 2 reference index, 16 reserved,
    // then width and height, then 50 more bytes before its child boxes.
    let (width, height) = match entry.get(24..28) {
        Some(s) => (
            u16::from_be_bytes([s[0], s[1]]) as u32,
            u16::from_be_bytes([s[2], s[3]]) as u32,
        ),
        None => return Err(malformed(fourcc, "the video sample description is cut off")),
    };
    let avcc = match entry.get(78..) {
        Some(kids) if matches!(&fourcc, b"avc1" | b"avc3") => {
            child(kids, b"avcC")?.map(<[u8]>::to_vec)
        }
        _ => None,
    };

    let tkhd = descend(trak, &[b"tkhd"])?
        .ok_or_else(|| VideoError::Malformed("the video track has no header ('tkhd')".into()))?;
    let mdhd = descend(trak, &[b"mdia", b"mdhd"])?.ok_or_else(|| {
        VideoError::Malformed("the video track has no media header ('mdhd')".into())
    })?;
    let stbl = descend(trak, &[b"mdia", b"minf", b"stbl"])?.ok_or_else(|| {
        VideoError::Malformed("the video track has no sample tables ('stbl')".into())
    })?;
    let rotation = tkhd_rotation(tkhd)?;
    let timescale = mdhd_timescale(mdhd)?;
    if timescale == 0 {
        return Err(VideoError::Malformed(
            "the video track's time scale is zero".into(),
        ));
    }
    let need = |kind: &[u8; 4]| -> Result<&[u8], VideoError> {
        child(stbl, kind)?.ok_or_else(|| {
            VideoError::Malformed(format!(
                "the video track has no '{}' table",
                fourcc_text(*kind)
            ))
        })
    };
    let stsz = need(b"stsz")?;
    let (const_size, count) = match stsz.get(4..12) {
        Some(b) => (be32(&b[0..4]), be32(&b[4..8]) as u64),
        None => return Err(malformed(*b"stsz", "it is cut off")),
    };
    if count == 0 {
        return Err(VideoError::NoFrames);
    }
    // Every frame takes at least a byte of the file.
    if count > MAX_SAMPLES || count > len {
        return Err(VideoError::Malformed(format!(
            "the video track lists {count} frames"
        )));
    }
    if width == 0 || height == 0 {
        return Err(VideoError::Malformed(format!(
            "the video's pictures are {width}x{height} pixels"
        )));
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(VideoError::TooLarge { width, height });
    }
    let count = count as usize;
    let sizes: Vec<u32> = if const_size != 0 {
        Vec::new()
    } else {
        let t = table(stsz, 12, count as u64, 4, *b"stsz")?;
        t.chunks_exact(4).map(be32).collect()
    };
    let size_of = |i: usize| -> Result<u32, VideoError> {
        if const_size != 0 {
            Ok(const_size)
        } else {
            sizes
                .get(i)
                .copied()
                .ok_or_else(|| VideoError::Malformed("the sample size table is short".into()))
        }
    };
    let chunk_offsets: Vec<u64> = if let Some(stco) = child(stbl, b"stco")? {
        counted(stco, 4, *b"stco")?
            .chunks_exact(4)
            .map(|b| be32(b) as u64)
            .collect()
    } else if let Some(co64) = child(stbl, b"co64")? {
        counted(co64, 8, *b"co64")?
            .chunks_exact(8)
            .map(be64)
            .collect()
    } else {
        return Err(VideoError::Malformed(
            "the video track has no chunk offsets".into(),
        ));
    };
    // (first chunk, samples per chunk) runs.
    let runs: Vec<(u32, u32)> = counted(need(b"stsc")?, 12, *b"stsc")?
        .chunks_exact(12)
        .map(|e| (be32(&e[0..4]), be32(&e[4..8])))
        .collect();
    let stts: Vec<(u32, u32)> = counted(need(b"stts")?, 8, *b"stts")?
        .chunks_exact(8)
        .map(|e| (be32(&e[0..4]), be32(&e[4..8])))
        .collect();
    let ctts: Option<Vec<(u32, i64)>> = match child(stbl, b"ctts")? {
        Some(c) => {
            let signed = c.first() == Some(&1);
            Some(
                counted(c, 8, *b"ctts")?
                    .chunks_exact(8)
                    .map(|e| {
                        let raw = be32(&e[4..8]);
                        (
                            be32(&e[0..4]),
                            if signed {
                                raw as i32 as i64
                            } else {
                                raw as i64
                            },
                        )
                    })
                    .collect(),
            )
        }
        None => None,
    };

    // Samples, chunk by chunk (stsc runs give samples per chunk).
    let mut samples = Vec::with_capacity(count);
    'chunks: for (ci, &chunk_start) in chunk_offsets.iter().enumerate() {
        let chunk_no = ci as u64 + 1;
        let per_chunk = runs
            .iter()
            .take_while(|e| e.0 as u64 <= chunk_no)
            .last()
            .map(|e| e.1)
            .unwrap_or(0);
        let mut offset = chunk_start;
        for _ in 0..per_chunk {
            if samples.len() == count {
                break 'chunks;
            }
            let size = size_of(samples.len())?;
            if size > MAX_SAMPLE_BYTES {
                return Err(VideoError::Malformed(format!(
                    "frame {} claims {size} bytes",
                    samples.len()
                )));
            }
            samples.push(Sample { offset, size });
            offset = offset
                .checked_add(size as u64)
                .ok_or_else(|| VideoError::Malformed("a chunk offset overflows".into()))?;
        }
    }
    if samples.len() < count {
        return Err(VideoError::Malformed(format!(
            "the chunk tables place {} of the {count} frames",
            samples.len()
        )));
    }
    if let Some(last) = samples
        .iter()
        .position(|s| s.offset.saturating_add(s.size as u64) > len)
    {
        return Err(VideoError::Truncated {
            what: format!("the file ends before frame {last} of {count}"),
        });
    }

    // Decoding times (stts) plus composition offsets (ctts) give each
    // sample's presentation time.
    let mut pts: Vec<i128> = Vec::with_capacity(count);
    let mut dts: i128 = 0;
    let mut end: i128 = 0;
    for &(run, delta) in &stts {
        for _ in 0..run {
            if pts.len() == count {
                break;
            }
            pts.push(dts);
            dts += delta as i128;
            end = dts;
        }
    }
    if pts.len() < count {
        return Err(VideoError::Malformed(format!(
            "the timing table covers {} of the {count} frames",
            pts.len()
        )));
    }
    if let Some(ctts) = &ctts {
        let mut i = 0usize;
        'runs: for &(run, offset) in ctts {
            for _ in 0..run {
                let Some(p) = pts.get_mut(i) else { break 'runs };
                *p += offset as i128;
                i += 1;
            }
        }
    }
    pts.sort_unstable();
    let first = pts[0];
    let scale = timescale as f64;
    let times: Vec<f64> = pts.iter().map(|&p| (p - first) as f64 / scale).collect();
    // The clip lasts from the first frame shown to the end of the last
    // frame's display (the sum of all frame durations).
    let duration_s = end.max(0) as f64 / scale;

    Ok(Track {
        quicktime,
        fourcc,
        width,
        height,
        rotation,
        samples,
        times,
        duration_s,
        avcc,
    })
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn be64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_be_bytes(a)
}

/// The `n` entries of `entry` bytes that start at `at` in a full box's
/// payload, checked to fit.
fn table(p: &[u8], at: usize, n: u64, entry: usize, kind: [u8; 4]) -> Result<&[u8], VideoError> {
    let bytes = n
        .checked_mul(entry as u64)
        .and_then(|b| usize::try_from(b).ok())
        .ok_or_else(|| malformed(kind, "its entry count overflows"))?;
    p.get(at..)
        .and_then(|rest| rest.get(..bytes))
        .ok_or_else(|| malformed(kind, "it lists more entries than it holds"))
}

/// The entries of a full box whose payload is version/flags, a 32-bit
/// entry count, then the entries.
fn counted(p: &[u8], entry: usize, kind: [u8; 4]) -> Result<&[u8], VideoError> {
    let n = p
        .get(4..8)
        .map(be32)
        .ok_or_else(|| malformed(kind, "it is cut off"))?;
    table(p, 8, n as u64, entry, kind)
}

/// The rotation in a track header (`tkhd`) payload's matrix.
fn tkhd_rotation(p: &[u8]) -> Result<Rotation, VideoError> {
    // After version/flags: times, track id, reserved and duration (32-
    // or 64-bit by version), 8 reserved, layer, group, volume, reserved.
    let at = if p.first() == Some(&1) { 52 } else { 40 };
    let m = p
        .get(at..at + 20)
        .ok_or_else(|| malformed(*b"tkhd", "it is cut off before its matrix"))?;
    let entry = |i: usize| be32(&m[i * 4..i * 4 + 4]) as i32;
    Ok(rotation_from_matrix(entry(0), entry(1), entry(3), entry(4)))
}

/// The ticks per second of a media header (`mdhd`) payload.
fn mdhd_timescale(p: &[u8]) -> Result<u32, VideoError> {
    let at = if p.first() == Some(&1) { 20 } else { 12 };
    p.get(at..at + 4)
        .map(be32)
        .ok_or_else(|| malformed(*b"mdhd", "it is cut off"))
}

/// The parameter sets and NAL length size of an H.264 `avcC` record.
#[derive(Debug, Default)]
pub(crate) struct AvcConfig {
    pub length_size: usize,
    pub sps: Vec<Vec<u8>>,
    pub pps: Vec<Vec<u8>>,
}

/// Parses an `avcC` record (ISO/IEC 14496-15): version, profile,
/// compatibility, level, NAL length size, then the SPS and PPS lists.
pub(crate) fn parse_avcc(b: &[u8]) -> Result<AvcConfig, VideoError> {
    let bad = || VideoError::Malformed("the H.264 configuration ('avcC') is cut off".into());
    if b.len() < 7 {
        return Err(bad());
    }
    let length_size = (b[4] & 3) as usize + 1;
    if length_size == 3 {
        return Err(VideoError::Malformed(
            "the H.264 configuration names a 3-byte NAL length".into(),
        ));
    }
    let mut pos = 5usize;
    let take_sets = |count: usize, pos: &mut usize| -> Result<Vec<Vec<u8>>, VideoError> {
        let mut sets = Vec::with_capacity(count);
        for _ in 0..count {
            let l = b.get(*pos..*pos + 2).ok_or_else(bad)?;
            let l = u16::from_be_bytes([l[0], l[1]]) as usize;
            *pos += 2;
            let s = b.get(*pos..*pos + l).ok_or_else(bad)?;
            sets.push(s.to_vec());
            *pos += l;
        }
        Ok(sets)
    };
    let n_sps = (b[pos] & 0x1F) as usize;
    pos += 1;
    let sps = take_sets(n_sps, &mut pos)?;
    let n_pps = *b.get(pos).ok_or_else(bad)? as usize;
    pos += 1;
    let pps = take_sets(n_pps, &mut pos)?;
    Ok(AvcConfig {
        length_size,
        sps,
        pps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_matrices_give_their_right_angles() {
        let one = 0x10000;
        assert_eq!(rotation_from_matrix(one, 0, 0, one), Rotation::None);
        assert_eq!(rotation_from_matrix(0, one, -one, 0), Rotation::Cw90);
        assert_eq!(rotation_from_matrix(-one, 0, 0, -one), Rotation::Cw180);
        assert_eq!(rotation_from_matrix(0, -one, one, 0), Rotation::Cw270);
        // A shear is no right angle: shown as stored.
        assert_eq!(rotation_from_matrix(one, one, 0, one), Rotation::None);
    }

    #[test]
    fn boxes_that_overrun_their_parent_are_errors() {
        // A 'free' box claiming 100 bytes inside 12.
        let buf = [0, 0, 0, 100, b'f', b'r', b'e', b'e', 0, 0, 0, 0];
        assert!(matches!(children(&buf), Err(VideoError::Malformed(_))));
        // Four bytes of padding after a box are ignored.
        let buf = [0, 0, 0, 8, b'f', b'r', b'e', b'e', 0, 0, 0, 0];
        assert_eq!(children(&buf).map(|c| c.len()).ok(), Some(1));
    }

    #[test]
    fn an_avcc_record_yields_its_parameter_sets() {
        let rec = [
            1, 0x64, 0, 0x1F, 0xFF, 0xE1, 0, 3, 0x67, 1, 2, 1, 0, 2, 0x68, 9,
        ];
        let cfg = parse_avcc(&rec).expect("well formed");
        assert_eq!(cfg.length_size, 4);
        assert_eq!(cfg.sps, vec![vec![0x67, 1, 2]]);
        assert_eq!(cfg.pps, vec![vec![0x68, 9]]);
        assert!(parse_avcc(&rec[..10]).is_err());
    }
}
