//! A synthetic runner seen from the side, with known geometry: trunk lean,
//! head ahead of the trunk line, elbow angle, arm carriage, cadence, each
//! possibly changing linearly over the clip; with keypoint noise, dropped
//! frames and points, a second person, and either facing direction. Used
//! by the form tests and the form benchmark.
#![allow(dead_code)]

use backstride_core::form::pose::{
    Detection, EMPTY_SKELETON, Joint, Keypoint, PoseFrame, PoseLayout, PoseRecording, Skeleton,
};

/// A value that changes linearly from `start` to `end` over the clip.
#[derive(Debug, Clone, Copy)]
pub struct Ramp(pub f64, pub f64);

impl Ramp {
    pub fn at(self, u: f64) -> f64 {
        self.0 + (self.1 - self.0) * u
    }
    pub fn fixed(v: f64) -> Ramp {
        Ramp(v, v)
    }
}

/// Everything about the synthetic clip.
#[derive(Debug, Clone)]
pub struct Runner {
    pub fps: f64,
    pub seconds: f64,
    pub cadence: f64,
    /// Torso (shoulder to hip) in pixels.
    pub torso: f64,
    /// +1 faces right on screen, -1 left.
    pub facing: f64,
    /// Travel in torso lengths per second (0: treadmill).
    pub speed: f64,
    pub lean_deg: Ramp,
    /// Ear ahead of the trunk line, torso lengths.
    pub head_ahead: Ramp,
    /// Ear above the shoulder along the trunk, torso lengths.
    pub neck: Ramp,
    pub elbow_deg: Ramp,
    /// Mean upper-arm angle from hanging down (forward positive).
    pub arm_mean_deg: Ramp,
    /// Half the swing range.
    pub arm_amp_deg: f64,
    /// Keypoint noise, pixels (standard deviation).
    pub noise_px: f64,
    /// Share of frames missing entirely.
    pub drop_frames: f64,
    /// Share of single keypoints missing.
    pub drop_points: f64,
    /// The near side is the left one.
    pub near_left: bool,
    /// Add a second, smaller person walking in the background.
    pub bystander: bool,
    pub seed: u64,
}

impl Default for Runner {
    fn default() -> Self {
        Runner {
            fps: 60.0,
            seconds: 30.0,
            cadence: 170.0,
            torso: 200.0,
            facing: 1.0,
            speed: 0.0,
            lean_deg: Ramp::fixed(8.0),
            head_ahead: Ramp::fixed(0.05),
            neck: Ramp::fixed(0.45),
            elbow_deg: Ramp::fixed(90.0),
            arm_mean_deg: Ramp::fixed(5.0),
            arm_amp_deg: 25.0,
            noise_px: 0.0,
            drop_frames: 0.0,
            drop_points: 0.0,
            near_left: true,
            bystander: false,
            seed: 1,
        }
    }
}

/// SplitMix64, for reproducible noise.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Approximately normal (sum of 12 uniforms).
    pub fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }
}

type P = (f64, f64);

fn add(a: P, b: P) -> P {
    (a.0 + b.0, a.1 + b.1)
}
fn scale(a: P, k: f64) -> P {
    (a.0 * k, a.1 * k)
}
fn dir(deg: f64) -> P {
    // From hanging straight down, forward positive.
    let r = deg.to_radians();
    (r.sin(), -r.cos())
}

