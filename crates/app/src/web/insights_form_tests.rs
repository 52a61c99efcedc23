//! Handler tests of the Insights and Form pages, their API routes and the
//! demo runner: every route, bad input included (4xx with the reason,
//! never 500), a standing red flag first, the kept analysis following a
//! change in the store, uploads of real keypoint layouts and of files
//! that are none.

use axum::http::StatusCode;
use axum_test::multipart::{MultipartForm, Part};
use backstride_core::form::pose::{Joint, PoseRecording};
use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{NewPain, PainWhen};
use chrono::{NaiveDate, TimeZone, Utc};

use crate::web::testing::{CSRF, TestApp, app};

#[path = "../../../core/tests/form_synth/mod.rs"]
mod form_synth;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 4).expect("date")
}

/// A recording written as a COCO results file (image rows grow down).
fn coco(rec: &PoseRecording) -> Vec<u8> {
    let mut detections = Vec::new();
    for frame in &rec.frames {
        for person in &frame.people {
            let points: Vec<f64> = Joint::COCO17
                .iter()
                .flat_map(|j| match person.skeleton[j.index()] {
                    Some(k) => [f64::from(k.x), f64::from(-k.y), f64::from(k.score)],
                    None => [0.0; 3],
                })
                .collect();
            detections.push(serde_json::json!({
                "image_id": frame.number, "category_id": 1, "keypoints": points, "score": 0.9,
            }));
        }
    }
    serde_json::to_vec(&detections).expect("serialises")
}

/// A synthetic runner leaning `from` to `to` degrees over the clip.
fn runner_file(from: f64, to: f64, seed: u64) -> Vec<u8> {
    let runner = form_synth::Runner {
        lean_deg: form_synth::Ramp(from, to),
        noise_px: 1.5,
        seed,
        ..form_synth::Runner::default()
    };
    coco(&form_synth::record(&runner))
}

fn upload(bytes: Vec<u8>, name: &str) -> MultipartForm {
    MultipartForm::new()
        .add_text("date", "2026-05-01")
        .add_text("fps", "60")
        .add_part(
            "files",
            Part::bytes(bytes)
                .file_name(name)
                .mime_type("application/json"),
        )
}

/// Uploads through the page and returns the new analysis's id.
async fn analyse(t: &TestApp, bytes: Vec<u8>) -> i64 {
    let res = t
        .server
        .post(&format!("/form?_csrf={CSRF}"))
        .multipart(upload(bytes, "run.coco.json"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let to = res.header("location");
    let to = to.to_str().expect("ascii");
    to.strip_prefix("/form/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not an analysis: {to}"))
}

async fn log_pain(t: &TestApp, day: u32, nrs: i64) {
    let at = Utc
        .with_ymd_and_hms(2026, 5, day, 9, 0, 0)
        .single()
        .expect("time");
    t.state
        .store()
        .log_pain(&NewPain {
            region: Region::LowerBack,
            nrs: Nrs::new(nrs).expect("score"),
            when: PainWhen::After,
            activity_id: None,
            note: None,
            at,
            logged: at,
        })
        .await
        .expect("logged");
}

#[tokio::test]
async fn the_insights_page_and_api_answer_on_an_empty_store() {
    let t = app(today()).await;
    let res = t.server.get("/insights").await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("<h1>Insights</h1>"), "{body}");
    assert!(body.contains("Next week"), "no decision card");
    assert!(body.contains("/assets/insights.css"));
    assert!(!body.contains("style=\""), "an inline style breaks the CSP");
    let res = t.server.get("/api/v1/insights").await;
    res.assert_status_ok();
    let doc: serde_json::Value = res.json();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["today"], "2026-05-04");
    let css = t.server.get("/assets/insights.css").await;
    css.assert_status_ok();
}

#[tokio::test]
async fn since_after_until_or_a_bad_date_is_a_400_naming_it() {
    let t = app(today()).await;
    let res = t
        .server
        .get("/insights?since=2026-05-01&until=2026-04-01")
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(
        res.text()
            .contains("since 2026-05-01 is after the last day"),
        "{}",
        res.text()
    );
    let res = t
        .server
        .get("/api/v1/insights?since=2026-05-01&until=2026-04-01")
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let err: serde_json::Value = res.json();
    assert!(err["error"].as_str().is_some_and(|e| e.contains("since")));
    let res = t
        .server
        .get("/insights?until=2026-13-01")
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.text().contains("until:"), "{}", res.text());
    // Empty fields (the range form sent blank) are no range at all.
    t.server
        .get("/insights?since=&until=")
        .await
        .assert_status_ok();
}

