//! Use case "profile": the runner's settings that stick (maximum and
//! resting heart rate, easy pace, heart-rate zone boundaries, run days,
//! the long-run day, units, time zone), kept in the store and used by
//! every command that needs them: `insights` (and with it the clinician
//! report and the Insights page) anchors its zones on them, `plan` takes
//! the run days and the long-run day, and `main` puts the time zone in
//! force before the clock is read.
//!
//! [`show`] reads them with the zones they give; [`set`] changes some and
//! keeps the rest; [`unset`] forgets some. Every value is checked here,
//! with the flag it came from named in [`ProfileError`], so the CLI and
//! the web say the same. Nothing here prints or reads the clock.

use std::path::Path;

use anyhow::Result;
use backstride_core::profile::Units;
use backstride_store::{Profile, SavedProfile};
use chrono::Weekday;

use crate::commands::Clock;
use crate::storage::Opened;

/// Highest and lowest maximum heart rate accepted, bpm.
pub const MAX_HR_RANGE: std::ops::RangeInclusive<u16> = 100..=230;
/// Highest and lowest resting heart rate accepted, bpm.
pub const RESTING_HR_RANGE: std::ops::RangeInclusive<u16> = 25..=120;
/// Fastest and slowest easy pace accepted, seconds per km (2:30 to 20:00).
pub const EASY_PACE_RANGE: std::ops::RangeInclusive<f64> = 150.0..=1200.0;
/// The heart-rate reserve fractions where zones 2 to 5 start (Karvonen),
/// as core's load analysis uses them.
const RESERVE_BANDS: [f64; 4] = [0.6, 0.7, 0.8, 0.9];
/// The resting heart rate the analyses assume when none is set.
const ASSUMED_REST: f64 = 60.0;

/// One setting of the profile, by the flag that sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `--max-hr`.
    MaxHr,
    /// `--resting-hr`.
    RestingHr,
    /// `--easy-pace`.
    EasyPace,
    /// `--zones`.
    Zones,
    /// `--run-days`.
    RunDays,
    /// `--long-run-day`.
    LongRunDay,
    /// `--units`.
    Units,
    /// `--zone`.
    Zone,
}

impl Field {
    /// Every field, in the order shown.
    pub const ALL: [Field; 8] = [
        Field::MaxHr,
        Field::RestingHr,
        Field::EasyPace,
        Field::Zones,
        Field::RunDays,
        Field::LongRunDay,
        Field::Units,
        Field::Zone,
    ];

    /// The field's name, as `unset` takes it and the flag spells it.
    pub fn name(self) -> &'static str {
        match self {
            Field::MaxHr => "max-hr",
            Field::RestingHr => "resting-hr",
            Field::EasyPace => "easy-pace",
            Field::Zones => "zones",
            Field::RunDays => "run-days",
            Field::LongRunDay => "long-run-day",
            Field::Units => "units",
            Field::Zone => "zone",
        }
    }

    /// Reads a field's name.
    pub fn parse(s: &str) -> Option<Self> {
        Field::ALL.into_iter().find(|f| f.name() == s)
    }
}

/// A value refused, with the flag it came from.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("--{} {value}: {problem}", field.name())]
pub struct ProfileError {
    /// The setting.
    pub field: Field,
    /// The value as given.
    pub value: String,
    /// What is wrong with it, and what would do.
    pub problem: String,
}

fn refuse(field: Field, value: impl ToString, problem: impl Into<String>) -> ProfileError {
    ProfileError {
        field,
        value: value.to_string(),
        problem: problem.into(),
    }
}

/// What to change; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// Maximum heart rate, bpm.
    pub max_hr: Option<u16>,
    /// Resting heart rate, bpm.
    pub resting_hr: Option<u16>,
    /// Easy pace, seconds per unit (per km, or per mile with miles: the
    /// units after this change).
    pub easy_pace_s: Option<u32>,
    /// Heart-rate zone boundaries, bpm: where zones 2 to 5 start.
    pub zones: Option<Vec<u16>>,
    /// The days to run on.
    pub run_days: Option<Vec<Weekday>>,
    /// The long run's day.
    pub long_run_day: Option<Weekday>,
    /// Units shown.
    pub units: Option<Units>,
    /// An IANA time zone name (`Europe/Berlin`).
    pub zone: Option<String>,
}

/// Where the heart-rate zones come from.
#[derive(Debug, Clone, PartialEq)]
pub enum ZonesShown {
    /// Set in the profile: where zones 2 to 5 start, bpm.
    Set([u8; 4]),
    /// From the maximum and the resting heart rate (the resting one
    /// assumed when `rest_assumed`): where zones 2 to 5 start, bpm.
    Derived {
        /// The boundaries, bpm.
        bounds: [u16; 4],
        /// The resting heart rate was not set: 60 bpm assumed.
        rest_assumed: bool,
    },
    /// No maximum: the analyses estimate it from the recorded heart rate.
    Estimated,
}

