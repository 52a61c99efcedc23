//! What the pain logs say for safety, apart from notes:
//!
//! - **severe pain**: a score of 9 or 10 out of 10 (alone, or as the top of
//!   a rise) stops the plan like a red flag at "urgent": see a clinician,
//!   because pain that severe, or that keeps worsening and does not ease,
//!   is on every guideline's list of reasons to be seen (NHS-BACK-PAIN:
//!   pain that does not ease with rest; HEIW-LBP: severe, unremitting pain)
//!   and the pain-monitoring rule's step back was never meant for it;
//! - **a check is due**: the red-flag questions are asked again after pain
//!   at 7/10 or more (the "severe" band of the 0-10 scale), after a
//!   region's weekly mean pain rises 2 points or more (the smallest change
//!   that matters, CHILDS-2005, FARRAR-2001), and at least every four weeks
//!   while a plan runs (HEIW-LBP: no improvement after about a month is a
//!   warning sign in its own right).

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::assessment::triage::FiredFlag;
use crate::evidence::SourceId;
use crate::knowledge::model::FlagTier;
use crate::local_day::{Zone, day_in};
use crate::profile::Region;

use super::checks::SEVERE_PAIN;

/// A score at or above this is severe pain: no plan, see a clinician.
pub const SEVERE_NRS: u8 = 9;
/// A score at or above this makes the red-flag questions due again.
pub const RECHECK_NRS: u8 = 7;
/// A rise of the weekly mean by this many points makes them due again.
pub const RECHECK_RISE: f64 = 2.0;
/// The red-flag questions are asked at least this often while a plan runs.
pub const RECHECK_EVERY_DAYS: i64 = 28;

/// A pain score with the local day it describes and when it was told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToldPain {
    /// When it was told (logged).
    pub told: DateTime<Utc>,
    /// The local day it describes.
    pub date: NaiveDate,
    /// Where.
    pub region: Region,
    /// 0-10.
    pub nrs: u8,
}

/// Why the red-flag questions are due again, in words, most pressing
/// first; empty when they are not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckDue {
    /// The reasons.
    pub reasons: Vec<String>,
}

impl CheckDue {
    /// Whether a check is due.
    pub fn is_due(&self) -> bool {
        !self.reasons.is_empty()
    }
}

/// A region in words, for sentences.
pub fn region_words(r: Region) -> &'static str {
    match r {
        Region::LowerBack => "lower back",
        Region::UpperBack => "upper back",
        Region::Neck => "neck",
        Region::Other => "other region",
    }
}

fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// The severe-pain flag when a score of 9-10/10 was told after `after`
/// (the latest check that asked about severe pain; `None`: never asked).
/// Its reason names the latest such score, and the rise to it when the
/// same region was lower in the week before.
pub fn severe_pain_flag(pains: &[ToldPain], after: Option<DateTime<Utc>>) -> Option<FiredFlag> {
    let severe: Vec<&ToldPain> = pains
        .iter()
        .filter(|p| p.nrs >= SEVERE_NRS && after.is_none_or(|a| p.told > a))
        .collect();
    let latest = severe.iter().max_by_key(|p| (p.date, p.told))?;
    let week_before = latest.date.checked_sub_days(Days::new(7));
    let lowest_before = pains
        .iter()
        .filter(|p| {
            p.region == latest.region
                && p.date < latest.date
                && week_before.is_some_and(|w| p.date >= w)
        })
        .map(|p| p.nrs)
        .min()
        .filter(|low| *low < latest.nrs);
    let rise = lowest_before
        .map(|low| format!(", up from {low}/10 in the week before"))
        .unwrap_or_default();
    let count = if severe.len() > 1 {
        format!(
            " ({} scores at 9-10/10 since it was last asked about)",
            severe.len()
        )
    } else {
        String::new()
    };
    Some(severe_flag(format!(
        "your pain log of {}: {}/10 in the {}{rise}{count}",
        day(latest.date),
        latest.nrs,
        region_words(latest.region)
    )))
}

/// The severe-pain flag with the given reason (also used when a check
/// answered "yes" to it).
pub fn severe_flag(because: String) -> FiredFlag {
    FiredFlag {
        id: SEVERE_PAIN.to_owned(),
        suggests: "Severe back pain (9 or 10 out of 10), or pain that keeps getting worse and does not ease, needs a clinician's assessment: the plan's pain rules are not made for it.".to_owned(),
        because,
        asked: false,
        tier: FlagTier::Urgent,
        combined: false,
        action: "Stop the running plan and see a GP or physiotherapist today or within 48 hours (in the UK, NHS 111 can advise out of hours). If numbness around the genitals, bladder or bowel changes, or weakness in both legs come with it, call 999/112/911 now.".to_owned(),
        sources: vec![
            SourceId("NHS-BACK-PAIN".to_owned()),
            SourceId("HEIW-LBP".to_owned()),
        ],
    }
}

