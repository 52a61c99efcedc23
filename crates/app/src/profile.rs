//! `backstride profile`: shows the runner's settings, `profile set`
//! changes some, `profile unset` forgets some (the use case is
//! [`crate::usecase::profile`]). Also [`put_zone_in_force`], which `main`
//! calls before the clock is read, so the profile's time zone wins over
//! the machine's everywhere a local day is decided.

use std::path::Path;

use anyhow::Result;
use backstride_core::profile::Units;
use backstride_store::{Store, weekday_name};
use serde::Serialize;

use crate::cli::{ProfileAction, ProfileArgs};
use crate::commands::{Clock, Outcome, UserError};
use crate::datadir::DataDir;
use crate::storage;
use crate::usecase::profile::{self, Changes, Field, Shown, ZONE_DIRS, ZonesShown};

/// Runs `backstride profile`.
pub fn command(args: &ProfileArgs, clock: &Clock) -> Result<Outcome> {
    let db = storage::open(&DataDir::locate()?)?;
    let shown = match &args.action {
        None => profile::show(&db)?,
        Some(ProfileAction::Set(set)) => {
            let changes = Changes {
                max_hr: set.max_hr,
                resting_hr: set.resting_hr,
                easy_pace_s: set.easy_pace,
                zones: set.zones.clone(),
                run_days: set.run_days.clone(),
                long_run_day: set.long_run_day,
                units: set.units.as_deref().and_then(Units::parse),
                zone: set.zone.clone(),
            };
            let saved = profile::set(&db, &changes, clock).map_err(as_user_error)?;
            eprintln!("Profile saved.");
            saved.shown
        }
        Some(ProfileAction::Unset(unset)) => {
            let fields: Vec<Field> = unset
                .fields
                .iter()
                .filter_map(|f| Field::parse(f))
                .collect();
            let saved = profile::unset(&db, &fields, clock)?;
            eprintln!("Profile saved.");
            saved.shown
        }
    };
    if args.json {
        crate::output::plain(&(serde_json::to_string_pretty(&view(&shown))? + "\n"))?;
    } else {
        crate::output::text(&render(&shown))?;
    }
    Ok(Outcome::Done)
}

/// A refused value is the runner's to fix (exit 2), in the use case's
/// words, which name the flag.
fn as_user_error(e: anyhow::Error) -> anyhow::Error {
    match e.downcast::<profile::ProfileError>() {
        Ok(refused) => UserError(refused.to_string()).into(),
        Err(other) => other,
    }
}

