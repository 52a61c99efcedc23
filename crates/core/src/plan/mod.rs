//! The plan: a dated, day-by-day programme of runs, cross-training and the
//! pre/post-run routine, built from an assessment and never above the
//! doctor's caps. With a red flag at "soon" or above there is no plan, only
//! the instruction to see a clinician.

pub mod adapt;
pub mod progression;
pub mod recent;
pub mod routine;
pub mod rule;
pub mod schedule;

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};

use crate::assessment::Assessment;
use crate::assessment::answers::{Answers, Intensity};
use crate::assessment::triage::{FiredFlag, TriageTier};
use crate::evidence::{Evidence, SourceId};
use crate::knowledge::KnowledgeBase;
use crate::knowledge::model::FlagTier;
use crate::profile::{Equipment, Units};
use crate::units::Meters;
use routine::RoutineItem;

/// Longest plan, in weeks.
pub const MAX_WEEKS: u16 = 52;
/// Most cross-training days that can be asked for in 30 days.
pub const MAX_CROSS_DAYS_PER_30: u8 = 12;

/// What the runner asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanRequest {
    /// First day of the plan.
    pub start: NaiveDate,
    /// Number of weeks, 1 to 52.
    pub weeks: u16,
    /// Cross-training days in any 30-day window; the knowledge base's
    /// default when `None`, and never below its floor.
    pub cross_days_per_30: Option<u8>,
}

/// A request the planner cannot honour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// Weeks out of range.
    #[error("weeks must be from 1 to {MAX_WEEKS}, not {0}")]
    Weeks(u16),
    /// An event day the plan cannot end on.
    #[error(
        "the event day {event} must be 1 to {MAX_WEEKS} weeks after the plan's first day {start}"
    )]
    Event {
        /// The event day.
        event: NaiveDate,
        /// The plan's first day.
        start: NaiveDate,
    },
    /// Cross-training dose out of range.
    #[error(
        "cross-training days per 30 must be from {min} to {MAX_CROSS_DAYS_PER_30}, not {given}"
    )]
    CrossDays {
        /// What was asked.
        given: u8,
        /// The floor.
        min: u8,
    },
    /// The plan would run past the calendar's end.
    #[error("the plan would end after the last representable date")]
    DateOverflow,
}

/// How hard a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// Easy, conversational.
    Easy,
    /// Steady, comfortably hard.
    Steady,
    /// The week's long run, easy.
    Long,
}

/// A run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSession {
    /// Kind.
    pub kind: RunKind,
    /// Intensity.
    pub intensity: Intensity,
    /// Distance.
    pub distance: Meters,
    /// Estimated minutes at the runner's easy pace, if known.
    pub est_minutes: Option<u16>,
    /// The pre/post-run routine.
    pub routine: Vec<RoutineItem>,
    /// Whether brace guidance applies.
    pub brace: bool,
}

/// A cross-training session.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossSession {
    /// The activity, e.g. cycling.
    pub activity: String,
    /// Minutes, easy.
    pub minutes: u16,
    /// The routine, on weeks without a run.
    pub routine: Vec<RoutineItem>,
}

/// A session on a plan day.
#[derive(Debug, Clone, PartialEq)]
pub enum Session {
    /// A run with its routine.
    Run(RunSession),
    /// Cross-training.
    CrossTrain(CrossSession),
}

/// A day with a session.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDay {
    /// The date.
    pub date: NaiveDate,
    /// Plan week, 1-based.
    pub week: u16,
    /// The session.
    pub session: Session,
}

/// One plan week.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanWeek {
    /// Number, 1-based.
    pub number: u16,
    /// First day.
    pub start: NaiveDate,
    /// Target distance.
    pub target: Meters,
    /// Distance actually scheduled (at most the target).
    pub scheduled: Meters,
    /// Runs scheduled.
    pub runs: u8,
    /// Cross-training sessions scheduled.
    pub cross_sessions: u8,
    /// A lighter week.
    pub lighter: bool,
    /// Whether the doctor's cap held it down.
    pub capped: bool,
    /// Sets of the progressing routine exercise this week (Warrior Pose).
    pub routine_sets: u8,
}

