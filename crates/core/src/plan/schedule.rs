//! Which days of a plan week carry runs and cross-training.
//!
//! Runs are spread so that hard days do not pile up and the long run falls
//! on a Saturday ([`default_offsets`]), unless the runner chose their run
//! days ([`RunDays`]): then runs go only on those weekdays, the long run on
//! the long-run day. Either way the weekdays hold whatever weekday the plan
//! starts on. Cross-training goes on days without a
//! run, always at the same offsets, so every 28 days hold exactly four times
//! the weekly number of sessions: that is what keeps the dose in every
//! 30-day window.

use chrono::Weekday;

/// Day offsets (0-6 from the week's first day) of the runs, long run last.
pub fn run_offsets(runs: u8) -> &'static [u8] {
    match runs {
        0 => &[],
        1 => &[5],
        2 => &[1, 5],
        3 => &[1, 3, 5],
        4 => &[0, 1, 3, 5],
        5 => &[0, 1, 3, 6, 5],
        _ => &[0, 1, 2, 3, 6, 5],
    }
}

/// The weekdays the runner runs on and the long run's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunDays {
    /// Bit `n` set: the weekday `n` days from Monday is a run day.
    mask: u8,
    /// The long run's weekday, one of the run days.
    long: Option<Weekday>,
}

impl RunDays {
    /// The chosen days (none: the planner's own) and the long-run day; a
    /// long-run day that is not among `days` is added to them.
    pub fn new(days: &[Weekday], long: Option<Weekday>) -> Self {
        let mut mask = days
            .iter()
            .fold(0u8, |m, d| m | 1 << d.num_days_from_monday());
        if let Some(l) = long
            && mask != 0
        {
            mask |= 1 << l.num_days_from_monday();
        }
        RunDays {
            mask,
            long: long.filter(|_| mask != 0),
        }
    }

    /// Whether days were chosen.
    pub fn chosen(&self) -> bool {
        self.mask != 0
    }

    /// How many days were chosen.
    pub fn count(&self) -> u8 {
        self.mask.count_ones() as u8
    }

    /// The chosen weekdays, Monday first.
    pub fn days(&self) -> Vec<Weekday> {
        (0..7u8)
            .filter(|n| self.mask & (1 << n) != 0)
            .filter_map(|n| Weekday::try_from(n).ok())
            .collect()
    }

    /// The long run's weekday: the one chosen, else the last run day of
    /// the week (Monday first).
    pub fn long(&self) -> Option<Weekday> {
        self.long.or_else(|| self.days().last().copied())
    }
}

/// Day offsets (0-6 from the week's first day, a `first`) of `runs` runs
/// on the chosen days, the long run last: the long-run day, then the other
/// days picked as far apart from the runs already placed as they can be
/// (on the week's circle, earlier weekdays first on a tie). At most one
/// run a chosen day.
pub fn chosen_offsets(days: RunDays, first: Weekday, runs: u8) -> Vec<u8> {
    let Some(long) = days.long() else {
        return Vec::new();
    };
    if runs == 0 {
        return Vec::new();
    }
    let index = |d: Weekday| d.num_days_from_monday() as i8;
    let mut picked = vec![long];
    let mut left: Vec<Weekday> = days.days().into_iter().filter(|d| *d != long).collect();
    while picked.len() < usize::from(runs) && !left.is_empty() {
        let gap = |d: Weekday| {
            picked
                .iter()
                .map(|p| {
                    let apart = (index(d) - index(*p)).rem_euclid(7);
                    apart.min(7 - apart)
                })
                .min()
                .unwrap_or(7)
        };
        let best = left
            .iter()
            .copied()
            .enumerate()
            .max_by_key(|(i, d)| (gap(*d), -(*i as i8)))
            .map(|(i, _)| i)
            .unwrap_or(0);
        picked.push(left.remove(best));
    }
    let offset = |d: Weekday| (index(d) - index(first)).rem_euclid(7) as u8;
    let mut others: Vec<u8> = picked[1..].iter().map(|d| offset(*d)).collect();
    others.sort_unstable();
    others.push(offset(long));
    others
}

/// Day offsets (0-6 from the week's first day, a `first`) of `runs` runs
/// on the planner's own weekdays: the spread of [`run_offsets`] laid on a
/// week that starts on Monday, so the long run is on Saturday (and the
/// runs on the same weekdays) whatever weekday the plan starts on. Long
/// run last.
pub fn default_offsets(first: Weekday, runs: u8) -> Vec<u8> {
    let spread = run_offsets(runs);
    let days: Vec<Weekday> = spread
        .iter()
        .filter_map(|o| Weekday::try_from(*o).ok())
        .collect();
    chosen_offsets(RunDays::new(&days, days.last().copied()), first, runs)
}

