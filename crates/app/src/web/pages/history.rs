//! The History page and the activity page (use cases
//! [`crate::usecase::history`] and [`crate::usecase::edit`]):
//!
//! - `GET /history?from=&to=&sport=&page=`: activities, newest first, a
//!   page at a time, filtered by local days and sport; the log entries of
//!   the same days (pain, routine, cross-training, brace, effort), each
//!   with a link to edit it (`entry_edit.rs`) and one to delete it;
//! - `GET /history/activity/{id}`: one activity: summary, the route as
//!   SVG, pace, heart rate and elevation charts, laps; a form to correct
//!   its sport (`POST /history/activity/{id}/sport`);
//! - deleting asks first: `GET .../delete` is the question, `POST
//!   .../delete` the answer, for an activity and for an entry
//!   (`/history/entry/{kind}/{id}/delete`). An entry a standing warning
//!   sign rests on is never deleted (409, saying why).

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use backstride_core::activity::Sport;
use backstride_core::profile::Units;
use backstride_store::{ActivitySummary, History, LogKind, PainWhen, StoredActivity};
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Deserialize;

use crate::usecase::history::{self as usecase, Filter, Verdict};
use crate::web::error::WebError;
use crate::web::page::{Chrome, Nav, banner, render, render_with};
use crate::web::pages::history_svg::{self as svg, Along, Axis};
use crate::web::state::AppState;

/// Activities a page.
pub const PER_PAGE: usize = 25;

/// The most log entries listed at once (the newest).
const MAX_ENTRIES: usize = 200;

/// Every sport, in the order the sport form offers them.
pub const SPORTS: [Sport; 5] = [
    Sport::Running,
    Sport::Cycling,
    Sport::Walking,
    Sport::Swimming,
    Sport::Other,
];

/// The listing's query, as sent (checked by [`Query::filter`]).
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// First local day, `YYYY-MM-DD` (empty: open).
    pub from: Option<String>,
    /// Last local day, inclusive.
    pub to: Option<String>,
    /// A sport's name (empty: every sport).
    pub sport: Option<String>,
    /// The page, from 1.
    pub page: Option<String>,
}

fn day(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, WebError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                WebError::BadRequest(format!(
                    "{field}: \"{v}\" is not a date; write it as YYYY-MM-DD (e.g. 2026-05-04)"
                ))
            }),
    }
}

/// A sport named by its stable name, or every sport for none.
pub fn sport_named(value: Option<&str>) -> Result<Option<Sport>, WebError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => Sport::parse(v).map(Some).ok_or_else(|| {
            WebError::BadRequest(format!(
                "sport: \"{v}\" is not a sport; use one of {}",
                SPORTS.map(Sport::name).join(", ")
            ))
        }),
    }
}

impl ListQuery {
    /// The days, sport and page asked for, or what is wrong with them.
    pub fn filter(
        &self,
    ) -> Result<(Filter, Option<NaiveDate>, Option<NaiveDate>, usize), WebError> {
        let from = day("from", self.from.as_deref())?;
        let to = day("to", self.to.as_deref())?;
        let range = usecase::range(from, to, &Local).map_err(|e| WebError::BadRequest(e.0))?;
        let sport = sport_named(self.sport.as_deref())?;
        let page = match self
            .page
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            None => 1,
            Some(p) => p.parse::<usize>().ok().filter(|p| *p >= 1).ok_or_else(|| {
                WebError::BadRequest(format!("page: \"{p}\" is not a page number (1, 2, ...)"))
            })?,
        };
        Ok((Filter { range, sport }, from, to, page))
    }
}

