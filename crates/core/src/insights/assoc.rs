//! Associations, honestly (issue 4, part 3): does back pain go with load
//! spikes (same day and 1-3 days later), long runs, hard sessions, skipped
//! routines, cross-training below the dose, or the brace?
//!
//! Each exposure is a yes/no per day. For lag L the pain on day d is set
//! against the exposure on day d - L, over the days where both are known.
//! The effect is the difference in mean daily back pain (NRS, the highest of
//! lower and upper back), exposed minus not, with Welch's 95 % interval, a
//! two-sided permutation p-value from a seeded generator, and the risk ratio
//! of a pain day (NRS >= the setting) with Katz's interval. Fewer than
//! `min_per_group` days in either group gives "not enough data". Weekly
//! routine adherence is set against weekly mean pain by Pearson's r.
//!
//! With a dozen tests, some will look significant by chance: p-values are
//! also given after Holm's correction, and only those count as findings.
//! These are the runner's own n-of-1 observations: they say two things went
//! together, never that one caused the other.

use chrono::Datelike;

pub use super::exposure::Exposure;
use super::exposure::{back_pain, exposure_days};
use super::inputs::{History, Settings};
use super::rng::SplitMix64;
use super::stats::{self, RiskRatio};
use crate::load::LoadSeries;
use crate::pain::adherence;

pub use super::wording::describe;

/// The label every finding carries.
pub const N_OF_1_NOTE: &str = "Your own n-of-1 findings: they show what went together in your data, not what caused what. Another explanation (illness, sleep, work, a new shoe) may fit them as well.";

/// Fewest weeks for the adherence correlation.
pub const MIN_WEEKS: usize = 8;

/// An estimated association.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Days exposed.
    pub n_exposed: usize,
    /// Days not exposed.
    pub n_unexposed: usize,
    /// Mean pain on exposed days.
    pub mean_exposed: f64,
    /// Mean pain on the other days.
    pub mean_unexposed: f64,
    /// Difference (exposed - not), NRS points.
    pub difference: f64,
    /// Welch 95 % interval of the difference.
    pub ci: Option<(f64, f64)>,
    /// Risk ratio of a pain day.
    pub risk_ratio: Option<RiskRatio>,
    /// Permutation p-value.
    pub p_value: f64,
    /// After Holm's correction across all tests.
    pub p_holm: f64,
}

/// A result or the reason there is none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// Estimated.
    Estimated(Estimate),
    /// Too few days in a group.
    NotEnoughData {
        /// Days exposed.
        n_exposed: usize,
        /// Days not exposed.
        n_unexposed: usize,
        /// The minimum in each group.
        minimum: usize,
    },
}

/// One exposure at one lag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Association {
    /// What.
    pub exposure: Exposure,
    /// Days from exposure to pain.
    pub lag_days: u8,
    /// The estimate, if any.
    pub outcome: Outcome,
    /// Significant after Holm at the chosen alpha.
    pub significant: bool,
}

/// Weekly routine adherence against weekly mean pain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AdherenceTrend {
    /// Estimated.
    Estimated {
        /// Weeks used.
        weeks: usize,
        /// Pearson's r (negative: more routine, less pain).
        r: f64,
        /// Permutation p-value.
        p_value: f64,
        /// After Holm.
        p_holm: f64,
        /// Significant after Holm.
        significant: bool,
    },
    /// Too few weeks with both a plan and pain logs.
    NotEnoughData {
        /// Weeks available.
        weeks: usize,
        /// The minimum.
        minimum: usize,
    },
}

/// All associations.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    /// Per exposure and lag.
    pub associations: Vec<Association>,
    /// Routine adherence against pain, weekly.
    pub adherence: AdherenceTrend,
    /// Tests in the Holm family.
    pub tests: usize,
    /// Alpha.
    pub alpha: f64,
    /// Permutations per test.
    pub permutations: u32,
    /// The n-of-1 label.
    pub note: &'static str,
}

