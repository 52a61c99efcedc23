//! Reading the store for `backstride insights`: log and activity rows mapped
//! into core's `insights::History` (each activity with its latest logged
//! RPE, for session-RPE load when it has no heart rate), the planned routine
//! days from the latest saved plan, the red flags and the sex (for TRIMP's
//! weighting) of the latest saved answers, and what stands by the one
//! red-flag rule (`crate::safety::now`): the answers' flags, log notes and
//! severe pain by when they were told, and a due re-check, whatever the
//! range analysed.
//!
//! Every record is put on its local day by core's one rule
//! (`backstride_core::local_day`, through [`crate::days`]): an activity's
//! own offset where its file gave one, else the runner's zone at that
//! instant; logs carry the zone's offset at their instant, so summer-time
//! entries stay on their days.
//!
//! Heart rate comes as each activity's seconds at each bpm, which the store
//! keeps beside the samples: one query for the whole range, whatever its
//! length. With `--since`, the heart rate recorded before the range is read
//! too ([`Gathered::earlier_hr`]): the zones' estimated max, and so a day's
//! load, is the same however much history is analysed.

use anyhow::Result;
use backstride_core::activity::hr::HrTime;
use backstride_core::assessment::triage::FiredFlag;
use backstride_core::history::History;
use backstride_core::history::{
    ActivityDay, BraceLog, CrossTrainingLog, PainLog, PainWhen, PlannedRoutine, RoutineLog,
    TrimpSex,
};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::local_day::{Zone, day_in, day_of};
use backstride_core::profile::Sex;
use backstride_core::units::Nrs;
use backstride_store::saved::plan::PlanRecord;
use backstride_store::{ActivitySummary, Saved, TimeRange};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::fmt::Debug;

use crate::answers_file;
use crate::days::Days;
use crate::storage::Opened;

/// What was gathered, with notes on how.
pub struct Gathered {
    /// Core's input.
    pub history: History,
    /// Red flags that stop the plan, from the answers and log notes, most
    /// urgent first.
    pub red_flags: Vec<FiredFlag>,
    /// The ones from the logs (notes, severe pain, check answers).
    pub note_flags: Vec<FiredFlag>,
    /// Whether the red-flag questions are due again, and why.
    pub check_due: backstride_core::safety::CheckDue,
    /// The saved plan's cross-training dose, if there is a plan.
    pub cross_dose: Option<u32>,
    /// Whether there was a ready plan to take the routine days from.
    pub has_plan: bool,
    /// The heart rate recorded before the range (with `--since`), for the
    /// zones' estimated max.
    pub earlier_hr: backstride_core::history::EarlierHr,
    /// TRIMP's weighting: from the saved answers' sex, else the default.
    pub trimp_sex: TrimpSex,
    /// Whether `trimp_sex` came from the saved answers (female or male
    /// there), not the default.
    pub trimp_sex_from_answers: bool,
    /// Where each zone anchor came from (filled in by the use case, which
    /// reads the profile and the flags).
    pub anchors: Anchors,
    /// Notes on what could not be read.
    pub notes: Vec<String>,
}

/// Where a zone anchor came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnchorFrom {
    /// Not given: estimated from the data, or assumed.
    #[default]
    NotGiven,
    /// The saved profile (`backstride profile set`).
    Profile,
    /// A flag of this run only (`--max-hr`, ...), over the profile.
    Flag,
}

/// Where the zones' anchors came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Anchors {
    /// The maximum heart rate.
    pub max_hr: AnchorFrom,
    /// The resting heart rate.
    pub rest_hr: AnchorFrom,
    /// The easy pace.
    pub easy_pace: AnchorFrom,
    /// The profile sets the heart-rate zone boundaries itself.
    pub zone_bounds: bool,
}

fn store_when(w: backstride_store::PainWhen) -> PainWhen {
    match w {
        backstride_store::PainWhen::During => PainWhen::During,
        backstride_store::PainWhen::After => PainWhen::After,
        backstride_store::PainWhen::NextMorning => PainWhen::NextMorning,
    }
}

fn summary_day(a: &ActivitySummary, date: NaiveDate) -> ActivityDay {
    let duration_s = if a.moving_s > 0.0 {
        a.moving_s
    } else {
        a.elapsed_s
    };
    ActivityDay {
        id: Some(a.id),
        date,
        sport: a.sport,
        distance_m: a.distance_m,
        duration_s,
        avg_hr: a.avg_heart_rate,
        max_hr: a.max_heart_rate,
        rpe: None,
        hr: Default::default(),
    }
}

