//! `GET /api/v1/sources`: every source and the advice that rests on it.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::usecase::sources;
use crate::web::state::AppState;

/// A source and what cites it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceDto {
    /// Stable ID (`SEED-...` for the founding article's claims).
    pub id: String,
    /// Kind of source, in words.
    pub kind: String,
    /// The claim in our words, or the title.
    pub title: String,
    /// Authors, journal, year.
    pub citation: Option<String>,
    /// Where to read it.
    pub url: Option<String>,
    /// The advice that rests on it.
    pub cited_by: Vec<CitingDto>,
}

/// One piece of advice citing a source.
#[derive(Debug, Serialize, ToSchema)]
pub struct CitingDto {
    /// Kind of advice ("cause", "intervention", "exercise", "red flag",
    /// "routine", "plan rule").
    pub what: String,
    /// Its name.
    pub name: String,
    /// Evidence level where graded ("opinion" .. "high").
    pub evidence: Option<String>,
    /// What research says of it, where graded.
    pub verdict: Option<String>,
}

/// Every source in the knowledge base, with the advice citing it.
#[utoipa::path(get, path = "/api/v1/sources", tag = "sources",
    responses((status = 200, description = "Every source", body = [SourceDto])))]
async fn list(State(state): State<AppState>) -> Json<Vec<SourceDto>> {
    Json(
        sources::list(state.kb())
            .into_iter()
            .map(|s| SourceDto {
                id: s.id,
                kind: s.kind.to_owned(),
                title: s.title,
                citation: s.citation,
                url: s.url,
                cited_by: s
                    .cited_by
                    .into_iter()
                    .map(|c| CitingDto {
                        what: c.what.to_owned(),
                        name: c.name,
                        evidence: c.evidence.map(str::to_owned),
                        verdict: c.verdict.map(str::to_owned),
                    })
                    .collect(),
            })
            .collect(),
    )
}

/// The routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}
