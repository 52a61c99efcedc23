//! The one rule for which calendar day an instant belongs to.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The local calendar day of an instant.
pub fn local_date(at: DateTime<Utc>, offset_s: i32) -> NaiveDate {
    let shifted = at
        .naive_utc()
        .checked_add_signed(Duration::seconds(i64::from(offset_s)));
    shifted.unwrap_or_else(|| at.naive_utc()).date()
}
