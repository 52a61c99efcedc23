//! One decoded picture: its planes as stored in the file, when it is shown,
//! and how to turn it upright. Sampling in upright coordinates hides the
//! rotation from everything downstream (pose estimation, snapshots).

/// How far a stored picture must turn clockwise to stand upright, from the
/// track header's matrix. Phones film portrait video as landscape pictures
/// turned by 90 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rotation {
    /// Stored upright.
    #[default]
    None,
    /// Turn 90 degrees clockwise.
    Cw90,
    /// Turn 180 degrees.
    Cw180,
    /// Turn 270 degrees clockwise (90 anticlockwise).
    Cw270,
}

impl Rotation {
    /// The rotation for a clockwise angle in degrees (a multiple of 90,
    /// any sign); `None` for other angles.
    pub fn from_degrees(degrees: i64) -> Option<Rotation> {
        match degrees.rem_euclid(360) {
            0 => Some(Rotation::None),
            90 => Some(Rotation::Cw90),
            180 => Some(Rotation::Cw180),
            270 => Some(Rotation::Cw270),
            _ => None,
        }
    }

    /// The clockwise angle in degrees.
    pub fn degrees(self) -> u32 {
        match self {
            Rotation::None => 0,
            Rotation::Cw90 => 90,
            Rotation::Cw180 => 180,
            Rotation::Cw270 => 270,
        }
    }

    /// The upright size of a stored `width` x `height` picture.
    pub fn upright_size(self, width: u32, height: u32) -> (u32, u32) {
        match self {
            Rotation::None | Rotation::Cw180 => (width, height),
            Rotation::Cw90 | Rotation::Cw270 => (height, width),
        }
    }

    /// Where the upright point (`x`, `y`) lies in a stored picture of
    /// `width` x `height` (continuous pixel coordinates, 0 at the left or
    /// top edge of the first pixel).
    pub fn to_stored(self, x: f32, y: f32, width: u32, height: u32) -> (f32, f32) {
        let (w, h) = (width as f32, height as f32);
        match self {
            Rotation::None => (x, y),
            Rotation::Cw90 => (y, h - x),
            Rotation::Cw180 => (w - x, h - y),
            Rotation::Cw270 => (w - y, x),
        }
    }
}

/// One decoded picture in planar YUV 4:2:0 (I420, BT.601 limited range as
/// phones record), as stored in the file: turn it by [`Frame::rotation`]
/// to see it upright.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Position in presentation order, from 0.
    pub index: u64,
    /// Presentation time in seconds from the first frame shown.
    pub time_s: f64,
    /// Stored picture width in pixels (the displayed crop).
    pub width: u32,
    /// Stored picture height in pixels.
    pub height: u32,
    /// How to turn the picture upright.
    pub rotation: Rotation,
    /// Luma plane, `y_stride` bytes a row, `height` rows.
    pub y: Vec<u8>,
    /// Bytes per luma row (at least `width`).
    pub y_stride: usize,
    /// Cb plane, `uv_stride` bytes a row, `(height + 1) / 2` rows.
    pub u: Vec<u8>,
    /// Cr plane, laid out as `u`.
    pub v: Vec<u8>,
    /// Bytes per chroma row (at least `(width + 1) / 2`).
    pub uv_stride: usize,
}

impl Frame {
    /// The picture's size once upright (width, height).
    pub fn upright_size(&self) -> (u32, u32) {
        self.rotation.upright_size(self.width, self.height)
    }

    /// A frame from packed RGB rows (`width * height * 3` bytes, stored
    /// upright), converted to I420 with BT.601 limited-range coefficients:
    /// how tests and synthetic clips make frames. `None` when the buffer
    /// does not match the size or a side is zero.
    pub fn from_rgb(width: u32, height: u32, rgb: &[u8], index: u64, time_s: f64) -> Option<Frame> {
        let (w, h) = (width as usize, height as usize);
        if w == 0 || h == 0 || rgb.len() != w.checked_mul(h)?.checked_mul(3)? {
            return None;
        }
        let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
        let mut y = vec![0u8; w * h];
        let mut u = vec![0u8; cw * ch];
        let mut v = vec![0u8; cw * ch];
        let px = |x: usize, row: usize| {
            let i = (row * w + x) * 3;
            (rgb[i] as f32, rgb[i + 1] as f32, rgb[i + 2] as f32)
        };
        for row in 0..h {
            for x in 0..w {
                let (r, g, b) = px(x, row);
                y[row * w + x] = clamp_u8(16.0 + 0.257 * r + 0.504 * g + 0.098 * b);
            }
        }
        for cy in 0..ch {
            for cx in 0..cw {
                let (mut r, mut g, mut b, mut n) = (0.0, 0.0, 0.0, 0.0);
                for row in (2 * cy)..(2 * cy + 2).min(h) {
                    for x in (2 * cx)..(2 * cx + 2).min(w) {
                        let p = px(x, row);
                        r += p.0;
                        g += p.1;
                        b += p.2;
                        n += 1.0;
                    }
                }
                let (r, g, b) = (r / n, g / n, b / n);
                u[cy * cw + cx] = clamp_u8(128.0 - 0.148 * r - 0.291 * g + 0.439 * b);
                v[cy * cw + cx] = clamp_u8(128.0 + 0.439 * r - 0.368 * g - 0.071 * b);
            }
        }
        Some(Frame {
            index,
            time_s,
            width,
            height,
            rotation: Rotation::None,
            y,
            y_stride: w,
            u,
            v,
            uv_stride: cw,
        })
    }

