//! Handler tests of the Import, History and Your data pages and their API:
//! uploads (good, bad, zipped, oversized, hostile names), listings and
//! filters, the activity page, corrections, deleting with a question
//! first (and never an entry a standing warning sign rests on), export,
//! backup and deleting everything.

use std::io::{Read, Write};

use axum::extract::{FromRequest, Multipart};
use axum::http::StatusCode;
use axum_test::multipart::{MultipartForm, Part};
use backstride_bench_corpus::{Format, Sport as CorpusSport, one_hour};
use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{NewPain, PainWhen, TimeRange};
use chrono::{NaiveDate, TimeZone, Utc};

use crate::web::testing::{CSRF, TestApp, app};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 4).expect("date")
}

fn fit(seed: u64) -> Vec<u8> {
    one_hour(Format::Fit, CorpusSport::Running, seed)
}

fn upload_path() -> String {
    format!("/import?_csrf={CSRF}")
}

fn file(name: &str, bytes: Vec<u8>) -> Part {
    Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_type("application/octet-stream")
}

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(*name, stored).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

async fn activities(t: &TestApp) -> Vec<backstride_store::ActivitySummary> {
    t.state
        .store()
        .list_activities(TimeRange::all())
        .await
        .expect("lists")
}

/// Imports one synthetic run through the page; its id.
async fn imported_run(t: &TestApp) -> i64 {
    let res = t
        .server
        .post(&upload_path())
        .multipart(MultipartForm::new().add_part("files", file("run.fit", fit(1))))
        .await;
    res.assert_status_ok();
    activities(t).await.first().expect("one activity").id
}

fn no_uploads_left(t: &TestApp) {
    let left: Vec<String> = std::fs::read_dir(&t.state.config().data_dir)
        .expect("data dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".upload-") || n.starts_with(".backup-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[tokio::test]
async fn the_import_page_is_a_form_that_works_without_a_script() {
    let t = app(today()).await;
    let res = t.server.get("/import").await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains(&format!("action=\"/import?_csrf={CSRF}\"")));
    assert!(body.contains("enctype=\"multipart/form-data\""));
    assert!(body.contains("<label for=\"import-files\""));
    assert!(body.contains("/assets/import.js"));
    assert!(body.contains("Up to 1 GiB at a time"));
    assert!(body.contains("data-max-bytes=\"1073741824\""));
    t.server.get("/assets/import.js").await.assert_status_ok();
    t.server.get("/assets/history.css").await.assert_status_ok();
}

#[tokio::test]
async fn an_uploaded_fit_file_is_imported_and_the_results_say_so() {
    let t = app(today()).await;
    let res = t
        .server
        .post(&upload_path())
        .multipart(MultipartForm::new().add_part("files", file("morning run.fit", fit(1))))
        .await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("imported runs"), "{body}");
    assert!(body.contains("morning run.fit"));
    let stored = activities(&t).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].source_name, "morning run.fit");
    assert!(body.contains(&format!("/history/activity/{}", stored[0].id)));
    // The same file again is a duplicate, not a second activity.
    let again = t
        .server
        .post(&upload_path())
        .multipart(MultipartForm::new().add_part("files", file("copy.fit", fit(1))))
        .await;
    again.assert_status_ok();
    assert!(again.text().contains("duplicate"));
    assert_eq!(activities(&t).await.len(), 1);
    no_uploads_left(&t);
}

#[tokio::test]
async fn a_file_that_is_not_an_activity_fails_alone_and_the_good_one_is_stored() {
    let t = app(today()).await;
    let form = MultipartForm::new()
        .add_part(
            "files",
            file("notes.fit", b"this is not a FIT file".to_vec()),
        )
        .add_part(
            "files",
            file("ride.gpx", one_hour(Format::Gpx, CorpusSport::Cycling, 7)),
        );
    let res = t.server.post(&upload_path()).multipart(form).await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("result-fail"), "{body}");
    assert!(body.contains("notes.fit"));
    let stored = activities(&t).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].source_name, "ride.gpx");
}

