//! Markdown to ratatui lines (placeholder until the renderer lands).

use ratatui::text::Line;

/// How to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Columns available; text wraps to this width.
    pub width: u16,
    /// False under NO_COLOR: structure is kept with bold/italic/underline only.
    pub color: bool,
    /// True when the terminal takes OSC 8 hyperlinks: links render as their
    /// text only and are listed in [`Rendered::links`]; otherwise as `text (url)`.
    pub hyperlinks: bool,
}

/// A heading, for the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// Index into [`Rendered::lines`].
    pub line: usize,
}

/// A link's place in the rendered lines, for OSC 8 output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub line: usize,
    /// Display columns [start, end) within that line.
    pub start: u16,
    pub end: u16,
    pub url: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
}

/// Renders `markdown` for a pane `options.width` columns wide. Pure.
pub fn render(markdown: &str, options: &Options) -> Rendered {
    let _ = options;
    Rendered {
        lines: markdown.lines().map(|l| Line::from(l.to_owned())).collect(),
        ..Rendered::default()
    }
}
