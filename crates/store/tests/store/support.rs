//! Shared fixtures of the conformance suite: the backends every check runs
//! against (SQLite in memory and in a temporary file; PostgreSQL joins here
//! with one more constructor), and small builders for activities, imports
//! and times.

use backstride_core::activity::{Activity, Lap, Sample, Sport};
use backstride_store::{ContentHash, ImportRecord, Store};
use chrono::{DateTime, Duration, TimeZone, Utc};
use tempfile::TempDir;

/// A store under test and what keeps it alive.
pub struct Backend {
    /// Which backend, for assertion messages.
    pub name: &'static str,
    /// The store.
    pub store: Store,
    /// The temporary directory of a file-backed store.
    pub _dir: Option<TempDir>,
}

/// Every backend the suite runs against, each fresh and empty.
pub async fn backends() -> Vec<Backend> {
    let memory = Store::open_in_memory()
        .await
        .expect("in-memory store opens");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = Store::open(dir.path().join("backstride.db"))
        .await
        .expect("file store opens");
    vec![
        Backend {
            name: "sqlite-memory",
            store: memory,
            _dir: None,
        },
        Backend {
            name: "sqlite-file",
            store: file,
            _dir: Some(dir),
        },
    ]
}

/// A UTC instant on 2026-`month`-`day` at `hour`:00.
pub fn at(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, 0, 0)
        .single()
        .expect("valid fixture date")
}

/// A run of `samples` 1 Hz samples covering `distance_m`, with heart rate or
/// not, and a gap in position every seventh sample.
pub fn run(start: DateTime<Utc>, distance_m: f64, samples: usize, heart_rate: bool) -> Activity {
    let step = if samples == 0 {
        0.0
    } else {
        distance_m / samples as f64
    };
    let samples: Vec<Sample> = (0..samples)
        .map(|i| {
            let gap = i % 7 == 3;
            Sample {
                t_s: i as f64,
                lat: (!gap).then_some(47.0 + i as f64 * 1e-5),
                lon: (!gap).then_some(8.5 + i as f64 * 7e-6),
                altitude_m: Some(400.0 + (i % 50) as f64 * 0.2),
                distance_m: Some(i as f64 * step),
                heart_rate: heart_rate.then(|| 120 + (i % 40) as u8),
                cadence_spm: Some(170.0 + (i % 5) as f64),
                speed_mps: Some(2.8),
            }
        })
        .collect();
    let elapsed = samples.len() as f64;
    Activity {
        sport: Sport::Running,
        sport_label: "running".into(),
        sport_source: backstride_core::activity::SportSource::File,
        start,
        utc_offset_s: Some(7200),
        elapsed_s: elapsed,
        moving_s: elapsed * 0.95,
        distance_m,
        ascent_m: Some(42.0),
        avg_heart_rate: heart_rate.then_some(140.0),
        max_heart_rate: heart_rate.then_some(171),
        avg_cadence_spm: Some(172.0),
        device: heart_rate.then(|| "Forerunner 265".to_string()),
        samples,
        laps: vec![
            Lap {
                start_offset_s: 0.0,
                elapsed_s: elapsed / 2.0,
                distance_m: distance_m / 2.0,
            },
            Lap {
                start_offset_s: elapsed / 2.0,
                elapsed_s: elapsed / 2.0,
                distance_m: distance_m / 2.0,
            },
        ],
    }
}

/// An import of `activity` as if read from a file whose bytes are `file`.
pub fn record<'a>(file: &str, activity: &'a Activity) -> ImportRecord<'a> {
    let format = file.rsplit('.').next().unwrap_or("fit").to_string();
    ImportRecord {
        content_sha256: ContentHash::of(file.as_bytes()),
        source_name: file.to_string(),
        format,
        activity,
        problems: Vec::new(),
        imported_at: at(6, 1, 12),
        multisport: None,
    }
}

/// `start` moved by `seconds`.
pub fn shifted(start: DateTime<Utc>, seconds: i64) -> DateTime<Utc> {
    start + Duration::seconds(seconds)
}
