//! Handler tests of the Check-in and Plan pages, the calendar download and
//! subscription, and their API: a runner's check-in through the form, a
//! plan made from it, the calendar, a re-plan, and every stop (an
//! emergency answer, a standing red flag, bad input).

use axum::http::StatusCode;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::knowledge::model::FlagTier;
use chrono::NaiveDate;

use crate::answers_file::{self, RawAnswers};
use crate::web::pages::check_in::fields_of;
use crate::web::testing::{CSRF, TestApp, app};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 6).expect("date")
}

fn kb() -> KnowledgeBase {
    KnowledgeBase::embedded().expect("knowledge base")
}

fn example() -> RawAnswers {
    answers_file::parse(include_str!(
        "../../../../../examples/answers/lower-back.toml"
    ))
    .expect("the example answers")
}

/// The example's answers as the form sends them, every red-flag question
/// answered `no` but `skip`, and `yes` to `yes`.
fn form(skip: Option<&str>, yes: Option<&str>) -> Vec<(String, String)> {
    let mut pairs = vec![("_csrf".to_owned(), CSRF.to_owned())];
    for (flag, _) in kb().asked_flags() {
        if Some(flag.id.as_str()) == skip {
            continue;
        }
        let answer = Some(flag.id.as_str()) == yes;
        pairs.push((format!("red_flags.{}", flag.id), answer.to_string()));
    }
    pairs.extend(fields_of(&example()));
    pairs
}

fn first_flag(tier: FlagTier) -> String {
    kb().asked_flags()
        .find(|(f, _)| f.tier == tier)
        .map(|(f, _)| f.id.clone())
        .expect("a flag of that tier")
}

async fn checked_in(t: &TestApp) {
    let res = t.server.post("/check-in").form(&form(None, None)).await;
    res.assert_status_ok();
}

