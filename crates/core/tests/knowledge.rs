//! The embedded knowledge base loads, carries every claim of the founding
//! article, and refuses broken data with errors naming the file and item.

use backstride_core::knowledge::seed::SEED_IDS;
use backstride_core::knowledge::{EMBEDDED, KnowledgeBase, KnowledgeTexts};

fn kb() -> KnowledgeBase {
    match KnowledgeBase::embedded() {
        Ok(kb) => kb,
        Err(e) => panic!("{e}"),
    }
}

/// Loads the embedded texts with one file replaced, and returns the errors.
fn errors_with(
    edit: impl FnOnce(&mut KnowledgeTexts<'static>, &'static mut String),
    text: String,
) -> Vec<String> {
    let mut texts = EMBEDDED;
    let leaked: &'static mut String = Box::leak(Box::new(text));
    edit(&mut texts, leaked);
    match KnowledgeBase::from_texts(&texts) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn embedded_knowledge_base_is_valid() {
    let kb = kb();
    assert!(kb.causes.len() >= 4);
    assert!(kb.red_flags.len() >= 20);
    assert_eq!(
        kb.routine.exercises,
        ["warrior-pose", "bicycle-crunch", "ball-pike"]
    );
}

#[test]
fn every_seed_claim_is_present_and_cited() {
    let kb = kb();
    let mut cited: Vec<&str> = Vec::new();
    for c in &kb.causes {
        cited.extend(c.sources.iter().map(|s| s.as_str()));
    }
    for i in &kb.interventions {
        cited.extend(i.sources.iter().map(|s| s.as_str()));
    }
    for e in &kb.exercises {
        cited.extend(e.sources.iter().map(|s| s.as_str()));
    }
    for f in &kb.red_flags {
        cited.extend(f.sources.iter().map(|s| s.as_str()));
    }
    cited.extend(kb.routine.sources.iter().map(|s| s.as_str()));
    cited.extend(kb.plan.running.sources.iter().map(|s| s.as_str()));
    cited.extend(kb.plan.cross_training.sources.iter().map(|s| s.as_str()));
    for id in SEED_IDS {
        assert!(
            kb.sources.iter().any(|s| s.id.as_str() == *id),
            "{id} missing from sources.toml"
        );
        assert!(cited.contains(id), "{id} is cited by no item");
    }
}

#[test]
fn a_missing_seed_claim_fails_loading() {
    let without: String = EMBEDDED
        .sources
        .split("[[source]]")
        .filter(|block| !block.contains("\"SEED-DILIGENCE\""))
        .collect::<Vec<_>>()
        .join("[[source]]");
    let errors = errors_with(|t, s| t.sources = s.as_str(), without);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("SEED-DILIGENCE") && e.contains("sources.toml")),
        "{errors:?}"
    );
}

#[test]
fn contradicted_article_advice_carries_a_plain_caveat() {
    let kb = kb();
    let brace = kb
        .interventions
        .iter()
        .find(|i| i.id == "back-brace")
        .expect("brace");
    assert!(brace.evidence.verdict.needs_caveat());
    let cycling = &kb.plan.cross_training;
    assert!(cycling.evidence.verdict.needs_caveat());
    let core = kb.cause("weak-core").expect("weak-core");
    assert!(core.evidence.verdict.needs_caveat());
    for item in [
        &brace.evidence.note,
        &cycling.evidence.note,
        &core.evidence.note,
    ] {
        assert!(item.len() > 40, "caveat too thin: {item}");
    }
}

#[test]
fn unknown_keys_are_rejected_with_file_and_line() {
    let text = EMBEDDED
        .routine
        .replace("[routine]", "[routine]\ncolour = \"red\"");
    let errors = errors_with(|t, s| t.routine = s.as_str(), text);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("routine.toml") && e.contains("colour")),
        "{errors:?}"
    );
}

#[test]
fn dangling_references_are_named() {
    let text = EMBEDDED.routine.replace("\"ball-pike\"", "\"ball-pyke\"");
    let errors = errors_with(|t, s| t.routine = s.as_str(), text);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("routine.toml") && e.contains("ball-pyke")),
        "{errors:?}"
    );

    let text = EMBEDDED
        .causes
        .replacen("\"SEED-LOWER-CORE\"", "\"SEED-LOWER-KORE\"", 1);
    let errors = errors_with(|t, s| t.causes = s.as_str(), text);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("causes.toml") && e.contains("SEED-LOWER-KORE")),
        "{errors:?}"
    );
}

#[test]
fn doses_out_of_range_are_named() {
    let text = EMBEDDED.exercises.replacen("reps = 10", "reps = 1000", 1);
    let errors = errors_with(|t, s| t.exercises = s.as_str(), text);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("exercises.toml") && e.contains("dose.reps = 1000")),
        "{errors:?}"
    );
}

#[test]
fn unknown_signals_are_named() {
    let text = EMBEDDED
        .causes
        .replacen("\"region.lower-back\"", "\"region.knee\"", 1);
    let errors = errors_with(|t, s| t.causes = s.as_str(), text);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("causes.toml") && e.contains("region.knee")),
        "{errors:?}"
    );
}

#[test]
fn cross_training_floor_cannot_go_below_three() {
    let text = EMBEDDED
        .plan
        .replace("days_per_30_min = 3", "days_per_30_min = 2");
    let errors = errors_with(|t, s| t.plan = s.as_str(), text);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("plan.toml") && e.contains("days_per_30_min")),
        "{errors:?}"
    );
}

#[test]
fn every_asked_red_flag_has_a_question_and_an_action() {
    let kb = kb();
    for (flag, question) in kb.asked_flags() {
        assert!(
            question.ends_with('?'),
            "{}: question should be a question: {question}",
            flag.id
        );
        assert!(!flag.action.is_empty());
    }
}

#[test]
fn red_flag_phrases_are_checked() {
    let expect = |text: String, item: &str, problem: &str| {
        let errors = errors_with(|t, s| t.red_flags = s.as_str(), text);
        assert!(
            errors
                .iter()
                .any(|e| e.contains("red_flags.toml") && e.contains(item) && e.contains(problem)),
            "{item}: {problem}: {errors:?}"
        );
    };
    let flags = EMBEDDED.red_flags;
    // Capitals, and a bare `*`, are refused with the phrase named.
    expect(
        flags.replacen("\"sciatica\",", "\"Sciatica\",", 1),
        "radicular-leg-pain",
        "`Sciatica`",
    );
    expect(
        flags.replacen("\"sciatica\",", "\"sc*\",", 1),
        "radicular-leg-pain",
        "at least 3 letters",
    );
    // The same phrase twice.
    expect(
        flags.replacen("\"sciatica\",", "\"sciatica\", \"sciatica\",", 1),
        "radicular-leg-pain",
        "twice",
    );
    // A routine note may not stop the plan.
    expect(
        flags.replacen(
            "id = \"thoracic-pain\"\n",
            "id = \"thoracic-pain\"\nphrases = [\"upper back\"]\n",
            1,
        ),
        "thoracic-pain",
        "only flags at soon or above",
    );
    // Every asked flag needs phrases.
    let at = flags
        .find("id = \"fever-infection\"")
        .expect("flag present");
    let start = at + flags[at..].find("phrases = [").expect("has phrases");
    let end = start + flags[start..].find("]\n").expect("closed") + 2;
    let without = format!("{}{}", &flags[..start], &flags[end..]);
    expect(without, "fever-infection", "needs at least one phrase");
}
