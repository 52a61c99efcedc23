//! Test helpers shared by the pose tests and the bench: the real frame from
//! testdata and ways to store a picture rotated or scaled, as a phone or a
//! larger camera would.

#![allow(dead_code)]

use backstride_video::{Frame, Rotation};

/// Frame 30 of the pose2sim clip `pose2sim-cam01-h264.mp4` (the wheel's `cam01.mp4`) (BSD-3), 216x384, one person
/// standing in the middle, another small in the background at the left.
pub const REAL_FRAME: &[u8] =
    include_bytes!("../../../../testdata/video/cam01-frame30-216x384.ppm");

/// Width, height and RGB pixels of a binary 8-bit PPM.
pub fn read_ppm(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut parts = Vec::new();
    let mut pos = 0;
    while parts.len() < 4 {
        while bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        parts.push(String::from_utf8_lossy(&bytes[start..pos]).into_owned());
    }
    assert_eq!(parts[0], "P6");
    let num = |s: &str| s.parse::<u32>().expect("a PPM number");
    let (w, h) = (num(&parts[1]), num(&parts[2]));
    let rgb = bytes[pos + 1..].to_vec();
    assert_eq!(rgb.len(), (w * h * 3) as usize);
    (w, h, rgb)
}

/// The real frame as a Frame, stored upright.
pub fn real_frame() -> Frame {
    let (w, h, rgb) = read_ppm(REAL_FRAME);
    Frame::from_rgb(w, h, &rgb, 0, 0.0).expect("sizes match")
}

/// The upright picture stored so that turning it by `rot` shows it upright
/// again (what a phone writes for a portrait clip with a rotation flag).
pub fn stored_rotated(w: u32, h: u32, rgb: &[u8], rot: Rotation) -> Frame {
    let (sw, sh) = match rot {
        Rotation::None | Rotation::Cw180 => (w, h),
        Rotation::Cw90 | Rotation::Cw270 => (h, w),
    };
    let mut stored = vec![0u8; rgb.len()];
    for y in 0..h {
        for x in 0..w {
            let (sx, sy) = rot.to_stored(x as f32 + 0.5, y as f32 + 0.5, sw, sh);
            let si = ((sy.floor() as u32 * sw + sx.floor() as u32) * 3) as usize;
            let ui = ((y * w + x) * 3) as usize;
            stored[si..si + 3].copy_from_slice(&rgb[ui..ui + 3]);
        }
    }
    let mut f = Frame::from_rgb(sw, sh, &stored, 0, 0.0).expect("sizes match");
    f.rotation = rot;
    f
}

/// The picture scaled by `scale` (nearest pixel) into the middle of a
/// `w` x `h` grey canvas.
pub fn on_canvas(pw: u32, ph: u32, rgb: &[u8], scale: u32, w: u32, h: u32) -> Vec<u8> {
    let mut out = vec![110u8; (w * h * 3) as usize];
    let (x0, y0) = (
        (w.saturating_sub(pw * scale)) / 2,
        (h.saturating_sub(ph * scale)) / 2,
    );
    for y in 0..h.min(ph * scale) {
        for x in 0..w.min(pw * scale) {
            let si = (((y / scale) * pw + x / scale) * 3) as usize;
            let oi = (((y0 + y) * w + x0 + x) * 3) as usize;
            out[oi..oi + 3].copy_from_slice(&rgb[si..si + 3]);
        }
    }
    out
}