async fn planned(t: &TestApp) {
    checked_in(t).await;
    let res = t
        .server
        .post("/plan/new")
        .form(&[("_csrf", CSRF), ("start", "2026-05-04"), ("weeks", "8")])
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_form_asks_the_red_flag_questions_first_and_every_one() {
    let t = app(today()).await;
    let res = t.server.get("/check-in").await;
    res.assert_status_ok();
    let body = res.text();
    let flags = body
        .find("id=\"red-flags\"")
        .expect("the red-flag fieldset");
    let age = body.find("name=\"runner.age\"").expect("the age field");
    assert!(flags < age, "the red-flag questions come after the rest");
    for (flag, question) in kb().asked_flags() {
        assert!(
            body.contains(&format!("name=\"red_flags.{}\"", flag.id)),
            "{} not asked",
            flag.id
        );
        assert!(
            body.contains(&askama_escape(question)),
            "{}: the knowledge base's question is not shown",
            flag.id
        );
    }
    assert!(body.contains("for=\"runner.age\""), "no label for the age");
}

/// Text as askama escapes it in a page.
fn askama_escape(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
}

#[tokio::test]
async fn a_full_check_in_without_flags_gives_causes_and_sources_and_is_saved() {
    let t = app(today()).await;
    let res = t.server.post("/check-in").form(&form(None, None)).await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("Likely causes"), "no causes");
    assert!(body.contains("the rules that fired"), "no reasons");
    assert!(body.contains("Evidence:"), "no evidence level");
    assert!(body.contains("href=\"/sources#SEED-"), "no source links");
    assert!(body.contains("not a medical device"), "no disclaimer");
    let store = t.state.store();
    assert!(store.latest_answers().await.expect("read").is_some());
    let saved = store.latest_assessment().await.expect("read");
    assert!(saved.is_some(), "the assessment was not saved");
    let checks = store.list_checks().await.expect("read");
    assert!(
        checks.last().is_some_and(|c| c.complete),
        "no complete check"
    );
    // The form is filled from the saved answers next time (not the red
    // flags, which a check-in answers afresh).
    let again = t.server.get("/check-in").await.text();
    assert!(again.contains("value=\"38\""), "the age is not prefilled");
    assert!(!again.contains("value=\"false\" checked"));
    // The API gives the same assessment back.
    let api = t.server.get("/api/v1/assessment").await;
    api.assert_status_ok();
    let json: serde_json::Value = api.json();
    assert!(
        json["report"]["assessment"]["causes"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
}

#[tokio::test]
async fn an_emergency_yes_shows_the_instruction_and_nothing_else() {
    let t = app(today()).await;
    let id = first_flag(FlagTier::Emergency);
    let action = kb()
        .red_flags
        .iter()
        .find(|f| f.id == id)
        .map(|f| f.action.clone())
        .expect("flag");
    // Only that answer: the rest is never needed.
    let res = t
        .server
        .post("/check-in")
        .form(&[
            ("_csrf".to_owned(), CSRF.to_owned()),
            (format!("red_flags.{id}"), "true".to_owned()),
        ])
        .await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains(&askama_escape(&action)), "no instruction");
    assert!(body.contains("999"));
    assert!(!body.contains("Likely causes") && !body.contains("<form"));
    assert!(body.contains("Nothing was saved"));
    assert!(
        t.state
            .store()
            .latest_answers()
            .await
            .expect("read")
            .is_none()
    );

    // With earlier answers, the answer is kept with them, as the CLI does.
    checked_in(&t).await;
    let res = t
        .server
        .post("/check-in")
        .form(&form(None, Some(&id)))
        .await;
    res.assert_status_ok();
    assert!(res.text().contains("was saved"));
    let saved = t
        .state
        .store()
        .latest_answers()
        .await
        .expect("read")
        .expect("saved answers");
    let raw = answers_file::parse(&saved.body).expect("saved answers parse");
    assert_eq!(raw.red_flags.get(&id), Some(&true));
    assert_eq!(raw.runner.age, 38, "the earlier answers were not kept");
}

#[tokio::test]
async fn a_missing_red_flag_answer_gives_the_form_back_with_the_answers_file_message() {
    let t = app(today()).await;
    let id = first_flag(FlagTier::Urgent);
    let res = t
        .server
        .post("/check-in")
        .form(&form(Some(&id), None))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let body = res.text();
    // Word for word what an answers file without that key gets.
    let mut raw = example();
    raw.red_flags = kb()
        .asked_flags()
        .filter(|(f, _)| f.id != id)
        .map(|(f, _)| (f.id.clone(), false))
        .collect();
    let expected = raw.validate(&kb()).expect_err("refused").to_string();
    assert!(expected.starts_with(&format!("red_flags.{id}: missing")));
    assert!(body.contains(&expected), "not the answers file's message");
    assert!(body.contains("id=\"red-flags\""), "the form is not back");
    assert!(body.contains("value=\"38\""), "what was sent is not kept");
    assert!(
        t.state
            .store()
            .latest_answers()
            .await
            .expect("read")
            .is_none()
    );

    // A number that is not one is named by its key too.
    let mut bad = form(None, None);
    for (k, v) in &mut bad {
        if k == "runner.age" {
            *v = "thirty".to_owned();
        }
    }
    let res = t.server.post("/check-in").form(&bad).expect_failure().await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(
        res.text()
            .contains("runner.age: `thirty` is not a whole number")
    );
}

#[tokio::test]
async fn a_plan_made_from_the_form_shows_this_weeks_sessions() {
    let t = app(today()).await;
    planned(&t).await;
    let res = t.server.get("/plan").await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("Week 1 of 8"), "not this week");
    assert!(body.contains("id=\"day-2026-05-06\""), "today is not shown");
    assert!(body.contains("aria-current=\"date\""));
    assert!(body.contains(" km at "), "no run with its distance");
    assert!(body.contains("Sources:"), "no sources on the routine");
    assert!(body.contains("at most 20.0 km a week"), "no doctor's cap");
    assert!(body.contains("id=\"next-week\""));
    assert!(body.contains("src=\"/assets/plan.js\""));
    t.server.get("/assets/plan.js").await.assert_status_ok();
    let week2 = t.server.get("/plan?week=2").await;
    week2.assert_status_ok();
    assert!(week2.text().contains("Week 2 of 8"));
    let bad = t.server.get("/plan?week=two").expect_failure().await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    assert!(bad.text().contains("not a week number"));
    let far = t.server.get("/plan?week=99").expect_failure().await;
    far.assert_status(StatusCode::NOT_FOUND);

    let month = t.server.get("/plan/month").await;
    month.assert_status_ok();
    let body = month.text();
    assert!(body.contains("May 2026") && body.contains(" km"));
    let month = t
        .server
        .get("/plan/month?month=2026-13")
        .expect_failure()
        .await;
    month.assert_status(StatusCode::BAD_REQUEST);

    // A bad new-plan form is a 400 naming the field.
    let res = t
        .server
        .post("/plan/new")
        .form(&[("_csrf", CSRF), ("weeks", "60")])
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.text().contains("weeks"));
}

