//! A lesson: its Markdown rendered and scrolled, a table of contents, a
//! search, and the live demo it names (see [`demo`]).
//!
//! The Markdown comes from the App's copy of every lesson, read before the
//! loop starts; opening a lesson also asks the runtime to read the file
//! again, and [`on_text`] shows a text that changed since (an author
//! editing the lesson beside the TUI sees each save on the next open).

pub mod demo;
pub mod view;

#[cfg(test)]
mod tests;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Ctx, Reply, scroll_by};
use crate::tui::app::{App, Effect, Screen};
use crate::tui::keys::Action;
use crate::tui::markdown::{self, Rendered};
pub use demo::DemoState;

pub struct LessonState {
    pub id: String,
    pub text: String,
    pub rendered: Rendered,
    pub scroll: usize,
    /// The table of contents, open, with its selected heading.
    pub contents: Option<usize>,
    pub search: Search,
    /// A live demo, shown over the lesson while it runs and after.
    pub demo: Option<DemoState>,
}

#[derive(Default)]
pub struct Search {
    /// Being typed, after `/`.
    pub input: Option<String>,
    pub query: String,
    pub matches: Vec<usize>,
    pub current: usize,
}

/// Puts lesson `id` in front, from the App's copy of its Markdown; a lesson
/// that could not be read stays closed, with the reason in the notice.
pub fn open_lesson(app: &mut App, id: &str) -> Vec<Effect> {
    if app.course.lesson(id).is_none() {
        return Vec::new();
    }
    let read = vec![Effect::ReadLesson(id.to_owned())];
    let text = match app.lessons.get(id) {
        Some(Ok(text)) => text.clone(),
        Some(Err(why)) => {
            app.notice = Some(why.clone());
            return read;
        }
        None => return read,
    };
    let rendered = markdown::render(&text, &app.options());
    app.screen = Screen::Lesson(Box::new(LessonState {
        id: id.to_owned(),
        text,
        rendered,
        scroll: 0,
        contents: None,
        search: Search::default(),
        demo: None,
    }));
    vec![
        Effect::Opened(id.to_owned()),
        Effect::ReadLesson(id.to_owned()),
    ]
}

/// Lesson `id`'s Markdown as the runtime read it again: kept for the next
/// open, and shown at once if that lesson is in front and it changed.
pub fn on_text(app: &mut App, id: String, text: Result<String, String>) {
    let options = app.options();
    if let Screen::Lesson(l) = &mut app.screen
        && l.id == id
    {
        match &text {
            Ok(new) if *new != l.text => l.replace_text(new.clone(), &options),
            Ok(_) => {}
            Err(why) => {
                app.notice = Some(why.clone());
                app.screen = Screen::Map;
            }
        }
    }
    app.lessons.insert(id, text);
}

impl LessonState {
    /// Renders the text again, for a new width.
    pub fn rerender(&mut self, options: &markdown::Options) {
        self.rendered = markdown::render(&self.text, options);
    }

    /// Shows `text` instead: the place and the search are kept within the
    /// new lines, the table of contents closes.
    fn replace_text(&mut self, text: String, options: &markdown::Options) {
        self.text = text;
        self.rerender(options);
        self.scroll = self.scroll.min(self.rendered.lines.len().saturating_sub(1));
        self.search.matches = find(&self.rendered, &self.search.query);
        self.search.current = self
            .search
            .current
            .min(self.search.matches.len().saturating_sub(1));
        self.contents = None;
    }

    /// Mouse wheel.
    pub fn scroll(&mut self, lines: i32, rows: usize) {
        let max = self.rendered.lines.len().saturating_sub(rows);
        scroll_by(&mut self.scroll, lines, max);
    }
}

