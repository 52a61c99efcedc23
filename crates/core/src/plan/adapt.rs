//! Re-planning from today (issue 4): the pain-monitoring decision
//! ([`rule`], FACTS 7) applied to the stored plan. Where the
//! runner stands this week (the stored plan's week, or the answers when
//! there is none) is moved by the decision: progress adds 10 % to the
//! weekly distance and a little to the routine, hold keeps both, step back
//! takes 20 % off, drops a Warrior Pose round (or two reps at one round)
//! and keeps every run easy. A new dated plan is then built from today by
//! the ordinary planner, so the doctor's caps (weekly distance, runs per
//! week, intensity) hold as they do for any plan. Every change comes with
//! its reason and sources; a red flag (from the answers or a log note)
//! gives no plan, only the instruction. A decision rests on one run's pain;
//! a saved plan that already applied it is kept (hold), so re-running the
//! re-plan never compounds the same evidence.

use chrono::{Days, NaiveDate};

use super::rule::{self, Action, Decision, RoutineDose};
use super::{PlanError, PlanOutcome, PlanRequest, Start, build_from};
use crate::assessment::Assessment;
use crate::assessment::answers::Answers;
use crate::assessment::triage::{FiredFlag, TriageTier};
use crate::evidence::SourceId;
use crate::knowledge::model::{Exercise, KnowledgeBase};
use crate::units::Meters;

/// One week of the stored plan, as the re-plan reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedWeek {
    /// Its first day.
    pub start: NaiveDate,
    /// Its target distance.
    pub target: Meters,
    /// Rounds of the progressing routine exercise (Warrior Pose).
    pub rounds: u8,
    /// Its reps per round.
    pub reps: u8,
}

/// Where the figures of this week come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standpoint {
    /// Week `number` (1-based) of the stored plan, which started on `plan_start`.
    PlanWeek {
        /// The week.
        number: u16,
        /// The stored plan's first day.
        plan_start: NaiveDate,
    },
    /// No stored plan week: the usual week from the answers.
    Answers,
}

/// Where the runner stands this week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// This week's distance.
    pub weekly: Meters,
    /// This week's dose of the progressing routine exercise.
    pub dose: RoutineDose,
    /// Where these come from.
    pub from: Standpoint,
}

/// What the re-plan is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplanRequest {
    /// Today: the new plan's first day.
    pub today: NaiveDate,
    /// Weeks, 1 to 52.
    pub weeks: u16,
    /// Cross-training days in any 30 (the knowledge base's default if `None`).
    pub cross_days_per_30: Option<u8>,
    /// The run day and decision the saved plan already applied, if it was
    /// itself a re-plan.
    pub applied: Option<(NaiveDate, Action)>,
    /// The runner's run days and long-run day (none chosen: the
    /// planner's own), kept by the re-plan as `plan` keeps them.
    pub run_days: super::schedule::RunDays,
    /// The runner's distance unit, in which the changes speak.
    pub units: crate::profile::Units,
}

impl ReplanRequest {
    /// The planner's request for the new plan: from today, for these
    /// weeks.
    fn plan_request(&self) -> PlanRequest {
        PlanRequest {
            start: self.today,
            weeks: self.weeks,
            cross_days_per_30: self.cross_days_per_30,
        }
    }
}

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The plan's dates.
    Start,
    /// The weekly running distance.
    WeeklyDistance,
    /// Rounds of the routine's progressing exercise.
    Rounds,
    /// Its reps per round.
    Reps,
    /// How hard the runs may be.
    Intensity,
    /// No plan at all: a red flag.
    Stop,
}

/// One change (or a figure kept on purpose), with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What it is about.
    pub kind: ChangeKind,
    /// The figure before, in words.
    pub from: String,
    /// The figure now, in words.
    pub to: String,
    /// Whether the figure moved (a kept figure is listed with its reason).
    pub changed: bool,
    /// The change and its reason, in words.
    pub text: String,
    /// Knowledge-base source IDs.
    pub sources: Vec<SourceId>,
}

/// A re-made plan, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct Replan {
    /// The decision applied.
    pub action: Action,
    /// The run day and the decision its pain gave, now applied (kept even
    /// when it was applied before and the plan is held); `None` when the
    /// decision rests on no run.
    pub applied: Option<(NaiveDate, Action)>,
    /// Why, in words (the decision's reasons).
    pub reasons: Vec<String>,
    /// Where the runner stood.
    pub standing: Standing,
    /// The new plan, or the instruction when a red flag stops it.
    pub outcome: PlanOutcome,
    /// The changes, each with its reason and sources.
    pub changes: Vec<Change>,
}

