//! The answers file: the TOML a runner (or the questionnaire) writes, read in
//! two stages. First serde reads it into [`RawAnswers`], which mirrors the
//! file and rejects unknown keys and wrong types with the key's path; then
//! [`RawAnswers::validate`] checks every value and builds the domain's
//! [`Answers`], naming the key and the problem on any failure.
//!
//! The format is documented, with a full example, in `docs/answers.md`.

use std::collections::{BTreeMap, BTreeSet};

use backstride_core::assessment::answers::{
    Answers, BackHistory, CoreTests, CurrentRunning, DoctorCaps, Intensity, Noticed, PainTiming,
    Trend, limits,
};
use backstride_core::assessment::triage::check_checklist;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::profile::{Equipment, Region, Sex};
use backstride_core::units::{Meters, Nrs};
use serde::{Deserialize, Serialize};

/// A problem with one key of an answers file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {problem}")]
pub struct AnswerError {
    /// The key's path, e.g. `pain.now`.
    pub key: String,
    /// What is wrong with it.
    pub problem: String,
}

fn fail(key: impl Into<String>, problem: impl Into<String>) -> AnswerError {
    AnswerError {
        key: key.into(),
        problem: problem.into(),
    }
}

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAnswers {
    /// About the runner.
    pub runner: RawRunner,
    /// About the pain.
    pub pain: RawPain,
    /// A known back condition.
    #[serde(default)]
    pub history: RawHistory,
    /// Limits set by a doctor.
    #[serde(default)]
    pub doctor: RawDoctor,
    /// Current running.
    pub running: RawRunning,
    /// Core endurance test results, seconds.
    #[serde(default)]
    pub core_tests: RawCoreTests,
    /// The red-flag checklist: flag ID = true/false.
    pub red_flags: BTreeMap<String, bool>,
}

/// `[runner]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRunner {
    /// Age in years.
    pub age: i64,
    /// `female`, `male` or `unspecified`.
    pub sex: String,
    /// `exercise-ball`, `bike`, `brace`.
    #[serde(default)]
    pub equipment: Vec<String>,
}

/// `[pain]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPain {
    /// `lower-back`, `upper-back`, `neck`, `other`; empty when nothing hurts.
    pub regions: Vec<String>,
    /// Pain now, 0-10.
    pub now: i64,
    /// Worst pain in the last week, 0-10.
    pub worst: i64,
    /// `early-in-run`, `late-in-run`, `after-run`, `next-morning`, `at-rest`, `at-night`.
    #[serde(default)]
    pub when: Vec<String>,
    /// Weeks since it started.
    pub weeks: i64,
    /// `improving`, `same`, `worse`.
    pub trend: String,
    /// First episode of back pain ever.
    pub first_episode: bool,
    /// Started suddenly.
    pub sudden_onset: bool,
    /// `head-leading`, `arms-tucked`, `arms-raised`, `slumping`.
    #[serde(default)]
    pub noticed: Vec<String>,
}

/// `[history]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHistory {
    /// A back condition a doctor knows about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Worried about running with it.
    #[serde(default)]
    pub worried: bool,
}

/// `[doctor]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDoctor {
    /// Most km in any week.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekly_km: Option<f64>,
    /// `easy` or `steady`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_intensity: Option<String>,
    /// Most runs in any week.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs_per_week: Option<i64>,
}

/// `[running]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRunning {
    /// Km in a usual week lately.
    pub weekly_km: f64,
    /// Runs in a usual week.
    pub runs_per_week: i64,
    /// Easy pace as `m:ss` per km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub easy_pace: Option<String>,
    /// Km a week the runner wants to build to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal_weekly_km: Option<f64>,
    /// Km a week the runner ran before the pain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_pain_weekly_km: Option<f64>,
}

/// `[core_tests]`, seconds held.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCoreTests {
    /// Forearm plank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plank: Option<i64>,
    /// McGill flexor hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flexor: Option<i64>,
    /// Biering-Sorensen extensor hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensor: Option<i64>,
    /// Side bridge right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side_bridge_right: Option<i64>,
    /// Side bridge left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side_bridge_left: Option<i64>,
}

