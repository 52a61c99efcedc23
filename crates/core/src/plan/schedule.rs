//! Which days of a plan week carry runs and cross-training.
//!
//! Runs are spread so that hard days do not pile up and the long run falls
//! on day 6 of the week (offset 5). Cross-training goes on days without a
//! run, always at the same offsets, so every 28 days hold exactly four times
//! the weekly number of sessions: that is what keeps the dose in every
//! 30-day window.

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

/// Offsets for `sessions` cross-training days that avoid the run days.
pub fn cross_offsets(run_days: &[u8], sessions: u8) -> Vec<u8> {
    const PREFERENCE: [u8; 7] = [2, 6, 4, 0, 3, 1, 5];
    PREFERENCE
        .into_iter()
        .filter(|d| !run_days.contains(d))
        .take(usize::from(sessions))
        .collect()
}

/// Cross-training sessions a week needed for `per_30` days in any 30 days.
pub fn cross_sessions_per_week(per_30: u8) -> u8 {
    per_30.div_ceil(4)
}

#[cfg(test)]
mod tests {
    use super::*;

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