#[tokio::test]
async fn without_answers_a_new_plan_is_a_400_that_says_what_to_do() {
    let t = app(today()).await;
    let res = t
        .server
        .post("/plan/new")
        .form(&[("_csrf", CSRF)])
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.text().contains("Check-in"));
    let page = t.server.get("/plan").await;
    page.assert_status_ok();
    assert!(page.text().contains("No plan yet"));
}

#[tokio::test]
async fn the_calendar_downloads_and_the_subscription_needs_its_token() {
    let t = app(today()).await;
    let none = t.server.get("/plan.ics").expect_failure().await;
    none.assert_status(StatusCode::NOT_FOUND);
    planned(&t).await;
    let res = t.server.get("/plan.ics").await;
    res.assert_status_ok();
    assert!(
        res.header("content-type")
            .to_str()
            .expect("ascii")
            .starts_with("text/calendar")
    );
    let text = res.text();
    let calendar: icalendar::Calendar = text.parse().expect("the calendar parses");
    let events = calendar
        .components
        .iter()
        .filter(|c| matches!(c, icalendar::CalendarComponent::Event(_)))
        .count();
    assert!(events > 0 && text.contains("BEGIN:VEVENT"), "no events");

    // A wrong token is a plain 404, and so is any before one is made.
    let wrong = format!("/calendar/{}.ics", "0".repeat(64));
    t.server
        .get(&wrong)
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The plan page makes the token and shows the address.
    let page = t.server.get("/plan").await.text();
    let path = t.state.config().data_dir.join("calendar-token");
    let token = std::fs::read_to_string(&path).expect("the token is kept");
    assert!(page.contains(&format!("/calendar/{token}.ics")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "the token file is readable by others");
    }
    t.server
        .get(&wrong)
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let short = format!("/calendar/{}.ics", &token[..10]);
    t.server
        .get(&short)
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let feed = t.server.get(&format!("/calendar/{token}.ics")).await;
    feed.assert_status_ok();
    assert!(
        feed.header("content-type")
            .to_str()
            .expect("ascii")
            .starts_with("text/calendar")
    );
    assert!(feed.text().contains("BEGIN:VEVENT"));
    // The same token on every later visit.
    t.server.get("/plan").await.assert_status_ok();
    assert_eq!(std::fs::read_to_string(&path).expect("token"), token);
}

