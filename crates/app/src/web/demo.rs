//! `backstride serve --demo`: a made-up runner with six months of data up
//! to today, written into a fresh temporary data directory (never the
//! runner's own), so a newcomer sees a full app at once. Deterministic
//! (one fixed seed; only "today" moves it) and quick: about a hundred
//! runs with 1 Hz samples (a GPS loop, heart rate, elevation; Thursdays
//! end at tempo), pain logs that ease, with one flare after a week of too
//! much, routines mostly done (less during the flare), cycling three or
//! four times a month, two brace entries, effort ratings, answers without
//! red flags (lower back pain, a weak core) with their assessment,
//! red-flag checks and a saved plan.

use std::collections::BTreeMap;
use std::f64::consts::TAU;

use anyhow::{Context, Result};
use backstride_core::activity::{Activity, Sample, Sport, SportSource};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::{PlanRequest, build};
use backstride_core::profile::Region;
use backstride_core::units::Nrs;
use backstride_store::{
    CheckSource, ContentHash, ExerciseDone, ImportOutcome, ImportRecord, NewBrace,
    NewCrossTraining, NewPain, NewRoutine, NewRpe, PainWhen,
};
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};

use crate::commands::Clock;
use crate::storage::Opened;

/// The demo runner's answers: no red flags, lower back pain late in runs,
/// a weak core (short plank and side bridges), a bike and a brace.
const ANSWERS: &str = r#"[runner]
age = 34
sex = "female"
equipment = ["bike", "brace"]

[pain]
regions = ["lower-back"]
now = 3
worst = 5
when = ["late-in-run", "after-run"]
weeks = 8
trend = "same"
first_episode = false
sudden_onset = false
noticed = ["slumping"]

[running]
weekly_km = 18
runs_per_week = 4
easy_pace = "6:10"
goal_weekly_km = 28

[core_tests]
plank = 35
side_bridge_right = 22
side_bridge_left = 18

[red_flags]
saddle-numbness = false
bladder-bowel = false
both-legs = false
sexual-function = false
progressive-weakness = false
serious-trauma = false
chest-or-tearing-pain = false
myelopathy-signs = false
vascular-neck-signs = false
fever-infection = false
cancer-history = false
weight-loss = false
osteoporosis-steroids = false
deformity-lump = false
inflammatory-pattern = false
radicular-leg-pain = false
"#;

/// The seed: the same made-up runner every time.
const SEED: u64 = 0x0bac_c5d1_de00_0001;

/// Days of history.
const DAYS: u64 = 182;

/// How much was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seeded {
    /// Runs stored.
    pub runs: usize,
    /// Pain scores logged.
    pub pain: usize,
    /// Routine sessions logged.
    pub routines: usize,
    /// Cross-training sessions logged.
    pub cross_training: usize,
}

/// SplitMix64: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// A local time on `day` as UTC.
fn at(day: NaiveDate, hour: u32, minute: u32, offset_s: i32) -> DateTime<Utc> {
    let local = day
        .and_hms_opt(hour, minute, 0)
        .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN));
    let utc = local - chrono::Duration::seconds(i64::from(offset_s));
    Utc.from_utc_datetime(&utc)
}

