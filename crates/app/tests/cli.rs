//! End-to-end tests of the `backstride` binary: the README's scenarios,
//! red flags, bad answers files, saved answers and every output format.

mod common;

use std::collections::BTreeSet;
use std::fs;

use chrono::{Days, NaiveDate};
use common::{Run, example, run_python};
use serde_json::Value;

fn date(v: &Value) -> NaiveDate {
    v.as_str().and_then(|s| s.parse().ok()).expect("a date")
}

#[test]
fn lower_back_no_ball_capped_plan_keeps_every_promise() {
    let run = Run::new(&[
        "plan",
        "--weeks",
        "8",
        "--start",
        "2026-12-07",
        "--format",
        "json",
    ])
    .arg("--answers")
    .arg(example("lower-back.toml"));
    let ics = run.path("plan.ics");
    let done = run.arg("--ics").arg(&ics).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let report = done.json();
    let plan = &report["plan"];
    assert_eq!(plan["status"], "ready");

    let weeks = plan["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 8);
    for w in weeks {
        assert!(
            w["scheduled_km"].as_f64().expect("km") <= 20.0,
            "week over the 20 km cap: {w}"
        );
    }
    let rounds: Vec<u64> = weeks
        .iter()
        .map(|w| w["routine_rounds"].as_u64().expect("rounds"))
        .collect();
    assert_eq!((rounds[0], rounds[7]), (1, 3));

    let days = plan["days"].as_array().expect("days");
    let cross: Vec<NaiveDate> = days
        .iter()
        .filter(|d| d["session"]["type"] == "cross-train")
        .map(|d| date(&d["date"]))
        .collect();
    let start = date(&plan["start"]);
    for offset in 0..=(56 - 30) {
        let from = start + Days::new(offset);
        let to = from + Days::new(29);
        let n = cross.iter().filter(|d| **d >= from && **d <= to).count();
        assert!(n >= 4, "only {n} cross-training days from {from}");
    }
    let mut runs = 0;
    for day in days.iter().filter(|d| d["session"]["type"] == "run") {
        runs += 1;
        let routine = day["session"]["routine"].as_array().expect("routine");
        let ids: Vec<&str> = routine
            .iter()
            .filter_map(|r| r["exercise_id"].as_str())
            .collect();
        assert_eq!(
            ids,
            ["warrior-pose", "bicycle-crunch", "plank-knee-tuck"],
            "{}",
            day["date"]
        );
        assert_eq!(routine[2]["replaces"], "Ball pike");
    }

    // The calendar parses with Python's icalendar and holds every session.
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = list(cal.walk('VEVENT'))
runs = [e for e in events if 'run' in str(e.get('summary')).lower() and 'Warrior pose' in str(e.get('description'))]
print(len(events), len(runs), len({str(e.get('uid')) for e in events}))
for e in events:
    print(e.decoded('dtstart').isoformat())
"#;
    let text = run_python(&[], script, [&ics]);
    let mut lines = text.lines();
    let counts: Vec<usize> = lines
        .next()
        .expect("counts")
        .split(' ')
        .map(|n| n.parse().expect("number"))
        .collect();
    assert_eq!(counts, [days.len(), runs, days.len()]);
    let ics_dates: BTreeSet<&str> = lines.collect();
    let plan_dates: BTreeSet<&str> = days.iter().filter_map(|d| d["date"].as_str()).collect();
    assert_eq!(ics_dates, plan_dates);
}

#[test]
fn upper_back_case_ranks_head_then_arms_and_gets_a_plan() {
    let done = Run::new(&["plan", "--format", "json", "--start", "2026-12-07"])
        .arg("--answers")
        .arg(example("upper-back.toml"))
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let report = done.json();
    let causes: Vec<&str> = report["assessment"]["causes"]
        .as_array()
        .expect("causes")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(&causes[..2], ["forward-head", "arm-carriage"]);
    assert_eq!(report["plan"]["status"], "ready");
}

#[test]
fn a_red_flag_gives_no_plan_a_clear_instruction_and_exit_code_3() {
    let run = Run::new(&["plan"])
        .arg("--answers")
        .arg(example("red-flag.toml"));
    let ics = run.path("never.ics");
    let done = run.arg("--ics").arg(&ics).run();
    assert_eq!(done.code, 3);
    assert!(done.stdout.contains("NO PLAN"), "{}", done.stdout);
    assert!(
        done.stdout.contains("emergency department"),
        "{}",
        done.stdout
    );
    assert!(
        !done.stdout.contains("Warrior"),
        "no exercise may be shown: {}",
        done.stdout
    );
    assert!(!ics.exists(), "no calendar for a blocked plan");

    let json = Run::new(&["assess", "--format", "json"])
        .arg("--answers")
        .arg(example("red-flag.toml"))
        .run();
    assert_eq!(json.code, 3);
    assert_eq!(json.json()["assessment"]["triage"]["tier"], "emergency");
    assert_eq!(
        json.json()["assessment"]["recommendations"],
        Value::Array(Vec::new())
    );
}

/// Writes a variant of the lower-back example and returns the run's result.
fn with_answers(edit: impl FnOnce(String) -> String) -> (common::Done, String) {
    let text = edit(fs::read_to_string(example("lower-back.toml")).expect("example"));
    let run = Run::new(&["assess"]);
    let path = run.path("answers.toml");
    fs::write(&path, text).expect("write");
    let done = run.arg("--answers").arg(&path).run();
    let name = path.display().to_string();
    (done, name)
}

#[test]
fn bad_answers_files_name_the_file_key_and_problem() {
    type Edit = Box<dyn FnOnce(String) -> String>;
    let cases: [(&str, Edit, &[&str]); 7] = [
        (
            "missing key",
            Box::new(|t: String| t.replace("age = 38\n", "")),
            &["runner", "missing field `age`"],
        ),
        (
            "NRS 11",
            Box::new(|t: String| t.replace("worst = 4", "worst = 11")),
            &["pain.worst", "0 to 10"],
        ),
        (
            "unknown region",
            Box::new(|t: String| t.replace("[\"lower-back\"]", "[\"knee\"]")),
            &["pain.regions[0]", "knee", "lower-back"],
        ),
        (
            "wrong type",
            Box::new(|t: String| t.replace("now = 2", "now = \"two\"")),
            &["pain.now", "invalid type"],
        ),
        (
            "unknown key",
            Box::new(|t: String| t.replace("[running]", "[running]\nshoes = \"new\"")),
            &["running", "shoes"],
        ),
        (
            "missing red flag",
            Box::new(|t: String| t.replace("bladder-bowel = false\n", "")),
            &["red_flags.bladder-bowel", "missing"],
        ),
        (
            "not TOML",
            Box::new(|t: String| t.replace("[pain]", "[pain")),
            &["line", "not valid TOML"],
        ),
    ];
    for (what, edit, needles) in cases {
        let (done, file) = with_answers(edit);
        assert_eq!(done.code, 2, "{what}: {}", done.stderr);
        assert!(
            done.stderr.contains(&file),
            "{what}: file not named: {}",
            done.stderr
        );
        for needle in needles {
            assert!(
                done.stderr.contains(needle),
                "{what}: `{needle}` not in: {}",
                done.stderr
            );
        }
    }
}

#[test]
fn a_missing_answers_file_is_named() {
    let done = Run::new(&["assess", "--answers", "/nonexistent/answers.toml"]).run();
    assert_eq!(done.code, 2);
    assert!(done.stderr.contains("/nonexistent/answers.toml"));
}

#[test]
fn without_answers_and_without_a_terminal_the_user_is_told_what_to_do() {
    let done = Run::new(&["assess"]).run();
    assert_eq!(done.code, 2);
    assert!(done.stderr.contains("--answers"), "{}", done.stderr);
}

#[test]
fn plan_reuses_saved_answers_and_keeps_the_plan_in_the_database() {
    let first = Run::new(&["assess", "--format", "json"])
        .arg("--answers")
        .arg(example("upper-back.toml"))
        .run();
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.data("backstride.db").exists());
    let second = Run::new(&["plan", "--save", "--format", "json", "--weeks", "3"])
        .in_dir(first.dir)
        .run();
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(second.stderr.contains("saved answers"));
    assert_eq!(
        second.json()["assessment"]["causes"][0]["id"],
        "forward-head"
    );

    // The answers, the assessment and the plan are all in the store.
    let out = second.dir.path().join("export");
    let export = Run::new(&["export", "--out"])
        .arg(&out)
        .in_dir(second.dir)
        .run();
    assert_eq!(export.code, 0, "{}", export.stderr);
    let all: Value =
        serde_json::from_str(&fs::read_to_string(out.join("backstride.json")).expect("export"))
            .expect("json");
    let docs = all["documents"].as_array().expect("documents");
    let kinds: BTreeSet<&str> = docs.iter().filter_map(|d| d["kind"].as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["answers", "assessment", "plan"]));
    let plan = docs.iter().find(|d| d["kind"] == "plan").expect("plan");
    assert_eq!(plan["plan_weeks"], 3);
    // The saved plan is its typed record, not the report.
    assert_eq!(plan["layout"], 1);
    let body: Value =
        serde_json::from_str(plan["body"].as_str().expect("body")).expect("plan json");
    assert_eq!(body["outcome"]["status"], "ready");
    assert_eq!(body["request"]["weeks"], 3);
    assert_eq!(body["outcome"]["weeks"].as_array().map(Vec::len), Some(3));
}

