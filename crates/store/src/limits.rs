//! The limits a doctor set (weekly distance, hardest intensity, runs a
//! week, brace, follow-up date), typed, each entry kept with the time it
//! was set. The latest entry is in force; an entry with no limit at all
//! clears them. The app decides how they combine with the answers file.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::error::StoreError;
use crate::open::Store;
use crate::time::{from_millis, to_millis};
use crate::validate;

/// The hardest running a doctor allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntensityLimit {
    /// Easy, conversational runs only.
    Easy,
    /// Up to comfortably hard, controlled running (the planner's "steady").
    Moderate,
    /// No intensity limit from the doctor.
    Hard,
}

impl IntensityLimit {
    /// The stored and printed name.
    pub fn name(self) -> &'static str {
        match self {
            IntensityLimit::Easy => "easy",
            IntensityLimit::Moderate => "moderate",
            IntensityLimit::Hard => "hard",
        }
    }

    /// Reads a stored or typed name (`steady` is taken as `moderate`, the
    /// answers file's word for it).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "easy" => IntensityLimit::Easy,
            "moderate" | "steady" => IntensityLimit::Moderate,
            "hard" => IntensityLimit::Hard,
            _ => return None,
        })
    }
}

/// What the doctor set; `None` is "no limit given".
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct DoctorLimits {
    /// Most kilometres in any week (0-300).
    pub weekly_km: Option<f64>,
    /// Hardest intensity.
    pub max_intensity: Option<IntensityLimit>,
    /// Most runs in any week (0-7).
    pub runs_per_week: Option<u8>,
    /// Whether to run with a brace.
    pub brace: Option<bool>,
    /// When to come back.
    pub follow_up: Option<NaiveDate>,
}

impl DoctorLimits {
    /// No limit at all.
    pub fn is_empty(&self) -> bool {
        *self == DoctorLimits::default()
    }
}

/// The limits in force, with when they were set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedLimits {
    /// Row id.
    pub id: i64,
    /// The limits.
    pub limits: DoctorLimits,
    /// When they were entered.
    pub set_at: DateTime<Utc>,
}

/// A limits row as read: id, km, intensity, runs, brace, follow-up, set.
type LimitsTuple = (
    i64,
    Option<f64>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    i64,
);

/// A limits entry as an export row (flat, for CSV).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LimitsRow {
    /// Row id.
    pub id: i64,
    /// Most kilometres in any week.
    pub weekly_km: Option<f64>,
    /// Hardest intensity.
    pub max_intensity: Option<IntensityLimit>,
    /// Most runs in any week.
    pub runs_per_week: Option<u8>,
    /// Whether to run with a brace.
    pub brace: Option<bool>,
    /// When to come back.
    pub follow_up: Option<NaiveDate>,
    /// When the entry was made.
    pub set_at: DateTime<Utc>,
}

/// Reads one stored row, refusing values the schema should have kept out.
fn decode(row: LimitsTuple) -> Result<LimitsRow, StoreError> {
    let (id, km, intensity, runs, brace, follow_up, set_ms) = row;
    let bad = |reason: String| StoreError::corrupt("doctor_limits", id, reason);
    Ok(LimitsRow {
        id,
        weekly_km: km,
        max_intensity: intensity
            .map(|s| IntensityLimit::parse(&s).ok_or_else(|| bad(format!("intensity {s:?}"))))
            .transpose()?,
        runs_per_week: runs
            .map(|r| u8::try_from(r).map_err(|_| bad(format!("runs per week {r}"))))
            .transpose()?,
        brace: brace.map(|b| b != 0),
        follow_up: follow_up
            .map(|s| {
                NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                    .map_err(|_| bad(format!("follow-up date {s:?}")))
            })
            .transpose()?,
        set_at: from_millis(set_ms, "doctor_limits", id)?,
    })
}

impl Store {
    /// Every limits entry ever made (clearing ones included), oldest first.
    pub async fn list_limits(&self) -> Result<Vec<LimitsRow>, StoreError> {
        let rows: Vec<LimitsTuple> = sqlx::query_as(
            "SELECT id, weekly_km, max_intensity, runs_per_week, brace, follow_up, set_ms \
             FROM doctor_limits ORDER BY set_ms, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(decode).collect()
    }

    /// Saves the doctor's limits as the ones in force; returns the row id.
    /// All `None` clears them.
    pub async fn save_limits(
        &self,
        limits: &DoctorLimits,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        if let Some(km) = limits.weekly_km {
            validate::non_negative("weekly_km", km)?;
            if km > 300.0 {
                return Err(StoreError::invalid(
                    "weekly_km",
                    format!("must be at most 300, got {km}"),
                ));
            }
        }
        if let Some(runs) = limits.runs_per_week {
            validate::whole("runs_per_week", i64::from(runs), 0, 7)?;
        }
        let id = sqlx::query_scalar(
            "INSERT INTO doctor_limits \
             (weekly_km, max_intensity, runs_per_week, brace, follow_up, set_ms) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(limits.weekly_km)
        .bind(limits.max_intensity.map(IntensityLimit::name))
        .bind(limits.runs_per_week.map(i64::from))
        .bind(limits.brace.map(i64::from))
        .bind(limits.follow_up.map(|d| d.format("%Y-%m-%d").to_string()))
        .bind(to_millis(at))
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// The limits in force: the latest entry, `None` when none was ever
    /// entered or the latest one cleared them.
    pub async fn latest_limits(&self) -> Result<Option<SavedLimits>, StoreError> {
        let row: Option<LimitsTuple> = sqlx::query_as(
            "SELECT id, weekly_km, max_intensity, runs_per_week, brace, follow_up, set_ms \
             FROM doctor_limits ORDER BY set_ms DESC, id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row.map(decode).transpose()? else {
            return Ok(None);
        };
        let limits = DoctorLimits {
            weekly_km: row.weekly_km,
            max_intensity: row.max_intensity,
            runs_per_week: row.runs_per_week,
            brace: row.brace,
            follow_up: row.follow_up,
        };
        if limits.is_empty() {
            return Ok(None);
        }
        Ok(Some(SavedLimits {
            id: row.id,
            limits,
            set_at: row.set_at,
        }))
    }
}
