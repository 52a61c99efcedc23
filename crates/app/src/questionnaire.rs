//! The interactive assessment in a terminal. It asks the red-flag questions
//! first (safety before anything else), then the rest, and builds the same
//! [`RawAnswers`] an answers file holds, so both paths go through one
//! validation.
//!
//! A "yes" to an emergency question ends the questions at once: its
//! instruction is shown, and the answers are the checklist so far (the rest
//! of the runner's earlier saved answers kept with it, if there are any).
//! Stopping the safety questions (Ctrl-C, Esc) prints what to do if a
//! warning sign applies, saves nothing and fails.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use backstride_core::assessment::answers::{Answers, limits};
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::knowledge::model::{FlagTier, RedFlag};
use inquire::validator::Validation;
use inquire::{Confirm, CustomType, InquireError, MultiSelect, Select, Text};

use crate::answers_file::{
    RawAnswers, RawCoreTests, RawDoctor, RawHistory, RawPain, RawRunner, RawRunning, vocab,
};
use crate::commands::UserError;

fn pick_many<T>(prompt: &str, options: &[(&str, T)], labels: &[&str]) -> Result<Vec<String>> {
    let chosen = MultiSelect::new(prompt, labels.to_vec()).raw_prompt()?;
    Ok(chosen
        .into_iter()
        .map(|o| options[o.index].0.to_owned())
        .collect())
}

fn pick_one<T>(prompt: &str, options: &[(&str, T)], labels: &[&str]) -> Result<String> {
    let chosen = Select::new(prompt, labels.to_vec()).raw_prompt()?;
    Ok(options[chosen.index].0.to_owned())
}

/// The words each choice is offered with, in the order of the answers
/// file's vocabulary ([`vocab`]); the web's check-in form offers the same.
pub mod labels {
    /// [`super::vocab::SEX`].
    pub const SEX: &[&str] = &["female", "male", "prefer not to say"];
    /// [`super::vocab::REGION`].
    pub const REGION: &[&str] = &[
        "lower back",
        "upper back, between the shoulder blades",
        "neck",
        "somewhere else",
    ];
    /// [`super::vocab::TIMING`].
    pub const TIMING: &[&str] = &[
        "early in a run",
        "late in a run, when tired",
        "after a run",
        "the next morning",
        "at rest, and rest does not ease it",
        "at night, waking me",
    ];
    /// [`super::vocab::TREND`].
    pub const TREND: &[&str] = &["getting better", "about the same", "getting worse"];
    /// [`super::vocab::NOTICED`].
    pub const NOTICED: &[&str] = &[
        "my head leads my body",
        "my arms tuck in when I tire",
        "my arms or shoulders rise when I tire",
        "I slump or fold at the waist",
    ];
    /// [`super::vocab::EQUIPMENT`].
    pub const EQUIPMENT: &[&str] = &[
        "an exercise ball",
        "a bike or indoor trainer",
        "a back brace",
    ];
}

/// What a whole-number question says when the text is not one.
const NOT_A_WHOLE_NUMBER: &str = "type a whole number, like 3 (digits only)";

/// What a distance question says when the text is not a distance.
const NOT_A_DISTANCE: &str = "type the km as a number, like 25 or 25.5";

/// Reads a distance in km as typed: `25`, `25.5`, `25,5` or `25.5 km`.
pub fn parse_km(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = t
        .strip_suffix("km")
        .or_else(|| t.strip_suffix("KM"))
        .unwrap_or(t)
        .trim()
        .replace(',', ".");
    let ok = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    ok.then(|| t.parse::<f64>().ok())
        .flatten()
        .filter(|km| km.is_finite())
}

