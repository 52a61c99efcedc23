//! `backstride edit` through the real binary (issue 14, item 8; issue 11,
//! History): every kind of log entry can be corrected and the change is
//! printed before -> after; a bad id, a score off the scale or a bad
//! field is refused with a clear message (exit 2) and changes nothing; a
//! note edited to name a warning sign goes down the red-flag path of
//! `log` (warned first, exit 3, the plan stopped until `check`), and an
//! edit that would take a standing warning sign away is refused like a
//! delete; `edit activity ID --sport` and the first form `edit ID
//! --sport` both work.

mod common;

use std::fs;

use common::Run;
use serde_json::Value;

fn history(dir: tempfile::TempDir) -> (Value, tempfile::TempDir) {
    let done = Run::new(&["history", "--json"]).in_dir(dir).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    (done.json(), done.dir)
}

fn logged_pain(note: &str) -> tempfile::TempDir {
    let done = Run::new(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "5",
        "--when",
        "after",
        "--note",
        note,
    ])
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    done.dir
}

#[test]
fn a_pain_entry_is_edited_and_the_change_is_printed() {
    let dir = logged_pain("stiff");
    let done = Run::new(&[
        "edit",
        "pain",
        "1",
        "--nrs",
        "4",
        "--when",
        "during",
        "--note",
        "a bit better",
    ])
    .in_dir(dir)
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stdout.contains("Changed pain entry 1:"),
        "{}",
        done.stdout
    );
    assert!(done.stdout.contains("nrs: 5 -> 4"), "{}", done.stdout);
    assert!(
        done.stdout.contains("when: after -> during"),
        "{}",
        done.stdout
    );
    assert!(
        done.stdout
            .contains("note: \u{201c}stiff\u{201d} -> \u{201c}a bit better\u{201d}"),
        "{}",
        done.stdout
    );
    assert!(
        !done.stdout.contains("region:"),
        "unchanged fields are not listed"
    );
    let (h, dir) = history(done.dir);
    let p = &h["pain"][0];
    assert_eq!(
        (p["nrs"].as_u64(), p["when"].as_str(), p["note"].as_str()),
        (Some(4), Some("during"), Some("a bit better")),
        "{h}"
    );
    assert_eq!(p["region"], "lower_back", "kept");

    // The same again changes nothing, and says so.
    let same = Run::new(&["edit", "pain", "1", "--nrs", "4"])
        .in_dir(dir)
        .run();
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert!(same.stdout.contains("Nothing changed"), "{}", same.stdout);
    // `--note ""` removes the note.
    let cleared = Run::new(&["edit", "pain", "1", "--note", ""])
        .in_dir(same.dir)
        .run();
    assert_eq!(cleared.code, 0, "{}", cleared.stderr);
    let (h, _) = history(cleared.dir);
    assert_eq!(h["pain"][0]["note"], Value::Null, "{h}");
}

