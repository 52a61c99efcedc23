//! The Today API: `GET /api/v1/today` (the day's session and routine with
//! doses, or the stop), `POST /api/v1/log/pain`, `/log/routine`,
//! `/log/rpe` (saved as `backstride log` saves them), and `GET`/`POST
//! /api/v1/red-flag-check` (the questions due and answering them). Bodies
//! are read here, so a body that is not the documented JSON is a 400 with
//! the reason, never a 422 or a 500.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use backstride_core::safety::Standing;
use backstride_store::CheckSource;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::usecase::check;
use crate::usecase::log::{self as uc, Activity, Caller, ExerciseInput, Request, Told};
use crate::usecase::today::{self, NoPlan, Session, Show, Stop};
use crate::web::error::{ApiError, ApiErrorBody, WebError};
use crate::web::state::AppState;

/// Today: the session and routine, or the stop.
#[derive(Debug, Serialize, ToSchema)]
pub struct TodayDto {
    /// The day (YYYY-MM-DD).
    pub date: String,
    /// `stop` (a red flag stands or the questions are due: no session),
    /// `no-plan` or `day`.
    pub status: String,
    /// The stop, when `status` is `stop`.
    pub stop: Option<StopDto>,
    /// Why there is no session, when `status` is `no-plan`.
    pub no_plan: Option<String>,
    /// Plan week, when `status` is `day`.
    pub week: Option<u16>,
    /// The session, when `status` is `day`.
    pub session: Option<SessionDto>,
    /// The routine, when `status` is `day` (may be empty).
    pub routine: Vec<StepDto>,
    /// Whether the routine is optional today (a rest day).
    pub routine_optional: bool,
    /// The activity that started last, whose effort may be logged.
    pub latest_activity_id: Option<i64>,
    /// Backstride is not a medical device.
    pub disclaimer: String,
}

/// What stops every session, and whom to see.
#[derive(Debug, Serialize, ToSchema)]
pub struct StopDto {
    /// The standing flags, most urgent first.
    pub flags: Vec<FlagDto>,
    /// Why the red-flag questions are due again (empty: not due).
    pub check_due: Vec<String>,
    /// The questions that would clear it (`/api/v1/red-flag-check`).
    pub to_ask: Vec<String>,
    /// The same in the command line's words.
    pub lines: Vec<String>,
}

/// A standing red flag.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlagDto {
    /// Its ID.
    pub id: String,
    /// `soon`, `urgent` or `emergency`.
    pub tier: String,
    /// What to do: whom to see and how soon.
    pub action: String,
    /// Why it stands.
    pub because: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// Today's session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    /// `run`, `cross-train` or `rest`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Runs: `easy`, `steady` or `long`.
    pub run_kind: Option<String>,
    /// Runs: intensity.
    pub intensity: Option<String>,
    /// Runs: kilometres.
    pub distance_km: Option<f64>,
    /// Runs: estimated minutes, when the plan has a pace.
    pub est_minutes: Option<u16>,
    /// Runs: the brace guidance applies.
    pub brace: Option<bool>,
    /// Cross-training: the activity.
    pub activity: Option<String>,
    /// Cross-training: minutes.
    pub minutes: Option<u16>,
    /// Cross-training: what to do without its equipment.
    pub alternatives: Vec<String>,
    /// Evidence level (none on a rest day).
    pub evidence: Option<String>,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// One exercise of the routine at this week's dose.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepDto {
    /// Exercise ID (what `/api/v1/log/routine` takes).
    pub exercise_id: String,
    /// Name.
    pub name: String,
    /// Rounds.
    pub sets: u8,
    /// Reps per round (each side when `per_side`).
    pub reps: u8,
    /// Reps count each side.
    pub per_side: bool,
    /// Seconds each rep is held.
    pub hold_s: Option<u8>,
    /// The dose in words.
    pub dose: String,
    /// The exercise it stands in for.
    pub replaces: Option<String>,
    /// How to do it.
    pub how: Vec<String>,
    /// Evidence level.
    pub evidence: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// A pain score to log.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PainDto {
    /// `lower-back`, `upper-back`, `neck` or `other`.
    pub region: String,
    /// 0 (none) to 10 (worst imaginable).
    pub nrs: i64,
    /// `during`, `after` or `next-morning`.
    pub when: String,
    /// The run it follows.
    pub activity_id: Option<i64>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, local time; default now.
    pub at: Option<String>,
    /// A free note (read for warning signs).
    pub note: Option<String>,
}

