//! The knowledge base exactly as written in `knowledge/*.toml`.
//!
//! These shapes mirror the files one to one and reject unknown keys, so a
//! typo in a data file fails loudly instead of being ignored. Nothing here is
//! checked beyond its TOML type: `validate` turns these into the model types.

use serde::Deserialize;

/// `sources.toml`: every source an item may cite.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    /// The sources, in the order they are listed.
    #[serde(rename = "source")]
    pub sources: Vec<RawSource>,
}

/// One citable source: a claim of the founding article or a clinical reference.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Stable ID, e.g. `SEED-LOWER-CORE` or `NICE-NG59`.
    pub id: String,
    /// What kind of source this is.
    pub kind: String,
    /// Seed claims: the claim in our words. Others: the work's title.
    pub title: String,
    /// Authors, journal, year (not for seed claims).
    pub citation: Option<String>,
    /// Where to read it.
    pub url: Option<String>,
    /// How the fact sheet checked it: `read-in-source`, `secondary`, `unverified`.
    pub checked: Option<String>,
}

/// The evidence block every advice-bearing item carries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    /// `high`, `moderate`, `low`, `very-low` or `opinion`.
    pub level: String,
    /// `supported`, `consistent`, `plausible`, `not-supported` or `contradicted`.
    pub verdict: String,
    /// What the research says, in plain words, shown beside the advice.
    pub note: String,
}

/// `causes.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CausesFile {
    /// The causes, in tie-break order.
    #[serde(rename = "cause")]
    pub causes: Vec<RawCause>,
}

/// A likely cause of back pain and the rules that point to it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCause {
    /// Stable ID, kebab-case.
    pub id: String,
    /// Short name shown to the runner.
    pub name: String,
    /// Plain explanation.
    pub summary: String,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Strength of the evidence for this cause.
    pub evidence: RawEvidence,
    /// Scoring rules: each signal that fires adds its weight.
    #[serde(rename = "rule")]
    pub rules: Vec<RawRule>,
}

/// A scoring rule: when `signal` fires, add `weight` and say `why`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// A signal name from the assessment's catalogue (see knowledge/README.md).
    pub signal: String,
    /// Points added, 1-5.
    pub weight: i64,
    /// The reason shown to the runner when this rule fires.
    pub why: String,
}

/// `interventions.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterventionsFile {
    /// The interventions, in display order.
    #[serde(rename = "intervention")]
    pub interventions: Vec<RawIntervention>,
}

/// Something the runner can do.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIntervention {
    /// Stable ID, kebab-case.
    pub id: String,
    /// Short name.
    pub name: String,
    /// `routine`, `cross-training`, `brace`, `posture`, `load`, `medical` or `tracking`.
    pub kind: String,
    /// What to do, in plain words.
    pub summary: String,
    /// Causes it addresses: recommended when any of them scores.
    #[serde(default)]
    pub for_causes: Vec<String>,
    /// Signals that make it recommended when any of them fires.
    #[serde(default)]
    pub when_signals: Vec<String>,
    /// Signals that make it recommended when all of them fire.
    #[serde(default)]
    pub when_all: Vec<String>,
    /// Recommended for everyone who reaches a plan.
    #[serde(default)]
    pub always: bool,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Strength of the evidence.
    pub evidence: RawEvidence,
}

/// `exercises.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExercisesFile {
    /// The exercises.
    #[serde(rename = "exercise")]
    pub exercises: Vec<RawExercise>,
}

/// One exercise with its dose.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExercise {
    /// Stable ID, kebab-case.
    pub id: String,
    /// Name shown to the runner.
    pub name: String,
    /// What it is for.
    pub purpose: String,
    /// Steps, in order.
    pub how: Vec<String>,
    /// Equipment IDs needed (`exercise-ball`, `bike`, `brace`); empty for none.
    #[serde(default)]
    pub equipment: Vec<String>,
    /// Exercise IDs to use instead when the equipment is missing, best first.
    #[serde(default)]
    pub substitutes: Vec<String>,
    /// The starting dose.
    pub dose: RawDose,
    /// How the dose grows with the weeks of a plan.
    #[serde(default, rename = "progression")]
    pub progression: Vec<RawProgressionStep>,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Strength of the evidence.
    pub evidence: RawEvidence,
}

/// A dose: rounds (sets) of reps, optionally per side and with a hold.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDose {
    /// Rounds or sets.
    pub sets: i64,
    /// Repetitions per set (per side when `per_side`).
    pub reps: i64,
    /// Whether `reps` counts each side.
    #[serde(default)]
    pub per_side: bool,
    /// Seconds to hold each rep, if held.
    pub hold_s: Option<i64>,
    /// Whether `reps` is a minimum ("at least 10").
    #[serde(default)]
    pub at_least: bool,
}

/// From plan week `from_week` on, the dose has `sets` sets.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgressionStep {
    /// First plan week (1-based) this step applies to.
    pub from_week: i64,
    /// Sets (rounds) from then on.
    pub sets: i64,
}

/// `routine.toml`: the pre/post-run routine.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutineFile {
    /// The routine.
    pub routine: RawRoutine,
}

/// The routine attached to every run day.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoutine {
    /// Name.
    pub name: String,
    /// When to do it, in plain words.
    pub when: String,
    /// Exercise IDs, in order.
    pub exercises: Vec<String>,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// `red_flags.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlagsFile {
    /// The red flags, in the order they are asked.
    #[serde(rename = "red_flag")]
    pub red_flags: Vec<RawRedFlag>,
}