fn pace(s: f64) -> String {
    let s = s.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

fn days(d: &[chrono::Weekday]) -> String {
    d.iter()
        .map(|d| weekday_name(*d))
        .collect::<Vec<_>>()
        .join(",")
}

fn zones_words(z: &ZonesShown) -> String {
    match z {
        ZonesShown::Set(b) => format!(
            "your own: zone 2 from {}, 3 from {}, 4 from {}, 5 from {} bpm",
            b[0], b[1], b[2], b[3]
        ),
        ZonesShown::Derived {
            bounds: b,
            rest_assumed,
        } => format!(
            "from the maximum and {} resting heart rate: zone 2 from {}, 3 from {}, 4 from {}, 5 from {} bpm",
            if *rest_assumed { "an assumed 60 bpm" } else { "your" },
            b[0],
            b[1],
            b[2],
            b[3]
        ),
        ZonesShown::Estimated => {
            "estimated with the maximum from your recorded heart rate (never so low that every run reads as hard)".to_owned()
        }
    }
}

/// The profile in words, one setting a line, with what an unset one means.
pub fn render(s: &Shown) -> String {
    let p = &s.profile;
    let units = p.units.unwrap_or_default();
    let not_set = |what: &str| format!("not set ({what})");
    let rows: [(&str, String); 8] = [
        (
            "Max heart rate",
            p.max_hr.map_or_else(
                || not_set("estimated from your recorded heart rate"),
                |v| format!("{v} bpm"),
            ),
        ),
        (
            "Resting heart rate",
            p.resting_hr
                .map_or_else(|| not_set("60 bpm assumed"), |v| format!("{v} bpm")),
        ),
        (
            "Easy pace",
            p.easy_pace_s_per_km.map_or_else(
                || not_set("your median run pace"),
                |v| format!("{} /{}", pace(units.pace_from_s_per_km(v)), units.name()),
            ),
        ),
        ("Heart-rate zones", zones_words(&s.zones)),
        (
            "Run days",
            p.run_days
                .as_deref()
                .map_or_else(|| not_set("the plan chooses"), days),
        ),
        (
            "Long-run day",
            p.long_run_day.map_or_else(
                || not_set("the plan chooses"),
                |d| weekday_name(d).to_owned(),
            ),
        ),
        (
            "Units",
            p.units
                .map_or_else(|| not_set("km"), |u| u.name().to_owned()),
        ),
        (
            "Time zone",
            p.time_zone
                .clone()
                .unwrap_or_else(|| not_set("this machine's")),
        ),
    ];
    let mut out = String::from("Your profile");
    if let Some(at) = s.set_at {
        out.push_str(&format!(" (changed {})", at.format("%Y-%m-%d %H:%M UTC")));
    }
    out.push('\n');
    for (label, value) in rows {
        out.push_str(&format!("  {label:<19} {value}\n"));
    }
    out.push_str(
        "Change it with `backstride profile set --max-hr 188 --run-days mon,wed,fri,sun ...`, forget a setting with `backstride profile unset FIELD`.\n",
    );
    out
}

/// The profile for machines (`--json`).
#[derive(Debug, Serialize)]
struct ProfileView {
    max_hr: Option<u8>,
    resting_hr: Option<u8>,
    easy_pace_s_per_km: Option<f64>,
    /// Where zones 2 to 5 start, bpm, and where that came from.
    zones: Option<[u16; 4]>,
    /// `profile`, `derived` (from max and rest) or `estimated` (by the
    /// analysis, from the recorded heart rate).
    zones_from: &'static str,
    run_days: Option<Vec<&'static str>>,
    long_run_day: Option<&'static str>,
    units: Option<&'static str>,
    time_zone: Option<String>,
    changed: Option<chrono::DateTime<chrono::Utc>>,
}

fn view(s: &Shown) -> ProfileView {
    let p = &s.profile;
    let (zones, zones_from) = match &s.zones {
        ZonesShown::Set(b) => (Some(b.map(u16::from)), "profile"),
        ZonesShown::Derived { bounds, .. } => (Some(*bounds), "derived"),
        ZonesShown::Estimated => (None, "estimated"),
    };
    ProfileView {
        max_hr: p.max_hr,
        resting_hr: p.resting_hr,
        easy_pace_s_per_km: p.easy_pace_s_per_km,
        zones,
        zones_from,
        run_days: p
            .run_days
            .as_ref()
            .map(|d| d.iter().map(|d| weekday_name(*d)).collect()),
        long_run_day: p.long_run_day.map(weekday_name),
        units: p.units.map(Units::name),
        time_zone: p.time_zone.clone(),
        changed: s.set_at,
    }
}

/// Puts the profile's time zone in force when one is saved and the
/// system knows it, so every local day (the clock's today, history,
/// insights, logs, the web app) is the runner's. `main` calls it first,
/// before anything reads the clock. The clock's zone is the process's
/// `TZ`, which safe code cannot change in a running process, so when `TZ`
/// is not already the profile's zone the program starts itself again in
/// place (`exec`: same process, same arguments, same terminal) with `TZ`
/// set; the second start finds `TZ` right and goes on. A database that is
/// missing, older or unreadable changes nothing here: the command itself
/// says what is wrong with it.
pub fn put_zone_in_force() {
    let Some(zone) = saved_zone() else {
        return;
    };
    if std::env::var_os("TZ").is_some_and(|tz| tz == zone.as_str()) {
        return;
    }
    let dirs: Vec<&Path> = ZONE_DIRS.iter().map(Path::new).collect();
    if !profile::zone_exists(&zone, &dirs) {
        eprintln!(
            "backstride: your profile's time zone {zone} is not known to this system; this machine's zone is used (change it with `backstride profile set --zone NAME`)"
        );
        return;
    }
    restart_in(&zone);
}

#[cfg(unix)]
fn restart_in(zone: &str) {
    use std::os::unix::process::CommandExt;
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let program = args.next().unwrap_or_else(|| exe.clone().into_os_string());
    // `exec` returns only when it failed; then this process goes on in the
    // machine's zone, and says so.
    let err = std::process::Command::new(exe)
        .arg0(program)
        .args(args)
        .env("TZ", zone)
        .exec();
    eprintln!(
        "backstride: cannot put your profile's time zone {zone} in force ({err}); this machine's zone is used"
    );
}

#[cfg(not(unix))]
fn restart_in(zone: &str) {
    eprintln!(
        "backstride: your profile's time zone {zone} is used only on Linux and macOS; this machine's zone is used"
    );
}

/// The saved profile's time zone, read without creating or migrating the
/// database.
fn saved_zone() -> Option<String> {
    let path = DataDir::locate().ok()?.database();
    if !path.is_file() {
        return None;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    let zone = rt.block_on(async {
        let store = Store::open_read_only(&path).await.ok()?;
        let saved = store.profile().await.ok().flatten();
        store.close().await;
        saved.and_then(|s| s.profile.time_zone)
    });
    rt.shutdown_background();
    zone
}
