//! The one way the store writes: every write is ONE `BEGIN IMMEDIATE`
//! transaction whose `COMMIT` result is read, so a write either is stored
//! whole or fails with [`StoreError::NotSaved`] (full disk, read-only file,
//! I/O error, a lock held past the busy timeout).
//!
//! Why this exists: an `INSERT ... RETURNING` read with `fetch_one` outside
//! a transaction hands back the new id after the first step, and SQLite's
//! implicit commit happens later, when the statement is reset; its error
//! (`SQLITE_FULL`) was never read, so "saved" was printed for rows that
//! were never stored.
//!
//! After a failure the connection is made usable again: the dropped
//! transaction's rollback is run at once, and a connection that is still
//! inside a transaction afterwards (SQLite may roll back by itself on a full
//! disk, and the driver then cannot count the transaction as closed) is
//! closed instead of going back to the pool, so the next write never meets
//! "attempted to call begin_with at non-zero transaction depth". (An
//! in-memory store lives in its one connection: when that connection must
//! be closed, the store starts again empty. In-memory stores are for tests.)

use sqlx::Connection;
use sqlx::pool::PoolConnection;

use crate::backend::{BEGIN_WRITE, Db};
use crate::error::StoreError;
use crate::open::Store;

/// A database connection of [`Db`], as a write's body sees it.
pub(crate) type Conn = <Db as sqlx::Database>::Connection;

impl Store {
    /// Runs `body` in one write transaction on a connection of the pool and
    /// commits it; see the module doc.
    pub(crate) async fn write<T>(
        &self,
        body: impl AsyncFnOnce(&mut Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(StoreError::NotSaved)?;
        write_on(&mut conn, body).await.map_err(|(e, _)| e)
    }
}

/// Runs `body` in one write transaction on `conn` and commits it. On
/// failure the error says whether `conn` is still usable (`false`: it is
/// closed when dropped; take another).
pub(crate) async fn write_on<T>(
    conn: &mut PoolConnection<Db>,
    body: impl AsyncFnOnce(&mut Conn) -> Result<T, StoreError>,
) -> Result<T, (StoreError, bool)> {
    let result = transaction(conn, body).await;
    match result {
        Ok(value) => Ok(value),
        Err(e) => {
            let usable = settle(conn).await;
            Err((e.into_not_saved(), usable))
        }
    }
}

async fn transaction<T>(
    conn: &mut Conn,
    body: impl AsyncFnOnce(&mut Conn) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut tx = conn.begin_with(BEGIN_WRITE).await?;
    let value = body(&mut tx).await?;
    // The commit's own result: on a full disk this is where SQLite says so.
    tx.commit().await?;
    Ok(value)
}

/// Brings a connection back to "no transaction" after a failed write;
/// whether it can be used again.
async fn settle(conn: &mut PoolConnection<Db>) -> bool {
    // The dropped transaction queued its ROLLBACK; a round trip runs it.
    let alive = conn.ping().await.is_ok();
    if alive && !conn.is_in_transaction() {
        return true;
    }
    conn.close_on_drop();
    false
}

#[cfg(test)]
mod tests {
    use backstride_core::activity::{Activity, Sport};
    use backstride_core::profile::Region;
    use backstride_core::units::Nrs;
    use chrono::{Duration, TimeZone, Utc};

    use crate::samples::Encoded;
    use crate::{ContentHash, ImportRecord, NewPain, PainWhen, Store, StoreError, TimeRange};

    fn pain(note: &str) -> NewPain {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 20, 7, 0, 0)
            .single()
            .expect("a time");
        NewPain {
            region: Region::LowerBack,
            nrs: Nrs::new(4).expect("on the scale"),
            when: PainWhen::After,
            activity_id: None,
            note: Some(note.to_owned()),
            at,
            logged: at,
        }
    }

    async fn pragma(store: &Store, sql: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_optional(&store.pool)
            .await
            .expect("pragma")
            .unwrap_or_default()
    }

