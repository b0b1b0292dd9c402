//! The renderer's palette, decided once per render from [`Options`].
//!
//! Every style the renderer uses comes from [`Styles`], so the `color: false`
//! case (NO_COLOR) is handled in one place: colors are dropped here and only
//! modifiers (bold, italic, underline, dim, reversed) remain. Colors are the
//! 16 ANSI ones, which terminal themes keep readable, plus one 256-color
//! background for inline code.

use pulldown_cmark::BlockQuoteKind;
use ratatui::style::{Color, Modifier, Style};

use super::Options;

pub(super) struct Styles {
    pub color: bool,
}

impl Styles {
    pub fn new(options: &Options) -> Self {
        Styles {
            color: options.color,
        }
    }

    /// `style` with `fg`, unless colors are off.
    fn fg(&self, style: Style, fg: Color) -> Style {
        if self.color { style.fg(fg) } else { style }
    }

    pub fn heading(&self, level: u8) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        match level {
            1 => self.fg(bold, Color::LightCyan),
            2 if self.color => bold.fg(Color::LightYellow),
            2 => bold.add_modifier(Modifier::UNDERLINED),
            3 => self.fg(bold.add_modifier(Modifier::ITALIC), Color::LightGreen),
            _ => bold,
        }
    }

    /// The `─` rule under a level 1 heading.
    pub fn heading_rule(&self) -> Style {
        self.fg(Style::new(), Color::Cyan)
    }

    pub fn rule(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::DIM), Color::DarkGray)
    }

    pub fn inline_code(&self) -> Style {
        if self.color {
            Style::new().fg(Color::LightYellow).bg(Color::Indexed(236))
        } else {
            Style::new()
        }
    }

    /// Link text; underlined when the terminal shows it as a hyperlink.
    pub fn link(&self, hyperlink: bool) -> Style {
        let style = self.fg(Style::new(), Color::LightBlue);
        if hyperlink {
            style.add_modifier(Modifier::UNDERLINED)
        } else {
            style
        }
    }

    /// The ` (url)` after a link's text.
    pub fn url(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::DIM), Color::Blue)
    }

    pub fn bullet(&self) -> Style {
        self.fg(Style::new(), Color::LightBlue)
    }

    pub fn gutter(&self, kind: Option<BlockQuoteKind>) -> Style {
        match kind {
            None => self.fg(Style::new(), Color::DarkGray),
            Some(kind) => self.fg(Style::new(), alert_color(kind)),
        }
    }

    pub fn alert_title(&self, kind: BlockQuoteKind) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), alert_color(kind))
    }

    pub fn table_border(&self) -> Style {
        self.fg(Style::new(), Color::DarkGray)
    }

    pub fn table_header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn code_prompt(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::DIM), Color::Gray)
    }

    pub fn image(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::ITALIC), Color::Magenta)
    }

    /// A key, `<kbd>`: bold, in cyan.
    pub fn key(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::LightCyan)
    }

    /// Math, shown verbatim.
    pub fn math(&self) -> Style {
        self.fg(
            Style::new().add_modifier(Modifier::ITALIC),
            Color::LightGreen,
        )
    }

    /// A footnote's number, where it is referenced and before its text.
    pub fn footnote(&self) -> Style {
        self.fg(Style::new(), Color::LightBlue)
    }

    /// A remark of the renderer's own, such as the columns a table hides.
    pub fn note(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::ITALIC), Color::Gray)
    }
}

/// GitHub's alert colors.
fn alert_color(kind: BlockQuoteKind) -> Color {
    match kind {
        BlockQuoteKind::Note => Color::LightBlue,
        BlockQuoteKind::Tip => Color::LightGreen,
        BlockQuoteKind::Important => Color::LightMagenta,
        BlockQuoteKind::Warning => Color::Yellow,
        BlockQuoteKind::Caution => Color::LightRed,
    }
}
