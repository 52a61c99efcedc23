//! Property tests: the sample blob round-trips any samples bit for bit
//! (gaps, NaN, infinities, -0.0 included) and never panics on any bytes;
//! the duplicate rule is symmetric and "richer" is a strict order, so the
//! store keeps a copy of the same richness whichever file comes first.

use backstride_core::activity::{Activity, Sample};
use backstride_store::samples::{decode, encode};
use backstride_store::{Fingerprint, Store, TimeRange, is_richer, same_activity};
use proptest::collection::vec;
use proptest::prelude::{Just, Strategy, any, prop_assert, prop_assert_eq, prop_oneof, proptest};
use proptest::test_runner::Config;

use crate::support::{at, record, run, shifted};

/// A field value: absent, any float at all, or one on a decimal grid.
fn field() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        any::<f64>().prop_map(Some),
        (-1_800_000_000_i64..1_800_000_000).prop_map(|q| Some(q as f64 / 1e7)),
        (0_i64..5_000_000).prop_map(|q| Some(q as f64 / 100.0)),
    ]
}

fn sample() -> impl Strategy<Value = Sample> {
    let heart = prop_oneof![Just(None), any::<u8>().prop_map(Some)];
    (
        any::<f64>(),
        field(),
        field(),
        field(),
        field(),
        heart,
        field(),
        field(),
    )
        .prop_map(
            |(t_s, lat, lon, altitude_m, distance_m, heart_rate, cadence_spm, speed_mps)| Sample {
                t_s,
                lat,
                lon,
                altitude_m,
                distance_m,
                heart_rate,
                cadence_spm,
                speed_mps,
            },
        )
}

/// A sample as bits, so NaN compares equal to the same NaN.
fn bits(s: &Sample) -> [Option<u64>; 8] {
    let b = |v: Option<f64>| v.map(f64::to_bits);
    [
        Some(s.t_s.to_bits()),
        b(s.lat),
        b(s.lon),
        b(s.altitude_m),
        b(s.distance_m),
        s.heart_rate.map(u64::from),
        b(s.cadence_spm),
        b(s.speed_mps),
    ]
}

fn fingerprint() -> impl Strategy<Value = Fingerprint> {
    (
        -200_000_i64..200_000,
        0.0..50_000.0_f64,
        0_u64..5000,
        any::<bool>(),
    )
        .prop_map(
            |(start_ms, distance_m, sample_count, has_heart_rate)| Fingerprint {
                start_ms,
                distance_m,
                sample_count,
                has_heart_rate,
            },
        )
}

proptest! {
    #[test]
    fn the_blob_round_trips_any_samples_bit_for_bit(samples in vec(sample(), 0..300)) {
        let blob = encode(&samples);
        let back = decode(&blob).expect("own blobs decode");
        prop_assert_eq!(back.len(), samples.len());
        for (a, b) in samples.iter().zip(&back) {
            prop_assert_eq!(bits(a), bits(b));
        }
    }

    #[test]
    fn decoding_any_bytes_returns_rather_than_panics(bytes in vec(any::<u8>(), 0..400)) {
        let _ = decode(&bytes);
        let mut versioned = bytes.clone();
        versioned.insert(0, 1);
        if let Ok(samples) = decode(&versioned) {
            prop_assert!(samples.len() < versioned.len());
        }
    }

    #[test]
    fn a_truncated_blob_is_an_error(samples in vec(sample(), 1..50), cut in any::<proptest::sample::Index>()) {
        let blob = encode(&samples);
        let keep = cut.index(blob.len());
        prop_assert!(decode(&blob[..keep]).is_err());
    }

    #[test]
    fn the_duplicate_rule_is_symmetric(a in fingerprint(), b in fingerprint()) {
        prop_assert_eq!(same_activity(&a, &b), same_activity(&b, &a));
        prop_assert!(same_activity(&a, &a));
    }

    #[test]
    fn richer_is_a_strict_order(a in fingerprint(), b in fingerprint()) {
        prop_assert!(!(is_richer(&a, &b) && is_richer(&b, &a)));
        prop_assert!(!is_richer(&a, &a));
    }
}

/// Two copies of one run; which comes first must not change what is kept.
fn copies(offset_s: i64, samples: (usize, usize), heart: (bool, bool)) -> (Activity, Activity) {
    let a = run(at(4, 1, 7), 10_000.0, samples.0, heart.0);
    let b = run(shifted(at(4, 1, 7), offset_s), 10_100.0, samples.1, heart.1);
    (a, b)
}

async fn kept_after(first: (&str, &Activity), second: (&str, &Activity)) -> Vec<(bool, u64)> {
    let store = Store::open_in_memory().await.expect("opens");
    store
        .import_activity(&record(first.0, first.1))
        .await
        .expect("imports");
    store
        .import_activity(&record(second.0, second.1))
        .await
        .expect("imports");
    let listed = store
        .list_activities(TimeRange::all())
        .await
        .expect("lists");
    listed
        .iter()
        .map(|s| (s.has_heart_rate, s.sample_count))
        .collect()
}

proptest! {
    #![proptest_config(Config::with_cases(24))]
    #[test]
    fn the_store_keeps_the_same_richness_in_either_order(
        offset_s in -90_i64..90,
        samples in (0_usize..40, 0_usize..40),
        heart in (any::<bool>(), any::<bool>()),
    ) {
        let (a, b) = copies(offset_s, samples, heart);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let forward = runtime.block_on(kept_after(("a.fit", &a), ("b.gpx", &b)));
        let backward = runtime.block_on(kept_after(("b.gpx", &b), ("a.fit", &a)));
        prop_assert_eq!(&forward, &backward);
        let expected = if offset_s.abs() <= 60 { 1 } else { 2 };
        prop_assert_eq!(forward.len(), expected);
    }
}

#[test]
fn a_watch_run_is_stored_compactly() {
    let activity = run(at(4, 1, 7), 10_000.0, 3600, true);
    let blob = encode(&activity.samples);
    let per_sample = blob.len() as f64 / 3600.0;
    println!("blob: {} bytes, {per_sample:.1} bytes a sample", blob.len());
    assert!(per_sample < 20.0, "{per_sample:.1} bytes a sample");
}
