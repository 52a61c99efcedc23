//! "Nothing reported saved is lost" (issue 10, items 8-12), through the
//! real binary: a full disk (a tmpfs filled to the last byte, in a mount
//! namespace of the test's own), several processes opening a new data
//! directory at once, readers that close the pipe early, inputs without an
//! end, impossible dates, and the messages for a newer, a damaged or a
//! misplaced database.

mod common;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Duration, Timelike, Utc};
use common::{Run, example};

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_backstride")
}

/// A GPX run of `points` seconds starting at `start` (RFC 3339, UTC).
fn gpx_run(start: chrono::DateTime<Utc>, points: i64) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>Run</name><type>running</type><trkseg>
"#,
    );
    for i in 0..points {
        let t = start + Duration::seconds(i);
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"-0.100000\"><ele>20</ele><time>{}</time></trkpt>\n",
            51.5 + i as f64 * 0.00003,
            t.format("%Y-%m-%dT%H:%M:%SZ")
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

fn at(text: &str) -> chrono::DateTime<Utc> {
    text.parse().expect("an RFC 3339 instant")
}

// ---------------------------------------------------------------- full disk

/// Free space left at the end of the tmpfs for each round, KiB: 0 is
/// "full to the last byte"; the others leave room to open the database
/// but not always to commit, which is where "saved" used to be printed
/// for rows that were never stored.
const SWEEP: [u32; 13] = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48];

