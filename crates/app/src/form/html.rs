//! The form report as one self-contained HTML page: inline CSS and SVG (a
//! time series of each shown metric with the early and late parts shaded,
//! and stick figures of a typical early and late stride), no scripts, no
//! external files. Every piece of text is escaped.

use std::fmt::Write;

use super::dto::{FormReport, JointDto, MetricDto};
use crate::insights::svg::esc;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #ddd}\
.dim{color:#666;font-size:.9em}.disclaimer{background:#fff6dd;padding:.6rem}.withheld{color:#8a5a00}\
table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:right;border-bottom:1px solid #eee}\
td:first-child,th:first-child{text-align:left}@media print{svg{break-inside:avoid}}\
.snapshots{display:flex;flex-wrap:wrap;gap:1rem}.snapshots figure{margin:0}.snapshots img{max-width:100%;height:auto}";

const W: f64 = 640.0;
const H: f64 = 150.0;
const PAD: f64 = 40.0;

fn series(r: &FormReport, m: &MetricDto) -> String {
    let points: Vec<(f64, f64, &str)> = r
        .strides
        .iter()
        .filter_map(|s| s.values.get(&m.id).map(|v| (s.time_s, *v, s.part.as_str())))
        .collect();
    if points.is_empty() {
        return String::new();
    }
    let (t0, t1) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
    let (v0, v1) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    let span_t = (t1 - t0).max(1e-9);
    let margin = ((v1 - v0) * 0.1).max(m.noise_floor);
    let (lo, hi) = (v0 - margin, v1 + margin);
    let x = |t: f64| PAD + (t - t0) / span_t * (W - 2.0 * PAD);
    let y = |v: f64| H - 20.0 - (v - lo) / (hi - lo) * (H - 35.0);
    let mut s = format!(
        r#"<svg viewBox="0 0 {W} {H}" width="100%" role="img" aria-label="{} per stride over time">"#,
        esc(&m.label)
    );
    for (part, colour) in [("early", "#dbe9f6"), ("late", "#fbe0d6")] {
        let ts: Vec<f64> = r
            .strides
            .iter()
            .filter(|s| s.part == part)
            .map(|s| s.time_s)
            .collect();
        if let (Some(a), Some(b)) = (
            ts.iter().copied().reduce(f64::min),
            ts.iter().copied().reduce(f64::max),
        ) {
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="8" width="{:.1}" height="{:.1}" fill="{colour}"><title>{part}</title></rect>"#,
                x(a),
                (x(b) - x(a)).max(2.0),
                H - 28.0
            );
        }
    }
    if let Some(median) = m.median {
        let _ = write!(
            s,
            r##"<line x1="{PAD}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#888" stroke-dasharray="4 3"/>"##,
            W - PAD,
            y(median),
            y(median)
        );
    }
    let path: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.0), y(p.1)))
        .collect();
    let _ = write!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#3465a4" stroke-width="1.2"/>"##,
        path.join(" ")
    );
    let d = m.decimals;
    let _ = write!(
        s,
        r##"<text x="2" y="{:.1}" font-size="10">{hi:.d$}</text><text x="2" y="{:.1}" font-size="10">{lo:.d$}</text><text x="{PAD}" y="{:.1}" font-size="10">{t0:.0} s</text><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end">{t1:.0} s</text></svg>"##,
        y(hi) + 10.0,
        y(lo),
        H - 4.0,
        W - PAD,
        H - 4.0
    );
    s
}

const BONES: [(&str, &str); 10] = [
    ("ear", "shoulder"),
    ("shoulder", "elbow"),
    ("elbow", "wrist"),
    ("shoulder", "hip"),
    ("hip", "knee"),
    ("knee", "ankle"),
    ("ankle", "heel"),
    ("ankle", "toe"),
    ("heel", "toe"),
    ("nose", "ear"),
];

