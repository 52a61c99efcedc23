//! Sport names as files write them, mapped to the domain's [`Sport`].
//!
//! GPX `<type>` (Garmin: `running`, `cycling`; Strava: `running` or its
//! numeric activity type, `9` for a run), TCX `Sport="Running|Biking|Other"`
//! and Strava's `activities.csv` "Activity Type" (`Run`, `Ride`...) all go
//! through [`from_label`]. Unknown names are kept as `Other`; the label
//! itself travels in `Activity::sport_label`. A file that names no sport
//! may have it inferred from speed and cadence ([`infer`]).

use backstride_core::activity::{Sample, Sport};

use super::summary::{MAX_MOVING_GAP_S, MOVING_SPEED_MPS};

/// Faster than this median moving speed, m/s (23.4 km/h), nobody runs.
pub const RIDE_SPEED_MPS: f64 = 6.5;

/// Below this median moving speed, m/s (6.8 km/h), without a running
/// cadence, it is a walk.
pub const WALK_SPEED_MPS: f64 = 1.9;

/// Without cadence, a median moving speed up to this, m/s (16.6 km/h), is
/// read as a run; between this and [`RIDE_SPEED_MPS`] it is left unknown.
pub const RUN_SPEED_MPS: f64 = 4.6;

/// Fewest moving intervals to infer anything from.
const MIN_MOVING_INTERVALS: usize = 30;

/// A sport inferred from a recording, with the reason in words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inferred {
    pub sport: Sport,
    pub why: String,
}

