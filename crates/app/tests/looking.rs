//! Looking never changes saved state (issue 14, item 4): through the real
//! binary, any sequence of read-only commands (`plan` in every format and
//! with fresh answers, `plan --adapt`, `insights`, `history`, `sources`,
//! `check --json`, `limits`, `report`, `export`, `assess --no-save`...)
//! leaves every saved row as it was, compared as a dump of the store's
//! tables; `plan --save` and `plan --adapt --save` do change it, and say so
//! in one line.

mod common;

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use common::{Done, Run, example};
use proptest::prelude::*;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use tempfile::TempDir;

/// The tables that hold what a runner saved or logged.
const SAVED: [&str; 14] = [
    "documents",
    "red_flag_checks",
    "red_flag_check_answers",
    "doctor_limits",
    "form_analyses",
    "pain_entries",
    "routine_entries",
    "routine_exercises",
    "cross_training_entries",
    "brace_entries",
    "rpe_entries",
    "activities",
    "activity_files",
    "activity_laps",
];

/// Every row of every saved table, each column `quote()`d, in row order.
fn dump(data: &Path) -> Vec<String> {
    let db = data.join("backstride.db");
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(async {
            let mut conn = SqliteConnectOptions::new()
                .filename(&db)
                .read_only(true)
                .connect()
                .await
                .expect("open the database");
            let mut out = Vec::new();
            for table in SAVED {
                let columns: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
                        .bind(table)
                        .fetch_all(&mut conn)
                        .await
                        .expect("columns");
                assert!(!columns.is_empty(), "no table {table}");
                let row = columns
                    .iter()
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                // Table and column names come from the list above and the
                // database's own catalogue.
                let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT {row} FROM \"{table}\" ORDER BY rowid"
                )))
                .fetch_all(&mut conn)
                .await
                .expect("rows");
                out.extend(rows.into_iter().map(|r| format!("{table}: {r}")));
            }
            conn.close().await.expect("close");
            out
        })
}

/// A GPX run at noon UTC on `date`, `points` seconds long, with heart rate.
fn gpx(date: &str, points: u32) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"looking\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"><trk><type>running</type><trkseg>\n",
    );
    for i in 0..points {
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"0.1\"><time>{date}T12:{:02}:{:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            51.5 + f64::from(i) * 0.00003,
            i / 60,
            i % 60,
            135 + i % 20,
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

fn run_in(dir: TempDir, args: &[&str]) -> Done {
    args.iter()
        .fold(Run::new(&[]).in_dir(dir), |r, a| r.arg(a))
        .run()
}

fn ok(dir: TempDir, args: &[&str]) -> TempDir {
    let done = run_in(dir, args);
    assert_eq!(done.code, 0, "{args:?}: {}", done.stderr);
    done.dir
}

/// A data directory with saved answers, an assessment, a saved plan,
/// limits, runs and pain logs; made once, copied for every case.
fn prepared() -> &'static Path {
    static DIR: OnceLock<TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let lower = example("lower-back.toml");
        let lower = lower.to_str().expect("utf-8");
        let dir = ok(
            tempfile::tempdir().expect("temp"),
            &["assess", "--answers", lower],
        );
        let dir = ok(dir, &["plan", "--save", "--start", "2026-11-02"]);
        let dir = ok(dir, &["limits", "--weekly-km", "25"]);
        let runs = dir.path().join("runs");
        fs::create_dir_all(&runs).expect("runs dir");
        for (k, d) in ["2026-11-09", "2026-11-12", "2026-11-16", "2026-11-19"]
            .iter()
            .enumerate()
        {
            fs::write(runs.join(format!("{d}.gpx")), gpx(d, 900 + 300 * k as u32)).expect("gpx");
        }
        let runs = runs.to_str().expect("utf-8").to_owned();
        let mut dir = ok(dir, &["import", &runs]);
        for (nrs, at) in [("2", "2026-11-09T14:00"), ("3", "2026-11-16T14:00")] {
            dir = ok(
                dir,
                &[
                    "log",
                    "pain",
                    "--region",
                    "lower-back",
                    "--nrs",
                    nrs,
                    "--when",
                    "after",
                    "--at",
                    at,
                ],
            );
        }
        dir
    })
    .path()
}

/// A fresh copy of the prepared data directory.
fn copy() -> TempDir {
    let to = tempfile::tempdir().expect("temp");
    let from = prepared().join("data");
    fs::create_dir_all(to.path().join("data")).expect("data dir");
    for entry in fs::read_dir(&from).expect("prepared data") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            fs::copy(entry.path(), to.path().join("data").join(entry.file_name())).expect("copy");
        }
    }
    to
}

