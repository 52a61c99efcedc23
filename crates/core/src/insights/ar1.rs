//! A difference in mean pain between exposed and comparison days, fitted
//! as a regression with AR(1) errors, so pain that carries over from one
//! day to the next (a flare lasting days) is not mistaken for many
//! independent days of evidence.
//!
//! The model is `pain_d = a + b * exposed_d + e_d` with
//! `e_d = phi * e_(d-1) + u_d`. It is fitted by feasible generalised least
//! squares in the Cochrane-Orcutt / Prais-Winsten manner (Prais & Winsten
//! 1954; Cochrane & Orcutt 1949): ordinary least squares gives residuals,
//! their lag-1 autocorrelation gives `phi`, every observation is
//! quasi-differenced against the one before it, and least squares on the
//! transformed rows gives `b`, its standard error and Student's t with
//! n - 3 degrees of freedom (intercept, slope and `phi`). This is done
//! twice (the second `phi` from the first GLS fit's residuals).
//!
//! Days may be missing (no pain log, or left out of the comparison): with a
//! gap of `g` days the AR(1) correlation between the two observations is
//! `phi^g`, and the row is scaled by `1 / sqrt(1 - phi^(2g))` so every
//! transformed row has the same variance (the exact AR(1) likelihood for
//! unequally spaced days, as for a sampled Ornstein-Uhlenbeck process). The
//! first row is kept as it is, which is Prais-Winsten's full-data form.
//!
//! `phi` is estimated from pairs of consecutive days only, corrected for
//! its known downward small-sample bias (about -(1 + 3 phi) / n; Kendall
//! 1954, Marriott & Pope 1954), and kept in `[0, MAX_PHI]`: pain that
//! swings the other way day to day is treated as independent (the usual
//! test is then conservative), and a unit root is never assumed.
//!
//! Why this and not a permutation of days: shuffling single days assumes
//! they are exchangeable, which flare-shaped pain is not (issue 13: with
//! AR(1) pain at phi 0.9 and nothing to do with training, 8 of 30 null
//! histories flagged something, 7 of them the 30-day cross-training
//! dose). A circular-shift test or a circular block permutation (Politis &
//! Romano 1992) would keep the time structure, but with one history a year
//! long it has only a few hundred distinct shifts (fewer once shifts
//! shorter than a 30-day window are set aside), and a dozen Holm-corrected
//! tests need p-values below 0.004: most real effects could never be found.
//! The AR(1) fit gives exact-size t tests when the model holds, full power
//! for one-day effects (flare days are explained by the days before them),
//! and an interval that agrees with its p-value at any level, which the
//! Holm-level intervals need. A slow, rolling exposure such as
//! cross-training below the dose over 30 days needs no block length to
//! match its window: the fit sets the level of pain across its long
//! stretches against what the carry-over alone would give, and the
//! standard error grows as the stretches get fewer.
//!
//! Its calibration under independent and flare-shaped null histories, its
//! power and the rate of extra findings beside a real one are measured in
//! `tests/insights_simulation.rs`. The model is a working one: pain that
//! drifts for months, or carries over in a more tangled way than AR(1),
//! can still make an unrelated, slowly changing exposure look linked.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The largest day-to-day carry-over assumed.
pub const MAX_PHI: f64 = 0.98;

/// One day's pain and whether it is in the exposed group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Day {
    /// Day index in the series (increasing).
    pub day: usize,
    /// Pain, NRS.
    pub pain: f64,
    /// In the exposed group (else a comparison day).
    pub exposed: bool,
}

/// A fitted difference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Exposed minus comparison, NRS points, allowing for carry-over.
    pub difference: f64,
    /// Its standard error.
    pub std_error: f64,
    /// Degrees of freedom of the t test.
    pub df: f64,
    /// The day-to-day carry-over used (AR(1) phi).
    pub phi: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// Least squares of the transformed rows: `(a, b, sse, inverse (2,2))`.
fn gls(days: &[Day], phi: f64) -> Option<(f64, f64, f64, f64)> {
    let (mut s11, mut s12, mut s22, mut s1y, mut s2y, mut syy) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let mut prev: Option<&Day> = None;
    for d in days {
        let x = f64::from(u8::from(d.exposed));
        let (z1, z2, zy) = match prev {
            None => (1.0, x, d.pain),
            Some(p) => {
                let gap = i32::try_from(d.day.saturating_sub(p.day).max(1)).unwrap_or(i32::MAX);
                let r = phi.powi(gap);
                let s = (1.0 - r * r).sqrt();
                let px = f64::from(u8::from(p.exposed));
                ((1.0 - r) / s, (x - r * px) / s, (d.pain - r * p.pain) / s)
            }
        };
        s11 += z1 * z1;
        s12 += z1 * z2;
        s22 += z2 * z2;
        s1y += z1 * zy;
        s2y += z2 * zy;
        syy += zy * zy;
        prev = Some(d);
    }
    let det = s11 * s22 - s12 * s12;
    if !(det.is_finite() && det > 1e-9 * (s11 * s22).max(f64::MIN_POSITIVE)) {
        return None;
    }
    let a = (s22 * s1y - s12 * s2y) / det;
    let b = (s11 * s2y - s12 * s1y) / det;
    // SSE = y'y - beta' X'y.
    let sse = (syy - a * s1y - b * s2y).max(0.0);
    Some((a, b, sse, s11 / det))
}