#[tokio::test]
async fn a_kept_analysis_follows_a_change_in_the_store() {
    let t = app(today()).await;
    let before: serde_json::Value = t.server.get("/api/v1/insights").await.json();
    assert_eq!(before["pain"].as_array().map(Vec::len), Some(0));
    log_pain(&t, 2, 4).await;
    let after: serde_json::Value = t.server.get("/api/v1/insights").await.json();
    let regions = after["pain"].as_array().expect("regions");
    assert_eq!(regions.len(), 1, "{after}");
    assert_eq!(regions[0]["region"], "lower-back");
    // The page shows the region's chart.
    let page = t.server.get("/insights").await.text();
    assert!(
        page.contains("Pain in each region by week"),
        "no region chart"
    );
}

#[tokio::test]
async fn a_standing_red_flag_comes_first_and_the_decision_is_stop() {
    let t = app(today()).await;
    let at = Utc
        .with_ymd_and_hms(2026, 5, 1, 8, 0, 0)
        .single()
        .expect("time");
    t.state
        .store()
        .save_answers(
            include_str!("../../../../examples/answers/red-flag.toml"),
            at,
        )
        .await
        .expect("saved");
    log_pain(&t, 2, 3).await;
    let body = t.server.get("/insights").await.text();
    let stop = body.find("data-testid=\"insights-stop\"").expect("a stop");
    let decision = body
        .find("data-testid=\"insights-decision\"")
        .expect("a decision");
    assert!(stop < decision, "the stop is not first");
    assert!(body.contains("Next week: stop"), "the decision is not stop");
    let doc: serde_json::Value = t.server.get("/api/v1/insights").await.json();
    assert_eq!(doc["decision"]["action"], "stop");
    assert_eq!(doc["alerts"][0]["kind"], "red-flag");
}

#[tokio::test]
async fn an_uploaded_run_is_measured_saved_listed_and_shown() {
    let t = app(today()).await;
    let id = analyse(&t, runner_file(6.0, 12.0, 1)).await;
    let page = t.server.get(&format!("/form/{id}")).await;
    page.assert_status_ok();
    let body = page.text();
    assert!(body.contains("run filmed 2026-05-01"), "{body}");
    assert!(body.contains("run.coco.json"), "the upload's own name");
    assert!(
        !body.contains("backstride-upload-"),
        "a temporary path leaked"
    );
    assert!(body.matches("<svg").count() >= 3, "no series or figures");
    assert!(!body.contains("style=\""));
    let list = t.server.get("/form").await.text();
    assert!(list.contains(&format!("href=\"/form/{id}\"")), "{list}");
    let api: serde_json::Value = t.server.get("/api/v1/form").await.json();
    assert_eq!(api[0]["id"], id);
    let one: serde_json::Value = t.server.get(&format!("/api/v1/form/{id}")).await.json();
    assert_eq!(one["report"]["run_date"], "2026-05-01");
    assert!(
        one["report"]["metrics"]
            .as_array()
            .is_some_and(|m| !m.is_empty())
    );
}

