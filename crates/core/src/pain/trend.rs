//! Pain per region (issue 4, part 2): the NRS trend as a least-squares slope
//! per week with its 95 % interval over a recent window, days since the last
//! pain, the during / after / next-morning split, and run episodes with
//! whether the pain settled by the next morning.
//!
//! An episode is a day with pain logged during or after a run in a region.
//! It **settled** when that region's next-morning score on the following
//! day is at or below the baseline (the last next-morning score before the
//! episode, 0 if none): FACTS 7, "pain after activity must settle by the
//! next morning". Without a next-morning log the outcome is unknown, never
//! assumed. A 2-point change is the smallest that matters (CHILDS-2005,
//! FARRAR-2001), which is why the alerts use 2 points.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::history::{History, PainWhen};
use crate::profile::Region;
use crate::stats::{self, Slope};

/// Whether pain after a run settled by the next morning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Settled {
    /// Back to baseline by the next morning.
    Yes,
    /// Still above baseline the next morning.
    No,
    /// No next-morning score logged.
    Unknown,
}

/// One run day with pain logged during or after, in one region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Episode {
    /// The day.
    pub date: NaiveDate,
    /// Highest score during the run, if logged.
    pub during: Option<u8>,
    /// Highest score after the run, if logged.
    pub after: Option<u8>,
    /// Next morning's score, if logged.
    pub next_morning: Option<u8>,
    /// The next-morning baseline before this episode.
    pub baseline: u8,
    /// The verdict.
    pub settled: Settled,
}

impl Episode {
    /// The highest score during or after.
    pub fn peak(&self) -> u8 {
        self.during.unwrap_or(0).max(self.after.unwrap_or(0))
    }
}

/// Scores logged at one time of day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WhenSummary {
    /// During, after or next morning.
    pub when: PainWhen,
    /// Logs.
    pub count: usize,
    /// Mean score.
    pub mean: Option<f64>,
    /// Highest score.
    pub max: Option<u8>,
}

/// The NRS trend over the window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    /// Slope, NRS points per week, with its 95 % interval.
    pub per_week: Slope,
    /// Days in the window.
    pub window_days: u32,
}

/// One region's pain picture.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionPain {
    /// The region.
    pub region: Region,
    /// Scores logged.
    pub logs: usize,
    /// Last day with a score above 0.
    pub last_pain: Option<NaiveDate>,
    /// Days from it to today.
    pub days_since_pain: Option<i64>,
    /// Trend over the window; `None` below three logged days.
    pub trend: Option<Trend>,
    /// During, after, next morning.
    pub split: [WhenSummary; 3],
    /// Run episodes, oldest first.
    pub episodes: Vec<Episode>,
}

const WHENS: [PainWhen; 3] = [PainWhen::During, PainWhen::After, PainWhen::NextMorning];

/// Per day, per time of day: the highest score.
type DayScores = BTreeMap<NaiveDate, [Option<u8>; 3]>;

fn when_index(w: PainWhen) -> usize {
    match w {
        PainWhen::During => 0,
        PainWhen::After => 1,
        PainWhen::NextMorning => 2,
    }
}

/// Highest score per day in the given regions (all times of day), from
/// `start` for `len` days; `None` where nothing was logged.
pub fn daily_max(
    history: &History,
    regions: &[Region],
    start: NaiveDate,
    len: usize,
) -> Vec<Option<u8>> {
    let mut out = vec![None; len];
    for p in history.pain.iter().filter(|p| regions.contains(&p.region)) {
        let d = p.day();
        if let Some(i) = usize::try_from((d - start).num_days())
            .ok()
            .filter(|i| *i < len)
        {
            let v = p.nrs.get();
            out[i] = Some(out[i].map_or(v, |o: u8| o.max(v)));
        }
    }
    out
}

fn scores(history: &History, region: Region, today: NaiveDate) -> DayScores {
    let mut map = DayScores::new();
    for p in history.pain.iter().filter(|p| p.region == region) {
        let d = p.day();
        if d > today {
            continue;
        }
        let slot = &mut map.entry(d).or_default()[when_index(p.when)];
        *slot = Some(slot.map_or(p.nrs.get(), |o| o.max(p.nrs.get())));
    }
    map
}

fn episodes(map: &DayScores) -> Vec<Episode> {
    let mut baseline = 0u8;
    let mut out = Vec::new();
    for (&date, s) in map {
        if s[0].is_some() || s[1].is_some() {
            let next_morning = date
                .checked_add_days(Days::new(1))
                .and_then(|n| map.get(&n))
                .and_then(|n| n[2]);
            let settled = match next_morning {
                None => Settled::Unknown,
                Some(v) if v <= baseline => Settled::Yes,
                Some(_) => Settled::No,
            };
            out.push(Episode {
                date,
                during: s[0],
                after: s[1],
                next_morning,
                baseline,
                settled,
            });
        }
        if let Some(m) = s[2] {
            baseline = m;
        }
    }
    out
}

/// The picture for each region that has logs, in `Region` order.
pub fn by_region(history: &History, today: NaiveDate, window_days: u32) -> Vec<RegionPain> {
    let regions = [
        Region::LowerBack,
        Region::UpperBack,
        Region::Neck,
        Region::Other,
    ];
    let mut out = Vec::new();
    for region in regions {
        let map = scores(history, region, today);
        if map.is_empty() {
            continue;
        }
        let logs = history.pain.iter().filter(|p| p.region == region).count();
        let last_pain = map
            .iter()
            .rev()
            .find(|(_, s)| s.iter().flatten().any(|v| *v > 0))
            .map(|(d, _)| *d);
        let from = today.checked_sub_days(Days::new(u64::from(window_days.max(1) - 1)));
        let points: Vec<(f64, f64)> = map
            .iter()
            .filter(|(d, _)| from.is_none_or(|f| **d >= f))
            .filter_map(|(d, s)| {
                let v = s.iter().flatten().max()?;
                Some(((*d - today).num_days() as f64 / 7.0, f64::from(*v)))
            })
            .collect();
        let trend = stats::ols_slope(&points).map(|per_week| Trend {
            per_week,
            window_days,
        });
        let split = WHENS.map(|when| {
            let vals: Vec<f64> = map
                .values()
                .filter_map(|s| s[when_index(when)])
                .map(f64::from)
                .collect();
            WhenSummary {
                when,
                count: vals.len(),
                mean: stats::mean(&vals),
                max: vals
                    .iter()
                    .copied()
                    .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
                    .map(|v| v as u8),
            }
        });
        out.push(RegionPain {
            region,
            logs,
            last_pain,
            days_since_pain: last_pain.map(|d| (today - d).num_days()),
            trend,
            split,
            episodes: episodes(&map),
        });
    }
    out
}
