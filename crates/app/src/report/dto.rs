//! The report as data: what every output format (text, Markdown, HTML, JSON)
//! renders, and the JSON export's documented schema (`docs/report.schema.json`,
//! generated from these types by `backstride schema`).
//!
//! These are the app's own wire types: the domain's types stay free of any
//! serialisation format. They are also read back from a saved plan
//! (`usecase::plan`), and the web API's schema is generated from them
//! (utoipa).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Version of the JSON layout; bumped on any breaking change.
pub const SCHEMA_VERSION: u32 = 1;

/// A Backstride report: an assessment and, for `plan`, the plan or the
/// reason there is none.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct Report {
    /// Layout version of this document.
    pub schema_version: u32,
    /// The day the report was made.
    pub generated_on: NaiveDate,
    /// Backstride is not a medical device.
    pub disclaimer: String,
    /// The assessment.
    pub assessment: AssessmentView,
    /// What `backstride plan --adapt` changed and why; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adaptation: Option<AdaptationView>,
    /// The plan; absent for `backstride assess`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanView>,
    /// Every source the report cites.
    pub sources: Vec<SourceView>,
}

/// Strength of the evidence behind an item.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct EvidenceView {
    /// `high`, `moderate`, `low`, `very-low` or `opinion`.
    pub level: String,
    /// `supported`, `consistent`, `plausible`, `not-supported` or `contradicted`.
    pub verdict: String,
    /// What research says, in plain words.
    pub note: String,
    /// True when research does not back the advice: show the note beside it.
    pub caveat: bool,
}

/// The assessment.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct AssessmentView {
    /// Red-flag triage.
    pub triage: TriageView,
    /// Likely causes, most likely first.
    pub causes: Vec<CauseView>,
    /// Recommended interventions; empty when red flags stop the plan.
    pub recommendations: Vec<RecommendationView>,
    /// Core endurance tests against their norms.
    pub core_tests: Vec<CoreTestView>,
    /// Ratios between tests against their targets.
    pub ratios: Vec<RatioView>,
    /// Signal names that fired (see knowledge/README.md).
    pub signals: Vec<String>,
}

/// Red-flag triage.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct TriageView {
    /// `self-manage`, `soon`, `urgent` or `emergency`.
    pub tier: String,
    /// Whether an exercise plan may be made.
    pub allows_plan: bool,
    /// What to do, from the most urgent flag.
    pub instruction: Option<String>,
    /// Flags present, most urgent first.
    pub flags: Vec<FlagView>,
}

/// A red flag that is present.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct FlagView {
    /// Flag ID.
    pub id: String,
    /// What it may point to.
    pub suggests: String,
    /// The question answered yes, or what was derived.
    pub because: String,
    /// Asked and answered yes (true), or derived from other answers or a
    /// log note (false).
    pub asked: bool,
    /// Named in a log note (`because` quotes it), not in the answers.
    pub from_note: bool,
    /// `routine`, `soon`, `urgent` or `emergency`.
    pub tier: String,
    /// A weak flag raised by another flag.
    pub combined: bool,
    /// What to do.
    pub action: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// A likely cause.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct CauseView {
    /// Cause ID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Plain explanation.
    pub summary: String,
    /// Points from the rules that fired.
    pub score: u16,
    /// Share of all causes' points, percent.
    pub share_pct: u8,
    /// The rules that fired.
    pub reasons: Vec<ReasonView>,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Evidence.
    pub evidence: EvidenceView,
    /// What the runner's own records showed, for a cause scored from them
    /// (training load); absent for causes from the answers alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_data: Vec<DataEvidenceView>,
}

/// One piece of the runner's own data behind a cause, with its numbers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct DataEvidenceView {
    /// `pain-with` (an n-of-1 finding), `distance-jump` or `load-spike`
    /// (today's load alerts).
    pub kind: String,
    /// For a finding: `load-spike`, `long-run` or `hard-session`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure: Option<String>,
    /// For a finding: days from the training event to the pain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_days: Option<u8>,
    /// For a finding: mean difference in daily pain, NRS points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<f64>,
    /// For a finding: its interval, low and high.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<(f64, f64)>,
    /// For a finding: the p-value after Holm's correction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_holm: Option<f64>,
    /// For a distance jump: percent above the two weeks before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pct: Option<f64>,
    /// For a load spike: the acute:chronic ratio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    /// In words, never claiming cause.
    pub said: String,
    /// How much weight it bears, in words.
    pub strength: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// A rule that fired.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct ReasonView {
    /// Signal name.
    pub signal: String,
    /// Points added.
    pub weight: u8,
    /// Why.
    pub why: String,
}

