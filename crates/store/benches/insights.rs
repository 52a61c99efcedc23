//! `backstride insights` over ten years, from an opened store to the
//! computed insights: the store reads that `insights/gather.rs` makes for a
//! history without a plan or saved answers (activities, logs, each
//! activity's latest RPE, and heart rate), the same mapping into core's
//! `History`, and core's `insights::compute` (999-permutation association
//! tests included). Target: under 100 ms.
//!
//! The store holds the synthetic decade of crates/bench-corpus (3,000
//! one-hour activities at 1 Hz, every one with heart rate: 10.8 million
//! samples; 2016-2025), a pain score every day (worse two days after a
//! session, so the association tests run), a routine every other day,
//! brace use every third day and cycling logged weekly. Three ways to get heart rate are measured:
//!
//! - `column`: the `activity_heart_rate` column, one query (what insights
//!   does now);
//! - `sample_blobs`: every activity's sample blob read and decoded one
//!   query at a time (what insights did, up to 400 activities);
//! - `averages_only`: no heart-rate samples at all, each activity's average
//!   (what insights did beyond 400 activities, giving other loads).
//!
//! The red-flag scan of the log notes is left out (no note in this store
//! names one; the notes are read all the same).
//!
//! `column_gather_only` is the store's share of `column` (the reads and
//! the mapping), `column_compute_only` core's.
//!
//! The database (about 0.4 GB) is built in a temporary folder at the start
//! of each run (10-30 s) and removed at the end, so no run leaves it on a
//! shared disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use backstride_bench_corpus::{Config, Sport as CorpusSport, Track, plan};
use backstride_core::activity::hr::HrTime;
use backstride_core::activity::{Activity, Sample, Sport};
use backstride_core::history::History;
use backstride_core::history::{
    ActivityDay, BraceLog, CrossTrainingLog, PainLog, PainWhen, RoutineLog, Settings,
};
use backstride_core::insights::{Insights, compute};
use backstride_core::local_day::local_date;
use backstride_core::profile::Region;
use backstride_core::stats::SplitMix64;
use backstride_core::units::Nrs;
use backstride_store::{
    ContentHash, ExerciseDone, ImportRecord, NewBrace, NewCrossTraining, NewPain, NewRoutine,
    Store, TimeRange,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use tokio::runtime::Runtime;

/// Activities in the decade.
const ACTIVITIES: usize = 3000;

/// How heart rate reaches core.
#[derive(Debug, Clone, Copy)]
enum HeartRate {
    Column,
    SampleBlobs,
    AveragesOnly,
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"))
}

fn unix(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// A corpus track as the parsers would hand it over.
fn activity(track: &Track) -> Activity {
    let start = track.spec.start;
    let samples: Vec<Sample> = track
        .samples
        .iter()
        .map(|s| Sample {
            t_s: (s.time - start) as f64,
            lat: Some(s.lat),
            lon: Some(s.lon),
            altitude_m: Some(s.altitude),
            distance_m: Some(s.distance),
            heart_rate: Some(s.heart_rate),
            cadence_spm: Some(f64::from(s.cadence)),
            speed_mps: Some(s.speed),
        })
        .collect();
    let n = samples.len().max(1) as f64;
    let elapsed = samples.last().map_or(0.0, |s| s.t_s);
    Activity {
        sport: match track.spec.sport {
            CorpusSport::Running => Sport::Running,
            CorpusSport::Cycling => Sport::Cycling,
        },
        sport_label: track.spec.sport.name().to_owned(),
        sport_source: backstride_core::activity::SportSource::File,
        start: unix(start),
        utc_offset_s: None,
        elapsed_s: elapsed,
        moving_s: elapsed,
        distance_m: track.samples.last().map_or(0.0, |s| s.distance),
        ascent_m: None,
        avg_heart_rate: Some(
            track
                .samples
                .iter()
                .map(|s| f64::from(s.heart_rate))
                .sum::<f64>()
                / n,
        ),
        max_heart_rate: track.samples.iter().map(|s| s.heart_rate).max(),
        avg_cadence_spm: None,
        device: Some("synthetic".to_owned()),
        samples,
        laps: Vec::new(),
    }
}

/// Imports the decade and ten years of logs into a new database at `path`.
async fn build(path: &Path) {
    let store = Store::open(path)
        .await
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let config = Config {
        count: ACTIVITIES,
        ..Config::default()
    };
    let mut importer = store.importer().await.unwrap_or_else(|e| panic!("{e}"));
    let planned = plan(&config);
    let start = backstride_bench_corpus::time::DECADE_START;
    let active: std::collections::HashSet<i64> = planned
        .iter()
        .map(|p| (p.spec.start - start) / 86_400)
        .collect();
    for p in planned {
        let a = activity(&Track::generate(&p.spec));
        let record = ImportRecord {
            content_sha256: ContentHash::of(p.id.to_string().as_bytes()),
            source_name: p.path(),
            format: "fit".to_owned(),
            activity: &a,
            problems: Vec::new(),
            imported_at: unix(p.spec.start),
            multisport: None,
        };
        importer
            .import_activity_encoded(&record, backstride_store::samples::Encoded::new(&a.samples))
            .await
            .unwrap_or_else(|e| panic!("import: {e}"));
    }
    drop(importer);
    let first = unix(start + 20 * 3600);
    for day in 0..3653_i64 {
        let at = first + Duration::days(day);
        // Worse two days after a session, plus a weekly wobble, so the
        // association tests have something to estimate.
        let nrs = 1 + 3 * i64::from(active.contains(&(day - 2))) + (day * 7 % 11) / 4;
        let nrs = Nrs::new(nrs).unwrap_or_else(|e| panic!("{e}"));
        store
            .log_pain(&NewPain {
                region: Region::LowerBack,
                nrs,
                when: backstride_store::PainWhen::NextMorning,
                activity_id: None,
                note: None,
                at,
                logged: at,
            })
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if day % 3 == 0 {
            store
                .log_brace(&NewBrace {
                    worn: day % 2 == 0,
                    activity_id: None,
                    note: None,
                    at,
                    logged: at,
                })
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        if day % 7 == 3 {
            store
                .log_cross_training(&NewCrossTraining {
                    kind: "cycling".to_owned(),
                    minutes: 45,
                    note: None,
                    at,
                    logged: at,
                })
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        if day % 2 == 0 {
            store
                .log_routine(&NewRoutine {
                    exercises: vec![ExerciseDone {
                        exercise_id: "warrior-pose".to_owned(),
                        reps: 5,
                    }],
                    rounds: 2,
                    note: None,
                    at,
                    logged: at,
                })
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    store.close().await;
}

/// The decade's database, built in a temporary folder that is removed
/// when the returned guard drops.
fn database(rt: &Runtime) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let path = dir.path().join("backstride.db");
    let started = std::time::Instant::now();
    rt.block_on(build(&path));
    eprintln!(
        "built the decade ({ACTIVITIES} activities) in {:.1} s, {} MB",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&path).map_or(0, |m| m.len() / 1_000_000)
    );
    (dir, path)
}

fn store_when(w: backstride_store::PainWhen) -> PainWhen {
    match w {
        backstride_store::PainWhen::During => PainWhen::During,
        backstride_store::PainWhen::After => PainWhen::After,
        backstride_store::PainWhen::NextMorning => PainWhen::NextMorning,
    }
}

/// What `insights/gather.rs` reads for this history, mapped as it maps it.
async fn gather(store: &Store, how: HeartRate) -> History {
    let range = TimeRange::all();
    let rows = store.history(range).await.unwrap_or_else(|e| panic!("{e}"));
    let rpe: HashMap<i64, u8> = store
        .latest_rpe(range)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|r| (r.activity_id, r.rpe))
        .collect();
    let mut hr: HashMap<i64, HrTime> = match how {
        HeartRate::Column => store
            .heart_rate_time(range)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|r| (r.activity_id, r.hr))
            .collect(),
        HeartRate::SampleBlobs => {
            let mut out = HashMap::new();
            for a in rows.activities.iter().filter(|a| a.has_heart_rate) {
                if let Some(stored) = store
                    .load_activity(a.id)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
                {
                    out.insert(
                        a.id,
                        HrTime::from_activity_samples(&stored.activity.samples),
                    );
                }
            }
            out
        }
        HeartRate::AveragesOnly => HashMap::new(),
    };
    // The log notes since the latest assessment (none saved: all of
    // them), read again for red flags as `gather::note_flags` does.
    let notes = TimeRange::until(unix(i64::from(i32::MAX)));
    let _ = store
        .list_pain(notes)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = store
        .list_routines(notes)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = store
        .list_cross_training(notes)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = store
        .list_brace(notes)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = store
        .list_rpe(notes)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Three more small reads, as gather makes them.
    let _ = store.latest_plan().await.unwrap_or_else(|e| panic!("{e}"));
    let _ = store
        .latest_answers()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = store
        .latest_assessment()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let activities = rows
        .activities
        .iter()
        .map(|a| ActivityDay {
            id: Some(a.id),
            date: local_date(a.start, a.utc_offset_s.unwrap_or(0)),
            sport: a.sport,
            distance_m: a.distance_m,
            duration_s: if a.moving_s > 0.0 {
                a.moving_s
            } else {
                a.elapsed_s
            },
            avg_hr: a.avg_heart_rate,
            max_hr: a.max_heart_rate,
            rpe: rpe.get(&a.id).copied(),
            hr: hr.remove(&a.id).unwrap_or_default(),
        })
        .collect();
    History {
        activities,
        pain: rows
            .pain
            .iter()
            .filter_map(|p| {
                Some(PainLog {
                    at: p.at,
                    region: p.region,
                    nrs: Nrs::new(i64::from(p.nrs)).ok()?,
                    when: store_when(p.when),
                    activity: p.activity_id,
                    utc_offset_s: 0,
                })
            })
            .collect(),
        routines: rows
            .routines
            .iter()
            .map(|r| RoutineLog {
                at: r.at,
                exercises: r.exercises.iter().map(|e| e.exercise_id.clone()).collect(),
                rounds: r.rounds,
                utc_offset_s: 0,
            })
            .collect(),
        planned_routine: Vec::new(),
        cross_training: rows
            .cross_training
            .iter()
            .map(|c| CrossTrainingLog {
                at: c.at,
                kind: c.kind.clone(),
                minutes: c.minutes,
                utc_offset_s: 0,
            })
            .collect(),
        braces: rows
            .brace
            .iter()
            .map(|b| BraceLog {
                at: b.at,
                worn: b.worn,
                activity: b.activity_id,
                utc_offset_s: 0,
            })
            .collect(),
    }
}

fn insights(rt: &Runtime, store: &Store, how: HeartRate, today: NaiveDate) -> Insights {
    let history = rt.block_on(gather(store, how));
    let mut rng = SplitMix64::new(7);
    compute(&history, &Settings::default(), today, &[], &mut rng).unwrap_or_else(|e| panic!("{e}"))
}

fn bench(c: &mut Criterion) {
    let rt = runtime();
    let (_dir, path) = database(&rt);
    let store = rt
        .block_on(Store::open(&path))
        .unwrap_or_else(|e| panic!("{e}"));
    let today = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
    // The column gives core exactly what the sample blobs give.
    let column = rt.block_on(gather(&store, HeartRate::Column));
    let blobs = rt.block_on(gather(&store, HeartRate::SampleBlobs));
    assert_eq!(column.activities.len(), ACTIVITIES);
    assert!(
        column.activities == blobs.activities,
        "column and blobs differ"
    );
    let mut group = c.benchmark_group(format!("insights_decade_{ACTIVITIES}_activities_1hz"));
    group.sample_size(10);
    for how in [
        HeartRate::Column,
        HeartRate::SampleBlobs,
        HeartRate::AveragesOnly,
    ] {
        let name = match how {
            HeartRate::Column => "column",
            HeartRate::SampleBlobs => "sample_blobs",
            HeartRate::AveragesOnly => "averages_only",
        };
        group.bench_function(name, |b| b.iter(|| insights(&rt, &store, how, today)));
    }
    // The store's share: the reads and the mapping, without core.
    group.bench_function("column_gather_only", |b| {
        b.iter(|| rt.block_on(gather(&store, HeartRate::Column)))
    });
    // Core's share: compute over the gathered history.
    let history = rt.block_on(gather(&store, HeartRate::Column));
    group.bench_function("column_compute_only", |b| {
        b.iter(|| {
            let mut rng = SplitMix64::new(7);
            compute(&history, &Settings::default(), today, &[], &mut rng)
        })
    });
    group.finish();
    rt.block_on(store.close());
}

criterion_group!(benches, bench);
criterion_main!(benches);
