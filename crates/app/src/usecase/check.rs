//! Use case "check": the red-flag questions due now (what would clear the
//! standing flags: a note that may name a warning sign, severe pain, a
//! "yes" that stands; every asked question when a regular re-check is due
//! or when all are asked for), and saving the answers to them as a check
//! with its time, which says what stands afterwards.
//!
//! `backstride check` (`check.rs`), the Today page's `/today/red-flags`
//! and `/api/v1/red-flag-check` call these; asking in a terminal stays
//! with the CLI.

use std::collections::BTreeMap;

use anyhow::Result;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::safety::Standing;
use backstride_store::CheckSource;

use crate::commands::{Clock, UserError};
use crate::safety::{self, ask};
use crate::storage::Opened;

/// The questions due now.
#[derive(Debug, Clone)]
pub struct Due {
    /// What stands before they are answered.
    pub standing: Standing,
    /// The questions, in knowledge-base order (severe pain last).
    pub items: Vec<ask::Item>,
}

/// What a saved check left standing.
#[derive(Debug, Clone)]
pub struct Answered {
    /// The answers saved.
    pub answers: BTreeMap<String, bool>,
    /// The questions due that were not answered.
    pub unanswered: Vec<String>,
    /// The instruction of every emergency question answered yes.
    pub emergencies: Vec<String>,
    /// What stands now.
    pub standing: Standing,
}

/// What stands today, read from the store.
pub fn standing(db: &Opened, kb: &KnowledgeBase, clock: &Clock) -> Result<Standing> {
    Ok(safety::now(db, kb, None, clock.today, &clock.zone)?.standing)
}

/// The questions due: those that would clear what stands, and every asked
/// question as well with `all` or when a re-check is due.
pub fn due(db: &Opened, kb: &KnowledgeBase, clock: &Clock, all: bool) -> Result<Due> {
    let standing = standing(db, kb, clock)?;
    let items = ask::items_to_ask(kb, &standing, all);
    Ok(Due { standing, items })
}

/// The instruction of every emergency question answered yes, in answer
/// order.
pub fn emergencies(kb: &KnowledgeBase, answers: &BTreeMap<String, bool>) -> Vec<String> {
    answers
        .iter()
        .filter(|(_, yes)| **yes)
        .filter_map(|(id, _)| ask::item(kb, id).and_then(|i| i.emergency))
        .collect()
}

/// Checks that each answer is to a known question (`origin` names where
/// they came from in the message).
pub fn check_answers(
    kb: &KnowledgeBase,
    answers: &BTreeMap<String, bool>,
    origin: &str,
) -> Result<(), UserError> {
    ask::check_ids(kb, answers, origin)
}

/// Saves `answers` as a check made now (`items`: the questions that were
/// due, to say which stayed unanswered) and reads what stands after it.
/// Nothing answered is refused, naming the questions due.
pub fn answer(
    db: &Opened,
    kb: &KnowledgeBase,
    answers: &BTreeMap<String, bool>,
    items: &[ask::Item],
    source: CheckSource,
    clock: &Clock,
) -> Result<Answered> {
    if answers.is_empty() {
        let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
        return Err(UserError(if ids.is_empty() {
            "nothing answered, and no question is due".to_owned()
        } else {
            format!(
                "nothing answered: {} to answer ({})",
                if ids.len() == 1 {
                    "1 question".to_owned()
                } else {
                    format!("{} questions", ids.len())
                },
                ids.join(", ")
            )
        })
        .into());
    }
    check_answers(kb, answers, "answers")?;
    safety::save_check(db, kb, answers, source, clock.now)?;
    let standing = standing(db, kb, clock)?;
    Ok(Answered {
        answers: answers.clone(),
        unanswered: items
            .iter()
            .filter(|i| !answers.contains_key(&i.id))
            .map(|i| i.id.clone())
            .collect(),
        emergencies: emergencies(kb, answers),
        standing,
    })
}
