//! `backstride insights` over a long history imported from the synthetic
//! decade (crates/bench-corpus: FIT, GPX and TCX files, gzipped and in a
//! Strava-shaped zip, every one with 1 Hz heart rate): more activities than
//! any sample-reading limit, so a day's load must not depend on how much
//! history is analysed, and the heart-rate column the store keeps must be
//! what the stored samples give.

mod common;

use backstride_bench_corpus::{Config, write_corpus};
use backstride_core::activity::hr::HrTime;
use backstride_store::{Store, TimeRange};
use chrono::{Days, NaiveDate};
use common::Run;
use tempfile::TempDir;

/// Activities in the corpus: more than the 400 whose samples insights
/// once read.
const ACTIVITIES: usize = 450;

/// Imports a decade of `ACTIVITIES` quarter-hour activities.
fn imported_decade() -> TempDir {
    let run = Run::new(&["import"]);
    let corpus = run.path("corpus");
    let config = Config {
        count: ACTIVITIES,
        seed: 2016,
        seconds: 900,
    };
    write_corpus(&corpus, &config).expect("writes the corpus");
    let done = run.arg(&corpus).arg("--json").run();
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    done.dir
}

fn insights(dir: TempDir, extra: &[&str]) -> common::Done {
    let done = extra
        .iter()
        .fold(Run::new(&["insights", "--json"]).in_dir(dir), |r, a| {
            r.arg(a)
        })
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    done
}

/// `(date, load)` of every day with load.
fn loads(json: &serde_json::Value) -> Vec<(String, f64)> {
    json["days"]
        .as_array()
        .unwrap_or_else(|| panic!("no days: {json}"))
        .iter()
        .filter_map(|d| {
            let load = d["load"].as_f64()?;
            (load > 0.0).then(|| (d["date"].as_str().unwrap_or_default().to_owned(), load))
        })
        .collect()
}

#[test]
fn a_days_load_is_the_same_over_the_whole_history_and_with_since() {
    let whole = insights(imported_decade(), &[]);
    let whole_json = whole.json();
    let all = loads(&whole_json);
    assert!(all.len() >= ACTIVITIES - 10, "{} days with load", all.len());
    assert_eq!(
        whole_json["load_sources"]["trimp_samples"], ACTIVITIES,
        "every activity's load from its heart-rate samples: {}",
        whole_json["load_sources"]
    );
    // The last two years or so: well under 400 activities.
    let (last, _) = all.last().cloned().expect("a day with load");
    let since = last
        .parse::<NaiveDate>()
        .expect("a date")
        .checked_sub_days(Days::new(700))
        .expect("a date")
        .to_string();
    let recent = insights(whole.dir, &["--since", &since]);
    let recent_json = recent.json();
    let part = loads(&recent_json);
    assert!(
        (50..400).contains(&part.len()),
        "{} days with load since {since}",
        part.len()
    );
    // The estimated max takes in the earlier years: the same over a range.
    assert_eq!(
        recent_json["load_sources"]["zone_anchors"]["max_hr"],
        whole_json["load_sources"]["zone_anchors"]["max_hr"],
    );
    for (date, load) in &part {
        let over_all = all
            .iter()
            .find(|(d, _)| d == date)
            .map(|(_, l)| *l)
            .unwrap_or_else(|| panic!("{date} has no load over the whole history"));
        assert_eq!(*load, over_all, "{date}: with --since {since} and without");
    }
}

#[test]
fn the_heart_rate_column_is_what_the_imported_samples_give() {
    let dir = imported_decade();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = Store::open(dir.path().join("data").join("backstride.db"))
            .await
            .expect("opens");
        let column = store
            .heart_rate_time(TimeRange::all())
            .await
            .expect("reads heart rate");
        assert_eq!(column.len(), ACTIVITIES);
        for row in column {
            let stored = store
                .load_activity(row.activity_id)
                .await
                .expect("loads")
                .expect("exists");
            let expected = HrTime::from_activity_samples(&stored.activity.samples);
            assert!(expected.samples() >= 800, "{}", stored.summary.source_name);
            assert_eq!(row.hr, expected, "{}", stored.summary.source_name);
        }
        store.close().await;
    });
}
