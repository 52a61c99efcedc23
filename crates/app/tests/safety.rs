//! Issue 10 through the real binary: one standing red-flag rule. A note
//! that may name a warning sign stops `plan`, `plan --adapt` and
//! `insights` (exit code 3) until `backstride check` answers the questions
//! it touches, whatever day it describes and whatever `--today` or
//! `--until` say; severe pain (9-10/10) is a stop with its reason; the
//! red-flag questions are due again after high or rising pain and every
//! four weeks of a plan; a refused `log` still shows its note's warning;
//! a stored flag shows in `history` and `export` too.

mod safety_common;

use safety_common::{Db, TODAY};

#[test]
fn a_backdated_note_stops_plan_adapt_and_insights_until_check_clears_it() {
    let db = Db::planned();
    // Logged now, about 20 Nov: before the assessment it is still new.
    let logged = db.pain("3", "2026-11-20", Some("Groin went numb on the long run"));
    assert_eq!(logged.code, 3, "{}", logged.stdout);
    assert!(
        logged.stdout.contains("saddle-numbness"),
        "{}",
        logged.stdout
    );
    assert!(
        logged.stdout.contains("backstride check"),
        "{}",
        logged.stdout
    );
    assert_eq!(db.stops(TODAY), [3, 3, 3]);

    let plan = db.run(&["plan", "--save", "--format", "json"]).json();
    assert_eq!(plan["plan"]["status"], "blocked");
    assert_eq!(plan["assessment"]["triage"]["flags"][0]["from_note"], true);
    let adapted = db
        .run(&["plan", "--save", "--adapt", "--format", "json"])
        .json();
    assert_eq!(adapted["plan"]["status"], "blocked");
    let insights = db.run(&["insights", "--json"]).json();
    assert_eq!(insights["alerts"][0]["kind"], "red-flag");
    assert_eq!(insights["decision"]["action"], "stop");

    // With no terminal, `check` needs the answers and names the question.
    let unanswered = db.run(&["check"]);
    assert_eq!(unanswered.code, 2, "{}", unanswered.stdout);
    assert!(
        unanswered.stderr.contains("saddle-numbness"),
        "{}",
        unanswered.stderr
    );
    // Answering another question does not clear it.
    let other = db.run(&["check", "--no", "fever-infection", "--json"]);
    assert_eq!(other.code, 3, "{}", other.stdout);
    assert_eq!(other.json()["to_ask"][0], "saddle-numbness");
    // "No" to the touched question does.
    let cleared = db.run(&["check", "--no", "saddle-numbness", "--json"]);
    assert_eq!(cleared.code, 0, "{}", cleared.stdout);
    assert_eq!(cleared.json()["stops"], false);
    assert_eq!(db.stops(TODAY), [0, 0, 0]);
    // ... and only for notes told before it: the same words again stop.
    let again = db.pain("2", "2026-11-19", Some("groin numb again"));
    assert_eq!(again.code, 3, "{}", again.stdout);
    assert_eq!(db.stops(TODAY), [3, 3, 3]);
}

#[test]
fn no_today_or_until_gets_past_a_standing_flag() {
    let db = Db::planned();
    let logged = db.pain("2", "2026-11-24T18:00", Some("can't pee since the run"));
    assert_eq!(logged.code, 3, "{}", logged.stdout);
    // A "today" long before the note was told.
    assert_eq!(db.stops("2026-01-05"), [3, 3, 3]);
    let early = db.at("2026-01-05", &["plan", "--save"]);
    assert!(early.stdout.contains("NO PLAN"), "{}", early.stdout);
    // Insights that stop before the day the note describes.
    let until = db.run(&["insights", "--until", "2026-11-23"]);
    assert_eq!(until.code, 3, "{}", until.stdout);
    assert!(!until.stdout.contains("No alerts"), "{}", until.stdout);
    assert!(until.stdout.contains("can't pee"), "{}", until.stdout);
    let since = db.run(&["insights", "--since", "2026-11-25", "--json"]);
    assert_eq!(since.code, 3, "{}", since.stdout);
    assert_eq!(since.json()["alerts"][0]["severity"], "stop");
}

