//! One local-day rule through the real binary: `history` and `insights`
//! put the same record on the same day. An activity whose file gives its
//! UTC offset is on its day there; a log entry is on its day in the
//! runner's zone (`TZ`) with the offset in force when it was logged, summer
//! time included, whatever the season the command runs in.

mod common;

use std::fs;

use common::Run;
use tempfile::TempDir;

/// Central European time with its summer time, as a POSIX `TZ` value (no
/// time-zone database needed).
const CET: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

/// A 20-minute GPX run whose times carry `+10:00`: it starts at 00:30 on
/// 20 November in UTC+10, which is 14:30 UTC on the 19th.
fn run_in_sydney() -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>Night run</name><type>running</type><trkseg>
"#,
    );
    for i in 0..1200u32 {
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"151.200000\"><ele>20</ele><time>2026-11-20T00:{:02}:{:02}+10:00</time></trkpt>\n",
            -33.86 + f64::from(i) * 0.00003,
            30 + i / 60,
            i % 60,
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

fn imported(tz: &str) -> TempDir {
    let run = Run::new(&["import"]).env("TZ", tz);
    let file = run.path("night.gpx");
    fs::write(&file, run_in_sydney()).expect("write gpx");
    let done = run.arg(&file).arg("--json").run();
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    done.dir
}

fn run(dir: TempDir, tz: &str, args: &[&str]) -> common::Done {
    let done = args
        .iter()
        .fold(Run::new(&[]).in_dir(dir).env("TZ", tz), |r, a| r.arg(a))
        .run();
    assert!(
        done.code == 0 || done.code == 3,
        "{args:?}: {}\n{}",
        done.stdout,
        done.stderr
    );
    done
}

/// The running distance and highest back pain `insights --json` puts on
/// `day`. The analysis starts at the first day with data (issue 14 item
/// 7), so a day before it holds nothing.
fn insights_day(done: &common::Done, day: &str) -> (f64, Option<u64>) {
    let json = done.json();
    let days = json["days"].as_array().expect("days");
    let first = days
        .first()
        .and_then(|d| d["date"].as_str())
        .expect("a first day");
    if day < first {
        return (0.0, None);
    }
    let found = days
        .iter()
        .find(|d| d["date"] == day)
        .unwrap_or_else(|| panic!("{day} is not in {days:?}"));
    (
        found["distance_km"].as_f64().expect("distance"),
        found["back_pain"].as_u64(),
    )
}

fn history_counts(done: &common::Done) -> (usize, usize) {
    let json = done.json();
    let n = |k: &str| json[k].as_array().map_or(0, Vec::len);
    (n("activities"), n("pain"))
}

#[test]
fn an_activity_is_on_its_own_day_in_history_and_insights() {
    // The runner is in UTC, where the run's instant is on the 19th; the
    // file says it was the 20th where it was run.
    let mut dir = imported("UTC0");
    for (day, expected) in [("2026-11-19", 0), ("2026-11-20", 1), ("2026-11-21", 0)] {
        let done = run(
            dir,
            "UTC0",
            &["history", "--since", day, "--until", day, "--json"],
        );
        assert_eq!(history_counts(&done).0, expected, "history on {day}");
        dir = done.dir;
    }
    let done = run(
        dir,
        "UTC0",
        &[
            "insights",
            "--since",
            "2026-11-15",
            "--until",
            "2026-11-22",
            "--json",
        ],
    );
    let (on_20th, _) = insights_day(&done, "2026-11-20");
    let (on_19th, _) = insights_day(&done, "2026-11-19");
    assert!(on_20th > 3.0, "the run is on the 20th: {on_20th} km");
    assert_eq!(on_19th, 0.0);
    // The table shows the time it was run at, on that day.
    let done = run(done.dir, "UTC0", &["history"]);
    assert!(done.stdout.contains("2026-11-20 00:30"), "{}", done.stdout);
}

#[test]
fn a_summer_log_stays_on_its_summer_day_when_read_in_winter() {
    // Logged at 00:30 on 2 July, summer time (UTC+2): 22:30 UTC on the
    // 1st. The commands run on 25 November (`--today`), in winter time
    // (UTC+1), which would put it at 23:30 on the 1st.
    let dir = [
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "4",
        "--when",
        "after",
        "--at",
        "2026-07-02T00:30",
    ]
    .iter()
    .fold(Run::new(&[]).env("TZ", CET), |r, a| r.arg(a))
    .run();
    assert_eq!(dir.code, 0, "{}", dir.stderr);
    let mut dir = dir.dir;
    for (day, expected) in [("2026-07-01", 0), ("2026-07-02", 1)] {
        let done = run(
            dir,
            CET,
            &["history", "--since", day, "--until", day, "--json"],
        );
        assert_eq!(history_counts(&done).1, expected, "history on {day}");
        if expected == 1 {
            // Stored in UTC: the zone's summer offset was used.
            let at = done.json()["pain"][0]["at"].as_str().map(str::to_owned);
            assert!(
                at.as_deref()
                    .is_some_and(|a| a.starts_with("2026-07-01T22:30")),
                "{at:?}"
            );
        }
        dir = done.dir;
    }
    let done = run(
        dir,
        CET,
        &[
            "insights",
            "--since",
            "2026-06-28",
            "--until",
            "2026-07-05",
            "--json",
        ],
    );
    assert_eq!(insights_day(&done, "2026-07-02").1, Some(4));
    assert_eq!(insights_day(&done, "2026-07-01").1, None);
}
