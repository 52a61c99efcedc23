//! Simulated runners (issue 13): the associations stay honest when back
//! pain comes in flares. Seeded and deterministic; 52-week histories.
//!
//! - Null histories (pain independent of training) with independent days
//!   and with flare-shaped AR(1) pain (phi 0.5 and 0.9) flag something,
//!   family-wise over every test and the adherence trend, in at most 10 %.
//! - A planted effect of +1.5 and +3 points two days after a load spike is
//!   found, and its power is printed; beside it, another finding appears in
//!   at most 10 % of histories.
//! - A planted effect the day after a long run does not make the day of the
//!   long run look different (like is compared with like).
//!
//! Run with `--nocapture` to see the rates.

mod insights_common;

use backstride_core::history::Settings;
use backstride_core::insights::assoc::{
    AdherenceTrend, Association, Exposure, Findings, Outcome, associations,
};
use backstride_core::insights::first_day;
use backstride_core::load::series;
use backstride_core::stats::SplitMix64;
use insights_common::{Planted, flare_history};

const HISTORIES: u64 = 50;
const WEEKS: u64 = 52;

fn findings(seed: u64, phi: f64, plant: Option<Planted>) -> Findings {
    findings_over(seed, WEEKS, phi, plant)
}

fn findings_over(seed: u64, weeks: u64, phi: f64, plant: Option<Planted>) -> Findings {
    let (h, today) = flare_history(seed, weeks, phi, plant);
    let settings = Settings::default();
    let start = first_day(&h, &settings, today);
    let s = series(&h, &settings, start, today);
    associations(&h, &s, &settings, &mut SplitMix64::new(seed))
}

fn significant(f: &Findings) -> Vec<Association> {
    f.associations
        .iter()
        .filter(|a| a.significant)
        .copied()
        .collect()
}

fn adherence_flagged(f: &Findings) -> bool {
    matches!(
        f.adherence,
        AdherenceTrend::Estimated {
            significant: true,
            ..
        }
    )
}

/// Share of null histories with any finding.
fn null_rate(phi: f64, seed0: u64) -> f64 {
    let mut flagged = 0u32;
    for seed in seed0..seed0 + HISTORIES {
        let f = findings(seed, phi, None);
        let estimated = f
            .associations
            .iter()
            .filter(|a| matches!(a.outcome, Outcome::Estimated(_)))
            .count();
        assert!(estimated >= 6, "seed {seed}: most tests run ({estimated})");
        let hits = significant(&f);
        if !hits.is_empty() || adherence_flagged(&f) {
            flagged += 1;
            for a in hits {
                println!(
                    "  phi {phi} seed {seed}: {:?} lag {}",
                    a.exposure, a.lag_days
                );
            }
        }
    }
    f64::from(flagged) / HISTORIES as f64
}

#[test]
fn null_histories_rarely_flag_anything_even_in_flares() {
    for (phi, seed0) in [(0.0, 10_000), (0.5, 20_000), (0.9, 30_000)] {
        let rate = null_rate(phi, seed0);
        println!(
            "null, phi {phi}: family-wise false-positive rate {rate:.2} ({HISTORIES} histories)"
        );
        assert!(rate <= 0.10, "phi {phi}: {rate}");
    }
}

/// (power, extra-finding rate, mean estimate) for a planted load-spike
/// effect two days later.
fn planted(size: f64, phi: f64, seed0: u64) -> (f64, f64, f64) {
    let plant = Planted {
        exposure: Exposure::LoadSpike,
        lag: 2,
        size,
    };
    let (mut found, mut extra, mut sum) = (0u32, 0u32, 0.0);
    for seed in seed0..seed0 + HISTORIES {
        let f = findings(seed, phi, Some(plant));
        let hits = significant(&f);
        let target = |a: &Association| a.exposure == plant.exposure && a.lag_days == plant.lag;
        if let Some(a) = hits.iter().find(|a| target(a))
            && let Outcome::Estimated(e) = a.outcome
        {
            found += 1;
            sum += e.difference;
        }
        if hits.iter().any(|a| !target(a)) || adherence_flagged(&f) {
            extra += 1;
            for a in hits.iter().filter(|a| !target(a)) {
                if let Outcome::Estimated(e) = a.outcome {
                    println!(
                        "  extra: seed {seed} {:?} lag {} diff {:+.2} n {} / {} phi {:.2}",
                        a.exposure,
                        a.lag_days,
                        e.difference,
                        e.n_exposed,
                        e.n_unexposed,
                        e.carryover
                    );
                }
            }
        }
    }
    let n = HISTORIES as f64;
    (
        f64::from(found) / n,
        f64::from(extra) / n,
        sum / f64::from(found.max(1)),
    )
}

#[test]
fn planted_effects_are_found_without_extra_findings() {
    for (size, phi, seed0, min_power) in [
        (1.5, 0.0, 40_000, 0.8),
        (1.5, 0.9, 50_000, 0.8),
        (3.0, 0.0, 60_000, 0.9),
        (3.0, 0.9, 70_000, 0.9),
    ] {
        let (power, extra, mean) = planted(size, phi, seed0);
        println!(
            "planted +{size} (phi {phi}): power {power:.2}, extra-finding rate {extra:.2}, mean estimate when found {mean:+.2}"
        );
        assert!(power >= min_power, "+{size} phi {phi}: power {power}");
        assert!(extra <= 0.10, "+{size} phi {phi}: extra {extra}");
        assert!((mean - size).abs() < 0.5 * size, "+{size}: estimate {mean}");
    }
}

#[test]
fn an_effect_the_day_after_a_long_run_leaves_the_day_itself_alone() {
    let plant = Planted {
        exposure: Exposure::LongRun,
        lag: 1,
        size: 3.0,
    };
    let (mut day_after, mut day_of, mut sum) = (0u32, 0u32, 0.0);
    let mut n = 0u32;
    for seed in 80_000..80_000 + HISTORIES {
        let f = findings_over(seed, 104, 0.5, Some(plant));
        let at = |lag: u8| {
            f.associations
                .iter()
                .find(|a| a.exposure == Exposure::LongRun && a.lag_days == lag)
                .copied()
                .expect("every lag is reported")
        };
        day_after += u32::from(at(1).significant);
        day_of += u32::from(at(0).significant);
        if seed < 80_005 {
            println!("{:?}", at(1).outcome);
        }
        if let Outcome::Estimated(e) = at(0).outcome {
            sum += e.difference;
            n += 1;
        }
    }
    let mean = sum / f64::from(n.max(1));
    println!(
        "day after a long run +3 (phi 0.5): found {day_after}/{HISTORIES}; day of the run flagged {day_of}/{HISTORIES}, mean difference {mean:+.2}"
    );
    assert!(f64::from(day_after) >= 0.9 * HISTORIES as f64);
    assert!(f64::from(day_of) <= 0.1 * HISTORIES as f64);
    assert!(
        n >= 40 && mean.abs() < 0.3,
        "day-of difference {mean} over {n}"
    );
}
