//! One session's load and intensity.
//!
//! - **Load**: Banister's TRIMP from heart rate when there is HR (from the
//!   samples if any, else from the average), otherwise Foster's session-RPE
//!   (CR-10 x minutes, FACTS 5.2) when RPE was logged, otherwise none. The
//!   source is always reported, since the two scales are not the same.
//! - **Zones**: five heart-rate zones on the heart-rate reserve (Karvonen:
//!   <60, 60-70, 70-80, 80-90, >=90 %) from the profile's max and rest HR or
//!   estimated ([`estimate_max_hr`]; 60 bpm rest assumed), flagged as
//!   such, whenever any activity has HR. The profile may set the four zone
//!   boundaries in bpm itself; the reserve still weights TRIMP.
//!   Samples more than 30 s apart are a gap and count for nothing. Both
//!   read the samples through [`crate::activity::hr::HrTime`], the seconds
//!   spent at each heart rate, which gives the same sums as walking the
//!   samples, for any zone anchors.
//!   Without HR, five pace zones relative to an easy pace (speed / easy
//!   speed: <0.95, 0.95-1.05, 1.05-1.12, 1.12-1.20, >=1.20) - our own
//!   convention, not a published one.

use crate::activity::Sport;
use crate::history::{ActivityDay, EarlierHr, Settings, TrimpSex};

/// Number of intensity zones.
pub const ZONES: usize = 5;

/// Where a session's load figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LoadSource {
    /// Banister TRIMP from heart-rate samples.
    TrimpSamples,
    /// Banister TRIMP from the session's average heart rate.
    TrimpAverage,
    /// Foster session-RPE x minutes.
    SessionRpe,
    /// Neither heart rate nor RPE: no load figure.
    Unavailable,
}

/// A session's load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SessionLoad {
    /// Arbitrary units; 0 when unavailable.
    pub value: f64,
    /// How it was computed.
    pub source: LoadSource,
}

/// Heart-rate zone anchors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HrZones {
    /// Maximum heart rate.
    pub max_hr: f64,
    /// Resting heart rate.
    pub rest_hr: f64,
    /// The max was estimated from the data (the highest recorded).
    pub max_estimated: bool,
    /// The rest HR was assumed (60 bpm), not from the profile.
    pub rest_assumed: bool,
    /// The profile's own zone boundaries, bpm: the lowest heart rate of
    /// zones 2 to 5, rising. `None`: the reserve bands.
    pub bounds: Option<[f64; 4]>,
}

impl HrZones {
    /// Fraction of heart-rate reserve, clamped to 0..=1.
    pub fn reserve(&self, bpm: f64) -> f64 {
        ((bpm - self.rest_hr) / (self.max_hr - self.rest_hr)).clamp(0.0, 1.0)
    }

    /// Zone index 0..5 of a heart rate.
    pub fn zone(&self, bpm: f64) -> usize {
        if let Some(bounds) = &self.bounds {
            return bounds.iter().filter(|b| bpm >= **b).count();
        }
        let r = self.reserve(bpm);
        [0.6, 0.7, HARD_RESERVE, 0.9]
            .iter()
            .filter(|b| r >= **b)
            .count()
    }
}

/// The fraction of heart-rate reserve where zone 4 starts: time at or
/// above it is hard time.
pub const HARD_RESERVE: f64 = 0.8;

/// A session with at least this share of its zone time in zones 4 and 5
/// is a hard session.
pub const HARD_SHARE: f64 = 0.2;

/// Whether a session's (or a day's) zone time makes it a hard session;
/// `false` without zone time.
pub fn is_hard(zone_s: &[f64; ZONES]) -> bool {
    let total: f64 = zone_s.iter().sum();
    total > 0.0 && (zone_s[3] + zone_s[4]) / total >= HARD_SHARE
}

/// The percentile of the activities' own peaks taken as the observed high
/// when the maximum is estimated (nearest rank): a stray spike in one file
/// does not set everyone's zones.
pub const PEAK_PERCENTILE: f64 = 0.95;

/// An activity's highest heart rate: its recorded max, its highest sample
/// or its average, whichever is highest.
fn peak(a: &ActivityDay) -> Option<f64> {
    let sample_max = a.hr.max_bpm().map(f64::from);
    a.max_hr
        .map(f64::from)
        .into_iter()
        .chain(sample_max)
        .chain(a.avg_hr)
        .reduce(f64::max)
}

/// The heart rate that decides whether an activity is hard under any
/// zones on the reserve: with a series, the highest heart rate with at
/// least [`HARD_SHARE`] of the time at or above it; without one, the
/// average (the whole session sits in its zone). `None`: no zone time.
fn hard_point(a: &ActivityDay) -> Option<f64> {
    if a.hr.has_series() {
        let total: f64 = a.hr.seconds().iter().map(|(_, s)| s).sum();
        if total <= 0.0 {
            return None;
        }
        // A hair under the share, so sums in another order agree.
        let needed = HARD_SHARE * total * (1.0 - 1e-9);
        let mut above = 0.0;
        for &(bpm, s) in a.hr.seconds().iter().rev() {
            above += s;
            if above >= needed {
                return Some(f64::from(bpm));
            }
        }
        return None;
    }
    a.avg_hr.filter(|h| *h > 0.0)
}

