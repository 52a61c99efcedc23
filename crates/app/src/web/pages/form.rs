//! The Form page: upload phone videos or pose keypoint files (multipart,
//! streamed to a temporary folder, 2 GiB at most), the report of one analysis with its
//! series and stick figures, past analyses, and two analyses side by side
//! (a baseline against a retest). Use case [`crate::usecase::form`].
//!
//! Routes: `GET /form`, `POST /form?_csrf=` (303 to the new analysis),
//! `GET /form/{id}`, `GET /form/compare?a=ID&b=ID`. [`receive`] is shared
//! with `POST /api/v1/form`.

use std::path::{Path, PathBuf};

use askama::Template;
use axum::Router;
use axum::extract::multipart::{Multipart, MultipartError};
use axum::extract::{DefaultBodyLimit, Path as UrlPath, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use backstride_formats::pose::openpose;
use backstride_store::FormEntry;
use chrono::NaiveDate;
use tokio::io::AsyncWriteExt;

use crate::form::html;
use crate::usecase::form::{self, Comparison, Input, MetricChange, ReadError, Saved};
use crate::web::error::WebError;
use crate::web::page::{Chrome, Nav, banner, render, render_with};
use crate::web::state::AppState;

/// The most one upload may hold, all files together: 2 GiB, about ten
/// minutes of 1080p60 phone video. It is streamed to a temporary file,
/// never held in memory; a keypoint file among it still meets its own cap
/// (`crate::limits::POSE_FILE_BYTES`) when read.
pub const UPLOAD_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The most files one upload may hold (a long run as OpenPose frames).
pub const UPLOAD_FILES: usize = 50_000;

/// The request body limit of the upload routes: the files and the form's
/// few other fields.
pub const BODY_LIMIT: usize = UPLOAD_BYTES as usize + (1 << 20);

/// An upload received: its files on disk and the analysis asked for.
pub struct Upload {
    /// Holds the files; removed when dropped.
    pub _dir: tempfile::TempDir,
    /// What to analyse (the run date filled in later when not given).
    pub inputs: Vec<Input>,
    /// The day the run was filmed, if given.
    pub date: Option<NaiveDate>,
    /// Frames per second, if given.
    pub fps: Option<f64>,
    /// The runner's height, if given.
    pub height_cm: Option<f64>,
    /// Each clip's time in the run, for several clips of one run.
    pub clip_times_s: Option<Vec<f64>>,
}

fn multipart_error(e: MultipartError) -> WebError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::TooLarge(too_large())
    } else {
        WebError::BadRequest(format!("the upload could not be read: {}", e.body_text()))
    }
}

fn too_large() -> String {
    format!(
        "the upload is larger than {} MiB, the most accepted (videos and keypoint files together); film a shorter clip, or several clips of one run",
        UPLOAD_BYTES >> 20
    )
}

/// A file name safe to write: its last part, letters, digits, `.`, `_`
/// and `-` kept, anything else `_`.
fn safe_name(name: &str, k: usize) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    if cleaned.trim_matches('.').is_empty() {
        format!("upload-{k}")
    } else {
        cleaned
    }
}

fn number(name: &str, text: &str) -> Result<Option<f64>, WebError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
        .map(Some)
        .ok_or_else(|| WebError::BadRequest(format!("{name}: {text:?} is not a positive number")))
}

