//! The small statistics the insights, pain trends and form summaries need,
//! written out so they can be checked: means and SDs, Student t quantiles,
//! a least-squares slope with its confidence interval, Welch's interval for
//! a difference in means, a risk ratio with Katz's log interval,
//! permutation tests (with a seeded [`SplitMix64`]), and Holm's step-down
//! correction with the per-test levels that make intervals agree with it.
//! Every function returns `None` rather than NaN. It names no other module
//! of the crate: it sits at the bottom of core's layers.

mod rng;

pub use rng::SplitMix64;

/// Mean of a slice; `None` when empty.
pub fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Sample variance (n - 1); `None` below two values.
pub fn variance(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let m = mean(xs)?;
    Some(xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64)
}

/// The 97.5th percentile of Student's t (two-sided 95 %); `df` is floored
/// to a whole number, which widens the interval slightly (conservative).
pub fn t975(df: f64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    let d = if df.is_finite() {
        df.floor().max(1.0)
    } else {
        1e9
    };
    if d <= 30.0 {
        return TABLE[(d as usize).saturating_sub(1).min(29)];
    }
    // Cornish-Fisher expansion around the normal quantile.
    let z: f64 = 1.959_964;
    z + (z.powi(3) + z) / (4.0 * d)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
}

/// A least-squares slope with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slope {
    /// The slope, y units per x unit.
    pub slope: f64,
    /// Lower 95 % bound.
    pub low: f64,
    /// Upper 95 % bound.
    pub high: f64,
    /// Points used.
    pub n: usize,
}

/// Ordinary least squares of y on x; `None` below three points or when
/// every x is the same.
pub fn ols_slope(points: &[(f64, f64)]) -> Option<Slope> {
    let n = points.len();
    if n < 3 {
        return None;
    }
    let nf = n as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / nf;
    let my = points.iter().map(|p| p.1).sum::<f64>() / nf;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= f64::EPSILON {
        return None;
    }
    let b = sxy / sxx;
    let a = my - b * mx;
    let sse: f64 = points.iter().map(|p| (p.1 - a - b * p.0).powi(2)).sum();
    let se = (sse / (nf - 2.0) / sxx).max(0.0).sqrt();
    let half = t975(nf - 2.0) * se;
    Some(Slope {
        slope: b,
        low: b - half,
        high: b + half,
        n,
    })
}

/// Welch's 95 % interval for mean(a) - mean(b); `None` below two values in
/// either group.
pub fn welch_ci(a: &[f64], b: &[f64]) -> Option<(f64, f64)> {
    let (ma, mb) = (mean(a)?, mean(b)?);
    let (va, vb) = (variance(a)? / a.len() as f64, variance(b)? / b.len() as f64);
    let d = ma - mb;
    let se2 = va + vb;
    if se2 <= 0.0 {
        return Some((d, d));
    }
    let df_den = va * va / (a.len() as f64 - 1.0) + vb * vb / (b.len() as f64 - 1.0);
    let df = if df_den > 0.0 {
        se2 * se2 / df_den
    } else {
        1.0
    };
    let half = t975(df) * se2.sqrt();
    Some((d - half, d + half))
}

/// A risk ratio with Katz's 95 % log interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskRatio {
    /// Risk in the exposed over risk in the unexposed.
    pub ratio: f64,
    /// Lower 95 % bound.
    pub low: f64,
    /// Upper 95 % bound.
    pub high: f64,
}

/// Risk ratio of `a` events in `n1` exposed against `c` in `n0` unexposed;
/// `None` when either group has no event (the ratio is then 0 or unbounded).
pub fn risk_ratio(a: usize, n1: usize, c: usize, n0: usize) -> Option<RiskRatio> {
    if a == 0 || c == 0 || n1 == 0 || n0 == 0 {
        return None;
    }
    let (a, n1, c, n0) = (a as f64, n1 as f64, c as f64, n0 as f64);
    let ratio = (a / n1) / (c / n0);
    let se = (1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n0).max(0.0).sqrt();
    let half = 1.959_964 * se;
    Some(RiskRatio {
        ratio,
        low: (ratio.ln() - half).exp(),
        high: (ratio.ln() + half).exp(),
    })
}

