//! Saved plans and assessments at the edge: core's results as the store's
//! typed records ([`plan_record`], [`assessment_record`]; core derives no
//! serde), and what the commands read back from a saved plan, typed: the
//! weeks `plan --adapt` starts from ([`saved_weeks`]), the sessions a
//! calendar already holds ([`previous_sessions`]), whether a plan runs
//! ([`running`]). The report JSON is an output format only; nothing reads
//! it back.

use backstride_core::assessment::Assessment;
use backstride_core::assessment::answers::{DoctorCaps, Intensity};
use backstride_core::assessment::triage::FiredFlag;
use backstride_core::evidence::{Evidence, SourceId};
use backstride_core::insights::adapt::Action;
use backstride_core::plan::adapt::PlannedWeek;
use backstride_core::plan::routine::RoutineItem;
use backstride_core::plan::{NoticeKind, Plan, PlanOutcome, PlanRequest, RunKind, Session};
use backstride_core::units::Meters;
use backstride_formats::ical;
use backstride_store::saved::assessment::{
    AssessmentRecord, CauseRecord, FlagRecord, ReasonRecord, RecommendationRecord, TriageRecord,
};
use backstride_store::saved::plan::{
    ActionRecord, AppliedRecord, BlockedRecord, CapsRecord, DayRecord, DoseRecord,
    EvidenceRecord, IntensityRecord, NoticeKindRecord, NoticeRecord, PlanOutcomeRecord,
    PlanRecord, PlanRequestRecord, ReadyPlanRecord, RunKindRecord, SessionRecord,
    SubstituteRecord, WeekRecord,
};
use chrono::{Days, NaiveDate};

use crate::answers_file::vocab;

fn ids(sources: &[SourceId]) -> Vec<String> {
    sources.iter().map(|s| s.0.clone()).collect()
}

fn evidence(e: &Evidence) -> EvidenceRecord {
    EvidenceRecord {
        level: e.level.name().to_owned(),
        verdict: e.verdict.name().to_owned(),
        note: e.note.clone(),
    }
}

fn flag(f: &FiredFlag, from_note: bool) -> FlagRecord {
    FlagRecord {
        id: f.id.clone(),
        suggests: f.suggests.clone(),
        because: f.because.clone(),
        asked: f.asked,
        from_note,
        tier: f.tier.name().to_owned(),
        combined: f.combined,
        action: f.action.clone(),
        sources: ids(&f.sources),
    }
}

/// An assessment as the store keeps it.
pub fn assessment_record(a: &Assessment) -> AssessmentRecord {
    AssessmentRecord {
        triage: TriageRecord {
            tier: a.triage.tier.name().to_owned(),
            allows_plan: a.triage.allows_plan(),
            instruction: a.triage.instruction().map(str::to_owned),
            flags: a.triage.fired.iter().map(|f| flag(f, false)).collect(),
        },
        causes: a
            .causes
            .iter()
            .map(|c| CauseRecord {
                id: c.id.clone(),
                name: c.name.clone(),
                score: c.score,
                share_pct: c.share_pct,
                reasons: c
                    .reasons
                    .iter()
                    .map(|r| ReasonRecord {
                        signal: r.signal.name().to_owned(),
                        weight: r.weight,
                        why: r.why.clone(),
                    })
                    .collect(),
                sources: ids(&c.sources),
                evidence: evidence(&c.evidence),
            })
            .collect(),
        recommendations: a
            .recommendations
            .iter()
            .map(|r| RecommendationRecord {
                id: r.id.clone(),
                name: r.name.clone(),
                because: r.because.clone(),
                sources: ids(&r.sources),
                evidence: evidence(&r.evidence),
            })
            .collect(),
        signals: a.signals.iter().map(|s| s.name().to_owned()).collect(),
        from_report: false,
    }
}

fn intensity(i: Intensity) -> IntensityRecord {
    match i {
        Intensity::Easy => IntensityRecord::Easy,
        Intensity::Steady => IntensityRecord::Steady,
    }
}

/// A decision as the store keeps it.
pub fn action_record(a: Action) -> ActionRecord {
    match a {
        Action::Progress => ActionRecord::Progress,
        Action::Hold => ActionRecord::Hold,
        Action::StepBack => ActionRecord::StepBack,
        Action::Stop => ActionRecord::Stop,
    }
}

