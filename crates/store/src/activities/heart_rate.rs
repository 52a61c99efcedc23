//! Each activity's heart rate as the load analysis reads it: the
//! `activity_heart_rate` table (one small [`samples::heart_rate`] blob an
//! activity, the seconds spent at each whole bpm). Written with the samples
//! at import ([`write`]); read for a whole time range in one query
//! ([`Store::heart_rate_time`]); filled on open for activities stored
//! before the table existed or under an older layout ([`backfill`]).

use backstride_core::activity::Activity;
use backstride_core::activity::hr::HrTime;
use sqlx::Database;

use crate::backend::{BEGIN_WRITE, Db, Pool};
use crate::error::StoreError;
use crate::open::Store;
use crate::samples::{self, heart_rate::HR_FORMAT_VERSION};
use crate::time::TimeRange;

type Conn = <Db as Database>::Connection;

/// One activity's heart-rate time, for [`Store::heart_rate_time`].
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityHeartRate {
    /// The activity's id.
    pub activity_id: i64,
    /// The seconds it spent at each heart rate.
    pub hr: HrTime,
}

const UPSERT: &str = "INSERT INTO activity_heart_rate (activity_id, layout, seconds) \
     VALUES ($1, $2, $3) \
     ON CONFLICT (activity_id) DO UPDATE SET layout = excluded.layout, seconds = excluded.seconds";

/// Writes (or replaces) the heart-rate time of activity `id` from its
/// samples, inside the caller's transaction.
pub(crate) async fn write(conn: &mut Conn, id: i64, activity: &Activity) -> Result<(), StoreError> {
    put(conn, id, &HrTime::from_activity_samples(&activity.samples)).await
}

async fn put(conn: &mut Conn, id: i64, hr: &HrTime) -> Result<(), StoreError> {
    sqlx::query(UPSERT)
        .bind(id)
        .bind(i64::from(HR_FORMAT_VERSION))
        .bind(samples::heart_rate::encode(hr))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Activities whose samples have no heart-rate time of the current layout.
const MISSING: &str = "FROM activity_samples s \
     LEFT JOIN activity_heart_rate h ON h.activity_id = s.activity_id \
     WHERE h.activity_id IS NULL OR h.layout <> $1";

/// Computes the heart-rate time of every activity that lacks one of the
/// current layout, from its sample blob, all in one write transaction, and
/// says how many it wrote. Idempotent: a second run finds nothing to do,
/// and a store with nothing to do is only read (no write lock taken). A
/// sample blob that cannot be decoded is left without a row (insights then
/// uses the activity's average heart rate) and is tried again next time.
pub(crate) async fn backfill(pool: &Pool) -> Result<usize, StoreError> {
    let layout = i64::from(HR_FORMAT_VERSION);
    let any: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT EXISTS (SELECT 1 {MISSING})"
    )))
    .bind(layout)
    .fetch_one(pool)
    .await?;
    if !any {
        return Ok(0);
    }
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    // Asked again under the write lock: another process may have filled
    // them meanwhile.
    let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT s.activity_id {MISSING} ORDER BY s.activity_id"
    )))
    .bind(layout)
    .fetch_all(&mut *tx)
    .await?;
    let mut written = 0;
    // One blob in memory at a time: a decade of 1 Hz samples is hundreds
    // of megabytes.
    for id in ids {
        let blob: Vec<u8> =
            sqlx::query_scalar("SELECT samples FROM activity_samples WHERE activity_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let Ok(decoded) = samples::decode(&blob) else {
            continue;
        };
        put(&mut tx, id, &HrTime::from_activity_samples(&decoded)).await?;
        written += 1;
    }
    // The commit's own result is read: on a full disk, this is where
    // SQLite says so.
    tx.commit().await?;
    Ok(written)
}

#[derive(sqlx::FromRow)]
struct Row {
    activity_id: i64,
    seconds: Vec<u8>,
}

impl Store {
    /// The heart-rate time of every activity starting in `range` that has
    /// one, in one query, ordered as [`Store::list_activities`]. An
    /// activity without a row (its samples could not be read) is left out.
    pub async fn heart_rate_time(
        &self,
        range: TimeRange,
    ) -> Result<Vec<ActivityHeartRate>, StoreError> {
        let (from, to) = range.millis();
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT h.activity_id, h.seconds FROM activity_heart_rate h \
             JOIN activities a ON a.id = h.activity_id \
             WHERE a.start_ms >= $1 AND a.start_ms < $2 AND h.layout = $3 \
             ORDER BY a.start_ms, a.id",
        )
        .bind(from)
        .bind(to)
        .bind(i64::from(HR_FORMAT_VERSION))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let hr = samples::heart_rate::decode(&r.seconds).map_err(|source| {
                    StoreError::CorruptSamples {
                        activity_id: r.activity_id,
                        source,
                    }
                })?;
                Ok(ActivityHeartRate {
                    activity_id: r.activity_id,
                    hr,
                })
            })
            .collect()
    }
}