/// One exercise done.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExerciseDoneDto {
    /// Exercise ID.
    pub exercise_id: String,
    /// Reps per round, 1-500.
    pub reps: i64,
}

/// A routine done.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutineDto {
    /// Rounds, 1-20.
    pub rounds: i64,
    /// The exercises done, in order (skipped ones left out).
    pub exercises: Vec<ExerciseDoneDto>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, local time; default now.
    pub at: Option<String>,
    /// A free note (read for warning signs).
    pub note: Option<String>,
}

/// A session's effort.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RpeDto {
    /// The activity rated; default the one that started last.
    pub activity_id: Option<i64>,
    /// 0 (rest) to 10 (maximal), Foster's CR-10 scale.
    pub value: i64,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, local time; default now.
    pub at: Option<String>,
    /// A free note (read for warning signs).
    pub note: Option<String>,
}

/// A saved entry and what stands after it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoggedDto {
    /// The entry's id.
    pub id: i64,
    /// The entry in words.
    pub logged: String,
    /// Warning signs the note may name (flag IDs), most urgent first.
    pub warning_signs: Vec<String>,
    /// What to do about each of them, in the same order.
    pub warning_actions: Vec<String>,
    /// Whether every plan is stopped now.
    pub stops: bool,
    /// The red-flag questions due now (`/api/v1/red-flag-check`).
    pub to_ask: Vec<String>,
}

/// A red-flag question.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionDto {
    /// Its ID (the key of an answer).
    pub id: String,
    /// The question, answered yes or no.
    pub question: String,
    /// The instruction a "yes" gives at once, for emergency questions.
    pub emergency: Option<String>,
}

/// The questions due now and what stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueDto {
    /// The questions, in order.
    pub items: Vec<QuestionDto>,
    /// Whether every plan is stopped now.
    pub stops: bool,
    /// What stands.
    pub stop: StopDto,
}

/// Answers to red-flag questions.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswersDto {
    /// Question ID to yes (true) or no (false).
    pub answers: BTreeMap<String, bool>,
}

/// A saved check and what stands after it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckedDto {
    /// The answers saved.
    pub answers: BTreeMap<String, bool>,
    /// The questions due that were not answered.
    pub unanswered: Vec<String>,
    /// The instruction of every emergency question answered yes.
    pub emergencies: Vec<String>,
    /// Whether every plan is stopped now.
    pub stops: bool,
    /// What stands.
    pub stop: StopDto,
}

/// Reads a JSON body; what is not the documented shape is the caller's 400.
fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError(WebError::BadRequest(format!("the body is not valid: {e}"))))
}

fn stop_dto(stop: Stop) -> StopDto {
    StopDto {
        flags: stop
            .flags
            .into_iter()
            .map(|f| FlagDto {
                id: f.id,
                tier: f.tier.to_owned(),
                action: f.action,
                because: f.because,
                sources: f.sources,
            })
            .collect(),
        check_due: stop.check_due,
        to_ask: stop.to_ask,
        lines: stop.lines,
    }
}

fn no_plan_text(why: &NoPlan) -> String {
    match why {
        NoPlan::None => "no plan yet: do the check-in".to_owned(),
        NoPlan::HeldBack(i) => format!("the latest plan was held back: {i}"),
        NoPlan::NotYet(d) => format!("the plan starts on {d}"),
        NoPlan::Ended(d) => format!("the plan ended on {d}: do the check-in for a new one"),
    }
}

