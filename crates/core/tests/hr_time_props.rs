//! The seconds-at-each-heart-rate table ([`HrTime`]) against the samples it
//! was built from: for random sample series (gaps, repeated and
//! out-of-order times, fractional times, any heart rate) and random zone
//! anchors and sex, session load, its source, the time in each zone and
//! the zones' estimated max are what walking the samples pair by pair
//! (the sample-based computation the load analysis used before) gives.
//! Also: an earlier history's higher max anchors the estimated zones.

use backstride_core::activity::Sport;
use backstride_core::activity::hr::MAX_GAP_S;
use backstride_core::activity::hr::{HrSample, HrTime};
use backstride_core::history::{ActivityDay, EarlierHr, Settings, TrimpSex};
use backstride_core::load::session::{
    HrZones, LoadSource, ZONES, ZoneBasis, is_hard, session_load, zone_basis, zone_seconds,
};
use chrono::NaiveDate;
use proptest::prelude::*;

/// Banister's weighting, as the load analysis defines it.
fn weight(x: f64, sex: TrimpSex) -> f64 {
    match sex {
        TrimpSex::Male => 0.64 * (1.92 * x).exp(),
        TrimpSex::Female => 0.86 * (1.67 * x).exp(),
    }
}

/// TRIMP and zone seconds walking the samples pair by pair: each pair's
/// time (over 0, at most 30 s) at the first sample's heart rate.
fn by_pairs(samples: &[HrSample], z: &HrZones, sex: TrimpSex) -> (f64, [f64; ZONES]) {
    let mut trimp = 0.0;
    let mut zones = [0.0; ZONES];
    for w in samples.windows(2) {
        let dt = w[1].t_s - w[0].t_s;
        if dt > 0.0 && dt <= MAX_GAP_S {
            let x = z.reserve(f64::from(w[0].bpm));
            trimp += dt / 60.0 * x * weight(x, sex);
            zones[z.zone(f64::from(w[0].bpm)).min(ZONES - 1)] += dt;
        }
    }
    (trimp, zones)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn day(hr: HrTime, avg_hr: Option<f64>, rpe: Option<u8>) -> ActivityDay {
    ActivityDay {
        id: Some(1),
        date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default(),
        sport: Sport::Running,
        distance_m: 10_000.0,
        duration_s: 3_000.0,
        avg_hr,
        max_hr: None,
        rpe,
        hr,
    }
}

/// A step between samples: mostly a watch's 1 s, sometimes a pause (a
/// gap), a repeated or earlier time, or a fraction.
fn step() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => Just(1.0),
        2 => (1u32..=30).prop_map(f64::from),
        1 => 29.5f64..31.0,
        1 => (31u32..600).prop_map(f64::from),
        1 => Just(0.0),
        1 => -5.0f64..0.0,
        2 => 0.0f64..10.0,
    ]
}

fn samples() -> impl Strategy<Value = Vec<HrSample>> {
    (
        -100.0f64..100.0,
        proptest::collection::vec((step(), any::<u8>()), 0..300),
    )
        .prop_map(|(start, steps)| {
            let mut t = start;
            steps
                .into_iter()
                .map(|(dt, bpm)| {
                    t += dt;
                    HrSample { t_s: t, bpm }
                })
                .collect()
        })
}

fn anchors() -> impl Strategy<Value = HrZones> {
    (100u8..=230, 30u8..=90).prop_map(|(max, rest)| HrZones {
        max_hr: f64::from(max),
        rest_hr: f64::from(rest),
        max_estimated: false,
        rest_assumed: false,
        bounds: None,
    })
}

