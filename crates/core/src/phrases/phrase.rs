//! The phrase notation of the knowledge base: words, numbers, word groups
//! (`@numb`), alternatives (`|`) and parts (`+`), parsed into [`Phrase`].
//!
//! A word group is a list of alternatives kept in `knowledge/note_words.toml`
//! under a name; `@name` in a phrase stands for all of them, so "numb",
//! "tingling", "pins and needles" and "no feeling" are written once and
//! shared by every flag that needs them.

use std::collections::BTreeMap;

use super::NEGATIONS;

/// One word of a phrase.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Word {
    /// The whole word.
    Exact(String),
    /// Any word starting with this.
    Prefix(String),
    /// A number between `min` and `max` inclusive, both in thousandths
    /// (`{37.5-45}` is 37,500 to 45,000).
    Number {
        /// Lowest value, in thousandths.
        min: i64,
        /// Highest value, in thousandths.
        max: i64,
    },
}

impl Word {
    /// The word as written in the notation.
    pub fn notation(&self) -> String {
        match self {
            Word::Exact(w) => w.clone(),
            Word::Prefix(p) => format!("{p}*"),
            Word::Number { min, max } => {
                format!("{{{}-{}}}", thousandths(*min), thousandths(*max))
            }
        }
    }

    /// Whether this is one of the negation words ("no", "not", ...).
    pub(super) fn is_negation(&self) -> bool {
        matches!(self, Word::Exact(e) if NEGATIONS.contains(&e.as_str()))
    }
}

fn thousandths(v: i64) -> String {
    let whole = v / 1000;
    let frac = (v % 1000).abs();
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:03}")
            .trim_end_matches('0')
            .to_owned()
    }
}

/// An alternative: words that must follow each other.
pub type Alternative = Vec<Word>;

/// Named word groups, each a list of alternatives (`@numb`, `@saddle-area`).
pub type WordGroups = BTreeMap<String, Vec<Alternative>>;

/// A parsed phrase: every part must appear (any of its alternatives, each
/// a run of consecutive words) in one sentence, none of them denied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The phrase as written in the knowledge base.
    pub text: String,
    /// Parts, each a list of alternatives, each a list of words; word groups
    /// are already replaced by their alternatives.
    pub parts: Vec<Vec<Alternative>>,
}

/// Why a phrase, or an entry of a word group, cannot be used.
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
        "`{0}`: words are lowercase a-z and 0-9 (apostrophes allowed), with an optional final `*`; numbers are written {{min-max}}"
    )]
    BadWord(String),
    /// `ab*` would match almost anything.
    #[error("`{0}`: a word ending in `*` needs at least 3 letters before it")]
    ShortPrefix(String),
    /// An alternative of negation words only ("no", "not") would match
    /// every denial.
    #[error("`{0}` is made only of negation words")]
    OnlyNegation(String),
    /// `{40-38}`, or a number that is not one.
    #[error("`{0}`: a number range is {{min-max}} with min at most max, e.g. {{37.5-45}}")]
    BadNumber(String),
    /// `@name` that names no word group.
    #[error("`@{0}` names no word group of note_words.toml")]
    UnknownGroup(String),
    /// `@name` inside a word group's own entry.
    #[error("`{0}`: a word group entry cannot name another group")]
    GroupInGroup(String),
    /// Groups in a row that would make too many alternatives.
    #[error("`{0}` stands for more than {MAX_ALTERNATIVES} alternatives; split it")]
    TooMany(String),
}

impl Phrase {
    /// Parses a phrase in the knowledge base's notation, without word groups.
    pub fn parse(text: &str) -> Result<Phrase, PhraseError> {
        Phrase::parse_with(text, &WordGroups::new())
    }

    /// Parses a phrase whose alternatives may be word groups (`@numb`).
    pub fn parse_with(text: &str, groups: &WordGroups) -> Result<Phrase, PhraseError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PhraseError::Empty);
        }
        let mut parts = Vec::new();
        for part in text.split('+') {
            let mut alternatives = Vec::new();
            for alternative in part.split('|') {
                alternatives.extend(expand(alternative, groups)?);
            }
            parts.push(alternatives);
        }
        Ok(Phrase {
            text: text.to_owned(),
            parts,
        })
    }

    /// Every word the phrase uses.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.parts.iter().flatten().flatten()
    }
}

/// The most alternatives one alternative with word groups may stand for.
pub const MAX_ALTERNATIVES: usize = 2000;

