//! Importing one parsed file: validation, then ONE write transaction that
//! either stores everything the file brings (activity row, sample blob, laps,
//! file row, problems) or nothing. Duplicates are decided inside the same
//! transaction, under SQLite's write lock, so two imports cannot both insert.

use backstride_core::activity::{Activity, Sport, SportSource};
use sqlx::pool::PoolConnection;
use sqlx::query::Query;
use sqlx::{Database, Row};

use super::dedupe::{
    Fingerprint, START_TOLERANCE_S, has_heart_rate, is_richer, new_sport_wins, same_activity,
};
use super::{ImportOutcome, ImportRecord};
use crate::backend::{Db, Pool};
use crate::error::StoreError;
use crate::open::Store;
use crate::samples;
use crate::time::to_millis;
use crate::validate;
use crate::write::{Conn, write_on};

type Args = <Db as Database>::Arguments;

/// A stored activity that might be the same as the one being imported.
struct Candidate {
    id: i64,
    start_ms: i64,
    distance_m: f64,
    sample_count: i64,
    has_heart_rate: bool,
    sport: String,
    sport_label: String,
    sport_source: String,
}

/// One row of the duplicate lookup: the activity this very file was
/// imported into, if it was (the same on every row), and one stored
/// activity that starts close enough to be the same (none when no row
/// does: a left join).
#[derive(sqlx::FromRow)]
struct Lookup {
    known: Option<i64>,
    id: Option<i64>,
    start_ms: Option<i64>,
    distance_m: Option<f64>,
    sample_count: Option<i64>,
    has_heart_rate: Option<bool>,
    sport: Option<String>,
    sport_label: Option<String>,
    sport_source: Option<String>,
}

impl Lookup {
    fn candidate(&self) -> Option<Candidate> {
        Some(Candidate {
            id: self.id?,
            start_ms: self.start_ms?,
            distance_m: self.distance_m?,
            sample_count: self.sample_count?,
            has_heart_rate: self.has_heart_rate?,
            sport: self.sport.clone()?,
            sport_label: self.sport_label.clone()?,
            sport_source: self.sport_source.clone()?,
        })
    }
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
        let encoded = samples::Encoded::new(&record.activity.samples);
        self.import_activity_encoded(record, encoded).await
    }

    /// [`Store::import_activity`] with the activity's samples already
    /// encoded (by [`samples::Encoded::new`], on another thread, say).
    pub async fn import_activity_encoded(
        &self,
        record: &ImportRecord<'_>,
        encoded: samples::Encoded,
    ) -> Result<ImportOutcome, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(StoreError::NotSaved)?;
        import_on(&mut conn, record, encoded)
            .await
            .map_err(|(e, _)| e)
    }

    /// An [`Importer`] for a run of files: one connection kept for all of
    /// them, each file still in its own transaction.
    pub async fn importer(&self) -> Result<Importer, StoreError> {
        Ok(Importer {
            conn: Some(self.pool.acquire().await?),
            pool: self.pool.clone(),
        })
    }
}

/// Imports files one after the other on one connection of the store's
/// pool, which it holds until dropped. Taking a connection from the pool
/// checks it with a round trip to the database thread; a run of thousands
/// of files does that once instead of once a file. Each file is still
/// stored in its own transaction, exactly as [`Store::import_activity`]
/// stores it. After a failed write (a full disk) the connection is rolled
/// back, or replaced when it cannot be, so the next file starts clean.
#[derive(Debug)]
pub struct Importer {
    /// `None` after a failed write left it unusable: the next file takes
    /// a fresh one from the pool.
    pub(crate) conn: Option<PoolConnection<Db>>,
    pool: Pool,
}

impl Importer {
    /// [`Store::import_activity_encoded`] on this importer's connection.
    pub async fn import_activity_encoded(
        &mut self,
        record: &ImportRecord<'_>,
        encoded: samples::Encoded,
    ) -> Result<ImportOutcome, StoreError> {
        let conn = match &mut self.conn {
            Some(conn) => conn,
            None => self
                .conn
                .insert(self.pool.acquire().await.map_err(StoreError::NotSaved)?),
        };
        match import_on(conn, record, encoded).await {
            Ok(outcome) => Ok(outcome),
            Err((e, usable)) => {
                if !usable {
                    // Closed as it is dropped (see `crate::write`).
                    self.conn = None;
                }
                Err(e)
            }
        }
    }
}

/// The duplicate lookup in one round trip: whether this very file is
/// stored (by its hash, `$1`), and which stored activities start within
/// the window (`$2..=$3`).
const LOOKUP: &str = "SELECT f.known, a.id, a.start_ms, a.distance_m, a.sample_count, \
     a.has_heart_rate, a.sport, a.sport_label, a.sport_source \
     FROM (SELECT (SELECT activity_id FROM activity_files WHERE content_sha256 = $1) AS known) AS f \
     LEFT JOIN activities AS a ON a.start_ms BETWEEN $2 AND $3";

/// Problems written by one INSERT statement.
const PROBLEMS_PER_STATEMENT: usize = 100;

