//! The standing red flag at the edge: [`now`] reads what core's rule
//! (`backstride_core::safety`) needs from the store (saved answers, every
//! red-flag check, log notes and pain scores with the moment each was
//! told, whether a plan is running) and returns what stands. `plan`,
//! `plan --adapt` and `insights` stop on it (exit code 3); the other
//! commands show it first ([`show`]). `backstride check` and `backstride
//! log` ask the questions that clear it ([`ask`]).

pub mod ask;
pub mod show;

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use backstride_core::assessment::Assessment;
use backstride_core::assessment::answers::Answers;
use backstride_core::assessment::triage::{FiredFlag, triage};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::local_day::{Zone, day_in};
use backstride_core::safety::{self, Check, Standing, ToldNote, ToldPain, effective_checklist};
use backstride_core::signal::Signal;
use backstride_store::{CheckSource, NewCheck};
use chrono::{DateTime, NaiveDate, Utc};

use crate::answers_file;
use crate::commands::{Clock, UserError};
use crate::storage::Opened;

/// What stands now, with the answers and assessment it rests on.
#[derive(Clone)]
pub struct Now {
    /// The rule's result.
    pub standing: Standing,
    /// The answers with the effective red-flag checklist (`None` without
    /// given or saved answers).
    pub answers: Option<Answers>,
    /// Their assessment (with the latest running-form findings).
    pub assessment: Option<Assessment>,
    /// Things that could not be read, in words.
    pub notes: Vec<String>,
}

/// The saved red-flag checks as core reads them. A database from before
/// checks were kept counts its latest saved assessment as a complete
/// check, with the answers saved then.
fn checks(db: &Opened, saved: Option<&(Answers, DateTime<Utc>)>) -> Result<Vec<Check>> {
    let stored = db.run(db.store.list_checks())?;
    if stored.is_empty()
        && let Some(assessed) = db.run(db.store.latest_assessment())?
    {
        return Ok(vec![Check {
            at: assessed.created_at,
            complete: true,
            answers: saved.map(|(a, _)| a.red_flags.clone()).unwrap_or_default(),
        }]);
    }
    Ok(stored
        .into_iter()
        .map(|c| Check {
            at: c.at,
            complete: c.complete,
            answers: c.answers,
        })
        .collect())
}

/// Whether the latest saved plan is a ready plan that has not ended (a
/// plan this version cannot read is not taken as running).
fn plan_running(db: &Opened, today: NaiveDate) -> Result<bool> {
    Ok(db
        .run(db.store.latest_plan())?
        .as_ref()
        .and_then(|saved| saved.plan.record())
        .is_some_and(|plan| crate::saved::running(plan, today)))
}

/// Reads the store and applies the rule. `fresh`: answers given to this
/// command (a file or the questionnaire), which add their "yes" answers
/// but cannot clear a stored flag. Without fresh answers the result
/// depends only on the data and the day, so it is kept in the store
/// handle's memo when one is lent (the server, for a request that changes
/// nothing): a decade of daily pain logs is read once per change, not once
/// per page.
pub fn now(
    db: &Opened,
    kb: &KnowledgeBase,
    fresh: Option<&Answers>,
    today: NaiveDate,
    zone: &dyn Zone,
) -> Result<Now> {
    match fresh {
        Some(_) => read_and_apply(db, kb, fresh, today, zone),
        None => db.memoised(&format!("safety::now {today}"), || {
            read_and_apply(db, kb, None, today, zone)
        }),
    }
}

