//! Reading activities back: summaries for listings, one activity whole with
//! its samples and laps (read in one snapshot, the blob checked against the
//! sample count its row promises), and totals by sport.

use backstride_core::activity::{Activity, Lap, Sport, SportSource};

use super::{ActivitySummary, SportCount, StoredActivity};
use crate::error::StoreError;
use crate::open::Store;
use crate::samples;
use crate::time::{TimeRange, from_millis};

const SUMMARY_COLUMNS: &str = "SELECT a.id, a.sport, a.sport_label, a.start_ms, a.utc_offset_s, \
     a.elapsed_s, a.moving_s, a.distance_m, a.ascent_m, a.avg_heart_rate, a.max_heart_rate, \
     a.avg_cadence_spm, a.device, a.sample_count, a.has_heart_rate, f.source_name, f.format, \
     f.imported_ms, a.sport_source FROM activities a \
     JOIN activity_files f ON f.activity_id = a.id AND f.is_primary";

/// A summary row as the database returns it.
#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    id: i64,
    sport: String,
    sport_label: String,
    start_ms: i64,
    utc_offset_s: Option<i64>,
    elapsed_s: f64,
    moving_s: f64,
    distance_m: f64,
    ascent_m: Option<f64>,
    avg_heart_rate: Option<f64>,
    max_heart_rate: Option<i64>,
    avg_cadence_spm: Option<f64>,
    device: Option<String>,
    sample_count: i64,
    has_heart_rate: bool,
    source_name: String,
    format: String,
    imported_ms: i64,
    sport_source: String,
}

impl Store {
    /// The ids of the legs of the multisport recording `activity_id` is a
    /// leg of, in leg order (itself included); empty when it is not a leg.
    pub async fn multisport_legs(&self, activity_id: i64) -> Result<Vec<i64>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT b.id FROM activities a JOIN activities b \
             ON b.multisport_sha256 = a.multisport_sha256 \
             WHERE a.id = $1 ORDER BY b.multisport_leg, b.id",
        )
        .bind(activity_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids)
    }
}

impl SummaryRow {
    fn into_summary(self) -> Result<ActivitySummary, StoreError> {
        let id = self.id;
        let bad = |what: &str| StoreError::corrupt("activities", id, what.to_string());
        Ok(ActivitySummary {
            id,
            sport: Sport::parse(&self.sport).ok_or_else(|| bad("unknown sport"))?,
            sport_label: self.sport_label,
            sport_source: SportSource::parse(&self.sport_source)
                .ok_or_else(|| bad("unknown sport source"))?,
            start: from_millis(self.start_ms, "activities", id)?,
            utc_offset_s: self
                .utc_offset_s
                .map(i32::try_from)
                .transpose()
                .map_err(|_| bad("UTC offset out of range"))?,
            elapsed_s: self.elapsed_s,
            moving_s: self.moving_s,
            distance_m: self.distance_m,
            ascent_m: self.ascent_m,
            avg_heart_rate: self.avg_heart_rate,
            max_heart_rate: self
                .max_heart_rate
                .map(u8::try_from)
                .transpose()
                .map_err(|_| bad("maximum heart rate out of range"))?,
            avg_cadence_spm: self.avg_cadence_spm,
            device: self.device,
            sample_count: u64::try_from(self.sample_count)
                .map_err(|_| bad("negative sample count"))?,
            has_heart_rate: self.has_heart_rate,
            source_name: self.source_name,
            format: self.format,
            imported_at: from_millis(self.imported_ms, "activities", id)?,
        })
    }
}

impl Store {
    /// One page of the activities starting in `range` (of `sport` only,
    /// when given), newest first: `limit` of them after skipping `offset`;
    /// with how many match in all. Two indexed queries, so a listing costs
    /// the same over a decade as over a week.
    pub async fn activity_page(
        &self,
        range: TimeRange,
        sport: Option<Sport>,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<ActivitySummary>, u64), StoreError> {
        let (from, to) = range.millis();
        let sport = sport.map(Sport::name);
        let total: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM activities a \
             WHERE a.start_ms >= $1 AND a.start_ms < $2 AND ($3 IS NULL OR a.sport = $3)",
        )
        .bind(from)
        .bind(to)
        .bind(sport)
        .fetch_one(&self.pool)
        .await?;
        let rows: Vec<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SUMMARY_COLUMNS} WHERE a.start_ms >= $1 AND a.start_ms < $2 \
             AND ($3 IS NULL OR a.sport = $3) \
             ORDER BY a.start_ms DESC, a.id DESC LIMIT $4 OFFSET $5"
        )))
        .bind(from)
        .bind(to)
        .bind(sport)
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        let page = rows
            .into_iter()
            .map(SummaryRow::into_summary)
            .collect::<Result<_, _>>()?;
        Ok((page, u64::try_from(total).unwrap_or(0)))
    }
}

