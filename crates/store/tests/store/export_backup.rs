//! Export and backup: everything comes out as rows that serialize to JSON,
//! samples per activity; a backup is a database that opens with the same
//! content, and an existing target is never overwritten.

use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{NewBrace, NewPain, NewRpe, PainWhen, Store, StoreError, TimeRange};

use crate::support::{Backend, at, backends, record, run};

/// Fills a store with one of everything; returns the activity id.
async fn fill(b: &Backend) -> i64 {
    let activity = run(at(3, 1, 7), 8_000.0, 120, true);
    let id = b
        .store
        .import_activity(&record("x.fit", &activity))
        .await
        .expect("imports")
        .activity_id();
    let pain = NewPain {
        region: Region::Neck,
        nrs: Nrs::new(2).expect("on the scale"),
        when: PainWhen::During,
        activity_id: Some(id),
        note: Some("tight, \"ouch\", then fine".into()),
        at: at(3, 1, 7),
        logged: at(3, 1, 7),
    };
    b.store.log_pain(&pain).await.expect("logs");
    let brace = NewBrace {
        worn: false,
        activity_id: Some(id),
        note: None,
        at: at(3, 1, 7),
        logged: at(3, 1, 7),
    };
    b.store.log_brace(&brace).await.expect("logs");
    let rpe = NewRpe {
        activity_id: id,
        rpe: 6,
        note: Some("hilly, \"hard\"".into()),
        at: at(3, 1, 9),
        logged: at(3, 1, 9),
    };
    b.store.log_rpe(&rpe).await.expect("logs");
    b.store
        .save_answers("age = 40\n", at(3, 1, 6))
        .await
        .expect("saves");
    id
}

#[tokio::test]
async fn export_holds_every_table_and_serializes() {
    for b in backends().await {
        let id = fill(&b).await;
        let export = b.store.export_all().await.expect("exports");
        let sizes = [
            export.documents.len(),
            export.activities.len(),
            export.activity_files.len(),
            export.laps.len(),
            export.pain.len(),
            export.brace.len(),
            export.routines.len(),
            export.rpe.len(),
        ];
        assert_eq!(sizes, [1, 1, 1, 2, 1, 1, 0, 1], "{}", b.name);
        let json = serde_json::to_value(&export).expect("serializes");
        assert_eq!(json["pain"][0]["region"], "neck");
        assert_eq!(json["pain"][0]["when"], "during");
        assert_eq!(json["activities"][0]["sport"], "running");
        assert_eq!(json["activities"][0]["start"], "2026-03-01T07:00:00Z");
        assert_eq!(json["rpe"][0]["activity_id"], id, "{}", b.name);
        assert_eq!(json["rpe"][0]["rpe"], 6, "{}", b.name);
        assert_eq!(json["rpe"][0]["note"], "hilly, \"hard\"", "{}", b.name);
        assert_eq!(json["rpe"][0]["at"], "2026-03-01T09:00:00Z", "{}", b.name);

        let samples = b
            .store
            .export_samples(id)
            .await
            .expect("exports")
            .expect("exists");
        assert_eq!(samples.len(), 120);
        assert_eq!(
            (samples[3].lat, samples[3].heart_rate),
            (None, Some(123)),
            "{}: gaps stay gaps",
            b.name
        );
        assert!(
            b.store
                .export_samples(id + 1)
                .await
                .expect("exports")
                .is_none()
        );
    }
}

#[tokio::test]
async fn a_backup_opens_with_the_same_content_and_never_overwrites() {
    for b in backends().await {
        fill(&b).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("backup.db");
        b.store.backup_to(&target).await.expect("backs up");
        let again = b.store.backup_to(&target).await;
        assert!(
            matches!(again, Err(StoreError::BackupTargetExists(_))),
            "{}: {again:?}",
            b.name
        );

        let copy = Store::open(&target).await.expect("the backup opens");
        assert_eq!(copy.integrity_check().await.expect("checks"), Ok(()));
        assert_eq!(copy.verify_activities().await.expect("verifies"), 1);
        let original = b.store.history(TimeRange::all()).await.expect("reads");
        assert_eq!(
            copy.history(TimeRange::all()).await.expect("reads"),
            original,
            "{}",
            b.name
        );
        copy.close().await;
    }
}
