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
use backstride_core::evidence::{Evidence, EvidenceLevel, SourceId, Verdict};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::adapt::PlannedWeek;
use backstride_core::plan::routine::{RoutineItem, Substitution};
use backstride_core::plan::rule::Action;
use backstride_core::plan::{
    CrossSession, Notice, NoticeKind, Plan, PlanDay, PlanOutcome, PlanRequest, PlanWeek, RunKind,
    RunSession, Session,
};
use backstride_core::units::Meters;
use backstride_formats::ical;
use backstride_store::saved::assessment::{
    AssessmentRecord, CauseRecord, FlagRecord, ReasonRecord, RecommendationRecord, TriageRecord,
};
use backstride_store::saved::plan::{
    ActionRecord, AppliedRecord, BlockedRecord, CapsRecord, DayRecord, DoseRecord, EvidenceRecord,
    IntensityRecord, NoticeKindRecord, NoticeRecord, PlanOutcomeRecord, PlanRecord,
    PlanRequestRecord, ReadyPlanRecord, RunKindRecord, SessionRecord, SubstituteRecord, WeekRecord,
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
        NoticeKind::History => NoticeKindRecord::History,
        NoticeKind::Event => NoticeKindRecord::Event,
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

/// A saved ready plan as core's plan again: the calendar and the pages
/// read it as the planner made it. What a plan converted from an older
/// report does not hold (evidence) is taken from the knowledge base.
pub fn plan_of(kb: &KnowledgeBase, r: &ReadyPlanRecord) -> Plan {
    let running_evidence = r
        .running_evidence
        .as_ref()
        .and_then(evidence_of)
        .unwrap_or_else(|| kb.plan.running.evidence.clone());
    let cross_training_evidence = r
        .cross_training_evidence
        .as_ref()
        .and_then(evidence_of)
        .unwrap_or_else(|| kb.plan.cross_training.evidence.clone());
    let items = |doses: &[DoseRecord]| -> Vec<RoutineItem> {
        doses
            .iter()
            .map(|d| RoutineItem {
                exercise_id: d.exercise_id.clone(),
                name: d.name.clone(),
                sets: d.sets,
                reps: d.reps,
                per_side: d.per_side,
                hold_s: d.hold_s,
                at_least: d.at_least,
                replaces: d.substitutes.as_ref().map(|s| Substitution {
                    exercise_id: s.exercise_id.clone().unwrap_or_default(),
                    name: s.name.clone(),
                    missing: s
                        .missing
                        .iter()
                        .filter_map(|m| {
                            vocab::EQUIPMENT
                                .iter()
                                .find(|(n, _)| n == m)
                                .map(|(_, e)| *e)
                        })
                        .collect(),
                }),
                sources: d.sources.iter().cloned().map(SourceId).collect(),
                evidence: d
                    .evidence
                    .as_ref()
                    .and_then(evidence_of)
                    .unwrap_or_else(|| {
                        kb.exercise(&d.exercise_id)
                            .map_or_else(|| running_evidence.clone(), |e| e.evidence.clone())
                    }),
            })
            .collect()
    };
    let days = r
        .days
        .iter()
        .map(|d| PlanDay {
            date: d.date,
            week: d.week,
            session: match &d.session {
                SessionRecord::Run {
                    kind,
                    intensity,
                    distance_m,
                    est_minutes,
                    brace,
                    routine,
                } => Session::Run(RunSession {
                    kind: match kind {
                        RunKindRecord::Easy => RunKind::Easy,
                        RunKindRecord::Steady => RunKind::Steady,
                        RunKindRecord::Long => RunKind::Long,
                    },
                    intensity: match intensity {
                        IntensityRecord::Easy => Intensity::Easy,
                        IntensityRecord::Steady => Intensity::Steady,
                    },
                    distance: Meters(*distance_m),
                    est_minutes: *est_minutes,
                    routine: items(routine),
                    brace: *brace,
                }),
                SessionRecord::CrossTrain {
                    activity,
                    minutes,
                    routine,
                } => Session::CrossTrain(CrossSession {
                    activity: activity.clone(),
                    minutes: *minutes,
                    routine: items(routine),
                }),
            },
        })
        .collect();
    let weeks: Vec<PlanWeek> = r
        .weeks
        .iter()
        .map(|w| PlanWeek {
            number: w.number,
            start: w.start,
            target: Meters(w.target_m),
            scheduled: Meters(w.scheduled_m),
            runs: w.runs,
            cross_sessions: w.cross_sessions,
            lighter: w.lighter,
            capped: w.capped,
            routine_sets: w.routine_rounds,
        })
        .collect();
    Plan {
        start: r.start,
        end: r.end,
        goal: r.goal_m.map_or_else(
            || weeks.iter().map(|w| w.target).max().unwrap_or(Meters(0)),
            Meters,
        ),
        weeks,
        days,
        cross_days_per_30: r.cross_days_per_30,
        routine_name: r.routine_name.clone(),
        routine_when: r.routine_when.clone(),
        notices: r
            .notices
            .iter()
            .map(|n| Notice {
                kind: match n.kind {
                    NoticeKindRecord::Doctor => NoticeKind::Doctor,
                    NoticeKindRecord::Cap => NoticeKind::Cap,
                    NoticeKindRecord::Brace => NoticeKind::Brace,
                    NoticeKindRecord::Substitute => NoticeKind::Substitute,
                    NoticeKindRecord::CrossTraining => NoticeKind::CrossTraining,
                    NoticeKindRecord::Pain => NoticeKind::Pain,
                    NoticeKindRecord::Watch => NoticeKind::Watch,
                    NoticeKindRecord::Evidence => NoticeKind::Evidence,
                    NoticeKindRecord::Goal => NoticeKind::Goal,
                    NoticeKindRecord::History => NoticeKind::History,
                    NoticeKindRecord::Event => NoticeKind::Event,
                },
                text: n.text.clone(),
                sources: n.sources.iter().cloned().map(SourceId).collect(),
            })
            .collect(),
        running_evidence,
        cross_training_evidence,
        sources: r.sources.iter().cloned().map(SourceId).collect(),
    }
}

fn evidence_of(e: &EvidenceRecord) -> Option<Evidence> {
    Some(Evidence {
        level: EvidenceLevel::parse(&e.level)?,
        verdict: Verdict::parse(&e.verdict)?,
        note: e.note.clone(),
    })
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

#[cfg(test)]
mod tests {
    //! The round trip: a plan core builds from arbitrary valid answers,
    //! converted, saved in SQLite and read back, gives every reader what
    //! core's plan itself says.

    use std::collections::{BTreeMap, BTreeSet};

    use backstride_core::assessment::answers::{
        Answers, BackHistory, CoreTests, CurrentRunning, Noticed, PainTiming, Trend,
    };
    use backstride_core::assessment::assess;
    use backstride_core::history::PlannedRoutine;
    use backstride_core::knowledge::KnowledgeBase;
    use backstride_core::plan::adapt::progressing_exercise;
    use backstride_core::plan::build;
    use backstride_core::profile::{Equipment, Region, Sex};
    use backstride_core::units::Nrs;
    use backstride_store::{Saved, Store};
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::embedded().unwrap_or_else(|e| panic!("knowledge base: {e}"))
    }

    fn subset<T: Ord + Clone + std::fmt::Debug + 'static>(
        items: Vec<T>,
    ) -> impl Strategy<Value = BTreeSet<T>> {
        proptest::sample::subsequence(items.clone(), 0..=items.len())
            .prop_map(|v| v.into_iter().collect())
    }

    fn any_action() -> impl Strategy<Value = Action> {
        prop_oneof![
            Just(Action::Progress),
            Just(Action::Hold),
            Just(Action::StepBack),
            Just(Action::Stop)
        ]
    }

    prop_compose! {
        fn any_answers(flag_ids: Vec<String>)(
            age in 12u8..=100,
            sex in prop_oneof![Just(Sex::Female), Just(Sex::Male), Just(Sex::Unspecified)],
            regions in subset(vec![Region::LowerBack, Region::UpperBack, Region::Neck, Region::Other]),
            now in 0i64..=10,
            timing in subset(vec![PainTiming::EarlyInRun, PainTiming::AfterRun, PainTiming::NextMorning, PainTiming::AtNight]),
            weeks in 0u16..=60,
            trend in prop_oneof![Just(Trend::Improving), Just(Trend::Same), Just(Trend::Worse)],
            noticed in subset(vec![Noticed::HeadLeading, Noticed::ArmsTucked, Noticed::Slumping]),
            cap_m in proptest::option::of(0u32..=80_000),
            cap_runs in proptest::option::of(0u8..=7),
            cap_easy in proptest::option::of(any::<bool>()),
            equipment in subset(vec![Equipment::ExerciseBall, Equipment::Bike, Equipment::Brace]),
            plank in proptest::option::of(0u16..=300),
            weekly_m in 0u32..=150_000,
            runs in 0u8..=7,
            goal_m in proptest::option::of(1_000u32..=150_000),
            pace in proptest::option::of(150u16..=900),
            flags in proptest::collection::vec(proptest::bool::weighted(0.05), flag_ids.len()),
        ) -> Answers {
            let now = Nrs::new(now).unwrap_or_default();
            Answers {
                age, sex, regions, pain_now: now, pain_worst: now, timing, weeks, trend,
                first_episode: false, sudden_onset: false, noticed,
                history: BackHistory { condition: None, worried: false },
                caps: DoctorCaps {
                    weekly_distance: cap_m.map(Meters),
                    max_intensity: cap_easy.map(|e| if e { Intensity::Easy } else { Intensity::Steady }),
                    runs_per_week: cap_runs,
                },
                equipment,
                core_tests: CoreTests { plank, ..CoreTests::default() },
                running: CurrentRunning {
                    weekly_distance: Meters(weekly_m), runs_per_week: runs, easy_pace_s_per_km: pace,
                    goal_weekly_distance: goal_m.map(Meters),
                    before_pain_weekly_distance: None,
                },
                red_flags: flag_ids.iter().cloned().zip(flags).collect::<BTreeMap<_, _>>(),
            }
        }
    }

    /// Saves `record` in a fresh SQLite store and reads the latest plan.
    fn through_the_store(record: &PlanRecord) -> backstride_store::SavedPlan {
        let rt = crate::storage::runtime().unwrap_or_else(|e| panic!("{e}"));
        rt.block_on(async {
            let store = Store::open_in_memory()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let at = Utc.with_ymd_and_hms(2026, 11, 25, 7, 0, 0).single();
            store
                .save_plan(record, at.unwrap_or_default())
                .await
                .unwrap_or_else(|e| panic!("saves: {e}"));
            store
                .latest_plan()
                .await
                .unwrap_or_else(|e| panic!("reads: {e}"))
                .unwrap_or_else(|| panic!("saved"))
        })
    }

    /// What `plan --adapt` needs, straight from core's plan.
    fn weeks_of(plan: &Plan, exercise_id: &str, default_reps: u8) -> Vec<PlannedWeek> {
        plan.weeks
            .iter()
            .map(|w| PlannedWeek {
                start: w.start,
                target: w.target,
                rounds: w.routine_sets,
                reps: plan
                    .days
                    .iter()
                    .filter(|d| d.week == w.number)
                    .flat_map(|d| d.session.routine())
                    .find(|i| i.exercise_id == exercise_id)
                    .map_or(default_reps, |i| i.reps),
            })
            .collect()
    }

    /// The calendar's view of core's plan, as `plan_to_ics` makes it.
    fn sessions_of(plan: &Plan) -> Vec<ical::PreviousSession> {
        plan.days
            .iter()
            .map(|d| {
                let title = d.session.title();
                let doses: Vec<(String, String)> = d
                    .session
                    .routine()
                    .iter()
                    .map(|i| (i.exercise_id.clone(), i.dose_text()))
                    .collect();
                ical::PreviousSession {
                    date: d.date,
                    kind: match d.session {
                        Session::Run(_) => "run",
                        Session::CrossTrain(_) => "cross",
                    }
                    .to_owned(),
                    fingerprint: ical::fingerprint(
                        &title,
                        doses.iter().map(|(a, b)| (a.as_str(), b.as_str())),
                    ),
                    title,
                }
            })
            .collect()
    }

    /// Insights' planned routine days, straight from core's plan.
    fn routine_days_of(plan: &Plan) -> Vec<PlannedRoutine> {
        let mut out: Vec<PlannedRoutine> = plan
            .days
            .iter()
            .flat_map(|d| {
                d.session.routine().iter().map(|i| PlannedRoutine {
                    date: d.date,
                    exercise_id: i.exercise_id.clone(),
                })
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn flag_ids() -> Vec<String> {
        kb().asked_flags().map(|(f, _)| f.id.clone()).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn a_saved_plan_reads_back_as_core_made_it(
            answers in any_answers(flag_ids()),
            weeks in 1u16..=16,
            start_offset in 0u64..=400,
            per_30 in proptest::option::of(3u8..=12),
            applied in proptest::option::of((0u64..=400, any_action())),
            today_offset in 0u64..=200,
        ) {
            let kb = kb();
            let a = assess(&kb, &answers).unwrap_or_else(|e| panic!("{e}"));
            let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
            let request = PlanRequest { start: first + Days::new(start_offset), weeks, cross_days_per_30: per_30 };
            let outcome = build(&kb, &answers, &a, request).unwrap_or_else(|e| panic!("{e}"));
            let applied = applied.map(|(d, action)| (first + Days::new(d), action));
            let record = plan_record(&outcome, request, &answers.caps, applied, &[]);
            let saved = through_the_store(&record);
            prop_assert_eq!((saved.start_date, saved.weeks), (request.start, request.weeks));
            let back = match saved.plan {
                Saved::Record(r) => r,
                Saved::Legacy { problem, .. } => panic!("not read back: {problem}"),
            };
            prop_assert_eq!(&back, &record);
            prop_assert_eq!(
                back.request.caps.as_ref().map(|c| (c.weekly_m, c.runs_per_week)),
                Some((answers.caps.weekly_distance.map(|m| m.0), answers.caps.runs_per_week))
            );

            let (exercise_id, reps) = progressing_exercise(&kb)
                .map(|e| (e.id.clone(), e.dose.reps))
                .unwrap_or_default();
            let read = saved_weeks(&back, &exercise_id, reps);
            let today = request.start + Days::new(today_offset);
            let (days, dose) = crate::insights::gather::planned_days(&back);
            match &outcome {
                PlanOutcome::Ready(plan) => {
                    prop_assert_eq!(&read.weeks, &weeks_of(plan, &exercise_id, reps));
                    prop_assert_eq!(read.cross_days_per_30, Some(plan.cross_days_per_30));
                    prop_assert_eq!(read.applied, applied);
                    prop_assert_eq!(previous_sessions(&back), sessions_of(plan));
                    prop_assert_eq!(days, routine_days_of(plan));
                    prop_assert_eq!(dose, Some(u32::from(plan.cross_days_per_30)));
                    prop_assert_eq!(running(&back, today), today < request.start + Days::new(u64::from(weeks) * 7));
                    // What the clinician's page reads.
                    let ready = back.ready().unwrap_or_else(|| panic!("ready"));
                    prop_assert_eq!((ready.start, ready.end), (plan.start, plan.end));
                    prop_assert_eq!(ready.goal_m, Some(plan.goal.0));
                    let notices: Vec<(NoticeKindRecord, &str)> =
                        plan.notices.iter().map(|n| (notice_kind(n.kind), n.text.as_str())).collect();
                    prop_assert_eq!(
                        ready.notices.iter().map(|n| (n.kind, n.text.as_str())).collect::<Vec<_>>(),
                        notices
                    );
                    for (w, c) in ready.weeks.iter().zip(&plan.weeks) {
                        prop_assert_eq!(
                            (w.number, w.scheduled_m, w.runs, w.lighter, w.capped),
                            (c.number, c.scheduled.0, c.runs, c.lighter, c.capped)
                        );
                    }
                    for (d, c) in ready.days.iter().zip(&plan.days) {
                        match (&d.session, &c.session) {
                            (SessionRecord::Run { intensity: i, brace, distance_m, .. }, Session::Run(r)) => {
                                prop_assert_eq!(*i, intensity(r.intensity));
                                prop_assert_eq!((*brace, *distance_m), (r.brace, r.distance.0));
                            }
                            (SessionRecord::CrossTrain { activity, minutes, .. }, Session::CrossTrain(x)) => {
                                prop_assert_eq!((activity, *minutes), (&x.activity, x.minutes));
                            }
                            (saved, made) => prop_assert!(false, "{saved:?} saved for {made:?}"),
                        }
                    }
                    prop_assert_eq!(ready.days.len(), plan.days.len());
                    prop_assert_eq!(ready.weeks.len(), plan.weeks.len());
                }
                PlanOutcome::Blocked(b) => {
                    prop_assert!(read.weeks.is_empty() && read.applied.is_none());
                    prop_assert!(previous_sessions(&back).is_empty());
                    prop_assert!(days.is_empty() && dose.is_none());
                    prop_assert!(!running(&back, today));
                    let PlanOutcomeRecord::Blocked(saved) = &back.outcome else {
                        panic!("blocked");
                    };
                    prop_assert_eq!(&saved.tier, b.tier.name());
                    prop_assert_eq!(&saved.instruction, &b.instruction);
                    prop_assert_eq!(
                        saved.flags.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
                        b.flags.iter().map(|f| f.id.as_str()).collect::<Vec<_>>()
                    );
                }
            }
        }

        #[test]
        fn a_saved_assessment_reads_back_as_core_made_it(answers in any_answers(flag_ids())) {
            let kb = kb();
            let a = assess(&kb, &answers).unwrap_or_else(|e| panic!("{e}"));
            let record = assessment_record(&a);
            let rt = crate::storage::runtime().unwrap_or_else(|e| panic!("{e}"));
            let back = rt.block_on(async {
                let store = Store::open_in_memory().await.unwrap_or_else(|e| panic!("{e}"));
                store.save_assessment(&record, Utc.timestamp_millis_opt(0).single().unwrap_or_default()).await.unwrap_or_else(|e| panic!("{e}"));
                store.latest_assessment().await.unwrap_or_else(|e| panic!("{e}"))
            });
            let back = back.map(|s| s.assessment);
            prop_assert_eq!(back, Some(Saved::Record(record.clone())));
            prop_assert_eq!(&record.triage.tier, a.triage.tier.name());
            prop_assert_eq!(record.triage.allows_plan, a.triage.allows_plan());
            prop_assert_eq!(
                record.triage.flags.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
                a.triage.fired.iter().map(|f| f.id.as_str()).collect::<Vec<_>>()
            );
            prop_assert_eq!(
                record.causes.iter().map(|c| (c.id.as_str(), c.score)).collect::<Vec<_>>(),
                a.causes.iter().map(|c| (c.id.as_str(), c.score)).collect::<Vec<_>>()
            );
            for (r, c) in record.recommendations.iter().zip(&a.recommendations) {
                prop_assert_eq!(&r.id, &c.id);
                prop_assert_eq!(&r.evidence.level, c.evidence.level.name());
                prop_assert!(!r.sources.is_empty(), "every recommendation cites");
            }
        }
    }

    #[test]
    fn every_action_goes_to_the_store_and_back() {
        for a in [
            Action::Progress,
            Action::Hold,
            Action::StepBack,
            Action::Stop,
        ] {
            assert_eq!(action_of(action_record(a)), a);
        }
    }
}
