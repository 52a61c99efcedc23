//! Turns the raw TOML shapes into the validated model, collecting every
//! problem with the file and item it belongs to.
//!
//! Checks: ID format and uniqueness, enumerations, number ranges, that every
//! cited source, cause, exercise and signal exists, that substitutes need no
//! equipment their exercise needs, and that every claim of the founding
//! article is present and cited somewhere.

use std::collections::{BTreeSet, HashSet};

use super::error::{KnowledgeError, KnowledgeErrors};
use super::model::{
    Cause, Checked, CoreTest, CrossTrainingParams, Dose, Exercise, FlagStrength, FlagTier,
    FlagTrigger, Intervention, InterventionKind, KnowledgeBase, Norm, NormSex, PlanLimits,
    PlanParams, ProgressionStep, Ratio, RedFlag, Routine, Rule, RunningParams, Source, SourceKind,
};
use super::raw;
use super::seed::SEED_IDS;
use crate::evidence::{Evidence, EvidenceLevel, SourceId, Verdict};
use crate::phrases::{Alternative, FIRST_PERSON, NoteRules, Phrase, WordGroups, parse_alternative};
use crate::profile::Equipment;
use crate::signal::Signal;
use crate::units::Meters;

/// The parsed files, before validation.
pub struct RawFiles {
    pub(super) sources: raw::SourcesFile,
    pub(super) causes: raw::CausesFile,
    pub(super) interventions: raw::InterventionsFile,
    pub(super) exercises: raw::ExercisesFile,
    pub(super) routine: raw::RoutineFile,
    pub(super) red_flags: raw::RedFlagsFile,
    pub(super) norms: raw::NormsFile,
    pub(super) plan: raw::PlanFile,
    pub(super) note_words: raw::NoteWordsFile,
}

/// Collects problems while building the model.
struct Checker {
    errors: Vec<KnowledgeError>,
    source_ids: HashSet<String>,
    cited: BTreeSet<String>,
}

impl Checker {
    fn fail(&mut self, file: &str, item: &str, problem: impl Into<String>) {
        self.errors.push(KnowledgeError {
            file: file.to_owned(),
            item: item.to_owned(),
            problem: problem.into(),
        });
    }

    fn sources(&mut self, file: &str, item: &str, ids: &[String]) -> Vec<SourceId> {
        if ids.is_empty() {
            self.fail(file, item, "cites no source");
        }
        for id in ids {
            if self.source_ids.contains(id) {
                self.cited.insert(id.clone());
            } else {
                self.fail(file, item, format!("cites unknown source `{id}`"));
            }
        }
        ids.iter().cloned().map(SourceId).collect()
    }

    fn signal(&mut self, file: &str, item: &str, name: &str) -> Option<Signal> {
        match name.parse::<Signal>() {
            Ok(s) => Some(s),
            Err(e) => {
                self.fail(file, item, e.to_string());
                None
            }
        }
    }

    fn evidence(&mut self, file: &str, item: &str, raw: &raw::RawEvidence) -> Evidence {
        let level = EvidenceLevel::parse(&raw.level).unwrap_or_else(|| {
            self.fail(
                file,
                item,
                format!(
                    "evidence.level `{}` is not one of high, moderate, low, very-low, opinion",
                    raw.level
                ),
            );
            EvidenceLevel::Opinion
        });
        let verdict = Verdict::parse(&raw.verdict).unwrap_or_else(|| {
            self.fail(
                file,
                item,
                format!(
                    "evidence.verdict `{}` is not one of supported, consistent, plausible, not-supported, contradicted",
                    raw.verdict
                ),
            );
            Verdict::Plausible
        });
        if raw.note.trim().is_empty() {
            self.fail(file, item, "evidence.note is empty");
        }
        Evidence {
            level,
            verdict,
            note: raw.note.trim().to_owned(),
        }
    }

