//! Inline SVG charts for the HTML insights page, built as strings: weekly
//! load bars with weekly mean back pain on a second axis, fitness / fatigue /
//! form lines, and an adherence calendar. No scripts, no external files;
//! every text goes through [`esc`].

use std::fmt::Write;

use backstride_core::profile::Units;
use chrono::Datelike;

use super::dto::{DayView, WeekView};

/// A named, coloured line and how to read it from a day.
type Line = (&'static str, &'static str, fn(&DayView) -> f64);

const W: f64 = 720.0;
const H: f64 = 240.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 40.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 28.0;

/// Escapes text for HTML and SVG.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn open(out: &mut String, label: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" role="img" aria-label="{}">"#,
        esc(label)
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, s: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="11" text-anchor="{anchor}">{}</text>"#,
        esc(s)
    );
}

/// Weekly load as bars (distance where there is no session load), with the
/// weekly mean back pain (0-10, right axis) as a line.
pub fn weekly_load(weeks: &[WeekView], units: Units) -> String {
    let weeks = &weeks[weeks.len().saturating_sub(52)..];
    let use_load = weeks.iter().any(|w| w.load > 0.0);
    let value = |w: &WeekView| if use_load { w.load } else { w.distance_km };
    let max = weeks.iter().map(value).fold(0.0, f64::max).max(1.0);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let step = plot_w / weeks.len().max(1) as f64;
    let mut out = String::new();
    open(&mut out, "Weekly load with weekly mean back pain");
    let unit = if use_load { "load" } else { "km" };
    text(&mut out, LEFT - 6.0, TOP + 4.0, "end", &format!("{max:.0}"));
    text(
        &mut out,
        LEFT - 6.0,
        TOP + plot_h,
        "end",
        &format!("0 {unit}"),
    );
    text(&mut out, W - RIGHT + 6.0, TOP + 4.0, "start", "10");
    text(&mut out, W - RIGHT + 6.0, TOP + plot_h, "start", "0 pain");
    let mut points = Vec::new();
    for (k, w) in weeks.iter().enumerate() {
        let h = value(w) / max * plot_h;
        let x = LEFT + k as f64 * step;
        let fill = if w.spike { "#d98c2b" } else { "#6a8fc7" };
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="{fill}"><title>{}</title></rect>"#,
            x + step * 0.1,
            TOP + plot_h - h,
            step * 0.8,
            esc(&format!(
                "{}: {:.1} {}, load {:.0}",
                w.week,
                units.from_km(w.distance_km),
                units.name(),
                w.load
            ))
        );
        if let Some(p) = w.mean_back_pain {
            points.push((x + step / 2.0, TOP + plot_h - p / 10.0 * plot_h));
        }
    }
    if let (Some(first), Some(last)) = (weeks.first(), weeks.last()) {
        text(&mut out, LEFT, H - 8.0, "start", &first.week);
        text(&mut out, W - RIGHT, H - 8.0, "end", &last.week);
    }
    polyline(&mut out, &points, "#c0392b");
    for (x, y) in &points {
        let _ = write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="2.5" fill="#c0392b"/>"##
        );
    }
    out.push_str("</svg>");
    out
}

fn polyline(out: &mut String, points: &[(f64, f64)], colour: &str) {
    if points.len() < 2 {
        return;
    }
    let pts: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    let _ = write!(
        out,
        r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.8"/>"#,
        pts.join(" ")
    );
}

/// Fitness, fatigue and form over the last year, as lines.
pub fn fitness(days: &[DayView]) -> String {
    let days = &days[days.len().saturating_sub(365)..];
    let all = days.iter().flat_map(|d| [d.fitness, d.fatigue, d.form]);
    let lo = all.clone().fold(0.0, f64::min);
    let hi = all.fold(1.0, f64::max);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |k: usize| LEFT + k as f64 / days.len().saturating_sub(1).max(1) as f64 * plot_w;
    let y = |v: f64| TOP + (hi - v) / (hi - lo) * plot_h;
    let mut out = String::new();
    open(&mut out, "Fitness, fatigue and form");
    let _ = write!(
        out,
        r##"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#999" stroke-dasharray="3 3"/>"##,
        W - RIGHT,
        y(0.0),
        y(0.0)
    );
    text(&mut out, LEFT - 6.0, TOP + 4.0, "end", &format!("{hi:.0}"));
    text(
        &mut out,
        LEFT - 6.0,
        TOP + plot_h,
        "end",
        &format!("{lo:.0}"),
    );
    let series: [Line; 3] = [
        ("fitness", "#2c7a4b", |d| d.fitness),
        ("fatigue", "#c0392b", |d| d.fatigue),
        ("form", "#6a8fc7", |d| d.form),
    ];
    for (n, (name, colour, get)) in series.iter().enumerate() {
        let pts: Vec<(f64, f64)> = days
            .iter()
            .enumerate()
            .map(|(k, d)| (x(k), y(get(d))))
            .collect();
        polyline(&mut out, &pts, colour);
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{}" font-size="11" fill="{colour}">{name}</text>"#,
            LEFT + 8.0 + n as f64 * 70.0,
            H - 8.0
        );
    }
    out.push_str("</svg>");
    out
}