fn km_question<'a>(prompt: &'a str, min: f64, max: f64, help: &'a str) -> CustomType<'a, f64> {
    CustomType::<f64>::new(prompt)
        .with_help_message(help)
        .with_parser(&|t| parse_km(t).ok_or(()))
        .with_error_message(NOT_A_DISTANCE)
        .with_formatter(&|km| format!("{km} km"))
        .with_validator(move |v: &f64| {
            Ok(if (min..=max).contains(v) {
                Validation::Valid
            } else {
                Validation::Invalid(format!("enter a distance from {min} to {max} km").into())
            })
        })
}

fn km(prompt: &str, min: f64, max: f64, help: &str) -> Result<f64> {
    Ok(km_question(prompt, min, max, help).prompt()?)
}

fn optional_km(prompt: &str, min: f64, max: f64) -> Result<Option<f64>> {
    Ok(km_question(
        prompt,
        min,
        max,
        "km, decimals allowed (25.5); press Esc to skip",
    )
    .prompt_skippable()?)
}

fn number(prompt: &str, min: i64, max: i64, help: &str) -> Result<i64> {
    Ok(CustomType::<i64>::new(prompt)
        .with_help_message(help)
        .with_error_message(NOT_A_WHOLE_NUMBER)
        .with_validator(move |v: &i64| {
            Ok(if (min..=max).contains(v) {
                Validation::Valid
            } else {
                Validation::Invalid(format!("enter a number from {min} to {max}").into())
            })
        })
        .prompt()?)
}

fn optional_number(prompt: &str, min: i64, max: i64) -> Result<Option<i64>> {
    Ok(CustomType::<i64>::new(prompt)
        .with_help_message("press Esc to skip")
        .with_error_message(NOT_A_WHOLE_NUMBER)
        .with_validator(move |v: &i64| {
            Ok(if (min..=max).contains(v) {
                Validation::Valid
            } else {
                Validation::Invalid(format!("enter a number from {min} to {max}").into())
            })
        })
        .prompt_skippable()?)
}

fn yes_no(prompt: &str) -> Result<bool> {
    Ok(Confirm::new(prompt).with_help_message("y or n").prompt()?)
}

/// What the questionnaire does after a red-flag answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep<'a> {
    /// Ask the next question.
    Continue,
    /// Ask nothing more: show this instruction now.
    Stop {
        /// The flag's instruction.
        instruction: &'a str,
    },
}

/// After `yes` (or no) to `flag`: a "yes" to an emergency question stops
/// the questions, since no later answer can make the outcome less urgent.
pub fn after_answer(flag: &RedFlag, yes: bool) -> NextStep<'_> {
    if yes && flag.tier == FlagTier::Emergency {
        NextStep::Stop {
            instruction: &flag.action,
        }
    } else {
        NextStep::Continue
    }
}

/// Whether a prompt error is the runner stopping (Ctrl-C or Esc).
fn stopped(e: &InquireError) -> bool {
    matches!(
        e,
        InquireError::OperationInterrupted | InquireError::OperationCanceled
    )
}

/// What to tell a runner who stops the safety questions before the end:
/// every warning sign by name, grouped by how soon to act, from the
/// knowledge base.
pub fn interrupted_advice(kb: &KnowledgeBase) -> String {
    let names = |tier: FlagTier| -> Vec<String> {
        kb.red_flags
            .iter()
            .filter(|f| f.tier == tier && f.combined_action.is_none())
            .map(|f| format!("  - {}", f.name))
            .collect()
    };
    let mut text = String::from(
        "The safety questions were stopped before the end, so nothing was saved and no plan was made.\n",
    );
    for (tier, what) in [
        (
            FlagTier::Emergency,
            "If any of these applies to you, call 999/112/911 or go to the emergency department now:",
        ),
        (
            FlagTier::Urgent,
            "If any of these applies to you, stop running and see a doctor today (within 48 hours at the latest):",
        ),
        (
            FlagTier::Soon,
            "If any of these applies to you, pause running and book a GP or physiotherapist within two weeks:",
        ),
    ] {
        text.push('\n');
        text.push_str(what);
        text.push('\n');
        text.push_str(&names(tier).join("\n"));
        text.push('\n');
    }
    text.push_str("\nRun `backstride assess` again to answer every question. ");
    text.push_str(backstride_core::DISCLAIMER);
    text
}

