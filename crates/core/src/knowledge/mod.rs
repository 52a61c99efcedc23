//! The knowledge base: causes, interventions, exercises, red flags, norms,
//! planning parameters and their sources, kept as TOML data under
//! `knowledge/` and embedded in the binary.
//!
//! Loading goes in two stages: [`raw`] parses each file into shapes that
//! mirror it, then [`validate`] checks every value and reference and builds
//! the [`model`] the domain uses. [`KnowledgeBase::embedded`] loads the copy
//! compiled into the binary; [`KnowledgeBase::from_texts`] loads any texts
//! (tests use it to prove that broken data is refused).

pub mod error;
pub mod model;
pub mod raw;
pub mod seed;
pub mod validate;

use serde::de::DeserializeOwned;

pub use error::{KnowledgeError, KnowledgeErrors};
pub use model::KnowledgeBase;

/// The texts of the knowledge files.
#[derive(Debug, Clone, Copy)]
pub struct KnowledgeTexts<'a> {
    /// `sources.toml`.
    pub sources: &'a str,
    /// `causes.toml`.
    pub causes: &'a str,
    /// `interventions.toml`.
    pub interventions: &'a str,
    /// `exercises.toml`.
    pub exercises: &'a str,
    /// `routine.toml`.
    pub routine: &'a str,
    /// `red_flags.toml`.
    pub red_flags: &'a str,
    /// `norms.toml`.
    pub norms: &'a str,
    /// `plan.toml`.
    pub plan: &'a str,
    /// `note_words.toml`.
    pub note_words: &'a str,
}

/// The knowledge files compiled into the binary.
pub const EMBEDDED: KnowledgeTexts<'static> = KnowledgeTexts {
    sources: include_str!("../../../../knowledge/sources.toml"),
    causes: include_str!("../../../../knowledge/causes.toml"),
    interventions: include_str!("../../../../knowledge/interventions.toml"),
    exercises: include_str!("../../../../knowledge/exercises.toml"),
    routine: include_str!("../../../../knowledge/routine.toml"),
    red_flags: include_str!("../../../../knowledge/red_flags.toml"),
    norms: include_str!("../../../../knowledge/norms.toml"),
    plan: include_str!("../../../../knowledge/plan.toml"),
    note_words: include_str!("../../../../knowledge/note_words.toml"),
};

fn parse<T: DeserializeOwned>(
    file: &str,
    text: &str,
    errors: &mut Vec<KnowledgeError>,
) -> Option<T> {
    match toml::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let item = match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].lines().count().max(1);
                    format!("line {line}")
                }
                None => "file".to_owned(),
            };
            errors.push(KnowledgeError {
                file: file.to_owned(),
                item,
                problem: e.message().trim().to_owned(),
            });
            None
        }
    }
}

impl KnowledgeBase {
    /// Loads and validates knowledge texts, reporting every problem found.
    pub fn from_texts(texts: &KnowledgeTexts<'_>) -> Result<Self, KnowledgeErrors> {
        let mut errors = Vec::new();
        let files = (
            parse("sources.toml", texts.sources, &mut errors),
            parse("causes.toml", texts.causes, &mut errors),
            parse("interventions.toml", texts.interventions, &mut errors),
            parse("exercises.toml", texts.exercises, &mut errors),
            parse("routine.toml", texts.routine, &mut errors),
            parse("red_flags.toml", texts.red_flags, &mut errors),
            parse("norms.toml", texts.norms, &mut errors),
            parse("plan.toml", texts.plan, &mut errors),
            parse("note_words.toml", texts.note_words, &mut errors),
        );
        match files {
            (
                Some(sources),
                Some(causes),
                Some(interventions),
                Some(exercises),
                Some(routine),
                Some(red_flags),
                Some(norms),
                Some(plan),
                Some(note_words),
            ) => validate::validate(validate::RawFiles {
                sources,
                causes,
                interventions,
                exercises,
                routine,
                red_flags,
                norms,
                plan,
                note_words,
            }),
            _ => Err(KnowledgeErrors(errors)),
        }
    }

    /// The knowledge base compiled into the binary.
    ///
    /// The embedded files are validated by the test suite, so this only fails
    /// if a build skipped the tests; callers still get the full error list.
    pub fn embedded() -> Result<Self, KnowledgeErrors> {
        Self::from_texts(&EMBEDDED)
    }
}
