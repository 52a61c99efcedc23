//! Reports: the assessment and plan as text for a terminal, Markdown, one
//! printable HTML page, and JSON, all rendered from the same [`dto::Report`].

pub mod build;
pub mod dto;
pub mod figures;
pub mod html;
pub mod markdown;
pub mod text;

use clap::ValueEnum;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable on a terminal (coloured only on a TTY).
    Text,
    /// Markdown.
    Markdown,
    /// One printable HTML page.
    Html,
    /// JSON, as documented in docs/report.schema.json.
    Json,
}

/// The article Backstride was founded on, whose claims are the `SEED-*`
/// sources (knowledge/README.md).
pub const FOUNDING: &str = "\"Back Pain While Running: Causes And Solutions\"";

/// Renders a report, its sources named by ID where cited (the full list
/// only in HTML, folded). Text carries ANSI styles; the caller strips them
/// when the destination is not a terminal.
pub fn render(report: &dto::Report, format: Format) -> anyhow::Result<String> {
    render_with(report, format, false)
}

/// [`render`], with every cited source listed in full at the end of text
/// and Markdown when `all_sources` is set (`--sources`). JSON always has them.
pub fn render_with(
    report: &dto::Report,
    format: Format,
    all_sources: bool,
) -> anyhow::Result<String> {
    Ok(match format {
        Format::Text => text::render(report, all_sources),
        Format::Markdown => markdown::render(report, all_sources),
        Format::Html => html::render(report)?,
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report)?;
            s.push('\n');
            s
        }
    })
}