/// Local time of an instant, for the page.
fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Hours, minutes and seconds.
pub fn duration(s: f64) -> String {
    let s = s.max(0.0).round() as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Pace over `seconds` and `metres` in the runner's unit ("5:42 /km"),
/// empty without both.
fn pace_per(units: Units, seconds: f64, metres: f64) -> String {
    if metres > 0.0 && seconds > 0.0 {
        let per_km = seconds / (metres / 1000.0);
        format!(
            "{} /{}",
            svg::min_sec(units.pace_from_s_per_km(per_km)),
            units.name()
        )
    } else {
        String::new()
    }
}

/// Speed over `seconds` and `metres` in the runner's unit ("26.7 km/h"),
/// empty without both.
fn speed(units: Units, seconds: f64, metres: f64) -> String {
    if metres > 0.0 && seconds > 0.0 {
        let per_hour = match units {
            Units::Km => "km/h",
            Units::Mi => "mph",
        };
        format!(
            "{:.1} {per_hour}",
            units.from_km(metres / 1000.0) / (seconds / 3600.0)
        )
    } else {
        String::new()
    }
}

/// Metres in the runner's unit, two decimals.
fn distance(units: Units, metres: f64) -> String {
    format!("{:.2}", units.from_km(metres / 1000.0))
}

/// One activity's row.
pub struct ActivityRow {
    id: i64,
    start: String,
    sport: &'static str,
    km: String,
    time: String,
    pace: String,
    heart_rate: String,
}

impl ActivityRow {
    fn of(a: &ActivitySummary, units: Units) -> Self {
        ActivityRow {
            id: a.id,
            start: local(a.start),
            sport: a.sport.name(),
            km: distance(units, a.distance_m),
            time: duration(a.elapsed_s),
            pace: if a.sport == Sport::Cycling {
                speed(units, a.moving_s, a.distance_m)
            } else {
                pace_per(units, a.moving_s, a.distance_m)
            },
            heart_rate: a
                .avg_heart_rate
                .map(|v| format!("{v:.0}"))
                .unwrap_or_default(),
        }
    }
}

/// One log entry's line.
pub struct EntryRow {
    /// The log's word in addresses.
    pub kind: &'static str,
    /// The entry's id.
    pub id: i64,
    /// When (local).
    pub at: String,
    /// What, in words.
    pub text: String,
    /// Sort key.
    sort: DateTime<Utc>,
}

fn pain_when(when: PainWhen, activity: Option<i64>) -> String {
    let base = match when {
        PainWhen::During => "during",
        PainWhen::After => "after",
        PainWhen::NextMorning => "the morning after",
    };
    match activity {
        Some(id) => format!("{base} activity {id}"),
        None => format!("{base} a run"),
    }
}

fn note(n: Option<&String>) -> String {
    n.map(|n| format!(" · \u{201c}{n}\u{201d}"))
        .unwrap_or_default()
}

/// The entries of `h`, newest first.
pub fn entries(h: &History) -> Vec<EntryRow> {
    let mut rows = Vec::new();
    let mut push = |kind: LogKind, id: i64, at: DateTime<Utc>, text: String| {
        rows.push(EntryRow {
            kind: usecase::kind_word(kind),
            id,
            at: local(at),
            text,
            sort: at,
        });
    };
    for p in &h.pain {
        let region = backstride_store::region_name(p.region).replace('_', " ");
        let text = format!(
            "Pain {}/10, {region}, {}{}",
            p.nrs,
            pain_when(p.when, p.activity_id),
            note(p.note.as_ref())
        );
        push(LogKind::Pain, p.id, p.at, text);
    }
    for r in &h.routines {
        let items: Vec<String> = r
            .exercises
            .iter()
            .map(|e| format!("{} x{}", e.exercise_id, e.reps))
            .collect();
        let text = format!(
            "Routine, {} round(s): {}{}",
            r.rounds,
            items.join(", "),
            note(r.note.as_ref())
        );
        push(LogKind::Routine, r.id, r.at, text);
    }
    for c in &h.cross_training {
        let text = format!("{} {} min{}", c.kind, c.minutes, note(c.note.as_ref()));
        push(LogKind::CrossTraining, c.id, c.at, text);
    }
    for b in &h.brace {
        let text = format!(
            "{}{}",
            if b.worn { "Brace worn" } else { "No brace" },
            note(b.note.as_ref())
        );
        push(LogKind::Brace, b.id, b.at, text);
    }
    for r in &h.rpe {
        let text = format!(
            "Effort {}/10 for activity {}{}",
            r.rpe,
            r.activity_id,
            note(r.note.as_ref())
        );
        push(LogKind::Rpe, r.id, r.at, text);
    }
    rows.sort_by(|a, b| b.sort.cmp(&a.sort).then(b.id.cmp(&a.id)));
    rows
}

#[derive(Template)]
#[template(path = "web/history.html")]
struct HistoryPage {
    chrome: Chrome,
    /// The runner's distance unit.
    units: &'static str,
    from: String,
    to: String,
    sport: String,
    sports: Vec<&'static str>,
    activities: Vec<ActivityRow>,
    total: usize,
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
    entries: Vec<EntryRow>,
    more_entries: usize,
    edited: Option<String>,
}

fn page_link(from: &str, to: &str, sport: &str, page: usize) -> String {
    let query = serde_urlencoded::to_string([
        ("from", from),
        ("to", to),
        ("sport", sport),
        ("page", &page.to_string()),
    ])
    .unwrap_or_default();
    format!("/history?{query}")
}

/// `GET /history`.
async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
    Query(edited): Query<crate::web::pages::entry_edit::EditedQuery>,
) -> Result<Response, WebError> {
    let (filter, from, to, page) = q.filter()?;
    let ((listing, units), history) = state
        .run(move |ctx| {
            let listing = usecase::activities(ctx.db, filter, page, PER_PAGE)?;
            let entries = usecase::entries(ctx.db, filter.range, 1, MAX_ENTRIES)?;
            let units = crate::usecase::profile::units(ctx.db)?;
            Ok(((listing, units), entries))
        })
        .await?;
    let from = from.map(|d| d.to_string()).unwrap_or_default();
    let to = to.map(|d| d.to_string()).unwrap_or_default();
    let sport = filter.sport.map(Sport::name).unwrap_or_default().to_owned();
    let all = entries(&history.entries);
    let more_entries = history.total.saturating_sub(all.len());
    render(&HistoryPage {
        chrome: Chrome::new(&state, Nav::History, "History", banner(&state).await?),
        prev: (listing.page > 1).then(|| page_link(&from, &to, &sport, listing.page - 1)),
        next: (listing.page < listing.pages)
            .then(|| page_link(&from, &to, &sport, listing.page + 1)),
        from,
        to,
        sport,
        sports: SPORTS.map(Sport::name).to_vec(),
        activities: listing
            .activities
            .iter()
            .map(|a| ActivityRow::of(a, units))
            .collect(),
        units: units.name(),
        total: listing.total,
        page: listing.page,
        pages: listing.pages,
        entries: all,
        more_entries,
        edited: edited.notice(),
    })
}

