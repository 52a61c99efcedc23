//! The API of imports, history and the runner's data, the same use cases
//! as the Import, History and Your data pages:
//!
//! - `POST /api/v1/import` (multipart): activity files or archives;
//! - `GET /api/v1/activities` (filters), `GET /api/v1/activities/{id}`,
//!   `POST /api/v1/activities/{id}/sport`, `DELETE /api/v1/activities/{id}`;
//! - `GET /api/v1/entries`, `DELETE /api/v1/entries/{kind}/{id}`;
//! - `GET /api/v1/export` (zip), `POST /api/v1/delete-all`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use backstride_core::activity::Sport;
use backstride_store::{ActivitySummary, StoredActivity};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::importing::summary::Summary;
use crate::usecase::data::{self, CONFIRM_WORD};
use crate::usecase::history::{self as usecase, Verdict};
use crate::web::error::{ApiError, ApiErrorBody, WebError};
use crate::web::pages::history::{ListQuery, PER_PAGE, entries};
use crate::web::pages::{data as data_page, import as upload};
use crate::web::state::AppState;

/// The upload: one or more files in parts named `files`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// An activity file (FIT, GPX, TCX, gzipped or not) or a zip; repeat
    /// the part for more.
    #[schema(format = Binary)]
    files: String,
}

/// The totals of an import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportTotalsDto {
    /// New runs stored.
    pub imported_runs: usize,
    /// New non-running activities stored.
    pub imported_other: usize,
    /// Already stored (same file, or the same activity from another file).
    pub duplicates: usize,
    /// Stored activities replaced by a richer file of the same activity.
    pub replaced: usize,
    /// Not activities (settings, monitoring, courses): not failures.
    pub skipped: usize,
    /// Files that failed.
    pub failed: usize,
}

/// What happened to one file.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportFileDto {
    /// The file or archive entry, as named when sent.
    pub source: String,
    /// `imported`, `duplicate file`, `duplicate activity`, `replaced by a
    /// richer file`, `skipped` or `failed`.
    pub status: String,
    /// The sport, when decoded.
    pub sport: Option<String>,
    /// The stored activity.
    pub activity_id: Option<i64>,
    /// Why it failed, or what was worked around.
    pub problems: Vec<String>,
}

/// The result of an import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportDto {
    /// Totals.
    pub totals: ImportTotalsDto,
    /// Every file.
    pub files: Vec<ImportFileDto>,
}

impl ImportDto {
    fn of(s: Summary) -> Self {
        let t = &s.totals;
        ImportDto {
            totals: ImportTotalsDto {
                imported_runs: t.imported_runs,
                imported_other: t.imported_other,
                duplicates: t.duplicates,
                replaced: t.replaced,
                skipped: t.skipped,
                failed: t.failed,
            },
            files: s
                .files
                .into_iter()
                .map(|f| ImportFileDto {
                    source: f.source,
                    status: f.status.to_owned(),
                    sport: f.sport.map(str::to_owned),
                    activity_id: f.activity_id,
                    problems: f.problems,
                })
                .collect(),
        }
    }
}

/// Imports activity files and archives, one transaction a file.
#[utoipa::path(post, path = "/api/v1/import", tag = "import",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Each file's result (a file that is not an activity fails alone)", body = ImportDto),
        (status = 400, description = "No file, or not a multipart upload", body = ApiErrorBody),
        (status = 403, description = "Without this run's CSRF token (x-csrf-token)", body = ApiErrorBody),
        (status = 413, description = "Larger than the cap (1 GiB a request)", body = ApiErrorBody),
    ))]
async fn import(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Json<ImportDto>, ApiError> {
    upload::check_length(&headers, upload::MAX_UPLOAD_BYTES)?;
    let multipart = multipart
        .map_err(|e| WebError::BadRequest(format!("send the files as multipart/form-data: {e}")))?;
    let received = upload::receive(
        &state.config().data_dir,
        multipart,
        upload::MAX_UPLOAD_BYTES,
    )
    .await?;
    if received.is_empty() {
        return Err(WebError::BadRequest(
            "no file was sent: add parts named `files` with a file name".to_owned(),
        )
        .into());
    }
    let summary = upload::import(&state, received).await?;
    Ok(Json(ImportDto::of(summary)))
}

/// A sport's stable name.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SportDto {
    /// Running.
    Running,
    /// Cycling (cross-training).
    Cycling,
    /// Walking or hiking.
    Walking,
    /// Swimming.
    Swimming,
    /// Anything else.
    Other,
}