/// Lag-1 autocorrelation of the residuals over consecutive days, bias
/// corrected and clamped to `[0, MAX_PHI]`.
fn carryover(days: &[Day], a: f64, b: f64) -> f64 {
    let resid = |d: &Day| d.pain - a - b * f64::from(u8::from(d.exposed));
    let (mut num, mut den, mut pairs) = (0.0, 0.0, 0usize);
    for w in days.windows(2) {
        if w[1].day == w[0].day + 1 {
            let (e0, e1) = (resid(&w[0]), resid(&w[1]));
            num += e1 * e0;
            den += e0 * e0;
            pairs += 1;
        }
    }
    if pairs < 3 || den <= f64::EPSILON {
        return 0.0;
    }
    let raw = num / den;
    let n = pairs as f64;
    // E[raw] ~ phi - (1 + 3 phi) / n, solved for phi.
    let corrected = (n * raw + 1.0) / (n - 3.0).max(1.0);
    if corrected.is_finite() {
        corrected.clamp(0.0, MAX_PHI)
    } else {
        0.0
    }
}

/// Fits the difference; `None` with fewer than four days, when every day
/// is in one group, or when the groups cannot be told apart after the
/// transform. `days` must be in increasing `day` order.
pub fn fit(days: &[Day]) -> Option<Fit> {
    let n = days.len();
    let exposed = days.iter().filter(|d| d.exposed).count();
    if n < 4 || exposed == 0 || exposed == n {
        return None;
    }
    let (a0, b0, _, _) = gls(days, 0.0)?;
    let phi1 = carryover(days, a0, b0);
    let (a1, b1, _, _) = gls(days, phi1)?;
    let phi = carryover(days, a1, b1);
    let (_, b, sse, inv22) = gls(days, phi)?;
    let df = (n - 3) as f64;
    let std_error = (sse / (n - 2) as f64 * inv22).max(0.0).sqrt();
    Some(Fit {
        difference: b,
        std_error,
        df,
        phi,
        p_value: two_sided_p(b, std_error, df),
    })
}

/// Two-sided p-value of `estimate / se` against Student's t with `df`;
/// a zero standard error gives 1 for a zero estimate, else the smallest
/// positive float (a difference with no scatter at all).
pub fn two_sided_p(estimate: f64, se: f64, df: f64) -> f64 {
    if !(estimate.is_finite() && se.is_finite() && df.is_finite() && df >= 1.0) {
        return 1.0;
    }
    if se <= 0.0 {
        return if estimate == 0.0 {
            1.0
        } else {
            f64::MIN_POSITIVE
        };
    }
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => (2.0 * t.sf((estimate / se).abs())).clamp(f64::MIN_POSITIVE, 1.0),
        Err(_) => 1.0,
    }
}

/// The two-sided `1 - level` interval `estimate +- t * se` (so it excludes
/// 0 exactly when `two_sided_p` is below `level`); `None` for an unusable
/// level or df.
pub fn interval(estimate: f64, se: f64, df: f64, level: f64) -> Option<(f64, f64)> {
    if !(level > 0.0 && level < 1.0 && df >= 1.0 && se.is_finite() && estimate.is_finite()) {
        return None;
    }
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    let q = t.inverse_cdf(1.0 - level / 2.0);
    let half = q * se.max(0.0);
    half.is_finite()
        .then_some((estimate - half, estimate + half))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(pain: &[f64], exposed: &[bool]) -> Vec<Day> {
        pain.iter()
            .zip(exposed)
            .enumerate()
            .map(|(day, (p, e))| Day {
                day,
                pain: *p,
                exposed: *e,
            })
            .collect()
    }

    #[test]
    fn independent_days_give_the_plain_difference_in_means() {
        // Alternating noise has negative carry-over, clamped to 0 (OLS).
        let pain: Vec<f64> = (0..40)
            .map(|i| if i % 2 == 0 { 2.0 } else { 3.0 } + if i % 5 == 0 { 2.0 } else { 0.0 })
            .collect();
        let exposed: Vec<bool> = (0..40).map(|i| i % 5 == 0).collect();
        let f = fit(&days(&pain, &exposed)).expect("both groups");
        assert_eq!(f.phi, 0.0);
        let mean = |want: bool| {
            let v: Vec<f64> = pain
                .iter()
                .zip(&exposed)
                .filter(|(_, e)| **e == want)
                .map(|(p, _)| *p)
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        assert!((f.difference - (mean(true) - mean(false))).abs() < 1e-9);
        assert_eq!(f.df, 37.0);
    }

    #[test]
    fn interval_and_p_value_agree_at_any_level() {
        for (est, se, df) in [(1.0, 0.4, 30.0), (-0.3, 0.2, 5.0), (2.0, 1.0, 200.0)] {
            let p = two_sided_p(est, se, df);
            for level in [0.001, 0.01, 0.05, 0.2, 0.5] {
                let (lo, hi) = interval(est, se, df, level).expect("valid");
                assert_eq!(p < level, lo > 0.0 || hi < 0.0, "{est} {se} {df} {level}");
            }
        }
        // t(30) two-sided 5 %: 2.042 (the table in `stats::t975`).
        let (lo, _) = interval(0.0, 1.0, 30.0, 0.05).expect("valid");
        assert!((lo + 2.042).abs() < 1e-3);
    }

    #[test]
    fn one_group_or_too_few_days_is_not_fitted() {
        assert!(fit(&days(&[1.0, 2.0, 3.0, 4.0], &[true; 4])).is_none());
        assert!(fit(&days(&[1.0, 2.0, 3.0], &[true, false, true])).is_none());
    }
}
