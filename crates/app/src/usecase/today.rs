//! Use case "today": what the runner does today. The session of the
//! latest saved plan (a run with its distance, time and intensity;
//! cross-training with its alternatives; a rest day), the routine at this
//! week's dose with each exercise's steps, and the latest activity (for
//! the effort question after a run); or, when a red flag stands or the
//! red-flag questions are due, no session at all but the stop: whom to
//! see, how soon, and whether questions can clear it.
//!
//! Plans are read ONLY through [`latest_plan`], so the way plans are
//! stored can change under it in one place.

use anyhow::Result;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::safety::Standing;
use backstride_store::saved::plan::{
    DoseRecord, IntensityRecord, PlanOutcomeRecord, PlanRecord, RunKindRecord, SessionRecord,
};
use chrono::{DateTime, NaiveDate, Utc};

use crate::commands::Clock;
use crate::safety::{self, ask, show};
use crate::storage::Opened;

/// Today, as the page and the API show it.
#[derive(Debug, Clone)]
pub struct Today {
    /// The day.
    pub date: NaiveDate,
    /// What to show.
    pub show: Show,
    /// The activity that started last, if any (its effort can be rated).
    pub latest_activity: Option<ActivityBrief>,
    /// The runner's distance unit (the profile's).
    pub units: backstride_core::profile::Units,
}

/// What today shows.
#[derive(Debug, Clone)]
pub enum Show {
    /// A red flag stands or the questions are due: no session.
    Stop(Stop),
    /// No plan covers today.
    NoPlan(NoPlan),
    /// Today's day of the plan.
    Day(Box<Day>),
}

/// Why no plan covers today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoPlan {
    /// No plan was ever saved.
    None,
    /// The latest plan was held back (its instruction).
    HeldBack(String),
    /// The latest plan starts later.
    NotYet(NaiveDate),
    /// The latest plan ended (its last day).
    Ended(NaiveDate),
}

/// The stop in place of any session.
#[derive(Debug, Clone)]
pub struct Stop {
    /// The banner's lines (the same words as the command line's).
    pub lines: Vec<String>,
    /// The standing flags, most urgent first.
    pub flags: Vec<StopFlag>,
    /// Why the red-flag questions are due again (empty: not due).
    pub check_due: Vec<String>,
    /// The questions that would clear it, when some can
    /// (`/today/red-flags`); empty: the full check-in.
    pub to_ask: Vec<String>,
}

/// A standing flag: whom to see and how soon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopFlag {
    /// Its ID.
    pub id: String,
    /// `soon`, `urgent` or `emergency`.
    pub tier: &'static str,
    /// What to do: whom to see and how soon.
    pub action: String,
    /// Why it stands.
    pub because: String,
    /// Whether another flag lifted it: its action then says why already.
    pub combined: bool,
    /// What it may point to.
    pub suggests: String,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// Standing flags that say the same thing (two signs of one condition),
/// said once: the action, the most urgent tier, every reason and source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopGroup {
    /// What to do: whom to see and how soon.
    pub action: String,
    /// The most urgent tier among them.
    pub tier: &'static str,
    /// Why, one line per flag.
    pub reasons: Vec<String>,
    /// What they may point to, each once.
    pub suggests: Vec<String>,
    /// Source IDs, each once.
    pub sources: Vec<String>,
}

/// Groups flags by their action, in order (the most urgent first, as
/// the flags come).
pub fn grouped(flags: &[StopFlag]) -> Vec<StopGroup> {
    let mut out: Vec<StopGroup> = Vec::new();
    for f in flags {
        let group = match out.iter_mut().position(|g| g.action == f.action) {
            Some(i) => &mut out[i],
            None => {
                out.push(StopGroup {
                    action: f.action.clone(),
                    tier: f.tier,
                    reasons: vec![],
                    suggests: vec![],
                    sources: vec![],
                });
                let last = out.len() - 1;
                &mut out[last]
            }
        };
        // A flag lifted by another names why in its action already.
        if !f.because.is_empty() && !f.combined {
            group.reasons.push(sentence(&f.because));
        }
        // Joined with "; " and closed once by the page.
        let suggests = f.suggests.trim_end().trim_end_matches('.').to_owned();
        if !suggests.is_empty() && !group.suggests.contains(&suggests) {
            group.suggests.push(suggests);
        }
        for s in &f.sources {
            if !group.sources.contains(s) {
                group.sources.push(s.clone());
            }
        }
    }
    out
}

