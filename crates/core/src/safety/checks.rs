//! Red-flag checks as the rule sees them, and the checklist they leave:
//! every asked question's answer, where a later check's answer replaces an
//! earlier one and a fresh answers file may add a "yes" but never take a
//! stored one away.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::knowledge::KnowledgeBase;

/// The check item for severe pain (not a red flag of the knowledge base:
/// it comes from the pain logs, see [`super::pain`]).
pub const SEVERE_PAIN: &str = "severe-pain";

/// One time the runner answered red-flag questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// When.
    pub at: DateTime<Utc>,
    /// Whether every asked red-flag question was answered (`assess`,
    /// `check --all`, or a check that was due).
    pub complete: bool,
    /// Item (red-flag ID or [`SEVERE_PAIN`]) -> answered yes.
    pub answers: BTreeMap<String, bool>,
}

impl Check {
    /// This check's answer for `item`: its own answer, else "no" for any
    /// red flag of the knowledge base when the check was complete (a whole
    /// assessment re-derives the flags it does not ask). Severe pain is
    /// answered only when asked.
    pub fn answer(&self, kb: &KnowledgeBase, item: &str) -> Option<bool> {
        if let Some(yes) = self.answers.get(item) {
            return Some(*yes);
        }
        (self.complete && kb.red_flags.iter().any(|f| f.id == item)).then_some(false)
    }
}

/// The latest answer to `item` and when it was given; the later check
/// wins a tie of times (checks come oldest first).
pub fn last_answer(
    kb: &KnowledgeBase,
    checks: &[Check],
    item: &str,
) -> Option<(DateTime<Utc>, bool)> {
    checks
        .iter()
        .filter_map(|c| c.answer(kb, item).map(|yes| (c.at, yes)))
        .max_by_key(|(at, _)| *at)
}

/// When every asked question was last answered.
pub fn last_complete(checks: &[Check]) -> Option<DateTime<Utc>> {
    checks.iter().filter(|c| c.complete).map(|c| c.at).max()
}

/// The red-flag checklist to assess with, for every asked flag:
///
/// - with a check newer than the saved answers, that check's answer;
/// - else the saved answers' answer, or "yes" if any check said yes since;
/// - in any case "yes" when `fresh` answers (an answers file given to this
///   command, not a check) say yes.
///
/// So a "yes" stands until a newer check answers "no", and a fresh file of
/// "no"s cannot clear it.
pub fn effective_checklist(
    kb: &KnowledgeBase,
    fresh: Option<&BTreeMap<String, bool>>,
    saved: Option<(&BTreeMap<String, bool>, DateTime<Utc>)>,
    checks: &[Check],
) -> BTreeMap<String, bool> {
    kb.asked_flags()
        .map(|(flag, _)| {
            let id = flag.id.as_str();
            let saved_yes = |m: &BTreeMap<String, bool>| m.get(id).copied().unwrap_or(false);
            let stored = match (last_answer(kb, checks, id), saved) {
                (Some((at, yes)), Some((_, saved_at))) if at >= saved_at => yes,
                (Some((_, yes)), Some((m, _))) => yes || saved_yes(m),
                (Some((_, yes)), None) => yes,
                (None, Some((m, _))) => saved_yes(m),
                (None, None) => false,
            };
            let fresh_yes = fresh.is_some_and(saved_yes);
            (id.to_owned(), stored || fresh_yes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::embedded().expect("embedded knowledge base")
    }

    fn t(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, hour, 0, 0)
            .single()
            .expect("valid time")
    }

    fn check(hour: u32, complete: bool, answers: &[(&str, bool)]) -> Check {
        Check {
            at: t(hour),
            complete,
            answers: answers.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
        }
    }

    fn all_no(kb: &KnowledgeBase) -> BTreeMap<String, bool> {
        kb.asked_flags()
            .map(|(f, _)| (f.id.clone(), false))
            .collect()
    }

    #[test]
    fn a_newer_check_replaces_the_saved_answer_and_a_fresh_file_cannot_clear_a_yes() {
        let kb = kb();
        let mut saved = all_no(&kb);
        saved.insert("saddle-numbness".into(), true);
        // Saved yes, a later check says no: cleared.
        let cleared = effective_checklist(
            &kb,
            None,
            Some((&saved, t(8))),
            &[check(9, false, &[("saddle-numbness", false)])],
        );
        assert_eq!(cleared.get("saddle-numbness"), Some(&false));
        // A check said yes, then clean answers were saved (plan --answers):
        // the yes stands.
        let clean = all_no(&kb);
        let stands = effective_checklist(
            &kb,
            Some(&clean),
            Some((&clean, t(10))),
            &[check(9, false, &[("fever-infection", true)])],
        );
        assert_eq!(stands.get("fever-infection"), Some(&true));
        // A fresh yes always counts.
        let mut fresh = all_no(&kb);
        fresh.insert("weight-loss".into(), true);
        let yes = effective_checklist(&kb, Some(&fresh), None, &[check(9, true, &[])]);
        assert_eq!(yes.get("weight-loss"), Some(&true));
        assert_eq!(yes.get("saddle-numbness"), Some(&false));
        assert_eq!(yes.len(), kb.asked_flags().count());
    }

    #[test]
    fn a_complete_check_answers_every_flag_but_not_severe_pain() {
        let kb = kb();
        let c = check(9, true, &[("saddle-numbness", true)]);
        assert_eq!(c.answer(&kb, "saddle-numbness"), Some(true));
        assert_eq!(c.answer(&kb, "non-mechanical-pain"), Some(false));
        assert_eq!(c.answer(&kb, SEVERE_PAIN), None);
        let partial = check(10, false, &[("bladder-bowel", false)]);
        assert_eq!(partial.answer(&kb, "saddle-numbness"), None);
        let both = [c, partial];
        assert_eq!(
            last_answer(&kb, &both, "saddle-numbness"),
            Some((t(9), true))
        );
        assert_eq!(last_complete(&both), Some(t(9)));
    }
}