/// Parses the text of an answers file, reporting the path of the first
/// key that is missing, unknown or of the wrong type.
pub fn parse(text: &str) -> Result<RawAnswers, AnswerError> {
    let value: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        let at = line
            .map(|l| format!("line {l}"))
            .unwrap_or_else(|| "file".to_owned());
        fail(at, format!("not valid TOML: {}", e.message().trim()))
    })?;
    serde_path_to_error::deserialize(toml::Value::Table(value)).map_err(|e| {
        let path = e.path().to_string();
        let key = if path == "." {
            "(top level)".to_owned()
        } else {
            path
        };
        fail(key, e.into_inner().to_string())
    })
}

/// Reads a list of names into a set of values, naming the bad entry.
fn names<T: Ord + Copy>(
    key: &str,
    given: &[String],
    options: &[(&str, T)],
) -> Result<BTreeSet<T>, AnswerError> {
    given
        .iter()
        .enumerate()
        .map(|(i, name)| {
            options
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| *v)
                .ok_or_else(|| {
                    let allowed: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
                    fail(
                        format!("{key}[{i}]"),
                        format!(
                            "unknown value `{name}`; expected one of {}",
                            allowed.join(", ")
                        ),
                    )
                })
        })
        .collect()
}

fn one<T: Copy>(key: &str, given: &str, options: &[(&str, T)]) -> Result<T, AnswerError> {
    options
        .iter()
        .find(|(n, _)| *n == given)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let allowed: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
            fail(
                key,
                format!(
                    "unknown value `{given}`; expected one of {}",
                    allowed.join(", ")
                ),
            )
        })
}

fn ranged<T: TryFrom<i64>>(
    key: &str,
    value: i64,
    min: i64,
    max: i64,
    what: &str,
) -> Result<T, AnswerError> {
    if (min..=max).contains(&value) {
        T::try_from(value).map_err(|_| fail(key, format!("{value} is out of range")))
    } else {
        Err(fail(
            key,
            format!("{value} is outside {min}..={max} ({what})"),
        ))
    }
}

/// A weekly distance: 0 up to the most any runner runs in a week.
fn weekly_km(key: &str, value: f64) -> Result<Meters, AnswerError> {
    let max = limits::WEEKLY_KM_MAX;
    if value.is_finite() && (0.0..=max).contains(&value) {
        Meters::from_km(value).map_err(|e| fail(key, e.to_string()))
    } else {
        Err(fail(
            key,
            format!(
                "{value} is outside 0..={max} km a week (more than elite marathon runners train)"
            ),
        ))
    }
}

/// A weekly distance to build to: above 0, and a believable week.
fn target_km(key: &str, value: Option<f64>) -> Result<Option<Meters>, AnswerError> {
    let Some(value) = value else { return Ok(None) };
    let m = weekly_km(key, value)?;
    if m.0 == 0 {
        return Err(fail(
            key,
            "must be above 0 km; leave it out if you have none",
        ));
    }
    Ok(Some(m))
}

/// Parses `m:ss` into seconds per km.
fn pace(key: &str, text: &str) -> Result<u16, AnswerError> {
    let bad = || {
        fail(
            key,
            format!("`{text}` is not a pace like 6:30 (minutes:seconds per km, 2:30 to 15:00)"),
        )
    };
    let (m, s) = text.trim().split_once(':').ok_or_else(bad)?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    let s: u16 = s.parse().map_err(|_| bad())?;
    let total = m
        .checked_mul(60)
        .and_then(|x| x.checked_add(s))
        .ok_or_else(bad)?;
    if s < 60 && (150..=900).contains(&total) {
        Ok(total)
    } else {
        Err(bad())
    }
}

/// The names the file uses for each enumeration, shared with the writer.
pub mod vocab {
    use super::*;

