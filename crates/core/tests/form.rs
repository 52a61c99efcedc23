//! Form analysis against synthetic runners of known geometry (issue 5):
//! each metric measured within a stated tolerance, also with noise,
//! dropped frames, a second person and either facing direction; drift
//! found when planted and not when absent; poor captures withheld.

mod form_synth;
mod support;

use backstride_core::form::pose::{Joint, PoseRecording};
use backstride_core::form::summary::{Confidence, MIN_DRIFT_SPAN_S, TOO_SHORT};
use backstride_core::form::{FormAnalysis, FormError, FormRules, FormSettings, Metric, analyse};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::signal::Signal;
use form_synth::{Ramp, Runner, record};

fn rules() -> FormRules {
    let kb = KnowledgeBase::embedded().expect("knowledge base");
    FormRules::embedded(&kb).expect("form rules")
}

fn run(r: &Runner) -> FormAnalysis {
    run_with(&[record(r)], &FormSettings::default())
}

fn run_with(clips: &[PoseRecording], settings: &FormSettings) -> FormAnalysis {
    let refs: Vec<&PoseRecording> = clips.iter().collect();
    analyse(&refs, settings, &rules()).expect("analysis runs")
}

fn value(a: &FormAnalysis, m: Metric) -> f64 {
    let s = a.metric(m);
    assert!(
        s.withheld.is_none(),
        "{} withheld: {:?}; notes {:?}",
        m.id(),
        s.withheld,
        a.notes
    );
    s.median.expect("a median")
}

/// Tolerances the tests hold the measurement to.
const TOL_CADENCE: f64 = 3.0;
const TOL_LEAN: f64 = 1.5;
const TOL_HEAD: f64 = 0.03;
const TOL_ELBOW: f64 = 5.0;

fn assert_close(a: &FormAnalysis, m: Metric, want: f64, tol: f64) {
    let got = value(a, m);
    assert!(
        (got - want).abs() <= tol,
        "{}: measured {got:.3}, planted {want:.3} (tolerance {tol})",
        m.id()
    );
}

fn assert_geometry(a: &FormAnalysis, r: &Runner) {
    assert_close(a, Metric::Cadence, r.cadence, TOL_CADENCE);
    assert_close(a, Metric::TrunkLean, r.lean_deg.0, TOL_LEAN);
    assert_close(a, Metric::HeadAhead, r.head_ahead.0, TOL_HEAD);
    assert_close(a, Metric::ElbowAngle, r.elbow_deg.0, TOL_ELBOW);
    // Arm swing: twice the amplitude, within 5 degrees.
    assert_close(a, Metric::ArmSwing, 2.0 * r.arm_amp_deg, 5.0);
}

#[test]
fn known_geometry_is_measured() {
    for (lean, head, elbow, cadence) in [
        (8.0, 0.05, 90.0, 170.0),
        (2.0, 0.0, 110.0, 180.0),
        (14.0, 0.2, 70.0, 160.0),
        (5.0, 0.12, 95.0, 190.0),
    ] {
        let r = Runner {
            lean_deg: Ramp::fixed(lean),
            head_ahead: Ramp::fixed(head),
            elbow_deg: Ramp::fixed(elbow),
            cadence,
            ..Runner::default()
        };
        let a = run(&r);
        assert_geometry(&a, &r);
        assert_eq!(a.metric(Metric::TrunkLean).confidence, Confidence::High);
        assert!(a.clips[0].view.side_view);
    }
}

#[test]
fn noise_and_dropped_frames_stay_within_tolerance() {
    for seed in 1..=4 {
        let r = Runner {
            noise_px: 6.0,
            drop_frames: 0.08,
            drop_points: 0.05,
            seed,
            ..Runner::default()
        };
        let a = run(&r);
        assert_geometry(&a, &r);
    }
}

#[test]
fn facing_left_or_right_and_either_near_side_measure_the_same() {
    let base = Runner {
        lean_deg: Ramp::fixed(10.0),
        head_ahead: Ramp::fixed(0.15),
        ..Runner::default()
    };
    for (facing, near_left, speed) in [
        (1.0, true, 0.0),
        (-1.0, true, 0.0),
        (-1.0, false, 1.5),
        (1.0, false, 1.5),
    ] {
        let r = Runner {
            facing,
            near_left,
            speed,
            ..base.clone()
        };
        let a = run(&r);
        assert_eq!(a.clips[0].view.facing, facing as f32);
        assert_geometry(&a, &r);
    }
}

