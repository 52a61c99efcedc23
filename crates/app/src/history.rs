//! `backstride history`: what is stored, as a table or JSON, or one activity
//! in detail. `--since` and `--until` are local calendar days, as in
//! `insights` and `log --at`. The reading is the use case
//! [`crate::usecase::history`]; this module renders.

use std::fmt::Write;

use anyhow::Result;
use backstride_core::local_day::offset_s_of;
use backstride_core::profile::Units;
use backstride_store::{History, PainEntry, PainWhen, StoredActivity};
use chrono::{DateTime, FixedOffset, Local, Utc};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use crate::cli::HistoryArgs;
use crate::commands::{Clock, Outcome, UserError};
use crate::datadir::DataDir;
use crate::days::Days;
use crate::usecase::history as usecase;
use crate::{output, storage};

/// An instant as the local time it is put on its day with: its own
/// recorded offset if it has one, else the zone's then.
fn local_time(at: DateTime<Utc>, recorded_offset_s: Option<i32>, zone: &Local) -> String {
    let offset = offset_s_of(at, recorded_offset_s, zone);
    FixedOffset::east_opt(offset)
        .map(|o| at.with_timezone(&o).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| at.format("%Y-%m-%d %H:%M UTC").to_string())
}

/// Metres in the runner's unit, two decimals.
fn dist(m: f64, units: Units) -> String {
    format!("{:.2}", units.from_km(m / 1000.0))
}

fn duration(s: f64) -> String {
    let s = s.max(0.0).round() as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

fn render(h: &History, zone: &Local, units: Units) -> String {
    let mut out = String::new();
    if h.is_empty() {
        return "Nothing stored in this period. Import activities with `backstride import PATH` and log with `backstride log`.\n".to_owned();
    }
    if !h.activities.is_empty() {
        let mut t = Table::new();
        t.load_style(UTF8_FULL_CONDENSED);
        t.set_header(vec![
            "id",
            "start (local)",
            "sport",
            units.name(),
            "time",
            "avg HR",
            "cadence",
        ]);
        for a in &h.activities {
            t.add_row(vec![
                a.id.to_string(),
                local_time(a.start, a.utc_offset_s, zone),
                a.sport.name().to_owned(),
                dist(a.distance_m, units),
                duration(a.elapsed_s),
                a.avg_heart_rate
                    .map(|v| format!("{v:.0}"))
                    .unwrap_or_default(),
                a.avg_cadence_spm
                    .map(|v| format!("{v:.0}"))
                    .unwrap_or_default(),
            ]);
        }
        let _ = writeln!(out, "Activities\n{t}");
    }
    let mut logs: Vec<(chrono::DateTime<Utc>, String)> = Vec::new();
    for p in &h.pain {
        logs.push((p.at, format!("{}  (pain {})", pain_line(p), p.id)));
    }
    for r in &h.routines {
        let items: Vec<String> = r
            .exercises
            .iter()
            .map(|e| format!("{} x{}", e.exercise_id, e.reps))
            .collect();
        logs.push((
            r.at,
            format!(
                "routine, {} round(s): {}  (routine {})",
                r.rounds,
                items.join(", "),
                r.id
            ),
        ));
    }
    for c in &h.cross_training {
        logs.push((
            c.at,
            format!("{} {} min  (cross-train {})", c.kind, c.minutes, c.id),
        ));
    }
    for b in &h.brace {
        logs.push((
            b.at,
            format!(
                "{}  (brace {})",
                if b.worn { "brace worn" } else { "no brace" },
                b.id
            ),
        ));
    }
    for r in &h.rpe {
        // An activity's RPE is the one logged last; earlier ones stay listed.
        let replaced = h
            .rpe
            .iter()
            .any(|later| later.activity_id == r.activity_id && later.id > r.id);
        logs.push((
            r.at,
            format!(
                "effort (RPE) {}/10 for activity {}{}  (rpe {})",
                r.rpe,
                r.activity_id,
                if replaced {
                    " (replaced by a later log)"
                } else {
                    ""
                },
                r.id
            ),
        ));
    }
    for f in &h.form {
        logs.push((
            f.at,
            format!(
                "form analysis of the run filmed {} ({}): {} finding(s){}",
                f.run_date,
                f.source,
                f.findings,
                if f.signals.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", f.signals.join(", "))
                }
            ),
        ));
    }
    logs.sort_by_key(|(at, _)| *at);
    if !logs.is_empty() {
        let _ = writeln!(
            out,
            "Log (the kind and id in brackets are what `edit` and `delete` take)"
        );
        for (at, text) in logs {
            let _ = writeln!(out, "  {}  {text}", local_time(at, None, zone));
        }
    }
    out
}

