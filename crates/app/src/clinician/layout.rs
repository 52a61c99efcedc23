//! Pages from a [`Doc`]: a simple top-to-bottom flow in one column, text
//! wrapped with the embedded font's metrics, each block kept whole (a
//! section's heading stays with its first block), a new page when a block
//! does not fit. The result is plain primitives in page coordinates
//! (points, origin top-left), so the layout is testable without a PDF.

use super::doc::{Block, Doc, FillField};
use super::draw::{self, Anchor, GREY, INK, Prim, RED, RULE, Rgb};
use super::fonts::Faces;
use crate::cli::Paper;

/// Body text size.
const BODY: f32 = 8.0;
/// Body leading.
const LEAD: f32 = 10.0;
/// Table text size.
const SMALL: f32 = 7.2;
/// Table leading.
const SMALL_LEAD: f32 = 8.8;
/// Left and right margin.
const MARGIN_X: f32 = 38.0;
/// Top margin.
const MARGIN_TOP: f32 = 34.0;
/// Room kept at the foot for the disclaimer and page number.
const FOOT: f32 = 40.0;

/// Page size in points.
pub fn page_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::A4 => (595.28, 841.89),
        Paper::Letter => (612.0, 792.0),
    }
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Pages {
    /// Width and height, points.
    pub size: (f32, f32),
    /// Each page's primitives.
    pub pages: Vec<Vec<Prim>>,
}

/// A block measured in its own box: its primitives (origin at the box's
/// top-left) and height.
struct Boxed {
    prims: Vec<Prim>,
    height: f32,
}

/// How text is set: size, leading, weight, colour.
#[derive(Debug, Clone, Copy)]
struct Ink {
    size: f32,
    lead: f32,
    bold: bool,
    color: Rgb,
}

impl Ink {
    /// Text of `size` points, leading 1.25 times the size.
    fn new(size: f32, bold: bool, color: Rgb) -> Self {
        Ink {
            size,
            lead: size * 1.25,
            bold,
            color,
        }
    }

    /// The same with this leading.
    fn lead(self, lead: f32) -> Self {
        Ink { lead, ..self }
    }
}

struct Ctx<'a> {
    faces: &'a Faces,
    width: f32,
}

