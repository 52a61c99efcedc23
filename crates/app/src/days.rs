//! Local days at the edge. `--since`, `--until` and "today" are days in the
//! runner's time zone (the machine's, `Clock::zone`); which day a stored
//! record belongs to is core's one rule (`backstride_core::local_day`): an
//! activity's own recorded offset where its file gave one, else the zone's
//! offset at that instant, summer time included.
//!
//! The store is asked for instants, and an activity's own offset can put
//! it on a day whose instants, in the runner's zone, do not hold it (a run
//! at 00:30 in Sydney is still the day before in Europe). So a span of days
//! is read from the store with [`MOST_DAYS_APART`] more days on each side
//! ([`Days::query`]) and every record is then kept by its day
//! ([`Days::contains`]): `history` and `insights` put a record on the same
//! day, and show the same records for the same days.

use backstride_core::local_day::{self, MOST_DAYS_APART};
use backstride_store::TimeRange;
use chrono::{Days as ChronoDays, NaiveDate, TimeZone};

use crate::commands::UserError;

/// A span of local days, each end included, either end open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Days {
    /// The first day, if any.
    pub since: Option<NaiveDate>,
    /// The last day, if any.
    pub until: Option<NaiveDate>,
}

impl Days {
    /// The days from `since` to `until`; refused when `since` is after
    /// `until`.
    pub fn new(since: Option<NaiveDate>, until: Option<NaiveDate>) -> Result<Self, UserError> {
        if let (Some(s), Some(u)) = (since, until)
            && s > u
        {
            return Err(UserError("--since must be on or before --until".to_owned()));
        }
        Ok(Days { since, until })
    }

    /// Whether `day` is one of these days.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| day >= s) && self.until.is_none_or(|u| day <= u)
    }

    /// The instants to read from the store: these days in `zone`, with
    /// [`MOST_DAYS_APART`] more days on each side (then keep each record
    /// by its day with [`Days::contains`]).
    pub fn query<Z: TimeZone>(&self, zone: &Z) -> TimeRange {
        let from = self
            .since
            .and_then(|d| d.checked_sub_days(ChronoDays::new(MOST_DAYS_APART)))
            .and_then(|d| local_day::start_of(d, zone));
        // Up to the start of the day after the margin (the end is open).
        let to = self
            .until
            .and_then(|d| d.checked_add_days(ChronoDays::new(MOST_DAYS_APART + 1)))
            .and_then(|d| local_day::start_of(d, zone));
        match (from, to) {
            (Some(f), Some(t)) => TimeRange::between(f, t),
            (Some(f), None) => TimeRange::since(f),
            (None, Some(t)) => TimeRange::until(t),
            (None, None) => TimeRange::all(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset, Utc};

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn days_are_read_with_a_margin_and_kept_by_their_day() {
        let plus13 = FixedOffset::east_opt(13 * 3600).expect("an offset");
        let d = Days::new(Some(day(2026, 11, 25)), Some(day(2026, 11, 25))).expect("valid");
        let r = d.query(&plus13);
        // 25 November starts at 11:00 UTC on the 24th in UTC+13; two more
        // days on each side.
        assert_eq!(r.from, Some(at("2026-11-22T11:00:00Z")));
        assert_eq!(r.to, Some(at("2026-11-27T11:00:00Z")));
        assert!(d.contains(day(2026, 11, 25)));
        assert!(!d.contains(day(2026, 11, 24)));
        assert!(!d.contains(day(2026, 11, 26)));
        let open = Days::new(Some(day(2026, 11, 25)), None).expect("valid");
        assert_eq!(open.query(&Utc).to, None);
        assert!(open.contains(day(2030, 1, 1)));
        assert_eq!(Days::default().query(&Utc), TimeRange::all());
        assert!(Days::new(Some(day(2026, 11, 26)), Some(day(2026, 11, 25))).is_err());
    }
}
