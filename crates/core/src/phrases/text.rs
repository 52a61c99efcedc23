//! A note cut into words: lowercase, apostrophes dropped, numbers read
//! ("38.5", "102" of "102F"), and each word numbered with the sentence and
//! the clause it sits in. Two-word negations are joined ("can not" and
//! "cannot" read as "cant"), so the phrase data need list only one form.

use super::phrase::parse_number;

/// A word of a note, with the sentence and clause it sits in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    /// Lowercase letters and digits ("cant", "39", "38.5").
    pub word: String,
    /// The word as a number, in thousandths, if it is one.
    pub number: Option<i64>,
    /// Sentences end at `.` `!` `?` `;` and new lines.
    pub sentence: usize,
    /// Clauses also end at `,` `:` brackets, a spaced dash, `/`, `&`,
    /// and before a [`CLAUSE_WORDS`] word.
    pub clause: usize,
}

/// Words that start a new clause (a denial or another person before them
/// does not reach past them).
pub const CLAUSE_WORDS: [&str; 17] = [
    "and", "but", "however", "although", "though", "yet", "except", "whereas", "then", "so",
    "because", "cos", "coz", "while", "whilst", "plus", "also",
];

/// Two words read as one: negations written apart, so "can not pee"
/// matches the data's "cant pee".
const JOINED: [(&str, &str, &str); 16] = [
    ("can", "not", "cant"),
    ("do", "not", "dont"),
    ("does", "not", "doesnt"),
    ("did", "not", "didnt"),
    ("will", "not", "wont"),
    ("could", "not", "couldnt"),
    ("would", "not", "wouldnt"),
    ("should", "not", "shouldnt"),
    ("have", "not", "havent"),
    ("has", "not", "hasnt"),
    ("had", "not", "hadnt"),
    ("is", "not", "isnt"),
    ("was", "not", "wasnt"),
    ("are", "not", "arent"),
    ("were", "not", "werent"),
    ("w", "o", "without"),
];

/// One word spelled another way.
const RESPELLED: [(&str, &str); 5] = [
    ("cannot", "cant"),
    ("cnt", "cant"),
    ("dnt", "dont"),
    ("didn", "didnt"),
    ("wo", "without"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Letters,
    Digits,
}

/// What punctuation came before a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Clause,
    Sentence,
}

/// A word as cut, before sentences and clauses are numbered.
struct Cut {
    word: String,
    number: Option<i64>,
    after: Break,
}

/// After "and", these continue a list rather than start a clause: "my
/// son has chickenpox *and a* fever".
const LIST_STARTS: [&str; 4] = ["a", "an", "the", "some"];

struct Cutter {
    out: Vec<Cut>,
    word: String,
    kind: Option<Kind>,
    pending: Break,
}

impl Cutter {
    fn flush(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let word = RESPELLED
            .iter()
            .find(|(from, _)| *from == word)
            .map_or(word, |(_, to)| (*to).to_owned());
        let number = match self.kind {
            Some(Kind::Digits) => parse_number(&word),
            _ => None,
        };
        self.kind = None;
        self.out.push(Cut {
            word,
            number,
            after: std::mem::replace(&mut self.pending, Break::None),
        });
    }

    fn push(&mut self, c: char, kind: Kind) {
        if self.kind.is_some_and(|k| k != kind) {
            self.flush();
        }
        self.kind = Some(kind);
        for lower in c.to_lowercase() {
            // A letter held down reads as two: "peeee" is "pee", "sooo" "soo".
            let mut last = self.word.chars().rev();
            let held =
                kind == Kind::Letters && last.next() == Some(lower) && last.next() == Some(lower);
            if !held {
                self.word.push(lower);
            }
        }
    }

    fn mark(&mut self, b: Break) {
        self.pending = self.pending.max(b);
    }
}