/// Kinds of plan notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Talk to a doctor first.
    Doctor,
    /// A doctor's cap shapes the plan.
    Cap,
    /// Brace guidance.
    Brace,
    /// An exercise was substituted.
    Substitute,
    /// Cross-training adjusted.
    CrossTraining,
    /// Pain shaped the plan.
    Pain,
    /// A routine-tier red flag: see someone if it does not settle.
    Watch,
    /// Research does not back a piece of the article's advice.
    Evidence,
    /// The weekly distance the plan builds to and holds.
    Goal,
    /// The runner's own imported running shaped the plan.
    History,
    /// The plan ends before the runner's event.
    Event,
}

/// A note shown with the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// Kind.
    pub kind: NoticeKind,
    /// Text.
    pub text: String,
    /// Sources.
    pub sources: Vec<SourceId>,
}

/// A ready plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// The weeks.
    pub weeks: Vec<PlanWeek>,
    /// Days with sessions, in date order.
    pub days: Vec<PlanDay>,
    /// The weekly distance the plan builds to and holds (see
    /// [`Planner::goal`]); no week's target is above it.
    pub goal: Meters,
    /// Cross-training days guaranteed in any 30-day window.
    pub cross_days_per_30: u8,
    /// The routine's name and when to do it.
    pub routine_name: String,
    /// When to do the routine.
    pub routine_when: String,
    /// Notices, most important first.
    pub notices: Vec<Notice>,
    /// Evidence behind the running progression.
    pub running_evidence: Evidence,
    /// Evidence behind the cross-training dose.
    pub cross_training_evidence: Evidence,
    /// Every source the plan rests on.
    pub sources: BTreeSet<SourceId>,
}

/// The plan cannot be made: red flags say see a clinician.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocked {
    /// How urgently.
    pub tier: TriageTier,
    /// What to do.
    pub instruction: String,
    /// The flags present.
    pub flags: Vec<FiredFlag>,
}

/// Red flags that stand from the logs (notes told after the latest check
/// of their question, severe pain, "yes" answers in checks; see
/// [`crate::safety`]) stop a plan as the answers' own flags do (red flags
/// always win): see [`blocked_by_flags`]. Without them the outcome is
/// unchanged.
pub fn stop_for_note_flags(
    outcome: PlanOutcome,
    assessment: &Assessment,
    note_flags: &[FiredFlag],
) -> PlanOutcome {
    if note_flags.is_empty() {
        return outcome;
    }
    blocked_by_flags(note_flags, assessment).map_or(outcome, PlanOutcome::Blocked)
}

/// The stop that red flags from the logs, together with the answers'
/// flags above routine, call for: the most urgent flag's instruction (at
/// least "see a doctor soon"), every flag listed, most urgent first, the
/// notes' before the answers' at the same tier. `None` without any flag.
pub fn blocked_by_flags(note_flags: &[FiredFlag], assessment: &Assessment) -> Option<Blocked> {
    let mut flags: Vec<FiredFlag> = note_flags
        .iter()
        .chain(
            assessment
                .triage
                .fired
                .iter()
                .filter(|f| f.tier > FlagTier::Routine),
        )
        .cloned()
        .collect();
    flags.sort_by_key(|f| std::cmp::Reverse(f.tier));
    let first = flags.first()?;
    Some(Blocked {
        tier: TriageTier::from_flag(first.tier.max(FlagTier::Soon)),
        instruction: first.action.clone(),
        flags,
    })
}

/// A plan or the reason there is none.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum PlanOutcome {
    /// A plan.
    Ready(Plan),
    /// No plan: see a clinician.
    Blocked(Blocked),
}

fn add_days(date: NaiveDate, days: u64) -> Result<NaiveDate, PlanError> {
    date.checked_add_days(Days::new(days))
        .ok_or(PlanError::DateOverflow)
}

/// Where a re-made plan starts (see [`adapt`]); the default is a fresh
/// plan from the answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Start {
    /// Week 1's distance, instead of the one derived from the answers.
    pub weekly: Option<Meters>,
    /// Plan week `n` takes the routine of week `n + routine_shift`, so a
    /// re-plan resumes the routine's progression where it stands.
    pub routine_shift: u16,
    /// Reps per set of one routine exercise (its ID), instead of its dose.
    pub reps: Option<(String, u8)>,
    /// Every run easy, whatever the week.
    pub easy_only: bool,
    /// The runner's run days and long-run day (none: the planner's own).
    pub run_days: schedule::RunDays,
    /// The runner's recent imported running, and the weekly distance the
    /// answers gave before it took its place.
    pub recent: Option<(recent::Recent, Meters)>,
    /// The runner's event day.
    pub event: Option<NaiveDate>,
    /// The runner's distance unit, for what the notices say.
    pub units: Units,
}

