//! Use case "edit": corrections to what is stored, for `backstride edit`,
//! the History and activity pages and the API.
//!
//! - An activity's sport ([`set_sport`]), for a file that named none (a
//!   sport inferred from speed and cadence may be wrong) or named it
//!   wrongly. The runner's word is kept: a copy of the same activity
//!   imported later does not change it.
//! - A log entry's fields ([`edit_entry`]): a patch per kind ([`Patch`]),
//!   each field optional. The entry as it will be is checked by the log
//!   use case ([`crate::usecase::log::check`]: every rule and message of
//!   logging a new entry), then stored in one transaction.
//!
//! Red flags win here too. An entry whose note or pain score changes is
//! *told again* now, so the red-flag rule reads it as it reads a new
//! entry: a note that now names a warning sign raises it (and the caller
//! shows it and asks its questions as logging does). And the rule of
//! deleting holds for editing: a warning sign that still stands is never
//! cleared by editing away the note or the severe score that raised it
//! ([`Verdict::Refused`]) until the red-flag questions are answered.

use anyhow::Result;
use backstride_core::activity::Sport;
use backstride_core::assessment::notes::flags_in_note;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::safety::SEVERE_PAIN;
use backstride_core::safety::pain::SEVERE_NRS;
use backstride_store::{
    BraceEntry, CrossTrainingEntry, LogEntry, LogKind, PainEntry, PainWhen, RoutineEntry, RpeEntry,
};
use chrono::{DateTime, Utc};

use crate::answers_file::vocab;
use crate::commands::{Clock, UserError};
use crate::storage::Opened;
use crate::usecase::history::{self, Verdict};
use crate::usecase::log::{self, Activity, Caller, Entry, ExerciseInput, Request, Told};

/// Sets activity `id`'s sport (as the runner's word); `false` when no such
/// activity is stored.
pub fn set_sport(db: &Opened, id: i64, sport: Sport) -> Result<bool> {
    Ok(db.run(db.store.set_sport(id, sport))?)
}

/// When and what was noted, as changed: `None` keeps what is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToldPatch {
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, local time (as logging reads it).
    pub at: Option<String>,
    /// The new note; an empty one removes the note.
    pub note: Option<String>,
}

/// A pain entry's fields to change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PainPatch {
    /// `lower-back`, `upper-back`, `neck` or `other`.
    pub region: Option<String>,
    /// 0-10.
    pub nrs: Option<i64>,
    /// `during`, `after` or `next-morning`.
    pub when: Option<String>,
    /// The run it follows: `Some(None)` unlinks it.
    pub activity: Option<Option<Activity>>,
    /// Time and note.
    pub told: ToldPatch,
}

/// A routine entry's fields to change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutinePatch {
    /// Rounds (1-20).
    pub rounds: Option<i64>,
    /// The exercises done, all of them, in order (replacing the stored ones).
    pub exercises: Option<Vec<ExerciseInput>>,
    /// Time and note.
    pub told: ToldPatch,
}

/// A cross-training entry's fields to change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrossTrainPatch {
    /// What (cycling, swimming, ...).
    pub kind: Option<String>,
    /// Minutes (1-1440).
    pub minutes: Option<i64>,
    /// Time and note.
    pub told: ToldPatch,
}

/// A brace entry's fields to change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BracePatch {
    /// Worn or not.
    pub worn: Option<bool>,
    /// The run: `Some(None)` unlinks it.
    pub activity: Option<Option<Activity>>,
    /// Time and note.
    pub told: ToldPatch,
}

/// An effort (RPE) entry's fields to change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RpePatch {
    /// The activity rated.
    pub activity: Option<Activity>,
    /// 0-10, Foster's CR-10 scale.
    pub value: Option<i64>,
    /// Time and note.
    pub told: ToldPatch,
}