/// One lap's row.
pub struct LapRow {
    n: usize,
    start: String,
    time: String,
    km: String,
    pace: String,
}

/// A chart with its caption.
pub struct Chart {
    /// The caption.
    title: &'static str,
    /// The SVG.
    svg: String,
}

#[derive(Template)]
#[template(path = "web/activity.html")]
struct ActivityPage {
    chrome: Chrome,
    /// The runner's distance unit.
    units: &'static str,
    id: i64,
    title: String,
    row: ActivityRow,
    sport_label: String,
    sport_source: &'static str,
    moving: String,
    max_heart_rate: String,
    cadence: String,
    ascent: String,
    source_name: String,
    samples: usize,
    route: Option<String>,
    charts: Vec<Chart>,
    laps: Vec<LapRow>,
    sports: Vec<&'static str>,
}

fn not_found(id: i64) -> WebError {
    WebError::NotFound(format!(
        "There is no activity {id}: it may have been deleted. See History for what is stored."
    ))
}

fn activity_page(
    state: &AppState,
    chrome: Chrome,
    found: &StoredActivity,
    units: Units,
) -> ActivityPage {
    let s = &found.summary;
    let samples = &found.activity.samples;
    let mut charts = Vec::new();
    let mut chart = |title: &'static str, series: svg::Series, axis: Axis| {
        if let Some(svg) = svg::line(&series, &axis) {
            charts.push(Chart { title, svg });
        }
    };
    if s.sport == Sport::Cycling {
        let speed = svg::pace(samples)
            .into_iter()
            .map(|(t, p)| (t, units.from_km(3600.0 / p)))
            .collect();
        let (title, unit) = match units {
            Units::Km => ("Speed (km/h)", "km/h"),
            Units::Mi => ("Speed (mph)", "mph"),
        };
        chart(
            title,
            speed,
            Axis {
                name: "Speed",
                unit,
                inverted: false,
                format: |v| format!("{v:.1}"),
                along: Along::Time,
            },
        );
    } else {
        let (title, unit) = match units {
            Units::Km => ("Pace (min/km)", "min/km"),
            Units::Mi => ("Pace (min/mi)", "min/mi"),
        };
        chart(
            title,
            svg::pace(samples)
                .into_iter()
                .map(|(t, p)| (t, units.pace_from_s_per_km(p)))
                .collect(),
            Axis {
                name: "Pace",
                unit,
                inverted: true,
                format: svg::min_sec,
                along: Along::Time,
            },
        );
    }
    chart(
        "Heart rate (beats/min)",
        svg::heart_rate(samples),
        Axis {
            name: "Heart rate",
            unit: "beats/min",
            inverted: false,
            format: |v| format!("{v:.0}"),
            along: Along::Time,
        },
    );
    let (elevation, along) = svg::elevation_along(samples);
    chart(
        "Elevation (m)",
        elevation,
        Axis {
            name: "Elevation",
            unit: "m",
            inverted: false,
            format: |v| format!("{v:.0}"),
            along,
        },
    );
    let laps = found
        .activity
        .laps
        .iter()
        .enumerate()
        .map(|(i, l)| LapRow {
            n: i + 1,
            start: duration(l.start_offset_s),
            time: duration(l.elapsed_s),
            km: distance(units, l.distance_m),
            pace: pace_per(units, l.elapsed_s, l.distance_m),
        })
        .collect();
    let _ = state;
    ActivityPage {
        chrome,
        units: units.name(),
        id: s.id,
        title: format!("{} on {}", capitalised(s.sport.name()), local(s.start)),
        row: ActivityRow::of(s, units),
        sport_label: s.sport_label.clone(),
        sport_source: match s.sport_source.name() {
            "runner" => "set by you",
            "inferred" => "inferred from speed and cadence",
            _ => "named by the file",
        },
        moving: duration(s.moving_s),
        max_heart_rate: s.max_heart_rate.map(|v| v.to_string()).unwrap_or_default(),
        cadence: s
            .avg_cadence_spm
            .map(|v| format!("{v:.0}"))
            .unwrap_or_default(),
        ascent: s.ascent_m.map(|v| format!("{v:.0}")).unwrap_or_default(),
        source_name: s.source_name.clone(),
        samples: samples.len(),
        route: svg::route(samples),
        charts,
        laps,
        sports: SPORTS.map(Sport::name).to_vec(),
    }
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// `GET /history/activity/{id}`.
async fn activity(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    // The route and charts of every sample: drawn once per version of the
    // data (the banner on the page follows the same version).
    let html = crate::web::cache::body_for(&state, &format!("page activity {id}"), || async {
        let (found, units) = state
            .run(move |ctx| {
                let found = usecase::activity(ctx.db, id)?;
                Ok((found, crate::usecase::profile::units(ctx.db)?))
            })
            .await?;
        let found = found.ok_or_else(|| not_found(id))?;
        let chrome = Chrome::new(
            &state,
            Nav::History,
            format!("Activity {id}"),
            banner(&state).await?,
        );
        let html = activity_page(&state, chrome, &found, units)
            .render()
            .map_err(|e| WebError::Internal(anyhow::anyhow!("a page could not be drawn: {e}")))?;
        Ok::<_, WebError>(axum::body::Bytes::from(html))
    })
    .await?;
    Ok(axum::response::Html(html).into_response())
}

