//! End-to-end tests of `backstride insights` through the real binary: an
//! empty database, pain only, runs only, a history with logs, the JSON and
//! HTML outputs, a red flag in saved answers, session-RPE load from
//! `log rpe`, zones from `--max-hr`/`--rest-hr`/`--easy-pace` or estimated,
//! and a snapshot of a small fixed history.

mod common;

use std::fs;
use std::path::Path;

use common::{Run, example};
use tempfile::TempDir;

/// A GPX run on `date` starting 12:00 UTC (so the local day is the same in
/// any zone within 11 hours of UTC), `points` one-second trackpoints about
/// 3.3 m apart, with heart rate.
fn gpx_run(date: &str, points: u32) -> String {
    gpx_track(date, points, true)
}

/// [`gpx_run`], with or without heart rate.
fn gpx_track(date: &str, points: u32, heart_rate: bool) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<trk><name>Midday run</name><type>running</type><trkseg>
"#,
    );
    for i in 0..points {
        let hr = if heart_rate {
            format!(
                "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>",
                130 + i % 25
            )
        } else {
            String::new()
        };
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"-0.100000\"><ele>20</ele><time>{date}T12:{:02}:{:02}Z</time>{hr}</trkpt>\n",
            51.5 + f64::from(i) * 0.00003,
            i / 60,
            i % 60,
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
    let planned = Run::new(&["plan", "--save", "--start", "2026-11-02", "--answers"])
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

/// The day view of `date` in an insights JSON document.
fn day<'a>(json: &'a serde_json::Value, date: &str) -> &'a serde_json::Value {
    json["days"]
        .as_array()
        .and_then(|days| days.iter().find(|d| d["date"] == date))
        .unwrap_or_else(|| panic!("no day {date}: {json}"))
}