fn session_dto(s: Session) -> SessionDto {
    let mut dto = SessionDto {
        kind: String::new(),
        run_kind: None,
        intensity: None,
        distance_km: None,
        est_minutes: None,
        brace: None,
        activity: None,
        minutes: None,
        alternatives: vec![],
        evidence: None,
        sources: vec![],
    };
    match s {
        Session::Run {
            kind,
            intensity,
            distance_km,
            est_minutes,
            brace,
            evidence,
        } => {
            dto.kind = "run".to_owned();
            dto.run_kind = Some(kind);
            dto.intensity = Some(intensity);
            dto.distance_km = Some(distance_km);
            dto.est_minutes = est_minutes;
            dto.brace = Some(brace);
            dto.evidence = Some(evidence.level.to_owned());
            dto.sources = evidence.sources;
        }
        Session::CrossTrain {
            activity,
            minutes,
            alternatives,
            evidence,
        } => {
            dto.kind = "cross-train".to_owned();
            dto.activity = Some(activity);
            dto.minutes = Some(minutes);
            dto.alternatives = alternatives;
            dto.evidence = Some(evidence.level.to_owned());
            dto.sources = evidence.sources;
        }
        Session::Rest => dto.kind = "rest".to_owned(),
    }
    dto
}

/// The day's session and routine with doses, or the stop.
#[utoipa::path(get, path = "/api/v1/today", tag = "today",
    responses((status = 200, description = "Today", body = TodayDto)))]
async fn get_today(State(state): State<AppState>) -> Result<Json<TodayDto>, ApiError> {
    let t = state
        .run(|ctx| today::today(ctx.db, ctx.kb, ctx.clock))
        .await?;
    let mut dto = TodayDto {
        date: t.date.to_string(),
        status: String::new(),
        stop: None,
        no_plan: None,
        week: None,
        session: None,
        routine: vec![],
        routine_optional: false,
        latest_activity_id: t.latest_activity.map(|a| a.id),
        disclaimer: backstride_core::DISCLAIMER.to_owned(),
    };
    match t.show {
        Show::Stop(stop) => {
            dto.status = "stop".to_owned();
            dto.stop = Some(stop_dto(stop));
        }
        Show::NoPlan(why) => {
            dto.status = "no-plan".to_owned();
            dto.no_plan = Some(no_plan_text(&why));
        }
        Show::Day(day) => {
            dto.status = "day".to_owned();
            dto.week = Some(day.week);
            dto.session = Some(session_dto(day.session));
            dto.routine_optional = day.routine.optional;
            dto.routine = day
                .routine
                .steps
                .into_iter()
                .map(|s| StepDto {
                    exercise_id: s.exercise_id,
                    name: s.name,
                    sets: s.sets,
                    reps: s.reps,
                    per_side: s.per_side,
                    hold_s: s.hold_s,
                    dose: s.dose,
                    replaces: s.replaces,
                    how: s.how,
                    evidence: s.evidence.to_owned(),
                    sources: s.sources,
                })
                .collect();
        }
    }
    Ok(Json(dto))
}

/// Logs one request and says what stands after it.
async fn log(
    state: &AppState,
    request: Request,
) -> Result<(StatusCode, Json<LoggedDto>), ApiError> {
    let dto = state
        .run(move |ctx| {
            let note = request.note();
            let signs = uc::warning_signs(ctx.kb, note.as_deref());
            let warning_signs = signs.iter().map(|m| m.flag.id.clone()).collect();
            let warning_actions = signs.iter().map(|m| m.flag.action.clone()).collect();
            let logged = uc::log(ctx.db, ctx.kb, &request, ctx.clock, Caller::Web)?;
            let due = check::due(ctx.db, ctx.kb, ctx.clock, false)?;
            Ok(LoggedDto {
                id: logged.id,
                logged: logged.entry.describe(),
                warning_signs,
                warning_actions,
                stops: due.standing.stops(),
                to_ask: due.items.into_iter().map(|i| i.id).collect(),
            })
        })
        .await?;
    Ok((StatusCode::CREATED, Json(dto)))
}

/// Logs pain, as `backstride log pain`.
#[utoipa::path(post, path = "/api/v1/log/pain", tag = "today", request_body = PainDto,
    responses(
        (status = 201, description = "Saved", body = LoggedDto),
        (status = 400, description = "Bad input", body = ApiErrorBody)))]
async fn log_pain(
    State(state): State<AppState>,
    bytes: Bytes,
) -> Result<(StatusCode, Json<LoggedDto>), ApiError> {
    let p: PainDto = body(&bytes)?;
    log(
        &state,
        Request::Pain {
            region: p.region,
            nrs: p.nrs,
            when: p.when,
            activity: p.activity_id.map(Activity::Id),
            told: Told {
                at: p.at,
                note: p.note,
            },
        },
    )
    .await
}

