//! Feedback on how a clip was filmed, said before any number: is the
//! runner in the picture for most of the clip, is the camera side-on, is the runner big enough in the picture, are there
//! enough strides, was it a treadmill or overground, is the frame rate
//! high enough to place foot contacts. Each check reads facts the
//! pipeline already has ([`CaptureFacts`]) and says what to change next
//! time; a check whose facts are unknown (a keypoint file that does not
//! state its frame size) is left out rather than guessed.

use super::summary::MIN_STRIDES;
use super::view::SIDE_VIEW_MAX_GAP;

/// The smallest torso (shoulder to hip) worth measuring, as a share of the
/// picture's height: about a quarter of the frame for the whole runner
/// (the torso is 0.29 of standing height, WINTER-2009). Smaller, a pose
/// model sees the runner in a few dozen pixels (MoveNet looks at 192) and
/// an elbow or an ear moves by whole torso percentages from one pixel to
/// the next. A design value.
pub const MIN_TORSO_SHARE: f64 = 0.07;

/// Strides that give each third of a recording (early, middle, late)
/// [`MIN_STRIDES`] of its own, so that early against late has medians to
/// compare; about 9 seconds at 170 steps/min.
pub const ENOUGH_STRIDES: usize = 3 * MIN_STRIDES;

/// The lowest frame rate at which foot contacts are placed well: contact
/// is read where the ankle is furthest ahead of the hip (ZENI-2008), and
/// the posture "at contact" is the nearest frame's. At 50 frames per
/// second a frame is 20 ms, so the frame used is at most 10 ms from the
/// contact; at 25 or 30 it can be 17 to 20 ms away, a time in which the
/// foot of a runner at 12 km/h moves about 6 cm relative to the ground
/// and the leg's angles change visibly. Phones film 60 frames per
/// second. A design value.
pub const MIN_CONTACT_FPS: f64 = 50.0;

/// The share of a clip's frames the followed runner should be seen in.
/// Less, and most of the clip shows nobody to measure (someone out of the
/// picture, a camera pointed elsewhere, or a clip with no runner at all,
/// where the pose model's unsure guesses are all there is). A design
/// value.
pub const MIN_IN_VIEW_SHARE: f64 = 0.5;

/// Hips that stay within this many torso lengths (5th to 95th
/// percentile of their horizontal position) stand still in the picture:
/// a treadmill, or a camera that pans with the runner.
pub const STILL_HIPS_TORSOS: f32 = 1.0;

/// Hips that travel at least this many torso lengths cross the picture:
/// a runner passing a fixed camera overground.
pub const CROSSING_HIPS_TORSOS: f32 = 3.0;

/// Where the run was filmed, from how far the hips travel in the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The hips stay nearly in place: a treadmill (or a panning camera).
    Treadmill,
    /// The runner crosses the picture: overground past a fixed camera.
    Overground,
    /// Something between (a short pass, a camera that half follows).
    Unclear,
}

impl Setting {
    /// The name in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Setting::Treadmill => "treadmill",
            Setting::Overground => "overground",
            Setting::Unclear => "unclear",
        }
    }

    /// Which setting hips travelling `travel` torso lengths suggest.
    pub fn from_travel(travel: f32) -> Setting {
        if travel <= STILL_HIPS_TORSOS {
            Setting::Treadmill
        } else if travel >= CROSSING_HIPS_TORSOS {
            Setting::Overground
        } else {
            Setting::Unclear
        }
    }
}

/// What the pipeline knows about one clip's capture.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureFacts {
    /// Frames per second used.
    pub fps: f64,
    /// The upright picture's size in pixels, where known.
    pub frame_size: Option<(u32, u32)>,
    /// Median torso length, in the keypoints' units (pixels where the
    /// frame size is known).
    pub torso: f32,
    /// How far the hips moved across the picture (5th to 95th percentile
    /// of their horizontal position), in torso lengths; `None` when too
    /// few frames showed a hip.
    pub hip_travel: Option<f32>,
    /// Strides found.
    pub strides: usize,
    /// Median shoulder/hip gap, in torso lengths, where known.
    pub side_gap: Option<f32>,
    /// Whether the view counts as a side view.
    pub side_view: bool,
    /// Frames the followed runner was seen in.
    pub runner_frames: usize,
    /// Frames in the clip.
    pub frames: usize,
}

