//! Builds the report views from the domain's results.

use std::collections::BTreeSet;

use backstride_core::DISCLAIMER;
use backstride_core::assessment::Assessment;
use backstride_core::assessment::from_data::{LoadEvidence, LoadExposure, LoadSign};
use backstride_core::assessment::triage::FiredFlag;
use backstride_core::evidence::{Evidence, SourceId};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::adapt::{ChangeKind, Replan, Standpoint};
use backstride_core::plan::routine::RoutineItem;
use backstride_core::plan::rule::Action;
use backstride_core::plan::{NoticeKind, Plan, PlanOutcome, RunKind, Session};
use backstride_core::profile::Units;
use chrono::NaiveDate;

use super::dto::*;

fn ids(sources: &[SourceId], cited: &mut BTreeSet<SourceId>) -> Vec<String> {
    cited.extend(sources.iter().cloned());
    sources.iter().map(|s| s.0.clone()).collect()
}

/// A piece of the runner's own data behind a cause, as the report shows it.
fn data_view(d: &LoadEvidence, cited: &mut BTreeSet<SourceId>) -> DataEvidenceView {
    let mut v = DataEvidenceView {
        kind: String::new(),
        exposure: None,
        lag_days: None,
        difference: None,
        interval: None,
        p_holm: None,
        pct: None,
        ratio: None,
        said: d.said.clone(),
        strength: d.strength.clone(),
        sources: ids(&d.sources, cited),
    };
    match &d.sign {
        LoadSign::PainWith {
            exposure,
            lag_days,
            difference,
            ci,
            p_holm,
            ..
        } => {
            v.kind = "pain-with".to_owned();
            v.exposure = Some(
                match exposure {
                    LoadExposure::LoadSpike => "load-spike",
                    LoadExposure::LongRun => "long-run",
                    LoadExposure::HardSession => "hard-session",
                }
                .to_owned(),
            );
            v.lag_days = Some(*lag_days);
            v.difference = Some(*difference);
            v.interval = *ci;
            v.p_holm = Some(*p_holm);
        }
        LoadSign::DistanceJump { pct } => {
            v.kind = "distance-jump".to_owned();
            v.pct = Some(*pct);
        }
        LoadSign::LoadSpike { ratio } => {
            v.kind = "load-spike".to_owned();
            v.ratio = Some(*ratio);
        }
    }
    v
}

fn evidence(e: &Evidence) -> EvidenceView {
    EvidenceView {
        level: e.level.name().to_owned(),
        verdict: e.verdict.name().to_owned(),
        note: e.note.clone(),
        caveat: e.verdict.needs_caveat(),
    }
}

/// Builds a report from an assessment and, optionally, a plan outcome.
pub fn report(
    kb: &KnowledgeBase,
    assessment: &Assessment,
    plan: Option<&PlanOutcome>,
    today: NaiveDate,
) -> Report {
    let mut cited = BTreeSet::new();
    let assessment_view = assessment_view(assessment, &mut cited);
    finish(kb, assessment_view, None, plan, today, cited, Units::Km)
}

/// Builds the report of `backstride plan`: as [`report`], with red flags
/// from log notes written since the latest assessment in the triage.
pub fn plan_report(
    kb: &KnowledgeBase,
    assessment: &Assessment,
    outcome: &PlanOutcome,
    note_flags: &[FiredFlag],
    today: NaiveDate,
    units: Units,
) -> Report {
    let mut cited = BTreeSet::new();
    let mut view = assessment_view(assessment, &mut cited);
    add_note_flags(&mut view, note_flags, outcome, &mut cited);
    finish(kb, view, None, Some(outcome), today, cited, units)
}

