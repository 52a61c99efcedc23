//! A synthetic side-view runner as video frames, of KNOWN trunk lean,
//! cadence and elbow angle, drawn to look human enough for a real pose
//! model (MoveNet) to find the joints: filled limbs of realistic widths
//! (thighs thicker than shins, upper arms thicker than forearms), a
//! skin-coloured head with hair and a neck, a shirt of one colour, shorts
//! of another, dark shoes, the far arm and leg darker behind the body, a
//! plain light background and a floor. Legs and arms swing with the
//! cadence; the hips bob twice a stride.
//!
//! Ground truth: [`RunnerVideo::joints_at`] gives the 17 COCO keypoints
//! (COCO order, picture pixels, y down) exactly where the drawing puts
//! them, so a test can check a pose model against them, and feeding them
//! to the form analysis gives back [`RunnerVideo::lean_deg`] (trunk forward
//! lean: the hip-to-shoulder line against vertical), [`RunnerVideo::cadence`]
//! (steps per minute) and [`RunnerVideo::elbow_deg`] (the inner angle at
//! the elbow between upper arm and forearm).
//!
//! Proportions are shares of standing height (WINTER-2009 segment
//! lengths): torso (shoulder to hip) 0.288, thigh 0.245, shank 0.246,
//! upper arm 0.186, forearm 0.146.

use backstride_video::Frame;

/// COCO-17 indices used below.
const NOSE: usize = 0;
const L_EYE: usize = 1;
const R_EYE: usize = 2;
const L_EAR: usize = 3;
const R_EAR: usize = 4;
const L_SHOULDER: usize = 5;
const L_ELBOW: usize = 7;
const L_WRIST: usize = 9;
const L_HIP: usize = 11;
const L_KNEE: usize = 13;
const L_ANKLE: usize = 15;

/// Colours (RGB).
const BACKGROUND: [u8; 3] = [236, 234, 226];
const FLOOR: [u8; 3] = [150, 146, 140];
const FLOOR_LINE: [u8; 3] = [90, 88, 84];
const SKIN: [u8; 3] = [222, 170, 128];
const SKIN_FAR: [u8; 3] = [178, 132, 98];
const HAIR: [u8; 3] = [60, 40, 28];
const SHIRT: [u8; 3] = [38, 92, 170];
const SHIRT_FAR: [u8; 3] = [28, 66, 124];
const SHORTS: [u8; 3] = [34, 34, 40];
const SHORTS_FAR: [u8; 3] = [22, 22, 26];
const SHOE: [u8; 3] = [25, 25, 25];

/// One synthetic clip's settings; every angle in degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerVideo {
    /// Picture width in pixels.
    pub width: u32,
    /// Picture height in pixels.
    pub height: u32,
    /// Frames per second.
    pub fps: f64,
    /// Length in seconds.
    pub seconds: f64,
    /// Steps per minute (two steps a stride).
    pub cadence: f64,
    /// Trunk forward lean from vertical.
    pub lean_deg: f64,
    /// Inner elbow angle.
    pub elbow_deg: f64,
    /// Faces right on screen (the runner's left side nearer the camera);
    /// left when false.
    pub facing_right: bool,
    /// Standing height as a share of the picture's height.
    pub size: f64,
}

impl Default for RunnerVideo {
    fn default() -> Self {
        RunnerVideo {
            width: 640,
            height: 480,
            fps: 60.0,
            seconds: 20.0,
            cadence: 170.0,
            lean_deg: 8.0,
            elbow_deg: 90.0,
            facing_right: true,
            size: 0.75,
        }
    }
}

type P = (f64, f64);

fn add(a: P, b: P) -> P {
    (a.0 + b.0, a.1 + b.1)
}

fn scale(a: P, k: f64) -> P {
    (a.0 * k, a.1 * k)
}

/// A direction from hanging straight down, forward positive (body frame:
/// forward +x, up +y).
fn down(deg: f64) -> P {
    let r = deg.to_radians();
    (r.sin(), -r.cos())
}

/// One side's limbs in the body frame (forward +x, up +y), pixels.
struct Limbs {
    shoulder: P,
    elbow: P,
    wrist: P,
    hip: P,
    knee: P,
    ankle: P,
    heel: P,
    toe: P,
}

/// The whole body at one moment, body frame.
struct Body {
    ear: P,
    eye: P,
    nose: P,
    head: P,
    /// Near side (index 0) and far side (index 1).
    sides: [Limbs; 2],
}

impl RunnerVideo {
    /// Frames in the clip.
    pub fn frame_count(&self) -> u64 {
        (self.fps * self.seconds).round().max(0.0) as u64
    }

    /// Standing height in pixels.
    fn stature(&self) -> f64 {
        self.size * f64::from(self.height)
    }

