//! Activities: imports and their outcomes (same file, same activity from
//! another source, richer copy kept in place), round trips, listings and
//! totals, and refusals that leave the store unchanged.

use backstride_core::activity::{Activity, Sport};
use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{ImportOutcome, NewPain, PainWhen, Store, StoreError, TimeRange};

use crate::support::{Backend, at, backends, record, run, shifted};

/// What an import step should answer, naming earlier steps by index.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Inserted,
    DuplicateFile(usize),
    DuplicateActivity { of: usize, replaced: bool },
}

/// Imports each `(file, activity)` in order, checks each outcome, the
/// number of activities at the end, and which file's data each activity
/// holds (by source name). Returns the activity id of every step.
async fn check(b: &Backend, steps: &[(&str, &Activity, Expect)], kept: &[&str]) -> Vec<i64> {
    let mut ids: Vec<i64> = Vec::new();
    for (i, (file, activity, expect)) in steps.iter().enumerate() {
        let outcome = b
            .store
            .import_activity(&record(file, activity))
            .await
            .unwrap_or_else(|e| panic!("{}: step {i} ({file}) failed: {e}", b.name));
        let wanted = match *expect {
            Expect::Inserted => ImportOutcome::Inserted(outcome.activity_id()),
            Expect::DuplicateFile(of) => ImportOutcome::DuplicateFile(ids[of]),
            Expect::DuplicateActivity { of, replaced } => ImportOutcome::DuplicateActivity {
                existing_id: ids[of],
                replaced,
            },
        };
        assert_eq!(outcome, wanted, "{}: step {i} ({file})", b.name);
        ids.push(outcome.activity_id());
    }
    let listed = b
        .store
        .list_activities(TimeRange::all())
        .await
        .expect("lists");
    let mut sources: Vec<&str> = listed.iter().map(|s| s.source_name.as_str()).collect();
    sources.sort_unstable();
    let mut kept = kept.to_vec();
    kept.sort_unstable();
    assert_eq!(sources, kept, "{}: activities kept", b.name);
    assert_eq!(
        b.store.verify_activities().await.expect("verifies"),
        kept.len()
    );
    ids
}

#[tokio::test]
async fn the_same_file_twice_is_stored_once() {
    let fit = run(at(3, 1, 7), 10_000.0, 600, true);
    for b in backends().await {
        check(
            &b,
            &[
                ("a.fit", &fit, Expect::Inserted),
                ("a.fit", &fit, Expect::DuplicateFile(0)),
            ],
            &["a.fit"],
        )
        .await;
    }
}

#[tokio::test]
async fn a_poorer_second_source_is_recorded_but_not_kept() {
    let fit = run(at(3, 1, 7), 10_000.0, 600, true);
    let gpx = run(shifted(at(3, 1, 7), 30), 10_150.0, 600, false);
    for b in backends().await {
        let steps = [
            ("a.fit", &fit, Expect::Inserted),
            (
                "a.gpx",
                &gpx,
                Expect::DuplicateActivity {
                    of: 0,
                    replaced: false,
                },
            ),
            ("a.gpx", &gpx, Expect::DuplicateFile(0)),
        ];
        check(&b, &steps, &["a.fit"]).await;
    }
}