/// Exceedances after which a permutation test stops early.
pub const STOP_AFTER_HITS: u32 = 20;

/// The sequential Monte Carlo p-value of Besag & Clifford (1991): stop once
/// `STOP_AFTER_HITS` relabellings are at least as extreme (p = h / L after
/// L relabellings), else (1 + hits) / (b + 1) after all `b`. Valid like the
/// full test, and far cheaper when the answer is clearly "not significant".
fn sequential_p(b: u32, mut extreme: impl FnMut() -> bool) -> f64 {
    let mut hits = 0u32;
    for done in 1..=b {
        if extreme() {
            hits += 1;
            if hits >= STOP_AFTER_HITS {
                return f64::from(hits) / f64::from(done);
            }
        }
    }
    f64::from(hits + 1) / f64::from(b + 1)
}

/// Two-sided permutation p-value for the difference in means between the
/// `exposed` values and the rest, with up to `b` random relabellings (see
/// `sequential_p`), never 0. Only `min(k, n - k)` draws are made per
/// relabelling (partial Fisher-Yates), which keeps it fast.
pub fn permutation_p(values: &[f64], exposed: &[bool], b: u32, rng: &mut SplitMix64) -> f64 {
    let n = values.len().min(exposed.len());
    let k = exposed[..n].iter().filter(|e| **e).count();
    if n < 2 || k == 0 || k == n || b == 0 {
        return 1.0;
    }
    let total: f64 = values[..n].iter().sum();
    let diff = |sum_e: f64| sum_e / k as f64 - (total - sum_e) / (n - k) as f64;
    let observed_sum: f64 = (0..n).filter(|&i| exposed[i]).map(|i| values[i]).sum();
    let observed = diff(observed_sum).abs() - 1e-9;
    let m = k.min(n - k);
    let mut pool: Vec<f64> = values[..n].to_vec();
    sequential_p(b, || {
        let mut s = 0.0;
        for i in 0..m {
            let j = i + rng.below(n - i);
            pool.swap(i, j);
            s += pool[i];
        }
        let sum_e = if m == k { s } else { total - s };
        diff(sum_e).abs() >= observed
    })
}

/// Pearson's correlation; `None` below three pairs or with no spread.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 3 {
        return None;
    }
    let (mx, my) = (mean(&x[..n])?, mean(&y[..n])?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx).powi(2);
        syy += (y[i] - my).powi(2);
    }
    let den = (sxx * syy).sqrt();
    (den > f64::EPSILON).then(|| (sxy / den).clamp(-1.0, 1.0))
}

/// Two-sided permutation p-value for Pearson's r (y shuffled up to `b`
/// times, see `sequential_p`).
pub fn pearson_permutation_p(x: &[f64], y: &[f64], b: u32, rng: &mut SplitMix64) -> Option<f64> {
    let r = pearson(x, y)?;
    let mut pool = y[..x.len().min(y.len())].to_vec();
    Some(sequential_p(b, || {
        rng.shuffle(&mut pool);
        pearson(x, &pool).is_some_and(|s| s.abs() >= r.abs() - 1e-9)
    }))
}

/// Holm's step-down adjusted p-values, in the input order (Holm 1979): they
/// keep the chance of any false positive in the family at or below alpha.
pub fn holm(ps: &[f64]) -> Vec<f64> {
    let m = ps.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| ps[a].total_cmp(&ps[b]));
    let mut adjusted = vec![1.0; m];
    let mut running: f64 = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        let v = ((m - rank) as f64 * ps[i]).min(1.0);
        running = running.max(v);
        adjusted[i] = running;
    }
    adjusted
}