/// Which check a [`CaptureCheck`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    /// The runner seen in most of the clip.
    InView,
    /// Camera at right angles to the running direction.
    SideOn,
    /// Runner large enough in the picture.
    RunnerSize,
    /// Enough strides.
    Strides,
    /// Treadmill or overground.
    Setting,
    /// Frame rate high enough for foot contacts.
    FrameRate,
}

impl CheckKind {
    /// A stable ID for JSON.
    pub fn id(self) -> &'static str {
        match self {
            CheckKind::InView => "in-view",
            CheckKind::SideOn => "side-on",
            CheckKind::RunnerSize => "runner-size",
            CheckKind::Strides => "strides",
            CheckKind::Setting => "setting",
            CheckKind::FrameRate => "frame-rate",
        }
    }
}

/// One piece of feedback on the capture.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureCheck {
    /// Which check.
    pub kind: CheckKind,
    /// Whether it asks for a change next time (a problem), or only says
    /// what was seen.
    pub problem: bool,
    /// What was seen and what it means, in plain words.
    pub text: String,
}

/// The torso as a share of the picture's height; `None` without a frame
/// size.
pub fn torso_share(torso: f32, frame_size: Option<(u32, u32)>) -> Option<f64> {
    let (_, h) = frame_size?;
    (h > 0 && torso.is_finite()).then(|| f64::from(torso) / f64::from(h))
}

/// The span between the 5th and 95th percentile of `xs`, divided by
/// `torso`; `None` with fewer than 10 values or no torso.
pub fn travel(xs: &mut [f32], torso: f32) -> Option<f32> {
    if xs.len() < 10 || torso.is_nan() || torso <= 0.0 {
        return None;
    }
    xs.sort_by(f32::total_cmp);
    let at = |q: f32| xs[((xs.len() - 1) as f32 * q).round() as usize];
    Some((at(0.95) - at(0.05)) / torso)
}

