//! Red flags in log notes: every phrase of the knowledge base fires on its
//! own words and not when they are denied, matching ignores case, and
//! ordinary running notes raise nothing.

mod support;

use std::sync::OnceLock;

use backstride_core::assessment::notes::{LoggedNote, Phrase, Word, flags_in_note, flags_in_notes};
use backstride_core::knowledge::KnowledgeBase;
use proptest::prelude::*;
use support::date;

/// The knowledge base, loaded once for the whole file.
fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(support::kb)
}

fn ids(note: &str) -> Vec<String> {
    flags_in_note(kb(), note)
        .into_iter()
        .map(|m| m.flag.id.clone())
        .collect()
}

#[test]
fn plain_words_for_each_warning_sign() {
    for (note, flag) in [
        ("Groin went numb on the long run", "saddle-numbness"),
        ("No fever, but my groin feels numb", "saddle-numbness"),
        ("I can't control my bladder since Tuesday", "bladder-bowel"),
        ("Both legs tingling after the run", "both-legs"),
        ("back hurts after a fall on the ice", "serious-trauma"),
        ("Chest pain on the last hill", "chest-or-tearing-pain"),
        ("Fever and chills since Sunday", "fever-infection"),
        ("Lost weight without trying this month", "weight-loss"),
        (
            "Night pain again, worse than last week",
            "non-mechanical-pain",
        ),
        ("Pain woke me at 3am", "non-mechanical-pain"),
        ("sciatica flaring down my left leg", "radicular-leg-pain"),
        (
            "foot drop on the right, tripping a lot",
            "progressive-weakness",
        ),
    ] {
        assert!(
            ids(note).contains(&flag.to_owned()),
            "{note:?} -> {:?}",
            ids(note)
        );
    }
}

#[test]
fn denials_and_ordinary_running_notes_raise_nothing() {
    for note in [
        "no numbness in the groin",
        "No fever.",
        "Didn't have any chest pain",
        "haven't lost weight",
        "no night pain this week",
        "Legs tired and heavy after intervals",
        "chest strap chafed a bit",
        "fell asleep early, long run tomorrow",
        "ran the cancer charity 10k, lower back sore",
        "kept a constant pace, back fine",
        "pace fell off in the last 5k",
        "sore lower back after hills, 3/10",
        "",
    ] {
        assert!(ids(note).is_empty(), "{note:?} -> {:?}", ids(note));
    }
}

#[test]
fn notes_name_their_date_and_keep_the_latest_per_flag() {
    let notes = [
        LoggedNote {
            date: date(2026, 11, 20),
            log: "pain",
            text: "slight fever",
        },
        LoggedNote {
            date: date(2026, 11, 22),
            log: "routine",
            text: "fever again",
        },
        LoggedNote {
            date: date(2026, 11, 21),
            log: "pain",
            text: "saddle numbness after the ride",
        },
    ];
    let flags = flags_in_notes(kb(), &notes);
    let got: Vec<&str> = flags.iter().map(|f| f.id.as_str()).collect();
    // The emergency first, then the urgent one.
    assert_eq!(got, ["saddle-numbness", "fever-infection"]);
    assert!(flags[1].because.contains("routine note of Sun 22 Nov 2026"));
    assert!(flags[1].because.contains("fever again"));
    assert!(
        flags
            .iter()
            .all(|f| !f.sources.is_empty() && !f.action.is_empty())
    );
}

/// Writes one alternative as note words, completing `*` words.
fn words(alt: &[Word], suffix: &str) -> String {
    alt.iter()
        .map(|w| match w {
            Word::Exact(e) => e.clone(),
            Word::Prefix(p) => format!("{p}{suffix}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every phrase of the knowledge base with its flag.
fn phrases() -> Vec<(String, Phrase)> {
    kb().red_flags
        .iter()
        .flat_map(|f| f.phrases.iter().map(|p| (f.id.clone(), p.clone())))
        .collect()
}

/// Random upper and lower case, letter by letter.
fn recase(text: &str, mask: &[bool]) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if mask.get(i % mask.len().max(1)).copied().unwrap_or(false) {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Each phrase fires on its own words (any alternative, any completion
    /// of a `*` word, any case) and not once its first part is denied.
    #[test]
    fn every_phrase_fires_and_its_denial_does_not(
        pick in any::<prop::sample::Index>(),
        alt_picks in proptest::collection::vec(any::<prop::sample::Index>(), 4),
        suffix in "[a-z]{0,4}",
        negation in prop::sample::select(vec!["no", "not", "never", "without", "didn't have any", "haven't had"]),
        mask in proptest::collection::vec(any::<bool>(), 1..12),
    ) {
        let all = phrases();
        let (flag, phrase) = &all[pick.index(all.len())];
        let parts: Vec<String> = phrase
            .parts
            .iter()
            .zip(alt_picks.iter().cycle())
            .map(|(part, i)| words(&part[i.index(part.len())], &suffix))
            .collect();
        let note = format!("Today {}.", parts.join(" "));
        prop_assert!(phrase.matches(&note), "{:?} misses {:?}", phrase.text, note);
        let shouted = recase(&note, &mask);
        prop_assert!(phrase.matches(&shouted), "{:?} misses {:?}", phrase.text, shouted);
        prop_assert!(ids(&shouted).contains(flag));
        let denied = format!("Today {negation} {}.", parts.join(" "));
        prop_assert!(!phrase.matches(&denied), "{:?} fires on {:?}", phrase.text, denied);
    }

    /// Case never changes which flags a note raises.
    #[test]
    fn matching_ignores_case(
        note in proptest::collection::vec(
            prop::sample::select(vec![
                "no", "not", "numb", "numbness", "groin", "saddle", "fever", "chills", "and", "but",
                "pain", "at", "night", "chest", "legs", "both", "tingling", ",", ".", "my", "back",
                "sciatica", "lost", "weight", "without", "trying", "can't", "control", "bladder",
            ]),
            0..14,
        ),
        mask in proptest::collection::vec(any::<bool>(), 1..12),
    ) {
        let text = note.join(" ");
        prop_assert_eq!(ids(&text), ids(&recase(&text, &mask)));
        prop_assert_eq!(ids(&text), ids(&text.to_uppercase()));
    }
}
