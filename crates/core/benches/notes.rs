//! The notes matcher on a batch of 1,000 log notes (the phrase set's notes,
//! repeated), each read against every red flag of the embedded knowledge
//! base, as `insights` does over a long history.

use backstride_core::assessment::notes::flags_in_note;
use backstride_core::knowledge::KnowledgeBase;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn notes() -> Vec<String> {
    let text = include_str!("../tests/notes_phrases.toml");
    let set: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => panic!("notes_phrases.toml: {e}"),
    };
    let texts: Vec<String> = set
        .get("cases")
        .and_then(|c| c.as_array())
        .map(|cases| {
            cases
                .iter()
                .filter_map(|c| c.get("text").and_then(|t| t.as_str()).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    texts.iter().cycle().take(1000).cloned().collect()
}

fn bench(c: &mut Criterion) {
    let kb = match KnowledgeBase::embedded() {
        Ok(kb) => kb,
        Err(e) => panic!("{e}"),
    };
    let notes = notes();
    assert_eq!(notes.len(), 1000);
    c.bench_function("notes_1000", |b| {
        b.iter(|| {
            notes
                .iter()
                .map(|n| flags_in_note(&kb, black_box(n)).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
