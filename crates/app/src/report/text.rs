//! The report as terminal text. Styles are ANSI codes from `anstyle`; the
//! output stream (`anstream`) drops them when stdout is not a terminal or
//! NO_COLOR is set, and files get them stripped.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::FOUNDING;
use super::dto::{
    AdaptationView, AssessmentView, PlanView, ReadyPlanView, Report, RoutineItemView, SourceView,
    WeekView,
};

const HEAD: Style = Style::new().bold();
const ALERT: Style = AnsiColor::Red.on_default().bold();
const CAVEAT: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();
const GOOD: Style = AnsiColor::Green.on_default();

fn styled(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// Renders the report for a terminal. A plan leads with what to do this
/// week; the cited sources are named by ID where they are cited and listed
/// in full only when `all_sources` is set (or when red flags stop the plan,
/// where the list is only the flags' few). A red flag or a due check still
/// comes first and is shown whole.
pub fn render(r: &Report, all_sources: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        styled(HEAD, &format!("Backstride report, {}", r.generated_on))
    );
    let _ = writeln!(out, "{}\n", styled(CAVEAT, &r.disclaimer));
    if let Some(a) = &r.adaptation {
        adaptation(&mut out, a);
    }
    let a = &r.assessment;
    match &r.plan {
        Some(PlanView::Ready(plan)) if a.triage.allows_plan => {
            triage(&mut out, a);
            ready(&mut out, plan);
            findings(&mut out, a);
        }
        plan => {
            triage(&mut out, a);
            if a.triage.allows_plan {
                findings(&mut out, a);
            } else {
                // Red flags win: nothing else competes with the instruction.
                let _ = writeln!(
                    out,
                    "Likely causes and exercises are held back until a clinician has seen you.\n"
                );
            }
            match plan {
                Some(PlanView::Ready(plan)) => ready(&mut out, plan),
                Some(PlanView::Blocked(b)) => {
                    let _ = writeln!(out, "{}", styled(ALERT, "NO PLAN: SEE A CLINICIAN FIRST"));
                    let _ = writeln!(out, "  {} ({})\n", b.instruction, b.tier);
                }
                Some(PlanView::CheckDue(c)) => {
                    let _ = writeln!(
                        out,
                        "{}",
                        styled(
                            ALERT,
                            "NO PLAN YET: ANSWER THE RED-FLAG QUESTIONS AGAIN FIRST"
                        )
                    );
                    for r in &c.reasons {
                        let _ = writeln!(out, "  - {r}");
                    }
                    let _ = writeln!(
                        out,
                        "  {} (in a terminal it asks them; in scripts pass --no ID / --yes ID or --answers FILE)\n",
                        c.instruction
                    );
                }
                None => {}
            }
        }
    }
    source_list(&mut out, r, all_sources);
    out
}

/// The sources: in full, or one short note on the IDs in brackets that
/// names the founding article when its claims are cited.
fn source_list(out: &mut String, r: &Report, all_sources: bool) {
    let visible = r.visible_sources();
    let (seed, research): (Vec<&SourceView>, Vec<&SourceView>) =
        visible.iter().partition(|s| is_seed(&s.id));
    if all_sources || !r.assessment.triage.allows_plan {
        let _ = writeln!(out, "{}", styled(HEAD, "SOURCES"));
        if !seed.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                styled(DIM, &format!("Claims of the founding article, {FOUNDING}:"))
            );
        }
        for s in seed.iter().chain(&research) {
            let cite = s
                .citation
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {} {}{}", styled(DIM, &s.id), s.title, cite);
        }
        return;
    }
    let _ = writeln!(
        out,
        "{} {} cited in [brackets]{}; add --sources to list them, or run `backstride sources`.",
        styled(HEAD, "SOURCES:"),
        visible.len(),
        if seed.is_empty() {
            String::new()
        } else {
            format!(
                ". SEED-* are claims of the founding article, {FOUNDING}, shown beside what research says"
            )
        }
    );
}

/// A claim of the founding article.
fn is_seed(id: &str) -> bool {
    backstride_core::knowledge::seed::SEED_IDS.contains(&id)
}

fn sources(ids: &[String]) -> String {
    styled(DIM, &format!("[{}]", ids.join(", ")))
}

