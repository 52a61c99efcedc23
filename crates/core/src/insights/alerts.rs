//! Alerts (issue 4, part 4), most serious first. Red flags come from the
//! caller (the triage in `assessment::triage`) and always mean stop and see
//! a doctor. The rest are cautions or notices, each saying why:
//!
//! - distance of the last 7 days more than 30 % above the mean of the two
//!   7-day blocks before (Nielsen 2014's 2-week progression, NIELSEN-2014);
//! - today's acute:chronic ratio at or above 1.5 (descriptive only);
//! - back pain over the last 7 days at least 2 points above the 7 days
//!   before (2 points: CHILDS-2005, FARRAR-2001);
//! - pain after a run not settled by the next morning twice in a row
//!   (SILBERNAGEL-2007);
//! - the routine missed on planned days for at least N days (SEED-ROUTINE);
//! - cross-training below the dose in the last 30 days (SEED-CROSS-TRAIN-DOSE);
//! - severe pain: a region's latest score at 9-10/10, felt in the last
//!   [`SEVERE_WINDOW_DAYS`] days, is a **stop** alert, never a step back (NHS-BACK-PAIN, HEIW-LBP;
//!   see `safety::pain`). The shell's standing rule also passes it in as a
//!   red flag whatever the range shown; then it is not repeated here.

use chrono::NaiveDate;

use crate::assessment::triage::FiredFlag;
use crate::load::LoadSeries;
use crate::pain::{CrossTrainingDose, RegionPain, RoutineAdherence, Settled};

use crate::history::{History, Settings};
use crate::profile::Region;

/// Acute:chronic ratio that raises a spike notice.
pub const ACWR_ALERT: f64 = 1.5;
/// Rise in weekly mean pain, NRS points, that raises an alert.
pub const PAIN_RISE: f64 = 2.0;
/// Days back from today in which a score of 9-10/10 raises a stop alert.
pub const SEVERE_WINDOW_DAYS: u64 = 14;

/// How serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Stop and see a doctor.
    Stop,
    /// Ease off.
    Caution,
    /// Worth knowing.
    Notice,
}

/// What raised it.
#[derive(Debug, Clone, PartialEq)]
pub enum AlertKind {
    /// A red flag from the triage.
    RedFlag {
        /// The flag's ID.
        flag_id: String,
    },
    /// 7-day distance up on the two 7-day blocks before.
    DistanceJump {
        /// Percent change.
        pct: f64,
    },
    /// Acute:chronic spike.
    LoadSpike {
        /// Today's ratio.
        ratio: f64,
    },
    /// Pain rising over a week.
    PainRising {
        /// Where.
        region: Region,
        /// Rise in mean NRS.
        rise: f64,
    },
    /// Not settled by the next morning, twice running.
    NotSettledTwice {
        /// Where.
        region: Region,
        /// The two run days.
        dates: [NaiveDate; 2],
    },
    /// Routine missed.
    RoutineSkipped {
        /// Planned days missed in a row.
        missed: u32,
        /// Days since the last session (`None`: never logged).
        days_since: Option<i64>,
    },
    /// The red-flag questions are due again (`safety::pain::check_due`).
    CheckDue {
        /// Why, in words.
        reasons: Vec<String>,
    },
    /// Pain at 9-10/10: stop, see a clinician.
    SeverePain {
        /// Where.
        region: Region,
        /// The highest score of the latest such day.
        nrs: u8,
        /// Its day.
        date: NaiveDate,
    },
    /// Cross-training under the dose.
    CrossTrainingBelowDose {
        /// Days in the last 30.
        days: u32,
        /// The dose.
        dose: u32,
    },
}

/// One alert.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// How serious.
    pub severity: Severity,
    /// What.
    pub kind: AlertKind,
    /// In words.
    pub message: String,
    /// Knowledge-base source IDs.
    pub sources: Vec<String>,
}