#[derive(Serialize)]
struct ActivityJson<'a> {
    summary: &'a backstride_store::ActivitySummary,
    samples: usize,
    laps: usize,
}

fn show(a: &StoredActivity, units: Units) -> String {
    let s = &a.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Activity {} ({}, as the file says: {})",
        s.id,
        s.sport.name(),
        s.sport_label
    );
    let _ = writeln!(
        out,
        "  start      {} UTC",
        s.start.format("%Y-%m-%d %H:%M:%S")
    );
    let _ = writeln!(
        out,
        "  distance   {} {}",
        dist(s.distance_m, units),
        units.name()
    );
    let _ = writeln!(
        out,
        "  elapsed    {}   moving {}",
        duration(s.elapsed_s),
        duration(s.moving_s)
    );
    if let Some(p) = a.activity.pace_s_per_km() {
        let p = units.pace_from_s_per_km(p);
        let _ = writeln!(
            out,
            "  pace       {}:{:02} /{}",
            (p / 60.0) as u64,
            (p % 60.0) as u64,
            units.name()
        );
    }
    if let Some(hr) = s.avg_heart_rate {
        let _ = writeln!(
            out,
            "  heart rate {hr:.0} avg, {} max",
            s.max_heart_rate.map(|m| m.to_string()).unwrap_or_default()
        );
    }
    if let Some(c) = s.avg_cadence_spm {
        let _ = writeln!(out, "  cadence    {c:.0} steps/min");
    }
    if let Some(up) = s.ascent_m {
        let _ = writeln!(out, "  ascent     {up:.0} m");
    }
    let _ = writeln!(
        out,
        "  samples    {}   laps {}",
        a.activity.samples.len(),
        a.activity.laps.len()
    );
    out
}

/// Runs `backstride history`.
pub fn command(args: &HistoryArgs, clock: &Clock) -> Result<Outcome> {
    let days = Days::new(args.since, args.until)?;
    let db = storage::open(&DataDir::locate()?)?;
    let units = crate::usecase::profile::units(&db)?;
    if let Some(activity) = args.activity {
        let id = crate::delete::resolve(&db, activity)?;
        let found =
            usecase::activity(&db, id)?.ok_or_else(|| UserError(format!("no activity {id}")))?;
        if args.json {
            let json = ActivityJson {
                summary: &found.summary,
                samples: found.activity.samples.len(),
                laps: found.activity.laps.len(),
            };
            output::plain(&(serde_json::to_string_pretty(&json)? + "\n"))?;
        } else {
            output::text(&show(&found, units))?;
        }
        return Ok(Outcome::Done);
    }
    let history = usecase::on_days(&db, days, &clock.zone)?;
    if args.json {
        output::plain(&(serde_json::to_string_pretty(&history)? + "\n"))?;
    } else {
        output::text(&render(&history, &clock.zone, units))?;
    }
    Ok(Outcome::Done)
}

/// A pain log in words: "pain 3/10, lower back, after run 16".
fn pain_line(p: &PainEntry) -> String {
    let region = backstride_store::region_name(p.region).replace('_', " ");
    let when = match (p.when, p.activity_id) {
        (PainWhen::During, Some(id)) => format!("during run {id}"),
        (PainWhen::After, Some(id)) => format!("after run {id}"),
        (PainWhen::NextMorning, Some(id)) => format!("the morning after run {id}"),
        (PainWhen::During, None) => "during a run".to_owned(),
        (PainWhen::After, None) => "after a run".to_owned(),
        (PainWhen::NextMorning, None) => "the morning after a run".to_owned(),
    };
    format!("pain {}/10, {region}, {when}", p.nrs)
}
