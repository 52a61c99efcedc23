//! `GET /api/v1/csrf`: this server run's anti-CSRF token, for scripts and
//! API clients, which send it back as the `x-csrf-token` header on every
//! change. Only this server's own pages and local programs can read it: a
//! page on another site gets no CORS permission, and a rebound host name
//! is refused by the host allow-list.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::web::state::AppState;

/// The token.
#[derive(Debug, Serialize, ToSchema)]
pub struct CsrfDto {
    /// Send it as the `x-csrf-token` header with every POST, PUT, PATCH
    /// and DELETE.
    pub token: String,
}

/// This run's anti-CSRF token.
#[utoipa::path(get, path = "/api/v1/csrf", tag = "session",
    responses((status = 200, description = "The token", body = CsrfDto)))]
async fn csrf(State(state): State<AppState>) -> Json<CsrfDto> {
    Json(CsrfDto {
        token: state.secrets().csrf.clone(),
    })
}

/// The routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(csrf))
}
