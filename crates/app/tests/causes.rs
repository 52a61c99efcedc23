//! Training load among the likely causes, from the runner's own data
//! (issue 14, item 3), through the real binary: sixteen weeks of imported
//! runs with a long run every Saturday and back pain logged every morning,
//! worse the morning after each long run; `assess` then lists training
//! load beside the article's causes, with the finding's numbers, its
//! strength and its sources. Without the history it does not.

mod common;

use std::fs;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use common::{Done, Run, example};
use serde_json::Value;
use tempfile::TempDir;

/// A GPX run (no heart rate) at noon UTC on `date`: `points` one-second
/// trackpoints about 3.3 m apart.
fn gpx(date: NaiveDate, points: u32) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"causes\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>\n",
    );
    for i in 0..points {
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"0.1\"><time>{date}T12:{:02}:{:02}Z</time></trkpt>\n",
            51.5 + f64::from(i) * 0.00003,
            i / 60,
            i % 60,
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

fn run_in(dir: TempDir, args: &[&str]) -> Done {
    args.iter()
        .fold(Run::new(&[]).in_dir(dir), |r, a| r.arg(a))
        .run()
}

/// Sixteen weeks to Sunday 2026-11-22: easy runs on Monday and Wednesday
/// (about 3.3 km), a long run on Saturday (about 8 km); lower-back pain
/// logged each morning, 5 or 6/10 on the morning after a long run, else 1
/// or 2/10 (a fixed pattern, so the numbers are the same every run).
fn long_runs_then_pain() -> TempDir {
    let first = NaiveDate::from_ymd_opt(2026, 8, 3).expect("a Monday");
    let days: Vec<NaiveDate> = (0..16 * 7).map(|k| first + Days::new(k)).collect();
    let run = Run::new(&["import"]);
    let folder = run.path("runs");
    fs::create_dir_all(&folder).expect("runs folder");
    for d in &days {
        let points = match d.weekday() {
            Weekday::Mon | Weekday::Wed => 1000,
            Weekday::Sat => 2500,
            _ => continue,
        };
        fs::write(folder.join(format!("{d}.gpx")), gpx(*d, points)).expect("gpx");
    }
    let done = run.arg(&folder).run();
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    let mut dir = done.dir;
    for (k, d) in days.iter().enumerate() {
        let after_long = d.pred_opt().is_some_and(|y| y.weekday() == Weekday::Sat);
        let nrs = match (after_long, k % 3 == 0) {
            (true, true) => "6",
            (true, false) => "5",
            (false, true) => "2",
            (false, false) => "1",
        };
        let at = format!("{d}T07:30");
        let done = run_in(
            dir,
            &[
                "log",
                "pain",
                "--region",
                "lower-back",
                "--nrs",
                nrs,
                "--when",
                "next-morning",
                "--at",
                &at,
            ],
        );
        assert_eq!(done.code, 0, "{}", done.stderr);
        dir = done.dir;
    }
    dir
}

/// The "LIKELY CAUSES" block of a text report.
fn causes_block(text: &str) -> String {
    text.lines()
        .skip_while(|l| !l.starts_with("LIKELY CAUSES"))
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn pain_after_long_runs_makes_training_load_a_likely_cause() {
    let lower = example("lower-back.toml");
    let lower = lower.to_str().expect("utf-8");
    let dir = long_runs_then_pain();

    let done = run_in(dir, &["assess", "--answers", lower, "--format", "json"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    let causes = json["assessment"]["causes"].as_array().expect("causes");
    let load = causes
        .iter()
        .find(|c| c["id"] == "training-load")
        .unwrap_or_else(|| panic!("training load among {causes:#?}"));
    // Beside the article's causes, not instead of them.
    assert!(causes.iter().any(|c| c["id"] == "weak-core"), "{causes:#?}");
    let data = load["from_data"].as_array().expect("from_data");
    let finding = data
        .iter()
        .find(|d| d["kind"] == "pain-with" && d["exposure"] == "long-run" && d["lag_days"] == 1)
        .unwrap_or_else(|| panic!("the day after a long run: {data:#?}"));
    let difference = finding["difference"].as_f64().expect("difference");
    assert!(
        (3.0..=4.5).contains(&difference),
        "planted about +4: {difference}"
    );
    let p = finding["p_holm"].as_f64().expect("p");
    assert!(p < 0.05, "{p}");
    let said = finding["said"].as_str().expect("said");
    assert!(said.contains("the day after a long run"), "{said}");
    assert!(
        said.contains("does not show one caused the other"),
        "{said}"
    );
    assert!(
        finding["strength"]
            .as_str()
            .is_some_and(|s| s.contains("n-of-1")),
        "{finding}"
    );
    assert!(
        finding["sources"]
            .as_array()
            .is_some_and(|s| s.iter().any(|id| id == "SILBERNAGEL-2007")),
        "{finding}"
    );
    assert_eq!(load["evidence"]["level"], "low");
    // Every source cited is listed in the report.
    let listed: Vec<&str> = json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    for id in ["SILBERNAGEL-2007", "NIELSEN-2014", "IMPELLIZZERI-2021"] {
        assert!(listed.contains(&id), "{id} in {listed:?}");
    }
    // The load interventions say why they are there.
    let recs = json["assessment"]["recommendations"].to_string();
    assert!(
        recs.contains("addresses a likely cause: Training load"),
        "{recs}"
    );

    let text = run_in(done.dir, &["assess", "--answers", lower, "--no-save"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let block = causes_block(&text.stdout);
    assert!(block.contains("From your data:"), "{}", text.stdout);
    insta::assert_snapshot!("training_load_from_long_runs", block);
}

#[test]
fn without_a_history_there_is_no_data_driven_cause() {
    let done = Run::new(&["assess", "--format", "json", "--no-save", "--answers"])
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json: Value = done.json();
    let causes = json["assessment"]["causes"].as_array().expect("causes");
    assert!(!causes.is_empty());
    assert!(
        causes
            .iter()
            .all(|c| c["id"] != "training-load" && c.get("from_data").is_none()),
        "{causes:#?}"
    );
}

#[test]
fn a_red_flag_still_stops_with_the_history() {
    let dir = long_runs_then_pain();
    let red = example("red-flag.toml");
    let done = run_in(
        dir,
        &[
            "assess",
            "--answers",
            red.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
    );
    assert_eq!(done.code, 3, "{}", done.stderr);
    let json = done.json();
    assert_eq!(json["assessment"]["triage"]["allows_plan"], false);
    assert_eq!(
        json["assessment"]["recommendations"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}