#[test]
fn a_second_person_is_not_mistaken_for_the_runner() {
    let r = Runner {
        bystander: true,
        noise_px: 2.0,
        ..Runner::default()
    };
    let a = run(&r);
    assert_eq!(a.clips[0].people, 2);
    assert!(a.clips[0].switches.is_empty(), "{:?}", a.clips[0].switches);
    assert!(
        a.notes.iter().any(|n| n.contains("2 people")),
        "{:?}",
        a.notes
    );
    assert_geometry(&a, &r);
    // Asking for the other person follows the walker, who does not run.
    let other = if a.clips[0].runner == 1 { 2 } else { 1 };
    let walker = run_with(
        &[record(&r)],
        &FormSettings {
            person: Some(other),
            ..FormSettings::default()
        },
    );
    assert!(walker.metric(Metric::TrunkLean).withheld.is_some());
}

#[test]
fn lengths_in_centimetres_use_the_runners_height() {
    // A 1.75 m runner's torso is 0.288 * 175 = 50.4 cm; 0.2 torso lengths
    // is about 10 cm.
    let r = Runner {
        head_ahead: Ramp::fixed(0.2),
        ..Runner::default()
    };
    let a = run_with(
        &[record(&r)],
        &FormSettings {
            height_cm: Some(175.0),
            ..FormSettings::default()
        },
    );
    let cm = a
        .metric(Metric::HeadAhead)
        .median_cm
        .expect("cm with a height");
    assert!((cm - 10.08).abs() < 1.6, "{cm}");
}

fn finding_ids(a: &FormAnalysis) -> Vec<&str> {
    a.findings.iter().map(|f| f.id.as_str()).collect()
}

/// Two clips of one run, the second `minutes` after the first: the early
/// clip holds each ramp's start, the late one its end.
fn across(r: &Runner, minutes: f64) -> FormAnalysis {
    let part = |end: bool| {
        let pick = |ramp: Ramp| Ramp::fixed(if end { ramp.1 } else { ramp.0 });
        record(&Runner {
            lean_deg: pick(r.lean_deg),
            head_ahead: pick(r.head_ahead),
            neck: pick(r.neck),
            elbow_deg: pick(r.elbow_deg),
            arm_mean_deg: pick(r.arm_mean_deg),
            seconds: 15.0,
            seed: if end { r.seed + 100 } else { r.seed },
            ..r.clone()
        })
    };
    run_with(
        &[part(false), part(true)],
        &FormSettings {
            clip_starts_s: Some(vec![0.0, minutes * 60.0]),
            ..FormSettings::default()
        },
    )
}

#[test]
fn planted_fatigue_drifts_are_found_with_their_sign() {
    let lean = across(
        &Runner {
            lean_deg: Ramp(6.0, 12.0),
            noise_px: 2.0,
            ..Runner::default()
        },
        30.0,
    );
    let d = &lean.drift[Metric::TrunkLean.index()];
    assert!(d.beyond_noise, "{d:?}");
    assert!(d.change.is_some_and(|c| (c - 6.0).abs() < 1.0), "{d:?}");
    assert!(
        finding_ids(&lean).contains(&"trunk-lean-growing"),
        "{:?}",
        finding_ids(&lean)
    );
    assert!(lean.signals().contains(&Signal::FormTrunkLeanGrowing));
    assert!(
        lean.span_s.is_some_and(|s| (s - 1800.0).abs() < 20.0),
        "{:?}",
        lean.span_s
    );

    let tuck = across(
        &Runner {
            elbow_deg: Ramp(105.0, 70.0),
            noise_px: 2.0,
            ..Runner::default()
        },
        30.0,
    );
    assert!(
        finding_ids(&tuck).contains(&"arms-tucking"),
        "{:?}",
        finding_ids(&tuck)
    );

    let rise = across(
        &Runner {
            arm_mean_deg: Ramp(0.0, 35.0),
            noise_px: 2.0,
            ..Runner::default()
        },
        30.0,
    );
    assert!(
        rise.drift[Metric::HandHeight.index()]
            .change
            .is_some_and(|c| c > 0.1),
        "{:?}",
        rise.drift[Metric::HandHeight.index()]
    );
    assert!(
        finding_ids(&rise).contains(&"arms-rising"),
        "{:?}",
        finding_ids(&rise)
    );

    let shrug = across(
        &Runner {
            neck: Ramp(0.5, 0.35),
            noise_px: 2.0,
            ..Runner::default()
        },
        30.0,
    );
    assert!(
        finding_ids(&shrug).contains(&"shoulders-rising"),
        "{:?}",
        finding_ids(&shrug)
    );

    let head = across(
        &Runner {
            head_ahead: Ramp(0.05, 0.3),
            noise_px: 2.0,
            ..Runner::default()
        },
        30.0,
    );
    let ids = finding_ids(&head);
    assert!(ids.contains(&"head-forward-with-fatigue"), "{ids:?}");
    assert!(head.signals().contains(&Signal::FormHeadLeading));
}

