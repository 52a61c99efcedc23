//! The clinician report as a small document tree: sections of blocks
//! (paragraphs, label/value rows, bullet lists, tables, the pain-and-load
//! chart, stick figures, the hand-filled form). [`build`](super::build)
//! fills it; the PDF ([`pdf`](super::pdf)), HTML ([`html`](super::html))
//! and plain-text dump ([`Doc::dump`], for snapshots) all render this one
//! tree, so the three can never say different things.

#[cfg(test)]
use std::fmt::Write;

use chrono::NaiveDate;

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The title line.
    pub title: String,
    /// Under the title: who, the period, the day it was made.
    pub subtitle: String,
    /// A red flag that stands: shown first, plainly; empty when none.
    pub stop: Vec<String>,
    /// The sections, in reading order.
    pub sections: Vec<Section>,
    /// Not a medical device (every page's foot).
    pub disclaimer: String,
}

/// One titled section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Heading.
    pub title: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// A piece of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Para(String),
    /// Label / value rows.
    Pairs(Vec<(String, String)>),
    /// A bullet list.
    Bullets(Vec<String>),
    /// A table with a header row.
    Table {
        /// Column titles.
        header: Vec<String>,
        /// Rows, as many cells as the header.
        rows: Vec<Vec<String>>,
    },
    /// Pain per region against weekly load.
    Chart(Chart),
    /// Early and late stick figures of a typical stride.
    Figures(Figures),
    /// The section the doctor fills in by hand.
    FillIn(Vec<FillField>),
}

/// Weekly running distance (bars) and weekly mean pain per region (lines).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Each week's Monday, oldest first.
    pub weeks: Vec<NaiveDate>,
    /// Running km per week (`insights --json` `weeks[].distance_km`).
    pub km: Vec<f64>,
    /// Per region: its name and the weekly mean of daily highest scores.
    pub pain: Vec<(String, Vec<Option<f64>>)>,
}

impl Chart {
    /// The top of the distance axis: the highest week rounded up to a
    /// multiple of 4, 20 or 40 km, so the four grid steps are whole numbers.
    pub fn max_km(&self) -> f64 {
        let top = self.km.iter().copied().fold(1.0, f64::max);
        let step = if top <= 40.0 {
            4.0
        } else if top <= 200.0 {
            20.0
        } else {
            40.0
        };
        (top / step).ceil() * step
    }
}

/// A stick figure joint: name, forward and up in torso lengths from the hip.
pub type Joint = (String, f32, f32);

/// Two stick figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// A typical early stride.
    pub early: Vec<Joint>,
    /// A typical late stride.
    pub late: Vec<Joint>,
}

/// The bones drawn between joints (each side; `nose` has no side).
pub const BONES: [(&str, &str); 10] = [
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

impl Figures {
    /// The segments of one figure, in torso lengths (x forward, y up).
    pub fn segments(joints: &[Joint]) -> Vec<((f32, f32), (f32, f32))> {
        let find = |name: &str| joints.iter().find(|j| j.0 == name).map(|j| (j.1, j.2));
        let mut out = Vec::new();
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
                    out.push((p, q));
                }
            }
        }
        out
    }
}

/// One field of the hand-filled section.
#[derive(Debug, Clone, PartialEq)]
pub struct FillField {
    /// What to write.
    pub label: String,
    /// The choices to tick, if any (else a line to write on).
    pub choices: Vec<String>,
    /// The `backstride limits` flag it becomes.
    pub flag: String,
}

impl Doc {
    /// The content as plain text, one line per item, for checking that
    /// the renderers lose nothing.
    #[cfg(test)]
    pub fn dump(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# {}", self.title);
        let _ = writeln!(s, "{}", self.subtitle);
        for line in &self.stop {
            let _ = writeln!(s, "STOP: {line}");
        }
        for sec in &self.sections {
            let _ = writeln!(s, "\n## {}", sec.title);
            for b in &sec.blocks {
                match b {
                    Block::Para(p) => {
                        let _ = writeln!(s, "{p}");
                    }
                    Block::Pairs(rows) => {
                        for (k, v) in rows {
                            let _ = writeln!(s, "{k}: {v}");
                        }
                    }
                    Block::Bullets(items) => {
                        for i in items {
                            let _ = writeln!(s, "- {i}");
                        }
                    }
                    Block::Table { header, rows } => {
                        let _ = writeln!(s, "| {} |", header.join(" | "));
                        for r in rows {
                            let _ = writeln!(s, "| {} |", r.join(" | "));
                        }
                    }
                    Block::Chart(c) => {
                        let _ = writeln!(
                            s,
                            "[chart: {} weeks from {}, km max {:.1}; {}]",
                            c.weeks.len(),
                            c.weeks.first().map(|d| d.to_string()).unwrap_or_default(),
                            c.max_km(),
                            c.pain
                                .iter()
                                .map(|(r, v)| format!(
                                    "{r} {} weeks with pain logged",
                                    v.iter().flatten().count()
                                ))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                    }
                    Block::Figures(f) => {
                        let _ = writeln!(
                            s,
                            "[stick figures: early {} joints, late {} joints]",
                            f.early.len(),
                            f.late.len()
                        );
                    }
                    Block::FillIn(fields) => {
                        for f in fields {
                            let what = if f.choices.is_empty() {
                                "________".to_owned()
                            } else {
                                f.choices
                                    .iter()
                                    .map(|c| format!("[ ] {c}"))
                                    .collect::<Vec<_>>()
                                    .join("  ")
                            };
                            let _ = writeln!(s, "{}: {what}  ({})", f.label, f.flag);
                        }
                    }
                }
            }
        }
        let _ = writeln!(s, "\n{}", self.disclaimer);
        s
    }
}
