//! The `backstride` binary. `main` parses the command line, reads the clock
//! once, calls [`commands::run`], and maps the result to an exit code in one
//! place:
//!
//! - 0: done;
//! - 1: something went wrong on our side (a file could not be written);
//! - 2: the input needs fixing (bad answers file, bad flag);
//! - 3: red flags: there is no plan, see a clinician as the report says;
//! - 4: `import` finished, but some files could not be imported.

mod answers_file;
mod cli;
mod commands;
mod datadir;
mod edit;
mod export;
mod form;
mod history;
mod importing;
mod insights;
mod questionnaire;
mod record;
mod replan;
mod report;
mod storage;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let now = chrono::Utc::now();
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let clock = commands::Clock { today, now };
    match commands::run(cli, &clock) {
        Ok(commands::Outcome::Done) => ExitCode::SUCCESS,
        Ok(commands::Outcome::SeeAClinician) => ExitCode::from(3),
        Ok(commands::Outcome::SomeFilesFailed) => ExitCode::from(4),
        Err(e) if e.downcast_ref::<commands::UserError>().is_some() => {
            eprintln!("backstride: {e}");
            ExitCode::from(2)
        }
        // A reader that closed early (`backstride plan | head`) is not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("backstride: {e:#}");
            ExitCode::from(1)
        }
    }
}
