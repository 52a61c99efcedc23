//! The Plan page (use cases [`crate::usecase::plan`] and
//! [`crate::usecase::replan`]): the saved plan by week (`/plan`,
//! `?week=N`, the week holding today by default) and by month
//! (`/plan/month?month=YYYY-MM`), each day's session and doses, the
//! doctor's caps; "make a new plan" (`POST /plan/new`) from the saved
//! answers; "re-plan from today" previewed with each change and its reason
//! (`GET /plan/replan`) before it is applied (`POST /plan/replan`). The
//! calendar download and subscription are in [`super::calendar`].
//!
//! A standing red flag or due red-flag questions show the stop instead of
//! any plan.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{Datelike, Days, NaiveDate};
use serde::Deserialize;

use crate::report::dto::{
    ChangeView, DayView, EvidenceView, NoticeView, ReadyPlanView, RoutineItemView, SessionView,
    WeekView,
};
use crate::usecase::plan::{self as plan_uc, Made};
use crate::usecase::replan::{self as replan_uc, Previewed};
use crate::web::error::WebError;
use crate::web::page::{Chrome, Nav, banner, render, render_with};
use crate::web::state::AppState;

/// A session as the page draws it.
pub struct SessionShown {
    /// Its title ("Easy run 5.0 km, about 33 min").
    pub title: String,
    /// A run (else cross-training).
    pub run: bool,
    /// Distance, intensity or minutes in words.
    pub detail: String,
    /// Brace guidance applies.
    pub brace: bool,
    /// The routine with its doses.
    pub routine: Vec<RoutineItemView>,
}

fn session_shown(plan: &ReadyPlanView, day: &DayView) -> SessionShown {
    match &day.session {
        SessionView::Run {
            intensity,
            distance_km,
            est_minutes,
            brace,
            routine,
            ..
        } => SessionShown {
            title: day.title.clone(),
            run: true,
            detail: format!(
                "{} {} at {intensity} effort{}",
                plan.number(*distance_km),
                plan.units,
                est_minutes
                    .map(|m| format!(", about {m} minutes"))
                    .unwrap_or_default()
            ),
            brace: *brace,
            routine: routine.clone(),
        },
        SessionView::CrossTrain {
            activity,
            minutes,
            routine,
        } => SessionShown {
            title: day.title.clone(),
            run: false,
            detail: format!("{activity} for {minutes} minutes, at an easy effort"),
            brace: false,
            routine: routine.clone(),
        },
    }
}

/// A day of the week view.
pub struct DayShown {
    /// The date.
    pub date: NaiveDate,
    /// "Monday 4 May".
    pub label: String,
    /// Whether it is today.
    pub today: bool,
    /// Its session; `None` is a rest day.
    pub session: Option<SessionShown>,
}

/// The week shown.
pub struct WeekShown {
    /// The plan's week.
    pub week: WeekView,
    /// Weeks in the plan.
    pub of: usize,
    /// Its seven days.
    pub days: Vec<DayShown>,
    /// The previous week's number.
    pub prev: Option<u16>,
    /// The next week's number.
    pub next: Option<u16>,
    /// Its running, scheduled and target, in the runner's unit ("16.0 km").
    pub running: (String, String),
}

/// What the plan page shows besides the week.
pub struct PlanShown {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// The routine's name and when.
    pub routine_name: String,
    /// When to do the routine.
    pub routine_when: String,
    /// Notices, most important first.
    pub notices: Vec<NoticeView>,
    /// The progression's evidence.
    pub running_evidence: EvidenceView,
    /// When it was saved.
    pub saved_on: String,
}

#[derive(Template)]
#[template(path = "web/plan.html")]
struct PlanPage {
    chrome: Chrome,
    stop: Vec<String>,
    plan: Option<PlanShown>,
    week: Option<WeekShown>,
    blocked: Option<String>,
    unreadable: bool,
    caps: Vec<String>,
    feed: String,
    webcal: String,
    today: NaiveDate,
}

/// `?week=N`.
#[derive(Debug, Deserialize)]
pub struct WeekQuery {
    week: Option<String>,
}

/// What every view of the plan reads.
struct Read {
    stop: Vec<String>,
    saved: Option<plan_uc::Saved>,
    caps: Vec<String>,
}

