//! Devices without a clock. A FIT `date_time` below 0x10000000 (the FIT
//! profile's "min") is not a date but seconds since the device was
//! switched on: read as a date, it falls in 1989-1998, most often 1990.
//! Watches without GPS or a set clock (Garmin Forerunner 70, footpods,
//! some bike computers) write such files. The start is then dated by the
//! best other time the file holds, in this order:
//!
//! 1. a `timestamp_correlation` message (UTC against system time: exact);
//! 2. `file_id.time_created`, when it is a real date (the file was opened
//!    when the recording started: close);
//! 3. the `activity` message's `local_timestamp`, when it is a real date
//!    (the local time at the end of the activity, in an unknown time zone:
//!    the day is right within a day, the hour is not).
//!
//! Without any of them the file's own date is kept and flagged.

use rustyfit::profile::typedef;

use super::FitParts;

/// The smallest FIT `date_time` that is a date (the FIT profile's "min").
const FIT_DATE_MIN: u32 = 0x1000_0000;

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31T00:00:00Z).
const FIT_EPOCH_UNIX: i64 = 631_065_600;

/// A start dated from another time in the file, and what was done.
pub(super) struct Dated {
    /// The start, Unix seconds.
    pub start_unix: i64,
    /// What the import should say.
    pub note: String,
}

fn is_date(t: u32) -> bool {
    (FIT_DATE_MIN..u32::MAX).contains(&t)
}

fn day(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).map_or_else(
        || unix.to_string(),
        |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    )
}

/// `Some` when the start (Unix seconds) is a device's power-on time rather
/// than a date: the start to use and the note saying how it was found.
pub(super) fn date_without_clock(parts: &FitParts, start_unix: i64) -> Option<Dated> {
    let raw = start_unix - FIT_EPOCH_UNIX;
    if !(0..i64::from(FIT_DATE_MIN)).contains(&raw) {
        return None;
    }
    let seen = day(start_unix);
    let no_clock = format!(
        "the device had no clock: its times count from when it was switched on, which the file dates {seen}"
    );
    let correlation = parts
        .correlations
        .iter()
        .find(|(utc, system)| is_date(utc.0) && system.0 != u32::MAX && !is_date(system.0));
    if let Some((utc, system)) = correlation {
        let shift = i64::from(utc.0) - i64::from(system.0);
        let start = start_unix + shift;
        return Some(Dated {
            start_unix: start,
            note: format!(
                "{no_clock}; dated {} by the file's timestamp correlation",
                day(start)
            ),
        });
    }
    let created = parts
        .file_ids
        .iter()
        .map(|f| f.time_created)
        .find(|t| is_date(t.0));
    if let Some(created) = created.and_then(typedef::DateTime::unix_timestamp) {
        return Some(Dated {
            start_unix: created,
            note: format!(
                "{no_clock}; dated {} by the time the file was created (close to the start)",
                day(created)
            ),
        });
    }
    let local = parts
        .activities
        .iter()
        .find(|a| is_date(a.local_timestamp.0) && a.timestamp.0 != u32::MAX);
    if let Some(activity) = local {
        // The local time stands for the activity message's own time.
        let end_raw = i64::from(activity.timestamp.0);
        let local_end = i64::from(activity.local_timestamp.0) + FIT_EPOCH_UNIX;
        let start = local_end - (end_raw - raw);
        return Some(Dated {
            start_unix: start,
            note: format!(
                "{no_clock}; dated {} from the local time the device wrote at the end (time zone unknown, taken as UTC: the hour may be off)",
                day(start)
            ),
        });
    }
    Some(Dated {
        start_unix,
        note: format!("{no_clock}, and nothing in the file says when it really was"),
    })
}
