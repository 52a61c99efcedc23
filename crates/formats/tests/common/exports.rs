//! Synthetic Polar Flow and Suunto JSON, built in code in the layouts
//! docs/exports.md establishes from public readers (no real export is
//! copied): a Polar training session in the older layout (series of
//! `{dateTime, value}`) and the newer one (`{type, intervalMillis,
//! values}`), and a Suunto `DeviceLog`.

use chrono::{NaiveDateTime, TimeDelta};
use serde_json::{Value, json};

/// Metres per degree of latitude, near enough for a straight test route.
const M_PER_DEG: f64 = 111_320.0;

fn local(start: &str, offset_ms: i64) -> String {
    let t = NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M:%S").expect("test time")
        + TimeDelta::milliseconds(offset_ms);
    t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

/// One exercise in the older layout: `seconds` at `speed_mps` north from
/// 60° N 24.9° E, heart rate 140 + a wobble, local times from
/// `local_start` (no offset written in them).
pub fn polar_exercise(
    local_start: &str,
    offset_min: i32,
    seconds: i64,
    speed_mps: f64,
    sport: &str,
) -> Value {
    let at = |i: i64| local(local_start, i * 1000);
    let hr: Vec<Value> = (0..=seconds)
        .map(|i| json!({"dateTime": at(i), "value": 140 + (i % 7)}))
        .collect();
    let distance: Vec<Value> = (0..=seconds)
        .map(|i| json!({"dateTime": at(i), "value": i as f64 * speed_mps}))
        .collect();
    let speed: Vec<Value> = (0..=seconds)
        .map(|i| json!({"dateTime": at(i), "value": speed_mps * 3.6}))
        .collect();
    // GPS fixes land 0.4 s after the sensor samples, as in real exports.
    let route: Vec<Value> = (0..=seconds)
        .map(|i| {
            json!({
                "dateTime": local(local_start, i * 1000 + 400),
                "latitude": 60.0 + i as f64 * speed_mps / M_PER_DEG,
                "longitude": 24.9,
                "altitude": 20.0
            })
        })
        .collect();
    json!({
        "startTime": local(local_start, 0),
        "stopTime": local(local_start, seconds * 1000),
        "timezoneOffset": offset_min,
        "duration": format!("PT{seconds}S"),
        "distance": seconds as f64 * speed_mps,
        "sport": sport,
        "kiloCalories": 300,
        "heartRate": {"min": 140, "avg": 143, "max": 146},
        "samples": {"heartRate": hr, "distance": distance, "speed": speed, "recordedRoute": route},
        "zones": {}
    })
}

/// A training session (older layout) around its exercises.
pub fn polar_session(exercises: Vec<Value>) -> Vec<u8> {
    let first = exercises.first().cloned().unwrap_or(Value::Null);
    let session = json!({
        "exportVersion": "1.6",
        "name": "Session",
        "startTime": first["startTime"],
        "timeZoneOffset": first["timezoneOffset"],
        "kiloCalories": 300,
        "exercises": exercises
    });
    serde_json::to_vec_pretty(&session).expect("json")
}

/// A ride in the newer layout: one exercise, sport as an id, series at
/// 1 s with a `NaN` dropout, a route by elapsed milliseconds.
pub fn polar_newer_ride(
    local_start: &str,
    offset_min: i32,
    seconds: i64,
    speed_mps: f64,
) -> Vec<u8> {
    let hr: Vec<String> = (0..=seconds)
        .map(|i| {
            if i == 5 {
                "NaN".to_owned()
            } else {
                (120 + i % 5).to_string()
            }
        })
        .collect();
    let distance: Vec<String> = (0..=seconds)
        .map(|i| format!("{:.1}", i as f64 * speed_mps))
        .collect();
    let way_points: Vec<Value> = (0..=seconds)
        .map(|i| {
            json!({
                "latitude": 61.0 + i as f64 * speed_mps / M_PER_DEG,
                "longitude": 25.0,
                "elapsedMillis": i * 1000
            })
        })
        .collect();
    let route = json!({"route": {"startTime": local(local_start, 0), "wayPoints": way_points}});
    // Written by hand: serde_json cannot write the bare NaN Polar does.
    format!(
        r#"{{"identifier": {{"id": "r1"}}, "name": "Cycling", "startTime": "{start}",
  "durationMillis": {ms}, "timezoneOffsetMinutes": {offset_min}, "sport": {{"id": "2"}},
  "product": {{"modelName": "Grit X"}},
  "exercises": [{{"identifier": {{"id": "e1"}}, "startTime": "{start}", "stopTime": "{stop}",
    "durationMillis": {ms}, "distanceMeters": {dist}, "timezoneOffsetMinutes": {offset_min},
    "sport": {{"id": "2"}}, "laps": {{}},
    "statistics": {{"statistics": [{{"type": "HEART_RATE", "min": 120, "avg": 122, "max": 124}}]}},
    "samples": {{"samples": [
      {{"type": "HEART_RATE", "intervalMillis": 1000, "values": [{hr}]}},
      {{"type": "DISTANCE", "intervalMillis": 1000, "values": [{distance}]}}]}},
    "routes": {route}}}]}}"#,
        start = local(local_start, 0),
        stop = local(local_start, seconds * 1000),
        ms = seconds * 1000,
        dist = seconds as f64 * speed_mps,
        hr = hr.join(","),
        distance = distance.join(","),
    )
    .into_bytes()
}

/// A Suunto `DeviceLog`: `seconds` of samples at `speed_mps`, heart rate
/// in Hz, position in radians, with an offset of +02:00.
pub fn suunto_device_log(seconds: i64, speed_mps: f64) -> Vec<u8> {
    let time = |i: i64| local("2024-05-01T07:00:00", i * 1000) + "+02:00";
    let samples: Vec<Value> = (0..=seconds)
        .map(|i| {
            json!({
                "TimeISO8601": time(i),
                "HR": 2.5,
                "Latitude": (59.0 + i as f64 * speed_mps / M_PER_DEG).to_radians(),
                "Longitude": 18.0_f64.to_radians(),
                "GPSAltitude": 12,
                "Speed": speed_mps,
                "Distance": i as f64 * speed_mps
            })
        })
        .collect();
    let log = json!({"DeviceLog": {
        "Header": {"ActivityType": 3, "DateTime": time(0), "Duration": seconds, "Distance": seconds as f64 * speed_mps},
        "Device": {"Name": "Suunto 9"},
        "Samples": samples
    }});
    serde_json::to_vec(&log).expect("json")
}
