//! The `?` overlay: every key, from the one table in `keys`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use super::theme::Theme;
use crate::tui::keys::HELP;

pub fn draw(frame: &mut Frame, area: Rect, theme: Theme) {
    let lines: Vec<Line> = HELP
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<18}"), theme.key()),
                Span::raw(*what),
            ])
        })
        .collect();
    let rect = centered(area, 66, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(" Keys (any key closes) ");
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
