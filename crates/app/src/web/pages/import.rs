//! The Import page: activity files (FIT, GPX, TCX, gzipped or not) and
//! archives (a whole Strava or Garmin export) uploaded from the browser,
//! then imported by the use case [`crate::usecase::import`], the same as
//! `backstride import`, with one result per file.
//!
//! An upload is streamed to a temporary folder in the data directory
//! chunk by chunk (never held in memory), capped at [`MAX_UPLOAD_BYTES`]
//! a request (413 past it), and removed once imported. The name the
//! browser sends is only shown and stored as the activity's source: the
//! file on disk gets a name made here, in a folder of its own, so a name
//! such as `../../x.fit` is never a path. The form works without
//! JavaScript; `import.js` adds drag and drop and a progress bar.

use std::path::PathBuf;

use askama::Template;
use axum::Router;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use tokio::io::AsyncWriteExt;

use crate::importing::summary::Summary;
use crate::usecase::import::{Options, run};
use crate::web::error::WebError;
use crate::web::page::{Chrome, Nav, banner, render, render_with};
use crate::web::state::AppState;

/// The most one upload request may carry: 1 GiB (a decade's Garmin
/// export is a few hundred MB).
pub const MAX_UPLOAD_BYTES: u64 = 1 << 30;

/// The longest file name shown and stored for an upload.
const MAX_NAME_CHARS: usize = 200;

/// Uploaded files on disk, in a temporary folder removed when dropped.
pub struct Received {
    /// The folder (removed with everything in it when dropped).
    dir: tempfile::TempDir,
    /// Each file: where it lies, and the name the runner gave it.
    files: Vec<(PathBuf, String)>,
}

impl Received {
    /// Whether none did.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The name to show for a file the browser named `raw`: its last path
/// part, without control characters, at most [`MAX_NAME_CHARS`]; `None`
/// when nothing is left.
pub fn shown_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    let clean = clean.trim();
    (!clean.is_empty() && clean != "." && clean != "..").then(|| clean.to_owned())
}

/// The name a file gets on disk: letters, digits, `-`, `_` and inner dots
/// of the shown name (so the decoder still sees `.fit.gz`), never
/// starting with a dot; `upload` when nothing is left.
pub fn disk_name(shown: &str) -> String {
    let kept: String = shown
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let kept = kept.trim_start_matches('.');
    if kept.is_empty() {
        "upload".to_owned()
    } else {
        kept.to_owned()
    }
}

/// The cap in words ("1 GiB").
pub fn cap_words() -> String {
    if MAX_UPLOAD_BYTES.is_multiple_of(1 << 30) {
        format!("{} GiB", MAX_UPLOAD_BYTES >> 30)
    } else {
        format!("{} MiB", MAX_UPLOAD_BYTES >> 20)
    }
}

fn too_large() -> WebError {
    WebError::TooLarge(format!(
        "the upload is larger than {}; nothing was imported. Send the export in parts (a few folders or zips at a time), or import it with `backstride import PATH`.",
        cap_words()
    ))
}

fn multipart_error(e: &MultipartError) -> WebError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        WebError::BadRequest(format!("the upload could not be read: {}", e.body_text()))
    }
}

/// Refuses a request whose declared length is past the cap before reading
/// any of it.
pub fn check_length(headers: &HeaderMap, cap: u64) -> Result<(), WebError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > cap) {
        return Err(too_large());
    }
    Ok(())
}

/// Streams every file part of `multipart` to disk under `data_dir`, at
/// most `cap` bytes in all. Parts without a file name (text fields) are
/// ignored, and so is an empty part with an empty name (a form sent with
/// no file chosen).
pub async fn receive(
    data_dir: &std::path::Path,
    mut multipart: Multipart,
    cap: u64,
) -> Result<Received, WebError> {
    let dir = tempfile::Builder::new()
        .prefix(".upload-")
        .tempdir_in(data_dir)
        .map_err(|e| {
            WebError::Internal(anyhow::anyhow!(
                "cannot make a folder for the upload in {}: {e}",
                data_dir.display()
            ))
        })?;
    let mut files = Vec::new();
    let mut total: u64 = 0;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(&e))?
    {
        let Some(raw) = field.file_name().map(str::to_owned) else {
            continue;
        };
        let index = files.len();
        let shown = shown_name(&raw).unwrap_or_else(|| format!("upload {}", index + 1));
        let folder = dir.path().join(index.to_string());
        let path = folder.join(disk_name(&shown));
        let ours = |e: std::io::Error| {
            WebError::Internal(anyhow::anyhow!(
                "cannot write the upload to {}: {e}",
                path.display()
            ))
        };
        tokio::fs::create_dir(&folder).await.map_err(ours)?;
        let mut out = tokio::fs::File::create(&path).await.map_err(ours)?;
        let mut size: u64 = 0;
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
            size += chunk.len() as u64;
            total += chunk.len() as u64;
            if total > cap {
                return Err(too_large());
            }
            out.write_all(&chunk).await.map_err(ours)?;
        }
        out.flush().await.map_err(ours)?;
        drop(out);
        if size == 0 && raw.is_empty() {
            // The browser's part for an empty file input.
            tokio::fs::remove_dir_all(&folder).await.map_err(ours)?;
            continue;
        }
        files.push((path, shown));
    }
    Ok(Received { dir, files })
}

