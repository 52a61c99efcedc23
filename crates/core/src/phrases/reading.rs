//! The engine: a note read once ([`Reading`]) against the rules built from
//! the knowledge base ([`NoteRules`]): which words are figures of speech
//! (masked), which may be typos, which belong to the symptom vocabulary,
//! and whether a match is denied, said of someone else, or declared fine.

use std::collections::{BTreeSet, HashSet};

use super::phrase::{Alternative, Phrase, Word};
use super::text::{Token, tokens};
use super::{FIRST_PERSON, NEGATION_REACH, NEGATIONS};

/// Words allowed between a negation and what it denies ("haven't *had
/// any* fever", "no *signs of* numbness"). Anything else ends the denial:
/// "no idea why my groin is numb", "won't stop tingling".
pub const GAP_WORDS: [&str; 54] = [
    "a",
    "an",
    "the",
    "any",
    "some",
    "much",
    "real",
    "really",
    "actual",
    "obvious",
    "sign",
    "signs",
    "of",
    "symptom",
    "symptoms",
    "had",
    "have",
    "has",
    "having",
    "got",
    "get",
    "getting",
    "gotten",
    "been",
    "feel",
    "feeling",
    "felt",
    "noticed",
    "notice",
    "noticing",
    "experienced",
    "experiencing",
    "seen",
    "issues",
    "issue",
    "problems",
    "problem",
    "trouble",
    "with",
    "in",
    "my",
    "on",
    "around",
    "at",
    "or",
    "nor",
    "is",
    "was",
    "to",
    "history",
    "previous",
    "past",
    "prior",
    "known",
];

/// Words that turn a negation into persistence: "won't *stop*", "doesn't
/// *go* away", "not *easing*". A denial never reaches past them.
const PERSISTENCE: [&str; 21] = [
    "stop",
    "stops",
    "stopped",
    "stopping",
    "go",
    "goes",
    "going",
    "gone",
    "ease",
    "eases",
    "easing",
    "eased",
    "settle",
    "settles",
    "settling",
    "improve",
    "improving",
    "better",
    "shift",
    "budge",
    "quit",
];

/// After a negation, these in the same clause mean "new", not "absent":
/// "never had numbness *like this*", "no fever *before* today".
const NOVELTY: [&[&str]; 10] = [
    &["like", "this"],
    &["like", "that"],
    &["like", "it"],
    &["before"],
    &["this", "bad"],
    &["so", "bad"],
    &["this", "much"],
    &["until", "now"],
    &["till", "now"],
    &["til", "now"],
];

/// Words after another person that make the symptom theirs: "my kid
/// *has*", "mum *had*", "dad *died* of".
const LINKS: [&str; 31] = [
    "has",
    "had",
    "have",
    "got",
    "gets",
    "getting",
    "caught",
    "catches",
    "is",
    "was",
    "were",
    "are",
    "with",
    "down",
    "off",
    "says",
    "said",
    "thinks",
    "thought",
    "complaining",
    "complains",
    "suffering",
    "suffers",
    "diagnosed",
    "died",
    "dying",
    "passed",
    "history",
    "histories",
    "battling",
    "fighting",
];

/// Words skipped between another person and [`LINKS`]: "kid *just* got".
const ADVERBS: [&str; 8] = [
    "just", "now", "still", "recently", "really", "finally", "also", "too",
];

/// Words after a symptom or body part that declare it fine: "bladder
/// fine", "bowels normal", "groin ok".
pub const ALL_CLEAR: [&str; 14] = [
    "fine",
    "ok",
    "okay",
    "normal",
    "normally",
    "good",
    "great",
    "alright",
    "unaffected",
    "none",
    "nil",
    "negative",
    "intact",
    "perfect",
];

/// Words allowed between a symptom and [`ALL_CLEAR`] ("bladder *is
/// still* fine", "bladder control *all* good").
const ALL_CLEAR_GAP: [&str; 20] = [
    "is",
    "are",
    "was",
    "were",
    "feels",
    "feel",
    "felt",
    "seems",
    "seem",
    "seemed",
    "all",
    "totally",
    "completely",
    "still",
    "perfectly",
    "absolutely",
    "working",
    "works",
    "now",
    "fully",
];

/// After "no", these declare what comes before fine: "bladder no problems".
const NO_PROBLEM: [&str; 9] = [
    "problem", "problems", "issue", "issues", "trouble", "change", "changes", "concerns", "worries",
];

/// What the knowledge base gives the engine besides the phrases: figures
/// of speech to mask, words for other people, real words that are never
/// typos, and the vocabulary gathered from every phrase.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoteRules {
    masks: Vec<Alternative>,
    others: BTreeSet<String>,
    not_typos: BTreeSet<String>,
    known: BTreeSet<String>,
    vocabulary: Vec<Word>,
    negating: Vec<Alternative>,
}