#[tokio::test]
async fn a_new_plan_downloaded_over_the_last_cancels_what_it_drops() {
    let t = app(today()).await;
    planned(&t).await;
    let first = t.server.get("/plan.ics").await.text();
    assert!(!first.contains("STATUS:CANCELLED"), "nothing before it");
    // A shorter plan from the same day: its later weeks are gone.
    let res = t
        .server
        .post("/plan/new")
        .form(&[("_csrf", CSRF), ("start", "2026-05-04"), ("weeks", "4")])
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let second = t.server.get("/plan.ics").await.text();
    let calendar: icalendar::Calendar = second.parse().expect("the calendar parses");
    let uids = |text: &str| -> std::collections::BTreeSet<String> {
        text.lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(str::to_owned)
            .collect()
    };
    let cancelled = second.matches("STATUS:CANCELLED").count();
    assert!(cancelled > 0, "the dropped weeks are cancelled");
    // Every event of the first download is in the second, once: kept,
    // revised or cancelled, so importing both leaves one per session.
    assert_eq!(uids(&first), uids(&second), "the same events, by UID");
    assert_eq!(
        calendar
            .components
            .iter()
            .filter(|c| matches!(c, icalendar::CalendarComponent::Event(_)))
            .count(),
        uids(&second).len()
    );
}

#[tokio::test]
async fn replan_previews_each_change_before_applying_it() {
    let t = app(today()).await;
    planned(&t).await;
    let before = t
        .state
        .store()
        .latest_plan()
        .await
        .expect("read")
        .expect("a plan")
        .id;
    let res = t.server.get("/plan/replan").await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("What changes, and why"));
    assert!(body.contains("class=\"changes\"") && body.contains("<li class="));
    assert!(body.contains("id=\"apply-replan\""));
    // Nothing saved by looking.
    let still = t
        .state
        .store()
        .latest_plan()
        .await
        .expect("read")
        .expect("plan");
    assert_eq!(still.id, before);
    let api = t.server.get("/api/v1/plan/replan").await;
    api.assert_status_ok();
    let json: serde_json::Value = api.json();
    assert!(
        json["adaptation"]["changes"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "{json}"
    );
    assert_eq!(json["saved"], false);
    let res = t.server.post("/plan/replan").form(&[("_csrf", CSRF)]).await;
    res.assert_status(StatusCode::SEE_OTHER);
    let after = t
        .state
        .store()
        .latest_plan()
        .await
        .expect("read")
        .expect("plan");
    assert!(after.id > before, "the re-plan was not saved");
    assert!(
        after.plan.record().is_some_and(|r| r.ready().is_some()),
        "the re-plan was not saved as a typed plan"
    );
}

#[tokio::test]
async fn a_standing_red_flag_stops_the_plan_everywhere() {
    let t = app(today()).await;
    planned(&t).await;
    let urgent = first_flag(FlagTier::Urgent);
    let res = t
        .server
        .post("/check-in")
        .form(&form(None, Some(&urgent)))
        .await;
    res.assert_status_ok();
    assert!(res.text().contains("No plan for now"));
    let page = t.server.get("/plan").await;
    page.assert_status_ok();
    let body = page.text();
    assert!(body.contains("id=\"plan-stop\""), "no stop");
    assert!(
        !body.contains("Week 1 of"),
        "a plan is shown past a red flag"
    );
    // The subscription cancels the saved plan's sessions from today on.
    let token =
        std::fs::read_to_string(t.state.config().data_dir.join("calendar-token")).expect("token");
    let feed = t.server.get(&format!("/calendar/{token}.ics")).await.text();
    assert!(feed.contains("STATUS:CANCELLED"), "{feed}");
    assert!(!feed.contains("STATUS:CONFIRMED"), "a session is still on");
    let past = feed
        .lines()
        .any(|l| l.starts_with("DTSTART") && (l.ends_with("20260504") || l.ends_with("20260505")));
    assert!(!past, "a day before today was cancelled");
    let api = t
        .server
        .post("/api/v1/plan")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({}))
        .expect_failure()
        .await;
    api.assert_status(StatusCode::CONFLICT);
    let json: serde_json::Value = api.json();
    assert!(
        json["error"]
            .as_str()
            .is_some_and(|e| e.contains("no plan"))
    );
    t.server
        .get("/api/v1/plan")
        .expect_failure()
        .await
        .assert_status(StatusCode::CONFLICT);
    t.server
        .get("/plan.ics")
        .expect_failure()
        .await
        .assert_status(StatusCode::CONFLICT);
    t.server
        .get("/api/v1/plan/replan")
        .expect_failure()
        .await
        .assert_status(StatusCode::CONFLICT);
    // The stop was saved as `backstride plan` saves it: the subscription
    // has no session at all now.
    let feed = t.server.get(&format!("/calendar/{token}.ics")).await.text();
    assert!(feed.starts_with("BEGIN:VCALENDAR") && !feed.contains("BEGIN:VEVENT"));
}

