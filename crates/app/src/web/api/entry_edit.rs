//! `PATCH /api/v1/entries/{kind}/{id}`: correcting a log entry's fields,
//! the use case of the History page's edit form and `backstride edit
//! pain|routine|...` ([`crate::usecase::edit::edit_entry`]). Fields left
//! out keep their value; a field that does not belong to the entry's
//! kind is refused (400). Red flags as in logging: a note that now names
//! a warning sign is answered with what to do and the questions due; an
//! edit that would take away a warning sign that still stands is refused
//! (409).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use backstride_store::{
    BraceEntry, CrossTrainingEntry, History, LogEntry, LogKind, PainEntry, RoutineEntry, RpeEntry,
};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::usecase::check;
use crate::usecase::edit::{
    self as uc, BracePatch, CrossTrainPatch, PainPatch, Patch, RoutinePatch, RpePatch, ToldPatch,
};
use crate::usecase::history::{Verdict, kind_of_word};
use crate::usecase::log::{self as log_uc, Activity, Caller, ExerciseInput};
use crate::web::error::{ApiError, ApiErrorBody, WebError};
use crate::web::pages::history::entries;
use crate::web::state::AppState;

/// A field given as `null` is `Some(None)`; a field left out is `None`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// One exercise as done.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExercisePatchDto {
    /// The knowledge-base exercise ID.
    pub exercise_id: String,
    /// Reps per round (1-500).
    pub reps: i64,
}

/// The fields to change; each is optional, and only those of the
/// entry's kind may be given.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryPatchDto {
    /// Pain: `lower-back`, `upper-back`, `neck` or `other`.
    pub region: Option<String>,
    /// Pain: 0 (none) to 10 (worst imaginable).
    pub nrs: Option<i64>,
    /// Pain: `during`, `after` or `next-morning`.
    pub when: Option<String>,
    /// Pain, brace, effort: the activity (pain and brace: `null` unlinks it).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub activity_id: Option<Option<i64>>,
    /// Routine: rounds (1-20).
    pub rounds: Option<i64>,
    /// Routine: every exercise done, in order (replacing the stored list).
    pub exercises: Option<Vec<ExercisePatchDto>>,
    /// Cross-training: what (cycling, swimming, ...).
    pub kind: Option<String>,
    /// Cross-training: minutes (1-1440).
    pub minutes: Option<i64>,
    /// Brace: worn or not.
    pub worn: Option<bool>,
    /// Effort: 0 (rest) to 10 (maximal), Foster's CR-10 scale.
    pub value: Option<i64>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, local time.
    pub at: Option<String>,
    /// A new note (empty: the note is removed; read for warning signs).
    pub note: Option<String>,
}

impl EntryPatchDto {
    /// The fields given, by name.
    fn given(&self) -> Vec<&'static str> {
        [
            ("region", self.region.is_some()),
            ("nrs", self.nrs.is_some()),
            ("when", self.when.is_some()),
            ("activity_id", self.activity_id.is_some()),
            ("rounds", self.rounds.is_some()),
            ("exercises", self.exercises.is_some()),
            ("kind", self.kind.is_some()),
            ("minutes", self.minutes.is_some()),
            ("worn", self.worn.is_some()),
            ("value", self.value.is_some()),
            ("at", self.at.is_some()),
            ("note", self.note.is_some()),
        ]
        .into_iter()
        .filter(|(_, given)| *given)
        .map(|(name, _)| name)
        .collect()
    }

    /// The use case's patch for an entry of `kind`, or which field does
    /// not belong to it.
    fn patch(self, kind: LogKind) -> Result<Patch, WebError> {
        let allowed: &[&str] = match kind {
            LogKind::Pain => &["region", "nrs", "when", "activity_id"],
            LogKind::Routine => &["rounds", "exercises"],
            LogKind::CrossTraining => &["kind", "minutes"],
            LogKind::Brace => &["worn", "activity_id"],
            LogKind::Rpe => &["activity_id", "value"],
        };
        if let Some(wrong) = self
            .given()
            .into_iter()
            .find(|f| !allowed.contains(f) && *f != "at" && *f != "note")
        {
            return Err(WebError::BadRequest(format!(
                "{wrong}: a {} entry has no such field (it has {}, at and note)",
                kind.name(),
                allowed.join(", ")
            )));
        }
        let told = ToldPatch {
            at: self.at,
            note: self.note,
        };
        let link = self.activity_id.map(|a| a.map(Activity::Id));
        Ok(match kind {
            LogKind::Pain => Patch::Pain(PainPatch {
                region: self.region,
                nrs: self.nrs,
                when: self.when,
                activity: link,
                told,
            }),
            LogKind::Routine => Patch::Routine(RoutinePatch {
                rounds: self.rounds,
                exercises: self.exercises.map(|list| {
                    list.into_iter()
                        .map(|e| ExerciseInput {
                            text: format!("{}:{}", e.exercise_id, e.reps),
                            id: e.exercise_id,
                            reps: e.reps.to_string(),
                        })
                        .collect()
                }),
                told,
            }),
            LogKind::CrossTraining => Patch::CrossTrain(CrossTrainPatch {
                kind: self.kind,
                minutes: self.minutes,
                told,
            }),
            LogKind::Brace => Patch::Brace(BracePatch {
                worn: self.worn,
                activity: link,
                told,
            }),
            LogKind::Rpe => Patch::Rpe(RpePatch {
                activity: match link {
                    Some(Some(a)) => Some(a),
                    Some(None) => {
                        return Err(WebError::BadRequest(
                            "activity_id: an effort belongs to an activity; it cannot be unlinked"
                                .to_owned(),
                        ));
                    }
                    None => None,
                },
                value: self.value,
                told,
            }),
        })
    }
}

