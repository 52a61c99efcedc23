//! The form report for the terminal: capture quality first (so a reader
//! knows how far to trust what follows), then the notes on anything
//! withheld, the posture numbers, early against late, and the findings
//! with their evidence and sources.

use std::fmt::Write;

use super::dto::{DriftDto, FormReport, MetricDto, clock};

fn num(v: f64, decimals: usize) -> String {
    format!("{v:.decimals$}")
}

fn signed(v: f64, decimals: usize) -> String {
    format!("{v:+.decimals$}")
}

fn metric_line(o: &mut String, m: &MetricDto) {
    let d = m.decimals;
    match (m.median, &m.withheld) {
        (Some(median), None) => {
            let range = match (m.q1, m.q3) {
                (Some(a), Some(b)) => format!("[{} to {}]", num(a, d), num(b, d)),
                _ => String::new(),
            };
            let cm = m
                .median_cm
                .map_or_else(String::new, |cm| format!(" (about {cm:.1} cm)"));
            let _ = writeln!(
                o,
                "  {:<38} {:>7} {}{cm}  {range}  confidence {}, {} strides",
                m.label,
                num(median, d),
                m.unit,
                m.confidence,
                m.strides
            );
        }
        (_, Some(why)) => {
            let _ = writeln!(o, "  {:<38} withheld: {why}", m.label);
        }
        (None, None) => {
            let _ = writeln!(o, "  {:<38} not measured", m.label);
        }
    }
}

fn drift_line(o: &mut String, label: &str, unit: &str, decimals: usize, d: &DriftDto) {
    if d.withheld.is_some() {
        return;
    }
    let (Some(early), Some(late), Some(change)) = (d.early, d.late, d.change) else {
        return;
    };
    let dec = decimals.max(1);
    let ci = match (d.ci_low, d.ci_high) {
        (Some(a), Some(b)) => format!("95 % CI {} to {}", signed(a, dec), signed(b, dec)),
        _ => "no interval".to_owned(),
    };
    let g = d
        .effect_size
        .map_or_else(String::new, |g| format!(", g = {g:.1}"));
    let verdict = if d.beyond_noise {
        "beyond measurement noise"
    } else {
        "within noise"
    };
    let _ = writeln!(
        o,
        "  {label:<38} {} -> {} {unit}, change {} ({ci}{g}); {verdict}",
        num(early, dec),
        num(late, dec),
        signed(change, dec),
    );
}

/// Each shown metric's median clip by clip, at the clips' times in the run.
fn across_the_run(o: &mut String, r: &FormReport) {
    let _ = writeln!(o, "\nAcross the run (each clip's median)");
    let _ = writeln!(
        o,
        "  {:<38} {}",
        "clip at",
        r.clips
            .iter()
            .map(|c| format!("{:>8}", clock(c.start_s)))
            .collect::<String>()
    );
    for m in r.metrics.iter().filter(|m| m.withheld.is_none()) {
        let cells: String = r
            .clips
            .iter()
            .map(|c| {
                c.medians.get(&m.id).map_or_else(
                    || format!("{:>8}", "-"),
                    |v| format!("{:>8}", num(*v, m.decimals)),
                )
            })
            .collect();
        let _ = writeln!(o, "  {:<38} {cells}  {}", m.label, m.unit);
    }
}