/// Runs the disk script in a mount namespace of its own: as an
/// unprivileged user through a user namespace, else (root without user
/// namespaces, as in some containers) a plain mount namespace. The test
/// never skips: if neither works it fails and says what to allow.
fn run_in_own_mount_namespace(script: &Path, envs: &[(&str, String)]) -> std::process::Output {
    let attempts: [&[&str]; 2] = [&["--user", "--map-root-user", "--mount"], &["--mount"]];
    let mut tried = Vec::new();
    for flags in attempts {
        let out = Command::new("unshare")
            .args(flags)
            .arg("sh")
            .arg(script)
            .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
            .output()
            .expect("util-linux `unshare` runs (apt-get install util-linux)");
        if out.status.success() {
            return out;
        }
        tried.push(format!(
            "unshare {}: exit {:?}: {}",
            flags.join(" "),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    panic!(
        "cannot mount a tmpfs in a mount namespace of our own; allow user namespaces \
         (sysctl kernel.unprivileged_userns_clone=1) or run the tests as root with \
         CAP_SYS_ADMIN:\n{}",
        tried.join("\n")
    );
}

/// One binary run of the script: its exit code and output.
struct Step {
    code: i32,
    out: String,
    err: String,
}

fn step(out: &Path, name: &str) -> Step {
    let read = |ext: &str| {
        fs::read_to_string(out.join(format!("{name}.{ext}")))
            .unwrap_or_else(|e| panic!("{name}.{ext}: {e}"))
    };
    Step {
        code: read("code").trim().parse().expect("an exit code"),
        out: read("out"),
        err: read("err"),
    }
}

/// Whether a failed run says why in the words the issue asks for.
fn says_not_saved(s: &Step) -> bool {
    s.err.contains("not saved") || s.err.contains("cannot open the database")
}

#[test]
fn a_full_disk_never_loses_what_was_reported_saved_nor_leaves_half_files() {
    let work = tempfile::tempdir().expect("temp dir");
    let mount = work.path().join("tmpfs");
    let out = work.path().join("out");
    fs::create_dir_all(&mount).expect("mount point");
    fs::create_dir_all(&out).expect("out");
    let first = at("2026-03-01T07:00:00Z");
    fs::write(work.path().join("run0.gpx"), gpx_run(first, 600)).expect("gpx");
    for (round, n) in SWEEP.iter().enumerate() {
        let dir = work.path().join(format!("many-{n}"));
        fs::create_dir_all(&dir).expect("folder");
        for k in 0..3 {
            let start = first + Duration::days(1 + (round * 3 + k) as i64);
            fs::write(dir.join(format!("run{k}.gpx")), gpx_run(start, 300)).expect("gpx");
        }
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data_safety_disk.sh");
    let sweep: Vec<String> = SWEEP.iter().map(u32::to_string).collect();
    // The script copies the tmpfs here before its namespace ends.
    let copy = out.join("tmpfs");
    let ran = run_in_own_mount_namespace(
        &script,
        &[
            ("D", mount.display().to_string()),
            ("OUT", out.display().to_string()),
            ("B", binary().to_owned()),
            (
                "EX",
                common::repo()
                    .join("examples/answers")
                    .display()
                    .to_string(),
            ),
            ("W", work.path().display().to_string()),
            ("SWEEP", sweep.join(" ")),
        ],
    );
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );

    for setup in ["setup-assess", "setup-log", "setup-import", "setup-export"] {
        let s = step(&out, setup);
        assert_eq!(s.code, 0, "{setup}: {}", s.err);
    }
    let after = step(&out, "after-export");
    assert_eq!(
        after.code, 0,
        "the store opens whole once there is room: {}",
        after.err
    );
    let stored = fs::read_to_string(out.join("after/backstride.json")).expect("export");
    let before = fs::read_to_string(out.join("before/backstride.json")).expect("export");
    let after_json: serde_json::Value = serde_json::from_str(&stored).expect("JSON");
    let before_json: serde_json::Value = serde_json::from_str(&before).expect("JSON");

    // Everything stored before the disk filled is still there, unchanged.
    for (table, rows) in before_json.as_object().expect("tables") {
        let now = after_json[table].as_array().expect("rows");
        for row in rows.as_array().expect("rows") {
            assert!(now.contains(row), "{table} lost {row}");
        }
    }

    let mut commit_failures = 0;
    let mut reported_saved = 0;
    for n in SWEEP {
        // Logs: "Logged" and exit 0 exactly when the note is stored.
        for kind in ["pain", "rpe", "brace", "cross"] {
            let name = format!("{kind}-{n}");
            let s = step(&out, &name);
            let present = stored.contains(&format!("\"{name}\""));
            assert_ne!(s.code, 101, "{name} panicked: {}", s.err);
            if s.code == 0 {
                reported_saved += 1;
                assert!(s.out.contains("Logged"), "{name}: {}", s.out);
                assert!(present, "{name} was reported saved but is not stored");
            } else {
                assert_eq!(s.code, 1, "{name}: a full disk is our failure: {}", s.err);
                assert!(says_not_saved(&s), "{name}: {}", s.err);
                assert!(!s.out.contains("Logged"), "{name}: {}", s.out);
                assert!(!present, "{name} failed but is stored");
                if s.err.contains("not saved") {
                    commit_failures += 1;
                }
            }
            assert!(!s.err.contains("transaction depth"), "{name}: {}", s.err);
        }
        // Assess with a red flag: the advice shows whenever the database
        // opened; a save that failed says so and keeps exit code 3.
        let s = step(&out, &format!("assess-{n}"));
        assert!(matches!(s.code, 1 | 3), "assess-{n}: {} {}", s.code, s.err);
        if s.code == 3 {
            assert!(s.out.contains("\"emergency\""), "assess-{n}: {}", s.out);
        } else {
            assert!(says_not_saved(&s), "assess-{n}: {}", s.err);
        }

        // Files: whole or absent.
        // Once a red-flag assessment above was saved, the flag stands and
        // `plan` stops (exit 3) whatever answers file it is given: then
        // there is no calendar, and the report is the stop, written whole.
        let s = step(&out, &format!("ics-{n}"));
        let ics = fs::read_to_string(copy.join(format!("plan-{n}.ics")));
        if s.code == 0 {
            let ics = ics.expect("a calendar was reported written");
            assert!(ics.trim_end().ends_with("END:VCALENDAR"), "ics-{n} is cut");
        } else if s.code == 3 {
            assert!(ics.is_err(), "ics-{n}: a calendar without a plan");
        } else {
            assert!(says_not_saved(&s), "ics-{n}: {}", s.err);
        }
        let s = step(&out, &format!("report-{n}"));
        if matches!(s.code, 0 | 3) {
            let report = fs::read_to_string(copy.join(format!("report-{n}.md")))
                .expect("a report was reported written");
            assert!(report.contains("not a medical device"), "report-{n} is cut");
        } else {
            assert!(says_not_saved(&s), "report-{n}: {}", s.err);
        }
        let s = step(&out, &format!("export-{n}"));
        let export = copy.join(format!("export-{n}"));
        let files: Vec<PathBuf> = fs::read_dir(&export)
            .map(|d| d.map(|e| e.expect("entry").path()).collect())
            .unwrap_or_default();
        if s.code == 0 {
            assert_eq!(files.len(), 13, "export-{n}: {files:?}");
            let json = fs::read_to_string(export.join("backstride.json")).expect("json");
            serde_json::from_str::<serde_json::Value>(&json).expect("whole JSON");
        } else {
            assert!(says_not_saved(&s), "export-{n}: {}", s.err);
            assert!(files.is_empty(), "a failed export left {files:?}");
        }
        let s = step(&out, &format!("backup-{n}"));
        let backup = copy.join(format!("backup-{n}.db"));
        if s.code == 0 {
            let header = fs::read(&backup).expect("backup");
            assert!(
                header.starts_with(b"SQLite format 3\0"),
                "backup-{n} is cut"
            );
        } else {
            assert!(
                !backup.exists(),
                "a failed backup left {}",
                backup.display()
            );
            assert!(
                s.err.contains("not saved") || s.err.contains("cannot open"),
                "{}",
                s.err
            );
        }

        // Import: each file stored or "not saved"; the run goes on after a
        // failed write (no "transaction depth"), and exits 1 if any failed.
        let s = step(&out, &format!("import-{n}"));
        assert!(!s.err.contains("transaction depth") && !s.out.contains("transaction depth"));
        assert!(matches!(s.code, 0 | 1), "import-{n}: {} {}", s.code, s.err);
        if let Ok(summary) = serde_json::from_str::<serde_json::Value>(&s.out) {
            for f in summary["files"].as_array().expect("files") {
                if f["status"] == "imported" {
                    let id = &f["activity_id"];
                    let kept = after_json["activities"]
                        .as_array()
                        .expect("activities")
                        .iter()
                        .any(|a| &a["id"] == id);
                    assert!(kept, "import-{n}: {f} was reported imported but is gone");
                } else {
                    assert_eq!(f["status"], "failed", "{f}");
                    let why = f["problems"][0].as_str().unwrap_or_default();
                    assert!(why.starts_with("not saved"), "{why}");
                    assert_eq!(s.code, 1, "import-{n}");
                }
            }
        } else {
            assert_eq!(s.code, 1, "import-{n}: {}", s.err);
            assert!(says_not_saved(&s), "import-{n}: {}", s.err);
        }
    }
    // The sweep reached both cases: commits that failed after the database
    // opened (the lost-entry case of the issue) and writes that succeeded.
    assert!(
        commit_failures > 0,
        "no write failed at commit: the sweep missed it"
    );
    assert!(
        reported_saved > 0,
        "no write succeeded: the sweep left no room"
    );
    // Full to the last byte: every log failed, and the emergency advice
    // of `assess` still showed (exit 3), saying it was not saved.
    for kind in ["pain", "rpe", "brace", "cross"] {
        assert_eq!(step(&out, &format!("{kind}-0")).code, 1, "{kind}-0");
    }
    let full = step(&out, "assess-0");
    assert_eq!(full.code, 3, "{}", full.err);
    assert!(full.out.contains("\"emergency\""), "{}", full.out);
    assert!(full.err.contains("not saved"), "{}", full.err);

    // No 0-byte or cut file under a name we wrote. SQLite's own WAL and
    // shared-memory files and the (empty) migration lock are SQLite's and
    // the lock's; CSVs of empty tables in a finished export are empty by
    // design and were checked above.
    let files = fs::read_to_string(out.join("files")).expect("file list");
    for line in files.lines() {
        let (size, name) = line.split_once(' ').expect("size and name");
        assert!(
            !name.contains(".partial"),
            "a temporary file was left: {name}"
        );
        let ours = !name.ends_with("-wal")
            && !name.ends_with("-shm")
            && !name.ends_with(".lock")
            && !name.starts_with("export-");
        if ours {
            assert_ne!(size, "0", "0-byte file {name}");
        }
    }
}

// ------------------------------------------------------------- concurrency

#[test]
fn many_processes_opening_a_new_data_directory_at_once_all_store_their_log() {
    for round in 0..4 {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let children: Vec<_> = (0..10)
            .map(|i| {
                Command::new(binary())
                    .args(["log", "pain", "--region", "lower-back", "--nrs", "2"])
                    .args(["--when", "after", "--note"])
                    .arg(format!("process-{i}"))
                    .env("BACKSTRIDE_DATA_DIR", &data)
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("binary starts")
            })
            .collect();
        for (i, child) in children.into_iter().enumerate() {
            let out = child.wait_with_output().expect("binary ends");
            assert!(
                out.status.success(),
                "round {round}, process {i}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let history = Command::new(binary())
            .args(["history", "--json"])
            .env("BACKSTRIDE_DATA_DIR", &data)
            .output()
            .expect("history runs");
        let text = String::from_utf8_lossy(&history.stdout);
        for i in 0..10 {
            assert!(
                text.contains(&format!("\"process-{i}\"")),
                "round {round}: process {i}'s entry is missing"
            );
        }
    }
}

// ------------------------------------------------------------ closed pipes

/// Runs the binary with standard output a pipe whose reading end is
/// closed before the binary writes; its exit code and standard error.
fn with_closed_stdout(data: &Path, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(binary())
        .args(args)
        .env("BACKSTRIDE_DATA_DIR", data)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    drop(child.stdout.take());
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut err).expect("stderr");
    }
    let status = child.wait().expect("binary ends");
    (status.code().unwrap_or(-1), err)
}

#[test]
fn a_reader_that_closes_the_pipe_early_changes_neither_the_store_nor_the_exit_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let gpx = dir.path().join("run.gpx");
    fs::write(&gpx, gpx_run(at("2026-03-01T07:00:00Z"), 300)).expect("gpx");
    let lower = example("lower-back.toml").display().to_string();
    let red = example("red-flag.toml").display().to_string();
    let export = dir.path().join("export").display().to_string();
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["import", gpx.to_str().expect("utf-8")], 0),
        (
            vec![
                "log",
                "pain",
                "--region",
                "lower-back",
                "--nrs",
                "4",
                "--when",
                "after",
            ],
            0,
        ),
        (vec!["history"], 0),
        (vec!["history", "--json"], 0),
        (vec!["export", "--out", &export], 0),
        (vec!["plan", "--answers", &lower, "--no-save"], 0),
        (vec!["plan", "--answers", &red, "--no-save"], 3),
        (
            vec!["plan", "--answers", &red, "--no-save", "--format", "json"],
            3,
        ),
        (vec!["assess", "--answers", &red], 3),
        (vec!["schema"], 0),
        // Last: the note's red flag would stop the plans above (rightly).
        (
            vec![
                "log",
                "pain",
                "--region",
                "lower-back",
                "--nrs",
                "5",
                "--when",
                "after",
                "--note",
                "saddle numbness since this morning",
            ],
            3,
        ),
    ];
    for (args, expected) in &cases {
        let (code, err) = with_closed_stdout(&data, args);
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
        assert_eq!(code, *expected, "{args:?}: {err}");
    }
    // What the commands stored is there although nobody read their output.
    let history = Command::new(binary())
        .args(["history", "--json"])
        .env("BACKSTRIDE_DATA_DIR", &data)
        .output()
        .expect("history");
    let text = String::from_utf8_lossy(&history.stdout);
    assert!(
        text.contains("\"nrs\": 4"),
        "the pain log is stored: {text}"
    );
    assert!(Path::new(&export).join("samples.csv").exists());
}