/// Each region's highest score on each local day: what the weekly means
/// are taken over. Built once per check so that looking at every logged
/// day costs a range lookup per day, not a pass over every score (a decade
/// of daily logs is 3,650 days).
#[derive(Debug, Clone, Default)]
pub struct DailyTops(BTreeMap<(Region, NaiveDate), u8>);

impl DailyTops {
    /// The daily highest scores of `pains`.
    pub fn of(pains: &[ToldPain]) -> Self {
        let mut tops = BTreeMap::new();
        for p in pains {
            let top = tops.entry((p.region, p.date)).or_insert(p.nrs);
            *top = (*top).max(p.nrs);
        }
        DailyTops(tops)
    }

    /// The mean of the daily highest scores of `region` over the 7 days
    /// ending `end`; `None` below two logged days.
    fn weekly_mean(&self, region: Region, end: NaiveDate) -> Option<f64> {
        let start = end.checked_sub_days(Days::new(6))?;
        let (sum, days) = self
            .0
            .range((region, start)..=(region, end))
            .fold((0.0, 0_u32), |(sum, days), (_, v)| {
                (sum + f64::from(*v), days + 1)
            });
        (days >= 2).then(|| sum / f64::from(days))
    }
}

/// The weekly rise of `region` at `date`: the mean of the week ending
/// `date` and of the week before, when the first is at least
/// [`RECHECK_RISE`] above the second.
pub fn weekly_rise(tops: &DailyTops, region: Region, date: NaiveDate) -> Option<(f64, f64)> {
    let recent = tops.weekly_mean(region, date)?;
    let before = tops.weekly_mean(region, date.checked_sub_days(Days::new(7))?)?;
    (recent - before >= RECHECK_RISE).then_some((recent, before))
}

/// What [`check_due`] looks at.
#[derive(Debug, Clone, Copy)]
pub struct DueInputs<'a> {
    /// Every pain score.
    pub pains: &'a [ToldPain],
    /// When every red-flag question was last answered in a check.
    pub last_complete: Option<DateTime<Utc>>,
    /// The latest time all of them were answered in any way (a check, or
    /// answers saved by `plan --answers`): the four-week clock.
    pub last_answered_all: Option<DateTime<Utc>>,
    /// Whether a plan is running today.
    pub plan_running: bool,
    /// Today.
    pub today: NaiveDate,
    /// The runner's time zone, to put instants on days
    /// ([`crate::local_day`]).
    pub zone: &'a dyn Zone,
}