#[tokio::test]
async fn a_richer_second_source_replaces_in_place_and_links_survive() {
    let gpx = run(at(3, 1, 7), 10_000.0, 600, false);
    let fit = run(shifted(at(3, 1, 7), -45), 9_850.0, 300, true);
    for b in backends().await {
        let first = b
            .store
            .import_activity(&record("a.gpx", &gpx))
            .await
            .expect("imports");
        assert!(matches!(first, ImportOutcome::Inserted(_)), "{}", b.name);
        let pain = NewPain {
            region: Region::LowerBack,
            nrs: Nrs::new(4).expect("on the scale"),
            when: PainWhen::After,
            activity_id: Some(first.activity_id()),
            note: None,
            at: at(3, 1, 9),
            logged: at(3, 1, 9),
        };
        b.store.log_pain(&pain).await.expect("logs");
        let fit_outcome = b
            .store
            .import_activity(&record("a.fit", &fit))
            .await
            .expect("imports");
        let replaced = ImportOutcome::DuplicateActivity {
            existing_id: first.activity_id(),
            replaced: true,
        };
        assert_eq!(fit_outcome, replaced, "{}", b.name);
        let again = b
            .store
            .import_activity(&record("a.gpx", &gpx))
            .await
            .expect("imports");
        assert_eq!(
            again,
            ImportOutcome::DuplicateFile(first.activity_id()),
            "{}",
            b.name
        );
        let files = b.store.export_all().await.expect("exports").activity_files;
        let primary: Vec<(&str, bool)> = files
            .iter()
            .map(|f| (f.source_name.as_str(), f.is_primary))
            .collect();
        assert_eq!(
            primary,
            vec![("a.gpx", false), ("a.fit", true)],
            "{}",
            b.name
        );
        let stored = b
            .store
            .load_activity(first.activity_id())
            .await
            .expect("loads")
            .expect("exists");
        assert_eq!(
            stored.activity, fit,
            "{}: the richer copy's data, whole",
            b.name
        );
        let linked = b.store.list_pain(TimeRange::all()).await.expect("lists");
        assert_eq!(
            linked[0].activity_id,
            Some(first.activity_id()),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn activities_just_outside_the_tolerances_are_distinct() {
    let base = run(at(3, 1, 7), 10_000.0, 60, true);
    let late = run(shifted(at(3, 1, 7), 61), 10_000.0, 60, true);
    let longer = run(at(3, 1, 7), 10_210.0, 60, true);
    for b in backends().await {
        let steps = [
            ("base.fit", &base, Expect::Inserted),
            ("late.fit", &late, Expect::Inserted),
            ("longer.fit", &longer, Expect::Inserted),
        ];
        check(&b, &steps, &["base.fit", "late.fit", "longer.fit"]).await;
    }
}

#[tokio::test]
async fn an_activity_round_trips_whole_and_lists_by_range_and_sport() {
    let morning = run(at(3, 1, 7), 10_000.0, 3600, true);
    let mut ride = run(at(3, 2, 7), 30_000.0, 0, false);
    ride.sport = Sport::Cycling;
    ride.sport_label = "Biking".into();
    ride.laps.clear();
    for b in backends().await {
        let mut with_problems = record("m.fit", &morning);
        with_problems.problems = vec!["3 records without a timestamp were skipped".into()];
        let id = b
            .store
            .import_activity(&with_problems)
            .await
            .expect("imports")
            .activity_id();
        b.store
            .import_activity(&record("r.tcx", &ride))
            .await
            .expect("imports");

        let stored = b
            .store
            .load_activity(id)
            .await
            .expect("loads")
            .expect("exists");
        assert_eq!(stored.activity, morning, "{}", b.name);
        assert_eq!(
            (stored.summary.sample_count, stored.summary.format.as_str()),
            (3600, "fit")
        );
        assert!(
            b.store
                .load_activity(id + 100)
                .await
                .expect("loads")
                .is_none()
        );

        let march_first = b
            .store
            .list_activities(TimeRange::between(at(3, 1, 0), at(3, 2, 0)))
            .await;
        assert_eq!(
            march_first
                .expect("lists")
                .iter()
                .map(|s| s.id)
                .collect::<Vec<_>>(),
            vec![id]
        );
        let counts = b
            .store
            .counts_by_sport(TimeRange::all())
            .await
            .expect("counts");
        let summary: Vec<(Sport, u64, f64)> = counts
            .iter()
            .map(|c| (c.sport, c.activities, c.distance_m))
            .collect();
        assert_eq!(
            summary,
            vec![(Sport::Cycling, 1, 30_000.0), (Sport::Running, 1, 10_000.0)],
            "{}",
            b.name
        );
        let exported = b.store.export_all().await.expect("exports");
        assert_eq!(exported.import_problems.len(), 1, "{}", b.name);
    }
}

#[tokio::test]
async fn a_refused_import_leaves_the_store_as_it_was() {
    let good = run(at(3, 1, 7), 10_000.0, 60, true);
    let mut bad = run(at(3, 5, 7), 10_000.0, 60, true);
    bad.distance_m = f64::NAN;
    for b in backends().await {
        b.store
            .import_activity(&record("good.fit", &good))
            .await
            .expect("imports");
        let refused = b.store.import_activity(&record("bad.fit", &bad)).await;
        assert!(
            matches!(
                refused,
                Err(StoreError::Invalid {
                    field: "distance",
                    ..
                })
            ),
            "{}",
            b.name
        );
        let mut empty_name = record("x.fit", &good);
        empty_name.source_name.clear();
        assert!(b.store.import_activity(&empty_name).await.is_err());
        assert_eq!(
            b.store
                .export_all()
                .await
                .expect("exports")
                .activity_files
                .len(),
            1
        );
        check_unchanged(&b.store, 1).await;
    }
}

async fn check_unchanged(store: &Store, activities: usize) {
    assert_eq!(
        store
            .list_activities(TimeRange::all())
            .await
            .expect("lists")
            .len(),
        activities
    );
    assert_eq!(store.integrity_check().await.expect("checks"), Ok(()));
}

#[tokio::test]
async fn the_legs_of_a_multisport_file_are_linked_in_order() {
    use backstride_store::{ContentHash, MultisportLeg};
    for b in backends().await {
        let file = ContentHash::of(b"triathlon.fit");
        let swim = Activity {
            sport: Sport::Swimming,
            ..run(at(6, 1, 7), 1500.0, 10, true)
        };
        let bike = Activity {
            sport: Sport::Cycling,
            ..run(at(6, 1, 8), 40_000.0, 10, true)
        };
        let leg_run = run(at(6, 1, 9), 10_000.0, 10, true);
        let alone = run(at(6, 2, 9), 10_000.0, 10, true);
        let mut ids = Vec::new();
        for (i, (name, activity)) in [("tri#0", &swim), ("tri#1", &bike), ("tri#2", &leg_run)]
            .into_iter()
            .enumerate()
        {
            let mut rec = record(name, activity);
            rec.multisport = Some(MultisportLeg {
                file_sha256: file,
                leg: u32::try_from(i).unwrap_or(0),
            });
            let outcome = b.store.import_activity(&rec).await.expect("imports");
            assert!(matches!(outcome, ImportOutcome::Inserted(_)), "{outcome:?}");
            ids.push(outcome.activity_id());
        }
        let single = b
            .store
            .import_activity(&record("alone.fit", &alone))
            .await
            .expect("imports")
            .activity_id();
        assert_eq!(
            b.store.multisport_legs(ids[2]).await.expect("legs"),
            ids,
            "{}",
            b.name
        );
        assert_eq!(b.store.multisport_legs(ids[0]).await.expect("legs"), ids);
        assert!(
            b.store
                .multisport_legs(single)
                .await
                .expect("legs")
                .is_empty()
        );
        // The run leg is a run like any other.
        let runs = b
            .store
            .list_activities(TimeRange::all())
            .await
            .expect("list")
            .into_iter()
            .filter(|a| a.sport == Sport::Running)
            .count();
        assert_eq!(runs, 2, "{}", b.name);
    }
}

#[tokio::test]
async fn the_better_known_sport_survives_a_richer_copy_that_names_none() {
    use backstride_core::activity::SportSource;
    for b in backends().await {
        // The FIT names the swim; the TCX (richer: more samples) says Other.
        let fit = Activity {
            sport: Sport::Swimming,
            sport_label: "open_water_swimming".into(),
            ..run(at(6, 3, 7), 1500.0, 10, true)
        };
        let tcx = Activity {
            sport: Sport::Other,
            sport_label: "Other".into(),
            ..run(at(6, 3, 7), 1500.0, 600, true)
        };
        let first = b
            .store
            .import_activity(&record("swim.fit", &fit))
            .await
            .expect("fit");
        let second = b
            .store
            .import_activity(&record("swim.tcx", &tcx))
            .await
            .expect("tcx");
        assert_eq!(
            second,
            ImportOutcome::DuplicateActivity {
                existing_id: first.activity_id(),
                replaced: true
            }
        );
        let stored = b
            .store
            .load_activity(first.activity_id())
            .await
            .expect("load")
            .expect("stored");
        assert_eq!(stored.activity.sport, Sport::Swimming, "{}", b.name);
        assert_eq!(stored.activity.sport_label, "open_water_swimming");
        assert_eq!(
            stored.activity.samples.len(),
            600,
            "the richer data is kept"
        );

        // The runner's word outranks any file.
        assert!(
            b.store
                .set_sport(first.activity_id(), Sport::Walking)
                .await
                .expect("set")
        );
        let again = Activity {
            sport: Sport::Running,
            ..run(at(6, 3, 7), 1500.0, 900, true)
        };
        b.store
            .import_activity(&record("swim.gpx", &again))
            .await
            .expect("gpx");
        let summary = b
            .store
            .load_activity(first.activity_id())
            .await
            .expect("load")
            .expect("stored")
            .summary;
        assert_eq!(summary.sport, Sport::Walking);
        assert_eq!(summary.sport_source, SportSource::Runner);
        assert!(!b.store.set_sport(9999, Sport::Running).await.expect("set"));
    }
}

#[tokio::test]
async fn deleting_a_leg_takes_only_that_leg_unless_the_legs_are_asked_for() {
    use backstride_core::units::Nrs;
    use backstride_store::{ContentHash, MultisportLeg, NewRpe};
    for b in backends().await {
        let file = ContentHash::of(b"duathlon.fit");
        let first = run(at(6, 1, 7), 5000.0, 10, true);
        let second = Activity {
            sport: Sport::Cycling,
            ..run(at(6, 1, 8), 20_000.0, 10, true)
        };
        let third = run(at(6, 1, 9), 5000.0, 10, true);
        let mut ids = Vec::new();
        for (i, (name, activity)) in [("du#0", &first), ("du#1", &second), ("du#2", &third)]
            .into_iter()
            .enumerate()
        {
            let mut rec = record(name, activity);
            rec.multisport = Some(MultisportLeg {
                file_sha256: file,
                leg: u32::try_from(i).unwrap_or(0),
            });
            ids.push(
                b.store
                    .import_activity(&rec)
                    .await
                    .expect("imports")
                    .activity_id(),
            );
        }
        let alone = b
            .store
            .import_activity(&record("alone.fit", &run(at(6, 3, 9), 8000.0, 10, true)))
            .await
            .expect("imports")
            .activity_id();
        b.store
            .log_rpe(&NewRpe {
                activity_id: ids[2],
                rpe: 6,
                note: None,
                at: at(6, 1, 12),
                logged: at(6, 1, 12),
            })
            .await
            .expect("logs");
        let pain = b
            .store
            .log_pain(&NewPain {
                region: Region::LowerBack,
                nrs: Nrs::new(2).expect("a score"),
                when: PainWhen::After,
                activity_id: Some(ids[2]),
                note: None,
                at: at(6, 1, 12),
                logged: at(6, 1, 12),
            })
            .await
            .expect("logs");
        assert_eq!(
            b.store.last_activity_id().await.expect("reads"),
            Some(alone)
        );

        // One leg alone: the others stay, still linked to each other.
        assert_eq!(
            b.store
                .delete_activity(ids[2], false)
                .await
                .expect("deletes"),
            [ids[2]]
        );
        assert_eq!(
            b.store.multisport_legs(ids[0]).await.expect("legs"),
            ids[..2]
        );
        let listed = b.store.list_rpe(TimeRange::all()).await.expect("lists");
        assert!(listed.is_empty(), "its RPE goes with it: {listed:?}");
        let pains = b.store.list_pain(TimeRange::all()).await.expect("lists");
        assert_eq!(pains.len(), 1, "{}", b.name);
        assert_eq!(
            (pains[0].id, pains[0].activity_id),
            (pain, None),
            "pain stays, unlinked"
        );

        // With the legs: every remaining leg, and nothing else.
        assert_eq!(
            b.store
                .delete_activity(ids[0], true)
                .await
                .expect("deletes"),
            ids[..2]
        );
        let left: Vec<i64> = b
            .store
            .list_activities(TimeRange::all())
            .await
            .expect("lists")
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(left, [alone], "{}", b.name);
        assert!(
            b.store
                .delete_activity(ids[0], true)
                .await
                .expect("runs")
                .is_empty()
        );
        // The file can be imported again.
        let again = b
            .store
            .import_activity(&record("du#2", &third))
            .await
            .expect("imports");
        assert!(matches!(again, ImportOutcome::Inserted(_)), "{again:?}");
        assert_eq!(b.store.integrity_check().await.expect("checks"), Ok(()));
    }
}