/// A recommended intervention.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct RecommendationView {
    /// Intervention ID.
    pub id: String,
    /// Name.
    pub name: String,
    /// What to do.
    pub summary: String,
    /// Why it was chosen.
    pub because: Vec<String>,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Evidence.
    pub evidence: EvidenceView,
}

/// A core endurance test result.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct CoreTestView {
    /// Test ID.
    pub test: String,
    /// Test name.
    pub name: String,
    /// Seconds held.
    pub seconds: u16,
    /// Below this counts as low.
    pub low_below_s: u16,
    /// Whether it is low.
    pub low: bool,
    /// How the threshold was derived.
    pub basis: String,
    /// The runner's age is outside the reference group's.
    pub outside_reference_ages: bool,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// A ratio between two tests.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct RatioView {
    /// Ratio ID.
    pub id: String,
    /// The runner's ratio.
    pub value: f64,
    /// Lowest acceptable.
    pub min: Option<f64>,
    /// Highest acceptable.
    pub max: Option<f64>,
    /// Outside its target.
    pub off_target: bool,
    /// How the target is meant.
    pub basis: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// A plan, or why there is none.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum PlanView {
    /// A plan was made.
    Ready(Box<ReadyPlanView>),
    /// Red flags stop the plan: see a clinician.
    Blocked(BlockedView),
    /// No flag stands, but the red-flag questions are due again
    /// (`backstride check`) before a plan is made.
    CheckDue(CheckDueView),
}

/// No plan until the red-flag questions are answered again.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct CheckDueView {
    /// What to do.
    pub instruction: String,
    /// Why the questions are due again (high or rising pain, four weeks of
    /// a running plan).
    pub reasons: Vec<String>,
    /// Red-flag ids whose question clears a stop (may be empty: then every
    /// question is asked).
    pub to_ask: Vec<String>,
}

/// No plan: what to do instead.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct BlockedView {
    /// `soon`, `urgent` or `emergency`.
    pub tier: String,
    /// What to do.
    pub instruction: String,
}

/// A ready plan.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct ReadyPlanView {
    /// The runner's distance unit (`km` or `mi`, from their profile): the
    /// titles and text speak it; the `_km` numbers stay kilometres.
    pub units: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Cross-training days guaranteed in any 30-day window.
    pub cross_days_per_30: u8,
    /// The routine's name.
    pub routine_name: String,
    /// When to do the routine.
    pub routine_when: String,
    /// Notices, most important first.
    pub notices: Vec<NoticeView>,
    /// The weeks.
    pub weeks: Vec<WeekView>,
    /// Days with a session, in date order.
    pub days: Vec<DayView>,
    /// How to do each exercise the routine prescribes (substitutes
    /// included), in the order they first appear; shown once per report.
    pub exercises: Vec<ExerciseGuideView>,
    /// Evidence behind the running progression.
    pub running_evidence: EvidenceView,
    /// Evidence behind the cross-training dose.
    pub cross_training_evidence: EvidenceView,
}

/// A plan notice.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct NoticeView {
    /// `doctor`, `cap`, `brace`, `substitute`, `cross-training`, `pain`, `watch`, `evidence` or `goal`.
    pub kind: String,
    /// Text.
    pub text: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// A plan week.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct WeekView {
    /// Number, from 1.
    pub number: u16,
    /// First day.
    pub start: NaiveDate,
    /// Target distance, km.
    pub target_km: f64,
    /// Scheduled distance, km (at most the target).
    pub scheduled_km: f64,
    /// Runs.
    pub runs: u8,
    /// Cross-training sessions.
    pub cross_sessions: u8,
    /// A lighter week.
    pub lighter: bool,
    /// Held down by the doctor's cap.
    pub capped: bool,
    /// Warrior Pose rounds this week.
    pub routine_rounds: u8,
}

/// A day with a session.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct DayView {
    /// Date.
    pub date: NaiveDate,
    /// Plan week.
    pub week: u16,
    /// Short title.
    pub title: String,
    /// The session.
    pub session: SessionView,
}

/// A session.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum SessionView {
    /// A run.
    Run {
        /// `easy`, `steady` or `long`.
        kind: String,
        /// `easy` or `steady`.
        intensity: String,
        /// Distance, km.
        distance_km: f64,
        /// Estimated minutes at the runner's easy pace.
        est_minutes: Option<u16>,
        /// Brace guidance applies.
        brace: bool,
        /// The pre/post-run routine.
        routine: Vec<RoutineItemView>,
    },
    /// Cross-training.
    CrossTrain {
        /// Activity.
        activity: String,
        /// Minutes, easy.
        minutes: u16,
        /// The routine (only in weeks without runs).
        routine: Vec<RoutineItemView>,
    },
}