    fn number<T: TryFrom<i64> + Default>(
        &mut self,
        file: &str,
        item: &str,
        key: &str,
        value: i64,
        min: i64,
        max: i64,
    ) -> T {
        if !(min..=max).contains(&value) {
            self.fail(
                file,
                item,
                format!("{key} = {value} is outside {min}..={max}"),
            );
            return T::default();
        }
        T::try_from(value).unwrap_or_default()
    }

    fn text(&mut self, file: &str, item: &str, key: &str, value: &str) -> String {
        if value.trim().is_empty() {
            self.fail(file, item, format!("{key} is empty"));
        }
        value.trim().to_owned()
    }

    fn unique_ids<'a>(&mut self, file: &str, ids: impl Iterator<Item = &'a str>, upper: bool) {
        let mut seen = HashSet::new();
        for id in ids {
            if !is_id(id, upper) {
                let case = if upper { "UPPER-KEBAB" } else { "kebab-case" };
                self.fail(file, id, format!("ID is not {case}"));
            }
            if !seen.insert(id) {
                self.fail(file, id, "ID is used twice");
            }
        }
    }
}

fn is_id(id: &str, upper: bool) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| {
            c == '-'
                || c.is_ascii_digit()
                || if upper {
                    c.is_ascii_uppercase()
                } else {
                    c.is_ascii_lowercase()
                }
        })
}

/// Validates the parsed files into a knowledge base.
pub fn validate(files: RawFiles) -> Result<KnowledgeBase, KnowledgeErrors> {
    let mut ck = Checker {
        errors: Vec::new(),
        source_ids: files.sources.sources.iter().map(|s| s.id.clone()).collect(),
        cited: BTreeSet::new(),
    };
    let sources = sources(&mut ck, &files.sources);
    let causes = causes(&mut ck, &files.causes);
    let exercises = exercises(&mut ck, &files.exercises);
    let interventions = interventions(&mut ck, &files.interventions, &causes);
    let routine = routine(&mut ck, &files.routine.routine, &exercises);
    let words = note_words(&mut ck, &files.note_words);
    let red_flags = red_flags(&mut ck, &files.red_flags, &words.groups);
    unused_groups(&mut ck, &files.red_flags, &words.groups);
    let note_rules = NoteRules::new(
        red_flags.iter().flat_map(|f| &f.phrases),
        words.masks,
        words.others,
        words.not_typos,
    );
    let (norms, ratios) = norms(&mut ck, &files.norms);
    let plan = plan(&mut ck, &files.plan);

    for seed in SEED_IDS {
        if !ck.source_ids.contains(*seed) {
            ck.fail(
                "sources.toml",
                seed,
                "claim of the founding article is missing",
            );
        } else if !ck.cited.contains(*seed) {
            ck.fail(
                "sources.toml",
                seed,
                "claim of the founding article is cited by no item",
            );
        }
    }
    for s in &sources {
        if s.id.is_seed() && !SEED_IDS.contains(&s.id.as_str()) {
            ck.fail(
                "sources.toml",
                s.id.as_str(),
                "is not a claim listed in SEED-MODEL.md",
            );
        }
    }

    if ck.errors.is_empty() {
        Ok(KnowledgeBase {
            sources,
            causes,
            interventions,
            exercises,
            routine,
            red_flags,
            norms,
            ratios,
            plan,
            note_rules,
        })
    } else {
        Err(KnowledgeErrors(ck.errors))
    }
}

