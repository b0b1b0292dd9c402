//! A lesson: the rendered Markdown, scrolled; the table of contents as an
//! overlay; the search prompt and match count in the last line.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph};

use super::LessonState;
use crate::tui::view::centered;
use crate::tui::view::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, l: &LessonState, theme: Theme) {
    let [text_area, info_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let inner = text_area.inner(ratatui::layout::Margin::new(1, 0));
    let visible: Vec<Line> = l
        .rendered
        .lines
        .iter()
        .skip(l.scroll)
        .take(usize::from(inner.height))
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
    frame.render_widget(info_line(l, theme), info_area);
    if let Some(selected) = l.contents {
        draw_contents(frame, area, l, selected, theme);
    }
    if let Some(demo) = &l.demo {
        super::demo::draw(frame, area, demo, theme);
    }
}

/// Where the title bar says the learner is.
pub fn place(l: &LessonState) -> String {
    format!("lesson {}", l.id)
}

/// The keys the status bar shows.
pub fn keys(l: &LessonState) -> &'static [(&'static str, &'static str)] {
    match &l.demo {
        Some(demo) if demo.running.is_some() => &[("Esc", "cancel the demo"), ("q", "quit")],
        Some(_) => &[("Esc d", "close the demo"), ("q", "quit")],
        None if !l.rendered.demos.is_empty() => &[
            ("↑↓ space", "scroll"),
            ("d", "run the demo"),
            ("t", "contents"),
            ("/", "search"),
            ("Esc", "back"),
            ("?", "help"),
        ],
        None => &[
            ("↑↓ space", "scroll"),
            ("t", "contents"),
            ("/", "search"),
            ("Esc", "back"),
            ("?", "help"),
        ],
    }
}

/// A link on screen: where, its text, its target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedLink {
    pub x: u16,
    pub y: u16,
    pub text: String,
    pub url: String,
}

/// The links of the lesson now on screen, where `draw` put them in `area`
/// (the body). The runtime writes them again wrapped in OSC 8 hyperlinks.
pub fn placed_links(l: &LessonState, area: Rect) -> Vec<PlacedLink> {
    let [text_area, _] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let inner = text_area.inner(ratatui::layout::Margin::new(1, 0));
    let rows = usize::from(inner.height);
    l.rendered
        .links
        .iter()
        .filter(|link| {
            link.line >= l.scroll && link.line < l.scroll + rows && link.end <= inner.width
        })
        .filter_map(|link| {
            let line = l.rendered.lines.get(link.line)?;
            let text = columns(line, link.start, link.end);
            Some(PlacedLink {
                x: inner.x + link.start,
                y: inner.y + (link.line - l.scroll) as u16,
                text,
                url: link.url.clone(),
            })
        })
        .collect()
}

/// The characters of `line` in display columns [start, end).
fn columns(line: &Line, start: u16, end: u16) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut col = 0u16;
    let mut out = String::new();
    for c in line.spans.iter().flat_map(|s| s.content.chars()) {
        if col >= start && col < end {
            out.push(c);
        }
        col += c.width().unwrap_or(0) as u16;
    }
    out
}

fn info_line(l: &LessonState, theme: Theme) -> Line<'static> {
    if let Some(input) = &l.search.input {
        return Line::from(vec![
            Span::styled(" /", theme.key()),
            Span::raw(input.clone()),
            Span::raw("▏"),
        ]);
    }
    let total = l.rendered.lines.len().max(1);
    let percent = ((l.scroll + 1) * 100 / total).min(100);
    let mut text = format!(" line {} of {total} ({percent}%)", l.scroll + 1);
    if !l.search.query.is_empty() {
        let n = l.search.matches.len();
        let at = if n == 0 { 0 } else { l.search.current + 1 };
        text.push_str(&format!("   \"{}\": match {at} of {n}", l.search.query));
    }
    Line::from(Span::styled(text, theme.dim()))
}

fn draw_contents(frame: &mut Frame, area: Rect, l: &LessonState, selected: usize, theme: Theme) {
    let items: Vec<ListItem> = l
        .rendered
        .headings
        .iter()
        .map(|h| {
            ListItem::new(format!(
                "{}{}",
                "  ".repeat(usize::from(h.level.saturating_sub(1))),
                h.text
            ))
        })
        .collect();
    let rect = centered(area, 60, items.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let list = List::new(items)
        .block(Block::bordered().title(" Contents (Enter jumps) "))
        .highlight_style(theme.selected());
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(list, rect, &mut state);
}
