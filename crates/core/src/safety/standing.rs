//! The rule itself: from the answers' flags, the checks, the notes and the
//! pain scores, which red flags stand now, which questions would clear
//! them, and whether a check is due ([`standing`]). What counts for a note
//! or a pain score is when it was *told*, never the day it describes, and
//! nothing here depends on the range a command shows.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::assessment::notes::{LoggedNote, flags_in_note, flags_in_notes};
use crate::assessment::triage::FiredFlag;
use crate::knowledge::KnowledgeBase;
use crate::knowledge::model::{FlagTier, FlagTrigger};
use crate::local_day::{Zone, day_in};

use super::checks::{Check, SEVERE_PAIN, last_answer, last_complete};
use super::pain::{CheckDue, DueInputs, ToldPain, check_due, severe_flag, severe_pain_flag};

/// A log note with when it was told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToldNote<'a> {
    /// When it was told (logged).
    pub told: DateTime<Utc>,
    /// The local day it describes.
    pub date: NaiveDate,
    /// What kind of log ("pain", "routine", ...).
    pub log: &'a str,
    /// The note.
    pub text: &'a str,
}

/// Everything the rule reads.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The knowledge base.
    pub kb: &'a KnowledgeBase,
    /// The triage's flags for the answers assessed with
    /// [`super::effective_checklist`] (any tier; routine ones do not stop).
    pub answer_flags: &'a [FiredFlag],
    /// Every check, oldest first.
    pub checks: &'a [Check],
    /// Log notes (those told before the latest check may be left out).
    pub notes: &'a [ToldNote<'a>],
    /// Every pain score.
    pub pains: &'a [ToldPain],
    /// When the saved answers were saved (the four-week clock also runs
    /// from answers given to `plan`).
    pub answers_saved: Option<DateTime<Utc>>,
    /// Whether a plan is running today.
    pub plan_running: bool,
    /// Today.
    pub today: NaiveDate,
    /// The runner's time zone, to put instants on days
    /// ([`crate::local_day`]).
    pub zone: &'a dyn Zone,
}

/// What stands now.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Standing {
    /// Every standing flag that stops the plan, most urgent first (the
    /// answers' flags above routine and [`Standing::from_logs`]).
    pub flags: Vec<FiredFlag>,
    /// The ones from log notes, severe pain, and "yes" answers in checks to
    /// questions the answers file does not hold.
    pub from_logs: Vec<FiredFlag>,
    /// The check items whose answers would clear what stands: asked red
    /// flags answered yes, flags that notes may name, severe pain. In
    /// knowledge-base order, severe pain last.
    pub to_ask: Vec<String>,
    /// Whether the red-flag questions are due again, and why.
    pub check_due: CheckDue,
}

impl Standing {
    /// Whether plan, plan --adapt and insights must stop (exit code 3).
    pub fn stops(&self) -> bool {
        !self.flags.is_empty() || self.check_due.is_due()
    }
}

fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// Applies the rule.
pub fn standing(i: &Inputs<'_>) -> Standing {
    let kb = i.kb;
    let answered_after = |item: &str, told: DateTime<Utc>| {
        last_answer(kb, i.checks, item).is_some_and(|(at, _)| at >= told)
    };

    // Notes: each flag a note may name stands if the note was told after
    // the latest answer to that flag's question.
    let mut by_flag: BTreeMap<&str, Vec<LoggedNote<'_>>> = BTreeMap::new();
    for note in i.notes {
        for m in flags_in_note(kb, note.text) {
            if !answered_after(&m.flag.id, note.told) {
                by_flag
                    .entry(m.flag.id.as_str())
                    .or_default()
                    .push(LoggedNote {
                        date: note.date,
                        log: note.log,
                        text: note.text,
                    });
            }
        }
    }
    let mut from_logs: Vec<FiredFlag> = by_flag
        .iter()
        .filter_map(|(id, notes)| {
            flags_in_notes(kb, notes)
                .into_iter()
                .find(|f| f.id.as_str() == *id)
        })
        .collect();

    // "Yes" in a check to a question the answers file does not hold: a
    // derived flag a note touched, or severe pain.
    for flag in &kb.red_flags {
        if let FlagTrigger::Derived(_) = flag.trigger
            && flag.tier > FlagTier::Routine
            && let Some((at, true)) = last_answer(kb, i.checks, &flag.id)
            && !from_logs.iter().any(|f| f.id == flag.id)
        {
            from_logs.push(FiredFlag {
                id: flag.id.clone(),
                suggests: flag.suggests.clone(),
                because: format!(
                    "you answered yes in your red-flag check of {}",
                    day(day_in(at, i.zone))
                ),
                asked: true,
                tier: flag.tier,
                combined: false,
                action: flag.action.clone(),
                sources: flag.sources.clone(),
            });
        }
    }
    let severe_asked = last_answer(kb, i.checks, SEVERE_PAIN);
    let severe = match severe_asked {
        Some((at, true)) => Some(severe_flag(format!(
            "you said in your red-flag check of {} that your pain is still severe or getting worse",
            day(day_in(at, i.zone))
        ))),
        Some((at, false)) => severe_pain_flag(i.pains, Some(at)),
        None => severe_pain_flag(i.pains, None),
    };
    from_logs.extend(severe);
    let order = |id: &str| {
        kb.red_flags
            .iter()
            .position(|f| f.id == id)
            .unwrap_or(usize::MAX)
    };
    from_logs.sort_by_key(|f| (std::cmp::Reverse(f.tier), order(&f.id)));

    let mut flags: Vec<FiredFlag> = from_logs
        .iter()
        .cloned()
        .chain(
            i.answer_flags
                .iter()
                .filter(|f| f.tier > FlagTier::Routine)
                .cloned(),
        )
        .collect();
    flags.sort_by_key(|f| std::cmp::Reverse(f.tier));

    let mut to_ask: Vec<String> = flags
        .iter()
        .filter(|f| f.asked || from_logs.iter().any(|l| l.id == f.id))
        .map(|f| f.id.clone())
        .collect();
    to_ask.sort_by_key(|id| order(id));
    to_ask.dedup();

    let last_complete = last_complete(i.checks);
    let check_due = check_due(&DueInputs {
        pains: i.pains,
        last_complete,
        last_answered_all: last_complete.max(i.answers_saved),
        plan_running: i.plan_running,
        today: i.today,
        zone: i.zone,
    });
    Standing {
        flags,
        from_logs,
        to_ask,
        check_due,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Region;
    use chrono::TimeZone;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::embedded().expect("embedded knowledge base")
    }

    fn t(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
            .single()
            .expect("valid time")
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).expect("valid date")
    }

    fn check(at: DateTime<Utc>, complete: bool, answers: &[(&str, bool)]) -> Check {
        Check {
            at,
            complete,
            answers: answers.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
        }
    }

    fn run(
        kb: &KnowledgeBase,
        checks: &[Check],
        notes: &[ToldNote<'_>],
        pains: &[ToldPain],
    ) -> Standing {
        standing(&Inputs {
            kb,
            answer_flags: &[],
            checks,
            notes,
            pains,
            answers_saved: None,
            plan_running: false,
            today: d(25),
            zone: &chrono::Utc,
        })
    }

    #[test]
    fn a_backdated_note_told_after_the_check_stands_and_a_later_no_clears_it() {
        let kb = kb();
        // Describes 20 Nov, told on 25 Nov, after a complete check on 22 Nov.
        let note = ToldNote {
            told: t(25, 9),
            date: d(20),
            log: "pain",
            text: "groin went numb on the long run",
        };
        let checks = vec![check(t(22, 9), true, &[])];
        let s = run(&kb, &checks, &[note], &[]);
        assert!(s.stops());
        assert_eq!(s.flags[0].id, "saddle-numbness");
        assert!(
            s.to_ask.contains(&"saddle-numbness".to_owned()),
            "{:?}",
            s.to_ask
        );
        // Told before the check: cleared by it.
        let old = ToldNote {
            told: t(21, 9),
            ..note
        };
        assert!(!run(&kb, &checks, &[old], &[]).stops());
        // A later "no" to the touched question clears the note.
        let mut later = checks.clone();
        later.push(check(t(25, 10), false, &[("saddle-numbness", false)]));
        assert!(!run(&kb, &later, &[note], &[]).stops());
        // A later "yes" keeps a flag standing through the answers (the
        // shell assesses the effective checklist), not through the note.
        let mut yes = checks;
        yes.push(check(t(25, 10), false, &[("saddle-numbness", true)]));
        assert!(run(&kb, &yes, &[note], &[]).from_logs.is_empty());
    }

    #[test]
    fn severe_pain_and_derived_yes_answers_stand_until_answered_no() {
        let kb = kb();
        let pains = [ToldPain {
            told: t(24, 20),
            date: d(24),
            region: Region::LowerBack,
            nrs: 10,
        }];
        let s = run(&kb, &[check(t(20, 9), true, &[])], &[], &pains);
        assert_eq!(s.flags[0].id, SEVERE_PAIN);
        assert_eq!(s.to_ask, [SEVERE_PAIN]);
        assert!(s.check_due.is_due(), "10/10 is also 7/10 or more");
        let cleared = [
            check(t(20, 9), true, &[]),
            check(t(25, 9), true, &[(SEVERE_PAIN, false)]),
        ];
        assert!(!run(&kb, &cleared, &[], &pains).stops());
        let yes = [check(t(25, 9), false, &[("non-mechanical-pain", true)])];
        let s = run(&kb, &yes, &[], &[]);
        assert_eq!(s.flags[0].id, "non-mechanical-pain");
        assert!(
            s.flags[0].because.contains("Wed 25 Nov 2026"),
            "{}",
            s.flags[0].because
        );
    }
}