impl NoteRules {
    /// Rules for these phrases, masks ("cabin fever"), words for other
    /// people ("kid", "wife") and words that are never typos ("fewer").
    pub fn new<'p>(
        phrases: impl IntoIterator<Item = &'p Phrase>,
        masks: Vec<Alternative>,
        others: impl IntoIterator<Item = String>,
        not_typos: impl IntoIterator<Item = String>,
    ) -> NoteRules {
        let mut vocabulary = BTreeSet::new();
        let mut negating = BTreeSet::new();
        for phrase in phrases {
            for alt in phrase.parts.iter().flatten() {
                vocabulary.extend(alt.iter().cloned());
                if alt.iter().any(Word::is_negation) {
                    negating.insert(alt.clone());
                }
            }
        }
        let known = vocabulary
            .iter()
            .filter_map(|w| match w {
                Word::Exact(e) => Some(e.clone()),
                _ => None,
            })
            .collect();
        NoteRules {
            masks,
            others: others.into_iter().collect(),
            not_typos: not_typos.into_iter().collect(),
            known,
            vocabulary: vocabulary.into_iter().collect(),
            negating: negating.into_iter().collect(),
        }
    }

    /// Whether a note word is a real word of its own, never read as a typo
    /// of another: a whole word of the phrases, or one listed in
    /// `not_typos`. (A word that only starts like a phrase word, such as
    /// "numbnes", may still be a typo.)
    fn is_known(&self, word: &str) -> bool {
        self.known.contains(word) || self.not_typos.contains(word)
    }
}

/// How many edits a word of this many letters may be off: none under 5
/// letters, one from 5, two from 8.
pub fn typo_budget(letters: usize) -> usize {
    match letters {
        0..5 => 0,
        5..8 => 1,
        _ => 2,
    }
}

/// Whether `token` may be a misspelling of `word`: both at least 5
/// letters, the same first letter, and within [`typo_budget`] edits
/// (insert, delete, replace, or swap two neighbours).
pub fn is_typo_of(word: &str, token: &str) -> bool {
    if word.chars().next() != token.chars().next() {
        return false;
    }
    let budget = typo_budget(word.chars().count());
    let letters = token.chars().count();
    budget > 0
        && letters >= 5
        && letters.abs_diff(word.chars().count()) <= budget
        && strsim::osa_distance(word, token) <= budget
}

/// Whether `token` may be a misspelling of a word starting with `prefix`:
/// its start, one letter shorter or longer, is within the budget.
fn is_typo_of_prefix(prefix: &str, token: &str) -> bool {
    let n = prefix.chars().count();
    let budget = typo_budget(n);
    if budget == 0 || token.chars().count() < 5 || prefix.chars().next() != token.chars().next() {
        return false;
    }
    let starts: Vec<usize> = token
        .char_indices()
        .map(|(i, _)| i)
        .chain([token.len()])
        .collect();
    (n - 1..=n + 1).any(|k| {
        starts
            .get(k)
            .is_some_and(|&end| strsim::osa_distance(prefix, &token[..end]) <= budget)
    })
}

/// A note, read once, ready to be matched against every phrase.
pub struct Reading<'r> {
    rules: &'r NoteRules,
    tokens: Vec<Token>,
    /// Part of a figure of speech ("cabin fever"): matches nothing.
    masked: Vec<bool>,
    /// May be read as a typo of a phrase word.
    typo_ok: Vec<bool>,
    /// The phrase words each word may be a typo of (worked out once).
    typos: Vec<BTreeSet<&'r Word>>,
    /// Every word of the note, and every phrase word one may be a typo of:
    /// an alternative starting with neither cannot occur.
    present: HashSet<String>,
    typo_words: BTreeSet<&'r Word>,
    /// Matches some word of some phrase.
    vocab: Vec<bool>,
    /// A negation word that is part of a symptom ("*no* control", "*can't*
    /// feel"), so it denies nothing.
    absorbed: Vec<bool>,
}

