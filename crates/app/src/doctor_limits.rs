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
        let Some(l) = &self.0 else { return outcome };
        let mut plan = match outcome {
            PlanOutcome::Ready(plan) => plan,
            blocked => return blocked,
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

#[cfg(test)]
mod tests {
    use backstride_core::knowledge::KnowledgeBase;
    use chrono::NaiveDate;

    use super::*;

    /// The example runner's answers (read once).
    fn answers() -> Answers {
        static ANSWERS: std::sync::OnceLock<Answers> = std::sync::OnceLock::new();
        ANSWERS
            .get_or_init(|| {
                let kb = KnowledgeBase::embedded().expect("knowledge base");
                let text = include_str!("../../../examples/answers/lower-back.toml");
                crate::answers_file::parse(text)
                    .and_then(|raw| raw.validate(&kb))
                    .expect("the example answers are valid")
            })
            .clone()
    }

    fn limits(km: Option<f64>, i: Option<IntensityLimit>, runs: Option<u8>) -> InForce {
        InForce(Some(DoctorLimits {
            weekly_km: km,
            max_intensity: i,
            runs_per_week: runs,
            ..DoctorLimits::default()
        }))
    }

    #[test]
    fn the_stricter_of_answers_and_stored_limits_wins_each_limit() {
        // The example allows 20 km, steady and 4 runs.
        let a = answers();
        let tight = limits(Some(18.5), Some(IntensityLimit::Easy), None)
            .caps(&a)
            .caps;
        assert_eq!(tight.weekly_distance, Some(Meters(18_500)));
        assert_eq!(tight.max_intensity, Some(Intensity::Easy));
        assert_eq!(tight.runs_per_week, Some(4));
        let loose = limits(Some(60.0), Some(IntensityLimit::Hard), Some(7))
            .caps(&a)
            .caps;
        assert_eq!(loose, a.caps, "looser limits change nothing");
        let mut open = a.clone();
        open.caps = Default::default();
        let only_stored = limits(Some(10.0), Some(IntensityLimit::Moderate), Some(2))
            .caps(&open)
            .caps;
        assert_eq!(only_stored.weekly_distance, Some(Meters(10_000)));
        assert_eq!(only_stored.max_intensity, Some(Intensity::Steady));
        assert_eq!(only_stored.runs_per_week, Some(2));
        assert_eq!(InForce(None).caps(&a), a);
    }

    fn args() -> LimitsArgs {
        LimitsArgs {
            weekly_km: None,
            max_intensity: None,
            runs_per_week: None,
            brace: None,
            follow_up: None,
            clear: false,
        }
    }

    #[test]
    fn new_flags_replace_theirs_keep_the_rest_and_clear_starts_over() {
        let current = SavedLimits {
            id: 1,
            limits: DoctorLimits {
                weekly_km: Some(12.0),
                max_intensity: Some(IntensityLimit::Easy),
                runs_per_week: Some(2),
                brace: Some(true),
                follow_up: NaiveDate::from_ymd_opt(2027, 1, 15),
            },
            set_at: chrono::DateTime::UNIX_EPOCH,
        };
        let brace_no = LimitsArgs {
            brace: Some("no".into()),
            ..args()
        };
        let changed = merged_or_panic(&brace_no, &current);
        assert_eq!(changed.brace, Some(false));
        assert_eq!(changed.weekly_km, Some(12.0));
        assert_eq!(changed.follow_up, current.limits.follow_up);
        let fresh = LimitsArgs {
            clear: true,
            runs_per_week: Some(3),
            ..args()
        };
        assert_eq!(
            merged_or_panic(&fresh, &current),
            DoctorLimits {
                runs_per_week: Some(3),
                ..DoctorLimits::default()
            }
        );
        for bad in [
            LimitsArgs {
                weekly_km: Some(-1.0),
                ..args()
            },
            LimitsArgs {
                weekly_km: Some(f64::INFINITY),
                ..args()
            },
            LimitsArgs {
                max_intensity: Some("sprint".into()),
                ..args()
            },
            LimitsArgs {
                brace: Some("sometimes".into()),
                ..args()
            },
        ] {
            assert!(merged(&bad, Some(&current)).is_err(), "{bad:?}");
        }
    }

    fn intensity() -> impl proptest::strategy::Strategy<Value = Option<IntensityLimit>> {
        use proptest::prelude::*;
        proptest::option::of(prop_oneof![
            Just(IntensityLimit::Easy),
            Just(IntensityLimit::Moderate),
            Just(IntensityLimit::Hard),
        ])
    }

    proptest::proptest! {
        /// Entering limits never loosens a cap: each is at most what the
        /// answers allowed and at most what the doctor set.
        #[test]
        fn entering_limits_never_loosens_a_cap(
            answer_km in proptest::option::of(0u32..300_000),
            answer_easy in proptest::option::of(proptest::bool::ANY),
            answer_runs in proptest::option::of(0u8..=7),
            km in proptest::option::of(0.0f64..300.0),
            level in intensity(),
            runs in proptest::option::of(0u8..=7),
        ) {
            let mut a = answers();
            a.caps.weekly_distance = answer_km.map(Meters);
            a.caps.max_intensity = answer_easy.map(|e| if e { Intensity::Easy } else { Intensity::Steady });
            a.caps.runs_per_week = answer_runs;
            let caps = limits(km, level, runs).caps(&a).caps;
            let doctor_km = km.and_then(|k| Meters::from_km(k).ok());
            for bound in [a.caps.weekly_distance, doctor_km].into_iter().flatten() {
                proptest::prop_assert!(caps.weekly_distance.is_some_and(|c| c <= bound));
            }
            for bound in [a.caps.max_intensity, level.and_then(intensity_cap)].into_iter().flatten() {
                proptest::prop_assert!(caps.max_intensity.is_some_and(|c| c <= bound));
            }
            for bound in [a.caps.runs_per_week, runs].into_iter().flatten() {
                proptest::prop_assert!(caps.runs_per_week.is_some_and(|c| c <= bound));
            }
        }
    }

    fn merged_or_panic(a: &LimitsArgs, current: &SavedLimits) -> DoctorLimits {
        merged(a, Some(current)).expect("valid")
    }
}
