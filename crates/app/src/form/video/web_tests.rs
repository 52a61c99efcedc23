//! The Form page with videos: a video upload goes the video path (a
//! clear 400 naming the upload when it cannot be analysed, never a 500 or
//! a temporary path), and a saved analysis of a video shows its snapshots
//! on the page while the API carries only their times.

use super::VideoClip;
use super::tests::form_synth::Runner;
use super::tests::{kb, request, video_of};
use crate::usecase::form;
use crate::web::testing::{CSRF, app};
use axum::http::StatusCode;
use axum_test::multipart::{MultipartForm, Part};
use chrono::{NaiveDate, TimeZone, Utc};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 4).expect("date")
}

#[tokio::test]
async fn a_video_upload_that_cannot_be_analysed_is_a_400_naming_it() {
    let t = app(today()).await;
    let mut mp4 = b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41".to_vec();
    mp4.extend((0..4096u32).map(|i| (i * 37 % 251) as u8));
    let res = t
        .server
        .post(&format!("/form?_csrf={CSRF}"))
        .multipart(
            MultipartForm::new().add_part(
                "files",
                Part::bytes(mp4)
                    .file_name("my run.mp4")
                    .mime_type("video/mp4"),
            ),
        )
        .expect_failure()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let body = res.text();
    assert!(body.contains("my_run.mp4: "), "{body}");
    assert!(
        !body.contains("backstride-upload-"),
        "a temporary path leaked"
    );
    assert!(body.contains("id=\"form-error\""), "{body}");
    // The page says videos are welcome, and up to how much.
    let page = t.server.get("/form").await.text();
    assert!(page.contains("accept=\".mp4,.mov,"), "{page}");
    assert!(page.contains("up to 2048 MiB"), "{page}");
}

#[tokio::test]
async fn a_saved_video_analysis_shows_its_snapshots_and_the_api_only_their_times() {
    let t = app(today()).await;
    let analysis = form::analyse_videos(
        &kb(),
        &request(Vec::new()),
        vec![VideoClip {
            source: "run.mp4".to_owned(),
            keypoints: video_of(&Runner::default()),
        }],
    )
    .expect("measured");
    let at = Utc
        .with_ymd_and_hms(2026, 5, 4, 8, 0, 0)
        .single()
        .expect("a time");
    let id = t
        .state
        .run(move |ctx| form::save(ctx.db, &analysis, at))
        .await
        .expect("saved");
    let page = t.server.get(&format!("/form/{id}")).await;
    page.assert_status_ok();
    let body = page.text();
    assert_eq!(
        body.matches("<img class=\"snapshot\" src=\"data:image/jpeg;base64,")
            .count(),
        2,
        "{body}"
    );
    assert!(body.contains("/assets/form.css"));
    assert!(!body.contains("style=\""));
    let css = t.server.get("/assets/form.css").await;
    css.assert_status_ok();
    let api = t.server.get(&format!("/api/v1/form/{id}")).await.text();
    assert!(!api.contains("base64"), "no pixels in the API");
    assert!(api.contains("early stride"), "{api}");
}