/// Logs the routine done, as `backstride log routine`.
#[utoipa::path(post, path = "/api/v1/log/routine", tag = "today", request_body = RoutineDto,
    responses(
        (status = 201, description = "Saved", body = LoggedDto),
        (status = 400, description = "Bad input", body = ApiErrorBody)))]
async fn log_routine(
    State(state): State<AppState>,
    bytes: Bytes,
) -> Result<(StatusCode, Json<LoggedDto>), ApiError> {
    let r: RoutineDto = body(&bytes)?;
    log(
        &state,
        Request::Routine {
            rounds: r.rounds,
            exercises: r
                .exercises
                .into_iter()
                .map(|e| ExerciseInput {
                    text: format!("{}:{}", e.exercise_id, e.reps),
                    id: e.exercise_id,
                    reps: e.reps.to_string(),
                })
                .collect(),
            told: Told {
                at: r.at,
                note: r.note,
            },
        },
    )
    .await
}

/// Logs a session's effort, as `backstride log rpe`.
#[utoipa::path(post, path = "/api/v1/log/rpe", tag = "today", request_body = RpeDto,
    responses(
        (status = 201, description = "Saved", body = LoggedDto),
        (status = 400, description = "Bad input (or no such activity)", body = ApiErrorBody)))]
async fn log_rpe(
    State(state): State<AppState>,
    bytes: Bytes,
) -> Result<(StatusCode, Json<LoggedDto>), ApiError> {
    let r: RpeDto = body(&bytes)?;
    log(
        &state,
        Request::Rpe {
            activity: r.activity_id.map_or(Activity::Last, Activity::Id),
            value: r.value,
            told: Told {
                at: r.at,
                note: r.note,
            },
        },
    )
    .await
}

fn stop_now(kb: &backstride_core::knowledge::KnowledgeBase, standing: &Standing) -> StopDto {
    stop_dto(today::stop_of(kb, standing))
}

/// The red-flag questions due now (what would clear what stands).
#[utoipa::path(get, path = "/api/v1/red-flag-check", tag = "today",
    responses((status = 200, description = "The questions due", body = DueDto)))]
async fn get_check(State(state): State<AppState>) -> Result<Json<DueDto>, ApiError> {
    let dto = state
        .run(|ctx| {
            let due = check::due(ctx.db, ctx.kb, ctx.clock, false)?;
            Ok(DueDto {
                items: due
                    .items
                    .into_iter()
                    .map(|i| QuestionDto {
                        id: i.id,
                        question: i.question,
                        emergency: i.emergency,
                    })
                    .collect(),
                stops: due.standing.stops(),
                stop: stop_now(ctx.kb, &due.standing),
            })
        })
        .await?;
    Ok(Json(dto))
}

/// Answers red-flag questions; saved as a check made now.
#[utoipa::path(post, path = "/api/v1/red-flag-check", tag = "today", request_body = AnswersDto,
    responses(
        (status = 200, description = "Saved; what stands now", body = CheckedDto),
        (status = 400, description = "Bad input (nothing answered, an unknown question)", body = ApiErrorBody)))]
async fn post_check(
    State(state): State<AppState>,
    bytes: Bytes,
) -> Result<Json<CheckedDto>, ApiError> {
    let a: AnswersDto = body(&bytes)?;
    let dto = state
        .run(move |ctx| {
            let due = check::due(ctx.db, ctx.kb, ctx.clock, false)?;
            let done = check::answer(
                ctx.db,
                ctx.kb,
                &a.answers,
                &due.items,
                CheckSource::Check,
                ctx.clock,
            )?;
            Ok(CheckedDto {
                stops: done.standing.stops(),
                stop: stop_now(ctx.kb, &done.standing),
                answers: done.answers,
                unanswered: done.unanswered,
                emergencies: done.emergencies,
            })
        })
        .await?;
    Ok(Json(dto))
}

/// The routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_today))
        .routes(routes!(log_pain))
        .routes(routes!(log_routine))
        .routes(routes!(log_rpe))
        .routes(routes!(get_check, post_check))
}
