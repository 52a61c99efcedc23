//! Property tests: decoding never panics on arbitrary, truncated or
//! bit-flipped input, and encode -> decode keeps the totals.

mod common;

use std::io::Cursor;
use std::ops::ControlFlow;

use backstride_core::activity::Sport;
use backstride_formats::activity::{Limits, decode, decode_with, visit_archive_with};
use common::{FitSpec, START_UNIX, fit_run, garmin_gpx, garmin_tcx, gzip, zip_of};
use proptest::prelude::*;
use rustyfit::profile::typedef;

const NAMES: [&str; 7] = [
    "a.fit", "a.gpx", "a.tcx", "a.fit.gz", "a", "a.gpx.gz", "a.zip",
];

fn small_limits() -> Limits {
    Limits {
        max_entry_bytes: 1 << 20,
        max_nesting: 2,
    }
}

fn fixtures() -> Vec<Vec<u8>> {
    let fit = fit_run(&FitSpec {
        seconds: 20,
        ..FitSpec::default()
    });
    let gpx = garmin_gpx(10, Some("running")).into_bytes();
    let tcx = garmin_tcx(10, 5, "ns3").into_bytes();
    let zip = zip_of(&[("a.fit", &fit), ("b.gpx.gz", &gzip(&gpx))]);
    vec![fit.clone(), gpx.clone(), tcx, gzip(&fit), zip]
}

fn decode_anything(name: &str, bytes: &[u8]) {
    let _ = decode_with(name, bytes, &small_limits());
    let _ = visit_archive_with(Cursor::new(bytes), &small_limits(), |_| {
        ControlFlow::Continue(())
    });
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), name in 0usize..NAMES.len()) {
        decode_anything(NAMES[name], &bytes);
    }

    #[test]
    fn arbitrary_bytes_behind_a_fit_header_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut bytes = vec![14, 0x20, 0x0d, 0x08];
        bytes.extend_from_slice(&(body.len() as u32).to_le_bytes());
        bytes.extend_from_slice(b".FIT\0\0");
        bytes.extend_from_slice(&body);
        let _ = decode("a.fit", &bytes);
    }

    #[test]
    fn truncated_files_never_panic_and_truncated_fit_is_an_error(which in 0usize..5, cut in any::<proptest::sample::Index>()) {
        let fixtures = fixtures();
        let full = &fixtures[which];
        let at = cut.index(full.len());
        decode_anything(NAMES[which.min(3)], &full[..at]);
        if which == 0 {
            prop_assert!(decode("a.fit", &full[..at]).is_err());
        }
    }

    #[test]
    fn bit_flips_never_panic_and_fit_flips_are_caught(which in 0usize..5, pos in any::<proptest::sample::Index>(), bit in 0u8..8) {
        let fixtures = fixtures();
        let mut bytes = fixtures[which].clone();
        let i = pos.index(bytes.len());
        bytes[i] ^= 1 << bit;
        decode_anything(NAMES[which.min(3)], &bytes);
        if which == 0 && i >= 14 {
            prop_assert!(decode("a.fit", &bytes).is_err(), "flip at byte {} bit {} went unnoticed", i, bit);
        }
    }

    #[test]
    fn fit_round_trips_totals(
        seconds in 1u32..1800,
        speed in 0.6f64..6.0,
        hr in 60u8..200,
        cadence in 50u8..110,
        fractional in 0u8..128,
        running in any::<bool>(),
        with_session in any::<bool>(),
    ) {
        let spec = FitSpec {
            seconds,
            speed_mps: speed,
            heart_rate: hr,
            cadence_rpm: cadence,
            fractional_cadence: fractional,
            sport: if running { typedef::Sport::RUNNING } else { typedef::Sport::CYCLING },
            sub_sport: typedef::SubSport::GENERIC,
            with_session,
            ..FitSpec::default()
        };
        let a = decode("r.fit", &fit_run(&spec)).expect("round trip").activity;
        prop_assert_eq!(a.sport, if running { Sport::Running } else { Sport::Cycling });
        prop_assert_eq!(a.start.timestamp(), START_UNIX);
        prop_assert_eq!(a.samples.len(), seconds as usize + 1);
        prop_assert_eq!(a.elapsed_s, f64::from(seconds));
        // FIT stores distance in centimetres.
        prop_assert!((a.distance_m - speed * f64::from(seconds)).abs() < 0.02);
        prop_assert_eq!(a.avg_heart_rate, Some(f64::from(hr)));
        let per_foot = if running { 2.0 } else { 1.0 };
        let expected_cadence = (f64::from(cadence) + f64::from(fractional) / 128.0) * per_foot;
        let got = a.avg_cadence_spm.expect("cadence");
        prop_assert!((got - expected_cadence).abs() < 1e-9, "{} vs {}", got, expected_cadence);
        prop_assert_eq!(a.laps.len(), 1);
    }

    #[test]
    fn gpx_round_trips_time_and_distance(seconds in 1i64..900) {
        let a = decode("r.gpx", garmin_gpx(seconds, Some("running")).as_bytes()).expect("decodes").activity;
        prop_assert_eq!(a.elapsed_s, seconds as f64);
        prop_assert_eq!(a.moving_s, seconds as f64);
        prop_assert!((a.distance_m - 3.0 * seconds as f64).abs() < 0.01 * seconds as f64 + 0.5);
    }
}
