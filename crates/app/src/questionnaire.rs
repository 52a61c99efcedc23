//! The interactive assessment in a terminal. It asks the red-flag questions
//! first (safety before anything else), then the rest, and builds the same
//! [`RawAnswers`] an answers file holds, so both paths go through one
//! validation.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use backstride_core::assessment::answers::Answers;
use backstride_core::knowledge::KnowledgeBase;
use inquire::validator::Validation;
use inquire::{Confirm, CustomType, MultiSelect, Select, Text};

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

fn number(prompt: &str, min: i64, max: i64, help: &str) -> Result<i64> {
    Ok(CustomType::<i64>::new(prompt)
        .with_help_message(help)
        .with_validator(move |v: &i64| {
            Ok(if (min..=max).contains(v) {
                Validation::Valid
            } else {
                Validation::Invalid(format!("enter a number from {min} to {max}").into())
            })
        })
        .prompt()?)
}

fn optional_number(prompt: &str, max: i64) -> Result<Option<i64>> {
    Ok(CustomType::<i64>::new(prompt)
        .with_help_message("press Esc to skip")
        .with_validator(move |v: &i64| {
            Ok(if (0..=max).contains(v) {
                Validation::Valid
            } else {
                Validation::Invalid(format!("enter a number from 0 to {max}").into())
            })
        })
        .prompt_skippable()?)
}

fn yes_no(prompt: &str) -> Result<bool> {
    Ok(Confirm::new(prompt).with_help_message("y or n").prompt()?)
}

/// Asks every question and returns validated answers.
pub fn ask(kb: &KnowledgeBase) -> Result<Answers> {
    println!("Backstride assessment. {}", backstride_core::DISCLAIMER);
    println!(
        "\nFirst, some safety questions. Answer each one honestly: they decide whether exercise is safe for you now.\n"
    );
    let mut red_flags = BTreeMap::new();
    for (flag, question) in kb.asked_flags() {
        red_flags.insert(flag.id.clone(), yes_no(question)?);
    }

    println!("\nAbout you and your pain.\n");
    let age = number("Your age?", 12, 100, "in years")?;
    let sex = pick_one(
        "Sex (for strength-test norms)?",
        vocab::SEX,
        &["female", "male", "prefer not to say"],
    )?;
    let regions = pick_many(
        "Where does it hurt? (space to select, enter when done; none if nothing hurts)",
        vocab::REGION,
        &[
            "lower back",
            "upper back, between the shoulder blades",
            "neck",
            "somewhere else",
        ],
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
        let when = pick_many(
            "When does it come?",
            vocab::TIMING,
            &[
                "early in a run",
                "late in a run, when tired",
                "after a run",
                "the next morning",
                "at rest, and rest does not ease it",
                "at night, waking me",
            ],
        )?;
        let weeks = number(
            "How many weeks since it started?",
            0,
            1040,
            "0 if it started this week",
        )?;
        let trend = pick_one(
            "Is it…",
            vocab::TREND,
            &["getting better", "about the same", "getting worse"],
        )?;
        let first = yes_no("Is this the first time you have had back pain?")?;
        let sudden = yes_no("Did it start suddenly?")?;
        (now, worst, when, weeks, trend, first, sudden)
    };
    let noticed = pick_many(
        "Have you noticed any of these while running?",
        vocab::NOTICED,
        &[
            "my head leads my body",
            "my arms tuck in when I tire",
            "my arms or shoulders rise when I tire",
            "I slump or fold at the waist",
        ],
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
            weekly_km: optional_number("Most km per week your doctor allows?", 300)?
                .map(|k| k as f64),
            max_intensity: if yes_no("Did your doctor say to keep every run easy?")? {
                Some("easy".to_owned())
            } else {
                None
            },
            runs_per_week: optional_number("Most runs per week your doctor allows?", 7)?,
        }
    } else {
        RawDoctor::default()
    };

    println!("\nYour running and your kit.\n");
    let weekly_km = number(
        "About how many km do you run in a usual week now? (0 if you are starting)",
        0,
        300,
        "whole km",
    )? as f64;
    let runs_per_week = number(
        "How many runs in a usual week?",
        0,
        14,
        "0 if you are starting",
    )?;
    let easy_pace = Text::new("Your easy pace per km, like 6:30?")
        .with_help_message("press Esc to skip")
        .prompt_skippable()?;
    let equipment = pick_many(
        "What do you have?",
        vocab::EQUIPMENT,
        &[
            "an exercise ball",
            "a bike or indoor trainer",
            "a back brace",
        ],
    )?;

    let core_tests = if yes_no("Have you timed any core endurance tests (plank, side bridges…)?")?
    {
        RawCoreTests {
            plank: optional_number("Forearm plank, seconds held?", 900)?,
            flexor: optional_number("Trunk flexor hold (McGill), seconds?", 900)?,
            extensor: optional_number("Back extensor hold (Biering-Sorensen), seconds?", 900)?,
            side_bridge_right: optional_number("Side bridge on the right, seconds?", 900)?,
            side_bridge_left: optional_number("Side bridge on the left, seconds?", 900)?,
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
        },
        core_tests,
        red_flags,
    };
    raw.validate(kb)
        .map_err(|e| UserError(format!("answer {e}")))
        .context("the answers could not be used")
}