/// A "yes" to an emergency question with no earlier answers to keep it
/// with: the instruction was shown, and there are no complete answers to
/// save. The shell exits with the red-flag code.
#[derive(Debug, thiserror::Error)]
#[error(
    "an emergency warning sign: follow the instruction above now. Nothing was saved (there were no earlier answers to keep it with)."
)]
pub struct EmergencyStop;

/// The answers after an emergency "yes": the checklist so far with the
/// rest of the earlier answers, or [`EmergencyStop`] without them.
fn emergency_answers(
    red_flags: BTreeMap<String, bool>,
    previous: Option<Answers>,
) -> Result<Answers> {
    match previous {
        Some(previous) => {
            println!(
                "No more questions: this answer alone decides what to do. Your earlier answers to the other questions are kept with it.\n"
            );
            Ok(Answers {
                red_flags,
                ..previous
            })
        }
        None => Err(EmergencyStop.into()),
    }
}

/// Asks every question and returns validated answers. `previous`, the
/// latest saved answers, are kept with the checklist if an emergency
/// answer ends the questions early.
pub fn ask(kb: &KnowledgeBase, previous: Option<Answers>) -> Result<Answers> {
    println!("Backstride assessment. {}", backstride_core::DISCLAIMER);
    println!(
        "\nFirst, some safety questions. Answer each one honestly: they decide whether exercise is safe for you now.\n"
    );
    let mut red_flags = BTreeMap::new();
    for (flag, question) in kb.asked_flags() {
        let yes = match Confirm::new(question).with_help_message("y or n").prompt() {
            Ok(yes) => yes,
            Err(e) if stopped(&e) => {
                eprintln!("\n{}", interrupted_advice(kb));
                return Err(UserError(
                    "the assessment was stopped during the safety questions; nothing was saved"
                        .to_owned(),
                )
                .into());
            }
            Err(e) => return Err(e.into()),
        };
        red_flags.insert(flag.id.clone(), yes);
        if let NextStep::Stop { instruction } = after_answer(flag, yes) {
            println!("\n!! {instruction}\n");
            return emergency_answers(red_flags, previous);
        }
    }
    rest(kb, red_flags).map_err(|e| match e.downcast_ref::<InquireError>() {
        Some(i) if stopped(i) => {
            UserError("the assessment was stopped before the end; nothing was saved".to_owned())
                .into()
        }
        _ => e,
    })
}

