//! The insights report as one self-contained, printable HTML page: inline
//! CSS and the SVG charts of [`super::svg`], no scripts, no external files.
//! Every piece of text is escaped.

use std::fmt::Write;

use backstride_core::insights::wording::signed;

use super::dto::InsightsReport;
use super::svg::{calendar, esc, fitness, weekly_load};

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #ddd}\
.stop{color:#a01010;font-weight:bold}.caution{color:#8a5a00}.dim{color:#666;font-size:.9em}\
table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:right;border-bottom:1px solid #eee}\
td:first-child,th:first-child{text-align:left}.disclaimer{background:#fff6dd;padding:.6rem}\
@media print{h2{break-after:avoid}svg{break-inside:avoid}}";

fn li(out: &mut String, class: &str, text: &str) {
    let _ = writeln!(out, r#"<li class="{class}">{}</li>"#, esc(text));
}

fn opt(v: Option<f64>, places: usize) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.places$}"))
}

/// Renders the page.
pub fn render(r: &InsightsReport) -> String {
    let mut o = String::new();
    let title = format!("Backstride insights, {} to {}", r.since, r.today);
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&title)
    );
    let _ = writeln!(o, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(o, r#"<p class="disclaimer">{}</p>"#, esc(&r.disclaimer));
    o.push_str(&sections(r, None, true));
    o.push_str("\n</body></html>\n");
    o
}

/// " (sources: A, B)" for a list of source IDs, or nothing.
fn cited(sources: &[String]) -> String {
    if sources.is_empty() {
        String::new()
    } else {
        format!(" (sources: {})", sources.join(", "))
    }
}

/// Everything below the title, from the alerts to what is missing, with
/// `h2` headings and classes only (no inline style): the HTML file's body
/// and the web app's Insights page. `pain_chart` goes under the pain
/// heading; the next week's decision is left out when the caller shows it
/// itself (`with_decision` false).
pub fn sections(r: &InsightsReport, pain_chart: Option<&str>, with_decision: bool) -> String {
    let mut o = String::new();
    o.push_str("<h2>Alerts</h2><ul>");
    if r.alerts.is_empty() {
        li(&mut o, "", "No alerts.");
    }
    for a in &r.alerts {
        li(
            &mut o,
            &a.severity,
            &format!(
                "{}: {}{}",
                a.severity.to_uppercase(),
                a.message,
                cited(&a.sources)
            ),
        );
    }
    o.push_str("</ul>\n<h2>Weekly load and back pain</h2>");
    if r.weeks.is_empty() {
        o.push_str("<p>No weeks to show.</p>");
    } else {
        o.push_str(&weekly_load(&r.weeks, r.unit()));
        o.push_str(r#"<p class="dim">Bars: weekly session load (distance where there is none; orange: an acute:chronic spike, a spike indicator and not an injury probability). Red line: weekly mean back pain, 0-10, right axis.</p>"#);
        let _ = write!(
            o,
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Weekly load, the last 12 weeks\"><table><tr><th>Week</th><th>{}</th><th>Runs</th><th>Load</th><th>2-wk change</th><th>Peak A:C</th><th>Mean pain</th></tr>",
            esc(&r.units)
        );
        let rows = super::load_text::rows(&r.weeks);
        for row in &rows[rows.len().saturating_sub(12)..] {
            let w = match row {
                super::load_text::Row::Week(w) => w,
                super::load_text::Row::Empty(first, last, n) => {
                    let _ = write!(
                        o,
                        "<tr><td colspan=\"7\" class=\"dim\">{} to {}: nothing recorded ({n} weeks)</td></tr>",
                        esc(&first.week),
                        esc(&last.week)
                    );
                    continue;
                }
            };
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{:.1}</td><td>{}</td><td>{:.0}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&w.week),
                r.in_units(w.distance_km),
                w.runs,
                w.load,
                w.trend_change_pct
                    .map_or_else(|| "-".to_owned(), |p| format!("{}%", signed(p, 0))),
                opt(w.peak_acwr, 2),
                opt(w.mean_back_pain, 1)
            );
        }
        o.push_str("</table></div>\n");
    }
    if let Some(f) = &r.fitness {
        let _ = write!(
            o,
            "<h2>Fitness, fatigue, form</h2>{}<p>On {}, the last day shown: fitness {:.1}, fatigue {:.1}, form {}.</p>",
            fitness(&r.days),
            r.today,
            f.fitness,
            f.fatigue,
            signed(f.form, 1)
        );
    }
    o.push_str("<h2>Pain</h2>");
    if let Some(chart) = pain_chart {
        o.push_str(chart);
    }
    o.push_str("<ul>");
    if r.pain.is_empty() {
        li(&mut o, "", "No pain logged.");
    }
    for p in &r.pain {
        let trend = p.trend_per_week.as_ref().map_or_else(
            || "too few scores for a trend".to_owned(),
            |t| {
                format!(
                    "{} points/week (95% CI {} to {})",
                    signed(t.slope, 1),
                    signed(t.low, 1),
                    signed(t.high, 1)
                )
            },
        );
        li(
            &mut o,
            "",
            &format!(
                "{}: {} logs, last pain {}; {trend}",
                p.region,
                p.logs,
                p.last_pain
                    .map_or_else(|| "none".to_owned(), |d| d.to_string())
            ),
        );
    }
    o.push_str("</ul>\n<h2>Routine adherence</h2>");
    o.push_str(&calendar(&r.days));
    let a = &r.routine;
    let line = match a.rate {
        Some(rate) => format!(
            "{} of {} planned days done ({:.0}%).",
            a.done_planned_days,
            a.planned_days,
            rate * 100.0
        ),
        None if a.plan => "No routine day planned yet in this period.".to_owned(),
        None => "No plan, so adherence cannot be measured.".to_owned(),
    };
    let _ = writeln!(o, "<p>{}</p>", esc(&line));
    let f = &r.associations;
    let _ = write!(
        o,
        r#"<h2>Your own findings (n-of-1)</h2><p class="dim">{}</p><ul>"#,
        esc(&f.note)
    );
    for item in &f.items {
        li(
            &mut o,
            if item.significant { "caution" } else { "" },
            &item.text,
        );
    }
    li(&mut o, "", &f.adherence.text);
    o.push_str("</ul>");
    for region in &f.by_region {
        let _ = write!(
            o,
            "<h3>{} on its own</h3><ul>",
            esc(&region.region.replace('-', " "))
        );
        for item in &region.items {
            li(
                &mut o,
                if item.significant { "caution" } else { "" },
                &item.text,
            );
        }
        o.push_str("</ul>");
    }
    let _ = write!(
        o,
        r#"<p class="dim">{}</p>"#,
        esc(&format!(
            "{} tests, alpha {} with Holm's correction. {}",
            f.tests, f.alpha, f.method
        ))
    );
    if with_decision {
        o.push_str("\n<h2>Next week</h2>");
        o.push_str(&decision(r));
    }
    if !r.missing.is_empty() || !r.notes.is_empty() {
        o.push_str("\n<h2>What is missing</h2><ul>");
        for m in r.missing.iter().chain(&r.notes) {
            li(&mut o, "", m);
        }
        o.push_str("</ul>");
    }
    o
}

/// The next week's decision: its action, reasons and sources.
pub fn decision(r: &InsightsReport) -> String {
    let mut o = String::new();
    match &r.decision {
        Some(d) => {
            let _ = write!(
                o,
                r#"<p class="{}">{}</p><ul>"#,
                esc(&d.action),
                esc(&d.action.to_uppercase())
            );
            for reason in &d.reasons {
                li(&mut o, "", reason);
            }
            o.push_str("</ul>");
            if !d.sources.is_empty() {
                let _ = write!(
                    o,
                    r#"<p class="dim">Sources: {}.</p>"#,
                    esc(&d.sources.join(", "))
                );
            }
        }
        None => o.push_str(
            "<p>No decision yet: log pain during or after a run and the next morning.</p>",
        ),
    }
    o
}