/// The report of a `plan` that waits for the red-flag questions: the
/// assessment as usual, and in place of a plan what to answer and why.
pub fn check_due_report(
    kb: &KnowledgeBase,
    assessment: &Assessment,
    reasons: &[String],
    to_ask: &[String],
    today: NaiveDate,
) -> Report {
    let mut cited = BTreeSet::new();
    let view = assessment_view(assessment, &mut cited);
    let mut report = finish(kb, view, None, None, today, cited, Units::Km);
    report.plan = Some(PlanView::CheckDue(CheckDueView {
        instruction: "Answer the red-flag questions again first: run `backstride check`."
            .to_owned(),
        reasons: reasons.to_vec(),
        to_ask: to_ask.to_vec(),
    }));
    report
}

/// Puts red flags from log notes first in the triage; when they stopped
/// the plan, the triage says so and the causes and exercises are held back
/// as the answers' own flags would hold them.
fn add_note_flags(
    view: &mut AssessmentView,
    note_flags: &[FiredFlag],
    outcome: &PlanOutcome,
    cited: &mut BTreeSet<SourceId>,
) {
    if note_flags.is_empty() {
        return;
    }
    let mut flags: Vec<FlagView> = note_flags
        .iter()
        .map(|f| flag_view(f, true, cited))
        .collect();
    flags.append(&mut view.triage.flags);
    let t = &mut view.triage;
    t.flags = flags;
    if let PlanOutcome::Blocked(b) = outcome {
        t.tier = b.tier.name().to_owned();
        t.allows_plan = false;
        t.instruction = Some(b.instruction.clone());
    }
    view.recommendations.clear();
}

/// Builds the report of `backstride plan --adapt`: the changes first, and
/// red flags from log notes in the triage (holding back causes and
/// exercises as the answers' own flags would).
pub fn adapted_report(
    kb: &KnowledgeBase,
    assessment: &Assessment,
    replan: &Replan,
    note_flags: &[FiredFlag],
    today: NaiveDate,
    units: Units,
) -> Report {
    let mut cited = BTreeSet::new();
    let mut view = assessment_view(assessment, &mut cited);
    add_note_flags(&mut view, note_flags, &replan.outcome, &mut cited);
    let adaptation = AdaptationView {
        action: action_name(replan.action).to_owned(),
        reasons: replan.reasons.clone(),
        based_on: match replan.standing.from {
            Standpoint::PlanWeek { number, plan_start } => {
                format!("week {number} of the plan that started {plan_start}")
            }
            Standpoint::Answers => "your answers (the saved plan has no weeks)".to_owned(),
        },
        applied: replan.applied.map(|(run_day, action)| AppliedView {
            run_day,
            action: action_name(action).to_owned(),
        }),
        changes: replan
            .changes
            .iter()
            .map(|c| ChangeView {
                kind: change_kind(c.kind).to_owned(),
                from: c.from.clone(),
                to: c.to.clone(),
                changed: c.changed,
                text: c.text.clone(),
                sources: ids(&c.sources, &mut cited),
            })
            .collect(),
    };
    finish(
        kb,
        view,
        Some(adaptation),
        Some(&replan.outcome),
        today,
        cited,
        units,
    )
}

/// The wire name of a decision.
pub fn action_name(action: Action) -> &'static str {
    match action {
        Action::Progress => "progress",
        Action::Hold => "hold",
        Action::StepBack => "step-back",
        Action::Stop => "stop",
    }
}

fn change_kind(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Start => "start",
        ChangeKind::WeeklyDistance => "weekly-distance",
        ChangeKind::Rounds => "rounds",
        ChangeKind::Reps => "reps",
        ChangeKind::Intensity => "intensity",
        ChangeKind::Stop => "stop",
    }
}