/// One alternative of a phrase, with each `@group` in it replaced by each
/// of the group's alternatives in turn (`@unable @pee`: "cant pee",
/// "cant wee", "unable to pee", ...).
fn expand(text: &str, groups: &WordGroups) -> Result<Vec<Alternative>, PhraseError> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    if raw.is_empty() {
        return Err(PhraseError::EmptyPiece);
    }
    let mut out: Vec<Alternative> = vec![Vec::new()];
    for w in raw {
        let choices: Vec<Alternative> = match w.strip_prefix('@') {
            Some(name) => groups
                .get(name)
                .cloned()
                .ok_or_else(|| PhraseError::UnknownGroup(name.to_owned()))?,
            None => vec![vec![parse_word(w)?]],
        };
        if out.len() * choices.len() > MAX_ALTERNATIVES {
            return Err(PhraseError::TooMany(text.trim().to_owned()));
        }
        out = out
            .iter()
            .flat_map(|head| {
                choices.iter().map(move |c| {
                    let mut alt = head.clone();
                    alt.extend(c.iter().cloned());
                    alt
                })
            })
            .collect();
    }
    if out.iter().any(|alt| alt.iter().all(Word::is_negation)) {
        return Err(PhraseError::OnlyNegation(text.trim().to_owned()));
    }
    Ok(out)
}

/// Parses one alternative: words that must follow each other.
pub fn parse_alternative(text: &str) -> Result<Alternative, PhraseError> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    if raw.is_empty() {
        return Err(PhraseError::EmptyPiece);
    }
    if raw.iter().any(|w| w.starts_with('@')) {
        return Err(PhraseError::GroupInGroup(text.trim().to_owned()));
    }
    let words = raw
        .iter()
        .map(|w| parse_word(w))
        .collect::<Result<Vec<_>, _>>()?;
    if words.iter().all(Word::is_negation) {
        return Err(PhraseError::OnlyNegation(text.trim().to_owned()));
    }
    Ok(words)
}

fn parse_word(raw: &str) -> Result<Word, PhraseError> {
    if let Some(range) = raw.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        return parse_range(range).ok_or_else(|| PhraseError::BadNumber(raw.to_owned()));
    }
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

fn parse_range(range: &str) -> Option<Word> {
    let (min, max) = range.split_once('-')?;
    let (min, max) = (parse_number(min.trim())?, parse_number(max.trim())?);
    (min <= max).then_some(Word::Number { min, max })
}

/// A decimal number ("38", "38.5") in thousandths; `None` for anything
/// else, or for numbers too long to be a reading of anything.
pub(super) fn parse_number(text: &str) -> Option<i64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || whole.len() > 9 || !digits(whole) || !digits(frac) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let mut frac_value = 0i64;
    for (i, c) in frac.chars().take(3).enumerate() {
        let d = i64::from(c.to_digit(10)?);
        frac_value += d * 10i64.pow(2 - i as u32);
    }
    Some(whole * 1000 + frac_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_in_thousandths() {
        assert_eq!(parse_number("39"), Some(39_000));
        assert_eq!(parse_number("38.5"), Some(38_500));
        assert_eq!(parse_number("38.55"), Some(38_550));
        assert_eq!(parse_number("101.1234"), Some(101_123));
        assert_eq!(parse_number("1234567890"), None);
        assert_eq!(parse_number("3a"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(
            Phrase::parse("{37.5-45} degrees").map(|p| p.parts[0][0][0].notation()),
            Ok("{37.5-45}".to_owned())
        );
        assert!(matches!(
            Phrase::parse("{45-37} c"),
            Err(PhraseError::BadNumber(_))
        ));
        assert!(matches!(
            Phrase::parse("{x-3}"),
            Err(PhraseError::BadNumber(_))
        ));
    }

    #[test]
    fn groups_are_whole_alternatives_and_must_exist() {
        let mut groups = WordGroups::new();
        groups.insert(
            "numb".to_owned(),
            vec![
                parse_alternative("numb*").expect("valid"),
                parse_alternative("no feeling").expect("valid"),
            ],
        );
        let p = Phrase::parse_with("@numb | tingl* + groin", &groups).expect("valid");
        assert_eq!(p.parts[0].len(), 3);
        assert_eq!(
            Phrase::parse_with("@nope + groin", &groups),
            Err(PhraseError::UnknownGroup("nope".to_owned()))
        );
        let p = Phrase::parse_with("very @numb", &groups).expect("valid");
        assert_eq!(p.parts[0].len(), 2);
        assert_eq!(p.parts[0][1].len(), 3);
        assert!(matches!(
            parse_alternative("@numb"),
            Err(PhraseError::GroupInGroup(_))
        ));
    }
}
