//! The Sources page: every source and the advice that rests on it
//! (use case [`crate::usecase::sources`]).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use crate::usecase::sources::{self, SourceUse};
use crate::web::error::WebError;
use crate::web::page::{Chrome, Nav, banner, render};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "web/sources.html")]
struct SourcesPage {
    chrome: Chrome,
    sources: Vec<SourceUse>,
}

/// `GET /sources`.
async fn page(State(state): State<AppState>) -> Result<Response, WebError> {
    let chrome = Chrome::new(&state, Nav::Sources, "Sources", banner(&state).await?);
    render(&SourcesPage {
        chrome,
        sources: sources::list(state.kb()),
    })
}

/// The page's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/sources", get(page))
}