    /// Sexes.
    pub const SEX: &[(&str, Sex)] = &[
        ("female", Sex::Female),
        ("male", Sex::Male),
        ("unspecified", Sex::Unspecified),
    ];
    /// Regions.
    pub const REGION: &[(&str, Region)] = &[
        ("lower-back", Region::LowerBack),
        ("upper-back", Region::UpperBack),
        ("neck", Region::Neck),
        ("other", Region::Other),
    ];
    /// Timings.
    pub const TIMING: &[(&str, PainTiming)] = &[
        ("early-in-run", PainTiming::EarlyInRun),
        ("late-in-run", PainTiming::LateInRun),
        ("after-run", PainTiming::AfterRun),
        ("next-morning", PainTiming::NextMorning),
        ("at-rest", PainTiming::AtRest),
        ("at-night", PainTiming::AtNight),
    ];
    /// Things noticed.
    pub const NOTICED: &[(&str, Noticed)] = &[
        ("head-leading", Noticed::HeadLeading),
        ("arms-tucked", Noticed::ArmsTucked),
        ("arms-raised", Noticed::ArmsRaised),
        ("slumping", Noticed::Slumping),
    ];
    /// Trends.
    pub const TREND: &[(&str, Trend)] = &[
        ("improving", Trend::Improving),
        ("same", Trend::Same),
        ("worse", Trend::Worse),
    ];
    /// Intensities.
    pub const INTENSITY: &[(&str, Intensity)] =
        &[("easy", Intensity::Easy), ("steady", Intensity::Steady)];
    /// Equipment.
    pub const EQUIPMENT: &[(&str, Equipment)] = &[
        ("exercise-ball", Equipment::ExerciseBall),
        ("bike", Equipment::Bike),
        ("brace", Equipment::Brace),
    ];