#[test]
fn a_refused_log_still_shows_the_warning_its_note_carries() {
    let db = Db::new();
    let note = "legs gave way and numb groin";
    let bad_nrs = db.run(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "11",
        "--when",
        "after",
        "--note",
        note,
    ]);
    assert_ne!(bad_nrs.code, 0);
    assert!(bad_nrs.stdout.contains("999"), "{}", bad_nrs.stdout);
    let bad_region = db.run(&[
        "log", "pain", "--region", "knee", "--nrs", "3", "--when", "after", "--note", note,
    ]);
    assert_eq!(bad_region.code, 2, "{}", bad_region.stderr);
    assert!(bad_region.stdout.contains("999"), "{}", bad_region.stdout);
    let unknown_activity = db.run(&[
        "log",
        "rpe",
        "--activity",
        "999",
        "--value",
        "5",
        "--note",
        note,
    ]);
    assert_eq!(unknown_activity.code, 2, "{}", unknown_activity.stderr);
    assert!(
        unknown_activity.stdout.contains("999/112/911"),
        "{}",
        unknown_activity.stdout
    );
    assert!(
        unknown_activity.stderr.contains("not saved"),
        "{}",
        unknown_activity.stderr
    );
    // A data directory that cannot hold a database (here: it is a file).
    let broken = Db::new();
    std::fs::write(broken.data(), b"not a directory").expect("write file");
    let unwritable = broken.run(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "3",
        "--when",
        "after",
        "--note",
        note,
    ]);
    assert_ne!(unwritable.code, 0);
    assert!(unwritable.stdout.contains("999"), "{}", unwritable.stdout);
    // A calm note refused is just refused.
    let calm = db.run(&[
        "log",
        "pain",
        "--region",
        "knee",
        "--nrs",
        "3",
        "--when",
        "after",
        "--note",
        "felt fine",
    ]);
    assert_eq!(calm.code, 2);
    assert!(!calm.stdout.contains("STOP"), "{}", calm.stdout);
}

#[test]
fn check_yes_to_an_emergency_shows_it_at_once_and_a_stored_flag_shows_everywhere() {
    let db = Db::planned();
    let yes = db.run(&["check", "--yes", "bladder-bowel"]);
    assert_eq!(yes.code, 3, "{}", yes.stdout);
    assert!(
        yes.stdout.trim_start().starts_with("EMERGENCY"),
        "{}",
        yes.stdout
    );
    assert!(yes.stdout.contains("999"), "{}", yes.stdout);
    assert_eq!(db.stops(TODAY), [3, 3, 3]);
    // Fresh answers of "no" given to `plan` are not a check.
    let answers = Db::example_arg("lower-back.toml");
    let fresh = db.run(&["plan", "--save", "--answers", &answers, "--format", "json"]);
    assert_eq!(fresh.code, 3, "{}", fresh.stdout);
    assert_eq!(fresh.json()["plan"]["status"], "blocked");
    // Every command that shows data shows it first.
    let history = db.run(&["history"]);
    assert_eq!(history.code, 0, "{}", history.stderr);
    assert!(history.stdout.starts_with("STOP"), "{}", history.stdout);
    let json = db.run(&["history", "--json"]);
    assert!(json.stderr.contains("STOP"), "{}", json.stderr);
    let _ = json.json();
    let out = db.dir.path().join("export");
    let export = db.run(&["export", "--out", &out.to_string_lossy()]);
    assert!(export.stderr.contains("STOP"), "{}", export.stderr);
    let form = db.run(&["form", "no-such-keypoints.json", "--json"]);
    assert!(form.stderr.starts_with("STOP"), "{}", form.stderr);
    // Bad check input is a user error.
    assert_eq!(db.run(&["check", "--yes", "no-such-flag"]).code, 2);
    assert_eq!(
        db.run(&["check", "--yes", "bladder-bowel", "--no", "bladder-bowel"])
            .code,
        2
    );
    // A new check that answers "no" clears it.
    let cleared = db.run(&["check", "--no", "bladder-bowel"]);
    assert_eq!(cleared.code, 0, "{}", cleared.stdout);
    assert_eq!(db.stops(TODAY), [0, 0, 0]);
    let history = db.run(&["history"]);
    assert!(!history.stdout.contains("STOP"), "{}", history.stdout);
}

