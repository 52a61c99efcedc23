//! `/api/v1/form`: upload phone videos or keypoint files for a form
//! analysis (multipart, 2 GiB at most),
//! list the saved analyses, read one (use case [`crate::usecase::form`]).

use axum::Json;
use axum::extract::multipart::Multipart;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::form::dto::FormReport;
use crate::usecase::form;
use crate::web::error::{ApiError, ApiErrorBody, WebError};
use crate::web::pages::form::{BODY_LIMIT, analyse_upload, id_of, receive, run_form};
use crate::web::state::AppState;

/// The upload's fields (multipart/form-data).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct FormUpload {
    /// Phone videos (MP4/MOV, H.264) or keypoint files, in running order
    /// (several are clips of one run; OpenPose `*_keypoints.json` frames
    /// together are one clip).
    #[schema(value_type = Vec<String>, format = Binary)]
    files: Vec<Vec<u8>>,
    /// The day the run was filmed (YYYY-MM-DD); today when absent.
    date: Option<String>,
    /// Frames per second, when the files do not say (or a slow-motion
    /// video's real rate).
    fps: Option<f64>,
    /// The runner's height in cm, for lengths in centimetres.
    height_cm: Option<f64>,
}

/// A saved analysis in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormEntryDto {
    /// Its id.
    pub id: i64,
    /// The day the run was filmed.
    pub run_date: NaiveDate,
    /// Where the keypoints came from.
    pub source: String,
    /// `form.*` signals it raised.
    pub signals: Vec<String>,
    /// Number of findings.
    pub findings: u32,
    /// When it was analysed.
    pub at: DateTime<Utc>,
}

/// One saved analysis with its report.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormAnalysisDto {
    /// Its id.
    pub id: i64,
    /// The day the run was filmed.
    pub run_date: NaiveDate,
    /// Where the keypoints came from.
    pub source: String,
    /// When it was analysed.
    pub at: DateTime<Utc>,
    /// The report (`backstride form --json`).
    pub report: FormReport,
}

fn dto(s: form::Saved) -> FormAnalysisDto {
    FormAnalysisDto {
        id: s.id,
        run_date: s.run_date,
        source: s.source,
        at: s.at,
        report: s.report.without_pixels(),
    }
}

/// Analyses uploaded videos or keypoint files and saves the analysis.
#[utoipa::path(post, path = "/api/v1/form", tag = "form",
    request_body(content = FormUpload, content_type = "multipart/form-data"),
    params(("_csrf" = Option<String>, Query, description = "The CSRF token, unless sent as the x-csrf-token header")),
    responses(
        (status = 201, description = "Analysed and saved", body = FormAnalysisDto),
        (status = 400, description = "No file, a file that is neither a video nor keypoints (the parser's message), a video that cannot be analysed, or a bad field", body = ApiErrorBody),
        (status = 403, description = "No or a wrong CSRF token", body = ApiErrorBody),
        (status = 413, description = "The upload is too large", body = ApiErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<FormAnalysisDto>), ApiError> {
    let multipart = multipart
        .map_err(|e| WebError::BadRequest(format!("the upload is not multipart form data: {e}")))?;
    let upload = receive(multipart).await?;
    let id = analyse_upload(&state, upload).await?;
    let saved = run_form(&state, move |ctx| form::get(ctx.db, id)).await?;
    Ok((StatusCode::CREATED, Json(dto(saved))))
}

/// Every saved form analysis, newest first.
#[utoipa::path(get, path = "/api/v1/form", tag = "form",
    responses((status = 200, description = "The saved analyses, newest first", body = [FormEntryDto])))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<FormEntryDto>>, ApiError> {
    let all = run_form(&state, |ctx| form::list(ctx.db)).await?;
    Ok(Json(
        all.into_iter()
            .map(|e| FormEntryDto {
                id: e.id,
                run_date: e.run_date,
                source: e.source,
                signals: e.signals,
                findings: e.findings,
                at: e.at,
            })
            .collect(),
    ))
}

/// One saved form analysis with its report.
#[utoipa::path(get, path = "/api/v1/form/{id}", tag = "form",
    params(("id" = String, Path, description = "The analysis's id")),
    responses(
        (status = 200, description = "The analysis", body = FormAnalysisDto),
        (status = 400, description = "Saved by another version and unreadable here", body = ApiErrorBody),
        (status = 404, description = "No analysis has this id", body = ApiErrorBody),
    ))]
async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<FormAnalysisDto>, ApiError> {
    let id = id_of(&id)?;
    let saved = run_form(&state, move |ctx| form::get(ctx.db, id)).await?;
    Ok(Json(dto(saved)))
}

/// The routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(one))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}
