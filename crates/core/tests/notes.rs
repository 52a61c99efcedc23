//! Red flags in log notes: every phrase of the knowledge base fires on its
//! own words and not when they are denied, matching ignores case and
//! spacing, never panics, only gains flags when a sentence is added, and
//! ordinary running notes raise nothing. Broken word data is refused with
//! the file and item named. (The large phrase set is `notes_phrases.rs`.)

mod support;

use std::sync::OnceLock;

use backstride_core::assessment::notes::{LoggedNote, flags_in_note, flags_in_notes};
use backstride_core::knowledge::{EMBEDDED, KnowledgeBase, KnowledgeTexts};
use backstride_core::phrases::{Phrase, Word};
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

/// The examples docs/safety-notes.md gives, each with what it says happens.
#[test]
fn the_examples_of_the_safety_notes_hold() {
    for (note, flag) in [
        ("my groin won't stop tingling", "saddle-numbness"),
        ("numb bum", "saddle-numbness"),
        ("no feeling in my groin", "saddle-numbness"),
        ("grion numb", "saddle-numbness"),
        ("sadle numbness", "saddle-numbness"),
        ("blader control gone", "bladder-bowel"),
        ("siatica again", "radicular-leg-pain"),
        ("had a melonoma removed", "cancer-history"),
        ("legs numbess", "both-legs"),
        ("temperature of 39", "fever-infection"),
        ("temp 38.2", "fever-infection"),
        ("fever 101", "fever-infection"),
        ("38.5 degrees", "fever-infection"),
        ("102F", "fever-infection"),
        ("39\u{b0}C", "fever-infection"),
        ("lost 5 kg without trying", "weight-loss"),
        ("lost half a stone, not dieting", "weight-loss"),
        ("a stone lighter and no idea why", "weight-loss"),
        ("no fever, numb groin", "saddle-numbness"),
        ("no idea why my groin is numb", "saddle-numbness"),
        ("not sure if it's a fever", "fever-infection"),
        ("no control over my bladder", "bladder-bowel"),
        ("can't feel my legs", "both-legs"),
        ("not able to pee", "bladder-bowel"),
        ("haven't peed since last night", "bladder-bowel"),
        (
            "never had tingling in my groin like this",
            "saddle-numbness",
        ),
        ("no tingling in my groin until now", "saddle-numbness"),
        ("bowel control not great", "bladder-bowel"),
        ("club run with a fever", "fever-infection"),
        ("ran with my sister, groin numb", "saddle-numbness"),
        (
            "my wife says I've lost weight and I'm not dieting",
            "weight-loss",
        ),
        ("numb bum after the ride", "saddle-numbness"),
    ] {
        assert!(
            ids(note).contains(&flag.to_owned()),
            "{note:?} -> {:?}",
            ids(note)
        );
    }
    for note in [
        "ran 39 minutes",
        "temps around 5 degrees",
        "fewer miles",
        "hills, then chilly",
        "the chemist said ibuprofen",
        "haven't had any fever",
        "no signs of numbness in the groin",
        "no numbness or tingling in the groin",
        "bladder fine",
        "bowels and bladder normal",
        "saddle numbness: none",
        "my kid has a fever",
        "wife's sciatica",
        "mum had breast cancer",
        "dad died of cancer",
        "family history of cancer",
        "cabin fever",
        "hay fever",
        "the crowd gave me chills",
        "tearing up the track",
        "legs numb with cold",
        "saddle sore",
        "hours in the saddle, legs tired",
        "balls of my feet numb",
        "chest strap rubbed",
        "cancer research 10k",
        "ran at night, back sore",
        "fell asleep on my back",
    ] {
        assert!(ids(note).is_empty(), "{note:?} -> {:?}", ids(note));
    }
}