/// Reads the records of `days` into core's history, each on its local day
/// in `zone`; `today` is the real today, for what stands.
pub fn gather<Z: TimeZone + Debug>(
    db: &Opened,
    kb: &KnowledgeBase,
    days: Days,
    zone: &Z,
    today: NaiveDate,
) -> Result<Gathered> {
    let range = days.query(zone);
    let rows = db.run(db.store.history(range))?;
    // A log's offset is the zone's at its instant; it is kept by its day.
    let offset = |at: DateTime<Utc>| zone.offset_s_at(at);
    let kept = |at: DateTime<Utc>| days.contains(day_in(at, zone));
    // Each activity's RPE is its latest log, whenever it was logged.
    let rpe: std::collections::HashMap<i64, u8> = db
        .run(db.store.latest_rpe(range))?
        .into_iter()
        .map(|r| (r.activity_id, r.rpe))
        .collect();
    let mut hr: std::collections::HashMap<i64, HrTime> = db
        .run(db.store.heart_rate_time(range))?
        .into_iter()
        .map(|r| (r.activity_id, r.hr))
        .collect();
    // Activities read for the margin and on days before `days` count
    // towards the estimated max heart rate, like those before the margin.
    let mut earlier = Vec::new();
    let mut activities = Vec::new();
    for a in &rows.activities {
        let date = day_of(a.start, a.utc_offset_s, zone);
        let hr = hr.remove(&a.id).unwrap_or_default();
        if days.contains(date) {
            let mut day = summary_day(a, date);
            day.rpe = rpe.get(&a.id).copied();
            day.hr = hr;
            activities.push(day);
        } else if days.since.is_some_and(|s| date < s) {
            let mut day = summary_day(a, date);
            day.hr = hr;
            earlier.push(day);
        }
    }
    let pain = rows
        .pain
        .iter()
        .filter(|p| kept(p.at))
        .filter_map(|p| {
            Some(PainLog {
                at: p.at,
                region: p.region,
                nrs: Nrs::new(i64::from(p.nrs)).ok()?,
                when: store_when(p.when),
                activity: p.activity_id,
                utc_offset_s: offset(p.at),
            })
        })
        .collect();
    let routines = rows
        .routines
        .iter()
        .filter(|r| kept(r.at))
        .map(|r| RoutineLog {
            at: r.at,
            exercises: r.exercises.iter().map(|e| e.exercise_id.clone()).collect(),
            rounds: r.rounds,
            utc_offset_s: offset(r.at),
        })
        .collect();
    let cross_training = rows
        .cross_training
        .iter()
        .filter(|c| kept(c.at))
        .map(|c| CrossTrainingLog {
            at: c.at,
            kind: c.kind.clone(),
            minutes: c.minutes,
            utc_offset_s: offset(c.at),
        })
        .collect();
    let braces = rows
        .brace
        .iter()
        .filter(|b| kept(b.at))
        .map(|b| BraceLog {
            at: b.at,
            worn: b.worn,
            activity: b.activity_id,
            utc_offset_s: offset(b.at),
        })
        .collect();
    let mut notes = Vec::new();
    let plan = db.run(db.store.latest_plan())?;
    let (planned_routine, cross_dose) = match plan.map(|p| p.plan) {
        Some(Saved::Record(record)) => planned_days(&record),
        Some(Saved::Legacy { problem, .. }) => {
            notes.push(format!(
                "The saved plan could not be read ({problem}): run `backstride plan --save` again."
            ));
            (Vec::new(), None)
        }
        None => (Vec::new(), None),
    };
    let has_plan = cross_dose.is_some();
    // The standing flags do not depend on the range: a flag stands whatever
    // `--since` and `--until` say.
    let now = crate::safety::now(db, kb, None, today, zone)?;
    notes.extend(now.notes);
    let sex = saved_sex(db, kb, &mut notes)?;
    let red_flags = now.standing.flags;
    let note_flags = now.standing.from_logs;
    let check_due = now.standing.check_due;
    Ok(Gathered {
        history: History {
            activities,
            pain,
            routines,
            planned_routine,
            cross_training,
            braces,
        },
        red_flags,
        note_flags,
        check_due,
        cross_dose,
        has_plan,
        earlier_hr: {
            earlier.extend(earlier_days(db, range)?);
            backstride_core::load::session::earlier_hr(&earlier)
        },
        trimp_sex: match sex {
            Some(Sex::Female) => TrimpSex::Female,
            Some(Sex::Male) | Some(Sex::Unspecified) | None => TrimpSex::default(),
        },
        trimp_sex_from_answers: matches!(sex, Some(Sex::Female | Sex::Male)),
        anchors: Anchors::default(),
        notes,
    })
}

/// The activities before `range` starts, with their heart-rate time, as
/// core's estimated maximum reads them (each one's peak and how hard it
/// was), so that the estimate, and with it every TRIMP, does not depend on
/// `--since`. Their day does not matter to it.
fn earlier_days(db: &Opened, range: TimeRange) -> Result<Vec<ActivityDay>> {
    let Some(from) = range.from else {
        return Ok(Vec::new());
    };
    let before = TimeRange::until(from);
    let summaries = db.run(db.store.list_activities(before))?;
    let mut hr: std::collections::HashMap<i64, HrTime> = db
        .run(db.store.heart_rate_time(before))?
        .into_iter()
        .map(|r| (r.activity_id, r.hr))
        .collect();
    Ok(summaries
        .iter()
        .map(|a| {
            let mut day = summary_day(a, a.start.date_naive());
            day.hr = hr.remove(&a.id).unwrap_or_default();
            day
        })
        .collect())
}

/// The planned routine (day, exercise) pairs and the cross-training dose of
/// a saved plan. A blocked plan has no days and no dose.
pub fn planned_days(plan: &PlanRecord) -> (Vec<PlannedRoutine>, Option<u32>) {
    let Some(ready) = plan.ready() else {
        return (Vec::new(), None);
    };
    let mut out: Vec<PlannedRoutine> = ready
        .days
        .iter()
        .flat_map(|day| {
            day.session.routine().iter().map(|item| PlannedRoutine {
                date: day.date,
                exercise_id: item.exercise_id.clone(),
            })
        })
        .collect();
    out.sort();
    out.dedup();
    (out, Some(u32::from(ready.cross_days_per_30)))
}

/// The sex of the latest saved answers (`None` without them or when they
/// cannot be read; the red-flag rule says so in its own notes).
fn saved_sex(db: &Opened, kb: &KnowledgeBase, notes: &mut Vec<String>) -> Result<Option<Sex>> {
    let Some(saved) = db.run(db.store.latest_answers())? else {
        notes.push("No saved answers, so no red-flag check: run `backstride assess`.".to_owned());
        return Ok(None);
    };
    Ok(answers_file::parse(&saved.body)
        .ok()
        .and_then(|raw| raw.validate(kb).ok())
        .map(|a| a.sex))
}
