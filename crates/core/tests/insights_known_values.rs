//! Known values: load metrics on small hand-computed histories.

mod insights_common;

use backstride_core::history::{ActivityDay, History, PainWhen, Settings};
use backstride_core::load::daily::{baseline, ewma, fitness_fatigue};
use backstride_core::load::session::{HrZones, LoadSource, ZoneBasis, session_load, zone_basis};
use backstride_core::load::weekly::{monotony, weeks};
use backstride_core::load::{self, series};
use backstride_core::pain::{Settled, by_region};
use chrono::Days;
use insights_common::{monday, pain, run};

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}

#[test]
fn ewma_matches_hand_computation() {
    // lambda = 2 / (7 + 1) = 0.25; from 0: 2.5, 1.875, 5 + 1.40625.
    let e = ewma(&[10.0, 0.0, 20.0], 7, 0.0);
    close(e[0], 2.5);
    close(e[1], 1.875);
    close(e[2], 6.40625);
    // lambda = 2 / 29 for the chronic average.
    let c = ewma(&[29.0], 28, 0.0);
    close(c[0], 2.0);
}

#[test]
fn ctl_atl_tsb_match_hand_computation() {
    let loads = [10.0, 0.0, 20.0];
    let seed = baseline(&loads);
    close(seed, 10.0);
    let (ctl, atl, tsb) = fitness_fatigue(&loads, seed);
    close(ctl[0], 10.0);
    close(atl[0], 10.0);
    close(tsb[0], 0.0);
    close(ctl[1], 10.0 - 10.0 / 42.0);
    close(atl[1], 10.0 - 10.0 / 7.0);
    close(tsb[1], 0.0);
    // TSB uses yesterday's values.
    close(tsb[2], (10.0 - 10.0 / 42.0) - (10.0 - 10.0 / 7.0));
    close(ctl[2], 9.761_904_762 + (20.0 - 9.761_904_762) / 42.0);
    close(atl[2], 8.571_428_571 + (20.0 - 8.571_428_571) / 7.0);
}

#[test]
fn monotony_and_strain_match_hand_computation() {
    // Mean 30; population SD sqrt(7200 / 7) = 32.0713; monotony 0.93541.
    let m = monotony(&[0.0, 30.0, 0.0, 60.0, 0.0, 90.0, 30.0]).expect("has load");
    close(m.value, 30.0 / (7200.0f64 / 7.0).sqrt());
    assert!(!m.capped);
    let flat = monotony(&[50.0; 7]).expect("has load");
    assert!(flat.capped);
    close(flat.value, 10.0);
    assert!(monotony(&[0.0; 7]).is_none());
}

#[test]
fn series_weeks_and_change_from_a_two_week_history() {
    let d = monday();
    let mut h = History::default();
    // Week 1: 5 + 10 km; week 2: 10 + 10 + 5 km (RPE 5, 5:30/km).
    for (off, km) in [(0u64, 5.0), (2, 10.0), (7, 10.0), (9, 10.0), (11, 5.0)] {
        h.activities.push(run(off as i64, d + Days::new(off), km));
    }
    let s = series(&h, &Settings::default(), d, d + Days::new(13));
    assert_eq!(s.days.len(), 14);
    // sRPE = 5 x (5 km x 5.5 min) = 137.5.
    close(s.days[0].load, 137.5);
    assert_eq!(s.sources.session_rpe, 5);
    let w = weeks(&s);
    assert_eq!(w.len(), 2);
    close(w[0].run_distance_m, 15_000.0);
    close(
        w[1].change_pct.expect("previous week ran"),
        (25.0 - 15.0) / 15.0 * 100.0,
    );
    close(w[1].long_run_share.expect("ran"), 0.4);
    assert_eq!(w[1].runs, 3);
    // Week 1 loads: 137.5, 0, 275, 0, 0, 0, 0.
    let expect = monotony(&[137.5, 0.0, 275.0, 0.0, 0.0, 0.0, 0.0]).expect("load");
    close(w[0].monotony.expect("complete week").value, expect.value);
    close(w[0].strain.expect("complete week"), expect.value * 412.5);
    // Baseline = the mean of all 14 days (fewer than 28).
    close(s.baseline, (137.5 + 275.0 + 275.0 + 275.0 + 137.5) / 14.0);
    assert!(s.acwr.iter().all(Option::is_none), "window not yet filled");
}

