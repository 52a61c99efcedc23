//! Upgrading a data directory whose plan was saved as report JSON (before
//! typed records, migration 0008): the database is built at schema 0007
//! with the rows that version wrote, the plan's body being the real
//! `plan --format json` output (what it saved). After the upgrade,
//! `plan --adapt`, the calendar's cancellations, `insights` and the
//! clinician report read that plan as the version before did, and as a
//! data directory planned by this version reads its own.

mod common;

use std::path::{Path, PathBuf};

use common::{Done, Run, example, repo};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use tempfile::TempDir;

/// What `plan --adapt --weeks 4 --format markdown` printed before its
/// triage, in the version before typed records, for the steps of
/// `steps` (its snapshot `replan__markdown_changes_of_a_step_back`): the
/// weekly distance steps back from the week's target as the report
/// rounded it (15.5 km, so 12.4 km).
const CHANGES_BEFORE: &str = "\
## Adapted from your pain log: step back

From week 4 of the plan that started 2026-11-02.

- Plan re-made from today, Wed 25 Nov 2026, for 4 week(s), instead of continuing week 4 of the plan that started 2026-11-02: the pain-monitoring rule below is applied to where you stand now. [SILBERNAGEL-2007]
- Weekly distance 15.5 km -> 12.4 km (down 20% until the pain settles). Why (your run of Tue 24 Nov): Pain reached 6/10, above the 5/10 ceiling of the pain-monitoring model: step back. [SILBERNAGEL-2007]
- Warrior pose (hamstring extension): rounds 2 -> 1 (down); later weeks follow the routine's progression from there. Why (your run of Tue 24 Nov): Pain reached 6/10, above the 5/10 ceiling of the pain-monitoring model: step back. [SILBERNAGEL-2007]
- Warrior pose (hamstring extension): reps per round 10 -> 10 (kept). Why (your run of Tue 24 Nov): Pain reached 6/10, above the 5/10 ceiling of the pain-monitoring model: step back. [SILBERNAGEL-2007]
- Every run easy (no steady runs) until the pain settles. Why (your run of Tue 24 Nov): Pain reached 6/10, above the 5/10 ceiling of the pain-monitoring model: step back. [SILBERNAGEL-2007, SEED-DOCTOR]
";

fn run_in(dir: TempDir, args: &[&str]) -> Done {
    let done = args
        .iter()
        .fold(Run::new(&[]).in_dir(dir), |r, a| r.arg(a))
        .run();
    assert_eq!(done.code, 0, "{args:?}: {}", done.stderr);
    done
}

fn database(dir: &TempDir) -> PathBuf {
    dir.path().join("data").join("backstride.db")
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Runtime::new().expect("runtime").block_on(f)
}

async fn connect(db: &Path, create: bool) -> SqliteConnection {
    SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(create)
        .connect()
        .await
        .expect("connects")
}

type Document = (i64, String, String, Option<String>, Option<i64>, i64);

/// Every document row of a data directory.
fn documents(db: &Path) -> Vec<Document> {
    block_on(async {
        let mut conn = connect(db, false).await;
        let rows = sqlx::query_as(
            "SELECT id, kind, body, plan_start, plan_weeks, created_ms FROM documents ORDER BY id",
        )
        .fetch_all(&mut conn)
        .await
        .expect("reads");
        conn.close().await.expect("closes");
        rows
    })
}

/// A data directory at schema 0007 holding `rows` as that version wrote
/// them.
fn before_typed_records(rows: &[Document]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = database(&dir);
    std::fs::create_dir_all(db.parent().expect("data dir")).expect("data dir");
    let migrations = tempfile::tempdir().expect("temp dir");
    let source = repo().join("crates/store/migrations/sqlite");
    for entry in std::fs::read_dir(&source).expect("migrations") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.as_bytes().first().is_some_and(u8::is_ascii_digit) && name < "0008" {
            std::fs::copy(&path, migrations.path().join(name)).expect("copied");
        }
    }
    block_on(async {
        let mut conn = connect(&db, true).await;
        let migrator = sqlx::migrate::Migrator::new(migrations.path())
            .await
            .expect("reads migrations");
        assert_eq!(migrator.iter().count(), 7, "0001-0007");
        migrator.run(&mut conn).await.expect("schema 0007");
        for (id, kind, body, start, weeks, created_ms) in rows {
            sqlx::query(
                "INSERT INTO documents (id, kind, body, plan_start, plan_weeks, created_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(kind)
            .bind(body)
            .bind(start)
            .bind(weeks)
            .bind(created_ms)
            .execute(&mut conn)
            .await
            .expect("inserted");
        }
        conn.close().await.expect("closes");
    });
    dir
}

