//! Tables, drawn with box-drawing borders.
//!
//! Cells are collected as inline pieces while the table is read; at its end
//! the table is laid out in one go. Each column wants its natural width (its
//! widest cell on one line) and needs its longest word, so that no word is
//! cut. When the columns do not fit, each first gets its longest word and
//! the room left is shared fairly: columns that want less than an equal
//! share get all they want, the rest split what remains. When even the
//! longest words do not fit, columns are left out from the right, and a
//! line under the table names them ("2 more columns not shown: Notes,
//! Link"): a table never loses a column silently. Only a word wider than
//! [`LONG_WORD`] (a URL, a path) or than the pane may be cut. Cells wrap
//! within their column and are padded per the Markdown alignment; the
//! header row is bold. Nothing here can fail on a tiny width: columns are
//! at least one column wide and the table then runs past the pane, to be
//! clipped.

use std::ops::Range;

use pulldown_cmark::Alignment;
use ratatui::style::Style;

use super::style::Styles;
use super::wrap::{Piece, RLine, measure, wrap};

/// Columns taken by borders and padding: `│ ` before each cell, ` │` after the last.
fn chrome(columns: usize) -> usize {
    3 * columns + 1
}

pub(super) struct Table {
    aligns: Vec<Alignment>,
    rows: Vec<Vec<Vec<Piece>>>,
    head_rows: usize,
    row: Vec<Vec<Piece>>,
}

impl Table {
    pub fn new(aligns: Vec<Alignment>) -> Self {
        Table {
            aligns,
            rows: Vec::new(),
            head_rows: 0,
            row: Vec::new(),
        }
    }

    pub fn cell(&mut self, pieces: Vec<Piece>) {
        self.row.push(pieces);
    }

    pub fn end_row(&mut self, head: bool, styles: &Styles) {
        let mut row = std::mem::take(&mut self.row);
        if head {
            self.head_rows += 1;
            let bold = styles.table_header();
            for piece in row.iter_mut().flatten() {
                piece.style = bold.patch(piece.style);
            }
        }
        self.rows.push(row);
    }

    /// Lays the table out in `width` columns. Columns that do not fit are
    /// left out, and a line under the table names them.
    pub fn render(&self, width: usize, styles: &Styles) -> Vec<RLine> {
        let columns = self
            .rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(self.aligns.len());
        if columns == 0 {
            return Vec::new();
        }
        let (natural, longest) = self.measure(columns);
        let shown = shown_columns(&natural, &longest, width);
        let widths = widths(&natural[..shown], &longest[..shown], width);
        let border = styles.table_border();
        let mut out = vec![rule(&widths, ['┌', '┬', '┐'], border)];
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 && i == self.head_rows {
                out.push(rule(&widths, ['├', '┼', '┤'], border));
            }
            out.extend(self.row_lines(row, &widths, border));
        }
        out.push(rule(&widths, ['└', '┴', '┘'], border));
        if shown < columns {
            out.extend(self.hidden_note(shown..columns, width, styles));
        }
        out
    }

    /// Each column's natural width (its widest cell on one line) and longest word.
    fn measure(&self, columns: usize) -> (Vec<usize>, Vec<usize>) {
        let mut natural = vec![0; columns];
        let mut longest = vec![0; columns];
        for row in &self.rows {
            for (c, cell) in row.iter().enumerate().take(columns) {
                let (total, word) = measure(cell);
                natural[c] = natural[c].max(total);
                longest[c] = longest[c].max(word);
            }
        }
        (natural, longest)
    }

    /// "2 more columns not shown: Notes, Link", wrapped to `width`.
    fn hidden_note(&self, hidden: Range<usize>, width: usize, styles: &Styles) -> Vec<RLine> {
        let count = hidden.len();
        let names: Vec<String> = hidden.map(|c| self.column_name(c)).collect();
        let noun = if count == 1 { "column" } else { "columns" };
        let text = format!("{count} more {noun} not shown: {}", names.join(", "));
        let piece = Piece {
            text,
            style: styles.note(),
            link: None,
        };
        wrap(&[piece], width)
    }

    /// A column's header text, or "column N" when it has none.
    fn column_name(&self, c: usize) -> String {
        let header = self.rows.first().filter(|_| self.head_rows > 0);
        let text: String = header
            .and_then(|row| row.get(c))
            .map(|cell| cell.iter().map(|p| p.text.as_str()).collect())
            .unwrap_or_default();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            format!("column {}", c + 1)
        } else {
            text
        }
    }

    fn row_lines(&self, row: &[Vec<Piece>], widths: &[usize], border: Style) -> Vec<RLine> {
        let cells: Vec<Vec<RLine>> = widths
            .iter()
            .enumerate()
            .map(|(c, w)| wrap(row.get(c).map_or(&[][..], Vec::as_slice), *w))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        (0..height)
            .map(|i| {
                let mut line = RLine::styled("│", border);
                for (c, width) in widths.iter().enumerate() {
                    let text = cells[c].get(i).cloned().unwrap_or_default();
                    let align = self.aligns.get(c).copied().unwrap_or(Alignment::None);
                    line.push(" ", Style::new(), None);
                    line.append(aligned(text, *width, align));
                    line.push(" │", border, None);
                }
                line
            })
            .collect()
    }
}