/// Reads a multipart upload: every `files` part streamed to its own file
/// in a fresh temporary folder, size-capped; `date`, `fps` and
/// `height_cm` read as text. OpenPose frame files (`*_keypoints.json`)
/// become one clip together; any other file is a clip of its own, in the
/// order sent.
pub async fn receive(mut multipart: Multipart) -> Result<Upload, WebError> {
    let dir = tempfile::Builder::new()
        .prefix("backstride-upload-")
        .tempdir()
        .map_err(|e| {
            WebError::Internal(anyhow::anyhow!("no temporary folder for an upload: {e}"))
        })?;
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut total: u64 = 0;
    let (mut date, mut fps, mut height_cm, mut clip_times_s) = (None, None, None, None);
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "files" || field.file_name().is_some() {
            let original = field.file_name().unwrap_or_default().to_owned();
            if original.is_empty() && name == "files" {
                // A file input left empty sends a part with no name.
                while field.chunk().await.map_err(multipart_error)?.is_some() {}
                continue;
            }
            if files.len() >= UPLOAD_FILES {
                return Err(WebError::TooLarge(format!(
                    "more than {UPLOAD_FILES} files in one upload"
                )));
            }
            let shown = safe_name(&original, files.len());
            let folder = dir.path().join(files.len().to_string());
            let path = folder.join(&shown);
            tokio::fs::create_dir(&folder)
                .await
                .map_err(|e| WebError::Internal(e.into()))?;
            let mut out = tokio::fs::File::create(&path)
                .await
                .map_err(|e| WebError::Internal(e.into()))?;
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                total += chunk.len() as u64;
                if total > UPLOAD_BYTES {
                    return Err(WebError::TooLarge(too_large()));
                }
                out.write_all(&chunk)
                    .await
                    .map_err(|e| WebError::Internal(e.into()))?;
            }
            out.flush()
                .await
                .map_err(|e| WebError::Internal(e.into()))?;
            files.push((path, shown));
        } else {
            let text = field.text().await.map_err(multipart_error)?;
            match name.as_str() {
                "date" if !text.trim().is_empty() => {
                    date = Some(
                        crate::cli::parse_date(text.trim())
                            .map_err(|e| WebError::BadRequest(format!("date: {e}")))?,
                    );
                }
                "fps" => fps = number("fps", &text)?,
                "height_cm" => height_cm = number("height_cm", &text)?,
                "at" if !text.trim().is_empty() => {
                    clip_times_s = Some(
                        text.split(',')
                            .map(|t| crate::form::parse_run_time(t.trim()))
                            .collect::<Result<Vec<f64>, String>>()
                            .map_err(|e| {
                                WebError::BadRequest(format!("each clip's time in the run: {e}"))
                            })?,
                    );
                }
                _ => {}
            }
        }
    }
    if files.is_empty() {
        return Err(WebError::BadRequest(
            "no file in the upload: choose a phone video (.mp4/.mov) or keypoint files (OpenPose *_keypoints.json, COCO-17 .json, MediaPipe .jsonl/.csv, .trc)".to_owned(),
        ));
    }
    let inputs = if files.len() > 1 && files.iter().all(|(_, n)| openpose::is_frame_file_name(n)) {
        frames_together(dir.path(), &files).await?
    } else {
        files
            .into_iter()
            .map(|(path, shown)| Input {
                path,
                shown_as: Some(shown),
            })
            .collect()
    };
    Ok(Upload {
        _dir: dir,
        inputs,
        date,
        fps,
        height_cm,
        clip_times_s,
    })
}

/// Moves OpenPose frame files into one folder, read as one clip.
async fn frames_together(root: &Path, files: &[(PathBuf, String)]) -> Result<Vec<Input>, WebError> {
    let frames = root.join("frames");
    tokio::fs::create_dir(&frames)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    for (path, shown) in files {
        let to = frames.join(shown);
        if tokio::fs::try_exists(&to).await.unwrap_or(false) {
            return Err(WebError::BadRequest(format!(
                "two frame files are named {shown}: send each frame once"
            )));
        }
        tokio::fs::rename(path, &to)
            .await
            .map_err(|e| WebError::Internal(e.into()))?;
    }
    let first = files.first().map_or("", |f| f.1.as_str());
    let last = files.last().map_or("", |f| f.1.as_str());
    Ok(vec![Input {
        path: frames,
        shown_as: Some(format!(
            "{} OpenPose frames ({first} to {last})",
            files.len()
        )),
    }])
}

/// Analyses and saves an upload; returns the new analysis's id.
pub async fn analyse_upload(state: &AppState, upload: Upload) -> Result<i64, WebError> {
    state
        .run(move |ctx| {
            let request = form::Request {
                inputs: upload.inputs.clone(),
                fps: upload.fps,
                height_cm: upload.height_cm,
                clip_times_s: upload.clip_times_s.clone(),
                run_date: upload.date.unwrap_or(ctx.clock.today),
                ..form::Request::default()
            };
            let analysis = form::analyse(ctx.kb, &request)?;
            let id = form::save(ctx.db, &analysis, ctx.clock.now)?;
            // The files go once analysed.
            drop(upload);
            Ok(id)
        })
        .await
}

/// Runs a form use case, an unknown analysis being a 404.
pub async fn run_form<T, F>(state: &AppState, f: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce(&crate::web::state::Ctx<'_>) -> anyhow::Result<T> + Send + 'static,
{
    let got = state
        .run(move |ctx| match f(ctx) {
            Ok(v) => Ok(Ok(v)),
            Err(e) => match e.downcast_ref::<ReadError>() {
                Some(missing) => Ok(Err(missing.to_string())),
                None => Err(e),
            },
        })
        .await?;
    got.map_err(WebError::NotFound)
}

/// An analysis id from the path or the query: a 404 when it is no
/// number (no analysis can have it).
pub fn id_of(text: &str) -> Result<i64, WebError> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| WebError::NotFound(format!("there is no form analysis {text:?}")))
}

