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
    /// Import activity files (FIT, GPX, TCX, gzipped), folders and export archives (Strava, Garmin).
    Import(ImportArgs),
    /// Log pain, the routine, cross-training, brace use or a session's effort (RPE).
    #[command(subcommand)]
    Log(LogCommand),
    /// List what is stored: activities and log entries, or one activity.
    History(HistoryArgs),
    /// Correct a stored activity (its sport, when a file named none or named it wrongly).
    Edit(EditArgs),
    /// Training load set against back pain: alerts, load, pain, adherence, findings, next week.
    Insights(InsightsArgs),
    /// Running posture (head, trunk, arms) from pose keypoints of a side-view video, and its drift.
    Form(FormArgs),
    /// Write everything stored as CSV files and one JSON file, so no data is locked in.
    Export(ExportArgs),
    /// Write a consistent copy of the database.
    Backup(BackupArgs),
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
    /// Re-plan from today: apply the pain-monitoring rule (from your pain
    /// logs) to the saved plan and answers, within your doctor's limits.
    #[arg(long, conflicts_with_all = ["answers", "start"])]
    pub adapt: bool,
}

/// `backstride import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files, folders (read recursively) and archives.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read and check everything, store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Decoding threads (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
}

/// `backstride log ...`.
#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Pain on the 0-10 scale, where, and when relative to running.
    Pain(PainArgs),
    /// The routine done: rounds, and each exercise with its reps (e.g. warrior-pose:10).
    Routine(RoutineArgs),
    /// A cross-training session.
    CrossTrain(CrossTrainArgs),
    /// Whether you wore a brace on a run.
    Brace(BraceArgs),
    /// How hard a whole session felt (RPE, Foster's CR-10 scale), for its load when it has no heart rate.
    Rpe(RpeArgs),
}

/// When an entry happened.
#[derive(Debug, Args)]
pub struct When {
    /// When it happened: YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time (default: now).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// A free note.
    #[arg(long)]
    pub note: Option<String>,
}

/// `backstride log pain`.
#[derive(Debug, Args)]
pub struct PainArgs {
    /// Where: lower-back, upper-back, neck or other.
    #[arg(long)]
    pub region: String,
    /// Pain 0 (none) to 10 (worst imaginable).
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=10))]
    pub nrs: u8,
    /// When: during, after or next-morning.
    #[arg(long)]
    pub when: String,
    /// The activity it follows (an id from `backstride history`).
    #[arg(long, value_name = "ID")]
    pub activity: Option<i64>,
    /// Time and note.
    #[command(flatten)]
    pub time: When,
}

/// `backstride log routine`.
#[derive(Debug, Args)]
pub struct RoutineArgs {
    /// Rounds done.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=20))]
    pub rounds: u8,
    /// Exercises as ID:REPS, e.g. warrior-pose:10 bicycle-crunch:20.
    #[arg(required = true, value_name = "ID:REPS")]
    pub exercises: Vec<String>,
    /// Time and note.
    #[command(flatten)]
    pub time: When,
}

/// `backstride log cross-train`.
#[derive(Debug, Args)]
pub struct CrossTrainArgs {
    /// What you did.
    #[arg(long, default_value = "cycling")]
    pub kind: String,
    /// Minutes.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1440))]
    pub minutes: u16,
    /// Time and note.
    #[command(flatten)]
    pub time: When,
}

/// `backstride log brace`.
#[derive(Debug, Args)]
#[group(id = "worn_or_not", required = true, multiple = false, args = ["worn", "not_worn"])]
pub struct BraceArgs {
    /// You wore the brace.
    #[arg(long)]
    pub worn: bool,
    /// You ran without it.
    #[arg(long)]
    pub not_worn: bool,
    /// The run (an id from `backstride history`).
    #[arg(long, value_name = "ID")]
    pub activity: Option<i64>,
    /// Time and note.
    #[command(flatten)]
    pub time: When,
}

/// `backstride log rpe`.
#[derive(Debug, Args)]
pub struct RpeArgs {
    /// The activity rated (an id from `backstride history`).
    #[arg(long, value_name = "ID")]
    pub activity: i64,
    /// Effort of the whole session, 0 (rest) to 10 (maximal), on Foster's
    /// CR-10 scale; a later log for the same activity replaces this one.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub value: u8,
    /// Time and note.
    #[command(flatten)]
    pub time: When,
}

