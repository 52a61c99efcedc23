//! Red flags in free-text notes: the knowledge base gives each red flag
//! plain-language phrases (`phrases` in `knowledge/red_flags.toml`), and
//! [`flags_in_note`] says which flags a runner's note mentions, so a log
//! note such as "groin went numb on the long run" stops the plan like a
//! "yes" in the checklist would.
//!
//! A phrase is parts joined by `+`; a part is alternatives joined by `|`;
//! an alternative is words that must follow each other. A word ending in
//! `*` matches any word starting with it. Every part must appear in the
//! same sentence, in any order. So `numb* | tingl* + groin | saddle`
//! matches "my groin feels numb" but not "numb hands. Sore groin.".
//!
//! Matching is case-insensitive and on whole words; apostrophes are
//! dropped ("can't" reads as "cant"). A part is **negated** when a negation
//! word (no, not, without, never, didn't, ...) comes before it in the same
//! clause with at most [`NEGATION_REACH`] words between: "no numbness or
//! tingling in the groin" does not fire. A clause ends at `,` `;` `:` or a
//! sentence end, and before "and", "but", "however", "although", "though",
//! "yet", "except" and "whereas", so "no fever, numb groin" still fires.
//! When in doubt the matcher fires: a false alarm costs a visit, a missed
//! red flag can cost much more. Negation after the symptom ("numbness:
//! none") is not recognised, and fires.

use chrono::NaiveDate;

use crate::assessment::triage::FiredFlag;
use crate::knowledge::model::{FlagTier, KnowledgeBase, RedFlag};

/// The most words allowed between a negation word and what it negates.
pub const NEGATION_REACH: usize = 3;

/// Words that negate what follows them.
pub const NEGATIONS: [&str; 21] = [
    "no", "not", "without", "never", "none", "nor", "neither", "dont", "doesnt", "didnt", "isnt",
    "wasnt", "arent", "werent", "havent", "hasnt", "hadnt", "wont", "wouldnt", "zero", "nothing",
];

/// Words after a negation word that make it a hedge, not a negation
/// ("not sure", "no idea", "don't know").
const HEDGES: [&str; 8] = [
    "sure", "certain", "idea", "know", "only", "just", "quite", "clear",
];

/// Words that start a new clause.
const CLAUSE_WORDS: [&str; 8] = [
    "and", "but", "however", "although", "though", "yet", "except", "whereas",
];

/// One word of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// The whole word.
    Exact(String),
    /// Any word starting with this.
    Prefix(String),
}

impl Word {
    fn matches(&self, token: &str) -> bool {
        match self {
            Word::Exact(w) => token == w,
            Word::Prefix(p) => token.starts_with(p.as_str()),
        }
    }
}

/// A parsed phrase: every part must appear (any of its alternatives, each
/// a run of consecutive words) in one sentence, none of them negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The phrase as written in the knowledge base.
    pub text: String,
    /// Parts, each a list of alternatives, each a list of words.
    pub parts: Vec<Vec<Vec<Word>>>,
}

/// Why a phrase cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhraseError {
    /// Nothing to match.
    #[error("the phrase is empty")]
    Empty,
    /// `a + + b`, `a | | b` or a dangling operator.
    #[error("the phrase has an empty part or alternative")]
    EmptyPiece,
    /// A character other than a-z, 0-9, an apostrophe, or a final `*`.
    #[error(
        "`{0}`: words are lowercase a-z and 0-9 (apostrophes allowed), with an optional final `*`"
    )]
    BadWord(String),
    /// `ab*` would match almost anything.
    #[error("`{0}`: a word ending in `*` needs at least 3 letters before it")]
    ShortPrefix(String),
    /// An alternative of negation words only ("no", "not") would match
    /// every denial.
    #[error("`{0}` is made only of negation words")]
    OnlyNegation(String),
}

impl Phrase {
    /// Parses a phrase in the knowledge base's notation.
    pub fn parse(text: &str) -> Result<Phrase, PhraseError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PhraseError::Empty);
        }
        let mut parts = Vec::new();
        for part in text.split('+') {
            let mut alternatives = Vec::new();
            for alternative in part.split('|') {
                let raw: Vec<&str> = alternative.split_whitespace().collect();
                if raw.is_empty() {
                    return Err(PhraseError::EmptyPiece);
                }
                let words = raw
                    .iter()
                    .map(|w| parse_word(w))
                    .collect::<Result<Vec<_>, _>>()?;
                let only_negation = words
                    .iter()
                    .all(|w| matches!(w, Word::Exact(e) if NEGATIONS.contains(&e.as_str())));
                if only_negation {
                    return Err(PhraseError::OnlyNegation(alternative.trim().to_owned()));
                }
                alternatives.push(words);
            }
            parts.push(alternatives);
        }
        Ok(Phrase {
            text: text.to_owned(),
            parts,
        })
    }

    /// Whether the note mentions this phrase, not negated.
    pub fn matches(&self, note: &str) -> bool {
        self.matches_tokens(&tokens(note))
    }

    fn matches_tokens(&self, tokens: &[Token]) -> bool {
        let sentences = tokens.last().map_or(0, |t| t.sentence + 1);
        (0..sentences).any(|s| {
            self.parts
                .iter()
                .all(|part| part.iter().any(|alt| occurs(tokens, s, alt)))
        })
    }
}

