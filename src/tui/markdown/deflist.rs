//! Definition lists (`term` then `: definition` on the next line).
//!
//! A term is a bold line of its own; its definitions follow directly,
//! each a container indented by [`INDENT`] (like a list item whose marker
//! is blank), so a definition of several paragraphs keeps its indent. A
//! blank line separates one term's definitions from the next term.

use super::Renderer;
use super::container::Container;

const INDENT: &str = "    ";

impl Renderer {
    pub(super) fn term_start(&mut self) {
        self.begin_block();
        self.inline.strong(true);
    }

    pub(super) fn term_end(&mut self) {
        self.inline.strong(false);
        self.flush_inline();
        self.need_blank = false;
    }

    pub(super) fn definition_start(&mut self) {
        self.flush_inline();
        self.stack
            .push(Container::item(INDENT.into(), ratatui::style::Style::new()));
    }

    pub(super) fn definition_end(&mut self) {
        self.flush_inline();
        self.stack.pop();
        self.need_blank = true;
    }
}
