//! The square crop the model looks at: where it lies in the upright picture,
//! how it is sampled straight from a frame's YUV planes (bilinear, in
//! upright coordinates, so a portrait phone video needs no turned copy),
//! and how the model's crop-relative keypoints map back to picture pixels.

use backstride_video::Frame;

/// The model's input side in pixels (MoveNet Lightning: 192x192 RGB).
pub const INPUT_SIDE: usize = 192;

/// A square region of the upright picture, in upright pixels. It may reach
/// past the picture's edges; what lies outside is sampled as black, as
/// MoveNet's reference crop does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crop {
    /// Left edge, pixels from the picture's left edge (may be negative).
    pub x0: f32,
    /// Top edge, pixels from the picture's top edge (may be negative).
    pub y0: f32,
    /// Side length in pixels (positive).
    pub side: f32,
}

impl Crop {
    /// The whole upright picture of `width` x `height`, padded to a square
    /// around its centre: where the model starts and where it looks again
    /// when it has lost the runner.
    pub fn whole(width: u32, height: u32) -> Crop {
        let (w, h) = (width as f32, height as f32);
        let side = w.max(h).max(1.0);
        Crop {
            x0: (w - side) / 2.0,
            y0: (h - side) / 2.0,
            side,
        }
    }

    /// A square of `side` around (`cx`, `cy`).
    pub fn centred(cx: f32, cy: f32, side: f32) -> Crop {
        Crop {
            x0: cx - side / 2.0,
            y0: cy - side / 2.0,
            side,
        }
    }

    /// The crop's centre.
    pub fn centre(&self) -> (f32, f32) {
        (self.x0 + self.side / 2.0, self.y0 + self.side / 2.0)
    }

    /// Upright picture pixels of a point the model gives relative to the
    /// crop (`u` across, `v` down, each 0..=1).
    pub fn to_picture(&self, u: f32, v: f32) -> (f32, f32) {
        (self.x0 + u * self.side, self.y0 + v * self.side)
    }
}

/// Fill `out` (`INPUT_SIDE` x `INPUT_SIDE` x 3, RGB rows, values 0..=255)
/// with the frame's upright picture inside `crop`, sampled bilinearly from
/// the stored luma and chroma planes. The frame must have passed
/// [`check_frame`]; points outside the picture come out black.
pub fn sample_rgb(frame: &Frame, crop: &Crop, out: &mut [i32]) {
    let n = INPUT_SIDE;
    let step = crop.side / n as f32;
    let (w, h) = (frame.width, frame.height);
    let (uw, uh) = frame.upright_size();
    let (uw, uh) = (uw as f32, uh as f32);
    let planes = Planes::new(frame);
    for row in 0..n {
        let uy = crop.y0 + (row as f32 + 0.5) * step;
        for col in 0..n {
            let ux = crop.x0 + (col as f32 + 0.5) * step;
            let i = (row * n + col) * 3;
            if !(0.0..uh).contains(&uy) || !(0.0..uw).contains(&ux) {
                out[i..i + 3].fill(0);
                continue;
            }
            let (sx, sy) = frame.rotation.to_stored(ux, uy, w, h);
            let rgb = planes.rgb(sx, sy);
            out[i..i + 3].copy_from_slice(&rgb);
        }
    }
}

/// Why a frame cannot be sampled, or `None` when its planes hold what its
/// size and strides promise.
pub fn check_frame(frame: &Frame) -> Option<String> {
    let (w, h) = (frame.width as usize, frame.height as usize);
    if w == 0 || h == 0 {
        return Some(format!("the frame is {w}x{h} pixels"));
    }
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    if frame.y_stride < w || frame.uv_stride < cw {
        return Some(format!(
            "row strides {} (luma) and {} (chroma) are shorter than the {w}-pixel rows",
            frame.y_stride, frame.uv_stride
        ));
    }
    let need = |stride: usize, width: usize, rows: usize| {
        stride
            .checked_mul(rows - 1)
            .and_then(|v| v.checked_add(width))
    };
    let ok = |have: usize, want: Option<usize>| want.is_some_and(|want| have >= want);
    if !ok(frame.y.len(), need(frame.y_stride, w, h))
        || !ok(frame.u.len(), need(frame.uv_stride, cw, ch))
        || !ok(frame.v.len(), need(frame.uv_stride, cw, ch))
    {
        return Some(format!(
            "the planes ({} luma, {} and {} chroma bytes) are too short for {w}x{h}",
            frame.y.len(),
            frame.u.len(),
            frame.v.len()
        ));
    }
    None
}

