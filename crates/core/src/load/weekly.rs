//! ISO-week summaries of the daily series: distance, time, runs, long-run
//! share, load, zone time, week-on-week change and the change on the two
//! previous weeks (Nielsen et al. 2014: > 30 % progression over a 2-week
//! period went with more distance-related injuries), and Foster's monotony
//! and strain (FACTS 5.3: mean / SD of the seven daily loads, rest days as 0;
//! SD is the population SD over the seven days; when SD is ~0 but there is
//! load, monotony is capped at 10 and flagged; strain = weekly load x
//! monotony). Weeks cut by the analysed range are marked incomplete and get
//! no monotony, and no week's change is measured against one: a first week
//! of two days is not a base to grow "+100 %" from.

use chrono::{Datelike, Days, IsoWeek, NaiveDate};

use super::daily::LoadSeries;
use super::session::ZONES;

/// The cap on monotony when the daily loads do not vary.
pub const MONOTONY_CAP: f64 = 10.0;

/// Foster's monotony for one week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Monotony {
    /// Mean / SD of the daily loads (capped).
    pub value: f64,
    /// Whether the cap was applied (SD ~0).
    pub capped: bool,
}

/// One ISO week.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekLoad {
    /// The ISO week.
    pub week: IsoWeek,
    /// Its Monday.
    pub monday: NaiveDate,
    /// Days of it inside the analysed range (7 when complete).
    pub days: u8,
    /// Running distance, metres.
    pub run_distance_m: f64,
    /// Time in all activities, seconds.
    pub time_s: f64,
    /// Runs.
    pub runs: u32,
    /// Longest run / weekly running distance; `None` without running.
    pub long_run_share: Option<f64>,
    /// Summed load.
    pub load: f64,
    /// Seconds per zone.
    pub zone_s: [f64; ZONES],
    /// Days with cross-training.
    pub cross_training_days: u32,
    /// Distance change on the previous week, percent.
    pub change_pct: Option<f64>,
    /// Distance change on the mean of the two previous weeks, percent.
    pub trend_change_pct: Option<f64>,
    /// Foster monotony (complete weeks with load only).
    pub monotony: Option<Monotony>,
    /// Foster strain = load x monotony.
    pub strain: Option<f64>,
}

/// Percent change from `before` to `now`; `None` when `before` is ~0.
pub fn pct_change(now: f64, before: f64) -> Option<f64> {
    (before > 1e-9).then(|| (now - before) / before * 100.0)
}

/// Monotony of daily loads; `None` when there is no load at all.
pub fn monotony(daily: &[f64]) -> Option<Monotony> {
    if daily.is_empty() {
        return None;
    }
    let n = daily.len() as f64;
    let mean = daily.iter().sum::<f64>() / n;
    if mean <= 1e-9 {
        return None;
    }
    let sd = (daily.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    if sd <= 1e-9 * mean.max(1.0) || mean / sd > MONOTONY_CAP {
        return Some(Monotony {
            value: MONOTONY_CAP,
            capped: true,
        });
    }
    Some(Monotony {
        value: mean / sd,
        capped: false,
    })
}

/// The week summaries, oldest first.
pub fn weeks(series: &LoadSeries) -> Vec<WeekLoad> {
    let mut out: Vec<WeekLoad> = Vec::new();
    let mut daily: Vec<f64> = Vec::with_capacity(7);
    for (i, d) in series.days.iter().enumerate() {
        let week = d.date.iso_week();
        if out.last().is_none_or(|w| w.week != week) {
            close(&mut out, &daily);
            daily.clear();
            let back = u64::from(d.date.weekday().num_days_from_monday());
            out.push(WeekLoad {
                week,
                monday: d.date.checked_sub_days(Days::new(back)).unwrap_or(d.date),
                days: 0,
                run_distance_m: 0.0,
                time_s: 0.0,
                runs: 0,
                long_run_share: None,
                load: 0.0,
                zone_s: [0.0; ZONES],
                cross_training_days: 0,
                change_pct: None,
                trend_change_pct: None,
                monotony: None,
                strain: None,
            });
        }
        let Some(w) = out.last_mut() else { continue };
        w.days += 1;
        w.run_distance_m += d.run_distance_m;
        w.time_s += d.time_s;
        w.runs += d.runs;
        w.load += d.load;
        for (acc, s) in w.zone_s.iter_mut().zip(d.zone_s) {
            *acc += s;
        }
        w.cross_training_days += u32::from(d.cross_training);
        let longest = w.long_run_share.unwrap_or(0.0).max(d.longest_run_m);
        w.long_run_share = (longest > 0.0).then_some(longest);
        daily.push(series.days[i].load);
    }
    close(&mut out, &daily);
    out
}

/// Finishes the last week: shares, changes, monotony.
fn close(out: &mut [WeekLoad], daily: &[f64]) {
    let n = out.len();
    let Some(w) = out.last_mut() else { return };
    w.long_run_share = w
        .long_run_share
        .filter(|_| w.run_distance_m > 0.0)
        .map(|longest| longest / w.run_distance_m);
    if w.days == 7 {
        w.monotony = monotony(daily);
        w.strain = w.monotony.map(|m| m.value * w.load);
    }
    let now = w.run_distance_m;
    // Only whole weeks are a base for a change.
    let whole = |w: &WeekLoad| (w.days == 7).then_some(w.run_distance_m);
    let (prev, prev2) = match n {
        0 | 1 => (None, None),
        2 => (whole(&out[0]), None),
        _ => (whole(&out[n - 2]), whole(&out[n - 3])),
    };
    let Some(w) = out.last_mut() else { return };
    w.change_pct = prev.and_then(|p| pct_change(now, p));
    w.trend_change_pct = prev
        .zip(prev2)
        .and_then(|(a, b)| pct_change(now, (a + b) / 2.0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceCounts;
    use crate::load::daily::DayLoad;
    use crate::load::session::ZoneBasis;

    /// A series from `start` with `km[i]` run on day i.
    fn series(start: &str, km: &[f64]) -> LoadSeries {
        let start: NaiveDate = start.parse().expect("a date");
        let days = km
            .iter()
            .enumerate()
            .map(|(i, k)| DayLoad {
                date: start + Days::new(i as u64),
                run_distance_m: k * 1000.0,
                runs: u32::from(*k > 0.0),
                load: k * 10.0,
                ..DayLoad::default()
            })
            .collect();
        LoadSeries {
            days,
            acute: Vec::new(),
            chronic: Vec::new(),
            acwr: Vec::new(),
            ctl: Vec::new(),
            atl: Vec::new(),
            tsb: Vec::new(),
            baseline: 0.0,
            zones: ZoneBasis::None,
            sources: SourceCounts::default(),
        }
    }

    #[test]
    fn no_change_is_measured_against_a_week_cut_short() {
        // Starts on a Saturday (2025-01-04): a 2-day first week of 5 km,
        // then whole weeks of 10 km.
        let mut km = vec![5.0, 0.0];
        for _ in 0..3 {
            km.extend([5.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0]);
        }
        let w = weeks(&series("2025-01-04", &km));
        assert_eq!(w.len(), 4);
        assert_eq!(w[0].days, 2);
        assert_eq!(w[1].change_pct, None, "not against the 2-day week");
        assert_eq!(w[1].trend_change_pct, None);
        assert_eq!(w[2].change_pct, Some(0.0));
        assert_eq!(
            w[2].trend_change_pct, None,
            "its second week back is cut short"
        );
        assert_eq!(w[3].trend_change_pct, Some(0.0));
    }
}
