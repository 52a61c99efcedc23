//! The runner's recent running as a plan starts from it: the runs of the
//! last six weeks before the plan's first day give the weekly distance the
//! plan starts from (instead of the one typed in the answers) and the
//! longest run. Fewer weeks of data are averaged over four weeks at least,
//! so a short history never reads as a big week.

use chrono::NaiveDate;

use crate::units::Meters;

/// Most weeks looked back.
pub const MOST_WEEKS: u8 = 6;
/// Fewest weeks a total is averaged over.
pub const FEWEST_WEEKS: u8 = 4;

/// The recent running a plan starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recent {
    /// Weeks averaged over (4 to 6).
    pub weeks: u8,
    /// The average week, rounded down to 100 m.
    pub weekly: Meters,
    /// The longest run, rounded down to 100 m.
    pub longest: Meters,
    /// Runs counted.
    pub runs: usize,
}

/// The runs (day, metres) in the six weeks before `start`, or `None`
/// without any: the total over the weeks from the first of them to
/// `start` (4 to 6), and the longest.
pub fn recent_running(runs: &[(NaiveDate, f64)], start: NaiveDate) -> Option<Recent> {
    let window_start = start.checked_sub_days(chrono::Days::new(u64::from(MOST_WEEKS) * 7))?;
    let inside: Vec<(NaiveDate, f64)> = runs
        .iter()
        .copied()
        .filter(|(d, m)| *d >= window_start && *d < start && m.is_finite() && *m > 0.0)
        .collect();
    let first = inside.iter().map(|(d, _)| *d).min()?;
    let days = (start - first).num_days();
    let weeks = (days.div_euclid(7) + i64::from(days % 7 != 0))
        .clamp(i64::from(FEWEST_WEEKS), i64::from(MOST_WEEKS)) as u8;
    let total: f64 = inside.iter().map(|(_, m)| m).sum();
    let down = |m: f64| Meters(((m / 100.0).floor() * 100.0).min(f64::from(u32::MAX)) as u32);
    let longest = inside.iter().map(|(_, m)| *m).fold(0.0, f64::max);
    Some(Recent {
        weeks,
        weekly: down(total / f64::from(weeks)),
        longest: down(longest),
        runs: inside.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn six_weeks_of_runs_give_their_average_week_and_longest_run() {
        let start = day("2026-12-10");
        // Two runs a week for six weeks, 8 and 14 km, plus one too old and
        // one on the start day (not before it).
        let mut runs: Vec<(NaiveDate, f64)> = (0..6u64)
            .flat_map(|w| {
                let monday = day("2026-10-29") + chrono::Days::new(w * 7);
                [(monday, 8_000.0), (monday + chrono::Days::new(3), 14_050.0)]
            })
            .collect();
        runs.push((day("2026-10-01"), 30_000.0));
        runs.push((start, 30_000.0));
        let r = recent_running(&runs, start).expect("recent running");
        assert_eq!(r.weeks, 6);
        assert_eq!(r.runs, 12);
        assert_eq!(r.weekly, Meters(22_000));
        assert_eq!(r.longest, Meters(14_000));
    }

    #[test]
    fn a_short_history_is_averaged_over_four_weeks_and_none_is_none() {
        let start = day("2026-12-10");
        let runs = [(day("2026-12-05"), 10_000.0), (day("2026-12-08"), 10_000.0)];
        let r = recent_running(&runs, start).expect("recent");
        assert_eq!(r.weeks, 4);
        assert_eq!(r.weekly, Meters(5_000));
        assert_eq!(recent_running(&[], start), None);
        assert_eq!(recent_running(&[(day("2026-01-01"), 5_000.0)], start), None);
    }
}