/// The routine calendar for the last 26 weeks: one column a week, one row a
/// weekday, coloured done / missed / extra / not planned.
pub fn calendar(days: &[DayView]) -> String {
    let days = &days[days.len().saturating_sub(26 * 7)..];
    let cell = 14.0;
    let Some(first) = days.first() else {
        return String::new();
    };
    let lead = first.date.weekday().num_days_from_monday() as usize;
    let cols = (lead + days.len()).div_ceil(7);
    let width = 40.0 + cols as f64 * cell + 200.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0} {}" width="100%" role="img" aria-label="Routine adherence calendar">"#,
        7.0 * cell + 20.0
    );
    for (r, name) in ["Mon", "Wed", "Fri", "Sun"].iter().enumerate() {
        text(&mut out, 30.0, 11.0 + (r * 2) as f64 * cell, "end", name);
    }
    for (k, d) in days.iter().enumerate() {
        let pos = lead + k;
        let colour = colour(&d.routine);
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}"><title>{}</title></rect>"#,
            40.0 + (pos / 7) as f64 * cell,
            (pos % 7) as f64 * cell,
            cell - 2.0,
            cell - 2.0,
            esc(&format!("{}: {}", d.date, d.routine))
        );
    }
    let legend_x = 50.0 + cols as f64 * cell;
    for (n, key) in ["done", "missed", "extra", "not-planned"]
        .iter()
        .enumerate()
    {
        let y = n as f64 * 18.0;
        let _ = write!(
            out,
            r#"<rect x="{legend_x:.1}" y="{y:.1}" width="12" height="12" fill="{}"/>"#,
            colour(key)
        );
        text(&mut out, legend_x + 18.0, y + 10.0, "start", key);
    }
    out.push_str("</svg>");
    out
}

fn colour(status: &str) -> &'static str {
    match status {
        "done" => "#2c7a4b",
        "missed" => "#c0392b",
        "extra" => "#8fc7a3",
        _ => "#e4e4e4",
    }
}

/// The line colour of a pain region in [`region_pain`].
fn region_colour(region: &str) -> &'static str {
    match region {
        "lower-back" => "#c0392b",
        "upper-back" => "#8e44ad",
        "neck" => "#16866f",
        _ => "#9a6700",
    }
}

/// Pain in each region over the weeks (weekly mean of the daily highest
/// score, 0-10, right axis) against the weekly load (grey bars, left
/// axis), for the last 52 weeks. `regions` holds one value per week of
/// `weeks` for each region.
pub fn region_pain(weeks: &[WeekView], regions: &[(&str, &[Option<f64>])], units: Units) -> String {
    let skip = weeks.len().saturating_sub(52);
    let weeks = &weeks[skip..];
    let use_load = weeks.iter().any(|w| w.load > 0.0);
    let value = |w: &WeekView| if use_load { w.load } else { w.distance_km };
    let max = weeks.iter().map(value).fold(0.0, f64::max).max(1.0);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let step = plot_w / weeks.len().max(1) as f64;
    let mut out = String::new();
    open(
        &mut out,
        "Pain in each region by week against the weekly load",
    );
    let unit = if use_load { "load" } else { "km" };
    text(&mut out, LEFT - 6.0, TOP + 4.0, "end", &format!("{max:.0}"));
    text(
        &mut out,
        LEFT - 6.0,
        TOP + plot_h,
        "end",
        &format!("0 {unit}"),
    );
    text(&mut out, W - RIGHT + 6.0, TOP + 4.0, "start", "10");
    text(&mut out, W - RIGHT + 6.0, TOP + plot_h, "start", "0 pain");
    for (k, w) in weeks.iter().enumerate() {
        let h = value(w) / max * plot_h;
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="#9aa4ae" fill-opacity="0.55"><title>{}</title></rect>"##,
            LEFT + k as f64 * step + step * 0.1,
            TOP + plot_h - h,
            step * 0.8,
            esc(&format!(
                "{}: {:.1} {}, load {:.0}",
                w.week,
                units.from_km(w.distance_km),
                units.name(),
                w.load
            ))
        );
    }
    for (n, (region, weekly)) in regions.iter().enumerate() {
        let colour = region_colour(region);
        let weekly = weekly.get(skip..).unwrap_or_default();
        let points: Vec<(f64, f64)> = weekly
            .iter()
            .enumerate()
            .filter_map(|(k, v)| {
                v.map(|p| {
                    (
                        LEFT + k as f64 * step + step / 2.0,
                        TOP + plot_h - p / 10.0 * plot_h,
                    )
                })
            })
            .collect();
        polyline(&mut out, &points, colour);
        for ((x, y), (k, v)) in points.iter().zip(
            weekly
                .iter()
                .enumerate()
                .filter_map(|(k, v)| v.map(|v| (k, v))),
        ) {
            let week = weeks.get(k).map_or("", |w| w.week.as_str());
            let _ = write!(
                out,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="2.5" fill="{colour}"><title>{}</title></circle>"#,
                esc(&format!("{week}: {} {v:.1}/10", region.replace('-', " ")))
            );
        }
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{}" font-size="11" fill="{colour}">{}</text>"#,
            LEFT + 8.0 + n as f64 * 90.0,
            H - 8.0,
            esc(&region.replace('-', " "))
        );
    }
    out.push_str("</svg>");
    out
}
