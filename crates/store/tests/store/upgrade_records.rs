//! A database from before typed records (schema 0007), holding plans and
//! an assessment as the report JSON the app used to save, is upgraded on
//! open: each report becomes a typed record and its text is kept word for
//! word; a report that does not convert stays readable as legacy text.
//! Nothing saved is lost, and a second open changes nothing.

use std::path::Path;

use backstride_store::Saved;
use backstride_store::Store;
use backstride_store::saved::plan::{
    ActionRecord, AppliedRecord, IntensityRecord, PlanOutcomeRecord, RunKindRecord, SessionRecord,
};
use chrono::NaiveDate;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

/// A plan report as `plan --adapt --format json` printed (and saved) it
/// before typed records, trimmed to a week and three days.
const READY_REPORT: &str = r#"{"schema_version":1,"generated_on":"2026-11-25","disclaimer":"Not a medical device.",
"assessment":{"triage":{"tier":"self-manage","allows_plan":true,"instruction":null,"flags":[]},
 "causes":[],"recommendations":[],"core_tests":[],"ratios":[],"signals":["region.lower-back"]},
"adaptation":{"action":"hold","reasons":["pain settled"],"based_on":"week 4","applied":{"run_day":"2026-11-24","action":"step-back"},"changes":[]},
"plan":{"status":"ready","start":"2026-11-25","end":"2026-12-01","cross_days_per_30":4,
 "routine_name":"Core routine","routine_when":"before each run",
 "notices":[{"kind":"doctor","text":"Your doctor's cap of 20 km a week.","sources":["SEED-DOCTOR"]}],
 "weeks":[{"number":1,"start":"2026-11-25","target_km":14.4,"scheduled_km":14.0,"runs":3,"cross_sessions":1,
   "lighter":false,"capped":true,"routine_rounds":2}],
 "days":[
  {"date":"2026-11-25","week":1,"title":"Easy run 4.0 km, about 26 min","session":{"type":"run","kind":"easy",
   "intensity":"easy","distance_km":4.0,"est_minutes":26,"brace":false,"routine":[
   {"exercise_id":"warrior-pose","name":"Warrior pose","sets":2,"reps":10,"per_side":false,"hold_s":15,
    "at_least":false,"dose":"2 rounds of 10 reps, hold each 15 s","replaces":null,"sources":["SEED-ROUTINE"]}]}},
  {"date":"2026-11-27","week":1,"title":"Cycling 30 min (easy)","session":{"type":"cross-train",
   "activity":"cycling","minutes":30,"routine":[]}},
  {"date":"2026-11-29","week":1,"title":"Long run 6.0 km","session":{"type":"run","kind":"long",
   "intensity":"easy","distance_km":6.0,"est_minutes":null,"brace":true,"routine":[]}}],
 "exercises":[],"running_evidence":{"level":"low","verdict":"consistent","note":"n","caveat":false},
 "cross_training_evidence":{"level":"low","verdict":"plausible","note":"n","caveat":true}},
"sources":[]}"#;

const ASSESSMENT_REPORT: &str = r#"{"schema_version":1,"generated_on":"2026-11-20","disclaimer":"x",
"assessment":{"triage":{"tier":"self-manage","allows_plan":true,"instruction":null,"flags":[]},
 "causes":[{"id":"weak-core","name":"Weak core","summary":"s","score":6,"share_pct":100,
   "reasons":[{"signal":"core.plank-low","weight":6,"why":"short plank"}],"sources":["S1"],
   "evidence":{"level":"low","verdict":"plausible","note":"n","caveat":true}}],
 "recommendations":[{"id":"core-routine","name":"Core routine","summary":"s","because":["weak core"],
   "sources":["S1"],"evidence":{"level":"moderate","verdict":"supported","note":"n","caveat":false}}],
 "core_tests":[],"ratios":[],"signals":["core.plank-low"]},"sources":[]}"#;

/// Creates a database at schema 0007 (the embedded migrations up to it,
/// run from a copy) at `db`.
async fn schema_7(db: &Path) {
    let dir = tempfile::tempdir().expect("temp dir");
    let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    for entry in std::fs::read_dir(&migrations).expect("migrations") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.as_bytes().first().is_some_and(u8::is_ascii_digit) && name < "0008" {
            std::fs::copy(&path, dir.path().join(name)).expect("copied");
        }
    }
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(true)
        .connect()
        .await
        .expect("connects");
    let migrator = sqlx::migrate::Migrator::new(dir.path())
        .await
        .expect("reads migrations");
    assert_eq!(migrator.iter().count(), 7, "0001-0007");
    migrator.run(&mut conn).await.expect("migrates to 0007");
    conn.close().await.expect("closes");
}

async fn connect(db: &Path) -> SqliteConnection {
    SqliteConnectOptions::new()
        .filename(db)
        .connect()
        .await
        .expect("connects")
}