/// The routine exercise whose dose the rule moves: the first with a
/// progression of more than one step (Warrior Pose), else the first.
pub fn progressing_exercise(kb: &KnowledgeBase) -> Option<&Exercise> {
    let routine = || kb.routine.exercises.iter().filter_map(|id| kb.exercise(id));
    routine()
        .find(|e| e.progression.len() > 1)
        .or_else(|| routine().next())
}

/// Its most rounds and reps: the last progression step's sets, and the
/// knowledge base's reps (the rule takes reps off on a step back and gives
/// them back, never above the written dose).
fn max_dose(e: &Exercise) -> (u8, u16) {
    let rounds = e
        .progression
        .iter()
        .map(|s| s.sets)
        .chain([e.dose.sets])
        .max()
        .unwrap_or(e.dose.sets);
    (rounds, u16::from(e.dose.reps))
}

/// Where the runner stands on `today`: the stored plan's week holding
/// today (its first week before it starts, its last after it ends), or
/// the answers' usual week and the routine's first-week dose without one.
pub fn standing(
    kb: &KnowledgeBase,
    answers: &Answers,
    weeks: &[PlannedWeek],
    today: NaiveDate,
) -> Standing {
    let current = weeks
        .iter()
        .enumerate()
        .rev()
        .find(|(_, w)| w.start <= today)
        .or_else(|| weeks.iter().enumerate().next());
    match (current, weeks.first()) {
        (Some((index, week)), Some(first)) => Standing {
            weekly: week.target,
            dose: RoutineDose {
                rounds: week.rounds,
                reps: u16::from(week.reps),
            },
            from: Standpoint::PlanWeek {
                number: u16::try_from(index + 1).unwrap_or(u16::MAX),
                plan_start: first.start,
            },
        },
        _ => {
            let weekly = if answers.running.weekly_distance.0 == 0 {
                kb.plan.running.beginner_weekly
            } else {
                answers.running.weekly_distance
            };
            let dose = progressing_exercise(kb).map_or(RoutineDose { rounds: 1, reps: 1 }, |e| {
                let d = e.dose_in_week(1);
                RoutineDose {
                    rounds: d.sets,
                    reps: u16::from(d.reps),
                }
            });
            Standing {
                weekly,
                dose,
                from: Standpoint::Answers,
            }
        }
    }
}

/// The first plan week (1-based) whose progression gives at least
/// `rounds`; the last step's week if none does.
fn routine_week(e: &Exercise, rounds: u8) -> u16 {
    let last = e.progression.last().map_or(1, |s| s.from_week);
    (1..=last)
        .find(|w| e.dose_in_week(*w).sets >= rounds)
        .unwrap_or(last)
}

fn ids(sources: &[String]) -> Vec<SourceId> {
    sources.iter().cloned().map(SourceId).collect()
}

