//! The estimated maximum heart rate (no profile, no flag) never calls all
//! of a runner's runs hard: for random histories of runs of varied
//! intensity, with samples or only an average, and any resting heart rate,
//! at least one run has less than the hard share of its time in zones 4-5.
//! It is never below the observed high (the 95th percentile of the runs'
//! own peaks), a runner whose easy runs are clearly easy keeps it, and
//! over a range with what came before it is the whole history's.

use backstride_core::activity::Sport;
use backstride_core::activity::hr::{HrSample, HrTime};
use backstride_core::history::{ActivityDay, EarlierHr, Settings};
use backstride_core::load::session::{
    ZoneBasis, earlier_hr, estimate_max_hr, is_hard, zone_basis, zone_seconds,
};
use chrono::NaiveDate;
use proptest::prelude::*;

/// A run whose heart rate is `base` with a wobble of `spread` bpm, one
/// sample a second; or, without samples, only its average and max.
fn run(day: u32, base: u8, spread: u8, samples: bool) -> ActivityDay {
    let date = NaiveDate::from_ymd_opt(2026, 3, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(day))))
        .unwrap_or_default();
    let bpm_at = |i: u32| {
        let wobble = (i * 7 % (u32::from(spread) + 1)) as u8;
        base.saturating_add(wobble)
    };
    let hr = if samples {
        HrTime::from_samples((0..1200).map(|i| HrSample {
            t_s: f64::from(i),
            bpm: bpm_at(i),
        }))
    } else {
        HrTime::default()
    };
    ActivityDay {
        id: Some(i64::from(day)),
        date,
        sport: Sport::Running,
        distance_m: 8_000.0,
        duration_s: 2_400.0,
        avg_hr: Some(f64::from(base) + f64::from(spread) / 2.0),
        max_hr: Some(base.saturating_add(spread)),
        rpe: None,
        hr,
    }
}

fn runs() -> impl Strategy<Value = Vec<ActivityDay>> {
    prop::collection::vec((110u8..=200, 0u8..=25, any::<bool>()), 1..40).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (base, spread, samples))| run(i as u32, base, spread, samples))
            .collect()
    })
}

proptest! {
    #[test]
    fn an_estimated_max_never_calls_every_run_hard(
        runs in runs(),
        rest in prop::option::of(40u8..=75),
    ) {
        let settings = Settings { rest_hr: rest, ..Settings::default() };
        let basis = zone_basis(&runs, &settings);
        if let ZoneBasis::HeartRate(z) = basis {
            prop_assert!(z.max_estimated);
            let hard = runs
                .iter()
                .filter(|a| is_hard(&zone_seconds(a, &basis, None)))
                .count();
            prop_assert!(hard < runs.len(), "{hard} of {} hard under max {}", runs.len(), z.max_hr);
        }
    }

    #[test]
    fn the_estimate_is_never_below_the_observed_high(runs in runs(), rest in 40.0f64..75.0) {
        let mut peaks: Vec<f64> = runs
            .iter()
            .filter_map(|a| a.max_hr.map(f64::from))
            .collect();
        peaks.sort_by(f64::total_cmp);
        let rank = ((0.95 * peaks.len() as f64).ceil() as usize).clamp(1, peaks.len());
        let estimate = estimate_max_hr(&runs, &EarlierHr::default(), rest);
        prop_assert!(estimate.is_some_and(|m| m >= peaks[rank - 1]));
    }
}

#[test]
fn the_estimate_over_a_range_with_what_came_before_is_the_whole_historys() {
    let runs: Vec<ActivityDay> = (0..30)
        .map(|d| run(d, 120 + (d * 7 % 60) as u8, (d % 20) as u8, d % 3 != 0))
        .collect();
    let whole = estimate_max_hr(&runs, &EarlierHr::default(), 55.0);
    for cut in 1..runs.len() {
        let (before, range) = runs.split_at(cut);
        assert_eq!(
            estimate_max_hr(range, &earlier_hr(before), 55.0),
            whole,
            "cut at {cut}"
        );
    }
}

#[test]
fn steady_runs_alone_were_all_hard_under_their_own_highest_heart_rate() {
    // Three steady runs around 150-160 bpm: their highest heart rate as the
    // maximum put most of every run above 80 % of the reserve.
    let runs: Vec<ActivityDay> = [(0, 150), (2, 152), (4, 148)]
        .into_iter()
        .map(|(d, base)| run(d, base, 8, true))
        .collect();
    let ZoneBasis::HeartRate(z) = zone_basis(&runs, &Settings::default()) else {
        panic!("heart-rate zones expected");
    };
    assert!(z.max_estimated);
    // Above the highest recorded (160) and with the easiest run not hard.
    assert!(z.max_hr > 160.0, "{}", z.max_hr);
    let basis = ZoneBasis::HeartRate(z);
    assert!(!is_hard(&zone_seconds(&runs[2], &basis, None)));
}

#[test]
fn a_runner_with_clearly_easy_runs_keeps_the_observed_high() {
    // Eighteen easy runs around 130 and two races to 186: the 95th
    // percentile of the twenty peaks is the races'; no raise is needed.
    let mut runs: Vec<ActivityDay> = (0..18).map(|d| run(d, 125, 10, true)).collect();
    runs.push(run(19, 170, 16, true));
    runs.push(run(20, 170, 16, true));
    let estimate = estimate_max_hr(&runs, &EarlierHr::default(), 60.0);
    assert_eq!(estimate, Some(186.0));
}

#[test]
fn one_stray_spike_does_not_set_the_maximum() {
    // Forty runs peaking at 175, one file with a 230 artefact: the 95th
    // percentile ignores it.
    let mut runs: Vec<ActivityDay> = (0..40).map(|d| run(d, 150, 25, false)).collect();
    runs[7].max_hr = Some(230);
    let estimate = estimate_max_hr(&runs, &EarlierHr::default(), 60.0).unwrap_or_default();
    assert!(estimate < 230.0, "{estimate}");
}