fn finish(
    kb: &KnowledgeBase,
    assessment_view: AssessmentView,
    adaptation: Option<AdaptationView>,
    plan: Option<&PlanOutcome>,
    today: NaiveDate,
    mut cited: BTreeSet<SourceId>,
    units: Units,
) -> Report {
    let plan = plan.map(|p| match p {
        PlanOutcome::Ready(plan) => {
            PlanView::Ready(Box::new(ready_view(kb, plan, &mut cited, units)))
        }
        PlanOutcome::Blocked(b) => PlanView::Blocked(BlockedView {
            tier: b.tier.name().to_owned(),
            instruction: b.instruction.clone(),
        }),
    });
    let sources = cited
        .iter()
        .filter_map(|id| kb.source(id))
        .map(|s| SourceView {
            id: s.id.0.clone(),
            title: s.title.clone(),
            citation: s.citation.clone(),
            url: s.url.clone(),
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        generated_on: today,
        disclaimer: DISCLAIMER.to_owned(),
        assessment: assessment_view,
        adaptation,
        plan,
        sources,
    }
}

fn assessment_view(a: &Assessment, cited: &mut BTreeSet<SourceId>) -> AssessmentView {
    let flags = a
        .triage
        .fired
        .iter()
        .map(|f| flag_view(f, false, cited))
        .collect();
    AssessmentView {
        triage: TriageView {
            tier: a.triage.tier.name().to_owned(),
            allows_plan: a.triage.allows_plan(),
            instruction: if a.triage.allows_plan() {
                None
            } else {
                a.triage.instruction().map(str::to_owned)
            },
            flags,
        },
        causes: a
            .causes
            .iter()
            .map(|c| CauseView {
                id: c.id.clone(),
                name: c.name.clone(),
                summary: c.summary.clone(),
                score: c.score,
                share_pct: c.share_pct,
                reasons: c
                    .reasons
                    .iter()
                    .map(|r| ReasonView {
                        signal: r.signal.name().to_owned(),
                        weight: r.weight,
                        why: r.why.clone(),
                    })
                    .collect(),
                sources: ids(&c.sources, cited),
                evidence: evidence(&c.evidence),
                from_data: c.from_data.iter().map(|d| data_view(d, cited)).collect(),
            })
            .collect(),
        recommendations: a
            .recommendations
            .iter()
            .map(|r| RecommendationView {
                id: r.id.clone(),
                name: r.name.clone(),
                summary: r.summary.clone(),
                because: r.because.clone(),
                sources: ids(&r.sources, cited),
                evidence: evidence(&r.evidence),
            })
            .collect(),
        core_tests: a
            .core_tests
            .iter()
            .map(|t| CoreTestView {
                test: t.test.id().to_owned(),
                name: t.test.name().to_owned(),
                seconds: t.seconds,
                low_below_s: t.low_below_s,
                low: t.low,
                basis: t.basis.clone(),
                outside_reference_ages: t.outside_reference_ages,
                sources: ids(&t.sources, cited),
            })
            .collect(),
        ratios: a
            .ratios
            .iter()
            .map(|r| RatioView {
                id: r.id.clone(),
                value: (r.value * 100.0).round() / 100.0,
                min: r.min,
                max: r.max,
                off_target: r.off_target,
                basis: r.basis.clone(),
                sources: ids(&r.sources, cited),
            })
            .collect(),
        signals: a.signals.iter().map(|s| s.name().to_owned()).collect(),
    }
}

fn flag_view(f: &FiredFlag, from_note: bool, cited: &mut BTreeSet<SourceId>) -> FlagView {
    FlagView {
        id: f.id.clone(),
        suggests: f.suggests.clone(),
        because: f.because.clone(),
        asked: f.asked,
        from_note,
        tier: f.tier.name().to_owned(),
        combined: f.combined,
        action: f.action.clone(),
        sources: ids(&f.sources, cited),
    }
}

fn notice_kind(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Doctor => "doctor",
        NoticeKind::Cap => "cap",
        NoticeKind::Brace => "brace",
        NoticeKind::Substitute => "substitute",
        NoticeKind::CrossTraining => "cross-training",
        NoticeKind::Pain => "pain",
        NoticeKind::Watch => "watch",
        NoticeKind::Evidence => "evidence",
        NoticeKind::Goal => "goal",
        NoticeKind::History => "history",
        NoticeKind::Event => "event",
    }
}

