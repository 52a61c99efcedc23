//! Undo through the real binary (issue 14, item 8): `delete activity`
//! takes an import back (its RPE with it; pain stays, unlinked) and the
//! file imports again; `delete pain|routine|...` removes one entry;
//! deleting asks, and a script must say `--yes`; `--activity last` names
//! the latest activity; an entry whose note raised a warning sign that
//! still stands is kept until `backstride check` answers it.

mod common;

use std::fs;
use std::path::PathBuf;

use common::Run;
use serde_json::Value;

/// A short GPX run.
fn gpx() -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><type>running</type><trkseg>
"#,
    );
    for i in 0..120u32 {
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"-0.100000\"><time>2026-11-20T07:{:02}:{:02}Z</time></trkpt>\n",
            51.5 + f64::from(i) * 0.00003,
            i / 60,
            i % 60
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

/// A data directory with one imported run; the run file's path.
fn imported() -> (tempfile::TempDir, PathBuf) {
    let run = Run::new(&["import", "--json"]);
    let file = run.path("run.gpx");
    fs::write(&file, gpx()).expect("write");
    let done = run.arg(&file).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    (done.dir, file)
}

fn history(dir: tempfile::TempDir) -> (Value, tempfile::TempDir) {
    let done = Run::new(&["history", "--json"]).in_dir(dir).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    (done.json(), done.dir)
}

fn count(h: &Value, key: &str) -> usize {
    h[key].as_array().map_or(0, Vec::len)
}

#[test]
fn deleting_an_activity_asks_for_yes_in_a_script_and_takes_its_rpe() {
    let (dir, file) = imported();
    let pain = Run::new(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "2",
        "--when",
        "after",
        "--activity",
        "last",
    ])
    .in_dir(dir)
    .run();
    assert_eq!(pain.code, 0, "{}", pain.stderr);
    let rpe = Run::new(&["log", "rpe", "--activity", "last", "--value", "6"])
        .in_dir(pain.dir)
        .run();
    assert_eq!(rpe.code, 0, "{}", rpe.stderr);
    let (h, dir) = history(rpe.dir);
    let id = h["activities"][0]["id"].as_i64().expect("an id");
    assert_eq!(
        h["pain"][0]["activity_id"], id,
        "--activity last is the run"
    );
    assert_eq!(h["rpe"][0]["activity_id"], id);

    // No terminal, no --yes: nothing deleted, and it says how.
    let refused = Run::new(&["delete", "activity", "last"]).in_dir(dir).run();
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);
    let (h, dir) = history(refused.dir);
    assert_eq!(count(&h, "activities"), 1);

    let done = Run::new(&["delete", "activity", &id.to_string(), "--yes"])
        .in_dir(dir)
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stdout.contains(&format!("deleted activity {id}")),
        "{}",
        done.stdout
    );
    let (h, dir) = history(done.dir);
    assert_eq!(count(&h, "activities"), 0);
    assert_eq!(count(&h, "rpe"), 0, "its RPE went with it");
    assert_eq!(count(&h, "pain"), 1, "pain stays");
    assert_eq!(h["pain"][0]["activity_id"], Value::Null, "unlinked");

    // Deleted means the same file imports again.
    let again = Run::new(&["import", "--json"]).arg(&file).in_dir(dir).run();
    assert_eq!(again.code, 0, "{}", again.stderr);
    let (h, dir) = history(again.dir);
    assert_eq!(count(&h, "activities"), 1);

    let missing = Run::new(&["delete", "activity", "999", "--yes"])
        .in_dir(dir)
        .run();
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("no activity 999"),
        "{}",
        missing.stderr
    );
    let bad = Run::new(&["delete", "activity", "first", "--yes"]).run();
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("or `last`"), "{}", bad.stderr);
    let none = Run::new(&["edit", "last", "--sport", "cycling"]).run();
    assert_eq!(none.code, 2, "{}", none.stderr);
    assert!(
        none.stderr.contains("no activity is stored"),
        "{}",
        none.stderr
    );
}