/// The questions after the safety questions.
fn rest(kb: &KnowledgeBase, red_flags: BTreeMap<String, bool>) -> Result<Answers> {
    println!("\nAbout you and your pain.\n");
    let age = number("Your age?", limits::AGE_MIN, limits::AGE_MAX, "in years")?;
    let sex = pick_one("Sex (for strength-test norms)?", vocab::SEX, labels::SEX)?;
    let regions = pick_many(
        "Where does it hurt? (space to select, enter when done; none if nothing hurts)",
        vocab::REGION,
        labels::REGION,
    )?;
    let (now, worst, when, weeks, trend, first_episode, sudden_onset) = if regions.is_empty() {
        (0, 0, Vec::new(), 0, "same".to_owned(), false, false)
    } else {
        let now = number(
            "Pain right now, 0 (none) to 10 (worst imaginable)?",
            0,
            10,
            "0-10",
        )?;
        let worst = number(
            "Worst pain in the last week, 0-10?",
            now,
            10,
            "at least your pain now",
        )?;
        let when = pick_many("When does it come?", vocab::TIMING, labels::TIMING)?;
        let weeks = number(
            "How many weeks since it started?",
            0,
            1040,
            "0 if it started this week",
        )?;
        let trend = pick_one("Is it…", vocab::TREND, labels::TREND)?;
        let first = yes_no("Is this the first time you have had back pain?")?;
        let sudden = yes_no("Did it start suddenly?")?;
        (now, worst, when, weeks, trend, first, sudden)
    };
    let noticed = pick_many(
        "Have you noticed any of these while running?",
        vocab::NOTICED,
        labels::NOTICED,
    )?;

    println!("\nYour back's history and your doctor's advice.\n");
    let condition = if yes_no("Has a doctor told you about a back condition?")? {
        Some(Text::new("What is it, in a few words?").prompt()?)
    } else {
        None
    };
    let worried = condition.is_some() && yes_no("Are you worried about running with it?")?;
    let doctor = if yes_no("Has a doctor set limits on your running?")? {
        RawDoctor {
            weekly_km: optional_km(
                "Most km per week your doctor allows?",
                0.0,
                limits::WEEKLY_KM_MAX,
            )?,
            max_intensity: if yes_no("Did your doctor say to keep every run easy?")? {
                Some("easy".to_owned())
            } else {
                None
            },
            runs_per_week: optional_number(
                "Most runs per week your doctor allows?",
                0,
                limits::RUNS_PER_WEEK_MAX,
            )?,
        }
    } else {
        RawDoctor::default()
    };

    println!("\nYour running and your kit.\n");
    let weekly_km = km(
        "About how many km do you run in a usual week now? (0 if you are starting)",
        0.0,
        limits::WEEKLY_KM_MAX,
        "km, decimals allowed (25.5)",
    )?;
    let runs_per_week = runs_for(weekly_km)?;
    let before_pain_weekly_km = optional_km(
        "About how many km a week did you run before the pain?",
        1.0,
        limits::WEEKLY_KM_MAX,
    )?;
    let goal_weekly_km = optional_km(
        "How many km a week would you like to build up to? (Esc: the plan picks a cautious target)",
        1.0,
        limits::WEEKLY_KM_MAX,
    )?;
    let easy_pace = Text::new("Your easy pace per km, like 6:30?")
        .with_help_message("press Esc to skip")
        .prompt_skippable()?;
    let equipment = pick_many("What do you have?", vocab::EQUIPMENT, labels::EQUIPMENT)?;

    let core_tests = if yes_no("Have you timed any core endurance tests (plank, side bridges…)?")?
    {
        RawCoreTests {
            plank: optional_number("Forearm plank, seconds held?", 0, 900)?,
            flexor: optional_number("Trunk flexor hold (McGill), seconds?", 0, 900)?,
            extensor: optional_number("Back extensor hold (Biering-Sorensen), seconds?", 0, 900)?,
            side_bridge_right: optional_number("Side bridge on the right, seconds?", 0, 900)?,
            side_bridge_left: optional_number("Side bridge on the left, seconds?", 0, 900)?,
        }
    } else {
        RawCoreTests::default()
    };

    let raw = RawAnswers {
        runner: RawRunner {
            age,
            sex,
            equipment,
        },
        pain: RawPain {
            regions,
            now,
            worst,
            when,
            weeks,
            trend,
            first_episode,
            sudden_onset,
            noticed,
        },
        history: RawHistory { condition, worried },
        doctor,
        running: RawRunning {
            weekly_km,
            runs_per_week,
            easy_pace: easy_pace.filter(|p| !p.trim().is_empty()),
            goal_weekly_km,
            before_pain_weekly_km,
        },
        core_tests,
        red_flags,
    };
    raw.validate(kb)
        .map_err(|e| UserError(format!("answer {e}")))
        .context("the answers could not be used")
}