/// One run of `km` at `pace_s` per km: a 2.4 km loop in a park, heart
/// rate rising and drifting, a gentle hill each lap, every second; with
/// `tempo_s`, the last seconds faster and harder.
fn run(
    start: DateTime<Utc>,
    offset_s: i32,
    km: f64,
    pace_s: f64,
    tempo_s: usize,
    rng: &mut Rng,
) -> Activity {
    let speed = 1000.0 / pace_s;
    let seconds = (km * 1000.0 / speed).round() as usize;
    let lap_m = 2400.0;
    let radius_m = lap_m / TAU;
    let (lat0, lon0): (f64, f64) = (51.4613, -0.1156);
    let m_per_deg_lat = 111_320.0;
    let m_per_deg_lon = m_per_deg_lat * lat0.to_radians().cos();
    let mut samples = Vec::with_capacity(seconds + 1);
    let mut distance = 0.0;
    let mut ascent = 0.0;
    let mut last_alt: Option<f64> = None;
    let (mut hr_sum, mut hr_max) = (0.0, 0u8);
    for t in 0..=seconds {
        let faster = if t + tempo_s > seconds { 1.15 } else { 1.0 };
        let v = speed * faster * (1.0 + 0.04 * (t as f64 / 90.0).sin()) + rng.range(-0.08, 0.08);
        if t > 0 {
            distance += v;
        }
        let angle = distance / radius_m;
        let alt = 24.0 + 9.0 * (distance / lap_m * TAU).sin();
        if let Some(prev) = last_alt
            && alt > prev
        {
            ascent += alt - prev;
        }
        last_alt = Some(alt);
        let warm = 1.0 - (-(t as f64) / 240.0).exp();
        let into_tempo = (t + tempo_s).saturating_sub(seconds) as f64;
        let tempo = 36.0 * (1.0 - (-into_tempo / 60.0).exp());
        let hr = 104.0
            + 30.0 * warm
            + 6.0 * t as f64 / seconds.max(1) as f64
            + tempo
            + rng.range(-2.0, 2.0);
        let hr = hr.clamp(60.0, 200.0).round() as u8;
        hr_sum += f64::from(hr);
        hr_max = hr_max.max(hr);
        samples.push(Sample {
            t_s: t as f64,
            lat: Some(lat0 + radius_m * angle.sin() / m_per_deg_lat),
            lon: Some(lon0 + radius_m * (1.0 - angle.cos()) / m_per_deg_lon),
            altitude_m: Some(alt),
            distance_m: Some(distance),
            heart_rate: Some(hr),
            cadence_spm: Some(168.0 + rng.range(-3.0, 3.0)),
            speed_mps: Some(v),
        });
    }
    Activity {
        sport: Sport::Running,
        sport_label: "running".to_owned(),
        sport_source: SportSource::File,
        start,
        utc_offset_s: Some(offset_s),
        elapsed_s: seconds as f64,
        moving_s: seconds as f64,
        distance_m: distance,
        ascent_m: Some(ascent),
        avg_heart_rate: Some(hr_sum / samples.len().max(1) as f64),
        max_heart_rate: Some(hr_max),
        avg_cadence_spm: Some(168.0),
        device: Some("Demo watch".to_owned()),
        samples,
        laps: Vec::new(),
    }
}

/// The lower back's usual score on day `k` of the history: easing from 4
/// to 1, with a flare of a week around day 110.
fn back_pain(k: u64, rng: &mut Rng) -> u8 {
    let k = k as f64;
    let base = 4.2 - 3.0 * (k / DAYS as f64);
    let flare = if (108.0..118.0).contains(&k) {
        2.0 * (1.0 - (k - 112.0).abs() / 6.0).max(0.3)
    } else {
        0.0
    };
    (base + flare + rng.range(-0.7, 0.7))
        .round()
        .clamp(0.0, 6.0) as u8
}

