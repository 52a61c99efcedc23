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
    #[arg(long, global = true, hide = true, value_name = "DATE", value_parser = parse_date)]
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
    /// Answer the red-flag questions that a note, severe pain or a due re-check touched (or all of them).
    Check(CheckArgs),
    /// List what is stored: activities and log entries, or one activity.
    History(HistoryArgs),
    /// Correct a stored activity's sport (`edit ACTIVITY --sport ...`) or a log entry's fields (`edit pain ID --nrs 4 ...`).
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        arg_required_else_help = true
    )]
    Edit(EditArgs),
    /// Delete a stored activity (undo a bad import) or a log entry, after asking.
    #[command(subcommand)]
    Delete(DeleteCommand),
    /// Training load set against back pain: alerts, load, pain, adherence, findings, next week.
    Insights(InsightsArgs),
    /// Running posture (head, trunk, arms) from pose keypoints of a side-view video, and its drift.
    Form(FormArgs),
    /// A one-or-two-page report to take to your doctor (PDF or printable HTML), with a section they fill in.
    Report(ReportArgs),
    /// Show or enter the limits your doctor set (from the report's hand-filled section).
    Limits(LimitsArgs),
    /// Show or change your settings: heart rate, easy pace, zones, run days, units, time zone.
    Profile(ProfileArgs),
    /// Write everything stored as CSV files and one JSON file, so no data is locked in.
    Export(ExportArgs),
    /// Write a consistent copy of the database.
    Backup(BackupArgs),
    /// Open the app in a browser: a local web server on this machine (Ctrl-C stops it).
    Serve(ServeArgs),
    /// List the sources Backstride's advice rests on.
    Sources,
    /// Print the JSON Schema of the `--format json` report.
    Schema,
    /// Print a shell completion script (bash, elvish, fish, powershell or zsh).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per subcommand with --out-dir.
    Man(ManArgs),
}

/// `backstride serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on (0: any free port; the URL is printed).
    #[arg(long, default_value_t = 8470)]
    pub port: u16,
    /// Let phones and other devices on your network connect, after pairing
    /// with the link printed at start. Without it, only this machine can.
    #[arg(long)]
    pub lan: bool,
    /// Serve a made-up runner with six months of data, from a fresh
    /// temporary folder (your own data is not read or changed).
    #[arg(long)]
    pub demo: bool,
}

/// `backstride completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell, e.g. `backstride completions bash >
    /// ~/.local/share/bash-completion/completions/backstride`.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `backstride man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write backstride.1 and a page for each subcommand into this folder
    /// (e.g. ~/.local/share/man/man1) instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
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
    /// `assess`: do not keep the answers. (`plan` keeps nothing unless
    /// given --save; there --no-save is accepted and changes nothing.)
    #[arg(long)]
    pub no_save: bool,
    /// List every cited source in full at the end of text and Markdown
    /// (they are cited by ID in [brackets] either way; HTML folds the list).
    #[arg(long)]
    pub sources: bool,
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
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Length of the plan in weeks (1-52).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=52))]
    pub weeks: u16,
    /// Cross-training days in any 30-day window (3-12; default 4).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(3..=12))]
    pub cross_days: Option<u8>,
    /// Also write the plan as an iCalendar file (one event per session; a
    /// re-plan's file cancels the saved plan's sessions it drops).
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// With --ics: remind this many minutes before each session's day
    /// begins (midnight; 120 = 22:00 the evening before), 0-10080.
    #[arg(long, value_name = "MINUTES", requires = "ics",
          value_parser = clap::value_parser!(u32).range(0..=i64::from(backstride_formats::ical::MAX_REMIND_MINUTES)))]
    pub remind: Option<u32>,
    /// Re-plan from today: apply the pain-monitoring rule (from your pain
    /// logs) to the saved plan and answers, within your doctor's limits.
    #[arg(long, conflicts_with_all = ["answers", "start"])]
    pub adapt: bool,
    /// Keep this plan (and answers given with --answers) in the data
    /// directory: `plan --adapt` builds from the saved plan. Without it
    /// nothing is saved, so looking at a plan never replaces yours. With
    /// --adapt: keep the re-plan.
    #[arg(long, conflicts_with = "no_save")]
    pub save: bool,
    /// Run only on these days for this plan, e.g. mon,wed,fri,sun (over
    /// your profile's run days).
    #[arg(long, value_name = "DAYS", value_delimiter = ',', value_parser = parse_weekday, conflicts_with = "adapt")]
    pub run_days: Option<Vec<chrono::Weekday>>,
    /// The long run's day for this plan, one of the run days (over your
    /// profile's).
    #[arg(long, value_name = "DAY", value_parser = parse_weekday, conflicts_with = "adapt")]
    pub long_run_day: Option<chrono::Weekday>,
    /// A weekly distance to build toward, km (1-250), over the answers'
    /// goal; the doctor's limits and the plan's ceilings still hold.
    #[arg(long, value_name = "KM", conflicts_with = "adapt")]
    pub goal_weekly_km: Option<f64>,
    /// An event day (YYYY-MM-DD), e.g. a race: the plan runs up to the day
    /// before it, with a lighter last week (its weeks follow from the date,
    /// not from --weeks).
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with_all = ["adapt", "weeks"])]
    pub goal_event: Option<chrono::NaiveDate>,
}

