//! Showing what stands: a short banner that every command which shows
//! advice or data prints first (standard output for text, standard error
//! where standard output is JSON or CSV), and the "check due" stop of
//! `plan` and `plan --adapt`.

use std::io::Write;

use anyhow::Result;
use backstride_core::safety::Standing;

use crate::report::Format;

/// What stands, as lines for a terminal (the CLI's banner): the answer
/// is `backstride check`.
pub fn banner_lines(standing: &Standing) -> Vec<String> {
    lines(standing, Reader::Terminal)
}

/// What stands, as lines for the web app: the same rule in the app's
/// words (the page links to the red-flag questions itself).
pub fn app_banner_lines(standing: &Standing) -> Vec<String> {
    lines(standing, Reader::App)
}

/// Who reads the banner, which decides how to answer the questions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    Terminal,
    App,
}

fn lines(standing: &Standing, reader: Reader) -> Vec<String> {
    let mut lines = Vec::new();
    if !standing.flags.is_empty() {
        lines.push(
            "STOP: a red flag stands. No running plan until a clinician has seen you.".to_owned(),
        );
        for f in &standing.flags {
            // A flag lifted by another (`combined`) says why in its action
            // already (core's triage writes "... Why: A together with B."):
            // not twice.
            if f.combined || f.because.is_empty() {
                lines.push(format!("  {}", f.action));
                continue;
            }
            let why = if f.asked && !f.because.starts_with("you ") {
                format!("you answered yes to: {}", f.because)
            } else {
                f.because.clone()
            };
            lines.push(format!("  {} ({why})", f.action));
        }
    }
    if standing.check_due.is_due() {
        lines.push("The red-flag questions are due again:".to_owned());
        for r in &standing.check_due.reasons {
            lines.push(format!("  - {r}"));
        }
    }
    let (seen, due) = match reader {
        Reader::Terminal => (
            "  Once a clinician has seen you, answer the red-flag questions again: `backstride check`.",
            "  Answer them with `backstride check`.",
        ),
        Reader::App => (
            "  Once a clinician has seen you, answer the red-flag questions again.",
            "  Answer them in the app: it takes a minute.",
        ),
    };
    match (standing.flags.is_empty(), standing.check_due.is_due()) {
        (false, _) => lines.push(seen.to_owned()),
        (true, true) => lines.push(due.to_owned()),
        (true, false) => {}
    }
    lines
}

/// Prints the banner, red on a terminal: to standard output when
/// `stdout`, else to standard error.
pub fn banner(standing: &Standing, stdout: bool) -> Result<()> {
    let lines = banner_lines(standing);
    if lines.is_empty() {
        return Ok(());
    }
    let alert = anstyle::AnsiColor::Red.on_default().bold();
    let text = format!("{alert}{}{alert:#}\n\n", lines.join("\n"));
    if stdout {
        // A closed pipe must not turn a standing flag's exit 3 into 0.
        crate::output::text(&text)?;
    } else {
        let mut err = anstream::stderr();
        err.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// The stop of `plan` and `plan --adapt` when the red-flag questions are
/// due and no flag stands: the assessment as usual and, in place of a plan,
/// why the questions are due, rendered in the report's format (its JSON
/// keeps the report's schema).
pub fn check_due(
    kb: &backstride_core::knowledge::KnowledgeBase,
    assessment: &backstride_core::assessment::Assessment,
    standing: &Standing,
    today: chrono::NaiveDate,
    format: Format,
) -> Result<String> {
    let report = crate::report::build::check_due_report(
        kb,
        assessment,
        &standing.check_due.reasons,
        &standing.to_ask,
        today,
    );
    crate::report::render(&report, format)
}

/// Ends `plan` or `plan --adapt` when the red-flag questions are due and
/// no flag stands: the report with the reasons in place of a plan, in the
/// asked format, and no calendar.
pub fn stop_for_check(
    kb: &backstride_core::knowledge::KnowledgeBase,
    assessment: &backstride_core::assessment::Assessment,
    standing: &Standing,
    today: chrono::NaiveDate,
    args: &crate::cli::PlanArgs,
) -> Result<crate::commands::Outcome> {
    let common = &args.common;
    crate::commands::emit(
        &check_due(kb, assessment, standing, today, common.format)?,
        common.format,
        common.output.as_deref(),
    )?;
    if let Some(path) = &args.ics {
        eprintln!(
            "No calendar written to {}: there is no plan.",
            path.display()
        );
    }
    Ok(crate::commands::Outcome::SeeAClinician)
}

#[cfg(test)]
mod tests {
    use super::*;
    use backstride_core::assessment::triage::FiredFlag;
    use backstride_core::knowledge::model::FlagTier;

    fn flag(action: &str, because: &str, combined: bool) -> FiredFlag {
        FiredFlag {
            id: "f".to_owned(),
            suggests: String::new(),
            because: because.to_owned(),
            asked: false,
            tier: FlagTier::Urgent,
            combined,
            action: action.to_owned(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn a_flag_says_why_once_and_the_app_is_not_told_to_run_a_command() {
        let standing = Standing {
            flags: vec![
                flag(
                    "See a doctor today. Why: weeks of pain together with numbness.",
                    "weeks of pain, together with numbness",
                    true,
                ),
                flag("Call 999.", "you answered yes to: numbness?", false),
            ],
            ..Standing::default()
        };
        let app = app_banner_lines(&standing);
        assert!(
            app.iter()
                .any(|l| l.trim()
                    == "See a doctor today. Why: weeks of pain together with numbness."),
            "{app:?}"
        );
        assert!(
            app.iter()
                .any(|l| l.contains("Call 999. (you answered yes to: numbness?)"))
        );
        assert!(!app.join(" ").contains("backstride check"), "{app:?}");
        assert!(
            banner_lines(&standing)
                .join(" ")
                .contains("`backstride check`")
        );
    }
}