#[test]
fn ten_days_of_ten_out_of_ten_stop_with_the_reason_until_a_check_and_a_lower_score() {
    let db = Db::planned();
    for day in 16..=25 {
        let logged = db.pain("10", &format!("2026-11-{day}T18:00"), None);
        assert_eq!(logged.code, 3, "{}", logged.stdout);
    }
    assert_eq!(db.stops(TODAY), [3, 3, 3]);
    let insights = db.run(&["insights"]);
    assert!(
        !insights.stdout.contains("No alerts"),
        "{}",
        insights.stdout
    );
    assert!(!insights.stdout.contains("20%"), "{}", insights.stdout);
    let json = db.run(&["insights", "--json"]).json();
    assert_eq!(json["alerts"][0]["severity"], "stop");
    let message = json["alerts"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("10/10"), "{message}");
    assert_eq!(json["decision"]["action"], "stop");
    let plan = db.run(&["plan", "--save"]);
    assert!(plan.stdout.contains("10/10"), "{}", plan.stdout);
    assert!(plan.stdout.contains("48 hours"), "{}", plan.stdout);
    let adapted = db
        .run(&["plan", "--save", "--adapt", "--format", "json"])
        .json();
    assert_eq!(adapted["plan"]["status"], "blocked");
    assert_eq!(adapted["adaptation"]["action"], "stop");

    // A new assessment answers the red-flag questions, not the pain: it
    // shows first that severe pain still stands.
    let assessed = db.run(&["assess", "--answers", &Db::example_arg("lower-back.toml")]);
    assert_eq!(assessed.code, 3, "{}", assessed.stdout);
    assert!(assessed.stdout.starts_with("STOP"), "{}", assessed.stdout);
    assert!(assessed.stdout.contains("10/10"), "{}", assessed.stdout);
    assert_eq!(db.stops(TODAY), [3, 3, 3]);

    // So the check asks only about severe pain; "no" clears it.
    let ask = db.run(&["check"]);
    assert_eq!(ask.code, 2, "{}", ask.stdout);
    assert!(
        ask.stderr.contains("1 question to answer (severe-pain)"),
        "{}",
        ask.stderr
    );
    let cleared = db.run(&["check", "--no", "severe-pain"]);
    assert_eq!(cleared.code, 0, "{}", cleared.stdout);
    assert_eq!(db.run(&["plan", "--save"]).code, 0);
    // The latest score is still 10/10: insights stop until a lower one.
    assert_eq!(db.run(&["insights"]).code, 3);
    let lower = db.run(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "3",
        "--when",
        "next-morning",
        "--at",
        "2026-11-25T20:00",
    ]);
    assert_eq!(lower.code, 0, "{}", lower.stdout);
    let insights = db.run(&["insights", "--json"]).json();
    assert_ne!(insights["alerts"][0]["severity"], "stop", "{insights}");
}

#[test]
fn high_or_rising_pain_makes_the_questions_due_again_and_says_why() {
    let db = Db::planned();
    let seven = db.pain("7", "2026-11-24T18:00", None);
    assert_eq!(seven.code, 0, "{}", seven.stdout);
    assert!(seven.stdout.contains("due again"), "{}", seven.stdout);
    assert_eq!(db.stops(TODAY), [3, 3, 3]);
    let plan = db.run(&["plan", "--save", "--format", "json"]).json();
    assert_eq!(plan["plan"]["status"], "check-due");
    // The stop is a report like any other (docs/report.schema.json): the
    // assessment, the disclaimer and the sources come with it.
    assert_eq!(plan["schema_version"], 1, "{plan}");
    assert!(plan["assessment"]["triage"].is_object(), "{plan}");
    assert!(plan["disclaimer"].is_string(), "{plan}");
    assert!(
        plan["plan"]["reasons"][0]
            .as_str()
            .unwrap_or_default()
            .contains("7/10"),
        "{plan}"
    );
    let text = db.run(&["plan", "--save"]);
    assert!(text.stdout.contains("backstride check"), "{}", text.stdout);
    let insights = db.run(&["insights", "--json"]).json();
    assert_eq!(insights["alerts"][0]["kind"], "check-due");
    // Every asked question, answered "no" from an answers file.
    let answers = Db::example_arg("lower-back.toml");
    let checked = db.run(&["check", "--answers", &answers]);
    assert_eq!(checked.code, 0, "{}", checked.stdout);
    assert_eq!(db.stops(TODAY), [0, 0, 0]);

    // A rise of the weekly mean by 2 points or more.
    let rising = Db::planned();
    for (day, nrs) in [(10, "1"), (12, "1"), (18, "4"), (20, "4")] {
        assert_eq!(
            rising.pain(nrs, &format!("2026-11-{day}T18:00"), None).code,
            0
        );
    }
    let plan = rising.run(&["plan", "--save", "--format", "json"]).json();
    assert_eq!(plan["plan"]["status"], "check-due");
    assert!(
        plan["plan"]["reasons"][0]
            .as_str()
            .unwrap_or_default()
            .contains("2 points"),
        "{plan}"
    );
}

