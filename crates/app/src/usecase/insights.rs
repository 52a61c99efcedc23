//! Use case "insights": training load set against back pain over a range
//! of days, from the runner's own stored data. The store is read once
//! into core's `History` ([`crate::insights::gather`]), core's
//! `insights::compute` does the analysis, and the result becomes the
//! report of [`crate::insights::dto`] (the `--json` document, the web
//! page's and the API's content). `backstride insights`, the clinician
//! report, the Insights page and `GET /api/v1/insights` all call
//! [`compute`].

use anyhow::{Context, Result};
use backstride_core::history::Settings;
use backstride_core::insights;
use backstride_core::insights::alerts::{AlertKind, Severity, check_due};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::load::ZoneBasis;
use backstride_core::stats::SplitMix64;
use chrono::NaiveDate;

use crate::commands::{Clock, UserError};
use crate::days::Days;
use crate::insights::gather::{AnchorFrom, Anchors};
use crate::insights::{DEFAULT_SEED, build, dto, gather};
use crate::storage::Opened;

/// What to analyse and with which anchors: the days (`since` to `until`,
/// never after today) and the runner's own numbers where given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    /// First day analysed; the earliest record when `None`.
    pub since: Option<NaiveDate>,
    /// Last day analysed, inclusive; today when `None` (never after today).
    pub until: Option<NaiveDate>,
    /// Seed of the permutation tests; [`DEFAULT_SEED`] when `None`.
    pub seed: Option<u64>,
    /// Maximum heart rate, bpm, for this run only: over the saved
    /// profile's (estimated from the data when neither gives one).
    pub max_hr: Option<u8>,
    /// Resting heart rate, bpm, over the profile's (60 assumed when
    /// neither gives one).
    pub rest_hr: Option<u8>,
    /// Easy running pace, seconds per km, over the profile's (the median
    /// run pace when neither gives one).
    pub easy_pace: Option<f64>,
}

/// What `insights` computes, for everything that shows the same numbers.
pub struct Computed {
    /// The report (the `--json` document).
    pub report: dto::InsightsReport,
    /// What was read from the store.
    pub gathered: gather::Gathered,
    /// Core's analysis itself (the assessment reads its findings and load
    /// alerts: `insights::load_cause`).
    pub found: insights::Insights,
    /// Whether anything stops the plan: a red flag, a due check, or a stop
    /// alert (severe pain in the latest scores).
    pub stops: bool,
}

/// The last day analysed: `until`, never after today, and not before
/// `since`.
pub fn last_day(req: &Request, today: NaiveDate) -> Result<NaiveDate, UserError> {
    let last = req.until.map_or(today, |u| u.min(today));
    if let Some(since) = req.since
        && since > last
    {
        return Err(UserError(format!(
            "since {since} is after the last day analysed ({last}): give a first day on or before the last"
        )));
    }
    Ok(last)
}

