//! Core's `Insights` turned into the app's report types: numbers rounded for
//! people, enums named with stable kebab-case keys, per-day rows for the
//! charts, and the missing data said in words.

use backstride_core::history::{History, Settings};
use backstride_core::history::{PainWhen, TrimpSex};
use backstride_core::insights::alerts::{AlertKind, Severity};
use backstride_core::insights::{Insights, Missing};
use backstride_core::load::ZoneBasis;
use backstride_core::pain::{self, Settled};
use backstride_core::profile::Region;
use chrono::Days;

use super::dto::{
    AlertView, AnchorView, BraceView, CrossTrainingView, DayView, ExerciseView, FitnessView,
    InsightsReport, LoadSourcesView, RegionView, RoutineView, SCHEMA_VERSION, TrendView, WeekView,
    WhenView, ZonesView,
};
use super::findings;
use super::gather::{AnchorFrom, Anchors, Gathered};

/// Back regions, whose pain the charts and associations use.
pub const BACK: [Region; 2] = [Region::LowerBack, Region::UpperBack];

/// Rounds to `places` decimals, for stable, readable output.
pub fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Stop => "stop",
        Severity::Caution => "caution",
        Severity::Notice => "notice",
    }
}

fn alert_kind(k: &AlertKind) -> &'static str {
    match k {
        AlertKind::RedFlag { .. } => "red-flag",
        AlertKind::DistanceJump { .. } => "distance-jump",
        AlertKind::LoadSpike { .. } => "load-spike",
        AlertKind::PainRising { .. } => "pain-rising",
        AlertKind::NotSettledTwice { .. } => "not-settled-twice",
        AlertKind::RoutineSkipped { .. } => "routine-skipped",
        AlertKind::CrossTrainingBelowDose { .. } => "cross-training-below-dose",
        AlertKind::SeverePain { .. } => "severe-pain",
        AlertKind::CheckDue { .. } => "check-due",
    }
}

/// The stable key of a region.
pub fn region_key(r: Region) -> &'static str {
    match r {
        Region::LowerBack => "lower-back",
        Region::UpperBack => "upper-back",
        Region::Neck => "neck",
        Region::Other => "other",
    }
}

fn when_name(w: PainWhen) -> &'static str {
    match w {
        PainWhen::During => "during",
        PainWhen::After => "after",
        PainWhen::NextMorning => "next-morning",
    }
}

fn missing_text(m: Missing, has_plan: bool, red_flag: bool) -> String {
    match m {
        Missing::RoutinePlan if red_flag => "No plan while a red flag stands: see a doctor first (see the alert above).".into(),
        Missing::Activities => "No activities: import runs with `backstride import PATH` to see training load.".into(),
        Missing::SessionLoad => "No heart rate or RPE in your activities, so no session load: distance and time are shown instead.".into(),
        Missing::PainLogs => "No pain logged: log it with `backstride log pain` (during, after and next morning) to see how your back responds.".into(),
        Missing::RoutinePlan if has_plan => "Your saved plan has no routine days in this period, so adherence cannot be measured.".into(),
        Missing::RoutinePlan => "No plan: make one with `backstride plan` to measure routine adherence against it.".into(),
        Missing::BraceLogs => "No brace logs: log them with `backstride log brace` to compare runs with and without.".into(),
    }
}

