//! Editing a log entry from the History page (use case
//! [`crate::usecase::edit::edit_entry`]):
//!
//! - `GET /history/entry/{kind}/{id}/edit`: the entry's fields in a form,
//!   filled in (pain: region, 0-10, when, activity, time, note; routine:
//!   rounds and exercises; cross-training: what and minutes; brace: worn
//!   and run; effort: activity and 0-10);
//! - `POST /history/entry/{kind}/{id}/edit`: saves it and goes back to
//!   History, which says what was saved; or, when the change left
//!   red-flag questions due (a note that now names a warning sign, a
//!   severe score), to those questions, as logging on Today does.
//!
//! A form the rules refuse comes back filled in as sent, with the reason
//! (400); the warning a new note may name is shown on it all the same.
//! An edit that would take away a warning sign that still stands is
//! refused (409) with the way to answer it.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use backstride_store::{LogEntry, LogKind};
use chrono::{DateTime, Local, Utc};
use serde::Deserialize;

use crate::usecase::check;
use crate::usecase::edit::{
    self as uc, BracePatch, CrossTrainPatch, PainPatch, Patch, RoutinePatch, RpePatch, ToldPatch,
};
use crate::usecase::history::{Verdict, kind_of_word, kind_word};
use crate::usecase::log::{self as log_uc, Activity, Caller, ExerciseInput};
use crate::web::error::WebError;
use crate::web::page::{Chrome, Nav, banner, render, render_with};
use crate::web::state::AppState;

/// The fields of the form, as shown and as sent (text throughout, so a
/// refused form comes back as it was typed).
#[derive(Debug, Clone, Default)]
pub struct Values {
    /// Pain: region.
    pub region: String,
    /// Pain: 0-10.
    pub nrs: String,
    /// Pain: during, after, next-morning.
    pub when: String,
    /// Pain, brace, effort: the activity's id (empty: none).
    pub activity: String,
    /// Routine: rounds.
    pub rounds: String,
    /// Routine: `ID:REPS` items, separated by spaces.
    pub exercises: String,
    /// Cross-training: what.
    pub what: String,
    /// Cross-training: minutes.
    pub minutes: String,
    /// Brace: `yes` or `no`.
    pub worn: String,
    /// Effort: 0-10.
    pub value: String,
    /// Local time, `YYYY-MM-DDTHH:MM`.
    pub at: String,
    /// The note.
    pub note: String,
}

fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

impl Values {
    /// The stored entry's fields.
    pub fn of(entry: &LogEntry) -> Self {
        let id = |a: Option<i64>| a.map(|id| id.to_string()).unwrap_or_default();
        let mut v = Values::default();
        match entry {
            LogEntry::Pain(p) => {
                v.region = backstride_store::region_name(p.region).replace('_', "-");
                v.nrs = p.nrs.to_string();
                v.when = uc::when_word(p.when).to_owned();
                v.activity = id(p.activity_id);
                v.at = local(p.at);
                v.note = p.note.clone().unwrap_or_default();
            }
            LogEntry::Routine(r) => {
                v.rounds = r.rounds.to_string();
                v.exercises = r
                    .exercises
                    .iter()
                    .map(|e| format!("{}:{}", e.exercise_id, e.reps))
                    .collect::<Vec<_>>()
                    .join(" ");
                v.at = local(r.at);
                v.note = r.note.clone().unwrap_or_default();
            }
            LogEntry::CrossTraining(c) => {
                v.what = c.kind.clone();
                v.minutes = c.minutes.to_string();
                v.at = local(c.at);
                v.note = c.note.clone().unwrap_or_default();
            }
            LogEntry::Brace(b) => {
                v.worn = if b.worn { "yes" } else { "no" }.to_owned();
                v.activity = id(b.activity_id);
                v.at = local(b.at);
                v.note = b.note.clone().unwrap_or_default();
            }
            LogEntry::Rpe(r) => {
                v.activity = r.activity_id.to_string();
                v.value = r.rpe.to_string();
                v.at = local(r.at);
                v.note = r.note.clone().unwrap_or_default();
            }
        }
        v
    }

