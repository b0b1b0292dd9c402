//! Tables, drawn with box-drawing borders.
//!
//! Cells are collected as inline pieces while the table is read; at its end
//! the table is laid out in one go. Each column wants its natural width (its
//! widest cell on one line). When the columns do not fit, each first gets
//! its longest word (so words are not cut when that is avoidable) and the
//! room left is shared fairly: columns that want less than an equal share
//! get all they want, the rest split what remains. Cells then wrap within
//! their column and are padded per the Markdown alignment. The header row
//! is bold. Nothing here can fail on a tiny width: columns are at least one
//! column wide and the table then runs past the pane, to be clipped.

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

    /// Lays the table out in `width` columns.
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
        let widths = self.widths(columns, width.saturating_sub(chrome(columns)));
        let border = styles.table_border();
        let mut out = vec![rule(&widths, ['┌', '┬', '┐'], border)];
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 && i == self.head_rows {
                out.push(rule(&widths, ['├', '┼', '┤'], border));
            }
            out.extend(self.row_lines(row, &widths, border));
        }
        out.push(rule(&widths, ['└', '┴', '┘'], border));
        out
    }

    fn widths(&self, columns: usize, room: usize) -> Vec<usize> {
        let mut natural = vec![0; columns];
        let mut longest = vec![0; columns];
        for row in &self.rows {
            for (c, cell) in row.iter().enumerate() {
                let (total, word) = measure(cell);
                natural[c] = natural[c].max(total);
                longest[c] = longest[c].max(word);
            }
        }
        fit(&natural, &longest, room)
            .into_iter()
            .map(|w| w.max(1))
            .collect()
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
}