/// An easy pace in words, `M:SS`.
fn pace(s_per_km: f64) -> String {
    let s = s_per_km.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Where an anchor came from, in words, or how to set it when it was
/// estimated or assumed.
fn anchor_words(from: AnchorFrom, flag: &str, profile_flag: &str, not_given: &str) -> String {
    match from {
        AnchorFrom::Profile => "from your profile".to_owned(),
        AnchorFrom::Flag => format!("from {flag}, this run only"),
        AnchorFrom::NotGiven => {
            format!("{not_given}; set it with `backstride profile set {profile_flag}`")
        }
    }
}

/// How the zones were set, in words: each anchor with where it came from.
fn zones(z: &ZoneBasis, anchors: &Anchors) -> String {
    match z {
        ZoneBasis::HeartRate(hr) => {
            let bounds = match (&hr.bounds, anchors.zone_bounds) {
                (Some(b), true) => format!(
                    " (zones from your profile: 2 from {:.0}, 3 from {:.0}, 4 from {:.0}, 5 from {:.0} bpm)",
                    b[0], b[1], b[2], b[3]
                ),
                _ => String::new(),
            };
            format!(
                "heart-rate zones from max {:.0} bpm ({}) and rest {:.0} bpm ({}){bounds}",
                hr.max_hr,
                anchor_words(
                    anchors.max_hr,
                    "--max-hr",
                    "--max-hr",
                    "estimated from your recorded heart rates, never so low that every run reads as hard",
                ),
                hr.rest_hr,
                anchor_words(anchors.rest_hr, "--rest-hr", "--resting-hr", "assumed"),
            )
        }
        ZoneBasis::Pace {
            easy_s_per_km,
            estimated: _,
        } => format!(
            "pace zones around an easy pace of {} /km ({})",
            pace(*easy_s_per_km),
            anchor_words(
                anchors.easy_pace,
                "--easy-pace",
                "--easy-pace",
                "estimated: your median run pace"
            ),
        ),
        ZoneBasis::None => "no zones: neither heart rate nor pace".into(),
    }
}

/// An anchor's `from` for machines: `profile`, `flag`, or `not_given`
/// (`data` or `assumed`).
fn from(a: AnchorFrom, not_given: &'static str) -> &'static str {
    match a {
        AnchorFrom::Profile => "profile",
        AnchorFrom::Flag => "flag",
        AnchorFrom::NotGiven => not_given,
    }
}

/// How the zones were set, for machines, with TRIMP's weighting.
fn zone_anchors(z: &ZoneBasis, g: &Gathered) -> ZonesView {
    let anchor = |value: f64, from: &str| {
        Some(AnchorView {
            value: round(value, 1),
            from: from.into(),
        })
    };
    let (basis, max_hr, rest_hr, easy) = match z {
        ZoneBasis::HeartRate(hr) => (
            "heart-rate",
            anchor(hr.max_hr, from(g.anchors.max_hr, "data")),
            anchor(hr.rest_hr, from(g.anchors.rest_hr, "assumed")),
            None,
        ),
        ZoneBasis::Pace { easy_s_per_km, .. } => (
            "pace",
            None,
            None,
            anchor(*easy_s_per_km, from(g.anchors.easy_pace, "data")),
        ),
        ZoneBasis::None => ("none", None, None, None),
    };
    let given: Vec<bool> = [&max_hr, &rest_hr, &easy]
        .into_iter()
        .flatten()
        .map(|a| a.from == "profile" || a.from == "flag")
        .collect();
    let source = if given.is_empty() {
        "none"
    } else if given.iter().all(|g| *g) {
        "profile"
    } else if given.iter().any(|g| *g) {
        "mixed"
    } else {
        "estimated"
    };
    ZonesView {
        basis: basis.into(),
        source: source.into(),
        max_hr,
        rest_hr,
        easy_pace_s_per_km: easy,
        trimp_sex: match g.trimp_sex {
            TrimpSex::Female => "female",
            TrimpSex::Male => "male",
        }
        .into(),
        trimp_sex_from: if g.trimp_sex_from_answers {
            "answers"
        } else {
            "default"
        }
        .into(),
    }
}

/// Builds the report.
pub fn report(
    i: &Insights,
    history: &History,
    settings: &Settings,
    g: &Gathered,
    units: backstride_core::profile::Units,
) -> InsightsReport {
    let s = &i.load;
    let start = s.start().unwrap_or(i.today);
    let back = pain::daily_max(history, &BACK, start, s.days.len());
    let (planned, done) = pain::adherence::routine_days(history);
    let days: Vec<DayView> = s
        .days
        .iter()
        .enumerate()
        .map(|(k, d)| DayView {
            date: d.date,
            distance_km: round(d.run_distance_m / 1000.0, 2),
            load: round(d.load, 1),
            acwr: s.acwr.get(k).copied().flatten().map(|v| round(v, 2)),
            fitness: round(s.ctl.get(k).copied().unwrap_or(0.0), 1),
            fatigue: round(s.atl.get(k).copied().unwrap_or(0.0), 1),
            form: round(s.tsb.get(k).copied().unwrap_or(0.0), 1),
            back_pain: back.get(k).copied().flatten(),
            routine: match (planned.contains(&d.date), done.contains_key(&d.date)) {
                (true, true) => "done",
                (true, false) => "missed",
                (false, true) => "extra",
                (false, false) => "not-planned",
            }
            .into(),
        })
        .collect();
    let weeks = i
        .weeks
        .iter()
        .map(|w| {
            let in_week: Vec<&DayView> = days
                .iter()
                .filter(|d| {
                    d.date >= w.monday
                        && w.monday
                            .checked_add_days(Days::new(7))
                            .is_some_and(|end| d.date < end)
                })
                .collect();
            let peak = in_week
                .iter()
                .filter_map(|d| d.acwr)
                .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
            let pains: Vec<f64> = in_week
                .iter()
                .filter_map(|d| d.back_pain.map(f64::from))
                .collect();
            WeekView {
                week: format!("{}-W{:02}", w.week.year(), w.week.week()),
                monday: w.monday,
                days: w.days,
                distance_km: round(w.run_distance_m / 1000.0, 2),
                minutes: round(w.time_s / 60.0, 0),
                runs: w.runs,
                long_run_share: w.long_run_share.map(|v| round(v, 2)),
                load: round(w.load, 0),
                change_pct: w.change_pct.map(|v| round(v, 0)),
                trend_change_pct: w.trend_change_pct.map(|v| round(v, 0)),
                monotony: w.monotony.map(|m| round(m.value, 2)),
                strain: w.strain.map(|v| round(v, 0)),
                cross_training_days: w.cross_training_days,
                peak_acwr: peak,
                spike: peak.is_some_and(|p| p >= settings.spike_ratio),
                mean_back_pain: (!pains.is_empty())
                    .then(|| round(pains.iter().sum::<f64>() / pains.len() as f64, 1)),
            }
        })
        .collect();
    let fitness = match (days.last(), history.activities.is_empty()) {
        (Some(d), false) => Some(FitnessView {
            fitness: d.fitness,
            fatigue: d.fatigue,
            form: d.form,
            baseline: round(s.baseline, 1),
        }),
        _ => None,
    };
    let recent_start = i.today.checked_sub_days(Days::new(27)).unwrap_or(i.today);
    let pain = i
        .pain
        .iter()
        .map(|p| {
            let known: Vec<_> = p
                .episodes
                .iter()
                .filter(|e| e.settled != Settled::Unknown)
                .collect();
            RegionView {
                region: region_key(p.region).into(),
                logs: p.logs,
                last_pain: p.last_pain,
                days_since_pain: p.days_since_pain,
                trend_per_week: p.trend.map(|t| TrendView {
                    slope: round(t.per_week.slope, 2),
                    low: round(t.per_week.low, 2),
                    high: round(t.per_week.high, 2),
                    n: t.per_week.n,
                    window_days: t.window_days,
                }),
                by_time: p
                    .split
                    .iter()
                    .map(|w| WhenView {
                        when: when_name(w.when).into(),
                        count: w.count,
                        mean: w.mean.map(|v| round(v, 1)),
                        max: w.max,
                    })
                    .collect(),
                settled_known: known.len(),
                not_settled: known.iter().filter(|e| e.settled == Settled::No).count(),
                recent: pain::daily_max(history, &[p.region], recent_start, 28),
            }
        })
        .collect();
    let r = &i.routine;
    InsightsReport {
        schema_version: SCHEMA_VERSION,
        units: units.name().to_owned(),
        today: i.today,
        since: start,
        disclaimer: backstride_core::DISCLAIMER.to_owned(),
        alerts: i
            .alerts
            .iter()
            .map(|a| AlertView {
                severity: severity(a.severity).into(),
                kind: alert_kind(&a.kind).into(),
                message: a.message.clone(),
                sources: a.sources.clone(),
            })
            .collect(),
        weeks,
        days,
        fitness,
        load_sources: LoadSourcesView {
            trimp_samples: s.sources.trimp_samples,
            trimp_average: s.sources.trimp_average,
            session_rpe: s.sources.session_rpe,
            unavailable: s.sources.unavailable,
            zones: zones(&s.zones, &g.anchors),
            zone_anchors: zone_anchors(&s.zones, g),
        },
        pain,
        routine: RoutineView {
            plan: g.has_plan,
            planned_days: r.planned_days,
            done_planned_days: r.done_planned_days,
            extra_days: r.extra_days,
            rate: r.rate.map(|v| round(v, 2)),
            days_since_last: r.days_since_last,
            missed_in_a_row: r.missed_in_a_row,
            by_exercise: r
                .by_exercise
                .iter()
                .map(|e| ExerciseView {
                    exercise_id: e.exercise_id.clone(),
                    planned: e.planned,
                    done: e.done,
                })
                .collect(),
        },
        cross_training: CrossTrainingView {
            dose: i.cross_training.dose,
            current: i.cross_training.current,
            windows: i.cross_training.windows,
            windows_below: i.cross_training.windows_below,
        },
        brace: BraceView {
            days_worn: i.brace.days_worn,
            days_not_worn: i.brace.days_not_worn,
            runs_with_brace: i.brace.runs_with_brace,
        },
        associations: findings::view(&i.findings),
        decision: i.decision.as_ref().map(findings::decision),
        missing: i
            .missing
            .iter()
            .map(|m| missing_text(*m, g.has_plan, !g.red_flags.is_empty()))
            .collect(),
        notes: g.notes.clone(),
    }
}