/// What [`estimate_max_hr`] needs from activities before the analysed
/// range: each one's peak and the easiest run's (and activity's) hard
/// point.
pub fn earlier_hr(activities: &[ActivityDay]) -> EarlierHr {
    EarlierHr {
        peaks: activities.iter().filter_map(peak).collect(),
        easiest_run: activities
            .iter()
            .filter(|a| a.sport == Sport::Running)
            .filter_map(hard_point)
            .reduce(f64::min),
        easiest_any: activities.iter().filter_map(hard_point).reduce(f64::min),
    }
}

/// The estimated maximum heart rate when neither the profile nor a flag
/// gives one, or `None` without heart rate in `activities`. Over
/// `activities` and `earlier` (what came before the analysed range) alike:
///
/// 1. the observed high: the [`PEAK_PERCENTILE`] of the activities' own
///    peaks (nearest rank);
/// 2. raised, when needed, just enough that the easiest run (by the heart
///    rate [`hard_point`] reads; every activity with heart rate when no
///    run has it) falls below zone 4 at `rest_hr`.
///
/// A maximum taken from the runner's own easy runs sits far below their
/// true one, and then every run reads as hard; the second step makes sure
/// an estimate never calls every run hard. It is still an estimate, and
/// is reported as one.
pub fn estimate_max_hr(
    activities: &[ActivityDay],
    earlier: &EarlierHr,
    rest_hr: f64,
) -> Option<f64> {
    let here: Vec<f64> = activities.iter().filter_map(peak).collect();
    if here.is_empty() {
        return None;
    }
    let mut peaks: Vec<f64> = here
        .into_iter()
        .chain(earlier.peaks.iter().copied())
        .collect();
    peaks.sort_by(f64::total_cmp);
    let rank = ((PEAK_PERCENTILE * peaks.len() as f64).ceil() as usize).clamp(1, peaks.len());
    let observed = peaks[rank - 1];
    let now = earlier_hr(activities);
    let min = |a: Option<f64>, b: Option<f64>| a.into_iter().chain(b).reduce(f64::min);
    let easiest = min(now.easiest_run, earlier.easiest_run)
        .or_else(|| min(now.easiest_any, earlier.easiest_any));
    let Some(easiest) = easiest else {
        return Some(observed);
    };
    // The same test as `HrZones::zone`: is the easiest run's point in zone 4?
    let hard = observed <= rest_hr || (easiest - rest_hr) / (observed - rest_hr) >= HARD_RESERVE;
    if hard {
        Some(observed.max(rest_hr + (easiest - rest_hr) / HARD_RESERVE + 1.0))
    } else {
        Some(observed)
    }
}

/// How intensity zones were set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ZoneBasis {
    /// Heart-rate zones.
    HeartRate(HrZones),
    /// Pace zones around an easy pace (s/km); `estimated` when it is the
    /// median run pace rather than the profile's.
    Pace {
        /// Easy pace, seconds per km.
        easy_s_per_km: f64,
        /// Taken from the data.
        estimated: bool,
    },
    /// Neither heart rate nor pace to go on.
    None,
}

/// Chooses the zones: HR when any activity has HR (anchored on the
/// profile's max and rest where given, else on [`estimate_max_hr`] and
/// 60 bpm), else pace. A profile max alone does not make HR zones: without
/// recorded heart rate they would hold nothing.
pub fn zone_basis(activities: &[ActivityDay], settings: &Settings) -> ZoneBasis {
    let rest = settings.rest_hr.map(f64::from);
    let max = settings.max_hr.map(f64::from);
    let rest_hr = rest.unwrap_or(60.0);
    if let Some(estimated) = estimate_max_hr(activities, &settings.earlier_hr, rest_hr) {
        let max_hr = max.unwrap_or(estimated);
        if max_hr > rest_hr + 10.0 {
            return ZoneBasis::HeartRate(HrZones {
                max_hr,
                rest_hr,
                max_estimated: max.is_none(),
                rest_assumed: rest.is_none(),
                bounds: settings
                    .zone_bounds
                    .map(|b| [b[0], b[1], b[2], b[3]].map(f64::from)),
            });
        }
    }
    if let Some(p) = settings.easy_pace_s_per_km {
        return ZoneBasis::Pace {
            easy_s_per_km: p,
            estimated: false,
        };
    }
    let mut paces: Vec<f64> = activities.iter().filter_map(run_pace).collect();
    paces.sort_by(f64::total_cmp);
    match paces.get(paces.len() / 2) {
        Some(&p) => ZoneBasis::Pace {
            easy_s_per_km: p,
            estimated: true,
        },
        None => ZoneBasis::None,
    }
}

