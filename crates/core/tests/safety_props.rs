//! The standing rule over arbitrary histories: once a warning sign is told
//! (a note, severe pain, a "yes" in a check), nothing that follows stops
//! it from standing except a check that answers its question "no": not
//! calm notes, lower scores, checks of other questions, nor the day the
//! command runs on.

use std::collections::BTreeMap;

use backstride_core::assessment::triage::triage;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::profile::Region;
use backstride_core::safety::{
    Check, Inputs, SEVERE_PAIN, ToldNote, ToldPain, effective_checklist, standing,
};
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

/// Notes that name one warning sign, with the check item they touch.
const FLAGGED: [(&str, &str); 4] = [
    ("groin went numb on the long run", "saddle-numbness"),
    ("can't pee since this morning", "bladder-bowel"),
    ("fever and chills since Monday", "fever-infection"),
    ("both legs numb after the run", "both-legs"),
];

/// Notes that name none.
const CALM: [&str; 3] = ["felt fine", "easy run", "stiff in the morning, eased"];

/// Questions no flagged note above touches.
const OTHER: [&str; 3] = [
    "deformity-lump",
    "osteoporosis-steroids",
    "chest-or-tearing-pain",
];

#[derive(Debug, Clone)]
enum Event {
    CalmNote(usize),
    Pain(u8),
    CheckOther(usize, bool),
    CompleteCheckBefore,
}

#[derive(Debug, Clone)]
enum Raise {
    Note(usize, u64),
    Severe(u8),
    Yes(usize),
}

fn kb() -> KnowledgeBase {
    KnowledgeBase::embedded().expect("embedded knowledge base")
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 8, 0, 0)
        .single()
        .expect("valid time")
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        (0..CALM.len()).prop_map(Event::CalmNote),
        (0u8..=8).prop_map(Event::Pain),
        ((0..OTHER.len()), any::<bool>()).prop_map(|(i, y)| Event::CheckOther(i, y)),
        Just(Event::CompleteCheckBefore),
    ]
}

fn raise() -> impl Strategy<Value = Raise> {
    prop_oneof![
        ((0..FLAGGED.len()), 0u64..60).prop_map(|(i, back)| Raise::Note(i, back)),
        (9u8..=10).prop_map(Raise::Severe),
        (0..FLAGGED.len()).prop_map(Raise::Yes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_told_warning_sign_stands_until_its_question_is_answered_no(
        before in proptest::collection::vec(event(), 0..6),
        raised in raise(),
        after in proptest::collection::vec(event(), 0..6),
        today_off in 0u64..400,
    ) {
        let kb = kb();
        let mut checks: Vec<Check> = Vec::new();
        let mut notes: Vec<(DateTime<Utc>, NaiveDate, String)> = Vec::new();
        let mut pains: Vec<ToldPain> = Vec::new();
        let mut t = start();
        let tick = |t: &mut DateTime<Utc>| {
            *t += chrono::Duration::hours(7);
            *t
        };
        let all_no = |at| Check { at, complete: true, answers: BTreeMap::new() };
        let apply = |e: &Event, at: DateTime<Utc>, checks: &mut Vec<Check>, notes: &mut Vec<_>, pains: &mut Vec<ToldPain>, after_raise: bool| {
            let date = at.date_naive();
            match e {
                Event::CalmNote(i) => notes.push((at, date, CALM[*i].to_owned())),
                Event::Pain(nrs) => pains.push(ToldPain { told: at, date, region: Region::LowerBack, nrs: *nrs }),
                Event::CheckOther(i, yes) => checks.push(Check {
                    at,
                    complete: false,
                    answers: BTreeMap::from([(OTHER[*i].to_owned(), *yes)]),
                }),
                // After the raise a complete check would clear it, so it is
                // only made before.
                Event::CompleteCheckBefore if !after_raise => checks.push(all_no(at)),
                Event::CompleteCheckBefore => {}
            }
        };
        for e in &before {
            let at = tick(&mut t);
            apply(e, at, &mut checks, &mut notes, &mut pains, false);
        }
        let at = tick(&mut t);
        let item = match &raised {
            Raise::Note(i, back) => {
                // Told now, about a day up to 60 days earlier.
                let date = at.date_naive().checked_sub_days(Days::new(*back)).expect("date");
                notes.push((at, date, FLAGGED[*i].0.to_owned()));
                FLAGGED[*i].1
            }
            Raise::Severe(nrs) => {
                pains.push(ToldPain { told: at, date: at.date_naive(), region: Region::LowerBack, nrs: *nrs });
                SEVERE_PAIN
            }
            Raise::Yes(i) => {
                checks.push(Check { at, complete: false, answers: BTreeMap::from([(FLAGGED[*i].1.to_owned(), true)]) });
                FLAGGED[*i].1
            }
        };
        for e in &after {
            let at = tick(&mut t);
            apply(e, at, &mut checks, &mut notes, &mut pains, true);
        }
        let told: Vec<ToldNote<'_>> = notes
            .iter()
            .map(|(told, date, text)| ToldNote { told: *told, date: *date, log: "pain", text })
            .collect();
        let today = start().date_naive().checked_add_days(Days::new(today_off)).expect("date");
        let s = rule(&kb, &checks, &told, &pains, today, today_off % 2 == 0);
        prop_assert!(s.stops());
        prop_assert!(s.flags.iter().any(|f| f.id == item), "{item} not in {:?}", s.flags);
        prop_assert!(s.to_ask.iter().any(|i| i == item), "{item} not asked: {:?}", s.to_ask);

        // The one way out: a check answering that question "no".
        checks.push(Check {
            at: tick(&mut t),
            complete: false,
            answers: BTreeMap::from([(item.to_owned(), false)]),
        });
        let s = rule(&kb, &checks, &told, &pains, today, false);
        prop_assert!(!s.flags.iter().any(|f| f.id == item), "{item} still in {:?}", s.flags);
    }
}

/// The rule as the shell applies it: a "yes" to an asked question stands
/// through the answers' triage of the effective checklist.
fn rule(
    kb: &KnowledgeBase,
    checks: &[Check],
    notes: &[ToldNote<'_>],
    pains: &[ToldPain],
    today: NaiveDate,
    plan_running: bool,
) -> backstride_core::safety::Standing {
    let checklist = effective_checklist(kb, None, None, checks);
    let answer_flags = triage(kb, &checklist, &Default::default()).fired;
    standing(&Inputs {
        kb,
        answer_flags: &answer_flags,
        checks,
        notes,
        pains,
        answers_saved: None,
        plan_running,
        today,
        zone: &chrono::Utc,
    })
}
