//! Display math (`$$...$$`): verbatim, as an indented block of its own.
//!
//! pulldown-cmark hands display math over inside a paragraph. The text read
//! so far is emitted as a paragraph of its own, the formula follows,
//! indented by [`INDENT`] and set off by blank lines, with its dollars and
//! every backslash kept; each of its lines wraps at spaces, since a formula
//! must not run past the pane. Inside a heading or a table cell, where no
//! block can begin, it stays inline. Inline math (`$...$`) is handled by
//! [`super::inline::Inline::math`].

use ratatui::style::Style;

use super::Renderer;
use super::wrap::{Piece, RLine, wrap};

const INDENT: &str = "    ";

impl Renderer {
    pub(super) fn display_math(&mut self, text: &str) {
        if self.heading || self.table.is_some() {
            return self.inline.math(text, "$$", &self.styles);
        }
        self.inline.trim_spaces();
        if !self.inline.is_empty() {
            self.flush_inline();
            self.need_blank = true;
        }
        self.begin_block();
        let style = self.styles.math();
        let width = self.avail().saturating_sub(INDENT.len()).max(1);
        for line in format!("$${text}$$").split('\n') {
            let piece = Piece {
                text: super::inline::clean(line).into_owned(),
                style,
                link: None,
            };
            let lines = wrap(&[piece], width);
            if lines.is_empty() {
                self.emit(RLine::default());
            }
            for line in lines {
                self.emit(line.prefixed(RLine::styled(INDENT, Style::new())));
            }
        }
        self.need_blank = true;
        self.math_gap = true;
    }
}
