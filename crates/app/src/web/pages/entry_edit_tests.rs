//! Handler tests of editing a log entry: the History page links to the
//! form, the form is filled in, a save goes back to History with a
//! confirmation, bad input comes back as a 400 form with the reason and
//! changes nothing, unknown kinds and ids are 404s, a note edited to name
//! a warning sign leads to the red-flag questions (and shows the warning
//! even when refused), a standing sign cannot be edited away (409); and
//! the same through `PATCH /api/v1/entries/{kind}/{id}`.

use axum::http::StatusCode;
use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{NewCrossTraining, NewPain, NewRoutine, PainWhen, TimeRange};
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::{Value, json};

use crate::web::testing::{CSRF, TestApp, app};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 4).expect("date")
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

async fn pain_of(t: &TestApp, id: i64) -> backstride_store::PainEntry {
    t.state
        .store()
        .pain_entry(id)
        .await
        .expect("reads")
        .expect("there")
}

fn pain_form<'a>(nrs: &'a str, when: &'a str, note: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", CSRF),
        ("region", "lower-back"),
        ("nrs", nrs),
        ("when", when),
        ("activity", ""),
        ("at", "2026-05-03T18:00"),
        ("note", note),
    ]
}

#[tokio::test]
async fn history_links_each_entry_to_a_filled_in_form_that_saves_and_confirms() {
    let t = app(today()).await;
    let id = log_pain(&t, 5, Some("stiff after hills")).await;
    let history = t.server.get("/history").await;
    history.assert_status_ok();
    assert!(
        history
            .text()
            .contains(&format!("/history/entry/pain/{id}/edit")),
        "no Edit link: {}",
        history.text()
    );
    let form = t
        .server
        .get(&format!("/history/entry/pain/{id}/edit"))
        .await;
    form.assert_status_ok();
    let body = form.text();
    for needle in [
        "name=\"_csrf\"",
        "value=\"5\"",
        "stiff after hills",
        "<label for=\"edit-nrs\">",
        "id=\"edit-when-after\" checked",
        "<option value=\"lower-back\" selected>",
    ] {
        assert!(body.contains(needle), "{needle}: {body}");
    }
    assert!(
        !body.contains("note-warning"),
        "no warning box for a plain stored note"
    );
    let saved = t
        .server
        .post(&format!("/history/entry/pain/{id}/edit"))
        .form(&pain_form("4", "during", "better today"))
        .await;
    saved.assert_status(StatusCode::SEE_OTHER);
    let to = saved.header("location");
    let to = to.to_str().expect("ascii");
    assert_eq!(to, format!("/history?edited=pain-{id}"));
    let p = pain_of(&t, id).await;
    assert_eq!(
        (p.nrs, p.when, p.note.as_deref()),
        (4, PainWhen::During, Some("better today"))
    );
    let back = t.server.get(to).await;
    back.assert_status_ok();
    assert!(
        back.text()
            .contains(&format!("Saved your changes to pain entry {id}.")),
        "{}",
        back.text()
    );
}

#[tokio::test]
async fn every_kind_has_a_form_and_saves() {
    let t = app(today()).await;
    let at = Utc
        .with_ymd_and_hms(2026, 5, 2, 8, 0, 0)
        .single()
        .expect("time");
    let store = t.state.store();
    let routine = store
        .log_routine(&NewRoutine {
            exercises: vec![backstride_store::ExerciseDone {
                exercise_id: "warrior-pose".to_owned(),
                reps: 10,
            }],
            rounds: 1,
            note: None,
            at,
            logged: at,
        })
        .await
        .expect("logs");
    let cross = store
        .log_cross_training(&NewCrossTraining {
            kind: "cycling".to_owned(),
            minutes: 30,
            note: None,
            at,
            logged: at,
        })
        .await
        .expect("logs");
    let form = t
        .server
        .get(&format!("/history/entry/routine/{routine}/edit"))
        .await;
    form.assert_status_ok();
    assert!(form.text().contains("warrior-pose:10"), "{}", form.text());
    t.server
        .post(&format!("/history/entry/routine/{routine}/edit"))
        .form(&[
            ("_csrf", CSRF),
            ("rounds", "2"),
            ("exercises", "warrior-pose:12 bicycle-crunch:20"),
            ("at", ""),
            ("note", "legs tired"),
        ])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let r = store
        .routine_entry(routine)
        .await
        .expect("reads")
        .expect("there");
    assert_eq!((r.rounds, r.exercises.len(), r.at), (2, 2, at), "time kept");
    let form = t
        .server
        .get(&format!("/history/entry/cross-train/{cross}/edit"))
        .await;
    form.assert_status_ok();
    t.server
        .post(&format!("/history/entry/cross-train/{cross}/edit"))
        .form(&[
            ("_csrf", CSRF),
            ("what", "swimming"),
            ("minutes", "40"),
            ("at", ""),
            ("note", ""),
        ])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let c = store
        .cross_training_entry(cross)
        .await
        .expect("reads")
        .expect("there");
    assert_eq!((c.kind.as_str(), c.minutes), ("swimming", 40));
}

