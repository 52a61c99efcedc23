//! Planted effects are found with the right sign and lag; shuffled pain is
//! not reported as significant more often than the stated error rate.

mod insights_common;

use backstride_core::history::Settings;
use backstride_core::insights::assoc::{AdherenceTrend, Exposure, Outcome, associations};
use backstride_core::insights::compute;
use backstride_core::load::series;
use backstride_core::stats::SplitMix64;
use insights_common::{Plant, adherence_history, spike_history};

fn diff(f: &backstride_core::insights::assoc::Findings, e: Exposure, lag: u8) -> (f64, f64, bool) {
    let a = f
        .associations
        .iter()
        .find(|a| a.exposure == e && a.lag_days == lag)
        .expect("every exposure and lag is reported");
    match a.outcome {
        Outcome::Estimated(x) => (x.difference, x.p_holm, a.significant),
        Outcome::NotEnoughData { .. } => (f64::NAN, 1.0, false),
    }
}

#[test]
fn pain_two_days_after_weekly_jumps_is_found_at_lag_two() {
    for seed in [1u64, 2, 3] {
        let (h, today) = spike_history(seed, 104, Plant::SpikeLag2);
        let settings = Settings::default();
        let out = compute(&h, &settings, today, &[], &mut SplitMix64::new(seed)).expect("valid");
        let f = &out.findings;
        let (d2, p2, sig2) = diff(f, Exposure::LoadSpike, 2);
        assert!(
            sig2 && d2 > 0.0,
            "seed {seed}: lag 2 diff {d2}, Holm p {p2}"
        );
        for lag in [0u8, 1, 3] {
            let (d, _, _) = diff(f, Exposure::LoadSpike, lag);
            assert!(
                d.is_nan() || d < d2,
                "seed {seed}: lag {lag} ({d}) beats lag 2 ({d2})"
            );
        }
    }
}

#[test]
fn pain_falling_as_routine_adherence_rises_is_found() {
    for seed in [4u64, 5, 6] {
        let (h, today) = adherence_history(seed, 52);
        let out = compute(
            &h,
            &Settings::default(),
            today,
            &[],
            &mut SplitMix64::new(seed),
        )
        .expect("valid");
        match out.findings.adherence {
            AdherenceTrend::Estimated { r, significant, .. } => {
                assert!(r < -0.5 && significant, "seed {seed}: r {r}")
            }
            AdherenceTrend::NotEnoughData { .. } => panic!("52 weeks are enough"),
        }
        let (d, _, sig) = diff(&out.findings, Exposure::SkippedRoutine, 0);
        assert!(sig && d > 0.0, "seed {seed}: skipped-day diff {d}");
    }
}

/// Over 200 seeds of shuffled pain, each test's raw rejection rate at alpha
/// 0.05 and the Holm family-wise rate stay at or below 0.05 plus three
/// binomial standard errors (sqrt(0.05 x 0.95 / 200) = 0.0154), i.e. 0.096:
/// with independent days the AR(1) fit's carry-over is about 0 and its t
/// test is close to exact (the adherence test is a permutation test, exact
/// under exchangeability), so a correct implementation exceeds that bound
/// with probability about 0.001 per test.
#[test]
fn shuffled_pain_is_rarely_significant() {
    const SEEDS: u64 = 200;
    let bound = 0.05 + 3.0 * (0.05f64 * 0.95 / SEEDS as f64).sqrt();
    let settings = Settings {
        permutations: 199,
        ..Settings::default()
    };
    let mut raw: std::collections::BTreeMap<(Exposure, u8), u32> = Default::default();
    let mut familywise = 0u32;
    let mut adherence_raw = 0u32;
    for seed in 0..SEEDS {
        let (h, today) = spike_history(1000 + seed, 52, Plant::Shuffled);
        let start = backstride_core::insights::first_day(&h, &settings, today);
        let s = series(&h, &settings, start, today);
        let f = associations(&h, &s, &settings, &mut SplitMix64::new(seed));
        let mut any = false;
        for a in &f.associations {
            if let Outcome::Estimated(e) = a.outcome {
                *raw.entry((a.exposure, a.lag_days)).or_default() += u32::from(e.p_value < 0.05);
                any |= a.significant;
            }
        }
        if let AdherenceTrend::Estimated {
            p_value,
            significant,
            ..
        } = f.adherence
        {
            adherence_raw += u32::from(p_value < 0.05);
            any |= significant;
        }
        familywise += u32::from(any);
    }
    for ((e, lag), hits) in &raw {
        let rate = f64::from(*hits) / SEEDS as f64;
        assert!(rate <= bound, "{e:?} lag {lag}: {rate}");
    }
    assert!(raw.len() >= 10, "most tests estimated: {}", raw.len());
    assert!(f64::from(adherence_raw) / SEEDS as f64 <= bound);
    let fw = f64::from(familywise) / SEEDS as f64;
    assert!(fw <= bound, "family-wise {fw}");
}

