//! Property tests of the form analysis: whatever the keypoints (random
//! people, points anywhere, any scores, gaps, NaN), it never panics, and
//! any number it shows is finite with a reason-free confidence of at least
//! "moderate". Also: gathering a person frame by frame, as the tracker
//! does (staged, grown, frames replaced, a stretch cut out), gives exactly
//! the channels a plain frame-by-frame copy gives. And a clip shorter
//! than the minimum span between early and late never yields a drift
//! finding, whatever the keypoints or the planted changes.

use std::collections::BTreeMap;

use backstride_core::form::clean::{Channel, Gathered, Gatherer};
use backstride_core::form::pose::{
    Detection, EMPTY_SKELETON, Joint, Keypoint, PoseFrame, PoseLayout, PoseRecording, Skeleton,
};
use backstride_core::form::rules::Test;
use backstride_core::form::summary::{Confidence, MIN_DRIFT_SPAN_S};
use backstride_core::form::{FormRules, FormSettings, analyse};
use backstride_core::knowledge::KnowledgeBase;
use form_synth::{Ramp, Runner, record};
use proptest::prelude::*;

mod form_synth;

fn point() -> impl Strategy<Value = Option<Keypoint>> {
    prop_oneof![
        Just(None),
        (
            prop_oneof![-2000.0f32..2000.0, Just(f32::NAN), Just(f32::INFINITY)],
            -2000.0f32..2000.0,
            0.0f32..=1.0,
        )
            .prop_map(|(x, y, score)| Some(Keypoint { x, y, score })),
    ]
}

fn person() -> impl Strategy<Value = Detection> {
    (
        prop::collection::vec(point(), Joint::COUNT),
        prop::option::of(0i64..4),
    )
        .prop_map(|(pts, hint)| {
            let mut skeleton = EMPTY_SKELETON;
            for (slot, p) in skeleton.iter_mut().zip(pts) {
                *slot = p;
            }
            Detection {
                track_hint: hint,
                skeleton,
            }
        })
}

