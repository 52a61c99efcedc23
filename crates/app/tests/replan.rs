//! End to end through the real binary: `backstride plan --adapt` re-plans
//! from today after logged pain, and a log note that names a red flag
//! stops `log`, `insights`, `plan` and `plan --adapt` (exit code 3) until
//! the red-flag questions are answered again.

mod common;

use std::fs;

use common::{Done, Run, example};
use tempfile::TempDir;

fn run_in(dir: TempDir, args: &[&str]) -> Done {
    args.iter()
        .fold(Run::new(&[]).in_dir(dir), |r, a| r.arg(a))
        .run()
}

/// A saved 8-week plan for the lower-back example (doctor's cap 20 km a
/// week) from Monday 2 Nov 2026; "today" is Wed 25 Nov (week 4).
fn planned() -> TempDir {
    let done = Run::new(&[
        "plan",
        "--save",
        "--start",
        "2026-11-02",
        "--format",
        "json",
    ])
    .arg("--answers")
    .arg(example("lower-back.toml"))
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    done.dir
}

fn pain(dir: TempDir, nrs: &str, when: &str, at: &str, note: Option<&str>) -> Done {
    let mut args = vec![
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        nrs,
        "--when",
        when,
        "--at",
        at,
    ];
    if let Some(n) = note {
        args.extend(["--note", n]);
    }
    run_in(dir, &args)
}

#[test]
fn adapting_without_a_saved_plan_says_to_plan_first() {
    let done = Run::new(&["plan", "--adapt"]).run();
    assert_eq!(done.code, 2, "{}", done.stdout);
    assert!(
        done.stderr.contains("run `backstride plan --save` first"),
        "{}",
        done.stderr
    );
    let done = Run::new(&["plan", "--adapt", "--answers"])
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(done.code, 2, "--adapt reads the saved answers only");
}

