//! The one rule for the calendar day an instant belongs to, used by every
//! command that puts records on days (history, insights, the standing
//! red-flag rule, the clinician report).
//!
//! A record's day is the day on the wall clock where and when it was
//! recorded:
//! - an activity whose file gave its UTC offset (FIT local time, a GPX or
//!   TCX time with an offset) is put on the day at that offset: a run at
//!   23:30 in Sydney (UTC+10) stays on its Sydney day, wherever the runner
//!   is when they look;
//! - anything else (an activity without an offset, a log entry, a check)
//!   is put on the day in the runner's time zone at that instant, with the
//!   offset the zone had then: a pain score logged at 23:30 in summer time
//!   stays on its summer day when read in winter.
//!
//! Core reads no clock and no time-zone database: the zone is an argument
//! ([`Zone`]), which the shell fills from the machine's zone (any
//! `chrono::TimeZone` is one) and tests from a fixed offset.

use std::fmt::Debug;

use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Utc};

/// The runner's time zone as core needs it: the UTC offset in force at an
/// instant, summer time included.
pub trait Zone: Debug {
    /// Seconds east of UTC at `at`.
    fn offset_s_at(&self, at: DateTime<Utc>) -> i32;
}

impl<Z: TimeZone + Debug> Zone for Z {
    fn offset_s_at(&self, at: DateTime<Utc>) -> i32 {
        self.offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc()
    }
}

/// The calendar day of `at` at a fixed offset, seconds east of UTC.
pub fn local_date(at: DateTime<Utc>, offset_s: i32) -> NaiveDate {
    let shifted = at
        .naive_utc()
        .checked_add_signed(Duration::seconds(i64::from(offset_s)));
    shifted.unwrap_or_else(|| at.naive_utc()).date()
}

/// The offset a record is put on its day with: its own recorded offset if
/// it has one, else the zone's offset at that instant.
pub fn offset_s_of(at: DateTime<Utc>, recorded_offset_s: Option<i32>, zone: &dyn Zone) -> i32 {
    recorded_offset_s.unwrap_or_else(|| zone.offset_s_at(at))
}

/// The rule: the local day of a record made at `at`, with the UTC offset
/// it was recorded with if known (an activity's file), else in `zone`.
pub fn day_of(at: DateTime<Utc>, recorded_offset_s: Option<i32>, zone: &dyn Zone) -> NaiveDate {
    local_date(at, offset_s_of(at, recorded_offset_s, zone))
}

/// The day of an instant in the runner's zone (a log entry, a check): the
/// rule for a record without an offset of its own.
pub fn day_in(at: DateTime<Utc>, zone: &dyn Zone) -> NaiveDate {
    day_of(at, None, zone)
}

/// How far a recorded offset can put a record from the zone's day: the
/// widest gap between two UTC offsets (-12:00 to +14:00) is 26 hours.
pub const MOST_DAYS_APART: u64 = 2;