#[tokio::test]
async fn the_api_assesses_json_answers_and_makes_a_plan() {
    let t = app(today()).await;
    t.server
        .get("/api/v1/plan")
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    t.server
        .get("/api/v1/assessment")
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    t.server
        .post("/api/v1/assessment")
        .json(&example())
        .expect_failure()
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let raw = example();
    let res = t
        .server
        .post("/api/v1/assessment")
        .add_header("x-csrf-token", CSRF)
        .json(&raw)
        .await;
    res.assert_status_ok();
    let json: serde_json::Value = res.json();
    assert_eq!(json["stops"], false);
    assert_eq!(json["saved"], true);
    assert!(json["report"]["assessment"]["causes"][0]["reasons"].is_array());
    assert!(
        json["report"]["sources"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );

    // Bad answers: the answers file's message.
    let mut bad = serde_json::to_value(&raw).expect("json");
    bad["pain"]["now"] = serde_json::json!(11);
    let res = t
        .server
        .post("/api/v1/assessment")
        .add_header("x-csrf-token", CSRF)
        .json(&bad)
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let err: serde_json::Value = res.json();
    assert!(
        err["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("pain.now"))
    );
    bad["runner"]["shoe"] = serde_json::json!("x");
    let res = t
        .server
        .post("/api/v1/assessment")
        .add_header("x-csrf-token", CSRF)
        .json(&bad)
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    // An emergency answer is answered at once, whatever else is missing.
    let id = first_flag(FlagTier::Emergency);
    let res = t
        .server
        .post("/api/v1/assessment")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({ "red_flags": { id.clone(): true } }))
        .await;
    res.assert_status_ok();
    let json: serde_json::Value = res.json();
    assert!(
        json["emergency"]["instruction"]
            .as_str()
            .is_some_and(|i| i.contains("999"))
    );
    assert!(json["report"].is_null());

    let res = t
        .server
        .post("/api/v1/plan")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({ "weeks": 60 }))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    // The emergency answer above was saved with the earlier answers: it
    // stands, so no plan.
    let res = t
        .server
        .post("/api/v1/plan")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({ "start": "2026-05-04", "weeks": 4 }))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_api_makes_gets_and_replans_a_plan() {
    let t = app(today()).await;
    checked_in(&t).await;
    let res = t
        .server
        .post("/api/v1/plan")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({ "start": "2026-05-04", "weeks": 4 }))
        .await;
    res.assert_status(StatusCode::CREATED);
    let json: serde_json::Value = res.json();
    assert_eq!(json["plan"]["status"], "ready");
    assert_eq!(json["weeks"], 4);
    let got: serde_json::Value = t.server.get("/api/v1/plan").await.json();
    assert_eq!(got["plan"]["days"], json["plan"]["days"]);
    let res = t
        .server
        .post("/api/v1/plan/replan")
        .add_header("x-csrf-token", CSRF)
        .await;
    res.assert_status_ok();
    let json: serde_json::Value = res.json();
    assert_eq!(json["saved"], true);
    let doc: serde_json::Value = t.server.get("/api/openapi.json").await.json();
    for path in ["/api/v1/assessment", "/api/v1/plan", "/api/v1/plan/replan"] {
        assert!(doc["paths"][path].is_object(), "{path} not documented");
    }
    assert!(doc["paths"]["/api/v1/plan"]["post"]["responses"]["409"].is_object());
}
