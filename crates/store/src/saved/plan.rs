//! The saved plan: what `plan` and `plan --adapt` made, as a typed record
//! (layout [`PLAN_LAYOUT`]). It keeps what later commands read back: the
//! request (start, weeks, cross-training dose, the caps in force), the
//! outcome (a ready plan's weeks, days, sessions and doses, notices with
//! their sources; or why there is none, with the red flags), and the
//! decision a re-plan applied. Distances are whole metres, as core plans
//! them. The app converts core's plan into it and reads it back; the
//! report JSON is never read back.
//!
//! Names of core's values (tiers, evidence levels, equipment) are kept as
//! core's stable export names (`name()`); small closed sets the readers
//! branch on are enums here.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The layout of [`PlanRecord`] written by this version. Raise it (and
/// teach `saved::decode_plan` the older one) when the record changes in a
/// way older records do not deserialize into.
pub const PLAN_LAYOUT: u32 = 1;

/// A saved plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRecord {
    /// What was asked for.
    pub request: PlanRequestRecord,
    /// The run day and decision a re-plan applied (`None` for `plan`).
    pub applied: Option<AppliedRecord>,
    /// The plan, or why there is none.
    pub outcome: PlanOutcomeRecord,
    /// Converted from a report saved before typed records: values the
    /// report rounded (distances to 0.1 km) are as rounded, and what it did
    /// not hold is missing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_report: bool,
}

/// What a plan was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRequestRecord {
    /// First day.
    pub start: NaiveDate,
    /// Length in weeks.
    pub weeks: u16,
    /// Cross-training days in any 30 asked for (`None`: the plan's default).
    pub cross_days_per_30: Option<u8>,
    /// The caps the planner was given (the stricter of the answers' and the
    /// doctor's limits); `None` when unknown (a converted report).
    pub caps: Option<CapsRecord>,
}

/// Caps on a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapsRecord {
    /// Most metres in any week.
    pub weekly_m: Option<u32>,
    /// Hardest intensity.
    pub max_intensity: Option<IntensityRecord>,
    /// Most runs in any week.
    pub runs_per_week: Option<u8>,
}

/// The decision a re-plan applied, and the run day it rested on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppliedRecord {
    /// The run day.
    pub run_day: NaiveDate,
    /// The decision.
    pub action: ActionRecord,
}

/// A pain-monitoring decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionRecord {
    /// Add to the week.
    Progress,
    /// Keep the week.
    Hold,
    /// Lower the week.
    StepBack,
    /// Stop running.
    Stop,
}

/// A plan, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case", deny_unknown_fields)]
pub enum PlanOutcomeRecord {
    /// A plan was made.
    Ready(Box<ReadyPlanRecord>),
    /// Red flags stopped it.
    Blocked(BlockedRecord),
}

/// No plan: red flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockedRecord {
    /// The tier (core's name: `soon`, `urgent`, `emergency`).
    pub tier: String,
    /// What to do.
    pub instruction: String,
    /// The flags that stopped it.
    pub flags: Vec<super::assessment::FlagRecord>,
}

/// A ready plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadyPlanRecord {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// The weekly distance it builds to, metres (`None` in a converted
    /// report, which did not hold it).
    pub goal_m: Option<u32>,
    /// Cross-training days guaranteed in any 30.
    pub cross_days_per_30: u8,
    /// The routine's name.
    pub routine_name: String,
    /// When to do it.
    pub routine_when: String,
    /// Notices, most important first.
    pub notices: Vec<NoticeRecord>,
    /// The weeks.
    pub weeks: Vec<WeekRecord>,
    /// Days with a session, in date order (other days are rest).
    pub days: Vec<DayRecord>,
    /// Every source the plan cites.
    pub sources: Vec<String>,
    /// Evidence behind the running progression.
    pub running_evidence: Option<EvidenceRecord>,
    /// Evidence behind the cross-training dose.
    pub cross_training_evidence: Option<EvidenceRecord>,
}