/// What a plan knows beyond the answers: the runner's chosen days, their
/// recent imported running, and an event to build to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanSetup {
    /// The runner's run days and long-run day (none: the planner's own).
    pub run_days: schedule::RunDays,
    /// The runner's recent running ([`recent::recent_running`]): the plan
    /// starts from its average week instead of the answers' and sizes its
    /// long run from its longest run.
    pub recent: Option<recent::Recent>,
    /// A race or event day: the plan runs up to the day before it (its
    /// weeks follow from the date, not from the request) and its last week
    /// is lighter.
    pub event: Option<NaiveDate>,
    /// The runner's distance unit (the profile's), in which the notices
    /// speak; the plan's numbers stay metres.
    pub units: Units,
}

/// The most of a week the long run may take when the runner's own long
/// runs took more than the planner's usual share: half the week. A design
/// value (a long run much past half the week leaves the other runs too
/// short to count), not a research finding.
pub const LONG_SHARE_MOST_PCT: u32 = 50;

/// How much longer than the longest run before it any planned run may be,
/// percent: single runs more than 10% past the longest of the previous 30
/// days went with more overuse injuries in 5,205 runners (FRANDSEN-2025).
pub const SINGLE_RUN_GROWTH_PCT: u32 = 10;

/// Builds the plan with what [`PlanSetup`] adds to the answers.
pub fn build_with(
    kb: &KnowledgeBase,
    answers: &Answers,
    assessment: &Assessment,
    request: PlanRequest,
    setup: &PlanSetup,
) -> Result<PlanOutcome, PlanError> {
    let mut request = request;
    if let Some(event) = setup.event {
        let days = (event - request.start).num_days();
        let weeks = u16::try_from((days + 6) / 7).unwrap_or(u16::MAX);
        if days < 1 || weeks > MAX_WEEKS {
            return Err(PlanError::Event {
                event,
                start: request.start,
            });
        }
        request.weeks = weeks;
    }
    let mut answers = answers.clone();
    let typed = answers.running.weekly_distance;
    if let Some(r) = setup.recent {
        let most = Meters((crate::assessment::answers::limits::WEEKLY_KM_MAX * 1000.0) as u32);
        answers.running.weekly_distance = r.weekly.min(most);
    }
    let start = Start {
        run_days: setup.run_days,
        recent: setup.recent.map(|r| (r, typed)),
        event: setup.event,
        units: setup.units,
        ..Start::default()
    };
    build_from(kb, &answers, assessment, request, &start)
}

/// Builds the plan for an assessed runner.
pub fn build(
    kb: &KnowledgeBase,
    answers: &Answers,
    assessment: &Assessment,
    request: PlanRequest,
) -> Result<PlanOutcome, PlanError> {
    build_from(kb, answers, assessment, request, &Start::default())
}

/// Builds the plan with runs only on the runner's chosen days and the long
/// run on their long-run day (see [`schedule::RunDays`]); `build` with
/// no days chosen is this with `RunDays::default()`.
pub fn build_on_days(
    kb: &KnowledgeBase,
    answers: &Answers,
    assessment: &Assessment,
    request: PlanRequest,
    run_days: schedule::RunDays,
) -> Result<PlanOutcome, PlanError> {
    let setup = PlanSetup {
        run_days,
        ..PlanSetup::default()
    };
    build_with(kb, answers, assessment, request, &setup)
}

/// Builds the plan from a given start.
pub(crate) fn build_from(
    kb: &KnowledgeBase,
    answers: &Answers,
    assessment: &Assessment,
    request: PlanRequest,
    start: &Start,
) -> Result<PlanOutcome, PlanError> {
    if !(1..=MAX_WEEKS).contains(&request.weeks) {
        return Err(PlanError::Weeks(request.weeks));
    }
    let cross = &kb.plan.cross_training;
    let per_30 = request
        .cross_days_per_30
        .unwrap_or(cross.days_per_30_default);
    if per_30 < cross.days_per_30_min || per_30 > MAX_CROSS_DAYS_PER_30 {
        return Err(PlanError::CrossDays {
            given: per_30,
            min: cross.days_per_30_min,
        });
    }
    let end = add_days(request.start, u64::from(request.weeks) * 7 - 1)?;
    if !assessment.triage.allows_plan() {
        return Ok(PlanOutcome::Blocked(Blocked {
            tier: assessment.triage.tier,
            instruction: assessment
                .triage
                .instruction()
                .unwrap_or_default()
                .to_owned(),
            flags: assessment.triage.fired.clone(),
        }));
    }
    Ok(PlanOutcome::Ready(
        Planner::new(kb, answers, assessment, request, per_30, start).run(end)?,
    ))
}