    /// The fields as sent in a urlencoded form.
    fn sent(fields: &[(String, String)]) -> Self {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_default()
        };
        Values {
            region: get("region"),
            nrs: get("nrs"),
            when: get("when"),
            activity: get("activity"),
            rounds: get("rounds"),
            exercises: get("exercises"),
            what: get("what"),
            minutes: get("minutes"),
            worn: get("worn"),
            value: get("value"),
            at: get("at"),
            note: get("note"),
        }
    }

    /// The patch these fields make for an entry of `kind` (every field of
    /// the form is sent, so each is set; an empty time keeps the stored
    /// one, an empty note removes it, an empty activity unlinks it).
    pub fn patch(&self, kind: LogKind) -> Result<Patch, String> {
        let number = |name: &str, value: &str, what: &str| -> Result<Option<i64>, String> {
            if value.is_empty() {
                return Ok(None);
            }
            value
                .parse::<i64>()
                .map(Some)
                .map_err(|_| format!("{name} {value}: {what} must be a whole number"))
        };
        let required = |name: &str, value: &str, what: &str| -> Result<i64, String> {
            number(name, value, what)?.ok_or_else(|| format!("{name}: give {what}"))
        };
        let link = number("activity", &self.activity, "the activity")?;
        let told = ToldPatch {
            at: Some(self.at.clone()).filter(|a| !a.is_empty()),
            note: Some(self.note.clone()),
        };
        Ok(match kind {
            LogKind::Pain => Patch::Pain(PainPatch {
                region: Some(self.region.clone()),
                nrs: Some(required(
                    "nrs",
                    &self.nrs,
                    "the pain from 0 (none) to 10 (worst)",
                )?),
                when: Some(self.when.clone()),
                activity: Some(link.map(Activity::Id)),
                told,
            }),
            LogKind::Routine => Patch::Routine(RoutinePatch {
                rounds: Some(required("rounds", &self.rounds, "the rounds done")?),
                exercises: Some(
                    self.exercises
                        .split(|c: char| c.is_whitespace() || c == ',')
                        .filter(|e| !e.is_empty())
                        .map(|e| ExerciseInput::parse(e).map_err(|e| e.0))
                        .collect::<Result<_, _>>()?,
                ),
                told,
            }),
            LogKind::CrossTraining => Patch::CrossTrain(CrossTrainPatch {
                kind: Some(self.what.clone()),
                minutes: Some(required("minutes", &self.minutes, "the minutes")?),
                told,
            }),
            LogKind::Brace => Patch::Brace(BracePatch {
                worn: Some(match self.worn.as_str() {
                    "yes" => true,
                    "no" => false,
                    other => return Err(format!("worn {other}: answer yes or no")),
                }),
                activity: Some(link.map(Activity::Id)),
                told,
            }),
            LogKind::Rpe => Patch::Rpe(RpePatch {
                activity: link.map(Activity::Id),
                value: Some(required(
                    "value",
                    &self.value,
                    "the effort from 0 (rest) to 10 (maximal)",
                )?),
                told,
            }),
        })
    }
}

/// A warning sign the note may name: what to do.
pub struct Warning {
    /// Whom to see and how soon.
    pub action: String,
    /// What it may point to.
    pub suggests: String,
    /// Source IDs.
    pub sources: String,
}

#[derive(Template)]
#[template(path = "web/entry_edit.html")]
struct EditPage {
    chrome: Chrome,
    /// The log's word in addresses (`pain`, `cross-train`).
    kind: &'static str,
    id: i64,
    heading: String,
    action: String,
    error: Option<String>,
    refused: Option<String>,
    warnings: Vec<Warning>,
    v: Values,
    regions: Vec<&'static str>,
    exercise_ids: String,
}

fn kind_from(word: &str) -> Result<LogKind, WebError> {
    kind_of_word(word).ok_or_else(|| {
        WebError::NotFound(format!(
            "\"{word}\" is not a kind of entry (pain, routine, cross-train, brace, rpe)"
        ))
    })
}

fn no_entry(kind: LogKind, id: i64) -> WebError {
    WebError::NotFound(format!(
        "There is no {} entry {id}: it may have been deleted. See History for what is stored.",
        kind.name()
    ))
}