/// Every check whose facts are known, in the order a runner should fix
/// them: the runner in view (said only when they are not: the clip's line
/// already counts their frames), view, size, frame rate, strides, then the
/// setting.
pub fn check(f: &CaptureFacts) -> Vec<CaptureCheck> {
    let mut out = Vec::new();
    if f.frames > 0 {
        let share = f.runner_frames as f64 / f.frames as f64;
        if share < MIN_IN_VIEW_SHARE {
            out.push(CaptureCheck {
                kind: CheckKind::InView,
                problem: true,
                text: format!(
                    "runner out of view most of the time: seen in {} of {} frames ({:.0} %, at least {:.0} % wanted); keep the runner's whole body in the picture for the whole clip, or trim the clip to where they are",
                    f.runner_frames,
                    f.frames,
                    100.0 * share,
                    100.0 * MIN_IN_VIEW_SHARE
                ),
            });
        }
    }
    let gap = f
        .side_gap
        .map_or_else(String::new, |g| format!(" ({g:.2} torso lengths apart)"));
    out.push(if f.side_view {
        CaptureCheck {
            kind: CheckKind::SideOn,
            problem: false,
            text: format!("camera side-on: the shoulders and hips nearly overlap{gap}"),
        }
    } else {
        CaptureCheck {
            kind: CheckKind::SideOn,
            problem: true,
            text: format!(
                "camera not side-on: the shoulders and hips are apart{gap}, more than the {SIDE_VIEW_MAX_GAP:.2} a side view allows; film at right angles to the running direction, level with the hips"
            ),
        }
    });
    if let Some(share) = torso_share(f.torso, f.frame_size) {
        let pct = 100.0 * share;
        out.push(if share < MIN_TORSO_SHARE {
            CaptureCheck {
                kind: CheckKind::RunnerSize,
                problem: true,
                text: format!(
                    "runner too small in the picture: the torso is {pct:.0} % of the frame's height (at least {:.0} % wanted, the runner about a quarter of the frame or more); move closer or zoom in, keeping head and feet in view",
                    100.0 * MIN_TORSO_SHARE
                ),
            }
        } else {
            CaptureCheck {
                kind: CheckKind::RunnerSize,
                problem: false,
                text: format!("runner size: the torso is {pct:.0} % of the frame's height"),
            }
        });
    }
    out.push(if f.fps + 1e-9 < MIN_CONTACT_FPS {
        CaptureCheck {
            kind: CheckKind::FrameRate,
            problem: true,
            text: format!(
                "frame rate too low for foot contacts: at {:.0} frames per second the frame read as a contact can be up to {:.0} ms from it (at {MIN_CONTACT_FPS:.0} or more, within {:.0} ms); film at 60 frames per second or more",
                f.fps,
                500.0 / f.fps,
                500.0 / MIN_CONTACT_FPS
            ),
        }
    } else {
        CaptureCheck {
            kind: CheckKind::FrameRate,
            problem: false,
            text: format!(
                "frame rate: {:.0} frames per second places foot contacts within {:.0} ms",
                f.fps,
                500.0 / f.fps
            ),
        }
    });
    out.push(if f.strides < ENOUGH_STRIDES {
        CaptureCheck {
            kind: CheckKind::Strides,
            problem: true,
            text: format!(
                "too few strides: {} found, {ENOUGH_STRIDES} wanted so that the early, middle and late thirds each hold {MIN_STRIDES}; film at least 15 seconds of steady running with the feet in view",
                f.strides
            ),
        }
    } else {
        CaptureCheck {
            kind: CheckKind::Strides,
            problem: false,
            text: format!("strides: {} found", f.strides),
        }
    });
    if let Some(t) = f.hip_travel {
        let text = match Setting::from_travel(t) {
            Setting::Treadmill => format!(
                "treadmill (or a camera following the runner): the hips stay within {t:.1} torso lengths across the picture; the view angle stays the same for every stride, so strides compare well, but treadmill running is not quite running outdoors, so compare it with other treadmill clips"
            ),
            Setting::Overground => format!(
                "overground past a fixed camera: the hips cross {t:.1} torso lengths of the picture; strides near the picture's edges are seen at an angle, so fewer are measured per pass, and lean and arm angles are trusted less there; pass several times or film from further away, zoomed in"
            ),
            Setting::Unclear => format!(
                "treadmill or overground is unclear: the hips move {t:.1} torso lengths across the picture (a treadmill keeps them within {STILL_HIPS_TORSOS:.0}, a pass crosses {CROSSING_HIPS_TORSOS:.0} or more)"
            ),
        };
        out.push(CaptureCheck {
            kind: CheckKind::Setting,
            problem: false,
            text,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn facts() -> CaptureFacts {
        CaptureFacts {
            fps: 60.0,
            frame_size: Some((1080, 1920)),
            torso: 300.0,
            hip_travel: Some(0.2),
            strides: 20,
            side_gap: Some(0.1),
            side_view: true,
            runner_frames: 1200,
            frames: 1200,
        }
    }

    fn problems(f: &CaptureFacts) -> Vec<CheckKind> {
        check(f)
            .into_iter()
            .filter(|c| c.problem)
            .map(|c| c.kind)
            .collect()
    }

    #[test]
    fn a_good_treadmill_clip_has_no_problem_and_says_treadmill() {
        let f = facts();
        assert!(problems(&f).is_empty(), "{:?}", check(&f));
        let all = check(&f);
        let setting = all.iter().find(|c| c.kind == CheckKind::Setting);
        assert!(setting.is_some_and(|c| c.text.starts_with("treadmill")));
    }

    #[test]
    fn each_problem_is_named() {
        let small = CaptureFacts {
            torso: 100.0,
            ..facts()
        };
        assert_eq!(problems(&small), [CheckKind::RunnerSize]);
        let slow = CaptureFacts {
            fps: 30.0,
            ..facts()
        };
        assert_eq!(problems(&slow), [CheckKind::FrameRate]);
        let text = check(&slow)
            .into_iter()
            .find(|c| c.kind == CheckKind::FrameRate)
            .map(|c| c.text)
            .unwrap_or_default();
        assert!(text.contains("17 ms"), "{text}");
        let few = CaptureFacts {
            strides: 5,
            ..facts()
        };
        assert_eq!(problems(&few), [CheckKind::Strides]);
        let front = CaptureFacts {
            side_view: false,
            side_gap: Some(0.8),
            ..facts()
        };
        assert_eq!(problems(&front), [CheckKind::SideOn]);
        let away = CaptureFacts {
            runner_frames: 3,
            frames: 278,
            ..facts()
        };
        assert_eq!(problems(&away), [CheckKind::InView]);
        let text = check(&away)
            .into_iter()
            .find(|c| c.kind == CheckKind::InView)
            .map(|c| c.text)
            .unwrap_or_default();
        assert!(text.contains("3 of 278 frames (1 %"), "{text}");
        // Seen in most frames: nothing said (the clip's line counts them).
        let most = CaptureFacts {
            runner_frames: 700,
            ..facts()
        };
        assert!(check(&most).iter().all(|c| c.kind != CheckKind::InView));
    }

    #[test]
    fn unknown_facts_are_left_out_not_guessed() {
        let f = CaptureFacts {
            frame_size: None,
            hip_travel: None,
            ..facts()
        };
        let kinds: Vec<CheckKind> = check(&f).into_iter().map(|c| c.kind).collect();
        assert!(!kinds.contains(&CheckKind::RunnerSize));
        assert!(!kinds.contains(&CheckKind::Setting));
        assert_eq!(torso_share(300.0, None), None);
    }

    #[test]
    fn a_runner_crossing_the_picture_is_overground() {
        let mut xs: Vec<f32> = (0..100).map(|i| i as f32 * 10.0).collect();
        let t = travel(&mut xs, 200.0).unwrap_or(0.0);
        assert!((t - 4.5).abs() < 0.2, "{t}");
        assert_eq!(Setting::from_travel(t), Setting::Overground);
        assert_eq!(Setting::from_travel(0.5), Setting::Treadmill);
        assert_eq!(Setting::from_travel(2.0), Setting::Unclear);
        assert_eq!(travel(&mut [1.0, 2.0], 1.0), None);
    }

    proptest! {
        /// The size check flags exactly the torsos below the threshold,
        /// whatever the frame's height.
        #[test]
        fn runner_size_flags_exactly_small_torsos(h in 100u32..5000, share in 0.0f64..0.6) {
            let torso = (share * f64::from(h)) as f32;
            let f = CaptureFacts { torso, frame_size: Some((h, h)), ..facts() };
            let flagged = problems(&f).contains(&CheckKind::RunnerSize);
            let actual = f64::from(torso) / f64::from(h);
            prop_assert_eq!(flagged, actual < MIN_TORSO_SHARE);
        }

        /// Travel does not depend on the order of the positions or their
        /// offset, and grows with their spread.
        #[test]
        fn travel_ignores_order_and_offset(mut xs in prop::collection::vec(-1000.0f32..1000.0, 10..200), off in -500.0f32..500.0) {
            let a = travel(&mut xs.clone(), 50.0);
            xs.reverse();
            let mut shifted: Vec<f32> = xs.iter().map(|x| x + off).collect();
            let b = travel(&mut shifted, 50.0);
            prop_assert!(a.is_some() && b.is_some());
            let (a, b) = (a.unwrap_or(0.0), b.unwrap_or(0.0));
            prop_assert!((a - b).abs() < 1e-2, "{} {}", a, b);
            prop_assert!(a >= 0.0);
        }
    }
}
