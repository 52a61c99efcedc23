//! Handler tests of the Today page and its API: no plan, a run today, the
//! routine logged through the form and the API, how the back is (with a
//! note that names a warning sign leading to the questions and, on "yes",
//! to the stop), bad input as 400 with a message, never 500.
//!
//! "Today" is the machine's local day here, as the server reads it, so
//! that entries logged "now" fall on the day the rule looks at.

use axum::http::StatusCode;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::schedule::RunDays;
use backstride_core::plan::{PlanOutcome, PlanRequest, Session, build_on_days};
use backstride_store::{CheckSource, TimeRange};
use chrono::NaiveDate;

use crate::answers_file::{self, RawAnswers};
use crate::commands::Clock;
use crate::storage::Opened;
use crate::web::testing::{CSRF, TestApp, app};

const ANSWERS: &str = include_str!("../../../../../examples/answers/lower-back.toml");

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Saves the example runner's answers, a complete red-flag check (all
/// "no") and a plan whose day `today` is a run (or cross-training when
/// `run` is false), as `backstride assess` and `backstride plan` save them.
fn seed_plan(db: &Opened, kb: &KnowledgeBase, clock: &Clock, run: bool) -> anyhow::Result<()> {
    let answers = answers_file::parse(ANSWERS).and_then(|raw| raw.validate(kb))?;
    db.run(
        db.store
            .save_answers(&RawAnswers::from_answers(&answers).to_toml()?, clock.now),
    )?;
    let no: std::collections::BTreeMap<String, bool> = kb
        .asked_flags()
        .map(|(f, _)| (f.id.clone(), false))
        .collect();
    crate::safety::save_check(db, kb, &no, CheckSource::Assess, clock.now)?;
    let assessment = crate::safety::assess(db, kb, &answers)?;
    let limits = crate::doctor_limits::InForce::read(db)?;
    // The run days that put the wanted session on today (the planner keeps
    // its weekdays whatever day a plan starts on).
    let choices = (0..7u8).flat_map(|shift| [(shift, None), (shift, Some(12))]);
    for (shift, cross_days_per_30) in choices {
        let days: Vec<chrono::Weekday> = [1u8, 3, 5]
            .iter()
            .filter_map(|d| chrono::Weekday::try_from((d + shift) % 7).ok())
            .collect();
        let request = PlanRequest {
            start: clock.today,
            weeks: 4,
            cross_days_per_30,
        };
        let run_days = RunDays::new(&days, days.last().copied());
        let outcome = build_on_days(kb, &limits.caps(&answers), &assessment, request, run_days)?;
        let PlanOutcome::Ready(plan) = &outcome else {
            anyhow::bail!("the example runner's plan was held back");
        };
        let fits = plan
            .days
            .iter()
            .any(|d| d.date == clock.today && matches!(d.session, Session::Run(_)) == run);
        if fits {
            let record = crate::saved::plan_record(
                &outcome,
                request,
                &limits.caps(&answers).caps,
                None,
                &[],
            );
            db.run(db.store.save_plan(&record, clock.now))?;
            return Ok(());
        }
    }
    anyhow::bail!("no plan start puts that session on today")
}

async fn with_plan(run: bool) -> TestApp {
    let t = app(today()).await;
    t.state
        .run(move |ctx| seed_plan(ctx.db, ctx.kb, ctx.clock, run))
        .await
        .expect("a plan is saved");
    t
}

fn form<'a>(pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("_csrf", CSRF)];
    all.extend_from_slice(pairs);
    all
}

#[tokio::test]
async fn without_a_plan_today_says_do_the_check_in_and_the_api_says_no_plan() {
    let t = app(today()).await;
    let res = t.server.get("/today").await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("No plan yet: do the check-in"), "{body}");
    assert!(body.contains("href=\"/check-in\""));
    assert!(!body.contains("routine-form"), "no routine without a plan");
    assert!(
        body.contains("id=\"pain-form\""),
        "the back can still be logged"
    );
    assert!(body.contains("/assets/today.css") && body.contains("/assets/today.js"));
    let api: serde_json::Value = t.server.get("/api/v1/today").await.json();
    assert_eq!(api["status"], "no-plan");
    assert!(api["routine"].as_array().is_some_and(Vec::is_empty));
    // `/` leads here.
    let root = t.server.get("/").await;
    root.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(root.header("location"), "/today");
}

