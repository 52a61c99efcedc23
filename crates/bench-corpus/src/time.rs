//! UTC timestamps as text without a date library: ISO 8601 for GPX/TCX and
//! Strava's `activities.csv` style ("Mar 5, 2019, 6:02:11 AM").

/// Unix seconds of 2016-01-01T00:00:00Z, where the synthetic decade starts.
pub const DECADE_START: i64 = 1_451_606_400;

/// (year, month 1-12, day 1-31) for days since 1970-01-01 (Hinnant's
/// civil-from-days algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Splits Unix seconds into date and time of day.
fn parts(unix: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400) as u32;
    (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
}

/// `2019-03-05T06:02:11Z`, appended to `out`.
pub fn push_iso(out: &mut String, unix: i64) {
    use std::fmt::Write as _;
    let (y, mo, d, h, mi, s) = parts(unix);
    // Writing into a String cannot fail.
    let _ = write!(out, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z");
}

/// `2019-03-05T06:02:11Z`.
pub fn iso(unix: i64) -> String {
    let mut out = String::with_capacity(20);
    push_iso(&mut out, unix);
    out
}

/// `2019-03-05`.
pub fn date(unix: i64) -> String {
    let (y, mo, d, ..) = parts(unix);
    format!("{y:04}-{mo:02}-{d:02}")
}

/// The year of a timestamp.
pub fn year(unix: i64) -> i64 {
    parts(unix).0
}

/// `Mar 5, 2019, 6:02:11 AM`, as Strava's `activities.csv` writes dates.
pub fn strava(unix: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, h, mi, s) = parts(unix);
    let month = MONTHS[(mo as usize + 11) % 12];
    let (h12, half) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{month} {d}, {y}, {h12}:{mi:02}:{s:02} {half}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(DECADE_START), "2016-01-01T00:00:00Z");
        assert_eq!(iso(1_709_210_096), "2024-02-29T12:34:56Z");
        assert_eq!(strava(1_709_210_096), "Feb 29, 2024, 12:34:56 PM");
        assert_eq!(strava(DECADE_START + 3_725), "Jan 1, 2016, 1:02:05 AM");
        assert_eq!(date(1_709_210_096), "2024-02-29");
    }
}
