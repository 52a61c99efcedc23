//! Crash safety: a bulk import killed with SIGKILL part-way leaves a
//! database that opens, passes SQLite's integrity check, holds only whole
//! activities (every sample blob decodes to its promised count and equals
//! what was imported), and a re-run of the same import stores exactly the
//! rest.
//!
//! The child is this test binary itself, running the ordinary bulk-import
//! test below with `BACKSTRIDE_CRASH_DB` naming the database to fill; it
//! prints one line per committed file, and the parent kills it after
//! [`KILL_AFTER`] lines, most likely in the middle of a transaction.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use backstride_core::activity::Activity;
use backstride_store::{ImportOutcome, Store, TimeRange};

use crate::support::{at, record, run, shifted};

/// Names the database the child fills.
const CHILD_DB: &str = "BACKSTRIDE_CRASH_DB";

/// Files in the bulk import.
const TOTAL: usize = 150;

/// Committed files after which the parent kills the child.
const KILL_AFTER: usize = 25;

/// The bulk import: one-hour 1 Hz runs, a day apart.
fn corpus() -> Vec<(String, Activity)> {
    (0..TOTAL)
        .map(|i| {
            let start = shifted(at(1, 1, 7), i as i64 * 86_400);
            (
                format!("run-{i:04}.fit"),
                run(start, 10_000.0 + i as f64, 3600, true),
            )
        })
        .collect()
}

/// Imports every file of the corpus in order, printing `stored N` after
/// each commit; returns the outcomes.
async fn import_all(store: &Store, announce: bool) -> Vec<ImportOutcome> {
    let mut outcomes = Vec::with_capacity(TOTAL);
    for (i, (file, activity)) in corpus().iter().enumerate() {
        outcomes.push(
            store
                .import_activity(&record(file, activity))
                .await
                .expect("imports"),
        );
        if announce {
            println!("stored {i}");
        }
    }
    outcomes
}

#[tokio::test]
async fn bulk_import_stores_every_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = std::env::var_os(CHILD_DB).map_or_else(|| dir.path().join("bulk.db"), PathBuf::from);
    let store = Store::open(&path).await.expect("opens");
    let outcomes = import_all(&store, true).await;
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, ImportOutcome::Inserted(_)))
    );
    assert_eq!(
        store
            .list_activities(TimeRange::all())
            .await
            .expect("lists")
            .len(),
        TOTAL
    );
}

#[tokio::test]
async fn a_killed_bulk_import_leaves_whole_activities_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("crash.db");
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "crash::bulk_import_stores_every_file",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("child starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut committed = 0;
    for line in BufReader::new(stdout).lines() {
        if line.expect("reads child output").starts_with("stored ") {
            committed += 1;
            if committed == KILL_AFTER {
                break;
            }
        }
    }
    child.kill().expect("kills the child");
    let status = child.wait().expect("child exits");
    assert!(!status.success(), "the child was killed, not finished");
    assert_eq!(
        committed, KILL_AFTER,
        "the child got as far as the kill point"
    );

    let store = Store::open(&db)
        .await
        .expect("the database opens after the kill");
    assert_eq!(store.integrity_check().await.expect("checks"), Ok(()));
    let stored = store
        .verify_activities()
        .await
        .expect("every stored activity is whole");
    assert!(
        (KILL_AFTER..TOTAL).contains(&stored),
        "killed mid-way: {stored} of {TOTAL} stored, at least {KILL_AFTER}"
    );
    let corpus = corpus();
    for summary in store
        .list_activities(TimeRange::all())
        .await
        .expect("lists")
    {
        let loaded = store
            .load_activity(summary.id)
            .await
            .expect("loads")
            .expect("exists");
        let index: usize = summary.source_name[4..8].parse().expect("corpus file name");
        assert_eq!(
            loaded.activity, corpus[index].1,
            "{} is whole",
            summary.source_name
        );
    }

    let outcomes = import_all(&store, false).await;
    let already = outcomes
        .iter()
        .filter(|o| matches!(o, ImportOutcome::DuplicateFile(_)))
        .count();
    let inserted = outcomes
        .iter()
        .filter(|o| matches!(o, ImportOutcome::Inserted(_)))
        .count();
    assert_eq!(
        (already, inserted),
        (stored, TOTAL - stored),
        "the re-run stores exactly the rest"
    );
    assert_eq!(store.verify_activities().await.expect("verifies"), TOTAL);
}