/// Offsets for `sessions` cross-training days that avoid the run days.
pub fn cross_offsets(run_days: &[u8], sessions: u8) -> Vec<u8> {
    const PREFERENCE: [u8; 7] = [2, 6, 4, 0, 3, 1, 5];
    PREFERENCE
        .into_iter()
        .filter(|d| !run_days.contains(d))
        .take(usize::from(sessions))
        .collect()
}

/// Offsets (from a week starting on `first`) of the cross-training days
/// that fall on `weekdays` (0 = Monday).
pub fn offsets_of(weekdays: &[u8], first: Weekday) -> Vec<u8> {
    let shift = first.num_days_from_monday() as u8;
    weekdays.iter().map(|d| (d + 7 - shift) % 7).collect()
}

/// The weekdays (0 = Monday) of `sessions` cross-training days for a plan
/// whose fullest week has `most_runs` runs, on the runner's chosen days
/// or the planner's own. Picked once for the whole plan: a week with
/// fewer runs runs on a subset of the fullest week's days (both pickers
/// add days in a fixed order), so cross-training keeps its weekdays, and
/// every 30 days hold the weekly number of sessions four times over.
pub fn cross_weekdays(days: RunDays, most_runs: u8, sessions: u8) -> Vec<u8> {
    let runs: Vec<u8> = if days.chosen() {
        chosen_offsets(days, Weekday::Mon, most_runs)
    } else {
        run_offsets(most_runs).to_vec()
    };
    cross_offsets(&runs, sessions)
}

/// Cross-training sessions a week needed for `per_30` days in any 30 days.
pub fn cross_sessions_per_week(per_30: u8) -> u8 {
    per_30.div_ceil(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_chosen_days_the_long_run_is_on_saturday_whatever_the_start() {
        for runs in 1..=6u8 {
            let monday = default_offsets(Weekday::Mon, runs);
            assert_eq!(monday.len(), usize::from(runs));
            for first in 0..7u8 {
                let first = Weekday::try_from(first).unwrap_or(Weekday::Mon);
                let offsets = default_offsets(first, runs);
                let weekday = |o: u8| (first.num_days_from_monday() as u8 + o) % 7;
                // The long run (last) falls on Saturday.
                assert_eq!(
                    offsets.last().map(|o| weekday(*o)),
                    Some(5),
                    "{runs} runs from {first}"
                );
                // The same weekdays as a plan starting on Monday.
                let mut days: Vec<u8> = offsets.iter().map(|o| weekday(*o)).collect();
                let mut from_monday = monday.clone();
                days.sort_unstable();
                from_monday.sort_unstable();
                assert_eq!(days, from_monday);
            }
        }
    }

    #[test]
    fn chosen_days_keep_the_long_run_on_its_day_whatever_the_start() {
        use Weekday::*;
        let days = RunDays::new(&[Mon, Wed, Fri, Sun], Some(Sun));
        // From a Thursday, Sunday is offset 3; Monday 4, Wednesday 6, Friday 1.
        assert_eq!(chosen_offsets(days, Thu, 4), vec![1, 4, 6, 3]);
        // Two runs: the long one and the day farthest from Sunday (Wednesday).
        assert_eq!(chosen_offsets(days, Mon, 2), vec![2, 6]);
        assert_eq!(chosen_offsets(days, Mon, 9).len(), 4);
        assert!(chosen_offsets(RunDays::default(), Mon, 3).is_empty());
        // A long-run day left out of the days is added to them.
        assert_eq!(RunDays::new(&[Tue], Some(Sat)).days(), vec![Tue, Sat]);
    }

    #[test]
    fn cross_training_never_lands_on_a_run_day() {
        for runs in 0..=5 {
            let run_days = run_offsets(runs);
            let free = 7 - run_days.len() as u8;
            let cross = cross_offsets(run_days, free);
            assert!(cross.iter().all(|d| !run_days.contains(d)));
            assert_eq!(cross.len(), usize::from(free));
        }
    }

    #[test]
    fn weekly_sessions_cover_the_monthly_dose() {
        assert_eq!(cross_sessions_per_week(3), 1);
        assert_eq!(cross_sessions_per_week(4), 1);
        assert_eq!(cross_sessions_per_week(5), 2);
        assert_eq!(cross_sessions_per_week(12), 3);
    }
}