/// `backstride check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Ask every red-flag question, not only the ones something logged touched.
    #[arg(long)]
    pub all: bool,
    /// Answer yes to this question (its ID, e.g. saddle-numbness); repeatable.
    #[arg(long = "yes", value_name = "ID")]
    pub yes: Vec<String>,
    /// Answer no to this question (its ID); repeatable.
    #[arg(long = "no", value_name = "ID")]
    pub no: Vec<String>,
    /// Read the answers from this TOML file: `ID = true|false`, or an answers file's [red_flags].
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Print the result as JSON (never asks in the terminal).
    #[arg(long)]
    pub json: bool,
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
    /// The activity it follows (an id from `backstride history`, or `last`).
    #[arg(long, value_name = "ID|last", value_parser = parse_activity)]
    pub activity: Option<ActivityRef>,
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
    /// The run (an id from `backstride history`, or `last`).
    #[arg(long, value_name = "ID|last", value_parser = parse_activity)]
    pub activity: Option<ActivityRef>,
    /// Time and note.
    #[command(flatten)]
    pub time: When,
}

/// `backstride log rpe`.
#[derive(Debug, Args)]
pub struct RpeArgs {
    /// The activity rated (an id from `backstride history`, or `last`).
    #[arg(long, value_name = "ID|last", value_parser = parse_activity)]
    pub activity: ActivityRef,
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
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Up to and including this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<NaiveDate>,
    /// Show one activity in detail (its id, or `last`).
    #[arg(long, value_name = "ID|last", value_parser = parse_activity)]
    pub activity: Option<ActivityRef>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Paper size of the clinician report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Paper {
    /// ISO A4, 210 x 297 mm.
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

/// `backstride report`.
#[derive(Debug, Args)]
#[group(id = "report_output", required = true, multiple = true, args = ["pdf", "html"])]
pub struct ReportArgs {
    /// First day the report covers (YYYY-MM-DD); the earliest record when not given.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Write the report as a PDF file.
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
    /// Write the report as one printable HTML file.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Paper size.
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    pub paper: Paper,
}

/// `backstride profile`: with no subcommand, shows the saved settings.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ProfileArgs {
    /// What to do; shows the profile when not given.
    #[command(subcommand)]
    pub action: Option<ProfileAction>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `backstride profile set` and `unset`.
#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Change some settings; the others stay as they are.
    Set(ProfileSetArgs),
    /// Forget settings, so they are estimated or assumed again.
    Unset(ProfileUnsetArgs),
}

/// `backstride profile set`.
#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
pub struct ProfileSetArgs {
    /// Your maximum heart rate (100-230 bpm); estimated from your recorded
    /// heart rate when not set.
    #[arg(long, value_name = "BPM")]
    pub max_hr: Option<u16>,
    /// Your resting heart rate (25-120 bpm, below the maximum); 60 is
    /// assumed when not set.
    #[arg(long, value_name = "BPM")]
    pub resting_hr: Option<u16>,
    /// Your easy running pace (M:SS per km, or per mile with `--units mi`),
    /// for pace zones when your activities have no heart rate.
    #[arg(long, value_name = "M:SS", value_parser = parse_pace_any)]
    pub easy_pace: Option<u32>,
    /// Your own heart-rate zones: the four heart rates where zones 2, 3, 4
    /// and 5 start (e.g. 130,145,160,172); derived from the maximum and
    /// resting heart rate when not set.
    #[arg(long, value_name = "BPM,BPM,BPM,BPM", value_delimiter = ',')]
    pub zones: Option<Vec<u16>>,
    /// The days you run, e.g. mon,wed,fri,sat; the plan puts its runs there.
    #[arg(long, value_name = "DAYS", value_delimiter = ',', value_parser = parse_weekday)]
    pub run_days: Option<Vec<chrono::Weekday>>,
    /// The day of your long run (one of the run days), e.g. sun.
    #[arg(long, value_name = "DAY", value_parser = parse_weekday)]
    pub long_run_day: Option<chrono::Weekday>,
    /// Distances and paces in kilometres (km) or miles (mi).
    #[arg(long, value_name = "km|mi", value_parser = ["km", "mi"])]
    pub units: Option<String>,
    /// Your time zone, an IANA name such as Europe/Berlin; it decides which
    /// day a run or a log belongs to, over the machine's (TZ).
    #[arg(long, value_name = "NAME")]
    pub zone: Option<String>,
}

/// `backstride profile unset`.
#[derive(Debug, Args)]
pub struct ProfileUnsetArgs {
    /// The settings to forget.
    #[arg(
        required = true,
        value_name = "FIELD",
        value_parser = ["max-hr", "resting-hr", "easy-pace", "zones", "run-days", "long-run-day", "units", "zone"]
    )]
    pub fields: Vec<String>,
}

