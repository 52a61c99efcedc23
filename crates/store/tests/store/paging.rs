//! Listings a page at a time: the pages of activities (newest first, of one
//! sport or all) and of log entries (newest first across every log) put
//! together are exactly the whole listing, in the same order, and each
//! page's count is the whole range's.

use backstride_core::activity::Sport;
use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{History, NewBrace, NewCrossTraining, NewPain, PainWhen, Store, TimeRange};
use chrono::{DateTime, Duration, Utc};
use proptest::collection::vec;
use proptest::prelude::{any, prop_assert_eq, proptest};
use proptest::test_runner::Config;

use crate::support::{at, record, run};

/// A log entry to store, of one of three logs.
#[derive(Debug, Clone, Copy)]
enum Entry {
    Pain(u8),
    Brace(bool),
    Cycling(u16),
}

fn when(hours: u32) -> DateTime<Utc> {
    at(1, 1, 0) + Duration::hours(i64::from(hours))
}

async fn store_with(entries: &[(Entry, u32)], activities: &[(bool, u32)]) -> Store {
    let store = Store::open_in_memory().await.expect("opens");
    for (entry, hours) in entries {
        let at = when(*hours);
        match *entry {
            Entry::Pain(nrs) => store
                .log_pain(&NewPain {
                    region: Region::LowerBack,
                    nrs: Nrs::new(i64::from(nrs)).expect("on the scale"),
                    when: PainWhen::NextMorning,
                    activity_id: None,
                    note: None,
                    at,
                    logged: at,
                })
                .await
                .map(|_| ()),
            Entry::Brace(worn) => store
                .log_brace(&NewBrace {
                    worn,
                    activity_id: None,
                    note: None,
                    at,
                    logged: at,
                })
                .await
                .map(|_| ()),
            Entry::Cycling(minutes) => store
                .log_cross_training(&NewCrossTraining {
                    kind: "cycling".to_owned(),
                    minutes,
                    note: None,
                    at,
                    logged: at,
                })
                .await
                .map(|_| ()),
        }
        .expect("logs");
    }
    for (n, (cycling, hours)) in activities.iter().enumerate() {
        // Activities three hours apart at least, so none is a copy of another.
        let mut activity = run(when(hours * 3), 5_000.0, 10, false);
        if *cycling {
            activity.sport = Sport::Cycling;
        }
        store
            .import_activity(&record(&format!("a{n}.fit"), &activity))
            .await
            .expect("imports");
    }
    store
}

/// Every log entry of `h` as (log, id, instant), newest first as pages
/// count them.
fn newest_first(h: &History) -> Vec<(usize, i64, DateTime<Utc>)> {
    let mut all = Vec::new();
    all.extend(h.pain.iter().map(|e| (0, e.id, e.at)));
    all.extend(h.routines.iter().map(|e| (1, e.id, e.at)));
    all.extend(h.cross_training.iter().map(|e| (2, e.id, e.at)));
    all.extend(h.brace.iter().map(|e| (3, e.id, e.at)));
    all.extend(h.rpe.iter().map(|e| (4, e.id, e.at)));
    all.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    all
}

fn entry() -> impl proptest::strategy::Strategy<Value = Entry> {
    use proptest::prelude::{Strategy, prop_oneof};
    prop_oneof![
        (0_u8..=10).prop_map(Entry::Pain),
        any::<bool>().prop_map(Entry::Brace),
        (1_u16..200).prop_map(Entry::Cycling),
    ]
}

proptest! {
    #![proptest_config(Config::with_cases(24))]
    #[test]
    fn pages_of_entries_make_up_the_whole_listing(
        // Instants from a small set, so several entries share one.
        entries in vec((entry(), 0_u32..40), 0..30),
        per_page in 1_u32..8,
        window in (0_u32..40, 0_u32..41),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let store = store_with(&entries, &[]).await;
            let (lo, hi) = (window.0.min(window.1), window.0.max(window.1));
            for range in [TimeRange::all(), TimeRange::between(when(lo), when(hi))] {
                let whole = newest_first(&store.history(range).await.expect("history"));
                let mut paged = Vec::new();
                let mut offset = 0_u64;
                loop {
                    let (page, total) = store.entry_page(range, per_page, offset).await.expect("page");
                    prop_assert_eq!(total, whole.len() as u64);
                    prop_assert_eq!(page.activities.len() + page.form.len(), 0);
                    let got = newest_first(&page);
                    prop_assert_eq!(got.len(), (whole.len() - paged.len().min(whole.len())).min(per_page as usize));
                    if got.is_empty() {
                        break;
                    }
                    paged.extend(got);
                    offset += u64::from(per_page);
                }
                prop_assert_eq!(&paged, &whole);
            }
            Ok(())
        })?;
    }

    #[test]
    fn pages_of_activities_make_up_the_whole_listing(
        activities in vec((any::<bool>(), 0_u32..30), 0..14),
        per_page in 1_u32..6,
        sport in proptest::option::of(any::<bool>()),
    ) {
        // One activity per slot: the same slot twice would be one activity.
        let mut activities = activities;
        activities.sort_by_key(|a| a.1);
        activities.dedup_by_key(|a| a.1);
        let sport = sport.map(|c| if c { Sport::Cycling } else { Sport::Running });
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let store = store_with(&[], &activities).await;
            let mut whole: Vec<i64> = store
                .list_activities(TimeRange::all())
                .await
                .expect("lists")
                .into_iter()
                .filter(|a| sport.is_none_or(|s| a.sport == s))
                .map(|a| a.id)
                .collect();
            whole.reverse();
            let mut paged = Vec::new();
            let mut offset = 0_u64;
            loop {
                let (page, total) = store
                    .activity_page(TimeRange::all(), sport, per_page, offset)
                    .await
                    .expect("page");
                prop_assert_eq!(total, whole.len() as u64);
                if page.is_empty() {
                    break;
                }
                paged.extend(page.iter().map(|a| a.id));
                offset += u64::from(per_page);
            }
            prop_assert_eq!(&paged, &whole);
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_and_still_counts() {
    let store = store_with(&[(Entry::Pain(3), 1), (Entry::Brace(true), 2)], &[]).await;
    let (page, total) = store
        .entry_page(TimeRange::all(), 10, 5)
        .await
        .expect("page");
    assert_eq!(total, 2);
    assert!(page.is_empty());
    let (first, _) = store
        .entry_page(TimeRange::all(), 1, 0)
        .await
        .expect("page");
    assert_eq!(first.brace.len(), 1, "the newest entry is the brace");
    assert!(first.pain.is_empty());
}