fn sources(ck: &mut Checker, file: &raw::SourcesFile) -> Vec<Source> {
    const F: &str = "sources.toml";
    ck.unique_ids(F, file.sources.iter().map(|s| s.id.as_str()), true);
    file.sources
        .iter()
        .map(|s| {
            let kind = match s.kind.as_str() {
                "seed-claim" => SourceKind::SeedClaim,
                "guideline" => SourceKind::Guideline,
                "systematic-review" => SourceKind::SystematicReview,
                "trial" => SourceKind::Trial,
                "cohort" => SourceKind::Cohort,
                "expert" => SourceKind::Expert,
                "lay" => SourceKind::Lay,
                other => {
                    ck.fail(
                        F,
                        &s.id,
                        format!("kind `{other}` is not a known source kind"),
                    );
                    SourceKind::Lay
                }
            };
            let is_seed = kind == SourceKind::SeedClaim;
            if is_seed != s.id.starts_with("SEED-") {
                ck.fail(
                    F,
                    &s.id,
                    "seed claims, and only they, have IDs starting with SEED-",
                );
            }
            let checked = match (s.checked.as_deref(), is_seed) {
                (None, true) => None,
                (Some(_), true) => {
                    ck.fail(F, &s.id, "a seed claim has no `checked`");
                    None
                }
                (None, false) => {
                    ck.fail(
                        F,
                        &s.id,
                        "missing `checked` (read-in-source, secondary or unverified)",
                    );
                    None
                }
                (Some("read-in-source"), false) => Some(Checked::ReadInSource),
                (Some("secondary"), false) => Some(Checked::Secondary),
                (Some("unverified"), false) => Some(Checked::Unverified),
                (Some(other), false) => {
                    ck.fail(
                        F,
                        &s.id,
                        format!("checked `{other}` is not read-in-source, secondary or unverified"),
                    );
                    None
                }
            };
            if !is_seed && s.citation.is_none() {
                ck.fail(F, &s.id, "missing `citation`");
            }
            Source {
                id: SourceId(s.id.clone()),
                kind,
                title: ck.text(F, &s.id, "title", &s.title),
                citation: s.citation.clone(),
                url: s.url.clone(),
                checked,
            }
        })
        .collect()
}

fn causes(ck: &mut Checker, file: &raw::CausesFile) -> Vec<Cause> {
    const F: &str = "causes.toml";
    ck.unique_ids(F, file.causes.iter().map(|c| c.id.as_str()), false);
    file.causes
        .iter()
        .map(|c| {
            if c.rules.is_empty() {
                ck.fail(F, &c.id, "has no scoring rule");
            }
            let rules = c
                .rules
                .iter()
                .filter_map(|r| {
                    let weight = ck.number(F, &c.id, "rule.weight", r.weight, 1, 5);
                    let why = ck.text(F, &c.id, "rule.why", &r.why);
                    ck.signal(F, &c.id, &r.signal).map(|signal| Rule {
                        signal,
                        weight,
                        why,
                    })
                })
                .collect();
            Cause {
                id: c.id.clone(),
                name: ck.text(F, &c.id, "name", &c.name),
                summary: ck.text(F, &c.id, "summary", &c.summary),
                sources: ck.sources(F, &c.id, &c.sources),
                evidence: ck.evidence(F, &c.id, &c.evidence),
                rules,
            }
        })
        .collect()
}

fn equipment(ck: &mut Checker, file: &str, item: &str, id: &str) -> Option<Equipment> {
    let found = Equipment::parse(id);
    if found.is_none() {
        ck.fail(
            file,
            item,
            format!("unknown equipment `{id}` (exercise-ball, bike, brace)"),
        );
    }
    found
}