/// What to change in one entry, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Patch {
    /// A pain entry.
    Pain(PainPatch),
    /// A routine entry.
    Routine(RoutinePatch),
    /// A cross-training entry.
    CrossTrain(CrossTrainPatch),
    /// A brace entry.
    Brace(BracePatch),
    /// An effort entry.
    Rpe(RpePatch),
}

impl Patch {
    /// The log it changes.
    pub fn kind(&self) -> LogKind {
        match self {
            Patch::Pain(_) => LogKind::Pain,
            Patch::Routine(_) => LogKind::Routine,
            Patch::CrossTrain(_) => LogKind::CrossTraining,
            Patch::Brace(_) => LogKind::Brace,
            Patch::Rpe(_) => LogKind::Rpe,
        }
    }

    fn told(&self) -> &ToldPatch {
        match self {
            Patch::Pain(p) => &p.told,
            Patch::Routine(p) => &p.told,
            Patch::CrossTrain(p) => &p.told,
            Patch::Brace(p) => &p.told,
            Patch::Rpe(p) => &p.told,
        }
    }

    /// Whether it names no field at all.
    pub fn is_empty(&self) -> bool {
        let told = self.told();
        if told.at.is_some() || told.note.is_some() {
            return false;
        }
        match self {
            Patch::Pain(p) => {
                p.region.is_none() && p.nrs.is_none() && p.when.is_none() && p.activity.is_none()
            }
            Patch::Routine(p) => p.rounds.is_none() && p.exercises.is_none(),
            Patch::CrossTrain(p) => p.kind.is_none() && p.minutes.is_none(),
            Patch::Brace(p) => p.worn.is_none() && p.activity.is_none(),
            Patch::Rpe(p) => p.activity.is_none() && p.value.is_none(),
        }
    }

    /// The new note it gives, if any (empty: the note is removed), for
    /// reading warning signs before anything else can fail.
    pub fn note(&self) -> Option<&str> {
        self.told().note.as_deref()
    }
}

/// One field that changed, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field, as the command line and the form name it (`nrs`, `when`).
    pub field: &'static str,
    /// What it was.
    pub before: String,
    /// What it is now.
    pub after: String,
}

/// An entry after an edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    /// The log.
    pub kind: LogKind,
    /// Its id.
    pub id: i64,
    /// The fields that changed, in the entry's field order (empty: the
    /// patch changed nothing and nothing was written).
    pub changes: Vec<Change>,
    /// The entry as stored now.
    pub entry: LogEntry,
    /// The warning signs (red-flag IDs) its new note may name, most urgent
    /// first; empty when the note did not change or names none.
    pub warning_signs: Vec<String>,
}

