//! Use case "assess": validated answers in, the assessment (triage, likely
//! causes with the rules that fired, recommendations with their evidence
//! and sources) and its report out, saved as `backstride assess` saves it:
//! the answers, the report's JSON, and the red-flag checklist as a check
//! (complete when every question was answered, which clears what notes
//! told before it). An emergency "yes" stops at once ([`emergency_stop`]).
//!
//! The CLI (`backstride assess`) and the web's check-in page and API call
//! these; how the answers were obtained (a file, the questionnaire, a
//! form, JSON) is theirs.
//!
//! The runner's stored activities and pain logs go in too: the insights
//! use case ([`crate::usecase::insights::compute`], everything up to today)
//! finds what points at training load (n-of-1 findings of pain with load
//! spikes, long runs or hard sessions; today's load alerts), and core
//! ranks it as a likely cause beside the article's ([`from_data`]).

use std::collections::BTreeMap;

use anyhow::Result;
use backstride_core::assessment::Assessment;
use backstride_core::assessment::answers::Answers;
use backstride_core::assessment::from_data::LoadEvidence;
use backstride_core::insights::load_cause::load_evidence;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::knowledge::model::{FlagTier, RedFlag};
use backstride_core::safety::Standing;
use chrono::{DateTime, Utc};

use crate::answers_file::{self, RawAnswers};
use crate::commands::{Clock, UserError};
use crate::report::build::report;
use crate::report::dto::Report;
use crate::storage::Opened;

/// The result of an assessment.
pub struct Assessed {
    /// The assessment.
    pub assessment: Assessment,
    /// Its report (no plan).
    pub report: Report,
    /// What stands after these answers (severe pain, notes when nothing
    /// was saved, ...).
    pub standing: Standing,
    /// Why saving failed, when it was asked for and failed (the advice is
    /// still given).
    pub save_error: Option<anyhow::Error>,
    /// Why the stored data could not be read for causes, if it could not
    /// (the assessment is then made from the answers alone).
    pub data_note: Option<String>,
}

impl Assessed {
    /// Whether a red flag (the answers' or one that stands) stops any plan.
    pub fn stops(&self) -> bool {
        !self.assessment.triage.allows_plan() || !self.standing.flags.is_empty()
    }
}

/// Assesses `answers` (with the latest running-form findings) and, when
/// `save`, saves the answers, the report and the red-flag check.
pub fn assess(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    answers: Answers,
    save: bool,
) -> Result<Assessed> {
    let (evidence, data_note) = match from_data(db, kb, clock) {
        Ok(evidence) => (evidence, None),
        Err(e) => (
            Vec::new(),
            Some(format!(
                "your stored runs and pain logs could not be read for likely causes ({e:#}); this assessment rests on your answers alone"
            )),
        ),
    };
    let assessment = crate::safety::assess_with_data(db, kb, &answers, &evidence)?;
    let report = report(kb, &assessment, None, clock.today);
    let saved = if save {
        save_all(db, kb, &answers, &assessment, clock.now)
    } else {
        Ok(())
    };
    let now = crate::safety::now(db, kb, Some(&answers), clock.today, &clock.zone)?;
    Ok(Assessed {
        assessment,
        report,
        standing: now.standing,
        save_error: saved.err(),
        data_note,
    })
}

/// What the runner's stored data says about training load: the insights
/// over everything stored up to today, as `backstride insights` computes
/// them, reduced to what points at load. Empty without activities or pain.
pub fn from_data(db: &Opened, kb: &KnowledgeBase, clock: &Clock) -> Result<Vec<LoadEvidence>> {
    let computed = crate::usecase::insights::compute(
        db,
        kb,
        &crate::usecase::insights::Request::default(),
        clock,
    )?;
    Ok(load_evidence(&computed.found))
}

/// Assesses answers without a store (the database cannot be opened): no
/// form findings, nothing saved.
pub fn assess_without_store(
    kb: &KnowledgeBase,
    answers: &Answers,
    clock: &Clock,
) -> Result<(Assessment, Report)> {
    let assessment =
        backstride_core::assessment::assess_with(kb, answers, &std::collections::BTreeSet::new())
            .map_err(|e| UserError(format!("red-flag checklist: {e}")))?;
    let report = report(kb, &assessment, None, clock.today);
    Ok((assessment, report))
}