#[tokio::test]
async fn a_zip_with_a_fit_and_a_bad_file_stores_the_fit() {
    let t = app(today()).await;
    let archive = zip_of(&[
        ("activities/1.fit", fit(3)),
        ("activities/2.fit", b"garbage, not FIT".to_vec()),
        ("activities.csv", b"id,name\n1,run\n".to_vec()),
    ]);
    let res = t
        .server
        .post(&upload_path())
        .multipart(MultipartForm::new().add_part("files", file("export_123.zip", archive)))
        .await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("export_123.zip!/activities/2.fit"), "{body}");
    assert!(body.contains("result-fail"));
    let stored = activities(&t).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].source_name, "export_123.zip!/activities/1.fit");
}

#[tokio::test]
async fn a_path_in_the_file_name_is_only_a_name() {
    let t = app(today()).await;
    let data_dir = t.state.config().data_dir.clone();
    let outside = data_dir.join("../../x.fit");
    assert!(!outside.exists());
    let res = t
        .server
        .post(&upload_path())
        .multipart(MultipartForm::new().add_part("files", file("../../x.fit", fit(5))))
        .await;
    res.assert_status_ok();
    let stored = activities(&t).await;
    assert_eq!(stored.len(), 1, "{}", res.text());
    assert_eq!(stored[0].source_name, "x.fit");
    assert!(!outside.exists(), "written outside the upload folder");
    assert!(!data_dir.join("x.fit").exists());
    no_uploads_left(&t);
}

#[tokio::test]
async fn uploads_past_the_cap_are_refused_with_413_and_nothing_is_stored() {
    let t = app(today()).await;
    let res = t
        .server
        .post(&upload_path())
        .add_header(
            "content-length",
            (crate::web::pages::import::MAX_UPLOAD_BYTES + 1).to_string(),
        )
        .multipart(MultipartForm::new().add_part("files", file("run.fit", fit(1))))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().contains("larger than 1 GiB"), "{}", res.text());
    assert!(activities(&t).await.is_empty());
}