/// `backstride history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// From this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Up to and including this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Show one activity in detail.
    #[arg(long, value_name = "ID")]
    pub activity: Option<i64>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `backstride edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The activity's id (as `backstride history` lists it).
    #[arg(value_name = "ACTIVITY")]
    pub activity: i64,
    /// Its sport: running, cycling, walking, swimming or other.
    #[arg(long, value_parser = parse_sport)]
    pub sport: backstride_core::activity::Sport,
}

fn parse_sport(s: &str) -> Result<backstride_core::activity::Sport, String> {
    backstride_core::activity::Sport::parse(&s.to_ascii_lowercase()).ok_or_else(|| {
        format!("{s:?} is not a sport: use running, cycling, walking, swimming or other")
    })
}

/// `backstride export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder to write into (created if missing; existing files are not overwritten).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `backstride backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The copy to write (must not exist yet).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `backstride form`.
#[derive(Debug, Args)]
pub struct FormArgs {
    /// Keypoint files or folders, in running order: several are clips of one run, early to late.
    #[arg(required = true, value_name = "FILE|FOLDER")]
    pub inputs: Vec<PathBuf>,
    /// Frames per second of the video (OpenPose and COCO files do not record it); wins over the file.
    #[arg(long, value_name = "FPS")]
    pub fps: Option<f64>,
    /// Video frame size, for normalised coordinates (MediaPipe) when the file does not say.
    #[arg(long, value_name = "WxH", value_parser = crate::form::parse_frame_size)]
    pub frame_size: Option<(u32, u32)>,
    /// Follow this person (the number listed in the report) instead of the automatic choice.
    #[arg(long, value_name = "N")]
    pub person: Option<usize>,
    /// Your height in centimetres, to give lengths in centimetres too.
    #[arg(long, value_name = "CM", value_parser = parse_height)]
    pub height_cm: Option<f64>,
    /// Keypoints less certain than this (0-1) are dropped; default 0.3.
    #[arg(long, value_name = "SCORE", value_parser = parse_score)]
    pub min_score: Option<f32>,
    /// The day the run was filmed (YYYY-MM-DD); today when not given.
    #[arg(long, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also write one HTML file with charts and stick figures.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Do not keep the analysis in the data directory.
    #[arg(long)]
    pub no_save: bool,
}

fn parse_height(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(h) if (100.0..=230.0).contains(&h) => Ok(h),
        _ => Err(format!("{s:?} is not a height between 100 and 230 cm")),
    }
}

fn parse_score(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?} is not a score between 0 and 1")),
    }
}

/// `backstride insights`.
#[derive(Debug, Args)]
pub struct InsightsArgs {
    /// First day analysed (YYYY-MM-DD); the earliest record when not given.
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Last day analysed, inclusive (YYYY-MM-DD); today when not given.
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also write one printable HTML file with charts.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Seed for the permutation tests (the same seed gives the same report).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Your maximum heart rate (120-230 bpm), for heart-rate zones and
    /// TRIMP; the highest in your data when not given.
    #[arg(long, value_name = "BPM", value_parser = clap::value_parser!(u8).range(120..=230))]
    pub max_hr: Option<u8>,
    /// Your resting heart rate (30-100 bpm); 60 is assumed when not given.
    #[arg(long, value_name = "BPM", value_parser = clap::value_parser!(u8).range(30..=100))]
    pub rest_hr: Option<u8>,
    /// Your easy running pace per km (M:SS, e.g. 6:30), for pace zones
    /// when your activities have no heart rate; your median run pace when
    /// not given.
    #[arg(long, value_name = "MM:SS", value_parser = parse_pace)]
    pub easy_pace: Option<f64>,
}

/// Reads a pace per km, `M:SS` or `MM:SS`, from 2:00 to 20:00; seconds.
pub fn parse_pace(s: &str) -> Result<f64, String> {
    let bad = || format!("{s:?} is not a pace per km from 2:00 to 20:00 (M:SS, e.g. 6:30)");
    let digits = |t: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    let (m, sec) = s.trim().split_once(':').ok_or_else(bad)?;
    let (Some(m), Some(sec)) = (digits(m, 1..=2), digits(sec, 2..=2)) else {
        return Err(bad());
    };
    let total = m * 60 + sec;
    if sec < 60 && (120..=1200).contains(&total) {
        Ok(f64::from(total))
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_pace;

    #[test]
    fn paces_are_minutes_and_two_digit_seconds_within_range() {
        assert_eq!(parse_pace("6:30"), Ok(390.0));
        assert_eq!(parse_pace("05:07"), Ok(307.0));
        assert_eq!(parse_pace("2:00"), Ok(120.0));
        assert_eq!(parse_pace("20:00"), Ok(1200.0));
        for bad in [
            "6:5", "6:60", "1:59", "20:01", "6.30", "630", ":30", "6:", "-6:30", "6:3x", "",
        ] {
            assert!(parse_pace(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