/// One exercise of the routine.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct RoutineItemView {
    /// Exercise ID.
    pub exercise_id: String,
    /// Name.
    pub name: String,
    /// Rounds or sets.
    pub sets: u8,
    /// Reps per set (per side when per_side).
    pub reps: u8,
    /// Reps count each side.
    pub per_side: bool,
    /// Seconds to hold each rep.
    pub hold_s: Option<u8>,
    /// Reps is a minimum.
    pub at_least: bool,
    /// The dose in words.
    pub dose: String,
    /// The routine exercise this stands in for, when substituted.
    pub replaces: Option<String>,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// How to do one exercise, from the knowledge base.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct ExerciseGuideView {
    /// Exercise ID.
    pub exercise_id: String,
    /// Name.
    pub name: String,
    /// What it is for.
    pub purpose: String,
    /// The steps, in order.
    pub steps: Vec<String>,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// The pain-monitoring decision applied to the saved plan, from today.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct AdaptationView {
    /// `progress`, `hold`, `step-back` or `stop`.
    pub action: String,
    /// Why, in words.
    pub reasons: Vec<String>,
    /// Where this week's figures came from.
    pub based_on: String,
    /// The run whose pain this plan has applied, and what it said; a later
    /// `--adapt` does not apply the same run twice.
    pub applied: Option<AppliedView>,
    /// Each change (or figure kept on purpose) with its reason.
    pub changes: Vec<ChangeView>,
}

/// The run a re-plan rests on.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct AppliedView {
    /// The run day.
    pub run_day: NaiveDate,
    /// What its pain said: `progress`, `hold` or `step-back`.
    pub action: String,
}

/// One change of an adapted plan.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct ChangeView {
    /// `start`, `weekly-distance`, `rounds`, `reps`, `intensity` or `stop`.
    pub kind: String,
    /// Before, in words.
    pub from: String,
    /// Now, in words.
    pub to: String,
    /// Whether the figure moved.
    pub changed: bool,
    /// The change and why.
    pub text: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// A cited source.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
pub struct SourceView {
    /// Source ID.
    pub id: String,
    /// Seed claims: the claim in our words; others: the title.
    pub title: String,
    /// Authors, journal, year.
    pub citation: Option<String>,
    /// Where to read it.
    pub url: Option<String>,
}

impl DayView {
    /// The routine attached to the day's session.
    pub fn routine(&self) -> &[RoutineItemView] {
        match &self.session {
            SessionView::Run { routine, .. } | SessionView::CrossTrain { routine, .. } => routine,
        }
    }
}

impl NoticeView {
    /// Whether the notice is about safety (see a doctor first, pain that
    /// shaped the plan, a warning sign to watch): shown before this week.
    pub fn comes_first(&self) -> bool {
        matches!(self.kind.as_str(), "doctor" | "pain" | "watch")
    }
}

impl ReadyPlanView {
    /// The runner's unit.
    pub fn unit(&self) -> backstride_core::profile::Units {
        backstride_core::profile::Units::parse(&self.units).unwrap_or_default()
    }

    /// `km` kilometres in the runner's unit, one decimal, no symbol.
    pub fn number(&self, km: f64) -> String {
        format!("{:.1}", self.unit().from_km(km))
    }

    /// The days of plan week `week`.
    pub fn days_of(&self, week: &u16) -> Vec<&DayView> {
        self.days.iter().filter(|d| d.week == *week).collect()
    }
}

impl Report {
    /// The sources a human-readable rendering shows: all of them, or only
    /// the red flags' when the plan is held back.
    pub fn visible_sources(&self) -> Vec<&SourceView> {
        let triage = &self.assessment.triage;
        if triage.allows_plan {
            return self.sources.iter().collect();
        }
        let cited: std::collections::BTreeSet<&str> = triage
            .flags
            .iter()
            .flat_map(|f| f.sources.iter().map(String::as_str))
            .collect();
        self.sources
            .iter()
            .filter(|s| cited.contains(s.id.as_str()))
            .collect()
    }
}

impl FlagView {
    /// Why the flag is present, phrased for its origin.
    pub fn reason(&self) -> String {
        if self.from_note {
            self.because.clone()
        } else if self.asked {
            format!("you answered yes to: {}", self.because)
        } else {
            format!("from your answers: {}", self.because)
        }
    }
}