/// A plan notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeRecord {
    /// Its kind.
    pub kind: NoticeKindRecord,
    /// Its text.
    pub text: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// The kind of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeKindRecord {
    /// The doctor's limits.
    Doctor,
    /// A cap held a week down.
    Cap,
    /// Brace guidance.
    Brace,
    /// An exercise substituted.
    Substitute,
    /// The cross-training dose.
    CrossTraining,
    /// Pain monitoring.
    Pain,
    /// Something to watch.
    Watch,
    /// About the evidence.
    Evidence,
    /// About the goal.
    Goal,
    /// Built from the runner's imported running.
    History,
    /// Ends before the runner's event.
    Event,
}

/// A plan week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekRecord {
    /// Number, from 1.
    pub number: u16,
    /// First day.
    pub start: NaiveDate,
    /// Target distance, metres.
    pub target_m: u32,
    /// Scheduled distance, metres.
    pub scheduled_m: u32,
    /// Runs.
    pub runs: u8,
    /// Cross-training sessions.
    pub cross_sessions: u8,
    /// A lighter week.
    pub lighter: bool,
    /// Held down by a cap.
    pub capped: bool,
    /// Routine rounds this week.
    pub routine_rounds: u8,
}

/// A day with a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayRecord {
    /// Date.
    pub date: NaiveDate,
    /// Plan week.
    pub week: u16,
    /// The title the plan gave it (what a calendar showed).
    pub title: String,
    /// The session.
    pub session: SessionRecord,
}

/// A session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum SessionRecord {
    /// A run.
    Run {
        /// Easy, steady or long.
        kind: RunKindRecord,
        /// Its intensity.
        intensity: IntensityRecord,
        /// Distance, metres.
        distance_m: u32,
        /// Estimated minutes at the runner's easy pace.
        est_minutes: Option<u16>,
        /// Brace guidance applies.
        brace: bool,
        /// The routine with it.
        routine: Vec<DoseRecord>,
    },
    /// Cross-training.
    CrossTrain {
        /// The activity (`cycling`, ...).
        activity: String,
        /// Minutes, easy.
        minutes: u16,
        /// The routine with it (weeks without runs).
        routine: Vec<DoseRecord>,
    },
}

impl SessionRecord {
    /// The routine attached to the session.
    pub fn routine(&self) -> &[DoseRecord] {
        match self {
            SessionRecord::Run { routine, .. } | SessionRecord::CrossTrain { routine, .. } => {
                routine
            }
        }
    }
}

/// A kind of run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunKindRecord {
    /// Easy.
    Easy,
    /// Steady.
    Steady,
    /// Long.
    Long,
}

/// A running intensity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntensityRecord {
    /// Conversational.
    Easy,
    /// Comfortably hard.
    Steady,
}

/// One exercise of a day's routine at its dose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoseRecord {
    /// The exercise done.
    pub exercise_id: String,
    /// Its name.
    pub name: String,
    /// Rounds or sets.
    pub sets: u8,
    /// Reps per set.
    pub reps: u8,
    /// Reps count each side.
    pub per_side: bool,
    /// Seconds each rep is held.
    pub hold_s: Option<u8>,
    /// Reps are a minimum.
    pub at_least: bool,
    /// The dose in words, as the plan said it (what a calendar showed).
    pub dose: String,
    /// When it stands in for a routine exercise.
    pub substitutes: Option<SubstituteRecord>,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Its evidence (`None` in a converted report).
    pub evidence: Option<EvidenceRecord>,
}

/// The routine exercise a substitute replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubstituteRecord {
    /// The replaced exercise (`None` in a converted report, which named it
    /// only).
    pub exercise_id: Option<String>,
    /// Its name.
    pub name: String,
    /// The missing equipment (core's names; empty in a converted report).
    pub missing: Vec<String>,
}

/// An evidence grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRecord {
    /// The level (core's name).
    pub level: String,
    /// The verdict (core's name).
    pub verdict: String,
    /// The note.
    pub note: String,
}

impl PlanRecord {
    /// The ready plan, if it is one.
    pub fn ready(&self) -> Option<&ReadyPlanRecord> {
        match &self.outcome {
            PlanOutcomeRecord::Ready(plan) => Some(plan),
            PlanOutcomeRecord::Blocked(_) => None,
        }
    }
}
