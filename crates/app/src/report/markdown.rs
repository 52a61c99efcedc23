//! The report as Markdown, for notes, e-mail or a clinician's record.

use std::fmt::Write;

use super::FOUNDING;
use super::dto::{AssessmentView, PlanView, ReadyPlanView, Report, RoutineItemView, SourceView};

/// Escapes the characters Markdown would read as table or emphasis syntax.
fn md(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

/// Renders the report as Markdown: a plan leads with this week, the cited
/// sources are named by ID where cited and listed in full only with
/// `all_sources` (or when red flags stop the plan: then only the flags').
/// A red flag or a due check is shown whole, before any plan.
pub fn render(r: &Report, all_sources: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Backstride report, {}\n", r.generated_on);
    let _ = writeln!(out, "> {}\n", md(&r.disclaimer));
    if let Some(ad) = &r.adaptation {
        let _ = writeln!(
            out,
            "## Adapted from your pain log: {}\n\nFrom {}.\n",
            ad.action.replace('-', " "),
            md(&ad.based_on)
        );
        for c in &ad.changes {
            let _ = writeln!(out, "- {} [{}]", md(&c.text), c.sources.join(", "));
        }
        let _ = writeln!(out);
    }
    let a = &r.assessment;
    triage(&mut out, a);
    let held_back = !a.triage.allows_plan;
    if held_back {
        let _ = writeln!(
            out,
            "\nLikely causes and exercises are held back until a clinician has seen you."
        );
    }
    match &r.plan {
        Some(PlanView::Ready(p)) if !held_back => {
            ready(&mut out, p);
            findings(&mut out, a);
        }
        plan => {
            if !held_back {
                findings(&mut out, a);
            }
            match plan {
                Some(PlanView::Blocked(b)) => {
                    let _ = writeln!(
                        out,
                        "\n## No plan: see a clinician first\n\n**{}** ({})",
                        md(&b.instruction),
                        b.tier
                    );
                }
                Some(PlanView::CheckDue(c)) => {
                    let _ = writeln!(
                        out,
                        "\n## No plan yet: answer the red-flag questions again first\n"
                    );
                    for r in &c.reasons {
                        let _ = writeln!(out, "- {}", md(r));
                    }
                    let _ = writeln!(out, "\n**{}**", md(&c.instruction));
                }
                Some(PlanView::Ready(p)) => ready(&mut out, p),
                None => {}
            }
        }
    }
    sources(&mut out, r, all_sources || held_back);
    out
}

fn triage(out: &mut String, a: &AssessmentView) {
    let _ = writeln!(out, "## Triage: {}\n", a.triage.tier);
    if let Some(i) = &a.triage.instruction {
        let _ = writeln!(out, "**{}**\n", md(i));
    }
    if a.triage.flags.is_empty() {
        let _ = writeln!(out, "No red flag found in your answers.");
    }
    for f in &a.triage.flags {
        let _ = writeln!(
            out,
            "- **{}** ({}): {}. {} [{}]",
            md(&f.suggests),
            f.tier,
            md(&f.reason()),
            md(&f.action),
            f.sources.join(", ")
        );
    }
}

/// Likely causes, recommendations and core tests.
fn findings(out: &mut String, a: &AssessmentView) {
    if !a.causes.is_empty() {
        let _ = writeln!(out, "\n## Likely causes\n");
        let _ = writeln!(
            out,
            "| # | Cause | Score | Evidence | Why | Sources |\n|---|---|---|---|---|---|"
        );
        for (i, c) in a.causes.iter().enumerate() {
            let why: Vec<String> = c
                .reasons
                .iter()
                .map(|r| format!("+{} {}", r.weight, md(&r.why)))
                .chain(c.from_data.iter().map(|d| {
                    format!(
                        "From your data: {} ({}) [{}]",
                        md(&d.said),
                        md(&d.strength),
                        d.sources.join(", ")
                    )
                }))
                .collect();
            let caveat = if c.evidence.caveat {
                format!("<br>{}", md(&c.evidence.note))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} ({}%) | {}, {}{caveat} | {} | {} |",
                i + 1,
                md(&c.name),
                c.score,
                c.share_pct,
                c.evidence.level,
                c.evidence.verdict,
                why.join("<br>"),
                c.sources.join(", ")
            );
        }
    }
    if !a.recommendations.is_empty() {
        let _ = writeln!(out, "\n## Recommended\n");
        for rec in &a.recommendations {
            let _ = writeln!(
                out,
                "- **{}** ({}, {}): {}",
                md(&rec.name),
                rec.evidence.level,
                rec.evidence.verdict,
                md(&rec.summary)
            );
            let _ = writeln!(
                out,
                "  - Why: {}. {} [{}]",
                md(&rec.because.join("; ")),
                md(&rec.evidence.note),
                rec.sources.join(", ")
            );
        }
    }
    if !a.core_tests.is_empty() {
        let _ = writeln!(out, "\n## Core endurance tests\n");
        let _ = writeln!(
            out,
            "| Test | Seconds | Low below | Result |\n|---|---|---|---|"
        );
        for t in &a.core_tests {
            let result = if t.low {
                "below the norm"
            } else {
                "at or above"
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                t.name, t.seconds, t.low_below_s, result
            );
        }
    }
}

