//! The frame around every page: the `<head>`, the navigation, the standing
//! red-flag banner, the disclaimer. A page's template extends
//! `templates/web/base.html` and holds a [`Chrome`] named `chrome`.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::web::error::WebError;
use crate::web::state::AppState;

/// The pages, in the navigation's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// `/today`.
    Today,
    /// `/check-in`.
    CheckIn,
    /// `/plan`.
    Plan,
    /// `/import`.
    Import,
    /// `/history`.
    History,
    /// `/insights`.
    Insights,
    /// `/form`.
    Form,
    /// `/sources`.
    Sources,
    /// `/data`.
    Data,
}

impl Nav {
    /// Every page, in order.
    pub const ALL: [Nav; 9] = [
        Nav::Today,
        Nav::CheckIn,
        Nav::Plan,
        Nav::Import,
        Nav::History,
        Nav::Insights,
        Nav::Form,
        Nav::Sources,
        Nav::Data,
    ];

    /// Its path.
    pub fn href(self) -> &'static str {
        match self {
            Nav::Today => "/today",
            Nav::CheckIn => "/check-in",
            Nav::Plan => "/plan",
            Nav::Import => "/import",
            Nav::History => "/history",
            Nav::Insights => "/insights",
            Nav::Form => "/form",
            Nav::Sources => "/sources",
            Nav::Data => "/data",
        }
    }

    /// Its name in the navigation.
    pub fn label(self) -> &'static str {
        match self {
            Nav::Today => "Today",
            Nav::CheckIn => "Check-in",
            Nav::Plan => "Plan",
            Nav::Import => "Import",
            Nav::History => "History",
            Nav::Insights => "Insights",
            Nav::Form => "Form",
            Nav::Sources => "Sources",
            Nav::Data => "Your data",
        }
    }
}

/// One navigation link as the template draws it.
pub struct NavLink {
    /// Path.
    pub href: &'static str,
    /// Name.
    pub label: &'static str,
    /// Whether it is the page shown.
    pub current: bool,
}

/// What the frame shows around a page.
pub struct Chrome {
    /// The page's title (before " · Backstride").
    pub title: String,
    /// The navigation.
    pub nav: Vec<NavLink>,
    /// This run's CSRF token, for forms (`<input type=hidden name=_csrf>`).
    pub csrf: String,
    /// Standing red flags or a due check, one line each (empty: none).
    pub banner: Vec<String>,
    /// Whether this is the made-up demo runner.
    pub demo: bool,
    /// "Not a medical device" in our words.
    pub disclaimer: &'static str,
}

impl Chrome {
    /// The frame for `page`, with the standing banner lines given.
    pub fn new(state: &AppState, page: Nav, title: impl Into<String>, banner: Vec<String>) -> Self {
        Chrome {
            title: title.into(),
            nav: Nav::ALL
                .iter()
                .map(|&n| NavLink {
                    href: n.href(),
                    label: n.label(),
                    current: n == page,
                })
                .collect(),
            csrf: state.secrets().csrf.clone(),
            banner,
            demo: state.config().demo,
            disclaimer: backstride_core::DISCLAIMER,
        }
    }
}

/// Renders an askama template into a 200 page (a render failure is ours).
pub fn render<T: askama::Template>(template: &T) -> Result<Response, WebError> {
    render_with(StatusCode::OK, template)
}

/// Renders an askama template with a status (a form sent back with its
/// errors is a 400 page).
pub fn render_with<T: askama::Template>(
    status: StatusCode,
    template: &T,
) -> Result<Response, WebError> {
    let html = template
        .render()
        .map_err(|e| WebError::Internal(anyhow::anyhow!("a page could not be drawn: {e}")))?;
    Ok((status, Html(html)).into_response())
}

/// The standing banner for a page: what the standing red-flag rule says,
/// read from the store (empty when nothing stands or no database yet);
/// computed once per version of the data.
pub async fn banner(state: &AppState) -> Result<Vec<String>, WebError> {
    let version = state.cache().version(state.clock().today);
    if let Some(lines) = state.cache().get::<Vec<String>>("banner", &version) {
        return Ok(lines.as_ref().clone());
    }
    let lines = state
        .run(|ctx| {
            let now = crate::safety::now(ctx.db, ctx.kb, None, ctx.clock.today, &ctx.clock.zone)?;
            Ok(crate::safety::show::app_banner_lines(&now.standing))
        })
        .await?;
    state
        .cache()
        .put("banner", version, std::sync::Arc::new(lines.clone()));
    Ok(lines)
}