/// The state of one plan build.
struct Planner<'a> {
    kb: &'a KnowledgeBase,
    answers: &'a Answers,
    assessment: &'a Assessment,
    request: PlanRequest,
    per_30: u8,
    start: &'a Start,
    notices: Vec<Notice>,
}

impl<'a> Planner<'a> {
    fn new(
        kb: &'a KnowledgeBase,
        answers: &'a Answers,
        assessment: &'a Assessment,
        request: PlanRequest,
        per_30: u8,
        start: &'a Start,
    ) -> Self {
        Planner {
            kb,
            answers,
            assessment,
            request,
            per_30,
            start,
            notices: Vec::new(),
        }
    }

    fn notice(&mut self, kind: NoticeKind, text: String, sources: &[&str]) {
        let sources = sources.iter().map(|s| SourceId((*s).to_owned())).collect();
        self.notices.push(Notice {
            kind,
            text,
            sources,
        });
    }

    fn run(mut self, end: NaiveDate) -> Result<Plan, PlanError> {
        let kb = self.kb;
        let answers = self.answers;
        let params = &kb.plan.running;
        let cross = &kb.plan.cross_training;
        let caps = answers.caps;
        let pain_high = answers.pain_worst.get() > 5;

        self.doctor_notices();

        let cross_per_week = schedule::cross_sessions_per_week(self.per_30);
        let wanted = wanted_runs(answers);
        let mut runs = planned_runs(kb, answers, self.per_30);
        let chosen = self.start.run_days;
        // Never more runs than chosen days: the week's distance is split
        // over fewer, longer runs, within the same run limits.
        if chosen.chosen() && chosen.count() < runs {
            runs = chosen.count();
        }
        if runs < wanted && !(chosen.chosen() && runs == chosen.count()) {
            let text = match caps.runs_per_week {
                Some(cap) if cap < wanted => {
                    format!("Runs per week set to {runs}: your doctor's limit is {cap}.")
                }
                _ => format!(
                    "Runs per week set to {runs}, not {wanted}: cross-training takes a run's place and one day stays a full rest day."
                ),
            };
            self.notice(
                NoticeKind::Cap,
                text,
                &["SEED-DOCTOR", "SEED-CROSS-TRAIN-JOINTS"],
            );
        }

        // Starting volume: the current week (a beginner's default for a new
        // runner), stepped back a fifth when pain went above 5/10; a re-plan
        // brings its own, already adapted to the logged pain.
        let mut start = if answers.running.weekly_distance.0 == 0 {
            params.beginner_weekly
        } else {
            answers.running.weekly_distance
        };
        if let Some(weekly) = self.start.weekly {
            start = weekly;
        } else if pain_high {
            start = Meters(start.0 / 5 * 4);
            self.notice(
                NoticeKind::Pain,
                format!(
                    "Your worst pain was {} (above 5/10), so the plan starts a fifth below your usual week and keeps every run easy. Pain during a run may reach but not pass 5/10 and should settle by the next morning.",
                    answers.pain_worst
                ),
                &["SILBERNAGEL-2007"],
            );
        }
        let limits = run_limits(kb);
        let (goal, goal_notices) = weekly_goal(kb, answers, runs, self.start.units);
        self.notices.extend(goal_notices);
        if start > goal {
            start = goal;
        }
        if let Some(cap) = caps.weekly_distance {
            self.notice(
                NoticeKind::Cap,
                format!(
                    "No week goes above your doctor's limit of {}.",
                    self.start.units.distance(cap)
                ),
                &["SEED-DOCTOR"],
            );
        }
        let steady_allowed = !pain_high
            && !self.start.easy_only
            && caps.max_intensity.is_none_or(|i| i >= Intensity::Steady);
        if caps.max_intensity == Some(Intensity::Easy) {
            self.notice(
                NoticeKind::Cap,
                "Every run is easy: that is your doctor's limit.".to_owned(),
                &["SEED-DOCTOR"],
            );
        }

        let have = &answers.equipment;
        let activity = if have.contains(&cross.equipment) {
            cross.activity.clone()
        } else {
            let alt = cross
                .alternatives
                .first()
                .cloned()
                .unwrap_or_else(|| cross.activity.clone());
            let others = cross.alternatives.join(", ");
            self.notice(
                NoticeKind::CrossTraining,
                format!(
                    "No bike or trainer: cross-training days use {alt} instead of {} (any of: {others}). Add a bike to your equipment to switch back.",
                    cross.activity
                ),
                &["SEED-CROSS-TRAIN"],
            );
            alt
        };
        self.substitution_notices(have);
        let brace = self.assessment.recommends("back-brace");
        if brace {
            self.brace_notice();
        }
        self.watch_notices();
        self.evidence_notices();

        let mut volumes = progression::weekly_volumes(
            params,
            start,
            goal,
            caps.weekly_distance,
            self.request.weeks,
        );
        let mut end = end;
        if let Some(event) = self.start.event {
            self.taper(&mut volumes, event);
            end = end.min(event.pred_opt().unwrap_or(event));
        }
        let long_share = self.history_notice(&limits);
        let mut longest_so_far = self
            .start
            .recent
            .map(|(r, _)| r.longest)
            .filter(|m| m.0 > 0);
        let most_runs = volumes
            .iter()
            .map(|v| progression::split_runs(v.target, runs, &limits).len())
            .max()
            .unwrap_or(0) as u8;
        let cross_weekdays =
            schedule::cross_weekdays(self.start.run_days, most_runs, cross_per_week);
        let mut weeks = Vec::new();
        let mut days = Vec::new();
        for (index, volume) in volumes.iter().enumerate() {
            let number = index as u16 + 1;
            let week_start = add_days(self.request.start, index as u64 * 7)?;
            // No run more than 10% past the longest before it (FRANDSEN-2025),
            // and the long run's share of the week the runner's own.
            let mut week_limits = limits;
            if let Some(pct) = long_share {
                week_limits.long_share_pct = pct;
            }
            if let Some(longest) = longest_so_far {
                let most = Meters(
                    (u64::from(longest.0) * u64::from(100 + SINGLE_RUN_GROWTH_PCT) / 100)
                        .min(u64::from(u32::MAX)) as u32,
                );
                week_limits.long_max = week_limits.long_max.min(most);
                week_limits.run_max = week_limits.run_max.min(most);
            }
            let mut distances = progression::split_runs(volume.target, runs, &week_limits);
            let chosen_days = schedule::chosen_offsets(
                self.start.run_days,
                week_start.weekday(),
                distances.len() as u8,
            );

            let first = week_start.weekday();
            let mut run_days = if self.start.run_days.chosen() {
                chosen_days
            } else {
                schedule::default_offsets(first, distances.len() as u8)
            };
            let mut cross_days = schedule::offsets_of(&cross_weekdays, first);
            let routine = self.routine_for_week(number, have);
            let steady_week = steady_allowed
                && !volume.lighter
                && number >= params.steady_from_week
                && distances.len() >= 2;
            let minutes = cross_minutes(
                cross.minutes_start,
                cross.minutes_end,
                number,
                self.request.weeks,
            );

            // Nothing on or after the event day.
            if let Some(event) = self.start.event {
                let before = |offset: u8| {
                    week_start
                        .checked_add_days(Days::new(u64::from(offset)))
                        .is_some_and(|d| d < event)
                };
                let kept: Vec<(u8, Meters)> = run_days
                    .iter()
                    .copied()
                    .zip(distances.iter().copied())
                    .filter(|(o, _)| before(*o))
                    .collect();
                if kept.len() < distances.len() {
                    // The long run stays last among what is left.
                    let mut kept = kept;
                    kept.sort_by_key(|(_, m)| *m);
                    run_days = kept.iter().map(|(o, _)| *o).collect();
                    distances = kept.iter().map(|(_, m)| *m).collect();
                }
                cross_days.retain(|o| before(*o));
            }
            if let Some(most) = distances.iter().max() {
                longest_so_far = Some(longest_so_far.map_or(*most, |l| l.max(*most)));
            }
            for (i, (&offset, &distance)) in run_days.iter().zip(&distances).enumerate() {
                let long = distances.len() >= 3 && i == distances.len() - 1;
                let kind = if long {
                    RunKind::Long
                } else if steady_week && i == 0 {
                    RunKind::Steady
                } else {
                    RunKind::Easy
                };
                let intensity = if kind == RunKind::Steady {
                    Intensity::Steady
                } else {
                    Intensity::Easy
                };
                let est_minutes = answers
                    .running
                    .easy_pace_s_per_km
                    .map(|pace| ((distance.km() * f64::from(pace)) / 60.0).round() as u16);
                days.push(PlanDay {
                    date: add_days(week_start, u64::from(offset))?,
                    week: number,
                    session: Session::Run(RunSession {
                        kind,
                        intensity,
                        distance,
                        est_minutes,
                        routine: routine.clone(),
                        brace,
                    }),
                });
            }
            for &offset in &cross_days {
                // In a week without runs the routine moves to cross-training days.
                let routine = if distances.is_empty() {
                    routine.clone()
                } else {
                    Vec::new()
                };
                days.push(PlanDay {
                    date: add_days(week_start, u64::from(offset))?,
                    week: number,
                    session: Session::CrossTrain(CrossSession {
                        activity: activity.clone(),
                        minutes,
                        routine,
                    }),
                });
            }
            let routine_sets = routine.iter().map(|r| r.sets).max().unwrap_or(0);
            weeks.push(PlanWeek {
                number,
                start: week_start,
                target: volume.target,
                scheduled: distances.iter().copied().sum(),
                runs: distances.len() as u8,
                cross_sessions: cross_days.len() as u8,
                lighter: volume.lighter,
                capped: volume.capped,
                routine_sets,
            });
        }
        days.sort_by_key(|d| d.date);

        let mut sources: BTreeSet<SourceId> = BTreeSet::new();
        sources.extend(params.sources.iter().cloned());
        sources.extend(cross.sources.iter().cloned());
        sources.extend(kb.plan.limits.sources.iter().cloned());
        sources.extend(kb.routine.sources.iter().cloned());
        for item in routine::routine_for_week(kb, 1, have) {
            sources.extend(item.sources);
        }
        for n in &self.notices {
            sources.extend(n.sources.iter().cloned());
        }
        Ok(Plan {
            start: self.request.start,
            end,
            weeks,
            days,
            goal,
            cross_days_per_30: self.per_30,
            routine_name: kb.routine.name.clone(),
            routine_when: kb.routine.when.clone(),
            notices: self.notices,
            running_evidence: params.evidence.clone(),
            cross_training_evidence: cross.evidence.clone(),
            sources,
        })
    }