fn parse_word(raw: &str) -> Result<Word, PhraseError> {
    let (body, prefix) = match raw.strip_suffix('*') {
        Some(body) => (body, true),
        None => (raw, false),
    };
    let valid = !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '\'');
    if !valid {
        return Err(PhraseError::BadWord(raw.to_owned()));
    }
    let word: String = body.chars().filter(|c| *c != '\'').collect();
    if word.is_empty() {
        return Err(PhraseError::BadWord(raw.to_owned()));
    }
    if prefix {
        if word.len() < 3 {
            return Err(PhraseError::ShortPrefix(raw.to_owned()));
        }
        Ok(Word::Prefix(word))
    } else {
        Ok(Word::Exact(word))
    }
}

/// A word of a note, with the sentence and clause it sits in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    word: String,
    sentence: usize,
    clause: usize,
}

/// Splits a note into lowercase words, numbering sentences and clauses.
fn tokens(note: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut word = String::new();
    let (mut sentence, mut clause) = (0usize, 0usize);
    // Whether a boundary was seen since the last word (so empty sentences
    // do not count).
    let (mut new_sentence, mut new_clause) = (false, false);
    let mut flush = |word: &mut String,
                     out: &mut Vec<Token>,
                     new_sentence: &mut bool,
                     new_clause: &mut bool| {
        if word.is_empty() {
            return;
        }
        if !out.is_empty() {
            if *new_sentence {
                sentence += 1;
                clause += 1;
            } else if *new_clause || CLAUSE_WORDS.contains(&word.as_str()) {
                clause += 1;
            }
        }
        *new_sentence = false;
        *new_clause = false;
        out.push(Token {
            word: std::mem::take(word),
            sentence,
            clause,
        });
    };
    for c in note.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // Dropped: "can't" reads as "cant".
        } else {
            flush(&mut word, &mut out, &mut new_sentence, &mut new_clause);
            match c {
                '.' | '!' | '?' | '\n' | ';' => new_sentence = true,
                ',' | ':' | '(' | ')' => new_clause = true,
                _ => {}
            }
        }
    }
    flush(&mut word, &mut out, &mut new_sentence, &mut new_clause);
    out
}

/// Whether `alt` occurs in sentence `s` at least once without negation.
fn occurs(tokens: &[Token], s: usize, alt: &[Word]) -> bool {
    let n = alt.len();
    (0..tokens.len().saturating_sub(n - 1)).any(|i| {
        let window = &tokens[i..i + n];
        window.iter().all(|t| t.sentence == s)
            && window.iter().zip(alt).all(|(t, w)| w.matches(&t.word))
            && !negated(tokens, i)
    })
}

/// Whether the word at `i` is negated: a negation word before it in the
/// same clause, at most `NEGATION_REACH` words away, that is not a hedge.
fn negated(tokens: &[Token], i: usize) -> bool {
    let clause = tokens[i].clause;
    let from = i.saturating_sub(NEGATION_REACH + 1);
    (from..i).any(|j| {
        tokens[j].clause == clause
            && NEGATIONS.contains(&tokens[j].word.as_str())
            && !tokens
                .get(j + 1)
                .is_some_and(|next| HEDGES.contains(&next.word.as_str()))
    })
}

/// A red flag a note mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteMatch<'kb> {
    /// The flag.
    pub flag: &'kb RedFlag,
    /// The phrase that matched, as written in the knowledge base.
    pub phrase: &'kb str,
}

/// The red flags a note mentions, each once, most urgent first (knowledge
/// base order breaking ties). Only flags at "soon" or above carry phrases.
pub fn flags_in_note<'kb>(kb: &'kb KnowledgeBase, note: &str) -> Vec<NoteMatch<'kb>> {
    let tokens = tokens(note);
    if tokens.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<NoteMatch<'kb>> = kb
        .red_flags
        .iter()
        .filter_map(|flag| {
            flag.phrases
                .iter()
                .find(|p| p.matches_tokens(&tokens))
                .map(|p| NoteMatch {
                    flag,
                    phrase: p.text.as_str(),
                })
        })
        .collect();
    out.sort_by_key(|m| std::cmp::Reverse(m.flag.tier));
    out
}

