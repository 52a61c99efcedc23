//! Synthetic histories for the insights tests and benchmark: a seeded
//! runner with planted (or no) effects. Shared by `tests/insights_*.rs` and
//! `benches/insights.rs`.
#![allow(dead_code)]

use backstride_core::activity::Sport;
use backstride_core::history::{
    ActivityDay, BraceLog, CrossTrainingLog, History, PainLog, PainWhen, PlannedRoutine, RoutineLog,
};
use backstride_core::profile::Region;
use backstride_core::stats::SplitMix64;
use backstride_core::units::Nrs;
use chrono::{Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};

/// A fixed Monday.
pub fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
}

/// Noon UTC on a day.
pub fn noon(d: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).unwrap_or_default())
}

/// A run with a session RPE of 5 at 5:30 per km.
pub fn run(id: i64, date: NaiveDate, km: f64) -> ActivityDay {
    ActivityDay {
        id: Some(id),
        date,
        sport: Sport::Running,
        distance_m: km * 1000.0,
        duration_s: km * 330.0,
        avg_hr: None,
        max_hr: None,
        rpe: Some(5),
        hr: Default::default(),
    }
}

/// A daily lower-back score.
pub fn pain(date: NaiveDate, nrs: u8, when: PainWhen) -> PainLog {
    PainLog {
        at: noon(date),
        region: Region::LowerBack,
        nrs: Nrs::new(i64::from(nrs.min(10))).unwrap_or_default(),
        when,
        activity: None,
        utc_offset_s: 0,
    }
}

/// What to plant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plant {
    /// Pain +3 two days after every run of a week > 30 % up on the last.
    SpikeLag2,
    /// No effect: the daily pain values shuffled across days.
    Shuffled,
}

/// Runs Mon and Fri (so no other lag from 0 to 3 lands on a planted day); one week in five
/// jumps 50 %; daily pain logs 1-3 at random; cross-training on Wednesdays
/// most weeks; the routine planned daily and done most days; brace on some
/// run days.
pub fn spike_history(seed: u64, weeks: u64, plant: Plant) -> (History, NaiveDate) {
    let mut rng = SplitMix64::new(seed);
    let start = monday();
    let days = weeks * 7;
    let mut h = History::default();
    let mut pain_days: Vec<u8> = (0..days).map(|_| 1 + rng.below(3) as u8).collect();
    let mut id = 0;
    for w in 0..weeks {
        let jump = w > 4 && rng.unit() < 0.2;
        let weekly_km = if jump { 45.0 } else { 30.0 };
        for d in 0..7u64 {
            let date = start + Days::new(w * 7 + d);
            let i = (w * 7 + d) as usize;
            if matches!(date.weekday(), Weekday::Mon | Weekday::Fri) {
                id += 1;
                let km = weekly_km / 2.0 * (0.9 + 0.2 * rng.unit());
                h.activities.push(run(id, date, km));
                if jump && plant == Plant::SpikeLag2 && i + 2 < pain_days.len() {
                    pain_days[i + 2] = pain_days[i + 2].saturating_add(3);
                }
                if rng.unit() < 0.3 {
                    h.braces.push(BraceLog {
                        at: noon(date),
                        worn: rng.unit() < 0.5,
                        activity: Some(id),
                        utc_offset_s: 0,
                    });
                }
            }
            if date.weekday() == Weekday::Wed && rng.unit() < 0.8 {
                h.cross_training.push(CrossTrainingLog {
                    at: noon(date),
                    kind: "cycling".into(),
                    minutes: 40,
                    utc_offset_s: 0,
                });
            }
            h.planned_routine.push(PlannedRoutine {
                date,
                exercise_id: "warrior-pose".into(),
            });
            if rng.unit() < 0.8 {
                h.routines.push(RoutineLog {
                    at: noon(date),
                    exercises: vec!["warrior-pose".into()],
                    rounds: 2,
                    utc_offset_s: 0,
                });
            }
        }
    }
    if plant == Plant::Shuffled {
        rng.shuffle(&mut pain_days);
    }
    for (i, v) in pain_days.iter().enumerate() {
        h.pain
            .push(pain(start + Days::new(i as u64), *v, PainWhen::NextMorning));
    }
    (h, start + Days::new(days - 1))
}

