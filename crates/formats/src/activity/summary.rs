//! Totals computed from samples, for files that do not state them (GPX
//! always, TCX and FIT when a lap or session is missing): haversine
//! distance, elevation gain with a dead band, moving time, heart rate and
//! cadence averages.
//!
//! The thresholds are public constants so reports can quote them.

use backstride_core::activity::Sample;

/// Elevation gain dead band, metres: an altitude change counts only once it
/// has moved this far from the last counted point, so GPS and barometer
/// jitter (typically ±1-2 m) does not add up to phantom climbing.
pub const ASCENT_HYSTERESIS_M: f64 = 3.0;

/// An interval counts as moving when its speed is at least this, m/s
/// (1.8 km/h: slower than any walk, faster than GPS drift at a standstill).
pub const MOVING_SPEED_MPS: f64 = 0.5;

/// Gaps between samples longer than this, seconds, are pauses (auto-pause,
/// a stopped recording), never moving time.
pub const MAX_MOVING_GAP_S: f64 = 60.0;

/// No recording is dated before this (1990-01-01T00:00:00Z, the first
/// day after the FIT epoch's): an earlier date comes from a device
/// without a clock, or a clock never set.
pub const EARLIEST_PLAUSIBLE_UNIX: i64 = 631_152_000;

/// Mean Earth radius, metres (IUGG).
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance between two points in degrees, metres.
pub(crate) fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// Flags a start before [`EARLIEST_PLAUSIBLE_UNIX`] (a device without a
/// clock) and dates it by `hint` (another time the file holds, named by
/// `hint_name`) when that one is plausible; the samples keep their offsets.
pub(crate) fn date_without_clock(
    start: &mut chrono::DateTime<chrono::Utc>,
    hint: Option<(chrono::DateTime<chrono::Utc>, &str)>,
    problems: &mut Vec<String>,
) {
    if start.timestamp() >= EARLIEST_PLAUSIBLE_UNIX {
        return;
    }
    let seen = start.format("%Y-%m-%d %H:%M:%S UTC");
    let no_clock = format!(
        "the times in the file are not real (a device without a clock, or one never set): it dates the activity {seen}"
    );
    match hint.filter(|(t, _)| t.timestamp() >= EARLIEST_PLAUSIBLE_UNIX) {
        Some((t, name)) => {
            *start = t;
            problems.push(format!(
                "{no_clock}; dated {} by {name} instead (approximate)",
                t.format("%Y-%m-%d %H:%M:%S UTC")
            ));
        }
        None => problems.push(format!(
            "{no_clock}, and nothing in the file says when it really was"
        )),
    }
}

/// Totals over a sample series (sorted by time).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Totals {
    pub elapsed_s: f64,
    pub moving_s: f64,
    pub distance_m: f64,
    pub ascent_m: Option<f64>,
    pub avg_heart_rate: Option<f64>,
    pub max_heart_rate: Option<u8>,
    pub avg_cadence_spm: Option<f64>,
}

/// Fills `distance_m` cumulatively from positions when no sample carries a
/// distance of its own. Samples without a position keep the running total.
/// `segments` (one id a sample, or empty for one segment) marks where the
/// recording stopped and started again: no distance is added across a
/// change of segment.
pub(crate) fn fill_distance_from_positions(samples: &mut [Sample], segments: &[u32]) {
    if samples.iter().any(|s| s.distance_m.is_some()) {
        return;
    }
    if !samples.iter().any(|s| s.lat.is_some() && s.lon.is_some()) {
        return;
    }
    let mut total = 0.0;
    let mut last: Option<(f64, f64, u32)> = None;
    for (i, sample) in samples.iter_mut().enumerate() {
        let segment = segments.get(i).copied().unwrap_or(0);
        if let (Some(lat), Some(lon)) = (sample.lat, sample.lon) {
            if let Some((plat, plon, psegment)) = last
                && psegment == segment
            {
                let d = haversine_m(plat, plon, lat, lon);
                if d.is_finite() {
                    total += d;
                }
            }
            last = Some((lat, lon, segment));
        }
        sample.distance_m = Some(total);
    }
}

/// Computes totals from samples sorted by `t_s`, as one segment.
pub(crate) fn totals(samples: &[Sample]) -> Totals {
    totals_in_segments(samples, &[])
}