/// A run's pace, s/km, when it has distance and time.
pub fn run_pace(a: &ActivityDay) -> Option<f64> {
    (a.sport == Sport::Running && a.distance_m >= 100.0 && a.duration_s > 0.0)
        .then(|| a.duration_s / (a.distance_m / 1000.0))
}

fn trimp_weight(x: f64, sex: TrimpSex) -> f64 {
    match sex {
        TrimpSex::Male => 0.64 * (1.92 * x).exp(),
        TrimpSex::Female => 0.86 * (1.67 * x).exp(),
    }
}

/// Per-bpm TRIMP rate (per minute) and zone, computed once per history so
/// that a decade of heart-rate time costs table look-ups, not exponentials.
#[derive(Debug, Clone)]
pub struct HrLookup {
    trimp_per_min: [f64; 256],
    zone: [u8; 256],
}

impl HrLookup {
    /// The table for heart-rate zones; `None` for other bases.
    pub fn new(zones: &ZoneBasis, sex: TrimpSex) -> Option<Self> {
        let ZoneBasis::HeartRate(z) = zones else {
            return None;
        };
        let mut t = HrLookup {
            trimp_per_min: [0.0; 256],
            zone: [0; 256],
        };
        for bpm in 0..256usize {
            let x = z.reserve(bpm as f64);
            t.trimp_per_min[bpm] = x * trimp_weight(x, sex);
            t.zone[bpm] = z.zone(bpm as f64).min(ZONES - 1) as u8;
        }
        Some(t)
    }
}

/// A session's load: TRIMP when HR and zones exist, else session-RPE.
pub fn session_load(a: &ActivityDay, zones: &ZoneBasis, sex: TrimpSex) -> SessionLoad {
    session_load_with(a, zones, sex, HrLookup::new(zones, sex).as_ref())
}

/// `session_load` with a prepared table (built by `HrLookup::new`).
pub fn session_load_with(
    a: &ActivityDay,
    zones: &ZoneBasis,
    sex: TrimpSex,
    lookup: Option<&HrLookup>,
) -> SessionLoad {
    if let ZoneBasis::HeartRate(z) = zones {
        if a.hr.has_series()
            && let Some(t) = lookup
        {
            let value: f64 =
                a.hr.seconds()
                    .iter()
                    .map(|&(bpm, s)| s / 60.0 * t.trimp_per_min[usize::from(bpm)])
                    .sum();
            if value > 0.0 {
                return SessionLoad {
                    value,
                    source: LoadSource::TrimpSamples,
                };
            }
        }
        if let Some(hr) = a.avg_hr.filter(|h| *h > 0.0) {
            let x = z.reserve(hr);
            return SessionLoad {
                value: a.duration_s / 60.0 * x * trimp_weight(x, sex),
                source: LoadSource::TrimpAverage,
            };
        }
    }
    match a.rpe {
        Some(rpe) => SessionLoad {
            value: f64::from(rpe) * a.duration_s / 60.0,
            source: LoadSource::SessionRpe,
        },
        None => SessionLoad {
            value: 0.0,
            source: LoadSource::Unavailable,
        },
    }
}

/// Seconds in each zone: per sample when there are HR samples, else the
/// whole session in the zone of its average HR (or its pace).
pub fn zone_seconds(a: &ActivityDay, zones: &ZoneBasis, lookup: Option<&HrLookup>) -> [f64; ZONES] {
    let mut out = [0.0; ZONES];
    match zones {
        ZoneBasis::HeartRate(z) => {
            if a.hr.has_series() {
                for &(bpm, s) in a.hr.seconds() {
                    let zone = match lookup {
                        Some(t) => usize::from(t.zone[usize::from(bpm)]),
                        None => z.zone(f64::from(bpm)).min(ZONES - 1),
                    };
                    out[zone] += s;
                }
            } else if let Some(hr) = a.avg_hr {
                out[z.zone(hr).min(ZONES - 1)] += a.duration_s;
            }
        }
        ZoneBasis::Pace { easy_s_per_km, .. } => {
            if let Some(p) = run_pace(a) {
                let ratio = easy_s_per_km / p;
                let z = [0.95, 1.05, 1.12, 1.20]
                    .iter()
                    .filter(|b| ratio >= **b)
                    .count();
                out[z.min(ZONES - 1)] += a.duration_s;
            }
        }
        ZoneBasis::None => {}
    }
    out
}

/// The median of run distances, metres (for the long-run threshold).
pub fn median_run_distance(activities: &[ActivityDay]) -> Option<f64> {
    let mut d: Vec<f64> = activities
        .iter()
        .filter(|a| a.sport == Sport::Running && a.distance_m > 0.0)
        .map(|a| a.distance_m)
        .collect();
    d.sort_by(f64::total_cmp);
    d.get(d.len() / 2).copied()
}
