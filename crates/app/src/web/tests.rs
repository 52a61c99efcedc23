//! Handler tests of the frame every route shares: the host allow-list,
//! CSRF, the security headers, the OpenAPI document, 404s, the assets.

use axum::http::StatusCode;
use chrono::NaiveDate;

use crate::web::testing::{CSRF, app};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 4).expect("date")
}

#[tokio::test]
async fn sources_page_lists_seed_claims_with_the_frame() {
    let t = app(today()).await;
    let res = t.server.get("/sources").await;
    res.assert_status_ok();
    let body = res.text();
    assert!(body.contains("SEED-"), "no seed claims listed");
    assert!(body.contains("not a medical device"), "no disclaimer");
    assert!(
        body.contains("aria-current=\"page\""),
        "no current page in the nav"
    );
    let csp = res.header("content-security-policy");
    let csp = csp.to_str().expect("ascii");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(res.header("x-content-type-options"), "nosniff");
    assert_eq!(res.header("cache-control"), "no-store");
}

#[tokio::test]
async fn a_foreign_host_name_is_refused_on_every_route() {
    let t = app(today()).await;
    for path in ["/sources", "/api/v1/sources", "/assets/app.css"] {
        let res = t
            .server
            .get(path)
            .add_header("host", "rebind.example:8470")
            .expect_failure()
            .await;
        res.assert_status(StatusCode::FORBIDDEN);
        assert!(
            res.text().contains("answers only to its own address"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_change_without_the_token_or_from_another_site_is_refused() {
    let t = app(today()).await;
    // No token at all.
    let res = t.server.post("/sources").expect_failure().await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert!(res.text().contains("security token"));
    // The right token, from another site.
    let res = t
        .server
        .post("/sources")
        .add_header("x-csrf-token", CSRF)
        .add_header("origin", "http://evil.example")
        .expect_failure()
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert!(res.text().contains("another site"));
    // A wrong token in a form.
    let res = t
        .server
        .post("/sources")
        .form(&[("_csrf", "nope")])
        .expect_failure()
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    // The right token passes the guard (and this route takes no POST).
    let res = t
        .server
        .post("/sources")
        .form(&[("_csrf", CSRF)])
        .expect_failure()
        .await;
    res.assert_status(StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_openapi_document_lists_the_api() {
    let t = app(today()).await;
    let res = t.server.get("/api/openapi.json").await;
    res.assert_status_ok();
    let doc: serde_json::Value = res.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    assert!(doc["paths"]["/api/v1/sources"]["get"].is_object());
    let res = t.server.get("/api/v1/sources").await;
    res.assert_status_ok();
    let sources: serde_json::Value = res.json();
    assert!(sources.as_array().is_some_and(|a| !a.is_empty()));
}

#[tokio::test]
async fn unknown_paths_are_404_pages_and_assets_are_served() {
    let t = app(today()).await;
    let res = t.server.get("/no/such/page").expect_failure().await;
    res.assert_status(StatusCode::NOT_FOUND);
    assert!(res.text().contains("no such page"));
    let css = t.server.get("/assets/app.css").await;
    css.assert_status_ok();
    assert!(
        css.header("content-type")
            .to_str()
            .expect("ascii")
            .starts_with("text/css")
    );
    let js = t.server.get("/assets/app.js").await;
    js.assert_status_ok();
}

#[tokio::test]
async fn a_hidden_origin_passes_only_when_the_browser_says_same_origin() {
    let t = app(today()).await;
    // What a browser sends when it hides the origin of its own form post.
    let res = t
        .server
        .post("/sources")
        .add_header("origin", "null")
        .add_header("sec-fetch-site", "same-origin")
        .form(&[("_csrf", CSRF)])
        .expect_failure()
        .await;
    res.assert_status(StatusCode::METHOD_NOT_ALLOWED);
    // A hidden origin from another site is refused.
    for site in ["cross-site", "same-site"] {
        let res = t
            .server
            .post("/sources")
            .add_header("origin", "null")
            .add_header("sec-fetch-site", site)
            .form(&[("_csrf", CSRF)])
            .expect_failure()
            .await;
        res.assert_status(StatusCode::FORBIDDEN);
    }
    // And without Sec-Fetch-Site, "null" is not this server.
    let res = t
        .server
        .post("/sources")
        .add_header("origin", "null")
        .form(&[("_csrf", CSRF)])
        .expect_failure()
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
}