fn alert(severity: Severity, kind: AlertKind, message: String, sources: &[&str]) -> Alert {
    Alert {
        severity,
        kind,
        message,
        sources: sources.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// 7-day run distance ending at index `end`.
fn block(series: &LoadSeries, end: usize) -> f64 {
    series.days[end.saturating_sub(6)..=end]
        .iter()
        .map(|d| d.run_distance_m)
        .sum()
}

/// Everything that warrants an alert today, most serious first.
pub struct AlertInputs<'a> {
    /// The history.
    pub history: &'a History,
    /// Settings.
    pub settings: &'a Settings,
    /// The daily series (ending today).
    pub series: &'a LoadSeries,
    /// Pain per region.
    pub pain: &'a [RegionPain],
    /// Routine adherence.
    pub routine: &'a RoutineAdherence,
    /// Cross-training dose.
    pub cross_training: &'a CrossTrainingDose,
    /// Red flags from the triage of answers and log notes.
    pub red_flags: &'a [FiredFlag],
    /// Today.
    pub today: NaiveDate,
}

/// The alerts, most serious first.
pub fn alerts(i: &AlertInputs<'_>) -> Vec<Alert> {
    let mut out: Vec<Alert> = i
        .red_flags
        .iter()
        .map(|f| Alert {
            severity: Severity::Stop,
            kind: AlertKind::RedFlag {
                flag_id: f.id.clone(),
            },
            message: format!(
                "Stop running and see a doctor: {} ({}). {}",
                f.suggests, f.because, f.action
            ),
            sources: f.sources.iter().map(ToString::to_string).collect(),
        })
        .collect();
    if !i
        .red_flags
        .iter()
        .any(|f| f.id == crate::safety::SEVERE_PAIN)
    {
        out.extend(severe_pain(i.history, i.today));
    }
    let n = i.series.days.len();
    if n >= 21 {
        let now = block(i.series, n - 1);
        let before = (block(i.series, n - 8) + block(i.series, n - 15)) / 2.0;
        if let Some(pct) = crate::load::weekly::pct_change(now, before).filter(|p| *p > 30.0) {
            out.push(alert(Severity::Caution, AlertKind::DistanceJump { pct }, format!("Your running distance over the last 7 days is {pct:.0}% above the two weeks before. Rises over 30% on a 2-week trend went with more running injuries in novices (Nielsen 2014); consider holding this week."), &["NIELSEN-2014"]));
        }
    }
    if let Some(Some(ratio)) = i.series.acwr.last()
        && *ratio >= ACWR_ALERT
    {
        out.push(alert(Severity::Notice, AlertKind::LoadSpike { ratio: *ratio }, format!("Your recent load is {ratio:.1} times your longer-term load: a spike. This describes your training; it is not an injury probability."), &["WILLIAMS-2017", "LOLLI-2019", "IMPELLIZZERI-2021"]));
    }
    for rp in i.pain {
        let recent = mean_pain(i.history, rp.region, i.today, 0);
        let before = mean_pain(i.history, rp.region, i.today, 7);
        if let (Some(r), Some(b)) = (recent, before)
            && r - b >= PAIN_RISE
        {
            out.push(alert(Severity::Caution, AlertKind::PainRising { region: rp.region, rise: r - b }, format!("{} pain averaged {r:.1}/10 this week against {b:.1}/10 the week before: a rise of at least 2 points, the smallest change that matters.", region_name(rp.region)), &["CHILDS-2005", "FARRAR-2001"]));
        }
        let known: Vec<_> = rp
            .episodes
            .iter()
            .filter(|e| e.settled != Settled::Unknown)
            .collect();
        if let [.., a, b] = known.as_slice()
            && a.settled == Settled::No
            && b.settled == Settled::No
        {
            out.push(alert(Severity::Caution, AlertKind::NotSettledTwice { region: rp.region, dates: [a.date, b.date] }, format!("{} pain after your runs on {} and {} had not settled by the next morning. Step back: run less, or easier, until it settles.", region_name(rp.region), a.date, b.date), &["SILBERNAGEL-2007"]));
        }
    }
    let r = i.routine;
    let gap = r
        .days_since_last
        .is_none_or(|d| d >= i64::from(i.settings.routine_skip_days));
    if r.missed_in_a_row > 0 && gap {
        out.push(alert(
            Severity::Notice,
            AlertKind::RoutineSkipped {
                missed: r.missed_in_a_row,
                days_since: r.days_since_last,
            },
            format!(
                "The back routine was planned on {} day(s) since you last did it.",
                r.missed_in_a_row
            ),
            &["SEED-ROUTINE"],
        ));
    }
    let x = i.cross_training;
    if let Some(days) = x.current.filter(|d| *d < x.dose) {
        out.push(alert(
            Severity::Notice,
            AlertKind::CrossTrainingBelowDose { days, dose: x.dose },
            format!(
                "Cross-training on {days} day(s) in the last 30, below the planned {}.",
                x.dose
            ),
            &["SEED-CROSS-TRAIN-DOSE"],
        ));
    }
    out.sort_by_key(|a| a.severity);
    out
}

/// The stop alert for a due red-flag check, if one is due. The shell adds
/// it after the red flags: the check does not depend on the range shown.
pub fn check_due(due: &crate::safety::CheckDue) -> Option<Alert> {
    due.is_due().then(|| {
        alert(
            Severity::Stop,
            AlertKind::CheckDue {
                reasons: due.reasons.clone(),
            },
            format!(
                "Answer the red-flag questions again before you run on: run `backstride check` first. Why: {}.",
                due.reasons.join("; ")
            ),
            &["HEIW-LBP", "CHILDS-2005"],
        )
    })
}

/// The stop alert when a region's latest pain score up to today is 9-10/10
/// and was felt within [`SEVERE_WINDOW_DAYS`]. A lower score logged since
/// (after seeing a clinician) ends it.
pub fn severe_pain(h: &History, today: NaiveDate) -> Option<Alert> {
    let from = today.checked_sub_days(chrono::Days::new(SEVERE_WINDOW_DAYS - 1))?;
    let mut latest: Vec<(Region, NaiveDate, chrono::DateTime<chrono::Utc>, u8)> = Vec::new();
    for p in &h.pain {
        let date = p.day();
        if date > today {
            continue;
        }
        match latest.iter_mut().find(|(r, ..)| *r == p.region) {
            Some(seen) if seen.2 <= p.at => *seen = (p.region, date, p.at, p.nrs.get()),
            Some(_) => {}
            None => latest.push((p.region, date, p.at, p.nrs.get())),
        }
    }
    let (region, date, _, nrs) = latest
        .into_iter()
        .filter(|(_, d, _, nrs)| *nrs >= crate::safety::pain::SEVERE_NRS && *d >= from)
        .max_by_key(|(_, d, at, nrs)| (*nrs, *d, *at))?;
    Some(alert(
        Severity::Stop,
        AlertKind::SeverePain { region, nrs, date },
        format!(
            "Stop running and see a clinician: your latest {} pain score is {nrs}/10 (on {date}). Severe pain, or pain that keeps getting worse and does not ease, needs a GP or physiotherapist within 48 hours, not a smaller plan.",
            region_name(region).to_lowercase()
        ),
        &["NHS-BACK-PAIN", "HEIW-LBP"],
    ))
}

fn region_name(r: Region) -> &'static str {
    match r {
        Region::LowerBack => "Lower-back",
        Region::UpperBack => "Upper-back",
        Region::Neck => "Neck",
        Region::Other => "Other",
    }
}

/// Mean of the daily highest scores over the 7 days ending `back` days
/// before today; `None` below two logged days.
fn mean_pain(h: &History, region: Region, today: NaiveDate, back: u64) -> Option<f64> {
    let end = today.checked_sub_days(chrono::Days::new(back))?;
    let start = end.checked_sub_days(chrono::Days::new(6))?;
    let days: Vec<f64> = crate::pain::daily_max(h, &[region], start, 7)
        .into_iter()
        .flatten()
        .map(f64::from)
        .collect();
    (days.len() >= 2).then(|| days.iter().sum::<f64>() / days.len() as f64)
}