/// One field that changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeDto {
    /// The field (`nrs`, `when`, `note`, ...).
    pub field: String,
    /// Its value before, in words.
    pub before: String,
    /// Its value now, in words.
    pub after: String,
}

/// The entry after the edit and what stands now.
#[derive(Debug, Serialize, ToSchema)]
pub struct EditedDto {
    /// `pain`, `routine`, `cross-train`, `brace` or `rpe`.
    pub kind: String,
    /// Its id.
    pub id: i64,
    /// When (local time, as History shows it).
    pub at: String,
    /// The entry in words, as History shows it.
    pub text: String,
    /// The fields that changed (empty: nothing changed, nothing written).
    pub changes: Vec<ChangeDto>,
    /// Warning signs the new note may name (flag IDs), most urgent first.
    pub warning_signs: Vec<String>,
    /// What to do about each of them, in the same order.
    pub warning_actions: Vec<String>,
    /// Whether every plan is stopped now.
    pub stops: bool,
    /// The red-flag questions due now (`/api/v1/red-flag-check`).
    pub to_ask: Vec<String>,
}

/// The entry's History line (when and what).
fn line(entry: LogEntry) -> (String, String) {
    let mut h = History {
        activities: Vec::new(),
        pain: Vec::<PainEntry>::new(),
        routines: Vec::<RoutineEntry>::new(),
        cross_training: Vec::<CrossTrainingEntry>::new(),
        brace: Vec::<BraceEntry>::new(),
        rpe: Vec::<RpeEntry>::new(),
        form: Vec::new(),
    };
    match entry {
        LogEntry::Pain(p) => h.pain.push(p),
        LogEntry::Routine(r) => h.routines.push(r),
        LogEntry::CrossTraining(c) => h.cross_training.push(c),
        LogEntry::Brace(b) => h.brace.push(b),
        LogEntry::Rpe(r) => h.rpe.push(r),
    }
    entries(&h)
        .into_iter()
        .next()
        .map(|e| (e.at, e.text))
        .unwrap_or_default()
}

/// Corrects a log entry's fields (never one a standing warning sign
/// rests on in a way the change would take away).
#[utoipa::path(patch, path = "/api/v1/entries/{kind}/{id}", tag = "history",
    params(
        ("kind" = String, Path, description = "pain, routine, cross-train, brace or rpe"),
        ("id" = i64, Path, description = "The entry's id"),
    ),
    request_body = EntryPatchDto,
    responses(
        (status = 200, description = "Changed (or nothing to change); what stands now", body = EditedDto),
        (status = 400, description = "Not an id, a body that is not one, a field of another kind, or a value the rules refuse (nothing changed)", body = ApiErrorBody),
        (status = 403, description = "Without this run's CSRF token", body = ApiErrorBody),
        (status = 404, description = "No such kind or entry", body = ApiErrorBody),
        (status = 409, description = "A standing warning sign rests on what the change would take away", body = ApiErrorBody),
    ))]
async fn edit_entry(
    State(state): State<AppState>,
    Path((word, raw)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Json<EditedDto>, ApiError> {
    let kind = kind_of_word(&word).ok_or_else(|| {
        ApiError(WebError::NotFound(format!(
            "\"{word}\" is not a kind of entry (pain, routine, cross-train, brace, rpe)"
        )))
    })?;
    let id = raw.trim().parse::<i64>().map_err(|_| {
        ApiError(WebError::BadRequest(format!(
            "\"{raw}\" is not an entry id (a whole number)"
        )))
    })?;
    let body: EntryPatchDto = serde_json::from_slice(&bytes)
        .map_err(|e| WebError::BadRequest(format!("the body is not valid: {e}")))?;
    let patch = body.patch(kind)?;
    let dto = state
        .run(move |ctx| {
            let edited = match uc::edit_entry(ctx.db, ctx.kb, ctx.clock, id, &patch, Caller::Web)? {
                Verdict::May(edited) => edited,
                Verdict::NotFound => {
                    return Ok(Err(WebError::NotFound(format!(
                        "no {} entry {id} is stored",
                        kind.name()
                    ))));
                }
                Verdict::Refused(why) => return Ok(Err(WebError::Conflict(why))),
            };
            let actions = edited
                .warning_signs
                .iter()
                .map(|sign| {
                    log_uc::warning_signs(ctx.kb, patch.note())
                        .into_iter()
                        .find(|m| &m.flag.id == sign)
                        .map(|m| m.flag.action.clone())
                        .unwrap_or_default()
                })
                .collect();
            let due = check::due(ctx.db, ctx.kb, ctx.clock, false)?;
            let (at, text) = line(edited.entry);
            Ok(Ok(EditedDto {
                kind: word,
                id,
                at,
                text,
                changes: edited
                    .changes
                    .into_iter()
                    .map(|c| ChangeDto {
                        field: c.field.to_owned(),
                        before: c.before,
                        after: c.after,
                    })
                    .collect(),
                warning_signs: edited.warning_signs,
                warning_actions: actions,
                stops: due.standing.stops(),
                to_ask: due.items.into_iter().map(|i| i.id).collect(),
            }))
        })
        .await??;
    Ok(Json(dto))
}

/// The route.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(edit_entry))
}
