//! Correcting log entries: each kind reads back whole by id, an update
//! round-trips every field (a routine's exercises replaced, in order), a
//! missing id answers `false` and writes nothing, and an update that
//! logging would refuse is refused with the field named and leaves the
//! entry as it was.

use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{
    ExerciseDone, LogEntry, LogKind, NewBrace, NewCrossTraining, NewPain, NewRoutine, NewRpe,
    PainWhen, StoreError,
};

use crate::support::{Backend, at, backends, record, run};

async fn stored_run(b: &Backend, day: u32) -> i64 {
    let activity = run(at(3, day, 7), 5_000.0, 10, true);
    b.store
        .import_activity(&record(&format!("r{day}.fit"), &activity))
        .await
        .expect("imports")
        .activity_id()
}

fn pain(nrs: i64, note: Option<&str>, activity_id: Option<i64>) -> NewPain {
    NewPain {
        region: Region::LowerBack,
        nrs: Nrs::new(nrs).expect("on the scale"),
        when: PainWhen::After,
        activity_id,
        note: note.map(str::to_owned),
        at: at(3, 2, 9),
        logged: at(3, 2, 9),
    }
}

#[tokio::test]
async fn a_pain_entry_updates_every_field_and_its_told_time() {
    for b in backends().await {
        let first = stored_run(&b, 1).await;
        let second = stored_run(&b, 3).await;
        let id = b
            .store
            .log_pain(&pain(3, Some("stiff"), Some(first)))
            .await
            .expect("logs");
        let new = NewPain {
            region: Region::Neck,
            nrs: Nrs::new(5).expect("on the scale"),
            when: PainWhen::NextMorning,
            activity_id: Some(second),
            note: None,
            at: at(3, 4, 7),
            logged: at(3, 5, 10),
        };
        assert!(b.store.update_pain(id, &new).await.expect("updates"));
        let got = b.store.pain_entry(id).await.expect("reads").expect("there");
        assert_eq!(
            (
                got.region,
                got.nrs,
                got.when,
                got.activity_id,
                got.note,
                got.at
            ),
            (
                Region::Neck,
                5,
                PainWhen::NextMorning,
                Some(second),
                None,
                at(3, 4, 7)
            ),
            "{}",
            b.name
        );
        let facts = b
            .store
            .log_entry_facts(LogKind::Pain, id)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(facts.logged, at(3, 5, 10), "told again: {}", b.name);
        assert_eq!(
            b.store.log_entry(LogKind::Pain, id).await.expect("reads"),
            Some(LogEntry::Pain(
                b.store.pain_entry(id).await.expect("reads").expect("there")
            ))
        );
    }
}

#[tokio::test]
async fn a_routine_update_replaces_its_exercises_in_order() {
    for b in backends().await {
        let entry = |exercises: Vec<(&str, u16)>, rounds| NewRoutine {
            exercises: exercises
                .into_iter()
                .map(|(id, reps)| ExerciseDone {
                    exercise_id: id.to_owned(),
                    reps,
                })
                .collect(),
            rounds,
            note: Some("felt fine".to_owned()),
            at: at(3, 2, 18),
            logged: at(3, 2, 18),
        };
        let id = b
            .store
            .log_routine(&entry(vec![("warrior-pose", 10), ("bird-dog", 8)], 2))
            .await
            .expect("logs");
        let other = b
            .store
            .log_routine(&entry(vec![("plank", 3)], 1))
            .await
            .expect("logs");
        let new = entry(vec![("bicycle-crunch", 20), ("warrior-pose", 12)], 3);
        assert!(b.store.update_routine(id, &new).await.expect("updates"));
        let got = b
            .store
            .routine_entry(id)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(got.rounds, 3, "{}", b.name);
        assert_eq!(got.exercises, new.exercises, "{}", b.name);
        let untouched = b
            .store
            .routine_entry(other)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(untouched.exercises.len(), 1, "the other routine kept");
    }
}

#[tokio::test]
async fn cross_training_brace_and_rpe_round_trip() {
    for b in backends().await {
        let run_id = stored_run(&b, 1).await;
        let cross = NewCrossTraining {
            kind: "cycling".to_owned(),
            minutes: 30,
            note: None,
            at: at(3, 2, 8),
            logged: at(3, 2, 8),
        };
        let c = b.store.log_cross_training(&cross).await.expect("logs");
        let changed = NewCrossTraining {
            kind: "swimming".to_owned(),
            minutes: 45,
            note: Some("easy".to_owned()),
            ..cross
        };
        assert!(
            b.store
                .update_cross_training(c, &changed)
                .await
                .expect("updates")
        );
        let got = b
            .store
            .cross_training_entry(c)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(
            (got.kind.as_str(), got.minutes, got.note.as_deref()),
            ("swimming", 45, Some("easy"))
        );

        let brace = NewBrace {
            worn: true,
            activity_id: Some(run_id),
            note: None,
            at: at(3, 1, 8),
            logged: at(3, 1, 8),
        };
        let br = b.store.log_brace(&brace).await.expect("logs");
        let unlinked = NewBrace {
            worn: false,
            activity_id: None,
            ..brace
        };
        assert!(b.store.update_brace(br, &unlinked).await.expect("updates"));
        let got = b
            .store
            .brace_entry(br)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!((got.worn, got.activity_id), (false, None));

        let rpe = NewRpe {
            activity_id: run_id,
            rpe: 6,
            note: None,
            at: at(3, 1, 9),
            logged: at(3, 1, 9),
        };
        let r = b.store.log_rpe(&rpe).await.expect("logs");
        let lower = NewRpe { rpe: 4, ..rpe };
        assert!(b.store.update_rpe(r, &lower).await.expect("updates"));
        let got = b.store.rpe_entry(r).await.expect("reads").expect("there");
        assert_eq!(got.rpe, 4, "{}", b.name);
    }
}