/// Whether the red-flag questions are due again, and why.
pub fn check_due(i: &DueInputs<'_>) -> CheckDue {
    let mut reasons = Vec::new();
    let new: Vec<&ToldPain> = i
        .pains
        .iter()
        .filter(|p| i.last_complete.is_none_or(|c| p.told > c))
        .collect();
    if let Some(high) = new
        .iter()
        .filter(|p| p.nrs >= RECHECK_NRS)
        .max_by_key(|p| (p.date, p.told))
    {
        reasons.push(format!(
            "you logged pain at {}/10 in the {} on {} (7/10 or more)",
            high.nrs,
            region_words(high.region),
            day(high.date)
        ));
    }
    let mut dates: Vec<(NaiveDate, Region)> = new.iter().map(|p| (p.date, p.region)).collect();
    dates.sort();
    dates.dedup();
    let tops = DailyTops::of(i.pains);
    if let Some((date, region, (recent, before))) = dates
        .iter()
        .rev()
        .find_map(|(d, r)| weekly_rise(&tops, *r, *d).map(|rise| (*d, *r, rise)))
    {
        reasons.push(format!(
            "your {} pain averaged {recent:.1}/10 in the week to {} against {before:.1}/10 the week before (a rise of 2 points or more)",
            region_words(region),
            day(date)
        ));
    }
    if i.plan_running {
        match i.last_answered_all {
            Some(at) => {
                let last = day_in(at, i.zone);
                if (i.today - last).num_days() >= RECHECK_EVERY_DAYS {
                    reasons.push(format!(
                        "your plan is running and the red-flag questions were last answered on {}, four weeks or more ago",
                        day(last)
                    ));
                }
            }
            None => reasons.push(
                "your plan is running and the red-flag questions have never been answered"
                    .to_owned(),
            ),
        }
    }
    CheckDue { reasons }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).expect("valid date")
    }

    fn told(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 20, 0, 0)
            .single()
            .expect("valid time")
    }

    fn p(day: u32, nrs: u8) -> ToldPain {
        ToldPain {
            told: told(day),
            date: d(day),
            region: Region::LowerBack,
            nrs,
        }
    }

    fn due(pains: &[ToldPain], last: Option<DateTime<Utc>>, plan: bool) -> CheckDue {
        check_due(&DueInputs {
            pains,
            last_complete: last,
            last_answered_all: last,
            plan_running: plan,
            today: d(25),
            zone: &chrono::Utc,
        })
    }

    #[test]
    fn severe_pain_stands_until_asked_about_after_it() {
        let ten_days: Vec<ToldPain> = (10..20).map(|day| p(day, 10)).collect();
        let flag = severe_pain_flag(&ten_days, None).expect("ten days of 10/10 stop");
        assert_eq!(flag.id, SEVERE_PAIN);
        assert_eq!(flag.tier, FlagTier::Urgent);
        assert!(flag.because.contains("Thu 19 Nov 2026"), "{}", flag.because);
        assert!(flag.because.contains("10 scores"), "{}", flag.because);
        assert!(severe_pain_flag(&ten_days, Some(told(19))).is_none());
        assert!(severe_pain_flag(&ten_days, Some(told(18))).is_some());
        let rising = [p(10, 3), p(12, 9)];
        let flag = severe_pain_flag(&rising, None).expect("rising to 9 stops");
        assert!(flag.because.contains("up from 3/10"), "{}", flag.because);
        assert!(severe_pain_flag(&[p(10, 8)], None).is_none());
    }

    #[test]
    fn a_check_is_due_after_high_or_rising_pain_and_every_four_weeks() {
        assert!(!due(&[p(20, 6)], None, false).is_due());
        let high = due(&[p(20, 7)], None, false);
        assert!(high.reasons[0].contains("7/10"), "{:?}", high.reasons);
        assert!(!due(&[p(20, 7)], Some(told(21)), false).is_due());
        // 1, 1 then 4, 4: the weekly mean rises by 3.
        let rising = [p(10, 1), p(12, 1), p(18, 4), p(20, 4)];
        let r = due(&rising, None, false);
        assert_eq!(r.reasons.len(), 1, "{:?}", r.reasons);
        assert!(r.reasons[0].contains("rise of 2 points"), "{:?}", r.reasons);
        let flat = [p(10, 3), p(12, 3), p(18, 4), p(20, 4)];
        assert!(!due(&flat, None, false).is_due());
        // Four weeks: 28 days after the last answers, not 27.
        let at = |day: u32| Utc.with_ymd_and_hms(2026, 10, day, 12, 0, 0).single();
        assert!(due(&[], at(28), true).is_due());
        assert!(!due(&[], at(29), true).is_due());
        assert!(!due(&[], at(28), false).is_due());
        assert!(due(&[], None, true).is_due());
    }

    /// The weekly mean as the rule states it: one pass over every score.
    fn weekly_mean_by_scan(pains: &[ToldPain], region: Region, end: NaiveDate) -> Option<f64> {
        let start = end.checked_sub_days(Days::new(6))?;
        let mut by_day = BTreeMap::new();
        for p in pains
            .iter()
            .filter(|p| p.region == region && p.date >= start && p.date <= end)
        {
            let top = by_day.entry(p.date).or_insert(p.nrs);
            *top = (*top).max(p.nrs);
        }
        (by_day.len() >= 2)
            .then(|| by_day.values().map(|v| f64::from(*v)).sum::<f64>() / by_day.len() as f64)
    }

    proptest::proptest! {
        #[test]
        fn daily_tops_give_the_weekly_mean_of_a_scan(
            logged in proptest::collection::vec((1_u32..=30, 0_u8..=10, proptest::bool::ANY), 0..60),
            end in 1_u32..=30,
        ) {
            let pains: Vec<ToldPain> = logged
                .iter()
                .map(|(day, nrs, upper)| ToldPain {
                    region: if *upper { Region::UpperBack } else { Region::LowerBack },
                    ..p(*day, *nrs)
                })
                .collect();
            let tops = DailyTops::of(&pains);
            for region in [Region::LowerBack, Region::UpperBack] {
                proptest::prop_assert_eq!(
                    tops.weekly_mean(region, d(end)),
                    weekly_mean_by_scan(&pains, region, d(end))
                );
            }
        }
    }
}