#[tokio::test]
async fn a_file_that_is_no_keypoints_is_a_400_with_the_parsers_reason() {
    let t = app(today()).await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let res = t
        .server
        .post(&format!("/form?_csrf={CSRF}"))
        .multipart(upload(png.clone(), "photo.png"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let body = res.text();
    assert!(
        body.contains("photo.png: this is an image (PNG), not pose keypoints"),
        "{body}"
    );
    assert!(
        !body.contains("backstride-upload-"),
        "a temporary path leaked"
    );
    // Text that is no keypoint layout: the decoder's own words.
    let res = t
        .server
        .post(&format!("/api/v1/form?_csrf={CSRF}"))
        .multipart(upload(b"{\"hello\": 1}".to_vec(), "notes.json"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let err: serde_json::Value = res.json();
    let msg = err["error"].as_str().expect("a message");
    assert!(msg.starts_with("notes.json"), "{msg}");
    // No file at all.
    let res = t
        .server
        .post(&format!("/api/v1/form?_csrf={CSRF}"))
        .multipart(MultipartForm::new().add_text("date", "2026-05-01"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    // A bad date.
    let res = t
        .server
        .post(&format!("/api/v1/form?_csrf={CSRF}"))
        .multipart(
            MultipartForm::new()
                .add_text("date", "yesterday")
                .add_part("files", Part::bytes(png).file_name("x.json")),
        )
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.text().contains("date"));
    // Without the token the upload is refused before it is read.
    let res = t
        .server
        .post("/form")
        .multipart(upload(b"[]".to_vec(), "a.json"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    // Nothing was saved.
    let api: serde_json::Value = t.server.get("/api/v1/form").await.json();
    assert_eq!(api.as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn the_api_upload_answers_201_with_the_report() {
    let t = app(today()).await;
    let res = t
        .server
        .post("/api/v1/form")
        .add_header("x-csrf-token", CSRF)
        .multipart(upload(runner_file(8.0, 8.0, 3), "steady.coco.json"))
        .expect_success()
        .await;
    res.assert_status(StatusCode::CREATED);
    let doc: serde_json::Value = res.json();
    assert!(doc["id"].as_i64().is_some());
    assert_eq!(doc["report"]["clips"][0]["source"], "steady.coco.json");
}

#[tokio::test]
async fn unknown_analyses_are_404_and_a_comparison_needs_two() {
    let t = app(today()).await;
    for path in [
        "/form/999",
        "/form/abc",
        "/api/v1/form/999",
        "/api/v1/form/x",
    ] {
        let res = t.server.get(path).expect_failure().await;
        res.assert_status(StatusCode::NOT_FOUND);
        assert!(res.text().contains("no form analysis"), "{path}");
    }
    let a = analyse(&t, runner_file(6.0, 6.0, 5)).await;
    let res = t
        .server
        .get(&format!("/form/compare?a={a}"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.text().contains("choose two analyses"));
    let res = t
        .server
        .get(&format!("/form/compare?a={a}&b={a}"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let res = t
        .server
        .get(&format!("/form/compare?a={a}&b=424242"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::NOT_FOUND);
    assert!(res.text().contains("no form analysis 424242"));
}

#[tokio::test]
async fn a_retest_is_set_against_its_baseline_with_the_noise_floor() {
    let t = app(today()).await;
    let baseline = analyse(&t, runner_file(6.0, 6.0, 7)).await;
    let retest = analyse(&t, runner_file(14.0, 14.0, 8)).await;
    let res = t
        .server
        .get(&format!("/form/compare?a={baseline}&b={retest}"))
        .await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("data-testid=\"form-compare-table\""));
    assert!(body.contains("Noise floor"));
    // Eight more degrees of lean is beyond any noise floor.
    assert!(body.contains("class=\"beyond\""), "{body}");
    // The use case's own numbers.
    let a: serde_json::Value = t
        .server
        .get(&format!("/api/v1/form/{baseline}"))
        .await
        .json();
    let b: serde_json::Value = t.server.get(&format!("/api/v1/form/{retest}")).await.json();
    let ra: crate::form::dto::FormReport =
        serde_json::from_value(a["report"].clone()).expect("a report");
    let rb: crate::form::dto::FormReport =
        serde_json::from_value(b["report"].clone()).expect("a report");
    let changes = crate::usecase::form::compare_reports(&ra, &rb);
    let lean = changes
        .iter()
        .find(|m| m.id == "trunk-lean")
        .expect("trunk lean compared");
    let diff = lean.difference.expect("measured in both");
    assert!((diff - 8.0).abs() < 2.0, "lean changed by {diff}");
    assert!(lean.beyond_noise);
    // The same run twice is within the noise.
    let same = crate::usecase::form::compare_reports(&ra, &ra);
    assert!(same.iter().all(|m| !m.beyond_noise));
}

#[tokio::test]
async fn the_demo_runner_has_six_months_and_full_insights() {
    let t = app(today()).await;
    let started = std::time::Instant::now();
    let seeded = t
        .state
        .run(|ctx| crate::web::demo::seed(ctx.db, ctx.kb, ctx.clock, 0))
        .await
        .expect("seeded");
    let took = started.elapsed();
    assert!((85..=110).contains(&seeded.runs), "{seeded:?}");
    assert!((20..=30).contains(&seeded.cross_training), "{seeded:?}");
    assert!(seeded.routines > 30, "{seeded:?}");
    let all = t
        .state
        .store()
        .list_activities(backstride_store::TimeRange::all())
        .await
        .expect("listed");
    assert_eq!(all.len(), seeded.runs);
    let first = all.first().expect("runs").start.date_naive();
    let span = (today() - first).num_days();
    assert!((170..=183).contains(&span), "{span} days");
    assert!(all.iter().all(|a| a.avg_heart_rate.is_some()));
    let res = t.server.get("/insights").await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.matches("<svg").count() >= 4, "charts missing");
    assert!(body.contains("Your own findings"), "no findings");
    assert!(
        !body.contains("data-testid=\"insights-stop\""),
        "the demo runner is stopped: {body}"
    );
    let doc: serde_json::Value = t.server.get("/api/v1/insights").await.json();
    assert!(doc["weeks"].as_array().is_some_and(|w| w.len() >= 25));
    assert_eq!(doc["routine"]["plan"], true);
    assert!(doc["brace"]["days_worn"].as_u64().is_some_and(|d| d >= 1));
    // Seeding is quick even in a test build (well under 2 s in release).
    assert!(took.as_secs() < 30, "seeding took {took:?}");
}

#[tokio::test]
async fn the_openapi_document_describes_insights_and_form() {
    let t = app(today()).await;
    let doc: serde_json::Value = t.server.get("/api/openapi.json").await.json();
    let paths = &doc["paths"];
    let insights = &paths["/api/v1/insights"]["get"];
    assert!(insights["responses"]["200"].is_object());
    assert!(insights["responses"]["400"].is_object());
    let names: Vec<&str> = insights["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["since", "until"]);
    let post = &paths["/api/v1/form"]["post"];
    assert!(post["requestBody"]["content"]["multipart/form-data"].is_object());
    for code in ["201", "400", "403", "413"] {
        assert!(
            post["responses"][code].is_object(),
            "POST /api/v1/form {code}"
        );
    }
    assert!(paths["/api/v1/form"]["get"]["responses"]["200"].is_object());
    let one = &paths["/api/v1/form/{id}"]["get"]["responses"];
    assert!(one["200"].is_object() && one["404"].is_object());
    let schemas = &doc["components"]["schemas"];
    for name in [
        "InsightsReport",
        "FormReport",
        "FormAnalysisDto",
        "FormEntryDto",
    ] {
        assert!(schemas[name].is_object(), "no schema {name}");
    }
}

#[tokio::test]
async fn an_upload_above_the_usual_body_limit_is_read_whole() {
    let t = app(today()).await;
    let runner = form_synth::Runner {
        seconds: 75.0,
        noise_px: 1.0,
        seed: 11,
        ..form_synth::Runner::default()
    };
    let bytes = coco(&form_synth::record(&runner));
    assert!(bytes.len() > 2 << 20, "only {} bytes", bytes.len());
    let id = analyse(&t, bytes).await;
    t.server
        .get(&format!("/form/{id}"))
        .await
        .assert_status_ok();
}

#[tokio::test]
async fn several_clips_of_a_run_need_their_times_and_give_the_drift_across_it() {
    let t = app(today()).await;
    let clips = || {
        MultipartForm::new()
            .add_text("fps", "60")
            .add_part(
                "files",
                Part::bytes(runner_file(5.0, 5.0, 1))
                    .file_name("start.coco.json")
                    .mime_type("application/json"),
            )
            .add_part(
                "files",
                Part::bytes(runner_file(11.0, 11.0, 2))
                    .file_name("end.coco.json")
                    .mime_type("application/json"),
            )
    };
    // Without their times: a 400 that says what to give.
    let res = t
        .server
        .post(&format!("/form?_csrf={CSRF}"))
        .multipart(clips())
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.text().contains("time in the run"), "{}", res.text());
    // A time that is not one is named.
    let res = t
        .server
        .post(&format!("/form?_csrf={CSRF}"))
        .multipart(clips().add_text("at", "0:00, soon"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.text().contains("soon"), "{}", res.text());
    // With them: the lean drift across 40 minutes of the run.
    let res = t
        .server
        .post(&format!("/form?_csrf={CSRF}"))
        .multipart(clips().add_text("at", "0:00, 40:00"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let to = res.header("location");
    let id: i64 = to
        .to_str()
        .ok()
        .and_then(|to| to.strip_prefix("/form/"))
        .and_then(|id| id.parse().ok())
        .expect("an analysis");
    let one: serde_json::Value = t.server.get(&format!("/api/v1/form/{id}")).await.json();
    assert!(one["report"]["drift_too_short"].is_null(), "not too short");
    let lean = one["report"]["drift"]
        .as_array()
        .and_then(|d| d.iter().find(|m| m["id"] == "trunk-lean"))
        .expect("the lean's drift");
    assert_eq!(lean["beyond_noise"], true);
    assert!(
        lean["change"]
            .as_f64()
            .is_some_and(|c| (c - 6.0).abs() < 1.0),
        "{lean}"
    );
    assert!(
        one["report"]["drift_span_s"]
            .as_f64()
            .is_some_and(|s| s > 2000.0),
        "{}",
        one["report"]["drift_span_s"]
    );
}
