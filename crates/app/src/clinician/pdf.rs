//! Laid-out pages written as a PDF with krilla: text as real text in the
//! embedded, subsetted Liberation Sans (selectable, searchable, found by
//! `pdftotext`), rules, bars, lines and stick figures as vector paths.
//!
//! Why krilla: it is pure Rust, draws shaped text with a font it subsets
//! and embeds itself, and paths, with no layout engine we do not need
//! (68 crates in a scratch build, 32 s cold debug build here). printpdf
//! 0.12 without its HTML engine took 106 crates and 44 s and leaves font
//! subsetting and metrics to us as well; typst as a library gives the best
//! typesetting but brings 383 crates, about +2 min 44 s cold debug build
//! and a 500 MB debug binary (CRATES.md), too heavy for a two-page form
//! whose layout is fixed. See ARCHITECTURE.md, "Dependency choices".

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke};
use krilla::text::{Font, TextDirection};

use super::draw::{Anchor, Prim, Rgb};
use super::fonts::{self, Faces};
use super::layout::Pages;

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read (a damaged build).
    #[error("the embedded font could not be read")]
    Font,
    /// The page size was refused.
    #[error("bad page size {0} x {1}")]
    PageSize(f32, f32),
    /// krilla refused the document.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

fn paint(c: Rgb) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

/// The PDF bytes of the pages.
pub fn write(pages: &Pages, faces: &Faces, title: &str) -> Result<Vec<u8>, PdfError> {
    let regular = Font::new(fonts::REGULAR.into(), 0).ok_or(PdfError::Font)?;
    let bold = Font::new(fonts::BOLD.into(), 0).ok_or(PdfError::Font)?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .creator("Backstride".to_owned())
            .language("en".to_owned()),
    );
    let (w, h) = pages.size;
    for prims in &pages.pages {
        let settings = PageSettings::from_wh(w, h).ok_or(PdfError::PageSize(w, h))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
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
                    let mut pb = PathBuilder::new();
                    if let Some(rect) = krilla::geom::Rect::from_xywh(*x, *y, *w, *h) {
                        pb.push_rect(rect);
                    }
                    let Some(path) = pb.finish() else { continue };
                    surface.set_fill(fill.map(|c| Fill {
                        paint: paint(c),
                        ..Fill::default()
                    }));
                    surface.set_stroke(stroke.map(|(c, width)| Stroke {
                        paint: paint(c),
                        width,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                }
                Prim::Line {
                    points,
                    color,
                    width,
                } => {
                    let mut pb = PathBuilder::new();
                    for (k, (x, y)) in points.iter().enumerate() {
                        if k == 0 {
                            pb.move_to(*x, *y);
                        } else {
                            pb.line_to(*x, *y);
                        }
                    }
                    let Some(path) = pb.finish() else { continue };
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: paint(*color),
                        width: *width,
                        line_cap: LineCap::Round,
                        line_join: LineJoin::Round,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                }
                Prim::Text {
                    x,
                    y,
                    size,
                    bold: is_bold,
                    color,
                    anchor,
                    text,
                } => {
                    let width = faces.get(*is_bold).width(text, *size);
                    let x = match anchor {
                        Anchor::Start => *x,
                        Anchor::Middle => x - width / 2.0,
                        Anchor::End => x - width,
                    };
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill {
                        paint: paint(*color),
                        ..Fill::default()
                    }));
                    let font = if *is_bold {
                        bold.clone()
                    } else {
                        regular.clone()
                    };
                    surface.draw_text(
                        Point::from_xy(x, *y),
                        font,
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))
}
