//! Each activity's heart-rate time (seconds at each bpm): written at import
//! to match the stored samples exactly, replaced with a richer copy's data,
//! read for a range in one call, and filled on open for rows stored before
//! it existed (or under another layout), once.

use std::path::Path;

use backstride_core::activity::Activity;
use backstride_core::activity::hr::HrTime;
use backstride_store::{ImportOutcome, Store, TimeRange};

use crate::support::{at, backends, record, run, shifted};

/// The heart-rate time of every stored activity, and what its stored
/// samples give, side by side.
async fn column_and_samples(store: &Store) -> Vec<(i64, HrTime, HrTime)> {
    let mut out = Vec::new();
    for row in store
        .heart_rate_time(TimeRange::all())
        .await
        .expect("reads heart rate")
    {
        let stored = store
            .load_activity(row.activity_id)
            .await
            .expect("loads")
            .expect("exists");
        let from_samples = HrTime::from_activity_samples(&stored.activity.samples);
        out.push((row.activity_id, row.hr, from_samples));
    }
    out
}

/// Activities with heart rate, without, with pauses (gaps over 30 s) and
/// with a sample whose heart rate is missing.
fn mixed() -> Vec<Activity> {
    let mut paused = run(at(3, 4, 7), 8_000.0, 2_400, true);
    for (i, s) in paused.samples.iter_mut().enumerate() {
        s.t_s += 45.0 * (i / 600) as f64;
        if i % 11 == 5 {
            s.heart_rate = None;
        }
    }
    vec![
        run(at(3, 2, 7), 10_000.0, 3_600, true),
        run(at(3, 3, 7), 5_000.0, 1_500, false),
        paused,
        run(at(3, 5, 7), 100.0, 1, true),
    ]
}

#[tokio::test]
async fn the_column_matches_the_samples_of_every_import() {
    for b in backends().await {
        let activities = mixed();
        for (i, a) in activities.iter().enumerate() {
            let outcome = b
                .store
                .import_activity(&record(&format!("run-{i}.fit"), a))
                .await
                .expect("imports");
            assert!(matches!(outcome, ImportOutcome::Inserted(_)), "{}", b.name);
        }
        let rows = column_and_samples(&b.store).await;
        assert_eq!(rows.len(), activities.len(), "{}: a row each", b.name);
        for (id, column, samples) in &rows {
            assert_eq!(column, samples, "{}: activity {id}", b.name);
        }
        // Not trivially empty: the first run has an hour of time, the
        // paused one lost its pauses, the one without heart rate has none.
        let total = |hr: &HrTime| hr.seconds().iter().map(|(_, s)| s).sum::<f64>();
        assert_eq!(total(&rows[0].1), 3_599.0, "{}", b.name);
        assert!(total(&rows[2].1) < 2_399.0, "{}", b.name);
        assert_eq!(rows[1].1, HrTime::default(), "{}", b.name);
        assert_eq!(rows[3].1.samples(), 1, "{}", b.name);
    }
}

#[tokio::test]
async fn a_richer_copy_replaces_the_heart_rate_too() {
    for b in backends().await {
        let plain = run(at(3, 2, 7), 10_000.0, 3_600, false);
        let first = b
            .store
            .import_activity(&record("plain.gpx", &plain))
            .await
            .expect("imports");
        let with_hr = run(shifted(at(3, 2, 7), 5), 10_000.0, 3_600, true);
        let second = b
            .store
            .import_activity(&record("watch.fit", &with_hr))
            .await
            .expect("imports");
        assert_eq!(
            second,
            ImportOutcome::DuplicateActivity {
                existing_id: first.activity_id(),
                replaced: true
            },
            "{}",
            b.name
        );
        let rows = column_and_samples(&b.store).await;
        assert_eq!(rows.len(), 1, "{}", b.name);
        assert_eq!(rows[0].1, rows[0].2, "{}", b.name);
        assert_eq!(rows[0].1.samples(), 3_600, "{}", b.name);
    }
}

