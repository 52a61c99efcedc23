//! Suunto JSON: a Movescount / Suunto app `DeviceLog` (`{"DeviceLog":
//! {"Header": {...}, "Samples": [...]}}`), or the SuuntoLink form whose
//! samples carry their values under `Attributes."suunto/sml".Sample`
//! (`{"Samples": [...]}`). Each sample has a `TimeISO8601` time with its
//! offset and any of `HR` (Hz: beats a second), `Latitude` and
//! `Longitude` (radians), `GPSAltitude` and `Altitude` (m), `Speed`
//! (m/s), `Cadence` (Hz) and `Distance` (m, from the start). The header
//! gives the start (`DateTime`), `Duration` (s) and `Distance` (m).
//! docs/exports.md names the public readers that establish this.
//!
//! The header's `ActivityType` is a number whose table is not public in
//! a form two readers agree on: the sport is inferred from speed and
//! cadence, as for a GPX file that names none, and the runner may correct
//! it.

use backstride_core::activity::{Activity, Sport, SportSource};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;

use super::json::{Timeline, finite, heart_rate};
use super::{DecodeError, Format, gpx::NO_SPORT_PROBLEM, sport, summary};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Root {
    #[serde(rename = "DeviceLog")]
    device_log: Option<DeviceLog>,
    #[serde(rename = "Samples")]
    samples: Vec<RawSample>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DeviceLog {
    #[serde(rename = "Header")]
    header: Option<Header>,
    #[serde(rename = "Samples")]
    samples: Vec<RawSample>,
    #[serde(rename = "Device")]
    device: Option<Device>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct Header {
    activity_type: Option<serde_json::Value>,
    date_time: Option<String>,
    duration: Option<f64>,
    distance: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct Device {
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawSample {
    #[serde(rename = "TimeISO8601")]
    time: Option<String>,
    #[serde(flatten)]
    values: Values,
    #[serde(rename = "Attributes")]
    attributes: Option<Attributes>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Attributes {
    #[serde(rename = "suunto/sml")]
    sml: Option<Sml>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Sml {
    #[serde(rename = "Sample")]
    sample: Option<Values>,
    #[serde(flatten)]
    own: Values,
}

/// A sample's values, in Suunto's units.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Values {
    #[serde(rename = "HR")]
    hr_hz: Option<f64>,
    #[serde(rename = "Latitude")]
    latitude_rad: Option<f64>,
    #[serde(rename = "Longitude")]
    longitude_rad: Option<f64>,
    #[serde(rename = "GPSAltitude")]
    gps_altitude: Option<f64>,
    #[serde(rename = "Altitude")]
    altitude: Option<f64>,
    #[serde(rename = "Speed")]
    speed: Option<f64>,
    #[serde(rename = "Cadence")]
    cadence_hz: Option<f64>,
    #[serde(rename = "Distance")]
    distance: Option<f64>,
}

impl Values {
    /// Copies the values onto a sample; false when a position was there
    /// but invalid.
    fn apply(&self, s: &mut backstride_core::activity::Sample) -> bool {
        if let Some(hr) = finite(self.hr_hz).and_then(|hz| heart_rate(hz * 60.0)) {
            s.heart_rate = Some(hr);
        }
        let mut position_ok = true;
        match (finite(self.latitude_rad), finite(self.longitude_rad)) {
            (Some(lat), Some(lon)) => {
                let (lat, lon) = (lat.to_degrees(), lon.to_degrees());
                if (-90.0..=90.0).contains(&lat)
                    && (-180.0..=180.0).contains(&lon)
                    && (lat, lon) != (0.0, 0.0)
                {
                    s.lat = Some(lat);
                    s.lon = Some(lon);
                } else {
                    position_ok = false;
                }
            }
            (None, None) => {}
            _ => position_ok = false,
        }
        if let Some(alt) = finite(self.altitude).or(finite(self.gps_altitude)) {
            s.altitude_m = Some(alt);
        }
        if let Some(v) = finite(self.speed).filter(|v| *v >= 0.0) {
            s.speed_mps = Some(v);
        }
        if let Some(c) = finite(self.cadence_hz).filter(|c| *c >= 0.0) {
            s.cadence_spm = Some(c * 60.0);
        }
        if let Some(d) = finite(self.distance).filter(|d| *d >= 0.0) {
            s.distance_m = Some(d);
        }
        position_ok
    }
}

/// Reads a Suunto JSON log into one activity, with the problems met.
pub(crate) fn decode_suunto(bytes: &[u8]) -> Result<(Activity, Vec<String>), DecodeError> {
    let root: Root = super::json::parse(Format::SuuntoJson, bytes)?;
    let (header, samples, device) = match root.device_log {
        Some(log) if !log.samples.is_empty() || root.samples.is_empty() => {
            (log.header.unwrap_or_default(), log.samples, log.device)
        }
        _ => (Header::default(), root.samples, None),
    };
    let mut problems = Vec::new();
    let times: Vec<Option<DateTime<FixedOffset>>> = samples
        .iter()
        .map(|s| s.time.as_deref().and_then(parse_time))
        .collect();
    let header_start = header.date_time.as_deref().and_then(parse_time);
    let first_sample = times.iter().flatten().min().copied();
    let reference = header_start
        .or(first_sample)
        .ok_or(DecodeError::NoStartTime {
            format: Format::SuuntoJson,
        })?;
    let mut timeline = Timeline::default();
    let mut untimed = 0usize;
    let mut bad_positions = 0usize;
    for (sample, time) in samples.iter().zip(&times) {
        let Some(time) = time else {
            untimed += 1;
            continue;
        };
        let ms = (*time - reference).num_milliseconds() as f64;
        if let Some(s) = timeline.at(ms) {
            let mut ok = sample.values.apply(s);
            if let Some(sml) = sample.attributes.as_ref().and_then(|a| a.sml.as_ref()) {
                ok &= sml.own.apply(s);
                if let Some(inner) = &sml.sample {
                    ok &= inner.apply(s);
                }
            }
            bad_positions += usize::from(!ok);
        }
    }
    if untimed > 0 {
        problems.push(format!(
            "{untimed} samples without a valid TimeISO8601 were skipped"
        ));
    }
    if bad_positions > 0 {
        problems.push(format!(
            "{bad_positions} samples had an invalid position, left out"
        ));
    }
    let (mut samples, first_s) = timeline.finish();
    // A log of only a header (or only events) is no recording.
    let useful = samples.iter().any(|s| {
        s.heart_rate.is_some() || s.lat.is_some() || s.distance_m.is_some() || s.speed_mps.is_some()
    });
    if !useful && header.distance.is_none() && header.duration.is_none() {
        return Err(DecodeError::NoTrackpoints {
            format: Format::SuuntoJson,
        });
    }
    samples.retain(|s| {
        s.heart_rate.is_some()
            || s.lat.is_some()
            || s.distance_m.is_some()
            || s.speed_mps.is_some()
            || s.altitude_m.is_some()
            || s.cadence_spm.is_some()
    });
    let mut start = chrono::TimeDelta::try_seconds(first_s)
        .and_then(|d| reference.with_timezone(&Utc).checked_add_signed(d))
        .ok_or(DecodeError::NoStartTime {
            format: Format::SuuntoJson,
        })?;
    summary::date_without_clock(&mut start, None, &mut problems);
    let mut segments = Vec::new();
    summary::measure_and_order(&mut samples, &mut segments, &mut problems);
    let mut totals = summary::totals(&samples);

    let type_label = match &header.activity_type {
        Some(serde_json::Value::Number(n)) => format!("Suunto activity type {n}"),
        Some(serde_json::Value::String(s)) => s.clone(),
        _ => "unspecified".to_owned(),
    };
    let named = matches!(header.activity_type, Some(serde_json::Value::String(_)));
    let (mut sport_kind, mut sport_source) = (sport::from_label(&type_label), SportSource::File);
    if !named {
        match sport::infer(&samples) {
            Some(inferred) => {
                problems.push(format!(
                    "{NO_SPORT_PROBLEM} ({type_label}); inferred {} from {}: correct it with `backstride edit`",
                    inferred.sport.name(),
                    inferred.why
                ));
                sport_kind = inferred.sport;
                sport_source = SportSource::Inferred;
            }
            None => {
                sport_kind = Sport::Other;
                problems.push(format!(
                    "{NO_SPORT_PROBLEM} ({type_label}) and speed and cadence do not tell; filed as other"
                ));
            }
        }
    }
    sport::strides_to_steps(sport_kind, &mut samples, &mut totals.avg_cadence_spm);
    let stated_distance = finite(header.distance).filter(|d| *d > 0.0);
    let duration = finite(header.duration).filter(|d| *d > 0.0);
    let elapsed_s = totals.elapsed_s.max(duration.unwrap_or(0.0));
    let moving_s = if samples.is_empty() {
        duration.unwrap_or(0.0)
    } else {
        totals.moving_s
    };
    let activity = Activity {
        sport: sport_kind,
        sport_label: type_label,
        sport_source,
        start,
        utc_offset_s: Some(reference.offset().local_minus_utc()),
        elapsed_s,
        moving_s: moving_s.min(elapsed_s),
        distance_m: stated_distance.unwrap_or(totals.distance_m),
        ascent_m: totals.ascent_m,
        avg_heart_rate: totals.avg_heart_rate,
        max_heart_rate: totals.max_heart_rate,
        avg_cadence_spm: totals.avg_cadence_spm,
        device: device.and_then(|d| d.name),
        samples,
        laps: Vec::new(),
    };
    Ok((activity, problems))
}

/// `2019-01-12T11:31:03.402+02:00` (an ISO 8601 time with its offset).
fn parse_time(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sml_form_reads_values_from_attributes() {
        let json = r#"{"Samples": [
          {"Attributes": {"suunto/sml": {"Sample": {"Events": [{"Lap": {"Type": "Start"}}]}}}, "TimeISO8601": "2019-01-12T11:31:00.000+02:00"},
          {"Attributes": {"suunto/sml": {"Sample": {"HR": 2.5, "Distance": 0}}}, "TimeISO8601": "2019-01-12T11:31:01.100+02:00"},
          {"Attributes": {"suunto/sml": {"Sample": {"Latitude": 1.0472, "Longitude": 0.4363, "GPSAltitude": 30}}}, "TimeISO8601": "2019-01-12T11:31:01.300+02:00"},
          {"Attributes": {"suunto/sml": {"Sample": {"HR": 2.6, "Distance": 3.1}}}, "TimeISO8601": "2019-01-12T11:31:02.100+02:00"}
        ]}"#;
        let (a, _) = decode_suunto(json.as_bytes()).expect("reads");
        assert_eq!(a.utc_offset_s, Some(7200));
        assert_eq!(a.samples.len(), 2);
        assert_eq!(a.samples[0].heart_rate, Some(150));
        let lat = a.samples[0].lat.unwrap_or_default();
        assert!((lat - 60.0).abs() < 0.01, "{lat}");
        assert_eq!(a.distance_m, 3.1);
    }

    #[test]
    fn a_log_without_any_time_is_refused() {
        assert_eq!(
            decode_suunto(br#"{"DeviceLog": {"Samples": [{"HR": 2.0}]}}"#).map(|r| r.1),
            Err(DecodeError::NoStartTime {
                format: Format::SuuntoJson
            })
        );
    }
}
