//! Re-planning keeps one calendar event per session (issue 14, item 5):
//! the .ics files of a plan and two re-plans, imported one after the other
//! into a small model of a calendar, leave exactly the latest plan's
//! sessions (and the first plan's past ones), with dropped sessions gone.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use common::{Done, Run, example, run_python};
use serde_json::Value;
use tempfile::TempDir;

fn run_in(dir: TempDir, args: &[&str]) -> Done {
    args.iter()
        .fold(Run::new(&[]).in_dir(dir), |r, a| r.arg(a))
        .run()
}

/// One VEVENT as a calendar sees it.
#[derive(Debug, Clone)]
struct Event {
    uid: String,
    sequence: u32,
    stamp: String,
    cancelled: bool,
    date: NaiveDate,
    summary: String,
}

/// The events of an .ics file (lines unfolded; only what the model needs).
fn events(path: &Path) -> Vec<Event> {
    let text = fs::read_to_string(path).expect("calendar written");
    let text = text.replace("\r\n ", "");
    assert!(text.contains("METHOD:PUBLISH"), "{text}");
    text.split("BEGIN:VEVENT")
        .skip(1)
        .map(|block| {
            // Alarms have their own UID and DTSTAMP: read the event's only.
            let block = match block.find("BEGIN:VALARM") {
                Some(at) => &block[..at],
                None => block,
            };
            let field = |name: &str| {
                block
                    .lines()
                    .find_map(|l| {
                        let (key, value) = l.split_once(':')?;
                        (key.split(';').next() == Some(name)).then(|| value.to_owned())
                    })
                    .unwrap_or_default()
            };
            Event {
                uid: field("UID"),
                sequence: field("SEQUENCE").parse().unwrap_or(0),
                stamp: field("DTSTAMP"),
                cancelled: field("STATUS") == "CANCELLED",
                date: NaiveDate::parse_from_str(&field("DTSTART"), "%Y%m%d").expect("a date"),
                summary: field("SUMMARY").replace("\\,", ",").replace("\\;", ";"),
            }
        })
        .collect()
}

/// A calendar that imports published events as RFC 5546 says: an event
/// with a known UID replaces the stored one when its SEQUENCE is higher, or
/// equal with a later or same DTSTAMP; a cancelled one removes it.
#[derive(Default)]
struct CalendarModel {
    events: BTreeMap<String, Event>,
}

impl CalendarModel {
    fn import(&mut self, file: &Path) {
        for e in events(file) {
            let newer = self
                .events
                .get(&e.uid)
                .is_none_or(|old| (e.sequence, &e.stamp) >= (old.sequence, &old.stamp));
            if !newer {
                continue;
            }
            if e.cancelled {
                self.events.remove(&e.uid);
            } else {
                self.events.insert(e.uid.clone(), e);
            }
        }
    }
}

/// (date, summary) of each day of a report's plan.
fn sessions(json: &Value) -> Vec<(NaiveDate, String)> {
    json["plan"]["days"]
        .as_array()
        .expect("days")
        .iter()
        .map(|d| {
            (
                d["date"]
                    .as_str()
                    .and_then(|s| s.parse().ok())
                    .expect("date"),
                format!("Backstride: {}", d["title"].as_str().expect("title")),
            )
        })
        .collect()
}

fn ics_run(dir: TempDir, args: &[&str], file: &Path) -> Done {
    let mut all: Vec<&str> = args.to_vec();
    let file = file.to_str().expect("utf-8 path");
    all.extend(["--format", "json", "--ics", file]);
    let done = run_in(dir, &all);
    assert_eq!(done.code, 0, "{}", done.stderr);
    done
}

#[test]
fn replanning_twice_then_importing_every_file_leaves_one_event_per_session() {
    let files = tempfile::tempdir().expect("temp dir");
    let (a, b, c) = (
        files.path().join("a.ics"),
        files.path().join("b.ics"),
        files.path().join("c.ics"),
    );
    // An 8-week plan from Monday 2 Nov on this plan's own run days (the
    // re-plans take the planner's); "today" is Wednesday 25 Nov.
    let answers = example("lower-back.toml");
    let answers = answers.to_str().expect("path");
    let first = ics_run(
        Run::new(&[]).into_dir(),
        &[
            "plan",
            "--save",
            "--start",
            "2026-11-02",
            "--run-days",
            "mon,wed,fri",
            "--answers",
            answers,
        ],
        &a,
    );
    let first_plan = sessions(&first.json());
    // Pain during a run: the re-plan steps back from today, on other days.
    let logged = run_in(
        first.dir,
        &[
            "log",
            "pain",
            "--region",
            "lower-back",
            "--nrs",
            "6",
            "--when",
            "during",
            "--at",
            "2026-11-24T08:00",
        ],
    );
    assert_eq!(logged.code, 0, "{}", logged.stderr);
    let second = ics_run(logged.dir, &["plan", "--save", "--adapt"], &b);
    assert!(
        second.stderr.contains("cancelled"),
        "the re-plan drops sessions of the first plan: {}",
        second.stderr
    );
    // A shorter re-plan drops the later weeks of the second.
    let third = ics_run(
        second.dir,
        &["plan", "--save", "--adapt", "--weeks", "2"],
        &c,
    );
    let last = third.json();
    let last_plan = sessions(&last);
    // The re-plans start today, not on their first session's day.
    let last_start: NaiveDate = last["plan"]["start"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("start");
    assert!(events(&c).iter().any(|e| e.cancelled), "weeks 3-8 dropped");

    // Python's icalendar reads the same statuses and sequences.
    let script = r#"
import sys, icalendar
for path in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(path, 'rb').read())
    assert str(cal.get('METHOD')) == 'PUBLISH'
    for e in cal.walk('VEVENT'):
        print(str(e.get('UID')), int(e.get('SEQUENCE', 0)), str(e.get('STATUS')))
"#;
    let python = run_python(&[], script, [&a, &b, &c]);
    let ours: Vec<String> = [&a, &b, &c]
        .iter()
        .flat_map(|f| events(f))
        .map(|e| {
            let status = if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            };
            format!("{} {} {status}", e.uid, e.sequence)
        })
        .collect();
    assert_eq!(python.lines().collect::<Vec<_>>(), ours);

    let mut calendar = CalendarModel::default();
    for file in [&a, &b, &c] {
        calendar.import(file);
    }
    let mut held: Vec<(NaiveDate, String)> = calendar
        .events
        .values()
        .map(|e| (e.date, e.summary.clone()))
        .collect();
    held.sort();
    // The first plan's sessions before the re-plans began stay (they are
    // past); from then on, exactly the latest plan's sessions, once each:
    // today's cycling, dropped by the first re-plan, is gone.
    let mut expected: Vec<(NaiveDate, String)> = first_plan
        .into_iter()
        .filter(|(d, _)| *d < last_start)
        .chain(last_plan)
        .collect();
    expected.sort();
    assert_eq!(held, expected);

    // Importing the same files again changes nothing.
    for file in [&a, &b, &c] {
        calendar.import(file);
    }
    assert_eq!(calendar.events.len(), expected.len());
}

