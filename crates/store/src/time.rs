//! Time as the store keeps it: UTC instants as whole milliseconds since the
//! Unix epoch in a BIGINT column (portable across SQLite and PostgreSQL, and
//! ordered by plain integer comparison), and the half-open ranges that
//! history and listing queries filter on.

use chrono::{DateTime, Utc};

use crate::error::StoreError;

/// A half-open time range `[from, to)`; an open end is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeRange {
    /// Inclusive start, if any.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive end, if any.
    pub to: Option<DateTime<Utc>>,
}

impl TimeRange {
    /// All time.
    pub fn all() -> Self {
        TimeRange::default()
    }

    /// From `from` (inclusive) to `to` (exclusive).
    pub fn between(from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        TimeRange {
            from: Some(from),
            to: Some(to),
        }
    }

    /// From `from` (inclusive) on.
    pub fn since(from: DateTime<Utc>) -> Self {
        TimeRange {
            from: Some(from),
            to: None,
        }
    }

    /// Before `to` (exclusive).
    pub fn until(to: DateTime<Utc>) -> Self {
        TimeRange {
            from: None,
            to: Some(to),
        }
    }

    /// The bounds as milliseconds, open ends as the extreme values, for
    /// `WHERE at_ms >= $1 AND at_ms < $2`.
    pub(crate) fn millis(&self) -> (i64, i64) {
        (
            self.from.map_or(i64::MIN, to_millis),
            self.to.map_or(i64::MAX, to_millis),
        )
    }
}

/// An instant as milliseconds since the epoch (sub-millisecond parts dropped).
pub(crate) fn to_millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

/// Milliseconds since the epoch back to an instant, or a corrupt-row error.
pub(crate) fn from_millis(
    ms: i64,
    table: &'static str,
    id: i64,
) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::corrupt(table, id, format!("timestamp {ms} ms is out of range")))
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::{TimeRange, from_millis, to_millis};

    #[test]
    fn millis_round_trip_and_open_ends_are_extremes() {
        let at = Utc
            .with_ymd_and_hms(2026, 3, 1, 7, 30, 0)
            .single()
            .expect("valid date");
        assert_eq!(from_millis(to_millis(at), "t", 1).ok(), Some(at));
        assert_eq!(TimeRange::all().millis(), (i64::MIN, i64::MAX));
        assert_eq!(TimeRange::since(at).millis().0, to_millis(at));
        assert!(from_millis(i64::MAX, "t", 1).is_err());
    }
}