#[test]
fn a_run_without_heart_rate_gets_a_session_rpe_load_after_log_rpe() {
    let run = Run::new(&["import"]);
    let file = run.path("watchless.gpx");
    fs::write(&file, gpx_track("2026-11-20", 1800, false)).expect("write gpx");
    let imported = run.arg(&file).run();
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let history = Run::new(&["history", "--json"]).in_dir(imported.dir).run();
    let activity = &history.json()["activities"][0];
    assert_eq!(activity["has_heart_rate"], false, "{activity}");
    let minutes = activity["moving_s"].as_f64().expect("moving time") / 60.0;
    assert!(minutes > 25.0, "{activity}");

    let before = insights(history.dir, &["--json"]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    let json = before.json();
    assert_eq!(json["load_sources"]["session_rpe"], 0, "{json}");
    assert_eq!(json["load_sources"]["unavailable"], 1, "{json}");
    assert_eq!(day(&json, "2026-11-20")["load"], 0.0, "{json}");

    let load_after = |dir: TempDir, value: &str| {
        let dir = log(dir, &["rpe", "--activity", "1", "--value", value]);
        let done = insights(dir, &["--json"]);
        assert_eq!(done.code, 0, "{}", done.stderr);
        let json = done.json();
        assert_eq!(json["load_sources"]["session_rpe"], 1, "{json}");
        assert_eq!(json["load_sources"]["unavailable"], 0, "{json}");
        let load = day(&json, "2026-11-20")["load"].as_f64().expect("load");
        (done.dir, load)
    };
    // Foster's session-RPE: CR-10 x minutes.
    let (dir, load) = load_after(before.dir, "6");
    assert!(
        (load - 6.0 * minutes).abs() <= 0.06,
        "{load} vs {minutes} min"
    );
    // A later log for the same run replaces the earlier one.
    let (dir, load) = load_after(dir, "3");
    assert!(
        (load - 3.0 * minutes).abs() <= 0.06,
        "{load} vs {minutes} min"
    );
    let text = insights(dir, &[]);
    assert!(
        text.stdout.contains("1 from RPE"),
        "the text report counts it: {}",
        text.stdout
    );
}

#[test]
fn max_and_rest_hr_set_the_zones_and_the_report_says_where_they_came_from() {
    let dir = with_runs(&["2026-11-16", "2026-11-18", "2026-11-20"]);
    let estimated = insights(dir, &["--json"]);
    assert_eq!(estimated.code, 0, "{}", estimated.stderr);
    let json = estimated.json();
    let zones = &json["load_sources"]["zone_anchors"];
    assert_eq!(zones["basis"], "heart-rate", "{zones}");
    assert_eq!(zones["source"], "estimated", "{zones}");
    // The generated runs peak at 154 bpm, and spend most of their time
    // above 80 % of the reserve under that: the estimate is raised until
    // the easiest run is no longer hard.
    let max = zones["max_hr"]["value"].as_f64().expect("max");
    assert!(max > 154.0, "{zones}");
    assert_eq!(zones["max_hr"]["from"], "data", "{zones}");
    let hard = json["associations"]["items"]
        .as_array()
        .expect("associations")
        .iter()
        .find(|f| f["exposure"] == "hard-session" && f["lag_days"] == 0)
        .expect("the hard-session comparison");
    assert_eq!(hard["n_exposed"], 0, "{hard}");
    assert_eq!(zones["rest_hr"]["value"], 60.0, "{zones}");
    assert_eq!(zones["rest_hr"]["from"], "assumed", "{zones}");
    let words = json["load_sources"]["zones"].as_str().expect("words");
    assert!(
        words.contains(&format!(
            "max {max:.0} bpm (estimated from your recorded heart rates"
        )),
        "{words}"
    );
    assert!(words.contains("rest 60 bpm (assumed"), "{words}");
    let load = |json: &serde_json::Value| {
        json["weeks"]
            .as_array()
            .expect("weeks")
            .iter()
            .map(|w| w["load"].as_f64().expect("load"))
            .sum::<f64>()
    };
    let estimated_load = load(&json);

    let given = insights(
        estimated.dir,
        &["--json", "--max-hr", "195", "--rest-hr", "48"],
    );
    assert_eq!(given.code, 0, "{}", given.stderr);
    let json = given.json();
    let zones = &json["load_sources"]["zone_anchors"];
    assert_eq!(zones["source"], "profile", "{zones}");
    assert_eq!(zones["max_hr"]["value"], 195.0, "{zones}");
    assert_eq!(zones["max_hr"]["from"], "flag", "{zones}");
    assert_eq!(zones["rest_hr"]["value"], 48.0, "{zones}");
    assert_eq!(zones["rest_hr"]["from"], "flag", "{zones}");
    let words = json["load_sources"]["zones"].as_str().expect("words");
    assert!(
        words.contains("max 195 bpm (from --max-hr, this run only)")
            && words.contains("rest 48 bpm (from --rest-hr, this run only)"),
        "{words}"
    );
    // Same heart rates on a wider reserve: less TRIMP.
    assert!(
        load(&json) < estimated_load,
        "{} vs {estimated_load}",
        load(&json)
    );

    let max_only = insights(given.dir, &["--json", "--max-hr", "195"]);
    let zones = &max_only.json()["load_sources"]["zone_anchors"];
    assert_eq!(zones["source"], "mixed", "{zones}");

    // An easy pace is not used with heart rate, and the report says so.
    let paced = insights(max_only.dir, &["--json", "--easy-pace", "6:30"]);
    let json = paced.json();
    assert_eq!(json["load_sources"]["zone_anchors"]["basis"], "heart-rate");
    assert!(
        json["notes"]
            .to_string()
            .contains("--easy-pace is not used"),
        "{json}"
    );

    let mut dir = paced.dir;
    for bad in [
        &["--max-hr", "231"][..],
        &["--max-hr", "119"],
        &["--rest-hr", "29"],
        &["--rest-hr", "101"],
        &["--easy-pace", "6:75"],
        &["--easy-pace", "1:30"],
    ] {
        let done = insights(dir, bad);
        assert_eq!(done.code, 2, "{bad:?}: {}", done.stderr);
        assert!(done.stderr.contains(bad[0]), "{bad:?}: {}", done.stderr);
        dir = done.dir;
    }
}

#[test]
fn pace_zones_come_from_easy_pace_or_the_median_run() {
    let run = Run::new(&["import"]);
    let file = run.path("watchless.gpx");
    fs::write(&file, gpx_track("2026-11-20", 1800, false)).expect("write gpx");
    let imported = run.arg(&file).run();
    assert_eq!(imported.code, 0, "{}", imported.stderr);

    let done = insights(imported.dir, &["--json"]);
    let zones = &done.json()["load_sources"]["zone_anchors"];
    assert_eq!(zones["basis"], "pace", "{zones}");
    assert_eq!(zones["source"], "estimated", "{zones}");
    assert_eq!(zones["easy_pace_s_per_km"]["from"], "data", "{zones}");

    // Heart-rate anchors cannot make heart-rate zones without heart rate.
    let done = insights(
        done.dir,
        &["--json", "--easy-pace", "6:30", "--max-hr", "190"],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    let zones = &json["load_sources"]["zone_anchors"];
    assert_eq!(zones["basis"], "pace", "{zones}");
    assert_eq!(zones["source"], "profile", "{zones}");
    assert_eq!(zones["easy_pace_s_per_km"]["value"], 390.0, "{zones}");
    let words = json["load_sources"]["zones"].as_str().expect("words");
    assert!(
        words.contains("easy pace of 6:30 /km (from --easy-pace, this run only)"),
        "{words}"
    );
    assert!(
        json["notes"].to_string().contains("--max-hr is not used"),
        "{json}"
    );
}

#[test]
fn trimp_is_weighted_by_the_saved_answers_sex() {
    let dir = with_runs(&["2026-11-16", "2026-11-18", "2026-11-20"]);
    let unsaid = insights(dir, &["--json"]);
    let json = unsaid.json();
    let zones = &json["load_sources"]["zone_anchors"];
    assert_eq!(
        (&zones["trimp_sex"], &zones["trimp_sex_from"]),
        (&"male".into(), &"default".into()),
        "{zones}"
    );
    let male_load = day(&json, "2026-11-20")["load"].as_f64().expect("load");

    let assessed = Run::new(&["assess", "--answers"])
        .in_dir(unsaid.dir)
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(assessed.code, 0, "{}", assessed.stderr);
    let done = insights(assessed.dir, &["--json"]);
    let json = done.json();
    let zones = &json["load_sources"]["zone_anchors"];
    assert_eq!(
        (&zones["trimp_sex"], &zones["trimp_sex_from"]),
        (&"female".into(), &"answers".into()),
        "{zones}"
    );
    let female_load = day(&json, "2026-11-20")["load"].as_f64().expect("load");
    assert!(
        (female_load - male_load).abs() > 0.5,
        "Banister's weightings differ: {female_load} vs {male_load}"
    );
    let text = insights(done.dir, &[]);
    assert!(
        text.stdout
            .contains("Banister's weighting for women (from your saved answers)"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_red_flag_in_an_rpe_note_stops_at_once_and_in_insights() {
    let dir = with_runs(&["2026-11-20"]);
    let logged = Run::new(&["log"]).in_dir(dir).run_with(&[
        "rpe",
        "--activity",
        "1",
        "--value",
        "5",
        "--note",
        "easy, but my groin went numb",
        "--at",
        "2026-11-20T14:00",
    ]);
    assert_eq!(logged.code, 3, "{}", logged.stderr);
    // The note's warning comes first (before anything could fail), then
    // the entry is stored.
    let stop = logged.stdout.find("STOP");
    let saved = logged.stdout.find("Logged");
    assert!(stop.is_some() && stop < saved, "{}", logged.stdout);
    let denied = Run::new(&["log"]).in_dir(logged.dir).run_with(&[
        "rpe",
        "--activity",
        "1",
        "--value",
        "5",
        "--note",
        "no numbness",
        "--at",
        "2026-11-21T08:00",
    ]);
    assert_eq!(denied.code, 0, "{}", denied.stdout);
    let done = insights(denied.dir, &["--json"]);
    assert_eq!(done.code, 3, "{}", done.stderr);
    let json = done.json();
    assert_eq!(json["alerts"][0]["kind"], "red-flag", "{json}");
    assert!(
        json["alerts"][0]["message"].to_string().contains("RPE"),
        "{json}"
    );
}

/// Runs on Mondays, Wednesdays and Saturdays from `from` to `to`.
fn three_a_week(from: &str, to: &str) -> Vec<String> {
    use chrono::{Datelike, NaiveDate, Weekday};
    let mut d: NaiveDate = from.parse().expect("date");
    let to: NaiveDate = to.parse().expect("date");
    let mut out = Vec::new();
    while d <= to {
        if matches!(d.weekday(), Weekday::Mon | Weekday::Wed | Weekday::Sat) {
            out.push(d.to_string());
        }
        d = d.succ_opt().expect("next day");
    }
    out
}

fn with_run_dates(dates: &[String]) -> TempDir {
    let refs: Vec<&str> = dates.iter().map(String::as_str).collect();
    with_runs(&refs)
}

#[test]
fn a_since_before_the_first_run_starts_at_the_data_and_flags_no_spike() {
    // Steady running from a Wednesday; `--since` months earlier.
    let dir = with_run_dates(&three_a_week("2026-09-02", "2026-11-21"));
    let done = insights(dir, &["--since", "2026-03-01", "--json"]);
    let json = done.json();
    assert_eq!(json["since"], "2026-09-02", "the window starts at the data");
    let weeks = json["weeks"].as_array().expect("weeks");
    assert_eq!(weeks[0]["week"], "2026-W36", "{json}");
    for w in weeks {
        assert_eq!(w["spike"], false, "{w}");
        // No rise measured against empty weeks or the 3-day first week.
        let change = w["trend_change_pct"].as_f64().unwrap_or(0.0);
        assert!(change < 30.0, "{w}");
    }
    let alerts = json["alerts"].as_array().expect("alerts");
    assert!(
        alerts.iter().all(|a| a["kind"] != "load-spike"),
        "{alerts:?}"
    );
    let text = insights(done.dir, &["--since", "2026-03-01"]).stdout;
    assert!(!text.contains("spike  "), "{text}");
    assert!(!text.contains("▲ spike"), "{text}");
}

#[test]
fn an_until_in_the_past_is_not_called_today() {
    let dir = with_run_dates(&three_a_week("2026-09-02", "2026-11-21"));
    let page = dir.path().join("insights.html");
    let done = insights(
        dir,
        &[
            "--until",
            "2026-11-10",
            "--html",
            page.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    let html = fs::read_to_string(&page).expect("the page");
    assert!(!html.contains("Today:"), "{html}");
    assert!(html.contains("On 2026-11-10, the last day shown"), "{html}");
    assert!(
        done.stdout
            .starts_with("Backstride insights, 2026-09-02 to 2026-11-10")
    );
}

#[test]
fn a_history_that_stopped_long_ago_folds_its_empty_weeks() {
    // Running until March 2025; today is 2026-11-25.
    let dir = with_run_dates(&three_a_week("2025-01-06", "2025-03-22"));
    let done = insights(dir, &[]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let text = done.stdout;
    let empty_rows = text
        .lines()
        .filter(|l| l.trim_start().starts_with("20") && l.contains("  0.0  "))
        .count();
    assert_eq!(empty_rows, 0, "{text}");
    assert!(
        text.contains("2025-W13 to 2026-W48: nothing recorded (88 weeks)"),
        "{text}"
    );
    assert!(
        text.contains("2025-W02 to 2025-W12; nothing recorded in the 88 week(s) since"),
        "{text}"
    );
    assert!(
        text.contains("no training in the last 84 days shown"),
        "{text}"
    );
    // The weeks with running are all in the table.
    for week in 2..=12 {
        assert!(
            text.contains(&format!("2025-W{week:02}  ")),
            "W{week}\n{text}"
        );
    }
}

#[test]
fn comparisons_short_of_data_share_one_line() {
    let text = insights(small_history(), &[]).stdout;
    let section = text
        .split("YOUR OWN FINDINGS")
        .nth(1)
        .and_then(|s| s.split("NEXT WEEK").next())
        .expect("the findings section");
    let short = section
        .lines()
        .filter(|l| l.contains("not enough data yet"))
        .count();
    // One line for the training comparisons, one for routine adherence.
    assert!(short <= 2, "{short} lines\n{section}");
    assert!(
        section.contains("comparisons: not enough data yet (each needs at least"),
        "{section}"
    );
}