impl SportDto {
    fn of(s: Sport) -> Self {
        match s {
            Sport::Running => SportDto::Running,
            Sport::Cycling => SportDto::Cycling,
            Sport::Walking => SportDto::Walking,
            Sport::Swimming => SportDto::Swimming,
            Sport::Other => SportDto::Other,
        }
    }

    fn sport(self) -> Sport {
        match self {
            SportDto::Running => Sport::Running,
            SportDto::Cycling => Sport::Cycling,
            SportDto::Walking => Sport::Walking,
            SportDto::Swimming => Sport::Swimming,
            SportDto::Other => Sport::Other,
        }
    }
}

/// An activity's summary.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityDto {
    /// Its id.
    pub id: i64,
    /// Start (UTC).
    pub start: DateTime<Utc>,
    /// The sport.
    pub sport: SportDto,
    /// The sport as the file named it.
    pub sport_label: String,
    /// How the sport is known: `file`, `inferred` or `runner`.
    pub sport_source: String,
    /// Distance, metres.
    pub distance_m: f64,
    /// Elapsed time, seconds.
    pub elapsed_s: f64,
    /// Moving time, seconds.
    pub moving_s: f64,
    /// Total ascent, metres.
    pub ascent_m: Option<f64>,
    /// Average heart rate.
    pub avg_heart_rate: Option<f64>,
    /// Maximum heart rate.
    pub max_heart_rate: Option<u8>,
    /// Average cadence, steps a minute.
    pub avg_cadence_spm: Option<f64>,
    /// The file it came from.
    pub source_name: String,
}

impl ActivityDto {
    fn of(a: &ActivitySummary) -> Self {
        ActivityDto {
            id: a.id,
            start: a.start,
            sport: SportDto::of(a.sport),
            sport_label: a.sport_label.clone(),
            sport_source: a.sport_source.name().to_owned(),
            distance_m: a.distance_m,
            elapsed_s: a.elapsed_s,
            moving_s: a.moving_s,
            ascent_m: a.ascent_m,
            avg_heart_rate: a.avg_heart_rate,
            max_heart_rate: a.max_heart_rate,
            avg_cadence_spm: a.avg_cadence_spm,
            source_name: a.source_name.clone(),
        }
    }
}

/// A page of activities, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityPageDto {
    /// The activities.
    pub activities: Vec<ActivityDto>,
    /// This page, from 1.
    pub page: usize,
    /// Pages in all.
    pub pages: usize,
    /// Activities matching the filter.
    pub total: usize,
}

/// The filters of a listing.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// First local day (YYYY-MM-DD).
    #[param(format = Date)]
    pub from: Option<String>,
    /// Last local day, inclusive (YYYY-MM-DD).
    #[param(format = Date)]
    pub to: Option<String>,
    /// Only this sport (`running`, `cycling`, `walking`, `swimming`, `other`).
    pub sport: Option<String>,
    /// The page, from 1.
    pub page: Option<String>,
}

impl ListParams {
    /// The filters; a parameter sent empty is an error here (an HTML form
    /// sends empty fields, a client of the API names what it means).
    fn query(self) -> Result<ListQuery, ApiError> {
        for (name, value) in [
            ("from", &self.from),
            ("to", &self.to),
            ("sport", &self.sport),
            ("page", &self.page),
        ] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                return Err(WebError::BadRequest(format!(
                    "the query parameter {name} is empty: leave it out, or give a value"
                ))
                .into());
            }
        }
        Ok(ListQuery {
            from: self.from,
            to: self.to,
            sport: self.sport,
            page: self.page,
        })
    }
}

fn bad_query(e: axum::extract::rejection::QueryRejection) -> ApiError {
    WebError::BadRequest(format!("the query is not understood: {e}")).into()
}