/// Infers run, walk or ride from speed, cadence and the cadence's spread,
/// for a file that names no sport (see docs/activity-totals.md). `None`
/// when the recording does not say clearly enough. Cadence is read as the
/// file writes it (strides or pedal turns a minute, or steps a minute).
pub(crate) fn infer(samples: &[Sample]) -> Option<Inferred> {
    let mut speeds = Vec::new();
    let mut cadences = Vec::new();
    let mut coasting = 0usize;
    for pair in samples.windows(2) {
        let [a, b] = pair else { continue };
        let dt = b.t_s - a.t_s;
        let (Some(da), Some(db)) = (a.distance_m, b.distance_m) else {
            continue;
        };
        if !(dt > 0.0 && dt <= MAX_MOVING_GAP_S) {
            continue;
        }
        let v = b.speed_mps.unwrap_or((db - da) / dt);
        if !(v.is_finite() && v >= MOVING_SPEED_MPS) {
            continue;
        }
        speeds.push(v);
        match b.cadence_spm {
            Some(c) if c > 0.0 => cadences.push(c),
            Some(_) => coasting += 1,
            None => {}
        }
    }
    if speeds.len() < MIN_MOVING_INTERVALS {
        return None;
    }
    let v = median(&mut speeds)?;
    let speed = format!("a median moving speed of {v:.1} m/s");
    if v >= RIDE_SPEED_MPS {
        return Some(Inferred {
            sport: Sport::Cycling,
            why: format!("{speed}, faster than running"),
        });
    }
    let with_cadence = cadences.len() + coasting;
    if with_cadence * 2 >= speeds.len() {
        let zero_share = coasting as f64 / with_cadence as f64;
        if zero_share >= 0.15 {
            return Some(Inferred {
                sport: Sport::Cycling,
                why: format!(
                    "{speed} and no cadence in {:.0} % of the moving time (coasting)",
                    zero_share * 100.0
                ),
            });
        }
        let c = median(&mut cadences)?;
        let spread = spread(&cadences, c);
        // Strides (one foot) or steps (both feet) a minute.
        let steps = if c < 125.0 { c * 2.0 } else { c };
        let cadence = format!("a cadence of {c:.0}/min (spread {:.0} %)", spread * 100.0);
        return match (steps, spread) {
            (140.0..=230.0, ..0.10) if v >= WALK_SPEED_MPS => Some(Inferred {
                sport: Sport::Running,
                why: format!("{speed} and the steady {cadence} of running"),
            }),
            (80.0..140.0, ..0.15) if v < RUN_SPEED_MPS => Some(Inferred {
                sport: Sport::Walking,
                why: format!("{speed} and the {cadence} of walking"),
            }),
            (_, 0.15..) => Some(Inferred {
                sport: Sport::Cycling,
                why: format!("{speed} and the uneven {cadence} of pedalling"),
            }),
            _ => None,
        };
    }
    if v < WALK_SPEED_MPS {
        Some(Inferred {
            sport: Sport::Walking,
            why: format!("{speed} (no cadence recorded)"),
        })
    } else if v < RUN_SPEED_MPS {
        Some(Inferred {
            sport: Sport::Running,
            why: format!("{speed} (no cadence recorded)"),
        })
    } else {
        None
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(values[values.len() / 2])
}

/// Median absolute deviation over the median: how uneven the cadence is.
fn spread(values: &[f64], median_value: f64) -> f64 {
    let mut deviations: Vec<f64> = values.iter().map(|c| (c - median_value).abs()).collect();
    match median(&mut deviations) {
        Some(mad) if median_value > 0.0 => mad / median_value,
        _ => 0.0,
    }
}

/// Maps a sport name (any case, `_`/`-`/space separated) to a [`Sport`].
pub(crate) fn from_label(label: &str) -> Sport {
    let norm: String = label
        .trim()
        .chars()
        .map(|c| {
            if c == '-' || c == ' ' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if let Some(sport) = strava_numeric(&norm) {
        return sport;
    }
    let words: Vec<&str> = norm.split('_').filter(|w| !w.is_empty()).collect();
    let has = |names: &[&str]| words.iter().any(|w| names.contains(w));
    if has(&[
        "run",
        "running",
        "jog",
        "jogging",
        "treadmill",
        "trailrun",
        "trailrunning",
        "virtualrun",
    ]) {
        Sport::Running
    } else if has(&[
        "ride",
        "cycling",
        "biking",
        "bike",
        "bicycle",
        "cycle",
        "virtualride",
        "ebikeride",
        "mountainbikeride",
        "gravelride",
        "spinning",
        "e_biking",
        "velomobile",
        "handcycle",
    ]) {
        Sport::Cycling
    } else if has(&["walk", "walking", "hike", "hiking", "trek", "trekking"]) {
        Sport::Walking
    } else if has(&["swim", "swimming", "lap_swimming", "open_water"]) {
        Sport::Swimming
    } else {
        Sport::Other
    }
}

/// Strava writes its numeric activity type into GPX `<type>`.
fn strava_numeric(norm: &str) -> Option<Sport> {
    let n: u32 = norm.parse().ok()?;
    Some(match n {
        9 => Sport::Running,
        1 | 17 => Sport::Cycling,
        4 | 10 => Sport::Walking,
        16 => Sport::Swimming,
        _ => Sport::Other,
    })
}

/// Whether cadence for this sport is counted per foot in files (FIT
/// `cadence`, TCX `RunCadence`, GPX `cad`) and must double to steps/min.
pub(crate) fn cadence_is_per_foot(sport: Sport) -> bool {
    matches!(sport, Sport::Running | Sport::Walking)
}

/// Below this a minute, a run's or walk's cadence is strides (one foot):
/// nobody runs or walks at under 125 steps a minute for long.
const STRIDES_BELOW: f64 = 125.0;

/// For a file whose cadence unit is not stated (Polar, Suunto): a run's or
/// walk's cadence averaging under 125 a minute is strides, doubled to
/// steps, samples and average alike.
pub(crate) fn strides_to_steps(sport: Sport, samples: &mut [Sample], average: &mut Option<f64>) {
    if !cadence_is_per_foot(sport) || !average.is_some_and(|c| c < STRIDES_BELOW) {
        return;
    }
    for s in samples.iter_mut() {
        s.cadence_spm = s.cadence_spm.map(|c| c * 2.0);
    }
    *average = average.map(|c| c * 2.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_names_files_use() {
        for (label, sport) in [
            ("running", Sport::Running),
            ("Running", Sport::Running),
            ("trail_running", Sport::Running),
            ("Trail Run", Sport::Running),
            ("9", Sport::Running),
            ("Biking", Sport::Cycling),
            ("cycling", Sport::Cycling),
            ("Ride", Sport::Cycling),
            ("VirtualRide", Sport::Cycling),
            ("1", Sport::Cycling),
            ("Hike", Sport::Walking),
            ("walking", Sport::Walking),
            ("Swim", Sport::Swimming),
            ("Other", Sport::Other),
            ("WeightTraining", Sport::Other),
            ("", Sport::Other),
        ] {
            assert_eq!(from_label(label), sport, "{label}");
        }
    }
}