/// The sport form.
#[derive(Debug, Deserialize)]
pub struct SportForm {
    /// The sport's name.
    pub sport: Option<String>,
}

/// `POST /history/activity/{id}/sport`: corrects the sport, back to the
/// activity.
async fn set_sport(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<SportForm>,
) -> Result<Response, WebError> {
    let sport = sport_named(form.sport.as_deref())?
        .ok_or_else(|| WebError::BadRequest("sport: choose a sport".to_owned()))?;
    let found = state
        .run(move |ctx| crate::usecase::edit::set_sport(ctx.db, id, sport))
        .await?;
    if !found {
        return Err(not_found(id));
    }
    Ok(Redirect::to(&format!("/history/activity/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "web/history_confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    heading: String,
    question: String,
    action: String,
    button: &'static str,
    back: String,
    refused: Option<String>,
}

fn refused_page(
    chrome: Chrome,
    heading: String,
    why: String,
    back: String,
) -> Result<Response, WebError> {
    render_with(
        StatusCode::CONFLICT,
        &ConfirmPage {
            chrome,
            heading,
            question: String::new(),
            action: String::new(),
            button: "",
            back,
            refused: Some(why),
        },
    )
}

/// `GET /history/activity/{id}/delete`: the question.
async fn ask_delete_activity(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let verdict = state
        .run(move |ctx| usecase::activity_deletable(ctx.db, ctx.kb, ctx.clock, id, false))
        .await?;
    let chrome = Chrome::new(
        &state,
        Nav::History,
        "Delete an activity",
        banner(&state).await?,
    );
    let heading = format!("Delete activity {id}?");
    let back = format!("/history/activity/{id}");
    match verdict {
        Verdict::NotFound => Err(not_found(id)),
        Verdict::Refused(why) => refused_page(chrome, heading, why, back),
        Verdict::May(_) => render(&ConfirmPage {
            chrome,
            heading,
            question: "Its samples, files and effort (RPE) logs go with it; pain and brace entries that named it stay, unlinked. This cannot be undone.".to_owned(),
            action: format!("/history/activity/{id}/delete"),
            button: "Delete the activity",
            back,
            refused: None,
        }),
    }
}

/// `POST /history/activity/{id}/delete`: the answer.
async fn delete_activity(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let verdict = state
        .run(move |ctx| usecase::delete_activity(ctx.db, ctx.kb, ctx.clock, id, false))
        .await?;
    match verdict {
        Verdict::May(_) => Ok(Redirect::to("/history").into_response()),
        Verdict::NotFound => Err(not_found(id)),
        Verdict::Refused(why) => {
            let chrome = Chrome::new(&state, Nav::History, "Not deleted", banner(&state).await?);
            refused_page(
                chrome,
                format!("Activity {id} was not deleted"),
                why,
                format!("/history/activity/{id}"),
            )
        }
    }
}

fn kind_from(word: &str) -> Result<LogKind, WebError> {
    usecase::kind_of_word(word).ok_or_else(|| {
        WebError::NotFound(format!(
            "\"{word}\" is not a kind of entry (pain, routine, cross-train, brace, rpe)"
        ))
    })
}

fn no_entry(kind: LogKind, id: i64) -> WebError {
    WebError::NotFound(format!(
        "There is no {} entry {id}: it may have been deleted already.",
        kind.name()
    ))
}

/// `GET /history/entry/{kind}/{id}/delete`: the question.
async fn ask_delete_entry(
    State(state): State<AppState>,
    Path((word, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let kind = kind_from(&word)?;
    let verdict = state
        .run(move |ctx| usecase::entry_deletable(ctx.db, ctx.kb, ctx.clock, kind, id))
        .await?;
    let chrome = Chrome::new(
        &state,
        Nav::History,
        "Delete an entry",
        banner(&state).await?,
    );
    let heading = format!("Delete {} entry {id}?", kind.name());
    match verdict {
        Verdict::NotFound => Err(no_entry(kind, id)),
        Verdict::Refused(why) => refused_page(chrome, heading, why, "/history".to_owned()),
        Verdict::May(facts) => render(&ConfirmPage {
            chrome,
            heading,
            question: format!(
                "Told {}{}. This cannot be undone.",
                local(facts.logged),
                facts
                    .note
                    .map(|n| format!(", with the note \u{201c}{n}\u{201d}"))
                    .unwrap_or_default()
            ),
            action: format!("/history/entry/{word}/{id}/delete"),
            button: "Delete the entry",
            back: "/history".to_owned(),
            refused: None,
        }),
    }
}

/// `POST /history/entry/{kind}/{id}/delete`: the answer.
async fn delete_entry(
    State(state): State<AppState>,
    Path((word, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let kind = kind_from(&word)?;
    let verdict = state
        .run(move |ctx| usecase::delete_entry(ctx.db, ctx.kb, ctx.clock, kind, id))
        .await?;
    match verdict {
        Verdict::May(()) => Ok(Redirect::to("/history").into_response()),
        Verdict::NotFound => Err(no_entry(kind, id)),
        Verdict::Refused(why) => {
            let chrome = Chrome::new(&state, Nav::History, "Not deleted", banner(&state).await?);
            refused_page(
                chrome,
                format!("{} entry {id} was not deleted", capitalised(kind.name())),
                why,
                "/history".to_owned(),
            )
        }
    }
}

/// The pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/history", get(list))
        .route("/history/activity/{id}", get(activity))
        .route("/history/activity/{id}/sport", post(set_sport))
        .route(
            "/history/activity/{id}/delete",
            get(ask_delete_activity).post(delete_activity),
        )
        .route(
            "/history/entry/{kind}/{id}/delete",
            get(ask_delete_entry).post(delete_entry),
        )
}