#[tokio::test]
async fn a_run_day_shows_the_run_and_the_routine_with_doses_steps_and_figures() {
    let t = with_plan(true).await;
    let body = t.server.get("/today").await.text();
    assert!(body.contains("Run: "), "no run heading");
    assert!(body.contains(" km, "), "no distance");
    assert!(body.contains("Intensity: "), "no intensity");
    assert!(body.contains("Evidence: "), "no evidence level");
    // The routine: warrior pose held 15 s, bicycle crunches 10 a side, the
    // ball pike or its named substitute, each with its steps and figure.
    assert!(body.contains("data-id=\"warrior-pose\""));
    assert!(
        body.contains("data-hold=\"15\""),
        "the warrior pose's 15 s hold"
    );
    assert!(body.contains("data-id=\"bicycle-crunch\""));
    assert!(body.contains("data-per-side=\"1\""));
    assert!(
        body.contains("data-id=\"ball-pike\"") || body.contains("In place of Ball pike"),
        "no ball pike or its substitute"
    );
    assert!(body.contains("<ol class=\"how\"><li>"), "no how-to steps");
    assert!(body.contains("<svg class=\"figure\""), "no stick figure");
    assert!(body.contains("data-routine-player"), "no player");
    assert!(body.contains("id=\"routine-form\""), "no plain form");
    // The API says the same.
    let api: serde_json::Value = t.server.get("/api/v1/today").await.json();
    assert_eq!(api["status"], "day");
    assert_eq!(api["session"]["type"], "run");
    assert!(
        api["session"]["distance_km"]
            .as_f64()
            .is_some_and(|km| km > 0.0)
    );
    let routine = api["routine"].as_array().expect("routine");
    let warrior = routine
        .iter()
        .find(|s| s["exercise_id"] == "warrior-pose")
        .expect("warrior pose");
    assert_eq!(warrior["hold_s"], 15);
    let crunch = routine
        .iter()
        .find(|s| s["exercise_id"] == "bicycle-crunch")
        .expect("bicycle crunch");
    assert_eq!(
        (crunch["reps"].as_u64(), crunch["per_side"].as_bool()),
        (Some(10), Some(true))
    );
    assert!(warrior["how"].as_array().is_some_and(|h| !h.is_empty()));
}

#[tokio::test]
async fn a_cross_training_day_names_its_alternatives() {
    let t = with_plan(false).await;
    let api: serde_json::Value = t.server.get("/api/v1/today").await.json();
    assert_eq!(api["status"], "day");
    let kind = api["session"]["type"].as_str().expect("type");
    assert!(kind == "cross-train" || kind == "rest", "{kind}");
    let body = t.server.get("/today").await.text();
    if kind == "cross-train" {
        assert!(body.contains("Cross-training: "));
        assert!(body.contains("Without it, instead: swimming"));
    } else {
        assert!(body.contains("Rest day"));
    }
}

#[tokio::test]
async fn a_routine_logged_through_the_form_is_stored_as_the_cli_stores_it() {
    let t = with_plan(true).await;
    let res = t
        .server
        .post("/today/routine")
        .form(&form(&[
            ("done", "warrior-pose"),
            ("reps.warrior-pose", "10"),
            ("done", "bicycle-crunch"),
            ("reps.bicycle-crunch", "20"),
            // Unticked: skipped, not stored.
            ("reps.ball-pike", "10"),
            ("rounds", "2"),
            ("note", "felt fine"),
        ]))
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), "/today?saved=routine");
    let stored = t
        .state
        .store()
        .list_routines(TimeRange::all())
        .await
        .expect("routines");
    assert_eq!(stored.len(), 1);
    let r = &stored[0];
    assert_eq!(r.rounds, 2);
    let done: Vec<(&str, u16)> = r
        .exercises
        .iter()
        .map(|e| (e.exercise_id.as_str(), e.reps))
        .collect();
    assert_eq!(done, vec![("warrior-pose", 10), ("bicycle-crunch", 20)]);
    assert_eq!(r.note.as_deref(), Some("felt fine"));
    let page = t.server.get("/today?saved=routine").await.text();
    assert!(page.contains("Routine saved."));
}

