//! Polar Flow's single-session CSV (flow.polar.com, "Export session"):
//! a summary header line (`Name,Sport,Date,Start time,Duration,Total
//! distance (km),Average heart rate (bpm),...`), its values, then a sample
//! header (`Sample rate,Time,HR (bpm),Speed (km/h),Pace (min/km),Cadence,
//! Altitude (m),Stride length (m),Distances (m),...`) and one line a
//! sample, `Time` as hh:mm:ss from the start. Columns are found by their
//! header names. docs/exports.md names the public readers that establish
//! the layout. The file states no time zone: the start is its local time
//! read as UTC, and the import says so.

use backstride_core::activity::{Activity, SportSource};
use chrono::{NaiveDate, NaiveTime, TimeDelta};

#[cfg(test)]
use super::Format;
use super::json::{Timeline, finite, heart_rate};
use super::{DecodeError, sport, summary};

/// Whether the bytes start like a Polar session CSV.
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    text.starts_with(b"Name,Sport,Date,Start time,Duration")
}

/// Reads one session CSV, with the problems met.
pub(crate) fn decode_polar_csv(bytes: &[u8]) -> Result<(Activity, Vec<String>), DecodeError> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text);
    let mut rows = reader.records();
    let mut next_row = |what: &str| -> Result<csv::StringRecord, DecodeError> {
        match rows.next() {
            Some(Ok(row)) => Ok(row),
            Some(Err(err)) => Err(bad(err.to_string())),
            None => Err(bad(format!("the file ends before its {what}"))),
        }
    };
    let header = next_row("summary header")?;
    let values = next_row("summary values")?;
    let summary_value = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .and_then(|i| values.get(i))
            .filter(|v| !v.is_empty())
    };
    let date = summary_value("Date")
        .and_then(parse_date)
        .ok_or_else(|| bad("no valid Date in the summary".to_owned()))?;
    let time = summary_value("Start time")
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").ok())
        .ok_or_else(|| bad("no valid Start time in the summary".to_owned()))?;
    let label = summary_value("Sport").unwrap_or("").to_owned();
    let stated_distance = summary_value("Total distance (km)")
        .and_then(|d| d.parse::<f64>().ok())
        .map(|km| km * 1000.0)
        .filter(|m| m.is_finite() && *m > 0.0);
    let duration_s = summary_value("Duration").and_then(hms_s);
    let stated_avg_hr = summary_value("Average heart rate (bpm)")
        .and_then(|h| h.parse::<f64>().ok())
        .filter(|h| h.is_finite() && *h > 0.0);

    let mut timeline = Timeline::default();
    let mut bad_rows = 0usize;
    if let Ok(sample_header) = next_row("sample header") {
        let column = |name: &str| sample_header.iter().position(|h| h == name);
        let (t_col, hr, speed, cadence, altitude, distance) = (
            column("Time"),
            column("HR (bpm)"),
            column("Speed (km/h)"),
            column("Cadence"),
            column("Altitude (m)"),
            column("Distances (m)"),
        );
        let t_col = t_col.ok_or_else(|| bad("the sample table has no Time column".to_owned()))?;
        for row in rows {
            let Ok(row) = row else {
                bad_rows += 1;
                continue;
            };
            let Some(t) = row.get(t_col).and_then(hms_s) else {
                bad_rows += 1;
                continue;
            };
            let number = |c: Option<usize>| {
                finite(
                    c.and_then(|c| row.get(c))
                        .and_then(|v| v.parse::<f64>().ok()),
                )
            };
            let Some(s) = timeline.at(t * 1000.0) else {
                continue;
            };
            s.heart_rate = number(hr).and_then(heart_rate);
            s.speed_mps = number(speed).map(|v| v / 3.6).filter(|v| *v >= 0.0);
            s.cadence_spm = number(cadence).filter(|v| *v >= 0.0);
            s.altitude_m = number(altitude);
            s.distance_m = number(distance).filter(|v| *v >= 0.0);
        }
    }
    let mut problems =
        vec!["a Polar CSV states no time zone: its local start time is stored as UTC".to_owned()];
    if bad_rows > 0 {
        problems.push(format!(
            "{bad_rows} sample lines without a valid Time were skipped"
        ));
    }
    let (mut samples, first_s) = timeline.finish();
    let mut start = date
        .and_time(time)
        .checked_add_signed(TimeDelta::try_seconds(first_s).unwrap_or_default())
        .ok_or_else(|| bad("the start time is out of range".to_owned()))?
        .and_utc();
    summary::date_without_clock(&mut start, None, &mut problems);
    let mut segments = Vec::new();
    summary::measure_and_order(&mut samples, &mut segments, &mut problems);
    let mut totals = summary::totals(&samples);
    let sport_kind = sport::from_label(&label);
    sport::strides_to_steps(sport_kind, &mut samples, &mut totals.avg_cadence_spm);
    let elapsed_s = totals.elapsed_s.max(duration_s.unwrap_or(0.0));
    let moving_s = if samples.is_empty() {
        duration_s.unwrap_or(0.0)
    } else {
        totals.moving_s
    };
    let activity = Activity {
        sport: sport_kind,
        sport_label: label,
        sport_source: SportSource::File,
        start,
        utc_offset_s: None,
        elapsed_s,
        moving_s: moving_s.min(elapsed_s),
        distance_m: stated_distance.unwrap_or(totals.distance_m),
        ascent_m: totals.ascent_m,
        avg_heart_rate: stated_avg_hr.or(totals.avg_heart_rate),
        max_heart_rate: totals.max_heart_rate,
        avg_cadence_spm: totals.avg_cadence_spm,
        device: None,
        samples,
        laps: Vec::new(),
    };
    Ok((activity, problems))
}