fn recording() -> impl Strategy<Value = PoseRecording> {
    (
        prop::collection::vec((0u64..400, prop::collection::vec(person(), 0..3)), 0..120),
        prop::option::of(prop_oneof![Just(30.0), Just(60.0), 1.0f64..2000.0]),
    )
        .prop_map(|(frames, fps)| PoseRecording {
            layout: PoseLayout::Coco17,
            fps,
            frame_size: None,
            frames: frames
                .into_iter()
                .map(|(number, people)| PoseFrame {
                    number,
                    time_s: None,
                    people,
                })
                .collect(),
            problems: Vec::new(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_keypoints_give_an_answer_or_an_error_never_a_panic(rec in recording(), person in prop::option::of(1usize..4)) {
        let kb = KnowledgeBase::embedded().expect("knowledge base");
        let rules = FormRules::embedded(&kb).expect("rules");
        let settings = FormSettings { person, ..FormSettings::default() };
        if let Ok(a) = analyse(&[&rec], &settings, &rules) {
            for m in &a.metrics {
                if m.withheld.is_none() {
                    prop_assert!(m.median.is_some_and(f64::is_finite));
                    prop_assert!(m.confidence >= Confidence::Moderate);
                }
            }
            for d in &a.drift {
                if let Some(c) = d.change {
                    prop_assert!(c.is_finite());
                }
            }
            prop_assert!(!a.findings.is_empty() || a.signals().is_empty());
            // Every clip here lasts under the minimum span (at most 400
            // frames at 5 frames/s or more): no drift is assessed.
            for d in &a.drift {
                prop_assert!(d.withheld.is_some() && !d.beyond_noise, "{:?}", d);
            }
            let drift_rules = drift_rule_ids(&rules);
            prop_assert!(a.findings.iter().all(|f| !drift_rules.contains(&f.id)));
        }
    }
}

proptest! {
    // Each case measures a whole synthetic clip: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn a_clip_shorter_than_the_minimum_span_never_yields_a_drift_finding(
        seconds in 8.0f64..120.0,
        lean in (0.0f64..25.0, 0.0f64..25.0),
        elbow in (60.0f64..120.0, 60.0f64..120.0),
        head in (0.0f64..0.4, 0.0f64..0.4),
        neck in (0.3f64..0.55, 0.3f64..0.55),
        arm in (-10.0f64..40.0, -10.0f64..40.0),
        noise in 0.0f64..4.0,
        seed in 1u64..1000,
    ) {
        let kb = KnowledgeBase::embedded().expect("knowledge base");
        let rules = FormRules::embedded(&kb).expect("rules");
        let rec = record(&Runner {
            fps: 30.0,
            seconds,
            lean_deg: Ramp(lean.0, lean.1),
            elbow_deg: Ramp(elbow.0, elbow.1),
            head_ahead: Ramp(head.0, head.1),
            neck: Ramp(neck.0, neck.1),
            arm_mean_deg: Ramp(arm.0, arm.1),
            noise_px: noise,
            seed,
            ..Runner::default()
        });
        let a = analyse(&[&rec], &FormSettings::default(), &rules).expect("a synthetic runner is analysed");
        prop_assert!(a.span_s.is_none_or(|s| s < MIN_DRIFT_SPAN_S));
        let drift_rules = drift_rule_ids(&rules);
        prop_assert!(
            a.findings.iter().all(|f| !drift_rules.contains(&f.id)),
            "{:?}",
            a.findings.iter().map(|f| &f.id).collect::<Vec<_>>()
        );
        for d in &a.drift {
            prop_assert!(d.withheld.is_some() && !d.beyond_noise && d.change.is_none(), "{:?}", d);
        }
    }
}

/// The IDs of the rules that look at drift rather than level.
fn drift_rule_ids(rules: &FormRules) -> Vec<String> {
    rules
        .findings
        .iter()
        .filter(|r| matches!(r.test, Test::DriftUp | Test::DriftDown))
        .map(|r| r.id.clone())
        .collect()
}

/// What a gatherer must give, written the plain way: the last skeleton
/// pushed for each frame (pushes at or beyond `span`, or before the last
/// frame pushed, are ignored), copied point by point.
fn gathered_plainly(
    pushes: &[(usize, Skeleton)],
    span: usize,
    min_score: f32,
    (a, b): (usize, usize),
) -> Gathered {
    let mut frames: BTreeMap<usize, &Skeleton> = BTreeMap::new();
    let mut len = 0;
    for (at, s) in pushes {
        if *at >= span || at + 1 < len {
            continue;
        }
        frames.insert(*at, s);
        len = at + 1;
    }
    let b = b.max(a);
    let n = b - a;
    let mut low_confidence = 0;
    let joints = Joint::ALL
        .into_iter()
        .map(|j| {
            if matches!(j, Joint::LeftEye | Joint::RightEye) {
                return Channel::default();
            }
            let mut c = Channel {
                x: vec![0.0; n],
                y: vec![0.0; n],
                score: vec![0.0; n],
            };
            for i in a..b {
                let Some(p) = frames.get(&i).and_then(|s| s[j.index()]) else {
                    continue;
                };
                if p.score > 0.0 && p.score >= min_score && p.x.is_finite() && p.y.is_finite() {
                    c.x[i - a] = p.x;
                    c.y[i - a] = p.y;
                    c.score[i - a] = p.score;
                } else {
                    low_confidence += 1;
                }
            }
            c
        })
        .collect();
    Gathered {
        joints,
        len: n,
        seen: (a..b).map(|i| frames.contains_key(&i)).collect(),
        low_confidence,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn gathering_frame_by_frame_equals_copying_plainly(
        // (step back 0-1 frames or forward 0-40, skeleton)
        steps in prop::collection::vec((-1i64..40, person()), 0..80),
        span in 1usize..900,
        min_score in 0.0f32..0.6,
        cut in (0usize..900, 0usize..900),
    ) {
        let mut at = 0i64;
        let pushes: Vec<(usize, Skeleton)> = steps
            .into_iter()
            .map(|(step, d)| {
                at = (at + step).max(0);
                (at as usize, d.skeleton)
            })
            .collect();
        let mut g = Gatherer::new(min_score, span);
        for (at, s) in &pushes {
            g.push(*at, s);
        }
        let got = g.finish(cut.0..cut.1);
        prop_assert_eq!(got, gathered_plainly(&pushes, span, min_score, cut));
    }
}