/// What the History page says after an edit (`?edited=pain-3`).
#[derive(Debug, Default, Deserialize)]
pub struct EditedQuery {
    /// The log's word and the entry's id, joined by `-`.
    pub edited: Option<String>,
}

impl EditedQuery {
    /// The confirmation to show, when the query names an entry.
    pub fn notice(&self) -> Option<String> {
        let (word, id) = self.edited.as_deref()?.rsplit_once('-')?;
        let kind = kind_of_word(word)?;
        let id: i64 = id.parse().ok()?;
        Some(format!("Saved your changes to {} entry {id}.", kind.name()))
    }
}

async fn page(
    state: &AppState,
    kind: LogKind,
    id: i64,
    v: Values,
    error: Option<String>,
    refused: Option<String>,
) -> Result<EditPage, WebError> {
    // Only a form sent back shows the warning its note may name (a stored
    // note's sign, if it stands, is on the banner of every page).
    let note = v.note.clone();
    let sent_back = error.is_some() || refused.is_some();
    let warnings = state
        .run(move |ctx| {
            if !sent_back {
                return Ok(Vec::new());
            }
            Ok(log_uc::warning_signs(ctx.kb, Some(&note))
                .into_iter()
                .map(|m| Warning {
                    action: m.flag.action.clone(),
                    suggests: m.flag.suggests.clone(),
                    sources: m
                        .flag
                        .sources
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let name = kind.name();
    let heading = format!(
        "Edit {} entry {id}",
        if kind == LogKind::Rpe {
            "effort (RPE)"
        } else {
            name
        }
    );
    let chrome = Chrome::new(state, Nav::History, heading.clone(), banner(state).await?);
    let word = kind_word(kind);
    Ok(EditPage {
        chrome,
        kind: word,
        id,
        heading,
        action: format!("/history/entry/{word}/{id}/edit"),
        error,
        refused,
        warnings,
        v,
        regions: log_uc::region_names(),
        exercise_ids: state
            .kb()
            .exercises
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// `GET /history/entry/{kind}/{id}/edit`: the form, filled in.
async fn form(
    State(state): State<AppState>,
    Path((word, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let kind = kind_from(&word)?;
    let stored = state
        .run(move |ctx| uc::entry(ctx.db, kind, id))
        .await?
        .ok_or_else(|| no_entry(kind, id))?;
    render(&page(&state, kind, id, Values::of(&stored), None, None).await?)
}

/// `POST /history/entry/{kind}/{id}/edit`: saves, then History (or the
/// red-flag questions the change left due).
async fn save(
    State(state): State<AppState>,
    Path((word, id)): Path<(String, i64)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let kind = kind_from(&word)?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|e| WebError::BadRequest(format!("the form could not be read: {e}")))?;
    let sent = Values::sent(&fields);
    let patch = match sent.patch(kind) {
        Ok(p) => p,
        Err(why) => {
            let view = page(&state, kind, id, sent, Some(why), None).await?;
            return render_with(StatusCode::BAD_REQUEST, &view);
        }
    };
    let verdict = state
        .run(move |ctx| uc::edit_entry(ctx.db, ctx.kb, ctx.clock, id, &patch, Caller::Web))
        .await;
    match verdict {
        Ok(Verdict::May(_)) => {}
        Ok(Verdict::NotFound) => return Err(no_entry(kind, id)),
        Ok(Verdict::Refused(why)) => {
            let view = page(&state, kind, id, sent, None, Some(why)).await?;
            return render_with(StatusCode::CONFLICT, &view);
        }
        Err(WebError::BadRequest(why)) => {
            let view = page(&state, kind, id, sent, Some(why), None).await?;
            return render_with(StatusCode::BAD_REQUEST, &view);
        }
        Err(other) => return Err(other),
    }
    let due = state
        .run(|ctx| check::due(ctx.db, ctx.kb, ctx.clock, false))
        .await?;
    Ok(if due.items.is_empty() {
        Redirect::to(&format!("/history?edited={word}-{id}")).into_response()
    } else {
        Redirect::to("/today/red-flags").into_response()
    })
}

/// The page's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/history/entry/{kind}/{id}/edit", get(form).post(save))
}

#[cfg(test)]
#[path = "entry_edit_tests.rs"]
mod tests;
