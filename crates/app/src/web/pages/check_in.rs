//! The Check-in page: the assessment as a form (use case
//! [`crate::usecase::assess`]). The form asks what the terminal
//! questionnaire asks, with the same choices ([`crate::questionnaire::labels`]),
//! red-flag questions first; what it sends becomes the same
//! [`RawAnswers`] an answers file holds and goes through the same
//! validation, so a mistake is named as the answers file names it
//! (`runner.age: ...`). Field names are the answers file's keys.
//!
//! An emergency "yes" stops at once: its instruction and nothing else.
//! Otherwise the result: triage, likely causes with the rules that fired,
//! recommendations with evidence and sources.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use backstride_core::knowledge::KnowledgeBase;

use crate::answers_file::{
    AnswerError, RawAnswers, RawCoreTests, RawDoctor, RawHistory, RawPain, RawRunner, RawRunning,
    vocab,
};
use crate::questionnaire::{labels, parse_km};
use crate::report::dto::Report;
use crate::usecase::assess::{self, EmergencyStopped};
use crate::web::error::WebError;
use crate::web::page::{Chrome, Nav, banner, render, render_with};
use crate::web::state::AppState;

/// A red-flag question of the form.
pub struct FlagQuestion {
    /// The flag's ID (the field is `red_flags.<id>`).
    pub id: String,
    /// The question, from the knowledge base.
    pub question: String,
    /// Answered "yes" in what was sent.
    pub yes: bool,
    /// Answered "no" in what was sent.
    pub no: bool,
}

/// One choice of a list.
pub struct Choice {
    /// The answers file's value.
    pub value: &'static str,
    /// The words shown.
    pub label: &'static str,
    /// Chosen.
    pub checked: bool,
}

/// The form as drawn: the questions with what was sent or saved.
pub struct FormView {
    /// Red-flag questions, in the questionnaire's order.
    pub flags: Vec<FlagQuestion>,
    values: BTreeMap<String, String>,
    /// `runner.sex`.
    pub sex: Vec<Choice>,
    /// `runner.equipment`.
    pub equipment: Vec<Choice>,
    /// `pain.regions`.
    pub regions: Vec<Choice>,
    /// `pain.when`.
    pub when: Vec<Choice>,
    /// `pain.trend`.
    pub trend: Vec<Choice>,
    /// `pain.noticed`.
    pub noticed: Vec<Choice>,
    /// `doctor.max_intensity` (an empty value: none set).
    pub intensity: Vec<Choice>,
}

impl FormView {
    /// The value sent (or saved) for a field, empty when none.
    pub fn v(&self, key: &str) -> &str {
        self.values.get(key).map_or("", String::as_str)
    }

    /// Whether a checkbox field was ticked.
    pub fn ticked(&self, key: &str) -> bool {
        self.values.get(key).is_some_and(|v| v == "true")
    }
}