#[tokio::test]
async fn a_missing_id_answers_false_and_reads_none() {
    for b in backends().await {
        assert!(
            !b.store
                .update_pain(99, &pain(2, None, None))
                .await
                .expect("runs")
        );
        let routine = NewRoutine {
            exercises: vec![ExerciseDone {
                exercise_id: "plank".to_owned(),
                reps: 1,
            }],
            rounds: 1,
            note: None,
            at: at(3, 1, 8),
            logged: at(3, 1, 8),
        };
        assert!(!b.store.update_routine(99, &routine).await.expect("runs"));
        for kind in [
            LogKind::Pain,
            LogKind::Routine,
            LogKind::CrossTraining,
            LogKind::Brace,
            LogKind::Rpe,
        ] {
            assert_eq!(
                b.store.log_entry(kind, 99).await.expect("runs"),
                None,
                "{kind:?}"
            );
        }
        // Nothing was written by the updates that found no row.
        let none = b
            .store
            .list_routines(backstride_store::TimeRange::all())
            .await
            .expect("lists");
        assert!(none.is_empty(), "{}", b.name);
    }
}

#[tokio::test]
async fn an_invalid_update_is_refused_and_changes_nothing() {
    for b in backends().await {
        let run_id = stored_run(&b, 1).await;
        let id = b
            .store
            .log_pain(&pain(3, Some("stiff"), Some(run_id)))
            .await
            .expect("logs");
        let before = b.store.pain_entry(id).await.expect("reads");

        let long = "x".repeat(backstride_store::MAX_NOTE_CHARS + 1);
        let err = b
            .store
            .update_pain(id, &pain(5, Some(&long), None))
            .await
            .expect_err("too long a note");
        assert!(
            matches!(err, StoreError::Invalid { field: "note", .. }),
            "{err:?}"
        );
        let err = b
            .store
            .update_pain(id, &pain(5, None, Some(run_id + 100)))
            .await
            .expect_err("no such activity");
        assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
        assert_eq!(b.store.pain_entry(id).await.expect("reads"), before);

        let cross = NewCrossTraining {
            kind: "cycling".to_owned(),
            minutes: 30,
            note: None,
            at: at(3, 2, 8),
            logged: at(3, 2, 8),
        };
        let c = b.store.log_cross_training(&cross).await.expect("logs");
        let zero = NewCrossTraining {
            minutes: 0,
            ..cross.clone()
        };
        let err = b
            .store
            .update_cross_training(c, &zero)
            .await
            .expect_err("zero minutes");
        assert!(
            matches!(
                err,
                StoreError::Invalid {
                    field: "minutes",
                    ..
                }
            ),
            "{err:?}"
        );
        let got = b
            .store
            .cross_training_entry(c)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(got.minutes, 30, "unchanged: {}", b.name);

        let rpe = NewRpe {
            activity_id: run_id,
            rpe: 6,
            note: None,
            at: at(3, 1, 9),
            logged: at(3, 1, 9),
        };
        let r = b.store.log_rpe(&rpe).await.expect("logs");
        let err = b
            .store
            .update_rpe(r, &NewRpe { rpe: 11, ..rpe })
            .await
            .expect_err("off the scale");
        assert!(
            matches!(err, StoreError::Invalid { field: "RPE", .. }),
            "{err:?}"
        );
        let routine = NewRoutine {
            exercises: vec![],
            rounds: 1,
            note: None,
            at: at(3, 1, 8),
            logged: at(3, 1, 8),
        };
        let ok = NewRoutine {
            exercises: vec![ExerciseDone {
                exercise_id: "plank".to_owned(),
                reps: 3,
            }],
            ..routine.clone()
        };
        let rt = b.store.log_routine(&ok).await.expect("logs");
        assert!(b.store.update_routine(rt, &routine).await.is_err());
        let got = b
            .store
            .routine_entry(rt)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(got.exercises, ok.exercises, "exercises kept: {}", b.name);
    }
}