/// Writes the demo runner's six months into the (fresh) store.
pub fn seed(db: &Opened, kb: &KnowledgeBase, clock: &Clock, offset_s: i32) -> Result<Seeded> {
    let mut rng = Rng(SEED);
    let today = clock.today;
    let first = today
        .checked_sub_days(Days::new(DAYS))
        .context("today is too early for a demo")?;
    let day = |k: u64| first.checked_add_days(Days::new(k)).unwrap_or(first);

    // Answers, their assessment and check, on the first day.
    let answers = crate::answers_file::parse(ANSWERS)
        .map_err(|e| anyhow::anyhow!("the demo answers do not parse: {e}"))?
        .validate(kb)
        .map_err(|e| anyhow::anyhow!("the demo answers are invalid: {e}"))?;
    let asked = at(first, 8, 0, offset_s);
    db.run(db.store.save_answers(ANSWERS, asked))?;
    let assessment = crate::safety::assess(db, kb, &answers)?;
    let record = crate::saved::assessment_record(&assessment);
    db.run(db.store.save_assessment(&record, asked))?;
    crate::safety::save_check(db, kb, &answers.red_flags, CheckSource::Assess, asked)?;

    // A plan from the first day to four weeks ahead.
    let weeks = u16::try_from(DAYS / 7 + 4).unwrap_or(30);
    let request = PlanRequest {
        start: first,
        weeks,
        cross_days_per_30: None,
    };
    let outcome = build(kb, &answers, &assessment, request)
        .map_err(|e| anyhow::anyhow!("the demo plan could not be built: {e}"))?;
    let plan = crate::saved::plan_record(&outcome, request, &answers.caps, None, &[]);
    db.run(db.store.save_plan(&plan, asked))?;
    let mut planned: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    let (days, _) = crate::insights::gather::planned_days(&plan);
    for p in days {
        planned.entry(p.date).or_default().push(p.exercise_id);
    }

    let mut seeded = Seeded {
        runs: 0,
        pain: 0,
        routines: 0,
        cross_training: 0,
    };
    let mut braces = 0;
    for k in 0..=DAYS {
        let d = day(k);
        let weekday = d.weekday();
        // The red-flag questions again every three weeks.
        if k > 0 && k % 21 == 0 {
            crate::safety::save_check(
                db,
                kb,
                &answers.red_flags,
                CheckSource::Check,
                at(d, 7, 30, offset_s),
            )?;
        }
        let run_day = matches!(
            weekday,
            Weekday::Tue | Weekday::Thu | Weekday::Sat | Weekday::Sun
        );
        let pain_today = back_pain(k, &mut rng);
        if run_day && d < today && !rng.chance(0.08) {
            let progress = k as f64 / DAYS as f64;
            let weekly = 18.0 + 8.0 * progress;
            // One week of too much, just before the flare.
            let spike = if (99..107).contains(&k) { 1.7 } else { 1.0 };
            let km = if weekday == Weekday::Sun {
                weekly * 0.34
            } else {
                weekly * 0.22
            } * spike
                * rng.range(0.9, 1.1);
            // Thursdays end with eight minutes at tempo.
            let tempo_s = if weekday == Weekday::Thu { 480 } else { 0 };
            let pace = rng.range(355.0, 385.0) - 10.0 * progress;
            let start = at(d, 7, 10 + (k % 20) as u32, offset_s);
            let activity = run(start, offset_s, km, pace, tempo_s, &mut rng);
            let id = match db.run(db.store.import_activity(&ImportRecord {
                content_sha256: ContentHash::of(format!("backstride-demo-run-{k}").as_bytes()),
                source_name: format!("demo/run-{d}.fit"),
                format: "fit".to_owned(),
                activity: &activity,
                problems: Vec::new(),
                imported_at: start,
                multisport: None,
            }))? {
                ImportOutcome::Inserted(id) => id,
                other => anyhow::bail!("a demo run was not stored: {other:?}"),
            };
            seeded.runs += 1;
            let end = start + chrono::Duration::seconds(activity.elapsed_s as i64);
            for (when, score, time) in [
                (PainWhen::During, pain_today.saturating_sub(1), end),
                (
                    PainWhen::After,
                    pain_today,
                    end + chrono::Duration::minutes(30),
                ),
                (
                    PainWhen::NextMorning,
                    pain_today.saturating_sub(u8::from(rng.chance(0.6))),
                    at(d.succ_opt().unwrap_or(d), 7, 0, offset_s),
                ),
            ] {
                if time > clock.now {
                    continue;
                }
                db.run(db.store.log_pain(&NewPain {
                    region: Region::LowerBack,
                    nrs: Nrs::new(i64::from(score)).map_err(|e| anyhow::anyhow!("{e}"))?,
                    when,
                    activity_id: Some(id),
                    note: None,
                    at: time,
                    logged: time,
                }))?;
                seeded.pain += 1;
            }
            let rpe_at = end + chrono::Duration::minutes(20);
            db.run(db.store.log_rpe(&NewRpe {
                activity_id: id,
                rpe: match weekday {
                    Weekday::Thu => 6,
                    Weekday::Sun => 5,
                    _ => 3,
                },
                note: None,
                at: rpe_at,
                logged: rpe_at,
            }))?;
            // A brace tried on two runs during the flare.
            if (108..118).contains(&k) && braces < 2 {
                braces += 1;
                db.run(db.store.log_brace(&NewBrace {
                    worn: true,
                    activity_id: Some(id),
                    note: Some("Tried the brace while the back flared".to_owned()),
                    at: end,
                    logged: end,
                }))?;
            }
        }
        // Cycling about once a week (three or four times a month).
        if weekday == Weekday::Wed && d < today && !rng.chance(0.15) {
            let t = at(d, 18, 0, offset_s);
            db.run(db.store.log_cross_training(&NewCrossTraining {
                kind: "cycling".to_owned(),
                minutes: 40 + (k % 4) as u16 * 5,
                note: None,
                at: t,
                logged: t,
            }))?;
            seeded.cross_training += 1;
        }
        // The routine on most planned days, less often while the back
        // flares.
        let keen = if (104..120).contains(&k) { 0.45 } else { 0.88 };
        if let Some(exercises) = planned.get(&d)
            && d < today
            && rng.chance(keen)
        {
            let t = at(d, 19, 15, offset_s);
            db.run(
                db.store.log_routine(&NewRoutine {
                    exercises: exercises
                        .iter()
                        .map(|id| ExerciseDone {
                            exercise_id: id.clone(),
                            reps: 10,
                        })
                        .collect(),
                    rounds: 2,
                    note: None,
                    at: t,
                    logged: t,
                }),
            )?;
            seeded.routines += 1;
        }
    }
    Ok(seeded)
}
