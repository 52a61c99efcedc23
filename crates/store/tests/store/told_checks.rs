//! What the red-flag rule reads (issue 10): notes and pain scores with the
//! moment they were told, whatever day they describe, and red-flag checks
//! with every answer.

use std::collections::BTreeMap;

use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{CheckSource, NewBrace, NewCheck, NewPain, PainWhen, StoreError};

use crate::support::{at, backends};

#[tokio::test]
async fn notes_and_pain_are_read_by_when_they_were_told() {
    for b in backends().await {
        // Told on 20 March about 2 March; told on 3 March about 3 March.
        let backdated = NewPain {
            region: Region::LowerBack,
            nrs: Nrs::new(9).expect("on the scale"),
            when: PainWhen::After,
            activity_id: None,
            note: Some("groin went numb".into()),
            at: at(3, 2, 18),
            logged: at(3, 20, 9),
        };
        b.store.log_pain(&backdated).await.expect("logs");
        let brace = NewBrace {
            worn: true,
            activity_id: None,
            note: Some("fine".into()),
            at: at(3, 3, 8),
            logged: at(3, 3, 8),
        };
        b.store.log_brace(&brace).await.expect("logs");
        let blank = NewBrace {
            note: Some("   ".into()),
            ..brace.clone()
        };
        b.store.log_brace(&blank).await.expect("logs");

        let all = b.store.notes_told_after(None).await.expect("reads");
        let told: Vec<(&str, &str)> = all.iter().map(|n| (n.log, n.note.as_str())).collect();
        assert_eq!(
            told,
            [("brace", "fine"), ("pain", "groin went numb")],
            "{}",
            b.name
        );
        assert_eq!(all[1].at, at(3, 2, 18));
        assert_eq!(all[1].logged, at(3, 20, 9));
        // After 10 March: only the note told then, though it is about 2 March.
        let late = b
            .store
            .notes_told_after(Some(at(3, 10, 0)))
            .await
            .expect("reads");
        assert_eq!(late.len(), 1, "{}", b.name);
        assert_eq!(late[0].note, "groin went numb");

        let pains = b.store.pain_told().await.expect("reads");
        assert_eq!(pains.len(), 1);
        assert_eq!((pains[0].nrs, pains[0].logged), (9, at(3, 20, 9)));
    }
}

#[tokio::test]
async fn checks_keep_every_answer_in_order() {
    for b in backends().await {
        let first = NewCheck {
            at: at(3, 5, 9),
            complete: false,
            source: CheckSource::Log,
            answers: BTreeMap::from([("saddle-numbness".to_owned(), true)]),
        };
        let second = NewCheck {
            at: at(3, 6, 9),
            complete: true,
            source: CheckSource::Check,
            answers: BTreeMap::from([
                ("saddle-numbness".to_owned(), false),
                ("severe-pain".to_owned(), false),
            ]),
        };
        // Saved out of order: listed by time.
        b.store.save_check(&second).await.expect("saves");
        b.store.save_check(&first).await.expect("saves");
        let checks = b.store.list_checks().await.expect("lists");
        assert_eq!(checks.len(), 2, "{}", b.name);
        assert_eq!(checks[0].source, CheckSource::Log);
        assert_eq!(checks[0].answers, first.answers);
        assert!(checks[1].complete);
        assert_eq!(checks[1].answers, second.answers);
        // The export carries every check with its answers (no data locked in).
        let exported = b.store.export_all().await.expect("exports").red_flag_checks;
        assert_eq!(exported.len(), 2, "{}", b.name);
        assert_eq!(exported[0].source, "log");
        assert_eq!(exported[1].answers, second.answers);
        assert!(exported[1].complete);

        let empty = NewCheck {
            answers: BTreeMap::new(),
            ..first.clone()
        };
        assert!(matches!(
            b.store.save_check(&empty).await,
            Err(StoreError::Invalid { .. })
        ));
        let long = NewCheck {
            answers: BTreeMap::from([("x".repeat(65), true)]),
            ..first
        };
        assert!(b.store.save_check(&long).await.is_err());
        assert_eq!(b.store.list_checks().await.expect("lists").len(), 2);
    }
}
