//! Property tests of the form analysis: whatever the keypoints (random
//! people, points anywhere, any scores, gaps, NaN), it never panics, and
//! any number it shows is finite with a reason-free confidence of at least
//! "moderate".

use backstride_core::form::pose::{
    Detection, EMPTY_SKELETON, Joint, Keypoint, PoseFrame, PoseLayout, PoseRecording,
};
use backstride_core::form::summary::Confidence;
use backstride_core::form::{FormRules, FormSettings, analyse};
use backstride_core::knowledge::KnowledgeBase;
use proptest::prelude::*;

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
        }
    }
}
