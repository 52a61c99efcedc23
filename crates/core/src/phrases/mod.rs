//! Reading free text against phrases: the knowledge base's phrase notation
//! ([`phrase`]), a note cut into words ([`text`]) and the reading of a note
//! against the rules built from the knowledge base ([`reading`]). It names
//! no other module of the crate, so the knowledge base can parse its
//! phrases and `assessment::notes` can read log notes with it.
//!
//! The notation ([`phrase`]): a phrase is parts joined by `+`; a part is
//! alternatives joined by `|`; an alternative is words that must follow
//! each other, or `@group` for all the alternatives of a word group. A
//! word ending in `*` matches any word starting with it; `{37.5-45}`
//! matches a number in that range. Every part must appear in the same
//! sentence, in any order. So `@numb + @saddle-area` matches "my groin
//! feels numb" but not "numb hands. Sore groin.".
//!
//! How a note is read ([`text`], [`reading`]; docs/safety-notes.md says it
//! for people):
//! - case, apostrophes and extra spaces do not matter; "can not" and
//!   "cannot" read as "cant"; "38.5C" reads as 38.5 and "c";
//! - a word of 5 letters or more may be misspelt by one edit (8 or more:
//!   two) with its first letter right, unless the note's word is a real
//!   word of its own (`not_typos`, or a word of the phrases): "grion" is
//!   groin, "fewer" is never fever;
//! - figures of speech listed in `ignore` ("cabin fever", "saddle sore",
//!   "numb with cold") match nothing;
//! - a match is **denied** by a negation word before it in its clause with
//!   only small words ("had any", "signs of"), "or" and other symptom words
//!   between, at most [`NEGATION_REACH`] of them: "no numbness or tingling
//!   in the groin". A negation that is part of a symptom ("no control",
//!   "can't feel", "not able to pee") denies nothing; "won't stop
//!   tingling" and "never had pain like this" are not denials; "no idea
//!   why my groin is numb" is not one either;
//! - a match followed by "fine", "ok", "normal" or "no problems" in its
//!   clause is declared fine: "bladder fine";
//! - a match after another person ("my kid", "wife") in its clause, with no
//!   "I", "me" or "my" between, is theirs: "my kid has a fever";
//! - clauses end at `,` `:` brackets, a spaced dash and before "and",
//!   "but", "so", "then", ... so a denial or another person reaches no
//!   further: "no fever, numb groin" fires.
//!
//! When in doubt the matcher fires: a false alarm costs a question, a missed
//! red flag can cost much more.

pub mod phrase;
pub mod reading;
mod text;

pub use phrase::{Alternative, Phrase, PhraseError, Word, WordGroups, parse_alternative};
use reading::Reading;
pub use reading::{ALL_CLEAR, GAP_WORDS, NoteRules, is_typo_of, typo_budget};
pub use text::CLAUSE_WORDS;

/// The most words allowed between a negation word and what it denies.
pub const NEGATION_REACH: usize = 4;

/// Words that deny what follows them.
pub const NEGATIONS: [&str; 23] = [
    "no", "not", "without", "never", "none", "nor", "neither", "dont", "doesnt", "didnt", "isnt",
    "wasnt", "arent", "werent", "havent", "hasnt", "hadnt", "wont", "wouldnt", "zero", "nothing",
    "nil", "denies",
];

/// Words that bring a clause back to the runner after another person was
/// named: "my son and I", "wife says I".
pub const FIRST_PERSON: [&str; 8] = ["i", "im", "ive", "id", "me", "my", "myself", "mine"];

impl Phrase {
    /// Whether the note mentions this phrase, not denied (the phrase alone,
    /// without the knowledge base's masks and other-person words).
    pub fn matches(&self, note: &str) -> bool {
        let rules = NoteRules::new([self], Vec::new(), Vec::new(), Vec::new());
        Reading::new(&rules, note).matches(self)
    }
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
        assert!(p("can't control + bladder").matches("I can not control my bladder"));
        assert!(p("pins and needles").matches("Pins-and-needles down the leg"));
        assert!(!p("pins and needles").matches("pins, needles"));
        assert!(p("{37.5-45} c").matches("temp 38.5C"));
        assert!(!p("{37.5-45} c").matches("temp 36.9C"));
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
        assert!(fever.matches("no idea why I have a fever"));
        assert!(fever.matches("I never stretch after my long runs fever came later"));
        let saddle = p("numb* | tingl* + groin");
        assert!(!saddle.matches("no numbness or tingling in the groin"));
        assert!(saddle.matches("no fever, numb groin"));
        assert!(!saddle.matches("groin not numb"));
        assert!(saddle.matches("my groin won't stop tingling"));
        assert!(saddle.matches("never had tingling in the groin like this"));
        assert!(!saddle.matches("never had tingling in the groin"));
    }

    #[test]
    fn a_negation_inside_a_symptom_denies_nothing() {
        let bladder = p("no control | lost control + bladder");
        assert!(bladder.matches("I have no control over my bladder"));
        assert!(!bladder.matches("never lost control of my bladder"));
        assert!(!bladder.matches("bladder fine, no control issues"));
        let saddle = p("no feeling | numb* + groin");
        assert!(saddle.matches("no feeling in my groin"));
        assert!(!saddle.matches("groin fine"));
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