fn read_and_apply(
    db: &Opened,
    kb: &KnowledgeBase,
    fresh: Option<&Answers>,
    today: NaiveDate,
    zone: &dyn Zone,
) -> Result<Now> {
    let mut notes = Vec::new();
    let saved: Option<(Answers, DateTime<Utc>)> = match db.run(db.store.latest_answers())? {
        Some(doc) => match answers_file::parse(&doc.body).and_then(|raw| raw.validate(kb)) {
            Ok(a) => Some((a, doc.created_at)),
            Err(e) => {
                notes.push(format!(
                    "Your saved answers could not be checked for red flags ({e}): run `backstride assess` again."
                ));
                None
            }
        },
        None => None,
    };
    let checks = checks(db, saved.as_ref())?;
    let checklist = effective_checklist(
        kb,
        fresh.map(|a| &a.red_flags),
        saved.as_ref().map(|(a, at)| (&a.red_flags, *at)),
        &checks,
    );
    let answers = fresh
        .cloned()
        .or_else(|| saved.as_ref().map(|(a, _)| a.clone()))
        .map(|mut a| {
            a.red_flags = checklist.clone();
            a
        });
    let assessment = match &answers {
        Some(a) => Some(assess(db, kb, a)?),
        None => None,
    };
    // Without answers, the checks' "yes" answers still stand on their own.
    let answer_flags: Vec<FiredFlag> = match &assessment {
        Some(a) => a.triage.fired.clone(),
        None => triage(kb, &checklist, &BTreeSet::new()).fired,
    };
    let last_complete = safety::checks::last_complete(&checks);
    let stored_notes = db.run(db.store.notes_told_after(last_complete))?;
    let told_notes: Vec<ToldNote<'_>> = stored_notes
        .iter()
        .map(|n| ToldNote {
            told: n.logged,
            date: day_in(n.at, zone),
            log: n.log,
            text: &n.note,
        })
        .collect();
    let pains: Vec<ToldPain> = db
        .run(db.store.pain_told())?
        .into_iter()
        .map(|p| ToldPain {
            told: p.logged,
            date: day_in(p.at, zone),
            region: p.region,
            nrs: p.nrs,
        })
        .collect();
    let standing = safety::standing(&safety::Inputs {
        kb,
        answer_flags: &answer_flags,
        checks: &checks,
        notes: &told_notes,
        pains: &pains,
        answers_saved: saved.as_ref().map(|(_, at)| *at),
        plan_running: plan_running(db, today)?,
        today,
        zone,
    });
    Ok(Now {
        standing,
        answers,
        assessment,
        notes,
    })
}

/// Shows what stands before a command that shows data or advice
/// (`history`, `form`, `export`): to standard output when `stdout`, else
/// to standard error. When the database cannot be read nothing is shown
/// here; the command itself then says why.
pub fn banner_first(kb: &KnowledgeBase, clock: &Clock, stdout: bool) -> Result<()> {
    let Ok(dir) = crate::datadir::DataDir::locate() else {
        return Ok(());
    };
    if !dir.database().exists() {
        return Ok(());
    }
    let Ok(db) = crate::storage::open(&dir) else {
        return Ok(());
    };
    let Ok(now) = now(&db, kb, None, clock.today, &clock.zone) else {
        return Ok(());
    };
    show::banner(&now.standing, stdout)
}

/// Assesses the answers together with the posture findings of the most
/// recent running-form analysis (`backstride form`), if one is stored.
pub fn assess(db: &Opened, kb: &KnowledgeBase, answers: &Answers) -> Result<Assessment> {
    assess_with_data(db, kb, answers, &[])
}

/// [`assess`] with what the runner's own records say about training load
/// (gathered by `usecase::assess`), which core ranks as a likely cause.
pub fn assess_with_data(
    db: &Opened,
    kb: &KnowledgeBase,
    answers: &Answers,
    from_data: &[backstride_core::assessment::from_data::LoadEvidence],
) -> Result<Assessment> {
    let observed: BTreeSet<Signal> = db
        .run(db.store.latest_form_analysis())?
        .map(|f| f.signals.iter().filter_map(|s| s.parse().ok()).collect())
        .unwrap_or_default();
    backstride_core::assessment::assess_with_data(kb, answers, &observed, from_data)
        .map_err(|e| UserError(format!("red-flag checklist: {e}")).into())
}

/// Saves the answers to red-flag questions as a check made at `at`;
/// complete when every asked question is among them.
pub fn save_check(
    db: &Opened,
    kb: &KnowledgeBase,
    answers: &BTreeMap<String, bool>,
    source: CheckSource,
    at: DateTime<Utc>,
) -> Result<()> {
    if answers.is_empty() {
        return Ok(());
    }
    let complete = kb.asked_flags().all(|(f, _)| answers.contains_key(&f.id));
    db.run(db.store.save_check(&NewCheck {
        at,
        complete,
        source,
        answers: answers.clone(),
    }))?;
    Ok(())
}
