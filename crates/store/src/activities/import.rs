//! Importing one parsed file: validation, then ONE write transaction that
//! either stores everything the file brings (activity row, sample blob, laps,
//! file row, problems) or nothing. Duplicates are decided inside the same
//! transaction, under SQLite's write lock, so two imports cannot both insert.

use backstride_core::activity::Activity;
use sqlx::query::Query;
use sqlx::{Database, Row};

use super::dedupe::{Fingerprint, START_TOLERANCE_S, has_heart_rate, is_richer, same_activity};
use super::{ImportOutcome, ImportRecord};
use crate::backend::{Db, Tx, begin_write};
use crate::error::StoreError;
use crate::open::Store;
use crate::samples;
use crate::time::to_millis;
use crate::validate;

type Args = <Db as Database>::Arguments;

/// A stored activity that might be the same as the one being imported.
#[derive(sqlx::FromRow)]
struct Candidate {
    id: i64,
    start_ms: i64,
    distance_m: f64,
    sample_count: i64,
    has_heart_rate: bool,
}

impl Candidate {
    fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            start_ms: self.start_ms,
            distance_m: self.distance_m,
            sample_count: u64::try_from(self.sample_count).unwrap_or(0),
            has_heart_rate: self.has_heart_rate,
        }
    }
}

