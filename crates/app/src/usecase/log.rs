//! Use case "log": what the runner records by hand (pain, the routine
//! done, cross-training, brace use, a session's effort as RPE), checked
//! into one entry and stored in one row, with the moment it was told.
//!
//! `backstride log ...` (`record.rs`) and the Today page and
//! `/api/v1/log/...` (`web/`) call these: [`check`] turns what was given
//! into an entry (every rule, the same messages, naming the field as its
//! caller spells it: `--nrs` on the command line, `nrs` on the web),
//! [`save`] stores it, [`log`] does both with `last` resolved. A note that
//! may name a warning sign is read by [`warning_signs`] before anything
//! else, so a caller can show the warning even when the entry is refused.

use anyhow::Result;
use backstride_core::assessment::notes::{NoteMatch, flags_in_note};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{
    ExerciseDone, NewBrace, NewCrossTraining, NewPain, NewRoutine, NewRpe, PainWhen,
};
use chrono::{DateTime, Local, NaiveTime, TimeZone, Utc};

use crate::answers_file::vocab;
use crate::commands::{Clock, UserError};
use crate::storage::Opened;

/// Who names the fields in error messages: the command line's flags
/// (`--nrs`) or a form's and the API's field names (`nrs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// `backstride log`.
    Cli,
    /// The web page or the JSON API.
    Web,
}

impl Caller {
    /// The field `name` as this caller spells it.
    pub fn field(self, name: &str) -> String {
        match self {
            Caller::Cli => format!("--{name}"),
            Caller::Web => name.to_owned(),
        }
    }
}

/// An activity as the runner names it: its id, or the latest one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// This id.
    Id(i64),
    /// The activity that started last.
    Last,
}

/// When an entry happened and what the runner noted, as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Told {
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, local time; `None`: now.
    pub at: Option<String>,
    /// A free note.
    pub note: Option<String>,
}

/// One exercise of a routine as given: its ID and the reps of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseInput {
    /// How the runner wrote it, for messages (`warrior-pose:10`).
    pub text: String,
    /// Knowledge-base exercise ID.
    pub id: String,
    /// Reps per round, as given (checked 1-500).
    pub reps: String,
}

impl ExerciseInput {
    /// Reads `ID:REPS` as the command line writes it.
    pub fn parse(text: &str) -> Result<Self, UserError> {
        let (id, reps) = text.split_once(':').ok_or_else(|| {
            UserError(format!(
                "{text}: expected EXERCISE:REPS, e.g. warrior-pose:10"
            ))
        })?;
        Ok(ExerciseInput {
            text: text.to_owned(),
            id: id.to_owned(),
            reps: reps.to_owned(),
        })
    }
}

/// What to log, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Pain: region, 0-10, during/after/next-morning.
    Pain {
        /// `lower-back`, `upper-back`, `neck` or `other`.
        region: String,
        /// 0-10.
        nrs: i64,
        /// `during`, `after` or `next-morning`.
        when: String,
        /// The run it follows.
        activity: Option<Activity>,
        /// Time and note.
        told: Told,
    },
    /// The routine done.
    Routine {
        /// Rounds (1-20).
        rounds: i64,
        /// The exercises, in order (at least one).
        exercises: Vec<ExerciseInput>,
        /// Time and note.
        told: Told,
    },
    /// Cross-training.
    CrossTrain {
        /// What.
        kind: String,
        /// Minutes (1-1440).
        minutes: i64,
        /// Time and note.
        told: Told,
    },
    /// Brace use on a run.
    Brace {
        /// Worn or not.
        worn: bool,
        /// The run.
        activity: Option<Activity>,
        /// Time and note.
        told: Told,
    },
    /// A session's effort (Foster's CR-10 RPE).
    Rpe {
        /// The activity rated.
        activity: Activity,
        /// 0-10.
        value: i64,
        /// Time and note.
        told: Told,
    },
}

