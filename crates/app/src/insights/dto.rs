//! The insights report as the app's own serde types: the `--json` document
//! (stable field names; `schema_version` changes when they do) and what the
//! text and HTML renderings read. Core types carry no wire format.

use chrono::NaiveDate;
use serde::Serialize;

pub use super::findings::{AssociationsView, DecisionView};

/// Bumped when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole insights report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InsightsReport {
    /// Version of this layout.
    pub schema_version: u32,
    /// The runner's distance unit (`km` or `mi`, from their profile): the
    /// text and pages speak it; the `_km` numbers stay kilometres.
    pub units: String,
    /// The last day analysed.
    pub today: NaiveDate,
    /// The first day analysed.
    pub since: NaiveDate,
    /// Not a medical device.
    pub disclaimer: String,
    /// Alerts, red flags first.
    pub alerts: Vec<AlertView>,
    /// ISO weeks, oldest first.
    pub weeks: Vec<WeekView>,
    /// Days, oldest first (for charts).
    pub days: Vec<DayView>,
    /// Fitness, fatigue and form today.
    pub fitness: Option<FitnessView>,
    /// How session load was measured.
    pub load_sources: LoadSourcesView,
    /// Pain per region.
    pub pain: Vec<RegionView>,
    /// Routine adherence.
    pub routine: RoutineView,
    /// Cross-training against the plan's dose.
    pub cross_training: CrossTrainingView,
    /// Brace use.
    pub brace: BraceView,
    /// The runner's own associations.
    pub associations: AssociationsView,
    /// The pain-monitoring decision for the next week.
    pub decision: Option<DecisionView>,
    /// What is missing, in words.
    pub missing: Vec<String>,
    /// Notes on how the data was read.
    pub notes: Vec<String>,
}

/// One alert.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AlertView {
    /// `stop`, `caution` or `notice`.
    pub severity: String,
    /// `red-flag`, `check-due`, `severe-pain`, `distance-jump`,
    /// `load-spike`, `pain-rising`, `not-settled-twice`, `routine-skipped`
    /// or `cross-training-below-dose`.
    pub kind: String,
    /// In words.
    pub message: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// One ISO week.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = InsightsWeek)]
pub struct WeekView {
    /// `YYYY-Www`.
    pub week: String,
    /// Its Monday.
    pub monday: NaiveDate,
    /// Days of it inside the analysed range.
    pub days: u8,
    /// Running distance, km.
    pub distance_km: f64,
    /// Training time, minutes.
    pub minutes: f64,
    /// Runs.
    pub runs: u32,
    /// Longest run's share of the distance.
    pub long_run_share: Option<f64>,
    /// Session load (TRIMP or session-RPE).
    pub load: f64,
    /// Distance change on the week before, percent.
    pub change_pct: Option<f64>,
    /// Distance change on the mean of the two weeks before, percent.
    pub trend_change_pct: Option<f64>,
    /// Foster's monotony.
    pub monotony: Option<f64>,
    /// Foster's strain.
    pub strain: Option<f64>,
    /// Cross-training days.
    pub cross_training_days: u32,
    /// Highest acute:chronic ratio in the week (a spike indicator, not an
    /// injury probability).
    pub peak_acwr: Option<f64>,
    /// The peak reached the spike setting.
    pub spike: bool,
    /// Mean of the daily highest back-pain scores, where logged.
    pub mean_back_pain: Option<f64>,
}

/// One day, for the charts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = InsightsDay)]
pub struct DayView {
    /// The day.
    pub date: NaiveDate,
    /// Running distance, km.
    pub distance_km: f64,
    /// Session load.
    pub load: f64,
    /// Acute:chronic ratio.
    pub acwr: Option<f64>,
    /// Fitness (42-day).
    pub fitness: f64,
    /// Fatigue (7-day).
    pub fatigue: f64,
    /// Form (fitness minus fatigue).
    pub form: f64,
    /// Highest back-pain score logged.
    pub back_pain: Option<u8>,
    /// `done`, `missed`, `extra` (done, not planned) or `not-planned`.
    pub routine: String,
}

/// Fitness, fatigue and form on the last day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FitnessView {
    /// Fitness (42-day load average).
    pub fitness: f64,
    /// Fatigue (7-day load average).
    pub fatigue: f64,
    /// Form.
    pub form: f64,
    /// The seed baseline.
    pub baseline: f64,
}

