//! Answers, assessments and plans: every save kept, the latest by time (not
//! by insertion order), typed plan and assessment records read back equal,
//! plan dates and weeks intact, bad input refused.

use backstride_store::saved::assessment::{
    AssessmentRecord, CauseRecord, ReasonRecord, TriageRecord,
};
use backstride_store::saved::plan::{
    CapsRecord, DayRecord, DoseRecord, EvidenceRecord, IntensityRecord, NoticeKindRecord,
    NoticeRecord, PlanOutcomeRecord, PlanRecord, PlanRequestRecord, ReadyPlanRecord, RunKindRecord,
    SessionRecord, WeekRecord,
};
use backstride_store::{Saved, StoreError};
use chrono::NaiveDate;

use crate::support::{Backend, at, backends};

/// Saves answers at each `(day, text)` of March, then checks the latest.
async fn check_latest_answers(b: &Backend, saves: &[(u32, &str)], latest: Option<&str>) {
    for &(day, text) in saves {
        b.store
            .save_answers(text, at(3, day, 9))
            .await
            .expect("saves");
    }
    let found = b.store.latest_answers().await.expect("reads");
    assert_eq!(
        found.as_ref().map(|d| d.body.as_str()),
        latest,
        "{}",
        b.name
    );
}

#[tokio::test]
async fn the_latest_answers_are_the_newest_by_time() {
    for b in backends().await {
        check_latest_answers(&b, &[], None).await;
    }
    for b in backends().await {
        check_latest_answers(
            &b,
            &[(1, "age = 40\n"), (2, "age = 41\n")],
            Some("age = 41\n"),
        )
        .await;
    }
    for b in backends().await {
        check_latest_answers(
            &b,
            &[(5, "new = true\n"), (2, "old = true\n")],
            Some("new = true\n"),
        )
        .await;
    }
}

/// A small ready plan record starting on `start` and lasting `weeks`.
pub fn plan_record(start: NaiveDate, weeks: u16, target_m: u32) -> PlanRecord {
    PlanRecord {
        request: PlanRequestRecord {
            start,
            weeks,
            cross_days_per_30: Some(4),
            caps: Some(CapsRecord {
                weekly_m: Some(20_000),
                max_intensity: Some(IntensityRecord::Easy),
                runs_per_week: None,
            }),
        },
        applied: None,
        outcome: PlanOutcomeRecord::Ready(Box::new(ReadyPlanRecord {
            start,
            end: start + chrono::Days::new(u64::from(weeks) * 7 - 1),
            goal_m: Some(target_m),
            cross_days_per_30: 4,
            routine_name: "Core".to_owned(),
            routine_when: "before".to_owned(),
            notices: vec![NoticeRecord {
                kind: NoticeKindRecord::Cap,
                text: "Capped at 20 km.".to_owned(),
                sources: vec!["SEED-DOCTOR".to_owned()],
            }],
            weeks: vec![WeekRecord {
                number: 1,
                start,
                target_m,
                scheduled_m: target_m / 100 * 100,
                runs: 1,
                cross_sessions: 0,
                lighter: false,
                capped: true,
                routine_rounds: 2,
            }],
            days: vec![DayRecord {
                date: start,
                week: 1,
                title: "Easy run 4.0 km".to_owned(),
                session: SessionRecord::Run {
                    kind: RunKindRecord::Easy,
                    intensity: IntensityRecord::Easy,
                    distance_m: 4_000,
                    est_minutes: Some(26),
                    brace: false,
                    routine: vec![DoseRecord {
                        exercise_id: "warrior-pose".to_owned(),
                        name: "Warrior pose".to_owned(),
                        sets: 2,
                        reps: 10,
                        per_side: false,
                        hold_s: Some(15),
                        at_least: false,
                        dose: "2 rounds of 10 reps, hold each 15 s".to_owned(),
                        substitutes: None,
                        sources: vec!["S1".to_owned()],
                        evidence: None,
                    }],
                },
            }],
            sources: vec!["S1".to_owned(), "SEED-DOCTOR".to_owned()],
            running_evidence: None,
            cross_training_evidence: None,
        })),
        from_report: false,
    }
}

/// A small assessment record.
pub fn assessment_record() -> AssessmentRecord {
    AssessmentRecord {
        triage: TriageRecord {
            tier: "self-manage".to_owned(),
            allows_plan: true,
            instruction: None,
            flags: Vec::new(),
        },
        causes: vec![CauseRecord {
            id: "weak-core".to_owned(),
            name: "Weak core".to_owned(),
            score: 5,
            share_pct: 100,
            reasons: vec![ReasonRecord {
                signal: "core.plank-low".to_owned(),
                weight: 5,
                why: "short plank".to_owned(),
            }],
            sources: vec!["S1".to_owned()],
            evidence: EvidenceRecord {
                level: "low".to_owned(),
                verdict: "plausible".to_owned(),
                note: "small trials".to_owned(),
            },
        }],
        recommendations: Vec::new(),
        signals: vec!["core.plank-low".to_owned()],
        from_report: false,
    }
}

#[tokio::test]
async fn plans_and_assessments_keep_their_fields() {
    let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date");
    for b in backends().await {
        b.store
            .save_assessment(&assessment_record(), at(3, 1, 9))
            .await
            .expect("saves");
        b.store
            .save_plan(&plan_record(start, 8, 14_437), at(3, 1, 9))
            .await
            .expect("saves");
        let latest = plan_record(start, 12, 16_000);
        b.store
            .save_plan(&latest, at(3, 1, 10))
            .await
            .expect("saves");
        let plan = b.store.latest_plan().await.expect("reads").expect("saved");
        assert_eq!(
            (&plan.plan, plan.start_date, plan.weeks),
            (&Saved::Record(latest), start, 12),
            "{}",
            b.name
        );
        assert_eq!(plan.created_at, at(3, 1, 10));
        // The plan it replaced, and none before the first.
        let before = b
            .store
            .plan_before(plan.id)
            .await
            .expect("reads")
            .expect("one before");
        assert_eq!(
            (before.weeks, before.created_at),
            (8, at(3, 1, 9)),
            "{}",
            b.name
        );
        assert!(
            b.store
                .plan_before(before.id)
                .await
                .expect("reads")
                .is_none(),
            "{}",
            b.name
        );
        let assessment = b
            .store
            .latest_assessment()
            .await
            .expect("reads")
            .expect("saved");
        assert_eq!(assessment.assessment, Saved::Record(assessment_record()));
        assert!(
            b.store.latest_answers().await.expect("reads").is_none(),
            "kinds stay apart"
        );
        assert_eq!(
            b.store.export_all().await.expect("exports").documents.len(),
            3
        );
    }
}

#[tokio::test]
async fn bad_documents_are_refused() {
    let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date");
    let mut no_weeks = plan_record(start, 1, 1_000);
    no_weeks.request.weeks = 0;
    let mut too_long = plan_record(start, 1, 1_000);
    too_long.request.weeks = 105;
    for b in backends().await {
        let refusals = [
            (
                b.store.save_plan(&no_weeks, at(3, 1, 9)).await,
                "plan weeks",
            ),
            (
                b.store.save_plan(&too_long, at(3, 1, 9)).await,
                "plan weeks",
            ),
            (b.store.save_answers("  \n", at(3, 1, 9)).await, "document"),
        ];
        for (result, field) in refusals {
            assert!(
                matches!(&result, Err(StoreError::Invalid { field: named, .. }) if *named == field),
                "{}: wanted {field} refused, got {result:?}",
                b.name
            );
        }
        assert!(b.store.latest_plan().await.expect("reads").is_none());
    }
}