#[tokio::test]
async fn a_stream_past_the_cap_stops_being_written() {
    let dir = tempfile::tempdir().expect("dir");
    let body = MultipartForm::new().add_part("files", file("big.fit", vec![7; 5_000]));
    let content_type = body.content_type();
    let bytes = axum::body::Bytes::from(form_bytes(body).await);
    let req = axum::http::Request::builder()
        .method("POST")
        .header("content-type", content_type)
        .body(axum::body::Body::from(bytes))
        .expect("request");
    let multipart = Multipart::from_request(req, &()).await.expect("multipart");
    let refused = crate::web::pages::import::receive(dir.path(), multipart, 1_000).await;
    let Err(e) = refused else {
        panic!("5000 bytes passed a 1000-byte cap");
    };
    assert_eq!(e.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

/// The bytes axum-test would send for `form`: echoed back by a route.
async fn form_bytes(form: MultipartForm) -> Vec<u8> {
    let echo = axum::Router::new().route(
        "/echo",
        axum::routing::post(|body: axum::body::Bytes| async move { body }),
    );
    let server = axum_test::TestServer::new(echo);
    server
        .post("/echo")
        .multipart(form)
        .await
        .as_bytes()
        .to_vec()
}

#[tokio::test]
async fn an_upload_without_the_token_or_without_files_is_refused() {
    let t = app(today()).await;
    let res = t
        .server
        .post("/import")
        .multipart(MultipartForm::new().add_part("files", file("run.fit", fit(1))))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    let res = t
        .server
        .post(&upload_path())
        .multipart(MultipartForm::new().add_text("note", "no file here"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.text().contains("no file was sent"));
    assert!(activities(&t).await.is_empty());
}

#[tokio::test]
async fn the_api_imports_and_answers_json() {
    let t = app(today()).await;
    let res = t
        .server
        .post("/api/v1/import")
        .add_header("x-csrf-token", CSRF)
        .multipart(
            MultipartForm::new()
                .add_part("files", file("a.fit", fit(11)))
                .add_part("files", file("b.txt.fit", b"nope".to_vec())),
        )
        .await;
    res.assert_status_ok();
    let json: serde_json::Value = res.json();
    assert_eq!(json["totals"]["imported_runs"], 1, "{json}");
    assert_eq!(json["totals"]["failed"], 1, "{json}");
    assert_eq!(json["files"].as_array().map(Vec::len), Some(2));
    let res = t
        .server
        .post("/api/v1/import")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({"files": []}))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let json: serde_json::Value = res.json();
    assert!(
        json["error"]
            .as_str()
            .is_some_and(|e| e.contains("multipart"))
    );
}

#[tokio::test]
async fn history_lists_filters_and_pages_activities() {
    let t = app(today()).await;
    let empty = t.server.get("/history").await;
    empty.assert_status_ok();
    assert!(empty.text().contains("No activities"));
    let id = imported_run(&t).await;
    let res = t.server.get("/history").await;
    res.assert_status_ok();
    assert!(res.text().contains(&format!("/history/activity/{id}")));
    let cycling = t.server.get("/history?sport=cycling").await;
    cycling.assert_status_ok();
    assert!(!cycling.text().contains(&format!("/history/activity/{id}")));
    let running = t.server.get("/history?sport=running&from=&to=").await;
    assert!(running.text().contains(&format!("/history/activity/{id}")));
    let future = t.server.get("/history?from=2099-01-01").await;
    assert!(!future.text().contains(&format!("/history/activity/{id}")));

    for (query, words) in [
        ("from=yesterday", "not a date"),
        ("from=2026-05-04&to=2026-05-01", "on or before"),
        ("sport=skating", "not a sport"),
        ("page=0", "not a page number"),
    ] {
        let res = t
            .server
            .get(&format!("/history?{query}"))
            .expect_failure()
            .await;
        res.assert_status(StatusCode::BAD_REQUEST);
        assert!(res.text().contains(words), "{query}: {}", res.text());
    }
    let api = t.server.get("/api/v1/activities?sport=running").await;
    api.assert_status_ok();
    let json: serde_json::Value = api.json();
    assert_eq!(json["total"], 1);
    assert_eq!(json["activities"][0]["id"], id);
    let bad = t
        .server
        .get("/api/v1/activities?from=nope")
        .expect_failure()
        .await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    assert!(bad.json::<serde_json::Value>()["error"].is_string());
}

#[tokio::test]
async fn the_activity_page_draws_the_route_and_charts() {
    let t = app(today()).await;
    let id = imported_run(&t).await;
    let res = t.server.get(&format!("/history/activity/{id}")).await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("id=\"route\""), "no route");
    assert!(body.contains("class=\"route\""));
    assert!(body.contains("Pace (min/km)"));
    assert!(body.contains("Heart rate (beats/min)"));
    assert!(body.contains("Elevation (m)"));
    assert!(!body.contains("style="), "no inline styles (CSP)");
    assert!(body.contains("/assets/history.js"));
    assert!(body.contains("data-labels=\""));
    t.server.get("/assets/history.js").await.assert_status_ok();
    let missing = t
        .server
        .get("/history/activity/999999")
        .expect_failure()
        .await;
    missing.assert_status(StatusCode::NOT_FOUND);
    assert!(missing.text().contains("no activity 999999"));
    let api = t.server.get(&format!("/api/v1/activities/{id}")).await;
    api.assert_status_ok();
    let json: serde_json::Value = api.json();
    assert_eq!(json["summary"]["id"], id);
    assert!(json["samples"].as_array().is_some_and(|s| s.len() > 100));
    t.server
        .get("/api/v1/activities/999999")
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    t.server
        .get("/api/v1/activities/abc")
        .expect_failure()
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_sport_is_corrected_by_form_and_by_api() {
    let t = app(today()).await;
    let id = imported_run(&t).await;
    // Seen first as a run (the page and its JSON are kept until the data
    // changes: the correction below must show at once).
    let run = t
        .server
        .get(&format!("/history/activity/{id}"))
        .await
        .text();
    assert!(run.contains("Pace (min/km)"), "{run}");
    let before: serde_json::Value = t
        .server
        .get(&format!("/api/v1/activities/{id}"))
        .await
        .json();
    assert_eq!(before["summary"]["sport"], "running", "{before}");
    let res = t
        .server
        .post(&format!("/history/activity/{id}/sport"))
        .form(&[("_csrf", CSRF), ("sport", "cycling")])
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        activities(&t).await[0].sport,
        backstride_core::activity::Sport::Cycling
    );
    // A ride reads as speed, not pace.
    let ride = t
        .server
        .get(&format!("/history/activity/{id}"))
        .await
        .text();
    assert!(ride.contains("Speed (km/h)") && !ride.contains("Pace (min/km)"));
    assert!(ride.contains(" km/h</dd>"), "{ride}");
    let bad = t
        .server
        .post(&format!("/history/activity/{id}/sport"))
        .form(&[("_csrf", CSRF), ("sport", "skating")])
        .expect_failure()
        .await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    let missing = t
        .server
        .post("/history/activity/424242/sport")
        .form(&[("_csrf", CSRF), ("sport", "running")])
        .expect_failure()
        .await;
    missing.assert_status(StatusCode::NOT_FOUND);
    let api = t
        .server
        .post(&format!("/api/v1/activities/{id}/sport"))
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({"sport": "walking"}))
        .await;
    api.assert_status_ok();
    assert_eq!(api.json::<serde_json::Value>()["sport"], "walking");
    assert_eq!(api.json::<serde_json::Value>()["sport_source"], "runner");
    let after: serde_json::Value = t
        .server
        .get(&format!("/api/v1/activities/{id}"))
        .await
        .json();
    assert_eq!(
        after["summary"]["sport"], "walking",
        "the kept JSON followed"
    );
    t.server
        .post(&format!("/api/v1/activities/{id}/sport"))
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({"sport": "skating"}))
        .expect_failure()
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn deleting_an_activity_asks_first_then_deletes() {
    let t = app(today()).await;
    let id = imported_run(&t).await;
    let ask = t
        .server
        .get(&format!("/history/activity/{id}/delete"))
        .await;
    ask.assert_status_ok();
    assert!(ask.text().contains("cannot be undone"));
    assert!(
        ask.text()
            .contains(&format!("action=\"/history/activity/{id}/delete\""))
    );
    assert_eq!(activities(&t).await.len(), 1, "asking deletes nothing");
    let done = t
        .server
        .post(&format!("/history/activity/{id}/delete"))
        .form(&[("_csrf", CSRF)])
        .await;
    done.assert_status(StatusCode::SEE_OTHER);
    assert!(activities(&t).await.is_empty());
    t.server
        .post(&format!("/history/activity/{id}/delete"))
        .form(&[("_csrf", CSRF)])
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The API the same way.
    let id = imported_run(&t).await;
    let api = t
        .server
        .delete(&format!("/api/v1/activities/{id}"))
        .add_header("x-csrf-token", CSRF)
        .await;
    api.assert_status_ok();
    assert_eq!(api.json::<serde_json::Value>()["deleted"][0], id);
    t.server
        .delete(&format!("/api/v1/activities/{id}"))
        .add_header("x-csrf-token", CSRF)
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn log_pain(t: &TestApp, nrs: u8, note: Option<&str>) -> i64 {
    let at = Utc
        .with_ymd_and_hms(2026, 5, 3, 18, 0, 0)
        .single()
        .expect("time");
    t.state
        .store()
        .log_pain(&NewPain {
            region: Region::LowerBack,
            nrs: Nrs::new(i64::from(nrs)).expect("on the scale"),
            when: PainWhen::After,
            activity_id: None,
            note: note.map(str::to_owned),
            at,
            logged: at,
        })
        .await
        .expect("logs")
}

#[tokio::test]
async fn entries_are_listed_and_deleted_after_a_question() {
    let t = app(today()).await;
    let id = log_pain(&t, 3, Some("stiff after hills")).await;
    let page = t.server.get("/history").await;
    page.assert_status_ok();
    let body = page.text();
    assert!(body.contains("Pain 3/10, lower back"), "{body}");
    assert!(body.contains(&format!("/history/entry/pain/{id}/delete")));
    let ask = t
        .server
        .get(&format!("/history/entry/pain/{id}/delete"))
        .await;
    ask.assert_status_ok();
    assert!(ask.text().contains("stiff after hills"));
    let done = t
        .server
        .post(&format!("/history/entry/pain/{id}/delete"))
        .form(&[("_csrf", CSRF)])
        .await;
    done.assert_status(StatusCode::SEE_OTHER);
    let left = t.server.get("/api/v1/entries").await;
    left.assert_status_ok();
    assert_eq!(left.json::<serde_json::Value>(), serde_json::json!([]));
    t.server
        .post(&format!("/history/entry/pain/{id}/delete"))
        .form(&[("_csrf", CSRF)])
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    t.server
        .get("/history/entry/sleep/1/delete")
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The API.
    let id = log_pain(&t, 2, None).await;
    let listed = t.server.get("/api/v1/entries").await;
    assert_eq!(listed.json::<serde_json::Value>()[0]["kind"], "pain");
    let api = t
        .server
        .delete(&format!("/api/v1/entries/pain/{id}"))
        .add_header("x-csrf-token", CSRF)
        .await;
    api.assert_status_ok();
    t.server
        .delete(&format!("/api/v1/entries/pain/{id}"))
        .add_header("x-csrf-token", CSRF)
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn entries_come_a_page_at_a_time_with_their_count() {
    let t = app(today()).await;
    for day in 0..105 {
        let at = Utc
            .with_ymd_and_hms(2026, 1, 1, 8, 0, 0)
            .single()
            .expect("time")
            + chrono::Duration::days(day);
        t.state
            .store()
            .log_pain(&NewPain {
                region: Region::LowerBack,
                nrs: Nrs::new(day % 7).expect("on the scale"),
                when: PainWhen::NextMorning,
                activity_id: None,
                note: None,
                at,
                logged: at,
            })
            .await
            .expect("logs");
    }
    let first = t.server.get("/api/v1/entries").await;
    first.assert_status_ok();
    assert_eq!(first.header("x-total-count"), "105");
    let first = first.json::<serde_json::Value>();
    assert_eq!(first.as_array().map(Vec::len), Some(100));
    assert!(
        first[0]["at"]
            .as_str()
            .is_some_and(|at| at.starts_with("2026-04-15")),
        "newest first: {}",
        first[0]
    );
    let second = t.server.get("/api/v1/entries?page=2").await;
    let second = second.json::<serde_json::Value>();
    assert_eq!(second.as_array().map(Vec::len), Some(5));
    assert!(
        second[4]["at"]
            .as_str()
            .is_some_and(|at| at.starts_with("2026-01-01")),
        "oldest last: {}",
        second[4]
    );
    let past = t.server.get("/api/v1/entries?page=9").await;
    assert_eq!(past.json::<serde_json::Value>(), serde_json::json!([]));
    t.server
        .get("/api/v1/entries?page=0")
        .expect_failure()
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    // The page shows the newest 200 and says how many more there are.
    let page = t.server.get("/history?from=2026-01-01&to=2026-01-31").await;
    page.assert_status_ok();
    assert_eq!(
        page.text().matches("Pain ").count(),
        31,
        "January's entries"
    );
}

#[tokio::test]
async fn an_entry_a_standing_warning_sign_rests_on_is_kept() {
    let t = app(today()).await;
    let id = log_pain(&t, 9, None).await;
    let ask = t
        .server
        .get(&format!("/history/entry/pain/{id}/delete"))
        .expect_failure()
        .await;
    ask.assert_status(StatusCode::CONFLICT);
    assert!(ask.text().contains("severe-pain"), "{}", ask.text());
    let post = t
        .server
        .post(&format!("/history/entry/pain/{id}/delete"))
        .form(&[("_csrf", CSRF)])
        .expect_failure()
        .await;
    post.assert_status(StatusCode::CONFLICT);
    let api = t
        .server
        .delete(&format!("/api/v1/entries/pain/{id}"))
        .add_header("x-csrf-token", CSRF)
        .expect_failure()
        .await;
    api.assert_status(StatusCode::CONFLICT);
    let entries = t.server.get("/api/v1/entries").await;
    assert_eq!(
        entries.json::<serde_json::Value>().as_array().map(Vec::len),
        Some(1),
        "kept"
    );
}

#[tokio::test]
async fn the_data_page_exports_backs_up_and_deletes_everything() {
    let t = app(today()).await;
    let page = t.server.get("/data").await;
    page.assert_status_ok();
    assert!(page.text().contains("Type DELETE to confirm"));
    let id = imported_run(&t).await;
    log_pain(&t, 2, Some("fine")).await;

    let export = t.server.get("/data/export.zip").await;
    export.assert_status_ok();
    assert_eq!(export.header("content-type"), "application/zip");
    let bytes = export.as_bytes().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    for name in crate::usecase::data::FILES {
        assert!(zip.by_name(name).is_ok(), "{name} missing");
    }
    let mut activities_csv = String::new();
    zip.by_name("activities.csv")
        .expect("entry")
        .read_to_string(&mut activities_csv)
        .expect("text");
    assert_eq!(activities_csv.lines().count(), 2, "{activities_csv}");
    let api = t.server.get("/api/v1/export").await;
    api.assert_status_ok();
    assert!(api.as_bytes().starts_with(b"PK"));

    let backup = t.server.get("/data/backup.db").await;
    backup.assert_status_ok();
    assert!(backup.as_bytes().starts_with(b"SQLite format 3\0"));
    let restored_dir = tempfile::tempdir().expect("dir");
    let restored = restored_dir.path().join("restored.db");
    std::fs::write(&restored, backup.as_bytes()).expect("write");
    let copy = backstride_store::Store::open(&restored)
        .await
        .expect("opens");
    assert!(copy.load_activity(id).await.expect("reads").is_some());
    no_uploads_left(&t);

    let wrong = t
        .server
        .post("/data/delete-all")
        .form(&[("_csrf", CSRF), ("confirm", "delete")])
        .expect_failure()
        .await;
    wrong.assert_status(StatusCode::BAD_REQUEST);
    assert!(wrong.text().contains("Nothing was deleted"));
    assert_eq!(activities(&t).await.len(), 1);
    let done = t
        .server
        .post("/data/delete-all")
        .form(&[("_csrf", CSRF), ("confirm", "DELETE")])
        .await;
    done.assert_status_ok();
    let body = done.text();
    assert!(body.contains("Everything was deleted"));
    assert!(body.contains("activities: 1"), "{body}");
    assert!(body.contains("pain_entries: 1"), "{body}");
    let history = t.server.get("/history").await;
    assert!(history.text().contains("No activities"));
    assert!(history.text().contains("No pain, routine"));
}

#[tokio::test]
async fn the_api_deletes_everything_only_when_confirmed() {
    let t = app(today()).await;
    imported_run(&t).await;
    let wrong = t
        .server
        .post("/api/v1/delete-all")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({"confirm": "yes"}))
        .expect_failure()
        .await;
    wrong.assert_status(StatusCode::BAD_REQUEST);
    t.server
        .post("/api/v1/delete-all")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({}))
        .expect_failure()
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(activities(&t).await.len(), 1);
    let done = t
        .server
        .post("/api/v1/delete-all")
        .add_header("x-csrf-token", CSRF)
        .json(&serde_json::json!({"confirm": "DELETE"}))
        .await;
    done.assert_status_ok();
    let json: serde_json::Value = done.json();
    assert!(json["total"].as_u64().is_some_and(|n| n >= 2), "{json}");
    assert!(activities(&t).await.is_empty());
    let listed = t.server.get("/api/v1/activities").await;
    assert_eq!(listed.json::<serde_json::Value>()["total"], 0);
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_of_these_pages() {
    let t = app(today()).await;
    let doc: serde_json::Value = t.server.get("/api/openapi.json").await.json();
    for (path, method) in [
        ("/api/v1/import", "post"),
        ("/api/v1/activities", "get"),
        ("/api/v1/activities/{id}", "get"),
        ("/api/v1/activities/{id}", "delete"),
        ("/api/v1/activities/{id}/sport", "post"),
        ("/api/v1/entries", "get"),
        ("/api/v1/entries/{kind}/{id}", "delete"),
        ("/api/v1/export", "get"),
        ("/api/v1/delete-all", "post"),
    ] {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} missing");
        for (status, response) in op["responses"].as_object().expect("responses") {
            if status.starts_with('4') {
                let schema = response["content"]["application/json"]["schema"]["$ref"]
                    .as_str()
                    .unwrap_or_default();
                assert!(
                    schema.ends_with("ApiErrorBody"),
                    "{method} {path} {status}: {schema}"
                );
            }
        }
    }
}