#[test]
fn trimp_from_average_heart_rate() {
    let z = ZoneBasis::HeartRate(HrZones {
        max_hr: 190.0,
        rest_hr: 60.0,
        max_estimated: false,
        rest_assumed: false,
        bounds: None,
    });
    let a = ActivityDay {
        avg_hr: Some(125.0),
        duration_s: 3600.0,
        rpe: Some(9),
        ..run(1, monday(), 10.0)
    };
    let l = session_load(&a, &z, Default::default());
    assert_eq!(l.source, LoadSource::TrimpAverage);
    // 60 min x 0.5 x 0.64 e^(1.92 x 0.5).
    close(l.value, 60.0 * 0.5 * 0.64 * (0.96f64).exp());
    let l = session_load(&a, &ZoneBasis::None, Default::default());
    assert_eq!(l.source, LoadSource::SessionRpe);
    close(l.value, 540.0);
}

#[test]
fn zones_are_heart_rate_only_where_heart_rate_exists_and_say_their_source() {
    // 10 km at 5:30/km and 5 km at 6:00/km, no heart rate.
    let slow = ActivityDay {
        duration_s: 1800.0,
        ..run(2, monday(), 5.0)
    };
    let no_hr = vec![run(1, monday(), 10.0), slow];
    let profile = Settings {
        max_hr: Some(190),
        rest_hr: Some(50),
        ..Settings::default()
    };
    // A profile max without recorded heart rate keeps pace zones.
    assert_eq!(
        zone_basis(&no_hr, &profile),
        ZoneBasis::Pace {
            easy_s_per_km: 360.0,
            estimated: true
        }
    );
    let easy = Settings {
        easy_pace_s_per_km: Some(400.0),
        ..profile.clone()
    };
    assert_eq!(
        zone_basis(&no_hr, &easy),
        ZoneBasis::Pace {
            easy_s_per_km: 400.0,
            estimated: false
        }
    );
    // With heart rate: the profile's anchors, else the data's and 60 bpm.
    let mut with_hr = no_hr.clone();
    with_hr[0].avg_hr = Some(150.0);
    with_hr[0].max_hr = Some(176);
    assert_eq!(
        zone_basis(&with_hr, &profile),
        ZoneBasis::HeartRate(HrZones {
            max_hr: 190.0,
            rest_hr: 50.0,
            max_estimated: false,
            rest_assumed: false,
            bounds: None,
        })
    );
    assert_eq!(
        zone_basis(&with_hr, &Settings::default()),
        ZoneBasis::HeartRate(HrZones {
            max_hr: 176.0,
            rest_hr: 60.0,
            max_estimated: true,
            rest_assumed: true,
            bounds: None,
        })
    );
    // The run without heart rate still gets its session-RPE load.
    let zones = zone_basis(&with_hr, &profile);
    let l = session_load(&with_hr[1], &zones, Default::default());
    assert_eq!(l.source, LoadSource::SessionRpe);
    close(l.value, 5.0 * 30.0);
}

#[test]
fn settled_by_the_next_morning_or_not() {
    let d = monday();
    let mut h = History::default();
    h.pain.push(pain(d, 1, PainWhen::NextMorning));
    h.pain.push(pain(d + Days::new(1), 4, PainWhen::During));
    h.pain
        .push(pain(d + Days::new(2), 1, PainWhen::NextMorning));
    h.pain.push(pain(d + Days::new(3), 4, PainWhen::After));
    h.pain
        .push(pain(d + Days::new(4), 3, PainWhen::NextMorning));
    h.pain.push(pain(d + Days::new(6), 2, PainWhen::After));
    let today = d + Days::new(7);
    let r = by_region(&h, today, 28);
    assert_eq!(r.len(), 1);
    let e = &r[0].episodes;
    assert_eq!(
        e.iter().map(|e| e.settled).collect::<Vec<_>>(),
        [Settled::Yes, Settled::No, Settled::Unknown]
    );
    assert_eq!(e[1].baseline, 1);
    assert_eq!(r[0].days_since_pain, Some(1));
    assert_eq!(r[0].split[0].count, 1);
    assert!(r[0].trend.is_some());
    let _ = load::weeks;
}
