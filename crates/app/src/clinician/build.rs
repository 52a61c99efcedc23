//! What the clinician report says, as a [`Doc`]: pure, from what the shell
//! read ([`Inputs`]). Every number about training, pain, adherence and
//! brace use is taken from the `insights --json` document
//! ([`InsightsReport`]), never recomputed; the one addition is pain per
//! region per week for the chart, which uses core's `pain::daily_max` (the
//! same function the insights use) averaged per week as the insights
//! average back pain.

use backstride_core::assessment::triage::FiredFlag;
use backstride_core::form::summary::TOO_SHORT;
use backstride_core::history::History;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::knowledge::model::FlagTrigger;
use backstride_core::pain;
use backstride_core::profile::Region;
use backstride_core::units::Meters;
use backstride_store::saved::plan::{
    IntensityRecord, NoticeKindRecord, PlanOutcomeRecord, PlanRecord, SessionRecord,
};
use backstride_store::{DoctorLimits, Saved};
use chrono::{Days, NaiveDate};

use super::doc::{Block, Chart, Doc, Figures, FillField, Joint, Section};
use crate::answers_file::RawAnswers;
use crate::insights::build::{region_key, round};
use crate::insights::dto::InsightsReport;
use crate::report::dto::Report;

/// At most this many weeks in the weekly table (the chart shows them all).
pub const TABLE_WEEKS: usize = 6;
/// At most this many plan weeks listed.
const PLAN_WEEKS: usize = 4;
/// At most this many evidence lines.
const EVIDENCE_LINES: usize = 6;

/// Everything the report is made from.
pub struct Inputs<'a> {
    /// The knowledge base (red-flag questions).
    pub kb: &'a KnowledgeBase,
    /// The day the report is made.
    pub today: NaiveDate,
    /// The saved answers and the local day they were saved.
    pub answers: Option<(RawAnswers, NaiveDate)>,
    /// The assessment of those answers, as the assess/plan report (for the
    /// evidence behind the advice); `None` without readable answers.
    pub assessment: Option<Report>,
    /// The insights, exactly as `insights --json` prints them.
    pub insights: &'a InsightsReport,
    /// The history the insights were computed from.
    pub history: &'a History,
    /// Red flags that stand (answers and notes), most urgent first.
    pub red_flags: &'a [FiredFlag],
    /// Red flags raised by log notes.
    pub note_flags: &'a [FiredFlag],
    /// The latest saved plan and the day it was saved.
    pub plan: Option<(Saved<PlanRecord>, NaiveDate)>,
    /// The latest form report (JSON).
    pub form: Option<serde_json::Value>,
    /// The doctor's limits in force and the day they were entered.
    pub limits: Option<(DoctorLimits, NaiveDate)>,
}

