//! What a runner tells us: the validated input of an assessment.
//!
//! These types are built by the shell (from a TOML file or the interactive
//! questionnaire) after it has checked every value; the domain trusts them.

use std::collections::{BTreeMap, BTreeSet};

use crate::profile::{Equipment, Region, Sex};
use crate::units::{Meters, Nrs};

/// When the pain comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PainTiming {
    /// Early in a run.
    EarlyInRun,
    /// Late in a run, or when tired.
    LateInRun,
    /// After a run.
    AfterRun,
    /// The next morning.
    NextMorning,
    /// At rest, not eased by resting.
    AtRest,
    /// At night, waking the runner.
    AtNight,
}

/// What the runner notices about their form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Noticed {
    /// The head leads the body, poking forward.
    HeadLeading,
    /// Arms pulled in tight when tired.
    ArmsTucked,
    /// Arms or shoulders rising when tired.
    ArmsRaised,
    /// Slumping or folding at the waist.
    Slumping,
}

/// How the pain is changing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trend {
    /// Getting better.
    Improving,
    /// About the same.
    Same,
    /// Getting worse.
    Worse,
}

/// Running intensity, from easiest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Intensity {
    /// Conversational.
    Easy,
    /// Comfortably hard, still controlled.
    Steady,
}

impl Intensity {
    /// A stable name for exports.
    pub fn name(self) -> &'static str {
        match self {
            Intensity::Easy => "easy",
            Intensity::Steady => "steady",
        }
    }
}

/// Limits a doctor has set. The plan never goes above any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DoctorCaps {
    /// Most distance in any plan week.
    pub weekly_distance: Option<Meters>,
    /// Hardest intensity allowed.
    pub max_intensity: Option<Intensity>,
    /// Most runs in any plan week.
    pub runs_per_week: Option<u8>,
}

/// Core endurance test results, in seconds held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CoreTests {
    /// Prone forearm plank.
    pub plank: Option<u16>,
    /// McGill trunk flexor (60 degree) hold.
    pub flexor: Option<u16>,
    /// Biering-Sorensen trunk extensor hold.
    pub extensor: Option<u16>,
    /// Side bridge on the right.
    pub side_bridge_right: Option<u16>,
    /// Side bridge on the left.
    pub side_bridge_left: Option<u16>,
}

/// How the runner runs now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrentRunning {
    /// Distance in a usual week lately (zero for a new runner).
    pub weekly_distance: Meters,
    /// Runs in a usual week.
    pub runs_per_week: u8,
    /// Easy pace, seconds per km, to estimate run times.
    pub easy_pace_s_per_km: Option<u16>,
    /// The weekly distance the runner wants to build to, if they said.
    pub goal_weekly_distance: Option<Meters>,
    /// The weekly distance the runner ran before the pain, if they said.
    pub before_pain_weekly_distance: Option<Meters>,
}

/// The bounds an answer must keep to be believable. Answers outside them
/// are refused where they come in (answers file, questionnaire) with the
/// key named; the planner may therefore trust them. Our own engineering
/// limits (docs/answers.md), set above what any runner does, not clinical
/// thresholds.
pub mod limits {
    /// Youngest age the assessment is for, years.
    pub const AGE_MIN: i64 = 12;
    /// Oldest age accepted, years.
    pub const AGE_MAX: i64 = 100;
    /// Most km in any week (current, goal, before the pain, or a doctor's
    /// limit). Elite marathon runners train at about 160 to 250 km a week;
    /// more is not a usual week.
    pub const WEEKLY_KM_MAX: f64 = 250.0;
    /// Most runs in a usual week: one a day.
    pub const RUNS_PER_WEEK_MAX: i64 = 7;
    /// Longest average run in a usual week, km: above it the weekly distance
    /// and the number of runs do not fit together (a marathon is 42.2 km).
    pub const AVERAGE_RUN_KM_MAX: f64 = 50.0;
}

/// A known back condition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackHistory {
    /// A back condition a doctor knows about, described by the runner.
    pub condition: Option<String>,
    /// Worried about running with it.
    pub worried: bool,
}

/// Everything an assessment takes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// Age in years.
    pub age: u8,
    /// Sex, for norms.
    pub sex: Sex,
    /// Where it hurts; empty when nothing hurts now (prevention).
    pub regions: BTreeSet<Region>,
    /// Pain now.
    pub pain_now: Nrs,
    /// Worst pain in the last week.
    pub pain_worst: Nrs,
    /// When it comes.
    pub timing: BTreeSet<PainTiming>,
    /// Weeks since it started.
    pub weeks: u16,
    /// How it is changing.
    pub trend: Trend,
    /// Whether this is the first episode of back pain ever.
    pub first_episode: bool,
    /// Whether it started suddenly.
    pub sudden_onset: bool,
    /// What the runner notices about their form.
    pub noticed: BTreeSet<Noticed>,
    /// A known back condition.
    pub history: BackHistory,
    /// Limits set by a doctor.
    pub caps: DoctorCaps,
    /// Equipment at hand.
    pub equipment: BTreeSet<Equipment>,
    /// Core endurance tests, if done.
    pub core_tests: CoreTests,
    /// Current running.
    pub running: CurrentRunning,
    /// The red-flag checklist: flag ID -> answered yes. Every asked flag of
    /// the knowledge base must be present.
    pub red_flags: BTreeMap<String, bool>,
}
