//! Folding highlighted code lines to the pane, so that no code is cut off.
//!
//! A code line wider than the pane continues on the next rows; each
//! continuation row starts with a dim `↪ ` after the block's indent, so the
//! reader sees that the line goes on (the end of a long compiler command is
//! never lost). Lines are cut at display width, not at spaces: code keeps
//! every character where it was, and each piece keeps its highlight style
//! across the cut. Trailing spaces are dropped first (they would only fold
//! into blank rows).
//!
//! Widths are measured per cluster (a character with the zero-width
//! characters after it, and the characters joined to it by ZWJ) with
//! [`str_width`], never splitting a cluster. No row is ever wider than the
//! width: in a narrow pane the indent goes first (under 8 columns), then the
//! mark (under 4), and a cluster wider than a whole row (a wide character at
//! width 1) shows as `…`.

use ratatui::style::Style;
use ratatui::text::Span;

use super::super::wrap::{RLine, char_width, str_width};

/// The block's indent, and the mark before each continuation.
const INDENT: &str = "  ";
const MARK: &str = "↪ ";
const ZWJ: char = '\u{200d}';

/// Where rows start and how much room they leave, for one width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Layout {
    indent: bool,
    mark: bool,
    /// Columns for code on the first row and on continuation rows.
    first: usize,
    next: usize,
}

impl Layout {
    fn new(width: usize) -> Self {
        let width = width.max(1);
        let indent = width >= 4 * str_width(INDENT);
        let first = width - if indent { str_width(INDENT) } else { 0 };
        let mark = first >= 2 * str_width(MARK);
        Layout {
            indent,
            mark,
            first,
            next: first - if mark { str_width(MARK) } else { 0 },
        }
    }

    /// Columns for code on a first row (`false`) or a continuation row.
    fn room(self, continued: bool) -> usize {
        if continued { self.next } else { self.first }
    }

    fn row(self, continued: bool, mark: Style) -> RLine {
        let mut row = RLine::default();
        if self.indent {
            row.push(INDENT, Style::new(), None);
        }
        if continued && self.mark {
            row.push(MARK, mark, None);
        }
        row
    }
}

/// Cuts one code line into rows of at most `width` columns (at least 1),
/// the block's indent before each and `mark_style`'s `↪ ` before every
/// continuation. An empty line stays one empty row (no indent, so no
/// trailing spaces).
pub(super) fn fold(line: RLine, width: usize, mark_style: Style) -> Vec<RLine> {
    let spans = trim_end(line.spans);
    if spans.is_empty() {
        return vec![RLine::default()];
    }
    let layout = Layout::new(width);
    let mut row = layout.row(false, mark_style);
    if spans.iter().map(|s| str_width(&s.content)).sum::<usize>() <= layout.first {
        for span in spans {
            row.push(span.content, span.style, None);
        }
        return vec![row];
    }
    cut(spans, layout, row, mark_style)
}

/// Cuts a line that does not fit, cluster by cluster, after `row`'s start.
fn cut(spans: Vec<Span<'static>>, layout: Layout, mut row: RLine, mark_style: Style) -> Vec<RLine> {
    let mut rows = Vec::new();
    let mut used = 0;
    for span in spans {
        let mut piece = String::new();
        for cluster in clusters(&span.content) {
            let room = layout.room(!rows.is_empty());
            let (cluster, w) = fitted(cluster, layout.room(true));
            if used + w > room && used > 0 {
                row.push(std::mem::take(&mut piece), span.style, None);
                rows.push(std::mem::replace(&mut row, layout.row(true, mark_style)));
                used = 0;
            }
            piece.push_str(cluster);
            used += w;
        }
        row.push(piece, span.style, None);
    }
    rows.push(row);
    rows
}

/// `cluster` and its width, or `…` where it is wider than `room` columns.
fn fitted(cluster: &str, room: usize) -> (&str, usize) {
    match str_width(cluster) {
        w if w <= room => (cluster, w),
        _ => ("…", 1),
    }
}

/// The spans without the spaces at the end of the line.
fn trim_end(mut spans: Vec<Span<'static>>) -> Vec<Span<'static>> {
    while let Some(last) = spans.last_mut() {
        let kept = last.content.trim_end_matches(' ').len();
        if kept > 0 {
            last.content.to_mut().truncate(kept);
            break;
        }
        spans.pop();
    }
    spans
}

/// Splits `text` into clusters that a cut must not separate: a character
/// with the zero-width characters after it, and whatever a ZWJ joins.
fn clusters(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        let mut joined = first == ZWJ;
        let mut end = rest.len();
        for (i, c) in chars {
            if !joined && char_width(c) > 0 {
                end = i;
                break;
            }
            joined = c == ZWJ;
        }
        let (cluster, tail) = rest.split_at(end);
        rest = tail;
        Some(cluster)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[RLine]) -> Vec<String> {
        rows.iter()
            .map(|r| r.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    fn dim() -> Style {
        Style::new().add_modifier(ratatui::style::Modifier::DIM)
    }

    fn plain(text: &str, width: usize) -> Vec<String> {
        texts(&fold(RLine::styled(text, Style::new()), width, dim()))
    }

    #[test]
    fn long_lines_continue_behind_a_mark() {
        assert_eq!(
            plain("mpicc -O2 -o hello hello.c", 12),
            ["  mpicc -O2 ", "  ↪ -o hello", "  ↪  hello.c"]
        );
        assert_eq!(plain("short", 12), ["  short"]);
        assert_eq!(plain("", 12), [""]);
        assert_eq!(plain("x    ", 12), ["  x"]);
    }

    #[test]
    fn styles_carry_across_the_cut() {
        let mut line = RLine::styled("abcdef", Style::new().fg(ratatui::style::Color::Red));
        line.push("gh", Style::new(), None);
        let rows = fold(line, 10, dim());
        assert_eq!(texts(&rows), ["  abcdefgh"]);
        let mut line = RLine::styled("abcdefghij", Style::new().fg(ratatui::style::Color::Red));
        line.push("kl", Style::new(), None);
        let rows = fold(line, 8, dim());
        assert_eq!(texts(&rows), ["  abcdef", "  ↪ ghij", "  ↪ kl"]);
        assert_eq!(rows[1].spans[2].style, rows[0].spans[1].style);
    }

    #[test]
    fn narrow_panes_drop_the_indent_then_the_mark() {
        assert_eq!(plain("abcdefgh", 7), ["abcdefg", "↪ h"]);
        assert_eq!(plain("abcdefgh", 4), ["abcd", "↪ ef", "↪ gh"]);
        assert_eq!(plain("abcde", 3), ["abc", "de"]);
        assert_eq!(plain("abc", 1), ["a", "b", "c"]);
        assert_eq!(plain("a日本", 1), ["a", "…", "…"]);
    }

    #[test]
    fn wide_and_joined_characters_are_not_split() {
        assert_eq!(plain("ab日本語", 8), ["  ab日本", "  ↪ 語"]);
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(
            plain(&format!("e\u{301}{family}x"), 8),
            [format!("  e\u{301}{family}x")]
        );
    }

    #[test]
    fn no_row_is_wider_than_the_width() {
        let line = "$ cargo rustc --release -- -C target-cpu=native 日本語 e\u{301}|";
        for width in 1..=60 {
            for row in fold(RLine::styled(line, Style::new()), width, Style::new()) {
                assert!(row.width <= width, "{width}: {row:?}");
                let text: String = row.spans.iter().map(|s| s.content.as_ref()).collect();
                assert!(str_width(&text) <= width, "{width}: {text}");
            }
        }
    }
}