async fn read(state: &AppState) -> Result<Read, WebError> {
    state
        .run(|ctx| {
            let now = crate::safety::now(ctx.db, ctx.kb, None, ctx.clock.today, &ctx.clock.zone)?;
            let stop = if now.standing.stops() {
                crate::safety::show::app_banner_lines(&now.standing)
            } else {
                Vec::new()
            };
            Ok(Read {
                stop,
                saved: plan_uc::latest(ctx.db, ctx.kb)?,
                caps: plan_uc::doctor_caps(ctx.db, ctx.kb)?,
            })
        })
        .await
}

/// The frame's banner, unless the page's own stop box says the same.
async fn banner_unless_stopped(state: &AppState, r: &Read) -> Result<Vec<String>, WebError> {
    if r.stop.is_empty() {
        banner(state).await
    } else {
        Ok(Vec::new())
    }
}

/// The plan week holding `today`: the first before the plan, the last
/// after it.
fn week_of(plan: &ReadyPlanView, today: NaiveDate) -> u16 {
    plan.weeks
        .iter()
        .rev()
        .find(|w| w.start <= today)
        .or(plan.weeks.first())
        .map_or(1, |w| w.number)
}

fn week_shown(plan: &ReadyPlanView, number: u16, today: NaiveDate) -> Option<WeekShown> {
    let week = plan.weeks.iter().find(|w| w.number == number)?.clone();
    let days = (0..7u64)
        .filter_map(|i| week.start.checked_add_days(Days::new(i)))
        .filter(|d| *d <= plan.end)
        .map(|date| DayShown {
            date,
            label: date.format("%A %-d %B").to_string(),
            today: date == today,
            session: plan
                .days
                .iter()
                .find(|d| d.date == date)
                .map(|d| session_shown(plan, d)),
        })
        .collect();
    let numbers: Vec<u16> = plan.weeks.iter().map(|w| w.number).collect();
    let unit = |km: f64| format!("{} {}", plan.number(km), plan.units);
    Some(WeekShown {
        running: (unit(week.scheduled_km), unit(week.target_km)),
        of: plan.weeks.len(),
        days,
        prev: numbers.iter().copied().filter(|n| *n < number).max(),
        next: numbers.iter().copied().filter(|n| *n > number).min(),
        week,
    })
}

/// The subscription URLs for the host the page was asked on.
fn feed_urls(headers: &HeaderMap, token: &str) -> (String, String) {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    (
        format!("http://{host}/calendar/{token}.ics"),
        format!("webcal://{host}/calendar/{token}.ics"),
    )
}

/// `GET /plan`.
async fn week_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<WeekQuery>,
) -> Result<Response, WebError> {
    let asked = match q.week.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        None => None,
        Some(w) => Some(w.parse::<u16>().map_err(|_| {
            WebError::BadRequest(format!("week: `{w}` is not a week number (1, 2, ...)"))
        })?),
    };
    let today = state.clock().today;
    let r = read(&state).await?;
    let token = super::calendar::token(&state.config().data_dir)?;
    let (feed, webcal) = feed_urls(&headers, &token);
    let mut page = PlanPage {
        chrome: Chrome::new(
            &state,
            Nav::Plan,
            "Plan",
            banner_unless_stopped(&state, &r).await?,
        ),
        stop: r.stop,
        plan: None,
        week: None,
        blocked: None,
        unreadable: false,
        caps: r.caps,
        feed,
        webcal,
        today,
    };
    if !page.stop.is_empty() {
        return render(&page);
    }
    if let Some(saved) = &r.saved {
        if let Some(plan) = saved.ready() {
            let number = asked.unwrap_or_else(|| week_of(plan, today));
            let week = week_shown(plan, number, today).ok_or_else(|| {
                WebError::NotFound(format!(
                    "week {number}: the plan has weeks 1 to {}",
                    plan.weeks.len()
                ))
            })?;
            page.week = Some(week);
            page.plan = Some(PlanShown {
                start: plan.start,
                end: plan.end,
                routine_name: plan.routine_name.clone(),
                routine_when: plan.routine_when.clone(),
                notices: plan.notices.clone(),
                running_evidence: plan.running_evidence.clone(),
                saved_on: saved.created_at.format("%Y-%m-%d").to_string(),
            });
        } else if let Some((_, instruction)) = saved.blocked() {
            page.blocked = Some(instruction.to_owned());
        } else {
            page.unreadable = true;
        }
    }
    render(&page)
}

/// One day of the month grid.
pub struct Cell {
    /// Day of the month.
    pub day: u32,
    /// Whether it is in the month shown (else a neighbour's).
    pub in_month: bool,
    /// Whether it is today.
    pub today: bool,
    /// Its session's title, if any.
    pub session: Option<String>,
    /// A run (else cross-training).
    pub run: bool,
}

