//! The report as Markdown, for notes, e-mail or a clinician's record.

use std::fmt::Write;

use super::dto::{PlanView, Report, SessionView};

/// Escapes the characters Markdown would read as table or emphasis syntax.
fn md(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

/// Renders the report as Markdown.
pub fn render(r: &Report) -> String {
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
    let held_back = !a.triage.allows_plan;
    if held_back {
        let _ = writeln!(
            out,
            "\nLikely causes and exercises are held back until a clinician has seen you."
        );
    }
    if !held_back && !a.causes.is_empty() {
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
            let _ = writeln!(out, "- **{}**: {}", md(&rec.name), md(&rec.summary));
            let _ = writeln!(out, "  - Why: {}", md(&rec.because.join("; ")));
            let _ = writeln!(
                out,
                "  - Evidence: {}, {}. {}",
                rec.evidence.level,
                rec.evidence.verdict,
                md(&rec.evidence.note)
            );
            let _ = writeln!(out, "  - Sources: {}", rec.sources.join(", "));
        }
    }
    if !held_back && !a.core_tests.is_empty() {
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
    match &r.plan {
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
        Some(PlanView::Ready(p)) => {
            let _ = writeln!(out, "\n## Plan: {} to {}\n", p.start, p.end);
            for n in &p.notices {
                let _ = writeln!(out, "- {} [{}]", md(&n.text), n.sources.join(", "));
            }
            let _ = writeln!(
                out,
                "\nRoutine: **{}** ({}). Cross-training on at least {} days in any 30.\n",
                md(&p.routine_name),
                md(&p.routine_when),
                p.cross_days_per_30
            );
            for w in &p.weeks {
                let lighter = if w.lighter { " (lighter week)" } else { "" };
                let _ = writeln!(
                    out,
                    "### Week {}{lighter}: {:.1} km, {} runs, {} cross-training\n",
                    w.number, w.scheduled_km, w.runs, w.cross_sessions
                );
                let _ = writeln!(out, "| Date | Session | Routine |\n|---|---|---|");
                for d in p.days.iter().filter(|d| d.week == w.number) {
                    let routine = match &d.session {
                        SessionView::Run { routine, .. }
                        | SessionView::CrossTrain { routine, .. } => routine,
                    };
                    let items: Vec<String> = routine
                        .iter()
                        .map(|i| {
                            let instead = i
                                .replaces
                                .as_deref()
                                .map(|r| format!(" (instead of {})", md(r)))
                                .unwrap_or_default();
                            format!("{}{instead}: {}", md(&i.name), i.dose)
                        })
                        .collect();
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        d.date.format("%a %Y-%m-%d"),
                        md(&d.title),
                        items.join("<br>")
                    );
                }
                let _ = writeln!(out);
            }
            if !p.exercises.is_empty() {
                let _ = writeln!(out, "## How to do the routine\n");
                for e in &p.exercises {
                    let _ = writeln!(out, "### {}\n\n{}\n", md(&e.name), md(&e.purpose));
                    for (n, step) in e.steps.iter().enumerate() {
                        let _ = writeln!(out, "{}. {}", n + 1, md(step));
                    }
                    let _ = writeln!(out, "\nSources: {}\n", e.sources.join(", "));
                }
            }
        }
        None => {}
    }
    let _ = writeln!(out, "\n## Sources\n");
    for s in r.visible_sources() {
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
    out
}