/// The routine of a day, one exercise per `<br>`.
fn routine_cell(items: &[RoutineItemView]) -> String {
    items
        .iter()
        .map(|i| {
            let instead = i
                .replaces
                .as_deref()
                .map(|r| format!(" (instead of {})", md(r)))
                .unwrap_or_default();
            format!("{}{instead}: {}", md(&i.name), i.dose)
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// The plan: safety notices, this week in full with how to do the
/// routine, the other notices, then one table row per later week.
fn ready(out: &mut String, p: &ReadyPlanView) {
    let _ = writeln!(out, "\n## Plan: {} to {}\n", p.start, p.end);
    // Safety first (see a doctor, pain, a sign to watch), then this week.
    let first_notices: Vec<_> = p.notices.iter().filter(|n| n.comes_first()).collect();
    for n in &first_notices {
        let _ = writeln!(out, "- {} [{}]", md(&n.text), n.sources.join(", "));
    }
    if !first_notices.is_empty() {
        let _ = writeln!(out);
    }
    let Some((first, later)) = p.weeks.split_first() else {
        return;
    };
    let lighter = if first.lighter { " (lighter week)" } else { "" };
    let _ = writeln!(
        out,
        "### This week: week {}{lighter}, {} {}, {} runs, {} cross-training\n",
        first.number,
        p.number(first.scheduled_km),
        p.units,
        first.runs,
        first.cross_sessions
    );
    let _ = writeln!(out, "| Date | Session | Routine |\n|---|---|---|");
    for d in p.days_of(&first.number) {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            d.date.format("%a %Y-%m-%d"),
            md(&d.title),
            routine_cell(d.routine())
        );
    }
    let _ = writeln!(out);
    if !p.exercises.is_empty() {
        let _ = writeln!(out, "### How to do the routine\n");
        for e in &p.exercises {
            let _ = writeln!(
                out,
                "**{}**: {} [{}]\n",
                md(&e.name),
                md(&e.purpose),
                e.sources.join(", ")
            );
            for (n, step) in e.steps.iter().enumerate() {
                let _ = writeln!(out, "{}. {}", n + 1, md(step));
            }
            let _ = writeln!(out);
        }
    }
    let _ = writeln!(out, "### About this plan\n");
    for n in p.notices.iter().filter(|n| !n.comes_first()) {
        let _ = writeln!(out, "- {} [{}]", md(&n.text), n.sources.join(", "));
    }
    let _ = writeln!(
        out,
        "\nRoutine: **{}** ({}). Cross-training on at least {} days in any 30.\n",
        md(&p.routine_name),
        md(&p.routine_when),
        p.cross_days_per_30
    );
    if later.is_empty() {
        return;
    }
    let _ = writeln!(out, "### The weeks after\n");
    let _ = writeln!(
        out,
        "| Week | {} | Sessions (+ with the routine) | Routine |\n|---|---|---|---|",
        p.units
    );
    let mut previous = p
        .days_of(&first.number)
        .iter()
        .map(|d| routine_cell(d.routine()))
        .find(|r| !r.is_empty())
        .unwrap_or_default();
    for w in later {
        let days = p.days_of(&w.number);
        let sessions: Vec<String> = days
            .iter()
            .map(|d| {
                let mark = if d.routine().is_empty() { "" } else { "+" };
                format!("{mark}{} {}", d.date.format("%a %d %b"), md(&d.title))
            })
            .collect();
        let routine = days
            .iter()
            .map(|d| routine_cell(d.routine()))
            .find(|r| !r.is_empty())
            .unwrap_or_default();
        let shown = if routine == previous {
            "as the week before".to_owned()
        } else {
            routine.clone()
        };
        let mut tags = Vec::new();
        if w.lighter {
            tags.push("lighter");
        }
        if w.capped {
            tags.push("at your doctor's cap");
        }
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!(" ({})", tags.join(", "))
        };
        let _ = writeln!(
            out,
            "| {}{tags} | {} | {} | {} |",
            w.number,
            p.number(w.scheduled_km),
            sessions.join("<br>"),
            shown
        );
        previous = routine;
    }
}

/// The sources: the full list, or one line on the IDs in brackets that
/// names the founding article when its claims are cited.
fn sources(out: &mut String, r: &Report, full: bool) {
    let visible = r.visible_sources();
    let (seed, research): (Vec<&SourceView>, Vec<&SourceView>) = visible
        .iter()
        .partition(|s| backstride_core::knowledge::seed::SEED_IDS.contains(&s.id.as_str()));
    if !full {
        let founding = if seed.is_empty() {
            String::new()
        } else {
            format!(
                " `SEED-*` are claims of the founding article, {FOUNDING}, shown beside what research says."
            )
        };
        let _ = writeln!(
            out,
            "\n## Sources\n\n{} sources are cited in [brackets].{founding} Add `--sources` for the full list, or run `backstride sources`.",
            visible.len()
        );
        return;
    }
    let _ = writeln!(out, "\n## Sources\n");
    if !seed.is_empty() {
        let _ = writeln!(out, "Claims of the founding article, {FOUNDING}:\n");
    }
    for (k, s) in seed.iter().chain(&research).enumerate() {
        if k == seed.len() && !seed.is_empty() {
            let _ = writeln!(out, "\nResearch and guidelines:\n");
        }
        let cite = s
            .citation
            .as_deref()
            .map(|c| format!(". {}", md(c)))
            .unwrap_or_default();
        let url = s
            .url
            .as_deref()
            .map(|u| format!(" <{u}>"))
            .unwrap_or_default();
        let _ = writeln!(out, "- **{}**: {}{cite}{url}", s.id, md(&s.title));
    }
}