/// Runs in a usual week, checked against the week's distance as the
/// answers file checks them (at least one run for a week with distance, and
/// no more than the longest believable average run).
fn runs_for(weekly_km: f64) -> Result<i64> {
    Ok(CustomType::<i64>::new("How many runs in a usual week?")
        .with_help_message("0 if you are starting")
        .with_error_message(NOT_A_WHOLE_NUMBER)
        .with_validator(move |runs: &i64| {
            Ok(match runs_fit(weekly_km, *runs) {
                Ok(()) => Validation::Valid,
                Err(why) => Validation::Invalid(why.into()),
            })
        })
        .prompt()?)
}

/// Whether `runs` runs can make up a week of `weekly_km` km; why not if not.
pub fn runs_fit(weekly_km: f64, runs: i64) -> Result<(), String> {
    let max = limits::RUNS_PER_WEEK_MAX;
    if !(0..=max).contains(&runs) {
        return Err(format!("enter a number from 0 to {max} (one run a day)"));
    }
    if weekly_km > 0.0 && runs == 0 {
        return Err(format!("{weekly_km} km a week needs at least one run"));
    }
    if runs > 0 && weekly_km / runs as f64 > limits::AVERAGE_RUN_KM_MAX {
        return Err(format!(
            "{weekly_km} km in {runs} runs is more than {} km a run",
            limits::AVERAGE_RUN_KM_MAX
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_take_decimals_a_comma_and_a_unit() {
        assert_eq!(parse_km("25.5"), Some(25.5));
        assert_eq!(parse_km(" 25,5 km"), Some(25.5));
        assert_eq!(parse_km("30"), Some(30.0));
        assert_eq!(parse_km("12.25KM"), Some(12.25));
        for bad in [
            "", "km", "-5", "2e3", "NaN", "inf", "25.5.1", "twenty", "1_000",
        ] {
            assert_eq!(parse_km(bad), None, "{bad:?}");
        }
        // A decimal week still needs runs that fit it.
        assert!(runs_fit(25.5, 3).is_ok());
        assert!(runs_fit(0.5, 0).is_err());
    }

    fn kb() -> KnowledgeBase {
        match KnowledgeBase::embedded() {
            Ok(kb) => kb,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn only_a_yes_to_an_emergency_question_stops_the_questions() {
        let kb = kb();
        for (flag, _) in kb.asked_flags() {
            assert_eq!(after_answer(flag, false), NextStep::Continue, "{}", flag.id);
            let step = after_answer(flag, true);
            if flag.tier == FlagTier::Emergency {
                assert_eq!(
                    step,
                    NextStep::Stop {
                        instruction: &flag.action
                    },
                    "{}",
                    flag.id
                );
            } else {
                assert_eq!(step, NextStep::Continue, "{}", flag.id);
            }
        }
    }

    #[test]
    fn the_advice_on_stopping_names_every_asked_sign_and_where_to_go() {
        let kb = kb();
        let advice = interrupted_advice(&kb);
        assert!(advice.contains("999") && advice.contains("nothing was saved"));
        for (flag, _) in kb.asked_flags() {
            assert!(advice.contains(&flag.name), "{} missing", flag.id);
        }
    }

    #[test]
    fn every_choice_has_its_words() {
        assert_eq!(labels::SEX.len(), vocab::SEX.len());
        assert_eq!(labels::REGION.len(), vocab::REGION.len());
        assert_eq!(labels::TIMING.len(), vocab::TIMING.len());
        assert_eq!(labels::TREND.len(), vocab::TREND.len());
        assert_eq!(labels::NOTICED.len(), vocab::NOTICED.len());
        assert_eq!(labels::EQUIPMENT.len(), vocab::EQUIPMENT.len());
    }

    #[test]
    fn runs_must_fit_the_week() {
        assert!(runs_fit(0.0, 0).is_ok());
        assert!(runs_fit(30.0, 3).is_ok());
        assert!(runs_fit(30.0, 0).is_err());
        assert!(runs_fit(30.0, 8).is_err());
        assert!(runs_fit(200.0, 3).is_err());
    }
}
