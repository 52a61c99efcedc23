//! Deleting everything: every table emptied in one go, the counts said,
//! and the database still a working, empty one afterwards.

use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{NewPain, NewRpe, PainWhen, TimeRange};

use crate::support::{at, backends, record, run};

#[tokio::test]
async fn delete_everything_empties_every_table_and_says_what_it_removed() {
    for b in backends().await {
        let activity = run(at(3, 1, 7), 8_000.0, 120, true);
        let id = b
            .store
            .import_activity(&record("x.fit", &activity))
            .await
            .expect("imports")
            .activity_id();
        let pain = NewPain {
            region: Region::LowerBack,
            nrs: Nrs::new(3).expect("on the scale"),
            when: PainWhen::After,
            activity_id: Some(id),
            note: None,
            at: at(3, 1, 9),
            logged: at(3, 1, 9),
        };
        b.store.log_pain(&pain).await.expect("logs");
        b.store.log_pain(&pain).await.expect("logs");
        let rpe = NewRpe {
            activity_id: id,
            rpe: 5,
            note: None,
            at: at(3, 1, 9),
            logged: at(3, 1, 9),
        };
        b.store.log_rpe(&rpe).await.expect("logs");
        b.store
            .save_answers("age = 40\n", at(3, 1, 6))
            .await
            .expect("saves");

        let removed = b.store.delete_everything().await.expect("deletes");
        let count = |table: &str| {
            removed
                .iter()
                .find(|(t, _)| t == table)
                .map(|(_, n)| *n)
                .unwrap_or_default()
        };
        assert_eq!(count("activities"), 1, "{}", b.name);
        assert_eq!(count("pain_entries"), 2, "{}", b.name);
        assert_eq!(count("rpe_entries"), 1, "{}", b.name);
        assert_eq!(count("documents"), 1, "{}: {removed:?}", b.name);
        assert!(
            removed.iter().all(|(t, _)| t != "_sqlx_migrations"),
            "{}: the migrations' record is kept",
            b.name
        );

        let export = b.store.export_all().await.expect("exports");
        let json = serde_json::to_value(&export).expect("serializes");
        for (table, rows) in json.as_object().expect("an object") {
            assert_eq!(
                rows.as_array().map(Vec::len),
                Some(0),
                "{}: {table}",
                b.name
            );
        }
        assert!(
            b.store
                .history(TimeRange::all())
                .await
                .expect("reads")
                .is_empty()
        );
        // Still a working database: the same file imports as new again.
        let again = b
            .store
            .import_activity(&record("x.fit", &activity))
            .await
            .expect("imports");
        assert!(
            matches!(again, backstride_store::ImportOutcome::Inserted(_)),
            "{}: {again:?}",
            b.name
        );
        // Nothing left to remove but what was just added.
        let second = b.store.delete_everything().await.expect("deletes");
        assert_eq!(
            second.iter().map(|(_, n)| n).sum::<u64>(),
            second
                .iter()
                .filter(|(t, _)| t.starts_with("activit"))
                .map(|(_, n)| n)
                .sum::<u64>(),
            "{}: {second:?}",
            b.name
        );
    }
}
