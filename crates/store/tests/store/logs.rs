//! Log entries: each kind logs and lists back, date ranges are half-open,
//! links to activities must point somewhere, and out-of-range input is
//! refused with the field named.

use backstride_core::assessment::answers::Region;
use backstride_core::units::Nrs;
use backstride_store::{
    ExerciseDone, NewBrace, NewCrossTraining, NewPain, NewRoutine, PainWhen, StoreError, TimeRange,
};

use crate::support::{Backend, at, backends, record, run};

/// Logs pain at each `(day, nrs)` of March, then checks which days
/// `range` returns.
async fn check_pain_range(
    b: &Backend,
    logged: &[(u32, i64)],
    range: TimeRange,
    listed_days: &[u32],
) {
    for &(day, nrs) in logged {
        let entry = NewPain {
            region: Region::UpperBack,
            nrs: Nrs::new(nrs).expect("on the scale"),
            when: PainWhen::NextMorning,
            activity_id: None,
            note: Some(format!("day {day}")),
            at: at(3, day, 8),
        };
        b.store.log_pain(&entry).await.expect("logs");
    }
    let listed = b.store.list_pain(range).await.expect("lists");
    let notes: Vec<String> = listed.iter().filter_map(|p| p.note.clone()).collect();
    let wanted: Vec<String> = listed_days.iter().map(|d| format!("day {d}")).collect();
    assert_eq!(notes, wanted, "{}", b.name);
}

#[tokio::test]
async fn pain_lists_by_half_open_range() {
    for b in backends().await {
        let logged = [(5, 2), (1, 0), (3, 10)];
        check_pain_range(
            &b,
            &logged,
            TimeRange::between(at(3, 1, 8), at(3, 5, 8)),
            &[1, 3],
        )
        .await;
    }
    for b in backends().await {
        check_pain_range(&b, &[(2, 1), (4, 6)], TimeRange::since(at(3, 4, 8)), &[4]).await;
    }
    for b in backends().await {
        check_pain_range(&b, &[(2, 1), (4, 6)], TimeRange::until(at(3, 4, 8)), &[2]).await;
    }
}

#[tokio::test]
async fn links_must_point_at_a_stored_activity() {
    for b in backends().await {
        let activity = run(at(3, 1, 7), 5_000.0, 10, true);
        let id = b
            .store
            .import_activity(&record("r.fit", &activity))
            .await
            .expect("imports")
            .activity_id();
        let brace = |activity_id| NewBrace {
            worn: true,
            activity_id,
            note: None,
            at: at(3, 1, 7),
        };
        b.store
            .log_brace(&brace(Some(id)))
            .await
            .expect("links a stored run");
        b.store.log_brace(&brace(None)).await.expect("needs no run");
        let missing = b.store.log_brace(&brace(Some(id + 1))).await;
        assert!(
            matches!(
                missing,
                Err(StoreError::NotFound {
                    what: "activity",
                    ..
                })
            ),
            "{}",
            b.name
        );
        let listed = b.store.list_brace(TimeRange::all()).await.expect("lists");
        let links: Vec<Option<i64>> = listed.iter().map(|e| e.activity_id).collect();
        assert_eq!(links, vec![Some(id), None], "{}", b.name);
    }
}

#[tokio::test]
async fn routines_and_cross_training_round_trip() {
    let routine = NewRoutine {
        exercises: vec![
            ExerciseDone {
                exercise_id: "EX-BIRD-DOG".into(),
                reps: 10,
            },
            ExerciseDone {
                exercise_id: "EX-SIDE-PLANK".into(),
                reps: 3,
            },
        ],
        rounds: 2,
        note: None,
        at: at(3, 2, 18),
    };
    let swim = NewCrossTraining {
        kind: "swimming".into(),
        minutes: 45,
        note: Some("easy".into()),
        at: at(3, 3, 12),
    };
    for b in backends().await {
        let routine_id = b.store.log_routine(&routine).await.expect("logs");
        b.store.log_cross_training(&swim).await.expect("logs");
        let history = b.store.history(TimeRange::all()).await.expect("reads");
        assert_eq!(history.routines.len(), 1, "{}", b.name);
        assert_eq!(history.routines[0].id, routine_id);
        assert_eq!(history.routines[0].exercises, routine.exercises);
        assert_eq!(history.cross_training[0].minutes, 45);
        assert_eq!(history.cross_training[0].kind, "swimming");
        assert!(
            b.store
                .history(TimeRange::until(at(3, 1, 0)))
                .await
                .expect("reads")
                .is_empty()
        );
    }
}

#[tokio::test]
async fn out_of_range_input_is_refused_with_the_field_named() {
    let ok_routine = NewRoutine {
        exercises: vec![ExerciseDone {
            exercise_id: "EX-1".into(),
            reps: 5,
        }],
        rounds: 1,
        note: None,
        at: at(3, 1, 7),
    };
    let no_rounds = NewRoutine {
        rounds: 0,
        ..ok_routine.clone()
    };
    let too_many_rounds = NewRoutine {
        rounds: 21,
        ..ok_routine.clone()
    };
    let no_exercises = NewRoutine {
        exercises: vec![],
        ..ok_routine.clone()
    };
    let mut zero_reps = ok_routine.clone();
    zero_reps.exercises[0].reps = 0;
    let long_note = NewRoutine {
        note: Some("x".repeat(2001)),
        ..ok_routine.clone()
    };
    let cross = |kind: &str, minutes| NewCrossTraining {
        kind: kind.into(),
        minutes,
        note: None,
        at: at(3, 1, 7),
    };
    for b in backends().await {
        let refusals = [
            (b.store.log_routine(&no_rounds).await, "rounds"),
            (b.store.log_routine(&too_many_rounds).await, "rounds"),
            (
                b.store.log_routine(&no_exercises).await,
                "number of exercises",
            ),
            (b.store.log_routine(&zero_reps).await, "reps"),
            (b.store.log_routine(&long_note).await, "note"),
            (
                b.store.log_cross_training(&cross("cycling", 0)).await,
                "minutes",
            ),
            (
                b.store.log_cross_training(&cross("cycling", 1441)).await,
                "minutes",
            ),
            (
                b.store.log_cross_training(&cross("  ", 30)).await,
                "cross-training kind",
            ),
        ];
        for (i, (result, field)) in refusals.into_iter().enumerate() {
            match result {
                Err(StoreError::Invalid { field: named, .. }) => {
                    assert_eq!(named, field, "{}: case {i}", b.name)
                }
                other => panic!(
                    "{}: case {i} should be refused for {field}, got {other:?}",
                    b.name
                ),
            }
        }
        assert!(
            b.store
                .history(TimeRange::all())
                .await
                .expect("reads")
                .is_empty(),
            "{}",
            b.name
        );
        b.store
            .log_routine(&ok_routine)
            .await
            .expect("the valid one logs");
    }
    assert!(
        Nrs::new(11).is_err(),
        "the pain scale is enforced by its type"
    );
}