/// Activities matching the filters, newest first, 25 a page.
#[utoipa::path(get, path = "/api/v1/activities", tag = "history", params(ListParams),
    responses(
        (status = 200, description = "A page of activities", body = ActivityPageDto),
        (status = 400, description = "A date, sport or page that is not one", body = ApiErrorBody),
    ))]
async fn list(
    State(state): State<AppState>,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ActivityPageDto>, ApiError> {
    let Query(params) = params.map_err(bad_query)?;
    let (filter, _, _, page) = params.query()?.filter()?;
    let listing = state
        .run(move |ctx| usecase::activities(ctx.db, filter, page, PER_PAGE))
        .await?;
    Ok(Json(ActivityPageDto {
        activities: listing.activities.iter().map(ActivityDto::of).collect(),
        page: listing.page,
        pages: listing.pages,
        total: listing.total,
    }))
}

/// One sample.
#[derive(Debug, Serialize, ToSchema)]
pub struct SampleDto {
    /// Seconds from the start.
    pub t_s: f64,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Altitude, metres.
    pub altitude_m: Option<f64>,
    /// Distance from the start, metres.
    pub distance_m: Option<f64>,
    /// Heart rate.
    pub heart_rate: Option<u8>,
    /// Cadence, steps a minute.
    pub cadence_spm: Option<f64>,
    /// Speed, metres a second.
    pub speed_mps: Option<f64>,
}

/// One lap.
#[derive(Debug, Serialize, ToSchema)]
pub struct LapDto {
    /// Seconds from the start.
    pub start_offset_s: f64,
    /// Elapsed seconds.
    pub elapsed_s: f64,
    /// Distance, metres.
    pub distance_m: f64,
}

/// One activity whole.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityDetailDto {
    /// The summary.
    pub summary: ActivityDto,
    /// Laps.
    pub laps: Vec<LapDto>,
    /// Samples in time order.
    pub samples: Vec<SampleDto>,
}

impl ActivityDetailDto {
    fn of(a: &StoredActivity) -> Self {
        ActivityDetailDto {
            summary: ActivityDto::of(&a.summary),
            laps: a
                .activity
                .laps
                .iter()
                .map(|l| LapDto {
                    start_offset_s: l.start_offset_s,
                    elapsed_s: l.elapsed_s,
                    distance_m: l.distance_m,
                })
                .collect(),
            samples: a
                .activity
                .samples
                .iter()
                .map(|s| SampleDto {
                    t_s: s.t_s,
                    lat: s.lat,
                    lon: s.lon,
                    altitude_m: s.altitude_m,
                    distance_m: s.distance_m,
                    heart_rate: s.heart_rate,
                    cadence_spm: s.cadence_spm,
                    speed_mps: s.speed_mps,
                })
                .collect(),
        }
    }
}

fn id_of(raw: &str) -> Result<i64, ApiError> {
    raw.trim().parse::<i64>().map_err(|_| {
        WebError::BadRequest(format!("\"{raw}\" is not an activity id (a whole number)")).into()
    })
}

fn no_activity(id: i64) -> ApiError {
    WebError::NotFound(format!("no activity {id} is stored")).into()
}

/// One activity with its laps and samples.
#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "history",
    params(("id" = i64, Path, description = "The activity's id")),
    responses(
        (status = 200, description = "The activity", body = ActivityDetailDto),
        (status = 400, description = "Not an id", body = ApiErrorBody),
        (status = 404, description = "No such activity", body = ApiErrorBody),
    ))]
async fn one(State(state): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let id = id_of(&raw)?;
    // Every sample as JSON (half a megabyte for an hour at 1 Hz): made
    // once per version of the data.
    let body = crate::web::cache::body_for(&state, &format!("api activity {id}"), || async {
        let found = state
            .run(move |ctx| usecase::activity(ctx.db, id))
            .await?
            .ok_or_else(|| no_activity(id))?;
        let json = serde_json::to_vec(&ActivityDetailDto::of(&found))
            .map_err(|e| WebError::Internal(anyhow::anyhow!("activity {id} as JSON: {e}")))?;
        Ok::<_, ApiError>(axum::body::Bytes::from(json))
    })
    .await?;
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response())
}

/// The corrected sport.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SportBody {
    /// The sport.
    pub sport: SportDto,
}