fn routine_view(items: &[RoutineItem], cited: &mut BTreeSet<SourceId>) -> Vec<RoutineItemView> {
    items
        .iter()
        .map(|i| RoutineItemView {
            exercise_id: i.exercise_id.clone(),
            name: i.name.clone(),
            sets: i.sets,
            reps: i.reps,
            per_side: i.per_side,
            hold_s: i.hold_s,
            at_least: i.at_least,
            dose: i.dose_text(),
            replaces: i.replaces.as_ref().map(|r| r.name.clone()),
            sources: ids(&i.sources, cited),
        })
        .collect()
}

fn km(m: backstride_core::units::Meters) -> f64 {
    (m.km() * 10.0).round() / 10.0
}

/// The steps of every exercise the plan prescribes, once each, in the
/// order they first appear.
fn exercise_guide(
    kb: &KnowledgeBase,
    plan: &Plan,
    cited: &mut BTreeSet<SourceId>,
) -> Vec<ExerciseGuideView> {
    let mut seen = BTreeSet::new();
    let mut guide = Vec::new();
    for item in plan.days.iter().flat_map(|d| d.session.routine()) {
        if !seen.insert(item.exercise_id.as_str()) {
            continue;
        }
        if let Some(e) = kb.exercise(&item.exercise_id) {
            guide.push(ExerciseGuideView {
                exercise_id: e.id.clone(),
                name: e.name.clone(),
                purpose: e.purpose.clone(),
                steps: e.how.clone(),
                sources: ids(&e.sources, cited),
            });
        }
    }
    guide
}

/// A ready plan as the report and the pages show it.
pub fn ready_plan_view(kb: &KnowledgeBase, plan: &Plan, units: Units) -> ReadyPlanView {
    ready_view(kb, plan, &mut BTreeSet::new(), units)
}

fn ready_view(
    kb: &KnowledgeBase,
    plan: &Plan,
    cited: &mut BTreeSet<SourceId>,
    units: Units,
) -> ReadyPlanView {
    cited.extend(plan.sources.iter().cloned());
    let exercises = exercise_guide(kb, plan, cited);
    ReadyPlanView {
        units: units.name().to_owned(),
        exercises,
        start: plan.start,
        end: plan.end,
        cross_days_per_30: plan.cross_days_per_30,
        routine_name: plan.routine_name.clone(),
        routine_when: plan.routine_when.clone(),
        notices: plan
            .notices
            .iter()
            .map(|n| NoticeView {
                kind: notice_kind(n.kind).to_owned(),
                text: n.text.clone(),
                sources: ids(&n.sources, cited),
            })
            .collect(),
        weeks: plan
            .weeks
            .iter()
            .map(|w| WeekView {
                number: w.number,
                start: w.start,
                target_km: km(w.target),
                scheduled_km: km(w.scheduled),
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
            .map(|d| DayView {
                date: d.date,
                week: d.week,
                title: d.session.title_in(units),
                session: match &d.session {
                    Session::Run(r) => SessionView::Run {
                        kind: match r.kind {
                            RunKind::Easy => "easy",
                            RunKind::Steady => "steady",
                            RunKind::Long => "long",
                        }
                        .to_owned(),
                        intensity: r.intensity.name().to_owned(),
                        distance_km: km(r.distance),
                        est_minutes: r.est_minutes,
                        brace: r.brace,
                        routine: routine_view(&r.routine, cited),
                    },
                    Session::CrossTrain(c) => SessionView::CrossTrain {
                        activity: c.activity.clone(),
                        minutes: c.minutes,
                        routine: routine_view(&c.routine, cited),
                    },
                },
            })
            .collect(),
        running_evidence: evidence(&plan.running_evidence),
        cross_training_evidence: evidence(&plan.cross_training_evidence),
    }
}
