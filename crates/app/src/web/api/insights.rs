//! `GET /api/v1/insights`: the insights report, the same document as
//! `backstride insights --json` (use case [`crate::usecase::insights`]),
//! served from the analysis the Insights page keeps while the data does
//! not change.

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::insights::dto::InsightsReport;
use crate::web::error::{ApiError, ApiErrorBody};
use crate::web::pages::insights::{RangeQuery, computed};
use crate::web::state::AppState;

/// Training load against back pain over a range of days: weeks, days,
/// fitness, pain per region, routine adherence, the n-of-1 findings and
/// next week's decision (red flags first; with a standing red flag the
/// decision is "stop").
#[utoipa::path(get, path = "/api/v1/insights", tag = "insights",
    params(RangeQuery),
    responses(
        (status = 200, description = "The insights report (`backstride insights --json`)", body = InsightsReport),
        (status = 400, description = "A malformed date, or `since` after `until`", body = ApiErrorBody),
    ))]
async fn report(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let req = RangeQuery::from_raw(raw.as_deref()).request()?;
    let entry = computed(&state, req).await?;
    // Serialised once per kept analysis: ten years of days are large.
    let body = entry.json()?.to_owned();
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// The routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report))
}