/// Reads a weekday: `mon` to `sun` or the full name, any case.
pub fn parse_weekday(s: &str) -> Result<chrono::Weekday, String> {
    s.trim()
        .parse::<chrono::Weekday>()
        .map_err(|_| format!("{s:?} is not a day: use mon, tue, wed, thu, fri, sat or sun"))
}

/// Reads a pace, `M:SS` or `MM:SS` from 1:00 to 30:00, in seconds (per km
/// or per mile: the caller knows which).
pub fn parse_pace_any(s: &str) -> Result<u32, String> {
    let bad = || format!("{s:?} is not a pace from 1:00 to 30:00 (M:SS, e.g. 6:30)");
    let (m, sec) = s.trim().split_once(':').ok_or_else(bad)?;
    let digits = |t: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    let (Some(m), Some(sec)) = (digits(m, 1..=2), digits(sec, 2..=2)) else {
        return Err(bad());
    };
    let total = m * 60 + sec;
    if sec < 60 && (60..=1800).contains(&total) {
        Ok(total)
    } else {
        Err(bad())
    }
}

/// `backstride limits`: with no flag, shows the limits in force.
#[derive(Debug, Args)]
pub struct LimitsArgs {
    /// Most kilometres in any week (0-300).
    #[arg(long, value_name = "KM")]
    pub weekly_km: Option<f64>,
    /// Hardest running allowed: easy, moderate or hard.
    #[arg(long, value_name = "LEVEL")]
    pub max_intensity: Option<String>,
    /// Most runs in any week (0-7).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=7))]
    pub runs_per_week: Option<u8>,
    /// Run with a brace: yes or no.
    #[arg(long, value_name = "yes|no")]
    pub brace: Option<String>,
    /// When to see the doctor again (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub follow_up: Option<NaiveDate>,
    /// Remove the limits in force first (with no other flag: no limits).
    #[arg(long)]
    pub clear: bool,
}

