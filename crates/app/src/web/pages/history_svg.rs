//! Inline SVG for the activity page: the route drawn from the GPS samples
//! (no map tiles: nothing is fetched from anywhere) and line charts of
//! pace, heart rate and elevation over time. Strings built here, every
//! text escaped; colours come from the page's stylesheet (classes), so
//! dark mode and print follow it.

use std::fmt::Write;

use backstride_core::activity::Sample;

use crate::insights::svg::esc;

const W: f64 = 400.0;
const H: f64 = 170.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;
/// At most this many points a line.
const POINTS: usize = 300;

/// The route as a line in a box, start and finish marked; `None` when
/// fewer than two samples have a position.
pub fn route(samples: &[Sample]) -> Option<String> {
    let points: Vec<(f64, f64)> = samples
        .iter()
        .filter_map(|s| Some((s.lat?, s.lon?)))
        .filter(|(lat, lon)| lat.is_finite() && lon.is_finite())
        .collect();
    if points.len() < 2 {
        return None;
    }
    let step = points.len().div_ceil(1_000).max(1);
    let mean_lat = points.iter().map(|p| p.0).sum::<f64>() / points.len() as f64;
    let squash = mean_lat.to_radians().cos().abs().max(0.01);
    // East as x, north as up, longitudes narrowed by latitude.
    let xy: Vec<(f64, f64)> = points
        .iter()
        .step_by(step)
        .chain(points.last())
        .map(|(lat, lon)| (lon * squash, -lat))
        .collect();
    let (min_x, max_x) = bounds(xy.iter().map(|p| p.0));
    let (min_y, max_y) = bounds(xy.iter().map(|p| p.1));
    let (w, h, pad) = (400.0, 300.0, 12.0);
    let span = (max_x - min_x).max(max_y - min_y).max(1e-9);
    let scale = ((w - 2.0 * pad) / span).min((h - 2.0 * pad) / span);
    let off_x = (w - (max_x - min_x) * scale) / 2.0;
    let off_y = (h - (max_y - min_y) * scale) / 2.0;
    let at = |(x, y): (f64, f64)| (off_x + (x - min_x) * scale, off_y + (y - min_y) * scale);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="The route, drawn from the GPS samples; north is up"><polyline class="route" points=""#
    );
    for p in &xy {
        let (x, y) = at(*p);
        let _ = write!(out, "{x:.1},{y:.1} ");
    }
    out.push_str(r#""/>"#);
    if let (Some(first), Some(last)) = (xy.first(), xy.last()) {
        let (sx, sy) = at(*first);
        let (fx, fy) = at(*last);
        let _ = write!(
            out,
            r#"<circle class="finish" cx="{fx:.1}" cy="{fy:.1}" r="6"><title>Finish</title></circle><circle class="start" cx="{sx:.1}" cy="{sy:.1}" r="6"><title>Start</title></circle>"#
        );
    }
    out.push_str("</svg>");
    Some(out)
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// A series over the activity's time: (seconds from the start, value).
pub type Series = Vec<(f64, f64)>;

/// Splits `samples` into at most [`POINTS`] runs of neighbours.
fn buckets(samples: &[Sample]) -> impl Iterator<Item = &[Sample]> {
    samples.chunks(samples.len().div_ceil(POINTS).max(1))
}

/// Heart rate, averaged over each bucket of samples.
pub fn heart_rate(samples: &[Sample]) -> Series {
    mean_of(samples, |s| s.heart_rate.map(f64::from))
}

/// Altitude, averaged over each bucket of samples.
pub fn elevation(samples: &[Sample]) -> Series {
    mean_of(samples, |s| s.altitude_m)
}

fn mean_of(samples: &[Sample], value: impl Fn(&Sample) -> Option<f64>) -> Series {
    buckets(samples)
        .filter_map(|b| {
            let values: Vec<(f64, f64)> = b
                .iter()
                .filter_map(|s| value(s).filter(|v| v.is_finite()).map(|v| (s.t_s, v)))
                .collect();
            if values.is_empty() {
                return None;
            }
            let n = values.len() as f64;
            Some((
                values.iter().map(|v| v.0).sum::<f64>() / n,
                values.iter().map(|v| v.1).sum::<f64>() / n,
            ))
        })
        .collect()
}

/// Pace in seconds per km over each bucket: distance covered over time
/// taken where the samples carry distance, else their mean speed. Stops
/// (slower than 30 min/km) are left out.
pub fn pace(samples: &[Sample]) -> Series {
    const SLOWEST_S_PER_KM: f64 = 1_800.0;
    buckets(samples)
        .filter_map(|b| {
            let first = b.first()?;
            let last = b.last()?;
            let from_distance = match (first.distance_m, last.distance_m) {
                (Some(d0), Some(d1)) if d1 > d0 && last.t_s > first.t_s => {
                    Some((last.t_s - first.t_s) / ((d1 - d0) / 1000.0))
                }
                _ => None,
            };
            let pace = from_distance.or_else(|| {
                let speeds: Vec<f64> = b.iter().filter_map(|s| s.speed_mps).collect();
                let mean = speeds.iter().sum::<f64>() / speeds.len().max(1) as f64;
                (mean > 0.0).then(|| 1000.0 / mean)
            })?;
            (pace.is_finite() && pace < SLOWEST_S_PER_KM)
                .then(|| ((first.t_s + last.t_s) / 2.0, pace))
        })
        .collect()
}

/// Minutes and seconds, for pace ("5:42").
pub fn min_sec(s: f64) -> String {
    let s = s.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// What the horizontal axis is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Along {
    /// Seconds from the start, labelled in minutes.
    Time,
    /// Metres from the start, labelled in km.
    Distance,
}

/// Altitude over time, or over distance for a file without times (a
/// planned route or a track stripped of them).
pub fn elevation_along(samples: &[Sample]) -> (Series, Along) {
    let (t0, t1) = bounds(samples.iter().map(|s| s.t_s));
    if t1 - t0 >= 1.0 {
        return (elevation(samples), Along::Time);
    }
    let by_distance = buckets(samples)
        .filter_map(|b| {
            let points: Vec<(f64, f64)> = b
                .iter()
                .filter_map(|s| Some((s.distance_m?, s.altitude_m?)))
                .collect();
            let n = points.len() as f64;
            (!points.is_empty()).then(|| {
                (
                    points.iter().map(|p| p.0).sum::<f64>() / n,
                    points.iter().map(|p| p.1).sum::<f64>() / n,
                )
            })
        })
        .collect();
    (by_distance, Along::Distance)
}

/// How a chart reads its values.
pub struct Axis {
    /// What the line is, for the label ("Heart rate").
    pub name: &'static str,
    /// Its unit ("bpm").
    pub unit: &'static str,
    /// Draw larger values lower (pace: faster is up).
    pub inverted: bool,
    /// A value in words.
    pub format: fn(f64) -> String,
    /// What the horizontal axis is.
    pub along: Along,
}

/// A line chart of `series` over the activity's minutes (or km); `None`
/// when the series has fewer than two points or no extent along.
pub fn line(series: &Series, axis: &Axis) -> Option<String> {
    if series.len() < 2 {
        return None;
    }
    let (t0, t1) = bounds(series.iter().map(|p| p.0));
    if t1 - t0 < 1.0 {
        return None;
    }
    let (mut lo, mut hi) = bounds(series.iter().map(|p| p.1));
    if hi - lo < 1e-6 {
        lo -= 1.0;
        hi += 1.0;
    }
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |t: f64| LEFT + (t - t0) / (t1 - t0).max(1e-9) * plot_w;
    let y = |v: f64| {
        let share = (v - lo) / (hi - lo);
        let share = if axis.inverted { share } else { 1.0 - share };
        TOP + share * plot_h
    };
    let fmt = axis.format;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" role="img" aria-label="{} over time, from {} to {} {}">"#,
        esc(axis.name),
        esc(&fmt(if axis.inverted { hi } else { lo })),
        esc(&fmt(if axis.inverted { lo } else { hi })),
        esc(axis.unit)
    );
    let bottom = TOP + plot_h;
    let _ = write!(
        out,
        r#"<line class="axis" x1="{LEFT}" y1="{bottom}" x2="{}" y2="{bottom}"/><line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/>"#,
        W - RIGHT
    );
    for v in [lo, (lo + hi) / 2.0, hi] {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text>"#,
            LEFT - 6.0,
            y(v) + 4.0,
            esc(&fmt(v))
        );
    }
    for (t, anchor) in [(t0, "start"), ((t0 + t1) / 2.0, "middle"), (t1, "end")] {
        let label = match axis.along {
            Along::Time => format!("{} min", (t / 60.0).round()),
            Along::Distance => format!("{:.1} km", t / 1000.0),
        };
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="{anchor}">{}</text>"#,
            x(t),
            H - 6.0,
            esc(&label)
        );
    }
    out.push_str(r#"<polyline class="line" points=""#);
    for (t, v) in series {
        let _ = write!(out, "{:.1},{:.1} ", x(*t), y(*v));
    }
    // Each point in words, for the script that reads values under the
    // pointer (`history.js`); the chart stands without it.
    let labels: Vec<String> = series
        .iter()
        .map(|(t, v)| {
            let at = match axis.along {
                Along::Time => format!("{} min", (t / 60.0).round()),
                Along::Distance => format!("{:.2} km", t / 1000.0),
            };
            format!("{} {} at {at}", fmt(*v), axis.unit).replace('|', "/")
        })
        .collect();
    let _ = write!(out, r#"" data-labels="{}"/></svg>"#, esc(&labels.join("|")));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(t: f64, lat: f64, lon: f64, d: f64) -> Sample {
        Sample {
            t_s: t,
            lat: Some(lat),
            lon: Some(lon),
            altitude_m: Some(100.0 + t / 10.0),
            distance_m: Some(d),
            heart_rate: Some(140),
            cadence_spm: None,
            speed_mps: None,
        }
    }

    #[test]
    fn pace_is_time_over_distance_and_stops_are_left_out() {
        // 3 m/s for 600 s: 333 s a km; then standing still.
        let mut samples: Vec<Sample> = (0..600)
            .map(|i| sample(f64::from(i), 46.0, 14.0, 3.0 * f64::from(i)))
            .collect();
        samples.extend((600..1200).map(|i| sample(f64::from(i), 46.0, 14.0, 1797.0)));
        let p = pace(&samples);
        assert!(!p.is_empty());
        assert!(p.iter().all(|(t, _)| *t < 600.0), "stops are not pace");
        assert!(p.iter().all(|(_, v)| (v - 333.3).abs() < 1.0), "{p:?}");
        assert_eq!(min_sec(333.3), "5:33");
    }

    #[test]
    fn a_route_needs_two_positions_and_stays_in_its_box() {
        assert!(route(&[sample(0.0, 46.0, 14.0, 0.0)]).is_none());
        let samples: Vec<Sample> = (0..50)
            .map(|i| {
                let i = f64::from(i);
                sample(i, 46.0 + i * 1e-4, 14.0 + i * 2e-4, i)
            })
            .collect();
        let svg = route(&samples).expect("a route");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let points = svg
            .split("points=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("points");
        for pair in points.split_whitespace() {
            let (x, y) = pair.split_once(',').expect("x,y");
            let (x, y): (f64, f64) = (x.parse().expect("x"), y.parse().expect("y"));
            assert!(
                (0.0..=400.0).contains(&x) && (0.0..=300.0).contains(&y),
                "{pair}"
            );
        }
    }

    #[test]
    fn a_line_chart_labels_its_range_and_needs_two_points() {
        let axis = Axis {
            name: "Heart rate",
            unit: "bpm",
            inverted: false,
            format: |v| format!("{v:.0}"),
            along: Along::Time,
        };
        assert!(line(&vec![(0.0, 1.0)], &axis).is_none());
        assert!(
            line(&vec![(0.0, 1.0), (0.0, 2.0)], &axis).is_none(),
            "no extent"
        );
        let svg = line(&vec![(0.0, 120.0), (600.0, 160.0)], &axis).expect("a chart");
        assert!(svg.contains("from 120 to 160 bpm"));
        assert!(svg.contains("data-labels=\"120 bpm at 0 min|160 bpm at 10 min\""));
        assert!(svg.contains("10 min"));
    }
}