fn estimate(
    pain: &[Option<f64>],
    exposed: &[Option<bool>],
    lag: usize,
    settings: &Settings,
    rng: &mut SplitMix64,
) -> Outcome {
    let (mut values, mut flags) = (Vec::new(), Vec::new());
    for d in lag..pain.len().min(exposed.len() + lag) {
        if let (Some(p), Some(e)) = (pain[d], exposed[d - lag]) {
            values.push(p);
            flags.push(e);
        }
    }
    let split = |want: bool| -> Vec<f64> {
        values
            .iter()
            .zip(&flags)
            .filter(|(_, f)| **f == want)
            .map(|(v, _)| *v)
            .collect()
    };
    let (a, b) = (split(true), split(false));
    let minimum = settings.min_per_group;
    let (Some(ma), Some(mb)) = (stats::mean(&a), stats::mean(&b)) else {
        return Outcome::NotEnoughData {
            n_exposed: a.len(),
            n_unexposed: b.len(),
            minimum,
        };
    };
    if a.len() < minimum || b.len() < minimum {
        return Outcome::NotEnoughData {
            n_exposed: a.len(),
            n_unexposed: b.len(),
            minimum,
        };
    }
    let level = f64::from(settings.pain_day_threshold);
    let events = |xs: &[f64]| xs.iter().filter(|v| **v >= level).count();
    Outcome::Estimated(Estimate {
        n_exposed: a.len(),
        n_unexposed: b.len(),
        mean_exposed: ma,
        mean_unexposed: mb,
        difference: ma - mb,
        ci: stats::welch_ci(&a, &b),
        risk_ratio: stats::risk_ratio(events(&a), a.len(), events(&b), b.len()),
        p_value: stats::permutation_p(&values, &flags, settings.permutations, rng),
        p_holm: 1.0,
    })
}

fn adherence_trend(
    history: &History,
    series: &LoadSeries,
    pain: &[Option<f64>],
    settings: &Settings,
    rng: &mut SplitMix64,
) -> (AdherenceTrend, Option<f64>) {
    let (planned, done) = adherence::routine_days(history);
    let mut weeks: std::collections::BTreeMap<chrono::IsoWeek, (u32, u32, f64, u32)> =
        Default::default();
    for (d, p) in series.days.iter().zip(pain) {
        let w = weeks.entry(d.date.iso_week()).or_default();
        if planned.contains(&d.date) {
            w.0 += 1;
            w.1 += u32::from(done.contains_key(&d.date));
        }
        if let Some(p) = p {
            w.2 += p;
            w.3 += 1;
        }
    }
    let (x, y): (Vec<f64>, Vec<f64>) = weeks
        .values()
        .filter(|w| w.0 > 0 && w.3 > 0)
        .map(|w| (f64::from(w.1) / f64::from(w.0), w.2 / f64::from(w.3)))
        .unzip();
    let r = stats::pearson(&x, &y);
    match r.filter(|_| x.len() >= MIN_WEEKS) {
        Some(r) => {
            let p = stats::pearson_permutation_p(&x, &y, settings.permutations, rng).unwrap_or(1.0);
            (
                AdherenceTrend::Estimated {
                    weeks: x.len(),
                    r,
                    p_value: p,
                    p_holm: 1.0,
                    significant: false,
                },
                Some(p),
            )
        }
        None => (
            AdherenceTrend::NotEnoughData {
                weeks: x.len(),
                minimum: MIN_WEEKS,
            },
            None,
        ),
    }
}

/// Every association, with Holm's correction across the family.
pub fn associations(
    history: &History,
    series: &LoadSeries,
    settings: &Settings,
    rng: &mut SplitMix64,
) -> Findings {
    let pain = back_pain(history, series, settings);
    let mut out = Vec::new();
    for e in Exposure::ALL {
        let days = exposure_days(history, series, settings, e);
        for lag in 0..=e.max_lag() {
            let outcome = estimate(&pain, &days, usize::from(lag), settings, rng);
            out.push(Association {
                exposure: e,
                lag_days: lag,
                outcome,
                significant: false,
            });
        }
    }
    let (mut adherence, adherence_p) = adherence_trend(history, series, &pain, settings, rng);
    let mut ps: Vec<f64> = out
        .iter()
        .filter_map(|a| match a.outcome {
            Outcome::Estimated(e) => Some(e.p_value),
            Outcome::NotEnoughData { .. } => None,
        })
        .collect();
    ps.extend(adherence_p);
    let adjusted = stats::holm(&ps);
    let mut it = adjusted.iter();
    for a in &mut out {
        if let Outcome::Estimated(e) = &mut a.outcome
            && let Some(p) = it.next()
        {
            e.p_holm = *p;
            a.significant = *p < settings.alpha;
        }
    }
    if let (
        AdherenceTrend::Estimated {
            p_holm,
            significant,
            ..
        },
        Some(p),
    ) = (&mut adherence, it.next())
    {
        *p_holm = *p;
        *significant = *p < settings.alpha;
    }
    Findings {
        associations: out,
        adherence,
        tests: ps.len(),
        alpha: settings.alpha,
        permutations: settings.permutations,
        note: N_OF_1_NOTE,
    }
}
