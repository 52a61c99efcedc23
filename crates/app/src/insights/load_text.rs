//! The load sections of the terminal report: the weekly load table with
//! Unicode bars, sparklines of distance and load, where session load came
//! from, and fitness / fatigue / form. The acute:chronic ratio is shown as a
//! spike indicator, never as an injury probability.

use std::fmt::Write;

use super::dto::{InsightsReport, WeekView};
use super::text::{CAVEAT, DIM, opt, section, styled};

/// Weeks shown in the load table.
const TABLE_WEEKS: usize = 12;
/// Days in the fitness sparklines.
const SPARK_DAYS: usize = 84;

/// A sparkline over `values` scaled from 0 (or the minimum, if negative) to
/// the maximum; `None` is a dot.
pub fn sparkline(values: &[Option<f64>]) -> String {
    let present = values.iter().flatten().copied();
    let lo = present.clone().fold(0.0_f64, f64::min);
    let hi = present.fold(0.0_f64, f64::max);
    spark(values, lo, hi)
}

/// A sparkline over `values` scaled from `lo` to `hi`; `None` is a dot.
pub fn spark(values: &[Option<f64>], lo: f64, hi: f64) -> String {
    const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let span = hi - lo;
    values
        .iter()
        .map(|v| match v {
            None => '·',
            Some(_) if span <= 0.0 => TICKS[0],
            Some(v) => TICKS[(((v - lo) / span) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

/// A horizontal bar `width` cells long at full scale, in eighths.
pub fn bar(value: f64, max: f64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max).min(1.0) * (width * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(PARTS[eighths % 8]);
    }
    s
}

fn week_row(r: &InsightsReport, w: &WeekView, max_km: f64) -> String {
    let spike = if w.spike {
        styled(CAVEAT, " ▲ spike")
    } else {
        String::new()
    };
    format!(
        "  {}  {:>6.1} {:<12} {:>4} {:>6.0} {:>6} {:>5}{spike}  {:>4}",
        w.week,
        r.in_units(w.distance_km),
        bar(w.distance_km, max_km, 12),
        w.runs,
        w.load,
        w.trend_change_pct
            .map_or_else(|| "-".to_owned(), |p| format!("{p:+.0}%")),
        opt(w.peak_acwr, 2),
        opt(w.mean_back_pain, 1),
    )
}

/// A week with nothing in it: no distance, load, runs or pain score.
pub(super) fn empty(w: &WeekView) -> bool {
    w.distance_km == 0.0 && w.load == 0.0 && w.runs == 0 && w.mean_back_pain.is_none()
}

/// A row of the load table: a week, or a stretch of empty weeks folded
/// into one line.
pub(super) enum Row<'a> {
    Week(&'a WeekView),
    Empty(&'a WeekView, &'a WeekView, usize),
}

/// The weeks with every run of two or more empty weeks folded.
pub(super) fn rows(weeks: &[WeekView]) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < weeks.len() {
        let run = weeks[i..].iter().take_while(|w| empty(w)).count();
        if run >= 2 {
            out.push(Row::Empty(&weeks[i], &weeks[i + run - 1], run));
            i += run;
        } else {
            out.push(Row::Week(&weeks[i]));
            i += 1;
        }
    }
    out
}

pub fn load(out: &mut String, r: &InsightsReport) {
    section(out, "WEEKLY LOAD");
    if r.weeks
        .iter()
        .all(|w| w.distance_km == 0.0 && w.load == 0.0)
    {
        let _ = writeln!(out, "  No training recorded in this period.");
        return;
    }
    let rows = rows(&r.weeks);
    let shown = &rows[rows.len().saturating_sub(TABLE_WEEKS)..];
    let max_km = shown
        .iter()
        .filter_map(|row| match row {
            Row::Week(w) => Some(w.distance_km),
            Row::Empty(..) => None,
        })
        .fold(0.0, f64::max);
    let _ = writeln!(
        out,
        "{}",
        styled(
            DIM,
            &format!(
                "  week          {}              runs   load  2-wk Δ  A:C   pain",
                r.units
            )
        )
    );
    for row in shown {
        match row {
            Row::Week(w) => {
                let _ = writeln!(out, "{}", week_row(r, w, max_km));
            }
            Row::Empty(first, last, n) => {
                let _ = writeln!(
                    out,
                    "  {}",
                    styled(
                        DIM,
                        &format!(
                            "{} to {}: nothing recorded ({n} weeks)",
                            first.week, last.week
                        )
                    )
                );
            }
        }
    }
    // The sparklines end at the last week with anything in it: a long
    // quiet stretch since then is said in words, not drawn flat.
    let last = r.weeks.iter().rposition(|w| !empty(w)).unwrap_or(0);
    let active = &r.weeks[..=last.min(r.weeks.len().saturating_sub(1))];
    let all: Vec<&WeekView> = active.iter().rev().take(52).rev().collect();
    let km: Vec<Option<f64>> = all.iter().map(|w| Some(w.distance_km)).collect();
    let ld: Vec<Option<f64>> = all.iter().map(|w| Some(w.load)).collect();
    let span = match (all.first(), all.last()) {
        (Some(a), Some(b)) if last + 1 < r.weeks.len() => styled(
            DIM,
            &format!(
                "  {} to {}; nothing recorded in the {} week(s) since",
                a.week,
                b.week,
                r.weeks.len() - last - 1
            ),
        ),
        _ => String::new(),
    };
    let _ = writeln!(out, "  distance by week {}{span}", sparkline(&km));
    let _ = writeln!(out, "  load by week     {}", sparkline(&ld));
    let _ = writeln!(
        out,
        "  {}",
        styled(
            DIM,
            "A:C is the acute:chronic load ratio, a spike indicator only: it is not an injury probability."
        )
    );
    let s = &r.load_sources;
    let _ = writeln!(
        out,
        "  Session load: {} from heart-rate samples, {} from average heart rate, {} from RPE, {} without. Zones: {}.",
        s.trimp_samples, s.trimp_average, s.session_rpe, s.unavailable, s.zones
    );
    if s.trimp_samples + s.trimp_average > 0 {
        let z = &s.zone_anchors;
        let _ = writeln!(
            out,
            "  TRIMP uses Banister's weighting for {} ({}).",
            if z.trimp_sex == "female" {
                "women"
            } else {
                "men"
            },
            if z.trimp_sex_from == "answers" {
                "from your saved answers"
            } else {
                "the default: your saved answers do not say female or male"
            }
        );
    }
    if let Some(f) = &r.fitness {
        section(out, "FITNESS, FATIGUE, FORM");
        let tail = &r.days[r.days.len().saturating_sub(SPARK_DAYS)..];
        if tail.iter().all(|d| d.load == 0.0 && d.distance_km == 0.0) {
            // A quiet stretch: three flat lines would say nothing more.
            let _ = writeln!(
                out,
                "  fitness {:.1}, fatigue {:.1}, form {:+.1}: no training in the last {} days shown.",
                f.fitness,
                f.fatigue,
                f.form,
                tail.len()
            );
            return;
        }
        let line = |get: fn(&super::dto::DayView) -> f64| {
            let vals: Vec<Option<f64>> = tail.iter().map(|d| Some(get(d))).collect();
            let lo = vals.iter().flatten().copied().fold(f64::INFINITY, f64::min);
            let hi = vals
                .iter()
                .flatten()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max);
            spark(&vals, lo, hi)
        };
        let _ = writeln!(out, "  fitness {:>6.1}  {}", f.fitness, line(|d| d.fitness));
        let _ = writeln!(out, "  fatigue {:>6.1}  {}", f.fatigue, line(|d| d.fatigue));
        let _ = writeln!(out, "  form    {:>+6.1}  {}", f.form, line(|d| d.form));
        let _ = writeln!(
            out,
            "  {}",
            styled(
                DIM,
                &format!(
                    "42- and 7-day load averages, last {} days; seeded from a baseline of {:.1}.",
                    tail.len(),
                    f.baseline
                )
            )
        );
    }
}
