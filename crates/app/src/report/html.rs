//! The report as one self-contained, printable HTML page (no scripts, no
//! external files), rendered with an askama template checked at compile time.

use askama::Template;

use super::dto::{BlockedView, PlanView, ReadyPlanView, Report};

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    r: &'a Report,
    ready: Option<&'a ReadyPlanView>,
    blocked: Option<&'a BlockedView>,
}

/// Renders the report as HTML.
pub fn render(r: &Report) -> anyhow::Result<String> {
    let (ready, blocked) = match &r.plan {
        Some(PlanView::Ready(p)) => (Some(p.as_ref()), None),
        Some(PlanView::Blocked(b)) => (None, Some(b)),
        None => (None, None),
    };
    Ok(Page { r, ready, blocked }.render()?)
}
