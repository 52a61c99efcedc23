//! The adaptive plan rule (issue 4, part 5): the pain-monitoring model
//! (FACTS 7; Silbernagel et al. 2007) turned into a decision with reasons.
//!
//! - a red flag -> **stop** (see a doctor);
//! - pain at 9-10/10 during, after or the next morning -> **stop** (severe
//!   pain needs a clinician, not a smaller plan; NHS-BACK-PAIN, HEIW-LBP);
//! - pain during or after above 5/10, or not settled by the next morning
//!   (above the morning baseline) -> **step back**;
//! - no next-morning score yet -> **hold** (we cannot tell it settled);
//! - pain at most 5/10 and settled, but more than 2 points above the
//!   baseline -> **hold** ("rose but settled"; the 2-point margin is a
//!   clinical heuristic matching the NRS MCID, CHILDS-2005);
//! - otherwise -> **progress**.
//!
//! The decision is then applied to weekly running distance (progress +10 %,
//! a conservative convention well under Nielsen's 30 %; step back -20 %;
//! never above the doctor's cap, rounded down to 100 m) and to the routine
//! dose (progress: +2 reps up to the maximum, then a round; ACSM-2009).
//! This is a design proposal built from the sources, not a validated
//! algorithm, and says so.

use chrono::NaiveDate;

use crate::assessment::triage::FiredFlag;
use crate::pain::{Episode, Settled};
use crate::units::{Meters, Nrs};

/// Pain during activity may reach but not exceed this (FACTS 7).
pub const PAIN_CEILING: u8 = 5;
/// A rise above baseline beyond this many points means hold.
pub const RISE_MARGIN: u8 = 2;

/// How the back responded to the last run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Response {
    /// Highest pain during the run.
    pub during: Option<Nrs>,
    /// Highest pain after it, the same day.
    pub after: Option<Nrs>,
    /// Next morning's pain.
    pub next_morning: Option<Nrs>,
    /// The usual morning pain before the run.
    pub baseline: Nrs,
    /// A red flag is present.
    pub red_flag: bool,
}

impl Response {
    /// From a pain episode.
    pub fn from_episode(e: &Episode, red_flag: bool) -> Self {
        let nrs = |v: Option<u8>| v.and_then(|v| Nrs::new(i64::from(v)).ok());
        Response {
            during: nrs(e.during),
            after: nrs(e.after),
            next_morning: nrs(e.next_morning),
            baseline: nrs(Some(e.baseline)).unwrap_or_default(),
            red_flag,
        }
    }
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Add a little.
    Progress,
    /// Keep the same.
    Hold,
    /// Reduce.
    StepBack,
    /// Stop and see a doctor.
    Stop,
}

/// A decision with its reasons and sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The action.
    pub action: Action,
    /// Why, in words.
    pub reasons: Vec<String>,
    /// Knowledge-base source IDs.
    pub sources: Vec<String>,
    /// The run day whose pain it rests on, if it rests on one.
    pub run_day: Option<NaiveDate>,
}

/// Applies the pain-monitoring rules.
pub fn decide(r: &Response) -> Decision {
    let d = |action, reason: String, sources: &[&str]| Decision {
        action,
        reasons: vec![reason],
        sources: sources.iter().map(|s| (*s).to_owned()).collect(),
        run_day: None,
    };
    if r.red_flag {
        return d(
            Action::Stop,
            "A red flag is present: stop running and see a doctor.".into(),
            &["SEED-DOCTOR"],
        );
    }
    let peak = r.during.max(r.after).map_or(0, Nrs::get);
    let base = r.baseline.get();
    let worst = peak.max(r.next_morning.map_or(0, Nrs::get));
    if worst >= crate::safety::pain::SEVERE_NRS {
        return d(
            Action::Stop,
            format!(
                "Pain reached {worst}/10: severe pain is no reason to run less but to stop and see a GP or physiotherapist within 48 hours."
            ),
            &["NHS-BACK-PAIN", "HEIW-LBP", "SEED-DOCTOR"],
        );
    }
    if peak > PAIN_CEILING {
        return d(
            Action::StepBack,
            format!(
                "Pain reached {peak}/10, above the 5/10 ceiling of the pain-monitoring model: step back."
            ),
            &["SILBERNAGEL-2007"],
        );
    }
    let Some(morning) = r.next_morning.map(Nrs::get) else {
        return d(Action::Hold, "No next-morning pain score yet, so we cannot tell whether it settled: hold until you log one.".into(), &["SILBERNAGEL-2007"]);
    };
    if morning > base {
        return d(
            Action::StepBack,
            format!(
                "Next-morning pain {morning}/10 was above your usual {base}/10: it had not settled, so step back."
            ),
            &["SILBERNAGEL-2007"],
        );
    }
    if peak > base.saturating_add(RISE_MARGIN) {
        return d(
            Action::Hold,
            format!(
                "Pain rose to {peak}/10 (more than 2 points above your usual {base}/10) but settled by the next morning: hold. The 2-point margin is a clinical heuristic, not a validated rule."
            ),
            &["SILBERNAGEL-2007", "CHILDS-2005"],
        );
    }
    d(
        Action::Progress,
        format!(
            "Pain stayed at {peak}/10 (at most 5/10) and was back to {morning}/10 by the next morning: you may progress a little."
        ),
        &["SILBERNAGEL-2007"],
    )
}