/// The routine planned daily; adherence per week rises from 20 % to 95 %
/// in a shuffled order of weeks, and weekly pain falls with it.
pub fn adherence_history(seed: u64, weeks: u64) -> (History, NaiveDate) {
    let mut rng = SplitMix64::new(seed);
    let start = monday();
    let mut h = History::default();
    let mut rates: Vec<f64> = (0..weeks)
        .map(|w| 0.2 + 0.75 * w as f64 / weeks as f64)
        .collect();
    rng.shuffle(&mut rates);
    for (w, rate) in rates.iter().enumerate() {
        for d in 0..7u64 {
            let date = start + Days::new(w as u64 * 7 + d);
            h.planned_routine.push(PlannedRoutine {
                date,
                exercise_id: "warrior-pose".into(),
            });
            let done = rng.unit() < *rate;
            if done {
                h.routines.push(RoutineLog {
                    at: noon(date),
                    exercises: vec!["warrior-pose".into()],
                    rounds: 2,
                    utc_offset_s: 0,
                });
            }
            let level = 6.0 - 4.0 * rate + 2.0 * rng.unit() - 1.0 + if done { 0.0 } else { 0.5 };
            h.pain.push(pain(
                date,
                level.round().clamp(0.0, 10.0) as u8,
                PainWhen::NextMorning,
            ));
        }
    }
    (h, start + Days::new(weeks * 7 - 1))
}

/// Ten years: about 3,000 runs with 1 Hz HR samples on one in ten, daily pain,
/// routine and brace logs, weekly cycling.
pub fn decade(seed: u64) -> (History, NaiveDate) {
    let (mut h, today) = spike_history(seed, 522, Plant::SpikeLag2);
    // The generator's two runs a week are too few: add easy runs on four
    // more days in most weeks to reach ~3,000.
    let mut rng = SplitMix64::new(seed ^ 0xABCD);
    let extra: Vec<ActivityDay> = h
        .activities
        .iter()
        .filter(|a| a.date.weekday() == Weekday::Mon)
        .flat_map(|a| [1u64, 2, 5, 6].map(|k| (a, k)))
        .filter(|_| rng.unit() < 0.93)
        .map(|(a, k)| {
            run(
                a.id.unwrap_or(0) * 10 + k as i64 + 1_000_000,
                a.date + Days::new(k),
                8.0,
            )
        })
        .collect();
    h.activities.extend(extra);
    for (k, a) in h.activities.iter_mut().enumerate() {
        if k % 10 == 0 {
            a.avg_hr = Some(150.0);
            a.max_hr = Some(175);
            let n = a.duration_s as usize;
            a.hr = backstride_core::activity::hr::HrTime::from_samples((0..n).map(|i| {
                backstride_core::activity::hr::HrSample {
                    t_s: i as f64,
                    bpm: 130 + (i % 40) as u8,
                }
            }));
        }
    }
    (h, today)
}

/// One standard normal draw (Box-Muller).
pub fn normal(rng: &mut SplitMix64) -> f64 {
    let u1 = 1.0 - rng.unit();
    let u2 = rng.unit();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A planted effect: pain `size` points higher `lag` days after every day
/// the analysis itself counts as `exposure`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Planted {
    /// Which exposure.
    pub exposure: backstride_core::insights::exposure::Exposure,
    /// Days after it.
    pub lag: u8,
    /// NRS points added before rounding.
    pub size: f64,
}

/// The runner of `spike_history` (same runs, routine, cross-training and
/// brace for the same seed), with daily lower-back pain that comes in
/// flares: a latent AR(1) series with carry-over `phi` (0 for independent
/// days), mean 2.5 and SD 1.5, rounded to the NRS and kept in 0-10, plus
/// an optional planted effect placed by core's own exposure series.
pub fn flare_history(
    seed: u64,
    weeks: u64,
    phi: f64,
    plant: Option<Planted>,
) -> (History, NaiveDate) {
    use backstride_core::history::Settings;
    use backstride_core::insights::exposure::exposure_days;

    let (mut h, today) = spike_history(seed, weeks, Plant::Shuffled);
    h.pain.clear();
    let days = (weeks * 7) as usize;
    let mut rng = SplitMix64::new(seed ^ 0x5EED_F1A2_E000_0000);
    let innovation = (1.0 - phi * phi).sqrt();
    let mut z = normal(&mut rng);
    let mut latent = Vec::with_capacity(days);
    for _ in 0..days {
        latent.push(2.5 + 1.5 * z);
        z = phi * z + innovation * normal(&mut rng);
    }
    if let Some(p) = plant {
        let settings = Settings::default();
        let start = backstride_core::insights::first_day(&h, &settings, today);
        assert_eq!(start, monday(), "the series starts on the first Monday");
        let series = backstride_core::load::series(&h, &settings, start, today);
        let x = exposure_days(&h, &series, &settings, p.exposure);
        for (d, v) in latent.iter_mut().enumerate() {
            let exposed = d
                .checked_sub(usize::from(p.lag))
                .and_then(|i| x.get(i).copied().flatten());
            if exposed == Some(true) {
                *v += p.size;
            }
        }
    }
    for (i, v) in latent.iter().enumerate() {
        h.pain.push(pain(
            monday() + Days::new(i as u64),
            v.round().clamp(0.0, 10.0) as u8,
            PainWhen::NextMorning,
        ));
    }
    (h, today)
}