fn figure(joints: &[JointDto], colour: &str, label: &str) -> String {
    let find = |name: &str| joints.iter().find(|j| j.joint == name).map(|j| (j.x, j.y));
    let sx = |x: f32| 110.0 + f64::from(x) * 70.0;
    let sy = |y: f32| 150.0 - f64::from(y) * 70.0;
    let mut s = format!(
        r#"<svg viewBox="0 0 220 300" width="220" role="img" aria-label="{}"><text x="110" y="14" text-anchor="middle" font-size="12">{}</text>"#,
        esc(label),
        esc(label)
    );
    for side in ["left", "right"] {
        for (a, b) in BONES {
            let name = |j: &str| {
                if j == "nose" {
                    j.to_owned()
                } else {
                    format!("{side}-{j}")
                }
            };
            if let (Some(p), Some(q)) = (find(&name(a)), find(&name(b))) {
                let _ = write!(
                    s,
                    r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="3" stroke-linecap="round"/>"#,
                    sx(p.0),
                    sy(p.1),
                    sx(q.0),
                    sy(q.1)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

fn opt(v: Option<f64>, d: usize) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.d$}"))
}

/// Each shown metric's median clip by clip, at the clips' times in the run.
fn across_the_run(o: &mut String, r: &FormReport) {
    let _ = write!(
        o,
        "<h2>Across the run</h2><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Each clip's medians\"><table><tr><th>Measure</th>"
    );
    for c in &r.clips {
        let _ = write!(o, "<th>at {}</th>", esc(&super::dto::clock(c.start_s)));
    }
    let _ = writeln!(o, "</tr>");
    for m in r.metrics.iter().filter(|m| m.withheld.is_none()) {
        let _ = write!(
            o,
            "<tr><td>{} <span class=\"dim\">{}</span></td>",
            esc(&m.label),
            esc(&m.unit)
        );
        for c in &r.clips {
            let _ = write!(
                o,
                "<td>{}</td>",
                opt(c.medians.get(&m.id).copied(), m.decimals)
            );
        }
        let _ = writeln!(o, "</tr>");
    }
    let _ = writeln!(
        o,
        "</table></div><p class=\"dim\">Each clip's own median; early against late above compares the first clip with the last.</p>"
    );
}

/// The snapshots that carry their pictures, with the skeleton drawn
/// over each; nothing for keypoint files.
fn snapshots(o: &mut String, r: &FormReport) {
    let shown: Vec<_> = r
        .snapshots
        .iter()
        .filter_map(|s| s.image.as_deref().map(|img| (s, img)))
        .collect();
    if shown.is_empty() {
        return;
    }
    let _ = writeln!(o, "<h2>What was measured</h2><div class=\"snapshots\">");
    for (s, img) in shown {
        let what = format!(
            "{}, clip {} at {} in the run, with the estimated skeleton drawn over it",
            s.label,
            s.clip,
            super::dto::clock(s.time_s)
        );
        let _ = writeln!(
            o,
            "<figure><img class=\"snapshot\" src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
            esc(img),
            s.width,
            s.height,
            esc(&what),
            esc(&format!("{} ({})", s.label, super::dto::clock(s.time_s)))
        );
    }
    let _ = writeln!(
        o,
        "</div><p class=\"dim\">Orange: the runner's left side; blue: the right. A point far off its joint means the model lost it there, and numbers from such frames are trusted less.</p>"
    );
}

/// Renders the page.
pub fn render(r: &FormReport) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Backstride running form, {}</title><style>{STYLE}</style></head><body>",
        esc(&r.run_date)
    );
    let _ = writeln!(o, "<h1>Running form, run filmed {}</h1>", esc(&r.run_date));
    let _ = writeln!(o, "<p class=\"disclaimer\">{}</p>", esc(&r.disclaimer));
    o.push_str(&sections(r));
    let _ = writeln!(o, "</body></html>");
    o
}

/// Everything below the title, from the capture to the series, with `h2`
/// headings and classes only (no inline style): the HTML file's body and
/// the web app's page of one analysis.
pub fn sections(r: &FormReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "<h2>Capture</h2><ul>");
    for (i, c) in r.clips.iter().enumerate() {
        let _ = writeln!(
            o,
            "<li>Clip {}: {} ({}), {} frames at {:.1} fps; {} people, runner = person {}; {}, facing {}; {} strides.</li>",
            i + 1,
            esc(&c.source),
            esc(&c.layout),
            c.frames,
            c.fps,
            c.people,
            c.runner,
            if c.side_view {
                "side view"
            } else {
                "not a side view"
            },
            esc(&c.facing),
            c.strides
        );
        if !c.capture.is_empty() {
            let _ = writeln!(o, "<ul class=\"capture\">");
            for k in &c.capture {
                if k.problem {
                    let _ = writeln!(
                        o,
                        "<li class=\"withheld\"><strong>To change:</strong> {}</li>",
                        esc(&k.text)
                    );
                } else {
                    let _ = writeln!(o, "<li>{}</li>", esc(&k.text));
                }
            }
            let _ = writeln!(o, "</ul>");
        }
    }
    let _ = writeln!(o, "</ul>");
    snapshots(&mut o, r);
    if !r.notes.is_empty() {
        let _ = writeln!(o, "<h2>Notes</h2><ul>");
        for n in &r.notes {
            let _ = writeln!(o, "<li class=\"withheld\">{}</li>", esc(n));
        }
        let _ = writeln!(o, "</ul>");
    }
    let _ = writeln!(o, "<h2>Findings</h2>");
    if r.findings.is_empty() {
        let _ = writeln!(o, "<p>No measured number crossed a threshold.</p>");
    }
    for f in &r.findings {
        let _ = writeln!(
            o,
            "<h3>{}</h3><p>{}</p><p class=\"dim\">Evidence: {} ({}). {} Sources: {}.</p>",
            esc(&f.title),
            esc(&f.text),
            esc(&f.evidence_level),
            esc(&f.verdict),
            esc(&f.evidence_note),
            esc(&f.sources.join(", "))
        );
    }
    let _ = writeln!(
        o,
        "<h2>Posture</h2><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Posture measures\"><table><tr><th>Measure</th><th>Median</th><th>Quartiles</th><th>Early</th><th>Late</th><th>Change (95 % CI)</th><th>Confidence</th></tr>"
    );
    for (m, d) in r.metrics.iter().zip(&r.drift) {
        let dec = m.decimals;
        let change = match (d.change, d.ci_low, d.ci_high) {
            (Some(c), Some(a), Some(b)) => format!(
                "{c:+.p$} ({a:+.p$} to {b:+.p$}){}",
                if d.beyond_noise { " *" } else { "" },
                p = dec.max(1)
            ),
            _ => "-".to_owned(),
        };
        match &m.withheld {
            Some(why) => {
                let _ = writeln!(
                    o,
                    "<tr><td>{}</td><td colspan=\"6\" class=\"withheld\">withheld: {}</td></tr>",
                    esc(&m.label),
                    esc(why)
                );
            }
            None => {
                let _ = writeln!(
                    o,
                    "<tr><td>{} <span class=\"dim\">{}</span></td><td>{}</td><td>{} to {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&m.label),
                    esc(&m.unit),
                    opt(m.median, dec),
                    opt(m.q1, dec),
                    opt(m.q3, dec),
                    opt(d.early, dec.max(1)),
                    opt(d.late, dec.max(1)),
                    esc(&change),
                    esc(&m.confidence)
                );
            }
        }
    }
    let _ = writeln!(
        o,
        "</table></div><p class=\"dim\">* beyond measurement noise. {}.</p>",
        esc(&r.split)
    );
    if let Some(why) = &r.drift_too_short {
        let _ = writeln!(
            o,
            "<p class=\"withheld\">Early against late: {}.</p>",
            esc(why)
        );
    }
    if r.clips.len() > 1 {
        across_the_run(&mut o, r);
    }
    if let Some(f) = &r.figures {
        let _ = writeln!(
            o,
            "<h2>A typical stride, early and late</h2><div class=\"figures\">"
        );
        o.push_str(&figure(&f.early, "#3465a4", "early"));
        o.push_str(&figure(&f.late, "#c0392b", "late"));
        let _ = writeln!(
            o,
            "</div><p class=\"dim\">At foot contact, relative to the hip, in torso lengths, facing right.</p>"
        );
    }
    let _ = writeln!(o, "<h2>Over the run</h2>");
    for m in r.metrics.iter().filter(|m| m.withheld.is_none()) {
        let _ = writeln!(
            o,
            "<h3>{} <span class=\"dim\">({})</span></h3><p class=\"dim\">{}</p>",
            esc(&m.label),
            esc(&m.unit),
            esc(&m.definition)
        );
        o.push_str(&series(r, m));
    }
    o
}
