//! Form analyses: the latest by the day the run was filmed, a date range,
//! signals round-tripped, bad input refused, and every row in the export.

use backstride_store::{NewFormAnalysis, StoreError};
use chrono::NaiveDate;

use crate::support::{at, backends};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, d).expect("a valid date")
}

#[tokio::test]
async fn form_analyses_are_kept_by_run_date_with_their_signals() {
    for b in backends().await {
        let s = &b.store;
        assert!(s.latest_form_analysis().await.expect("reads").is_none());
        let signals = vec![
            "form.trunk-lean-growing".to_owned(),
            "form.arms-rising".to_owned(),
        ];
        // Saved later, but filmed earlier.
        for (run, saved, body, sig) in [
            (day(10), at(4, 20, 9), "{\"run\":10}", &signals[..]),
            (day(3), at(4, 21, 9), "{\"run\":3}", &[][..]),
        ] {
            s.save_form_analysis(&NewFormAnalysis {
                run_date: run,
                source: "clip.json",
                body,
                signals: sig,
                findings: sig.len() as u32,
                at: saved,
            })
            .await
            .expect("saves");
        }
        let latest = s.latest_form_analysis().await.expect("reads").expect("one");
        assert_eq!(latest.run_date, day(10), "{}", b.name);
        assert_eq!(latest.signals, signals);
        assert_eq!(latest.findings, 2);
        let early = s.form_analyses(day(1), day(5)).await.expect("reads");
        assert_eq!(early.len(), 1);
        assert!(early[0].signals.is_empty());
        let export = s.export_all().await.expect("exports");
        assert_eq!(export.form_analyses.len(), 2);
        assert_eq!(
            export.form_analyses[1].signals,
            "form.trunk-lean-growing,form.arms-rising"
        );
    }
}

#[tokio::test]
async fn bad_form_analyses_are_refused() {
    for b in backends().await {
        let bad_signal = ["a,b".to_owned()];
        for (source, body, signals) in [
            ("clip.json", "  ", &[][..]),
            ("", "{}", &[][..]),
            ("clip.json", "{}", &bad_signal[..]),
        ] {
            let err = b
                .store
                .save_form_analysis(&NewFormAnalysis {
                    run_date: day(1),
                    source,
                    body,
                    signals,
                    findings: 0,
                    at: at(4, 1, 9),
                })
                .await
                .expect_err("refused");
            assert!(matches!(err, StoreError::Invalid { .. }), "{err}");
        }
        assert!(
            b.store
                .latest_form_analysis()
                .await
                .expect("reads")
                .is_none()
        );
    }
}