/// Corrects an activity's sport (kept as the runner's word).
#[utoipa::path(post, path = "/api/v1/activities/{id}/sport", tag = "history",
    params(("id" = i64, Path, description = "The activity's id")),
    request_body = SportBody,
    responses(
        (status = 200, description = "The activity with its sport corrected", body = ActivityDto),
        (status = 400, description = "Not an id, or not a sport", body = ApiErrorBody),
        (status = 403, description = "Without this run's CSRF token", body = ApiErrorBody),
        (status = 404, description = "No such activity", body = ApiErrorBody),
    ))]
async fn sport(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Json<ActivityDto>, ApiError> {
    let id = id_of(&raw)?;
    let body: SportBody = serde_json::from_slice(&body).map_err(|e| {
        WebError::BadRequest(format!(
            "send {{\"sport\": \"running\"}} (running, cycling, walking, swimming or other): {e}"
        ))
    })?;
    let sport = body.sport.sport();
    let found = state
        .run(move |ctx| {
            if !crate::usecase::edit::set_sport(ctx.db, id, sport)? {
                return Ok(None);
            }
            usecase::activity(ctx.db, id)
        })
        .await?
        .ok_or_else(|| no_activity(id))?;
    Ok(Json(ActivityDto::of(&found.summary)))
}

/// What was deleted.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeletedDto {
    /// The ids deleted.
    pub deleted: Vec<i64>,
}

fn refused(why: String) -> ApiError {
    WebError::Conflict(why).into()
}

/// Deletes an activity with its samples, files and effort logs (never
/// while a warning sign in one of those logs stands).
#[utoipa::path(delete, path = "/api/v1/activities/{id}", tag = "history",
    params(("id" = i64, Path, description = "The activity's id")),
    responses(
        (status = 200, description = "Deleted", body = DeletedDto),
        (status = 400, description = "Not an id", body = ApiErrorBody),
        (status = 403, description = "Without this run's CSRF token", body = ApiErrorBody),
        (status = 404, description = "No such activity", body = ApiErrorBody),
        (status = 409, description = "A standing warning sign rests on its effort log", body = ApiErrorBody),
    ))]
async fn delete_activity(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<DeletedDto>, ApiError> {
    let id = id_of(&raw)?;
    match state
        .run(move |ctx| usecase::delete_activity(ctx.db, ctx.kb, ctx.clock, id, false))
        .await?
    {
        Verdict::May(deleted) => Ok(Json(DeletedDto { deleted })),
        Verdict::NotFound => Err(no_activity(id)),
        Verdict::Refused(why) => Err(refused(why)),
    }
}

/// A log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryDto {
    /// `pain`, `routine`, `cross-train`, `brace` or `rpe`.
    pub kind: String,
    /// Its id (with the kind, what deleting takes).
    pub id: i64,
    /// When (local time, as shown).
    pub at: String,
    /// What, in words.
    pub text: String,
}

/// How many log entries a page of `GET /api/v1/entries` holds.
pub const ENTRIES_PER_PAGE: usize = 100;

/// The log entries of the days asked for, newest first, 100 a page
/// (`page`, from 1; a page past the end is empty). `X-Total-Count` says
/// how many the days hold in all.
#[utoipa::path(get, path = "/api/v1/entries", tag = "history", params(ListParams),
    responses(
        (status = 200, description = "A page of entries", body = [EntryDto],
            headers(("x-total-count" = u64, description = "Entries on the days asked for, all pages"))),
        (status = 400, description = "A date or page that is not one", body = ApiErrorBody),
    ))]
async fn list_entries(
    State(state): State<AppState>,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params.map_err(bad_query)?;
    let (filter, _, _, page) = params.query()?.filter()?;
    let found = state
        .run(move |ctx| usecase::entries(ctx.db, filter.range, page, ENTRIES_PER_PAGE))
        .await?;
    let listed: Vec<EntryDto> = entries(&found.entries)
        .into_iter()
        .map(|e| EntryDto {
            kind: e.kind.to_owned(),
            id: e.id,
            at: e.at,
            text: e.text,
        })
        .collect();
    Ok((
        [(
            axum::http::HeaderName::from_static("x-total-count"),
            found.total.to_string(),
        )],
        Json(listed),
    )
        .into_response())
}