    /// The hip's resting point in the picture (y down) and the facing sign.
    fn anchor(&self) -> (P, f64) {
        let h = self.stature();
        let floor = f64::from(self.height) * 0.92;
        // Hip height above the floor when the leg is nearly straight.
        let hip = (f64::from(self.width) / 2.0, floor - 0.53 * h);
        (hip, if self.facing_right { 1.0 } else { -1.0 })
    }

    fn body(&self, t: f64) -> Body {
        let h = self.stature();
        let torso = 0.288 * h;
        let w = 2.0 * std::f64::consts::PI * self.cadence / 120.0;
        let lean = self.lean_deg.to_radians();
        let up = (lean.sin(), lean.cos());
        let forward = (lean.cos(), -lean.sin());
        let hip = (0.0, 0.012 * h * (2.0 * w * t).sin());
        let shoulder = add(hip, scale(up, torso));
        let ear = add(
            add(shoulder, scale(up, 0.13 * h)),
            scale(forward, 0.012 * h),
        );
        let head = add(add(ear, scale(forward, 0.018 * h)), scale(up, 0.012 * h));
        let nose = add(add(ear, scale(forward, 0.062 * h)), scale(up, -0.012 * h));
        let eye = add(add(ear, scale(forward, 0.045 * h)), scale(up, 0.012 * h));
        let side = |phase: f64| {
            // The arm swings against the leg of its side.
            let arm = 5.0 + 25.0 * (w * t + phase + std::f64::consts::PI).sin();
            let a = down(arm);
            let elbow = add(shoulder, scale(a, 0.186 * h));
            let theta = self.elbow_deg.to_radians();
            let back = scale(a, -1.0);
            // The forearm: elbow-to-shoulder turned clockwise (forward
            // and up) by the elbow angle.
            let fore = (
                back.0 * theta.cos() + back.1 * theta.sin(),
                -back.0 * theta.sin() + back.1 * theta.cos(),
            );
            let wrist = add(elbow, scale(fore, 0.146 * h));
            let thigh = 32.0 * (w * t + phase).sin();
            let bend = 8.0 + 55.0 * (1.0 + (w * t + phase - 1.2).sin()) / 2.0;
            let knee = add(hip, scale(down(thigh), 0.245 * h));
            let ankle = add(knee, scale(down(thigh - bend), 0.246 * h));
            Limbs {
                shoulder,
                elbow,
                wrist,
                hip,
                knee,
                ankle,
                heel: add(ankle, (-0.03 * h, -0.022 * h)),
                toe: add(ankle, (0.095 * h, -0.03 * h)),
            }
        };
        Body {
            ear,
            eye,
            nose,
            head,
            sides: [side(0.0), side(std::f64::consts::PI)],
        }
    }

    /// A body-frame point in the picture (y down).
    fn place(&self, p: P) -> (f32, f32) {
        let ((hx, hy), f) = self.anchor();
        ((hx + f * p.0) as f32, (hy - p.1) as f32)
    }

    /// The 17 COCO keypoints at `t` seconds, in COCO order, picture pixels
    /// with y down: the ground truth of what [`RunnerVideo::rgb_at`] draws.
    pub fn joints_at(&self, t: f64) -> [(f32, f32); 17] {
        let b = self.body(t);
        let mut out = [(0.0f32, 0.0f32); 17];
        // COCO's left joints are even offsets from L_*; right ones +1.
        // The near side is the runner's left when facing right.
        let (left, right) = if self.facing_right { (0, 1) } else { (1, 0) };
        out[NOSE] = self.place(b.nose);
        for (offset, side) in [(0usize, left), (1usize, right)] {
            let s = &b.sides[side];
            out[L_EYE + offset] = self.place(b.eye);
            out[L_EAR + offset] = self.place(b.ear);
            out[L_SHOULDER + offset] = self.place(s.shoulder);
            out[L_ELBOW + offset] = self.place(s.elbow);
            out[L_WRIST + offset] = self.place(s.wrist);
            out[L_HIP + offset] = self.place(s.hip);
            out[L_KNEE + offset] = self.place(s.knee);
            out[L_ANKLE + offset] = self.place(s.ankle);
        }
        // The eyes and ears of both sides overlap in a side view: so do R_*.
        out[R_EYE] = out[L_EYE];
        out[R_EAR] = out[L_EAR];
        out
    }

