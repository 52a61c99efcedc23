//! Day-by-day load: one row per calendar day from the first analysed day to
//! today (rest days are rows with zero load), then the exponentially
//! weighted series on top of it.
//!
//! - **EWMA acute:chronic ratio** (Williams et al. 2017): EWMA_t = l L_t +
//!   (1 - l) EWMA_(t-1) with l = 2 / (N + 1), N = 7 and 28. Both start from
//!   the baseline (mean daily load of the first 28 days). The ratio is left
//!   out for the first 27 days (the chronic window is not yet filled) and
//!   when the chronic load is ~0. It is a descriptive spike indicator only,
//!   never an injury probability (FACTS 5.1: Lolli 2019, Impellizzeri 2021).
//! - **Fitness / fatigue / form** (Banister; TrainingPeaks defaults, FACTS
//!   5.5): CTL_t = CTL_(t-1) + (L_t - CTL_(t-1)) / 42, ATL likewise with 7,
//!   both seeded from the same baseline mean; TSB_t = CTL_(t-1) - ATL_(t-1)
//!   (the previous day's values, as TrainingPeaks shows form).

use chrono::NaiveDate;

use super::session::{self, LoadSource, SessionLoad, ZONES, ZoneBasis};
use crate::activity::Sport;
use crate::history::{History, Settings};

/// Days of the baseline that seeds the exponential averages.
pub const BASELINE_DAYS: usize = 28;

/// One calendar day's training.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DayLoad {
    /// The day.
    pub date: NaiveDate,
    /// Running distance, metres.
    pub run_distance_m: f64,
    /// Runs started that day.
    pub runs: u32,
    /// The longest run, metres.
    pub longest_run_m: f64,
    /// Time in all activities, seconds.
    pub time_s: f64,
    /// Summed session load (all sports; cycling included).
    pub load: f64,
    /// Seconds per intensity zone.
    pub zone_s: [f64; ZONES],
    /// Cross-training minutes (recorded rides/swims plus hand logs).
    pub cross_training_min: f64,
    /// Whether any cross-training happened.
    pub cross_training: bool,
}

/// How many sessions got their load from each source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourceCounts {
    /// TRIMP from samples.
    pub trimp_samples: u32,
    /// TRIMP from the average HR.
    pub trimp_average: u32,
    /// Session-RPE.
    pub session_rpe: u32,
    /// No load figure (neither HR nor RPE).
    pub unavailable: u32,
}

/// The daily series and what rests on it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadSeries {
    /// One row per day, first analysed day to today.
    pub days: Vec<DayLoad>,
    /// Acute EWMA (N = 7).
    pub acute: Vec<f64>,
    /// Chronic EWMA (N = 28).
    pub chronic: Vec<f64>,
    /// Acute:chronic ratio; `None` while the chronic window fills or ~0.
    pub acwr: Vec<Option<f64>>,
    /// Fitness (CTL, 42 d).
    pub ctl: Vec<f64>,
    /// Fatigue (ATL, 7 d).
    pub atl: Vec<f64>,
    /// Form (TSB = yesterday's CTL - ATL).
    pub tsb: Vec<f64>,
    /// The seed of the averages: mean daily load over the baseline.
    pub baseline: f64,
    /// How zones were set.
    pub zones: ZoneBasis,
    /// Where session loads came from.
    pub sources: SourceCounts,
}

impl LoadSeries {
    /// The first day.
    pub fn start(&self) -> Option<NaiveDate> {
        self.days.first().map(|d| d.date)
    }

    /// Index of a day in the series.
    pub fn index(&self, date: NaiveDate) -> Option<usize> {
        let start = self.start()?;
        let i = usize::try_from((date - start).num_days()).ok()?;
        (i < self.days.len()).then_some(i)
    }
}