impl Ctx<'_> {
    fn text(&self, out: &mut Vec<Prim>, x: f32, y: f32, ink: Ink, s: &str) {
        out.push(Prim::Text {
            x,
            y,
            size: ink.size,
            bold: ink.bold,
            color: ink.color,
            anchor: Anchor::Start,
            text: s.to_owned(),
        });
    }

    /// Wrapped text from `y` (top); returns the height used.
    fn para(&self, out: &mut Vec<Prim>, x: f32, y: f32, max: f32, ink: Ink, s: &str) -> f32 {
        let lines = self.faces.get(ink.bold).wrap(s, ink.size, max);
        for (k, line) in lines.iter().enumerate() {
            self.text(out, x, y + ink.size + ink.lead * k as f32, ink, line);
        }
        ink.lead * lines.len() as f32
    }

    fn block(&self, b: &Block) -> Boxed {
        let mut p = Vec::new();
        let w = self.width;
        let height = match b {
            Block::Para(s) => {
                self.para(
                    &mut p,
                    0.0,
                    0.0,
                    w,
                    Ink::new(BODY, false, INK).lead(LEAD),
                    s,
                ) + 3.0
            }
            Block::Pairs(rows) => {
                let label_w = 118.0;
                let mut y = 0.0;
                for (k, v) in rows {
                    let hl = self.para(
                        &mut p,
                        0.0,
                        y,
                        label_w - 6.0,
                        Ink::new(BODY, true, GREY).lead(LEAD),
                        k,
                    );
                    let hv = self.para(
                        &mut p,
                        label_w,
                        y,
                        w - label_w,
                        Ink::new(BODY, false, INK).lead(LEAD),
                        v,
                    );
                    y += hl.max(hv) + 1.0;
                }
                y + 2.0
            }
            Block::Bullets(items) => {
                let mut y = 0.0;
                for i in items {
                    self.text(&mut p, 2.0, y + BODY, Ink::new(BODY, false, INK), "•");
                    y += self.para(
                        &mut p,
                        10.0,
                        y,
                        w - 10.0,
                        Ink::new(BODY, false, INK).lead(LEAD),
                        i,
                    ) + 1.0;
                }
                y + 2.0
            }
            Block::Table { header, rows } => self.table(&mut p, header, rows),
            Block::Chart(c) => {
                p = draw::chart(c, w);
                draw::CHART_H + 4.0
            }
            Block::Figures(f) => {
                p = draw::figures(f);
                draw::FIGURES_H
            }
            Block::FillIn(fields) => self.fill_in(&mut p, fields),
        };
        Boxed { prims: p, height }
    }

    fn table(&self, p: &mut Vec<Prim>, header: &[String], rows: &[Vec<String>]) -> f32 {
        let pad = 4.0;
        let cols = header.len().max(1);
        // Natural widths, then scaled to fit the column.
        let mut natural = vec![0.0_f32; cols];
        for (k, h) in header.iter().enumerate() {
            natural[k] = natural[k].max(self.faces.bold.width(h, SMALL).min(70.0));
        }
        for r in rows {
            for (k, c) in r.iter().enumerate().take(cols) {
                natural[k] =
                    natural[k].max(self.faces.regular.width(c, SMALL).min(self.width * 0.5));
            }
        }
        let total: f32 = natural.iter().map(|n| n + 1.0 + 2.0 * pad).sum();
        let scale = if total > self.width {
            self.width / total
        } else {
            1.0
        };
        let widths: Vec<f32> = natural
            .iter()
            .map(|n| (n + 1.0 + 2.0 * pad) * scale)
            .collect();
        let mut y = 0.0;
        let row = |cells: &[String], bold: bool, y: &mut f32, p: &mut Vec<Prim>| {
            let mut x = 0.0;
            let mut h: f32 = 0.0;
            let mut texts = Vec::new();
            for (k, c) in cells.iter().enumerate().take(cols) {
                let used = self.para(
                    &mut texts,
                    x + pad,
                    *y + 1.5,
                    widths[k] - 2.0 * pad,
                    Ink::new(SMALL, bold, INK).lead(SMALL_LEAD),
                    c,
                );
                h = h.max(used);
                x += widths[k];
            }
            h += 3.0;
            if bold {
                p.push(Prim::Rect {
                    x: 0.0,
                    y: *y,
                    w: widths.iter().sum(),
                    h,
                    fill: Some((236, 236, 236)),
                    stroke: None,
                });
            }
            p.extend(texts);
            *y += h;
            p.push(Prim::Line {
                points: vec![(0.0, *y), (widths.iter().sum(), *y)],
                color: RULE,
                width: 0.4,
            });
        };
        row(header, true, &mut y, p);
        for r in rows {
            row(r, false, &mut y, p);
        }
        y + 4.0
    }

    fn fill_in(&self, p: &mut Vec<Prim>, fields: &[FillField]) -> f32 {
        let row_h = 21.0;
        let label_w = 150.0;
        let mut y = 6.0;
        for f in fields {
            let base = y + 13.0;
            self.text(p, 8.0, base, Ink::new(9.0, true, INK), &f.label);
            if f.choices.is_empty() {
                let end = if f.flag == "-" {
                    self.width - 8.0
                } else {
                    label_w + 170.0
                };
                p.push(Prim::Line {
                    points: vec![(label_w, base + 2.0), (end, base + 2.0)],
                    color: GREY,
                    width: 0.6,
                });
            } else {
                let mut x = label_w;
                for c in &f.choices {
                    p.push(Prim::Rect {
                        x,
                        y: base - 8.0,
                        w: 9.0,
                        h: 9.0,
                        fill: None,
                        stroke: Some((INK, 0.7)),
                    });
                    self.text(p, x + 13.0, base, Ink::new(9.0, false, INK), c);
                    x += 22.0 + self.faces.regular.width(c, 9.0);
                }
            }
            if f.flag != "-" {
                self.text(
                    p,
                    label_w + 182.0,
                    base,
                    Ink::new(7.0, false, GREY),
                    &format!("backstride limits {}", f.flag),
                );
            }
            y += row_h;
        }
        y += 4.0;
        p.push(Prim::Rect {
            x: 0.0,
            y: 0.0,
            w: self.width,
            h: y,
            fill: None,
            stroke: Some((INK, 1.0)),
        });
        y + 4.0
    }
}

fn shift(prims: Vec<Prim>, dx: f32, dy: f32) -> impl Iterator<Item = Prim> {
    prims.into_iter().map(move |p| match p {
        Prim::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => Prim::Rect {
            x: x + dx,
            y: y + dy,
            w,
            h,
            fill,
            stroke,
        },
        Prim::Line {
            points,
            color,
            width,
        } => Prim::Line {
            points: points.into_iter().map(|(x, y)| (x + dx, y + dy)).collect(),
            color,
            width,
        },
        Prim::Text {
            x,
            y,
            size,
            bold,
            color,
            anchor,
            text,
        } => Prim::Text {
            x: x + dx,
            y: y + dy,
            size,
            bold,
            color,
            anchor,
            text,
        },
    })
}