impl Request {
    /// Its time and note.
    pub fn told(&self) -> &Told {
        match self {
            Request::Pain { told, .. }
            | Request::Routine { told, .. }
            | Request::CrossTrain { told, .. }
            | Request::Brace { told, .. }
            | Request::Rpe { told, .. } => told,
        }
    }

    /// Whether it names `last` for its activity.
    pub fn names_last(&self) -> bool {
        match self {
            Request::Pain { activity, .. } | Request::Brace { activity, .. } => {
                *activity == Some(Activity::Last)
            }
            Request::Rpe { activity, .. } => *activity == Activity::Last,
            Request::Routine { .. } | Request::CrossTrain { .. } => false,
        }
    }

    /// Its note, trimmed; `None` when empty.
    pub fn note(&self) -> Option<String> {
        note(self.told())
    }
}

/// One checked entry, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// Pain.
    Pain(NewPain),
    /// The routine.
    Routine(NewRoutine),
    /// Cross-training.
    Cross(NewCrossTraining),
    /// Brace use.
    Brace(NewBrace),
    /// Effort.
    Rpe(NewRpe),
}

impl Entry {
    /// The entry in a few words ("pain 3 in the lower back (after)").
    pub fn describe(&self) -> String {
        match self {
            Entry::Pain(p) => format!(
                "pain {} in the {} ({})",
                p.nrs,
                vocab::name_of(vocab::REGION, p.region),
                p.when.name()
            ),
            Entry::Routine(r) => format!(
                "routine, {} round(s) of {} exercise(s)",
                r.rounds,
                r.exercises.len()
            ),
            Entry::Cross(c) => format!("{} for {} min", c.kind, c.minutes),
            Entry::Brace(b) => {
                if b.worn {
                    "brace worn".to_owned()
                } else {
                    "ran without the brace".to_owned()
                }
            }
            Entry::Rpe(r) => format!("effort (RPE) {}/10 for activity {}", r.rpe, r.activity_id),
        }
    }
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    /// Its row id.
    pub id: i64,
    /// What was stored.
    pub entry: Entry,
}

/// Reads an entry's time: a day (`YYYY-MM-DD`, as [`crate::cli::parse_date`]
/// reads it) or a local day and time (`YYYY-MM-DDTHH:MM`). A day means
/// "that day": noon, or now when today's noon is still ahead, so today is
/// never "in the future". A time more than five minutes ahead is refused.
pub fn parse_at(
    text: Option<&str>,
    now: DateTime<Utc>,
    caller: Caller,
) -> Result<DateTime<Utc>, UserError> {
    parse_at_in(text, now, &Local, caller)
}

/// [`parse_at`] in a given time zone (tests use fixed ones).
pub fn parse_at_in<Tz: TimeZone>(
    text: Option<&str>,
    now: DateTime<Utc>,
    zone: &Tz,
    caller: Caller,
) -> Result<DateTime<Utc>, UserError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(now);
    };
    let field = caller.field("at");
    let (day_text, time_text) = match text.split_once('T') {
        Some((day, time)) => (day, Some(time)),
        None => (text, None),
    };
    let day = crate::cli::parse_date(day_text).map_err(|e| {
        UserError(format!(
            "{field} {text}: {e} (or YYYY-MM-DDTHH:MM, local time)"
        ))
    })?;
    let time = match time_text {
        None => NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN),
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
            .ok()
            .filter(|_| t.len() == 5)
            .ok_or_else(|| {
                UserError(format!(
                    "{field} {text}: expected the time as HH:MM (24-hour, local time)"
                ))
            })?,
    };
    let local = zone
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .ok_or_else(|| {
            UserError(format!(
                "{field} {text}: that local time does not exist (a clock change)"
            ))
        })?;
    let at = local.with_timezone(&Utc);
    let today = now.with_timezone(zone).date_naive();
    if time_text.is_none() {
        if day > today {
            return Err(UserError(format!("{field} {text} is in the future")));
        }
        // Today before noon: the entry is for today, as of now.
        return Ok(if day == today { at.min(now) } else { at });
    }
    if at > now + chrono::Duration::minutes(5) {
        return Err(UserError(format!("{field} {text} is in the future")));
    }
    Ok(at)
}

