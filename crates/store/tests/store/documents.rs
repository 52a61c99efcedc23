//! Answers, assessments and plans: every save kept, the latest by time (not
//! by insertion order), plan dates and weeks intact, bad input refused.

use backstride_store::StoreError;
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

#[tokio::test]
async fn plans_and_assessments_keep_their_fields() {
    let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date");
    for b in backends().await {
        b.store
            .save_assessment(r#"{"causes":[]}"#, at(3, 1, 9))
            .await
            .expect("saves");
        b.store
            .save_plan(r#"{"weeks":[1]}"#, start, 8, at(3, 1, 9))
            .await
            .expect("saves");
        b.store
            .save_plan(r#"{"weeks":[2]}"#, start, 12, at(3, 1, 10))
            .await
            .expect("saves");
        let plan = b.store.latest_plan().await.expect("reads").expect("saved");
        assert_eq!(
            (plan.body.as_str(), plan.start_date, plan.weeks),
            (r#"{"weeks":[2]}"#, start, 12),
            "{}",
            b.name
        );
        assert_eq!(plan.created_at, at(3, 1, 10));
        let assessment = b
            .store
            .latest_assessment()
            .await
            .expect("reads")
            .expect("saved");
        assert_eq!(assessment.body, r#"{"causes":[]}"#);
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
    for b in backends().await {
        let refusals = [
            (
                b.store.save_plan("{}", start, 0, at(3, 1, 9)).await,
                "plan weeks",
            ),
            (
                b.store.save_plan("{}", start, 105, at(3, 1, 9)).await,
                "plan weeks",
            ),
            (b.store.save_answers("  \n", at(3, 1, 9)).await, "document"),
            (b.store.save_assessment("", at(3, 1, 9)).await, "document"),
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
