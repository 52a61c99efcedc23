//! The clinician report as one printable HTML page (askama template
//! `templates/clinician.html`): the same [`Doc`] as the PDF, the chart and
//! stick figures as the same vector drawings in inline SVG, print CSS for
//! the chosen paper size. No scripts, no external files.

use askama::Template;

use super::doc::{Block, Doc, FillField};
use super::draw;
use crate::cli::Paper;

/// A block flattened for the template.
struct BlockView<'a> {
    kind: &'static str,
    text: String,
    pairs: &'a [(String, String)],
    items: &'a [String],
    rows: &'a [Vec<String>],
    fields: &'a [FillField],
}

struct SectionView<'a> {
    title: &'a str,
    blocks: Vec<BlockView<'a>>,
}

#[derive(Template)]
#[template(path = "clinician.html")]
struct Page<'a> {
    doc: &'a Doc,
    paper: &'static str,
    sections: Vec<SectionView<'a>>,
}

fn view(b: &Block) -> BlockView<'_> {
    let mut v = BlockView {
        kind: "para",
        text: String::new(),
        pairs: &[],
        items: &[],
        rows: &[],
        fields: &[],
    };
    match b {
        Block::Para(s) => v.text = s.clone(),
        Block::Pairs(p) => {
            v.kind = "pairs";
            v.pairs = p;
        }
        Block::Bullets(i) => {
            v.kind = "bullets";
            v.items = i;
        }
        Block::Table { header, rows } => {
            v.kind = "table";
            v.items = header;
            v.rows = rows;
        }
        Block::Chart(c) => {
            v.kind = "svg";
            let w = 520.0;
            v.text = draw::svg(
                &draw::chart(c, w),
                w,
                draw::CHART_H,
                "Weekly running distance (bars) and weekly mean pain per region (lines)",
            );
        }
        Block::Figures(f) => {
            v.kind = "svg";
            v.text = draw::svg(
                &draw::figures(f),
                draw::FIGURES_W,
                draw::FIGURES_H,
                "Stick figures of a typical early and late stride",
            );
        }
        Block::FillIn(f) => {
            v.kind = "fill";
            v.fields = f;
        }
    }
    v
}

/// Renders the report as HTML.
pub fn render(doc: &Doc, paper: Paper) -> anyhow::Result<String> {
    let sections = doc
        .sections
        .iter()
        .map(|s| SectionView {
            title: &s.title,
            blocks: s.blocks.iter().map(view).collect(),
        })
        .collect();
    Ok(Page {
        doc,
        paper: match paper {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        },
        sections,
    }
    .render()?)
}