    /// Makes the last week before the event lighter (a taper) and says
    /// so.
    fn taper(&mut self, volumes: &mut [progression::WeekVolume], event: NaiveDate) {
        let pct = self.kb.plan.running.lighter_week_pct;
        let n = volumes.len();
        if n >= 2 {
            let before = volumes[n - 2].target;
            volumes[n - 1].target = Meters(before.0 / 100 * u32::from(pct));
            // Below the week before, so below any cap that held it.
            volumes[n - 1].capped = false;
        }
        if let Some(last) = volumes.last_mut() {
            last.lighter = true;
        }
        let text = format!(
            "Your event is on {event}: the plan ends the day before it, and its last week is lighter ({pct}% of the week before, every run easy) so that you arrive rested. That is coaching habit, not a research finding. The event itself is yours: the plan sets no distance or pace for it, and your doctor's limits still apply to it."
        );
        let sources: Vec<&str> = self
            .kb
            .plan
            .running
            .sources
            .iter()
            .map(|s| s.0.as_str())
            .collect();
        self.notice(NoticeKind::Event, text, &sources);
    }

    /// The notice for a plan built from the runner's imported running, and
    /// the long run's share of the week that running implies (within the
    /// planner's share and [`LONG_SHARE_MOST_PCT`]); `None` without it.
    fn history_notice(&mut self, limits: &progression::RunLimits) -> Option<u8> {
        let (recent, typed) = self.start.recent?;
        let usual = u32::from(limits.long_share_pct);
        let share = if recent.weekly.0 > 0 {
            (u64::from(recent.longest.0) * 100 / u64::from(recent.weekly.0))
                .min(u64::from(LONG_SHARE_MOST_PCT)) as u32
        } else {
            usual
        }
        .max(usual);
        let share = u8::try_from(share).unwrap_or(limits.long_share_pct);
        self.notice(
            NoticeKind::History,
            format!(
                "Built from your last {} weeks of imported running ({} runs): {} a week, longest run {} (your answers said {} a week). The long run takes up to {share}% of the week, as your own long runs did (at most {LONG_SHARE_MOST_PCT}%), and no run is more than {SINGLE_RUN_GROWTH_PCT}% longer than the longest before it: single runs that much past the longest of the previous 30 days went with more overuse injuries in 5,205 runners (Frandsen 2025).",
                recent.weeks,
                recent.runs,
                self.start.units.distance(recent.weekly),
                self.start.units.distance(recent.longest),
                self.start.units.distance(typed)
            ),
            &["FRANDSEN-2025"],
        );
        Some(share)
    }