// ------------------------------------------------------------ size caps

#[test]
fn endless_and_oversized_inputs_are_refused_with_their_cap() {
    let run = Run::new(&["assess", "--answers", "/dev/zero"]).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("larger than 1 MiB"), "{}", run.stderr);

    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("answers.toml");
    fs::File::create(&big)
        .and_then(|f| f.set_len(2 * 1024 * 1024))
        .expect("sparse file");
    let run = Run::new(&["plan", "--answers"]).arg(&big).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("larger than 1 MiB"), "{}", run.stderr);

    let run = Run::new(&["import", "/dev/zero", "--json"]).run();
    assert_eq!(run.code, 4, "{}", run.stderr);
    let why = run.json()["files"][0]["problems"][0].clone();
    assert!(
        why.as_str()
            .unwrap_or_default()
            .contains("larger than 128 MiB"),
        "{why}"
    );

    let huge = dir.path().join("huge.fit");
    fs::File::create(&huge)
        .and_then(|f| f.set_len(200 * 1024 * 1024))
        .expect("sparse file");
    let run = Run::new(&["import", "--json"]).arg(&huge).run();
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stdout.contains("larger than 128 MiB"), "{}", run.stdout);

    // A FIFO named like an activity inside a folder is skipped, not opened
    // (opening it would wait for a writer for ever).
    let folder = dir.path().join("folder");
    fs::create_dir_all(&folder).expect("folder");
    let made = Command::new("mkfifo")
        .arg(folder.join("run.fit"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = Run::new(&["import", "--json"]).arg(&folder).run();
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stdout.contains("not a regular file"), "{}", run.stdout);

    let pose = dir.path().join("run.json");
    fs::File::create(&pose)
        .and_then(|f| f.set_len(300 * 1024 * 1024))
        .expect("sparse file");
    let run = Run::new(&["form"]).arg(&pose).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("larger than 256 MiB"), "{}", run.stderr);
}