    /// The picture at `t` seconds as packed RGB rows.
    pub fn rgb_at(&self, t: f64) -> Vec<u8> {
        let (w, hgt) = (self.width, self.height);
        let mut img = Canvas {
            w,
            h: hgt,
            rgb: BACKGROUND.repeat((w as usize) * (hgt as usize)),
        };
        let floor = (f64::from(hgt) * 0.92) as u32;
        for y in floor..hgt {
            img.row(y, if y < floor + 3 { FLOOR_LINE } else { FLOOR });
        }
        let h = self.stature();
        let b = self.body(t);
        let cap = |img: &mut Canvas, a: P, c: P, r: f64, colour: [u8; 3]| {
            img.capsule(self.place(a), self.place(c), (r * h) as f32, colour);
        };
        let lean = self.lean_deg.to_radians();
        let up = (lean.sin(), lean.cos());
        let along = |a: P, c: P, k: f64| add(a, scale(add(c, scale(a, -1.0)), k));
        let leg = |img: &mut Canvas, s: &Limbs, near: bool| {
            let skin = if near { SKIN } else { SKIN_FAR };
            cap(img, s.knee, s.ankle, 0.038, skin);
            cap(img, s.hip, s.knee, 0.052, skin);
            cap(
                img,
                s.hip,
                along(s.hip, s.knee, 0.42),
                0.058,
                if near { SHORTS } else { SHORTS_FAR },
            );
            cap(img, s.ankle, s.heel, 0.024, SHOE);
            cap(img, s.heel, s.toe, 0.024, SHOE);
        };
        let arm = |img: &mut Canvas, s: &Limbs, near: bool| {
            let (skin, shirt) = if near {
                (SKIN, SHIRT)
            } else {
                (SKIN_FAR, SHIRT_FAR)
            };
            // A thin darker edge keeps the arm apart from the shirt and
            // the body behind it, as shading does on a real arm.
            let edge = [skin[0] / 2, skin[1] / 2, skin[2] / 2];
            cap(img, s.shoulder, s.elbow, 0.035, edge);
            cap(img, s.elbow, s.wrist, 0.029, edge);
            cap(img, s.shoulder, s.elbow, 0.031, skin);
            cap(
                img,
                s.shoulder,
                along(s.shoulder, s.elbow, 0.25),
                0.037,
                shirt,
            );
            cap(img, s.elbow, s.wrist, 0.025, skin);
            cap(img, s.wrist, s.wrist, 0.022, skin);
        };
        let (near, far) = (&b.sides[0], &b.sides[1]);
        // Far limbs behind the body, darker; then the hips and near leg,
        // the shirt, neck and head, and the near arm in front.
        arm(&mut img, far, false);
        leg(&mut img, far, false);
        let waist = add(near.hip, scale(up, 0.06 * h));
        cap(&mut img, near.hip, waist, 0.068, SHORTS);
        leg(&mut img, near, true);
        cap(
            &mut img,
            waist,
            add(near.shoulder, scale(up, -0.02 * h)),
            0.082,
            SHIRT,
        );
        cap(
            &mut img,
            near.shoulder,
            add(b.ear, scale(up, -0.01 * h)),
            0.028,
            SKIN,
        );
        cap(&mut img, b.head, b.head, 0.064, HAIR);
        let face = add(
            add(
                b.head,
                scale((b.nose.0 - b.ear.0, b.nose.1 - b.ear.1), 0.25),
            ),
            scale(up, -0.008 * h),
        );
        cap(&mut img, face, face, 0.058, SKIN);
        arm(&mut img, near, true);
        img.rgb
    }

    /// Frame `index` as a decoded video frame would be.
    pub fn frame(&self, index: u64) -> Option<Frame> {
        let t = index as f64 / self.fps;
        Frame::from_rgb(self.width, self.height, &self.rgb_at(t), index, t)
    }

    /// Every frame, in order, made one at a time.
    pub fn frames(&self) -> impl Iterator<Item = Frame> + '_ {
        (0..self.frame_count()).filter_map(move |i| self.frame(i))
    }
}

/// A picture being painted.
struct Canvas {
    w: u32,
    h: u32,
    rgb: Vec<u8>,
}

impl Canvas {
    fn row(&mut self, y: u32, c: [u8; 3]) {
        let start = (y as usize) * (self.w as usize) * 3;
        let end = start + (self.w as usize) * 3;
        if let Some(row) = self.rgb.get_mut(start..end) {
            for px in row.chunks_mut(3) {
                px.copy_from_slice(&c);
            }
        }
    }

