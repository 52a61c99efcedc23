//! Associations, honestly (issue 4, part 3; issue 13): does back pain go
//! with load spikes (same day and 1-3 days later), long runs, hard
//! sessions, skipped routines, cross-training below the dose, or the brace?
//!
//! Each exposure is a yes/no per day. For lag L the pain on day d is set
//! against the exposure on day d - L, over the days where both are known.
//!
//! Like is compared with like: the comparison days for any lag of an
//! exposure are the days clear of it at every lag tested (none that day
//! nor in the `max_lag` days before), so a real effect the day after a long
//! run cannot make the day of the long run look better than "other days"
//! that include those days after. The training events (load spike, long
//! run, hard session) are also kept out of every other comparison: a day
//! inside another training event's window (its day or up to its largest
//! tested lag after it) is never a comparison day, and an exposed day
//! inside one is left out too (a skipped routine two days after a load
//! spike says nothing about the routine alone), except, for the day-by-day
//! events, an event on the same day as the exposure: the two went
//! together, and a long run is often the day's load spike. Without this,
//! the AR(1) fit, which reads each day against its neighbours, let a real
//! effect two days after a load spike make the long run two days before
//! it look easier (half of flare-shaped histories did so in the
//! simulation), and a state such as cross-training below the dose picked
//! up whatever load spikes happened more often in one state than the
//! other. Skipped routines fall on a fifth of days or more and are not
//! cleared from other comparisons; they are spread over both groups.
//!
//! The effect is the difference in mean daily back pain (NRS, the highest
//! of lower and upper back), exposed minus comparison, from a regression
//! with AR(1) errors (`ar1`), because back pain comes in flares and
//! neighbouring days are not independent evidence. It has a two-sided t
//! p-value and a risk ratio of a pain day (NRS >= the setting) with Katz's
//! 95 % interval (descriptive, not corrected). Fewer than `min_per_group`
//! days in either group gives "not enough data". Weekly routine adherence
//! is set against weekly mean pain by Pearson's r with a seeded permutation
//! p-value.
//!
//! When both the lower and the upper back have pain logs, every exposure is
//! also tested against each region's pain on its own (`by_region`), so a
//! link with one region is not hidden by the other; a region with too few
//! days says "not enough data" like any test. With only one region logged,
//! the combined findings are that region's, and nothing is tested twice.
//!
//! With a dozen tests, some will look significant by chance: p-values are
//! also given after Holm's correction across every test above (combined,
//! per region and adherence), and only those count as findings. Each
//! difference's interval is drawn at the level Holm's procedure tested it
//! at (`stats::holm_levels`), so an interval that excludes 0 always goes
//! with a finding and one that includes 0 with "could well be chance".
//! These are the runner's own n-of-1 observations: they say two things went
//! together, never that one caused the other.

use chrono::Datelike;

use super::ar1;
pub use super::exposure::Exposure;
use super::exposure::{back_pain, exposure_days, region_pain};
use crate::history::{History, Settings};
use crate::load::LoadSeries;
use crate::pain::adherence;
use crate::profile::Region;
use crate::stats::{self, RiskRatio, SplitMix64};

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
    /// Comparison days (clear of the exposure at every lag tested).
    pub n_unexposed: usize,
    /// Mean pain on exposed days (descriptive).
    pub mean_exposed: f64,
    /// Mean pain on the comparison days (descriptive).
    pub mean_unexposed: f64,
    /// Difference (exposed - comparison), NRS points, from the AR(1) fit.
    pub difference: f64,
    /// Standard error of the difference.
    pub std_error: f64,
    /// Degrees of freedom of its t test.
    pub df: f64,
    /// Day-to-day carry-over of pain allowed for (AR(1) phi, 0 to 0.98).
    pub carryover: f64,
    /// Interval of the difference at `ci_level`, which agrees with the
    /// Holm verdict (excludes 0 exactly when `significant`).
    pub ci: Option<(f64, f64)>,
    /// Coverage of `ci` (e.g. 0.996 for 1 - 0.05 / 13); 0.95 before Holm.
    pub ci_level: f64,
    /// Risk ratio of a pain day, with Katz's uncorrected 95 % interval.
    pub risk_ratio: Option<RiskRatio>,
    /// Two-sided p-value of the difference.
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
    /// The region whose pain is tested; `None` for lower and upper back
    /// together.
    pub region: Option<Region>,
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