// ------------------------------------------------------------------ dates

fn log_at(at: &str) -> common::Done {
    Run::new(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "2",
        "--when",
        "after",
    ])
    .arg("--at")
    .arg(at)
    .run()
}

#[test]
fn dates_need_four_digit_years_in_range_and_days_that_exist() {
    for (text, says) in [
        ("26-12-01", "expected YYYY-MM-DD"),
        ("2026-1-5", "expected YYYY-MM-DD"),
        ("0001-01-01", "the year must be from 1990"),
        ("1989-12-31", "the year must be from 1990"),
        ("2026-11-31", "2026-11-31 does not exist"),
        ("2026-02-29", "2026-02-29 does not exist"),
        ("2026-11-20T25:00", "HH:MM"),
        ("2999-01-01", "the year must be from 1990"),
    ] {
        let run = log_at(text);
        assert_eq!(run.code, 2, "--at {text}: {}", run.stderr);
        assert!(run.stderr.contains(says), "--at {text}: {}", run.stderr);
    }
    let run = Run::new(&["history", "--since", "26-01-01"]).run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("expected YYYY-MM-DD"), "{}", run.stderr);
    let run = Run::new(&["plan", "--start", "2026-02-30"])
        .arg("--answers")
        .arg(example("lower-back.toml"))
        .run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("2026-02-30 does not exist"),
        "{}",
        run.stderr
    );
    let run = Run::new(&["insights", "--until", "0001-01-01"]).run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("1990"), "{}", run.stderr);

    // A valid backdated day is stored for that day.
    let run = log_at("2026-11-20");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn today_is_never_in_the_future_even_before_noon() {
    // A time zone in which it is about 06:00 now, so noon is ahead.
    let now = Utc::now();
    let mut offset = (6 - now.hour() as i32).rem_euclid(24);
    if offset > 12 {
        offset -= 24;
    }
    // POSIX TZ strings count hours west of Greenwich.
    let tz = format!("XXX{}", -offset);
    let today = (now + Duration::hours(i64::from(offset))).date_naive();
    let run = Run::new(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "2",
        "--when",
        "after",
    ])
    .arg("--at")
    .arg(today.to_string())
    .env("TZ", &tz)
    .run();
    assert_eq!(run.code, 0, "--at {today} with TZ={tz}: {}", run.stderr);
    let tomorrow = today + Duration::days(1);
    let run = Run::new(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "2",
        "--when",
        "after",
    ])
    .arg("--at")
    .arg(tomorrow.to_string())
    .env("TZ", &tz)
    .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("in the future"), "{}", run.stderr);
}