fn note(told: &Told) -> Option<String> {
    told.note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
}

/// The region named `name` (`lower-back`, `upper-back`, `neck`, `other`).
pub fn region(name: &str, caller: Caller) -> Result<Region, UserError> {
    vocab::REGION
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, r)| *r)
        .ok_or_else(|| {
            let allowed: Vec<&str> = vocab::REGION.iter().map(|(n, _)| *n).collect();
            UserError(format!(
                "{} {name}: expected one of {}",
                caller.field("region"),
                allowed.join(", ")
            ))
        })
}

/// The names of the regions, in order.
pub fn region_names() -> Vec<&'static str> {
    vocab::REGION.iter().map(|(n, _)| *n).collect()
}

fn pain_when(name: &str, caller: Caller) -> Result<PainWhen, UserError> {
    match name {
        "during" => Ok(PainWhen::During),
        "after" => Ok(PainWhen::After),
        "next-morning" => Ok(PainWhen::NextMorning),
        other => Err(UserError(format!(
            "{} {other}: expected during, after or next-morning",
            caller.field("when")
        ))),
    }
}

/// Checks one exercise against the knowledge base's exercises.
fn exercise(kb: &KnowledgeBase, given: &ExerciseInput) -> Result<ExerciseDone, UserError> {
    let text = &given.text;
    let id = given.id.trim();
    if kb.exercise(id).is_none() {
        let known: Vec<&str> = kb.exercises.iter().map(|e| e.id.as_str()).collect();
        return Err(UserError(format!(
            "{text}: unknown exercise `{id}`; expected one of {}",
            known.join(", ")
        )));
    }
    let reps: u16 = given
        .reps
        .trim()
        .parse()
        .ok()
        .filter(|r| (1..=500).contains(r))
        .ok_or_else(|| UserError(format!("{text}: reps must be a whole number from 1 to 500")))?;
    Ok(ExerciseDone {
        exercise_id: id.to_owned(),
        reps,
    })
}

/// The activity named: an id, or `last` as `last` resolved (0 while the
/// store is not open yet: the entry is only being checked).
fn activity_id(named: Activity, last: Option<i64>) -> i64 {
    match named {
        Activity::Id(id) => id,
        Activity::Last => last.unwrap_or(0),
    }
}

fn in_range(value: i64, lo: i64, hi: i64, what: &str) -> Result<i64, UserError> {
    if (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(UserError(format!(
            "{what} {value}: expected a whole number from {lo} to {hi}"
        )))
    }
}

/// Checks what was given into an entry told at `clock.now`, with `last`
/// read as `last`.
pub fn check(
    kb: &KnowledgeBase,
    request: &Request,
    clock: &Clock,
    last: Option<i64>,
    caller: Caller,
) -> Result<Entry, UserError> {
    let logged = clock.now;
    let at = |told: &Told| parse_at(told.at.as_deref(), clock.now, caller);
    Ok(match request {
        Request::Pain {
            region: name,
            nrs,
            when,
            activity,
            told,
        } => Entry::Pain(NewPain {
            region: region(name.trim(), caller)?,
            nrs: Nrs::new(*nrs).map_err(|e| UserError(format!("{}: {e}", caller.field("nrs"))))?,
            when: pain_when(when.trim(), caller)?,
            activity_id: activity.map(|r| activity_id(r, last)),
            note: note(told),
            at: at(told)?,
            logged,
        }),
        Request::Routine {
            rounds,
            exercises,
            told,
        } => {
            if exercises.is_empty() {
                return Err(UserError(
                    "no exercise given: name at least one exercise done, with its reps".to_owned(),
                ));
            }
            if exercises.len() > 50 {
                return Err(UserError(format!(
                    "{} exercises: at most 50 in one routine",
                    exercises.len()
                )));
            }
            let rounds = in_range(*rounds, 1, 20, &caller.field("rounds"))?;
            Entry::Routine(NewRoutine {
                exercises: exercises
                    .iter()
                    .map(|e| exercise(kb, e))
                    .collect::<Result<_, _>>()?,
                rounds: u8::try_from(rounds).unwrap_or(1),
                note: note(told),
                at: at(told)?,
                logged,
            })
        }
        Request::CrossTrain {
            kind,
            minutes,
            told,
        } => {
            // Its length is the store's to check (1-64 characters).
            let kind = kind.trim();
            let minutes = in_range(*minutes, 1, 1440, &caller.field("minutes"))?;
            Entry::Cross(NewCrossTraining {
                kind: kind.to_owned(),
                minutes: u16::try_from(minutes).unwrap_or(1),
                note: note(told),
                at: at(told)?,
                logged,
            })
        }
        Request::Brace {
            worn,
            activity,
            told,
        } => Entry::Brace(NewBrace {
            worn: *worn,
            activity_id: activity.map(|r| activity_id(r, last)),
            note: note(told),
            at: at(told)?,
            logged,
        }),
        Request::Rpe {
            activity,
            value,
            told,
        } => {
            let value = in_range(*value, 0, 10, &caller.field("value"))?;
            Entry::Rpe(NewRpe {
                activity_id: activity_id(*activity, last),
                rpe: u8::try_from(value).unwrap_or(0),
                note: note(told),
                at: at(told)?,
                logged,
            })
        }
    })
}