/// Where session loads came from.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LoadSourcesView {
    /// TRIMP from heart-rate samples.
    pub trimp_samples: u32,
    /// TRIMP from average heart rate.
    pub trimp_average: u32,
    /// Session RPE.
    pub session_rpe: u32,
    /// No load.
    pub unavailable: u32,
    /// How intensity zones were set, in words.
    pub zones: String,
    /// How intensity zones were set, for machines.
    pub zone_anchors: ZonesView,
}

/// The anchors of the intensity zones and where each came from.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ZonesView {
    /// `heart-rate`, `pace` or `none`.
    pub basis: String,
    /// `profile` (every anchor given, by the saved profile or this run's
    /// flags: max and rest heart rate, or the easy pace), `estimated`
    /// (none given: from the data, or assumed),
    /// `mixed`, or `none` without zones.
    pub source: String,
    /// Heart-rate zones: the maximum heart rate, bpm.
    pub max_hr: Option<AnchorView>,
    /// Heart-rate zones: the resting heart rate, bpm.
    pub rest_hr: Option<AnchorView>,
    /// Pace zones: the easy pace, seconds per km.
    pub easy_pace_s_per_km: Option<AnchorView>,
    /// TRIMP's weighting (Banister): `female` or `male`.
    pub trimp_sex: String,
    /// `answers` (the saved answers say female or male) or `default`.
    pub trimp_sex_from: String,
}

/// One zone anchor.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AnchorView {
    /// The value.
    pub value: f64,
    /// `profile` (the saved profile, `backstride profile set`), `flag`
    /// (this run's `--max-hr`, `--rest-hr` or `--easy-pace`, over the
    /// profile), `data` (estimated from the data) or `assumed` (60 bpm
    /// resting heart rate).
    pub from: String,
}

/// Pain in one region.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegionView {
    /// `lower-back`, `upper-back`, `neck` or `other`.
    pub region: String,
    /// Scores logged.
    pub logs: usize,
    /// Last day with pain.
    pub last_pain: Option<NaiveDate>,
    /// Days since.
    pub days_since_pain: Option<i64>,
    /// Slope, NRS points per week, with its 95 % CI.
    pub trend_per_week: Option<TrendView>,
    /// During, after and next morning.
    pub by_time: Vec<WhenView>,
    /// Run days with pain whose next morning was logged.
    pub settled_known: usize,
    /// Of those, not settled.
    pub not_settled: usize,
    /// Daily highest score, last 28 days (for the sparkline).
    pub recent: Vec<Option<u8>>,
}

/// A pain trend.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrendView {
    /// Points per week.
    pub slope: f64,
    /// 95 % CI low.
    pub low: f64,
    /// 95 % CI high.
    pub high: f64,
    /// Days used.
    pub n: usize,
    /// Window, days.
    pub window_days: u32,
}

/// Scores at one time of day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WhenView {
    /// `during`, `after` or `next-morning`.
    pub when: String,
    /// Logs.
    pub count: usize,
    /// Mean.
    pub mean: Option<f64>,
    /// Highest.
    pub max: Option<u8>,
}

/// Routine adherence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoutineView {
    /// A saved plan gave the planned days.
    pub plan: bool,
    /// Planned days up to today.
    pub planned_days: u32,
    /// Of those, done.
    pub done_planned_days: u32,
    /// Days done without being planned.
    pub extra_days: u32,
    /// Done / planned.
    pub rate: Option<f64>,
    /// Days since the last session.
    pub days_since_last: Option<i64>,
    /// Planned days missed in a row.
    pub missed_in_a_row: u32,
    /// Per exercise.
    pub by_exercise: Vec<ExerciseView>,
}

/// One exercise's adherence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExerciseView {
    /// Knowledge-base ID.
    pub exercise_id: String,
    /// Planned days.
    pub planned: u32,
    /// Done on planned days.
    pub done: u32,
}

/// Cross-training against the dose.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CrossTrainingView {
    /// Days due in every 30.
    pub dose: u32,
    /// Days in the last 30 (none before 30 days of data).
    pub current: Option<u32>,
    /// Full 30-day windows.
    pub windows: u32,
    /// Of those, below the dose.
    pub windows_below: u32,
}

/// Brace use.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BraceView {
    /// Days worn.
    pub days_worn: u32,
    /// Days logged without.
    pub days_not_worn: u32,
    /// Runs with it.
    pub runs_with_brace: u32,
}

impl InsightsReport {
    /// The runner's unit.
    pub fn unit(&self) -> backstride_core::profile::Units {
        backstride_core::profile::Units::parse(&self.units).unwrap_or_default()
    }

    /// `km` kilometres in the runner's unit.
    pub fn in_units(&self, km: f64) -> f64 {
        self.unit().from_km(km)
    }
}
