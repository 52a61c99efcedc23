//! Importing a whole export: loose FIT, GPX and TCX files (some gzipped)
//! beside a Strava-shaped zip, twice. Every activity is stored once, rides
//! are kept and labelled, and the second import finds only duplicates,
//! inside the zip as well.

mod common;

use backstride_bench_corpus::{Config, write_corpus};
use common::Run;

#[test]
fn a_mixed_export_with_a_strava_zip_imports_once() {
    let run = Run::new(&["import", "--json"]);
    let dir = run.path("export");
    let config = Config {
        count: 40,
        seed: 7,
        seconds: 300,
    };
    let written = write_corpus(&dir, &config).expect("corpus written");
    assert!(
        written.in_zip > 0 && written.gzipped > 0 && written.rides > 0,
        "{written:?}"
    );

    let first = run.arg(&dir).run();
    assert_eq!(first.code, 0, "{}", first.stdout);
    let report = first.json();
    let totals = &report["totals"];
    let stored = totals["imported_runs"].as_u64().unwrap_or(0)
        + totals["imported_other"].as_u64().unwrap_or(0);
    assert_eq!(stored, written.activities as u64, "{totals}");
    assert_eq!(
        totals["imported_other"], written.rides as u64,
        "rides are kept and labelled: {totals}"
    );
    let zipped = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| {
            f["source"]
                .as_str()
                .is_some_and(|s| s.contains("strava_export.zip!/"))
        })
        .count();
    assert_eq!(zipped, written.in_zip);

    let second = Run::new(&["import", "--json"])
        .in_dir(first.dir)
        .arg(&dir)
        .run();
    assert_eq!(second.code, 0);
    let totals = &second.json()["totals"];
    assert_eq!(totals["duplicates"], written.activities as u64, "{totals}");
    assert_eq!(totals["imported_runs"], 0);
}