impl<'r> Reading<'r> {
    /// Reads `note` once against `rules`.
    pub fn new(rules: &'r NoteRules, note: &str) -> Reading<'r> {
        let tokens = tokens(note);
        let n = tokens.len();
        let typo_ok = tokens
            .iter()
            .map(|t| t.number.is_none() && t.word.chars().count() >= 5 && !rules.is_known(&t.word))
            .collect();
        let typo_ok: Vec<bool> = typo_ok;
        let typos: Vec<BTreeSet<&Word>> = tokens
            .iter()
            .zip(&typo_ok)
            .map(|(t, &ok)| {
                if !ok {
                    return BTreeSet::new();
                }
                rules
                    .vocabulary
                    .iter()
                    .filter(|w| match w {
                        Word::Exact(e) => is_typo_of(e, &t.word),
                        Word::Prefix(p) => is_typo_of_prefix(p, &t.word),
                        Word::Number { .. } => false,
                    })
                    .collect()
            })
            .collect();
        let present = tokens.iter().map(|t| t.word.clone()).collect();
        let typo_words = typos.iter().flatten().copied().collect();
        let mut reading = Reading {
            rules,
            present,
            typo_words,
            tokens,
            masked: vec![false; n],
            typo_ok,
            typos,
            vocab: vec![false; n],
            absorbed: vec![false; n],
        };
        for mask in &rules.masks {
            for i in 0..n {
                if reading.window_matches(mask, i, false) {
                    reading.masked[i..i + mask.len()].fill(true);
                }
            }
        }
        for i in 0..n {
            let t = &reading.tokens[i];
            reading.vocab[i] = !reading.masked[i]
                && (rules.known.contains(&t.word)
                    || !reading.typos[i].is_empty()
                    || rules
                        .vocabulary
                        .iter()
                        .filter(|w| !matches!(w, Word::Exact(_)))
                        .any(|w| reading.word_matches(w, i)));
        }
        for alt in &rules.negating {
            if !reading.may_occur(alt) {
                continue;
            }
            for i in 0..n {
                if reading.occurs_at(alt, i) {
                    for (k, w) in alt.iter().enumerate() {
                        if w.is_negation() {
                            reading.absorbed[i + k] = true;
                        }
                    }
                }
            }
        }
        reading
    }

    /// Whether the note has no words a phrase could match.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    fn word_matches(&self, word: &Word, i: usize) -> bool {
        let t = &self.tokens[i];
        let typo = || self.typo_ok[i] && self.typos[i].contains(word);
        match word {
            Word::Exact(e) => t.word == *e || typo(),
            Word::Prefix(p) => t.word.starts_with(p.as_str()) || typo(),
            Word::Number { min, max } => t.number.is_some_and(|v| (*min..=*max).contains(&v)),
        }
    }

    /// Whether `alt` matches the words from `i` on, within one sentence;
    /// with `typos` false, only exact spellings count (for masks).
    fn window_matches(&self, alt: &[Word], i: usize, typos: bool) -> bool {
        let Some(window) = self.tokens.get(i..i + alt.len()) else {
            return false;
        };
        let sentence = self.tokens[i].sentence;
        window.iter().all(|t| t.sentence == sentence)
            && alt.iter().enumerate().all(|(k, w)| {
                let t = &window[k];
                match w {
                    Word::Exact(e) if !typos => t.word == *e,
                    Word::Prefix(p) if !typos => t.word.starts_with(p.as_str()),
                    _ => self.word_matches(w, i + k),
                }
            })
    }

    /// False when `alt` starts with a whole word that is neither in the
    /// note nor a word the note may misspell: a quick way past most.
    fn may_occur(&self, alt: &[Word]) -> bool {
        match alt.first() {
            Some(w @ Word::Exact(e)) => self.present.contains(e) || self.typo_words.contains(w),
            Some(_) => true,
            None => false,
        }
    }

    /// Whether `alt` occurs at `i`: its words in a row, in one sentence,
    /// none of them masked.
    fn occurs_at(&self, alt: &[Word], i: usize) -> bool {
        self.masked
            .get(i..i + alt.len())
            .is_some_and(|m| !m.contains(&true))
            && self.window_matches(alt, i, true)
    }

    /// Whether the phrase is in the note: in some sentence, every part has
    /// an alternative there that is not denied.
    pub fn matches(&self, phrase: &Phrase) -> bool {
        let sentences = self.tokens.last().map_or(0, |t| t.sentence + 1);
        let mut possible = vec![true; sentences];
        for part in &phrase.parts {
            let mut here = vec![false; sentences];
            for alt in part {
                if !self.may_occur(alt) {
                    continue;
                }
                for i in 0..self.tokens.len() {
                    let s = self.tokens[i].sentence;
                    if possible[s]
                        && !here[s]
                        && self.occurs_at(alt, i)
                        && !self.denied(i, alt.len())
                    {
                        here[s] = true;
                    }
                }
            }
            for (p, h) in possible.iter_mut().zip(here) {
                *p &= h;
            }
            if !possible.contains(&true) {
                return false;
            }
        }
        possible.contains(&true)
    }

    /// Whether the match of `len` words at `i` does not count: denied
    /// before it, said of someone else, or declared fine after it.
    fn denied(&self, i: usize, len: usize) -> bool {
        self.negated(i) || self.someone_else(i) || self.all_clear(i + len)
    }

