//! Weekly running volume: a conservative weekly increase, a lighter week
//! every few weeks, and never above a doctor's cap.

use crate::knowledge::model::RunningParams;
use crate::units::Meters;

/// The volume of one plan week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekVolume {
    /// Target distance for the week.
    pub target: Meters,
    /// Whether this is a lighter (recovery) week.
    pub lighter: bool,
    /// Whether the doctor's cap held the target down.
    pub capped: bool,
}

/// Weekly targets for `weeks` weeks from a starting volume.
///
/// Build weeks grow by `weekly_increase_pct` over the last build week;
/// every `lighter_week_every`-th week drops to `lighter_week_pct` of the
/// week before, and the week after it returns to the last build week's
/// volume (no growth on top of the rebound) before growth resumes. No
/// target is ever above `cap`.
pub fn weekly_volumes(
    params: &RunningParams,
    start: Meters,
    cap: Option<Meters>,
    weeks: u16,
) -> Vec<WeekVolume> {
    let limit = cap.unwrap_or(Meters(u32::MAX));
    let grow = 1.0 + f64::from(params.weekly_increase_pct) / 100.0;
    let lighter = f64::from(params.lighter_week_pct) / 100.0;
    let mut build = f64::from(start.0);
    let mut previous = build;
    let mut after_lighter = false;
    (1..=weeks)
        .map(|week| {
            let is_lighter = week > 1 && week % u16::from(params.lighter_week_every) == 0;
            let raw = if week == 1 {
                build
            } else if is_lighter {
                previous * lighter
            } else if after_lighter {
                build
            } else {
                build = (build * grow).min(f64::from(limit.0));
                build
            };
            let capped = raw > f64::from(limit.0);
            let target = Meters(raw.min(f64::from(limit.0)).floor() as u32);
            previous = f64::from(target.0);
            after_lighter = is_lighter;
            WeekVolume {
                target,
                lighter: is_lighter,
                capped: capped || (cap.is_some() && target == limit),
            }
        })
        .collect()
}

/// Splits a week's distance into runs: the long run takes `long_share_pct`
/// (when there are three runs or more), the rest share equally. Each run is
/// rounded down to 100 m, so the runs never add up to more than `target`.
/// Runs shorter than 1 km are dropped (fewer, sensible runs instead).
pub fn split_runs(target: Meters, runs: u8, long_share_pct: u8) -> Vec<Meters> {
    let fit = u8::try_from(target.0 / 1000).unwrap_or(u8::MAX);
    let runs = runs.min(fit);
    if runs == 0 {
        return Vec::new();
    }
    let round = |m: f64| Meters(((m / 100.0).floor() as u32) * 100);
    let total = f64::from(target.0);
    if runs < 3 {
        return vec![round(total / f64::from(runs)); usize::from(runs)];
    }
    let long = total * f64::from(long_share_pct) / 100.0;
    let short = (total - long) / f64::from(runs - 1);
    let mut out = vec![round(short); usize::from(runs - 1)];
    out.push(round(long.max(short)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{Evidence, EvidenceLevel, Verdict};

    fn params() -> RunningParams {
        RunningParams {
            weekly_increase_pct: 10,
            lighter_week_every: 4,
            lighter_week_pct: 80,
            beginner_weekly: Meters(6000),
            long_run_share_pct: 35,
            max_runs_per_week: 5,
            steady_from_week: 3,
            sources: Vec::new(),
            evidence: Evidence {
                level: EvidenceLevel::Low,
                verdict: Verdict::Consistent,
                note: String::new(),
            },
        }
    }

    #[test]
    fn builds_ten_percent_a_week_with_a_lighter_fourth_week() {
        let v = weekly_volumes(&params(), Meters(10_000), None, 6);
        let km: Vec<u32> = v.iter().map(|w| w.target.0).collect();
        assert_eq!(km, vec![10_000, 11_000, 12_100, 9_680, 12_100, 13_310]);
        assert!(v[3].lighter && !v[2].lighter);
    }

    #[test]
    fn never_exceeds_the_cap() {
        let v = weekly_volumes(&params(), Meters(18_000), Some(Meters(20_000)), 8);
        assert!(v.iter().all(|w| w.target <= Meters(20_000)));
        assert_eq!(v[2].target, Meters(20_000));
        assert!(v[2].capped);
    }

    #[test]
    fn runs_add_up_to_no_more_than_the_target() {
        let runs = split_runs(Meters(20_000), 3, 35);
        assert_eq!(runs, vec![Meters(6_500), Meters(6_500), Meters(7_000)]);
        assert!(runs.iter().copied().sum::<Meters>() <= Meters(20_000));
        assert_eq!(split_runs(Meters(2_500), 3, 35).len(), 2);
        assert!(split_runs(Meters(900), 3, 35).is_empty());
    }
}