#[tokio::test]
async fn bad_input_comes_back_as_a_400_form_and_changes_nothing() {
    let t = app(today()).await;
    let id = log_pain(&t, 5, Some("stiff")).await;
    let path = format!("/history/entry/pain/{id}/edit");
    for (form, needle) in [
        (pain_form("11", "after", "stiff"), "nrs"),
        (pain_form("x", "after", "stiff"), "whole number"),
        (pain_form("4", "later", "stiff"), "when later"),
        (pain_form("", "after", "stiff"), "nrs: give the pain"),
    ] {
        let res = t.server.post(&path).form(&form).expect_failure().await;
        res.assert_status(StatusCode::BAD_REQUEST);
        let body = res.text();
        assert!(body.contains(needle), "{needle}: {body}");
        assert!(body.contains("id=\"entry-edit-form\""), "the form again");
    }
    let mut future = pain_form("4", "after", "stiff");
    future[5] = ("at", "2027-01-01T10:00");
    let res = t.server.post(&path).form(&future).expect_failure().await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.text().contains("in the future"), "{}", res.text());
    let mut linked = pain_form("4", "after", "stiff");
    linked[4] = ("activity", "77");
    let res = t.server.post(&path).form(&linked).expect_failure().await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.text().contains("77"), "{}", res.text());
    let p = pain_of(&t, id).await;
    assert_eq!((p.nrs, p.note.as_deref()), (5, Some("stiff")), "unchanged");

    // Unknown kinds and ids.
    for path in [
        "/history/entry/sleep/1/edit".to_owned(),
        format!("/history/entry/pain/{}/edit", id + 50),
        format!("/history/entry/routine/{id}/edit"),
    ] {
        t.server
            .get(&path)
            .expect_failure()
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    t.server
        .post(&format!("/history/entry/pain/{}/edit", id + 50))
        .form(&pain_form("4", "after", ""))
        .expect_failure()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let res = t
        .server
        .get("/history/entry/pain/abc/edit")
        .expect_failure()
        .await;
    assert_eq!(res.status_code(), StatusCode::BAD_REQUEST);
    // Without the token nothing is saved.
    t.server
        .post(&path)
        .form(&[("nrs", "2")])
        .expect_failure()
        .await
        .assert_status(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_note_edited_to_name_a_warning_sign_leads_to_the_questions_and_stays() {
    let t = app(today()).await;
    let id = log_pain(&t, 3, Some("stiff")).await;
    let path = format!("/history/entry/pain/{id}/edit");
    // Refused for its score, the warning still shows.
    let res = t
        .server
        .post(&path)
        .form(&pain_form("12", "after", "groin went numb"))
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(
        res.text().contains("data-testid=\"note-warning\""),
        "{}",
        res.text()
    );
    // Saved, it goes to the red-flag questions, and the plan stops.
    let saved = t
        .server
        .post(&path)
        .form(&pain_form("3", "after", "groin went numb"))
        .await;
    saved.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(saved.header("location"), "/today/red-flags");
    let today = t.server.get("/api/v1/today").await;
    assert_eq!(today.json::<Value>()["status"], "stop", "{}", today.text());
    // While it stands, the sign cannot be edited away.
    let away = t
        .server
        .post(&path)
        .form(&pain_form("3", "after", "all fine"))
        .expect_failure()
        .await;
    away.assert_status(StatusCode::CONFLICT);
    assert!(away.text().contains("saddle-numbness"), "{}", away.text());
    assert_eq!(
        pain_of(&t, id).await.note.as_deref(),
        Some("groin went numb")
    );
    // The form itself shows the stored note without the warning box (the
    // standing sign is on the banner instead).
    let form = t.server.get(&path).await;
    form.assert_status_ok();
    assert!(!form.text().contains("note-warning"), "{}", form.text());
    assert!(form.text().contains("class=\"banner\""), "the banner");
}

#[tokio::test]
async fn the_api_patches_an_entry_and_answers_every_status() {
    let t = app(today()).await;
    let id = log_pain(&t, 5, Some("stiff")).await;
    let path = format!("/api/v1/entries/pain/{id}");
    let res = t
        .server
        .patch(&path)
        .add_header("x-csrf-token", CSRF)
        .json(&json!({"nrs": 4, "when": "during"}))
        .await;
    res.assert_status_ok();
    let v: Value = res.json();
    assert_eq!(v["kind"], "pain");
    assert_eq!(
        v["changes"][0],
        json!({"field": "nrs", "before": "5", "after": "4"})
    );
    assert_eq!(v["changes"][1]["field"], "when");
    assert!(
        v["text"].as_str().is_some_and(|t| t.contains("4/10")),
        "{v}"
    );
    assert_eq!(v["stops"], false);

    for (body, needle) in [
        (json!({"nrs": 11}), "nrs"),
        (
            json!({"minutes": 3}),
            "minutes: a pain entry has no such field",
        ),
        (json!({"colour": "red"}), "unknown field"),
        (json!("not an object"), "not valid"),
    ] {
        let res = t
            .server
            .patch(&path)
            .add_header("x-csrf-token", CSRF)
            .json(&body)
            .expect_failure()
            .await;
        res.assert_status(StatusCode::BAD_REQUEST);
        let error = res.json::<Value>()["error"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        assert!(error.contains(needle), "{needle}: {error}");
    }
    assert_eq!(pain_of(&t, id).await.nrs, 4, "the bad ones changed nothing");
    for missing in [
        "/api/v1/entries/pain/999".to_owned(),
        "/api/v1/entries/sleep/1".to_owned(),
    ] {
        t.server
            .patch(&missing)
            .add_header("x-csrf-token", CSRF)
            .json(&json!({"note": "x"}))
            .expect_failure()
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    t.server
        .patch("/api/v1/entries/pain/abc")
        .add_header("x-csrf-token", CSRF)
        .json(&json!({}))
        .expect_failure()
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    t.server
        .patch(&path)
        .json(&json!({"nrs": 2}))
        .expect_failure()
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // A severe score: told again, it stops the plan; edited down, 409.
    let severe = t
        .server
        .patch(&path)
        .add_header("x-csrf-token", CSRF)
        .json(&json!({"nrs": 9}))
        .await;
    severe.assert_status_ok();
    assert_eq!(severe.json::<Value>()["stops"], true);
    let down = t
        .server
        .patch(&path)
        .add_header("x-csrf-token", CSRF)
        .json(&json!({"nrs": 2}))
        .expect_failure()
        .await;
    down.assert_status(StatusCode::CONFLICT);
    assert!(
        down.json::<Value>()["error"]
            .as_str()
            .is_some_and(|e| e.contains("severe-pain")),
        "{}",
        down.text()
    );
    // A note naming a sign answers with it and its action.
    let noted = t
        .server
        .patch(&path)
        .add_header("x-csrf-token", CSRF)
        .json(&json!({"note": "groin went numb"}))
        .await;
    noted.assert_status_ok();
    let v: Value = noted.json();
    assert_eq!(v["warning_signs"][0], "saddle-numbness", "{v}");
    assert!(
        v["warning_actions"][0]
            .as_str()
            .is_some_and(|a| !a.is_empty())
    );
    let listed = t
        .state
        .store()
        .list_pain(TimeRange::all())
        .await
        .expect("lists");
    assert_eq!(listed.len(), 1, "edited in place, never added");
}

#[tokio::test]
async fn the_openapi_document_has_patch_beside_delete() {
    let t = app(today()).await;
    let doc: Value = t.server.get("/api/openapi.json").await.json();
    let item = &doc["paths"]["/api/v1/entries/{kind}/{id}"];
    assert!(item["delete"].is_object(), "{item}");
    let patch = &item["patch"];
    for status in ["200", "400", "403", "404", "409"] {
        assert!(
            patch["responses"][status].is_object(),
            "{status} undocumented: {patch}"
        );
    }
}