    /// The routine of plan week `number`, from the start's place in the
    /// progression and with its reps.
    fn routine_for_week(&self, number: u16, have: &BTreeSet<Equipment>) -> Vec<RoutineItem> {
        let week = number.saturating_add(self.start.routine_shift);
        let mut items = routine::routine_for_week(self.kb, week, have);
        if let Some((id, reps)) = &self.start.reps {
            for item in items.iter_mut().filter(|i| &i.exercise_id == id) {
                item.reps = *reps;
            }
        }
        items
    }

    fn doctor_notices(&mut self) {
        let answers = self.answers;
        if let Some(condition) = &answers.history.condition {
            let caps = answers.caps;
            let has_caps = caps.weekly_distance.is_some()
                || caps.max_intensity.is_some()
                || caps.runs_per_week.is_some();
            let text = if has_caps {
                format!(
                    "Talk to your doctor first about running with your back ({condition}). This plan keeps to the limits you entered from your doctor."
                )
            } else {
                format!(
                    "Talk to your doctor first about running with your back ({condition}). Ask them to set your weekly distance, intensity and runs per week, then enter those limits: until then this plan uses conservative defaults."
                )
            };
            self.notice(NoticeKind::Doctor, text, &["SEED-DOCTOR"]);
        }
    }

    fn substitution_notices(&mut self, have: &BTreeSet<Equipment>) {
        for item in routine::routine_for_week(self.kb, 1, have) {
            if let Some(sub) = &item.replaces {
                let missing: Vec<&str> = sub.missing.iter().map(|e| e.label()).collect();
                self.notice(
                    NoticeKind::Substitute,
                    format!(
                        "No {}: {} is replaced by {} in every routine.",
                        missing.join(", "),
                        sub.name,
                        item.name
                    ),
                    &["SEED-EX-BALL-PIKE"],
                );
            }
        }
    }

