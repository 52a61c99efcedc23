//! Shared fixtures for the core's integration tests: the embedded knowledge
//! base and a complete set of answers to vary from.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use backstride_core::assessment::answers::{
    Answers, BackHistory, CoreTests, CurrentRunning, DoctorCaps, PainTiming, Trend,
};
use backstride_core::assessment::{Assessment, assess};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::plan::{PlanOutcome, PlanRequest, build};
use backstride_core::profile::{Region, Sex};
use backstride_core::units::{Meters, Nrs};
use chrono::NaiveDate;

pub fn kb() -> KnowledgeBase {
    match KnowledgeBase::embedded() {
        Ok(kb) => kb,
        Err(e) => panic!("{e}"),
    }
}

/// Every asked red flag answered "no".
pub fn all_clear(kb: &KnowledgeBase) -> BTreeMap<String, bool> {
    kb.asked_flags()
        .map(|(f, _)| (f.id.clone(), false))
        .collect()
}

/// A 35-year-old woman with mechanical lower back pain late in runs.
pub fn lower_back(kb: &KnowledgeBase) -> Answers {
    Answers {
        age: 35,
        sex: Sex::Female,
        regions: BTreeSet::from([Region::LowerBack]),
        pain_now: nrs(2),
        pain_worst: nrs(4),
        timing: BTreeSet::from([PainTiming::LateInRun, PainTiming::AfterRun]),
        weeks: 3,
        trend: Trend::Same,
        first_episode: false,
        sudden_onset: false,
        noticed: BTreeSet::new(),
        history: BackHistory::default(),
        caps: DoctorCaps::default(),
        equipment: BTreeSet::new(),
        core_tests: CoreTests::default(),
        running: CurrentRunning {
            weekly_distance: Meters(15_000),
            runs_per_week: 3,
            easy_pace_s_per_km: Some(390),
            goal_weekly_distance: None,
            before_pain_weekly_distance: None,
        },
        red_flags: all_clear(kb),
    }
}

/// Mechanical upper back pain that comes with running and eases with rest.
pub fn upper_back(kb: &KnowledgeBase) -> Answers {
    Answers {
        regions: BTreeSet::from([Region::UpperBack]),
        timing: BTreeSet::from([PainTiming::LateInRun]),
        ..lower_back(kb)
    }
}

pub fn nrs(v: i64) -> Nrs {
    match Nrs::new(v) {
        Ok(n) => n,
        Err(e) => panic!("{e}"),
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("bad date"),
    }
}

pub fn assessed(kb: &KnowledgeBase, answers: &Answers) -> Assessment {
    match assess(kb, answers) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    }
}

pub fn plan(kb: &KnowledgeBase, answers: &Answers, weeks: u16) -> PlanOutcome {
    let a = assessed(kb, answers);
    let request = PlanRequest {
        start: date(2026, 12, 7),
        weeks,
        cross_days_per_30: None,
    };
    match build(kb, answers, &a, request) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}
