//! The doctor's limits: every entry kept, the latest by time in force, an
//! all-empty entry clears them, every field round-trips, bad values are
//! refused with the field named.

use backstride_store::{DoctorLimits, IntensityLimit, StoreError};
use chrono::NaiveDate;

use crate::support::{at, backends};

fn full() -> DoctorLimits {
    DoctorLimits {
        weekly_km: Some(25.5),
        max_intensity: Some(IntensityLimit::Moderate),
        runs_per_week: Some(3),
        brace: Some(true),
        follow_up: NaiveDate::from_ymd_opt(2026, 6, 1),
    }
}

#[tokio::test]
async fn the_latest_limits_are_in_force_and_round_trip() {
    for b in backends().await {
        assert_eq!(b.store.latest_limits().await.expect("reads"), None);
        // Saved out of time order: the later time wins, not the later row.
        b.store
            .save_limits(&full(), at(3, 5, 9))
            .await
            .expect("saves");
        let older = DoctorLimits {
            weekly_km: Some(10.0),
            ..DoctorLimits::default()
        };
        b.store
            .save_limits(&older, at(3, 1, 9))
            .await
            .expect("saves");
        let found = b.store.latest_limits().await.expect("reads").expect("some");
        assert_eq!(found.limits, full(), "{}", b.name);
        assert_eq!(found.set_at, at(3, 5, 9), "{}", b.name);
    }
}

#[tokio::test]
async fn an_empty_entry_clears_the_limits() {
    for b in backends().await {
        b.store
            .save_limits(&full(), at(3, 1, 9))
            .await
            .expect("saves");
        b.store
            .save_limits(&DoctorLimits::default(), at(3, 2, 9))
            .await
            .expect("saves");
        assert_eq!(
            b.store.latest_limits().await.expect("reads"),
            None,
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn out_of_range_limits_are_refused_by_name() {
    for b in backends().await {
        for (bad, field) in [
            (
                DoctorLimits {
                    weekly_km: Some(301.0),
                    ..DoctorLimits::default()
                },
                "weekly_km",
            ),
            (
                DoctorLimits {
                    weekly_km: Some(f64::NAN),
                    ..DoctorLimits::default()
                },
                "weekly_km",
            ),
            (
                DoctorLimits {
                    runs_per_week: Some(8),
                    ..DoctorLimits::default()
                },
                "runs_per_week",
            ),
        ] {
            match b.store.save_limits(&bad, at(3, 1, 9)).await {
                Err(StoreError::Invalid { field: f, .. }) => assert_eq!(f, field, "{}", b.name),
                other => panic!("{}: expected Invalid({field}), got {other:?}", b.name),
            }
        }
        assert_eq!(b.store.latest_limits().await.expect("reads"), None);
    }
}

#[test]
fn intensity_names_read_back_and_steady_is_moderate() {
    for i in [
        IntensityLimit::Easy,
        IntensityLimit::Moderate,
        IntensityLimit::Hard,
    ] {
        assert_eq!(IntensityLimit::parse(i.name()), Some(i));
    }
    assert_eq!(
        IntensityLimit::parse("steady"),
        Some(IntensityLimit::Moderate)
    );
    assert_eq!(IntensityLimit::parse("fast"), None);
}

#[tokio::test]
async fn every_entry_is_listed_and_exported_oldest_first() {
    for b in backends().await {
        b.store
            .save_limits(&full(), at(3, 5, 9))
            .await
            .expect("saves");
        b.store
            .save_limits(&DoctorLimits::default(), at(3, 1, 9))
            .await
            .expect("saves");
        let rows = b.store.list_limits().await.expect("lists");
        assert_eq!(rows.len(), 2, "{}", b.name);
        assert_eq!(rows[0].set_at, at(3, 1, 9), "oldest first");
        assert_eq!(rows[0].weekly_km, None);
        assert_eq!(rows[1].max_intensity, Some(IntensityLimit::Moderate));
        assert_eq!(rows[1].follow_up, NaiveDate::from_ymd_opt(2026, 6, 1));
        let export = b.store.export_all().await.expect("exports");
        assert_eq!(export.doctor_limits, rows, "{}", b.name);
        let json = serde_json::to_value(&export).expect("serializes");
        assert_eq!(json["doctor_limits"][1]["max_intensity"], "moderate");
        assert_eq!(json["doctor_limits"][1]["brace"], true);
    }
}