/// `backstride edit`: `edit ACTIVITY --sport ...` (the first form, kept),
/// or `edit activity|pain|routine|cross-train|brace|rpe ID ...`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// What to correct: an activity's sport, or a log entry's fields.
    #[command(subcommand)]
    pub what: Option<EditCommand>,
    /// The activity's id (as `backstride history` lists it), or `last`.
    #[arg(value_name = "ACTIVITY", value_parser = parse_edit_activity, required = true)]
    pub activity: Option<ActivityRef>,
    /// Its sport: running, cycling, walking, swimming or other.
    #[arg(long, value_parser = parse_sport, required = true)]
    pub sport: Option<backstride_core::activity::Sport>,
}

/// The first form's activity; a word that is neither an id nor `last`
/// is most likely a log's kind mistyped, so the message names them.
fn parse_edit_activity(s: &str) -> Result<ActivityRef, String> {
    parse_activity(s).map_err(|e| {
        format!(
            "{e}; to edit a log entry, name its kind first: \
             `backstride edit pain|routine|cross-train|brace|rpe ENTRY ...`"
        )
    })
}

/// `backstride edit ...`: what to correct. Fields not given keep their
/// value; an entry whose note or pain score changes counts as told now.
#[derive(Debug, Subcommand)]
pub enum EditCommand {
    /// An activity's sport (the same as `edit ACTIVITY --sport ...`).
    Activity(EditActivityArgs),
    /// A pain entry (its id from `backstride history`).
    Pain(EditPainArgs),
    /// A routine entry.
    Routine(EditRoutineArgs),
    /// A cross-training entry.
    CrossTrain(EditCrossTrainArgs),
    /// A brace entry.
    Brace(EditBraceArgs),
    /// An RPE (effort) entry.
    Rpe(EditRpeArgs),
}

/// `backstride edit activity`.
#[derive(Debug, Args)]
pub struct EditActivityArgs {
    /// The activity's id (as `backstride history` lists it), or `last`.
    #[arg(value_name = "ID|last", value_parser = parse_activity)]
    pub activity: ActivityRef,
    /// Its sport: running, cycling, walking, swimming or other.
    #[arg(long, value_parser = parse_sport)]
    pub sport: backstride_core::activity::Sport,
}

/// The entry to edit, and its time and note.
#[derive(Debug, Args)]
pub struct EditEntry {
    /// The entry's id (as `backstride history` lists it).
    #[arg(value_name = "ENTRY", value_parser = clap::value_parser!(i64).range(1..))]
    pub entry: i64,
    /// When it happened: YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// A new note (`--note ""` removes the note).
    #[arg(long)]
    pub note: Option<String>,
}

/// `backstride edit pain`.
#[derive(Debug, Args)]
pub struct EditPainArgs {
    /// The entry, time and note.
    #[command(flatten)]
    pub entry: EditEntry,
    /// Where: lower-back, upper-back, neck or other.
    #[arg(long)]
    pub region: Option<String>,
    /// Pain 0 (none) to 10 (worst imaginable).
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=10))]
    pub nrs: Option<u8>,
    /// When: during, after or next-morning.
    #[arg(long)]
    pub when: Option<String>,
    /// The activity it follows (an id, or `last`).
    #[arg(long, value_name = "ID|last", value_parser = parse_activity)]
    pub activity: Option<ActivityRef>,
    /// Unlink it from its activity.
    #[arg(long, conflicts_with = "activity")]
    pub no_activity: bool,
}

/// `backstride edit routine`.
#[derive(Debug, Args)]
pub struct EditRoutineArgs {
    /// The entry, time and note.
    #[command(flatten)]
    pub entry: EditEntry,
    /// Rounds done.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=20))]
    pub rounds: Option<u8>,
    /// The exercises done, all of them, as ID:REPS (replacing the stored list).
    #[arg(value_name = "ID:REPS")]
    pub exercises: Vec<String>,
}

