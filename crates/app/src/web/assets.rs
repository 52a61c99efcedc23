//! The embedded static files, served at `/assets/{name}` with their content
//! type and a short cache time; nothing comes from a CDN. `app.css` and
//! `app.js` are on every page; a page with more (the routine player, the
//! upload) adds its own file here and links it in its template's `head`
//! block.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::web::error::WebError;

/// Every asset: name, content type, body.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/web/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/web/app.js"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_str!("../../assets/web/icon.svg"),
    ),
    (
        "form.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/web/form.css"),
    ),
    (
        "plan.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/web/plan.css"),
    ),
    (
        "plan.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/web/plan.js"),
    ),
    (
        "today.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/web/today.css"),
    ),
    (
        "today.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/web/today.js"),
    ),
    (
        "import.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/web/import.js"),
    ),
    (
        "history.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/web/history.js"),
    ),
    (
        "history.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/web/history.css"),
    ),
    (
        "insights.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/web/insights.css"),
    ),
];

/// `GET /assets/{name}`.
pub async fn serve(Path(name): Path<String>) -> Result<Response, WebError> {
    let (_, kind, body) = ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or_else(|| WebError::NotFound(format!("no asset named {name}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, *kind),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        *body,
    )
        .into_response())
}
