//! The Today page: the day's session from the latest plan, or the stop
//! when a red flag stands or the questions are due (use case
//! [`crate::usecase::today`]); the routine as a guided player
//! (`assets/web/today.js`, a plain list and form without JavaScript);
//! "how is your back" after a run; and the red-flag questions a note or
//! severe pain raises (`/today/red-flags`, use case
//! [`crate::usecase::check`]), ending in a full-page stop when confirmed.
//! Entries are saved by [`crate::usecase::log`], as `backstride log` saves
//! them.

use backstride_core::profile::Units;
use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use backstride_store::CheckSource;
use serde::Deserialize;

use crate::safety::ask;
use crate::usecase::check;
use crate::usecase::log::{self as uc, Activity, Caller, ExerciseInput, Request, Told};
use crate::usecase::today::{self, ActivityBrief, NoPlan, Session, Show, Step, StopGroup};
use crate::web::error::WebError;
use crate::web::page::{Chrome, Nav, banner, render};
use crate::web::state::AppState;

/// What stands, as the page draws it.
struct StopView {
    /// The flags, those with one action together.
    groups: Vec<StopGroup>,
    /// Why the questions are due again.
    check_due: Vec<String>,
    /// Whether `/today/red-flags` has questions that could clear it.
    can_answer: bool,
}

/// One exercise of the routine as the page draws it.
struct StepView {
    step: Step,
    /// The SVG stick figure, when there is one.
    figure: Option<String>,
    /// The reps one round counts for the log (both sides).
    reps_per_round: u16,
}

/// Today's session in words.
struct SessionView {
    /// "Run: 5.0 km, easy" and the like.
    heading: String,
    /// Further lines.
    lines: Vec<String>,
    /// Evidence level, verdict and sources (none on a rest day).
    evidence: Option<today::Evidence>,
}

/// The latest activity in words, for the effort question.
struct ActivityView {
    id: i64,
    label: String,
}

#[derive(Template)]
#[template(path = "web/today.html")]
struct TodayPage {
    chrome: Chrome,
    date: String,
    saved: Option<&'static str>,
    stop: Option<StopView>,
    no_plan: Option<String>,
    session: Option<SessionView>,
    week: u16,
    plan_range: String,
    routine_name: String,
    routine_when: String,
    routine_optional: bool,
    steps: Vec<StepView>,
    max_rounds: u8,
    regions: Vec<&'static str>,
    latest: Option<ActivityView>,
}

#[derive(Template)]
#[template(path = "web/today_red_flags.html")]
struct RedFlagsPage {
    chrome: Chrome,
    items: Vec<ask::Item>,
}

#[derive(Template)]
#[template(path = "web/today_stop.html")]
struct StopPage {
    chrome: Chrome,
    emergencies: Vec<String>,
    groups: Vec<StopGroup>,
    check_due: Vec<String>,
}

/// `GET /today` query: what was just saved.
#[derive(Debug, Deserialize)]
struct TodayQuery {
    saved: Option<String>,
}

fn saved_message(what: Option<&str>) -> Option<&'static str> {
    Some(match what? {
        "routine" => "Routine saved.",
        "pain" => "Saved: how your back is.",
        "check" => "Your answers are saved. Nothing stands now.",
        _ => return None,
    })
}

fn no_plan_text(why: &NoPlan) -> String {
    match why {
        NoPlan::None => "No plan yet: do the check-in, and Backstride makes one.".to_owned(),
        NoPlan::HeldBack(instruction) => {
            format!("Your latest plan was held back: {instruction}")
        }
        NoPlan::NotYet(start) => format!(
            "Your plan starts on {}. Until then, easy movement as you like.",
            start.format("%A %-d %B")
        ),
        NoPlan::Ended(end) => format!(
            "Your plan ended on {}: do the check-in for a new one.",
            end.format("%A %-d %B")
        ),
    }
}

fn session_view(session: &Session, units: Units) -> SessionView {
    match session {
        Session::Run {
            kind,
            intensity,
            distance_km,
            est_minutes,
            brace,
            evidence,
        } => {
            let mut lines = vec![format!("Intensity: {intensity}.")];
            if let Some(m) = est_minutes {
                lines.push(format!("About {m} minutes at your easy pace."));
            }
            if *brace {
                lines.push("Wear your brace as your plan says.".to_owned());
            }
            SessionView {
                heading: format!(
                    "Run: {:.1} {}, {kind}",
                    units.from_km(*distance_km),
                    units.name()
                ),
                lines,
                evidence: Some(evidence.clone()),
            }
        }
        Session::CrossTrain {
            activity,
            minutes,
            alternatives,
            evidence,
        } => SessionView {
            heading: format!("Cross-training: {activity}, {minutes} minutes easy"),
            lines: if alternatives.is_empty() {
                vec![]
            } else {
                vec![format!(
                    "Without it, instead: {}, for the same time.",
                    alternatives.join(", ")
                )]
            },
            evidence: Some(evidence.clone()),
        },
        Session::Rest => SessionView {
            heading: "Rest day".to_owned(),
            lines: vec!["No run and no cross-training today.".to_owned()],
            evidence: None,
        },
    }
}