/// The first instant of local `day` in `zone`: its midnight, or, where a
/// clock change skips midnight, the first whole hour that exists that day
/// (the instant of the change, for the usual one-hour change at midnight).
/// `None` only at the ends of the calendar.
pub fn start_of<Z: TimeZone>(day: NaiveDate, zone: &Z) -> Option<DateTime<Utc>> {
    (0..=3)
        .filter_map(|h| day.and_hms_opt(h, 0, 0))
        .find_map(|t| zone.from_local_datetime(&t).earliest())
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, LocalResult, NaiveDateTime};

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.from_utc_datetime(&day(y, m, d).and_hms_opt(h, min, 0).expect("a real time"))
    }

    fn east(hours: i32) -> FixedOffset {
        FixedOffset::east_opt(hours * 3600).expect("an offset")
    }

    /// A zone with one summer-time period, for clock changes without a
    /// time-zone database: `winter` hours east of UTC, `summer` hours from
    /// `from` to `to` (UTC).
    #[derive(Debug, Clone, Copy)]
    struct Summer {
        winter: i32,
        summer: i32,
        from: NaiveDateTime,
        to: NaiveDateTime,
    }

    /// Central Europe in 2026: UTC+1, UTC+2 from 29 March 01:00 UTC to
    /// 25 October 01:00 UTC.
    fn cet() -> Summer {
        Summer {
            winter: 1,
            summer: 2,
            from: utc(2026, 3, 29, 1, 0).naive_utc(),
            to: utc(2026, 10, 25, 1, 0).naive_utc(),
        }
    }

    impl TimeZone for Summer {
        type Offset = FixedOffset;
        fn from_offset(_: &FixedOffset) -> Self {
            cet()
        }
        fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<FixedOffset> {
            self.offset_from_local_datetime(&local.and_hms_opt(12, 0, 0).expect("noon"))
        }
        fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<FixedOffset> {
            let fits: Vec<FixedOffset> = [east(self.winter), east(self.summer)]
                .into_iter()
                .filter(|o| {
                    let as_utc = *local - Duration::seconds(i64::from(o.local_minus_utc()));
                    self.offset_from_utc_datetime(&as_utc) == *o
                })
                .collect();
            match fits.as_slice() {
                [] => LocalResult::None,
                [one] => LocalResult::Single(*one),
                [a, b, ..] => LocalResult::Ambiguous(*b, *a),
            }
        }
        fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
            self.offset_from_utc_datetime(&utc.and_hms_opt(0, 0, 0).expect("midnight"))
        }
        fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
            if *utc >= self.from && *utc < self.to {
                east(self.summer)
            } else {
                east(self.winter)
            }
        }
    }

    #[test]
    fn half_past_eleven_in_utc_plus_10_is_on_its_own_day() {
        // 23:30 on 5 January in Sydney is 13:30 UTC the same day...
        let at = utc(2026, 1, 5, 13, 30);
        assert_eq!(day_of(at, Some(10 * 3600), &Utc), day(2026, 1, 5));
        // ...and 00:30 on the 6th there is 14:30 UTC on the 5th: the
        // recorded offset wins over a runner at home in UTC+1.
        let after_midnight = utc(2026, 1, 5, 14, 30);
        assert_eq!(
            day_of(after_midnight, Some(10 * 3600), &east(1)),
            day(2026, 1, 6)
        );
        // Without an offset of its own, the zone's day.
        assert_eq!(day_of(after_midnight, None, &east(1)), day(2026, 1, 5));
        assert_eq!(day_in(after_midnight, &east(10)), day(2026, 1, 6));
    }

    #[test]
    fn the_zone_offset_is_the_one_in_force_then() {
        // 22:30 UTC on 1 July: 00:30 on the 2nd in summer time (UTC+2),
        // though the zone is UTC+1 in winter, when it may be read.
        let summer_night = utc(2026, 7, 1, 22, 30);
        assert_eq!(cet().offset_s_at(summer_night), 7200);
        assert_eq!(day_in(summer_night, &cet()), day(2026, 7, 2));
        // The same clock time in winter is still the 1st.
        let winter_night = utc(2026, 1, 1, 22, 30);
        assert_eq!(cet().offset_s_at(winter_night), 3600);
        assert_eq!(day_in(winter_night, &cet()), day(2026, 1, 1));
        // Either side of the spring change (01:00 UTC on 29 March).
        assert_eq!(cet().offset_s_at(utc(2026, 3, 29, 0, 59)), 3600);
        assert_eq!(cet().offset_s_at(utc(2026, 3, 29, 1, 0)), 7200);
        // 22:30 UTC on the 28th: 23:30 local, before the change.
        assert_eq!(day_in(utc(2026, 3, 28, 22, 30), &cet()), day(2026, 3, 28));
        // 22:30 UTC on the 29th: 00:30 on the 30th in summer time.
        assert_eq!(day_in(utc(2026, 3, 29, 22, 30), &cet()), day(2026, 3, 30));
    }

    #[test]
    fn days_start_at_local_midnight_and_in_a_gap_at_its_end() {
        assert_eq!(
            start_of(day(2026, 1, 6), &east(10)),
            Some(utc(2026, 1, 5, 14, 0))
        );
        assert_eq!(
            start_of(day(2026, 7, 2), &cet()),
            Some(utc(2026, 7, 1, 22, 0))
        );
        assert_eq!(
            start_of(day(2026, 1, 2), &cet()),
            Some(utc(2026, 1, 1, 23, 0))
        );
        // Clocks that go from 00:00 to 01:00 (as in some zones): the day
        // starts at the change, 01:00 local, 23:00 UTC the day before.
        let at_midnight = Summer {
            from: utc(2026, 3, 28, 23, 0).naive_utc(),
            ..cet()
        };
        let start = start_of(day(2026, 3, 29), &at_midnight).expect("a start");
        assert_eq!(start, utc(2026, 3, 28, 23, 0));
        assert_eq!(day_in(start, &at_midnight), day(2026, 3, 29));
        assert_eq!(
            day_in(start - Duration::seconds(1), &at_midnight),
            day(2026, 3, 28)
        );
    }

    #[test]
    fn every_instant_of_a_day_falls_between_its_start_and_the_next() {
        // Every half hour through both 2026 clock changes, at 02:00 local
        // time and at midnight.
        let at_midnight = Summer {
            from: utc(2026, 3, 28, 23, 0).naive_utc(),
            to: utc(2026, 10, 24, 22, 0).naive_utc(),
            ..cet()
        };
        for zone in [cet(), at_midnight] {
            let mut at = utc(2026, 3, 27, 0, 0);
            let end = utc(2026, 10, 27, 0, 0);
            while at < end {
                let d = day_in(at, &zone);
                let from = start_of(d, &zone).expect("a start");
                let to = start_of(d.succ_opt().expect("a next day"), &zone).expect("a start");
                assert!(from <= at && at < to, "{at} on {d}: {from}..{to}");
                at += Duration::minutes(30);
            }
        }
    }
}
