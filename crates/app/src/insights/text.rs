//! The insights report for a terminal: alerts first (red flags first of
//! all), then weekly load with Unicode bars and sparklines, fitness, pain,
//! adherence, the n-of-1 findings, next week's decision and what is missing.
//! Styles are `anstyle` codes that `anstream` drops off a terminal.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use backstride_core::insights::wording::{days, signed};

use super::dto::{InsightsReport, RegionView};
use super::load_text::{load, spark};

pub(super) const HEAD: Style = Style::new().bold();
pub(super) const ALERT: Style = AnsiColor::Red.on_default().bold();
pub(super) const CAVEAT: Style = AnsiColor::Yellow.on_default();
pub(super) const DIM: Style = Style::new().dimmed();
pub(super) const GOOD: Style = AnsiColor::Green.on_default();

pub(super) fn styled(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

pub(super) fn opt(v: Option<f64>, places: usize) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.places$}"))
}

/// "1 run", "2 runs".
pub(super) fn runs(n: usize) -> String {
    if n == 1 {
        "1 run".to_owned()
    } else {
        format!("{n} runs")
    }
}

pub(super) fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{}", styled(HEAD, title));
}

/// Renders the report for a terminal.
pub fn render(r: &InsightsReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        styled(
            HEAD,
            &format!("Backstride insights, {} to {}", r.since, r.today)
        )
    );
    let _ = writeln!(out, "{}", styled(CAVEAT, &r.disclaimer));
    alerts(&mut out, r);
    load(&mut out, r);
    pain(&mut out, r);
    adherence(&mut out, r);
    findings(&mut out, r);
    next_week(&mut out, r);
    if !r.missing.is_empty() || !r.notes.is_empty() {
        section(&mut out, "WHAT IS MISSING");
        for m in r.missing.iter().chain(&r.notes) {
            let _ = writeln!(out, "  - {m}");
        }
    }
    out
}

fn alerts(out: &mut String, r: &InsightsReport) {
    section(out, "ALERTS");
    if r.alerts.is_empty() {
        let _ = writeln!(out, "  {}", styled(GOOD, "No alerts."));
    }
    for a in &r.alerts {
        let (style, tag) = match a.severity.as_str() {
            "stop" => (ALERT, "STOP"),
            "caution" => (CAVEAT, "CAUTION"),
            _ => (Style::new(), "NOTICE"),
        };
        let srcs = if a.sources.is_empty() {
            String::new()
        } else {
            format!(" {}", styled(DIM, &format!("[{}]", a.sources.join(", "))))
        };
        let _ = writeln!(
            out,
            "  {} {}{srcs}",
            styled(style, &format!("{tag}:")),
            a.message
        );
    }
}

fn region(out: &mut String, p: &RegionView) {
    let trend = match &p.trend_per_week {
        Some(t) if t.low > 0.0 => styled(
            CAVEAT,
            &format!(
                "rising {}/week (95% CI {} to {})",
                signed(t.slope, 1),
                signed(t.low, 1),
                signed(t.high, 1)
            ),
        ),
        Some(t) if t.high < 0.0 => styled(
            GOOD,
            &format!(
                "falling {}/week (95% CI {} to {})",
                signed(t.slope, 1),
                signed(t.low, 1),
                signed(t.high, 1)
            ),
        ),
        Some(t) => format!(
            "no clear trend ({}/week, 95% CI {} to {})",
            signed(t.slope, 1),
            signed(t.low, 1),
            signed(t.high, 1)
        ),
        None => "too few scores for a trend".to_owned(),
    };
    let since = p.days_since_pain.map_or_else(
        || "no pain day yet".to_owned(),
        |d| format!("{} since pain", days(usize::try_from(d).unwrap_or(0))),
    );
    let _ = writeln!(out, "  {:<11} {} logs, {since}; {trend}", p.region, p.logs);
    let recent: Vec<Option<f64>> = p.recent.iter().map(|v| v.map(f64::from)).collect();
    let _ = writeln!(out, "    last 28 days {}", spark(&recent, 0.0, 10.0));
    let times: Vec<String> = p
        .by_time
        .iter()
        .filter(|w| w.count > 0)
        .map(|w| format!("{} {}/10 avg ({} logs)", w.when, opt(w.mean, 1), w.count))
        .collect();
    if !times.is_empty() {
        let _ = writeln!(out, "    {}", times.join(", "));
    }
    if p.settled_known > 0 {
        let _ = writeln!(
            out,
            "    settled by the next morning after {} of {} run(s) with pain",
            p.settled_known - p.not_settled,
            p.settled_known
        );
    }
}

fn pain(out: &mut String, r: &InsightsReport) {
    section(out, "PAIN");
    if r.pain.is_empty() {
        let _ = writeln!(out, "  No pain logged.");
    }
    for p in &r.pain {
        region(out, p);
    }
}

