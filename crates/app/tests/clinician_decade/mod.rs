//! A decade of history for the clinician report's size and speed checks
//! (the test `a_decade_of_history_still_fits_on_two_pages` and the bench
//! `benches/clinician.rs`): the bench corpus (1,300 short activities over
//! ten years, runs and rides in every format, imported through the real
//! binary), saved answers and a plan, and a lower-back pain score every day
//! plus an upper-back one every fifth day, written straight into the store
//! (logging 4,700 scores through the binary would take minutes).

use std::path::Path;
use std::process::Command;

use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{NewPain, PainWhen, Store};
use chrono::{Days, NaiveDate};

/// The `--today` the decade ends on.
pub const TODAY: &str = "2026-11-25";

fn cli(bin: &Path, data: &Path, args: &[&str]) {
    let out = Command::new(bin)
        .args(args)
        .args(["--today", TODAY])
        .env("BACKSTRIDE_DATA_DIR", data)
        .env("TZ", "UTC")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Fills the data directory `data` (using `work` for the corpus files).
pub fn build(bin: &Path, data: &Path, work: &Path, answers: &Path) {
    let corpus = work.join("corpus");
    let config = backstride_bench_corpus::Config {
        count: 1300,
        seed: 12,
        seconds: 240,
    };
    backstride_bench_corpus::write_corpus(&corpus, &config).expect("corpus written");
    let answers = answers.to_str().expect("utf-8 path");
    cli(
        bin,
        data,
        &[
            "plan",
            "--save",
            "--answers",
            answers,
            "--start",
            "2026-11-23",
            "--format",
            "json",
        ],
    );
    cli(
        bin,
        data,
        &["import", corpus.to_str().expect("utf-8 path"), "--json"],
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = Store::open(data.join("backstride.db"))
            .await
            .expect("store opens");
        let first = NaiveDate::from_ymd_opt(2016, 1, 1).expect("date");
        let last = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        for d in 0..=(last - first).num_days() {
            let at = (first + Days::new(d.unsigned_abs()))
                .and_hms_opt(20, 0, 0)
                .expect("time")
                .and_utc();
            let mut scores = vec![(Region::LowerBack, d % 7)];
            if d % 5 == 0 {
                scores.push((Region::UpperBack, d % 4));
            }
            for (region, nrs) in scores {
                store
                    .log_pain(&NewPain {
                        region,
                        nrs: Nrs::new(nrs).expect("0-10"),
                        when: PainWhen::After,
                        activity_id: None,
                        note: None,
                        at,
                        logged: at,
                    })
                    .await
                    .expect("pain logged");
            }
        }
    });
}