/// `text` ending as a sentence does: its own `?` or `!`, else one period.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['?', '!', '.']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// A day of the plan.
#[derive(Debug, Clone)]
pub struct Day {
    /// Plan week, from 1.
    pub week: u16,
    /// The plan's first and last day.
    pub plan_start: NaiveDate,
    /// Its last day.
    pub plan_end: NaiveDate,
    /// The session.
    pub session: Session,
    /// The routine (empty when none applies).
    pub routine: Routine,
}

/// Today's session.
#[derive(Debug, Clone, PartialEq)]
pub enum Session {
    /// A run.
    Run {
        /// `easy`, `steady` or `long`.
        kind: String,
        /// `easy` or `steady`.
        intensity: String,
        /// Kilometres.
        distance_km: f64,
        /// Estimated minutes, when the plan has an easy pace.
        est_minutes: Option<u16>,
        /// The brace guidance applies.
        brace: bool,
        /// Evidence level and verdict of the running progression.
        evidence: Evidence,
    },
    /// Cross-training.
    CrossTrain {
        /// The activity (cycling by default).
        activity: String,
        /// Minutes, easy.
        minutes: u16,
        /// What to do instead without its equipment.
        alternatives: Vec<String>,
        /// Evidence behind the dose.
        evidence: Evidence,
    },
    /// No session today.
    Rest,
}

/// A recommendation's evidence and sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// `high` .. `opinion`.
    pub level: &'static str,
    /// What research says.
    pub verdict: &'static str,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// The routine of the day.
#[derive(Debug, Clone, Default)]
pub struct Routine {
    /// Its name.
    pub name: String,
    /// When to do it.
    pub when: String,
    /// Optional today (a rest day: this week's dose, from a session day).
    pub optional: bool,
    /// The exercises, in order.
    pub steps: Vec<Step>,
}

/// One exercise of the routine at this week's dose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Exercise ID.
    pub exercise_id: String,
    /// Name.
    pub name: String,
    /// Rounds.
    pub sets: u8,
    /// Reps per round (each side when `per_side`).
    pub reps: u8,
    /// Reps count each side.
    pub per_side: bool,
    /// Seconds each rep is held.
    pub hold_s: Option<u8>,
    /// Reps is a minimum.
    pub at_least: bool,
    /// The dose in words.
    pub dose: String,
    /// The exercise this stands in for (missing equipment).
    pub replaces: Option<String>,
    /// What it is for.
    pub purpose: String,
    /// How to do it, step by step.
    pub how: Vec<String>,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Evidence level.
    pub evidence: &'static str,
}

impl Step {
    /// The reps of one round as the routine log counts them (both sides).
    pub fn reps_per_round(&self) -> u16 {
        u16::from(self.reps) * if self.per_side { 2 } else { 1 }
    }
}

/// The activity that started last.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityBrief {
    /// Its id.
    pub id: i64,
    /// The sport as the file named it (empty when not known here).
    pub sport: String,
    /// Its start.
    pub start: Option<DateTime<Utc>>,
    /// Kilometres.
    pub distance_km: Option<f64>,
}

/// A saved plan as today reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum SavedPlan {
    /// A plan was made.
    Ready(ReadyPlan),
    /// Held back (red flags, or the questions were due): the instruction.
    HeldBack(String),
}