fn adherence(out: &mut String, r: &InsightsReport) {
    section(out, "ADHERENCE");
    let a = &r.routine;
    match a.rate {
        Some(rate) => {
            let _ = writeln!(
                out,
                "  Routine: {} of {} planned done ({:.0}%), {} extra.",
                a.done_planned_days,
                days(a.planned_days as usize),
                rate * 100.0,
                days(a.extra_days as usize)
            );
            for e in &a.by_exercise {
                let _ = writeln!(out, "    {:<24} {}/{}", e.exercise_id, e.done, e.planned);
            }
        }
        None if a.plan => {
            let _ = writeln!(out, "  Routine: no routine day planned yet in this period.");
        }
        None => {
            let _ = writeln!(
                out,
                "  Routine: no plan, so adherence cannot be measured ({} done).",
                days(a.extra_days as usize)
            );
        }
    }
    let x = &r.cross_training;
    let current = x.current.map_or_else(
        || "fewer than 30 days of data".to_owned(),
        |c| format!("{} in the last 30", days(c as usize)),
    );
    let _ = writeln!(
        out,
        "  Cross-training: {current}, dose {} ({} of {} 30-day windows below it).",
        x.dose, x.windows_below, x.windows
    );
    let b = &r.brace;
    let _ = writeln!(
        out,
        "  Brace: worn on {}, logged without on {} ({} with it).",
        days(b.days_worn as usize),
        b.days_not_worn,
        runs(b.runs_with_brace as usize)
    );
}

fn findings(out: &mut String, r: &InsightsReport) {
    section(out, "YOUR OWN FINDINGS (n-of-1)");
    let f = &r.associations;
    let _ = writeln!(out, "  {}", styled(DIM, &f.note));
    for a in f.items.iter().filter(|a| a.status == "estimated") {
        let mark = if a.significant {
            styled(CAVEAT, "*")
        } else {
            " ".to_owned()
        };
        let _ = writeln!(out, "  {mark} {}", a.text);
    }
    let (thin, none): (Vec<_>, Vec<_>) = f
        .items
        .iter()
        .filter(|a| a.status != "estimated")
        .partition(|a| a.n_exposed + a.n_unexposed > 0);
    // One line for all the comparisons still short of data, not one each.
    match thin.as_slice() {
        [] => {}
        [a] => {
            let _ = writeln!(out, "    {}", styled(DIM, &a.text));
        }
        many => {
            let minimum = many.iter().filter_map(|a| a.minimum).max();
            let most = many.iter().map(|a| a.n_exposed).max().unwrap_or(0);
            let labels: Vec<&str> = many
                .iter()
                .map(|a| a.text.split(':').next().unwrap_or(&a.text))
                .collect();
            let _ = writeln!(
                out,
                "    {}",
                styled(
                    DIM,
                    &format!(
                        "{} comparisons: not enough data yet (each needs at least {} days with and {} without; the most so far is {}): {}.",
                        many.len(),
                        minimum.unwrap_or_default(),
                        minimum.unwrap_or_default(),
                        days(most),
                        labels.join("; ")
                    )
                )
            );
        }
    }
    if !none.is_empty() {
        let _ = writeln!(
            out,
            "    {}",
            styled(
                DIM,
                &format!(
                    "{} more comparison(s) have no days to compare yet.",
                    none.len()
                )
            )
        );
    }
    for region in &f.by_region {
        let _ = writeln!(out, "  {} on its own:", region.region.replace('-', " "));
        let estimated: Vec<_> = region
            .items
            .iter()
            .filter(|a| a.status == "estimated")
            .collect();
        for a in &estimated {
            let mark = if a.significant {
                styled(CAVEAT, "*")
            } else {
                " ".to_owned()
            };
            let _ = writeln!(out, "  {mark} {}", a.text);
        }
        let thin = region.items.len() - estimated.len();
        if thin > 0 {
            let minimum = region.items.iter().filter_map(|a| a.minimum).max();
            let _ = writeln!(
                out,
                "    {}",
                styled(
                    DIM,
                    &format!(
                        "{thin} comparison(s): not enough data yet (at least {} days with and without each, with a {} score).",
                        minimum.unwrap_or_default(),
                        region.region.replace('-', " ")
                    )
                )
            );
        }
    }
    let _ = writeln!(out, "    {}", f.adherence.text);
    let _ = writeln!(
        out,
        "  {}",
        styled(
            DIM,
            &format!(
                "{} tests, alpha {} with Holm's correction. {}",
                f.tests, f.alpha, f.method
            )
        )
    );
}

fn next_week(out: &mut String, r: &InsightsReport) {
    section(out, "NEXT WEEK");
    let Some(d) = &r.decision else {
        let _ = writeln!(
            out,
            "  No decision yet: log pain during or after a run and the next morning."
        );
        return;
    };
    let style = match d.action.as_str() {
        "stop" => ALERT,
        "step-back" | "hold" => CAVEAT,
        _ => GOOD,
    };
    let _ = writeln!(
        out,
        "  {}",
        styled(style, &d.action.replace('-', " ").to_uppercase())
    );
    for reason in &d.reasons {
        let _ = writeln!(out, "    {reason}");
    }
    if !d.sources.is_empty() {
        let _ = writeln!(
            out,
            "    {}",
            styled(DIM, &format!("[{}]", d.sources.join(", ")))
        );
    }
}
