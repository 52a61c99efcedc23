//! From FIT messages to activities (one a session when a file holds
//! several: multisport), each: samples from records (enhanced
//! speed and altitude preferred, semicircles to degrees, running cadence
//! doubled from strides to steps per minute with `fractional_cadence`),
//! totals from sessions (else laps, else the samples), sport from
//! session/sport/lap messages, device from `file_id`/`device_info`, local
//! offset from the activity message's `local_timestamp`.

use backstride_core::activity::{Activity, Lap, Sample, Sport, SportSource};
use chrono::{DateTime, Utc};
use rustyfit::{
    profile::{mesgdef, typedef},
    semconv,
};

use super::{FitParts, RecordFields, clock, totals::declared_totals};
use crate::activity::{DecodeError, Format, sport, summary};

/// Local offsets beyond ±14 h are not real time zones.
const MAX_OFFSET_S: i64 = 14 * 3600;

/// Builds the file's activities: one, or one a leg when the sessions
/// change sport (a multisport recording: swim, transition, bike,
/// transition, run), each with the records and laps that fall in its time.
/// Consecutive sessions of one sport (a chained or resumed recording) stay
/// one activity, their totals summed.
pub(super) fn build_activities(
    mut parts: FitParts,
    problems: &mut Vec<String>,
) -> Result<Vec<Activity>, DecodeError> {
    parts
        .sessions
        .sort_by_key(|s| s.start_time.unix_timestamp().unwrap_or(i64::MAX));
    let sports: Vec<String> = parts.sessions.iter().map(|s| s.sport.to_string()).collect();
    let kind = |s: &mesgdef::Session| (s.sport.0, s.sub_sport.0);
    let legs = parts
        .sessions
        .windows(2)
        .filter(|w| matches!(w, [a, b] if kind(a) != kind(b)))
        .count()
        + 1;
    if legs < 2 {
        if parts.sessions.len() > 1 {
            problems.push(format!(
                "{} sessions of {}: one activity, totals summed",
                sports.len(),
                sports.first().map_or("", String::as_str)
            ));
        }
        return Ok(vec![build_activity(parts, problems)?]);
    }
    problems.push(format!(
        "{} sessions ({}): each sport is stored as its own activity, linked as one multisport recording",
        sports.len(),
        sports.join(", ")
    ));
    let mut activities = Vec::with_capacity(legs);
    for leg in split_by_leg(parts) {
        // A leg with nothing in it adds nothing; the others still stand.
        match build_activity(leg, problems) {
            Ok(activity) => activities.push(activity),
            Err(err) => problems.push(format!("a leg was left out: {err}")),
        }
    }
    if activities.is_empty() {
        return Err(DecodeError::NoStartTime {
            format: Format::Fit,
        });
    }
    Ok(activities)
}

/// One `FitParts` a leg (consecutive sessions of one sport, `sessions`
/// sorted by start): its sessions, and the records and laps from its start
/// to the next leg's start (the file-wide messages go with each).
fn split_by_leg(parts: FitParts) -> Vec<FitParts> {
    let start_of = |s: &mesgdef::Session| s.start_time.unix_timestamp().unwrap_or(i64::MAX);
    let mut legs: Vec<FitParts> = Vec::new();
    let mut starts: Vec<i64> = Vec::new();
    for session in parts.sessions {
        let same_sport = legs
            .last()
            .and_then(|leg| leg.sessions.last())
            .is_some_and(|last| (last.sport, last.sub_sport) == (session.sport, session.sub_sport));
        if same_sport && let Some(leg) = legs.last_mut() {
            leg.sessions.push(session);
            continue;
        }
        starts.push(start_of(&session));
        legs.push(FitParts {
            file_ids: parts.file_ids.clone(),
            devices: parts.devices.clone(),
            activities: parts.activities.clone(),
            sessions: vec![session],
            ..FitParts::default()
        });
    }
    // The index of the leg a time falls in (before the first: the first).
    let leg_of = |t: Option<i64>| {
        t.map_or(0, |t| {
            starts.iter().rposition(|start| *start <= t).unwrap_or(0)
        })
    };
    for lap in parts.laps {
        if let Some(leg) = legs.get_mut(leg_of(lap.start_time.unix_timestamp())) {
            leg.laps.push(lap);
        }
    }
    for record in parts.records {
        if let Some(leg) = legs.get_mut(leg_of(record.timestamp.unix_timestamp())) {
            leg.records.push(record);
        }
    }
    legs
}