#[tokio::test]
async fn uploads_larger_than_the_other_routes_limit_pass_on_the_upload_routes() {
    let t = app(today()).await;
    // 3 MiB: past the 2 MiB every other route takes.
    let filler: Vec<u8> = (0..3 << 20).map(|i: u32| (i % 251) as u8).collect();
    let archive = zip_of(&[("a/run.fit", fit(21)), ("a/video.mp4", filler.clone())]);
    assert!(archive.len() > 3 << 20);
    let res = t
        .server
        .post(&upload_path())
        .multipart(MultipartForm::new().add_part("files", file("big.zip", archive.clone())))
        .await;
    res.assert_status_ok();
    assert_eq!(activities(&t).await.len(), 1, "{}", res.text());
    let api = t
        .server
        .post("/api/v1/import")
        .add_header("x-csrf-token", CSRF)
        .multipart(MultipartForm::new().add_part("files", file("big.zip", archive)))
        .await;
    api.assert_status_ok();
    assert_eq!(api.json::<serde_json::Value>()["totals"]["duplicates"], 1);
    // Elsewhere the usual limit stands.
    let form = t
        .server
        .post("/history/activity/1/sport")
        .content_type("application/x-www-form-urlencoded")
        .bytes(filler.into())
        .add_header("x-csrf-token", CSRF)
        .expect_failure()
        .await;
    form.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
}