/// Computes totals from samples sorted by `t_s`, each in the segment
/// `segments` gives (one id a sample; empty: all in one). The gaps
/// between segments (GPS off, a paused recording) count for nothing:
/// elapsed time is the sum of each segment's span, and no interval that
/// crosses segments is moving time (distance is filled per segment by
/// [`fill_distance_from_positions`]).
pub(crate) fn totals_in_segments(samples: &[Sample], segments: &[u32]) -> Totals {
    let (Some(first), Some(last)) = (samples.first(), samples.last()) else {
        return Totals::default();
    };
    // Distances are cumulative from the start: the largest is the total.
    let distance_m = samples
        .iter()
        .filter_map(|s| s.distance_m)
        .fold(f64::NAN, f64::max);
    let any_distance = distance_m.is_finite();
    let elapsed_s = if segments.len() == samples.len() {
        segment_spans(samples, segments)
    } else {
        (last.t_s - first.t_s).max(0.0)
    };
    Totals {
        elapsed_s,
        moving_s: moving_time(samples, segments, any_distance),
        distance_m: if any_distance {
            distance_m.max(0.0)
        } else {
            0.0
        },
        ascent_m: ascent(samples),
        avg_heart_rate: mean(
            samples
                .iter()
                .filter_map(|s| s.heart_rate)
                .filter(|h| *h > 0)
                .map(f64::from),
        ),
        max_heart_rate: samples
            .iter()
            .filter_map(|s| s.heart_rate)
            .filter(|h| *h > 0)
            .max(),
        avg_cadence_spm: mean(
            samples
                .iter()
                .filter_map(|s| s.cadence_spm)
                .filter(|c| *c > 0.0),
        ),
    }
}

/// The sum of each segment's time span (first to last sample).
fn segment_spans(samples: &[Sample], segments: &[u32]) -> f64 {
    let mut spans: std::collections::BTreeMap<u32, (f64, f64)> = Default::default();
    for (sample, segment) in samples.iter().zip(segments) {
        let span = spans.entry(*segment).or_insert((sample.t_s, sample.t_s));
        span.0 = span.0.min(sample.t_s);
        span.1 = span.1.max(sample.t_s);
    }
    spans.values().map(|(a, b)| (b - a).max(0.0)).sum()
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u64), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Sums intervals whose speed reaches [`MOVING_SPEED_MPS`]. An interval's
/// speed is the recorded speed at its end, else distance over time; with
/// no distance information at all, every short interval counts.
fn moving_time(samples: &[Sample], segments: &[u32], any_distance: bool) -> f64 {
    let segment = |i: usize| segments.get(i).copied().unwrap_or(0);
    samples
        .windows(2)
        .enumerate()
        .filter_map(|(i, pair)| match pair {
            [a, b] if segment(i) == segment(i + 1) => Some((a, b)),
            _ => None,
        })
        .map(|(a, b)| {
            let dt = b.t_s - a.t_s;
            if !(dt > 0.0 && dt <= MAX_MOVING_GAP_S) {
                return 0.0;
            }
            let speed = b.speed_mps.or(match (a.distance_m, b.distance_m) {
                (Some(da), Some(db)) => Some((db - da) / dt),
                _ => None,
            });
            match speed {
                Some(v) if v >= MOVING_SPEED_MPS => dt,
                Some(_) => 0.0,
                None if any_distance => 0.0,
                None => dt,
            }
        })
        .sum()
}

/// Elevation gain with the [`ASCENT_HYSTERESIS_M`] dead band; `None` when
/// no sample has an altitude.
fn ascent(samples: &[Sample]) -> Option<f64> {
    let mut altitudes = samples
        .iter()
        .filter_map(|s| s.altitude_m)
        .filter(|a| a.is_finite());
    let mut anchor = altitudes.next()?;
    let mut gain = 0.0;
    for alt in altitudes {
        let delta = alt - anchor;
        if delta.abs() >= ASCENT_HYSTERESIS_M {
            if delta > 0.0 {
                gain += delta;
            }
            anchor = alt;
        }
    }
    Some(gain)
}