/// Exponentially weighted average with l = 2 / (n + 1), seeded with `seed`.
pub fn ewma(loads: &[f64], n: u32, seed: f64) -> Vec<f64> {
    let l = 2.0 / (f64::from(n) + 1.0);
    let mut prev = seed;
    loads
        .iter()
        .map(|x| {
            prev = l * x + (1.0 - l) * prev;
            prev
        })
        .collect()
}

/// CTL (42 d), ATL (7 d) and TSB (previous day's CTL - ATL), seeded.
pub fn fitness_fatigue(loads: &[f64], seed: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (mut ctl, mut atl) = (seed, seed);
    let mut out = (
        Vec::with_capacity(loads.len()),
        Vec::with_capacity(loads.len()),
        Vec::with_capacity(loads.len()),
    );
    for x in loads {
        out.2.push(ctl - atl);
        ctl += (x - ctl) / 42.0;
        atl += (x - atl) / 7.0;
        out.0.push(ctl);
        out.1.push(atl);
    }
    out
}

/// Mean of the first `BASELINE_DAYS` loads (or all, if fewer); 0 if none.
pub fn baseline(loads: &[f64]) -> f64 {
    let head = &loads[..loads.len().min(BASELINE_DAYS)];
    if head.is_empty() {
        0.0
    } else {
        head.iter().sum::<f64>() / head.len() as f64
    }
}

/// Builds the series from `start` to `end` inclusive (empty if reversed).
pub fn series(
    history: &History,
    settings: &Settings,
    start: NaiveDate,
    end: NaiveDate,
) -> LoadSeries {
    let len = usize::try_from((end - start).num_days() + 1).unwrap_or(0);
    let mut days: Vec<DayLoad> = (0..len)
        .map(|i| DayLoad {
            date: start + chrono::Days::new(i as u64),
            ..DayLoad::default()
        })
        .collect();
    let zones = session::zone_basis(&history.activities, settings);
    let lookup = session::HrLookup::new(&zones, settings.trimp_sex);
    let mut sources = SourceCounts::default();
    let idx = |d: NaiveDate| {
        usize::try_from((d - start).num_days())
            .ok()
            .filter(|i| *i < len)
    };
    for a in &history.activities {
        let Some(i) = idx(a.date) else { continue };
        let SessionLoad { value, source } =
            session::session_load_with(a, &zones, settings.trimp_sex, lookup.as_ref());
        match source {
            LoadSource::TrimpSamples => sources.trimp_samples += 1,
            LoadSource::TrimpAverage => sources.trimp_average += 1,
            LoadSource::SessionRpe => sources.session_rpe += 1,
            LoadSource::Unavailable => sources.unavailable += 1,
        }
        let day = &mut days[i];
        day.load += value;
        day.time_s += a.duration_s;
        let z = session::zone_seconds(a, &zones, lookup.as_ref());
        for (acc, s) in day.zone_s.iter_mut().zip(z) {
            *acc += s;
        }
        if a.sport == Sport::Running {
            day.runs += 1;
            day.run_distance_m += a.distance_m;
            day.longest_run_m = day.longest_run_m.max(a.distance_m);
        }
        if a.sport.is_cross_training() {
            day.cross_training = true;
            day.cross_training_min += a.duration_s / 60.0;
        }
    }
    for c in &history.cross_training {
        if let Some(i) = idx(c.day()) {
            days[i].cross_training = true;
            days[i].cross_training_min += f64::from(c.minutes);
        }
    }
    let loads: Vec<f64> = days.iter().map(|d| d.load).collect();
    let base = baseline(&loads);
    let acute = ewma(&loads, 7, base);
    let chronic = ewma(&loads, 28, base);
    let acwr = acute
        .iter()
        .zip(&chronic)
        .enumerate()
        .map(|(i, (a, c))| (i + 1 >= BASELINE_DAYS && *c > 1e-6).then(|| a / c))
        .collect();
    let (ctl, atl, tsb) = fitness_fatigue(&loads, base);
    LoadSeries {
        days,
        acute,
        chronic,
        acwr,
        ctl,
        atl,
        tsb,
        baseline: base,
        zones,
        sources,
    }
}
