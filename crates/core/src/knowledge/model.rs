//! The validated knowledge base: the types the rest of the domain uses.
//!
//! Every reference in these types has been checked to resolve, every number
//! to lie in its range, and every signal to be in the catalogue.

use crate::evidence::{Evidence, SourceId};
use crate::phrases::{NoteRules, Phrase};
use crate::profile::{Equipment, Sex};
use crate::signal::Signal;

/// Kinds of source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum SourceKind {
    SeedClaim,
    Guideline,
    SystematicReview,
    Trial,
    Cohort,
    Expert,
    Lay,
}

/// How the fact sheet checked a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// Read in the source itself.
    ReadInSource,
    /// Read in a secondary source only.
    Secondary,
    /// Not confirmed.
    Unverified,
}

/// A citable source.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Stable ID.
    pub id: SourceId,
    /// Kind of source.
    pub kind: SourceKind,
    /// For seed claims the claim in our words; otherwise the title.
    pub title: String,
    /// Authors, journal, year.
    pub citation: Option<String>,
    /// Where to read it.
    pub url: Option<String>,
    /// How it was checked (not for seed claims).
    pub checked: Option<Checked>,
}

/// A scoring rule of a cause.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The signal that fires it.
    pub signal: Signal,
    /// Points it adds.
    pub weight: u8,
    /// Why, in plain words.
    pub why: String,
}

/// A likely cause of back pain.
#[derive(Debug, Clone, PartialEq)]
pub struct Cause {
    /// Stable ID.
    pub id: String,
    /// Short name.
    pub name: String,
    /// Plain explanation.
    pub summary: String,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
    /// Scoring rules.
    pub rules: Vec<Rule>,
}

/// Kinds of intervention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum InterventionKind {
    Routine,
    CrossTraining,
    Brace,
    Posture,
    Load,
    Medical,
    Tracking,
}

/// Something the runner can do.
#[derive(Debug, Clone, PartialEq)]
pub struct Intervention {
    /// Stable ID.
    pub id: String,
    /// Short name.
    pub name: String,
    /// Kind.
    pub kind: InterventionKind,
    /// What to do.
    pub summary: String,
    /// Causes it addresses.
    pub for_causes: Vec<String>,
    /// Recommended when any of these fires.
    pub when_any: Vec<Signal>,
    /// Recommended when all of these fire.
    pub when_all: Vec<Signal>,
    /// Recommended for everyone who reaches a plan.
    pub always: bool,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
}

/// A dose of an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dose {
    /// Sets or rounds.
    pub sets: u8,
    /// Reps per set (per side when `per_side`).
    pub reps: u8,
    /// Whether reps count each side.
    pub per_side: bool,
    /// Seconds to hold each rep.
    pub hold_s: Option<u8>,
    /// Whether reps is a minimum.
    pub at_least: bool,
}

/// From plan week `from_week` on, do `sets` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressionStep {
    /// First plan week (1-based).
    pub from_week: u16,
    /// Sets from then on.
    pub sets: u8,
}

/// An exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// Stable ID.
    pub id: String,
    /// Name.
    pub name: String,
    /// What it is for.
    pub purpose: String,
    /// Steps.
    pub how: Vec<String>,
    /// Equipment needed.
    pub equipment: Vec<Equipment>,
    /// Substitute exercise IDs, best first.
    pub substitutes: Vec<String>,
    /// Starting dose.
    pub dose: Dose,
    /// Progression steps, by increasing week.
    pub progression: Vec<ProgressionStep>,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
}

impl Exercise {
    /// The dose in a given plan week (1-based), after progression.
    pub fn dose_in_week(&self, week: u16) -> Dose {
        let sets = self
            .progression
            .iter()
            .rev()
            .find(|step| step.from_week <= week)
            .map_or(self.dose.sets, |step| step.sets);
        Dose { sets, ..self.dose }
    }

    /// Whether a runner with `have` can do it.
    pub fn doable_with(&self, have: &std::collections::BTreeSet<Equipment>) -> bool {
        self.equipment.iter().all(|e| have.contains(e))
    }
}

/// The pre/post-run routine.
#[derive(Debug, Clone, PartialEq)]
pub struct Routine {
    /// Name.
    pub name: String,
    /// When to do it.
    pub when: String,
    /// Exercise IDs in order.
    pub exercises: Vec<String>,
    /// Sources.
    pub sources: Vec<SourceId>,
}

/// Action tiers of a red flag, from least to most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlagTier {
    /// See a clinician if it does not improve.
    Routine,
    /// Book a GP or physio within days to two weeks.
    Soon,
    /// Today, or within 48 h where the flag's action says so.
    Urgent,
    /// Emergency services now.
    Emergency,
}