#[derive(Template)]
#[template(path = "web/plan_month.html")]
struct MonthPage {
    chrome: Chrome,
    stop: Vec<String>,
    title: String,
    prev: String,
    next: String,
    rows: Vec<Vec<Cell>>,
    has_plan: bool,
}

/// `?month=YYYY-MM`.
#[derive(Debug, Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

fn month_start(text: &str) -> Option<NaiveDate> {
    let (y, m) = text.trim().split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    if !(1900..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, 1)
}

fn rows(first: NaiveDate, plan: Option<&ReadyPlanView>, today: NaiveDate) -> Vec<Vec<Cell>> {
    let back = u64::from(first.weekday().num_days_from_monday());
    let Some(mut day) = first.checked_sub_days(Days::new(back)) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    loop {
        let mut row = Vec::new();
        for _ in 0..7 {
            let found = plan.and_then(|p| p.days.iter().find(|d| d.date == day));
            row.push(Cell {
                day: day.day(),
                in_month: day.month() == first.month(),
                today: day == today,
                session: found.map(|d| d.title.clone()),
                run: found.is_some_and(|d| matches!(d.session, SessionView::Run { .. })),
            });
            match day.succ_opt() {
                Some(next) => day = next,
                None => return rows,
            }
        }
        rows.push(row);
        if day.month() != first.month() || rows.len() >= 6 {
            return rows;
        }
    }
}