/// What `plan --adapt` changed and why, before anything else.
fn adaptation(out: &mut String, a: &AdaptationView) {
    let style = match a.action.as_str() {
        "stop" => ALERT,
        "step-back" | "hold" => CAVEAT,
        _ => GOOD,
    };
    let _ = writeln!(
        out,
        "{} {}",
        styled(HEAD, "ADAPTED FROM YOUR PAIN LOG:"),
        styled(style, &a.action.replace('-', " ").to_uppercase())
    );
    let _ = writeln!(out, "  {}", styled(DIM, &format!("From {}.", a.based_on)));
    for c in &a.changes {
        let mark = if c.changed { "*" } else { "=" };
        let _ = writeln!(out, "  {mark} {} {}", c.text, sources(&c.sources));
    }
    let _ = writeln!(out);
}

fn triage(out: &mut String, a: &AssessmentView) {
    let t = &a.triage;
    let tier = if t.allows_plan {
        styled(GOOD, &t.tier)
    } else {
        styled(ALERT, &t.tier)
    };
    let _ = writeln!(out, "{} {tier}", styled(HEAD, "TRIAGE:"));
    if let Some(instruction) = &t.instruction {
        let _ = writeln!(out, "  {}", styled(ALERT, instruction));
    }
    if t.flags.is_empty() {
        let _ = writeln!(out, "  No red flag found in your answers.");
    }
    for f in &t.flags {
        let combined = if f.combined {
            ", raised by another flag"
        } else {
            ""
        };
        let _ = writeln!(out, "  ! [{}{combined}] {}", f.tier, f.suggests);
        let _ = writeln!(out, "    {}", f.reason());
        if t.instruction.as_deref() != Some(f.action.as_str()) {
            let _ = writeln!(out, "    {}", f.action);
        }
        let _ = writeln!(out, "    {}", sources(&f.sources));
    }
    let _ = writeln!(out);
}

/// Likely causes, recommendations and the core tests (only when no red flag
/// holds them back).
fn findings(out: &mut String, a: &AssessmentView) {
    if !a.causes.is_empty() {
        let _ = writeln!(out, "{}", styled(HEAD, "LIKELY CAUSES"));
        for (i, c) in a.causes.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {}  score {} ({}%)  evidence: {}, {} {}",
                i + 1,
                styled(HEAD, &c.name),
                c.score,
                c.share_pct,
                c.evidence.level,
                c.evidence.verdict,
                sources(&c.sources)
            );
            for reason in &c.reasons {
                let _ = writeln!(out, "     +{} {}", reason.weight, reason.why);
            }
            for d in &c.from_data {
                let _ = writeln!(
                    out,
                    "     From your data: {} ({}) {}",
                    d.said,
                    d.strength,
                    sources(&d.sources)
                );
            }
            if c.evidence.caveat {
                let _ = writeln!(
                    out,
                    "     {}",
                    styled(CAVEAT, &format!("Research: {}", c.evidence.note))
                );
            }
        }
        let _ = writeln!(out);
    }
    if !a.recommendations.is_empty() {
        let _ = writeln!(out, "{}", styled(HEAD, "RECOMMENDED"));
        for r in &a.recommendations {
            let _ = writeln!(
                out,
                "  - {} ({}, {}): {}",
                styled(HEAD, &r.name),
                r.evidence.level,
                r.evidence.verdict,
                r.summary
            );
            let _ = writeln!(
                out,
                "    why: {} {}",
                r.because.join("; "),
                sources(&r.sources)
            );
            if r.evidence.caveat {
                let _ = writeln!(
                    out,
                    "    {}",
                    styled(CAVEAT, &format!("Research: {}", r.evidence.note))
                );
            }
        }
        let _ = writeln!(out);
    }
    if !a.core_tests.is_empty() {
        let _ = writeln!(out, "{}", styled(HEAD, "CORE ENDURANCE TESTS"));
        for t in &a.core_tests {
            let verdict = if t.low {
                styled(CAVEAT, "below the norm")
            } else {
                styled(GOOD, "at or above the norm")
            };
            let _ = writeln!(
                out,
                "  {}: {} s, {verdict} (low below {} s: {})",
                t.name, t.seconds, t.low_below_s, t.basis
            );
            if t.outside_reference_ages {
                let _ = writeln!(
                    out,
                    "    Your age is outside the reference group's: read this loosely."
                );
            }
        }
        for r in a.ratios.iter().filter(|r| r.off_target) {
            let _ = writeln!(
                out,
                "  {} ratio {:.2} is off target: {}",
                r.id, r.value, r.basis
            );
        }
        let _ = writeln!(out);
    }
}