/// Splits a note into lowercase words, numbering sentences and clauses.
pub(super) fn tokens(note: &str) -> Vec<Token> {
    let chars: Vec<char> = note.chars().collect();
    let mut cut = Cutter {
        out: Vec::new(),
        word: String::new(),
        kind: None,
        pending: Break::None,
    };
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i + 1).copied();
        let digit_before = before.is_some_and(|b| b.is_ascii_digit());
        let digit_after = after.is_some_and(|a| a.is_ascii_digit());
        if matches!(c, '\u{b0}' | '\u{ba}' | '\u{2da}') {
            // Degree signs: "39°C" reads as 39 and "c".
            cut.flush();
        } else if c.is_ascii_digit() {
            cut.push(c, Kind::Digits);
        } else if c.is_alphanumeric() {
            cut.push(c, Kind::Letters);
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`') {
            // Dropped: "can't" reads as "cant".
        } else if matches!(c, '.' | ',')
            && digit_before
            && digit_after
            && cut.kind == Some(Kind::Digits)
        {
            // A decimal point (38.5, or 38,5 as many write it).
            cut.word.push('.');
        } else {
            cut.flush();
            let spaced =
                before.is_none_or(char::is_whitespace) || after.is_none_or(char::is_whitespace);
            match c {
                '.' | '!' | '?' | '\n' | '\r' | ';' => cut.mark(Break::Sentence),
                ',' | ':' | '(' | ')' | '[' | ']' | '/' | '&' | '\u{2014}' | '\u{2013}' => {
                    cut.mark(Break::Clause);
                }
                '-' if spaced => cut.mark(Break::Clause),
                _ => {}
            }
        }
    }
    cut.flush();
    join(number(cut.out))
}

/// Numbers sentences and clauses: a sentence ends at its punctuation, a
/// clause also at a [`CLAUSE_WORDS`] word ("and a" continues a list).
fn number(cuts: Vec<Cut>) -> Vec<Token> {
    let (mut sentence, mut clause) = (0usize, 0usize);
    let mut out: Vec<Token> = Vec::with_capacity(cuts.len());
    for (i, c) in cuts.iter().enumerate() {
        if i > 0 {
            let list = c.word == "and"
                && cuts.get(i + 1).is_some_and(|n| {
                    n.after == Break::None && LIST_STARTS.contains(&n.word.as_str())
                });
            match c.after {
                Break::Sentence => {
                    sentence += 1;
                    clause += 1;
                }
                Break::Clause => clause += 1,
                Break::None if CLAUSE_WORDS.contains(&c.word.as_str()) && !list => clause += 1,
                Break::None => {}
            }
        }
        out.push(Token {
            word: c.word.clone(),
            number: c.number,
            sentence,
            clause,
        });
    }
    out
}

/// Joins two-word negations ("can not" -> "cant") within a clause.
fn join(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for t in tokens {
        if let Some(prev) = out.last_mut()
            && prev.clause == t.clause
            && let Some((_, _, joined)) = JOINED
                .iter()
                .find(|(a, b, _)| *a == prev.word && *b == t.word)
        {
            prev.word = (*joined).to_owned();
            prev.number = None;
            continue;
        }
        out.push(t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(note: &str) -> Vec<String> {
        tokens(note).into_iter().map(|t| t.word).collect()
    }

    #[test]
    fn words_numbers_and_joined_negations() {
        assert_eq!(words("Can't PEE"), ["cant", "pee"]);
        assert_eq!(words("I can not pee"), ["i", "cant", "pee"]);
        assert_eq!(words("cannot wee"), ["cant", "wee"]);
        assert_eq!(words("temp 38.5C"), ["temp", "38.5", "c"]);
        assert_eq!(words("102F, lost 5kg"), ["102", "f", "lost", "5", "kg"]);
        assert_eq!(words("38,5 degrees"), ["38.5", "degrees"]);
        assert_eq!(words("pins-and-needles"), ["pins", "and", "needles"]);
        assert_eq!(words("cant peeeee"), ["cant", "pee"]);
        assert_eq!(words("NUMMMB 1000"), ["nummb", "1000"]);
        let t = tokens("temp 38.5C");
        assert_eq!(t[1].number, Some(38_500));
        assert_eq!(t[0].number, None);
    }

    #[test]
    fn sentences_and_clauses() {
        let t = tokens("no fever, numb groin. Sore - fine");
        let at = |w: &str| {
            t.iter()
                .find(|t| t.word == w)
                .map(|t| (t.sentence, t.clause))
        };
        assert_eq!(at("no"), Some((0, 0)));
        assert_eq!(at("numb"), Some((0, 1)));
        assert_eq!(at("sore"), Some((1, 2)));
        assert_eq!(at("fine"), Some((1, 3)));
        let t = tokens("no fever but numb");
        assert_eq!(t[2].clause, 1);
        // A decimal point does not end a sentence.
        let t = tokens("39.2 today");
        assert_eq!(t[1].sentence, 0);
    }
}
