//! Every source ID the analytics code cites (alerts, plan adaptation, load
//! metrics) exists in the knowledge base, so no conclusion points nowhere.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use backstride_core::evidence::SourceId;
use backstride_core::knowledge::KnowledgeBase;

/// Quoted IDs such as "NIELSEN-2014" or "SEED-DOCTOR" in a source file.
fn cited_ids(text: &str) -> BTreeSet<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.len() > 4
                && s.contains('-')
                && s.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
                && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn analytics_cite_only_known_sources() {
    let kb = KnowledgeBase::embedded().expect("valid knowledge base");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    for dir in ["insights", "load", "pain", "plan"] {
        let Ok(entries) = fs::read_dir(src.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let text = fs::read_to_string(entry.path()).expect("readable source");
            for id in cited_ids(&text) {
                checked += 1;
                assert!(
                    kb.source(&SourceId(id.clone())).is_some(),
                    "{} cites {id}, which knowledge/sources.toml lacks",
                    entry.path().display()
                );
            }
        }
    }
    assert!(
        checked >= 5,
        "expected the analytics to cite sources, found {checked}"
    );
}