#[test]
fn the_same_session_keeps_its_uid_and_a_changed_one_a_higher_sequence() {
    let files = tempfile::tempdir().expect("temp dir");
    let (a, b) = (files.path().join("a.ics"), files.path().join("b.ics"));
    let answers = example("lower-back.toml");
    let answers = answers.to_str().expect("path");
    let first = ics_run(
        Run::new(&[]).into_dir(),
        &[
            "plan",
            "--save",
            "--start",
            "2026-11-30",
            "--answers",
            answers,
        ],
        &a,
    );
    // The same plan again: same UIDs, nothing cancelled, nothing revised.
    let again = ics_run(
        first.dir,
        &[
            "plan",
            "--save",
            "--start",
            "2026-11-30",
            "--answers",
            answers,
        ],
        &b,
    );
    let (ea, eb) = (events(&a), events(&b));
    assert_eq!(
        ea.iter().map(|e| &e.uid).collect::<Vec<_>>(),
        eb.iter().map(|e| &e.uid).collect::<Vec<_>>()
    );
    assert!(eb.iter().all(|e| !e.cancelled && e.sequence == 0));
    // Fewer km a week now: the same days, shorter runs. Those runs are
    // revised (a SEQUENCE above the first file's 0), under the same UIDs.
    let toml = fs::read_to_string(example("lower-back.toml")).expect("example");
    let fewer = files.path().join("fewer.toml");
    fs::write(&fewer, toml.replacen("weekly_km = 16", "weekly_km = 10", 1)).expect("write");
    let fewer = fewer.to_str().expect("path");
    let c = files.path().join("c.ics");
    ics_run(
        again.dir,
        &[
            "plan",
            "--save",
            "--start",
            "2026-11-30",
            "--answers",
            fewer,
        ],
        &c,
    );
    let ec = events(&c);
    let revised: Vec<&Event> = ec.iter().filter(|e| e.sequence > 0).collect();
    assert!(!revised.is_empty(), "shorter runs are revisions");
    for e in &revised {
        let before = eb
            .iter()
            .find(|b| b.uid == e.uid)
            .expect("same UID as before");
        assert_ne!(
            before.summary, e.summary,
            "only changed sessions are revised"
        );
    }
    for e in ec.iter().filter(|e| e.sequence == 0) {
        let before = eb.iter().find(|b| b.uid == e.uid);
        assert!(
            before.is_none_or(|b| b.summary == e.summary),
            "{e:?} changed but was not revised"
        );
    }
}

#[test]
fn reminders_are_display_alarms_and_need_a_calendar() {
    let run = Run::new(&["plan", "--start", "2026-11-30", "--weeks", "2", "--no-save"])
        .arg("--answers")
        .arg(example("lower-back.toml"));
    let ics = run.path("plan.ics");
    let done = run.arg("--ics").arg(&ics).arg("--remind").arg("120").run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let text = fs::read_to_string(&ics).expect("calendar written");
    let sessions = text.matches("BEGIN:VEVENT").count();
    assert!(sessions > 0);
    assert_eq!(text.matches("BEGIN:VALARM").count(), sessions);
    assert_eq!(text.matches("ACTION:DISPLAY").count(), sessions);
    assert_eq!(
        text.matches("TRIGGER;RELATED=START:-PT7200S").count(),
        sessions
    );

    let done = Run::new(&["plan", "--remind", "30", "--no-save"])
        .arg("--answers")
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(done.code, 2, "--remind without --ics: {}", done.stderr);
    assert!(done.stderr.contains("--ics"), "{}", done.stderr);
    let done = Run::new(&["plan", "--ics", "x.ics", "--remind", "99999", "--no-save"])
        .arg("--answers")
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(done.stderr.contains("--remind"), "{}", done.stderr);
}