impl Store {
    /// Stores one parsed file in one transaction and says what happened.
    ///
    /// The same file (by content hash) is stored once. The same activity from
    /// another file (see [`super::same_activity`]) is stored once: the richer
    /// copy's data stands for it, replacing the older copy in place when the
    /// new one is richer. A failure leaves the store as it was.
    pub async fn import_activity(
        &self,
        record: &ImportRecord<'_>,
    ) -> Result<ImportOutcome, StoreError> {
        validate_record(record)?;
        let hash = record.content_sha256.to_hex();
        let blob = samples::encode(&record.activity.samples);
        let new = Fingerprint::of(record.activity);

        let mut tx = begin_write(&self.pool).await?;
        let known: Option<i64> =
            sqlx::query_scalar("SELECT activity_id FROM activity_files WHERE content_sha256 = $1")
                .bind(&hash)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = known {
            tx.rollback().await?;
            return Ok(ImportOutcome::DuplicateFile(id));
        }

        let window_ms = START_TOLERANCE_S * 1000;
        let candidates: Vec<Candidate> = sqlx::query_as(
            "SELECT id, start_ms, distance_m, sample_count, has_heart_rate FROM activities \
             WHERE start_ms BETWEEN $1 AND $2",
        )
        .bind(new.start_ms.saturating_sub(window_ms))
        .bind(new.start_ms.saturating_add(window_ms))
        .fetch_all(&mut *tx)
        .await?;
        let matched = candidates
            .iter()
            .filter(|c| same_activity(&new, &c.fingerprint()))
            .min_by_key(|c| (c.start_ms.abs_diff(new.start_ms), c.id));

        let outcome = match matched {
            None => {
                let insert = sqlx::query(
                    "INSERT INTO activities (sport, sport_label, start_ms, utc_offset_s, elapsed_s, \
                     moving_s, distance_m, ascent_m, avg_heart_rate, max_heart_rate, avg_cadence_spm, \
                     device, sample_count, has_heart_rate) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                );
                let row = bind_activity(insert, record.activity)
                    .fetch_one(&mut *tx)
                    .await?;
                let id: i64 = row.try_get(0)?;
                write_details(&mut tx, id, record.activity, blob).await?;
                ImportOutcome::Inserted(id)
            }
            Some(existing) => {
                let replaced = is_richer(&new, &existing.fingerprint());
                if replaced {
                    let update = sqlx::query(
                        "UPDATE activities SET sport = $1, sport_label = $2, start_ms = $3, \
                         utc_offset_s = $4, elapsed_s = $5, moving_s = $6, distance_m = $7, \
                         ascent_m = $8, avg_heart_rate = $9, max_heart_rate = $10, \
                         avg_cadence_spm = $11, device = $12, sample_count = $13, \
                         has_heart_rate = $14 WHERE id = $15",
                    );
                    bind_activity(update, record.activity)
                        .bind(existing.id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM activity_samples WHERE activity_id = $1")
                        .bind(existing.id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM activity_laps WHERE activity_id = $1")
                        .bind(existing.id)
                        .execute(&mut *tx)
                        .await?;
                    write_details(&mut tx, existing.id, record.activity, blob).await?;
                    sqlx::query("UPDATE activity_files SET is_primary = $1 WHERE activity_id = $2")
                        .bind(false)
                        .bind(existing.id)
                        .execute(&mut *tx)
                        .await?;
                }
                ImportOutcome::DuplicateActivity {
                    existing_id: existing.id,
                    replaced,
                }
            }
        };

        let is_primary = !matches!(
            outcome,
            ImportOutcome::DuplicateActivity {
                replaced: false,
                ..
            }
        );
        let file_id: i64 = sqlx::query_scalar(
            "INSERT INTO activity_files (content_sha256, source_name, format, activity_id, \
             is_primary, imported_ms) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&hash)
        .bind(&record.source_name)
        .bind(&record.format)
        .bind(outcome.activity_id())
        .bind(is_primary)
        .bind(to_millis(record.imported_at))
        .fetch_one(&mut *tx)
        .await?;
        for (position, message) in (0_i64..).zip(&record.problems) {
            sqlx::query(
                "INSERT INTO import_problems (file_id, position, message) VALUES ($1, $2, $3)",
            )
            .bind(file_id)
            .bind(position)
            .bind(message)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(outcome)
    }
}

/// Laps written by one INSERT statement.
const LAPS_PER_STATEMENT: usize = 100;

/// Writes the sample blob and laps of activity `id` (which has none yet).
async fn write_details(
    tx: &mut Tx,
    id: i64,
    activity: &Activity,
    blob: Vec<u8>,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO activity_samples (activity_id, layout, samples) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(i64::from(samples::FORMAT_VERSION))
        .bind(blob)
        .execute(&mut **tx)
        .await?;
    // All laps in one statement: each statement is a round trip to the
    // database thread, and a run can have dozens of laps. Chunks keep the
    // bound parameters far below SQLite's limit (5 a lap).
    for (chunk_index, chunk) in (0_i64..).zip(activity.laps.chunks(LAPS_PER_STATEMENT)) {
        let first = chunk_index * LAPS_PER_STATEMENT as i64;
        let mut insert = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO activity_laps (activity_id, position, start_offset_s, elapsed_s, distance_m) ",
        );
        insert.push_values((first..).zip(chunk), |mut row, (position, lap)| {
            row.push_bind(id)
                .push_bind(position)
                .push_bind(lap.start_offset_s)
                .push_bind(lap.elapsed_s)
                .push_bind(lap.distance_m);
        });
        insert.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Binds the fourteen summary columns, in schema order, as `$1..$14`.
fn bind_activity<'q>(query: Query<'q, Db, Args>, a: &Activity) -> Query<'q, Db, Args> {
    let sample_count = i64::try_from(a.samples.len()).unwrap_or(i64::MAX);
    query
        .bind(a.sport.name())
        .bind(a.sport_label.clone())
        .bind(to_millis(a.start))
        .bind(a.utc_offset_s.map(i64::from))
        .bind(a.elapsed_s)
        .bind(a.moving_s)
        .bind(a.distance_m)
        .bind(a.ascent_m)
        .bind(a.avg_heart_rate)
        .bind(a.max_heart_rate.map(i64::from))
        .bind(a.avg_cadence_spm)
        .bind(a.device.clone())
        .bind(sample_count)
        .bind(has_heart_rate(a))
}

/// Checks everything that reaches a column; the blob takes any samples.
fn validate_record(record: &ImportRecord<'_>) -> Result<(), StoreError> {
    validate::text("source name", &record.source_name, 1, 4096)?;
    validate::text("format", &record.format, 1, 32)?;
    let a = record.activity;
    validate::text("sport label", &a.sport_label, 0, 200)?;
    if let Some(offset) = a.utc_offset_s {
        validate::whole("UTC offset", i64::from(offset), -86_400, 86_400)?;
    }
    validate::non_negative("elapsed time", a.elapsed_s)?;
    validate::non_negative("moving time", a.moving_s)?;
    validate::non_negative("distance", a.distance_m)?;
    validate::optional_non_negative("ascent", a.ascent_m)?;
    validate::optional_non_negative("average heart rate", a.avg_heart_rate)?;
    validate::optional_non_negative("average cadence", a.avg_cadence_spm)?;
    if let Some(device) = &a.device {
        validate::text("device", device, 0, 200)?;
    }
    for lap in &a.laps {
        validate::finite("lap start", lap.start_offset_s)?;
        validate::finite("lap time", lap.elapsed_s)?;
        validate::finite("lap distance", lap.distance_m)?;
    }
    Ok(())
}