/// The profile as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The saved settings (all `None` when never set).
    pub profile: Profile,
    /// When they were last changed.
    pub set_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The heart-rate zones they give.
    pub zones: ZonesShown,
}

/// Where zones 2 to 5 start on the heart-rate reserve, bpm.
pub fn derived_bounds(max_hr: u8, rest_hr: Option<u8>) -> [u16; 4] {
    let rest = rest_hr.map_or(ASSUMED_REST, f64::from);
    let max = f64::from(max_hr);
    // A heart rate is in a zone from the first whole bpm at its fraction.
    RESERVE_BANDS.map(|f| (rest + f * (max - rest)).ceil() as u16)
}

fn shown(saved: Option<SavedProfile>) -> Shown {
    let (profile, set_at) = match saved {
        Some(s) => (s.profile, Some(s.set_at)),
        None => (Profile::default(), None),
    };
    let zones = match (profile.zone_bounds, profile.max_hr) {
        (Some(b), _) => ZonesShown::Set(b),
        (None, Some(max)) => ZonesShown::Derived {
            bounds: derived_bounds(max, profile.resting_hr),
            rest_assumed: profile.resting_hr.is_none(),
        },
        (None, None) => ZonesShown::Estimated,
    };
    Shown {
        profile,
        set_at,
        zones,
    }
}

/// The saved profile and the zones it gives.
pub fn show(db: &Opened) -> Result<Shown> {
    Ok(shown(db.run(db.store.profile())?))
}

/// The saved profile, or an empty one.
pub fn current(db: &Opened) -> Result<Profile> {
    Ok(db
        .run(db.store.profile())?
        .map(|s| s.profile)
        .unwrap_or_default())
}

/// The runner's distance unit: the profile's, kilometres when unset.
pub fn units(db: &Opened) -> Result<backstride_core::profile::Units> {
    Ok(current(db)?.units.unwrap_or_default())
}

/// Whether `name` is a time zone of the system's database, which is what
/// the clock reads (`TZ`): a plain relative path of letters, digits, `_`,
/// `-`, `+` and `/` to a TZif file under one of `dirs`.
pub fn zone_exists(name: &str, dirs: &[&Path]) -> bool {
    let plain = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('/')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/'));
    plain
        && dirs.iter().any(|dir| {
            let mut head = [0u8; 4];
            std::fs::File::open(dir.join(name))
                .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
                .is_ok_and(|()| &head == b"TZif")
        })
}

/// Where the system keeps its time zones: the folders the clock (chrono's
/// `Local`, reading `TZ`) looks in, in its order.
pub const ZONE_DIRS: [&str; 4] = [
    "/usr/share/zoneinfo",
    "/share/zoneinfo",
    "/etc/zoneinfo",
    "/usr/share/lib/zoneinfo",
];

fn hr(field: Field, value: u16, range: std::ops::RangeInclusive<u16>) -> Result<u8, ProfileError> {
    if range.contains(&value) {
        u8::try_from(value).map_err(|_| refuse(field, value, "is not a heart rate"))
    } else {
        Err(refuse(
            field,
            value,
            format!("must be between {} and {} bpm", range.start(), range.end()),
        ))
    }
}