    /// The RGB colour of the stored pixel at (`x`, `y`), clamped to the
    /// picture (BT.601 limited range to full-range RGB).
    pub fn rgb_at_stored(&self, x: u32, y: u32) -> [u8; 3] {
        let x = x.min(self.width.saturating_sub(1)) as usize;
        let y = y.min(self.height.saturating_sub(1)) as usize;
        let luma = *self.y.get(y * self.y_stride + x).unwrap_or(&16) as f32;
        let ci = (y / 2) * self.uv_stride + x / 2;
        let cb = *self.u.get(ci).unwrap_or(&128) as f32 - 128.0;
        let cr = *self.v.get(ci).unwrap_or(&128) as f32 - 128.0;
        let l = 1.164 * (luma - 16.0);
        [
            clamp_u8(l + 1.596 * cr),
            clamp_u8(l - 0.392 * cb - 0.813 * cr),
            clamp_u8(l + 2.017 * cb),
        ]
    }

    /// The upright picture as packed RGB, scaled down (nearest pixel) so
    /// that its longer side is at most `max_side`: for snapshots in
    /// reports. Returns (width, height, rgb).
    pub fn upright_rgb(&self, max_side: u32) -> (u32, u32, Vec<u8>) {
        let (uw, uh) = self.upright_size();
        let longer = uw.max(uh).max(1);
        let scale = (max_side.max(1) as f32 / longer as f32).min(1.0);
        let ow = ((uw as f32 * scale).round() as u32).max(1);
        let oh = ((uh as f32 * scale).round() as u32).max(1);
        let mut out = Vec::with_capacity(ow as usize * oh as usize * 3);
        for oy in 0..oh {
            for ox in 0..ow {
                let ux = (ox as f32 + 0.5) / scale;
                let uy = (oy as f32 + 0.5) / scale;
                let (sx, sy) = self.rotation.to_stored(ux, uy, self.width, self.height);
                let px = self.rgb_at_stored(sx.max(0.0) as u32, sy.max(0.0) as u32);
                out.extend_from_slice(&px);
            }
        }
        (ow, oh, out)
    }
}

fn clamp_u8(v: f32) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_portrait_phone_frame_stands_upright() {
        // A 4x2 stored picture, white in its top-left pixel only.
        let mut rgb = vec![0u8; 4 * 2 * 3];
        rgb[..3].copy_from_slice(&[255, 255, 255]);
        let mut f = Frame::from_rgb(4, 2, &rgb, 0, 0.0).expect("sizes match");
        f.rotation = Rotation::Cw90;
        assert_eq!(f.upright_size(), (2, 4));
        let (w, h, up) = f.upright_rgb(100);
        assert_eq!((w, h), (2, 4));
        // Turned clockwise, the stored top-left lands top-right.
        let top_right = &up[3..6];
        assert!(top_right.iter().all(|&c| c > 200), "{up:?}");
        assert!(up[..3].iter().all(|&c| c < 60), "{up:?}");
    }

    #[test]
    fn colours_survive_the_round_trip_through_yuv() {
        let rgb: Vec<u8> = [200u8, 40, 90].repeat(4);
        let f = Frame::from_rgb(2, 2, &rgb, 3, 0.1).expect("sizes match");
        let back = f.rgb_at_stored(1, 1);
        for (a, b) in back.iter().zip([200u8, 40, 90]) {
            assert!((*a as i32 - b as i32).abs() <= 3, "{back:?}");
        }
        assert!(Frame::from_rgb(3, 2, &rgb, 0, 0.0).is_none());
    }

    #[test]
    fn every_rotation_maps_corners_onto_corners() {
        for deg in [0, 90, 180, 270, -90] {
            let r = Rotation::from_degrees(deg).expect("a right angle");
            let (uw, uh) = r.upright_size(8, 4);
            let corners = [
                (0.0, 0.0),
                (uw as f32, 0.0),
                (0.0, uh as f32),
                (uw as f32, uh as f32),
            ];
            for (x, y) in corners {
                let (sx, sy) = r.to_stored(x, y, 8, 4);
                assert!(sx == 0.0 || sx == 8.0, "{deg} {sx}");
                assert!(sy == 0.0 || sy == 4.0, "{deg} {sy}");
            }
        }
        assert_eq!(Rotation::from_degrees(45), None);
    }
}