/// A value or a dash.
fn or_dash<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// `1 day`, `3 days`.
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// Words from kebab-case keys: `lower-back` -> `lower back`.
fn words(keys: &[String]) -> String {
    if keys.is_empty() {
        return "none".to_owned();
    }
    keys.iter()
        .map(|k| k.replace('-', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Builds the report.
pub fn doc(i: &Inputs<'_>) -> Doc {
    let ins = i.insights;
    let who = i.answers.as_ref().map_or_else(
        || "runner (no saved answers)".to_owned(),
        |(a, _)| format!("runner, {} years, {}", a.runner.age, a.runner.sex),
    );
    let mut sections = vec![runner(i), pain_story(i), red_flags(i), load(i)];
    sections.push(adherence(ins));
    sections.push(plan(i));
    if let Some(form) = form(i) {
        sections.push(form);
    }
    sections.push(evidence(i));
    sections.push(fill_in(i));
    Doc {
        title: "Back pain and running: report for the clinician".to_owned(),
        subtitle: format!(
            "{who} · data from {} to {} · made {} with Backstride",
            ins.since, ins.today, i.today
        ),
        stop: stop_lines(i.red_flags),
        sections,
        disclaimer: format!(
            "{} Numbers are the runner's own logs and recordings, analysed by Backstride; the evidence IDs refer to `backstride sources`.",
            ins.disclaimer
        ),
    }
}

/// A standing red flag, plainly: what it may be, why, what to do.
fn stop_lines(flags: &[FiredFlag]) -> Vec<String> {
    let mut out: Vec<String> = flags
        .iter()
        .map(|f| {
            format!(
                "RED FLAG ({}): {}. Because: {}. {} [{}]",
                f.tier.name(),
                f.suggests.trim_end_matches('.'),
                f.because.trim_end_matches(['.', '?']),
                f.action,
                f.sources
                    .iter()
                    .map(|s| s.0.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    if !out.is_empty() {
        out.push(
            "Backstride makes no training plan while a red flag stands; the runner was told to see a clinician."
                .to_owned(),
        );
    }
    out
}

fn runner(i: &Inputs<'_>) -> Section {
    let ins = i.insights;
    let mut rows = Vec::new();
    if let Some((a, _)) = &i.answers {
        rows.push((
            "Age, sex".to_owned(),
            format!("{}, {}", a.runner.age, a.runner.sex),
        ));
        let pace = a
            .running
            .easy_pace
            .as_deref()
            .map(|p| format!(", easy pace {p} /km"))
            .unwrap_or_default();
        rows.push((
            "Running (as answered)".to_owned(),
            format!(
                "{} km a week in {} runs{pace}",
                a.running.weekly_km, a.running.runs_per_week
            ),
        ));
        rows.push((
            "Known back condition".to_owned(),
            match &a.history.condition {
                Some(c) => format!(
                    "{c}{}",
                    if a.history.worried {
                        "; worried about running with it"
                    } else {
                        ""
                    }
                ),
                None => "none given".to_owned(),
            },
        ));
    } else {
        rows.push((
            "Answers".to_owned(),
            "none saved: the runner has not run `backstride assess`".to_owned(),
        ));
    }
    let recorded = ins.weeks.iter().filter(|w| w.runs > 0).count();
    let last4: Vec<f64> = ins
        .weeks
        .iter()
        .rev()
        .take(4)
        .map(|w| w.distance_km)
        .collect();
    let runs: u32 = ins.weeks.iter().map(|w| w.runs).sum();
    rows.push((
        "Recorded training".to_owned(),
        if runs == 0 {
            "no runs recorded".to_owned()
        } else {
            format!(
                "{runs} runs in {recorded} of {} weeks since {}; last 4 weeks {} km",
                ins.weeks.len(),
                ins.since,
                last4
                    .iter()
                    .rev()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(" / ")
            )
        },
    ));
    Section {
        title: "The runner".to_owned(),
        blocks: vec![Block::Pairs(rows)],
    }
}

fn pain_story(i: &Inputs<'_>) -> Section {
    let mut blocks = Vec::new();
    if let Some((a, on)) = &i.answers {
        let p = &a.pain;
        let mut onset = format!("{} weeks", p.weeks);
        if p.first_episode {
            onset.push_str("; first episode ever");
        }
        if p.sudden_onset {
            onset.push_str("; sudden onset");
        }
        blocks.push(Block::Pairs(vec![
            (
                "Where".to_owned(),
                format!("{} (answered {on})", words(&p.regions)),
            ),
            (
                "Pain 0-10".to_owned(),
                format!("now {}, worst in the last week {}", p.now, p.worst),
            ),
            ("When it comes".to_owned(), words(&p.when)),
            ("How long".to_owned(), onset),
            ("Trend (runner's view)".to_owned(), p.trend.clone()),
        ]));
    }
    let rows: Vec<Vec<String>> = i
        .insights
        .pain
        .iter()
        .map(|r| {
            let when = |key: &str| {
                r.by_time
                    .iter()
                    .find(|w| w.when == key)
                    .filter(|w| w.count > 0)
                    .map_or_else(
                        || "-".to_owned(),
                        |w| format!("{} / {}", or_dash(w.mean), or_dash(w.max)),
                    )
            };
            vec![
                r.region.replace('-', " "),
                r.logs.to_string(),
                or_dash(r.last_pain),
                r.trend_per_week.as_ref().map_or_else(
                    || "-".to_owned(),
                    |t| format!("{} ({} to {})", t.slope, t.low, t.high),
                ),
                when("during"),
                when("after"),
                when("next-morning"),
                format!("{} of {}", r.not_settled, r.settled_known),
            ]
        })
        .collect();
    if rows.is_empty() {
        blocks.push(Block::Para("No pain logged in this period.".to_owned()));
    } else {
        blocks.push(Block::Para(
            "Logged pain (0-10) per region: trend in points per week over the recent window with its 95 % CI; mean / highest score during, after and the morning after runs; run days whose pain had not settled by the next morning."
                .to_owned(),
        ));
        blocks.push(Block::Table {
            header: [
                "region",
                "logs",
                "last pain",
                "trend /week (95 % CI)",
                "during",
                "after",
                "next morning",
                "not settled",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows,
        });
    }
    Section {
        title: "The pain story".to_owned(),
        blocks,
    }
}

fn red_flags(i: &Inputs<'_>) -> Section {
    let mut blocks = Vec::new();
    match &i.answers {
        Some((a, on)) => {
            let mut yes = Vec::new();
            let mut no = Vec::new();
            for flag in &i.kb.red_flags {
                let FlagTrigger::Asked(question) = &flag.trigger else {
                    continue;
                };
                match a.red_flags.get(&flag.id) {
                    Some(true) => yes.push(format!("YES ({on}): {question}")),
                    Some(false) => no.push(flag.id.clone()),
                    None => yes.push(format!("NOT ANSWERED ({on}): {question}")),
                }
            }
            blocks.push(Block::Para(format!(
                "Red-flag checklist answered on {on}: {} of {} questions answered yes.",
                yes.len(),
                yes.len() + no.len()
            )));
            if !yes.is_empty() {
                blocks.push(Block::Bullets(yes));
            }
            if !no.is_empty() {
                blocks.push(Block::Para(format!(
                    "Answered no ({on}): {}.",
                    no.join(", ")
                )));
            }
        }
        None => blocks.push(Block::Para(
            "No red-flag checklist answered: the runner has not run `backstride assess`."
                .to_owned(),
        )),
    }
    let derived: Vec<String> = i
        .assessment
        .iter()
        .flat_map(|r| r.assessment.triage.flags.iter())
        .filter(|f| !f.asked && !f.from_note)
        .map(|f| {
            format!(
                "Derived from the answers ({}): {} ({})",
                f.tier, f.suggests, f.because
            )
        })
        .collect();
    if !derived.is_empty() {
        blocks.push(Block::Bullets(derived));
    }
    if !i.note_flags.is_empty() {
        blocks.push(Block::Bullets(
            i.note_flags
                .iter()
                .map(|f| {
                    format!(
                        "Raised by a log note ({}): {}. Because: {}",
                        f.tier.name(),
                        f.suggests.trim_end_matches('.'),
                        f.because
                    )
                })
                .collect(),
        ));
    }
    Section {
        title: "Red flags".to_owned(),
        blocks,
    }
}

/// The region of a stable key.
fn region_of(key: &str) -> Option<Region> {
    [
        Region::LowerBack,
        Region::UpperBack,
        Region::Neck,
        Region::Other,
    ]
    .into_iter()
    .find(|r| region_key(*r) == key)
}

/// Weekly mean of the daily highest score in one region, per insights week
/// (rounded as the insights round `mean_back_pain`).
fn weekly_pain(ins: &InsightsReport, history: &History, region: Region) -> Vec<Option<f64>> {
    let daily = pain::daily_max(history, &[region], ins.since, ins.days.len());
    ins.weeks
        .iter()
        .map(|w| {
            let end = w.monday.checked_add_days(Days::new(7));
            let scores: Vec<f64> = ins
                .days
                .iter()
                .zip(&daily)
                .filter(|(d, _)| d.date >= w.monday && end.is_some_and(|e| d.date < e))
                .filter_map(|(_, v)| v.map(f64::from))
                .collect();
            (!scores.is_empty()).then(|| round(scores.iter().sum::<f64>() / scores.len() as f64, 1))
        })
        .collect()
}

fn load(i: &Inputs<'_>) -> Section {
    let ins = i.insights;
    let mut blocks = Vec::new();
    if ins.weeks.is_empty() {
        blocks.push(Block::Para("No weeks to show.".to_owned()));
    } else {
        let pain = ins
            .pain
            .iter()
            .filter(|r| r.logs > 0)
            .filter_map(|r| {
                let region = region_of(&r.region)?;
                Some((
                    r.region.replace('-', " "),
                    weekly_pain(ins, i.history, region),
                ))
            })
            .collect();
        blocks.push(Block::Chart(Chart {
            weeks: ins.weeks.iter().map(|w| w.monday).collect(),
            km: ins.weeks.iter().map(|w| w.distance_km).collect(),
            pain,
        }));
        let rows = ins
            .weeks
            .iter()
            .rev()
            .take(TABLE_WEEKS)
            .rev()
            .map(|w| {
                vec![
                    w.week.clone(),
                    w.distance_km.to_string(),
                    w.runs.to_string(),
                    w.load.to_string(),
                    or_dash(w.change_pct.map(|c| format!("{c:+}%"))),
                    or_dash(w.peak_acwr),
                    w.cross_training_days.to_string(),
                    or_dash(w.mean_back_pain),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            header: [
                "week",
                "km",
                "runs",
                "load",
                "km change",
                "peak ACWR",
                "cross-training days",
                "mean back pain",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows,
        });
    }
    let mut notes: Vec<String> = ins
        .alerts
        .iter()
        .filter(|a| a.kind != "red-flag")
        .map(|a| {
            format!(
                "{} ({}): {} [{}]",
                a.kind,
                a.severity,
                a.message,
                a.sources.join(", ")
            )
        })
        .collect();
    if let Some(f) = &ins.fitness {
        notes.push(format!(
            "Load today: fitness {}, fatigue {}, form {} ({}); ACWR is a spike indicator, not an injury probability.",
            f.fitness, f.fatigue, f.form, ins.load_sources.zones
        ));
    }
    if let Some(d) = &ins.decision {
        notes.push(format!(
            "Next week, by the pain-monitoring rule: {} ({}) [{}]",
            d.action,
            d.reasons.join("; "),
            d.sources.join(", ")
        ));
    }
    if !notes.is_empty() {
        blocks.push(Block::Bullets(notes));
    }
    Section {
        title: "Pain against weekly running".to_owned(),
        blocks,
    }
}

fn adherence(ins: &InsightsReport) -> Section {
    let r = &ins.routine;
    let routine = if r.planned_days == 0 {
        format!(
            "no planned routine days in this period; {} days done",
            r.extra_days
        )
    } else {
        format!(
            "{} of {} planned days done (rate {}), {} extra days; {} missed in a row; last done {}",
            r.done_planned_days,
            r.planned_days,
            or_dash(r.rate),
            r.extra_days,
            r.missed_in_a_row,
            r.days_since_last
                .map_or_else(|| "never".to_owned(), |d| format!("{} ago", days(d)))
        )
    };
    let c = &ins.cross_training;
    let cross = format!(
        "{} days in the last 30 against a dose of {}; {} of {} 30-day windows below the dose",
        or_dash(c.current),
        c.dose,
        c.windows_below,
        c.windows
    );
    let b = &ins.brace;
    let brace = format!(
        "worn on {}, logged without on {}; {} runs with the brace",
        days(b.days_worn.into()),
        days(b.days_not_worn.into()),
        b.runs_with_brace
    );
    Section {
        title: "Routine, cross-training and brace".to_owned(),
        blocks: vec![Block::Pairs(vec![
            ("Core routine".to_owned(), routine),
            ("Cross-training".to_owned(), cross),
            ("Brace".to_owned(), brace),
        ])],
    }
}

fn str_of<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v.get(key).and_then(|s| s.as_str()).unwrap_or("?")
}

/// What a saved plan says, for the clinician: its span and dose, its
/// first weeks, its hardest run and brace guidance, and the notices about
/// caps, the doctor, the brace and pain.
fn plan_lines(record: &PlanRecord, saved: NaiveDate, lines: &mut Vec<String>) {
    let p = match &record.outcome {
        PlanOutcomeRecord::Blocked(b) => {
            lines.push(format!(
                "No plan (saved {saved}): red flags, tier {}. {}",
                b.tier, b.instruction
            ));
            return;
        }
        PlanOutcomeRecord::Ready(p) => p,
    };
    lines.push(format!(
        "Plan saved {saved}: {} to {}, {} weeks, cross-training on at least {} days in any 30.",
        p.start,
        p.end,
        p.weeks.len(),
        p.cross_days_per_30
    ));
    let listed: Vec<String> = p
        .weeks
        .iter()
        .take(PLAN_WEEKS)
        .map(|w| {
            format!(
                "week {}: {} km in {} runs{}",
                w.number,
                km_text(w.scheduled_m),
                w.runs,
                if w.lighter { " (lighter)" } else { "" }
            )
        })
        .collect();
    lines.push(format!("{}.", listed.join("; ")));
    let runs: Vec<(IntensityRecord, bool)> = p
        .days
        .iter()
        .filter_map(|d| match &d.session {
            SessionRecord::Run {
                intensity, brace, ..
            } => Some((*intensity, *brace)),
            SessionRecord::CrossTrain { .. } => None,
        })
        .collect();
    let steady = runs.iter().any(|(i, _)| *i == IntensityRecord::Steady);
    let brace = runs.iter().filter(|(_, b)| *b).count();
    lines.push(format!(
        "Hardest run: {}; brace guidance on {} of {} runs.",
        if steady { "steady" } else { "easy" },
        brace,
        runs.len()
    ));
    for n in &p.notices {
        if matches!(
            n.kind,
            NoticeKindRecord::Cap
                | NoticeKindRecord::Doctor
                | NoticeKindRecord::Brace
                | NoticeKindRecord::Pain
        ) {
            let short: String = n.text.chars().take(220).collect();
            lines.push(format!(
                "{}{}",
                short,
                if short.len() < n.text.len() {
                    "…"
                } else {
                    ""
                }
            ));
        }
    }
}

/// Kilometres as the plan report printed them: rounded to 0.1 km, with a
/// decimal point always (`12.0`).
fn km_text(m: u32) -> String {
    let km = (Meters(m).km() * 10.0).round() / 10.0;
    format!("{km:?}")
}

fn plan(i: &Inputs<'_>) -> Section {
    let mut lines = Vec::new();
    match &i.plan {
        None => lines.push("No plan saved.".to_owned()),
        Some((Saved::Legacy { .. }, saved)) => lines.push(format!(
            "The plan saved {saved} could not be read by this version."
        )),
        Some((Saved::Record(record), saved)) => plan_lines(record, *saved, &mut lines),
    }
    let limits = match &i.limits {
        Some((l, on)) => format!(
            "Doctor's limits entered {on}: {}.",
            crate::doctor_limits::describe(l).join("; ")
        ),
        None => "No doctor's limits entered yet (`backstride limits`).".to_owned(),
    };
    lines.push(limits);
    if let Some((a, _)) = &i.answers {
        let d = &a.doctor;
        if d.weekly_km.is_some() || d.max_intensity.is_some() || d.runs_per_week.is_some() {
            lines.push(format!(
                "Limits in the runner's answers: weekly km {}, intensity {}, runs a week {} (the stricter of these and the doctor's wins).",
                or_dash(d.weekly_km),
                or_dash(d.max_intensity.clone()),
                or_dash(d.runs_per_week)
            ));
        }
    }
    Section {
        title: "Current plan".to_owned(),
        blocks: vec![Block::Bullets(lines)],
    }
}

fn joints(v: Option<&serde_json::Value>) -> Vec<Joint> {
    v.and_then(|a| a.as_array())
        .into_iter()
        .flatten()
        .filter_map(|j| {
            Some((
                j.get("joint")?.as_str()?.to_owned(),
                j.get("x")?.as_f64()? as f32,
                j.get("y")?.as_f64()? as f32,
            ))
        })
        .collect()
}

fn form(i: &Inputs<'_>) -> Option<Section> {
    let f = i.form.as_ref()?;
    let mut blocks = Vec::new();
    blocks.push(Block::Para(format!(
        "Side-view running video of {}: {}",
        str_of(f, "run_date"),
        str_of(f, "split")
    )));
    if let Some(fig) = f.get("figures").filter(|v| !v.is_null()) {
        blocks.push(Block::Figures(Figures {
            early: joints(fig.get("early")),
            late: joints(fig.get("late")),
        }));
    }
    let drift = f
        .get("drift")
        .and_then(|d| d.as_array())
        .cloned()
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = f
        .get("metrics")
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
        .map(|m| {
            let decimals = m.get("decimals").and_then(|d| d.as_u64()).unwrap_or(1) as usize;
            let num = |v: Option<f64>| {
                v.map_or_else(
                    || "-".to_owned(),
                    |v| {
                        let s = format!("{v:.decimals$}");
                        // No "-0": a change that rounds to nothing has no sign.
                        match s.strip_prefix('-') {
                            Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => {
                                rest.to_owned()
                            }
                            _ => s,
                        }
                    },
                )
            };
            let id = str_of(m, "id");
            let change = drift.iter().find(|d| str_of(d, "id") == id).map_or_else(
                || "-".to_owned(),
                |d| {
                    let c = d.get("change").and_then(|c| c.as_f64());
                    match c {
                        Some(_)
                            if d.get("beyond_noise").and_then(|b| b.as_bool()) == Some(true) =>
                        {
                            format!("{} (beyond noise)", num(c))
                        }
                        Some(_) => num(c),
                        None if d
                            .get("withheld")
                            .and_then(|w| w.as_str())
                            .is_some_and(|w| w.starts_with(TOO_SHORT)) =>
                        {
                            TOO_SHORT.to_owned()
                        }
                        None => "-".to_owned(),
                    }
                },
            );
            vec![
                str_of(m, "label").to_owned(),
                match m.get("median").and_then(|v| v.as_f64()) {
                    Some(v) => format!("{} {}", num(Some(v)), str_of(m, "unit")),
                    None => format!(
                        "withheld: {}",
                        m.get("withheld").and_then(|w| w.as_str()).unwrap_or("")
                    ),
                },
                str_of(m, "confidence").to_owned(),
                change,
            ]
        })
        .collect();
    if !rows.is_empty() {
        blocks.push(Block::Table {
            header: ["measure", "median", "confidence", "late minus early"]
                .map(str::to_owned)
                .to_vec(),
            rows,
        });
    }
    let findings: Vec<String> = f
        .get("findings")
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
        .map(|x| {
            format!(
                "{} (evidence {}, {}) [{}]",
                str_of(x, "title"),
                str_of(x, "evidence_level"),
                str_of(x, "verdict"),
                x.get("sources")
                    .and_then(|s| s.as_array())
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    if !findings.is_empty() {
        blocks.push(Block::Bullets(findings));
    }
    Some(Section {
        title: "Running form".to_owned(),
        blocks,
    })
}

fn evidence(i: &Inputs<'_>) -> Section {
    let mut lines = Vec::new();
    if let Some(r) = &i.assessment {
        for c in r.assessment.causes.iter().take(3) {
            lines.push(format!(
                "Likely contributor: {} ({} % of the score; evidence {}, {}) [{}]",
                c.name,
                c.share_pct,
                c.evidence.level,
                c.evidence.verdict,
                c.sources.join(", ")
            ));
        }
        for rec in &r.assessment.recommendations {
            lines.push(format!(
                "Advised: {} (evidence {}, {}) [{}]",
                rec.name,
                rec.evidence.level,
                rec.evidence.verdict,
                rec.sources.join(", ")
            ));
        }
    }
    lines.truncate(EVIDENCE_LINES);
    if lines.is_empty() {
        lines.push(if i.red_flags.is_empty() {
            "No assessment saved, so no advice to source.".to_owned()
        } else {
            "No causes or exercises while a red flag stands.".to_owned()
        });
    }
    lines.push(
        "Running progression and pain-monitoring: SEED-DOCTOR, SILBERNAGEL-2007; cross-training dose: SEED-CROSS-TRAIN. Full list: `backstride sources`."
            .to_owned(),
    );
    Section {
        title: "Evidence behind the advice".to_owned(),
        blocks: vec![Block::Bullets(lines)],
    }
}

fn fill_in(i: &Inputs<'_>) -> Section {
    let field = |label: &str, choices: &[&str], flag: &str| FillField {
        label: label.to_owned(),
        choices: choices.iter().map(|c| (*c).to_owned()).collect(),
        flag: flag.to_owned(),
    };
    let _ = i;
    Section {
        title: "For the clinician to fill in".to_owned(),
        blocks: vec![
            Block::Para(
                "Limits for running until the next visit. The runner enters them with `backstride limits`, and every plan keeps to them."
                    .to_owned(),
            ),
            Block::FillIn(vec![
                field("Most km a week", &[], "--weekly-km N"),
                field("Hardest intensity", &["easy", "moderate", "hard"], "--max-intensity"),
                field("Most runs a week", &[], "--runs-per-week N"),
                field("Brace when running", &["yes", "no"], "--brace yes|no"),
                field("Follow-up date", &[], "--follow-up YYYY-MM-DD"),
                field("Clinician, signature and date", &[], "-"),
            ]),
        ],
    }
}
