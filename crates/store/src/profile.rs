//! The runner's settings (`backstride profile`): maximum and resting heart
//! rate, easy pace, heart-rate zone boundaries, run days, the long-run
//! day, units and time zone. One row, updated in place in one write
//! transaction (migration 0009); a field not set is `None`, and the
//! analyses then estimate or assume it. The app checks what the runner
//! types and says which flag is wrong; the checks here keep values that
//! would break a reader out of the database.

use backstride_core::profile::Units;
use chrono::{DateTime, Utc, Weekday};
use serde::Serialize;

use crate::error::StoreError;
use crate::open::Store;
use crate::time::{from_millis, to_millis};

/// The runner's settings; `None` is "not set".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    /// Maximum heart rate, bpm (100-230).
    pub max_hr: Option<u8>,
    /// Resting heart rate, bpm (25-120), below the maximum.
    pub resting_hr: Option<u8>,
    /// Easy running pace, seconds per km (150-1200).
    pub easy_pace_s_per_km: Option<f64>,
    /// The lowest heart rate of zones 2 to 5, bpm, rising.
    pub zone_bounds: Option<[u8; 4]>,
    /// The days the runner runs, Monday first, each once.
    pub run_days: Option<Vec<Weekday>>,
    /// The day of the long run.
    pub long_run_day: Option<Weekday>,
    /// Distance units shown.
    pub units: Option<Units>,
    /// An IANA time zone name (the app checks it exists).
    pub time_zone: Option<String>,
}

impl Profile {
    /// Nothing set.
    pub fn is_empty(&self) -> bool {
        *self == Profile::default()
    }
}

/// The saved profile with when it was last changed.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedProfile {
    /// The settings.
    pub profile: Profile,
    /// When they were last changed.
    pub set_at: DateTime<Utc>,
}

/// The profile as an export row (flat, for CSV and JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileRow {
    /// Maximum heart rate, bpm.
    pub max_hr: Option<u8>,
    /// Resting heart rate, bpm.
    pub resting_hr: Option<u8>,
    /// Easy pace, seconds per km.
    pub easy_pace_s_per_km: Option<f64>,
    /// Zone boundaries, `120,140,155,170`.
    pub zone_bounds: Option<String>,
    /// Run days, `mon,wed,fri`.
    pub run_days: Option<String>,
    /// Long-run day, `sun`.
    pub long_run_day: Option<String>,
    /// `km` or `mi`.
    pub units: Option<String>,
    /// IANA time zone name.
    pub time_zone: Option<String>,
    /// When last changed.
    pub set_at: DateTime<Utc>,
}

/// A weekday's stored name: `mon` to `sun`.
pub fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// Reads a stored weekday name (`mon` to `sun`).
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn days_text(days: &[Weekday]) -> String {
    days.iter()
        .map(|d| weekday_name(*d))
        .collect::<Vec<_>>()
        .join(",")
}

fn bounds_text(b: &[u8; 4]) -> String {
    b.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
}

/// Keeps out what the schema cannot: an order, a relation, a set.
fn check(p: &Profile) -> Result<(), StoreError> {
    if let (Some(max), Some(rest)) = (p.max_hr, p.resting_hr)
        && rest >= max
    {
        return Err(StoreError::invalid(
            "resting_hr",
            format!("{rest} must be below the maximum {max}"),
        ));
    }
    if let Some(b) = &p.zone_bounds
        && b.windows(2).any(|w| w[0] >= w[1])
    {
        return Err(StoreError::invalid("zone_bounds", "must rise"));
    }
    if let Some(days) = &p.run_days
        && (days.is_empty()
            || days
                .windows(2)
                .any(|w| w[0].num_days_from_monday() >= w[1].num_days_from_monday()))
    {
        return Err(StoreError::invalid(
            "run_days",
            "must be at least one day, Monday first, each once",
        ));
    }
    if let Some(p) = p.easy_pace_s_per_km
        && !(150.0..=1200.0).contains(&p)
    {
        return Err(StoreError::invalid(
            "easy_pace_s_per_km",
            format!("{p} is not between 150 and 1200"),
        ));
    }
    Ok(())
}