/// A ready saved plan: its days with a session.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadyPlan {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// The routine's name.
    pub routine_name: String,
    /// When to do it.
    pub routine_when: String,
    /// The days with a session, in date order.
    pub days: Vec<PlanDay>,
}

/// One day of a saved plan with its session.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDay {
    /// Date.
    pub date: NaiveDate,
    /// Week, from 1.
    pub week: u16,
    /// The session.
    pub session: PlanSession,
    /// The routine with the session.
    pub routine: Vec<PlanItem>,
}

/// A saved session.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanSession {
    /// A run.
    Run {
        /// `easy`, `steady` or `long`.
        kind: String,
        /// Intensity.
        intensity: String,
        /// Kilometres.
        distance_km: f64,
        /// Estimated minutes.
        est_minutes: Option<u16>,
        /// Brace guidance applies.
        brace: bool,
    },
    /// Cross-training.
    CrossTrain {
        /// Activity.
        activity: String,
        /// Minutes.
        minutes: u16,
    },
}

/// One exercise of a saved routine, at its dose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    /// Exercise ID.
    pub exercise_id: String,
    /// Name.
    pub name: String,
    /// Rounds.
    pub sets: u8,
    /// Reps.
    pub reps: u8,
    /// Each side.
    pub per_side: bool,
    /// Hold, seconds.
    pub hold_s: Option<u8>,
    /// A minimum.
    pub at_least: bool,
    /// In words.
    pub dose: String,
    /// What it replaces.
    pub replaces: Option<String>,
    /// Source IDs.
    pub sources: Vec<String>,
}

/// A saved plan as today reads it (`None`: a plan saved in a layout this
/// version does not read).
fn from_record(record: &PlanRecord) -> SavedPlan {
    let ready = match &record.outcome {
        PlanOutcomeRecord::Blocked(b) => return SavedPlan::HeldBack(b.instruction.clone()),
        PlanOutcomeRecord::Ready(r) => r,
    };
    let items = |doses: &[DoseRecord]| -> Vec<PlanItem> {
        doses
            .iter()
            .map(|d| PlanItem {
                exercise_id: d.exercise_id.clone(),
                name: d.name.clone(),
                sets: d.sets,
                reps: d.reps,
                per_side: d.per_side,
                hold_s: d.hold_s,
                at_least: d.at_least,
                dose: d.dose.clone(),
                replaces: d.substitutes.as_ref().map(|s| s.name.clone()),
                sources: d.sources.clone(),
            })
            .collect()
    };
    SavedPlan::Ready(ReadyPlan {
        start: ready.start,
        end: ready.end,
        routine_name: ready.routine_name.clone(),
        routine_when: ready.routine_when.clone(),
        days: ready
            .days
            .iter()
            .map(|d| {
                let (session, routine) = match &d.session {
                    SessionRecord::Run {
                        kind,
                        intensity,
                        distance_m,
                        est_minutes,
                        brace,
                        routine,
                    } => (
                        PlanSession::Run {
                            kind: match kind {
                                RunKindRecord::Easy => "easy",
                                RunKindRecord::Steady => "steady",
                                RunKindRecord::Long => "long",
                            }
                            .to_owned(),
                            intensity: match intensity {
                                IntensityRecord::Easy => "easy",
                                IntensityRecord::Steady => "steady",
                            }
                            .to_owned(),
                            distance_km: f64::from(*distance_m) / 1000.0,
                            est_minutes: *est_minutes,
                            brace: *brace,
                        },
                        items(routine),
                    ),
                    SessionRecord::CrossTrain {
                        activity,
                        minutes,
                        routine,
                    } => (
                        PlanSession::CrossTrain {
                            activity: activity.clone(),
                            minutes: *minutes,
                        },
                        items(routine),
                    ),
                };
                PlanDay {
                    date: d.date,
                    week: d.week,
                    session,
                    routine,
                }
            })
            .collect(),
    })
}