fn activity_view(a: &ActivityBrief, units: Units) -> ActivityView {
    let mut label = format!("your latest activity (entry {})", a.id);
    if let Some(start) = a.start {
        label = format!(
            "your latest activity: {}{} on {}",
            if a.sport.is_empty() {
                "activity".to_owned()
            } else {
                a.sport.clone()
            },
            a.distance_km
                .map(|km| format!(", {:.1} {}", units.from_km(km), units.name()))
                .unwrap_or_default(),
            start.format("%Y-%m-%d")
        );
    }
    ActivityView { id: a.id, label }
}

/// `GET /today`.
async fn page(
    State(state): State<AppState>,
    Query(q): Query<TodayQuery>,
) -> Result<Response, WebError> {
    let chrome = Chrome::new(&state, Nav::Today, "Today", banner(&state).await?);
    let t = state
        .run(|ctx| today::today(ctx.db, ctx.kb, ctx.clock))
        .await?;
    let mut view = TodayPage {
        chrome,
        date: t.date.format("%A %-d %B %Y").to_string(),
        saved: saved_message(q.saved.as_deref()),
        stop: None,
        no_plan: None,
        session: None,
        week: 0,
        plan_range: String::new(),
        routine_name: String::new(),
        routine_when: String::new(),
        routine_optional: false,
        steps: vec![],
        max_rounds: 1,
        regions: uc::region_names(),
        latest: t
            .latest_activity
            .as_ref()
            .map(|a| activity_view(a, t.units)),
    };
    match t.show {
        Show::Stop(stop) => {
            // The stop card below says all the banner would, in more detail.
            view.chrome.banner.clear();
            view.stop = Some(StopView {
                groups: today::grouped(&stop.flags),
                check_due: stop.check_due,
                can_answer: !stop.to_ask.is_empty(),
            });
        }
        Show::NoPlan(why) => view.no_plan = Some(no_plan_text(&why)),
        Show::Day(day) => {
            view.session = Some(session_view(&day.session, t.units));
            view.week = day.week;
            view.plan_range = format!(
                "{} to {}",
                day.plan_start.format("%-d %b"),
                day.plan_end.format("%-d %b %Y")
            );
            view.routine_name = day.routine.name;
            view.routine_when = day.routine.when;
            view.routine_optional = day.routine.optional;
            view.max_rounds = day.routine.steps.iter().map(|s| s.sets).max().unwrap_or(1);
            view.steps = day
                .routine
                .steps
                .into_iter()
                .map(|step| StepView {
                    figure: crate::report::figures::svg(&step.exercise_id, &step.name),
                    reps_per_round: step.reps_per_round(),
                    step,
                })
                .collect();
        }
    }
    render(&view)
}