/// Deletes a log entry (never one a standing warning sign rests on).
#[utoipa::path(delete, path = "/api/v1/entries/{kind}/{id}", tag = "history",
    params(
        ("kind" = String, Path, description = "pain, routine, cross-train, brace or rpe"),
        ("id" = i64, Path, description = "The entry's id"),
    ),
    responses(
        (status = 200, description = "Deleted", body = DeletedDto),
        (status = 400, description = "Not an id", body = ApiErrorBody),
        (status = 403, description = "Without this run's CSRF token", body = ApiErrorBody),
        (status = 404, description = "No such kind or entry", body = ApiErrorBody),
        (status = 409, description = "A standing warning sign rests on it", body = ApiErrorBody),
    ))]
async fn delete_entry(
    State(state): State<AppState>,
    Path((word, raw)): Path<(String, String)>,
) -> Result<Json<DeletedDto>, ApiError> {
    let kind = usecase::kind_of_word(&word).ok_or_else(|| {
        ApiError(WebError::NotFound(format!(
            "\"{word}\" is not a kind of entry (pain, routine, cross-train, brace, rpe)"
        )))
    })?;
    let id = raw.trim().parse::<i64>().map_err(|_| {
        ApiError(WebError::BadRequest(format!(
            "\"{raw}\" is not an entry id (a whole number)"
        )))
    })?;
    match state
        .run(move |ctx| usecase::delete_entry(ctx.db, ctx.kb, ctx.clock, kind, id))
        .await?
    {
        Verdict::May(()) => Ok(Json(DeletedDto { deleted: vec![id] })),
        Verdict::NotFound => {
            Err(WebError::NotFound(format!("no {} entry {id} is stored", kind.name())).into())
        }
        Verdict::Refused(why) => Err(refused(why)),
    }
}

/// Everything stored as a zip: every table as CSV, and JSON.
#[utoipa::path(get, path = "/api/v1/export", tag = "data",
    responses((status = 200, description = "The export archive", content_type = "application/zip", body = Vec<u8>)))]
async fn export(State(state): State<AppState>) -> Result<Response, ApiError> {
    Ok(data_page::export(State(state)).await?.into_response())
}

/// The confirmation of deleting everything.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DeleteAllBody {
    /// Must be `DELETE`.
    pub confirm: String,
}

/// One table emptied.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemovedTableDto {
    /// The table.
    pub table: String,
    /// The rows it held.
    pub rows: u64,
}

/// What deleting everything removed.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemovedDto {
    /// Rows removed over every table.
    pub total: u64,
    /// Each table that held rows.
    pub tables: Vec<RemovedTableDto>,
}

/// Deletes every row of every table at once (confirm with `DELETE`).
#[utoipa::path(post, path = "/api/v1/delete-all", tag = "data",
    request_body = DeleteAllBody,
    responses(
        (status = 200, description = "Everything was deleted", body = RemovedDto),
        (status = 400, description = "Not confirmed: nothing was deleted", body = ApiErrorBody),
        (status = 403, description = "Without this run's CSRF token", body = ApiErrorBody),
    ))]
async fn delete_all(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<RemovedDto>, ApiError> {
    let body: DeleteAllBody = serde_json::from_slice(&body).map_err(|e| {
        WebError::BadRequest(format!(
            "send {{\"confirm\": \"{CONFIRM_WORD}\"}} to delete everything: {e}"
        ))
    })?;
    let removed = state
        .run(move |ctx| data::delete_everything(ctx.db, &body.confirm))
        .await?
        .ok_or_else(|| ApiError(WebError::BadRequest(data_page::not_confirmed())))?;
    Ok(Json(RemovedDto {
        total: removed.total(),
        tables: removed
            .tables
            .into_iter()
            .map(|(table, rows)| RemovedTableDto { table, rows })
            .collect(),
    }))
}

/// The routes; the upload's body may be as large as the cap.
pub fn routes() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(import))
        .layer(DefaultBodyLimit::max(upload::upload_limit()));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(list))
        .routes(routes!(one, delete_activity))
        .routes(routes!(sport))
        .routes(routes!(list_entries))
        .routes(routes!(delete_entry))
        .routes(routes!(export))
        .routes(routes!(delete_all))
}