/// A decision from the store.
pub fn action_of(a: ActionRecord) -> Action {
    match a {
        ActionRecord::Progress => Action::Progress,
        ActionRecord::Hold => Action::Hold,
        ActionRecord::StepBack => Action::StepBack,
        ActionRecord::Stop => Action::Stop,
    }
}

fn notice_kind(kind: NoticeKind) -> NoticeKindRecord {
    match kind {
        NoticeKind::Doctor => NoticeKindRecord::Doctor,
        NoticeKind::Cap => NoticeKindRecord::Cap,
        NoticeKind::Brace => NoticeKindRecord::Brace,
        NoticeKind::Substitute => NoticeKindRecord::Substitute,
        NoticeKind::CrossTraining => NoticeKindRecord::CrossTraining,
        NoticeKind::Pain => NoticeKindRecord::Pain,
        NoticeKind::Watch => NoticeKindRecord::Watch,
        NoticeKind::Evidence => NoticeKindRecord::Evidence,
        NoticeKind::Goal => NoticeKindRecord::Goal,
    }
}

fn doses(items: &[RoutineItem]) -> Vec<DoseRecord> {
    items
        .iter()
        .map(|i| DoseRecord {
            exercise_id: i.exercise_id.clone(),
            name: i.name.clone(),
            sets: i.sets,
            reps: i.reps,
            per_side: i.per_side,
            hold_s: i.hold_s,
            at_least: i.at_least,
            dose: i.dose_text(),
            substitutes: i.replaces.as_ref().map(|r| SubstituteRecord {
                exercise_id: Some(r.exercise_id.clone()),
                name: r.name.clone(),
                missing: r
                    .missing
                    .iter()
                    .map(|e| vocab::name_of(vocab::EQUIPMENT, *e).to_owned())
                    .collect(),
            }),
            sources: ids(&i.sources),
            evidence: Some(evidence(&i.evidence)),
        })
        .collect()
}

fn ready(plan: &Plan) -> ReadyPlanRecord {
    ReadyPlanRecord {
        start: plan.start,
        end: plan.end,
        goal_m: Some(plan.goal.0),
        cross_days_per_30: plan.cross_days_per_30,
        routine_name: plan.routine_name.clone(),
        routine_when: plan.routine_when.clone(),
        notices: plan
            .notices
            .iter()
            .map(|n| NoticeRecord {
                kind: notice_kind(n.kind),
                text: n.text.clone(),
                sources: ids(&n.sources),
            })
            .collect(),
        weeks: plan
            .weeks
            .iter()
            .map(|w| WeekRecord {
                number: w.number,
                start: w.start,
                target_m: w.target.0,
                scheduled_m: w.scheduled.0,
                runs: w.runs,
                cross_sessions: w.cross_sessions,
                lighter: w.lighter,
                capped: w.capped,
                routine_rounds: w.routine_sets,
            })
            .collect(),
        days: plan
            .days
            .iter()
            .map(|d| DayRecord {
                date: d.date,
                week: d.week,
                title: d.session.title(),
                session: match &d.session {
                    Session::Run(r) => SessionRecord::Run {
                        kind: match r.kind {
                            RunKind::Easy => RunKindRecord::Easy,
                            RunKind::Steady => RunKindRecord::Steady,
                            RunKind::Long => RunKindRecord::Long,
                        },
                        intensity: intensity(r.intensity),
                        distance_m: r.distance.0,
                        est_minutes: r.est_minutes,
                        brace: r.brace,
                        routine: doses(&r.routine),
                    },
                    Session::CrossTrain(c) => SessionRecord::CrossTrain {
                        activity: c.activity.clone(),
                        minutes: c.minutes,
                        routine: doses(&c.routine),
                    },
                },
            })
            .collect(),
        sources: plan.sources.iter().map(|s| s.0.clone()).collect(),
        running_evidence: Some(evidence(&plan.running_evidence)),
        cross_training_evidence: Some(evidence(&plan.cross_training_evidence)),
    }
}