/// Next week's running distance under the decision, within the cap.
pub fn next_weekly_distance(action: Action, current: Meters, cap: Meters) -> (Meters, String) {
    let factor = match action {
        Action::Progress => 1.10,
        Action::Hold => 1.0,
        Action::StepBack => 0.80,
        Action::Stop => 0.0,
    };
    let raw = (f64::from(current.0) * factor / 100.0).floor() as u32 * 100;
    let next = Meters(raw.min(cap.0));
    let why = match action {
        Action::Progress => {
            "up 10% (a conservative step, well under the 30% rise that went with injuries; NIELSEN-2014)"
        }
        Action::Hold => "the same as this week",
        Action::StepBack => "down 20% until the pain settles",
        Action::Stop => "no running until a doctor has seen you",
    };
    let capped = if next.0 < raw {
        " (held at your doctor's cap)"
    } else {
        ""
    };
    (next, format!("Next week: {next}, {why}{capped}."))
}

/// A routine dose: rounds through the exercises and reps per round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoutineDose {
    /// Rounds (0 when stopped).
    pub rounds: u8,
    /// Reps per round.
    pub reps: u16,
}

/// The routine dose under the decision, within the maxima.
pub fn next_routine(
    action: Action,
    dose: RoutineDose,
    max_rounds: u8,
    max_reps: u16,
) -> RoutineDose {
    match action {
        Action::Progress if dose.reps.saturating_add(2) <= max_reps => RoutineDose {
            reps: dose.reps + 2,
            ..dose
        },
        Action::Progress => RoutineDose {
            rounds: dose.rounds.saturating_add(1).min(max_rounds),
            reps: dose.reps.min(max_reps),
        },
        Action::Hold => dose,
        Action::StepBack if dose.rounds > 1 => RoutineDose {
            rounds: dose.rounds - 1,
            ..dose
        },
        Action::StepBack => RoutineDose {
            reps: dose.reps.saturating_sub(2).max(1),
            ..dose
        },
        Action::Stop => RoutineDose { rounds: 0, reps: 0 },
    }
}

/// The decision from the most recent episode with a known outcome (or the
/// latest episode if none is known yet); `None` without any episode and
/// without a red flag. Any red flag means stop, naming the most urgent
/// (the first of `red_flags`) with its instruction and sources.
pub fn from_history(episodes: &[Episode], red_flags: &[FiredFlag]) -> Option<Decision> {
    if let Some(flag) = red_flags.first() {
        let mut sources: Vec<String> = flag.sources.iter().map(ToString::to_string).collect();
        if !sources.iter().any(|s| s == "SEED-DOCTOR") {
            sources.push("SEED-DOCTOR".to_owned());
        }
        return Some(Decision {
            action: Action::Stop,
            reasons: vec![format!(
                "A red flag is present: {} ({}). {}",
                flag.suggests, flag.because, flag.action
            )],
            sources,
            run_day: None,
        });
    }
    let latest = episodes
        .iter()
        .rev()
        .find(|e| e.settled != Settled::Unknown)
        .or(episodes.last())?;
    Some(Decision {
        run_day: Some(latest.date),
        ..decide(&Response::from_episode(latest, false))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: i64) -> Option<Nrs> {
        Nrs::new(v).ok()
    }

    #[test]
    fn the_four_rules() {
        let base = Response {
            during: n(3),
            next_morning: n(0),
            ..Response::default()
        };
        assert_eq!(decide(&base).action, Action::Hold);
        assert_eq!(
            decide(&Response {
                during: n(2),
                ..base
            })
            .action,
            Action::Progress
        );
        assert_eq!(
            decide(&Response {
                during: n(6),
                ..base
            })
            .action,
            Action::StepBack
        );
        assert_eq!(
            decide(&Response {
                next_morning: n(2),
                ..base
            })
            .action,
            Action::StepBack
        );
        assert_eq!(
            decide(&Response {
                red_flag: true,
                ..base
            })
            .action,
            Action::Stop
        );
    }

    #[test]
    fn severe_pain_stops_instead_of_stepping_back() {
        let base = Response {
            during: n(3),
            next_morning: n(0),
            ..Response::default()
        };
        for severe in [
            Response {
                during: n(9),
                ..base
            },
            Response {
                after: n(10),
                ..base
            },
            Response {
                next_morning: n(9),
                ..base
            },
        ] {
            let d = decide(&severe);
            assert_eq!(d.action, Action::Stop, "{severe:?}");
            assert!(d.sources.iter().any(|s| s == "NHS-BACK-PAIN"));
        }
        assert_eq!(
            decide(&Response {
                during: n(8),
                ..base
            })
            .action,
            Action::StepBack
        );
    }

    #[test]
    fn distance_stays_under_the_cap_and_rounds_down() {
        let (m, _) = next_weekly_distance(Action::Progress, Meters(20_000), Meters(21_000));
        assert_eq!(m, Meters(21_000));
        let (m, _) = next_weekly_distance(Action::StepBack, Meters(12_345), Meters(50_000));
        assert_eq!(m, Meters(9_800));
    }
}