/// A warning sign of serious disease.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedFlag {
    /// Stable ID, kebab-case; also the key in an answers file's `[red_flags]`.
    pub id: String,
    /// A short name for people, used when flags are named together.
    pub name: String,
    /// The question asked of the runner (asked flags only).
    pub question: Option<String>,
    /// The assessment signal that raises it (derived flags only).
    pub signal: Option<String>,
    /// What it may point to.
    pub suggests: String,
    /// `emergency`, `urgent`, `soon` or `routine`.
    pub tier: String,
    /// `strong` (acts alone) or `weak` (raises the tier only with another flag).
    pub strength: String,
    /// The tier a weak flag takes when another flag is present.
    pub combined_tier: Option<String>,
    /// What the runner should do.
    pub action: String,
    /// What a weak flag tells the runner when another flag lifts it to
    /// `combined_tier` (weak flags only).
    pub combined_action: Option<String>,
    /// Plain-language phrases that, found in a log note, raise this flag
    /// (see `assessment::notes` for the notation).
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// `note_words.toml`: the words log notes are read with, shared by every
/// flag's `phrases`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteWordsFile {
    /// Figures of speech that match nothing ("cabin fever"), one
    /// alternative each in the phrase notation.
    pub ignore: Vec<String>,
    /// Words for other people ("kid", "wife"): a symptom after one of them
    /// in its clause is theirs.
    pub others: Vec<String>,
    /// Real words that are never read as a typo of a phrase word ("fewer"
    /// is not "fever").
    pub not_typos: Vec<String>,
    /// Named word groups, used in phrases as `@id`.
    #[serde(rename = "group")]
    pub groups: Vec<RawWordGroup>,
}

/// A named list of alternatives: every way a note may say one thing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWordGroup {
    /// Kebab-case name, used as `@id`.
    pub id: String,
    /// Alternatives in the phrase notation, without `+`, `|` or `@`.
    pub words: Vec<String>,
}

/// `norms.toml`: reference values for the core endurance tests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NormsFile {
    /// Single-test thresholds.
    #[serde(rename = "norm")]
    pub norms: Vec<RawNorm>,
    /// Ratio targets between tests.
    #[serde(rename = "ratio")]
    pub ratios: Vec<RawRatio>,
}

/// Below `low_below_s` seconds, a test counts as low for this sex.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNorm {
    /// `plank`, `flexor`, `extensor`, `side-bridge-right` or `side-bridge-left`.
    pub test: String,
    /// `female`, `male` or `any`.
    pub sex: String,
    /// Threshold in seconds.
    pub low_below_s: i64,
    /// How the threshold was derived from the source.
    pub basis: String,
    /// Youngest age in the reference group.
    pub age_min: i64,
    /// Oldest age in the reference group.
    pub age_max: i64,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// A ratio target between two tests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRatio {
    /// Stable ID, kebab-case.
    pub id: String,
    /// Test in the numerator.
    pub numerator: String,
    /// Test in the denominator.
    pub denominator: String,
    /// Lowest acceptable ratio, if any.
    pub min: Option<f64>,
    /// Highest acceptable ratio, if any.
    pub max: Option<f64>,
    /// The signal raised when the ratio is outside its target.
    pub signal: String,
    /// How the target is meant.
    pub basis: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// `plan.toml`: the planning parameters, with their sources.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// Run progression.
    pub running: RawRunning,
    /// Cross-training dose.
    pub cross_training: RawCrossTraining,
    /// Where the plan stops growing, and the longest runs.
    pub limits: RawLimits,
}

/// `[limits]` of `plan.toml`: the target a plan builds to and holds, and
/// the longest single runs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLimits {
    /// Without a stated goal, the target is this much above the current
    /// week, percent.
    pub target_growth_pct: i64,
    /// Without a stated goal, a new runner's target weekly km.
    pub beginner_target_weekly_km: f64,
    /// Longest run other than the long run, km.
    pub run_max_km: f64,
    /// Longest long run, km.
    pub long_run_max_km: f64,
    /// Why these numbers.
    pub basis: String,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Strength of the evidence.
    pub evidence: RawEvidence,
}

/// How running volume progresses.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRunning {
    /// Weekly increase, percent.
    pub weekly_increase_pct: i64,
    /// A lighter week every this many weeks.
    pub lighter_week_every: i64,
    /// Volume of a lighter week, percent of the week before.
    pub lighter_week_pct: i64,
    /// Starting weekly km for someone not running yet.
    pub beginner_weekly_km: f64,
    /// Share of the week's distance in the long run, percent.
    pub long_run_share_pct: i64,
    /// Most runs a week the plan schedules (leaves room for rest and cross-training).
    pub max_runs_per_week: i64,
    /// Plan week (1-based) from which one run may be steady rather than easy.
    pub steady_from_week: i64,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Strength of the evidence.
    pub evidence: RawEvidence,
}

/// The cross-training dose.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCrossTraining {
    /// The default activity.
    pub activity: String,
    /// Equipment the default activity needs.
    pub equipment: String,
    /// What to do without that equipment, best first.
    pub alternatives: Vec<String>,
    /// Default days in any 30-day window.
    pub days_per_30_default: i64,
    /// The floor: never fewer days in any 30-day window.
    pub days_per_30_min: i64,
    /// Minutes of a session in the first week.
    pub minutes_start: i64,
    /// Minutes of a session by the end of a plan.
    pub minutes_end: i64,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Strength of the evidence.
    pub evidence: RawEvidence,
}
