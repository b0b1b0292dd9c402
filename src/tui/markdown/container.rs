//! Containers: what stands before each line of the blocks inside them.
//!
//! The renderer keeps a stack of open containers, outermost first. Every
//! line it emits gets, from each container in turn, either its gutter (a
//! quote's `│ `), its marker (a list item's first line: `• `, `2. `) or the
//! hanging indent that continues the marker (spaces of the marker's width).
//! A container's width never changes, so blocks inside are wrapped to the
//! pane width minus the sum of those widths. Blank lines between blocks get
//! the gutters only, with trailing spaces trimmed.

use ratatui::style::Style;

use super::quote::GUTTER;
use super::wrap::{RLine, str_width, trim_end};

pub(super) enum Container {
    Quote(Style),
    Item {
        marker: String,
        style: Style,
        /// The marker has been shown; later lines get the hanging indent.
        used: bool,
    },
}

impl Container {
    pub fn item(marker: String, style: Style) -> Self {
        Container::Item {
            marker,
            style,
            used: false,
        }
    }

    pub fn width(&self) -> usize {
        match self {
            Container::Quote(_) => str_width(GUTTER),
            Container::Item { marker, .. } => str_width(marker),
        }
    }

    /// Adds this container's part of a content line's prefix.
    fn content(&mut self, prefix: &mut RLine) {
        match self {
            Container::Quote(style) => prefix.push(GUTTER, *style, None),
            Container::Item {
                marker,
                style,
                used: false,
            } => {
                prefix.push(marker.as_str(), *style, None);
            }
            Container::Item { marker, .. } => {
                prefix.push(" ".repeat(str_width(marker)), Style::new(), None)
            }
        }
        if let Container::Item { used, .. } = self {
            *used = true;
        }
    }

    /// Adds this container's part of a blank line's prefix.
    fn blank(&self, prefix: &mut RLine) {
        match self {
            Container::Quote(style) => prefix.push(GUTTER, *style, None),
            Container::Item { .. } => prefix.push(" ".repeat(self.width()), Style::new(), None),
        }
    }

    /// Whether the item's marker is still to be shown.
    pub fn unused_item(&self) -> bool {
        matches!(self, Container::Item { used: false, .. })
    }
}

/// The prefix of the next content line; list markers are used up.
pub(super) fn content_prefix(stack: &mut [Container]) -> RLine {
    let mut prefix = RLine::default();
    for container in stack {
        container.content(&mut prefix);
    }
    prefix
}

/// A blank line inside `stack`.
pub(super) fn blank_line(stack: &[Container]) -> RLine {
    let mut line = RLine::default();
    for container in stack {
        container.blank(&mut line);
    }
    trim_end(line)
}

/// Columns taken by the prefixes.
pub(super) fn width(stack: &[Container]) -> usize {
    stack.iter().map(Container::width).sum()
}