#[test]
fn a_planted_drift_within_a_short_clip_is_too_short_to_tell() {
    // The same change in lean as above, but within 30 seconds: fatigue
    // cannot act that fast, so nothing is called.
    let a = run(&Runner {
        lean_deg: Ramp(6.0, 12.0),
        noise_px: 2.0,
        ..Runner::default()
    });
    assert!(
        a.span_s.is_some_and(|s| s < MIN_DRIFT_SPAN_S),
        "{:?}",
        a.span_s
    );
    for d in &a.drift {
        assert!(
            d.withheld
                .as_deref()
                .is_some_and(|w| w.starts_with(TOO_SHORT)),
            "{d:?}"
        );
        assert!(!d.beyond_noise && d.change.is_none(), "{d:?}");
    }
    assert!(!finding_ids(&a).contains(&"trunk-lean-growing"));
    // The clip's own numbers still show.
    assert!((value(&a, Metric::TrunkLean) - 9.0).abs() < 1.5);
    // The same two clips only 5 minutes apart: still too short.
    let near = across(
        &Runner {
            lean_deg: Ramp(6.0, 12.0),
            noise_px: 2.0,
            ..Runner::default()
        },
        5.0,
    );
    assert!(near.findings.iter().all(|f| f.id != "trunk-lean-growing"));
    assert!(
        near.drift[Metric::TrunkLean.index()]
            .withheld
            .as_deref()
            .is_some_and(|w| w.contains("5 min apart")),
        "{:?}",
        near.drift[Metric::TrunkLean.index()]
    );
}

#[test]
fn one_clip_long_enough_still_finds_drift_within_it() {
    // Fifteen and a half minutes in one clip: the early and late thirds'
    // strides are over ten minutes apart (two thirds of the clip), so the
    // within-clip drift works as before.
    let a = run(&Runner {
        fps: 30.0,
        seconds: 930.0,
        lean_deg: Ramp(6.0, 12.0),
        noise_px: 2.0,
        ..Runner::default()
    });
    assert!(
        a.span_s.is_some_and(|s| s >= MIN_DRIFT_SPAN_S),
        "{:?}",
        a.span_s
    );
    let d = &a.drift[Metric::TrunkLean.index()];
    assert!(d.withheld.is_none() && d.beyond_noise, "{d:?}");
    assert!(finding_ids(&a).contains(&"trunk-lean-growing"));
}

#[test]
fn a_steady_runner_shows_no_drift_findings() {
    for seed in 1..=8 {
        let a = run(&Runner {
            noise_px: 3.0,
            drop_points: 0.03,
            seed,
            ..Runner::default()
        });
        let drifted: Vec<&str> = a
            .findings
            .iter()
            .map(|f| f.id.as_str())
            .filter(|id| *id != "head-leading")
            .collect();
        assert!(drifted.is_empty(), "seed {seed}: {drifted:?}");
    }
}