/// A frame's planes, for bilinear lookups at stored continuous positions.
struct Planes<'a> {
    y: &'a [u8],
    u: &'a [u8],
    v: &'a [u8],
    y_stride: usize,
    uv_stride: usize,
    w: usize,
    h: usize,
    cw: usize,
    ch: usize,
}

impl<'a> Planes<'a> {
    fn new(frame: &'a Frame) -> Planes<'a> {
        let (w, h) = (frame.width as usize, frame.height as usize);
        Planes {
            y: &frame.y,
            u: &frame.u,
            v: &frame.v,
            y_stride: frame.y_stride,
            uv_stride: frame.uv_stride,
            w,
            h,
            cw: w.div_ceil(2),
            ch: h.div_ceil(2),
        }
    }

    /// Full-range RGB (BT.601 limited-range input) at the stored position
    /// (`sx`, `sy`) in continuous pixel coordinates.
    fn rgb(&self, sx: f32, sy: f32) -> [i32; 3] {
        let luma = bilinear(self.y, self.y_stride, self.w, self.h, sx - 0.5, sy - 0.5);
        let (cx, cy) = (sx / 2.0 - 0.5, sy / 2.0 - 0.5);
        let cb = bilinear(self.u, self.uv_stride, self.cw, self.ch, cx, cy) - 128.0;
        let cr = bilinear(self.v, self.uv_stride, self.cw, self.ch, cx, cy) - 128.0;
        let l = 1.164 * (luma - 16.0);
        [
            to_byte(l + 1.596 * cr),
            to_byte(l - 0.392 * cb - 0.813 * cr),
            to_byte(l + 2.017 * cb),
        ]
    }
}

fn to_byte(v: f32) -> i32 {
    v.round().clamp(0.0, 255.0) as i32
}

/// The plane's value at pixel-index position (`x`, `y`) (pixel centres at
/// whole numbers), blending the four nearest pixels and clamping at the
/// edges. The plane is `w` x `h` with `stride` bytes a row and at least
/// as long as that promises ([`check_frame`]).
fn bilinear(plane: &[u8], stride: usize, w: usize, h: usize, x: f32, y: f32) -> f32 {
    let x = x.clamp(0.0, (w - 1) as f32);
    let y = y.clamp(0.0, (h - 1) as f32);
    let (x0, y0) = (x as usize, y as usize);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let at = |xx: usize, yy: usize| plane.get(yy * stride + xx).copied().unwrap_or(0) as f32;
    let top = at(x0, y0) * (1.0 - fx) + at(x1, y0) * fx;
    let bottom = at(x0, y1) * (1.0 - fx) + at(x1, y1) * fx;
    top * (1.0 - fy) + bottom * fy
}

#[cfg(test)]
mod tests {
    use super::*;
    use backstride_video::Rotation;

    fn gradient(w: u32, h: u32) -> Vec<u8> {
        let mut rgb = Vec::new();
        for y in 0..h {
            for x in 0..w {
                rgb.extend_from_slice(&[(x * 255 / w) as u8, (y * 255 / h) as u8, 90]);
            }
        }
        rgb
    }