fn exercises(ck: &mut Checker, file: &raw::ExercisesFile) -> Vec<Exercise> {
    const F: &str = "exercises.toml";
    ck.unique_ids(F, file.exercises.iter().map(|e| e.id.as_str()), false);
    let built: Vec<Exercise> = file
        .exercises
        .iter()
        .map(|e| {
            let d = &e.dose;
            let dose = Dose {
                sets: ck.number(F, &e.id, "dose.sets", d.sets, 1, 10),
                reps: ck.number(F, &e.id, "dose.reps", d.reps, 1, 100),
                per_side: d.per_side,
                hold_s: d
                    .hold_s
                    .map(|h| ck.number(F, &e.id, "dose.hold_s", h, 1, 120)),
                at_least: d.at_least,
            };
            let mut progression = Vec::new();
            for step in &e.progression {
                let next = ProgressionStep {
                    from_week: ck.number(F, &e.id, "progression.from_week", step.from_week, 1, 52),
                    sets: ck.number(F, &e.id, "progression.sets", step.sets, 1, 10),
                };
                if let Some(prev) = progression.last() {
                    let prev: &ProgressionStep = prev;
                    if next.from_week <= prev.from_week || next.sets < prev.sets {
                        ck.fail(
                            F,
                            &e.id,
                            "progression must rise: later weeks, same or more sets",
                        );
                    }
                }
                progression.push(next);
            }
            if progression.first().is_some_and(|p| p.sets != dose.sets) {
                ck.fail(F, &e.id, "the first progression step must match dose.sets");
            }
            if e.how.is_empty() {
                ck.fail(F, &e.id, "has no `how` steps");
            }
            Exercise {
                id: e.id.clone(),
                name: ck.text(F, &e.id, "name", &e.name),
                purpose: ck.text(F, &e.id, "purpose", &e.purpose),
                how: e.how.iter().map(|s| s.trim().to_owned()).collect(),
                equipment: e
                    .equipment
                    .iter()
                    .filter_map(|q| equipment(ck, F, &e.id, q))
                    .collect(),
                substitutes: e.substitutes.clone(),
                dose,
                progression,
                sources: ck.sources(F, &e.id, &e.sources),
                evidence: ck.evidence(F, &e.id, &e.evidence),
            }
        })
        .collect();
    for e in &built {
        if !e.equipment.is_empty() && e.substitutes.is_empty() {
            ck.fail(F, &e.id, "needs equipment but names no substitute");
        }
        for sub in &e.substitutes {
            match built.iter().find(|x| &x.id == sub) {
                None => ck.fail(F, &e.id, format!("substitute `{sub}` is not an exercise")),
                Some(x) if x.id == e.id => ck.fail(F, &e.id, "is its own substitute"),
                Some(x) if x.equipment.iter().any(|q| e.equipment.contains(q)) => ck.fail(
                    F,
                    &e.id,
                    format!("substitute `{sub}` needs the same equipment"),
                ),
                Some(_) => {}
            }
        }
    }
    built
}

fn interventions(
    ck: &mut Checker,
    file: &raw::InterventionsFile,
    causes: &[Cause],
) -> Vec<Intervention> {
    const F: &str = "interventions.toml";
    ck.unique_ids(F, file.interventions.iter().map(|i| i.id.as_str()), false);
    file.interventions
        .iter()
        .map(|i| {
            let kind = match i.kind.as_str() {
                "routine" => InterventionKind::Routine,
                "cross-training" => InterventionKind::CrossTraining,
                "brace" => InterventionKind::Brace,
                "posture" => InterventionKind::Posture,
                "load" => InterventionKind::Load,
                "medical" => InterventionKind::Medical,
                "tracking" => InterventionKind::Tracking,
                other => {
                    ck.fail(
                        F,
                        &i.id,
                        format!("kind `{other}` is not a known intervention kind"),
                    );
                    InterventionKind::Tracking
                }
            };
            for c in &i.for_causes {
                if !causes.iter().any(|x| &x.id == c) {
                    ck.fail(F, &i.id, format!("for_causes names unknown cause `{c}`"));
                }
            }
            if !i.always
                && i.for_causes.is_empty()
                && i.when_signals.is_empty()
                && i.when_all.is_empty()
            {
                ck.fail(
                    F,
                    &i.id,
                    "is never recommended: set always, for_causes, when_signals or when_all",
                );
            }
            let when_any = i
                .when_signals
                .iter()
                .filter_map(|s| ck.signal(F, &i.id, s))
                .collect();
            let when_all = i
                .when_all
                .iter()
                .filter_map(|s| ck.signal(F, &i.id, s))
                .collect();
            Intervention {
                id: i.id.clone(),
                name: ck.text(F, &i.id, "name", &i.name),
                kind,
                summary: ck.text(F, &i.id, "summary", &i.summary),
                for_causes: i.for_causes.clone(),
                when_any,
                when_all,
                always: i.always,
                sources: ck.sources(F, &i.id, &i.sources),
                evidence: ck.evidence(F, &i.id, &i.evidence),
            }
        })
        .collect()
}

