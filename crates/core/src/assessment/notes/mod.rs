//! Red flags in free-text notes: the knowledge base gives each red flag
//! plain-language phrases (`phrases` in `knowledge/red_flags.toml`) built
//! from shared word groups (`knowledge/note_words.toml`), and
//! [`flags_in_note`] says which flags a runner's note may mention, so a log
//! note such as "groin went numb on the long run" stops the plan like a
//! "yes" in the checklist would.
//!
//! The phrase notation and how a note is read live in [`crate::phrases`]
//! (docs/safety-notes.md says it for people); this module sets the
//! knowledge base's red flags against a note.
//!
//! When in doubt the matcher fires: a false alarm costs a question, a missed
//! red flag can cost much more.

use chrono::NaiveDate;

use crate::assessment::triage::FiredFlag;
use crate::knowledge::model::{KnowledgeBase, RedFlag};

use crate::phrases::reading::Reading;

/// A red flag a note mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteMatch<'kb> {
    /// The flag.
    pub flag: &'kb RedFlag,
    /// The phrase that matched, as written in the knowledge base.
    pub phrase: &'kb str,
}

/// The red flags a note mentions, each once, most urgent first (knowledge
/// base order breaking ties). Only flags at "soon" or above carry phrases.
pub fn flags_in_note<'kb>(kb: &'kb KnowledgeBase, note: &str) -> Vec<NoteMatch<'kb>> {
    let reading = Reading::new(&kb.note_rules, note);
    if reading.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<NoteMatch<'kb>> = kb
        .red_flags
        .iter()
        .filter_map(|flag| {
            flag.phrases
                .iter()
                .find(|p| reading.matches(p))
                .map(|p| NoteMatch {
                    flag,
                    phrase: p.text.as_str(),
                })
        })
        .collect();
    out.sort_by_key(|m| std::cmp::Reverse(m.flag.tier));
    out
}

/// A dated log note, as the shell read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedNote<'a> {
    /// The local day it was logged for.
    pub date: NaiveDate,
    /// What kind of log it belongs to, in words ("pain", "routine", ...).
    pub log: &'a str,
    /// The note.
    pub text: &'a str,
}

/// The red flags that log notes mention, as fired flags whose `because`
/// names the note and its date: one per flag (its latest note), most
/// urgent first. They stop the plan like a "yes" in the checklist.
pub fn flags_in_notes(kb: &KnowledgeBase, notes: &[LoggedNote<'_>]) -> Vec<FiredFlag> {
    let mut latest: Vec<(&RedFlag, LoggedNote<'_>)> = Vec::new();
    for note in notes {
        for m in flags_in_note(kb, note.text) {
            match latest.iter_mut().find(|(f, _)| f.id == m.flag.id) {
                Some((_, seen)) if seen.date <= note.date => *seen = *note,
                Some(_) => {}
                None => latest.push((m.flag, *note)),
            }
        }
    }
    let mut out: Vec<FiredFlag> = latest
        .into_iter()
        .map(|(flag, note)| FiredFlag {
            id: flag.id.clone(),
            suggests: flag.suggests.clone(),
            because: format!(
                "your {} note of {}: \u{201c}{}\u{201d}",
                note.log,
                note.date.format("%a %-d %b %Y"),
                note.text.trim()
            ),
            asked: false,
            tier: flag.tier,
            combined: false,
            action: flag.action.clone(),
            sources: flag.sources.clone(),
        })
        .collect();
    // Most urgent first; knowledge-base order breaks ties.
    let order = |id: &str| kb.red_flags.iter().position(|f| f.id == id);
    out.sort_by_key(|f| (std::cmp::Reverse(f.tier), order(&f.id)));
    out
}
