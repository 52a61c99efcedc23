//! The `backstride` binary. `main` parses the command line, reads the clock
//! once, calls [`commands::run`], and maps the result to an exit code in one
//! place:
//!
//! - 0: done;
//! - 1: something went wrong on our side: "not saved" (a full disk, a
//!   read-only database), a file that could not be written, a damaged
//!   database;
//! - 2: the input needs fixing (bad answers file, bad flag);
//! - 3: red flags: there is no plan, see a clinician as the report says;
//! - 4: `import` finished, but some files could not be imported.

mod answers_file;
mod atomic;
mod check;
mod cli;
mod clinician;
mod commands;
mod datadir;
mod days;
mod delete;
mod doctor_limits;
mod edit;
mod export;
mod form;
mod history;
mod importing;
mod insights;
mod limits;
mod output;
mod profile;
mod questionnaire;
mod record;
mod replan;
mod report;
mod safety;
mod saved;
mod storage;
mod usecase;
mod web;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            // A `log` refused by the parser still shows its note's warning.
            if e.use_stderr() {
                record::warn_unparsed(&args);
            }
            e.exit()
        }
    };
    // The profile's time zone, when set, wins over the machine's: it is put
    // in force before the clock or any zone is read.
    profile::put_zone_in_force();
    // The clock is read here, once; every command gets it from `clock`.
    let now = chrono::Utc::now();
    let zone = chrono::Local;
    let today = cli
        .today
        .unwrap_or_else(|| backstride_core::local_day::day_in(now, &zone));
    let clock = commands::Clock { today, now, zone };
    let result = commands::run(cli, &clock);
    // SQLite found the database damaged after it opened: said once, with
    // how to restore a backup.
    if let Err(e) = &result
        && let Some(damage) = storage::damage(e)
    {
        eprintln!("backstride: {damage}");
        return ExitCode::from(1);
    }
    match result {
        Ok(commands::Outcome::Done) => ExitCode::SUCCESS,
        Ok(commands::Outcome::SeeAClinician) => ExitCode::from(3),
        Ok(commands::Outcome::SomeFilesFailed) => ExitCode::from(4),
        // An emergency answer ended the questions; its instruction is shown.
        Err(e) if e.downcast_ref::<questionnaire::EmergencyStop>().is_some() => {
            eprintln!("backstride: {e}");
            ExitCode::from(3)
        }
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