/// The latest saved plan as today reads it: `None` without one, or when
/// it was saved in a layout this version does not read.
pub fn latest_plan(db: &Opened) -> Result<Option<SavedPlan>> {
    Ok(db
        .run(db.store.latest_plan())?
        .and_then(|p| p.plan.record().map(from_record)))
}

fn ids(sources: &[backstride_core::evidence::SourceId]) -> Vec<String> {
    sources.iter().map(|s| s.as_str().to_owned()).collect()
}

fn evidence(e: &backstride_core::evidence::Evidence, sources: Vec<String>) -> Evidence {
    Evidence {
        level: e.level.name(),
        verdict: e.verdict.name(),
        sources,
    }
}

/// The stop for what stands (empty flags and reasons: nothing stands).
pub fn stop_of(kb: &KnowledgeBase, standing: &Standing) -> Stop {
    Stop {
        lines: show::app_banner_lines(standing),
        flags: standing
            .flags
            .iter()
            .map(|f| StopFlag {
                id: f.id.clone(),
                tier: f.tier.name(),
                action: f.action.clone(),
                because: if f.asked && !f.because.starts_with("you ") {
                    format!("you answered yes to: {}", f.because)
                } else {
                    f.because.clone()
                },
                combined: f.combined,
                suggests: f.suggests.clone(),
                sources: ids(&f.sources),
            })
            .collect(),
        check_due: standing.check_due.reasons.clone(),
        to_ask: ask::items_to_ask(kb, standing, false)
            .into_iter()
            .map(|i| i.id)
            .collect(),
    }
}

fn routine_of(kb: &KnowledgeBase, items: &[PlanItem]) -> Vec<Step> {
    items
        .iter()
        .map(|i| {
            let known = kb.exercise(&i.exercise_id);
            Step {
                exercise_id: i.exercise_id.clone(),
                name: i.name.clone(),
                sets: i.sets,
                reps: i.reps,
                per_side: i.per_side,
                hold_s: i.hold_s,
                at_least: i.at_least,
                dose: i.dose.clone(),
                replaces: i.replaces.clone(),
                purpose: known.map(|e| e.purpose.clone()).unwrap_or_default(),
                how: known.map(|e| e.how.clone()).unwrap_or_default(),
                sources: i.sources.clone(),
                evidence: known.map_or("opinion", |e| e.evidence.level.name()),
            }
        })
        .collect()
}

/// Today's day of a ready plan: its session (or rest) and the routine,
/// on a rest day this week's routine as an option.
pub fn day_of(kb: &KnowledgeBase, plan: &ReadyPlan, today: NaiveDate) -> Result<Day, NoPlan> {
    if today < plan.start {
        return Err(NoPlan::NotYet(plan.start));
    }
    if today > plan.end {
        return Err(NoPlan::Ended(plan.end));
    }
    let week = u16::try_from((today - plan.start).num_days() / 7 + 1).unwrap_or(1);
    let todays = plan.days.iter().find(|d| d.date == today);
    let running = &kb.plan.running;
    let cross = &kb.plan.cross_training;
    let session = match todays.map(|d| &d.session) {
        Some(PlanSession::Run {
            kind,
            intensity,
            distance_km,
            est_minutes,
            brace,
        }) => Session::Run {
            kind: kind.clone(),
            intensity: intensity.clone(),
            distance_km: *distance_km,
            est_minutes: *est_minutes,
            brace: *brace,
            evidence: evidence(&running.evidence, ids(&running.sources)),
        },
        Some(PlanSession::CrossTrain { activity, minutes }) => Session::CrossTrain {
            activity: activity.clone(),
            minutes: *minutes,
            alternatives: cross.alternatives.clone(),
            evidence: evidence(&cross.evidence, ids(&cross.sources)),
        },
        None => Session::Rest,
    };
    // A rest day offers this week's routine (the first session day of the
    // week with one, else the nearest day with one).
    let (items, optional) = match todays.filter(|d| !d.routine.is_empty()) {
        Some(d) => (d.routine.as_slice(), false),
        None => {
            let same_week = plan
                .days
                .iter()
                .find(|d| d.week == week && !d.routine.is_empty());
            let nearest = plan
                .days
                .iter()
                .filter(|d| !d.routine.is_empty())
                .min_by_key(|d| (d.date - today).num_days().abs());
            (
                same_week
                    .or(nearest)
                    .map_or(&[][..], |d| d.routine.as_slice()),
                true,
            )
        }
    };
    Ok(Day {
        week,
        plan_start: plan.start,
        plan_end: plan.end,
        session,
        routine: Routine {
            name: plan.routine_name.clone(),
            when: plan.routine_when.clone(),
            optional,
            steps: routine_of(kb, items),
        },
    })
}

