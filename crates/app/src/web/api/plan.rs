//! The plan's API (use cases [`crate::usecase::plan`] and
//! [`crate::usecase::replan`]): `GET /api/v1/plan` (the latest saved
//! plan), `POST /api/v1/plan` (a new plan from the saved answers, as
//! `backstride plan`), `GET /api/v1/plan/replan` (the re-plan from today
//! with each change and its reason, not saved) and `POST
//! /api/v1/plan/replan` (the same, saved). A standing red flag or due
//! red-flag questions answer 409 with what to do: no plan.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::report::dto::{AdaptationView, BlockedView, PlanView};
use crate::usecase::plan::{self as plan_uc, Made};
use crate::usecase::replan::{self as replan_uc, Previewed};
use crate::web::error::{ApiError, ApiErrorBody, WebError};
use crate::web::state::{AppState, Ctx};

/// A saved plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedPlanDto {
    /// The first day.
    pub start: NaiveDate,
    /// Its weeks.
    pub weeks: u16,
    /// When it was saved.
    pub saved_at: DateTime<Utc>,
    /// The plan: its weeks, days, sessions and doses.
    pub plan: PlanView,
}

/// What to plan (every field optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPlan {
    /// The first day (YYYY-MM-DD); today when absent.
    pub start: Option<NaiveDate>,
    /// Weeks, 1-52; 8 when absent.
    #[schema(minimum = 1, maximum = 52)]
    pub weeks: Option<u16>,
    /// Cross-training days in any 30 days, 3-12; the knowledge base's
    /// default when absent.
    #[schema(minimum = 3, maximum = 12)]
    pub cross_days_per_30: Option<u8>,
}

/// A re-plan from today.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplanDto {
    /// The decision, its reasons and every change with its reason.
    pub adaptation: Option<AdaptationView>,
    /// The new plan.
    pub plan: PlanView,
    /// Whether it was saved (applied).
    pub saved: bool,
}

/// The stop, when a red flag stands or the questions are due.
fn stop(ctx: &Ctx<'_>) -> anyhow::Result<Option<WebError>> {
    let now = crate::safety::now(ctx.db, ctx.kb, None, ctx.clock.today, &ctx.clock.zone)?;
    Ok(now.standing.stops().then(|| {
        WebError::Conflict(format!(
            "no plan: {}",
            crate::safety::show::app_banner_lines(&now.standing)
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" ")
        ))
    }))
}

fn blocked(plan: &PlanView) -> Option<WebError> {
    match plan {
        PlanView::Blocked(b) => Some(WebError::Conflict(format!(
            "no plan ({}): {}",
            b.tier, b.instruction
        ))),
        _ => None,
    }
}

/// The latest saved plan.
#[utoipa::path(get, path = "/api/v1/plan", tag = "plan",
    responses(
        (status = 200, description = "The latest saved plan", body = SavedPlanDto),
        (status = 404, description = "No plan saved yet", body = ApiErrorBody),
        (status = 409, description = "A red flag stands or the red-flag questions are due: no plan", body = ApiErrorBody),
    ))]
async fn get_plan(State(state): State<AppState>) -> Result<Json<SavedPlanDto>, ApiError> {
    let dto = state
        .run(|ctx| {
            if let Some(stop) = stop(ctx)? {
                return Ok(Err(stop));
            }
            let Some(saved) = plan_uc::latest(ctx.db, ctx.kb)? else {
                return Ok(Err(WebError::NotFound(
                    "no plan saved yet: POST /api/v1/plan".to_owned(),
                )));
            };
            let stopped = saved
                .blocked()
                .map(|(tier, instruction)| (tier.to_owned(), instruction.to_owned()));
            let plan = match (saved.view, stopped) {
                (Some(view), _) => Some(PlanView::Ready(Box::new(view))),
                (None, Some((tier, instruction))) => {
                    Some(PlanView::Blocked(BlockedView { tier, instruction }))
                }
                (None, None) => None,
            };
            let Some(plan) = plan else {
                return Ok(Err(WebError::NotFound(
                    "the saved plan was made by another version: make a new one".to_owned(),
                )));
            };
            if let Some(stop) = blocked(&plan) {
                return Ok(Err(stop));
            }
            Ok(Ok(SavedPlanDto {
                start: saved.start,
                weeks: saved.weeks,
                saved_at: saved.created_at,
                plan,
            }))
        })
        .await??;
    Ok(Json(dto))
}

/// Reads the body of `POST /api/v1/plan` (empty: every default).
fn new_plan_of(body: &[u8]) -> Result<NewPlan, WebError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(NewPlan::default());
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    let req: NewPlan = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        WebError::BadRequest(format!("{path}: {}", e.into_inner()))
    })?;
    if let Some(w) = req.weeks
        && !(1..=52).contains(&w)
    {
        return Err(WebError::BadRequest(format!(
            "weeks: {w} is outside 1..=52"
        )));
    }
    if let Some(c) = req.cross_days_per_30
        && !(3..=12).contains(&c)
    {
        return Err(WebError::BadRequest(format!(
            "cross_days_per_30: {c} is outside 3..=12"
        )));
    }
    if let Some(s) = req.start
        && !(crate::cli::FIRST_YEAR..=crate::cli::LAST_YEAR).contains(&s.year())
    {
        return Err(WebError::BadRequest(format!(
            "start: {s}: the year must be from {} to {}",
            crate::cli::FIRST_YEAR,
            crate::cli::LAST_YEAR
        )));
    }
    Ok(req)
}

