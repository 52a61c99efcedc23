//! Check items and their questions: every asked red flag (its question in
//! the knowledge base), every derived flag a note may name (its meaning,
//! asked as a question), and severe pain. Answers come from `--yes ID` /
//! `--no ID`, an answers file, or a terminal (inquire), where a "yes" to an
//! emergency question shows its instruction at once and stops the asking.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::knowledge::model::{FlagTier, FlagTrigger};
use backstride_core::safety::{SEVERE_PAIN, Standing};
use inquire::Confirm;

use crate::commands::UserError;

/// The question about severe pain.
pub const SEVERE_PAIN_QUESTION: &str =
    "Is your back pain still severe (9 or 10 out of 10), or getting worse from day to day?";

/// Largest answers file read, in bytes.
pub const MAX_ANSWERS_BYTES: u64 = 64 * 1024;

/// One question of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The check item: a red flag's ID or `severe-pain`.
    pub id: String,
    /// The question, answered yes or no.
    pub question: String,
    /// The instruction to show at once on "yes", for emergency flags.
    pub emergency: Option<String>,
}

/// The item `id`, if it is one.
pub fn item(kb: &KnowledgeBase, id: &str) -> Option<Item> {
    if id == SEVERE_PAIN {
        return Some(Item {
            id: id.to_owned(),
            question: SEVERE_PAIN_QUESTION.to_owned(),
            emergency: None,
        });
    }
    let flag = kb.red_flags.iter().find(|f| f.id == id)?;
    let question = match &flag.trigger {
        FlagTrigger::Asked(q) => q.clone(),
        FlagTrigger::Derived(_) if flag.tier > FlagTier::Routine => {
            format!("Does this apply to you now? {}", flag.suggests)
        }
        FlagTrigger::Derived(_) => return None,
    };
    Some(Item {
        id: flag.id.clone(),
        question,
        emergency: (flag.tier == FlagTier::Emergency).then(|| flag.action.clone()),
    })
}

/// Every item ID a check may answer, in order.
pub fn known_ids(kb: &KnowledgeBase) -> Vec<String> {
    kb.red_flags
        .iter()
        .filter_map(|f| item(kb, &f.id).map(|i| i.id))
        .chain(std::iter::once(SEVERE_PAIN.to_owned()))
        .collect()
}

/// The items a check asks: what would clear the standing flags, and every
/// asked question as well with `all` or when a check is due.
pub fn items_to_ask(kb: &KnowledgeBase, standing: &Standing, all: bool) -> Vec<Item> {
    let every = all || standing.check_due.is_due();
    known_ids(kb)
        .into_iter()
        .filter(|id| {
            standing.to_ask.contains(id) || (every && kb.asked_flags().any(|(f, _)| f.id == *id))
        })
        .filter_map(|id| item(kb, &id))
        .collect()
}

/// Checks that every answered ID is an item.
pub fn check_ids(
    kb: &KnowledgeBase,
    answers: &BTreeMap<String, bool>,
    origin: &str,
) -> Result<(), UserError> {
    let known = known_ids(kb);
    let unknown: Vec<&str> = answers
        .keys()
        .filter(|k| !known.contains(k))
        .map(String::as_str)
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(UserError(format!(
            "{origin}: unknown question {}; expected one of {}",
            unknown.join(", "),
            known.join(", ")
        )))
    }
}

/// Reads answers from a TOML file: `ID = true|false` at the top, or the
/// `[red_flags]` table of an answers file (docs/answers.md).
pub fn read_file(kb: &KnowledgeBase, path: &Path) -> Result<BTreeMap<String, bool>, UserError> {
    let name = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| UserError(format!("{name}: cannot read the check answers: {e}")))?
        .len();
    if size > MAX_ANSWERS_BYTES {
        return Err(UserError(format!(
            "{name}: {size} bytes is more than a check's answers ({MAX_ANSWERS_BYTES} bytes at most)"
        )));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| UserError(format!("{name}: cannot read the check answers: {e}")))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| UserError(format!("{name}: not TOML: {e}")))?;
    let mut out = BTreeMap::new();
    let nested = table.get("red_flags").and_then(|v| v.as_table());
    for (key, value) in nested.into_iter().flatten().chain(table.iter()) {
        if key == "red_flags" && value.is_table() {
            continue;
        }
        let Some(yes) = value.as_bool() else {
            // Other keys of a full answers file are not the check's business.
            if nested.is_some() {
                continue;
            }
            return Err(UserError(format!("{name}: `{key}` must be true or false")));
        };
        out.insert(key.clone(), yes);
    }
    check_ids(kb, &out, &name.to_string())?;
    Ok(out)
}

/// Asks, in a terminal, every item not yet in `answers`. A "yes" to an
/// emergency question prints its instruction at once and ends the asking;
/// it is returned.
pub fn ask_in_terminal(
    items: &[Item],
    answers: &mut BTreeMap<String, bool>,
) -> Result<Option<String>> {
    for item in items {
        if answers.contains_key(&item.id) {
            continue;
        }
        let yes = Confirm::new(&item.question)
            .with_help_message("y or n")
            .prompt()?;
        answers.insert(item.id.clone(), yes);
        if yes && let Some(action) = &item.emergency {
            emergency_now(action)?;
            return Ok(Some(action.clone()));
        }
    }
    Ok(None)
}

/// Prints an emergency instruction, loud, at once.
pub fn emergency_now(action: &str) -> Result<()> {
    let alert = anstyle::AnsiColor::Red.on_default().bold();
    crate::output::text(&format!("\n{alert}EMERGENCY: {action}{alert:#}\n\n"))?;
    Ok(())
}
