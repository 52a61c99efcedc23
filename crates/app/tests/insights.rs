//! End-to-end tests of `backstride insights` through the real binary: an
//! empty database, pain only, runs only, a history with logs, the JSON and
//! HTML outputs, a red flag in saved answers, and a snapshot of a small
//! fixed history.

mod common;

use std::fs;
use std::path::Path;

use common::{Run, example};
use tempfile::TempDir;

/// A GPX run on `date` starting 12:00 UTC (so the local day is the same in
/// any zone within 11 hours of UTC), `points` one-second trackpoints about
/// 3.3 m apart, with heart rate.
fn gpx_run(date: &str, points: u32) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<trk><name>Midday run</name><type>running</type><trkseg>
"#,
    );
    for i in 0..points {
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"-0.100000\"><ele>20</ele><time>{date}T12:{:02}:{:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            51.5 + f64::from(i) * 0.00003,
            i / 60,
            i % 60,
            130 + i % 25
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

/// Imports one run per date into a fresh data directory.
fn with_runs(dates: &[&str]) -> TempDir {
    let run = Run::new(&["import"]);
    let dir = run.path("gpx");
    fs::create_dir_all(&dir).expect("gpx dir");
    for (k, d) in dates.iter().enumerate() {
        let points = 1200 + 300 * (k as u32 % 3);
        fs::write(dir.join(format!("run-{d}.gpx")), gpx_run(d, points)).expect("write gpx");
    }
    let done = run.arg(&dir).arg("--json").run();
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    done.dir
}

/// Logs one entry in `dir`.
fn log(dir: TempDir, args: &[&str]) -> TempDir {
    let done = Run::new(&["log"]).in_dir(dir).run_with(args);
    assert_eq!(done.code, 0, "{}", done.stderr);
    done.dir
}

trait RunWith {
    fn run_with(self, args: &[&str]) -> common::Done;
}

impl RunWith for Run {
    fn run_with(self, args: &[&str]) -> common::Done {
        args.iter().fold(self, |r, a| r.arg(a)).run()
    }
}

fn pain(dir: TempDir, nrs: &str, when: &str, at: &str) -> TempDir {
    log(
        dir,
        &[
            "pain",
            "--region",
            "lower-back",
            "--nrs",
            nrs,
            "--when",
            when,
            "--at",
            at,
        ],
    )
}

/// Runs and logs over three weeks ending 2026-11-21.
fn small_history() -> TempDir {
    let dates = [
        "2026-11-02",
        "2026-11-04",
        "2026-11-07",
        "2026-11-09",
        "2026-11-11",
        "2026-11-14",
        "2026-11-16",
        "2026-11-18",
        "2026-11-21",
    ];
    let mut dir = with_runs(&dates);
    for (k, d) in dates.iter().enumerate() {
        let after = ["2", "3", "5", "1", "4", "6", "2", "3", "4"][k];
        dir = pain(dir, after, "after", &format!("{d}T13:30"));
        let morning = ["1", "1", "2", "0", "1", "3", "1", "1", "2"][k];
        let next = d
            .parse::<chrono::NaiveDate>()
            .expect("date")
            .succ_opt()
            .expect("next day");
        dir = pain(dir, morning, "next-morning", &format!("{next}T07:30"));
    }
    dir = log(
        dir,
        &["routine", "warrior-pose:10", "--at", "2026-11-10T08:00"],
    );
    dir = log(
        dir,
        &["cross-train", "--minutes", "45", "--at", "2026-11-12T12:00"],
    );
    log(dir, &["brace", "--worn", "--at", "2026-11-14T12:30"])
}

fn insights(dir: TempDir, extra: &[&str]) -> common::Done {
    Run::new(&["insights"]).in_dir(dir).run_with(extra)
}

#[test]
fn empty_database_says_what_is_missing() {
    let done = Run::new(&["insights"]).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stdout.contains("not a medical device"),
        "{}",
        done.stdout
    );
    assert!(done.stdout.contains("No activities"), "{}", done.stdout);
    assert!(done.stdout.contains("No pain logged"), "{}", done.stdout);
    assert!(done.stdout.contains("no plan"), "{}", done.stdout);
    let json = Run::new(&["insights", "--json"]).run().json();
    assert_eq!(json["alerts"].as_array().map(Vec::len), Some(0));
    assert!(json["missing"].as_array().is_some_and(|m| m.len() >= 3));
}

