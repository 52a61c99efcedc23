//! Snapshot tests of the reports: any change to what a runner reads shows
//! up as a reviewed diff (`cargo insta review`).

mod common;

use common::{Run, example};

fn report(format: &str, answers: &str) -> String {
    let done = Run::new(&[
        "plan",
        "--format",
        format,
        "--start",
        "2026-12-07",
        "--weeks",
        "4",
    ])
    .arg("--answers")
    .arg(example(answers))
    .run();
    assert!(done.code == 0 || done.code == 3, "{}", done.stderr);
    done.stdout
}

#[test]
fn markdown_plan_for_the_lower_back_example() {
    insta::assert_snapshot!(report("markdown", "lower-back.toml"));
}

#[test]
fn text_plan_for_the_upper_back_example() {
    insta::assert_snapshot!(report("text", "upper-back.toml"));
}

#[test]
fn text_report_for_a_red_flag() {
    insta::assert_snapshot!(report("text", "red-flag.toml"));
}

/// README's first command: the 8-week plan for the lower-back example.
fn eight_weeks(extra: &[&str]) -> String {
    let done = extra
        .iter()
        .fold(
            Run::new(&["plan", "--weeks", "8", "--start", "2026-11-25"])
                .arg("--answers")
                .arg(example("lower-back.toml")),
            |run, a| run.arg(a),
        )
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    done.stdout
}

#[test]
fn a_plan_leads_with_this_week_and_cites_sources_by_id_only() {
    for format in ["text", "markdown"] {
        let out = eight_weeks(&["--format", format]);
        // Issue 14 item 10: about 204 lines before (45 of them sources).
        let lines = out.lines().count();
        assert!(lines <= 120, "{format}: {lines} lines\n{out}");
        let this_week = out.to_lowercase().find("this week").expect("this week");
        let causes = out.to_lowercase().find("likely causes").expect("causes");
        assert!(this_week < causes, "{format}: this week comes first\n{out}");
        // Cited by ID, not listed: no source's title appears.
        assert!(out.contains("[SEED-DOCTOR]"), "{out}");
        assert!(
            !out.contains("Effect of run vs combined cycle/run"),
            "{out}"
        );
        assert!(out.contains("backstride sources"), "{out}");
        assert!(
            out.contains("founding article, \"Back Pain While Running: Causes And Solutions\""),
            "{format}: the founding article is named where SEED-* are cited\n{out}"
        );
        // Every week is still there.
        for week in 2..=8 {
            let marker = if format == "text" {
                format!("Week {week} (from")
            } else {
                format!("| {week}")
            };
            assert!(out.contains(&marker), "{format}: week {week}\n{out}");
        }
    }
}

#[test]
fn sources_flag_lists_every_cited_source_with_its_citation() {
    for format in ["text", "markdown"] {
        let out = eight_weeks(&["--format", format, "--sources"]);
        assert!(out.contains("Effect of run vs combined cycle/run"), "{out}");
        assert!(
            out.contains(
                "Claims of the founding article, \"Back Pain While Running: Causes And Solutions\""
            ),
            "{out}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&eight_weeks(&["--format", "json", "--sources"])).expect("json");
        for s in json["sources"].as_array().expect("sources") {
            let id = s["id"].as_str().expect("id");
            assert!(out.contains(id), "{format}: {id} listed\n{out}");
        }
    }
}

#[test]
fn html_folds_the_full_source_list() {
    let out = eight_weeks(&["--format", "html"]);
    let details = out.find("<details>").expect("a <details> element");
    assert!(out[details..].contains("Effect of run vs combined cycle/run"));
    assert!(out.contains("Back Pain While Running: Causes And Solutions"));
}
