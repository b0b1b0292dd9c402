//! Code blocks coloured when they are shown, not when the lesson is laid out.
//!
//! Highlighting costs more than all the rest of the layout together (a few
//! microseconds a line), and it does not change where lines break: colour
//! does not move text. [`super::render_lazy`] therefore lays code blocks out
//! in plain text and records each as a [`CodeRows`]; [`Rendered::lines_in`]
//! colours just the blocks that meet the rows asked for, by running the
//! block through the same code renderer and container prefixes as
//! [`super::render`], which colours every block at once. Highlighted blocks
//! are remembered (see `code`), so scrolling back costs only the folding.

use std::ops::Range;

use ratatui::text::Line;

use super::code;
use super::style::Styles;
use super::wrap::{self, RLine};
use super::{Options, Rendered};

/// A code block laid out in plain text, to be coloured when shown.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeRows {
    /// The block's text and info string.
    text: String,
    info: Option<String>,
    /// Columns the block was folded to, inside its containers.
    avail: usize,
    /// Index of its first row in [`Rendered::lines`].
    first: usize,
    /// What stood before each row: gutters, list indents.
    prefixes: Vec<RLine>,
}

impl CodeRows {
    pub(super) fn new(text: String, info: Option<String>, avail: usize, first: usize) -> Self {
        CodeRows {
            text,
            info,
            avail,
            first,
            prefixes: Vec::new(),
        }
    }

    pub(super) fn add_row(&mut self, prefix: RLine) {
        self.prefixes.push(prefix);
    }

    pub(super) fn shift(&mut self, by: usize) {
        self.first += by;
    }

    fn rows(&self) -> Range<usize> {
        self.first..self.first + self.prefixes.len()
    }

    /// The block's rows, coloured, exactly as an eager render makes them;
    /// `None` if colouring would change the rows (it cannot, short of a
    /// grammar splitting a grapheme cluster).
    fn coloured(&self, styles: &Styles, width: usize) -> Option<Vec<Line<'static>>> {
        let rows = code::render(&self.text, self.info.as_deref(), styles, self.avail);
        if rows.len() != self.prefixes.len() {
            return None;
        }
        Some(
            rows.into_iter()
                .zip(&self.prefixes)
                .map(|(row, prefix)| {
                    let line = wrap::clip(row.prefixed(prefix.clone()), width);
                    Line::from(line.spans)
                })
                .collect(),
        )
    }
}

impl Rendered {
    /// Lines `range`, with the code blocks among them coloured.
    pub fn lines_in(&self, range: Range<usize>) -> Vec<Line<'static>> {
        let end = range.end.min(self.lines.len());
        let start = range.start.min(end);
        let mut out: Vec<Line<'static>> = self.lines.get(start..end).unwrap_or_default().to_vec();
        let Some(options) = self.painter else {
            return out;
        };
        let styles = Styles::new(&options);
        let first = self.code.partition_point(|b| b.rows().end <= start);
        for block in self.code.iter().skip(first) {
            if block.first >= end {
                break;
            }
            let Some(rows) = block.coloured(&styles, usize::from(options.width)) else {
                continue;
            };
            for (i, row) in block.rows().zip(rows) {
                if (start..end).contains(&i)
                    && let Some(slot) = out.get_mut(i - start)
                {
                    *slot = row;
                }
            }
        }
        out
    }

    /// Colours every code block still plain.
    pub fn paint_all(&mut self) {
        let Some(options) = self.painter.take() else {
            return;
        };
        let styles = Styles::new(&options);
        for block in std::mem::take(&mut self.code) {
            let Some(rows) = block.coloured(&styles, usize::from(options.width)) else {
                continue;
            };
            for (i, row) in block.rows().zip(rows) {
                if let Some(slot) = self.lines.get_mut(i) {
                    *slot = row;
                }
            }
        }
    }
}

/// The options a lazily rendered lesson's code is coloured with.
pub(super) fn painter(options: &Options, lazy: bool) -> Option<Options> {
    (lazy && options.color).then_some(*options)
}

#[cfg(test)]
mod tests {
    use super::super::{render, render_lazy};
    use super::*;

    fn pages() -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/markdown");
        let mut text = String::new();
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("fixtures")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for path in paths {
            text += &std::fs::read_to_string(path).expect("fixture");
            text += "\n";
        }
        text + "> ```rust\n> let x = 1; // in a quote\n> ```\n\n- item\n\n  ```python\n  def f():\n      return 'a long line that folds at forty columns for sure'\n  ```\n"
    }

    #[test]
    fn shown_lines_are_those_of_an_eager_render() {
        let text = pages();
        for width in [1, 12, 40, 80, 120] {
            let options = Options {
                width,
                color: true,
                hyperlinks: false,
            };
            let eager = render(&text, &options);
            let lazy = render_lazy(&text, &options);
            assert!(!lazy.code.is_empty(), "code is left to paint");
            assert_eq!(lazy.lines.len(), eager.lines.len(), "same rows at {width}");
            assert_ne!(lazy.lines, eager.lines, "plain until shown");
            let n = eager.lines.len();
            assert_eq!(lazy.lines_in(0..n), eager.lines, "all shown at {width}");
            for start in (0..n).step_by(17) {
                let range = start..(start + 23).min(n);
                let want = eager.lines.get(range.clone()).unwrap_or_default();
                assert_eq!(lazy.lines_in(range), want, "rows from {start} at {width}");
            }
            assert_eq!(lazy.lines_in(n..n + 5), Vec::<Line>::new());
            let mut painted = lazy.clone();
            painted.paint_all();
            assert_eq!(painted, eager, "painted whole at {width}");
        }
    }

    #[test]
    fn without_colour_nothing_waits() {
        let options = Options {
            width: 60,
            color: false,
            hyperlinks: false,
        };
        let text = pages();
        let lazy = render_lazy(&text, &options);
        assert!(lazy.code.is_empty());
        assert_eq!(lazy, render(&text, &options));
    }
}