fn routine_line(items: &[RoutineItemView]) -> String {
    items
        .iter()
        .map(|i| {
            let instead = i
                .replaces
                .as_deref()
                .map(|r| format!(" (instead of {r})"))
                .unwrap_or_default();
            format!("{}{instead}: {}", i.name, i.dose)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The week's tags: lighter, at the doctor's cap.
fn tags(w: &WeekView) -> String {
    let mut tags = Vec::new();
    if w.lighter {
        tags.push("lighter week");
    }
    if w.capped {
        tags.push("at your doctor's cap");
    }
    if tags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", tags.join(", "))
    }
}

fn week_head(p: &ReadyPlanView, w: &WeekView) -> String {
    format!(
        "Week {} (from {}): {} {} in {} runs, {} cross-training",
        w.number,
        w.start.format("%a %d %b"),
        p.number(w.scheduled_km),
        p.units,
        w.runs,
        w.cross_sessions
    )
}

/// The plan: its safety notices, this week in full with how to do the
/// routine, the other notices, then each later week on two lines (three
/// when its routine changes).
fn ready(out: &mut String, p: &ReadyPlanView) {
    let _ = writeln!(
        out,
        "{}",
        styled(
            HEAD,
            &format!("PLAN {} to {} ({} weeks)", p.start, p.end, p.weeks.len())
        )
    );
    // Safety first (see a doctor, pain, a sign to watch), then this week;
    // the other notes on the plan as a whole follow it.
    for n in p.notices.iter().filter(|n| n.comes_first()) {
        let _ = writeln!(out, "  * {} {}", n.text, sources(&n.sources));
    }
    let mut previous: Option<String> = None;
    for (k, w) in p.weeks.iter().enumerate() {
        let days = p.days_of(&w.number);
        let routine = days
            .iter()
            .map(|d| d.routine())
            .find(|r| !r.is_empty())
            .unwrap_or_default();
        if k == 0 {
            let _ = writeln!(
                out,
                "\n{} {}{}",
                styled(HEAD, "THIS WEEK:"),
                styled(HEAD, &week_head(p, w)),
                tags(w)
            );
            // The routine is the same on every run day of a week: say it once.
            if !routine.is_empty() {
                let _ = writeln!(
                    out,
                    "  {}",
                    styled(
                        DIM,
                        &format!("Routine on days marked +: {}", routine_line(routine))
                    )
                );
            }
            for d in &days {
                let mark = if d.routine().is_empty() { " " } else { "+" };
                let _ = writeln!(out, "  {mark} {}  {}", d.date.format("%a %d %b"), d.title);
            }
            how_to(out, p);
            let _ = writeln!(out, "{}", styled(HEAD, "ABOUT THIS PLAN"));
            for n in p.notices.iter().filter(|n| !n.comes_first()) {
                let _ = writeln!(out, "  * {} {}", n.text, sources(&n.sources));
            }
            let _ = writeln!(
                out,
                "  Routine: {} ({}). Cross-training: at least {} days in any 30.\n",
                p.routine_name, p.routine_when, p.cross_days_per_30
            );
            if p.weeks.len() > 1 {
                let _ = writeln!(out, "{}", styled(HEAD, "THE WEEKS AFTER (+ routine day)"));
            }
        } else {
            let _ = writeln!(out, "  {}{}", week_head(p, w), tags(w));
            let sessions: Vec<String> = days
                .iter()
                .map(|d| {
                    let mark = if d.routine().is_empty() { "" } else { "+" };
                    format!("{mark}{} {}", d.date.format("%a %d"), d.title)
                })
                .collect();
            let _ = writeln!(out, "    {}", sessions.join("; "));
            if !routine.is_empty() && previous.as_deref() != Some(routine_line(routine).as_str()) {
                let _ = writeln!(
                    out,
                    "    {}",
                    styled(
                        DIM,
                        &format!("Routine from this week: {}", routine_line(routine))
                    )
                );
            }
        }
        previous = Some(routine_line(routine));
    }
    let _ = writeln!(out);
}

/// How to do each exercise of the routine, once.
fn how_to(out: &mut String, p: &ReadyPlanView) {
    let _ = writeln!(out);
    if p.exercises.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", styled(HEAD, "HOW TO DO THE ROUTINE"));
    for e in &p.exercises {
        let _ = writeln!(out, "  {} {}", styled(HEAD, &e.name), sources(&e.sources));
        for (n, step) in e.steps.iter().enumerate() {
            let _ = writeln!(out, "    {}. {step}", n + 1);
        }
    }
    let _ = writeln!(out);
}
