//! `backstride limits`: the limits a doctor wrote on the clinician report
//! (weekly km, hardest intensity, runs a week, brace yes/no, follow-up
//! date), kept in the store with the time they were set, shown when no flag
//! is given, and obeyed by `plan` and `plan --adapt`.
//!
//! How they combine with the answers file's `[doctor]` table: for each
//! limit the stricter one wins (the lower distance and run count, the
//! easier intensity), so entering the doctor's sheet never loosens a limit
//! the runner already keeps. The brace and the follow-up date exist only
//! here: "brace yes" marks every run for the brace and says so, "brace no"
//! takes the brace guidance out of the plan, and the follow-up date becomes
//! a plan notice. The caps go into a copy of the answers used to build the
//! plan; the saved answers stay as the runner gave them, so `--clear`
//! really removes the doctor's limits.

use std::io::Write;

use anyhow::Result;
use backstride_core::assessment::answers::{Answers, Intensity};
use backstride_core::evidence::SourceId;
use backstride_core::plan::{Notice, NoticeKind, PlanOutcome, Session};
use backstride_core::units::Meters;
use backstride_store::{DoctorLimits, IntensityLimit, SavedLimits};

use crate::cli::LimitsArgs;
use crate::commands::{Clock, Outcome, UserError};
use crate::datadir::DataDir;
use crate::storage::{self, Opened};

/// The planner's intensity cap for a doctor's intensity limit (`hard` is
/// no cap: the planner never goes above steady anyway).
pub fn intensity_cap(limit: IntensityLimit) -> Option<Intensity> {
    match limit {
        IntensityLimit::Easy => Some(Intensity::Easy),
        IntensityLimit::Moderate => Some(Intensity::Steady),
        IntensityLimit::Hard => None,
    }
}

/// The stricter of two optional limits (`None` is "no limit").
fn stricter<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The limits in force for `plan` and `plan --adapt`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InForce(pub Option<DoctorLimits>);

impl InForce {
    /// Reads the stored limits.
    pub fn read(db: &Opened) -> Result<Self> {
        Ok(InForce(db.run(db.store.latest_limits())?.map(|s| s.limits)))
    }

    /// A copy of `answers` whose doctor's caps are the stricter of theirs
    /// and the stored limits.
    pub fn caps(&self, answers: &Answers) -> Answers {
        let mut out = answers.clone();
        let Some(l) = &self.0 else { return out };
        let caps = &mut out.caps;
        let km = l.weekly_km.and_then(|km| Meters::from_km(km).ok());
        caps.weekly_distance = stricter(caps.weekly_distance, km);
        caps.runs_per_week = stricter(caps.runs_per_week, l.runs_per_week);
        caps.max_intensity = stricter(caps.max_intensity, l.max_intensity.and_then(intensity_cap));
        out
    }

    /// The brace and follow-up parts of the limits applied to a plan (a
    /// blocked plan stays as it is).
    pub fn apply(&self, outcome: PlanOutcome) -> PlanOutcome {
        let (Some(l), PlanOutcome::Ready(mut plan)) = (&self.0, outcome.clone()) else {
            return outcome;
        };
        let doctor = vec![SourceId("SEED-DOCTOR".to_owned())];
        if let Some(brace) = l.brace {
            for day in &mut plan.days {
                if let Session::Run(run) = &mut day.session {
                    run.brace = brace;
                }
            }
            plan.notices.retain(|n| n.kind != NoticeKind::Brace);
            plan.notices.insert(
                0,
                Notice {
                    kind: NoticeKind::Brace,
                    text: if brace {
                        "Brace: your doctor advised running with it (entered with `backstride limits`)."
                    } else {
                        "No brace: your doctor advised running without it (entered with `backstride limits`)."
                    }
                    .to_owned(),
                    sources: vec![
                        SourceId("SEED-BRACE-DOCTOR".to_owned()),
                        SourceId("SEED-DOCTOR".to_owned()),
                    ],
                },
            );
        }
        if let Some(date) = l.follow_up {
            plan.notices.insert(
                0,
                Notice {
                    kind: NoticeKind::Doctor,
                    text: format!(
                        "See your doctor again on {date}, as agreed; bring a fresh `backstride report`."
                    ),
                    sources: doctor.clone(),
                },
            );
        }
        plan.sources.extend(doctor);
        if l.brace.is_some() {
            plan.sources
                .insert(SourceId("SEED-BRACE-DOCTOR".to_owned()));
        }
        PlanOutcome::Ready(plan)
    }
}