/// The level each test's interval is drawn at so that it agrees with
/// Holm's verdict (`holm(ps)[i] < alpha`): a test that held up at step `r`
/// of the step-down (0-based, smallest p first) gets `alpha / (m - r)`, the
/// level it was tested at; every other test gets `alpha / (m - k)`, the
/// level at which the procedure stopped after `k` rejections. Then an
/// interval that excludes 0 always goes with a finding, and one that
/// includes 0 with "could well be chance". These are not joint intervals
/// (Bonferroni's `alpha / m` would be); they are the per-step levels, each
/// at least as wide as an uncorrected interval.
pub fn holm_levels(ps: &[f64], alpha: f64) -> Vec<f64> {
    let m = ps.len();
    let adjusted = holm(ps);
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| ps[a].total_cmp(&ps[b]));
    let k = adjusted.iter().filter(|p| **p < alpha).count();
    let mut levels = vec![alpha; m];
    for (rank, &i) in order.iter().enumerate() {
        let step = if adjusted[i] < alpha { rank } else { k };
        levels[i] = alpha / (m - step) as f64;
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_of_a_line_is_exact() {
        let pts: Vec<(f64, f64)> = (0..10)
            .map(|i| (f64::from(i), 2.0 * f64::from(i) + 1.0))
            .collect();
        let s = ols_slope(&pts).expect("enough points");
        assert!((s.slope - 2.0).abs() < 1e-12);
        assert!((s.high - s.low).abs() < 1e-9);
    }

    #[test]
    fn holm_matches_a_hand_worked_example() {
        let adj = holm(&[0.01, 0.04, 0.03]);
        // Sorted 0.01, 0.03, 0.04 -> 0.03, 0.06, 0.06 (monotone).
        assert!((adj[0] - 0.03).abs() < 1e-12);
        assert!((adj[2] - 0.06).abs() < 1e-12);
        assert!((adj[1] - 0.06).abs() < 1e-12);
    }

    #[test]
    fn holm_levels_follow_the_step_down() {
        // Sorted 0.001, 0.012, 0.02, 0.5 with alpha 0.05: steps 0.0125,
        // 0.0167 and 0.025 hold up; 0.5 > 0.05 stops, so k = 3 and the
        // last gets 0.05 / 1.
        let ps = [0.02, 0.001, 0.5, 0.012];
        let adj = holm(&ps);
        let lv = holm_levels(&ps, 0.05);
        assert!((lv[1] - 0.0125).abs() < 1e-12);
        assert!((lv[3] - 0.05 / 3.0).abs() < 1e-12);
        assert!((lv[0] - 0.025).abs() < 1e-12);
        assert!((lv[2] - 0.05).abs() < 1e-12);
        for i in 0..4 {
            assert_eq!(adj[i] < 0.05, ps[i] < lv[i]);
        }
        // Stopped early: 0.02 fails at 0.05 / 3, so 0.021 (below its own
        // step's 0.05 / 2) does not hold up either: its level is the
        // stopping one, 0.05 / 3, and its interval includes 0.
        let ps = [0.001, 0.02, 0.021, 0.9];
        let lv = holm_levels(&ps, 0.05);
        assert!((lv[2] - 0.05 / 3.0).abs() < 1e-12);
        assert!(ps[2] >= lv[2]);
    }

    #[test]
    fn t_quantile_approaches_the_normal() {
        assert!((t975(1.0) - 12.706).abs() < 1e-9);
        assert!((t975(60.0) - 2.000).abs() < 0.002);
        assert!((t975(1e6) - 1.96).abs() < 0.001);
    }

    #[test]
    fn permutation_finds_a_clear_difference() {
        let values: Vec<f64> = (0..40).map(|i| if i < 20 { 5.0 } else { 1.0 }).collect();
        let exposed: Vec<bool> = (0..40).map(|i| i < 20).collect();
        let p = permutation_p(&values, &exposed, 999, &mut SplitMix64::new(1));
        assert!(p < 0.01);
        assert_eq!(permutation_p(&[], &[], 99, &mut SplitMix64::new(1)), 1.0);
    }

    #[test]
    fn risk_ratio_interval_brackets_the_estimate() {
        let rr = risk_ratio(10, 20, 5, 40).expect("events in both");
        assert!((rr.ratio - 4.0).abs() < 1e-12);
        assert!(rr.low < 4.0 && rr.high > 4.0);
    }
}
