//! The course map: modules with a progress gauge, their lessons and
//! exercises with status, and the course's own gauge at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, List, ListItem, ListState};

use super::theme::{Theme, mark};
use crate::progress::Status;
use crate::tui::app::{App, Entry};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let [list_area, gauge_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let items: Vec<ListItem> = app
        .map
        .entries
        .iter()
        .map(|e| ListItem::new(entry_line(app, e, theme)))
        .collect();
    let list = List::new(items)
        .highlight_style(theme.selected())
        .highlight_symbol("▶ ");
    let mut state = ListState::default().with_selected(Some(app.map.selected));
    frame.render_stateful_widget(list.block(Block::new()), list_area, &mut state);
    let (passed, total) = counts(app, app.course.exercises.iter().map(|e| e.id.as_str()));
    let ratio = if total == 0 {
        0.0
    } else {
        passed as f64 / total as f64
    };
    let gauge = Gauge::default()
        .gauge_style(theme.gauge())
        .ratio(ratio)
        .label(format!("course: {passed} of {total} exercises passed"));
    frame.render_widget(gauge, gauge_area);
}

fn counts<'a>(app: &App, ids: impl Iterator<Item = &'a str>) -> (usize, usize) {
    ids.fold((0, 0), |(p, t), id| {
        (p + usize::from(app.status(id) == Status::Passed), t + 1)
    })
}

/// A bar of `width` cells, filled in proportion.
fn bar(passed: usize, total: usize, width: usize) -> String {
    let filled = (passed * width).checked_div(total).unwrap_or(0);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

fn entry_line(app: &App, entry: &Entry, theme: Theme) -> Line<'static> {
    match entry {
        Entry::Module(id) => {
            let Some(m) = app.course.module(id) else {
                return Line::raw(id.clone());
            };
            let (passed, total) = counts(app, m.exercises.iter().map(String::as_str));
            if let Some(install) = app.unavailable.get(id) {
                return Line::from(vec![
                    Span::styled(format!("{:<28}", m.title), theme.title()),
                    Span::styled(format!("unavailable here: {install}"), theme.dim()),
                ]);
            }
            Line::from(vec![
                Span::styled(format!("{:<28}", m.title), theme.title()),
                Span::styled(bar(passed, total, 10), theme.gauge()),
                Span::raw(format!(" {passed}/{total}")),
            ])
        }
        Entry::Lesson(id) => {
            let title = app
                .course
                .lesson(id)
                .map_or(id.as_str(), |l| l.title.as_str())
                .to_owned();
            let read = app.progress.lessons_read.contains(id);
            Line::from(vec![
                Span::styled(if read { "  ✓ " } else { "  · " }, theme.dim()),
                Span::raw(format!("lesson    {title}")),
            ])
        }
        Entry::Exercise(id) => {
            let status = app.status(id);
            let title = app
                .course
                .exercise(id)
                .map_or(id.as_str(), |e| e.title.as_str())
                .to_owned();
            let outcome = app
                .progress
                .exercises
                .get(id)
                .and_then(|p| p.last_outcome)
                .filter(|_| status == Status::Failed)
                .map(|o| format!("  ({})", o.name()))
                .unwrap_or_default();
            Line::from(vec![
                Span::styled(format!("  {} ", mark(status)), theme.status(status)),
                Span::raw(format!("exercise  {title}")),
                Span::styled(outcome, theme.status(status)),
            ])
        }
    }
}