/// `backstride edit cross-train`.
#[derive(Debug, Args)]
pub struct EditCrossTrainArgs {
    /// The entry, time and note.
    #[command(flatten)]
    pub entry: EditEntry,
    /// What you did.
    #[arg(long)]
    pub kind: Option<String>,
    /// Minutes.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1440))]
    pub minutes: Option<u16>,
}

/// `backstride edit brace`.
#[derive(Debug, Args)]
pub struct EditBraceArgs {
    /// The entry, time and note.
    #[command(flatten)]
    pub entry: EditEntry,
    /// You wore the brace.
    #[arg(long, conflicts_with = "not_worn")]
    pub worn: bool,
    /// You ran without it.
    #[arg(long)]
    pub not_worn: bool,
    /// The run (an id, or `last`).
    #[arg(long, value_name = "ID|last", value_parser = parse_activity)]
    pub activity: Option<ActivityRef>,
    /// Unlink it from its run.
    #[arg(long, conflicts_with = "activity")]
    pub no_activity: bool,
}

/// `backstride edit rpe`.
#[derive(Debug, Args)]
pub struct EditRpeArgs {
    /// The entry, time and note.
    #[command(flatten)]
    pub entry: EditEntry,
    /// The activity rated (an id, or `last`).
    #[arg(long, value_name = "ID|last", value_parser = parse_activity)]
    pub activity: Option<ActivityRef>,
    /// Effort of the whole session, 0 (rest) to 10 (maximal).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub value: Option<u8>,
}

fn parse_sport(s: &str) -> Result<backstride_core::activity::Sport, String> {
    backstride_core::activity::Sport::parse(&s.to_ascii_lowercase()).ok_or_else(|| {
        format!("{s:?} is not a sport: use running, cycling, walking, swimming or other")
    })
}

/// `backstride delete ...`.
#[derive(Debug, Subcommand)]
pub enum DeleteCommand {
    /// An activity with its samples, laps, files and the RPE logged for it
    /// (pain and brace entries stay, unlinked); the same file can be
    /// imported again afterwards.
    Activity(DeleteActivityArgs),
    /// A pain entry (its id from `backstride history`).
    Pain(DeleteEntryArgs),
    /// A routine entry.
    Routine(DeleteEntryArgs),
    /// A cross-training entry.
    CrossTrain(DeleteEntryArgs),
    /// A brace entry.
    Brace(DeleteEntryArgs),
    /// An RPE entry.
    Rpe(DeleteEntryArgs),
}

/// `backstride delete pain|routine|cross-train|brace|rpe`.
#[derive(Debug, Args)]
pub struct DeleteEntryArgs {
    /// The entry's id (as `backstride history` lists it).
    #[arg(value_name = "ENTRY", value_parser = clap::value_parser!(i64).range(1..))]
    pub entry: i64,
    /// Do not ask (needed without a terminal, e.g. in scripts).
    #[arg(long)]
    pub yes: bool,
}

/// `backstride delete activity`.
#[derive(Debug, Args)]
pub struct DeleteActivityArgs {
    /// The activity's id (as `backstride history` lists it), or `last`.
    #[arg(value_name = "ID|last", value_parser = parse_activity)]
    pub activity: ActivityRef,
    /// For a leg of a multisport recording: delete every leg of it.
    #[arg(long)]
    pub with_legs: bool,
    /// Do not ask (needed without a terminal, e.g. in scripts).
    #[arg(long)]
    pub yes: bool,
}

/// An activity as the runner names it: its id, or the latest one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityRef {
    /// This id.
    Id(i64),
    /// The activity that started last.
    Last,
}