/// The associations of one back region on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionFindings {
    /// The region.
    pub region: Region,
    /// Per exposure and lag, against this region's pain alone.
    pub associations: Vec<Association>,
}

/// The regions tested on their own when both have pain logs.
pub const REGIONS: [Region; 2] = [Region::LowerBack, Region::UpperBack];

/// All associations.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    /// Per exposure and lag, against lower and upper back pain together.
    pub associations: Vec<Association>,
    /// Per region, when both regions have pain logs; empty otherwise.
    pub by_region: Vec<RegionFindings>,
    /// Routine adherence against pain, weekly.
    pub adherence: AdherenceTrend,
    /// Tests in the Holm family.
    pub tests: usize,
    /// Alpha.
    pub alpha: f64,
    /// Permutations for the adherence test.
    pub permutations: u32,
    /// The n-of-1 label.
    pub note: &'static str,
}

/// An exposure and its yes / no / unknown per day.
type Series<'a> = (Exposure, &'a [Option<bool>]);

/// Whether `e` is a day-by-day event whose effect may last its lags
/// (load spike, long run, hard session, skipped routine), as opposed to a
/// state (cross-training below the dose) or a logged choice (the brace).
pub fn is_event(e: Exposure) -> bool {
    e.max_lag() > 0
}

/// Whether `e` is a training event (load spike, long run, hard session):
/// the events whose windows every other comparison keeps clear of.
/// Skipped routines are not among them: they fall on a fifth of days or
/// more, and clearing their windows would leave few days to compare.
pub fn is_training_event(e: Exposure) -> bool {
    matches!(
        e,
        Exposure::LoadSpike | Exposure::LongRun | Exposure::HardSession
    )
}