/// One body at time `t` (seconds), progress `u` (0..1), in "forward is +x"
/// body coordinates with y up, in pixels.
fn body(r: &Runner, t: f64, u: f64, origin: P, torso: f64) -> [Option<P>; Joint::COUNT] {
    let f = r.cadence / 120.0;
    let w = 2.0 * std::f64::consts::PI * f;
    let lean = r.lean_deg.at(u).to_radians();
    let up = (lean.sin(), lean.cos());
    let normal = (lean.cos(), -lean.sin());
    let hip = add(
        origin,
        (r.speed * torso * t, 0.03 * torso * (2.0 * w * t).sin()),
    );
    let shoulder = add(hip, scale(up, torso));
    let ear = add(
        add(shoulder, scale(up, r.neck.at(u) * torso)),
        scale(normal, r.head_ahead.at(u) * torso),
    );
    let nose = add(
        ear,
        add(scale(normal, 0.22 * torso), scale(up, -0.05 * torso)),
    );
    let eye = add(
        ear,
        add(scale(normal, 0.15 * torso), scale(up, 0.04 * torso)),
    );
    let mut out = [None; Joint::COUNT];
    let mut set = |j: Joint, p: P| out[j.index()] = Some(p);
    set(Joint::Nose, nose);
    for (side, phase) in [(0usize, 0.0), (1usize, std::f64::consts::PI)] {
        let pick = |l: Joint, rj: Joint| if side == 0 { l } else { rj };
        // A small shoulder offset so left and right do not coincide exactly.
        let off = if side == 0 {
            (0.0, 0.0)
        } else {
            (0.03 * torso, 0.0)
        };
        let sh = add(shoulder, off);
        let hp = add(hip, off);
        set(pick(Joint::LeftShoulder, Joint::RightShoulder), sh);
        set(pick(Joint::LeftHip, Joint::RightHip), hp);
        set(pick(Joint::LeftEar, Joint::RightEar), add(ear, off));
        set(pick(Joint::LeftEye, Joint::RightEye), add(eye, off));
        // Arm: opposite in phase to the leg on the same side.
        let arm =
            r.arm_mean_deg.at(u) + r.arm_amp_deg * (w * t + phase + std::f64::consts::PI).sin();
        let a = dir(arm);
        let elbow = add(sh, scale(a, 0.55 * torso));
        let theta = r.elbow_deg.at(u).to_radians();
        let back = scale(a, -1.0);
        // Turn the elbow-to-shoulder direction clockwise by the elbow angle.
        let fore = (
            back.0 * theta.cos() + back.1 * theta.sin(),
            -back.0 * theta.sin() + back.1 * theta.cos(),
        );
        let wrist = add(elbow, scale(fore, 0.5 * torso));
        set(pick(Joint::LeftElbow, Joint::RightElbow), elbow);
        set(pick(Joint::LeftWrist, Joint::RightWrist), wrist);
        // Leg: the thigh swings; the shank trails it, most bent in swing.
        let thigh = 35.0 * (w * t + phase).sin();
        let bend = 45.0 * (1.0 + (w * t + phase - 1.2).sin()) / 2.0;
        let knee = add(hp, scale(dir(thigh), 0.9 * torso));
        let ankle = add(knee, scale(dir(thigh - bend), 0.85 * torso));
        set(pick(Joint::LeftKnee, Joint::RightKnee), knee);
        set(pick(Joint::LeftAnkle, Joint::RightAnkle), ankle);
        set(
            pick(Joint::LeftHeel, Joint::RightHeel),
            add(ankle, (-0.12 * torso, -0.08 * torso)),
        );
        set(
            pick(Joint::LeftToe, Joint::RightToe),
            add(ankle, (0.25 * torso, -0.1 * torso)),
        );
    }
    out
}

fn is_left(j: Joint) -> bool {
    j.name().starts_with("left")
}

/// Renders the clip.
pub fn record(r: &Runner) -> PoseRecording {
    let mut rng = Rng::new(r.seed);
    let n = (r.fps * r.seconds).round() as usize;
    let mut frames = Vec::with_capacity(n);
    for i in 0..n {
        let t = i as f64 / r.fps;
        let u = t / r.seconds;
        if rng.unit() < r.drop_frames {
            continue;
        }
        let mut people = Vec::with_capacity(1 + usize::from(r.bystander));
        let runner = body(r, t, u, (400.0, 300.0), r.torso);
        people.push(person(r, &runner, &mut rng, true, 1.0));
        if r.bystander {
            // A smaller person walking slowly across, further away.
            let walker = Runner {
                cadence: 105.0,
                speed: 0.3,
                ..r.clone()
            };
            let b = body(&walker, t, u, (100.0, 380.0), 0.5 * r.torso);
            people.push(person(r, &b, &mut rng, false, 0.8));
        }
        if i % 2 == 1 {
            people.reverse();
        }
        frames.push(PoseFrame {
            number: i as u64,
            time_s: None,
            people,
        });
    }
    PoseRecording {
        layout: PoseLayout::Coco17,
        fps: Some(r.fps),
        frame_size: None,
        frames,
        problems: Vec::new(),
    }
}

fn person(
    r: &Runner,
    b: &[Option<P>; Joint::COUNT],
    rng: &mut Rng,
    main: bool,
    score: f32,
) -> Detection {
    let mut s: Skeleton = EMPTY_SKELETON;
    for j in Joint::ALL {
        let Some((x, y)) = b[j.index()] else { continue };
        if main && rng.unit() < r.drop_points {
            continue;
        }
        let near = is_left(j) == r.near_left
            || !(j.name().starts_with("left") || j.name().starts_with("right"));
        let (nx, ny) = if r.noise_px > 0.0 {
            (rng.normal() * r.noise_px, rng.normal() * r.noise_px)
        } else {
            (0.0, 0.0)
        };
        s[j.index()] = Some(Keypoint {
            x: (r.facing * x + nx) as f32,
            y: (y + ny) as f32,
            score: if near { 0.9 * score } else { 0.6 * score },
        });
    }
    Detection {
        track_hint: None,
        skeleton: s,
    }
}