fn build_activity(parts: FitParts, problems: &mut Vec<String>) -> Result<Activity, DecodeError> {
    if parts.records.is_empty() && parts.laps.is_empty() && parts.sessions.is_empty() {
        let file_type = parts
            .file_ids
            .first()
            .map_or("unknown".to_string(), |f| f.r#type.to_string());
        return Err(DecodeError::NoActivity { file_type });
    }
    let no_start = DecodeError::NoStartTime {
        format: Format::Fit,
    };
    let start_unix = start_time(&parts).ok_or(no_start.clone())?;
    // A device without a clock: its times count from when it was switched
    // on. The samples keep their offsets; only the start moves, when the
    // file says when that was.
    let start_unix = match clock::date_without_clock(&parts, start_unix) {
        Some(found) => {
            problems.push(found.note);
            found.start_unix
        }
        None => start_unix,
    };
    let start = DateTime::<Utc>::from_timestamp(start_unix, 0).ok_or(no_start)?;
    let (sport_kind, sport_label) = sport_of(&parts);

    let mut samples = samples(&parts.records, start_unix, problems);
    if sport::cadence_is_per_foot(sport_kind) {
        for s in &mut samples {
            s.cadence_spm = s.cadence_spm.map(|c| c * 2.0);
        }
    }
    summary::sort_samples(&mut samples, problems);
    let computed = summary::totals(&samples);
    let declared = declared_totals(&parts, sport_kind);

    Ok(Activity {
        sport: sport_kind,
        sport_label,
        sport_source: SportSource::File,
        start,
        utc_offset_s: utc_offset(&parts, problems),
        elapsed_s: declared.elapsed_s.unwrap_or(computed.elapsed_s),
        moving_s: declared.moving_s.unwrap_or(computed.moving_s),
        distance_m: declared.distance_m.unwrap_or(computed.distance_m),
        ascent_m: declared.ascent_m.or(computed.ascent_m),
        avg_heart_rate: declared.avg_heart_rate.or(computed.avg_heart_rate),
        max_heart_rate: declared.max_heart_rate.or(computed.max_heart_rate),
        avg_cadence_spm: declared.avg_cadence_spm.or(computed.avg_cadence_spm),
        device: device_name(&parts),
        samples,
        laps: laps(&parts.laps, start_unix),
    })
}

fn start_time(parts: &FitParts) -> Option<i64> {
    let sessions = parts
        .sessions
        .iter()
        .filter_map(|s| s.start_time.unix_timestamp());
    let laps = parts
        .laps
        .iter()
        .filter_map(|l| l.start_time.unix_timestamp());
    let records = parts
        .records
        .iter()
        .filter_map(|r| r.timestamp.unix_timestamp());
    sessions
        .min()
        .or_else(|| laps.min())
        .or_else(|| records.min())
}

fn sport_of(parts: &FitParts) -> (Sport, String) {
    let from_session = parts.sessions.iter().map(|s| (s.sport, s.sub_sport));
    let from_sport = parts.sports.iter().map(|s| (s.sport, s.sub_sport));
    let from_lap = parts.laps.iter().map(|l| (l.sport, l.sub_sport));
    let found = from_session
        .chain(from_sport)
        .chain(from_lap)
        .find(|(s, _)| s.0 != u8::MAX);
    let Some((fit_sport, sub)) = found else {
        return (Sport::Other, "generic".to_string());
    };
    let kind = match fit_sport {
        typedef::Sport::RUNNING => Sport::Running,
        typedef::Sport::CYCLING | typedef::Sport::E_BIKING => Sport::Cycling,
        typedef::Sport::WALKING | typedef::Sport::HIKING => Sport::Walking,
        typedef::Sport::SWIMMING => Sport::Swimming,
        // Treadmills and indoor bikes are often filed under fitness equipment.
        _ if sub == typedef::SubSport::TREADMILL || sub == typedef::SubSport::INDOOR_RUNNING => {
            Sport::Running
        }
        _ if sub == typedef::SubSport::INDOOR_CYCLING => Sport::Cycling,
        _ if sub == typedef::SubSport::INDOOR_WALKING => Sport::Walking,
        _ => Sport::Other,
    };
    let (sport_name, sub_name) = (fit_sport.to_string(), sub.to_string());
    let label = if sub == typedef::SubSport::GENERIC || sub.0 == u8::MAX {
        sport_name
    } else if sub_name.contains(&sport_name) {
        sub_name
    } else {
        format!("{sub_name}_{sport_name}")
    };
    (kind, label)
}

fn samples(records: &[RecordFields], start_unix: i64, problems: &mut Vec<String>) -> Vec<Sample> {
    let mut untimed = 0usize;
    // One rustyfit record, refilled for each, lends its scaling methods.
    let mut r = mesgdef::Record::new();
    let samples: Vec<Sample> = records
        .iter()
        .filter_map(|fields| {
            fields.apply(&mut r);
            let Some(ts) = r.timestamp.unix_timestamp() else {
                untimed += 1;
                return None;
            };
            let cadence = (r.cadence != u8::MAX)
                .then(|| f64::from(r.cadence) + r.fractional_cadence_scaled().unwrap_or(0.0));
            Some(Sample {
                t_s: (ts - start_unix) as f64,
                lat: semconv::to_degrees(r.position_lat),
                lon: semconv::to_degrees(r.position_long),
                altitude_m: r.enhanced_altitude_scaled().or_else(|| r.altitude_scaled()),
                distance_m: r.distance_scaled(),
                heart_rate: (r.heart_rate != u8::MAX).then_some(r.heart_rate),
                cadence_spm: cadence,
                speed_mps: r.enhanced_speed_scaled().or_else(|| r.speed_scaled()),
            })
        })
        .collect();
    if untimed > 0 {
        problems.push(format!(
            "{untimed} records without a timestamp were skipped"
        ));
    }
    samples
}

fn laps(laps: &[mesgdef::Lap], start_unix: i64) -> Vec<Lap> {
    laps.iter()
        .filter_map(|l| {
            let lap_start = l.start_time.unix_timestamp()?;
            Some(Lap {
                start_offset_s: (lap_start - start_unix) as f64,
                elapsed_s: l.total_elapsed_time_scaled().unwrap_or(0.0),
                distance_m: l.total_distance_scaled().unwrap_or(0.0),
            })
        })
        .collect()
}

fn utc_offset(parts: &FitParts, problems: &mut Vec<String>) -> Option<i32> {
    let activity = parts
        .activities
        .iter()
        // A device without a clock writes no real time to offset against.
        .find(|a| {
            a.local_timestamp.0 != u32::MAX && (0x1000_0000..u32::MAX).contains(&a.timestamp.0)
        })?;
    let offset = i64::from(activity.local_timestamp.0) - i64::from(activity.timestamp.0);
    if offset.abs() > MAX_OFFSET_S {
        problems.push(format!(
            "ignored an impossible local time offset of {offset} s"
        ));
        return None;
    }
    i32::try_from(offset).ok()
}

fn device_name(parts: &FitParts) -> Option<String> {
    let creator = parts
        .devices
        .iter()
        .find(|d| d.device_index == typedef::DeviceIndex::CREATOR);
    let named = parts
        .file_ids
        .iter()
        .map(|f| (f.manufacturer, f.product, &f.product_name))
        .chain(creator.map(|d| (d.manufacturer, d.product, &d.product_name)))
        .find(|(m, _, _)| m.0 != u16::MAX)?;
    let (manufacturer, product, product_name) = named;
    let maker = manufacturer.to_string();
    let model = if !product_name.trim().is_empty() {
        product_name.trim().to_string()
    } else if product == u16::MAX {
        return Some(maker);
    } else if matches!(
        manufacturer,
        typedef::Manufacturer::GARMIN
            | typedef::Manufacturer::DYNASTREAM
            | typedef::Manufacturer::DYNASTREAM_OEM
    ) {
        typedef::GarminProduct(product).to_string()
    } else {
        format!("product {product}")
    };
    if model.to_lowercase().contains(&maker.to_lowercase()) {
        Some(model)
    } else {
        Some(format!("{maker} {model}"))
    }
}