#[test]
fn a_bad_id_an_off_scale_score_or_a_bad_field_changes_nothing() {
    let dir = logged_pain("stiff");
    let missing = Run::new(&["edit", "pain", "99", "--nrs", "4"])
        .in_dir(dir)
        .run();
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("no pain entry 99 is stored"),
        "{}",
        missing.stderr
    );
    let off = Run::new(&["edit", "pain", "1", "--nrs", "11", "--note", "changed"])
        .in_dir(missing.dir)
        .run();
    assert_eq!(off.code, 2, "{}", off.stderr);
    assert!(
        off.stderr.contains("--nrs") && off.stderr.contains("0..=10"),
        "{}",
        off.stderr
    );
    let region = Run::new(&["edit", "pain", "1", "--region", "knee"])
        .in_dir(off.dir)
        .run();
    assert_eq!(region.code, 2, "{}", region.stderr);
    assert!(
        region
            .stderr
            .contains("--region knee: expected one of lower-back"),
        "{}",
        region.stderr
    );
    let future = Run::new(&["edit", "pain", "1", "--at", "2027-01-01"])
        .in_dir(region.dir)
        .run();
    assert_eq!(future.code, 2, "{}", future.stderr);
    assert!(future.stderr.contains("in the future"), "{}", future.stderr);
    let nothing = Run::new(&["edit", "pain", "1"]).in_dir(future.dir).run();
    assert_eq!(nothing.code, 2, "{}", nothing.stderr);
    assert!(
        nothing.stderr.contains("nothing to change"),
        "{}",
        nothing.stderr
    );
    let unlinked = Run::new(&["edit", "pain", "1", "--activity", "42"])
        .in_dir(nothing.dir)
        .run();
    assert_eq!(unlinked.code, 2, "{}", unlinked.stderr);
    assert!(unlinked.stderr.contains("42"), "{}", unlinked.stderr);
    let typo = Run::new(&["edit", "pian"]).in_dir(unlinked.dir).run();
    assert_eq!(typo.code, 2, "{}", typo.stderr);
    assert!(
        typo.stderr
            .contains("edit pain|routine|cross-train|brace|rpe"),
        "{}",
        typo.stderr
    );
    // A score off the scale fails before the note is read by the use case:
    // the warning the note may name is shown all the same.
    let warned = Run::new(&[
        "edit",
        "pain",
        "1",
        "--nrs",
        "11",
        "--note",
        "groin went numb",
    ])
    .in_dir(typo.dir)
    .run();
    assert_eq!(warned.code, 2, "{}", warned.stderr);
    assert!(
        warned.stdout.contains("STOP: your note"),
        "{}",
        warned.stdout
    );
    let (h, _) = history(warned.dir);
    let p = &h["pain"][0];
    assert_eq!(
        (
            p["nrs"].as_u64(),
            p["note"].as_str(),
            p["activity_id"].clone()
        ),
        (Some(5), Some("stiff"), Value::Null),
        "nothing changed: {h}"
    );
}

#[test]
fn every_other_kind_of_entry_is_edited() {
    let mut dir = tempfile::tempdir().expect("dir");
    for log in [
        vec!["log", "routine", "warrior-pose:10"],
        vec!["log", "cross-train", "--minutes", "30"],
    ] {
        let done = Run::new(&log).in_dir(dir).run();
        assert_eq!(done.code, 0, "{log:?}: {}", done.stderr);
        dir = done.dir;
    }
    let routine = Run::new(&[
        "edit",
        "routine",
        "1",
        "--rounds",
        "2",
        "warrior-pose:12",
        "plank-knee-tuck:8",
    ])
    .in_dir(dir)
    .run();
    assert_eq!(routine.code, 0, "{}", routine.stderr);
    assert!(
        routine.stdout.contains("rounds: 1 -> 2"),
        "{}",
        routine.stdout
    );
    let cross = Run::new(&[
        "edit",
        "cross-train",
        "1",
        "--kind",
        "swimming",
        "--minutes",
        "45",
    ])
    .in_dir(routine.dir)
    .run();
    assert_eq!(cross.code, 0, "{}", cross.stderr);
    assert!(
        cross.stdout.contains("kind: cycling -> swimming"),
        "{}",
        cross.stdout
    );
    let bad = Run::new(&["edit", "routine", "1", "squat:10"])
        .in_dir(cross.dir)
        .run();
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("unknown exercise"), "{}", bad.stderr);
    let (h, _) = history(bad.dir);
    assert_eq!(h["routines"][0]["rounds"], 2, "{h}");
    assert_eq!(
        h["routines"][0]["exercises"].as_array().map(Vec::len),
        Some(2),
        "{h}"
    );
    assert_eq!(h["cross_training"][0]["minutes"], 45, "{h}");
}

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

