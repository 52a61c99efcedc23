//! The plan as a calendar: `GET /plan.ics` downloads it (as `backstride
//! plan --ics` writes it), and `GET /calendar/{token}.ics` is a
//! subscription URL that Apple, Google and Outlook calendars poll. It
//! always serves the latest saved plan, so it follows every re-plan; while
//! a red flag stands it serves the sessions from today on as cancelled.
//!
//! The subscription's secret token is made once and kept in the data
//! directory (`calendar-token`, readable by its owner only, created
//! atomically so two first requests agree on one). A calendar app cannot
//! pair or carry a cookie, so the security middleware lets `/calendar/`
//! through and this handler checks the token, in constant time; a wrong
//! token is a plain 404.

use std::io::Write;
use std::path::Path;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::usecase::plan as plan_uc;
use crate::web::error::WebError;
use crate::web::security;
use crate::web::state::AppState;

/// The token file's name in the data directory.
pub const TOKEN_FILE: &str = "calendar-token";

/// Whether `text` is a token as [`security::random_token`] makes them.
fn well_formed(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The subscription token: read from the data directory, or made and
/// kept there the first time.
pub fn token(data_dir: &Path) -> Result<String, WebError> {
    let path = data_dir.join(TOKEN_FILE);
    if let Some(t) = read(&path)? {
        return Ok(t);
    }
    let fresh = security::random_token().map_err(WebError::Internal)?;
    std::fs::create_dir_all(data_dir).map_err(|e| {
        WebError::Internal(anyhow::anyhow!("cannot make {}: {e}", data_dir.display()))
    })?;
    // A temporary file (mode 0600) holding the whole token, then linked
    // under the name only if none is there yet: a second first request
    // reads the winner's token instead of replacing it.
    let mut tmp = tempfile::Builder::new()
        .prefix(".calendar-token.")
        .tempfile_in(data_dir)
        .map_err(|e| WebError::Internal(anyhow::anyhow!("cannot write the calendar token: {e}")))?;
    tmp.write_all(fresh.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| WebError::Internal(anyhow::anyhow!("cannot write the calendar token: {e}")))?;
    match tmp.persist_noclobber(&path) {
        Ok(_) => Ok(fresh),
        Err(_) => read(&path)?.ok_or_else(|| {
            WebError::Internal(anyhow::anyhow!(
                "cannot keep the calendar token in {}",
                path.display()
            ))
        }),
    }
}

/// The kept token, if there is a readable one.
fn read(path: &Path) -> Result<Option<String>, WebError> {
    match std::fs::read_to_string(path) {
        Ok(text) if well_formed(text.trim()) => Ok(Some(text.trim().to_owned())),
        Ok(_) => Err(WebError::Internal(anyhow::anyhow!(
            "{} is not a calendar token: delete it and reload the Plan page for a new one",
            path.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(WebError::Internal(anyhow::anyhow!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

fn ics(body: String, download: bool) -> Response {
    let mut res = (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response();
    if download {
        res.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            header::HeaderValue::from_static("attachment; filename=\"backstride-plan.ics\""),
        );
    }
    res
}

/// `GET /plan.ics`: the latest plan's calendar; 409 while a red flag
/// stands or the questions are due, 404 without a plan.
async fn download(State(state): State<AppState>) -> Result<Response, WebError> {
    let body = state
        .run(|ctx| {
            let now = crate::safety::now(ctx.db, ctx.kb, None, ctx.clock.today, &ctx.clock.zone)?;
            if now.standing.stops() {
                return Ok(Err(WebError::Conflict(format!(
                    "No calendar while this stands: {}",
                    crate::safety::show::app_banner_lines(&now.standing).join(" ")
                ))));
            }
            Ok(
                plan_uc::latest_calendar(ctx.db, ctx.kb, ctx.clock.now)?.ok_or_else(|| {
                    WebError::NotFound(
                        "There is no plan to put in a calendar yet: make one on the Plan page."
                            .to_owned(),
                    )
                }),
            )
        })
        .await??;
    Ok(ics(body, true))
}

/// `GET /calendar/{token}.ics`: the subscription.
async fn feed(
    State(state): State<AppState>,
    UrlPath(file): UrlPath<String>,
) -> Result<Response, WebError> {
    let not_found = || WebError::NotFound("There is no such calendar here.".to_owned());
    let given = file.strip_suffix(".ics").ok_or_else(not_found)?;
    let Some(kept) = read(&state.config().data_dir.join(TOKEN_FILE))? else {
        return Err(not_found());
    };
    if !security::same(given, &kept) {
        return Err(not_found());
    }
    let body = state
        .run(|ctx| plan_uc::feed(ctx.db, ctx.kb, ctx.clock))
        .await?;
    Ok(ics(body, false))
}

/// The calendar routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plan.ics", get(download))
        .route("/calendar/{file}", get(feed))
}
