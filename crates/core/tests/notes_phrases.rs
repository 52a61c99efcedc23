//! The phrase set (`notes_phrases.toml`): several hundred everyday log notes,
//! about half naming a warning sign and half naming none, run through the
//! matcher. It prints recall and false-alarm rate and holds the matcher to
//! them: every note naming an emergency sign fires it, overall recall stays
//! at 98 % or more and false alarms at 5 % or less.

mod support;

use std::collections::BTreeMap;

use backstride_core::assessment::notes::flags_in_note;
use backstride_core::knowledge::model::FlagTier;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseSet {
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    expect: String,
    #[serde(default)]
    also: Vec<String>,
    kind: String,
}

/// Lowest share of warning-sign notes that must raise their flag(s).
const MIN_RECALL: f64 = 0.98;
/// Highest share of ordinary notes that may raise a flag.
const MAX_FALSE_ALARMS: f64 = 0.05;

fn phrase_set() -> PhraseSet {
    let text = include_str!("notes_phrases.toml");
    match toml::from_str(text) {
        Ok(set) => set,
        Err(e) => panic!("notes_phrases.toml: {e}"),
    }
}

#[test]
fn the_phrase_set_is_caught_and_ordinary_notes_are_left_alone() {
    let kb = support::kb();
    let set = phrase_set();
    let (mut fire, mut fired, mut calm, mut alarms) = (0usize, 0usize, 0usize, 0usize);
    let (mut emergency, mut emergency_fired) = (0usize, 0usize);
    let mut misses = Vec::new();
    let mut false_alarms = Vec::new();
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for case in &set.cases {
        let got: Vec<String> = flags_in_note(&kb, &case.text)
            .into_iter()
            .map(|m| m.flag.id.clone())
            .collect();
        let kind = by_kind.entry(case.kind.as_str()).or_default();
        kind.0 += 1;
        if case.expect == "none" {
            assert!(case.also.is_empty(), "{:?}: `also` with none", case.text);
            calm += 1;
            if got.is_empty() {
                kind.1 += 1;
            } else {
                alarms += 1;
                false_alarms.push(format!("{:?} -> {got:?}", case.text));
            }
            continue;
        }
        let wanted: Vec<&String> = std::iter::once(&case.expect).chain(&case.also).collect();
        let mut urgent = false;
        for id in &wanted {
            let flag = kb
                .red_flag(id)
                .unwrap_or_else(|| panic!("{:?}: unknown flag `{id}`", case.text));
            urgent |= flag.tier == FlagTier::Emergency;
        }
        fire += 1;
        let hit = wanted.iter().all(|id| got.contains(id));
        if urgent {
            emergency += 1;
            emergency_fired += usize::from(hit);
        }
        if hit {
            fired += 1;
            kind.1 += 1;
        } else {
            misses.push(format!("{:?} wants {wanted:?}, got {got:?}", case.text));
        }
    }
    let recall = fired as f64 / fire.max(1) as f64;
    let false_alarm_rate = alarms as f64 / calm.max(1) as f64;
    println!(
        "phrase set: {} notes; recall {fired}/{fire} = {:.1} %; emergency {emergency_fired}/{emergency}; false alarms {alarms}/{calm} = {:.1} %",
        set.cases.len(),
        recall * 100.0,
        false_alarm_rate * 100.0
    );
    for (kind, (n, right)) in &by_kind {
        println!("  {kind:<20} {right}/{n} right");
    }
    for m in &misses {
        println!("  MISSED {m}");
    }
    for a in &false_alarms {
        println!("  FALSE ALARM {a}");
    }
    assert!(fire >= 150 && calm >= 150, "the set needs 150 of each");
    assert_eq!(
        emergency_fired, emergency,
        "every emergency sign must fire: {misses:#?}"
    );
    assert!(recall >= MIN_RECALL, "recall {recall:.3}: {misses:#?}");
    assert!(
        false_alarm_rate <= MAX_FALSE_ALARMS,
        "false alarms {false_alarm_rate:.3}: {false_alarms:#?}"
    );
}