/// A plan outcome as the store keeps it: `request` as asked (a re-plan's
/// start is its day), the caps the planner was given, the decision a
/// re-plan applied, and which red flags came from log notes.
pub fn plan_record(
    outcome: &PlanOutcome,
    request: PlanRequest,
    caps: &DoctorCaps,
    applied: Option<(NaiveDate, Action)>,
    note_flags: &[FiredFlag],
) -> PlanRecord {
    let outcome = match outcome {
        PlanOutcome::Ready(plan) => PlanOutcomeRecord::Ready(Box::new(ready(plan))),
        PlanOutcome::Blocked(b) => PlanOutcomeRecord::Blocked(BlockedRecord {
            tier: b.tier.name().to_owned(),
            instruction: b.instruction.clone(),
            flags: b
                .flags
                .iter()
                .map(|f| flag(f, note_flags.iter().any(|n| n.id == f.id)))
                .collect(),
        }),
    };
    PlanRecord {
        request: PlanRequestRecord {
            start: request.start,
            weeks: request.weeks,
            cross_days_per_30: request.cross_days_per_30,
            caps: Some(CapsRecord {
                weekly_m: caps.weekly_distance.map(|m| m.0),
                max_intensity: caps.max_intensity.map(intensity),
                runs_per_week: caps.runs_per_week,
            }),
        },
        applied: applied.map(|(run_day, action)| AppliedRecord {
            run_day,
            action: action_record(action),
        }),
        outcome,
        from_report: false,
    }
}

/// What a saved plan says about its weeks, for `plan --adapt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedWeeks {
    /// Its weeks (none when the saved plan was blocked).
    pub weeks: Vec<PlannedWeek>,
    /// Its cross-training dose, when it was a ready plan.
    pub cross_days_per_30: Option<u8>,
    /// The run day and decision it already applied, when it was a re-plan.
    pub applied: Option<(NaiveDate, Action)>,
}

/// The weeks of a saved plan: each week's start, target and rounds, and
/// the reps of `exercise_id` on its days (`default_reps` when a week has
/// none). A blocked plan has no weeks (and applied nothing).
pub fn saved_weeks(plan: &PlanRecord, exercise_id: &str, default_reps: u8) -> SavedWeeks {
    let Some(ready) = plan.ready() else {
        return SavedWeeks {
            weeks: Vec::new(),
            cross_days_per_30: None,
            applied: None,
        };
    };
    let weeks = ready
        .weeks
        .iter()
        .map(|w| {
            let reps = ready
                .days
                .iter()
                .filter(|d| d.week == w.number)
                .flat_map(|d| d.session.routine())
                .find(|i| i.exercise_id == exercise_id)
                .map_or(default_reps, |i| i.reps);
            PlannedWeek {
                start: w.start,
                target: Meters(w.target_m),
                rounds: w.routine_rounds,
                reps,
            }
        })
        .collect();
    SavedWeeks {
        weeks,
        cross_days_per_30: Some(ready.cross_days_per_30),
        applied: plan.applied.map(|a| (a.run_day, action_of(a.action))),
    }
}

/// The sessions of a saved plan as a calendar exported from it holds them
/// (their titles and doses as they were then); none for a blocked plan.
pub fn previous_sessions(plan: &PlanRecord) -> Vec<ical::PreviousSession> {
    let Some(ready) = plan.ready() else {
        return Vec::new();
    };
    ready
        .days
        .iter()
        // A converted report without a day's title: nothing to match.
        .filter(|d| !d.title.is_empty())
        .map(|d| {
            let kind = match d.session {
                SessionRecord::Run { .. } => "run",
                SessionRecord::CrossTrain { .. } => "cross",
            };
            let routine = d
                .session
                .routine()
                .iter()
                .map(|i| (i.exercise_id.as_str(), i.dose.as_str()));
            ical::PreviousSession {
                date: d.date,
                kind: kind.to_owned(),
                fingerprint: ical::fingerprint(&d.title, routine),
                title: d.title.clone(),
            }
        })
        .collect()
}

/// Whether a saved plan is a ready plan that has not ended by `today`
/// (its request's start plus its weeks).
pub fn running(plan: &PlanRecord, today: NaiveDate) -> bool {
    let end = plan
        .request
        .start
        .checked_add_days(Days::new(u64::from(plan.request.weeks) * 7));
    plan.ready().is_some() && end.is_some_and(|e| today < e)
}