fn choices<T>(
    pairs: &[(String, String)],
    key: &str,
    options: &[(&'static str, T)],
    words: &[&'static str],
) -> Vec<Choice> {
    options
        .iter()
        .zip(words)
        .map(|((value, _), label)| Choice {
            value,
            label,
            checked: pairs.iter().any(|(k, v)| k == key && v == value),
        })
        .collect()
}

/// The form filled with `pairs` (what was sent, or the saved answers as
/// fields).
pub fn form_view(kb: &KnowledgeBase, pairs: &[(String, String)]) -> FormView {
    let values: BTreeMap<String, String> = pairs.iter().cloned().collect();
    let flags = kb
        .asked_flags()
        .map(|(flag, question)| {
            let sent = values.get(&format!("red_flags.{}", flag.id));
            FlagQuestion {
                id: flag.id.clone(),
                question: question.to_owned(),
                yes: sent.is_some_and(|v| v == "true"),
                no: sent.is_some_and(|v| v == "false"),
            }
        })
        .collect();
    const INTENSITY: &[(&str, ())] = &[("", ()), ("easy", ()), ("steady", ())];
    FormView {
        flags,
        sex: choices(pairs, "runner.sex", vocab::SEX, labels::SEX),
        equipment: choices(
            pairs,
            "runner.equipment",
            vocab::EQUIPMENT,
            labels::EQUIPMENT,
        ),
        regions: choices(pairs, "pain.regions", vocab::REGION, labels::REGION),
        when: choices(pairs, "pain.when", vocab::TIMING, labels::TIMING),
        trend: choices(pairs, "pain.trend", vocab::TREND, labels::TREND),
        noticed: choices(pairs, "pain.noticed", vocab::NOTICED, labels::NOTICED),
        intensity: choices(
            pairs,
            "doctor.max_intensity",
            INTENSITY,
            &[
                "no limit on intensity",
                "keep every run easy",
                "up to steady",
            ],
        ),
        values,
    }
}

/// Saved answers as the form's fields. The red-flag questions are left
/// unanswered: a check-in answers them afresh (its answers clear what
/// notes raised, so they are never carried over by a click).
pub fn fields_of(raw: &RawAnswers) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| out.push((k.to_owned(), v));
    put("runner.age", raw.runner.age.to_string());
    put("runner.sex", raw.runner.sex.clone());
    for e in &raw.runner.equipment {
        put("runner.equipment", e.clone());
    }
    let p = &raw.pain;
    for r in &p.regions {
        put("pain.regions", r.clone());
    }
    put("pain.now", p.now.to_string());
    put("pain.worst", p.worst.to_string());
    for w in &p.when {
        put("pain.when", w.clone());
    }
    put("pain.weeks", p.weeks.to_string());
    put("pain.trend", p.trend.clone());
    put("pain.first_episode", p.first_episode.to_string());
    put("pain.sudden_onset", p.sudden_onset.to_string());
    for n in &p.noticed {
        put("pain.noticed", n.clone());
    }
    if let Some(c) = &raw.history.condition {
        put("history.condition", c.clone());
    }
    put("history.worried", raw.history.worried.to_string());
    let d = &raw.doctor;
    if let Some(km) = d.weekly_km {
        put("doctor.weekly_km", km.to_string());
    }
    put(
        "doctor.max_intensity",
        d.max_intensity.clone().unwrap_or_default(),
    );
    if let Some(r) = d.runs_per_week {
        put("doctor.runs_per_week", r.to_string());
    }
    let r = &raw.running;
    put("running.weekly_km", r.weekly_km.to_string());
    put("running.runs_per_week", r.runs_per_week.to_string());
    if let Some(p) = &r.easy_pace {
        put("running.easy_pace", p.clone());
    }
    if let Some(km) = r.goal_weekly_km {
        put("running.goal_weekly_km", km.to_string());
    }
    if let Some(km) = r.before_pain_weekly_km {
        put("running.before_pain_weekly_km", km.to_string());
    }
    let t = &raw.core_tests;
    for (key, v) in [
        ("core_tests.plank", t.plank),
        ("core_tests.flexor", t.flexor),
        ("core_tests.extensor", t.extensor),
        ("core_tests.side_bridge_right", t.side_bridge_right),
        ("core_tests.side_bridge_left", t.side_bridge_left),
    ] {
        if let Some(s) = v {
            put(key, s.to_string());
        }
    }
    out
}

/// The red-flag answers sent: `red_flags.<id>` = `true` or `false`.
/// Anything else is left out (and so named "missing" by the validation).
pub fn red_flags_of(pairs: &[(String, String)]) -> BTreeMap<String, bool> {
    pairs
        .iter()
        .filter_map(|(k, v)| {
            let id = k.strip_prefix("red_flags.")?;
            let yes = match v.as_str() {
                "true" => true,
                "false" => false,
                _ => return None,
            };
            Some((id.to_owned(), yes))
        })
        .collect()
}

/// What was sent, read into the answers file's form. Problems before the
/// validation (a number that is not one, a required field left empty) are
/// named as the validation names its own: `key: problem`.
pub fn raw_of(pairs: &[(String, String)]) -> Result<RawAnswers, Vec<AnswerError>> {
    let mut errors = Vec::new();
    let text = |key: &str| -> Option<String> {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let list = |key: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    };
    let flag = |key: &str| text(key).is_some_and(|v| v == "true" || v == "on");
    let mut whole = |key: &str, required: bool| -> Option<i64> {
        match text(key) {
            None if required => {
                errors.push(AnswerError {
                    key: key.to_owned(),
                    problem: "missing: type a whole number".to_owned(),
                });
                None
            }
            None => None,
            Some(t) => match t.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(AnswerError {
                        key: key.to_owned(),
                        problem: format!("`{t}` is not a whole number, like 3 (digits only)"),
                    });
                    None
                }
            },
        }
    };
    let age = whole("runner.age", true);
    let now = whole("pain.now", true);
    let worst = whole("pain.worst", true);
    let weeks = whole("pain.weeks", true);
    let runs = whole("running.runs_per_week", true);
    let doctor_runs = whole("doctor.runs_per_week", false);
    let plank = whole("core_tests.plank", false);
    let flexor = whole("core_tests.flexor", false);
    let extensor = whole("core_tests.extensor", false);
    let right = whole("core_tests.side_bridge_right", false);
    let left = whole("core_tests.side_bridge_left", false);
    let mut km = |key: &str, required: bool| -> Option<f64> {
        match text(key) {
            None if required => {
                errors.push(AnswerError {
                    key: key.to_owned(),
                    problem: "missing: type the km as a number, like 25 or 25.5".to_owned(),
                });
                None
            }
            None => None,
            Some(t) => match parse_km(&t) {
                Some(km) => Some(km),
                None => {
                    errors.push(AnswerError {
                        key: key.to_owned(),
                        problem: format!(
                            "`{t}` is not a distance: type the km as a number, like 25 or 25.5"
                        ),
                    });
                    None
                }
            },
        }
    };
    let weekly_km = km("running.weekly_km", true);
    let goal = km("running.goal_weekly_km", false);
    let before = km("running.before_pain_weekly_km", false);
    let doctor_km = km("doctor.weekly_km", false);
    let mut choice = |key: &str| -> String {
        text(key).unwrap_or_else(|| {
            errors.push(AnswerError {
                key: key.to_owned(),
                problem: "missing: pick one".to_owned(),
            });
            String::new()
        })
    };
    let sex = choice("runner.sex");
    let trend = choice("pain.trend");
    let (Some(age), Some(now), Some(worst), Some(weeks), Some(runs), Some(weekly_km)) =
        (age, now, worst, weeks, runs, weekly_km)
    else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RawAnswers {
        runner: RawRunner {
            age,
            sex,
            equipment: list("runner.equipment"),
        },
        pain: RawPain {
            regions: list("pain.regions"),
            now,
            worst,
            when: list("pain.when"),
            weeks,
            trend,
            first_episode: flag("pain.first_episode"),
            sudden_onset: flag("pain.sudden_onset"),
            noticed: list("pain.noticed"),
        },
        history: RawHistory {
            condition: text("history.condition"),
            worried: flag("history.worried"),
        },
        doctor: RawDoctor {
            weekly_km: doctor_km,
            max_intensity: text("doctor.max_intensity"),
            runs_per_week: doctor_runs,
        },
        running: RawRunning {
            weekly_km,
            runs_per_week: runs,
            easy_pace: text("running.easy_pace"),
            goal_weekly_km: goal,
            before_pain_weekly_km: before,
        },
        core_tests: RawCoreTests {
            plank,
            flexor,
            extensor,
            side_bridge_right: right,
            side_bridge_left: left,
        },
        red_flags: red_flags_of(pairs),
    })
}