    /// A negation before `i` in its clause, with only gap words, "or",
    /// symptom words or at most [`NEGATION_REACH`] words between, and no
    /// "like this" after it.
    fn negated(&self, i: usize) -> bool {
        let clause = self.tokens[i].clause;
        let mut between = 0;
        for j in (0..i).rev() {
            let t = &self.tokens[j];
            if t.clause != clause || PERSISTENCE.contains(&t.word.as_str()) {
                return false;
            }
            if NEGATIONS.contains(&t.word.as_str()) && !self.absorbed[j] {
                return !self.novelty_after(j);
            }
            let passable =
                GAP_WORDS.contains(&t.word.as_str()) || self.vocab[j] || self.absorbed[j];
            between += 1;
            if !passable || between > NEGATION_REACH {
                return false;
            }
        }
        false
    }

    fn novelty_after(&self, j: usize) -> bool {
        let clause = self.tokens[j].clause;
        let rest: Vec<&str> = self.tokens[j + 1..]
            .iter()
            .take_while(|t| t.clause == clause)
            .map(|t| t.word.as_str())
            .collect();
        NOVELTY
            .iter()
            .any(|seq| rest.windows(seq.len()).any(|w| w == *seq))
    }

    /// Another person named before `i` in its clause as the one who has
    /// it ("my kid *has* a fever", "wife's cancer", "mum *died of*
    /// cancer"), with no "I", "me" or "my" between. A person merely named
    /// ("club run with a fever") does not count.
    fn someone_else(&self, i: usize) -> bool {
        let clause = self.tokens[i].clause;
        for o in (0..i).rev() {
            let t = &self.tokens[o];
            if t.clause != clause || FIRST_PERSON.contains(&t.word.as_str()) {
                return false;
            }
            if self.is_other(&t.word) {
                let next = (o + 1..i).find(|&k| !ADVERBS.contains(&self.tokens[k].word.as_str()));
                return match next {
                    None => true,
                    Some(k) => LINKS.contains(&self.tokens[k].word.as_str()),
                };
            }
        }
        false
    }

    /// A word for another person, or its possessive ("wifes", "sons").
    fn is_other(&self, word: &str) -> bool {
        self.rules.others.contains(word)
            || word
                .strip_suffix('s')
                .is_some_and(|w| self.rules.others.contains(w))
    }

    /// "fine", "ok", "normal", "no problems" right after the match (from
    /// `end`), in its clause: "bladder fine".
    fn all_clear(&self, end: usize) -> bool {
        let Some(clause) = end.checked_sub(1).map(|k| self.tokens[k].clause) else {
            return false;
        };
        for k in end..self.tokens.len().min(end + 4) {
            let t = &self.tokens[k];
            if t.clause != clause {
                return self.one_word_answer(k);
            }
            let w = t.word.as_str();
            if ALL_CLEAR.contains(&w) && !self.vocab[k] {
                // ("eating normally" is a symptom's words, not an all-clear.)
                return true;
            }
            if w == "no" {
                // A "no" that belongs to a symptom's own words ("weight
                // falling off, no change in diet") is no all-clear.
                if self.absorbed[k] {
                    return false;
                }
                return self
                    .tokens
                    .get(k + 1)
                    .is_some_and(|n| NO_PROBLEM.contains(&n.word.as_str()));
            }
            if NEGATIONS.contains(&w) {
                // "control not great": not an all-clear.
                return false;
            }
            if !(ALL_CLEAR_GAP.contains(&w) || self.vocab[k]) {
                return false;
            }
        }
        false
    }
}

impl Reading<'_> {
    /// Whether the clause starting at `k` is only "none", "fine", "no", ...
    /// in the same sentence: "saddle numbness: none", "fever - no".
    fn one_word_answer(&self, k: usize) -> bool {
        let t = &self.tokens[k];
        let alone = self.tokens.get(k + 1).is_none_or(|n| n.clause != t.clause);
        let sentence = k
            .checked_sub(1)
            .is_some_and(|p| self.tokens[p].sentence == t.sentence);
        alone
            && sentence
            && (ALL_CLEAR.contains(&t.word.as_str())
                || ["no", "nope", "nah"].contains(&t.word.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_need_five_letters_the_same_first_letter_and_few_edits() {
        assert!(is_typo_of("groin", "grion"));
        assert!(is_typo_of("saddle", "sadle"));
        assert!(is_typo_of("sciatica", "siatcia"));
        assert!(!is_typo_of("numb", "numm"));
        assert!(!is_typo_of("fever", "never"));
        assert!(!is_typo_of("chills", "hills"));
        assert!(!is_typo_of("bladder", "bldr"));
        assert!(is_typo_of_prefix("tingl", "tinglign"));
        assert!(is_typo_of_prefix("tingl", "tinling"));
        assert!(!is_typo_of_prefix("tingl", "single"));
        assert!(!is_typo_of_prefix("numb", "nmubness"));
        assert!(is_typo_of_prefix("incontinen", "incontinance"));
    }
}