/// A key the lesson takes as it is, before it means an action: the search
/// being typed. `None`: the key is an action's.
pub fn on_key(l: &mut LessonState, key: KeyEvent) -> Option<Reply> {
    let input = l.search.input.as_mut()?;
    match key.code {
        KeyCode::Esc => l.search.input = None,
        KeyCode::Enter => {
            l.search.query = std::mem::take(input);
            l.search.input = None;
            l.search.matches = find(&l.rendered, &l.search.query);
            l.search.current = l
                .search
                .matches
                .iter()
                .position(|&m| m >= l.scroll)
                .unwrap_or(0);
            if let Some(&line) = l.search.matches.get(l.search.current) {
                l.scroll = line;
            }
        }
        KeyCode::Backspace => {
            input.pop();
        }
        KeyCode::Char(c) => input.push(c),
        _ => {}
    }
    Some(Reply::none())
}

/// A key's action while the lesson is in front.
pub fn on_action(l: &mut LessonState, ctx: &mut Ctx, action: Action) -> Reply {
    if let Some(selected) = l.contents {
        contents_action(l, ctx.rows, action, selected);
        return Reply::none();
    }
    if l.demo.is_some() {
        return demo::on_action(&mut l.demo, action);
    }
    let max = l.rendered.lines.len().saturating_sub(ctx.rows);
    let page = ctx.rows.saturating_sub(2).max(1) as i32;
    match action {
        Action::Up => scroll_by(&mut l.scroll, -1, max),
        Action::Down => scroll_by(&mut l.scroll, 1, max),
        Action::PageUp => scroll_by(&mut l.scroll, -page, max),
        Action::PageDown => scroll_by(&mut l.scroll, page, max),
        Action::Top => l.scroll = 0,
        Action::Bottom => l.scroll = max,
        Action::Contents if !l.rendered.headings.is_empty() => {
            let here = l
                .rendered
                .headings
                .iter()
                .rposition(|h| h.line <= l.scroll)
                .unwrap_or(0);
            l.contents = Some(here);
        }
        Action::NextHeading => {
            if let Some(h) = l.rendered.headings.iter().find(|h| h.line > l.scroll) {
                l.scroll = h.line.min(max);
            }
        }
        Action::PrevHeading => {
            if let Some(h) = l.rendered.headings.iter().rev().find(|h| h.line < l.scroll) {
                l.scroll = h.line;
            }
        }
        Action::Search => l.search.input = Some(String::new()),
        Action::Demo => return demo::start(l, ctx),
        Action::NextMatch => jump_match(l, 1, max),
        Action::PrevMatch => jump_match(l, -1, max),
        Action::Back => return Reply::map(Vec::new()),
        _ => {}
    }
    Reply::none()
}

/// A key while the table of contents is open: move, jump, or close it.
fn contents_action(l: &mut LessonState, rows: usize, action: Action, selected: usize) {
    let last = l.rendered.headings.len().saturating_sub(1);
    match action {
        Action::Up => l.contents = Some(selected.saturating_sub(1)),
        Action::Down => l.contents = Some((selected + 1).min(last)),
        Action::Open => {
            let max = l.rendered.lines.len().saturating_sub(rows);
            if let Some(heading) = l.rendered.headings.get(selected) {
                l.scroll = heading.line.min(max);
            }
            l.contents = None;
        }
        Action::Back | Action::Contents => l.contents = None,
        _ => {}
    }
}

/// Lines whose text contains `query`, ignoring case.
pub fn find(rendered: &Rendered, query: &str) -> Vec<usize> {
    if query.is_empty() {
        return Vec::new();
    }
    let query = query.to_lowercase();
    rendered
        .lines
        .iter()
        .enumerate()
        .filter(|(_, line)| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            text.to_lowercase().contains(&query)
        })
        .map(|(i, _)| i)
        .collect()
}

/// To the next (`step` 1) or previous (-1) match, round the end.
fn jump_match(l: &mut LessonState, step: i64, max: usize) {
    let n = l.search.matches.len();
    if n == 0 {
        return;
    }
    l.search.current = (l.search.current as i64 + step).rem_euclid(n as i64) as usize;
    if let Some(&line) = l.search.matches.get(l.search.current) {
        l.scroll = line.min(max);
    }
}