// --------------------------------------------------------------- messages

fn sqlite(db: &Path, sql: &str) {
    let done = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()",
        ])
        .arg(db)
        .arg(sql)
        .status()
        .expect("python3 runs");
    assert!(done.success(), "{sql}");
}

#[test]
fn a_database_from_a_newer_version_is_refused_in_plain_words_but_still_backed_up() {
    let first = log_at("2026-11-20");
    assert_eq!(first.code, 0, "{}", first.stderr);
    sqlite(
        &first.data("backstride.db"),
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', 1, x'00', 0)",
    );
    let dir = first.dir;
    let run = Run::new(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "2",
        "--when",
        "after",
    ])
    .in_dir(dir);
    let logged = run.run();
    assert_eq!(logged.code, 2, "{}", logged.stderr);
    assert!(
        logged.stderr.contains("newer version of Backstride"),
        "{}",
        logged.stderr
    );
    assert!(
        logged.stderr.contains("upgrade backstride"),
        "{}",
        logged.stderr
    );

    let backup = logged.dir.path().join("copy.db");
    let run = Run::new(&["backup"]).arg(&backup).in_dir(logged.dir);
    let done = run.run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(backup.exists());
    let export = done.dir.path().join("export");
    let done = Run::new(&["export", "--out"])
        .arg(&export)
        .in_dir(done.dir)
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = fs::read_to_string(export.join("backstride.json")).expect("export");
    assert!(json.contains("\"nrs\": 2"), "the entry is exported");
    // Nothing was changed: the newer schema change is still the highest.
    let again = Run::new(&["history"]).in_dir(done.dir).run();
    assert_eq!(again.code, 2, "{}", again.stderr);
}