    /// The picture rotated so that stored = upright turned anticlockwise
    /// by `rot` (what a phone writes for a portrait clip).
    fn store_rotated(w: u32, h: u32, rgb: &[u8], rot: Rotation) -> Frame {
        let (sw, sh) = match rot {
            Rotation::None | Rotation::Cw180 => (w, h),
            Rotation::Cw90 | Rotation::Cw270 => (h, w),
        };
        let mut stored = vec![0u8; rgb.len()];
        for y in 0..h {
            for x in 0..w {
                // Where does the upright pixel centre land in storage?
                let (sx, sy) = rot.to_stored(x as f32 + 0.5, y as f32 + 0.5, sw, sh);
                let (sx, sy) = (sx.floor() as u32, sy.floor() as u32);
                let si = ((sy * sw + sx) * 3) as usize;
                let ui = ((y * w + x) * 3) as usize;
                stored[si..si + 3].copy_from_slice(&rgb[ui..ui + 3]);
            }
        }
        let mut f = Frame::from_rgb(sw, sh, &stored, 0, 0.0).expect("sizes match");
        f.rotation = rot;
        f
    }

    #[test]
    fn a_rotated_frame_samples_like_the_upright_one() {
        let (w, h) = (64, 40);
        let rgb = gradient(w, h);
        let upright = Frame::from_rgb(w, h, &rgb, 0, 0.0).expect("sizes match");
        let crop = Crop::centred(30.0, 22.0, 30.0);
        let mut want = vec![0; INPUT_SIDE * INPUT_SIDE * 3];
        sample_rgb(&upright, &crop, &mut want);
        for rot in [Rotation::Cw90, Rotation::Cw180, Rotation::Cw270] {
            let f = store_rotated(w, h, &rgb, rot);
            assert_eq!(f.upright_size(), (w, h));
            let mut got = vec![0; INPUT_SIDE * INPUT_SIDE * 3];
            sample_rgb(&f, &crop, &mut got);
            let worst = want.iter().zip(&got).map(|(a, b)| (a - b).abs()).max();
            // Chroma sits on 2x2 blocks whose pairing changes with rotation.
            assert!(worst.is_some_and(|d| d <= 12), "{rot:?}: {worst:?}");
        }
    }

    #[test]
    fn outside_the_picture_is_black_and_inside_keeps_its_colour() {
        let rgb = [250u8, 250, 250].repeat(10 * 10);
        let f = Frame::from_rgb(10, 10, &rgb, 0, 0.0).expect("sizes match");
        let mut out = vec![0; INPUT_SIDE * INPUT_SIDE * 3];
        // Left half of the crop lies left of the picture.
        sample_rgb(&f, &Crop::centred(0.0, 5.0, 10.0), &mut out);
        let px = |row: usize, col: usize| &out[(row * INPUT_SIDE + col) * 3..][..3];
        assert_eq!(px(96, 10), &[0, 0, 0]);
        assert!(px(96, 150).iter().all(|&c| c >= 245), "{:?}", px(96, 150));
    }

    #[test]
    fn whole_picture_crops_are_centred_squares() {
        let c = Crop::whole(1280, 720);
        assert_eq!(c.side, 1280.0);
        assert_eq!(c.centre(), (640.0, 360.0));
        assert_eq!(c.to_picture(0.5, 0.0), (640.0, -280.0));
        let p = Crop::whole(1080, 1920);
        assert_eq!((p.x0, p.y0, p.side), (-420.0, 0.0, 1920.0));
    }

    #[test]
    fn short_planes_and_empty_frames_are_refused() {
        let rgb = [1u8, 2, 3].repeat(6);
        let mut f = Frame::from_rgb(3, 2, &rgb, 0, 0.0).expect("sizes match");
        assert_eq!(check_frame(&f), None);
        f.u.pop();
        assert!(check_frame(&f).is_some());
        let mut g = Frame::from_rgb(3, 2, &rgb, 0, 0.0).expect("sizes match");
        g.width = 0;
        assert!(check_frame(&g).is_some());
        let mut s = Frame::from_rgb(3, 2, &rgb, 0, 0.0).expect("sizes match");
        s.y_stride = usize::MAX;
        assert!(check_frame(&s).is_some());
    }
}