#[derive(Template)]
#[template(path = "web/form.html")]
struct FormIndex {
    chrome: Chrome,
    error: Option<String>,
    past: Vec<FormEntry>,
    csrf_action: String,
    upload_mib: u64,
}

async fn index_page(
    state: &AppState,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, WebError> {
    let past = run_form(state, |ctx| form::list(ctx.db)).await?;
    let chrome = Chrome::new(state, Nav::Form, "Form", banner(state).await?);
    let csrf_action = format!("/form?_csrf={}", chrome.csrf);
    render_with(
        status,
        &FormIndex {
            chrome,
            error,
            past,
            csrf_action,
            upload_mib: UPLOAD_BYTES >> 20,
        },
    )
}

/// `GET /form`.
async fn index(State(state): State<AppState>) -> Result<Response, WebError> {
    index_page(&state, StatusCode::OK, None).await
}

/// `POST /form`: analyse, save, and show the new analysis; the runner's
/// mistakes come back on the form with a 400 (413 when too large).
async fn upload(
    State(state): State<AppState>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, WebError> {
    let multipart = multipart
        .map_err(|e| WebError::BadRequest(format!("the upload is not multipart form data: {e}")))?;
    let result = match receive(multipart).await {
        Ok(upload) => analyse_upload(&state, upload).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/form/{id}")).into_response()),
        Err(WebError::BadRequest(message)) => {
            index_page(&state, StatusCode::BAD_REQUEST, Some(message)).await
        }
        Err(other) => Err(other),
    }
}

#[derive(Template)]
#[template(path = "web/form_one.html")]
struct OnePage {
    chrome: Chrome,
    saved: Saved,
    body: String,
    others: Vec<FormEntry>,
}

/// `GET /form/{id}`.
async fn one(
    State(state): State<AppState>,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, WebError> {
    let id = id_of(&id)?;
    let (saved, others) = run_form(&state, move |ctx| {
        let saved = form::get(ctx.db, id)?;
        let others = form::list(ctx.db)?
            .into_iter()
            .filter(|e| e.id != id)
            .collect::<Vec<_>>();
        Ok((saved, others))
    })
    .await?;
    let chrome = Chrome::new(
        &state,
        Nav::Form,
        format!("Form, run filmed {}", saved.run_date),
        banner(&state).await?,
    );
    render(&OnePage {
        chrome,
        body: html::sections(&saved.report),
        saved,
        others,
    })
}

#[derive(Template)]
#[template(path = "web/form_compare.html")]
struct ComparePage {
    chrome: Chrome,
    c: Comparison,
}

impl ComparePage {
    fn value(v: &Option<f64>, m: &MetricChange) -> String {
        v.map_or_else(|| "-".to_owned(), |v| format!("{v:.d$}", d = m.decimals))
    }

    fn change(m: &MetricChange) -> String {
        m.difference.map_or_else(
            || "-".to_owned(),
            |v| format!("{v:+.d$}", d = m.decimals.max(1)),
        )
    }

    fn floor(m: &MetricChange) -> String {
        format!("{:.d$}", m.noise_floor, d = m.decimals.max(1))
    }
}

/// `GET /form/compare?a=ID&b=ID`: `a` the baseline, `b` the retest.
async fn compare(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or_default()).unwrap_or_default();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
    };
    let (Some(a), Some(b)) = (get("a"), get("b")) else {
        return Err(WebError::BadRequest(
            "choose two analyses to compare: a (the baseline) and b (the retest)".to_owned(),
        ));
    };
    let (a, b) = (id_of(&a)?, id_of(&b)?);
    if a == b {
        return Err(WebError::BadRequest(
            "choose two different analyses to compare".to_owned(),
        ));
    }
    let c = run_form(&state, move |ctx| form::compare(ctx.db, a, b)).await?;
    let chrome = Chrome::new(
        &state,
        Nav::Form,
        "Form, baseline against retest",
        banner(&state).await?,
    );
    render(&ComparePage { chrome, c })
}

/// The page's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/form",
            get(index)
                .post(upload)
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .route("/form/compare", get(compare))
        .route("/form/{id}", get(one))
}
