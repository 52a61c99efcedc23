//! The report as one self-contained, printable HTML page (no scripts, no
//! external files), rendered with an askama template checked at compile time.

use askama::Template;

use super::dto::{BlockedView, CheckDueView, ExerciseGuideView, PlanView, ReadyPlanView, Report};
use super::figures;

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    r: &'a Report,
    ready: Option<&'a ReadyPlanView>,
    blocked: Option<&'a BlockedView>,
    check_due: Option<&'a CheckDueView>,
}

impl Page<'_> {
    /// The exercise's stick figure as inline SVG (our own markup, with the
    /// label escaped), or nothing when there is no drawing.
    fn figure(&self, e: &ExerciseGuideView) -> String {
        figures::svg(&e.exercise_id, &e.name).unwrap_or_default()
    }

    /// The founding article's title, quoted.
    fn founding(&self) -> &'static str {
        super::FOUNDING
    }
}

/// Renders the report as HTML.
pub fn render(r: &Report) -> anyhow::Result<String> {
    let (ready, blocked, check_due) = match &r.plan {
        Some(PlanView::Ready(p)) => (Some(p.as_ref()), None, None),
        Some(PlanView::Blocked(b)) => (None, Some(b), None),
        Some(PlanView::CheckDue(c)) => (None, None, Some(c)),
        None => (None, None, None),
    };
    Ok(Page {
        r,
        ready,
        blocked,
        check_due,
    }
    .render()?)
}