#[tokio::test]
async fn the_api_logs_a_routine_pain_and_an_effort() {
    let t = app(today()).await;
    let res = t
        .server
        .post("/api/v1/log/routine")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({
            "rounds": 1,
            "exercises": [{"exercise_id": "warrior-pose", "reps": 10}]
        }))
        .await;
    res.assert_status(StatusCode::CREATED);
    let logged: serde_json::Value = res.json();
    assert_eq!(logged["logged"], "routine, 1 round(s) of 1 exercise(s)");
    assert_eq!(logged["stops"], false);
    let res = t
        .server
        .post("/api/v1/log/pain")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({"region": "lower-back", "nrs": 3, "when": "after"}))
        .await;
    res.assert_status(StatusCode::CREATED);
    let pains = t
        .state
        .store()
        .list_pain(TimeRange::all())
        .await
        .expect("pain");
    assert_eq!(pains.len(), 1);
    assert_eq!(pains[0].nrs, 3);
    // No activity stored: an effort has nothing to rate.
    let res = t
        .server
        .post("/api/v1/log/rpe")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({"value": 5}))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let err: serde_json::Value = res.json();
    assert!(
        err["error"]
            .as_str()
            .is_some_and(|e| e.contains("no activity"))
    );
}

#[tokio::test]
async fn a_warning_sign_in_a_note_leads_to_the_questions_and_a_yes_stops_everything() {
    let t = with_plan(true).await;
    // The session shows before.
    assert!(t.server.get("/today").await.text().contains("Run: "));
    let res = t
        .server
        .post("/today/pain")
        .form(&form(&[
            ("region", "lower-back"),
            ("nrs", "6"),
            ("when", "after"),
            ("note", "numb in the groin and can't pee"),
        ]))
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), "/today/red-flags");
    // Until answered, Today shows no session but the stop.
    let stopped = t.server.get("/today").await.text();
    assert!(
        !stopped.contains("Run: "),
        "a session under a standing flag"
    );
    assert!(stopped.contains("data-testid=\"stop\""));
    assert!(stopped.contains("href=\"/today/red-flags\""));
    // The note names two signs of one condition: the card says its
    // action once.
    let card = stopped
        .split("data-testid=\"stop\"")
        .nth(1)
        .expect("the stop card");
    assert_eq!(card.matches("class=\"stop-action\"").count(), 1, "{card}");
    // The questions: only those the note touched.
    let due: serde_json::Value = t.server.get("/api/v1/red-flag-check").await.json();
    let ids: Vec<String> = due["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_owned))
        .collect();
    assert!(!ids.is_empty(), "no question to clear the note's flag");
    let kb = KnowledgeBase::embedded().expect("knowledge base");
    let named: Vec<String> =
        crate::usecase::log::warning_signs(&kb, Some("numb in the groin and can't pee"))
            .iter()
            .map(|m| m.flag.id.clone())
            .collect();
    assert!(
        ids.iter().all(|id| named.contains(id)),
        "asked {ids:?}, but the note names only {named:?}"
    );
    let page = t.server.get("/today/red-flags").await.text();
    for id in &ids {
        assert!(
            page.contains(&format!("name=\"{id}\" value=\"yes\"")),
            "{id}"
        );
    }
    // "Yes" to the first: the full-page stop with whom to see.
    let mut answers: Vec<(&str, &str)> = vec![(ids[0].as_str(), "yes")];
    for id in &ids[1..] {
        answers.push((id.as_str(), "no"));
    }
    let res = t
        .server
        .post("/today/red-flags")
        .form(&form(&answers))
        .await;
    res.assert_status_ok();
    let stop = res.text();
    assert!(stop.contains("data-testid=\"stop-page\""));
    let flag = kb
        .red_flags
        .iter()
        .find(|f| f.id == ids[0])
        .map(|f| f.action.clone());
    if let Some(action) = flag {
        assert!(
            stop.contains(unescaped_part(&action)),
            "the flag's action is not on the stop page"
        );
    }
    // And no session anywhere after.
    let after = t.server.get("/today").await.text();
    assert!(!after.contains("Run: ") && !after.contains("routine-form"));
    assert!(after.contains("data-testid=\"stop\""));
    let api: serde_json::Value = t.server.get("/api/v1/today").await.json();
    assert_eq!(api["status"], "stop");
    assert!(api["session"].is_null());
    assert!(
        api["stop"]["flags"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
}

/// The longest stretch of `text` that HTML escaping leaves alone.
fn unescaped_part(text: &str) -> &str {
    text.split(['&', '<', '>', '"', '\''])
        .max_by_key(|part| part.len())
        .unwrap_or(text)
}

#[tokio::test]
async fn answering_no_clears_the_stop_and_today_shows_the_session_again() {
    let t = with_plan(true).await;
    t.server
        .post("/today/pain")
        .form(&form(&[
            ("region", "lower-back"),
            ("nrs", "2"),
            ("when", "after"),
            ("note", "numb in the groin and can't pee"),
        ]))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let due: serde_json::Value = t.server.get("/api/v1/red-flag-check").await.json();
    let answers: serde_json::Map<String, serde_json::Value> = due["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .map(|id| (id.to_owned(), serde_json::Value::Bool(false)))
        .collect();
    let res = t
        .server
        .post("/api/v1/red-flag-check")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({ "answers": answers }))
        .await;
    res.assert_status_ok();
    let checked: serde_json::Value = res.json();
    assert_eq!(checked["stops"], false, "{checked}");
    assert!(t.server.get("/today").await.text().contains("Run: "));
}

#[tokio::test]
async fn the_questions_page_with_nothing_due_says_so() {
    let t = app(today()).await;
    let page = t.server.get("/today/red-flags").await;
    page.assert_status_ok();
    assert!(page.text().contains("Nothing to answer"));
}

/// A form post: path, fields, a part of the expected message.
type FormCase<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

#[tokio::test]
async fn bad_input_is_a_400_with_a_message_never_a_500() {
    let t = app(today()).await;
    let cases: Vec<FormCase<'_>> = vec![
        (
            "/today/pain",
            vec![("region", "knee"), ("nrs", "3"), ("when", "after")],
            "region knee: expected one of",
        ),
        (
            "/today/pain",
            vec![("region", "neck"), ("nrs", "11"), ("when", "after")],
            "nrs",
        ),
        (
            "/today/pain",
            vec![("region", "neck"), ("nrs", "three"), ("when", "after")],
            "must be a whole number",
        ),
        (
            "/today/pain",
            vec![("region", "neck"), ("nrs", "3"), ("when", "before")],
            "expected during, after or next-morning",
        ),
        (
            "/today/pain",
            vec![
                ("region", "neck"),
                ("nrs", "3"),
                ("when", "after"),
                ("at", "2099-01-01"),
            ],
            "is in the future",
        ),
        (
            "/today/pain",
            vec![
                ("region", "neck"),
                ("nrs", "3"),
                ("when", "after"),
                ("rpe", "5"),
            ],
            "an effort belongs to an activity",
        ),
        (
            "/today/routine",
            vec![("rounds", "1")],
            "No exercise is ticked",
        ),
        (
            "/today/routine",
            vec![("done", "warrior-pose"), ("reps.warrior-pose", "0")],
            "reps must be a whole number from 1 to 500",
        ),
        (
            "/today/routine",
            vec![("done", "squat"), ("reps.squat", "5")],
            "unknown exercise",
        ),
        (
            "/today/routine",
            vec![
                ("done", "warrior-pose"),
                ("reps.warrior-pose", "10"),
                ("rounds", "21"),
            ],
            "rounds 21",
        ),
        (
            "/today/red-flags",
            vec![("cauda-equina", "maybe")],
            "answer yes or no",
        ),
        (
            "/today/red-flags",
            vec![("no-such-flag", "yes")],
            "unknown question",
        ),
        ("/today/red-flags", vec![], "nothing answered"),
    ];
    for (path, pairs, expected) in cases {
        let res = t
            .server
            .post(path)
            .form(&form(&pairs))
            .expect_failure()
            .await;
        res.assert_status(StatusCode::BAD_REQUEST);
        let text = res.text();
        assert!(text.contains(expected), "{path} {pairs:?}: {text}");
    }
    let api: Vec<(&str, serde_json::Value, &str)> = vec![
        (
            "/api/v1/log/pain",
            serde_json::json!({"region": "neck", "nrs": -1, "when": "after"}),
            "nrs",
        ),
        (
            "/api/v1/log/pain",
            serde_json::json!({"region": "neck", "nrs": "3", "when": "after"}),
            "the body is not valid",
        ),
        (
            "/api/v1/log/pain",
            serde_json::json!({"region": "neck", "nrs": 3, "when": "after", "activity_id": 99}),
            "not logged",
        ),
        (
            "/api/v1/log/routine",
            serde_json::json!({"rounds": 1, "exercises": []}),
            "no exercise given",
        ),
        (
            "/api/v1/log/routine",
            serde_json::json!({"rounds": 1, "exercises": [{"exercise_id": "warrior-pose", "reps": 10}], "at": "2026-13-01"}),
            "at 2026-13-01",
        ),
        (
            "/api/v1/log/rpe",
            serde_json::json!({"value": 11, "activity_id": 1}),
            "value 11",
        ),
        (
            "/api/v1/red-flag-check",
            serde_json::json!({"answers": {}}),
            "nothing answered",
        ),
        (
            "/api/v1/red-flag-check",
            serde_json::json!({"answers": {"nope": true}}),
            "unknown question",
        ),
        (
            "/api/v1/red-flag-check",
            serde_json::json!([1, 2]),
            "the body is not valid",
        ),
    ];
    for (path, body, expected) in api {
        let res = t
            .server
            .post(path)
            .add_header("x-csrf-token", CSRF)
            .json(&body)
            .expect_failure()
            .await;
        res.assert_status(StatusCode::BAD_REQUEST);
        let err: serde_json::Value = res.json();
        let message = err["error"].as_str().unwrap_or_default();
        assert!(message.contains(expected), "{path} {body}: {message}");
    }
    // Not JSON at all.
    let res = t
        .server
        .post("/api/v1/log/pain")
        .add_header("x-csrf-token", CSRF)
        .text("region=neck")
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    // Nothing was stored by any of them.
    let pains = t
        .state
        .store()
        .list_pain(TimeRange::all())
        .await
        .expect("pain");
    assert!(pains.is_empty());
}

#[tokio::test]
async fn the_player_script_and_stylesheet_are_served_and_the_api_is_documented() {
    let t = app(today()).await;
    let js = t.server.get("/assets/today.js").await;
    js.assert_status_ok();
    let js = js.text();
    assert!(
        js.contains("data-speed") && js.contains("speed"),
        "no speed hook"
    );
    assert!(js.contains("createOscillator"), "no audible beep");
    t.server.get("/assets/today.css").await.assert_status_ok();
    let doc: serde_json::Value = t.server.get("/api/openapi.json").await.json();
    for (path, method) in [
        ("/api/v1/today", "get"),
        ("/api/v1/log/pain", "post"),
        ("/api/v1/log/routine", "post"),
        ("/api/v1/log/rpe", "post"),
        ("/api/v1/red-flag-check", "get"),
        ("/api/v1/red-flag-check", "post"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    assert!(doc["paths"]["/api/v1/log/pain"]["post"]["responses"]["400"].is_object());
}

#[tokio::test]
async fn severe_pain_leads_to_the_question_about_it() {
    let t = with_plan(true).await;
    let res = t
        .server
        .post("/today/pain")
        .form(&form(&[
            ("region", "lower-back"),
            ("nrs", "9"),
            ("when", "during"),
        ]))
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), "/today/red-flags");
    let page = t.server.get("/today/red-flags").await.text();
    assert!(
        page.contains("name=\"severe-pain\" value=\"yes\""),
        "no question about severe pain"
    );
    assert!(!t.server.get("/today").await.text().contains("Run: "));
}

#[tokio::test]
async fn severe_pain_logged_beside_the_server_stops_today_at_once() {
    // Today's answer rests on the standing red-flag rule, which the server
    // keeps between requests while the data stays the same. A write that
    // does not go through the server (the CLI beside it; here the store
    // directly) must still show on the very next page.
    let t = with_plan(true).await;
    for _ in 0..2 {
        let body = t.server.get("/today").await.text();
        assert!(!body.contains("data-testid=\"stop\""), "no stop yet");
    }
    let now = chrono::Utc::now();
    t.state
        .store()
        .log_pain(&backstride_store::NewPain {
            region: backstride_core::profile::Region::LowerBack,
            nrs: backstride_core::units::Nrs::new(9).expect("on the scale"),
            when: backstride_store::PainWhen::After,
            activity_id: None,
            note: None,
            at: now,
            logged: now,
        })
        .await
        .expect("logs");
    let body = t.server.get("/today").await.text();
    assert!(body.contains("data-testid=\"stop\""), "{body}");
    let api: serde_json::Value = t.server.get("/api/v1/today").await.json();
    assert_eq!(api["status"], "stop");
}