#[test]
fn every_format_says_it_is_not_a_medical_device() {
    for format in ["text", "markdown", "html", "json"] {
        let done = Run::new(&["plan", "--format", format, "--start", "2026-12-07"])
            .arg("--answers")
            .arg(example("lower-back.toml"))
            .run();
        assert_eq!(done.code, 0, "{format}: {}", done.stderr);
        assert!(
            done.stdout.contains("not a medical device"),
            "{format} lacks the disclaimer"
        );
    }
}

#[test]
fn text_has_no_colour_codes_when_not_on_a_terminal() {
    let done = Run::new(&["plan"])
        .arg("--answers")
        .arg(example("lower-back.toml"))
        .run();
    assert!(
        !done.stdout.contains('\u{1b}'),
        "ANSI escapes in piped output"
    );
}

#[test]
fn html_is_one_self_contained_printable_file() {
    let run = Run::new(&["plan", "--format", "html", "--start", "2026-12-07"])
        .arg("--answers")
        .arg(example("lower-back.toml"));
    let out = run.path("plan.html");
    let done = run.arg("--output").arg(&out).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let html = fs::read_to_string(&out).expect("html written");
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("@media print"));
    for external in ["<script", "<link", "src=\"http", "href=\"http"] {
        assert!(!html.contains(external), "html pulls in `{external}`");
    }
    assert!(html.contains("Plank knee tuck") && html.contains("instead of Ball pike"));
}

#[test]
fn the_json_schema_in_docs_matches_the_binary() {
    let done = Run::new(&["schema"]).run();
    assert_eq!(done.code, 0);
    let documented = fs::read_to_string(common::repo().join("docs/report.schema.json"))
        .expect("docs/report.schema.json");
    assert_eq!(
        done.stdout.trim(),
        documented.trim(),
        "regenerate with: backstride schema > docs/report.schema.json"
    );
}

#[test]
fn cross_training_dose_flag_is_checked() {
    let done = Run::new(&["plan", "--cross-days", "2"])
        .arg("--answers")
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(done.code, 2);
    assert!(done.stderr.contains("cross-days"), "{}", done.stderr);
}
