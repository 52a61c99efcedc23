//! The "Your data" page (use cases [`crate::usecase::data`]): the export
//! as a zip (every table as CSV, and JSON), a backup of the database, and
//! deleting everything, which asks the runner to type DELETE first.
//!
//! Downloads are built in a temporary file in the data directory and
//! streamed from it a chunk at a time (a decade of samples is hundreds of
//! MB), never held in memory; the file goes when the download ends.

use std::io::{Seek, SeekFrom};
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};

use askama::Template;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Form, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_core::Stream;
use serde::Deserialize;
use tokio::io::{AsyncRead, ReadBuf};

use crate::usecase::data::{self, CONFIRM_WORD, Removed, ZipSink};
use crate::web::error::WebError;
use crate::web::page::{Chrome, Nav, banner, render, render_with};
use crate::web::state::AppState;

/// How much of a download is read at a time.
const CHUNK: usize = 64 * 1024;

/// A file streamed as a response body, with what must live until it is
/// sent (the temporary folder it lies in).
pub struct FileStream {
    file: tokio::fs::File,
    buf: Box<[u8]>,
    _keep: Option<tempfile::TempDir>,
}

impl FileStream {
    /// Streams `file` from where it stands.
    pub fn new(file: std::fs::File, keep: Option<tempfile::TempDir>) -> Self {
        FileStream {
            file: tokio::fs::File::from_std(file),
            buf: vec![0; CHUNK].into_boxed_slice(),
            _keep: keep,
        }
    }
}

impl Stream for FileStream {
    type Item = std::io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let mut read = ReadBuf::new(&mut this.buf);
        match Pin::new(&mut this.file).poll_read(cx, &mut read) {
            Poll::Ready(Ok(())) if read.filled().is_empty() => Poll::Ready(None),
            Poll::Ready(Ok(())) => Poll::Ready(Some(Ok(Bytes::copy_from_slice(read.filled())))),
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// A download of `stream` as `name` with `content_type`.
fn download(stream: FileStream, name: &str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// The file name of a download made today.
fn dated(state: &AppState, stem: &str, ext: &str) -> String {
    format!("{stem}-{}.{ext}", state.clock().today.format("%Y-%m-%d"))
}

/// Builds the export zip in an unnamed temporary file in the data
/// directory; the file, rewound.
pub async fn export_zip(state: &AppState) -> Result<std::fs::File, WebError> {
    let dir = state.config().data_dir.clone();
    state
        .run(move |ctx| {
            let file = tempfile::tempfile_in(&dir).map_err(|e| {
                anyhow::anyhow!("cannot make a temporary file in {}: {e}", dir.display())
            })?;
            let mut sink = ZipSink::new(file);
            data::export(ctx.db, &mut sink)?;
            let mut file = sink.finish()?;
            file.seek(SeekFrom::Start(0))?;
            Ok(file)
        })
        .await
}

/// Writes a backup into a temporary folder in the data directory; the
/// file, and the folder to keep until it is sent.
pub async fn backup_file(state: &AppState) -> Result<(std::fs::File, tempfile::TempDir), WebError> {
    let dir = state.config().data_dir.clone();
    state
        .run(move |ctx| {
            let folder = tempfile::Builder::new()
                .prefix(".backup-")
                .tempdir_in(&dir)
                .map_err(|e| {
                    anyhow::anyhow!("cannot make a temporary folder in {}: {e}", dir.display())
                })?;
            let target: PathBuf = folder.path().join("backstride.db");
            data::backup(ctx.db, &target)?;
            let file = std::fs::File::open(&target)?;
            Ok((file, folder))
        })
        .await
}

/// `GET /data/export.zip`.
pub async fn export(State(state): State<AppState>) -> Result<Response, WebError> {
    let file = export_zip(&state).await?;
    Ok(download(
        FileStream::new(file, None),
        &dated(&state, "backstride-export", "zip"),
        "application/zip",
    ))
}

/// `GET /data/backup.db`.
async fn backup(State(state): State<AppState>) -> Result<Response, WebError> {
    let (file, folder) = backup_file(&state).await?;
    Ok(download(
        FileStream::new(file, Some(folder)),
        &dated(&state, "backstride-backup", "db"),
        "application/vnd.sqlite3",
    ))
}

#[derive(Template)]
#[template(path = "web/data.html")]
struct DataPage {
    chrome: Chrome,
    word: &'static str,
    files: Vec<&'static str>,
    error: Option<String>,
    removed: Option<Removed>,
}

/// `GET /data`.
async fn page(State(state): State<AppState>) -> Result<Response, WebError> {
    render(&DataPage {
        chrome: Chrome::new(&state, Nav::Data, "Your data", banner(&state).await?),
        word: CONFIRM_WORD,
        files: data::FILES.to_vec(),
        error: None,
        removed: None,
    })
}

/// The delete-everything form.
#[derive(Debug, Deserialize)]
pub struct DeleteAllForm {
    /// What the runner typed (must be DELETE).
    pub confirm: Option<String>,
}

/// What to say when the confirmation word is missing or wrong.
pub fn not_confirmed() -> String {
    format!(
        "Nothing was deleted: type {CONFIRM_WORD} (in capitals) in the box to confirm that everything should go."
    )
}

/// `POST /data/delete-all`.
async fn delete_all(
    State(state): State<AppState>,
    Form(form): Form<DeleteAllForm>,
) -> Result<Response, WebError> {
    let typed = form.confirm.unwrap_or_default();
    let removed = state
        .run(move |ctx| data::delete_everything(ctx.db, &typed))
        .await?;
    let chrome = Chrome::new(&state, Nav::Data, "Your data", banner(&state).await?);
    let (status, error) = if removed.is_some() {
        (StatusCode::OK, None)
    } else {
        (StatusCode::BAD_REQUEST, Some(not_confirmed()))
    };
    render_with(
        status,
        &DataPage {
            chrome,
            word: CONFIRM_WORD,
            files: data::FILES.to_vec(),
            error,
            removed,
        },
    )
}

/// The page's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/data", get(page))
        .route("/data/export.zip", get(export))
        .route("/data/backup.db", get(backup))
        .route("/data/delete-all", post(delete_all))
}