/// Renders the report.
pub fn render(r: &FormReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Running form, run filmed {}", r.run_date);
    let _ = writeln!(o, "{}\n", r.disclaimer);
    let _ = writeln!(o, "Capture");
    for (i, c) in r.clips.iter().enumerate() {
        let _ = writeln!(
            o,
            "  clip {}{}: {} ({}), {} frames at {:.1} fps ({})",
            i + 1,
            if r.clips.len() > 1 {
                format!(" at {} in the run", clock(c.start_s))
            } else {
                String::new()
            },
            c.source,
            c.layout,
            c.frames,
            c.fps,
            if c.fps_from_file {
                "from the file"
            } else {
                "from --fps"
            }
        );
        let _ = writeln!(
            o,
            "    {} {}, runner = person {} (seen in {} frames, analysed frames {} to {}); {}, facing {} ({:.0} % of cues agree), {} side nearer the camera",
            c.people,
            if c.people == 1 { "person" } else { "people" },
            c.runner,
            c.runner_frames,
            c.analysed_from,
            c.analysed_to,
            if c.side_view {
                "side view"
            } else {
                "NOT a side view"
            },
            c.facing,
            100.0 * c.facing_agreement,
            c.near_side
        );
        let _ = writeln!(
            o,
            "    {} stride(s); {} points dropped as uncertain, {} as spikes, {} filled{}",
            c.strides,
            c.dropped_low_confidence,
            c.dropped_spikes,
            c.filled,
            if c.smoothed {
                "; smoothed at 6 Hz"
            } else {
                "; not smoothed"
            }
        );
        for k in &c.capture {
            let _ = writeln!(o, "    {} {}", if k.problem { "!" } else { "-" }, k.text);
        }
        for p in &c.problems {
            let _ = writeln!(o, "    file: {p}");
        }
    }
    if !r.notes.is_empty() {
        let _ = writeln!(o, "\nNotes");
        for n in &r.notes {
            let _ = writeln!(o, "  - {n}");
        }
    }
    let _ = writeln!(o, "\nPosture (median over strides, [quartiles])");
    let first_reason = r.metrics.first().and_then(|m| m.withheld.clone());
    match first_reason {
        Some(why) if r.metrics.iter().all(|m| m.withheld.as_ref() == Some(&why)) => {
            let _ = writeln!(o, "  every measure withheld: {why}");
        }
        _ => {
            for m in &r.metrics {
                metric_line(&mut o, m);
            }
        }
    }
    let shown: Vec<_> = r
        .drift
        .iter()
        .zip(&r.metrics)
        .filter(|(d, _)| d.withheld.is_none() && d.change.is_some())
        .collect();
    if r.clips.len() > 1 {
        across_the_run(&mut o, r);
    }
    let _ = writeln!(o, "\nEarly against late ({})", r.split);
    if let Some(why) = &r.drift_too_short {
        let _ = writeln!(o, "  {why}");
    } else if shown.is_empty() {
        let why = r
            .drift
            .iter()
            .find_map(|d| d.withheld.clone())
            .unwrap_or_else(|| "nothing to compare".to_owned());
        let _ = writeln!(o, "  not assessed: {why}");
    }
    for (d, m) in shown {
        drift_line(&mut o, &m.label, &m.unit, m.decimals, d);
    }
    let _ = writeln!(o, "\nFindings");
    if r.findings.is_empty() {
        let _ = writeln!(
            o,
            "  none: no measured number crossed a threshold in knowledge/form.toml{}",
            if r.metrics.iter().all(|m| m.withheld.is_some()) {
                " (the numbers were withheld, see the notes)"
            } else {
                ""
            }
        );
    }
    for f in &r.findings {
        let _ = writeln!(o, "  * {}", f.title);
        let _ = writeln!(o, "    {}", f.text);
        let _ = writeln!(
            o,
            "    Evidence: {} ({}). {}",
            f.evidence_level, f.verdict, f.evidence_note
        );
        let _ = writeln!(o, "    Sources: {}", f.sources.join(", "));
    }
    for m in r
        .metrics
        .iter()
        .filter(|m| m.reference.is_some() && m.median.is_some())
    {
        if let Some(reference) = &m.reference {
            let _ = writeln!(
                o,
                "\nFor reference, {}: {reference} ({})",
                m.label.to_lowercase(),
                m.reference_sources.join(", ")
            );
        }
    }
    let _ = writeln!(
        o,
        "\nDefinitions of every measure: `backstride form --json` (field `definition`) or docs/form.md."
    );
    o
}