impl FlagTier {
    /// The name used in the knowledge base.
    pub fn name(self) -> &'static str {
        match self {
            FlagTier::Routine => "routine",
            FlagTier::Soon => "soon",
            FlagTier::Urgent => "urgent",
            FlagTier::Emergency => "emergency",
        }
    }

    /// Parses a knowledge-base name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "routine" => FlagTier::Routine,
            "soon" => FlagTier::Soon,
            "urgent" => FlagTier::Urgent,
            "emergency" => FlagTier::Emergency,
            _ => return None,
        })
    }

    /// Whether a flag of this tier may carry note phrases (a match stops
    /// the plan, so only flags that stop it may).
    pub fn may_have_phrases(self) -> bool {
        self >= FlagTier::Soon
    }
}

/// How a red flag is raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagTrigger {
    /// Asked directly, with this question.
    Asked(String),
    /// Derived from the answers through a signal.
    Derived(Signal),
}

/// How much a red flag weighs on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagStrength {
    /// Acts alone.
    Strong,
    /// Raises the tier only together with another flag, to this tier.
    Weak {
        /// The tier when combined.
        combined: FlagTier,
    },
}

/// A warning sign of serious disease.
#[derive(Debug, Clone, PartialEq)]
pub struct RedFlag {
    /// Stable ID; also the answers-file key of asked flags.
    pub id: String,
    /// A short name for people, used when flags are named together.
    pub name: String,
    /// How it is raised.
    pub trigger: FlagTrigger,
    /// What it may point to.
    pub suggests: String,
    /// Its tier on its own.
    pub tier: FlagTier,
    /// Strong or weak.
    pub strength: FlagStrength,
    /// What to do.
    pub action: String,
    /// What to do when a weak flag is lifted by another flag (weak flags
    /// only; the triage adds the flags' names).
    pub combined_action: Option<String>,
    /// Phrases that, found in a log note, raise this flag.
    pub phrases: Vec<Phrase>,
    /// Sources.
    pub sources: Vec<SourceId>,
}

/// A core endurance test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CoreTest {
    /// Prone forearm plank.
    Plank,
    /// McGill flexor hold.
    Flexor,
    /// Biering-Sorensen extensor hold.
    Extensor,
    /// Right side bridge.
    SideBridgeRight,
    /// Left side bridge.
    SideBridgeLeft,
}

impl CoreTest {
    /// Every test, in display order.
    pub const ALL: [CoreTest; 5] = [
        CoreTest::Plank,
        CoreTest::Flexor,
        CoreTest::Extensor,
        CoreTest::SideBridgeRight,
        CoreTest::SideBridgeLeft,
    ];

    /// The ID used in the knowledge base.
    pub fn id(self) -> &'static str {
        match self {
            CoreTest::Plank => "plank",
            CoreTest::Flexor => "flexor",
            CoreTest::Extensor => "extensor",
            CoreTest::SideBridgeRight => "side-bridge-right",
            CoreTest::SideBridgeLeft => "side-bridge-left",
        }
    }

    /// A readable name.
    pub fn name(self) -> &'static str {
        match self {
            CoreTest::Plank => "Forearm plank",
            CoreTest::Flexor => "Trunk flexor hold (McGill)",
            CoreTest::Extensor => "Trunk extensor hold (Biering-Sorensen)",
            CoreTest::SideBridgeRight => "Side bridge, right",
            CoreTest::SideBridgeLeft => "Side bridge, left",
        }
    }

    /// The signal raised when the test is below its norm.
    pub fn low_signal(self) -> Signal {
        match self {
            CoreTest::Plank => Signal::CorePlankLow,
            CoreTest::Flexor => Signal::CoreFlexorLow,
            CoreTest::Extensor => Signal::CoreExtensorLow,
            CoreTest::SideBridgeRight | CoreTest::SideBridgeLeft => Signal::CoreSideBridgeLow,
        }
    }

    /// Parses a knowledge-base ID.
    pub fn parse(s: &str) -> Option<Self> {
        CoreTest::ALL.into_iter().find(|t| t.id() == s)
    }
}

/// Which sex a norm applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormSex {
    /// Women.
    Female,
    /// Men.
    Male,
    /// Anyone (and the fallback when sex is not given).
    Any,
}

impl NormSex {
    /// Whether this norm applies to a runner of `sex`.
    pub fn applies_to(self, sex: Sex) -> bool {
        matches!(
            (self, sex),
            (NormSex::Any, _) | (NormSex::Female, Sex::Female) | (NormSex::Male, Sex::Male)
        )
    }
}

