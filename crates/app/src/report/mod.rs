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

/// Renders a report. Text carries ANSI styles; the caller strips them when
/// the destination is not a terminal.
pub fn render(report: &dto::Report, format: Format) -> anyhow::Result<String> {
    Ok(match format {
        Format::Text => text::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report)?,
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report)?;
            s.push('\n');
            s
        }
    })
}