/// Stores one parsed file in one transaction on `conn`: the work of
/// [`Store::import_activity`].
/// The error says whether `conn` is still usable.
async fn import_on(
    conn: &mut PoolConnection<Db>,
    record: &ImportRecord<'_>,
    encoded: samples::Encoded,
) -> Result<ImportOutcome, (StoreError, bool)> {
    validate_record(record).map_err(|e| (e, true))?;
    if encoded.count() != record.activity.samples.len() {
        let e = StoreError::invalid(
            "samples",
            format!(
                "{} encoded for an activity of {}",
                encoded.count(),
                record.activity.samples.len()
            ),
        );
        return Err((e, true));
    }
    let hash = record.content_sha256.to_hex();
    let blob = encoded.into_bytes();
    let new = Fingerprint::of(record.activity);

    write_on(conn, async |tx| {
        store_file(tx, record, &hash, blob, &new).await
    })
    .await
}

/// The writes of [`import_on`], inside its transaction.
async fn store_file(
    tx: &mut Conn,
    record: &ImportRecord<'_>,
    hash: &str,
    blob: Vec<u8>,
    new: &Fingerprint,
) -> Result<ImportOutcome, StoreError> {
    let new = *new;
    let window_ms = START_TOLERANCE_S * 1000;
    let lookup: Vec<Lookup> = sqlx::query_as(LOOKUP)
        .bind(hash)
        .bind(new.start_ms.saturating_sub(window_ms))
        .bind(new.start_ms.saturating_add(window_ms))
        .fetch_all(&mut *tx)
        .await?;
    if let Some(id) = lookup.first().and_then(|row| row.known) {
        // Nothing written: the commit ends a read.
        return Ok(ImportOutcome::DuplicateFile(id));
    }
    let candidates: Vec<Candidate> = lookup.iter().filter_map(Lookup::candidate).collect();
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
            write_details(tx, id, record.activity, blob).await?;
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
                write_details(tx, existing.id, record.activity, blob).await?;
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

    write_sport(&mut *tx, record.activity, matched, outcome).await?;

    // A leg of a multisport recording: linked to its file's other legs,
    // whichever copy of it now stands for the activity.
    if let Some(leg) = record.multisport {
        sqlx::query(
            "UPDATE activities SET multisport_sha256 = $1, multisport_leg = $2 WHERE id = $3",
        )
        .bind(leg.file_sha256.to_hex())
        .bind(i64::from(leg.leg))
        .bind(outcome.activity_id())
        .execute(&mut *tx)
        .await?;
    }

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
    .bind(hash)
    .bind(&record.source_name)
    .bind(&record.format)
    .bind(outcome.activity_id())
    .bind(is_primary)
    .bind(to_millis(record.imported_at))
    .fetch_one(&mut *tx)
    .await?;
    // All problems in one statement, as the laps (3 parameters a problem).
    for (chunk_index, chunk) in (0_i64..).zip(record.problems.chunks(PROBLEMS_PER_STATEMENT)) {
        let first = chunk_index * PROBLEMS_PER_STATEMENT as i64;
        let mut insert = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO import_problems (file_id, position, message) ",
        );
        insert.push_values((first..).zip(chunk), |mut row, (position, message)| {
            row.push_bind(file_id)
                .push_bind(position)
                .push_bind(message.as_str());
        });
        insert.build().execute(&mut *tx).await?;
    }
    Ok(outcome)
}

/// Keeps the better-known sport of two copies of one activity
/// ([`new_sport_wins`]) and records how it is known. The summary UPDATE or
/// INSERT wrote the new copy's sport when its data was kept.
async fn write_sport(
    tx: &mut Conn,
    activity: &Activity,
    matched: Option<&Candidate>,
    outcome: ImportOutcome,
) -> Result<(), StoreError> {
    let set = "UPDATE activities SET sport = $1, sport_label = $2, sport_source = $3 WHERE id = $4";
    let new_source = activity.sport_source.name();
    match (outcome, matched) {
        (ImportOutcome::Inserted(id), _) if activity.sport_source != SportSource::File => {
            sqlx::query("UPDATE activities SET sport_source = $1 WHERE id = $2")
                .bind(new_source)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        (
            ImportOutcome::DuplicateActivity {
                existing_id,
                replaced,
            },
            Some(old),
        ) => {
            let old_kind = (
                Sport::parse(&old.sport).unwrap_or(Sport::Other),
                SportSource::parse(&old.sport_source).unwrap_or_default(),
            );
            let new_wins =
                new_sport_wins((activity.sport, activity.sport_source), old_kind, replaced);
            let (sport, label, source) = if new_wins {
                (
                    activity.sport.name(),
                    activity.sport_label.as_str(),
                    new_source,
                )
            } else {
                (
                    old_kind.0.name(),
                    old.sport_label.as_str(),
                    old_kind.1.name(),
                )
            };
            // Only when the row does not already say so.
            if replaced || new_wins {
                sqlx::query(set)
                    .bind(sport)
                    .bind(label)
                    .bind(source)
                    .bind(existing_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Laps written by one INSERT statement.
const LAPS_PER_STATEMENT: usize = 100;

/// Writes the sample blob, heart-rate time and laps of activity `id` (which
/// has no samples or laps yet).
async fn write_details(
    tx: &mut Conn,
    id: i64,
    activity: &Activity,
    blob: Vec<u8>,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO activity_samples (activity_id, layout, samples) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(i64::from(samples::FORMAT_VERSION))
        .bind(blob)
        .execute(&mut *tx)
        .await?;
    super::heart_rate::write(tx, id, activity).await?;
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
        insert.build().execute(&mut *tx).await?;
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