/// Upper-back pain that ignores the load, logged beside the planted
/// lower-back effect: each region is tested on its own, the effect shows in
/// the lower back only, and a region with few logs says "not enough data".
#[test]
fn each_back_region_is_tested_on_its_own() {
    use backstride_core::history::PainWhen;
    use backstride_core::profile::Region;
    use chrono::Days;

    let region = |f: &backstride_core::insights::assoc::Findings, r: Region| {
        f.by_region
            .iter()
            .find(|x| x.region == r)
            .map(|x| x.associations.clone())
            .expect("both regions are reported")
    };
    let lag2 = |xs: &[backstride_core::insights::assoc::Association]| {
        xs.iter()
            .find(|a| a.exposure == Exposure::LoadSpike && a.lag_days == 2)
            .copied()
            .expect("every exposure and lag is reported")
    };
    let (lower_only, today) = spike_history(1, 104, Plant::SpikeLag2);
    let settings = Settings::default();
    let out = compute(&lower_only, &settings, today, &[], &mut SplitMix64::new(1)).expect("valid");
    assert!(
        out.findings.by_region.is_empty(),
        "one region: nothing tested twice"
    );

    let mut both = lower_only.clone();
    let first = both
        .pain
        .iter()
        .map(|p| p.at.date_naive())
        .min()
        .expect("pain logged");
    let days = (today - first).num_days() as u64;
    let mut rng = SplitMix64::new(77);
    for d in 0..=days {
        let mut p = insights_common::pain(
            first + Days::new(d),
            (rng.next_u64() % 3) as u8,
            PainWhen::After,
        );
        p.region = Region::UpperBack;
        both.pain.push(p);
    }
    let out = compute(&both, &settings, today, &[], &mut SplitMix64::new(1)).expect("valid");
    let lower = lag2(&region(&out.findings, Region::LowerBack));
    let upper = lag2(&region(&out.findings, Region::UpperBack));
    assert_eq!(lower.region, Some(Region::LowerBack));
    match (lower.outcome, upper.outcome) {
        (Outcome::Estimated(l), Outcome::Estimated(u)) => {
            assert!(lower.significant && l.difference > 2.0, "lower {l:?}");
            assert!(
                !upper.significant && u.difference.abs() < 1.0,
                "upper {u:?}"
            );
        }
        other => panic!("both estimated: {other:?}"),
    }
    let per_region: usize = out
        .findings
        .by_region
        .iter()
        .flat_map(|r| &r.associations)
        .filter(|a| matches!(a.outcome, Outcome::Estimated(_)))
        .count();
    assert!(
        out.findings.tests > per_region,
        "one Holm family for all tests"
    );

    // Three upper-back logs are too few to compare.
    let mut few = lower_only.clone();
    for d in 0..3u64 {
        let mut p = insights_common::pain(first + Days::new(d), 1, PainWhen::After);
        p.region = Region::UpperBack;
        few.pain.push(p);
    }
    let out = compute(&few, &settings, today, &[], &mut SplitMix64::new(1)).expect("valid");
    let upper = region(&out.findings, Region::UpperBack);
    assert!(
        upper
            .iter()
            .all(|a| matches!(a.outcome, Outcome::NotEnoughData { .. }))
    );
    assert!(
        backstride_core::insights::assoc::describe(&upper[0]).starts_with("Upper-back pain"),
        "{}",
        backstride_core::insights::assoc::describe(&upper[0])
    );
    assert!(matches!(
        lag2(&region(&out.findings, Region::LowerBack)).outcome,
        Outcome::Estimated(_)
    ));
}