/// Reads an activity id or `last`.
pub fn parse_activity(s: &str) -> Result<ActivityRef, String> {
    if s.eq_ignore_ascii_case("last") {
        return Ok(ActivityRef::Last);
    }
    match s.parse::<i64>() {
        Ok(id) if id > 0 => Ok(ActivityRef::Id(id)),
        _ => Err(format!(
            "{s:?} is not an activity: give its id from `backstride history`, or `last`"
        )),
    }
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
    /// Phone videos (.mp4/.mov), keypoint files or folders, in running order: several are clips of one run, early to late (give their times with --at).
    #[arg(required = true, value_name = "VIDEO|FILE|FOLDER")]
    pub inputs: Vec<PathBuf>,
    /// Each clip's time in the run (MM:SS or H:MM:SS), comma-separated, in the order of the files; needed for several clips, e.g. --at 0:00,25:00,48:00.
    #[arg(long, value_name = "TIME,...", value_delimiter = ',', value_parser = crate::form::parse_run_time)]
    pub at: Vec<f64>,
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
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also write one HTML file with charts and stick figures (and, for videos, frames with the skeleton drawn over them).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Save the keypoints estimated from the video as COCO-17 JSON (MMPose's layout, with fps and frame size); several videos give FILE's name numbered (run.1.json, run.2.json).
    #[arg(long, value_name = "FILE")]
    pub keypoints_out: Option<PathBuf>,
    /// Do not keep the analysis in the data directory.
    #[arg(long)]
    pub no_save: bool,
}

/// The earliest year a date may have: older records are typing mistakes
/// (`26-12-01` read as the year 26), not training logs.
pub const FIRST_YEAR: i32 = 1990;

/// The latest year a date may have (plans start at most this far ahead).
pub const LAST_YEAR: i32 = 2100;

/// Reads a day as `YYYY-MM-DD`: four-digit year from [`FIRST_YEAR`] to
/// [`LAST_YEAR`], two-digit month and day, a day that exists. Used by every
/// date flag (`--since`, `--until`, `--start`, `--date`, `--at`,
/// `--follow-up`).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!("{s:?}: expected YYYY-MM-DD, e.g. 2026-11-30"));
    }
    let number = |range: std::ops::Range<usize>| s[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let year = i32::try_from(year).unwrap_or(0);
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(format!(
            "{s}: the year must be from {FIRST_YEAR} to {LAST_YEAR}"
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| format!("{s} does not exist"))
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
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Last day analysed, inclusive (YYYY-MM-DD); today when not given.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
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
    /// TRIMP, for this run only (over your profile's: `backstride profile
    /// set --max-hr` keeps it); estimated from your data when neither.
    #[arg(long, value_name = "BPM", value_parser = clap::value_parser!(u8).range(120..=230))]
    pub max_hr: Option<u8>,
    /// Your resting heart rate (30-100 bpm), for this run only (over your
    /// profile's); 60 is assumed when neither gives one.
    #[arg(long, value_name = "BPM", value_parser = clap::value_parser!(u8).range(30..=100))]
    pub rest_hr: Option<u8>,
    /// Your easy running pace per km (M:SS, e.g. 6:30), for pace zones
    /// when your activities have no heart rate, for this run only (over
    /// your profile's); your median run pace when neither gives one.
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
    use super::{parse_date, parse_pace};

    #[test]
    fn dates_are_four_digit_years_in_range_and_real_days() {
        assert_eq!(
            parse_date("2026-11-30").map(|d| d.to_string()),
            Ok("2026-11-30".to_owned())
        );
        assert!(parse_date("1990-01-01").is_ok());
        assert!(parse_date("2024-02-29").is_ok());
        for (bad, says) in [
            ("26-12-01", "expected YYYY-MM-DD"),
            ("+2026-11-30", "expected YYYY-MM-DD"),
            ("2026-11-3", "expected YYYY-MM-DD"),
            ("2026/11/30", "expected YYYY-MM-DD"),
            ("２０２６-11-30", "expected YYYY-MM-DD"),
            ("", "expected YYYY-MM-DD"),
            ("0001-01-01", "from 1990 to 2100"),
            ("2101-01-01", "from 1990 to 2100"),
            ("2026-11-31", "2026-11-31 does not exist"),
            ("2025-02-29", "does not exist"),
            ("2026-13-01", "does not exist"),
            ("2026-00-10", "does not exist"),
        ] {
            let err = parse_date(bad).expect_err(bad);
            assert!(err.contains(says), "{bad:?}: {err}");
        }
    }

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