fn bad(detail: String) -> DecodeError {
    DecodeError::NotRecognised {
        detail: format!("a Polar session CSV, but {detail}"),
    }
}

/// `06.09.2015` or `06-09-2015` (day first, as Polar writes it), or
/// `2015-09-06`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    ["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
}

/// `hh:mm:ss` (seconds may have a fraction), seconds.
fn hms_s(text: &str) -> Option<f64> {
    let mut parts = text.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (h, m, s): (f64, f64, f64) = (h.parse().ok()?, m.parse().ok()?, s.parse().ok()?);
    let total = h * 3600.0 + m * 60.0 + s;
    (total.is_finite() && total >= 0.0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "Name,Sport,Date,Start time,Duration,Total distance (km),Average heart rate (bpm),Average speed (km/h),Max speed (km/h),Average pace (min/km),Max pace (min/km),Calories,Fat percentage of calories(%),Average cadence (rpm),Average stride length (cm),Running index,Training load,Ascent (m),Descent (m),Notes,Height (cm),Weight (kg),HR max,HR sit,VO2max,\n\
A Runner,RUNNING,06.09.2015,10:01:07,00:00:04,0.01,150,9.4,10.8,06:23,05:33,10,21,,,50,3,0,0,,170.0,60.0,190,55,43,\n\
Sample rate,Time,HR (bpm),Speed (km/h),Pace (min/km),Cadence,Altitude (m),Stride length (m),Distances (m),Temperatures (C),Power (W),\n\
1,00:00:00,111,5.2,11:32,80,213,,0.00,24.9,,\n\
,00:00:01,128,10.8,05:33,82,213,,3.00,24.9,,\n\
,bad,1,1,,,,,,,,\n\
,00:00:02,150,10.8,05:33,84,214,,6.00,25.0,,\n\
,00:00:04,161,10.8,05:33,86,214,,10.00,25.0,,\n";

    #[test]
    fn reads_the_summary_and_the_sample_table() {
        assert!(sniff(CSV.as_bytes()));
        let (a, problems) = decode_polar_csv(CSV.as_bytes()).expect("reads");
        assert_eq!(a.start.to_rfc3339(), "2015-09-06T10:01:07+00:00");
        assert_eq!(a.utc_offset_s, None);
        assert_eq!(a.sport, backstride_core::activity::Sport::Running);
        assert_eq!(a.distance_m, 10.0);
        assert_eq!(a.avg_heart_rate, Some(150.0));
        assert_eq!(a.samples.len(), 4);
        assert_eq!(a.samples[1].speed_mps, Some(3.0));
        // Strides (under 125 a minute) become steps for a run.
        assert_eq!(a.samples[1].cadence_spm, Some(164.0));
        assert!(
            problems.iter().any(|p| p.contains("1 sample lines")),
            "{problems:?}"
        );
        assert!(problems.iter().any(|p| p.contains("no time zone")));
        assert_eq!(Format::PolarCsv.name(), "Polar CSV");
    }

    #[test]
    fn a_broken_summary_is_refused_with_the_reason() {
        let cut = "Name,Sport,Date,Start time,Duration\nA,RUNNING,never,10:00:00,00:10:00\n";
        match decode_polar_csv(cut.as_bytes()) {
            Err(DecodeError::NotRecognised { detail }) => {
                assert!(detail.contains("Date"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
        assert!(decode_polar_csv(b"Name,Sport,Date,Start time,Duration\n").is_err());
    }
}