/// Re-plans from `request.today`: applies the decision (hold when there is
/// none yet) to where the runner stands, and builds the plan from there.
/// Red flags, from the answers' triage or from `red_flags` (log notes),
/// give `PlanOutcome::Blocked` with the most urgent flag's instruction.
pub fn replan(
    kb: &KnowledgeBase,
    answers: &Answers,
    assessment: &Assessment,
    decision: Option<&Decision>,
    red_flags: &[FiredFlag],
    weeks: &[PlannedWeek],
    request: ReplanRequest,
) -> Result<Replan, PlanError> {
    if !(1..=super::MAX_WEEKS).contains(&request.weeks) {
        return Err(PlanError::Weeks(request.weeks));
    }
    let standing = standing(kb, answers, weeks, request.today);
    let plan_request = request.plan_request();
    let no_decision;
    let decision = match decision {
        Some(d) if red_flags.is_empty() || d.action == Action::Stop => d,
        _ => {
            no_decision = rule::from_history(&[], red_flags).unwrap_or_else(|| Decision {
                action: Action::Hold,
                reasons: vec!["No pain logged during or after a run yet, so there is nothing to adapt to: this week's distance and routine are held. Log pain during or after your runs and the next morning.".to_owned()],
                sources: vec!["SILBERNAGEL-2007".to_owned()],
                run_day: None,
            });
            &no_decision
        }
    };
    let applied = decision
        .run_day
        .filter(|_| decision.action != Action::Stop)
        .map(|day| (day, decision.action));
    let repeat;
    let decision = match applied {
        Some((day, action)) if request.applied == applied && action != Action::Hold => {
            repeat = Decision {
                action: Action::Hold,
                reasons: vec![format!(
                    "Your saved plan already applies what your run of {} said ({}), so it is kept as it is until you log pain for another run.",
                    day.format("%a %-d %b"),
                    match action {
                        Action::Progress => "progress",
                        Action::StepBack => "step back",
                        Action::Hold | Action::Stop => "hold",
                    }
                )],
                sources: decision.sources.clone(),
                run_day: None,
            };
            &repeat
        }
        _ => decision,
    };
    if decision.action == Action::Stop || !assessment.triage.allows_plan() {
        return blocked(
            kb, answers, assessment, decision, red_flags, standing, request,
        );
    }
    let action = decision.action;
    let why = match decision.run_day {
        Some(day) => format!(
            "Why (your run of {}): {}",
            day.format("%a %-d %b"),
            decision.reasons.join(" ")
        ),
        None => format!("Why: {}", decision.reasons.join(" ")),
    };
    let mut changes = Vec::new();

    changes.push(start_change(&standing, request, &decision.sources));

    let cap = answers.caps.weekly_distance;
    let (uncapped, _) = rule::next_weekly_distance(action, standing.weekly, Meters(u32::MAX));
    let capped = cap.map_or(uncapped, |c| uncapped.min(c));
    // The plan builds to its target and holds there (plan::weekly_goal).
    let per_30 = request
        .cross_days_per_30
        .unwrap_or(kb.plan.cross_training.days_per_30_default);
    let (goal, _) = super::weekly_goal(
        kb,
        answers,
        super::planned_runs(kb, answers, per_30),
        request.units,
    );
    let weekly = capped.min(goal);
    let mut sources = ids(&decision.sources);
    let mut effect = match action {
        Action::Progress => {
            sources.push(SourceId("NIELSEN-2014".to_owned()));
            "up 10%, a cautious step well under the 30% two-week rise that went with injuries"
                .to_owned()
        }
        Action::Hold => "kept".to_owned(),
        Action::StepBack | Action::Stop => "down 20% until the pain settles".to_owned(),
    };
    if let Some(c) = cap.filter(|c| uncapped > *c) {
        sources.push(SourceId("SEED-DOCTOR".to_owned()));
        effect = format!(
            "{effect}, held at your doctor's limit of {}",
            request.units.distance(c)
        );
    }
    if capped > goal {
        sources.extend(kb.plan.limits.sources.iter().cloned());
        effect = format!(
            "{effect}, held at the plan's target of {} (give running.goal_weekly_km to change it)",
            request.units.distance(goal)
        );
    }
    changes.push(Change {
        kind: ChangeKind::WeeklyDistance,
        from: request.units.distance(standing.weekly),
        to: request.units.distance(weekly),
        // Whole 100 m, as the rule rounds.
        changed: weekly.0 / 100 != standing.weekly.0 / 100,
        text: format!(
            "Weekly distance {} -> {} ({effect}). {why}",
            request.units.distance(standing.weekly),
            request.units.distance(weekly)
        ),
        sources,
    });

    let mut start = Start {
        weekly: Some(weekly),
        easy_only: action == Action::StepBack,
        run_days: request.run_days,
        units: request.units,
        ..Start::default()
    };
    if let Some(exercise) = progressing_exercise(kb) {
        let (max_rounds, max_reps) = max_dose(exercise);
        let next = rule::next_routine(action, standing.dose, max_rounds, max_reps);
        let dose = RoutineDose {
            rounds: next.rounds.clamp(1, max_rounds.max(1)),
            reps: next.reps.clamp(1, max_reps.max(1)),
        };
        let reps = u8::try_from(dose.reps).unwrap_or(exercise.dose.reps);
        start.routine_shift = routine_week(exercise, dose.rounds).saturating_sub(1);
        start.reps = Some((exercise.id.clone(), reps));
        changes.extend(routine_changes(
            exercise,
            standing.dose,
            dose,
            action,
            &why,
            &decision.sources,
        ));
    }
    if action == Action::StepBack {
        let mut sources = ids(&decision.sources);
        if answers.caps.max_intensity.is_some() {
            sources.push(SourceId("SEED-DOCTOR".to_owned()));
        }
        changes.push(Change {
            kind: ChangeKind::Intensity,
            from: "as planned".to_owned(),
            to: "every run easy".to_owned(),
            changed: true,
            text: format!("Every run easy (no steady runs) until the pain settles. {why}"),
            sources,
        });
    }
    let outcome = build_from(kb, answers, assessment, plan_request, &start)?;
    Ok(Replan {
        action,
        applied,
        reasons: decision.reasons.clone(),
        standing,
        outcome,
        changes,
    })
}

