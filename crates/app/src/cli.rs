//! The command line: subcommands, their flags and help texts.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::report::Format;

/// Backstride: run without back pain. Assess where and why it hurts, get a
/// dated plan of runs, cross-training and a core routine, and export it.
/// Not a medical device.
#[derive(Debug, Parser)]
#[command(name = "backstride", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Treat this date as today (for reproducible reports and tests).
    #[arg(long, global = true, hide = true, value_name = "DATE")]
    pub today: Option<NaiveDate>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer the assessment (interactively, or from a TOML answers file) and see the result.
    Assess(AssessArgs),
    /// Make a dated plan from saved or given answers, and export it.
    Plan(PlanArgs),
    /// List the sources Backstride's advice rests on.
    Sources,
    /// Print the JSON Schema of the `--format json` report.
    Schema,
}

/// Where answers come from and where output goes.
#[derive(Debug, Args)]
pub struct Common {
    /// Read answers from this TOML file (see docs/answers.md) instead of asking.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Do not keep the answers (and plan) in the data directory.
    #[arg(long)]
    pub no_save: bool,
}

/// `backstride assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
}

/// `backstride plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
    /// First day of the plan (YYYY-MM-DD); today when not given.
    #[arg(long, value_name = "DATE")]
    pub start: Option<NaiveDate>,
    /// Length of the plan in weeks (1-52).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=52))]
    pub weeks: u16,
    /// Cross-training days in any 30-day window (3-12; default 4).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(3..=12))]
    pub cross_days: Option<u8>,
    /// Also write the plan as an iCalendar file (one event per session).
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
}
