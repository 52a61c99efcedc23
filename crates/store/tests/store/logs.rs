//! Log entries: each kind logs and lists back, date ranges are half-open,
//! links to activities must point somewhere, out-of-range input is refused
//! with the field named, and an activity's RPE is the one logged last.

use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{
    ExerciseDone, ImportOutcome, NewBrace, NewCrossTraining, NewPain, NewRoutine, NewRpe, PainWhen,
    StoreError, TimeRange,
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
            logged: at(3, day, 8),
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
            logged: at(3, 1, 7),
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
        logged: at(3, 2, 18),
    };
    let swim = NewCrossTraining {
        kind: "swimming".into(),
        minutes: 45,
        note: Some("easy".into()),
        at: at(3, 3, 12),
        logged: at(3, 3, 12),
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
        logged: at(3, 1, 7),
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
        logged: at(3, 1, 7),
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

#[tokio::test]
async fn rpe_round_trips_and_the_latest_log_is_the_activitys_rpe() {
    for b in backends().await {
        let first = run(at(3, 1, 7), 5_000.0, 10, false);
        let second = run(at(3, 3, 7), 8_000.0, 10, false);
        let mut ids = Vec::new();
        for (name, activity) in [("a.gpx", &first), ("b.gpx", &second)] {
            let id = b
                .store
                .import_activity(&record(name, activity))
                .await
                .expect("imports")
                .activity_id();
            ids.push(id);
        }
        let rpe = |activity_id, rpe, note: Option<&str>, day| NewRpe {
            activity_id,
            rpe,
            note: note.map(str::to_owned),
            at: at(3, day, 9),
            logged: at(3, day, 9),
        };
        // The first run rated twice: the later log corrects the earlier,
        // even though it says it happened the same day.
        let early = b
            .store
            .log_rpe(&rpe(ids[0], 7, Some("legs heavy"), 2))
            .await
            .expect("logs");
        let correction = b
            .store
            .log_rpe(&rpe(ids[0], 4, None, 1))
            .await
            .expect("logs");
        b.store
            .log_rpe(&rpe(ids[1], 0, None, 3))
            .await
            .expect("0 is on the scale");
        assert!(correction > early, "{}", b.name);

        let all = b.store.list_rpe(TimeRange::all()).await.expect("lists");
        let listed: Vec<(i64, u8, Option<&str>)> = all
            .iter()
            .map(|e| (e.activity_id, e.rpe, e.note.as_deref()))
            .collect();
        assert_eq!(
            listed,
            vec![
                (ids[0], 4, None),
                (ids[0], 7, Some("legs heavy")),
                (ids[1], 0, None)
            ],
            "{}: every log, by when it was logged",
            b.name
        );
        assert_eq!(all[0].at, at(3, 1, 9), "{}", b.name);

        let latest = b.store.latest_rpe(TimeRange::all()).await.expect("reads");
        let latest: Vec<(i64, u8)> = latest.iter().map(|e| (e.activity_id, e.rpe)).collect();
        assert_eq!(latest, vec![(ids[0], 4), (ids[1], 0)], "{}", b.name);
        // The range is on the activity's start, not on when it was rated.
        let only_second = b
            .store
            .latest_rpe(TimeRange::since(at(3, 2, 0)))
            .await
            .expect("reads");
        assert_eq!(only_second.len(), 1, "{}", b.name);
        assert_eq!(only_second[0].activity_id, ids[1], "{}", b.name);

        let history = b.store.history(TimeRange::all()).await.expect("reads");
        assert_eq!(history.rpe, all, "{}", b.name);
    }
}

#[tokio::test]
async fn rpe_off_the_scale_or_for_no_activity_is_refused() {
    for b in backends().await {
        let activity = run(at(3, 1, 7), 5_000.0, 10, false);
        let id = b
            .store
            .import_activity(&record("r.gpx", &activity))
            .await
            .expect("imports")
            .activity_id();
        let rpe = |activity_id, rpe, note: Option<String>| NewRpe {
            activity_id,
            rpe,
            note,
            at: at(3, 1, 9),
            logged: at(3, 1, 9),
        };
        for (entry, field) in [
            (rpe(id, 11, None), "RPE"),
            (rpe(id, u8::MAX, None), "RPE"),
            (rpe(id, 5, Some("x".repeat(2001))), "note"),
        ] {
            match b.store.log_rpe(&entry).await {
                Err(StoreError::Invalid { field: named, .. }) => {
                    assert_eq!(named, field, "{}", b.name)
                }
                other => panic!("{}: {entry:?} should be refused, got {other:?}", b.name),
            }
        }
        let missing = b.store.log_rpe(&rpe(id + 1, 5, None)).await;
        match missing {
            Err(
                e @ StoreError::NotFound {
                    what: "activity", ..
                },
            ) => {
                assert_eq!(e.to_string(), format!("no activity with id {}", id + 1))
            }
            other => panic!(
                "{}: unknown activity should be refused, got {other:?}",
                b.name
            ),
        }
        assert!(
            b.store
                .list_rpe(TimeRange::all())
                .await
                .expect("lists")
                .is_empty(),
            "{}: nothing refused was stored",
            b.name
        );
        b.store
            .log_rpe(&rpe(id, 10, None))
            .await
            .expect("10 is on the scale");
    }
}

#[tokio::test]
async fn rpe_stays_with_its_activity_when_a_richer_file_replaces_the_data() {
    for b in backends().await {
        let bare = run(at(3, 1, 7), 5_000.0, 10, false);
        let id = b
            .store
            .import_activity(&record("watchless.gpx", &bare))
            .await
            .expect("imports")
            .activity_id();
        b.store
            .log_rpe(&NewRpe {
                activity_id: id,
                rpe: 5,
                note: None,
                at: at(3, 1, 9),
                logged: at(3, 1, 9),
            })
            .await
            .expect("logs");
        let richer = run(at(3, 1, 7), 5_000.0, 20, true);
        let outcome = b
            .store
            .import_activity(&record("watch.fit", &richer))
            .await
            .expect("imports");
        assert_eq!(
            outcome,
            ImportOutcome::DuplicateActivity {
                existing_id: id,
                replaced: true
            },
            "{}",
            b.name
        );
        let latest = b.store.latest_rpe(TimeRange::all()).await.expect("reads");
        assert_eq!(latest.len(), 1, "{}", b.name);
        assert_eq!(
            (latest[0].activity_id, latest[0].rpe),
            (id, 5),
            "{}",
            b.name
        );
    }
}
