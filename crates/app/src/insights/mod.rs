//! `backstride insights`: training load set against back pain, from the
//! runner's own stored data, with zones anchored on the heart rates and
//! easy pace given on the command line (else estimated, and said so) and
//! TRIMP weighted by the saved answers' sex. The store is read into core's `History`
//! ([`gather`]), core's `insights::compute` does all the analysis, and the
//! result becomes the app's report types ([`dto`], [`build`], [`findings`]),
//! rendered as terminal text ([`text`]), JSON, or one HTML file with inline
//! SVG charts ([`html`], [`svg`]).

pub mod build;
pub mod dto;
pub mod findings;
pub mod gather;
pub mod html;
pub mod load_text;
pub mod svg;
pub mod text;

use anyhow::{Context, Result};
use backstride_core::history::Settings;
use backstride_core::insights;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::load::ZoneBasis;
use backstride_core::stats::SplitMix64;
use chrono::NaiveDate;

use crate::cli::InsightsArgs;
use crate::commands::{Clock, Outcome, UserError};
use crate::datadir::DataDir;
use crate::days::Days;
use crate::storage;

/// The permutation tests' seed when `--seed` is not given, so the same
/// data always gives the same report.
pub const DEFAULT_SEED: u64 = 20_260_401;

/// The last day analysed: `--until`, never after today.
fn last_day(args: &InsightsArgs, clock: &Clock) -> Result<NaiveDate, UserError> {
    let today = args.until.map_or(clock.today, |u| u.min(clock.today));
    if let Some(since) = args.since
        && since > today
    {
        return Err(UserError(format!(
            "--since {since} is after the last day analysed ({today})"
        )));
    }
    Ok(today)
}

/// What was given on the command line but could not be used for these
/// zones, in words (HR anchors without heart rate, an easy pace with it).
fn unused_profile(args: &InsightsArgs, zones: &ZoneBasis) -> Vec<String> {
    let hr_given: Vec<&str> = [
        args.max_hr.map(|_| "--max-hr"),
        args.rest_hr.map(|_| "--rest-hr"),
    ]
    .into_iter()
    .flatten()
    .collect();
    match zones {
        ZoneBasis::HeartRate(_) if args.easy_pace.is_some() => vec![
            "--easy-pace is not used: your activities have heart rate, so the zones are heart-rate zones.".to_owned(),
        ],
        ZoneBasis::Pace { .. } | ZoneBasis::None if !hr_given.is_empty() => vec![format!(
            "{} not used: no activity in this period has heart rate, so there are no heart-rate zones.",
            if hr_given.len() == 1 {
                format!("{} is", hr_given[0])
            } else {
                format!("{} are", hr_given.join(" and "))
            }
        )],
        _ => Vec::new(),
    }
}

/// What `insights` computes, for the commands that show the same numbers
/// (`insights` itself and the clinician report, which must agree).
pub struct Computed {
    /// The report (the `--json` document).
    pub report: dto::InsightsReport,
    /// What was read from the store.
    pub gathered: gather::Gathered,
    /// Whether anything stops the plan: a red flag, a due check, or a stop
    /// alert (severe pain in the latest scores).
    pub stops: bool,
}

/// Reads the store and computes the insights report for `args`.
pub fn compute(
    db: &storage::Opened,
    kb: &KnowledgeBase,
    args: &InsightsArgs,
    clock: &Clock,
) -> Result<Computed> {
    let today = last_day(args, clock)?;
    // Only the analysed days are read: `--since` to the last day, each
    // record on its local day by core's one rule.
    let days = Days::new(args.since, Some(today))?;
    if let (Some(max), Some(rest)) = (args.max_hr, args.rest_hr)
        && max <= rest
    {
        return Err(UserError(format!("--max-hr {max} must be above --rest-hr {rest}")).into());
    }
    // The rule's "today" is the real one, not `--until`: what stands does
    // not depend on the days shown.
    let mut gathered = gather::gather(db, kb, days, &clock.zone, clock.today)?;
    let defaults = Settings::default();
    let settings = Settings {
        since: args.since,
        cross_training_dose: gathered.cross_dose.unwrap_or(defaults.cross_training_dose),
        max_hr: args.max_hr,
        earlier_max_hr: gathered.earlier_max_hr,
        rest_hr: args.rest_hr,
        easy_pace_s_per_km: args.easy_pace,
        trimp_sex: gathered.trimp_sex,
        ..defaults
    };
    let mut rng = SplitMix64::new(args.seed.unwrap_or(DEFAULT_SEED));
    let mut result = insights::compute(
        &gathered.history,
        &settings,
        today,
        &gathered.red_flags,
        &mut rng,
    )
    .context("the stored data could not be analysed")?;
    // A due red-flag check stops too, right after the red flags.
    if let Some(alert) = backstride_core::insights::alerts::check_due(&gathered.check_due) {
        let at = result
            .alerts
            .iter()
            .take_while(|a| {
                matches!(
                    a.kind,
                    backstride_core::insights::alerts::AlertKind::RedFlag { .. }
                )
            })
            .count();
        result.alerts.insert(at, alert);
    }
    gathered
        .notes
        .extend(unused_profile(args, &result.load.zones));
    let report = build::report(&result, &gathered.history, &settings, &gathered);
    let stop_alert = result
        .alerts
        .iter()
        .any(|a| a.severity == backstride_core::insights::alerts::Severity::Stop);
    let stops = !gathered.red_flags.is_empty() || gathered.check_due.is_due() || stop_alert;
    Ok(Computed {
        report,
        gathered,
        stops,
    })
}

/// Runs `backstride insights`.
pub fn command(kb: &KnowledgeBase, args: &InsightsArgs, clock: &Clock) -> Result<Outcome> {
    let Computed { report, stops, .. } =
        compute(&storage::open(&DataDir::locate()?)?, kb, args, clock)?;
    if let Some(path) = &args.html {
        crate::atomic::write(path, html::render(&report).as_bytes())?;
        eprintln!("Insights written to {}", path.display());
    }
    // A closed pipe (`| head`) keeps the exit code below.
    if args.json {
        crate::output::plain(&(serde_json::to_string_pretty(&report)? + "\n"))?;
    } else {
        crate::output::text(&text::render(&report))?;
    }
    // Red flags win here too, and so does any other stop (severe pain in
    // the latest scores, a due check): the exit code says so, as `assess`
    // and `plan` do.
    Ok(if stops {
        Outcome::SeeAClinician
    } else {
        Outcome::Done
    })
}
