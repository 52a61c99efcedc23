//! Messages a runner meets when something they typed is wrong (issue 14,
//! item 9): every date flag says the format it wants, an impossible day is
//! called that, a video or photo given to `form` is named with what to do
//! (never printed as bytes), and a mistyped path to `import` stops before
//! anything is read.

mod common;

use std::fs;

use common::Run;

/// Every flag that takes a day, with the arguments it needs around it.
fn date_flags() -> Vec<Vec<&'static str>> {
    vec![
        vec!["insights", "--since"],
        vec!["insights", "--until"],
        vec!["history", "--since"],
        vec!["history", "--until"],
        vec!["plan", "--start"],
        vec!["report", "--html", "r.html", "--since"],
        vec!["limits", "--follow-up"],
        vec!["form", "x.json", "--date"],
    ]
}

#[test]
fn every_date_flag_names_the_format_it_wants() {
    for flag in date_flags() {
        let done = Run::new(&flag).arg("01/11/2026").run();
        assert_eq!(done.code, 2, "{flag:?}: {}", done.stderr);
        assert!(
            done.stderr.contains("expected YYYY-MM-DD"),
            "{flag:?}: {}",
            done.stderr
        );
        assert!(
            !done.stderr.contains("invalid character"),
            "{flag:?}: {}",
            done.stderr
        );
    }
}

#[test]
fn a_day_that_does_not_exist_is_called_that() {
    for flag in date_flags() {
        let done = Run::new(&flag).arg("2026-11-31").run();
        assert_eq!(done.code, 2, "{flag:?}: {}", done.stderr);
        assert!(
            done.stderr.contains("2026-11-31 does not exist"),
            "{flag:?}: {}",
            done.stderr
        );
    }
    let done = Run::new(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "2",
        "--when",
        "after",
        "--at",
        "2026-11-31",
    ])
    .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("2026-11-31 does not exist"),
        "{}",
        done.stderr
    );
    let done = Run::new(&[
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        "2",
        "--when",
        "after",
        "--at",
        "01/11/2026",
    ])
    .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("expected YYYY-MM-DD"),
        "{}",
        done.stderr
    );
}

/// The first bytes of files that are not keypoints, with a tail of binary.
fn not_keypoints() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let with_tail = |head: &[u8]| {
        let mut bytes = head.to_vec();
        bytes.extend((0..2048u32).map(|i| (i * 37 % 251) as u8));
        bytes
    };
    vec![
        (
            "run.mp4",
            with_tail(b"\0\0\0\x20ftypisom\0\0\x02\0"),
            "a video (MP4)",
        ),
        (
            "run.mov",
            with_tail(b"\0\0\0\x14ftypqt  \0\0\0\0"),
            "a video (QuickTime MOV)",
        ),
        (
            "holiday.jpg",
            with_tail(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            "a photo (JPEG)",
        ),
        (
            "shot.png",
            with_tail(b"\x89PNG\r\n\x1a\n"),
            "an image (PNG)",
        ),
        (
            "phone.heic",
            with_tail(b"\0\0\0\x18ftypheic\0\0\0\0"),
            "a photo (HEIC)",
        ),
        // A video renamed to look like keypoints is still a video.
        (
            "clip.json",
            with_tail(b"\0\0\0\x20ftypmp42\0\0\0\0"),
            "a video (MP4)",
        ),
        ("data.bin", with_tail(b"\x01\x02\x03\0\0"), "a binary file"),
    ]
}

#[test]
fn form_names_a_photo_or_binary_and_says_what_to_do_and_a_broken_video_what_is_wrong() {
    for (name, bytes, what) in not_keypoints() {
        let run = Run::new(&["form"]);
        let path = run.path(name);
        fs::write(&path, &bytes).expect("write");
        let done = run.arg(&path).run();
        assert_eq!(done.code, 2, "{name}: {}", done.stderr);
        assert!(done.stderr.contains(name), "{name}: {}", done.stderr);
        if what.starts_with("a video") {
            // A video goes to the decoder: these are no real videos, and
            // the decoder says what is wrong with them (raw bytes never).
            assert!(
                done.stderr.contains("cut short") || done.stderr.contains("damaged"),
                "{name}: {}",
                done.stderr
            );
            assert!(!done.stderr.contains("ftyp"), "{name}: {}", done.stderr);
            continue;
        }
        assert!(
            done.stderr.contains(&format!("this is {what}")),
            "{name}: {}",
            done.stderr
        );
        assert!(
            done.stderr.contains("docs/form.md"),
            "{name}: {}",
            done.stderr
        );
        assert!(
            done.stderr.contains("pose estimator") || what == "a binary file",
            "{name}: {}",
            done.stderr
        );
        for out in [&done.stderr, &done.stdout] {
            assert!(
                !out.contains('\u{FFFD}') && !out.contains('\0'),
                "{name}: raw bytes: {out:?}"
            );
            assert!(!out.contains("ftyp"), "{name}: raw bytes: {out:?}");
        }
    }
}

#[test]
fn a_video_inside_a_keypoint_folder_does_not_stop_the_folder() {
    // Estimators write their keypoints beside the video: the video there is
    // not read, and the folder's keypoint file is.
    let run = Run::new(&["form", "--json", "--no-save"]);
    let folder = run.path("clip");
    fs::create_dir_all(&folder).expect("dir");
    fs::write(folder.join("run.mp4"), b"\0\0\0\x20ftypisom\0\0\x02\0").expect("write");
    let done = run.arg(&folder).run();
    assert!(!done.stderr.contains("this is a video"), "{}", done.stderr);
}

#[test]
fn import_of_a_missing_path_stops_with_exit_2_and_stores_nothing() {
    let done = Run::new(&["import", "missing.fit"]).run();
    assert_eq!(done.code, 2, "{}{}", done.stdout, done.stderr);
    assert!(
        done.stderr.contains("missing.fit: no such file or folder"),
        "{}",
        done.stderr
    );
    assert!(done.stdout.is_empty(), "no table: {}", done.stdout);
    assert!(!done.data("backstride.db").exists(), "a database was made");

    // With a real folder beside it, still nothing is read.
    let run = Run::new(&["import", "--json"]);
    let folder = run.path("runs");
    fs::create_dir_all(&folder).expect("dir");
    let done = run
        .arg(&folder)
        .arg("nope.gpx")
        .arg("also-missing.fit")
        .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("nope.gpx, also-missing.fit"),
        "{}",
        done.stderr
    );

    // A folder alone is walked as before (empty: nothing to import, exit 0).
    let run = Run::new(&["import", "--json"]);
    let folder = run.path("runs");
    fs::create_dir_all(&folder).expect("dir");
    let done = run.arg(&folder).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
}