#[derive(Template)]
#[template(path = "web/check_in.html")]
struct CheckInPage {
    chrome: Chrome,
    form: FormView,
    errors: Vec<String>,
    prefilled: bool,
}

#[derive(Template)]
#[template(path = "web/check_in_emergency.html")]
struct EmergencyPage {
    chrome: Chrome,
    stop: EmergencyStopped,
}

#[derive(Template)]
#[template(path = "web/check_in_result.html")]
struct ResultPage {
    chrome: Chrome,
    report: Report,
    stops: bool,
    save_error: bool,
}

/// `GET /check-in`: the form, filled from the saved answers.
async fn page(State(state): State<AppState>) -> Result<Response, WebError> {
    let saved = state.run(|ctx| assess::saved_raw(ctx.db)).await?;
    let prefilled = saved.is_some();
    let pairs = saved.as_ref().map(fields_of).unwrap_or_else(|| {
        // A newcomer's defaults: nothing hurts yet, the usual choices.
        [
            ("runner.sex", "unspecified"),
            ("pain.trend", "same"),
            ("pain.now", "0"),
            ("pain.worst", "0"),
            ("pain.weeks", "0"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    });
    let chrome = Chrome::new(&state, Nav::CheckIn, "Check-in", banner(&state).await?);
    render(&CheckInPage {
        chrome,
        form: form_view(state.kb(), &pairs),
        errors: Vec::new(),
        prefilled,
    })
}

/// What a check-in came to.
enum Sent {
    Emergency(EmergencyStopped),
    Invalid(Vec<String>),
    Assessed {
        report: Box<Report>,
        stops: bool,
        save_error: bool,
    },
}

/// `POST /check-in`: an emergency stop, the form back with what to fix
/// (400), or the result.
async fn send(
    State(state): State<AppState>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let sent_pairs = pairs.clone();
    let sent = state
        .run(move |ctx| {
            let flags = red_flags_of(&pairs);
            if let Some(stop) = assess::emergency_stop(ctx.db, ctx.kb, ctx.clock, &flags)? {
                return Ok(Sent::Emergency(stop));
            }
            let raw = match raw_of(&pairs) {
                Ok(raw) => raw,
                Err(errors) => {
                    return Ok(Sent::Invalid(
                        errors.iter().map(|e| e.to_string()).collect(),
                    ));
                }
            };
            let answers = match raw.validate(ctx.kb) {
                Ok(a) => a,
                Err(e) => return Ok(Sent::Invalid(vec![e.to_string()])),
            };
            let assessed = assess::assess(ctx.db, ctx.kb, ctx.clock, answers, true)?;
            if let Some(e) = &assessed.save_error {
                eprintln!("backstride serve: the check-in was not saved: {e:#}");
            }
            Ok(Sent::Assessed {
                stops: assessed.stops(),
                save_error: assessed.save_error.is_some(),
                report: Box::new(assessed.report),
            })
        })
        .await?;
    let chrome = |title: &str, banner| Chrome::new(&state, Nav::CheckIn, title, banner);
    match sent {
        Sent::Emergency(stop) => {
            // Nothing but the instruction: no banner, no form.
            render(&EmergencyPage {
                chrome: chrome("Call for help now", Vec::new()),
                stop,
            })
        }
        Sent::Invalid(errors) => render_with(
            StatusCode::BAD_REQUEST,
            &CheckInPage {
                chrome: chrome("Check-in", banner(&state).await?),
                form: form_view(state.kb(), &sent_pairs),
                errors,
                prefilled: false,
            },
        ),
        Sent::Assessed {
            report,
            stops,
            save_error,
        } => render(&ResultPage {
            chrome: chrome("Your check-in", banner(&state).await?),
            report: *report,
            stops,
            save_error,
        }),
    }
}

/// The page's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/check-in", get(page).post(send))
}