/// What was given but could not be used for these zones, in words (HR
/// anchors without heart rate, an easy pace with it). Only this run's
/// flags are named: the profile's settings wait quietly for data they fit.
fn unused_profile(req: &Request, zones: &ZoneBasis) -> Vec<String> {
    let hr_given: Vec<&str> = [
        req.max_hr.map(|_| "--max-hr"),
        req.rest_hr.map(|_| "--rest-hr"),
    ]
    .into_iter()
    .flatten()
    .collect();
    match zones {
        ZoneBasis::HeartRate(_) if req.easy_pace.is_some() => vec![
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

/// One anchor: this run's flag over the saved profile's value, and where
/// it came from.
fn anchor<T: Copy>(flag: Option<T>, saved: Option<T>) -> (Option<T>, AnchorFrom) {
    match (flag, saved) {
        (Some(v), _) => (Some(v), AnchorFrom::Flag),
        (None, Some(v)) => (Some(v), AnchorFrom::Profile),
        (None, None) => (None, AnchorFrom::NotGiven),
    }
}

/// Says that a flag counts for this run only, and how to keep it.
fn flag_note(flag: &str, profile_flag: &str, given: String, saved: Option<String>) -> String {
    match saved {
        Some(saved) if saved != given => format!(
            "{flag} {given} is for this run only: your profile keeps {saved} (`backstride profile set {profile_flag} {given}` changes it)."
        ),
        Some(_) => format!("{flag} {given} is also what your profile says."),
        None => format!(
            "{flag} {given} is for this run only: `backstride profile set {profile_flag} {given}` keeps it."
        ),
    }
}

/// A pace in words, `M:SS`.
fn pace_words(s_per_km: f64) -> String {
    let s = s_per_km.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Reads the store and computes the insights report for `req`.
pub fn compute(db: &Opened, kb: &KnowledgeBase, req: &Request, clock: &Clock) -> Result<Computed> {
    let last = last_day(req, clock.today)?;
    // The saved profile's anchors; this run's flags win over them.
    let saved = db
        .run(db.store.profile())?
        .map(|s| s.profile)
        .unwrap_or_default();
    let (max_hr, max_from) = anchor(req.max_hr, saved.max_hr);
    let (rest_hr, rest_from) = anchor(req.rest_hr, saved.resting_hr);
    let (easy_pace, pace_from) = anchor(req.easy_pace, saved.easy_pace_s_per_km);
    if let (Some(max), Some(rest)) = (max_hr, rest_hr)
        && max <= rest
    {
        let name = |from: AnchorFrom, flag: &str, field: &str| match from {
            AnchorFrom::Flag => format!("{flag} "),
            _ => format!("your profile's {field} "),
        };
        return Err(UserError(format!(
            "{}{max} must be above {}{rest}",
            name(max_from, "--max-hr", "max-hr"),
            name(rest_from, "--rest-hr", "resting-hr"),
        ))
        .into());
    }
    // Only the analysed days are read: `since` to the last day, each
    // record on its local day by core's one rule.
    let days = Days::new(req.since, Some(last))?;
    // The rule's "today" is the real one, not `until`: what stands does
    // not depend on the days shown.
    let mut gathered = gather::gather(db, kb, days, &clock.zone, clock.today)?;
    let defaults = Settings::default();
    let settings = Settings {
        since: req.since,
        cross_training_dose: gathered.cross_dose.unwrap_or(defaults.cross_training_dose),
        max_hr,
        earlier_hr: gathered.earlier_hr.clone(),
        rest_hr,
        zone_bounds: saved.zone_bounds,
        easy_pace_s_per_km: easy_pace,
        trimp_sex: gathered.trimp_sex,
        ..defaults
    };
    let mut rng = SplitMix64::new(req.seed.unwrap_or(DEFAULT_SEED));
    let mut result = insights::compute(
        &gathered.history,
        &settings,
        last,
        &gathered.red_flags,
        &mut rng,
    )
    .context("the stored data could not be analysed")?;
    // A due red-flag check stops too, right after the red flags.
    if let Some(alert) = check_due(&gathered.check_due) {
        let at = result
            .alerts
            .iter()
            .take_while(|a| matches!(a.kind, AlertKind::RedFlag { .. }))
            .count();
        result.alerts.insert(at, alert);
    }
    gathered.anchors = Anchors {
        max_hr: max_from,
        rest_hr: rest_from,
        easy_pace: pace_from,
        zone_bounds: saved.zone_bounds.is_some(),
    };
    if let Some(v) = req.max_hr {
        let note = flag_note(
            "--max-hr",
            "--max-hr",
            v.to_string(),
            saved.max_hr.map(|s| s.to_string()),
        );
        gathered.notes.push(note);
    }
    if let Some(v) = req.rest_hr {
        let note = flag_note(
            "--rest-hr",
            "--resting-hr",
            v.to_string(),
            saved.resting_hr.map(|s| s.to_string()),
        );
        gathered.notes.push(note);
    }
    if let Some(v) = req.easy_pace {
        let note = flag_note(
            "--easy-pace",
            "--easy-pace",
            pace_words(v),
            saved.easy_pace_s_per_km.map(pace_words),
        );
        gathered.notes.push(note);
    }
    gathered
        .notes
        .extend(unused_profile(req, &result.load.zones));
    let report = build::report(
        &result,
        &gathered.history,
        &settings,
        &gathered,
        saved.units.unwrap_or_default(),
    );
    let stop_alert = result.alerts.iter().any(|a| a.severity == Severity::Stop);
    let stops = !gathered.red_flags.is_empty() || gathered.check_due.is_due() || stop_alert;
    Ok(Computed {
        report,
        gathered,
        stops,
        found: result,
    })
}

/// One pain region's weekly mean of its daily highest scores, one value
/// per week of the report (`None`: nothing logged that week).
#[derive(Debug, Clone, PartialEq)]
pub struct RegionWeeks {
    /// `lower-back`, `upper-back`, `neck` or `other`.
    pub region: &'static str,
    /// Per report week, oldest first.
    pub weekly: Vec<Option<f64>>,
}

/// Pain per region per week of `weeks`, from the gathered logs: for the
/// page's chart of pain in every region against the weekly load.
pub fn weekly_pain_by_region(
    history: &backstride_core::history::History,
    weeks: &[dto::WeekView],
) -> Vec<RegionWeeks> {
    use std::collections::BTreeMap;
    // (region, day) -> highest score that day.
    let mut daily: BTreeMap<(&'static str, NaiveDate), u8> = BTreeMap::new();
    for p in &history.pain {
        let day = p.day();
        let score = p.nrs.get();
        let slot = daily
            .entry((build::region_key(p.region), day))
            .or_insert(score);
        *slot = (*slot).max(score);
    }
    let mut regions: Vec<&'static str> = daily.keys().map(|(r, _)| *r).collect();
    regions.dedup();
    regions
        .into_iter()
        .map(|region| RegionWeeks {
            region,
            weekly: weeks
                .iter()
                .map(|w| {
                    let end = w.monday + chrono::Days::new(7);
                    let scores: Vec<f64> = daily
                        .range((region, w.monday)..(region, end))
                        .map(|(_, v)| f64::from(*v))
                        .collect();
                    (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn the_last_day_is_never_after_today_nor_before_since() {
        let today = day("2026-05-04");
        let mut req = Request {
            until: Some(day("2026-06-01")),
            ..Request::default()
        };
        assert_eq!(last_day(&req, today).expect("fine"), today);
        req.until = Some(day("2026-04-01"));
        assert_eq!(last_day(&req, today).expect("fine"), day("2026-04-01"));
        req.since = Some(day("2026-04-02"));
        let err = last_day(&req, today).expect_err("since after until");
        assert!(err.0.contains("since 2026-04-02 is after"), "{}", err.0);
    }
}