/// A dated log note, as the shell read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedNote<'a> {
    /// The local day it was logged for.
    pub date: NaiveDate,
    /// What kind of log it belongs to, in words ("pain", "routine", ...).
    pub log: &'a str,
    /// The note.
    pub text: &'a str,
}

/// The red flags that log notes mention, as fired flags whose `because`
/// names the note and its date: one per flag (its latest note), most
/// urgent first. They stop the plan like a "yes" in the checklist.
pub fn flags_in_notes(kb: &KnowledgeBase, notes: &[LoggedNote<'_>]) -> Vec<FiredFlag> {
    let mut latest: Vec<(&RedFlag, LoggedNote<'_>)> = Vec::new();
    for note in notes {
        for m in flags_in_note(kb, note.text) {
            match latest.iter_mut().find(|(f, _)| f.id == m.flag.id) {
                Some((_, seen)) if seen.date <= note.date => *seen = *note,
                Some(_) => {}
                None => latest.push((m.flag, *note)),
            }
        }
    }
    let mut out: Vec<FiredFlag> = latest
        .into_iter()
        .map(|(flag, note)| FiredFlag {
            id: flag.id.clone(),
            suggests: flag.suggests.clone(),
            because: format!(
                "your {} note of {}: \u{201c}{}\u{201d}",
                note.log,
                note.date.format("%a %-d %b %Y"),
                note.text.trim()
            ),
            asked: false,
            tier: flag.tier,
            combined: false,
            action: flag.action.clone(),
            sources: flag.sources.clone(),
        })
        .collect();
    // Most urgent first; knowledge-base order breaks ties.
    let order = |id: &str| kb.red_flags.iter().position(|f| f.id == id);
    out.sort_by_key(|f| (std::cmp::Reverse(f.tier), order(&f.id)));
    out
}

/// Whether a flag's tier lets it carry note phrases (a match stops the
/// plan, so only flags that stop it may).
pub fn may_have_phrases(tier: FlagTier) -> bool {
    tier >= FlagTier::Soon
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Phrase {
        Phrase::parse(text).expect("valid phrase")
    }

    #[test]
    fn words_parts_and_alternatives() {
        let saddle = p("numb* | tingl* + groin | saddle");
        assert!(saddle.matches("My groin feels NUMB today"));
        assert!(saddle.matches("tingling around the saddle area"));
        assert!(!saddle.matches("Numb hands. Sore groin."));
        assert!(!saddle.matches("thumb sore, groin fine"));
        assert!(p("can't control + bladder").matches("I cant control my bladder"));
        assert!(p("can't control + bladder").matches("I can\u{2019}t control my bladder"));
        assert!(p("pins and needles").matches("Pins-and-needles down the leg"));
        assert!(!p("pins and needles").matches("pins, needles"));
    }

    #[test]
    fn negation_stays_in_its_clause_and_reach() {
        let fever = p("fever*");
        assert!(!fever.matches("no fever"));
        assert!(!fever.matches("Haven't had any fever"));
        assert!(!fever.matches("without a fever or chills"));
        assert!(fever.matches("no pain, fever since Monday"));
        assert!(fever.matches("no pain but a fever"));
        assert!(fever.matches("not sure if it's a fever"));
        assert!(fever.matches("I never stretch after my long runs fever came later"));
        let saddle = p("numb* | tingl* + groin");
        assert!(!saddle.matches("no numbness or tingling in the groin"));
        assert!(saddle.matches("no fever, numb groin"));
        assert!(!saddle.matches("groin not numb"));
    }

    #[test]
    fn bad_phrases_are_refused() {
        assert_eq!(Phrase::parse("  "), Err(PhraseError::Empty));
        assert_eq!(Phrase::parse("a + "), Err(PhraseError::EmptyPiece));
        assert_eq!(Phrase::parse("a || b"), Err(PhraseError::EmptyPiece));
        assert!(matches!(
            Phrase::parse("Fever"),
            Err(PhraseError::BadWord(_))
        ));
        assert!(matches!(
            Phrase::parse("fe*ver"),
            Err(PhraseError::BadWord(_))
        ));
        assert!(matches!(
            Phrase::parse("ab*"),
            Err(PhraseError::ShortPrefix(_))
        ));
        assert!(matches!(
            Phrase::parse("fever | no"),
            Err(PhraseError::OnlyNegation(_))
        ));
    }
}