fn routine(ck: &mut Checker, r: &raw::RawRoutine, exercises: &[Exercise]) -> Routine {
    const F: &str = "routine.toml";
    if r.exercises.is_empty() {
        ck.fail(F, "routine", "lists no exercise");
    }
    for id in &r.exercises {
        if !exercises.iter().any(|e| &e.id == id) {
            ck.fail(F, "routine", format!("names unknown exercise `{id}`"));
        }
    }
    Routine {
        name: ck.text(F, "routine", "name", &r.name),
        when: ck.text(F, "routine", "when", &r.when),
        exercises: r.exercises.clone(),
        sources: ck.sources(F, "routine", &r.sources),
    }
}

fn tier(ck: &mut Checker, item: &str, key: &str, value: &str) -> FlagTier {
    FlagTier::parse(value).unwrap_or_else(|| {
        ck.fail(
            "red_flags.toml",
            item,
            format!("{key} `{value}` is not emergency, urgent, soon or routine"),
        );
        FlagTier::Urgent
    })
}

fn red_flags(ck: &mut Checker, file: &raw::RedFlagsFile, groups: &WordGroups) -> Vec<RedFlag> {
    const F: &str = "red_flags.toml";
    ck.unique_ids(F, file.red_flags.iter().map(|f| f.id.as_str()), false);
    file.red_flags
        .iter()
        .map(|f| {
            let trigger = match (&f.question, &f.signal) {
                (Some(q), None) => FlagTrigger::Asked(ck.text(F, &f.id, "question", q)),
                (None, Some(s)) => {
                    FlagTrigger::Derived(ck.signal(F, &f.id, s).unwrap_or(Signal::RegionOther))
                }
                _ => {
                    ck.fail(
                        F,
                        &f.id,
                        "needs exactly one of `question` (asked) or `signal` (derived)",
                    );
                    FlagTrigger::Asked(String::new())
                }
            };
            let own = tier(ck, &f.id, "tier", &f.tier);
            let strength = match (f.strength.as_str(), &f.combined_tier) {
                ("strong", None) => FlagStrength::Strong,
                ("weak", Some(t)) => {
                    let combined = tier(ck, &f.id, "combined_tier", t);
                    if combined <= own {
                        ck.fail(F, &f.id, "combined_tier must be more urgent than tier");
                    }
                    FlagStrength::Weak { combined }
                }
                ("strong", Some(_)) => {
                    ck.fail(F, &f.id, "a strong flag has no combined_tier");
                    FlagStrength::Strong
                }
                ("weak", None) => {
                    ck.fail(F, &f.id, "a weak flag needs combined_tier");
                    FlagStrength::Strong
                }
                (other, _) => {
                    ck.fail(
                        F,
                        &f.id,
                        format!("strength `{other}` is not strong or weak"),
                    );
                    FlagStrength::Strong
                }
            };
            let combined_action = match (&strength, &f.combined_action) {
                (FlagStrength::Weak { .. }, Some(a)) => {
                    Some(ck.text(F, &f.id, "combined_action", a))
                }
                (FlagStrength::Weak { .. }, None) => {
                    ck.fail(F, &f.id, "a weak flag needs combined_action");
                    None
                }
                (FlagStrength::Strong, Some(_)) => {
                    ck.fail(F, &f.id, "a strong flag has no combined_action");
                    None
                }
                (FlagStrength::Strong, None) => None,
            };
            let asked = matches!(trigger, FlagTrigger::Asked(_));
            let phrases = phrases(ck, &f.id, own, asked, &f.phrases, groups);
            RedFlag {
                id: f.id.clone(),
                name: ck.text(F, &f.id, "name", &f.name),
                trigger,
                suggests: ck.text(F, &f.id, "suggests", &f.suggests),
                tier: own,
                strength,
                action: ck.text(F, &f.id, "action", &f.action),
                combined_action,
                phrases,
                sources: ck.sources(F, &f.id, &f.sources),
            }
        })
        .collect()
}

