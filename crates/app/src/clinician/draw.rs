//! Vector drawing shared by the PDF and the HTML page: a few primitives
//! (rectangles, polylines, text) and the two pictures made of them, the
//! pain-against-load chart and the stick figures. Coordinates are points
//! in a box whose origin is its top-left corner, y down; the PDF places the
//! box on the page, the HTML wraps it in an `<svg>` of the same size.

use std::fmt::Write;

use super::doc::{Chart, Figures};

/// An sRGB colour.
pub type Rgb = (u8, u8, u8);

/// Ink for text and lines.
pub const INK: Rgb = (20, 20, 20);
/// Secondary text.
pub const GREY: Rgb = (105, 105, 105);
/// Rules and grid lines.
pub const RULE: Rgb = (190, 190, 190);
/// Weekly distance bars.
pub const BAR: Rgb = (158, 190, 222);
/// Red flags.
pub const RED: Rgb = (176, 0, 0);
/// Pain lines, one colour per region.
pub const SERIES: [Rgb; 4] = [(200, 40, 30), (120, 60, 170), (30, 130, 70), (200, 120, 0)];

/// How text sits on its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// x is the start.
    Start,
    /// x is the middle.
    Middle,
    /// x is the end.
    End,
}

/// One drawing primitive.
#[derive(Debug, Clone, PartialEq)]
pub enum Prim {
    /// A filled rectangle, optionally outlined.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour, if filled.
        fill: Option<Rgb>,
        /// Outline colour and width, if outlined.
        stroke: Option<(Rgb, f32)>,
    },
    /// An open polyline.
    Line {
        /// Points.
        points: Vec<(f32, f32)>,
        /// Colour.
        color: Rgb,
        /// Width.
        width: f32,
    },
    /// Text on a baseline.
    Text {
        /// x, per the anchor.
        x: f32,
        /// Baseline.
        y: f32,
        /// Size, points.
        size: f32,
        /// Bold.
        bold: bool,
        /// Colour.
        color: Rgb,
        /// Anchor.
        anchor: Anchor,
        /// The text.
        text: String,
    },
}

fn text(x: f32, y: f32, size: f32, color: Rgb, anchor: Anchor, s: impl Into<String>) -> Prim {
    Prim::Text {
        x,
        y,
        size,
        bold: false,
        color,
        anchor,
        text: s.into(),
    }
}

/// Height of the chart box.
pub const CHART_H: f32 = 132.0;

/// The chart in a `w` x [`CHART_H`] box: weekly km as bars on the left
/// axis, weekly mean pain per region as lines on the right axis (0-10),
/// a legend on top and dates below. Long histories keep one bar a week.
pub fn chart(c: &Chart, w: f32) -> Vec<Prim> {
    let mut out = Vec::new();
    let (left, right, top, bottom) = (30.0_f32, w - 24.0, 16.0_f32, CHART_H - 14.0);
    let plot_w = right - left;
    let plot_h = bottom - top;
    let n = c.weeks.len().max(1);
    let step = plot_w / n as f32;
    let max_km = c.max_km();
    // Legend.
    out.push(Prim::Rect {
        x: left,
        y: 3.0,
        w: 9.0,
        h: 7.0,
        fill: Some(BAR),
        stroke: None,
    });
    out.push(text(
        left + 12.0,
        10.0,
        7.0,
        INK,
        Anchor::Start,
        "running km per week (left axis)",
    ));
    let mut lx = left + 130.0;
    for (k, (name, _)) in c.pain.iter().enumerate() {
        let color = SERIES[k % SERIES.len()];
        out.push(Prim::Line {
            points: vec![(lx, 7.0), (lx + 12.0, 7.0)],
            color,
            width: 1.6,
        });
        let label = format!("{name} pain, weekly mean (right axis)");
        // Liberation Sans averages about half an em a character.
        let label_w = label.chars().count() as f32 * 7.0 * 0.52;
        out.push(text(lx + 15.0, 10.0, 7.0, INK, Anchor::Start, label));
        lx += 15.0 + label_w + 14.0;
    }
    // Grid and axes.
    for g in 0..=4 {
        let y = bottom - plot_h * g as f32 / 4.0;
        out.push(Prim::Line {
            points: vec![(left, y), (right, y)],
            color: RULE,
            width: 0.3,
        });
        let km = max_km * f64::from(g) / 4.0;
        out.push(text(
            left - 3.0,
            y + 2.5,
            6.5,
            GREY,
            Anchor::End,
            format!("{km:.0}"),
        ));
        out.push(text(
            right + 3.0,
            y + 2.5,
            6.5,
            GREY,
            Anchor::Start,
            format!("{:.1}", 10.0 * g as f32 / 4.0)
                .trim_end_matches(".0")
                .to_owned(),
        ));
    }
    out.push(text(left - 3.0, top - 4.0, 6.5, GREY, Anchor::End, "km"));
    out.push(text(
        right + 3.0,
        top - 4.0,
        6.5,
        GREY,
        Anchor::Start,
        "pain",
    ));
    // Bars.
    let gap = if step > 3.0 { step * 0.2 } else { 0.0 };
    for (k, km) in c.km.iter().enumerate() {
        if *km <= 0.0 {
            continue;
        }
        let h = (km / max_km) as f32 * plot_h;
        out.push(Prim::Rect {
            x: left + step * k as f32 + gap / 2.0,
            y: bottom - h,
            w: (step - gap).max(0.4),
            h,
            fill: Some(BAR),
            stroke: None,
        });
    }
    // Pain lines: consecutive weeks with pain joined, isolated weeks as ticks.
    for (k, (_, values)) in c.pain.iter().enumerate() {
        let color = SERIES[k % SERIES.len()];
        let mut run: Vec<(f32, f32)> = Vec::new();
        let flush = |run: &mut Vec<(f32, f32)>, out: &mut Vec<Prim>| {
            // A week on its own is a short dash inside its own column.
            if let [(x, y)] = run[..] {
                let half = (step * 0.4).min(4.0);
                *run = vec![(x - half, y), (x + half, y)];
            }
            if run.len() > 1 {
                out.push(Prim::Line {
                    points: std::mem::take(run),
                    color,
                    width: 1.2,
                });
            }
            run.clear();
        };
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(p) => run.push((
                    left + step * (i as f32 + 0.5),
                    bottom - (*p as f32 / 10.0) * plot_h,
                )),
                None => flush(&mut run, &mut out),
            }
        }
        flush(&mut run, &mut out);
    }
    // Dates: at most seven labels, evenly spread.
    let labels = n.min(7);
    for l in 0..labels {
        let i = if labels == 1 {
            0
        } else {
            l * (n - 1) / (labels - 1)
        };
        if let Some(d) = c.weeks.get(i) {
            let x = left + step * (i as f32 + 0.5);
            let anchor = if l == 0 {
                Anchor::Start
            } else if l + 1 == labels {
                Anchor::End
            } else {
                Anchor::Middle
            };
            out.push(text(
                x,
                CHART_H - 3.0,
                6.5,
                GREY,
                anchor,
                d.format("%Y-%m-%d").to_string(),
            ));
        }
    }
    out.push(Prim::Line {
        points: vec![(left, bottom), (right, bottom)],
        color: GREY,
        width: 0.6,
    });
    out
}