    /// SQLite's page limit stands in for a full disk: the same
    /// `SQLITE_FULL`, on the one connection an in-memory store has (a
    /// closed and reopened connection would be a new, empty database, so
    /// the count below also proves the connection was kept and clean).
    #[tokio::test]
    async fn a_full_database_says_not_saved_and_the_connection_writes_again() {
        let store = Store::open_in_memory().await.expect("store");
        let pages = pragma(&store, "PRAGMA page_count").await;
        pragma(&store, &format!("PRAGMA max_page_count = {}", pages + 2)).await;
        let note = "x".repeat(1500);
        let mut stored = 0;
        let err = loop {
            match store.log_pain(&pain(&note)).await {
                Ok(_) => stored += 1,
                Err(e) => break e,
            }
            assert!(stored < 1000, "the page limit never bit");
        };
        assert!(matches!(err, StoreError::NotSaved(_)), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("not saved: database or disk is full")
        );
        // A second failure is the same "not saved", not a stuck transaction.
        let again = store.log_pain(&pain(&note)).await.expect_err("still full");
        assert!(matches!(again, StoreError::NotSaved(_)), "{again:?}");
        assert!(!again.to_string().contains("transaction depth"));

        pragma(&store, "PRAGMA max_page_count = 1000000").await;
        store
            .log_pain(&pain("room again"))
            .await
            .expect("writes again");
        let all = store.list_pain(TimeRange::all()).await.expect("list");
        assert_eq!(all.len(), stored + 1);
        assert_eq!(
            all.last().and_then(|p| p.note.as_deref()),
            Some("room again")
        );
    }

    /// A bare run starting `day` days into November 2026.
    fn activity(day: i64) -> Activity {
        Activity {
            sport: Sport::Running,
            sport_label: "running".into(),
            sport_source: backstride_core::activity::SportSource::File,
            start: Utc
                .with_ymd_and_hms(2026, 11, 1, 7, 0, 0)
                .single()
                .expect("a time")
                + Duration::days(day),
            utc_offset_s: None,
            elapsed_s: 1800.0,
            moving_s: 1700.0,
            distance_m: 5000.0,
            ascent_m: None,
            avg_heart_rate: None,
            max_heart_rate: None,
            avg_cadence_spm: None,
            device: None,
            samples: Vec::new(),
            laps: Vec::new(),
        }
    }

    /// The bug of issue 10: after one failed write an import went on with
    /// "attempted to call begin_with at non-zero transaction depth" for
    /// every later file. SQLite's page limit on the importer's connection
    /// makes its writes fail with `SQLITE_FULL` (and SQLite rolls the
    /// transaction back by itself); the next file must be stored.
    #[tokio::test]
    async fn an_import_goes_on_cleanly_after_a_file_that_could_not_be_saved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().join("b.db")).await.expect("store");
        let mut importer = store.importer().await.expect("importer");
        let conn = importer.conn.as_mut().expect("a connection");
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&mut **conn)
            .await
            .expect("pages");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA max_page_count = {pages}"
        )))
        .execute(&mut **conn)
        .await
        .expect("limit");
        let runs: Vec<Activity> = (0..10).map(activity).collect();
        let record = |i: usize| ImportRecord {
            content_sha256: ContentHash::of(format!("file {i}").as_bytes()),
            source_name: format!("run{i}.fit"),
            format: "fit".into(),
            activity: &runs[i],
            problems: vec!["p".repeat(3000)],
            imported_at: runs[i].start,
            multisport: None,
        };
        let mut outcomes = Vec::new();
        for i in 0..10 {
            outcomes.push(
                importer
                    .import_activity_encoded(&record(i), Encoded::new(&[]))
                    .await,
            );
        }
        let first_failure = outcomes
            .iter()
            .position(Result::is_err)
            .expect("the page limit bit");
        for outcome in &outcomes {
            if let Err(e) = outcome {
                let e = e.to_string();
                assert!(e.starts_with("not saved: database or disk is full"), "{e}");
            }
        }
        // The file after the failed one is stored: the run goes on.
        assert!(
            outcomes[first_failure + 1..].iter().all(Result::is_ok),
            "{outcomes:?}"
        );
        drop(importer);
        let stored = store.list_activities(TimeRange::all()).await.expect("list");
        assert_eq!(stored.len(), outcomes.iter().filter(|o| o.is_ok()).count());
    }
}