/// Stores `n` short runs a day apart from 2026-03-01, without samples.
async fn runs(t: &TestApp, n: u32) {
    use backstride_core::activity::{Activity, SportSource};
    for i in 0..n {
        let start = Utc
            .with_ymd_and_hms(2026, 3, 1, 7, 0, 0)
            .single()
            .expect("time")
            + chrono::Duration::days(i64::from(i));
        let activity = Activity {
            sport: backstride_core::activity::Sport::Running,
            sport_label: "running".to_owned(),
            sport_source: SportSource::File,
            start,
            utc_offset_s: None,
            elapsed_s: 1800.0,
            moving_s: 1800.0,
            distance_m: 5000.0 + f64::from(i),
            ascent_m: None,
            avg_heart_rate: None,
            max_heart_rate: None,
            avg_cadence_spm: None,
            device: None,
            samples: Vec::new(),
            laps: Vec::new(),
        };
        let name = format!("run-{i}.fit");
        t.state
            .store()
            .import_activity(&backstride_store::ImportRecord {
                content_sha256: backstride_store::ContentHash::of(name.as_bytes()),
                source_name: name,
                format: "fit".to_owned(),
                activity: &activity,
                problems: Vec::new(),
                imported_at: start,
                multisport: None,
            })
            .await
            .expect("imports");
    }
}

#[tokio::test]
async fn history_pages_newest_first_and_a_page_past_the_end_is_the_last() {
    let t = app(today()).await;
    runs(&t, 27).await;
    let first = t.server.get("/history").await.text();
    assert!(first.contains("27 activities; page 1 of 2"), "{first}");
    assert!(first.contains("2026-03-27"), "newest first");
    assert!(!first.contains("2026-03-02 "), "the oldest are on page 2");
    assert!(first.contains("rel=\"next\""));
    let second = t.server.get("/history?page=2").await.text();
    assert!(second.contains("page 2 of 2"));
    assert!(second.contains("2026-03-01"));
    assert!(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));
    let past = t.server.get("/history?page=9").await.text();
    assert!(past.contains("page 2 of 2"));
    let march_first_week = t
        .server
        .get("/api/v1/activities?from=2026-03-01&to=2026-03-07")
        .await;
    assert_eq!(march_first_week.json::<serde_json::Value>()["total"], 7);
    let api = t.server.get("/api/v1/activities?page=2").await;
    let json: serde_json::Value = api.json();
    assert_eq!(json["activities"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["pages"], 2);
}