/// Height of the figures box.
pub const FIGURES_H: f32 = 104.0;
/// Width of the figures box.
pub const FIGURES_W: f32 = 190.0;

/// An early and a late stick figure side by side, facing right.
pub fn figures(f: &Figures) -> Vec<Prim> {
    let mut out = Vec::new();
    for (k, (label, joints, color)) in [
        ("early in the run", &f.early, (40, 90, 160)),
        ("late in the run", &f.late, (190, 70, 30)),
    ]
    .into_iter()
    .enumerate()
    {
        let cx = 47.0 + 95.0 * k as f32;
        out.push(text(cx, 9.0, 7.0, INK, Anchor::Middle, label));
        // Hip at (cx, 52); one torso length is 28 pt.
        for ((x1, y1), (x2, y2)) in Figures::segments(joints) {
            out.push(Prim::Line {
                points: vec![
                    (cx + x1 * 28.0, 52.0 - y1 * 28.0),
                    (cx + x2 * 28.0, 52.0 - y2 * 28.0),
                ],
                color,
                width: 1.8,
            });
        }
    }
    out
}

/// Escapes text for SVG and HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The primitives as an inline SVG of `w` x `h` points.
pub fn svg(prims: &[Prim], w: f32, h: f32, label: &str) -> String {
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.1} {h:.1}" width="{w:.1}pt" height="{h:.1}pt" role="img" aria-label="{}" font-family="Liberation Sans, Arial, sans-serif">"#,
        esc(label)
    );
    for p in prims {
        match p {
            Prim::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let _ = write!(
                    s,
                    r#"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="{}""#,
                    fill.map_or_else(|| "none".to_owned(), hex)
                );
                if let Some((c, sw)) = stroke {
                    let _ = write!(s, r#" stroke="{}" stroke-width="{sw}""#, hex(*c));
                }
                s.push_str("/>");
            }
            Prim::Line {
                points,
                color,
                width,
            } => {
                let pts: Vec<String> = points
                    .iter()
                    .map(|(x, y)| format!("{x:.2},{y:.2}"))
                    .collect();
                let _ = write!(
                    s,
                    r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{width}" stroke-linecap="round" stroke-linejoin="round"/>"#,
                    pts.join(" "),
                    hex(*color)
                );
            }
            Prim::Text {
                x,
                y,
                size,
                bold,
                color,
                anchor,
                text,
            } => {
                let a = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let _ = write!(
                    s,
                    r#"<text x="{x:.2}" y="{y:.2}" font-size="{size}" fill="{}" text-anchor="{a}"{}>{}</text>"#,
                    hex(*color),
                    if *bold { r#" font-weight="bold""# } else { "" },
                    esc(text)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}
