//! `POST /api/v1/assessment` (answers as JSON, in the answers file's
//! layout, -> the assessment, saved as `backstride assess` saves it) and
//! `GET /api/v1/assessment` (the latest saved one). Use case
//! [`crate::usecase::assess`].

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::answers_file::RawAnswers;
use crate::report::dto::Report;
use crate::usecase::assess;
use crate::web::error::{ApiError, ApiErrorBody, WebError};
use crate::web::state::AppState;

/// An emergency answer: what to do now.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmergencyDto {
    /// The warning sign answered yes.
    pub name: String,
    /// What to do now.
    pub instruction: String,
}

/// What an assessment came to.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentResult {
    /// Set after a "yes" to an emergency question: nothing else is given.
    pub emergency: Option<EmergencyDto>,
    /// The assessment: triage, likely causes with the rules that fired,
    /// recommendations with evidence and sources (absent after an
    /// emergency answer).
    pub report: Option<Report>,
    /// A red flag stops any plan.
    pub stops: bool,
    /// Whether the answers were saved.
    pub saved: bool,
}

/// The latest saved assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedAssessment {
    /// When it was saved.
    pub saved_at: DateTime<Utc>,
    /// The assessment.
    pub report: Report,
}

/// The red-flag answers of a JSON body, as far as they are answers.
fn red_flags_in(value: &serde_json::Value) -> BTreeMap<String, bool> {
    value
        .get("red_flags")
        .and_then(|f| f.as_object())
        .map(|f| {
            f.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_bool()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// Assesses answers (the answers file's layout, as JSON) and saves them.
/// An emergency "yes" answers at once with its instruction, whatever the
/// rest holds.
#[utoipa::path(post, path = "/api/v1/assessment", tag = "assessment",
    request_body(content = RawAnswers, description = "The answers, in the answers file's layout (docs/answers.md)", content_type = "application/json"),
    responses(
        (status = 200, description = "The assessment, or an emergency instruction", body = AssessmentResult),
        (status = 400, description = "The answers are not valid: which key and why", body = ApiErrorBody),
        (status = 403, description = "No security token (x-csrf-token)", body = ApiErrorBody),
    ))]
async fn post_assessment(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<AssessmentResult>, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| WebError::BadRequest(format!("the body is not JSON: {e}")))?;
    let result = state
        .run(move |ctx| {
            let flags = red_flags_in(&value);
            if let Some(stop) = assess::emergency_stop(ctx.db, ctx.kb, ctx.clock, &flags)? {
                return Ok(Ok(AssessmentResult {
                    emergency: Some(EmergencyDto {
                        name: stop.name,
                        instruction: stop.instruction,
                    }),
                    report: None,
                    stops: true,
                    saved: stop.saved,
                }));
            }
            let raw: RawAnswers = match serde_path_to_error::deserialize(value) {
                Ok(raw) => raw,
                Err(e) => {
                    let path = e.path().to_string();
                    let key = if path == "." {
                        "(top level)".to_owned()
                    } else {
                        path
                    };
                    return Ok(Err(WebError::BadRequest(format!(
                        "{key}: {}",
                        e.into_inner()
                    ))));
                }
            };
            let answers = match raw.validate(ctx.kb) {
                Ok(a) => a,
                Err(e) => return Ok(Err(WebError::BadRequest(e.to_string()))),
            };
            let assessed = assess::assess(ctx.db, ctx.kb, ctx.clock, answers, true)?;
            if let Some(e) = &assessed.save_error {
                eprintln!("backstride serve: the assessment was not saved: {e:#}");
            }
            Ok(Ok(AssessmentResult {
                emergency: None,
                stops: assessed.stops(),
                saved: assessed.save_error.is_none(),
                report: Some(assessed.report),
            }))
        })
        .await??;
    Ok(Json(result))
}

/// The latest saved assessment.
#[utoipa::path(get, path = "/api/v1/assessment", tag = "assessment",
    responses(
        (status = 200, description = "The latest saved assessment", body = SavedAssessment),
        (status = 404, description = "No assessment saved yet", body = ApiErrorBody),
    ))]
async fn get_assessment(State(state): State<AppState>) -> Result<Json<SavedAssessment>, ApiError> {
    let latest = state
        .run(|ctx| assess::latest(ctx.db, ctx.kb, ctx.clock))
        .await?;
    let (saved_at, report) = latest.ok_or_else(|| {
        WebError::NotFound("no assessment saved yet: POST your answers first".to_owned())
    })?;
    Ok(Json(SavedAssessment { saved_at, report }))
}

/// The routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(post_assessment, get_assessment))
}
