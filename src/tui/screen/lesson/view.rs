//! A lesson: the rendered Markdown, scrolled, with the search's matches
//! highlighted (the current one more strongly); the table of contents as an
//! overlay; the search prompt, the place and the match count in the last
//! line. While the lesson is being read, a line that says so.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph};

use super::LessonState;
use crate::tui::view::centered;
use crate::tui::view::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, l: &LessonState, theme: Theme) {
    let (text_area, info_area) = areas(area);
    let rows = usize::from(text_area.height);
    let visible: Vec<Line> = if l.loading {
        vec![Line::styled("Reading the lesson...", theme.dim())]
    } else {
        visible_lines(l, rows, theme)
    };
    frame.render_widget(Paragraph::new(visible), text_area);
    frame.render_widget(info_line(l, rows, theme), info_area);
    if let Some(selected) = l.contents {
        draw_contents(frame, area, l, selected, theme);
    }
    if let Some(demo) = &l.demo {
        super::demo::draw(frame, area, demo, theme);
    }
}

/// The text's area and the info line's, in the body.
fn areas(body: Rect) -> (Rect, Rect) {
    let [text_area, info_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(body);
    (text_area.inner(Margin::new(1, 0)), info_area)
}

/// Rows of text a terminal of `size` (columns, rows) shows a lesson in.
pub fn text_rows(size: (u16, u16)) -> usize {
    let body = crate::tui::view::body(Rect::new(0, 0, size.0, size.1));
    usize::from(areas(body).0.height).max(1)
}

/// The lines on screen, with the search's matches marked.
pub(super) fn visible_lines(l: &LessonState, rows: usize, theme: Theme) -> Vec<Line<'static>> {
    let matches = &l.search.matches;
    let current = matches.get(l.search.current);
    let mut next = matches.partition_point(|m| m.line < l.scroll);
    let mut out = Vec::with_capacity(rows);
    let shown = l.rendered.lines_in(l.scroll..l.scroll + rows);
    for (index, line) in (l.scroll..).zip(shown) {
        let mut marks = Vec::new();
        while let Some(m) = matches.get(next).filter(|m| m.line == index) {
            let strong = Some(m) == current;
            marks.push((m.start, m.end, match_style(theme, strong)));
            next += 1;
        }
        out.push(if marks.is_empty() {
            line
        } else {
            highlighted(&line, &marks)
        });
    }
    out
}

/// How a match looks: reversed (yellow where there is colour); the
/// current one also bold and underlined (and another colour).
pub(super) fn match_style(theme: Theme, current: bool) -> Style {
    let style = match (theme.color, current) {
        (true, false) => Style::new().fg(Color::Black).bg(Color::Yellow),
        (true, true) => Style::new().fg(Color::Black).bg(Color::LightRed),
        (false, _) => Style::new().add_modifier(Modifier::REVERSED),
    };
    if current {
        style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    } else {
        style
    }
}

/// `line` with the bytes `[start, end)` of each mark (in order, apart) in
/// the mark's style over the text's own.
pub fn highlighted(line: &Line<'static>, marks: &[(usize, usize, Style)]) -> Line<'static> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for span in &line.spans {
        let content = span.content.as_ref();
        let end = offset + content.len();
        let mut cuts: Vec<usize> = marks
            .iter()
            .flat_map(|&(s, e, _)| [s, e])
            .filter(|&p| p > offset && p < end)
            .collect();
        cuts.push(end);
        let mut from = offset;
        for to in cuts {
            let piece = content.get(from - offset..to - offset).unwrap_or("");
            let style = marks
                .iter()
                .find(|&&(s, e, _)| s <= from && from < e)
                .map_or(span.style, |&(_, _, mark)| span.style.patch(mark));
            if !piece.is_empty() {
                spans.push(Span::styled(piece.to_owned(), style));
            }
            from = to;
        }
        offset = end;
    }
    Line {
        spans,
        style: line.style,
        alignment: line.alignment,
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
/// (the body). The runtime writes them again wrapped in OSC 8 hyperlinks,
/// so neither the text nor the target keeps a control character: nothing
/// of a lesson may end the sequence early and start one of its own.
pub fn placed_links(l: &LessonState, area: Rect) -> Vec<PlacedLink> {
    let (inner, _) = areas(area);
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
                text: without_controls(&text),
                url: without_controls(&link.url),
            })
        })
        .collect()
}

fn without_controls(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
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

/// The search being typed; else where the screen is in the text (100% once
/// the last line shows) and the search's place among its matches.
pub(super) fn info_line(l: &LessonState, rows: usize, theme: Theme) -> Line<'static> {
    if let Some(input) = &l.search.input {
        return Line::from(vec![
            Span::styled(" /", theme.key()),
            Span::raw(input.clone()),
            Span::raw("▏"),
        ]);
    }
    if l.loading {
        return Line::from(Span::styled(" reading the lesson", theme.dim()));
    }
    let total = l.rendered.lines.len();
    let last = (l.scroll + rows).min(total);
    let first = (l.scroll + 1).min(last);
    let percent = (last * 100).checked_div(total).unwrap_or(100);
    let mut text = format!(" lines {first}-{last} of {total} ({percent}%)");
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