/// A word longer than this may be cut rather than hide its column: a URL,
/// a path, a long identifier.
const LONG_WORD: usize = 20;

/// How many columns, from the left, fit in `width` with their words whole
/// (words over [`LONG_WORD`] columns may be cut); at least one.
fn shown_columns(natural: &[usize], longest: &[usize], width: usize) -> usize {
    let mut used = 0;
    for (c, (n, l)) in natural.iter().zip(longest).enumerate() {
        used += (*n).min(*l).clamp(1, LONG_WORD);
        if c > 0 && used + chrome(c + 1) > width {
            return c;
        }
    }
    natural.len()
}

/// Column widths for the shown columns: every word whole when that fits,
/// otherwise only words of up to [`LONG_WORD`] columns.
fn widths(natural: &[usize], longest: &[usize], width: usize) -> Vec<usize> {
    let room = width.saturating_sub(chrome(natural.len()));
    let whole: usize = natural.iter().zip(longest).map(|(n, l)| *n.min(l)).sum();
    let words: Vec<usize> = if whole <= room {
        longest.to_vec()
    } else {
        longest.iter().map(|l| (*l).min(LONG_WORD)).collect()
    };
    fit(natural, &words, room)
        .into_iter()
        .map(|w| w.max(1))
        .collect()
}

/// Column widths within `room`, from each column's natural width and longest word.
fn fit(natural: &[usize], longest: &[usize], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let floor: Vec<usize> = natural
        .iter()
        .zip(longest)
        .map(|(n, l)| *n.min(l))
        .collect();
    let floor_sum: usize = floor.iter().sum();
    if floor_sum > room {
        return share(natural, room);
    }
    let want: Vec<usize> = natural.iter().zip(&floor).map(|(n, f)| n - f).collect();
    let extra = share(&want, room - floor_sum);
    floor.iter().zip(extra).map(|(f, e)| f + e).collect()
}

/// Shares `room` among columns wanting `want`: the smallest wants are met
/// first, and every column gets at most an equal share of what is left.
fn share(want: &[usize], room: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..want.len()).collect();
    order.sort_by_key(|&c| want[c]);
    let mut out = vec![0; want.len()];
    let mut left = room;
    for (k, &c) in order.iter().enumerate() {
        let given = want[c].min(left / (want.len() - k));
        out[c] = given;
        left -= given;
    }
    out
}

fn aligned(text: RLine, width: usize, align: Alignment) -> RLine {
    let pad = width.saturating_sub(text.width);
    let before = match align {
        Alignment::Right => pad,
        Alignment::Center => pad / 2,
        Alignment::None | Alignment::Left => 0,
    };
    let mut line = text.prefixed(RLine::styled(" ".repeat(before), Style::new()));
    line.pad_to(width, Style::new());
    line
}

fn rule(widths: &[usize], [left, middle, right]: [char; 3], style: Style) -> RLine {
    let mut text = String::from(left);
    for (i, width) in widths.iter().enumerate() {
        if i > 0 {
            text.push(middle);
        }
        text.extend(std::iter::repeat_n('─', width + 2));
    }
    text.push(right);
    RLine::styled(text, style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_natural_widths_when_they_fit() {
        assert_eq!(fit(&[3, 5], &[3, 5], 10), [3, 5]);
    }

    #[test]
    fn fit_gives_words_first_and_shares_the_rest() {
        // Column 0 is one short word; column 1 is long text.
        assert_eq!(fit(&[4, 50], &[4, 8], 20), [4, 16]);
        assert_eq!(fit(&[30, 30], &[5, 5], 20), [10, 10]);
    }

    #[test]
    fn fit_cuts_words_only_when_it_must() {
        assert_eq!(fit(&[10, 10], &[10, 10], 6), [3, 3]);
        assert_eq!(share(&[1, 9, 9], 7), [1, 3, 3]);
    }

    #[test]
    fn columns_are_hidden_from_the_right_when_words_do_not_fit() {
        // Borders and padding take 3 columns per column, plus 1.
        assert_eq!(shown_columns(&[12, 12, 12], &[12, 12, 12], 40), 2);
        assert_eq!(shown_columns(&[12, 12, 12], &[12, 12, 12], 46), 3);
        assert_eq!(shown_columns(&[50], &[50], 10), 1);
        // A URL-like word counts only up to LONG_WORD, and may be cut.
        assert_eq!(shown_columns(&[4, 60], &[4, 60], 40), 2);
        assert_eq!(widths(&[4, 60], &[4, 60], 40), [4, 29]);
    }
}