/// The limits as lines for people.
pub fn describe(l: &DoctorLimits) -> Vec<String> {
    let or_none = |v: Option<String>| v.unwrap_or_else(|| "no limit".to_owned());
    vec![
        format!(
            "Weekly distance: {}",
            or_none(l.weekly_km.map(|km| format!("at most {km} km")))
        ),
        format!(
            "Intensity: {}",
            or_none(l.max_intensity.map(|i| format!("at most {}", i.name())))
        ),
        format!(
            "Runs a week: {}",
            or_none(l.runs_per_week.map(|r| format!("at most {r}")))
        ),
        format!(
            "Brace: {}",
            l.brace.map_or("not said", |b| if b { "yes" } else { "no" })
        ),
        format!(
            "Follow-up: {}",
            l.follow_up.map_or("not set".to_owned(), |d| d.to_string())
        ),
    ]
}

/// The new limits from the flags: the ones given replace those in force,
/// the others are kept (`--clear` starts from none).
pub fn merged(args: &LimitsArgs, current: Option<&SavedLimits>) -> Result<DoctorLimits, UserError> {
    let mut l = match (args.clear, current) {
        (false, Some(c)) => c.limits,
        _ => DoctorLimits::default(),
    };
    if let Some(km) = args.weekly_km {
        if !(km.is_finite() && (0.0..=300.0).contains(&km)) {
            return Err(UserError(format!(
                "--weekly-km {km}: expected a distance from 0 to 300 km"
            )));
        }
        l.weekly_km = Some(km);
    }
    if let Some(i) = &args.max_intensity {
        l.max_intensity = Some(IntensityLimit::parse(i).ok_or_else(|| {
            UserError(format!(
                "--max-intensity {i:?}: expected easy, moderate or hard"
            ))
        })?);
    }
    if let Some(r) = args.runs_per_week {
        l.runs_per_week = Some(r);
    }
    if let Some(b) = &args.brace {
        l.brace = Some(match b.as_str() {
            "yes" => true,
            "no" => false,
            other => {
                return Err(UserError(format!("--brace {other:?}: expected yes or no")));
            }
        });
    }
    if let Some(d) = args.follow_up {
        l.follow_up = Some(d);
    }
    Ok(l)
}

/// Whether any flag that sets or clears limits was given.
fn changes(args: &LimitsArgs) -> bool {
    args.clear
        || args.weekly_km.is_some()
        || args.max_intensity.is_some()
        || args.runs_per_week.is_some()
        || args.brace.is_some()
        || args.follow_up.is_some()
}

/// Runs `backstride limits`.
pub fn command(args: &LimitsArgs, clock: &Clock) -> Result<Outcome> {
    let db = storage::open(&DataDir::locate()?)?;
    let current = db.run(db.store.latest_limits())?;
    let mut out = std::io::stdout().lock();
    if !changes(args) {
        match current {
            Some(s) => {
                writeln!(
                    out,
                    "Your doctor's limits (entered {}):",
                    s.set_at.format("%Y-%m-%d")
                )?;
                for line in describe(&s.limits) {
                    writeln!(out, "  {line}")?;
                }
            }
            None => writeln!(
                out,
                "No doctor's limits entered. Enter them from the clinician report with `backstride limits --weekly-km N --max-intensity easy|moderate|hard --runs-per-week N --brace yes|no --follow-up DATE`."
            )?,
        }
        return Ok(Outcome::Done);
    }
    let new = merged(args, current.as_ref())?;
    db.run(db.store.save_limits(&new, clock.now))?;
    if new.is_empty() {
        writeln!(out, "Doctor's limits cleared.")?;
    } else {
        writeln!(out, "Saved your doctor's limits:")?;
        for line in describe(&new) {
            writeln!(out, "  {line}")?;
        }
        writeln!(
            out,
            "`backstride plan` and `plan --adapt` keep to them (and to any stricter ones in your answers)."
        )?;
    }
    Ok(Outcome::Done)
}