#[test]
fn edit_and_history_take_last() {
    let (dir, _) = imported();
    let edited = Run::new(&["edit", "last", "--sport", "walking"])
        .in_dir(dir)
        .run();
    assert_eq!(edited.code, 0, "{}", edited.stderr);
    let one = Run::new(&["history", "--activity", "last", "--json"])
        .in_dir(edited.dir)
        .run();
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.json()["summary"]["sport"], "walking", "{}", one.stdout);
}

#[test]
fn each_kind_of_log_entry_can_be_deleted_and_history_names_its_id() {
    let (mut dir, _) = imported();
    for log in [
        vec![
            "log",
            "pain",
            "--region",
            "lower-back",
            "--nrs",
            "2",
            "--when",
            "after",
        ],
        vec!["log", "routine", "warrior-pose:10"],
        vec!["log", "cross-train", "--minutes", "30"],
        vec!["log", "brace", "--worn", "--activity", "last"],
        vec!["log", "rpe", "--activity", "last", "--value", "5"],
    ] {
        let done = Run::new(&log).in_dir(dir).run();
        assert_eq!(done.code, 0, "{log:?}: {}", done.stderr);
        dir = done.dir;
    }
    let text = Run::new(&["history"]).in_dir(dir).run();
    for tag in [
        "(pain 1)",
        "(routine 1)",
        "(cross-train 1)",
        "(brace 1)",
        "(rpe 1)",
    ] {
        assert!(text.stdout.contains(tag), "{tag}: {}", text.stdout);
    }
    let mut dir = text.dir;
    for (kind, key) in [
        ("pain", "pain"),
        ("routine", "routines"),
        ("cross-train", "cross_training"),
        ("brace", "brace"),
        ("rpe", "rpe"),
    ] {
        let (before, d) = history(dir);
        assert_eq!(count(&before, key), 1, "{key}: {before}");
        let refused = Run::new(&["delete", kind, "1"]).in_dir(d).run();
        assert_eq!(refused.code, 2, "{kind}: {}", refused.stderr);
        let done = Run::new(&["delete", kind, "1", "--yes"])
            .in_dir(refused.dir)
            .run();
        assert_eq!(done.code, 0, "{kind}: {}", done.stderr);
        let (after, d) = history(done.dir);
        assert_eq!(count(&after, key), 0, "{key}: {after}");
        let again = Run::new(&["delete", kind, "1", "--yes"]).in_dir(d).run();
        assert_eq!(again.code, 2, "{kind}: {}", again.stderr);
        assert!(
            again.stderr.contains("entry 1 is stored"),
            "{}",
            again.stderr
        );
        dir = again.dir;
    }
    let (left, _) = history(dir);
    assert_eq!(count(&left, "activities"), 1, "entries only");
}

#[test]
fn an_entry_whose_warning_sign_stands_is_kept_until_check_answers_it() {
    let logged = Run::new(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "3",
        "--when",
        "after",
        "--note",
        "Groin went numb on the long run",
    ])
    .run();
    assert_eq!(logged.code, 3, "{}", logged.stdout);
    let refused = Run::new(&["delete", "pain", "1", "--yes"])
        .in_dir(logged.dir)
        .run();
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("saddle-numbness"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("backstride check"),
        "{}",
        refused.stderr
    );
    let (h, dir) = history(refused.dir);
    assert_eq!(count(&h, "pain"), 1, "kept");

    let checked = Run::new(&["check", "--no", "saddle-numbness", "--json"])
        .in_dir(dir)
        .run();
    assert_eq!(checked.code, 0, "{}", checked.stdout);
    let done = Run::new(&["delete", "pain", "1", "--yes"])
        .in_dir(checked.dir)
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);

    // Severe pain stands the same way.
    let severe = Run::new(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "9",
        "--when",
        "after",
    ])
    .run();
    let refused = Run::new(&["delete", "pain", "1", "--yes"])
        .in_dir(severe.dir)
        .run();
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("severe-pain"), "{}", refused.stderr);
}