#[test]
fn pain_only_shows_pain_and_asks_for_activities() {
    let dir = pain(Run::new(&[]).into_dir(), "4", "after", "2026-11-20T18:00");
    let dir = pain(dir, "2", "next-morning", "2026-11-21T07:00");
    let done = insights(dir, &[]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(done.stdout.contains("lower-back"), "{}", done.stdout);
    assert!(done.stdout.contains("No activities"), "{}", done.stdout);
    assert!(!done.stdout.contains("No pain logged"), "{}", done.stdout);
}

#[test]
fn runs_only_shows_load_and_asks_for_pain() {
    let dir = with_runs(&["2026-11-10", "2026-11-12", "2026-11-15"]);
    let done = insights(dir, &["--json"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    let km: f64 = json["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .map(|w| w["distance_km"].as_f64().expect("km"))
        .sum();
    assert!(km > 5.0, "{json}");
    let missing = json["missing"].to_string();
    assert!(missing.contains("No pain logged"), "{missing}");
    assert!(json["fitness"].is_object(), "{json}");
}

#[test]
fn a_history_with_logs_gives_every_section() {
    let dir = small_history();
    let done = insights(dir, &["--until", "2026-11-22"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    for part in [
        "ALERTS",
        "WEEKLY LOAD",
        "FITNESS, FATIGUE, FORM",
        "PAIN",
        "ADHERENCE",
        "n-of-1",
        "NEXT WEEK",
        "not an injury probability",
    ] {
        assert!(done.stdout.contains(part), "{part}: {}", done.stdout);
    }
    let json = insights(done.dir, &["--until", "2026-11-22", "--json"]).json();
    for key in [
        "alerts",
        "weeks",
        "associations",
        "pain",
        "routine",
        "decision",
    ] {
        assert!(json.get(key).is_some(), "{key}: {json}");
    }
    assert!(json["associations"]["items"].is_array());
    assert_eq!(json["today"], "2026-11-22");
}

#[test]
fn html_is_one_file_with_svg_and_no_script() {
    let dir = small_history();
    let run = Run::new(&["insights"]).in_dir(dir);
    let page = run.path("insights.html");
    let done = run.arg("--html").arg(&page).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let html = fs::read_to_string(&page).expect("html written");
    assert!(html.matches("<svg").count() >= 3, "{html}");
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    let written: Vec<_> = fs::read_dir(page.parent().expect("parent"))
        .expect("temp dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .collect();
    assert_eq!(written.len(), 1, "one file: {written:?}");
    assert!(Path::new(&page).is_file());
}

#[test]
fn a_red_flag_in_saved_answers_is_a_stop_alert_first() {
    let saved = Run::new(&["assess", "--answers"])
        .arg(example("red-flag.toml"))
        .run();
    assert_eq!(saved.code, 3, "{}", saved.stderr);
    let done = insights(saved.dir, &["--json"]);
    assert_eq!(done.code, 3, "{}", done.stderr);
    let json = done.json();
    assert_eq!(json["alerts"][0]["severity"], "stop", "{json}");
    assert_eq!(json["alerts"][0]["kind"], "red-flag", "{json}");
    let text = insights(done.dir, &[]);
    assert!(text.stdout.contains("STOP:"), "{}", text.stdout);
}

#[test]
fn adherence_is_measured_against_the_saved_plan() {
    let planned = Run::new(&["plan", "--start", "2026-11-02", "--answers"])
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    let json = insights(planned.dir, &["--json"]).json();
    let routine = &json["routine"];
    assert_eq!(routine["plan"], true, "{routine}");
    assert!(
        routine["planned_days"].as_u64().is_some_and(|n| n > 0),
        "{routine}"
    );
    assert_eq!(routine["done_planned_days"], 0, "{routine}");
    let kinds = json["alerts"].to_string();
    assert!(kinds.contains("routine-skipped"), "{kinds}");
}

#[test]
fn since_and_until_bound_the_analysed_days() {
    let json = insights(
        small_history(),
        &["--since", "2026-11-09", "--until", "2026-11-15", "--json"],
    )
    .json();
    assert_eq!(json["since"], "2026-11-09", "{json}");
    assert_eq!(json["today"], "2026-11-15", "{json}");
    let weeks = json["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 1, "{json}");
    assert_eq!(weeks[0]["runs"], 3, "{json}");
}

#[test]
fn bad_range_is_a_user_error() {
    let done = Run::new(&["insights", "--since", "2026-12-01", "--until", "2026-11-01"]).run();
    assert_eq!(done.code, 2, "{}", done.stderr);
}

#[test]
fn json_snapshot_of_a_small_fixed_history() {
    let done = insights(
        small_history(),
        &["--until", "2026-11-22", "--json", "--seed", "7"],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    insta::assert_snapshot!(done.stdout);
}

#[test]
fn each_back_region_gets_its_own_findings_once_both_are_logged() {
    let mut dir = small_history();
    for day in ["2026-11-09", "2026-11-16"] {
        dir = log(
            dir,
            &[
                "pain",
                "--region",
                "upper-back",
                "--nrs",
                "2",
                "--when",
                "after",
                "--at",
                &format!("{day}T14:00"),
            ],
        );
    }
    let done = insights(dir, &["--json"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let doc = done.json();
    let regions = doc["associations"]["by_region"]
        .as_array()
        .expect("by_region");
    let keys: Vec<&str> = regions
        .iter()
        .filter_map(|r| r["region"].as_str())
        .collect();
    assert_eq!(keys, ["lower-back", "upper-back"]);
    let upper = regions[1]["items"].as_array().expect("items");
    assert!(upper.iter().all(|a| a["status"] == "not-enough-data"));
    assert!(
        upper.iter().all(|a| a["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Upper-back pain"))),
        "{upper:?}"
    );
    let text = insights(done.dir, &[]);
    assert!(
        text.stdout.contains("upper back on its own"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("not enough data yet"),
        "{}",
        text.stdout
    );
}