/// A profile row as read.
type ProfileTuple = (
    i64,
    Option<i64>,
    Option<i64>,
    Option<f64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

fn decode(row: ProfileTuple) -> Result<SavedProfile, StoreError> {
    let (id, max, rest, pace, bounds, days, long, units, zone, set_ms) = row;
    let bad = |reason: String| StoreError::corrupt("profile", id, reason);
    let hr = |v: i64| u8::try_from(v).map_err(|_| bad(format!("heart rate {v}")));
    let bounds = match bounds {
        None => None,
        Some(text) => {
            let parts: Vec<u8> = text
                .split(',')
                .map(|p| p.parse::<u8>())
                .collect::<Result<_, _>>()
                .map_err(|_| bad(format!("zone boundaries {text:?}")))?;
            Some(<[u8; 4]>::try_from(parts).map_err(|_| bad(format!("zone boundaries {text:?}")))?)
        }
    };
    let days = days
        .map(|text| {
            text.split(',')
                .map(|d| parse_weekday(d).ok_or_else(|| bad(format!("run days {text:?}"))))
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    Ok(SavedProfile {
        profile: Profile {
            max_hr: max.map(hr).transpose()?,
            resting_hr: rest.map(hr).transpose()?,
            easy_pace_s_per_km: pace,
            zone_bounds: bounds,
            run_days: days,
            long_run_day: long
                .map(|d| parse_weekday(&d).ok_or_else(|| bad(format!("long-run day {d:?}"))))
                .transpose()?,
            units: units
                .map(|u| Units::parse(&u).ok_or_else(|| bad(format!("units {u:?}"))))
                .transpose()?,
            time_zone: zone,
        },
        set_at: from_millis(set_ms, "profile", id)?,
    })
}

impl Store {
    /// The saved profile; `None` when it was never set.
    pub async fn profile(&self) -> Result<Option<SavedProfile>, StoreError> {
        let row: Option<ProfileTuple> = sqlx::query_as(
            "SELECT id, max_hr, resting_hr, easy_pace_s_per_km, zone_bounds, run_days, \
             long_run_day, units, time_zone, set_ms FROM profile WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(decode).transpose()
    }

    /// Saves `profile` as the runner's settings, replacing the earlier
    /// ones whole (a `None` field is stored as not set).
    pub async fn save_profile(
        &self,
        profile: &Profile,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        check(profile)?;
        let p = profile.clone();
        self.write(async |tx| {
            sqlx::query(
                "INSERT INTO profile (id, max_hr, resting_hr, easy_pace_s_per_km, zone_bounds, \
                 run_days, long_run_day, units, time_zone, set_ms) \
                 VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (id) DO UPDATE SET max_hr = excluded.max_hr, \
                 resting_hr = excluded.resting_hr, \
                 easy_pace_s_per_km = excluded.easy_pace_s_per_km, \
                 zone_bounds = excluded.zone_bounds, run_days = excluded.run_days, \
                 long_run_day = excluded.long_run_day, units = excluded.units, \
                 time_zone = excluded.time_zone, set_ms = excluded.set_ms",
            )
            .bind(p.max_hr.map(i64::from))
            .bind(p.resting_hr.map(i64::from))
            .bind(p.easy_pace_s_per_km)
            .bind(p.zone_bounds.as_ref().map(bounds_text))
            .bind(p.run_days.as_deref().map(days_text))
            .bind(p.long_run_day.map(weekday_name))
            .bind(p.units.map(Units::name))
            .bind(p.time_zone.as_deref())
            .bind(to_millis(at))
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
        .await
    }

    /// The saved profile as an export row; `None` when never set.
    pub async fn profile_row(&self) -> Result<Option<ProfileRow>, StoreError> {
        Ok(self.profile().await?.map(|s| ProfileRow {
            max_hr: s.profile.max_hr,
            resting_hr: s.profile.resting_hr,
            easy_pace_s_per_km: s.profile.easy_pace_s_per_km,
            zone_bounds: s.profile.zone_bounds.as_ref().map(bounds_text),
            run_days: s.profile.run_days.as_deref().map(days_text),
            long_run_day: s.profile.long_run_day.map(|d| weekday_name(d).to_owned()),
            units: s.profile.units.map(|u| u.name().to_owned()),
            time_zone: s.profile.time_zone,
            set_at: s.set_at,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 2, h, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn a_profile_is_saved_whole_and_read_back_and_updated_in_place() {
        let store = Store::open_in_memory().await.expect("store");
        assert_eq!(store.profile().await.expect("read"), None);
        let p = Profile {
            max_hr: Some(188),
            resting_hr: Some(52),
            easy_pace_s_per_km: Some(370.0),
            zone_bounds: Some([120, 140, 155, 170]),
            run_days: Some(vec![Weekday::Mon, Weekday::Wed, Weekday::Fri, Weekday::Sun]),
            long_run_day: Some(Weekday::Sun),
            units: Some(Units::Mi),
            time_zone: Some("Europe/Berlin".into()),
        };
        store.save_profile(&p, at(7)).await.expect("saved");
        let saved = store.profile().await.expect("read").expect("some");
        assert_eq!(saved.profile, p);
        assert_eq!(saved.set_at, at(7));
        let fewer = Profile {
            units: None,
            max_hr: Some(190),
            ..p
        };
        store.save_profile(&fewer, at(8)).await.expect("saved");
        let saved = store.profile().await.expect("read").expect("some");
        assert_eq!(saved.profile, fewer);
        assert_eq!(saved.set_at, at(8));
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM profile")
            .fetch_one(&store.pool)
            .await
            .expect("count");
        assert_eq!(rows, 1);
    }

    #[tokio::test]
    async fn values_that_would_break_a_reader_are_refused_and_nothing_is_stored() {
        let store = Store::open_in_memory().await.expect("store");
        let cases = [
            Profile {
                max_hr: Some(150),
                resting_hr: Some(150),
                ..Profile::default()
            },
            Profile {
                zone_bounds: Some([120, 140, 140, 170]),
                ..Profile::default()
            },
            Profile {
                run_days: Some(vec![Weekday::Wed, Weekday::Mon]),
                ..Profile::default()
            },
            Profile {
                run_days: Some(Vec::new()),
                ..Profile::default()
            },
            Profile {
                easy_pace_s_per_km: Some(f64::NAN),
                ..Profile::default()
            },
        ];
        for p in cases {
            let err = store.save_profile(&p, at(7)).await.expect_err("refused");
            assert!(err.is_bad_request(), "{p:?}: {err}");
        }
        // The schema refuses what the type allows but the range does not.
        let too_high = Profile {
            max_hr: Some(250),
            ..Profile::default()
        };
        assert!(store.save_profile(&too_high, at(7)).await.is_err());
        assert_eq!(store.profile().await.expect("read"), None);
    }
}