/// A urlencoded form's fields, in order (a body that is not one is the
/// runner's 400).
fn fields(body: &Bytes) -> Result<Vec<(String, String)>, WebError> {
    serde_urlencoded::from_bytes(body)
        .map_err(|e| WebError::BadRequest(format!("the form could not be read: {e}")))
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn number(fields: &[(String, String)], name: &str, what: &str) -> Result<Option<i64>, WebError> {
    field(fields, name)
        .map(|v| {
            v.parse::<i64>().map_err(|_| {
                WebError::BadRequest(format!("{name} {v}: {what} must be a whole number"))
            })
        })
        .transpose()
}

/// Where to go after an entry is saved: the red-flag questions when any
/// are due (a note that may name a warning sign, severe pain), else Today.
async fn after_entry(state: &AppState, saved: &str) -> Result<Response, WebError> {
    let due = state
        .run(|ctx| check::due(ctx.db, ctx.kb, ctx.clock, false))
        .await?;
    Ok(if due.items.is_empty() {
        Redirect::to(&format!("/today?saved={saved}")).into_response()
    } else {
        Redirect::to("/today/red-flags").into_response()
    })
}

/// `POST /today/routine`: the routine done (ticked exercises with their
/// reps per round, rounds, time and note).
async fn log_routine(State(state): State<AppState>, body: Bytes) -> Result<Response, WebError> {
    let f = fields(&body)?;
    let done: Vec<&str> = f
        .iter()
        .filter(|(k, _)| k == "done")
        .map(|(_, v)| v.trim())
        .collect();
    if done.is_empty() {
        return Err(WebError::BadRequest(
            "No exercise is ticked as done: tick each exercise you did, then save.".to_owned(),
        ));
    }
    let exercises = done
        .iter()
        .map(|id| {
            let reps = field(&f, &format!("reps.{id}")).unwrap_or("").to_owned();
            ExerciseInput {
                text: format!("{id}:{reps}"),
                id: (*id).to_owned(),
                reps,
            }
        })
        .collect();
    let request = Request::Routine {
        rounds: number(&f, "rounds", "rounds")?.unwrap_or(1),
        exercises,
        told: Told {
            at: field(&f, "at").map(str::to_owned),
            note: field(&f, "note").map(str::to_owned),
        },
    };
    state
        .run(move |ctx| uc::log(ctx.db, ctx.kb, &request, ctx.clock, Caller::Web))
        .await?;
    after_entry(&state, "routine").await
}

/// `POST /today/pain`: how the back is (region, 0-10, when, note) and,
/// when an activity is named, the effort of it (RPE 0-10).
async fn log_pain(State(state): State<AppState>, body: Bytes) -> Result<Response, WebError> {
    let f = fields(&body)?;
    let activity = number(&f, "activity", "the activity")?.map(Activity::Id);
    let pain = Request::Pain {
        region: field(&f, "region").unwrap_or("").to_owned(),
        nrs: number(&f, "nrs", "the pain score")?.ok_or_else(|| {
            WebError::BadRequest("nrs: give the pain from 0 (none) to 10 (worst).".to_owned())
        })?,
        when: field(&f, "when").unwrap_or("").to_owned(),
        activity,
        told: Told {
            at: field(&f, "at").map(str::to_owned),
            note: field(&f, "note").map(str::to_owned),
        },
    };
    let effort = match number(&f, "rpe", "the effort")? {
        None => None,
        Some(value) => Some(Request::Rpe {
            activity: activity.ok_or_else(|| {
                WebError::BadRequest(
                    "rpe: an effort belongs to an activity; choose the activity, or leave the effort empty."
                        .to_owned(),
                )
            })?,
            value,
            told: Told {
                at: field(&f, "at").map(str::to_owned),
                note: None,
            },
        }),
    };
    state
        .run(move |ctx| {
            // Both checked before either is stored.
            uc::check(ctx.kb, &pain, ctx.clock, None, Caller::Web)?;
            if let Some(e) = &effort {
                uc::check(ctx.kb, e, ctx.clock, None, Caller::Web)?;
            }
            uc::log(ctx.db, ctx.kb, &pain, ctx.clock, Caller::Web)?;
            if let Some(e) = &effort {
                uc::log(ctx.db, ctx.kb, e, ctx.clock, Caller::Web)?;
            }
            Ok(())
        })
        .await?;
    after_entry(&state, "pain").await
}

/// `GET /today/red-flags`: the questions that would clear what stands.
async fn red_flags(State(state): State<AppState>) -> Result<Response, WebError> {
    let chrome = Chrome::new(
        &state,
        Nav::Today,
        "Red-flag questions",
        banner(&state).await?,
    );
    let due = state
        .run(|ctx| check::due(ctx.db, ctx.kb, ctx.clock, false))
        .await?;
    render(&RedFlagsPage {
        chrome,
        items: due.items,
    })
}

/// `POST /today/red-flags`: the answers (`ID=yes|no`); a "yes" that
/// stands ends in the full-page stop.
async fn answer_red_flags(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = fields(&body)?;
    let mut answers = BTreeMap::new();
    for (k, v) in f.iter().filter(|(k, _)| k != "_csrf") {
        let yes = match v.trim() {
            "yes" => true,
            "no" => false,
            other => {
                return Err(WebError::BadRequest(format!(
                    "{k} {other}: answer yes or no"
                )));
            }
        };
        answers.insert(k.clone(), yes);
    }
    let answered = state
        .run(move |ctx| {
            let due = check::due(ctx.db, ctx.kb, ctx.clock, false)?;
            check::answer(
                ctx.db,
                ctx.kb,
                &answers,
                &due.items,
                CheckSource::Check,
                ctx.clock,
            )
        })
        .await?;
    if !answered.standing.stops() {
        return Ok(Redirect::to("/today?saved=check").into_response());
    }
    let stop = state
        .run(move |ctx| Ok(today::stop_of(ctx.kb, &answered.standing)))
        .await?;
    let chrome = Chrome::new(&state, Nav::Today, "Stop", banner(&state).await?);
    let mut emergencies = answered.emergencies;
    emergencies.sort();
    emergencies.dedup();
    render(&StopPage {
        chrome,
        emergencies,
        groups: today::grouped(&stop.flags),
        check_due: stop.check_due,
    })
}

/// The page's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/today", get(page))
        .route("/today/routine", axum::routing::post(log_routine))
        .route("/today/pain", axum::routing::post(log_pain))
        .route("/today/red-flags", get(red_flags).post(answer_red_flags))
}

#[cfg(test)]
#[path = "today_tests.rs"]
mod tests;
