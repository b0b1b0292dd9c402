//! The course map: modules with a progress gauge, their lessons and
//! exercises with status, and the course's own gauge at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, List, ListItem, ListState};

use crate::course::Language;
use crate::progress::Status;
use crate::tui::app::{App, Entry};
use crate::tui::view::theme::{Theme, mark};

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
    let (passed, total) = counts(app, app.track_exercises().map(|e| e.id.as_str()));
    let ratio = if total == 0 {
        0.0
    } else {
        passed as f64 / total as f64
    };
    let gauge = Gauge::default()
        .gauge_style(theme.gauge())
        .ratio(ratio)
        .label(format!(
            "{} track: {passed} of {} passed",
            app.track.title(),
            crate::grader::counted(total, "exercise", "exercises")
        ));
    frame.render_widget(gauge, gauge_area);
    if let Some(highlighted) = app.picking {
        draw_picker(frame, area, app, highlighted, theme);
    }
}

/// Where the title bar says the learner is.
pub fn place(app: &App) -> String {
    format!("course map · {} track", app.track.title())
}

/// The keys the status bar shows.
pub fn keys(app: &App) -> &'static [(&'static str, &'static str)] {
    if app.picking.is_some() {
        return &[("r p ↑↓", "choose"), ("Enter", "pick"), ("q", "quit")];
    }
    &[
        ("↑↓", "move"),
        ("Enter", "open"),
        ("T", "track"),
        ("?", "help"),
        ("q", "quit"),
    ]
}

/// The track picker: on first start, and on `T`.
fn draw_picker(frame: &mut Frame, area: Rect, app: &App, highlighted: Language, theme: Theme) {
    use ratatui::widgets::{Clear, Paragraph};
    let mut lines = vec![
        Line::raw(" Which language do you want to learn parallel programming in?"),
        Line::raw(""),
    ];
    for track in app.course.tracks() {
        let (key, about) = match track {
            Language::Rust => ("r", "threads, processes, rayon, rsmpi"),
            Language::Python => ("p", "multiprocessing, mpi4py, and more"),
        };
        let marker = if track == highlighted { "▶ " } else { "  " };
        let style = if track == highlighted {
            theme.selected()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(vec![
            Span::raw(format!(" {marker}")),
            Span::styled(key, theme.key()),
            Span::styled(format!("  {:<8} {about}", track.title()), style),
        ]));
        if let Some(note) = app.track_notes.get(&track) {
            lines.push(Line::styled(format!("      {note}"), theme.dim()));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Enter picks; T on the map switches at any time.",
        theme.dim(),
    ));
    let rect = crate::tui::view::centered(area, 70, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = ratatui::widgets::Block::bordered().title(" Choose your track ");
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block),
        rect,
    );
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