fn pace_words(s: f64) -> String {
    let s = s.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// `saved` with `changes` applied, every value checked, and the
/// settings checked against each other.
pub fn apply(
    saved: &Profile,
    changes: &Changes,
    zone_dirs: &[&Path],
) -> Result<Profile, ProfileError> {
    let mut p = saved.clone();
    if let Some(v) = changes.max_hr {
        p.max_hr = Some(hr(Field::MaxHr, v, MAX_HR_RANGE)?);
    }
    if let Some(v) = changes.resting_hr {
        p.resting_hr = Some(hr(Field::RestingHr, v, RESTING_HR_RANGE)?);
    }
    if let Some(u) = changes.units {
        p.units = Some(u);
    }
    let units = p.units.unwrap_or_default();
    if let Some(s) = changes.easy_pace_s {
        let per_km = units.pace_to_s_per_km(f64::from(s));
        if !EASY_PACE_RANGE.contains(&per_km) {
            return Err(refuse(
                Field::EasyPace,
                format!("{} /{}", pace_words(f64::from(s)), units.name()),
                format!(
                    "must be between {} and {} per km ({} and {} per mile)",
                    pace_words(*EASY_PACE_RANGE.start()),
                    pace_words(*EASY_PACE_RANGE.end()),
                    pace_words(Units::Mi.pace_from_s_per_km(*EASY_PACE_RANGE.start())),
                    pace_words(Units::Mi.pace_from_s_per_km(*EASY_PACE_RANGE.end())),
                ),
            ));
        }
        p.easy_pace_s_per_km = Some(per_km);
    }
    if let Some(z) = &changes.zones {
        let text = z.iter().map(u16::to_string).collect::<Vec<_>>().join(",");
        let bounds: [u16; 4] = z.as_slice().try_into().map_err(|_| {
            refuse(
                Field::Zones,
                &text,
                "give four heart rates, where zones 2, 3, 4 and 5 start (e.g. 130,145,160,172)",
            )
        })?;
        if bounds.windows(2).any(|w| w[0] >= w[1]) {
            return Err(refuse(
                Field::Zones,
                &text,
                "the four heart rates must rise",
            ));
        }
        if bounds[0] < 60 || bounds[3] > 230 {
            return Err(refuse(
                Field::Zones,
                &text,
                "must lie between 60 and 230 bpm",
            ));
        }
        p.zone_bounds = Some(bounds.map(|b| b as u8));
    }
    if let Some(days) = &changes.run_days {
        let mut days = days.clone();
        days.sort_by_key(|d| d.num_days_from_monday());
        days.dedup();
        if days.is_empty() {
            return Err(refuse(
                Field::RunDays,
                "",
                "name at least one day (mon,wed,fri)",
            ));
        }
        p.run_days = Some(days);
    }
    if let Some(d) = changes.long_run_day {
        p.long_run_day = Some(d);
    }
    if let Some(z) = &changes.zone {
        if !zone_exists(z, zone_dirs) {
            return Err(refuse(
                Field::Zone,
                z,
                "is not a time zone this system knows: give an IANA name such as Europe/Berlin or America/New_York",
            ));
        }
        p.time_zone = Some(z.clone());
    }
    // The settings against each other.
    if let (Some(max), Some(rest)) = (p.max_hr, p.resting_hr)
        && rest >= max
    {
        let (field, value) = if changes.resting_hr.is_some() {
            (Field::RestingHr, rest)
        } else {
            (Field::MaxHr, max)
        };
        return Err(refuse(
            field,
            value,
            format!("the resting heart rate ({rest}) must be below the maximum ({max})"),
        ));
    }
    if let (Some(b), Some(max)) = (p.zone_bounds, p.max_hr)
        && b[3] > max
    {
        let field = if changes.zones.is_some() {
            Field::Zones
        } else {
            Field::MaxHr
        };
        return Err(refuse(
            field,
            if field == Field::Zones {
                b.map(|v| v.to_string()).join(",")
            } else {
                max.to_string()
            },
            format!("zone 5 starts at {} bpm, above the maximum ({max})", b[3]),
        ));
    }
    if let (Some(long), Some(days)) = (p.long_run_day, &p.run_days)
        && !days.contains(&long)
    {
        let names: Vec<&str> = days
            .iter()
            .map(|d| backstride_store::weekday_name(*d))
            .collect();
        let field = if changes.long_run_day.is_some() {
            Field::LongRunDay
        } else {
            Field::RunDays
        };
        return Err(refuse(
            field,
            if field == Field::LongRunDay {
                backstride_store::weekday_name(long).to_owned()
            } else {
                names.join(",")
            },
            format!(
                "the long-run day ({}) must be one of the run days ({})",
                backstride_store::weekday_name(long),
                names.join(",")
            ),
        ));
    }
    Ok(p)
}

/// What `set` and `unset` did.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// The profile now saved, with its zones.
    pub shown: Shown,
}

/// Applies `changes` to the saved profile and saves it whole (one
/// transaction); a refused value saves nothing.
pub fn set(db: &Opened, changes: &Changes, clock: &Clock) -> Result<Saved> {
    let saved = current(db)?;
    let dirs: Vec<&Path> = ZONE_DIRS.iter().map(Path::new).collect();
    let next = apply(&saved, changes, &dirs)?;
    db.run(db.store.save_profile(&next, clock.now))?;
    Ok(Saved { shown: show(db)? })
}