    fn brace_notice(&mut self) {
        if let Some(i) = self.kb.interventions.iter().find(|i| i.id == "back-brace") {
            let sources: Vec<String> = i.sources.iter().map(|s| s.0.clone()).collect();
            let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
            let text = format!(
                "Brace: {} Evidence ({}): {}",
                i.summary,
                i.evidence.verdict.name(),
                i.evidence.note
            );
            self.notice(NoticeKind::Brace, text, &refs);
        }
    }

    fn watch_notices(&mut self) {
        let watch: Vec<FiredFlag> = self.assessment.triage.fired.clone();
        for flag in watch {
            let refs: Vec<&str> = flag.sources.iter().map(|s| s.as_str()).collect();
            self.notice(
                NoticeKind::Watch,
                format!("{} ({})", flag.action, flag.because),
                &refs,
            );
        }
    }

    fn evidence_notices(&mut self) {
        let cross = &self.kb.plan.cross_training;
        if cross.evidence.verdict.needs_caveat() {
            let refs: Vec<String> = cross.sources.iter().map(|s| s.0.clone()).collect();
            let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
            self.notice(
                NoticeKind::Evidence,
                format!(
                    "Cross-training ({}): {}",
                    cross.evidence.verdict.name(),
                    cross.evidence.note
                ),
                &refs,
            );
        }
    }
}

/// The run limits of the knowledge base.
pub(crate) fn run_limits(kb: &KnowledgeBase) -> progression::RunLimits {
    progression::RunLimits {
        long_share_pct: kb.plan.running.long_run_share_pct,
        run_max: kb.plan.limits.run_max,
        long_max: kb.plan.limits.long_run_max,
    }
}