/// A flag's note phrases: each must parse, none twice; only flags that
/// stop the plan (soon or above) may have them, and every asked one must.
fn phrases(
    ck: &mut Checker,
    id: &str,
    tier: FlagTier,
    asked: bool,
    raw: &[String],
    groups: &WordGroups,
) -> Vec<Phrase> {
    const F: &str = "red_flags.toml";
    if !tier.may_have_phrases() {
        if !raw.is_empty() {
            ck.fail(
                F,
                id,
                "only flags at soon or above may have phrases (a matching note stops the plan)",
            );
        }
        return Vec::new();
    }
    if asked && raw.is_empty() {
        ck.fail(
            F,
            id,
            "an asked flag needs at least one phrase, so log notes that mention it are caught",
        );
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for text in raw {
        match Phrase::parse_with(text, groups) {
            Ok(p) => {
                if !seen.insert(p.text.clone()) {
                    ck.fail(F, id, format!("phrase `{}` is listed twice", p.text));
                }
                out.push(p);
            }
            Err(e) => ck.fail(F, id, format!("phrase `{text}`: {e}")),
        }
    }
    out
}

/// `note_words.toml`, checked.
struct NoteWords {
    groups: WordGroups,
    masks: Vec<Alternative>,
    others: Vec<String>,
    not_typos: Vec<String>,
}

/// The word groups, masks, other-person words and real words of
/// `note_words.toml`: every entry must parse, none twice.
fn note_words(ck: &mut Checker, file: &raw::NoteWordsFile) -> NoteWords {
    const F: &str = "note_words.toml";
    ck.unique_ids(F, file.groups.iter().map(|g| g.id.as_str()), false);
    let mut groups = WordGroups::new();
    for g in &file.groups {
        let mut seen = HashSet::new();
        let mut alternatives = Vec::new();
        if g.words.is_empty() {
            ck.fail(F, &g.id, "a word group needs at least one entry");
        }
        for text in &g.words {
            if !seen.insert(text.trim()) {
                ck.fail(F, &g.id, format!("`{}` is listed twice", text.trim()));
            }
            match parse_alternative(text) {
                Ok(alt) => alternatives.push(alt),
                Err(e) => ck.fail(F, &g.id, format!("`{text}`: {e}")),
            }
        }
        groups.insert(g.id.clone(), alternatives);
    }
    let mut masks = Vec::new();
    for text in &file.ignore {
        match parse_alternative(text) {
            Ok(alt) => masks.push(alt),
            Err(e) => ck.fail(F, "ignore", format!("`{text}`: {e}")),
        }
    }
    let mut plain = |item: &str, words: &[String]| -> Vec<String> {
        let mut seen = HashSet::new();
        for w in words {
            if w.is_empty() || !w.chars().all(|c| c.is_ascii_lowercase()) {
                ck.fail(F, item, format!("`{w}`: one word of lowercase a-z letters"));
            } else if !seen.insert(w.as_str()) {
                ck.fail(F, item, format!("`{w}` is listed twice"));
            }
        }
        words.to_vec()
    };
    let others = plain("others", &file.others);
    let not_typos = plain("not_typos", &file.not_typos);
    for w in &others {
        if FIRST_PERSON.contains(&w.as_str()) {
            ck.fail(
                F,
                "others",
                format!("`{w}` is the runner, not another person"),
            );
        }
    }
    NoteWords {
        groups,
        masks,
        others,
        not_typos,
    }
}

/// A word group no phrase uses is a mistake (a misspelt `@name`, or a
/// group that was meant to be used).
fn unused_groups(ck: &mut Checker, file: &raw::RedFlagsFile, groups: &WordGroups) {
    let used: HashSet<&str> = file
        .red_flags
        .iter()
        .flat_map(|f| &f.phrases)
        .flat_map(|p| p.split(['+', '|', ' ', '\t']))
        .filter_map(|word| word.strip_prefix('@'))
        .collect();
    for id in groups.keys() {
        if !used.contains(id.as_str()) {
            ck.fail(
                "note_words.toml",
                id,
                format!("word group `@{id}` is used by no phrase of red_flags.toml"),
            );
        }
    }
}

fn core_test(ck: &mut Checker, item: &str, id: &str) -> CoreTest {
    CoreTest::parse(id).unwrap_or_else(|| {
        ck.fail("norms.toml", item, format!("unknown test `{id}`"));
        CoreTest::Plank
    })
}

fn norms(ck: &mut Checker, file: &raw::NormsFile) -> (Vec<Norm>, Vec<Ratio>) {
    const F: &str = "norms.toml";
    let norms: Vec<Norm> = file
        .norms
        .iter()
        .map(|n| {
            let item = format!("{} ({})", n.test, n.sex);
            let sex = match n.sex.as_str() {
                "female" => NormSex::Female,
                "male" => NormSex::Male,
                "any" => NormSex::Any,
                other => {
                    ck.fail(
                        F,
                        &item,
                        format!("sex `{other}` is not female, male or any"),
                    );
                    NormSex::Any
                }
            };
            let age_min = ck.number(F, &item, "age_min", n.age_min, 10, 100);
            let age_max = ck.number(F, &item, "age_max", n.age_max, 10, 100);
            if age_min > age_max {
                ck.fail(F, &item, "age_min is above age_max");
            }
            Norm {
                test: core_test(ck, &item, &n.test),
                sex,
                low_below_s: ck.number(F, &item, "low_below_s", n.low_below_s, 1, 600),
                basis: ck.text(F, &item, "basis", &n.basis),
                age_min,
                age_max,
                sources: ck.sources(F, &item, &n.sources),
            }
        })
        .collect();
    for test in CoreTest::ALL {
        if !norms
            .iter()
            .any(|n| n.test == test && n.sex == NormSex::Any)
        {
            ck.fail(F, test.id(), "has no `any` norm to fall back on");
        }
    }
    ck.unique_ids(F, file.ratios.iter().map(|r| r.id.as_str()), false);
    let ratios = file
        .ratios
        .iter()
        .map(|r| {
            let valid = |x: Option<f64>| x.is_none_or(|v| v.is_finite() && v > 0.0 && v < 10.0);
            if !valid(r.min) || !valid(r.max) || (r.min.is_none() && r.max.is_none()) {
                ck.fail(F, &r.id, "needs min and/or max, each between 0 and 10");
            }
            if let (Some(lo), Some(hi)) = (r.min, r.max)
                && lo >= hi
            {
                ck.fail(F, &r.id, "min must be below max");
            }
            let signal = ck
                .signal(F, &r.id, &r.signal)
                .unwrap_or(Signal::CoreRatioSideBalance);
            if !signal.name().starts_with("core.ratio-") {
                ck.fail(F, &r.id, "signal must be a core.ratio-* signal");
            }
            Ratio {
                id: r.id.clone(),
                numerator: core_test(ck, &r.id, &r.numerator),
                denominator: core_test(ck, &r.id, &r.denominator),
                min: r.min,
                max: r.max,
                signal,
                basis: ck.text(F, &r.id, "basis", &r.basis),
                sources: ck.sources(F, &r.id, &r.sources),
            }
        })
        .collect();
    (norms, ratios)
}

fn plan(ck: &mut Checker, file: &raw::PlanFile) -> PlanParams {
    const F: &str = "plan.toml";
    let r = &file.running;
    let beginner =
        if r.beginner_weekly_km.is_finite() && (1.0..=50.0).contains(&r.beginner_weekly_km) {
            Meters::from_km(r.beginner_weekly_km).unwrap_or_default()
        } else {
            ck.fail(F, "running", "beginner_weekly_km is outside 1..=50");
            Meters(0)
        };
    let running = RunningParams {
        weekly_increase_pct: ck.number(
            F,
            "running",
            "weekly_increase_pct",
            r.weekly_increase_pct,
            1,
            30,
        ),
        lighter_week_every: ck.number(
            F,
            "running",
            "lighter_week_every",
            r.lighter_week_every,
            2,
            8,
        ),
        lighter_week_pct: ck.number(F, "running", "lighter_week_pct", r.lighter_week_pct, 50, 95),
        beginner_weekly: beginner,
        long_run_share_pct: ck.number(
            F,
            "running",
            "long_run_share_pct",
            r.long_run_share_pct,
            20,
            50,
        ),
        max_runs_per_week: ck.number(F, "running", "max_runs_per_week", r.max_runs_per_week, 1, 6),
        steady_from_week: ck.number(F, "running", "steady_from_week", r.steady_from_week, 1, 52),
        sources: ck.sources(F, "running", &r.sources),
        evidence: ck.evidence(F, "running", &r.evidence),
    };
    let c = &file.cross_training;
    let equipment = equipment(ck, F, "cross_training", &c.equipment).unwrap_or(Equipment::Bike);
    // The founding article's floor is three days a month: never below it.
    let min = ck.number(
        F,
        "cross_training",
        "days_per_30_min",
        c.days_per_30_min,
        3,
        30,
    );
    let default = ck.number(
        F,
        "cross_training",
        "days_per_30_default",
        c.days_per_30_default,
        3,
        30,
    );
    if default < min {
        ck.fail(
            F,
            "cross_training",
            "days_per_30_default is below days_per_30_min",
        );
    }
    let minutes_start = ck.number(
        F,
        "cross_training",
        "minutes_start",
        c.minutes_start,
        10,
        180,
    );
    let minutes_end = ck.number(F, "cross_training", "minutes_end", c.minutes_end, 10, 180);
    if minutes_end < minutes_start {
        ck.fail(F, "cross_training", "minutes_end is below minutes_start");
    }
    if c.alternatives.is_empty() {
        ck.fail(
            F,
            "cross_training",
            "names no alternative for runners without the equipment",
        );
    }
    let cross_training = CrossTrainingParams {
        activity: ck.text(F, "cross_training", "activity", &c.activity),
        equipment,
        alternatives: c.alternatives.clone(),
        days_per_30_default: default,
        days_per_30_min: min,
        minutes_start,
        minutes_end,
        sources: ck.sources(F, "cross_training", &c.sources),
        evidence: ck.evidence(F, "cross_training", &c.evidence),
    };
    let limits = limits(ck, &file.limits, running.beginner_weekly);
    PlanParams {
        running,
        cross_training,
        limits,
    }
}

/// A distance in km within `min..=max`, or a named failure.
fn km_in(ck: &mut Checker, item: &str, key: &str, value: f64, min: f64, max: f64) -> Meters {
    if value.is_finite() && (min..=max).contains(&value) {
        Meters::from_km(value).unwrap_or_default()
    } else {
        ck.fail(
            "plan.toml",
            item,
            format!("{key} = {value} is outside {min}..={max}"),
        );
        Meters(0)
    }
}

fn limits(ck: &mut Checker, l: &raw::RawLimits, beginner: Meters) -> PlanLimits {
    const F: &str = "plan.toml";
    let beginner_target = km_in(
        ck,
        "limits",
        "beginner_target_weekly_km",
        l.beginner_target_weekly_km,
        1.0,
        100.0,
    );
    if beginner_target < beginner {
        ck.fail(
            F,
            "limits",
            "beginner_target_weekly_km is below running.beginner_weekly_km",
        );
    }
    let run_max = km_in(ck, "limits", "run_max_km", l.run_max_km, 5.0, 50.0);
    let long_run_max = km_in(
        ck,
        "limits",
        "long_run_max_km",
        l.long_run_max_km,
        5.0,
        50.0,
    );
    if long_run_max < run_max {
        ck.fail(F, "limits", "long_run_max_km is below run_max_km");
    }
    PlanLimits {
        target_growth_pct: ck.number(
            F,
            "limits",
            "target_growth_pct",
            l.target_growth_pct,
            0,
            100,
        ),
        beginner_target,
        run_max,
        long_run_max,
        basis: ck.text(F, "limits", "basis", &l.basis),
        sources: ck.sources(F, "limits", &l.sources),
        evidence: ck.evidence(F, "limits", &l.evidence),
    }
}