/// Forgets `fields` (the analyses estimate or assume them again).
pub fn unset(db: &Opened, fields: &[Field], clock: &Clock) -> Result<Saved> {
    let mut p = current(db)?;
    for f in fields {
        match f {
            Field::MaxHr => p.max_hr = None,
            Field::RestingHr => p.resting_hr = None,
            Field::EasyPace => p.easy_pace_s_per_km = None,
            Field::Zones => p.zone_bounds = None,
            Field::RunDays => p.run_days = None,
            Field::LongRunDay => p.long_run_day = None,
            Field::Units => p.units = None,
            Field::Zone => p.time_zone = None,
        }
    }
    db.run(db.store.save_profile(&p, clock.now))?;
    Ok(Saved { shown: show(db)? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> Vec<&'static Path> {
        ZONE_DIRS.iter().map(Path::new).collect()
    }

    #[test]
    fn each_refusal_names_the_flag_and_the_range() {
        let none = Profile::default();
        let cases: [(Changes, &str); 6] = [
            (
                Changes {
                    max_hr: Some(250),
                    ..Changes::default()
                },
                "--max-hr 250: must be between 100 and 230 bpm",
            ),
            (
                Changes {
                    resting_hr: Some(10),
                    ..Changes::default()
                },
                "--resting-hr 10: must be between 25 and 120 bpm",
            ),
            (
                Changes {
                    max_hr: Some(150),
                    resting_hr: Some(110),
                    zones: Some(vec![120, 130, 140, 160]),
                    ..Changes::default()
                },
                "--zones 120,130,140,160: zone 5 starts at 160 bpm, above the maximum (150)",
            ),
            (
                Changes {
                    zones: Some(vec![120, 130]),
                    ..Changes::default()
                },
                "--zones 120,130: give four heart rates",
            ),
            (
                Changes {
                    run_days: Some(vec![Weekday::Mon, Weekday::Wed]),
                    long_run_day: Some(Weekday::Sun),
                    ..Changes::default()
                },
                "--long-run-day sun: the long-run day (sun) must be one of the run days (mon,wed)",
            ),
            (
                Changes {
                    easy_pace_s: Some(60),
                    ..Changes::default()
                },
                "--easy-pace 1:00 /km: must be between 2:30 and 20:00 per km",
            ),
        ];
        for (changes, said) in cases {
            let err = apply(&none, &changes, &dirs()).expect_err("refused");
            assert!(err.to_string().starts_with(said), "{err}");
        }
    }

    #[test]
    fn resting_at_or_above_the_maximum_is_refused_naming_the_flag_given() {
        let saved_max = Profile {
            max_hr: Some(110),
            ..Profile::default()
        };
        let err = apply(
            &saved_max,
            &Changes {
                resting_hr: Some(110),
                ..Changes::default()
            },
            &dirs(),
        )
        .expect_err("refused");
        assert_eq!(err.field, Field::RestingHr);
        assert!(
            err.problem.contains("must be below the maximum (110)"),
            "{err}"
        );
        let saved_rest = Profile {
            resting_hr: Some(105),
            ..Profile::default()
        };
        let err = apply(
            &saved_rest,
            &Changes {
                max_hr: Some(100),
                ..Changes::default()
            },
            &dirs(),
        )
        .expect_err("refused");
        assert_eq!(err.field, Field::MaxHr);
        assert_eq!(
            err.to_string(),
            "--max-hr 100: the resting heart rate (105) must be below the maximum (100)"
        );
    }

    #[test]
    fn set_keeps_what_it_does_not_change_and_paces_follow_the_units() {
        let saved = Profile {
            max_hr: Some(188),
            ..Profile::default()
        };
        let p = apply(
            &saved,
            &Changes {
                units: Some(Units::Mi),
                easy_pace_s: Some(600),
                run_days: Some(vec![Weekday::Sun, Weekday::Mon, Weekday::Sun]),
                ..Changes::default()
            },
            &dirs(),
        )
        .expect("fine");
        assert_eq!(p.max_hr, Some(188));
        // 10:00 a mile is 6:13 a km.
        let per_km = p.easy_pace_s_per_km.unwrap_or_default();
        assert!((per_km - 372.82).abs() < 0.01, "{per_km}");
        assert_eq!(p.run_days, Some(vec![Weekday::Mon, Weekday::Sun]));
    }

    #[test]
    fn zone_names_are_checked_against_the_zone_database() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("Europe")).expect("dir");
        std::fs::write(dir.path().join("Europe/Berlin"), b"TZif2...").expect("file");
        std::fs::write(dir.path().join("notes"), b"hello").expect("file");
        let dirs = [dir.path()];
        assert!(zone_exists("Europe/Berlin", &dirs));
        assert!(!zone_exists("Europe/Berlinn", &dirs));
        assert!(!zone_exists("notes", &dirs));
        assert!(!zone_exists("../etc/passwd", &dirs));
        assert!(!zone_exists("/etc/localtime", &dirs));
        assert!(!zone_exists("", &dirs));
    }

    #[test]
    fn derived_zones_start_at_the_reserve_fractions() {
        // 52 + 0.6 * 136 = 133.6 -> 134; 0.9 -> 174.4 -> 175.
        assert_eq!(derived_bounds(188, Some(52)), [134, 148, 161, 175]);
        assert_eq!(derived_bounds(180, None), [132, 144, 156, 168]);
    }
}