impl Store {
    /// Summaries of the activities starting in `range`, oldest first.
    pub async fn list_activities(
        &self,
        range: TimeRange,
    ) -> Result<Vec<ActivitySummary>, StoreError> {
        let (from, to) = range.millis();
        let rows: Vec<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SUMMARY_COLUMNS} WHERE a.start_ms >= $1 AND a.start_ms < $2 ORDER BY a.start_ms, a.id"
        )))
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(SummaryRow::into_summary).collect()
    }

    /// The summary of activity `id` (no samples), or `None` if there is
    /// no such id.
    pub async fn activity_summary(&self, id: i64) -> Result<Option<ActivitySummary>, StoreError> {
        let row: Option<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SUMMARY_COLUMNS} WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(SummaryRow::into_summary).transpose()
    }

    /// One activity with its samples and laps, read in one snapshot, or
    /// `None` if there is no such id.
    pub async fn load_activity(&self, id: i64) -> Result<Option<StoredActivity>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let row: Option<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SUMMARY_COLUMNS} WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let summary = row.into_summary()?;
        let blob: Vec<u8> =
            sqlx::query_scalar("SELECT samples FROM activity_samples WHERE activity_id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| {
                    StoreError::corrupt("activities", id, "its samples row is missing")
                })?;
        let laps: Vec<(f64, f64, f64)> = sqlx::query_as(
            "SELECT start_offset_s, elapsed_s, distance_m FROM activity_laps \
             WHERE activity_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;

        let samples = samples::decode(&blob).map_err(|source| StoreError::CorruptSamples {
            activity_id: id,
            source,
        })?;
        if samples.len() as u64 != summary.sample_count {
            let reason = format!(
                "{} samples stored, {} promised",
                samples.len(),
                summary.sample_count
            );
            return Err(StoreError::corrupt("activities", id, reason));
        }
        let activity = Activity {
            sport: summary.sport,
            sport_label: summary.sport_label.clone(),
            sport_source: summary.sport_source,
            start: summary.start,
            utc_offset_s: summary.utc_offset_s,
            elapsed_s: summary.elapsed_s,
            moving_s: summary.moving_s,
            distance_m: summary.distance_m,
            ascent_m: summary.ascent_m,
            avg_heart_rate: summary.avg_heart_rate,
            max_heart_rate: summary.max_heart_rate,
            avg_cadence_spm: summary.avg_cadence_spm,
            device: summary.device.clone(),
            samples,
            laps: laps
                .into_iter()
                .map(|(start_offset_s, elapsed_s, distance_m)| Lap {
                    start_offset_s,
                    elapsed_s,
                    distance_m,
                })
                .collect(),
        };
        Ok(Some(StoredActivity { summary, activity }))
    }

    /// Activities starting in `range`, counted and totalled by sport.
    pub async fn counts_by_sport(&self, range: TimeRange) -> Result<Vec<SportCount>, StoreError> {
        let (from, to) = range.millis();
        let rows: Vec<(String, i64, f64, f64)> = sqlx::query_as(
            "SELECT sport, COUNT(*), SUM(distance_m), SUM(moving_s) FROM activities \
             WHERE start_ms >= $1 AND start_ms < $2 GROUP BY sport ORDER BY sport",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(sport, count, distance_m, moving_s)| {
                Ok(SportCount {
                    sport: Sport::parse(&sport).ok_or_else(|| {
                        StoreError::corrupt("activities", 0, format!("unknown sport {sport:?}"))
                    })?,
                    activities: u64::try_from(count).unwrap_or(0),
                    distance_m,
                    moving_s,
                })
            })
            .collect()
    }
}
