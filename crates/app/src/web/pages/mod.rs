//! The HTML pages, one module each, server-rendered with askama
//! (`templates/web/`). Each module has its handlers and its routes; this
//! file puts their routes together.

pub mod calendar;
pub mod check_in;
pub mod data;
pub mod entry_edit;
pub mod form;
pub mod history;
pub mod history_svg;
pub mod import;
pub mod insights;
pub mod pair;
pub mod plan;
#[cfg(test)]
mod plan_tests;
pub mod sources;
pub mod today;

use axum::Router;

use crate::web::state::AppState;

/// Every page's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(sources::routes())
        .merge(pair::routes())
        .merge(check_in::routes())
        .merge(plan::routes())
        .merge(calendar::routes())
        .merge(today::routes())
        .merge(import::routes())
        .merge(history::routes())
        .merge(entry_edit::routes())
        .merge(data::routes())
        .merge(insights::routes())
        .merge(form::routes())
}