#[test]
fn pain_above_five_steps_the_plan_back_from_today() {
    let dir = planned();
    let done = pain(dir, "6", "during", "2026-11-24T08:00", None);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let done = pain(done.dir, "1", "next-morning", "2026-11-25T07:00", None);
    assert_eq!(done.code, 0, "{}", done.stderr);

    let json = run_in(done.dir, &["plan", "--save", "--adapt", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let doc = json.json();
    let ad = &doc["adaptation"];
    assert_eq!(ad["action"], "step-back");
    assert!(
        ad["based_on"]
            .as_str()
            .is_some_and(|b| b.contains("week 4")),
        "{ad}"
    );
    let distance = ad["changes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["kind"] == "weekly-distance"))
        .expect("a distance change");
    assert!(
        distance["text"]
            .as_str()
            .is_some_and(|t| t.contains("6/10")),
        "{distance}"
    );
    assert!(
        ad["changes"].as_array().is_some_and(|c| c
            .iter()
            .all(|c| c["sources"].as_array().is_some_and(|s| !s.is_empty()))),
        "every change cites"
    );
    let plan = &doc["plan"];
    assert_eq!(plan["status"], "ready");
    assert_eq!(plan["start"], "2026-11-25");
    let first = plan["weeks"][0]["target_km"].as_f64().expect("km");
    let before: f64 = distance["from"]
        .as_str()
        .and_then(|f| f.trim_end_matches(" km").parse().ok())
        .expect("from km");
    assert!(first < before && first <= 20.0, "{first} vs {before}");
    assert!(
        plan["days"]
            .as_array()
            .is_some_and(|d| d.iter().all(|d| d["session"]["intensity"] != "steady")),
        "a step back keeps every run easy"
    );

    // Text: the changes come before everything else; the calendar follows
    // the new plan; the saved plan is now the adapted one.
    let ics = json.dir.path().join("adapted.ics");
    let text = run_in(
        json.dir,
        &[
            "plan",
            "--save",
            "--adapt",
            "--ics",
            ics.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(text.code, 0, "{}", text.stderr);
    let changes = text
        .stdout
        .find("ADAPTED FROM YOUR PAIN LOG")
        .expect("changes");
    let triage = text.stdout.find("TRIAGE").expect("triage");
    assert!(changes < triage, "{}", text.stdout);
    assert!(text.stdout.contains("not a medical device"));
    assert!(
        text.stdout
            .contains("week 1 of the plan that started 2026-11-25"),
        "{}",
        text.stdout
    );
    // The same run's pain is not applied twice.
    assert!(
        text.stdout.contains("ADAPTED FROM YOUR PAIN LOG: HOLD")
            && text.stdout.contains("already applies"),
        "{}",
        text.stdout
    );
    let again = run_in(text.dir, &["plan", "--save", "--adapt", "--format", "json"]);
    assert_eq!(
        again.json()["plan"]["weeks"][0]["target_km"].as_f64(),
        Some(first)
    );
    let calendar = fs::read_to_string(&ics).expect("calendar written");
    let starts: Vec<&str> = calendar
        .lines()
        .filter_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:"))
        .collect();
    assert!(!starts.is_empty(), "{calendar}");
    assert!(starts.iter().all(|d| *d >= "20261125"), "{starts:?}");
}

#[test]
fn markdown_changes_of_a_step_back() {
    let dir = planned();
    let dir = pain(dir, "6", "during", "2026-11-24T12:00", None).dir;
    let dir = pain(dir, "1", "next-morning", "2026-11-25T07:00", None).dir;
    let done = run_in(
        dir,
        &[
            "plan", "--save", "--adapt", "--weeks", "4", "--format", "markdown",
        ],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    let changes: String = done
        .stdout
        .split("## Triage")
        .next()
        .unwrap_or_default()
        .to_owned();
    insta::assert_snapshot!(changes);
}

#[test]
fn a_red_flag_note_stops_everything_until_asked_again() {
    let dir = planned();
    let calm = pain(
        dir,
        "3",
        "after",
        "2026-11-24T18:00",
        Some("no numbness in the groin, no fever"),
    );
    assert_eq!(calm.code, 0, "{}", calm.stdout);
    assert!(!calm.stdout.contains("STOP"), "{}", calm.stdout);

    let logged = pain(
        calm.dir,
        "3",
        "after",
        "2026-11-25T09:00",
        Some("Groin went numb on the long run"),
    );
    assert_eq!(logged.code, 3, "{}\n{}", logged.stdout, logged.stderr);
    assert!(logged.stdout.contains("Logged pain"), "saved first");
    assert!(logged.stdout.contains("999"), "{}", logged.stdout);

    let insights = run_in(logged.dir, &["insights", "--json"]);
    assert_eq!(insights.code, 3, "{}", insights.stderr);
    let doc = insights.json();
    let first = &doc["alerts"][0];
    assert_eq!(first["severity"], "stop");
    assert_eq!(first["kind"], "red-flag");
    let message = first["message"].as_str().expect("message");
    assert!(message.contains("Groin went numb"), "{message}");
    assert!(message.contains("Wed 25 Nov 2026"), "{message}");
    assert_eq!(doc["decision"]["action"], "stop");

    // A plain `plan`, even from an answers file, is stopped too.
    let planned = Run::new(&["plan", "--save", "--format", "json"])
        .in_dir(insights.dir)
        .arg("--answers")
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(planned.code, 3, "{}", planned.stderr);
    let doc = planned.json();
    assert_eq!(doc["plan"]["status"], "blocked");
    assert_eq!(doc["assessment"]["triage"]["allows_plan"], false);
    assert_eq!(doc["assessment"]["triage"]["flags"][0]["from_note"], true);
    let text = run_in(planned.dir, &["plan", "--save"]);
    assert_eq!(text.code, 3, "{}", text.stderr);
    assert!(text.stdout.contains("999"), "{}", text.stdout);

    let adapted = run_in(text.dir, &["plan", "--save", "--adapt", "--format", "json"]);
    assert_eq!(adapted.code, 3, "{}", adapted.stderr);
    let doc = adapted.json();
    assert_eq!(doc["plan"]["status"], "blocked");
    assert_eq!(doc["adaptation"]["action"], "stop");
    assert_eq!(doc["assessment"]["triage"]["allows_plan"], false);
    assert_eq!(doc["assessment"]["triage"]["flags"][0]["from_note"], true);
    assert_eq!(
        doc["assessment"]["recommendations"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );

    // Answering the red-flag questions again (after seeing a clinician)
    // clears notes written before it.
    let assessed = Run::new(&["assess", "--format", "json"])
        .in_dir(adapted.dir)
        .arg("--answers")
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(assessed.code, 0, "{}", assessed.stderr);
    let insights = run_in(assessed.dir, &["insights"]);
    assert_eq!(insights.code, 0, "{}", insights.stdout);
    let planned = run_in(insights.dir, &["plan", "--save"]);
    assert_eq!(planned.code, 0, "{}", planned.stdout);
}