/// Writes one alternative as note words, completing `*` words.
fn words(alt: &[Word], suffix: &str) -> String {
    alt.iter()
        .map(|w| match w {
            Word::Exact(e) => e.clone(),
            Word::Prefix(p) => format!("{p}{suffix}"),
            Word::Number { min, .. } => format!("{}.{:03}", min / 1000, min % 1000),
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
        // A longer alternative that ends in a shorter one of the same part
        // ("both of my legs" in "my legs", "gone dead" in "dead") is also
        // read as the shorter one alone, which starts further from the
        // negation than a negation reaches: the matcher keeps what it
        // cannot clear for certain, and asks. So the denial is checked on
        // the shortest alternative the chosen one ends in.
        let first = &phrase.parts[0];
        let chosen = &first[alt_picks[0].index(first.len())];
        let shortest = first
            .iter()
            .filter(|alt| chosen.ends_with(alt))
            .min_by_key(|alt| alt.len())
            .unwrap_or(chosen);
        let mut said = parts.clone();
        said[0] = words(shortest, &suffix);
        let denied = format!("Today {negation} {}.", said.join(" "));
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

/// Notes that name a warning sign plainly, with no denial: adding one to
/// any note must add its flag and take none away.
const SYMPTOM_SENTENCES: [&str; 12] = [
    "My groin went numb on the run",
    "I peed myself",
    "Both legs are tingling",
    "Fever of 39 since Sunday",
    "I had cancer in 2019",
    "Lost 5 kg without trying",
    "The pain wakes me at night",
    "Fell on the ice and landed on my back",
    "Chest pain on the hill",
    "Foot drop on the right",
    "Sciatica down my left leg",
    "Can't wee",
];

/// Words that make up random notes: symptoms, denials, other people,
/// figures of speech and glue.
const SOUP: [&str; 48] = [
    "no", "not", "never", "won't", "stop", "numb", "numbness", "groin", "saddle", "sore", "fever",
    "cabin", "chills", "and", "but", "my", "kid", "has", "I", "pee", "can't", "bladder", "fine",
    "ok", "legs", "gave", "out", "both", "39", "38.5", "degrees", "temp", "lost", "5", "kg",
    "without", "trying", "cancer", "charity", "fell", "on", "ice", ",", ".", "-", ":", "like",
    "this",
];

fn soup(words: &[&str]) -> String {
    words.join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any text at all is read without a panic.
    #[test]
    fn matching_never_panics(note in any::<String>(), more in "\\PC{0,200}") {
        let _ = flags_in_note(kb(), &note);
        let _ = flags_in_note(kb(), &more);
        let _ = flags_in_note(kb(), &format!("{note}{more}"));
    }

    /// A plain symptom sentence added before or after any note raises its
    /// own flags and keeps every flag the note raised alone.
    #[test]
    fn an_added_symptom_sentence_only_adds_flags(
        words in proptest::collection::vec(prop::sample::select(SOUP.to_vec()), 0..20),
        noise in "\\PC{0,40}",
        pick in any::<prop::sample::Index>(),
        before in any::<bool>(),
    ) {
        let sentence = SYMPTOM_SENTENCES[pick.index(SYMPTOM_SENTENCES.len())];
        let own = ids(sentence);
        prop_assert!(!own.is_empty(), "{sentence:?} raises nothing");
        for note in [soup(&words), noise.clone(), format!("{} {noise}", soup(&words))] {
            let alone = ids(&note);
            let joined = if before {
                format!("{sentence}. {note}")
            } else {
                format!("{note}. {sentence}")
            };
            let both = ids(&joined);
            for id in alone.iter().chain(&own) {
                prop_assert!(both.contains(id), "{joined:?} lost {id}: {both:?}");
            }
        }
    }

    /// Upper or lower case and the kind and amount of spacing never change
    /// which flags a note raises.
    #[test]
    fn case_and_spacing_do_not_matter(
        words in proptest::collection::vec(prop::sample::select(SOUP.to_vec()), 0..20),
        mask in proptest::collection::vec(any::<bool>(), 1..12),
        spaces in proptest::collection::vec(prop::sample::select(vec![" ", "  ", "\t", " \t ", "   "]), 1..8),
    ) {
        let text = soup(&words);
        let spaced: String = text
            .split(' ')
            .enumerate()
            .map(|(i, w)| format!("{}{w}", if i == 0 { "" } else { spaces[i % spaces.len()] }))
            .collect();
        let padded = format!("{}{spaced}{}", spaces[0], spaces[spaces.len() - 1]);
        let expected = ids(&text);
        prop_assert_eq!(&expected, &ids(&recase(&padded, &mask)));
        prop_assert_eq!(&expected, &ids(&text.to_uppercase()));
    }
}

/// The errors of the knowledge base with note_words.toml replaced.
fn errors_with_words(text: String) -> Vec<String> {
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    let texts = KnowledgeTexts {
        note_words: leaked,
        ..EMBEDDED
    };
    match KnowledgeBase::from_texts(&texts) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn broken_word_data_is_refused_with_file_and_item() {
    let words = EMBEDDED.note_words;
    let expect = |text: String, item: &str, problem: &str| {
        let errors = errors_with_words(text);
        assert!(
            errors
                .iter()
                .any(|e| e.contains("note_words.toml") && e.contains(item) && e.contains(problem)),
            "{item}: {problem}: {errors:?}"
        );
    };
    // A bad word in a group names the group.
    expect(
        words.replacen("\"numbness\",", "\"Numbness\",", 1),
        "numb",
        "`Numbness`",
    );
    // A group entry naming another group.
    expect(
        words.replacen("\"numbness\",", "\"@pain\",", 1),
        "numb",
        "cannot name another group",
    );
    // The same entry twice.
    expect(
        words.replacen("\"numbness\",", "\"numbness\", \"numbness\",", 1),
        "numb",
        "listed twice",
    );
    // A group no phrase uses.
    expect(
        format!("{words}\n[[group]]\nid = \"spare\"\nwords = [\"spare\"]\n"),
        "spare",
        "used by no phrase",
    );
    // A bad mask, a bad person word, a runner word as another person.
    expect(
        words.replacen("\"cabin fever\",", "\"cabin fever!\",", 1),
        "ignore",
        "`cabin fever!`",
    );
    expect(
        words.replacen("\"kid\",", "\"Kid\",", 1),
        "others",
        "lowercase",
    );
    expect(
        words.replacen("\"kid\",", "\"kid\", \"me\",", 1),
        "others",
        "the runner",
    );
    // A bad number range.
    expect(
        words.replacen("{37.8-45}", "{45-37.8}", 1),
        "fever-reading",
        "min at most max",
    );
}

#[test]
fn a_phrase_naming_a_missing_group_names_flag_and_group() {
    let flags = EMBEDDED.red_flags.replacen("@wet-myself", "@wet-mysef", 1);
    let leaked: &'static str = Box::leak(flags.into_boxed_str());
    let texts = KnowledgeTexts {
        red_flags: leaked,
        ..EMBEDDED
    };
    let errors: Vec<String> = match KnowledgeBase::from_texts(&texts) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    };
    assert!(
        errors.iter().any(|e| e.contains("red_flags.toml")
            && e.contains("bladder-bowel")
            && e.contains("`@wet-mysef` names no word group")),
        "{errors:?}"
    );
}

/// Found by the property test above: "no change in diet" is a symptom's
/// own words (weight lost for no reason), not an all-clear like "no
/// change" after a symptom would be.
#[test]
fn a_no_that_belongs_to_the_symptom_is_no_all_clear() {
    assert!(ids("Today weight falling off no change in diet.").contains(&"weight-loss".to_owned()));
    assert!(ids("weight dropping, no change in diet").contains(&"weight-loss".to_owned()));
}