/// Lays the document out on pages of `paper`.
pub fn layout(doc: &Doc, faces: &Faces, paper: Paper) -> Pages {
    let (pw, ph) = page_size(paper);
    let width = pw - 2.0 * MARGIN_X;
    let bottom = ph - FOOT;
    let ctx = Ctx { faces, width };
    let mut pages: Vec<Vec<Prim>> = vec![Vec::new()];
    let mut y = MARGIN_TOP;

    // Title, subtitle and any standing red flag, on the first page.
    let mut head = Vec::new();
    let mut hy = ctx.para(
        &mut head,
        0.0,
        0.0,
        width,
        Ink::new(15.0, true, INK).lead(18.0),
        &doc.title,
    );
    hy += ctx.para(
        &mut head,
        0.0,
        hy,
        width,
        Ink::new(BODY, false, GREY).lead(LEAD),
        &doc.subtitle,
    ) + 4.0;
    if !doc.stop.is_empty() {
        let mut stop = Vec::new();
        let mut sy = 5.0;
        for line in &doc.stop {
            sy += ctx.para(
                &mut stop,
                8.0,
                sy,
                width - 16.0,
                Ink::new(9.0, true, RED).lead(11.5),
                line,
            ) + 2.0;
        }
        sy += 3.0;
        head.push(Prim::Rect {
            x: 0.0,
            y: hy,
            w: width,
            h: sy,
            fill: Some((253, 234, 232)),
            stroke: Some((RED, 1.5)),
        });
        head.extend(shift(stop, 0.0, hy));
        hy += sy + 6.0;
    }
    pages[0].extend(shift(head, MARGIN_X, y));
    y += hy;

    for sec in &doc.sections {
        let mut heading = Vec::new();
        ctx.text(
            &mut heading,
            0.0,
            11.0,
            Ink::new(10.5, true, INK),
            &sec.title,
        );
        heading.push(Prim::Line {
            points: vec![(0.0, 14.5), (width, 14.5)],
            color: INK,
            width: 0.6,
        });
        let heading_h = 19.0;
        let mut first = true;
        for b in &sec.blocks {
            let boxed = ctx.block(b);
            let need = boxed.height + if first { heading_h + 4.0 } else { 0.0 };
            if y + need > bottom && y > MARGIN_TOP + 1.0 {
                pages.push(Vec::new());
                y = MARGIN_TOP;
            }
            let page = pages.len() - 1;
            if first {
                y += 4.0;
                pages[page].extend(shift(std::mem::take(&mut heading), MARGIN_X, y));
                y += heading_h;
                first = false;
            }
            pages[page].extend(shift(boxed.prims, MARGIN_X, y));
            y += boxed.height;
        }
    }

    // Foot of every page: the disclaimer and the page number.
    let total = pages.len();
    for (k, page) in pages.iter_mut().enumerate() {
        let mut foot = Vec::new();
        foot.push(Prim::Line {
            points: vec![(0.0, 0.0), (width, 0.0)],
            color: RULE,
            width: 0.5,
        });
        let used = ctx.para(
            &mut foot,
            0.0,
            2.0,
            width - 60.0,
            Ink::new(6.3, false, GREY).lead(7.6),
            &doc.disclaimer,
        );
        let _ = used;
        foot.push(Prim::Text {
            x: width,
            y: 9.0,
            size: 7.0,
            bold: false,
            color: GREY,
            anchor: Anchor::End,
            text: format!("page {} of {total}", k + 1),
        });
        page.extend(shift(foot, MARGIN_X, bottom + 6.0));
    }
    Pages {
        size: (pw, ph),
        pages,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::clinician::doc::{Chart, Figures, Section};
    use crate::clinician::html;

    fn every_block() -> Doc {
        let long =
            "Pain during a run may reach but not pass 5/10 and should settle by the next morning. "
                .repeat(4);
        let weeks: Vec<NaiveDate> = (0..520)
            .filter_map(|k| {
                NaiveDate::from_ymd_opt(2016, 1, 4)?.checked_add_days(chrono::Days::new(7 * k))
            })
            .collect();
        let km: Vec<f64> = (0..520).map(|k| f64::from(k % 17)).collect();
        let pain: Vec<Option<f64>> = (0..520)
            .map(|k| (k % 3 != 0).then_some(f64::from(k % 9)))
            .collect();
        let joint = |j: &str, x: f32, y: f32| (j.to_owned(), x, y);
        let figure = vec![
            joint("right-shoulder", 0.1, 1.0),
            joint("right-hip", 0.0, 0.0),
            joint("right-knee", 0.2, -0.5),
        ];
        Doc {
            title: "Title words".into(),
            subtitle: "Subtitle words".into(),
            stop: vec![format!("RED FLAG stopword. {long}")],
            sections: vec![
                Section {
                    title: "First section".into(),
                    blocks: vec![
                        Block::Para(long.clone()),
                        Block::Pairs(vec![("Pairlabel".into(), long.clone())]),
                        Block::Bullets(vec!["bulletone".into(), long.clone()]),
                        Block::Table {
                            header: vec!["colone".into(), "coltwo".into()],
                            rows: vec![vec!["cellone".into(), long.clone()]],
                        },
                    ],
                },
                Section {
                    title: "Second section".into(),
                    blocks: vec![
                        Block::Chart(Chart {
                            weeks,
                            km,
                            pain: vec![("lower back".into(), pain)],
                        }),
                        Block::Chart(Chart {
                            weeks: vec![NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()],
                            km: vec![0.0],
                            pain: vec![("lower back".into(), vec![Some(6.0)])],
                        }),
                        Block::Figures(Figures {
                            early: figure.clone(),
                            late: figure,
                        }),
                        Block::FillIn(vec![FillField {
                            label: "Fieldlabel".into(),
                            choices: vec!["choiceone".into()],
                            flag: "--flagname".into(),
                        }]),
                    ],
                },
            ],
            disclaimer: "Disclaimer words".into(),
        }
    }

    /// The words of the dump, without chart and figure summaries.
    fn words(doc: &Doc) -> Vec<String> {
        doc.dump()
            .lines()
            .filter(|l| !l.starts_with('['))
            .flat_map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
            .filter(|w| !w.is_empty() && w != "STOP")
            .collect()
    }

    #[test]
    fn the_pages_and_the_html_lose_no_word_and_stay_inside_the_page() {
        let faces = Faces::embedded().expect("embedded fonts");
        let doc = every_block();
        for paper in [Paper::A4, Paper::Letter] {
            let pages = layout(&doc, &faces, paper);
            let (w, h) = pages.size;
            let mut text = String::new();
            for page in &pages.pages {
                for p in page {
                    match p {
                        Prim::Text {
                            x,
                            y,
                            size,
                            bold,
                            anchor,
                            text: t,
                            ..
                        } => {
                            let tw = faces.get(*bold).width(t, *size);
                            let left = match anchor {
                                Anchor::Start => *x,
                                Anchor::Middle => x - tw / 2.0,
                                Anchor::End => x - tw,
                            };
                            assert!(
                                left >= MARGIN_X - 0.5 && left + tw <= w - MARGIN_X + 0.5,
                                "{t:?} leaves the text column"
                            );
                            assert!(*y > 0.0 && *y < h, "{t:?} off the page");
                            text.push_str(t);
                            text.push(' ');
                        }
                        Prim::Rect { x, w: rw, .. } => {
                            assert!(*x >= MARGIN_X - 0.5 && x + rw <= w - MARGIN_X + 0.5);
                        }
                        Prim::Line { points, .. } => {
                            for (px, py) in points {
                                assert!(
                                    *px >= MARGIN_X - 0.5 && *px <= w - MARGIN_X + 0.5 && *py < h
                                );
                            }
                        }
                    }
                }
            }
            for word in words(&doc) {
                assert!(
                    text.contains(&word),
                    "{word:?} missing from the {paper:?} pages"
                );
            }
            assert!(pages.pages.len() <= 2, "{} pages", pages.pages.len());
        }
        let page = html::render(&doc, Paper::A4).expect("renders");
        for word in words(&doc) {
            assert!(page.contains(&word), "{word:?} missing from the HTML");
        }
        assert_eq!(
            page.matches("<svg").count(),
            3,
            "two charts and the figures"
        );
    }

    #[test]
    fn the_red_flag_box_is_the_first_thing_under_the_title() {
        let faces = Faces::embedded().expect("embedded fonts");
        let pages = layout(&every_block(), &faces, Paper::A4);
        let texts: Vec<&str> = pages.pages[0]
            .iter()
            .filter_map(|p| match p {
                Prim::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(&texts[..2], ["Title words", "Subtitle words"]);
        assert!(texts[2].starts_with("RED FLAG"), "{:?}", &texts[..3]);
    }
}