/// Imports what arrived (on a blocking thread, one transaction a file);
/// the temporary files go afterwards.
pub async fn import(state: &AppState, received: Received) -> Result<Summary, WebError> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    state
        .run(move |ctx| {
            let Received { dir, files } = received;
            let options = Options {
                workers,
                shown_as: files
                    .iter()
                    .map(|(path, shown)| (path.display().to_string(), shown.clone()))
                    .collect(),
            };
            let paths: Vec<PathBuf> = files.into_iter().map(|(p, _)| p).collect();
            let summary = run(
                &ctx.db.rt,
                Some(&ctx.db.store),
                &paths,
                &options,
                &(),
                ctx.clock.now,
            );
            drop(dir);
            summary
        })
        .await
}

/// One file's row in the results table.
pub struct Row {
    /// The file or archive entry, as the runner named it.
    pub source: String,
    /// What happened, in words.
    pub status: &'static str,
    /// `ok`, `dup`, `skip` or `fail`, for the row's style.
    pub class: &'static str,
    /// The sport, when decoded.
    pub sport: Option<&'static str>,
    /// The stored activity, for a link.
    pub activity_id: Option<i64>,
    /// Why it failed, or what was worked around.
    pub problems: String,
}

/// The results as the page shows them.
pub struct Results {
    /// The totals, as (words, count), zero counts left out.
    pub totals: Vec<(&'static str, usize)>,
    /// Every file.
    pub rows: Vec<Row>,
}

impl Results {
    fn of(summary: &Summary) -> Self {
        let t = &summary.totals;
        let totals = [
            ("imported runs", t.imported_runs),
            ("imported, not running (kept, labelled)", t.imported_other),
            ("duplicates (already stored)", t.duplicates),
            ("replaced by a richer file", t.replaced),
            ("skipped, not activities", t.skipped),
            ("failed", t.failed),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect();
        let rows = summary
            .files
            .iter()
            .map(|f| Row {
                source: f.source.clone(),
                status: f.status,
                class: match f.status {
                    "imported" | "replaced by a richer file" => "ok",
                    "failed" => "fail",
                    "skipped" => "skip",
                    _ => "dup",
                },
                sport: f.sport,
                activity_id: f.activity_id,
                problems: f.problems.join("; "),
            })
            .collect();
        Results { totals, rows }
    }
}

#[derive(Template)]
#[template(path = "web/import.html")]
struct ImportPage {
    chrome: Chrome,
    max_bytes: u64,
    cap: String,
    results: Option<Results>,
    error: Option<String>,
}

async fn frame(state: &AppState) -> Result<Chrome, WebError> {
    Ok(Chrome::new(
        state,
        Nav::Import,
        "Import",
        banner(state).await?,
    ))
}

/// `GET /import`.
async fn page(State(state): State<AppState>) -> Result<Response, WebError> {
    render(&ImportPage {
        chrome: frame(&state).await?,
        max_bytes: MAX_UPLOAD_BYTES,
        cap: cap_words(),
        results: None,
        error: None,
    })
}

/// `POST /import?_csrf=...` (multipart): the files, imported; the page
/// with the results (or with what was wrong, as a 4xx page).
async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let outcome = async {
        check_length(&headers, MAX_UPLOAD_BYTES)?;
        let received = receive(&state.config().data_dir, multipart, MAX_UPLOAD_BYTES).await?;
        if received.is_empty() {
            return Err(WebError::BadRequest(
                "no file was sent: choose or drop activity files (FIT, GPX, TCX, .gz) or a zip export"
                    .to_owned(),
            ));
        }
        import(&state, received).await
    }
    .await;
    let chrome = frame(&state).await?;
    match outcome {
        Ok(summary) => render(&ImportPage {
            chrome,
            max_bytes: MAX_UPLOAD_BYTES,
            cap: cap_words(),
            results: Some(Results::of(&summary)),
            error: None,
        }),
        Err(WebError::Internal(e)) => Err(WebError::Internal(e)),
        Err(e) => render_with(
            e.status(),
            &ImportPage {
                chrome,
                max_bytes: MAX_UPLOAD_BYTES,
                cap: cap_words(),
                results: None,
                error: Some(e.to_string()),
            },
        ),
    }
}

/// The page's routes; the upload's body may be as large as the cap.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/import",
        get(page)
            .post(upload)
            .layer(DefaultBodyLimit::max(upload_limit())),
    )
}

/// The cap as the body limit (the whole request: the cap plus room for
/// the parts' headers).
pub fn upload_limit() -> usize {
    usize::try_from(MAX_UPLOAD_BYTES + (1 << 20)).unwrap_or(usize::MAX)
}

#[cfg(test)]
#[path = "importhist_tests.rs"]
mod handler_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_name_is_shown_by_its_last_part_and_never_a_path_on_disk() {
        assert_eq!(shown_name("../../x.fit").as_deref(), Some("x.fit"));
        assert_eq!(
            shown_name("C:\\Users\\me\\run.gpx").as_deref(),
            Some("run.gpx")
        );
        assert_eq!(shown_name("a/..").as_deref(), None);
        assert_eq!(shown_name("").as_deref(), None);
        assert_eq!(disk_name("x.fit"), "x.fit");
        assert_eq!(disk_name("..hidden.fit.gz"), "hidden.fit.gz");
        assert_eq!(disk_name("mon run (1).tcx"), "mon_run__1_.tcx");
        assert_eq!(disk_name("..."), "upload");
        for raw in ["../../x.fit", "/etc/passwd", "..\\..\\y.gpx", "a/../../b"] {
            let shown = shown_name(raw).unwrap_or_default();
            let disk = disk_name(&shown);
            assert!(!disk.contains('/') && !disk.contains('\\') && !disk.starts_with('.'));
        }
    }
}
