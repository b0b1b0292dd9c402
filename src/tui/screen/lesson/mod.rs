//! A lesson: its Markdown rendered and scrolled, a table of contents, a
//! search with its matches highlighted, and the live demo it names (see
//! [`demo`]). The state and what changes it as a whole live here; keys in
//! [`update`], places in the text and search matches in [`place`], drawing
//! in [`view`].
//!
//! A lesson is read when it is opened, not when the TUI starts: opening asks
//! the runtime to read the file ([`Effect::ReadLesson`]) and shows a short
//! "reading" state until [`on_text`] brings the text. The text is kept in
//! the App for the next open, which shows it at once and reads the file
//! again; a text that changed since replaces it (an author editing the
//! lesson beside the TUI sees each save on the next open).
//!
//! The reading position and the current search match are anchored on the
//! text, not on line numbers: a resize or a new text re-wraps the lines and
//! puts the same words at the top again ([`place::Anchor`]).

pub mod demo;
pub mod place;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

use super::scroll_by;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::markdown::{self, Rendered};
pub use demo::DemoState;
pub use place::{Match, find};
pub use update::{on_action, on_key};

pub struct LessonState {
    pub id: String,
    /// The Markdown shown (empty while it is being read).
    pub text: String,
    /// True from opening until the text first arrives.
    pub loading: bool,
    pub rendered: Rendered,
    /// The first line on screen.
    pub scroll: usize,
    /// Rows of text on screen: scrolling keeps the last page full.
    pub rows: usize,
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
    /// Every occurrence of the query, in reading order.
    pub matches: Vec<Match>,
    pub current: usize,
}

/// Puts lesson `id` in front: from the App's copy of its Markdown if it was
/// read before (and read again, in case it changed), else in its reading
/// state until the runtime has read it. A lesson that could not be read
/// before stays closed, with the reason in the notice, and is read again.
pub fn open_lesson(app: &mut App, id: &str) -> Vec<Effect> {
    if app.course.lesson(id).is_none() {
        return Vec::new();
    }
    let read = Effect::ReadLesson(id.to_owned());
    let rows = view::text_rows(app.size);
    let state = match app.lessons.get(id) {
        Some(Err(why)) => {
            app.notice = Some(why.clone());
            return vec![read];
        }
        Some(Ok(text)) => LessonState::new(id, text.clone(), &app.options(), rows),
        None => LessonState::reading(id, rows),
    };
    let loading = state.loading;
    app.screen = Screen::Lesson(Box::new(state));
    if loading {
        vec![read]
    } else {
        vec![Effect::Opened(id.to_owned()), read]
    }
}

/// Lesson `id`'s Markdown as the runtime read it: kept for the next open,
/// and shown at once if that lesson is in front and waits for it or shows
/// another text. A lesson in front that cannot be read closes, with the
/// reason in the notice. The first text of a lesson opened counts it as
/// opened.
pub fn on_text(app: &mut App, id: String, text: Result<String, String>) -> Vec<Effect> {
    let options = app.options();
    let mut effects = Vec::new();
    if let Screen::Lesson(l) = &mut app.screen
        && l.id == id
    {
        match &text {
            Ok(new) if l.loading => {
                l.replace_text(new.clone(), &options);
                effects.push(Effect::Opened(id.clone()));
            }
            Ok(new) if *new != l.text => l.replace_text(new.clone(), &options),
            Ok(_) => {}
            Err(why) => {
                app.notice = Some(why.clone());
                app.screen = Screen::Map;
            }
        }
    }
    app.lessons.insert(id, text);
    effects
}

impl LessonState {
    /// Lesson `id` showing `text`, from the top.
    pub fn new(id: &str, text: String, options: &markdown::Options, rows: usize) -> Self {
        let rendered = markdown::render_lazy(&text, options);
        LessonState {
            id: id.to_owned(),
            text,
            loading: false,
            rendered,
            scroll: 0,
            rows: rows.max(1),
            contents: None,
            search: Search::default(),
            demo: None,
        }
    }

    /// Lesson `id` while its text is being read.
    pub fn reading(id: &str, rows: usize) -> Self {
        LessonState {
            loading: true,
            ..LessonState::new(id, String::new(), &READING, rows)
        }
    }

    /// The first line the view may start at: the last page stays full.
    pub fn max_scroll(&self) -> usize {
        self.rendered.lines.len().saturating_sub(self.rows)
    }

    /// Lays the text out again for a new width and height: the same words
    /// stay at the top, the search keeps its current match.
    pub fn relayout(&mut self, options: &markdown::Options, rows: usize) {
        self.rows = rows.max(1);
        self.rerender(options);
    }

    /// Renders the text again (the width may have changed), keeping the
    /// place being read and the current match.
    fn rerender(&mut self, options: &markdown::Options) {
        let top = place::Anchor::of_line(&self.rendered, self.scroll);
        let current = self.search.matches.get(self.search.current).copied();
        let spot = current.map(|m| place::Anchor::of_match(&self.rendered, m));
        self.rendered = markdown::render_lazy(&self.text, options);
        self.scroll = top.line(&self.rendered).min(self.max_scroll());
        self.search.matches = find(&self.rendered, &self.search.query);
        self.search.current =
            spot.map_or(0, |spot| spot.nearest(&self.rendered, &self.search.matches));
    }

    /// Shows `text` instead: the place and the search are kept within the
    /// new lines, the table of contents closes.
    fn replace_text(&mut self, text: String, options: &markdown::Options) {
        self.text = text;
        self.loading = false;
        self.rerender(options);
        self.contents = None;
    }

    /// Mouse wheel.
    pub fn scroll(&mut self, lines: i32) {
        let max = self.max_scroll();
        scroll_by(&mut self.scroll, lines, max);
    }
}

/// Options for the empty text of a lesson being read (nothing to lay out).
const READING: markdown::Options = markdown::Options {
    width: 1,
    color: false,
    hyperlinks: false,
};