/// Inserts a document row as the store before typed records wrote it.
async fn insert(conn: &mut SqliteConnection, kind: &str, body: &str, plan: bool, ms: i64) {
    sqlx::query(
        "INSERT INTO documents (kind, body, plan_start, plan_weeks, created_ms) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(kind)
    .bind(body)
    .bind(plan.then_some("2026-11-25"))
    .bind(plan.then_some(1_i64))
    .bind(ms)
    .execute(&mut *conn)
    .await
    .expect("inserted");
}

type Layouts = Vec<(i64, Option<i64>, Option<String>)>;

async fn layouts(db: &Path) -> Layouts {
    let mut conn = connect(db).await;
    let rows = sqlx::query_as("SELECT id, layout, legacy_body FROM documents ORDER BY id")
        .fetch_all(&mut conn)
        .await
        .expect("reads");
    conn.close().await.expect("closes");
    rows
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("valid date")
}

#[tokio::test]
async fn report_json_plans_and_assessments_become_records_and_keep_their_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("backstride.db");
    schema_7(&db).await;
    let mut conn = connect(&db).await;
    insert(&mut conn, "answers", "age = 40\n", false, 1_000).await;
    insert(&mut conn, "assessment", ASSESSMENT_REPORT, false, 2_000).await;
    // An older plan that does not read (another layout), then the latest.
    insert(
        &mut conn,
        "plan",
        r#"{"plan":{"weeks":"many"}}"#,
        true,
        3_000,
    )
    .await;
    insert(&mut conn, "plan", READY_REPORT, true, 4_000).await;
    conn.close().await.expect("closes");

    let store = Store::open(&db).await.expect("opens and upgrades");
    let plan = store.latest_plan().await.expect("reads").expect("saved");
    assert_eq!(
        plan.id, 4,
        "the row keeps its id (a calendar's SEQUENCE rests on it)"
    );
    let record = plan.plan.record().expect("converted").clone();
    assert!(record.from_report);
    assert_eq!(record.request.start, day(11, 25));
    assert_eq!(record.request.weeks, 1);
    assert_eq!(record.request.cross_days_per_30, Some(4));
    assert_eq!(
        record.applied,
        Some(AppliedRecord {
            run_day: day(11, 24),
            action: ActionRecord::StepBack
        })
    );
    let PlanOutcomeRecord::Ready(ready) = &record.outcome else {
        panic!("a ready plan: {record:?}");
    };
    assert_eq!(ready.weeks.len(), 1);
    assert_eq!(ready.weeks[0].target_m, 14_400);
    assert_eq!(ready.weeks[0].routine_rounds, 2);
    assert_eq!(ready.days.len(), 3);
    assert_eq!(ready.days[0].title, "Easy run 4.0 km, about 26 min");
    match &ready.days[0].session {
        SessionRecord::Run {
            kind,
            intensity,
            distance_m,
            routine,
            ..
        } => {
            assert_eq!(
                (*kind, *intensity, *distance_m),
                (RunKindRecord::Easy, IntensityRecord::Easy, 4_000)
            );
            assert_eq!(routine[0].exercise_id, "warrior-pose");
            assert_eq!(routine[0].dose, "2 rounds of 10 reps, hold each 15 s");
        }
        other => panic!("a run: {other:?}"),
    }
    assert_eq!(
        ready.running_evidence.as_ref().map(|e| e.level.as_str()),
        Some("low")
    );
    let assessment = store
        .latest_assessment()
        .await
        .expect("reads")
        .expect("saved");
    let a = assessment.assessment.record().expect("converted");
    assert_eq!(a.causes[0].score, 6);
    assert_eq!(a.recommendations[0].evidence.level, "moderate");
    assert_eq!(a.recommendations[0].sources, ["S1"]);
    store.close().await;

    // The reports' text is kept; the one that did not convert is legacy.
    let rows = layouts(&db).await;
    assert_eq!(
        rows,
        vec![
            (1, None, None),
            (2, Some(1), Some(ASSESSMENT_REPORT.to_owned())),
            (3, Some(0), None),
            (4, Some(1), Some(READY_REPORT.to_owned())),
        ]
    );
    // A second open changes nothing, and the answers are as they were.
    let store = Store::open(&db).await.expect("opens");
    assert_eq!(
        store.latest_answers().await.expect("reads").map(|a| a.body),
        Some("age = 40\n".to_owned())
    );
    // The export carries the kept reports.
    let exported = store.export_all().await.expect("exports").documents;
    assert_eq!(
        exported
            .iter()
            .map(|d| (d.id, d.layout, d.legacy_body.clone()))
            .collect::<Vec<_>>(),
        rows
    );
    store.close().await;
    assert_eq!(layouts(&db).await, rows);
    // The unconverted plan, once the latest, reads as legacy with its text.
    let mut conn = connect(&db).await;
    sqlx::query("DELETE FROM documents WHERE id = 4")
        .execute(&mut conn)
        .await
        .expect("deleted");
    conn.close().await.expect("closes");
    let store = Store::open(&db).await.expect("opens");
    let old = store.latest_plan().await.expect("reads").expect("saved");
    match old.plan {
        Saved::Legacy { body, problem } => {
            assert_eq!(body, r#"{"plan":{"weeks":"many"}}"#);
            assert!(problem.contains("not a report"), "{problem}");
        }
        Saved::Record(r) => panic!("not convertible: {r:?}"),
    }
}

#[tokio::test]
async fn a_row_not_converted_yet_is_read_on_the_fly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("backstride.db");
    let store = Store::open(&db).await.expect("opens");
    // As if the open-time conversion had not run (a full disk then).
    let mut conn = connect(&db).await;
    insert(&mut conn, "plan", READY_REPORT, true, 4_000).await;
    conn.close().await.expect("closes");
    let plan = store.latest_plan().await.expect("reads").expect("saved");
    let record = plan.plan.record().expect("read on the fly");
    assert!(record.from_report);
    assert_eq!(record.ready().map(|r| r.days.len()), Some(3));
    store.close().await;
    // The next open converts it for good.
    Store::open(&db).await.expect("opens").close().await;
    assert_eq!(
        layouts(&db).await,
        vec![(1, Some(1), Some(READY_REPORT.to_owned()))]
    );
}