#[test]
fn a_head_well_ahead_is_a_finding_and_a_neutral_head_is_not() {
    let ahead = run(&Runner {
        head_ahead: Ramp::fixed(0.25),
        ..Runner::default()
    });
    assert!(finding_ids(&ahead).contains(&"head-leading"));
    let neutral = run(&Runner {
        head_ahead: Ramp::fixed(0.02),
        lean_deg: Ramp::fixed(15.0),
        ..Runner::default()
    });
    assert!(
        !finding_ids(&neutral).contains(&"head-leading"),
        "lean alone must not count as a forward head"
    );
}

#[test]
fn several_clips_compare_the_first_with_the_last() {
    let early = record(&Runner {
        lean_deg: Ramp::fixed(6.0),
        seconds: 15.0,
        noise_px: 2.0,
        ..Runner::default()
    });
    let late = record(&Runner {
        lean_deg: Ramp::fixed(11.0),
        seconds: 15.0,
        noise_px: 2.0,
        seed: 9,
        ..Runner::default()
    });
    let middle = record(&Runner {
        lean_deg: Ramp::fixed(8.0),
        seconds: 15.0,
        noise_px: 2.0,
        seed: 5,
        ..Runner::default()
    });
    let at = |starts: Vec<f64>| FormSettings {
        clip_starts_s: Some(starts),
        ..FormSettings::default()
    };
    let a = run_with(
        &[early.clone(), middle.clone(), late.clone()],
        &at(vec![0.0, 1500.0, 2880.0]),
    );
    let d = &a.drift[Metric::TrunkLean.index()];
    assert!(d.change.is_some_and(|c| (c - 5.0).abs() < 1.0), "{d:?}");
    assert!(finding_ids(&a).contains(&"trunk-lean-growing"));
    assert!(a.strides.iter().any(|s| s.clip == 1));
    // Each clip sits at its time in the run and keeps its own median.
    let starts: Vec<f64> = a.clips.iter().map(|c| c.start_s).collect();
    assert_eq!(starts, vec![0.0, 1500.0, 2880.0]);
    let lean = |c: usize| a.clips[c].medians[Metric::TrunkLean.index()].expect("a median");
    assert!(
        (lean(0) - 6.0).abs() < 1.0 && (lean(1) - 8.0).abs() < 1.0 && (lean(2) - 11.0).abs() < 1.0
    );
    assert!(
        a.strides
            .iter()
            .filter(|s| s.clip == 2)
            .all(|s| s.time_s >= 2880.0)
    );

    // Times that do not fit the clips are an error, not a guess.
    for bad in [
        vec![0.0, 1500.0],
        vec![0.0, 1500.0, 1500.0],
        vec![0.0, -1.0, 60.0],
        vec![0.0, f64::NAN, 60.0],
    ] {
        let refs = [&early, &middle, &late];
        let got = analyse(&refs, &at(bad.clone()), &rules());
        assert!(
            matches!(got, Err(FormError::ClipTimes(_))),
            "{bad:?}: {got:?}"
        );
    }
}

#[test]
fn a_front_view_is_withheld_not_measured() {
    // Seen from the front: the shoulders and hips are far apart horizontally.
    let mut rec = record(&Runner::default());
    for f in &mut rec.frames {
        for p in &mut f.people {
            for j in [
                Joint::RightShoulder,
                Joint::RightHip,
                Joint::RightElbow,
                Joint::RightWrist,
            ] {
                if let Some(k) = p.skeleton[j.index()].as_mut() {
                    k.x += 170.0;
                }
            }
        }
    }
    let a = run_with(&[rec], &FormSettings::default());
    assert!(!a.clips[0].view.side_view);
    assert!(a.metrics.iter().all(|m| m.withheld.is_some()));
    assert!(a.findings.is_empty());
    assert!(a.notes[0].contains("not a side view"), "{:?}", a.notes);
}

#[test]
fn walking_and_short_clips_are_not_measured_as_running() {
    let walk = run(&Runner {
        cadence: 100.0,
        ..Runner::default()
    });
    assert!(
        walk.notes[0].contains("does not look like running"),
        "{:?}",
        walk.notes
    );
    assert!(walk.findings.is_empty());

    let short = run(&Runner {
        seconds: 1.5,
        ..Runner::default()
    });
    assert!(
        short.notes[0].contains("regular stride"),
        "{:?}",
        short.notes
    );
    assert!(short.metrics.iter().all(|m| m.withheld.is_some()));
}