    /// The file name of a value.
    pub fn name_of<T: PartialEq + Copy>(options: &[(&'static str, T)], value: T) -> &'static str {
        options
            .iter()
            .find(|(_, v)| *v == value)
            .map_or("", |(n, _)| n)
    }
}

impl RawAnswers {
    /// Checks every value and builds the domain's answers.
    pub fn validate(&self, kb: &KnowledgeBase) -> Result<Answers, AnswerError> {
        use vocab::*;
        let p = &self.pain;
        let pain_now = Nrs::new(p.now).map_err(|e| fail("pain.now", e.to_string()))?;
        let pain_worst = Nrs::new(p.worst).map_err(|e| fail("pain.worst", e.to_string()))?;
        if pain_worst < pain_now {
            return Err(fail(
                "pain.worst",
                format!(
                    "{} is below pain.now ({}): worst must be at least now",
                    p.worst, p.now
                ),
            ));
        }
        let regions = names("pain.regions", &p.regions, REGION)?;
        if regions.is_empty() && (p.now > 0 || p.worst > 0) {
            return Err(fail(
                "pain.regions",
                "is empty but pain is above 0: say where it hurts",
            ));
        }
        let d = &self.doctor;
        let caps = DoctorCaps {
            weekly_distance: d
                .weekly_km
                .map(|k| weekly_km("doctor.weekly_km", k))
                .transpose()?,
            max_intensity: d
                .max_intensity
                .as_deref()
                .map(|i| one("doctor.max_intensity", i, INTENSITY))
                .transpose()?,
            runs_per_week: d
                .runs_per_week
                .map(|r| ranged("doctor.runs_per_week", r, 0, 7, "runs a week"))
                .transpose()?,
        };
        let t = &self.core_tests;
        let secs = |key: &str, v: Option<i64>| {
            v.map(|s| ranged::<u16>(&format!("core_tests.{key}"), s, 0, 900, "seconds held"))
                .transpose()
        };
        let core_tests = CoreTests {
            plank: secs("plank", t.plank)?,
            flexor: secs("flexor", t.flexor)?,
            extensor: secs("extensor", t.extensor)?,
            side_bridge_right: secs("side_bridge_right", t.side_bridge_right)?,
            side_bridge_left: secs("side_bridge_left", t.side_bridge_left)?,
        };
        let r = &self.running;
        let weekly_distance = weekly_km("running.weekly_km", r.weekly_km)?;
        let runs_per_week: u8 = ranged(
            "running.runs_per_week",
            r.runs_per_week,
            0,
            limits::RUNS_PER_WEEK_MAX,
            "runs a week: at most one a day",
        )?;
        if weekly_distance.0 > 0 && runs_per_week == 0 {
            return Err(fail(
                "running.runs_per_week",
                format!(
                    "is 0 but running.weekly_km is {}: how many runs make up that week?",
                    r.weekly_km
                ),
            ));
        }
        if runs_per_week > 0 && r.weekly_km / f64::from(runs_per_week) > limits::AVERAGE_RUN_KM_MAX
        {
            return Err(fail(
                "running.weekly_km",
                format!(
                    "{} km in {runs_per_week} runs is more than {} km a run: check the week's distance and the number of runs",
                    r.weekly_km,
                    limits::AVERAGE_RUN_KM_MAX
                ),
            ));
        }
        let running = CurrentRunning {
            weekly_distance,
            runs_per_week,
            easy_pace_s_per_km: r
                .easy_pace
                .as_deref()
                .map(|t| pace("running.easy_pace", t))
                .transpose()?,
            goal_weekly_distance: target_km("running.goal_weekly_km", r.goal_weekly_km)?,
            before_pain_weekly_distance: target_km(
                "running.before_pain_weekly_km",
                r.before_pain_weekly_km,
            )?,
        };
        if let Err(e) = check_checklist(kb, &self.red_flags) {
            if let Some(key) = e.unknown.first() {
                let known: Vec<&str> = kb.asked_flags().map(|(f, _)| f.id.as_str()).collect();
                return Err(fail(
                    format!("red_flags.{key}"),
                    format!(
                        "not a red-flag question; expected one of {}",
                        known.join(", ")
                    ),
                ));
            }
            if let Some(key) = e.missing.first() {
                return Err(fail(
                    format!("red_flags.{key}"),
                    "missing: every red-flag question must be answered true or false",
                ));
            }
        }
        let condition = self
            .history
            .condition
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        Ok(Answers {
            age: ranged(
                "runner.age",
                self.runner.age,
                limits::AGE_MIN,
                limits::AGE_MAX,
                "years",
            )?,
            sex: one("runner.sex", &self.runner.sex, SEX)?,
            regions,
            pain_now,
            pain_worst,
            timing: names("pain.when", &p.when, TIMING)?,
            weeks: ranged("pain.weeks", p.weeks, 0, 1040, "weeks")?,
            trend: one("pain.trend", &p.trend, TREND)?,
            first_episode: p.first_episode,
            sudden_onset: p.sudden_onset,
            noticed: names("pain.noticed", &p.noticed, NOTICED)?,
            history: BackHistory {
                condition: condition.map(str::to_owned),
                worried: self.history.worried,
            },
            caps,
            equipment: names("runner.equipment", &self.runner.equipment, EQUIPMENT)?,
            core_tests,
            running,
            red_flags: self.red_flags.clone(),
        })
    }

    /// The file form of validated answers (to save them).
    pub fn from_answers(a: &Answers) -> Self {
        use vocab::*;
        let list = |names: Vec<&str>| names.into_iter().map(str::to_owned).collect::<Vec<_>>();
        RawAnswers {
            runner: RawRunner {
                age: i64::from(a.age),
                sex: name_of(SEX, a.sex).to_owned(),
                equipment: list(a.equipment.iter().map(|e| name_of(EQUIPMENT, *e)).collect()),
            },
            pain: RawPain {
                regions: list(a.regions.iter().map(|r| name_of(REGION, *r)).collect()),
                now: i64::from(a.pain_now.get()),
                worst: i64::from(a.pain_worst.get()),
                when: list(a.timing.iter().map(|t| name_of(TIMING, *t)).collect()),
                weeks: i64::from(a.weeks),
                trend: name_of(TREND, a.trend).to_owned(),
                first_episode: a.first_episode,
                sudden_onset: a.sudden_onset,
                noticed: list(a.noticed.iter().map(|n| name_of(NOTICED, *n)).collect()),
            },
            history: RawHistory {
                condition: a.history.condition.clone(),
                worried: a.history.worried,
            },
            doctor: RawDoctor {
                weekly_km: a.caps.weekly_distance.map(Meters::km),
                max_intensity: a
                    .caps
                    .max_intensity
                    .map(|i| name_of(INTENSITY, i).to_owned()),
                runs_per_week: a.caps.runs_per_week.map(i64::from),
            },
            running: RawRunning {
                weekly_km: a.running.weekly_distance.km(),
                runs_per_week: i64::from(a.running.runs_per_week),
                easy_pace: a
                    .running
                    .easy_pace_s_per_km
                    .map(|s| format!("{}:{:02}", s / 60, s % 60)),
                goal_weekly_km: a.running.goal_weekly_distance.map(Meters::km),
                before_pain_weekly_km: a.running.before_pain_weekly_distance.map(Meters::km),
            },
            core_tests: RawCoreTests {
                plank: a.core_tests.plank.map(i64::from),
                flexor: a.core_tests.flexor.map(i64::from),
                extensor: a.core_tests.extensor.map(i64::from),
                side_bridge_right: a.core_tests.side_bridge_right.map(i64::from),
                side_bridge_left: a.core_tests.side_bridge_left.map(i64::from),
            },
            red_flags: a.red_flags.clone(),
        }
    }

    /// The answers as TOML text.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        toml::to_string(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../../examples/answers/lower-back.toml");

    fn kb() -> KnowledgeBase {
        match KnowledgeBase::embedded() {
            Ok(kb) => kb,
            Err(e) => panic!("{e}"),
        }
    }

    /// The example with `[running]` replaced by `running`.
    fn with_running(running: &str) -> Result<Answers, AnswerError> {
        let text = EXAMPLE.replace(
            "[running]\nweekly_km = 16\nruns_per_week = 3\neasy_pace = \"6:20\"\n",
            &format!("[running]\n{running}\n"),
        );
        assert_ne!(text, EXAMPLE, "the example's [running] table changed");
        parse(&text).and_then(|raw| raw.validate(&kb()))
    }

    fn refused(running: &str, key: &str, words: &str) {
        match with_running(running) {
            Ok(_) => panic!("accepted: {running}"),
            Err(e) => {
                assert_eq!(e.key, key, "{running}: {e}");
                assert!(e.problem.contains(words), "{running}: {e}");
            }
        }
    }

    #[test]
    fn goal_and_week_before_the_pain_are_read_and_written_back() {
        let answers = match with_running(
            "weekly_km = 16\nruns_per_week = 3\ngoal_weekly_km = 30\nbefore_pain_weekly_km = 25.5",
        ) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(answers.running.goal_weekly_distance, Some(Meters(30_000)));
        assert_eq!(
            answers.running.before_pain_weekly_distance,
            Some(Meters(25_500))
        );
        let again = RawAnswers::from_answers(&answers);
        assert_eq!(again.running.goal_weekly_km, Some(30.0));
        assert_eq!(again.running.before_pain_weekly_km, Some(25.5));
        // Both are optional.
        assert!(with_running("weekly_km = 16\nruns_per_week = 3").is_ok());
    }

    #[test]
    fn impossible_running_is_refused_naming_the_key() {
        refused(
            "weekly_km = 300\nruns_per_week = 6",
            "running.weekly_km",
            "elite",
        );
        refused(
            "weekly_km = -5\nruns_per_week = 3",
            "running.weekly_km",
            "-5",
        );
        refused(
            "weekly_km = 20\nruns_per_week = 8",
            "running.runs_per_week",
            "one a day",
        );
        refused(
            "weekly_km = 20\nruns_per_week = -1",
            "running.runs_per_week",
            "-1",
        );
        refused(
            "weekly_km = 200\nruns_per_week = 3",
            "running.weekly_km",
            "a run",
        );
        refused(
            "weekly_km = 20\nruns_per_week = 0",
            "running.runs_per_week",
            "how many runs",
        );
        refused(
            "weekly_km = 20\nruns_per_week = 3\ngoal_weekly_km = 400",
            "running.goal_weekly_km",
            "elite",
        );
        refused(
            "weekly_km = 20\nruns_per_week = 3\ngoal_weekly_km = 0",
            "running.goal_weekly_km",
            "above 0",
        );
        refused(
            "weekly_km = 20\nruns_per_week = 3\nbefore_pain_weekly_km = nan",
            "running.before_pain_weekly_km",
            "outside",
        );
    }

    #[test]
    fn absurd_ages_and_doctor_limits_are_refused() {
        let age = |v: &str| {
            parse(&EXAMPLE.replace("age = 38", &format!("age = {v}")))
                .and_then(|raw| raw.validate(&kb()))
        };
        for bad in ["-3", "0", "11", "101", "250"] {
            let e = age(bad).err().map(|e| e.key);
            assert_eq!(e.as_deref(), Some("runner.age"), "age {bad}");
        }
        assert!(age("12").is_ok() && age("100").is_ok());
        let doctor = parse(&EXAMPLE.replace("weekly_km = 20", "weekly_km = 1000"))
            .and_then(|raw| raw.validate(&kb()))
            .err()
            .map(|e| e.key);
        assert_eq!(doctor.as_deref(), Some("doctor.weekly_km"));
    }
}