/// Read-only commands; `{out}` is a folder for files they write, `{n}`
/// the step's number (so every export gets a new folder).
const READS: &[&[&str]] = &[
    &["plan"],
    &["plan", "--format", "markdown"],
    &[
        "plan",
        "--format",
        "html",
        "--output",
        "{out}/plan-{n}.html",
    ],
    &["plan", "--format", "json", "--weeks", "3"],
    &["plan", "--ics", "{out}/plan-{n}.ics"],
    &["plan", "--answers", "{upper}"],
    &["plan", "--answers", "{lower}", "--no-save", "--weeks", "2"],
    &["plan", "--adapt"],
    &[
        "plan",
        "--adapt",
        "--format",
        "json",
        "--ics",
        "{out}/adapt-{n}.ics",
    ],
    &["insights"],
    &["insights", "--json", "--max-hr", "188", "--rest-hr", "50"],
    &["history"],
    &["history", "--json"],
    &["sources"],
    &["check", "--json"],
    &["limits"],
    &["assess", "--answers", "{upper}", "--no-save"],
    &["report", "--html", "{out}/report-{n}.html"],
    &["export", "--out", "{out}/export-{n}"],
    &["schema"],
];

fn args(template: &[&str], out: &Path, n: usize) -> Vec<String> {
    let upper = example("upper-back.toml");
    let lower = example("lower-back.toml");
    template
        .iter()
        .map(|a| {
            a.replace("{out}", &out.to_string_lossy())
                .replace("{n}", &n.to_string())
                .replace("{upper}", &upper.to_string_lossy())
                .replace("{lower}", &lower.to_string_lossy())
        })
        .collect()
}

proptest! {
    // Each case runs the binary a few times.
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn no_read_command_changes_saved_state(steps in prop::collection::vec(0..READS.len(), 1..5)) {
        let mut dir = copy();
        let before = dump(&dir.path().join("data"));
        prop_assert!(before.iter().any(|r| r.starts_with("documents: ")));
        let out = tempfile::tempdir().expect("out");
        for (n, &i) in steps.iter().enumerate() {
            let a = args(READS[i], out.path(), n);
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let done = run_in(dir, &a);
            prop_assert!(done.code == 0 || done.code == 3, "{:?} exited {}: {}", a, done.code, done.stderr);
            prop_assert!(!done.stderr.contains("Saved your"), "{:?}: {}", a, done.stderr);
            dir = done.dir;
            let after = dump(&dir.path().join("data"));
            prop_assert_eq!(&before, &after, "{:?} changed saved state", a);
        }
    }
}

#[test]
fn plan_says_it_did_not_save_and_save_keeps_it() {
    let dir = copy();
    let before = dump(&dir.path().join("data"));
    let shown = run_in(dir, &["plan", "--start", "2026-12-07", "--weeks", "6"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(
        shown.stderr.contains("Not saved: add --save"),
        "{}",
        shown.stderr
    );
    assert_eq!(before, dump(&shown.dir.path().join("data")));

    let saved = run_in(
        shown.dir,
        &["plan", "--save", "--start", "2026-12-07", "--weeks", "6"],
    );
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    let said: Vec<&str> = saved
        .stderr
        .lines()
        .filter(|l| l.starts_with("Saved"))
        .collect();
    assert_eq!(
        said,
        ["Saved your plan (6 weeks from 2026-12-07); `backstride plan --adapt` builds from it."],
        "{}",
        saved.stderr
    );
    let after = dump(&saved.dir.path().join("data"));
    assert_ne!(before, after);
    // One new row: the plan (saved answers are not saved again).
    assert_eq!(after.len(), before.len() + 1);
    assert!(
        after
            .iter()
            .filter(|r| !before.contains(r))
            .all(|r| r.starts_with("documents: ") && r.contains("'plan'")),
        "{after:?}"
    );

    // Fresh answers with --save are kept with the plan.
    let lower = example("lower-back.toml");
    let fresh = run_in(
        saved.dir,
        &[
            "plan",
            "--save",
            "--answers",
            lower.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    assert!(
        fresh
            .stderr
            .contains("Saved your answers and plan (8 weeks from 2026-11-25)"),
        "{}",
        fresh.stderr
    );
    assert_eq!(dump(&fresh.dir.path().join("data")).len(), after.len() + 2);
}

#[test]
fn a_re_plan_is_shown_and_kept_only_with_save() {
    let dir = copy();
    let before = dump(&dir.path().join("data"));
    let shown = run_in(dir, &["plan", "--adapt", "--weeks", "4"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(
        shown.stderr.contains("add --save to keep this re-plan"),
        "{}",
        shown.stderr
    );
    assert_eq!(before, dump(&shown.dir.path().join("data")));
    let kept = run_in(shown.dir, &["plan", "--adapt", "--save", "--weeks", "4"]);
    assert_eq!(kept.code, 0, "{}", kept.stderr);
    assert!(
        kept.stderr
            .contains("Saved your re-plan (4 weeks from 2026-11-25); `backstride plan --adapt` builds from it."),
        "{}",
        kept.stderr
    );
    assert_eq!(dump(&kept.dir.path().join("data")).len(), before.len() + 1);
}

#[test]
fn save_and_no_save_together_are_refused() {
    let done = Run::new(&["plan", "--save", "--no-save"])
        .arg("--answers")
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(done.stderr.contains("--no-save"), "{}", done.stderr);
}