fn sex() -> impl Strategy<Value = TrimpSex> {
    prop_oneof![Just(TrimpSex::Male), Just(TrimpSex::Female)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn load_and_zones_from_the_table_are_those_of_the_samples(
        samples in samples(),
        z in anchors(),
        sex in sex(),
        avg_hr in proptest::option::of(40.0f64..200.0),
        rpe in proptest::option::of(0u8..=10),
    ) {
        let (trimp, zones) = by_pairs(&samples, &z, sex);
        let a = day(HrTime::from_samples(samples.iter().copied()), avg_hr, rpe);
        let basis = ZoneBasis::HeartRate(z);
        let load = session_load(&a, &basis, sex);
        if trimp > 0.0 {
            prop_assert_eq!(load.source, LoadSource::TrimpSamples);
            prop_assert!(close(load.value, trimp), "{} vs {}", load.value, trimp);
        } else {
            // No time above rest: the average, else RPE, as without samples.
            let without = session_load(&day(HrTime::default(), avg_hr, rpe), &basis, sex);
            prop_assert_eq!(load, without);
        }
        let from_table = zone_seconds(&a, &basis, None);
        if samples.len() >= 2 {
            for (t, s) in from_table.iter().zip(zones) {
                prop_assert!(close(*t, s), "{:?} vs {:?}", from_table, zones);
            }
        } else {
            let without = zone_seconds(&day(HrTime::default(), avg_hr, rpe), &basis, None);
            prop_assert_eq!(from_table, without);
        }
    }

    #[test]
    fn whole_second_samples_give_exactly_the_same_zone_seconds(
        steps in proptest::collection::vec((0u32..60, any::<u8>()), 2..400),
        z in anchors(),
    ) {
        let mut t = 0.0;
        let samples: Vec<HrSample> = steps
            .into_iter()
            .map(|(dt, bpm)| {
                t += f64::from(dt);
                HrSample { t_s: t, bpm }
            })
            .collect();
        let (_, zones) = by_pairs(&samples, &z, TrimpSex::Male);
        let a = day(HrTime::from_samples(samples.iter().copied()), None, None);
        prop_assert_eq!(zone_seconds(&a, &ZoneBasis::HeartRate(z), None), zones);
    }

    #[test]
    fn the_estimated_max_is_the_highest_sample_unless_that_makes_the_run_hard(samples in samples()) {
        let a = day(HrTime::from_samples(samples.iter().copied()), None, None);
        let highest = samples.iter().map(|s| s.bpm).max();
        prop_assert_eq!(a.hr.max_bpm(), highest);
        let basis = zone_basis(std::slice::from_ref(&a), &Settings::default());
        match (highest, basis) {
            (Some(max), ZoneBasis::HeartRate(z)) => {
                prop_assert!(z.max_hr >= f64::from(max));
                let at_highest = HrZones { max_hr: f64::from(max), ..z };
                let hard_at_highest = is_hard(&zone_seconds(&a, &ZoneBasis::HeartRate(at_highest), None));
                if !hard_at_highest {
                    prop_assert_eq!(z.max_hr, f64::from(max));
                }
                // Raised or not, the one run is never hard under it.
                prop_assert!(!is_hard(&zone_seconds(&a, &ZoneBasis::HeartRate(z), None)));
            }
            (Some(max), _) => prop_assert!(f64::from(max) <= 70.0),
            (None, basis) => prop_assert!(!matches!(basis, ZoneBasis::HeartRate(_))),
        }
    }

    #[test]
    fn a_table_comes_back_from_its_parts(samples in samples()) {
        let t = HrTime::from_samples(samples);
        let back = HrTime::from_parts(t.samples(), t.max_bpm(), t.seconds().to_vec());
        prop_assert_eq!(back, Ok(t));
    }
}

#[test]
fn parts_that_no_samples_give_are_refused() {
    assert!(HrTime::from_parts(0, Some(150), vec![]).is_err());
    assert!(HrTime::from_parts(3, None, vec![]).is_err());
    assert!(HrTime::from_parts(1, Some(150), vec![(150, 1.0)]).is_err());
    assert!(HrTime::from_parts(3, Some(150), vec![(140, 1.0), (130, 1.0)]).is_err());
    assert!(HrTime::from_parts(3, Some(150), vec![(140, f64::NAN)]).is_err());
    assert!(HrTime::from_parts(3, Some(150), vec![(140, 0.0)]).is_err());
    assert!(HrTime::from_parts(3, Some(150), vec![(160, 1.0)]).is_err());
    assert!(HrTime::from_parts(3, Some(150), vec![(140, 2.0), (150, 1.0)]).is_ok());
}

#[test]
fn an_earlier_higher_max_anchors_the_estimated_zones_only_with_heart_rate() {
    let with_hr = day(
        HrTime::from_samples((0..600).map(|i| HrSample {
            t_s: f64::from(i),
            bpm: 150,
        })),
        Some(150.0),
        None,
    );
    let earlier = Settings {
        earlier_hr: EarlierHr {
            peaks: vec![196.0],
            ..EarlierHr::default()
        },
        ..Settings::default()
    };
    match zone_basis(std::slice::from_ref(&with_hr), &earlier) {
        ZoneBasis::HeartRate(z) => {
            assert_eq!(z.max_hr, 196.0);
            assert!(z.max_estimated);
        }
        other => panic!("{other:?}"),
    }
    // A lower earlier max changes nothing.
    let lower = Settings {
        earlier_hr: EarlierHr {
            peaks: vec![140.0],
            ..EarlierHr::default()
        },
        ..Settings::default()
    };
    assert_eq!(
        zone_basis(std::slice::from_ref(&with_hr), &lower),
        zone_basis(std::slice::from_ref(&with_hr), &Settings::default()),
    );
    // Without heart rate in the range, no heart-rate zones from the past.
    let without = day(HrTime::default(), None, Some(4));
    assert!(matches!(
        zone_basis(std::slice::from_ref(&without), &earlier),
        ZoneBasis::Pace { .. }
    ));
}