#[test]
fn brace_rpe_and_activity_edits_take_last_and_both_sport_forms_work() {
    let run = Run::new(&["import", "--json"]);
    let file = run.path("run.gpx");
    fs::write(&file, gpx()).expect("write");
    let imported = run.arg(&file).run();
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let mut dir = imported.dir;
    for log in [
        vec!["log", "brace", "--worn"],
        vec!["log", "rpe", "--activity", "last", "--value", "5"],
    ] {
        let done = Run::new(&log).in_dir(dir).run();
        assert_eq!(done.code, 0, "{log:?}: {}", done.stderr);
        dir = done.dir;
    }
    let brace = Run::new(&["edit", "brace", "1", "--not-worn", "--activity", "last"])
        .in_dir(dir)
        .run();
    assert_eq!(brace.code, 0, "{}", brace.stderr);
    assert!(brace.stdout.contains("worn: yes -> no"), "{}", brace.stdout);
    assert!(
        brace.stdout.contains("activity: (none) -> 1"),
        "{}",
        brace.stdout
    );
    let rpe = Run::new(&["edit", "rpe", "1", "--value", "7"])
        .in_dir(brace.dir)
        .run();
    assert_eq!(rpe.code, 0, "{}", rpe.stderr);
    assert!(rpe.stdout.contains("value: 5 -> 7"), "{}", rpe.stdout);
    let new_form = Run::new(&["edit", "activity", "last", "--sport", "cycling"])
        .in_dir(rpe.dir)
        .run();
    assert_eq!(new_form.code, 0, "{}", new_form.stderr);
    let old_form = Run::new(&["edit", "1", "--sport", "walking"])
        .in_dir(new_form.dir)
        .run();
    assert_eq!(old_form.code, 0, "{}", old_form.stderr);
    assert!(
        old_form.stdout.contains("activity 1 is now walking"),
        "{}",
        old_form.stdout
    );
    let (h, _) = history(old_form.dir);
    assert_eq!(h["brace"][0]["worn"], false, "{h}");
    assert_eq!(h["brace"][0]["activity_id"], 1, "{h}");
    assert_eq!(h["rpe"][0]["rpe"], 7, "{h}");
    assert_eq!(h["activities"][0]["sport"], "walking", "{h}");
}

#[test]
fn a_note_edited_to_name_a_warning_sign_stops_the_plan_and_cannot_be_edited_away() {
    let dir = logged_pain("stiff");
    let flagged = Run::new(&[
        "edit",
        "pain",
        "1",
        "--note",
        "Groin went numb on the long run",
    ])
    .in_dir(dir)
    .run();
    assert_eq!(flagged.code, 3, "{}\n{}", flagged.stdout, flagged.stderr);
    let warned = flagged.stdout.find("STOP: your note");
    let changed = flagged.stdout.find("Changed pain entry 1");
    assert!(
        warned.is_some() && changed.is_some() && warned < changed,
        "the warning comes first: {}",
        flagged.stdout
    );
    assert!(
        flagged.stdout.contains("backstride check"),
        "{}",
        flagged.stdout
    );
    // While it stands, editing the sign away is refused and changes nothing.
    let away = Run::new(&["edit", "pain", "1", "--note", "all fine"])
        .in_dir(flagged.dir)
        .run();
    assert_eq!(away.code, 2, "{}", away.stderr);
    assert!(away.stderr.contains("saddle-numbness"), "{}", away.stderr);
    assert!(away.stderr.contains("not edited"), "{}", away.stderr);
    let (h, dir) = history(away.dir);
    assert_eq!(
        h["pain"][0]["note"], "Groin went numb on the long run",
        "{h}"
    );
    // Another field may change: the sign stays.
    let when = Run::new(&["edit", "pain", "1", "--when", "during"])
        .in_dir(dir)
        .run();
    assert_eq!(when.code, 0, "{}", when.stderr);
    // Answered, it may go.
    let checked = Run::new(&["check", "--no", "saddle-numbness", "--json"])
        .in_dir(when.dir)
        .run();
    assert_eq!(checked.code, 0, "{}", checked.stdout);
    let done = Run::new(&["edit", "pain", "1", "--note", "all fine"])
        .in_dir(checked.dir)
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
}

#[test]
fn a_severe_score_is_not_edited_down_while_severe_pain_stands() {
    let dir = logged_pain("stiff");
    let severe = Run::new(&["edit", "pain", "1", "--nrs", "9"])
        .in_dir(dir)
        .run();
    assert_eq!(severe.code, 3, "{}\n{}", severe.stdout, severe.stderr);
    let down = Run::new(&["edit", "pain", "1", "--nrs", "3"])
        .in_dir(severe.dir)
        .run();
    assert_eq!(down.code, 2, "{}", down.stderr);
    assert!(down.stderr.contains("severe-pain"), "{}", down.stderr);
    let (h, _) = history(down.dir);
    assert_eq!(h["pain"][0]["nrs"], 9, "{h}");
}