/// `GET /plan/month`.
async fn month_page(
    State(state): State<AppState>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, WebError> {
    let today = state.clock().today;
    let first = match q.month.as_deref().filter(|m| !m.trim().is_empty()) {
        None => today.with_day(1).unwrap_or(today),
        Some(m) => month_start(m).ok_or_else(|| {
            WebError::BadRequest(format!(
                "month: `{m}` is not a month like 2026-05 (year-month)"
            ))
        })?,
    };
    let r = read(&state).await?;
    let plan = if r.stop.is_empty() {
        r.saved.as_ref().and_then(|s| s.ready())
    } else {
        None
    };
    let prev = first
        .checked_sub_days(Days::new(1))
        .unwrap_or(first)
        .format("%Y-%m")
        .to_string();
    let next = first
        .checked_add_days(Days::new(31))
        .unwrap_or(first)
        .format("%Y-%m")
        .to_string();
    render(&MonthPage {
        chrome: Chrome::new(
            &state,
            Nav::Plan,
            "Plan by month",
            banner_unless_stopped(&state, &r).await?,
        ),
        title: first.format("%B %Y").to_string(),
        prev,
        next,
        rows: rows(first, plan, today),
        has_plan: plan.is_some(),
        stop: r.stop,
    })
}

/// The "make a new plan" form.
#[derive(Debug, Deserialize)]
pub struct NewPlanForm {
    start: Option<String>,
    weeks: Option<String>,
}

/// Reads the new plan's start (empty: today) and weeks (empty: 8).
pub fn new_plan_fields(
    start: Option<&str>,
    weeks: Option<&str>,
    today: NaiveDate,
) -> Result<(NaiveDate, u16), WebError> {
    let start = match start.map(str::trim).filter(|s| !s.is_empty()) {
        None => today,
        Some(s) => {
            crate::cli::parse_date(s).map_err(|e| WebError::BadRequest(format!("start: {e}")))?
        }
    };
    let weeks = match weeks.map(str::trim).filter(|s| !s.is_empty()) {
        None => 8,
        Some(w) => w
            .parse::<u16>()
            .ok()
            .filter(|w| (1..=52).contains(w))
            .ok_or_else(|| {
                WebError::BadRequest(format!(
                    "weeks: `{w}` is not a number of weeks from 1 to 52"
                ))
            })?,
    };
    Ok((start, weeks))
}

/// `POST /plan/new`: a new plan from the saved answers, then the plan.
async fn new_plan(
    State(state): State<AppState>,
    Form(form): Form<NewPlanForm>,
) -> Result<Response, WebError> {
    let (start, weeks) = new_plan_fields(
        form.start.as_deref(),
        form.weeks.as_deref(),
        state.clock().today,
    )?;
    state
        .run(move |ctx| {
            let made = plan_uc::make(
                ctx.db,
                ctx.kb,
                ctx.clock,
                plan_uc::Request {
                    fresh: None,
                    start,
                    weeks,
                    cross_days_per_30: None,
                    save: true,
                },
            )?;
            // Due questions: nothing is saved; the plan page shows why.
            if let Made::Planned(planned) = made.made {
                planned.save(ctx.db, ctx.clock.now)?;
            }
            Ok(())
        })
        .await?;
    Ok(Redirect::to("/plan").into_response())
}

#[derive(Template)]
#[template(path = "web/plan_replan.html")]
struct ReplanPage {
    chrome: Chrome,
    stop: Vec<String>,
    action: String,
    reasons: Vec<String>,
    based_on: String,
    changes: Vec<ChangeView>,
    blocked: Option<String>,
    weeks: Vec<WeekView>,
}

/// What a re-plan preview shows.
enum Preview {
    Stop(Vec<String>),
    Changes {
        report: Box<crate::report::dto::Report>,
    },
}

async fn preview(state: &AppState) -> Result<Preview, WebError> {
    state
        .run(|ctx| {
            let out = replan_uc::preview(
                ctx.db,
                ctx.kb,
                ctx.clock,
                replan_uc::Request {
                    weeks: 8,
                    cross_days_per_30: None,
                },
            )?;
            Ok(match out.previewed {
                Previewed::CheckDue { standing, .. } => {
                    Preview::Stop(crate::safety::show::app_banner_lines(&standing))
                }
                Previewed::Replanned(r) => Preview::Changes {
                    report: Box::new(r.report),
                },
            })
        })
        .await
}

/// `GET /plan/replan`: each change and its reason; nothing is saved.
async fn replan_page(State(state): State<AppState>) -> Result<Response, WebError> {
    let chrome = Chrome::new(
        &state,
        Nav::Plan,
        "Re-plan from today",
        banner(&state).await?,
    );
    let page = match preview(&state).await? {
        Preview::Stop(stop) => ReplanPage {
            chrome,
            stop,
            action: String::new(),
            reasons: Vec::new(),
            based_on: String::new(),
            changes: Vec::new(),
            blocked: None,
            weeks: Vec::new(),
        },
        Preview::Changes { report } => {
            let (blocked, weeks) = match &report.plan {
                Some(crate::report::dto::PlanView::Ready(p)) => (None, p.weeks.clone()),
                Some(crate::report::dto::PlanView::Blocked(b)) => {
                    (Some(b.instruction.clone()), Vec::new())
                }
                _ => (None, Vec::new()),
            };
            let adaptation = report.adaptation.clone();
            ReplanPage {
                chrome,
                stop: Vec::new(),
                action: adaptation
                    .as_ref()
                    .map(|a| a.action.clone())
                    .unwrap_or_default(),
                reasons: adaptation
                    .as_ref()
                    .map(|a| a.reasons.clone())
                    .unwrap_or_default(),
                based_on: adaptation
                    .as_ref()
                    .map(|a| a.based_on.clone())
                    .unwrap_or_default(),
                changes: adaptation.map(|a| a.changes).unwrap_or_default(),
                blocked,
                weeks,
            }
        }
    };
    render(&page)
}

/// `POST /plan/replan`: applies (saves) the re-plan, then the plan.
async fn replan_apply(State(state): State<AppState>) -> Result<Response, WebError> {
    let stop = state
        .run(|ctx| {
            let out = replan_uc::preview(
                ctx.db,
                ctx.kb,
                ctx.clock,
                replan_uc::Request {
                    weeks: 8,
                    cross_days_per_30: None,
                },
            )?;
            Ok(match out.previewed {
                Previewed::CheckDue { standing, .. } => {
                    Some(crate::safety::show::app_banner_lines(&standing))
                }
                Previewed::Replanned(r) => {
                    r.save(ctx.db, ctx.clock.now)?;
                    None
                }
            })
        })
        .await?;
    match stop {
        None => Ok(Redirect::to("/plan").into_response()),
        Some(stop) => {
            let chrome = Chrome::new(
                &state,
                Nav::Plan,
                "Re-plan from today",
                banner(&state).await?,
            );
            render_with(
                StatusCode::CONFLICT,
                &ReplanPage {
                    chrome,
                    stop,
                    action: String::new(),
                    reasons: Vec::new(),
                    based_on: String::new(),
                    changes: Vec::new(),
                    blocked: None,
                    weeks: Vec::new(),
                },
            )
        }
    }
}

/// The page's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plan", get(week_page))
        .route("/plan/month", get(month_page))
        .route("/plan/new", post(new_plan))
        .route("/plan/replan", get(replan_page).post(replan_apply))
}
