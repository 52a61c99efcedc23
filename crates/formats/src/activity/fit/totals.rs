//! The totals a FIT file (or one leg of a multisport file) states itself:
//! sessions (summed when consecutive sessions share a sport), else laps. Averages are weighted by elapsed
//! time; running cadence is doubled to steps per minute. `build` falls
//! back to totals computed from records for anything left unstated.

use backstride_core::activity::Sport;
use rustyfit::profile::mesgdef;

use super::FitParts;
use crate::activity::sport;

/// Totals the file states itself (sessions, else laps).
#[derive(Default)]
pub(super) struct Declared {
    pub(super) elapsed_s: Option<f64>,
    pub(super) moving_s: Option<f64>,
    pub(super) distance_m: Option<f64>,
    pub(super) ascent_m: Option<f64>,
    pub(super) avg_heart_rate: Option<f64>,
    pub(super) max_heart_rate: Option<u8>,
    pub(super) avg_cadence_spm: Option<f64>,
}

/// One session's or lap's stated values, in a common shape.
struct Stated {
    elapsed: Option<f64>,
    moving: Option<f64>,
    distance: Option<f64>,
    ascent: u16,
    avg_hr: u8,
    max_hr: u8,
    cadence: u8,
    fractional_cadence: Option<f64>,
}

pub(super) fn declared_totals(parts: &FitParts, kind: Sport) -> Declared {
    let stated: Vec<Stated> = if parts.sessions.is_empty() {
        parts.laps.iter().map(stated_lap).collect()
    } else {
        parts.sessions.iter().map(stated_session).collect()
    };
    let sum = |f: &dyn Fn(&Stated) -> Option<f64>| {
        let values: Vec<f64> = stated
            .iter()
            .filter_map(f)
            .filter(|v| v.is_finite())
            .collect();
        (!values.is_empty()).then(|| values.iter().sum())
    };
    // Averages are weighted by each part's elapsed time (1 s where unknown).
    let weighted = |f: &dyn Fn(&Stated) -> Option<f64>| {
        let (total, weight) = stated.iter().fold((0.0, 0.0), |(t, w), s| match f(s) {
            Some(v) => {
                let weight = s.elapsed.filter(|e| *e > 0.0).unwrap_or(1.0);
                (t + v * weight, w + weight)
            }
            None => (t, w),
        });
        (weight > 0.0).then(|| total / weight)
    };
    let per_foot = if sport::cadence_is_per_foot(kind) {
        2.0
    } else {
        1.0
    };
    Declared {
        elapsed_s: sum(&|s| s.elapsed),
        moving_s: sum(&|s| s.moving),
        distance_m: sum(&|s| s.distance),
        ascent_m: sum(&|s| (s.ascent != u16::MAX).then_some(f64::from(s.ascent))),
        avg_heart_rate: weighted(&|s| {
            (s.avg_hr != u8::MAX && s.avg_hr > 0).then_some(f64::from(s.avg_hr))
        }),
        max_heart_rate: stated
            .iter()
            .map(|s| s.max_hr)
            .filter(|h| *h != u8::MAX && *h > 0)
            .max(),
        avg_cadence_spm: weighted(&|s| {
            (s.cadence != u8::MAX && s.cadence > 0)
                .then(|| (f64::from(s.cadence) + s.fractional_cadence.unwrap_or(0.0)) * per_foot)
        }),
    }
}

fn stated_session(s: &mesgdef::Session) -> Stated {
    Stated {
        elapsed: s.total_elapsed_time_scaled(),
        moving: s
            .total_moving_time_scaled()
            .or_else(|| s.total_timer_time_scaled()),
        distance: s.total_distance_scaled(),
        ascent: s.total_ascent,
        avg_hr: s.avg_heart_rate,
        max_hr: s.max_heart_rate,
        cadence: s.avg_cadence,
        fractional_cadence: s.avg_fractional_cadence_scaled(),
    }
}

fn stated_lap(l: &mesgdef::Lap) -> Stated {
    Stated {
        elapsed: l.total_elapsed_time_scaled(),
        moving: l
            .total_moving_time_scaled()
            .or_else(|| l.total_timer_time_scaled()),
        distance: l.total_distance_scaled(),
        ascent: l.total_ascent,
        avg_hr: l.avg_heart_rate,
        max_hr: l.max_heart_rate,
        cadence: l.avg_cadence,
        fractional_cadence: l.avg_fractional_cadence_scaled(),
    }
}