/// Distance along the path as the file recorded it (per segment, see
/// [`fill_distance_from_positions`]), then the samples, and their segment
/// ids with them, in time order: see [`sort_samples`].
pub(crate) fn measure_and_order(
    samples: &mut Vec<Sample>,
    segments: &mut Vec<u32>,
    problems: &mut Vec<String>,
) {
    fill_distance_from_positions(samples, segments);
    if segments.len() != samples.len() || samples.windows(2).all(|w| w[0].t_s <= w[1].t_s) {
        sort_samples(samples, problems);
        return;
    }
    // Sort the pairs together, then split them again.
    let mut pairs: Vec<(Sample, u32)> = samples.drain(..).zip(segments.drain(..)).collect();
    let mut order: Vec<Sample> = pairs.iter().map(|(s, _)| *s).collect();
    sort_samples(&mut order, problems);
    pairs.sort_by(|a, b| a.0.t_s.total_cmp(&b.0.t_s));
    segments.extend(pairs.iter().map(|(_, segment)| *segment));
    samples.extend(order);
}

/// Puts samples in time order if a timestamp steps back, saying so in
/// `problems`.
///
/// A timestamp that steps back is a recording quirk (a device or app that
/// writes a point with the previous second's time, or swaps two): the
/// points were still recorded along the path in file order, so distance
/// is measured in that order first (see [`measure_and_order`]) and then
/// carried over. After the (stable) sort, a sample never shows less
/// distance than the one before it, so the total is the length of the
/// recorded path and no zigzag between swapped points is added.
pub(crate) fn sort_samples(samples: &mut [Sample], problems: &mut Vec<String>) {
    let out_of_order = samples
        .windows(2)
        .filter(|w| matches!(w, [a, b] if b.t_s < a.t_s))
        .count();
    if out_of_order == 0 {
        return;
    }
    let largest_step = samples
        .windows(2)
        .filter_map(|w| match w {
            [a, b] if b.t_s < a.t_s => Some(a.t_s - b.t_s),
            _ => None,
        })
        .fold(0.0, f64::max);
    samples.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
    let mut reached: Option<f64> = None;
    for sample in samples.iter_mut() {
        if let Some(d) = sample.distance_m {
            let d = reached.map_or(d, |r| r.max(d));
            sample.distance_m = Some(d);
            reached = Some(d);
        }
    }
    problems.push(format!(
        "the time steps back at {out_of_order} point(s) (by up to {largest_step} s), a recording quirk: distance is measured along the recorded path and the samples are kept in time order"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t_s: f64) -> Sample {
        Sample {
            t_s,
            ..Sample::default()
        }
    }

    #[test]
    fn haversine_matches_a_known_distance() {
        // One degree of latitude is about 111.2 km.
        let d = haversine_m(0.0, 0.0, 1.0, 0.0);
        assert!((d - 111_195.0).abs() < 10.0, "{d}");
    }

    #[test]
    fn ascent_ignores_jitter_within_the_dead_band() {
        let alts = [100.0, 101.5, 99.0, 101.0, 100.0, 106.0, 105.0, 112.0];
        let samples: Vec<Sample> = alts
            .iter()
            .enumerate()
            .map(|(i, a)| Sample {
                altitude_m: Some(*a),
                ..at(i as f64)
            })
            .collect();
        assert_eq!(totals(&samples).ascent_m, Some(12.0));
    }

    #[test]
    fn moving_time_skips_standing_and_pauses() {
        let mut samples = Vec::new();
        let mut d = 0.0;
        for t in 0..=10 {
            samples.push(Sample {
                distance_m: Some(d),
                ..at(f64::from(t))
            });
            d += 3.0; // running
        }
        for t in 11..=20 {
            samples.push(Sample {
                distance_m: Some(d),
                ..at(f64::from(t))
            }); // standing
        }
        samples.push(Sample {
            distance_m: Some(d + 300.0),
            ..at(200.0)
        }); // after a pause
        let totals = totals(&samples);
        // Ten running intervals, plus the one that reaches the first standing sample.
        assert_eq!(totals.moving_s, 11.0);
        assert_eq!(totals.elapsed_s, 200.0);
        assert!((totals.distance_m - (d + 300.0)).abs() < 1e-9);
    }
}