fn start_change(standing: &Standing, request: ReplanRequest, sources: &[String]) -> Change {
    let end = request
        .today
        .checked_add_days(Days::new(u64::from(request.weeks) * 7 - 1))
        .unwrap_or(request.today);
    let from = match standing.from {
        Standpoint::PlanWeek { number, plan_start } => {
            format!("week {number} of the plan that started {plan_start}")
        }
        Standpoint::Answers => "your usual week, from your answers".to_owned(),
    };
    let to = format!("{} to {end}", request.today);
    Change {
        kind: ChangeKind::Start,
        text: format!(
            "Plan re-made from today, {}, for {} week(s), instead of continuing {from}: the pain-monitoring rule below is applied to where you stand now.",
            request.today.format("%a %-d %b %Y"),
            request.weeks
        ),
        from,
        to,
        changed: true,
        sources: ids(sources),
    }
}

fn routine_changes(
    exercise: &Exercise,
    before: RoutineDose,
    after: RoutineDose,
    action: Action,
    why: &str,
    sources: &[String],
) -> Vec<Change> {
    let mut sources = ids(sources);
    if action == Action::Progress {
        sources.push(SourceId("ACSM-2009".to_owned()));
    }
    let effect = |before: u16, after: u16| match after.cmp(&before) {
        std::cmp::Ordering::Greater => "up",
        std::cmp::Ordering::Less => "down",
        std::cmp::Ordering::Equal => "kept",
    };
    let rounds = (u16::from(before.rounds), u16::from(after.rounds));
    vec![
        Change {
            kind: ChangeKind::Rounds,
            from: before.rounds.to_string(),
            to: after.rounds.to_string(),
            changed: rounds.0 != rounds.1,
            text: format!(
                "{}: rounds {} -> {} ({}); later weeks follow the routine's progression from there. {why}",
                exercise.name,
                rounds.0,
                rounds.1,
                effect(rounds.0, rounds.1)
            ),
            sources: sources.clone(),
        },
        Change {
            kind: ChangeKind::Reps,
            from: before.reps.to_string(),
            to: after.reps.to_string(),
            changed: before.reps != after.reps,
            text: format!(
                "{}: reps per round {} -> {} ({}). {why}",
                exercise.name,
                before.reps,
                after.reps,
                effect(before.reps, after.reps)
            ),
            sources,
        },
    ]
}

fn blocked(
    kb: &KnowledgeBase,
    answers: &Answers,
    assessment: &Assessment,
    decision: &Decision,
    red_flags: &[FiredFlag],
    standing: Standing,
    request: ReplanRequest,
) -> Result<Replan, PlanError> {
    let units = request.units;
    let request = request.plan_request();
    // The answers' own red flags block through the ordinary planner.
    let outcome = build_from(kb, answers, assessment, request, &Start::default())?;
    let stop = super::blocked_by_flags(red_flags, assessment);
    let flags = stop.as_ref().map(|b| b.flags.clone()).unwrap_or_default();
    let outcome = match (outcome, stop) {
        (PlanOutcome::Blocked(b), _) if red_flags.is_empty() => PlanOutcome::Blocked(b),
        (_, Some(stop)) => PlanOutcome::Blocked(stop),
        (_, None) => PlanOutcome::Blocked(super::Blocked {
            tier: TriageTier::Urgent,
            instruction: "Stop running and see a doctor.".to_owned(),
            flags: Vec::new(),
        }),
    };
    let reason = match &outcome {
        _ if decision.action == Action::Stop => decision.reasons.join(" "),
        PlanOutcome::Blocked(b) => b.instruction.clone(),
        PlanOutcome::Ready(_) => String::new(),
    };
    let mut sources: Vec<String> = decision.sources.clone();
    for f in &flags {
        sources.extend(f.sources.iter().map(ToString::to_string));
    }
    sources.sort();
    sources.dedup();
    let changes = vec![Change {
        kind: ChangeKind::Stop,
        from: units.distance(standing.weekly),
        to: "no running".to_owned(),
        changed: true,
        text: format!("No runs and no routine until a clinician has seen you. {reason}"),
        sources: ids(&sources),
    }];
    Ok(Replan {
        action: Action::Stop,
        applied: None,
        reasons: decision.reasons.clone(),
        standing,
        outcome,
        changes,
    })
}