/// The id of the activity that started last, or a message saying there
/// is none.
pub fn last_activity(db: &Opened) -> Result<i64> {
    db.run(db.store.last_activity_id())?.ok_or_else(|| {
        UserError("`last`: no activity is stored yet (see `backstride import`)".to_owned()).into()
    })
}

/// Stores a checked entry; returns its id. What the runner asked wrong (a
/// missing activity) is a [`UserError`]; a write that did not reach the
/// disk is not.
pub fn save(db: &Opened, entry: &Entry) -> Result<i64> {
    let stored = match entry {
        Entry::Pain(p) => db.run(db.store.log_pain(p)),
        Entry::Routine(r) => db.run(db.store.log_routine(r)),
        Entry::Cross(c) => db.run(db.store.log_cross_training(c)),
        Entry::Brace(b) => db.run(db.store.log_brace(b)),
        Entry::Rpe(r) => db.run(db.store.log_rpe(r)),
    };
    stored.map_err(|e| -> anyhow::Error {
        if e.is_bad_request() {
            UserError(format!("not logged: {e}")).into()
        } else {
            e.into()
        }
    })
}

/// Checks and stores what was given, `last` resolved from the store.
pub fn log(
    db: &Opened,
    kb: &KnowledgeBase,
    request: &Request,
    clock: &Clock,
    caller: Caller,
) -> Result<Logged> {
    // Checked in full before `last` is read: a bad score says so first.
    let mut entry = check(kb, request, clock, None, caller)?;
    if request.names_last() {
        let last = last_activity(db)?;
        entry = check(kb, request, clock, Some(last), caller)?;
    }
    let id = save(db, &entry)?;
    Ok(Logged { id, entry })
}