    /// A filled capsule: every pixel within `r` of the segment p-q.
    fn capsule(&mut self, p: (f32, f32), q: (f32, f32), r: f32, c: [u8; 3]) {
        let x0 = (p.0.min(q.0) - r).floor().max(0.0) as u32;
        let x1 = ((p.0.max(q.0) + r).ceil().max(0.0) as u32).min(self.w);
        let y0 = (p.1.min(q.1) - r).floor().max(0.0) as u32;
        let y1 = ((p.1.max(q.1) + r).ceil().max(0.0) as u32).min(self.h);
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let len2 = dx * dx + dy * dy;
        for y in y0..y1 {
            for x in x0..x1 {
                let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                let t = if len2 > 0.0 {
                    (((px - p.0) * dx + (py - p.1) * dy) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let (ex, ey) = (p.0 + t * dx - px, p.1 + t * dy - py);
                if ex * ex + ey * ey <= r * r {
                    let i = ((y as usize) * (self.w as usize) + x as usize) * 3;
                    if let Some(dst) = self.rgb.get_mut(i..i + 3) {
                        dst.copy_from_slice(&c);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backstride_core::form::pose::{
        Detection, EMPTY_SKELETON, Joint, Keypoint, PoseFrame, PoseLayout, PoseRecording,
    };
    use backstride_core::form::{FormSettings, Metric, analyse};

    /// The drawn joints as a keypoint recording (y up, as parsers give).
    fn recording(v: &RunnerVideo) -> PoseRecording {
        let frames = (0..v.frame_count())
            .map(|i| {
                let mut s = EMPTY_SKELETON;
                for (j, (x, y)) in Joint::COCO17.iter().zip(v.joints_at(i as f64 / v.fps)) {
                    s[j.index()] = Some(Keypoint {
                        x,
                        y: -y,
                        score: 0.9,
                    });
                }
                PoseFrame {
                    number: i,
                    time_s: Some(i as f64 / v.fps),
                    people: vec![Detection {
                        track_hint: None,
                        skeleton: s,
                    }],
                }
            })
            .collect();
        PoseRecording {
            layout: PoseLayout::Coco17,
            fps: Some(v.fps),
            frame_size: Some((v.width, v.height)),
            frames,
            problems: Vec::new(),
        }
    }

    fn medians(v: &RunnerVideo) -> (f64, f64, f64) {
        let kb = backstride_core::knowledge::KnowledgeBase::embedded().expect("knowledge base");
        let rules = backstride_core::form::FormRules::embedded(&kb).expect("rules");
        let a = analyse(&[&recording(v)], &FormSettings::default(), &rules).expect("measured");
        let m = |metric: Metric| a.metric(metric).median.unwrap_or(f64::NAN);
        (
            m(Metric::Cadence),
            m(Metric::TrunkLean),
            m(Metric::ElbowAngle),
        )
    }

    #[test]
    fn the_drawn_joints_give_back_the_known_lean_cadence_and_elbow() {
        for v in [
            RunnerVideo::default(),
            RunnerVideo {
                cadence: 180.0,
                lean_deg: 4.0,
                elbow_deg: 75.0,
                facing_right: false,
                ..RunnerVideo::default()
            },
        ] {
            let (cadence, lean, elbow) = medians(&v);
            assert!((cadence - v.cadence).abs() < 3.0, "{cadence} {v:?}");
            assert!((lean - v.lean_deg).abs() < 1.5, "{lean} {v:?}");
            assert!((elbow - v.elbow_deg).abs() < 5.0, "{elbow} {v:?}");
        }
    }

    #[test]
    fn the_picture_has_the_runner_where_the_joints_are() {
        let v = RunnerVideo {
            seconds: 1.0,
            ..RunnerVideo::default()
        };
        let rgb = v.rgb_at(0.3);
        assert_eq!(rgb.len(), (v.width * v.height * 3) as usize);
        let at = |(x, y): (f32, f32)| {
            let i = ((y as usize) * (v.width as usize) + x as usize) * 3;
            [rgb[i], rgb[i + 1], rgb[i + 2]]
        };
        let j = v.joints_at(0.3);
        // Shoulders, hips and knees are covered by the body, not background.
        for k in [L_SHOULDER, L_HIP, L_KNEE, L_ANKLE, NOSE] {
            assert_ne!(at(j[k]), BACKGROUND, "joint {k} at {:?}", j[k]);
        }
        // The corner is background, the bottom row floor.
        assert_eq!(at((1.0, 1.0)), BACKGROUND);
        assert_eq!(at((1.0, (v.height - 1) as f32)), FLOOR);
        // Every joint lies inside the picture.
        for t in [0.0, 0.1, 0.2, 0.35] {
            for (x, y) in v.joints_at(t) {
                assert!(x > 0.0 && y > 0.0 && x < v.width as f32 && y < v.height as f32);
            }
        }
        // The limbs move: the ankle is elsewhere a quarter stride later.
        let later = v.joints_at(0.3 + 60.0 / v.cadence / 2.0);
        let d = (later[L_ANKLE].0 - j[L_ANKLE].0).abs() + (later[L_ANKLE].1 - j[L_ANKLE].1).abs();
        assert!(d > 10.0, "{d}");
        let f = v.frame(3).expect("a frame");
        assert_eq!((f.index, f.width, f.height), (3, v.width, v.height));
        assert_eq!(v.frames().count() as u64, v.frame_count());
    }
}