/// Makes and saves a new plan from the saved answers.
#[utoipa::path(post, path = "/api/v1/plan", tag = "plan",
    request_body(content = NewPlan, description = "Start, weeks, cross-training days (all optional)", content_type = "application/json"),
    responses(
        (status = 201, description = "The new plan, saved", body = SavedPlanDto),
        (status = 400, description = "Bad input, or no saved answers to plan from", body = ApiErrorBody),
        (status = 403, description = "No security token (x-csrf-token)", body = ApiErrorBody),
        (status = 409, description = "A red flag stands or the red-flag questions are due: no plan", body = ApiErrorBody),
    ))]
async fn post_plan(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<(StatusCode, Json<SavedPlanDto>), ApiError> {
    let req = new_plan_of(&body)?;
    let dto = state
        .run(move |ctx| {
            let start = req.start.unwrap_or(ctx.clock.today);
            let weeks = req.weeks.unwrap_or(8);
            let made = plan_uc::make(
                ctx.db,
                ctx.kb,
                ctx.clock,
                plan_uc::Request {
                    fresh: None,
                    start,
                    weeks,
                    cross_days_per_30: req.cross_days_per_30,
                    save: true,
                },
            )?;
            let planned = match made.made {
                Made::CheckDue { standing, .. } => {
                    return Ok(Err(WebError::Conflict(format!(
                        "no plan: {}",
                        crate::safety::show::app_banner_lines(&standing)
                            .iter()
                            .map(|l| l.trim())
                            .collect::<Vec<_>>()
                            .join(" ")
                    ))));
                }
                Made::Planned(p) => p,
            };
            // Saved as `backstride plan` saves it, a stop included.
            planned.save(ctx.db, ctx.clock.now)?;
            let plan = planned
                .report
                .plan
                .clone()
                .ok_or_else(|| anyhow::anyhow!("a plan report without a plan"))?;
            if let Some(stop) = blocked(&plan) {
                return Ok(Err(stop));
            }
            Ok(Ok(SavedPlanDto {
                start,
                weeks,
                saved_at: ctx.clock.now,
                plan,
            }))
        })
        .await??;
    Ok((StatusCode::CREATED, Json(dto)))
}

/// Re-plans from today; saves when `apply`.
async fn replan(state: &AppState, apply: bool) -> Result<ReplanDto, ApiError> {
    let dto = state
        .run(move |ctx| {
            let out = replan_uc::preview(
                ctx.db,
                ctx.kb,
                ctx.clock,
                replan_uc::Request {
                    weeks: 8,
                    cross_days_per_30: None,
                },
            )?;
            let r = match out.previewed {
                Previewed::CheckDue { standing, .. } => {
                    return Ok(Err(WebError::Conflict(format!(
                        "no plan: {}",
                        crate::safety::show::app_banner_lines(&standing)
                            .iter()
                            .map(|l| l.trim())
                            .collect::<Vec<_>>()
                            .join(" ")
                    ))));
                }
                Previewed::Replanned(r) => r,
            };
            if apply {
                r.save(ctx.db, ctx.clock.now)?;
            }
            let plan = r
                .report
                .plan
                .clone()
                .ok_or_else(|| anyhow::anyhow!("a re-plan report without a plan"))?;
            if let Some(stop) = blocked(&plan) {
                return Ok(Err(stop));
            }
            Ok(Ok(ReplanDto {
                adaptation: r.report.adaptation.clone(),
                plan,
                saved: apply,
            }))
        })
        .await??;
    Ok(dto)
}

/// The re-plan from today, each change with its reason; nothing is saved.
#[utoipa::path(get, path = "/api/v1/plan/replan", tag = "plan",
    responses(
        (status = 200, description = "The re-plan, not saved", body = ReplanDto),
        (status = 400, description = "No saved answers or plan to re-plan from", body = ApiErrorBody),
        (status = 409, description = "A red flag stands or the red-flag questions are due: no plan", body = ApiErrorBody),
    ))]
async fn get_replan(State(state): State<AppState>) -> Result<Json<ReplanDto>, ApiError> {
    Ok(Json(replan(&state, false).await?))
}

/// Applies (saves) the re-plan from today.
#[utoipa::path(post, path = "/api/v1/plan/replan", tag = "plan",
    responses(
        (status = 200, description = "The re-plan, saved", body = ReplanDto),
        (status = 400, description = "No saved answers or plan to re-plan from", body = ApiErrorBody),
        (status = 403, description = "No security token (x-csrf-token)", body = ApiErrorBody),
        (status = 409, description = "A red flag stands or the red-flag questions are due: no plan", body = ApiErrorBody),
    ))]
async fn post_replan(State(state): State<AppState>) -> Result<Json<ReplanDto>, ApiError> {
    Ok(Json(replan(&state, true).await?))
}

/// The routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_plan, post_plan))
        .routes(routes!(get_replan, post_replan))
}
