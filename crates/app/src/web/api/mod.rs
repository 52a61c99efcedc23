//! The JSON API under `/api/v1`: one route per use case, the same use
//! cases the pages and the CLI call. The OpenAPI document is generated
//! from these handlers and their types (utoipa) and served at
//! `/api/openapi.json`. Errors are `{"error": "..."}` with a 4xx status
//! for the caller's input.

pub mod assessment;
pub mod entry_edit;
pub mod form;
pub mod history;
pub mod insights;
pub mod plan;
pub mod session;
pub mod sources;
pub mod today;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::web::state::AppState;

/// The document's frame; the paths come from the routers below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Backstride",
        description = "The local API of Backstride, a running app for runners with back pain. Not a medical device: red flags stop every plan.",
        license(name = "MIT OR Apache-2.0")
    ),
    components(schemas(crate::web::error::ApiErrorBody))
)]
pub struct ApiDoc;

/// Every API route with its part of the document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(session::routes())
        .merge(sources::routes())
        .merge(assessment::routes())
        .merge(plan::routes())
        .merge(today::routes())
        .merge(history::routes())
        .merge(entry_edit::routes())
        .merge(insights::routes())
        .merge(form::routes())
}
