//! Weekly running volume: a conservative weekly increase up to the
//! runner's target and no further, a lighter week every few weeks, never
//! above a doctor's cap, and runs no longer than their absolute limits.

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
/// Build weeks grow by `weekly_increase_pct` over the last build week
/// until they reach `goal`, then hold there; every
/// `lighter_week_every`-th week drops to `lighter_week_pct` of the week
/// before, and the week after it returns to the last build week's volume
/// (no growth on top of the rebound) before growth resumes. No target is
/// ever above `goal` or `cap` (a start above them is brought down to them).
pub fn weekly_volumes(
    params: &RunningParams,
    start: Meters,
    goal: Meters,
    cap: Option<Meters>,
    weeks: u16,
) -> Vec<WeekVolume> {
    let cap_m = cap.map_or(f64::MAX, |c| f64::from(c.0));
    let ceiling = f64::from(goal.0).min(cap_m);
    let grow = 1.0 + f64::from(params.weekly_increase_pct) / 100.0;
    let lighter = f64::from(params.lighter_week_pct) / 100.0;
    let mut build = f64::from(start.0).min(ceiling);
    let mut previous = build;
    let mut after_lighter = false;
    (1..=weeks)
        .map(|week| {
            let is_lighter = week > 1 && week % u16::from(params.lighter_week_every) == 0;
            let raw = if week == 1 {
                f64::from(start.0)
            } else if is_lighter {
                previous * lighter
            } else if after_lighter {
                build
            } else {
                build = (build * grow).min(ceiling);
                build
            };
            let target = Meters(raw.min(ceiling).floor() as u32);
            previous = f64::from(target.0);
            after_lighter = is_lighter;
            WeekVolume {
                target,
                lighter: is_lighter,
                capped: cap.is_some_and(|c| raw > cap_m || target == c),
            }
        })
        .collect()
}

/// The longest runs a week may hold: the long run's share of the week,
/// its absolute limit, and the limit of every other run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunLimits {
    /// The long run's share of the week, percent.
    pub long_share_pct: u8,
    /// Longest run other than the long run.
    pub run_max: Meters,
    /// Longest long run.
    pub long_max: Meters,
}

impl RunLimits {
    /// The most a week of `runs` runs can hold within these limits: every
    /// run at its limit, the long run also within its share.
    pub fn week_capacity(&self, runs: u8) -> Meters {
        let r = f64::from(self.run_max.0);
        let l = f64::from(self.long_max.0);
        let share = f64::from(self.long_share_pct) / 100.0;
        let m = if runs < 3 {
            f64::from(runs) * r
        } else {
            let others = f64::from(runs - 1) * r;
            // While the long run is within its share, the others fill first.
            let by_share = others / (1.0 - share);
            if by_share * share <= l {
                by_share
            } else {
                l + others
            }
        };
        Meters(m.floor() as u32)
    }
}

/// Splits a week's distance into runs: the long run takes
/// `long_share_pct` (when there are three runs or more) but never more
/// than `long_max`, the rest share equally up to `run_max` each. Each run
/// is rounded down to 100 m, so the runs never add up to more than
/// `target` (less when the limits hold them down). Runs shorter than 1 km
/// are dropped (fewer, sensible runs instead).
pub fn split_runs(target: Meters, runs: u8, limits: &RunLimits) -> Vec<Meters> {
    let fit = u8::try_from(target.0 / 1000).unwrap_or(u8::MAX);
    let runs = runs.min(fit);
    if runs == 0 {
        return Vec::new();
    }
    let round = |m: f64| Meters(((m / 100.0).floor() as u32) * 100);
    let total = f64::from(target.0);
    let run_max = f64::from(limits.run_max.0);
    if runs < 3 {
        return vec![round((total / f64::from(runs)).min(run_max)); usize::from(runs)];
    }
    let long = (total * f64::from(limits.long_share_pct) / 100.0).min(f64::from(limits.long_max.0));
    let short = ((total - long) / f64::from(runs - 1)).min(run_max);
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
        let v = weekly_volumes(&params(), Meters(10_000), Meters(100_000), None, 6);
        let km: Vec<u32> = v.iter().map(|w| w.target.0).collect();
        assert_eq!(km, vec![10_000, 11_000, 12_100, 9_680, 12_100, 13_310]);
        assert!(v[3].lighter && !v[2].lighter);
    }

    #[test]
    fn never_exceeds_the_cap() {
        let v = weekly_volumes(
            &params(),
            Meters(18_000),
            Meters(100_000),
            Some(Meters(20_000)),
            8,
        );
        assert!(v.iter().all(|w| w.target <= Meters(20_000)));
        assert_eq!(v[2].target, Meters(20_000));
        assert!(v[2].capped);
    }

    #[test]
    fn runs_add_up_to_no_more_than_the_target() {
        let runs = split_runs(Meters(20_000), 3, &LIMITS);
        assert_eq!(runs, vec![Meters(6_500), Meters(6_500), Meters(7_000)]);
        assert!(runs.iter().copied().sum::<Meters>() <= Meters(20_000));
        assert_eq!(split_runs(Meters(2_500), 3, &LIMITS).len(), 2);
        assert!(split_runs(Meters(900), 3, &LIMITS).is_empty());
    }

    const LIMITS: RunLimits = RunLimits {
        long_share_pct: 35,
        run_max: Meters(20_000),
        long_max: Meters(32_000),
    };

    #[test]
    fn builds_to_the_goal_and_holds_there() {
        let v = weekly_volumes(&params(), Meters(16_000), Meters(20_000), None, 52);
        assert!(v.iter().all(|w| w.target <= Meters(20_000)));
        // Reached within the first build weeks, then held (lighter weeks aside).
        assert_eq!(v[5].target, Meters(20_000));
        assert!(
            v[40..]
                .iter()
                .all(|w| w.lighter || w.target == Meters(20_000))
        );
        assert!(v.iter().all(|w| !w.capped));
        // A start above the goal comes down to it.
        let v = weekly_volumes(&params(), Meters(30_000), Meters(20_000), None, 2);
        assert!(v.iter().all(|w| w.target == Meters(20_000)));
    }

    #[test]
    fn runs_keep_their_absolute_limits() {
        // 5 runs: capacity is four 20 km runs and a 32 km long run.
        assert_eq!(LIMITS.week_capacity(5), Meters(112_000));
        let runs = split_runs(Meters(112_000), 5, &LIMITS);
        assert_eq!(runs.last(), Some(&Meters(32_000)));
        assert!(runs[..4].iter().all(|r| *r == Meters(20_000)));
        // 3 runs: the long run's share binds first (21.5 km + 2 x 20 km).
        let three = LIMITS.week_capacity(3);
        assert_eq!(three, Meters(61_538));
        let runs = split_runs(three, 3, &LIMITS);
        assert!(runs.iter().all(|r| *r <= Meters(32_000)));
        assert!(runs[..2].iter().all(|r| *r <= Meters(20_000)));
        assert!(f64::from(runs[2].0) <= f64::from(three.0) * 0.35);
        // Above capacity the runs stop at their limits instead of growing.
        let runs = split_runs(Meters(300_000), 3, &LIMITS);
        assert!(runs.iter().all(|r| *r <= Meters(32_000)), "{runs:?}");
        assert_eq!(split_runs(Meters(60_000), 2, &LIMITS), [Meters(20_000); 2]);
        assert_eq!(LIMITS.week_capacity(2), Meters(40_000));
    }
}