/// A single-test threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Norm {
    /// The test.
    pub test: CoreTest,
    /// Who it applies to.
    pub sex: NormSex,
    /// Below this many seconds counts as low.
    pub low_below_s: u16,
    /// How the threshold was derived.
    pub basis: String,
    /// Youngest in the reference group.
    pub age_min: u8,
    /// Oldest in the reference group.
    pub age_max: u8,
    /// Sources.
    pub sources: Vec<SourceId>,
}

/// A ratio target between two tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Ratio {
    /// Stable ID.
    pub id: String,
    /// Numerator test.
    pub numerator: CoreTest,
    /// Denominator test.
    pub denominator: CoreTest,
    /// Lowest acceptable ratio.
    pub min: Option<f64>,
    /// Highest acceptable ratio.
    pub max: Option<f64>,
    /// Raised when outside the target.
    pub signal: Signal,
    /// How the target is meant.
    pub basis: String,
    /// Sources.
    pub sources: Vec<SourceId>,
}

/// Run progression parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningParams {
    /// Weekly increase, percent.
    pub weekly_increase_pct: u8,
    /// A lighter week every this many weeks.
    pub lighter_week_every: u8,
    /// Lighter week volume, percent of the week before.
    pub lighter_week_pct: u8,
    /// Starting weekly distance for a new runner.
    pub beginner_weekly: crate::units::Meters,
    /// Long run share of the week, percent.
    pub long_run_share_pct: u8,
    /// Most runs a week the plan schedules.
    pub max_runs_per_week: u8,
    /// Plan week from which one run may be steady.
    pub steady_from_week: u16,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
}

/// Cross-training parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossTrainingParams {
    /// The default activity.
    pub activity: String,
    /// Equipment it needs.
    pub equipment: Equipment,
    /// Alternatives without that equipment.
    pub alternatives: Vec<String>,
    /// Default days per 30-day window.
    pub days_per_30_default: u8,
    /// Floor per 30-day window.
    pub days_per_30_min: u8,
    /// Session minutes at the start.
    pub minutes_start: u16,
    /// Session minutes at the end.
    pub minutes_end: u16,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
}

/// Planning parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanParams {
    /// Running.
    pub running: RunningParams,
    /// Cross-training.
    pub cross_training: CrossTrainingParams,
    /// The target and the longest runs.
    pub limits: PlanLimits,
}

/// Where a plan stops growing, and the longest single runs.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanLimits {
    /// Without a stated goal, the target is this much above the current
    /// week, percent.
    pub target_growth_pct: u8,
    /// Without a stated goal, a new runner's target week.
    pub beginner_target: crate::units::Meters,
    /// Longest run other than the long run.
    pub run_max: crate::units::Meters,
    /// Longest long run.
    pub long_run_max: crate::units::Meters,
    /// Why these numbers.
    pub basis: String,
    /// Sources.
    pub sources: Vec<SourceId>,
    /// Evidence.
    pub evidence: Evidence,
}

/// The whole validated knowledge base.
#[derive(Debug, Clone, PartialEq)]
pub struct KnowledgeBase {
    /// Sources.
    pub sources: Vec<Source>,
    /// Causes, in tie-break order.
    pub causes: Vec<Cause>,
    /// Interventions, in display order.
    pub interventions: Vec<Intervention>,
    /// Exercises.
    pub exercises: Vec<Exercise>,
    /// The pre/post-run routine.
    pub routine: Routine,
    /// Red flags, in asking order.
    pub red_flags: Vec<RedFlag>,
    /// Strength-test norms.
    pub norms: Vec<Norm>,
    /// Strength-test ratio targets.
    pub ratios: Vec<Ratio>,
    /// Planning parameters.
    pub plan: PlanParams,
    /// How log notes are read: masks, other people, real words that are
    /// never typos, and the vocabulary of every flag's phrases.
    pub note_rules: NoteRules,
}

impl KnowledgeBase {
    /// A source by ID.
    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        self.sources.iter().find(|s| &s.id == id)
    }

    /// An exercise by ID.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    /// A cause by ID.
    pub fn cause(&self, id: &str) -> Option<&Cause> {
        self.causes.iter().find(|c| c.id == id)
    }

    /// A red flag by ID.
    pub fn red_flag(&self, id: &str) -> Option<&RedFlag> {
        self.red_flags.iter().find(|f| f.id == id)
    }

    /// The red flags asked directly, in order, with their questions.
    pub fn asked_flags(&self) -> impl Iterator<Item = (&RedFlag, &str)> {
        self.red_flags.iter().filter_map(|f| match &f.trigger {
            FlagTrigger::Asked(q) => Some((f, q.as_str())),
            FlagTrigger::Derived(_) => None,
        })
    }
}