/// The activity that started last, with its sport, start and distance
/// when it started in the last 400 days.
pub fn latest_activity(db: &Opened, clock: &Clock) -> Result<Option<ActivityBrief>> {
    let Some(id) = db.run(db.store.last_activity_id())? else {
        return Ok(None);
    };
    let since = clock.now - chrono::Duration::days(400);
    let found = db
        .run(db.store.activity_summary(id))?
        .filter(|a| a.start >= since);
    Ok(Some(match found {
        Some(a) => ActivityBrief {
            id,
            sport: a.sport_label,
            start: Some(a.start),
            distance_km: Some((a.distance_m / 100.0).round() / 10.0),
        },
        None => ActivityBrief {
            id,
            sport: String::new(),
            start: None,
            distance_km: None,
        },
    }))
}

/// Today: the stop when anything stands, else the plan's day.
pub fn today(db: &Opened, kb: &KnowledgeBase, clock: &Clock) -> Result<Today> {
    let now = safety::now(db, kb, None, clock.today, &clock.zone)?;
    let show = if now.standing.stops() {
        Show::Stop(stop_of(kb, &now.standing))
    } else {
        match latest_plan(db)? {
            None => Show::NoPlan(NoPlan::None),
            Some(SavedPlan::HeldBack(why)) => Show::NoPlan(NoPlan::HeldBack(why)),
            Some(SavedPlan::Ready(plan)) => match day_of(kb, &plan, clock.today) {
                Ok(day) => Show::Day(Box::new(day)),
                Err(why) => Show::NoPlan(why),
            },
        }
    };
    Ok(Today {
        date: clock.today,
        show,
        latest_activity: latest_activity(db, clock)?,
        units: crate::usecase::profile::units(db)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn item(id: &str, sets: u8) -> PlanItem {
        PlanItem {
            exercise_id: id.to_owned(),
            name: id.to_owned(),
            sets,
            reps: 10,
            per_side: false,
            hold_s: Some(15),
            at_least: false,
            dose: format!("{sets} rounds"),
            replaces: None,
            sources: vec![],
        }
    }

    fn plan() -> ReadyPlan {
        ReadyPlan {
            start: date("2026-05-04"),
            end: date("2026-05-17"),
            routine_name: "R".to_owned(),
            routine_when: "W".to_owned(),
            days: vec![
                PlanDay {
                    date: date("2026-05-05"),
                    week: 1,
                    session: PlanSession::Run {
                        kind: "easy".to_owned(),
                        intensity: "easy".to_owned(),
                        distance_km: 4.0,
                        est_minutes: Some(28),
                        brace: false,
                    },
                    routine: vec![item("warrior-pose", 1)],
                },
                PlanDay {
                    date: date("2026-05-12"),
                    week: 2,
                    session: PlanSession::CrossTrain {
                        activity: "cycling".to_owned(),
                        minutes: 30,
                    },
                    routine: vec![item("warrior-pose", 2)],
                },
            ],
        }
    }

    #[test]
    fn a_session_day_a_rest_day_and_days_outside_the_plan() {
        let kb = KnowledgeBase::embedded().expect("knowledge base");
        let p = plan();
        let run = day_of(&kb, &p, date("2026-05-05")).expect("in the plan");
        assert!(matches!(
            run.session,
            Session::Run {
                est_minutes: Some(28),
                ..
            }
        ));
        assert!(!run.routine.optional);
        assert!(
            !run.routine.steps[0].how.is_empty(),
            "steps from the knowledge base"
        );
        // A rest day of week 2 offers week 2's dose, as an option.
        let rest = day_of(&kb, &p, date("2026-05-14")).expect("in the plan");
        assert_eq!(rest.session, Session::Rest);
        assert_eq!(rest.week, 2);
        assert!(rest.routine.optional);
        assert_eq!(rest.routine.steps[0].sets, 2);
        let cross = day_of(&kb, &p, date("2026-05-12")).expect("in the plan");
        assert!(
            matches!(&cross.session, Session::CrossTrain { alternatives, .. } if !alternatives.is_empty())
        );
        assert_eq!(
            day_of(&kb, &p, date("2026-05-03")).err(),
            Some(NoPlan::NotYet(date("2026-05-04")))
        );
        assert_eq!(
            day_of(&kb, &p, date("2026-05-18")).err(),
            Some(NoPlan::Ended(date("2026-05-17")))
        );
    }

    #[test]
    fn flags_with_one_action_are_said_once_with_every_reason() {
        let flag = |id: &str, action: &str, source: &str| StopFlag {
            id: id.to_owned(),
            tier: "emergency",
            action: action.to_owned(),
            because: format!("because {id}"),
            combined: false,
            suggests: "CES".to_owned(),
            sources: vec![source.to_owned(), "NICE".to_owned()],
        };
        let groups = grouped(&[
            flag("a", "Call 999", "X"),
            flag("b", "Call 999", "Y"),
            flag("c", "See a GP", "Z"),
        ]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].reasons, vec!["because a.", "because b."]);
        assert_eq!(groups[0].suggests, vec!["CES"]);
        assert_eq!(groups[0].sources, vec!["X", "NICE", "Y"]);
        assert_eq!(groups[1].action, "See a GP");
    }

    #[test]
    fn reasons_end_once_and_a_combined_flag_says_why_once() {
        let groups = grouped(&[
            StopFlag {
                id: "q".to_owned(),
                tier: "emergency",
                action: "Call 999".to_owned(),
                because: "you answered yes to: any numbness?".to_owned(),
                combined: false,
                suggests: "Cauda equina syndrome.".to_owned(),
                sources: vec![],
            },
            StopFlag {
                id: "weak".to_owned(),
                tier: "urgent",
                action: "See a doctor today. Why: weeks of pain together with numbness.".to_owned(),
                because: "weeks of pain together with numbness".to_owned(),
                combined: true,
                suggests: "A serious cause.".to_owned(),
                sources: vec![],
            },
        ]);
        assert_eq!(
            groups[0].reasons,
            vec!["you answered yes to: any numbness?"]
        );
        assert_eq!(groups[0].suggests, vec!["Cauda equina syndrome"]);
        assert!(groups[1].reasons.is_empty(), "{:?}", groups[1].reasons);
        assert_eq!(groups[1].suggests, vec!["A serious cause"]);
    }

    #[test]
    fn a_held_back_plan_is_read_as_such() {
        let record = PlanRecord {
            request: backstride_store::saved::plan::PlanRequestRecord {
                start: NaiveDate::from_ymd_opt(2026, 5, 4).expect("date"),
                weeks: 4,
                cross_days_per_30: None,
                caps: None,
            },
            applied: None,
            outcome: PlanOutcomeRecord::Blocked(backstride_store::saved::plan::BlockedRecord {
                tier: "urgent".to_owned(),
                instruction: "See a doctor today.".to_owned(),
                flags: Vec::new(),
            }),
            from_report: false,
        };
        assert_eq!(
            from_record(&record),
            SavedPlan::HeldBack("See a doctor today.".to_owned())
        );
    }
}