/// The days compared for `lag` of the exposure `exposed` (largest lag
/// `max_lag`): pain known and the exposure at `lag` known.
///
/// A day not exposed at `lag` is a comparison day only when no lag in
/// `0..=max_lag` finds the exposure on it. `others` holds the other
/// training events' day series: a comparison day must also be clear of
/// them at each of their lags, and an exposed day is left out when one of
/// them reaches it. For an `event`, one on the same day as this exposure
/// (at the same lag) stays: the two went together. For a state or the
/// brace, any reach leaves the day out, so both groups are cleared alike.
fn compared_days(
    pain: &[Option<f64>],
    exposed: &[Option<bool>],
    (lag, max_lag): (usize, usize),
    others: &[Series<'_>],
    event: bool,
) -> Vec<ar1::Day> {
    let at = |xs: &[Option<bool>], d: usize, l: usize| {
        d.checked_sub(l).and_then(|i| xs.get(i).copied().flatten())
    };
    let touched = |d: usize, skip: Option<usize>| {
        others.iter().any(|(o, xs)| {
            (0..=usize::from(o.max_lag())).any(|l| Some(l) != skip && at(xs, d, l) == Some(true))
        })
    };
    (lag..pain.len())
        .filter_map(|d| {
            let p = pain[d]?;
            let e = at(exposed, d, lag)?;
            let keep = if e {
                !touched(d, event.then_some(lag))
            } else {
                (0..=max_lag).all(|l| at(exposed, d, l) != Some(true)) && !touched(d, None)
            };
            keep.then_some(ar1::Day {
                day: d,
                pain: p,
                exposed: e,
            })
        })
        .collect()
}

fn estimate(
    pain: &[Option<f64>],
    exposed: &[Option<bool>],
    lags: (usize, usize),
    (others, event): (&[Series<'_>], bool),
    settings: &Settings,
) -> Outcome {
    let days = compared_days(pain, exposed, lags, others, event);
    let split = |want: bool| -> Vec<f64> {
        days.iter()
            .filter(|d| d.exposed == want)
            .map(|d| d.pain)
            .collect()
    };
    let (a, b) = (split(true), split(false));
    let minimum = settings.min_per_group;
    let not_enough = Outcome::NotEnoughData {
        n_exposed: a.len(),
        n_unexposed: b.len(),
        minimum,
    };
    if a.len() < minimum || b.len() < minimum {
        return not_enough;
    }
    let (Some(ma), Some(mb), Some(fit)) = (stats::mean(&a), stats::mean(&b), ar1::fit(&days))
    else {
        return not_enough;
    };
    let level = f64::from(settings.pain_day_threshold);
    let events = |xs: &[f64]| xs.iter().filter(|v| **v >= level).count();
    Outcome::Estimated(Estimate {
        n_exposed: a.len(),
        n_unexposed: b.len(),
        mean_exposed: ma,
        mean_unexposed: mb,
        difference: fit.difference,
        std_error: fit.std_error,
        df: fit.df,
        carryover: fit.phi,
        ci: ar1::interval(fit.difference, fit.std_error, fit.df, 0.05),
        ci_level: 0.95,
        risk_ratio: stats::risk_ratio(events(&a), a.len(), events(&b), b.len()),
        p_value: fit.p_value,
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

/// Every exposure at every lag against `pain`.
fn tests(
    region: Option<Region>,
    pain: &[Option<f64>],
    exposures: &[(Exposure, Vec<Option<bool>>)],
    settings: &Settings,
) -> Vec<Association> {
    let mut out = Vec::new();
    for (e, days) in exposures {
        let others: Vec<Series<'_>> = exposures
            .iter()
            .filter(|(o, _)| *o != *e && is_training_event(*o))
            .map(|(o, xs)| (*o, xs.as_slice()))
            .collect();
        for lag in 0..=e.max_lag() {
            out.push(Association {
                region,
                exposure: *e,
                lag_days: lag,
                outcome: estimate(
                    pain,
                    days,
                    (usize::from(lag), usize::from(e.max_lag())),
                    (&others, is_event(*e)),
                    settings,
                ),
                significant: false,
            });
        }
    }
    out
}

/// Every association, with Holm's correction across the family.
pub fn associations(
    history: &History,
    series: &LoadSeries,
    settings: &Settings,
    rng: &mut SplitMix64,
) -> Findings {
    let pain = back_pain(history, series, settings);
    let exposures: Vec<(Exposure, Vec<Option<bool>>)> = Exposure::ALL
        .into_iter()
        .map(|e| (e, exposure_days(history, series, settings, e)))
        .collect();
    let mut out = tests(None, &pain, &exposures, settings);
    let (mut adherence, adherence_p) = adherence_trend(history, series, &pain, settings, rng);
    // Each region on its own, only when both have logs (else it would
    // repeat the combined tests on the same numbers).
    let logged = |r: Region| history.pain.iter().any(|p| p.region == r);
    let mut by_region: Vec<RegionFindings> = if REGIONS.iter().all(|r| logged(*r)) {
        REGIONS
            .into_iter()
            .map(|region| {
                let pain = region_pain(history, series, settings, &[region]);
                RegionFindings {
                    region,
                    associations: tests(Some(region), &pain, &exposures, settings),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let p = |a: &Association| match a.outcome {
        Outcome::Estimated(e) => Some(e.p_value),
        Outcome::NotEnoughData { .. } => None,
    };
    // One Holm family, in a fixed order: combined, adherence, regions.
    let mut ps: Vec<f64> = out.iter().filter_map(p).collect();
    ps.extend(adherence_p);
    ps.extend(
        by_region
            .iter()
            .flat_map(|r| r.associations.iter().filter_map(p)),
    );
    let adjusted = stats::holm(&ps);
    let levels = stats::holm_levels(&ps, settings.alpha);
    let mut it = adjusted.iter().zip(&levels);
    let assign = |a: &mut Association, it: &mut std::iter::Zip<_, _>| {
        if let Outcome::Estimated(e) = &mut a.outcome
            && let Some((p, level)) = Iterator::next(it)
        {
            let (p, level): (&f64, &f64) = (p, level);
            e.p_holm = *p;
            a.significant = *p < settings.alpha;
            e.ci = ar1::interval(e.difference, e.std_error, e.df, *level);
            e.ci_level = 1.0 - level;
        }
    };
    for a in &mut out {
        assign(a, &mut it);
    }
    if let AdherenceTrend::Estimated {
        p_holm,
        significant,
        ..
    } = &mut adherence
        && let Some((p, _)) = it.next()
    {
        *p_holm = *p;
        *significant = *p < settings.alpha;
    }
    for a in by_region.iter_mut().flat_map(|r| r.associations.iter_mut()) {
        assign(a, &mut it);
    }
    Findings {
        associations: out,
        by_region,
        adherence,
        tests: ps.len(),
        alpha: settings.alpha,
        permutations: settings.permutations,
        note: N_OF_1_NOTE,
    }
}
