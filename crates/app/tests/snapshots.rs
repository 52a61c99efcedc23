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