#[test]
fn a_running_plan_asks_the_questions_again_every_four_weeks() {
    // The answers are saved "now" (the real clock); the plan runs for 12
    // weeks from today. Four weeks on, the questions are due.
    let real = chrono::Local::now().date_naive();
    let day = |n: u64| {
        real.checked_add_days(chrono::Days::new(n))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let db = Db::new();
    let answers = Db::example_arg("lower-back.toml");
    let planned = db.at(
        &day(0),
        &["plan", "--save", "--answers", &answers, "--weeks", "12"],
    );
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    assert_eq!(
        db.at(&day(20), &["plan", "--save", "--format", "json"])
            .code,
        0
    );
    let due = db.at(&day(30), &["plan", "--save", "--format", "json"]);
    assert_eq!(due.code, 3, "{}", due.stdout);
    let doc = due.json();
    assert!(
        doc["plan"]["reasons"][0]
            .as_str()
            .unwrap_or_default()
            .contains("four weeks"),
        "{doc}"
    );
    assert_eq!(db.at(&day(30), &["insights"]).code, 3);
    // `check --all` asks every question (the check is dated by the real
    // clock, so it cannot be tested here that it restarts the four weeks).
    let checked = db.at(
        &day(30),
        &["check", "--all", "--answers", &answers, "--json"],
    );
    let doc = checked.json();
    assert_eq!(
        doc["answers"].as_object().map(|a| a.len()),
        Some(16),
        "{doc}"
    );
    assert_eq!(
        db.at(&day(0), &["plan", "--save", "--format", "json"]).code,
        0
    );
}

/// Runs `backstride ARGS` in a pseudo-terminal (util-linux `script`),
/// typing `keys` once the question is up; returns the exit code and what
/// the terminal showed.
fn in_terminal(db: &Db, args: &str, keys: &str) -> (i32, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let bin = env!("CARGO_BIN_EXE_backstride");
    let mut child = Command::new("script")
        .args([
            "-qec",
            &format!("{bin} {args} --today {TODAY}"),
            "/dev/null",
        ])
        .env("BACKSTRIDE_DATA_DIR", db.data())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs (it gives the binary a terminal)");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    if let Some(stdin) = child.stdin.as_mut() {
        stdin.write_all(keys.as_bytes()).expect("types");
        stdin.flush().expect("types");
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("script ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn in_a_terminal_log_asks_the_touched_question_at_once() {
    let db = Db::planned();
    let note = "log pain --region lower-back --nrs 3 --when after --note 'groin went numb'";
    // "No": the answer is a check told after the note, which is cleared.
    let (code, shown) = in_terminal(&db, note, "n\r");
    assert!(shown.contains("bike saddle"), "{shown}");
    assert_eq!(code, 0, "{shown}");
    assert_eq!(db.stops(TODAY), [0, 0, 0]);
    // "Yes": the emergency instruction at once, and everything stops.
    let (code, shown) = in_terminal(&db, note, "y\r");
    assert!(shown.contains("EMERGENCY"), "{shown}");
    assert_eq!(code, 3, "{shown}");
    assert_eq!(db.stops(TODAY), [3, 3, 3]);
}

#[test]
fn two_signs_of_one_condition_say_the_instruction_once_with_both_questions() {
    let db = Db::planned();
    let logged = db.pain(
        "3",
        "2026-11-24T18:00",
        Some("numb bum after the long run, peed myself a bit"),
    );
    assert_eq!(logged.code, 3, "{}", logged.stdout);
    let emergency = "Call 999/112/911 or go to the emergency department now.";
    assert_eq!(
        logged.stdout.matches(emergency).count(),
        1,
        "{}",
        logged.stdout
    );
    // Both questions the note touches are still named, to be answered.
    assert!(
        logged.stdout.contains("saddle-numbness"),
        "{}",
        logged.stdout
    );
    assert!(logged.stdout.contains("bladder-bowel"), "{}", logged.stdout);
}