#[test]
fn unusable_recordings_are_errors_that_say_why() {
    let rules = rules();
    let mut rec = record(&Runner::default());
    rec.fps = None;
    let err = analyse(&[&rec], &FormSettings::default(), &rules).expect_err("no fps");
    assert_eq!(err, FormError::NoFrameRate);
    assert!(err.to_string().contains("--fps"));
    // With --fps it runs.
    let ok = analyse(
        &[&rec],
        &FormSettings {
            fps: Some(60.0),
            ..FormSettings::default()
        },
        &rules,
    );
    assert!(ok.is_ok());

    let mut nobody = record(&Runner::default());
    for f in &mut nobody.frames {
        f.people.clear();
    }
    let err = analyse(&[&nobody], &FormSettings::default(), &rules).expect_err("nobody");
    assert!(err.to_string().contains("no person"), "{err}");

    let empty = PoseRecording {
        frames: Vec::new(),
        ..record(&Runner::default())
    };
    assert_eq!(
        analyse(&[&empty], &FormSettings::default(), &rules).expect_err("empty"),
        FormError::NoFrames
    );

    let err = analyse(
        &[&record(&Runner::default()), &nobody],
        &FormSettings::default(),
        &rules,
    )
    .expect_err("second clip");
    assert!(err.to_string().starts_with("clip 2:"), "{err}");
}

#[test]
fn the_form_rules_are_checked_against_the_knowledge_base() {
    let kb = KnowledgeBase::embedded().expect("knowledge base");
    let rules = FormRules::embedded(&kb).expect("the embedded rules are valid");
    assert_eq!(rules.metrics.len(), Metric::COUNT);
    for f in &rules.findings {
        assert!(
            f.sources.iter().any(|s| s.is_seed()),
            "{} cites no seed claim",
            f.id
        );
    }
    let text = backstride_core::form::rules::FORM_TOML;
    for (from, to, expect) in [
        (
            "\"form.head-leading\"",
            "\"form.nonsense\"",
            "unknown signal",
        ),
        (
            "\"KOBLBAUER-2014\"]\n[finding",
            "\"NOBODY-2099\"]\n[finding",
            "unknown source NOBODY-2099",
        ),
        (
            "noise_floor = 2.0",
            "noise_floor = 0.0",
            "noise_floor must be above 0",
        ),
        ("test = \"drift-up\"", "test = \"sideways\"", "unknown test"),
        (
            "threshold = 8.0",
            "threshold = 1.0",
            "below the metric's noise floor",
        ),
    ] {
        assert!(text.contains(from), "fixture text {from:?} is gone");
        let bad = text.replacen(from, to, 1);
        let err = FormRules::parse(&bad, &kb).expect_err(expect).to_string();
        assert!(
            err.contains(expect) && err.starts_with("knowledge/form.toml"),
            "{err}"
        );
    }
}

#[test]
fn form_signals_feed_causes_but_never_the_triage() {
    use backstride_core::assessment::{Assessment, assess, assess_with};
    use std::collections::BTreeSet;
    let kb = support::kb();
    let observed: BTreeSet<Signal> = [Signal::FormHeadLeading, Signal::FormArmsRising].into();
    let mut red = support::lower_back(&kb);
    if let Some(first) = red.red_flags.values_mut().next() {
        *first = true;
    }
    for answers in [support::lower_back(&kb), support::upper_back(&kb), red] {
        let plain = assess(&kb, &answers).expect("assesses");
        let with = assess_with(&kb, &answers, &observed).expect("assesses");
        assert_eq!(
            plain.triage, with.triage,
            "form findings never change the triage"
        );
        let score =
            |a: &Assessment, id: &str| a.causes.iter().find(|c| c.id == id).map_or(0, |c| c.score);
        assert_eq!(
            score(&with, "forward-head"),
            score(&plain, "forward-head") + 2
        );
        assert_eq!(
            score(&with, "arm-carriage"),
            score(&plain, "arm-carriage") + 2
        );
    }
}