/// The weekly distance a plan builds to and then holds, with the notices
/// that say why: the runner's goal, else the week they ran before the pain
/// (never below the week they run now), else a default a little above the
/// current week (a beginner's default for a new runner); never more than
/// `runs` runs can hold within the run limits.
pub(crate) fn weekly_goal(
    kb: &KnowledgeBase,
    answers: &Answers,
    runs: u8,
    units: Units,
) -> (Meters, Vec<Notice>) {
    let d = |m: Meters| units.distance(m);
    let running = &answers.running;
    let l = &kb.plan.limits;
    let limits = run_limits(kb);
    let mut notices = Vec::new();
    let mut notice = |text: String| {
        notices.push(Notice {
            kind: NoticeKind::Goal,
            text,
            sources: l.sources.clone(),
        });
    };
    let goal = if let Some(goal) = running.goal_weekly_distance {
        notice(format!(
            "The plan builds to your goal of {} a week and holds there.",
            d(goal)
        ));
        goal
    } else if let Some(before) = running.before_pain_weekly_distance {
        let goal = before.max(running.weekly_distance);
        notice(format!(
            "The plan builds back to {} a week, the more of the week you ran before the pain and the week you run now, and holds there. Give a goal (running.goal_weekly_km) to aim elsewhere.",
            d(goal)
        ));
        goal
    } else if running.weekly_distance.0 == 0 {
        notice(format!(
            "The plan builds to {} a week and holds there: our default for a new runner, not a research finding. Give a goal (running.goal_weekly_km) to aim elsewhere. {}",
            d(l.beginner_target),
            l.evidence.note
        ));
        l.beginner_target
    } else {
        let current = f64::from(running.weekly_distance.0);
        let goal =
            Meters((current * (1.0 + f64::from(l.target_growth_pct) / 100.0)).floor() as u32);
        notice(format!(
            "The plan builds to {} a week ({}% above your usual week) and holds there: our default, not a research finding. Give your goal, or the week you ran before the pain, to aim there instead.",
            d(goal),
            l.target_growth_pct
        ));
        goal
    };
    if runs == 0 {
        // No runs (a doctor's limit of none): nothing to build.
        return (Meters(0), notices);
    }
    let room = limits.week_capacity(runs);
    if goal > room {
        notice(format!(
            "{} a week does not fit in {runs} runs within the plan's limits (no run over {}, no long run over {} or {}% of the week), so the plan builds to {}. {}",
            d(goal),
            d(limits.run_max),
            d(limits.long_max),
            limits.long_share_pct,
            d(room),
            l.basis
        ));
        return (room, notices);
    }
    (goal, notices)
}

/// Runs a plan week holds: what the runner does now (three for a new
/// runner), within the doctor's cap and the plan's maximum, leaving room
/// for cross-training and one full rest day.
pub(crate) fn planned_runs(kb: &KnowledgeBase, answers: &Answers, per_30: u8) -> u8 {
    let cross_per_week = schedule::cross_sessions_per_week(per_30);
    let room = 7u8.saturating_sub(cross_per_week).saturating_sub(1);
    let mut runs = wanted_runs(answers)
        .min(kb.plan.running.max_runs_per_week)
        .min(room);
    if let Some(cap) = answers.caps.runs_per_week {
        runs = runs.min(cap);
    }
    runs
}

fn wanted_runs(answers: &Answers) -> u8 {
    if answers.running.runs_per_week == 0 {
        3
    } else {
        answers.running.runs_per_week
    }
}

/// Minutes of cross-training in week `week` of `weeks`: a straight ramp from
/// `start` to `end`, rounded to 5 minutes.
fn cross_minutes(start: u16, end: u16, week: u16, weeks: u16) -> u16 {
    if weeks <= 1 {
        return start;
    }
    let t = f64::from(week - 1) / f64::from(weeks - 1);
    let m = f64::from(start) + t * f64::from(end.saturating_sub(start));
    ((m / 5.0).round() as u16) * 5
}

impl Session {
    /// A short title, e.g. "Long run 7.0 km (easy)" or "Cycling 30 min (easy)".
    pub fn title(&self) -> String {
        self.title_in(Units::Km)
    }

    /// [`Session::title`] with the distance in `units`.
    pub fn title_in(&self, units: Units) -> String {
        match self {
            Session::Run(run) => {
                let kind = match run.kind {
                    RunKind::Easy => "Easy run",
                    RunKind::Steady => "Steady run",
                    RunKind::Long => "Long run",
                };
                let minutes = run
                    .est_minutes
                    .map(|m| format!(", about {m} min"))
                    .unwrap_or_default();
                format!("{kind} {}{minutes}", units.distance(run.distance))
            }
            Session::CrossTrain(c) => {
                let mut name = c.activity.clone();
                if let Some(first) = name.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                format!("{name} {} min (easy)", c.minutes)
            }
        }
    }

    /// The routine attached to this session, if any.
    pub fn routine(&self) -> &[RoutineItem] {
        match self {
            Session::Run(run) => &run.routine,
            Session::CrossTrain(c) => &c.routine,
        }
    }
}