/// A log's field values in words, for showing what changed.
fn fields(entry: &LogEntry, clock: &Clock) -> Vec<(&'static str, String)> {
    let at = |at: DateTime<Utc>| {
        at.with_timezone(&clock.zone)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    let note = |n: &Option<String>| {
        n.as_ref()
            .map_or_else(|| "(none)".to_owned(), |n| format!("\u{201c}{n}\u{201d}"))
    };
    let linked = |a: Option<i64>| a.map_or_else(|| "(none)".to_owned(), |id| id.to_string());
    match entry {
        LogEntry::Pain(p) => vec![
            ("region", vocab::name_of(vocab::REGION, p.region).to_owned()),
            ("nrs", p.nrs.to_string()),
            ("when", when_word(p.when).to_owned()),
            ("activity", linked(p.activity_id)),
            ("at", at(p.at)),
            ("note", note(&p.note)),
        ],
        LogEntry::Routine(r) => vec![
            ("rounds", r.rounds.to_string()),
            (
                "exercises",
                r.exercises
                    .iter()
                    .map(|e| format!("{}:{}", e.exercise_id, e.reps))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            ("at", at(r.at)),
            ("note", note(&r.note)),
        ],
        LogEntry::CrossTraining(c) => vec![
            ("kind", c.kind.clone()),
            ("minutes", c.minutes.to_string()),
            ("at", at(c.at)),
            ("note", note(&c.note)),
        ],
        LogEntry::Brace(b) => vec![
            ("worn", if b.worn { "yes" } else { "no" }.to_owned()),
            ("activity", linked(b.activity_id)),
            ("at", at(b.at)),
            ("note", note(&b.note)),
        ],
        LogEntry::Rpe(r) => vec![
            ("activity", r.activity_id.to_string()),
            ("value", r.rpe.to_string()),
            ("at", at(r.at)),
            ("note", note(&r.note)),
        ],
    }
}

/// The word of a pain timing as the command line and the form write it.
pub fn when_word(when: PainWhen) -> &'static str {
    match when {
        PainWhen::During => "during",
        PainWhen::After => "after",
        PainWhen::NextMorning => "next-morning",
    }
}

fn changes(before: &LogEntry, after: &LogEntry, clock: &Clock) -> Vec<Change> {
    fields(before, clock)
        .into_iter()
        .zip(fields(after, clock))
        .filter(|((_, b), (_, a))| a != b)
        .map(|((field, before), (_, after))| Change {
            field,
            before,
            after,
        })
        .collect()
}

/// The stored note of an entry.
fn note_of(entry: &LogEntry) -> Option<&str> {
    match entry {
        LogEntry::Pain(p) => p.note.as_deref(),
        LogEntry::Routine(r) => r.note.as_deref(),
        LogEntry::CrossTraining(c) => c.note.as_deref(),
        LogEntry::Brace(b) => b.note.as_deref(),
        LogEntry::Rpe(r) => r.note.as_deref(),
    }
}

fn pain_score(entry: &LogEntry) -> Option<u8> {
    match entry {
        LogEntry::Pain(p) => Some(p.nrs),
        _ => None,
    }
}

/// The time as the runner wrote it, or the stored one.
fn told(patch: &ToldPatch, note: Option<&String>) -> Told {
    Told {
        at: patch.at.clone(),
        note: patch.note.clone().or_else(|| note.cloned()),
    }
}

fn keep(named: Option<i64>) -> Option<Activity> {
    named.map(Activity::Id)
}

/// The entry as it will be, as a log request: the patch over what is
/// stored (a stored time is put back after checking: see [`edit_entry`]).
fn request(stored: &LogEntry, patch: &Patch) -> Result<Request, UserError> {
    let mismatch = || UserError("the entry is not of the kind the patch changes".to_owned());
    Ok(match (stored, patch) {
        (LogEntry::Pain(p), Patch::Pain(c)) => Request::Pain {
            region: c
                .region
                .clone()
                .unwrap_or_else(|| vocab::name_of(vocab::REGION, p.region).to_owned()),
            nrs: c.nrs.unwrap_or(i64::from(p.nrs)),
            when: c
                .when
                .clone()
                .unwrap_or_else(|| when_word(p.when).to_owned()),
            activity: c.activity.unwrap_or_else(|| keep(p.activity_id)),
            told: told(&c.told, p.note.as_ref()),
        },
        (LogEntry::Routine(r), Patch::Routine(c)) => Request::Routine {
            rounds: c.rounds.unwrap_or(i64::from(r.rounds)),
            exercises: c.exercises.clone().unwrap_or_else(|| {
                r.exercises
                    .iter()
                    .map(|e| ExerciseInput {
                        text: format!("{}:{}", e.exercise_id, e.reps),
                        id: e.exercise_id.clone(),
                        reps: e.reps.to_string(),
                    })
                    .collect()
            }),
            told: told(&c.told, r.note.as_ref()),
        },
        (LogEntry::CrossTraining(x), Patch::CrossTrain(c)) => Request::CrossTrain {
            kind: c.kind.clone().unwrap_or_else(|| x.kind.clone()),
            minutes: c.minutes.unwrap_or(i64::from(x.minutes)),
            told: told(&c.told, x.note.as_ref()),
        },
        (LogEntry::Brace(b), Patch::Brace(c)) => Request::Brace {
            worn: c.worn.unwrap_or(b.worn),
            activity: c.activity.unwrap_or_else(|| keep(b.activity_id)),
            told: told(&c.told, b.note.as_ref()),
        },
        (LogEntry::Rpe(r), Patch::Rpe(c)) => Request::Rpe {
            activity: c.activity.unwrap_or(Activity::Id(r.activity_id)),
            value: c.value.unwrap_or(i64::from(r.rpe)),
            told: told(&c.told, r.note.as_ref()),
        },
        _ => return Err(mismatch()),
    })
}

/// The checked entry with its time and told moment settled: the stored
/// time unless a new one was given (a new one within the same minute as
/// the stored one keeps the stored one, as a form sends it back), and
/// the moment told: now when the note or the pain score changed, else the
/// stored moment.
fn settle(
    entry: &mut Entry,
    stored: &LogEntry,
    patch: &Patch,
    stored_told: DateTime<Utc>,
    clock: &Clock,
) {
    let stored_at = match stored {
        LogEntry::Pain(p) => p.at,
        LogEntry::Routine(r) => r.at,
        LogEntry::CrossTraining(c) => c.at,
        LogEntry::Brace(b) => b.at,
        LogEntry::Rpe(r) => r.at,
    };
    let minute = |t: DateTime<Utc>| t.timestamp().div_euclid(60);
    let (at, logged, note, nrs) = match entry {
        Entry::Pain(p) => (&mut p.at, &mut p.logged, &p.note, Some(p.nrs.get())),
        Entry::Routine(r) => (&mut r.at, &mut r.logged, &r.note, None),
        Entry::Cross(c) => (&mut c.at, &mut c.logged, &c.note, None),
        Entry::Brace(b) => (&mut b.at, &mut b.logged, &b.note, None),
        Entry::Rpe(r) => (&mut r.at, &mut r.logged, &r.note, None),
    };
    if patch.told().at.is_none() || minute(*at) == minute(stored_at) {
        *at = stored_at;
    }
    let told_again = note.as_deref() != note_of(stored) || nrs != pain_score(stored);
    *logged = if told_again { clock.now } else { stored_told };
}

/// The entry as it would be stored, with `id`, to compare and return.
fn as_stored(id: i64, entry: &Entry) -> LogEntry {
    match entry {
        Entry::Pain(p) => LogEntry::Pain(PainEntry {
            id,
            region: p.region,
            nrs: p.nrs.get(),
            when: p.when,
            activity_id: p.activity_id,
            note: p.note.clone(),
            at: p.at,
        }),
        Entry::Routine(r) => LogEntry::Routine(RoutineEntry {
            id,
            rounds: r.rounds,
            exercises: r.exercises.clone(),
            note: r.note.clone(),
            at: r.at,
        }),
        Entry::Cross(c) => LogEntry::CrossTraining(CrossTrainingEntry {
            id,
            kind: c.kind.clone(),
            minutes: c.minutes,
            note: c.note.clone(),
            at: c.at,
        }),
        Entry::Brace(b) => LogEntry::Brace(BraceEntry {
            id,
            worn: b.worn,
            activity_id: b.activity_id,
            note: b.note.clone(),
            at: b.at,
        }),
        Entry::Rpe(r) => LogEntry::Rpe(RpeEntry {
            id,
            activity_id: r.activity_id,
            rpe: r.rpe,
            note: r.note.clone(),
            at: r.at,
        }),
    }
}

/// The standing warning signs `stored` carries that `after` would not
/// (a note's flag it no longer names, severe pain below 9/10).
fn signs_lost(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    kind: LogKind,
    id: i64,
    after: &LogEntry,
) -> Result<Vec<String>> {
    let Some(facts) = db.run(db.store.log_entry_facts(kind, id))? else {
        return Ok(Vec::new());
    };
    let standing = history::standing_signs_in(db, kb, clock, &facts)?;
    let named: Vec<String> = note_of(after)
        .map(|n| flags_in_note(kb, n))
        .unwrap_or_default()
        .into_iter()
        .map(|m| m.flag.id.clone())
        .collect();
    let severe = pain_score(after).is_some_and(|n| n >= SEVERE_NRS);
    Ok(standing
        .into_iter()
        .filter(|sign| {
            if sign == SEVERE_PAIN {
                !severe
            } else {
                !named.contains(sign)
            }
        })
        .collect())
}

/// Stores `entry` over entry `id`; `false` when it is gone. What the
/// runner asked wrong (a missing activity, a field out of range) is a
/// [`UserError`].
fn update(db: &Opened, id: i64, entry: &Entry) -> Result<bool> {
    let stored = match entry {
        Entry::Pain(p) => db.run(db.store.update_pain(id, p)),
        Entry::Routine(r) => db.run(db.store.update_routine(id, r)),
        Entry::Cross(c) => db.run(db.store.update_cross_training(id, c)),
        Entry::Brace(b) => db.run(db.store.update_brace(id, b)),
        Entry::Rpe(r) => db.run(db.store.update_rpe(id, r)),
    };
    stored.map_err(|e| -> anyhow::Error {
        if e.is_bad_request() {
            UserError(format!("not changed: {e}")).into()
        } else {
            e.into()
        }
    })
}

/// Entry `id` of the patch's kind as stored, if it is.
pub fn entry(db: &Opened, kind: LogKind, id: i64) -> Result<Option<LogEntry>> {
    Ok(db.run(db.store.log_entry(kind, id))?)
}

/// Changes entry `id` as `patch` says: checked as a new entry would be
/// (messages naming fields as `caller` spells them), refused while a
/// standing warning sign rests on what would go, stored in one
/// transaction. A patch that changes nothing writes nothing.
pub fn edit_entry(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    id: i64,
    patch: &Patch,
    caller: Caller,
) -> Result<Verdict<Edited>> {
    let kind = patch.kind();
    let Some(stored) = entry(db, kind, id)? else {
        return Ok(Verdict::NotFound);
    };
    let Some(facts) = db.run(db.store.log_entry_facts(kind, id))? else {
        return Ok(Verdict::NotFound);
    };
    let request = request(&stored, patch)?;
    // Checked in full before `last` is read: a bad score says so first.
    let mut checked = log::check(kb, &request, clock, None, caller)?;
    if request.names_last() {
        let last = log::last_activity(db)?;
        checked = log::check(kb, &request, clock, Some(last), caller)?;
    }
    settle(&mut checked, &stored, patch, facts.logged, clock);
    let after = as_stored(id, &checked);
    let changed = changes(&stored, &after, clock);
    if changed.is_empty() {
        return Ok(Verdict::May(Edited {
            kind,
            id,
            changes: changed,
            entry: stored,
            warning_signs: Vec::new(),
        }));
    }
    let lost = signs_lost(db, kb, clock, kind, id, &after)?;
    if let Some(why) = history::refusal(&lost, &format!("{} entry {id}", kind.name()), "edited") {
        return Ok(Verdict::Refused(why));
    }
    if !update(db, id, &checked)? {
        return Ok(Verdict::NotFound);
    }
    let warning_signs = if note_of(&after) == note_of(&stored) {
        Vec::new()
    } else {
        log::warning_signs(kb, note_of(&after))
            .into_iter()
            .map(|m| m.flag.id.clone())
            .collect()
    };
    let entry = entry(db, kind, id)?.unwrap_or(after);
    Ok(Verdict::May(Edited {
        kind,
        id,
        changes: changed,
        entry,
        warning_signs,
    }))
}