/// The pain that makes `plan --adapt` step back (as in tests/replan.rs).
fn steps(dir: TempDir) -> TempDir {
    let dir = run_in(
        dir,
        &[
            "log",
            "pain",
            "--region",
            "lower-back",
            "--nrs",
            "6",
            "--when",
            "during",
            "--at",
            "2026-11-24T12:00",
        ],
    )
    .dir;
    run_in(
        dir,
        &[
            "log",
            "pain",
            "--region",
            "lower-back",
            "--nrs",
            "1",
            "--when",
            "next-morning",
            "--at",
            "2026-11-25T07:00",
        ],
    )
    .dir
}

/// Everything the commands read of the saved plan, in one data directory:
/// the insights, the clinician page, the re-plan's changes and the
/// sessions its calendar cancels.
struct Reads {
    insights: serde_json::Value,
    clinician: String,
    changes: String,
    cancelled: Vec<String>,
}

fn reads(dir: TempDir) -> (Reads, TempDir) {
    let insights = run_in(dir, &["insights", "--json"]);
    let page = insights.dir.path().join("report.html");
    let clinician = run_in(
        insights.dir,
        &["report", "--html", page.to_str().expect("utf-8")],
    );
    let clinician_html = std::fs::read_to_string(&page).expect("report written");
    let ics = clinician.dir.path().join("adapted.ics");
    let adapted = run_in(
        clinician.dir,
        &[
            "plan",
            "--adapt",
            "--no-save",
            "--weeks",
            "4",
            "--format",
            "markdown",
            "--ics",
            ics.to_str().expect("utf-8"),
        ],
    );
    let changes = adapted
        .stdout
        .split("## Triage")
        .next()
        .and_then(|head| head.split_once("## Adapted"))
        .map(|(_, rest)| format!("## Adapted{}\n", rest.trim_end()))
        .expect("changes first");
    let calendar = std::fs::read_to_string(&ics).expect("calendar written");
    // Each cancelled event, by its UID and day.
    let cancelled = calendar
        .split("BEGIN:VEVENT")
        .filter(|e| e.contains("STATUS:CANCELLED"))
        .map(|e| {
            e.lines()
                .filter(|l| l.starts_with("UID:") || l.starts_with("DTSTART"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    (
        Reads {
            insights: insights_json(&insights.stdout),
            clinician: clinician_html,
            changes,
            cancelled,
        },
        adapted.dir,
    )
}

fn insights_json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn a_plan_saved_as_report_json_reads_as_before_after_the_upgrade() {
    // This version plans; its `--format json` output is the report the
    // version before saved as the plan.
    let planned = Run::new(&[
        "plan",
        "--save",
        "--start",
        "2026-11-02",
        "--format",
        "json",
    ])
    .arg("--answers")
    .arg(example("lower-back.toml"))
    .run();
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    let report = planned.stdout.clone();
    let typed_rows = documents(&database(&planned.dir));
    assert_eq!(
        typed_rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ["answers", "plan"],
        "plan saves the answers and the plan"
    );
    let old_rows: Vec<Document> = typed_rows
        .iter()
        .cloned()
        .map(|mut row| {
            if row.1 == "plan" {
                row.2 = report.clone();
            }
            row
        })
        .collect();
    let old = before_typed_records(&old_rows);

    let (typed, _typed_dir) = reads(steps(planned.dir));
    let (upgraded, old) = reads(steps(old));

    // The upgrade kept the report word for word beside the record.
    let kept: Vec<(i64, Option<i64>, Option<String>)> = block_on(async {
        let mut conn = connect(&database(&old), false).await;
        let rows = sqlx::query_as(
            "SELECT id, layout, legacy_body FROM documents WHERE kind = 'plan' ORDER BY id",
        )
        .fetch_all(&mut conn)
        .await
        .expect("reads");
        conn.close().await.expect("closes");
        rows
    });
    assert_eq!(kept, vec![(typed_rows[1].0, Some(1), Some(report.clone()))]);

    // plan --adapt reads the weeks as the version before did (the report's
    // 0.1 km targets); a plan saved by this version keeps exact metres.
    assert_eq!(upgraded.changes, CHANGES_BEFORE);
    assert_eq!(
        typed.changes,
        CHANGES_BEFORE.replace("15.5 km -> 12.4 km", "15.5 km -> 12.3 km")
    );
    // The calendar cancels the same sessions of the saved plan.
    assert!(!upgraded.cancelled.is_empty(), "a re-plan cancels sessions");
    assert_eq!(upgraded.cancelled, typed.cancelled);
    // Insights take the same planned routine days and dose from it.
    let routine = &upgraded.insights["routine"];
    assert_eq!(routine["plan"], true, "{routine}");
    assert!(
        routine["planned_days"].as_u64().is_some_and(|n| n > 0),
        "{routine}"
    );
    assert_eq!(upgraded.insights, typed.insights);
    // The clinician page says the same about the plan.
    assert!(
        upgraded.clinician.contains("Plan saved"),
        "{}",
        upgraded.clinician
    );
    assert_eq!(upgraded.clinician, typed.clinician);
}
