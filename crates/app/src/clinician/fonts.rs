//! The report's typeface, embedded in the binary: Liberation Sans Regular
//! and Bold 2.1.5 (SIL Open Font License 1.1, from Debian's
//! `fonts-liberation2`; see `assets/fonts/LICENSE-OFL.txt`). The PDF embeds
//! the glyphs it uses (krilla subsets them); the layout measures text with
//! the same files' advance widths (skrifa), so wrapped lines fit.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// Liberation Sans Regular.
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
/// Liberation Sans Bold.
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// Advance widths of one font, ASCII cached.
#[derive(Debug, Clone)]
pub struct Metrics {
    data: &'static [u8],
    units_per_em: f32,
    ascii: [f32; 128],
}

impl Metrics {
    /// Reads a font's metrics; `None` if the file is not a font.
    pub fn new(data: &'static [u8]) -> Option<Self> {
        let font = FontRef::new(data).ok()?;
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        let mut m = Metrics {
            data,
            units_per_em,
            ascii: [0.0; 128],
        };
        let glyphs = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let map = font.charmap();
        for (i, slot) in m.ascii.iter_mut().enumerate() {
            let c = char::from(u8::try_from(i).ok()?);
            *slot = map
                .map(c)
                .and_then(|g| glyphs.advance_width(g))
                .unwrap_or(units_per_em / 2.0);
        }
        Some(m)
    }

    fn advance(&self, c: char) -> f32 {
        if let Some(w) = self.ascii.get(c as usize) {
            return *w;
        }
        FontRef::new(self.data)
            .ok()
            .and_then(|f| {
                let g = f.charmap().map(c)?;
                f.glyph_metrics(Size::unscaled(), LocationRef::default())
                    .advance_width(g)
            })
            .unwrap_or(self.units_per_em / 2.0)
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() / self.units_per_em * size
    }

    /// `text` broken into lines no wider than `max` at `size` (greedy, on
    /// spaces; a word longer than a line is cut).
    pub fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        let space = self.width(" ", size);
        let mut line_w = 0.0;
        for word in text.split_whitespace() {
            let mut word = word.to_owned();
            let mut w = self.width(&word, size);
            while w > max {
                // Cut the longest head that fits.
                let mut head = String::new();
                let mut hw = 0.0;
                for c in word.chars() {
                    let cw = self.width(c.encode_utf8(&mut [0; 4]), size);
                    if hw + cw > max && !head.is_empty() {
                        break;
                    }
                    head.push(c);
                    hw += cw;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                word = word[head.len()..].to_owned();
                lines.push(head);
                line_w = 0.0;
                w = self.width(&word, size);
            }
            if word.is_empty() {
                continue;
            }
            if !line.is_empty() && line_w + space + w > max {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if !line.is_empty() {
                line.push(' ');
                line_w += space;
            }
            line.push_str(&word);
            line_w += w;
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// The regular and bold metrics.
#[derive(Debug, Clone)]
pub struct Faces {
    /// Regular.
    pub regular: Metrics,
    /// Bold.
    pub bold: Metrics,
}

impl Faces {
    /// The embedded faces; `None` only if the embedded files were damaged.
    pub fn embedded() -> Option<Self> {
        Some(Faces {
            regular: Metrics::new(REGULAR)?,
            bold: Metrics::new(BOLD)?,
        })
    }

    /// The metrics of one face.
    pub fn get(&self, bold: bool) -> &Metrics {
        if bold { &self.bold } else { &self.regular }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let faces = Faces::embedded().expect("embedded fonts load");
        let m = &faces.regular;
        let text = "Pain during a run may reach but not pass 5/10 and should settle by the next morning; supercalifragilisticexpialidociousness";
        for max in [40.0, 80.0, 200.0] {
            let lines = m.wrap(text, 8.0, max);
            for l in &lines {
                assert!(m.width(l, 8.0) <= max + 0.01, "{l:?} wider than {max}");
            }
            assert_eq!(
                lines.concat().replace(' ', ""),
                text.replace(' ', ""),
                "no character lost at {max}"
            );
        }
        assert!(m.width("WWW", 10.0) > m.width("iii", 10.0));
        assert!(faces.bold.width("Backstride", 10.0) > m.width("Backstride", 10.0));
    }
}