/// The red flags a note may name, most urgent first (none for no note).
pub fn warning_signs<'kb>(kb: &'kb KnowledgeBase, note: Option<&str>) -> Vec<NoteMatch<'kb>> {
    note.map(|n| flags_in_note(kb, n)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use super::*;

    fn clock() -> Clock {
        let now = chrono::DateTime::parse_from_rfc3339("2026-05-04T09:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        Clock {
            today: now.date_naive(),
            now,
            zone: chrono::Local,
        }
    }

    fn kb() -> KnowledgeBase {
        KnowledgeBase::embedded().expect("knowledge base")
    }

    #[test]
    fn a_day_means_that_day_and_the_future_is_refused_in_either_spelling() {
        let c = clock();
        let utc = FixedOffset::east_opt(0).expect("offset");
        let today = parse_at_in(Some("2026-05-04"), c.now, &utc, Caller::Web).expect("today");
        assert_eq!(today, c.now, "today before noon is now");
        let err = parse_at_in(Some("2026-05-05"), c.now, &utc, Caller::Web).expect_err("tomorrow");
        assert_eq!(err.0, "at 2026-05-05 is in the future");
        let err = parse_at_in(Some("2026-05-04T12:00"), c.now, &utc, Caller::Cli)
            .expect_err("three hours ahead");
        assert_eq!(err.0, "--at 2026-05-04T12:00 is in the future");
        assert!(parse_at_in(Some("  "), c.now, &utc, Caller::Web).is_ok_and(|t| t == c.now));
    }

    #[test]
    fn each_field_is_checked_and_named_as_its_caller_spells_it() {
        let kb = kb();
        let c = clock();
        let pain = |region: &str, nrs: i64, when: &str| Request::Pain {
            region: region.to_owned(),
            nrs,
            when: when.to_owned(),
            activity: None,
            told: Told::default(),
        };
        let e = check(&kb, &pain("knee", 3, "after"), &c, None, Caller::Web).expect_err("region");
        assert!(
            e.0.starts_with("region knee: expected one of lower-back"),
            "{}",
            e.0
        );
        let e = check(&kb, &pain("neck", 11, "after"), &c, None, Caller::Cli).expect_err("nrs");
        assert!(e.0.starts_with("--nrs: "), "{}", e.0);
        let e = check(&kb, &pain("neck", 3, "later"), &c, None, Caller::Web).expect_err("when");
        assert_eq!(e.0, "when later: expected during, after or next-morning");
        let ok = check(&kb, &pain("neck", 3, "next-morning"), &c, None, Caller::Web)
            .expect("valid pain");
        assert_eq!(ok.describe(), "pain 3/10 in the neck (next_morning)");

        let routine = |exercises: Vec<ExerciseInput>, rounds: i64| Request::Routine {
            rounds,
            exercises,
            told: Told::default(),
        };
        let warrior = ExerciseInput::parse("warrior-pose:10").expect("shape");
        assert!(check(&kb, &routine(vec![], 1), &c, None, Caller::Web).is_err());
        let e = check(
            &kb,
            &routine(vec![warrior.clone()], 0),
            &c,
            None,
            Caller::Web,
        )
        .expect_err("rounds");
        assert_eq!(e.0, "rounds 0: expected a whole number from 1 to 20");
        let bad = ExerciseInput::parse("squat:10").expect("shape");
        let e = check(&kb, &routine(vec![bad], 1), &c, None, Caller::Web).expect_err("unknown");
        assert!(e.0.contains("unknown exercise `squat`"), "{}", e.0);
        let zero = ExerciseInput::parse("warrior-pose:0").expect("shape");
        let e = check(&kb, &routine(vec![zero], 1), &c, None, Caller::Web).expect_err("reps");
        assert_eq!(
            e.0,
            "warrior-pose:0: reps must be a whole number from 1 to 500"
        );
        assert!(ExerciseInput::parse("warrior-pose").is_err());
        let Entry::Routine(r) =
            check(&kb, &routine(vec![warrior], 2), &c, None, Caller::Web).expect("valid")
        else {
            panic!("not a routine");
        };
        assert_eq!((r.rounds, r.exercises[0].reps), (2, 10));

        let rpe = Request::Rpe {
            activity: Activity::Last,
            value: 11,
            told: Told::default(),
        };
        let e = check(&kb, &rpe, &c, Some(4), Caller::Web).expect_err("rpe");
        assert_eq!(e.0, "value 11: expected a whole number from 0 to 10");
    }

    #[test]
    fn a_note_naming_a_warning_sign_is_found_and_a_plain_one_is_not() {
        let kb = kb();
        let found = warning_signs(&kb, Some("numb in the groin and can't pee"));
        assert!(!found.is_empty(), "saddle numbness and retention not found");
        assert!(warning_signs(&kb, Some("legs a bit heavy today")).is_empty());
        assert!(warning_signs(&kb, None).is_empty());
    }
}