#[tokio::test]
async fn a_range_reads_only_the_activities_starting_in_it() {
    for b in backends().await {
        for (i, a) in mixed().iter().enumerate() {
            b.store
                .import_activity(&record(&format!("run-{i}.fit"), a))
                .await
                .expect("imports");
        }
        let listed = b
            .store
            .list_activities(TimeRange::between(at(3, 3, 0), at(3, 5, 0)))
            .await
            .expect("lists");
        let read = b
            .store
            .heart_rate_time(TimeRange::between(at(3, 3, 0), at(3, 5, 0)))
            .await
            .expect("reads");
        let ids: Vec<i64> = read.iter().map(|r| r.activity_id).collect();
        assert_eq!(
            ids,
            listed.iter().map(|s| s.id).collect::<Vec<_>>(),
            "{}",
            b.name
        );
        assert_eq!(ids.len(), 2, "{}", b.name);
    }
}

/// Runs SQL on the database file behind the store's back.
async fn tamper(path: &Path, sql: &str) {
    let url = format!("sqlite://{}", path.display());
    let pool = sqlx::SqlitePool::connect(&url).await.expect("connects");
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&pool)
        .await
        .expect("runs");
    pool.close().await;
}

async fn rows_in(path: &Path) -> i64 {
    let url = format!("sqlite://{}", path.display());
    let pool = sqlx::SqlitePool::connect(&url).await.expect("connects");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activity_heart_rate")
        .fetch_one(&pool)
        .await
        .expect("counts");
    pool.close().await;
    n
}

#[tokio::test]
async fn opening_fills_missing_and_outdated_rows_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("backstride.db");
    let store = Store::open(&path).await.expect("opens");
    let activities = mixed();
    for (i, a) in activities.iter().enumerate() {
        store
            .import_activity(&record(&format!("run-{i}.fit"), a))
            .await
            .expect("imports");
    }
    let written = column_and_samples(&store).await;
    store.close().await;

    // As a database from before the table: no rows at all; and one row of
    // another layout, with bytes that are not even a table.
    tamper(&path, "DELETE FROM activity_heart_rate").await;
    assert_eq!(rows_in(&path).await, 0);
    let store = Store::open(&path).await.expect("reopens");
    assert_eq!(column_and_samples(&store).await, written);
    store.close().await;
    tamper(
        &path,
        "UPDATE activity_heart_rate SET layout = 0, seconds = x'00' \
         WHERE activity_id = (SELECT MIN(activity_id) FROM activity_heart_rate)",
    )
    .await;
    let store = Store::open(&path).await.expect("reopens");
    assert_eq!(column_and_samples(&store).await, written);
    store.close().await;

    // Nothing left to do: opening again changes nothing.
    let store = Store::open(&path).await.expect("reopens");
    assert_eq!(column_and_samples(&store).await, written);
    store.close().await;
    assert_eq!(rows_in(&path).await, activities.len() as i64);
}

#[tokio::test]
async fn an_unreadable_sample_blob_leaves_its_activity_without_a_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("backstride.db");
    let store = Store::open(&path).await.expect("opens");
    for (i, a) in mixed().iter().enumerate() {
        store
            .import_activity(&record(&format!("run-{i}.fit"), a))
            .await
            .expect("imports");
    }
    store.close().await;
    tamper(&path, "DELETE FROM activity_heart_rate").await;
    tamper(
        &path,
        "UPDATE activity_samples SET samples = x'00' \
         WHERE activity_id = (SELECT MIN(activity_id) FROM activity_samples)",
    )
    .await;
    let store = Store::open(&path).await.expect("opens all the same");
    let read = store
        .heart_rate_time(TimeRange::all())
        .await
        .expect("reads");
    assert_eq!(read.len(), mixed().len() - 1);
    store.close().await;
}