/// Saves answers as they are kept: the answers file's TOML.
pub fn save_answers(db: &Opened, answers: &Answers, at: DateTime<Utc>) -> Result<()> {
    let text = RawAnswers::from_answers(answers).to_toml()?;
    db.run(db.store.save_answers(&text, at))?;
    Ok(())
}

fn save_all(
    db: &Opened,
    kb: &KnowledgeBase,
    answers: &Answers,
    assessment: &Assessment,
    at: DateTime<Utc>,
) -> Result<()> {
    save_answers(db, answers, at)?;
    let record = crate::saved::assessment_record(assessment);
    db.run(db.store.save_assessment(&record, at))?;
    // Every red-flag question was answered: a complete check, which clears
    // what notes told before it raised.
    crate::safety::save_check(
        db,
        kb,
        &answers.red_flags,
        backstride_store::CheckSource::Assess,
        at,
    )
}

/// The latest saved answers, as the answers file holds them (`None`
/// without any, or when they no longer parse).
pub fn saved_raw(db: &Opened) -> Result<Option<RawAnswers>> {
    Ok(db
        .run(db.store.latest_answers())?
        .and_then(|saved| answers_file::parse(&saved.body).ok()))
}

/// The latest saved answers, validated (`None` without any, or when they
/// no longer fit this version).
pub fn saved_answers(db: &Opened, kb: &KnowledgeBase) -> Result<Option<Answers>> {
    Ok(saved_raw(db)?.and_then(|raw| raw.validate(kb).ok()))
}

/// The latest assessment with when it was saved: the saved answers
/// assessed again, with every red-flag check told since applied (the one
/// rule `plan` uses), as a report. `None` without a saved assessment or
/// answers that still fit this version.
pub fn latest(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
) -> Result<Option<(DateTime<Utc>, Report)>> {
    let Some(saved) = db.run(db.store.latest_assessment())? else {
        return Ok(None);
    };
    let now = crate::safety::now(db, kb, None, clock.today, &clock.zone)?;
    Ok(now
        .assessment
        .map(|a| (saved.created_at, report(kb, &a, None, clock.today))))
}

/// The first emergency question answered "yes", in the order the
/// questions are asked (red flags first, the most urgent deciding).
pub fn emergency<'k>(
    kb: &'k KnowledgeBase,
    red_flags: &BTreeMap<String, bool>,
) -> Option<&'k RedFlag> {
    kb.asked_flags()
        .map(|(flag, _)| flag)
        .find(|flag| flag.tier == FlagTier::Emergency && red_flags.get(&flag.id) == Some(&true))
}

/// What an emergency "yes" ends with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyStopped {
    /// The flag's name.
    pub name: String,
    /// What to do now, from the knowledge base.
    pub instruction: String,
    /// Whether the checklist was saved (with the earlier answers to the
    /// other questions); without earlier answers nothing is.
    pub saved: bool,
}

/// An emergency "yes" in `red_flags`: no more questions, the instruction
/// now. As the questionnaire does, the checklist so far is kept with the
/// rest of the latest saved answers and assessed and saved like any
/// answers; without saved answers nothing is saved. `None` when no
/// emergency question was answered "yes".
pub fn emergency_stop(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    red_flags: &BTreeMap<String, bool>,
) -> Result<Option<EmergencyStopped>> {
    let Some(flag) = emergency(kb, red_flags) else {
        return Ok(None);
    };
    let saved = match saved_answers(db, kb)? {
        Some(previous) => {
            let answers = Answers {
                red_flags: red_flags.clone(),
                ..previous
            };
            assess(db, kb, clock, answers, true)?.save_error.is_none()
        }
        None => false,
    };
    Ok(Some(EmergencyStopped {
        name: flag.name.clone(),
        instruction: flag.action.clone(),
        saved,
    }))
}