#[test]
fn a_damaged_database_is_named_once_with_how_to_restore_a_backup() {
    let first = log_at("2026-11-20");
    assert_eq!(first.code, 0, "{}", first.stderr);
    let db = first.data("backstride.db");
    for suffix in ["-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", db.display()));
    }
    fs::write(&db, vec![b'x'; 8192]).expect("damage");
    let run = Run::new(&["history"]).in_dir(first.dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("damaged").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("backstride backup"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn a_data_directory_that_is_a_file_is_said_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("data");
    fs::write(&file, "not a folder").expect("file");
    let out = Command::new(binary())
        .args(["history"])
        .env("BACKSTRIDE_DATA_DIR", &file)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is a file, not a folder"), "{err}");
}

#[test]
fn damaged_pages_found_after_opening_are_named_once_too() {
    let mut dir = log_at("2026-11-20").dir;
    for i in 0..30 {
        let done = Run::new(&["log", "pain", "--region", "lower-back", "--nrs", "3"])
            .arg("--when")
            .arg("after")
            .arg("--note")
            .arg(format!("entry {i} {}", "x".repeat(900)))
            .in_dir(dir)
            .run();
        assert_eq!(done.code, 0, "{}", done.stderr);
        dir = done.dir;
    }
    let db = dir.path().join("data/backstride.db");
    // Everything into the main file, then garbage over its last pages
    // (the pain entries), keeping the header and the schema readable.
    let done = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); \
             c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()",
        ])
        .arg(&db)
        .status()
        .expect("python3 runs");
    assert!(done.success());
    let mut bytes = fs::read(&db).expect("db");
    let len = bytes.len();
    assert!(len > 8 * 4096, "{len}");
    for b in &mut bytes[len - 6 * 4096..] {
        *b = 0xA5;
    }
    fs::write(&db, bytes).expect("damage");
    let run = Run::new(&["history", "--json"]).in_dir(dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("damaged").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("backstride backup"), "{}", run.stderr);
}
