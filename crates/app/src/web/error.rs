//! Errors of web requests: the runner's input (4xx, with a message that
//! says what to fix) or ours (500, logged on the server's standard error,
//! a plain apology to the browser). API routes answer JSON
//! (`{"error": "..."}`), pages a small HTML page.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use backstride_store::StoreError;
use serde::Serialize;

use crate::commands::UserError;

/// A request that could not be served.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The input is wrong: 400.
    #[error("{0}")]
    BadRequest(String),
    /// Nothing there: 404.
    #[error("{0}")]
    NotFound(String),
    /// Not allowed from here (host, pairing, CSRF): 403.
    #[error("{0}")]
    Forbidden(String),
    /// Too big: 413.
    #[error("{0}")]
    TooLarge(String),
    /// Stopped by a red flag or a due check where a plan was asked for:
    /// 409, with what to do.
    #[error("{0}")]
    Conflict(String),
    /// Ours: 500.
    #[error("something went wrong on our side: {0:#}")]
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for WebError {
    fn from(e: anyhow::Error) -> Self {
        if let Some(user) = e.downcast_ref::<UserError>() {
            return WebError::BadRequest(user.0.clone());
        }
        if let Some(store) = e.downcast_ref::<StoreError>()
            && store.is_bad_request()
        {
            return WebError::BadRequest(store.to_string());
        }
        WebError::Internal(e)
    }
}

impl WebError {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the runner reads: the message for their input, an apology for
    /// ours (the detail goes to the server's log only).
    pub fn public_message(&self) -> String {
        match self {
            WebError::Internal(e) => {
                eprintln!("backstride serve: {e:#}");
                "Something went wrong on our side; nothing was changed. The server's window says more.".to_owned()
            }
            other => other.to_string(),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = self.public_message();
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{code} · Backstride</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main class=\"wrap\"><h1>{reason}</h1><p role=\"alert\">{message}</p><p><a href=\"/\">Back to Today</a></p></main></body></html>",
            code = status.as_u16(),
            reason = status.canonical_reason().unwrap_or("Error"),
            message = escape(&message),
        );
        (status, Html(page)).into_response()
    }
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    /// What went wrong, in words.
    pub error: String,
}

/// An API error: the same kinds as [`WebError`], answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let body = ApiErrorBody {
            error: self.0.public_message(),
        };
        (status, Json(body)).into_response()
    }
}

/// HTML-escapes text for the few pages built without a template.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
