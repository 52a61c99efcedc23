//! The HTML pages, one module each, server-rendered with askama
//! (`templates/web/`). Each module has its handlers and its routes; this
//! file puts their routes together.

pub mod form;
pub mod insights;
pub mod sources;

use axum::Router;

use crate::web::state::AppState;

/// Every page's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(sources::routes())
        .merge(insights::routes())
        .merge(form::routes())
}
