//! The frame: the title bar, the screen in front (drawn by its own view,
//! under `screen/`), the status bar with the notice or the screen's keys,
//! and the help overlay. Views are pure functions of the model onto a
//! ratatui frame: no I/O here.

mod help;
pub mod theme;

// Each screen's view, by the screen's name; `lesson` and `verdict` also
// where the runtime and the tests name them.
pub use super::screen::exercise::verdict;
use super::screen::exercise::view as exercise;
pub use super::screen::lesson::view as lesson;
use super::screen::map::view as map;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::app::{App, Screen};
use theme::Theme;

pub fn draw(frame: &mut Frame, app: &App) {
    let theme = Theme { color: app.color };
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    frame.render_widget(title_bar(app, theme), top);
    match &app.screen {
        Screen::Map => map::draw(frame, body, app, theme),
        Screen::Lesson(l) => lesson::draw(frame, body, l, theme),
        Screen::Exercise(e) => exercise::draw(frame, body, app, e, theme),
    }
    frame.render_widget(status_bar(app, theme), bottom);
    if app.help {
        help::draw(frame, frame.area(), theme);
    }
}

fn title_bar(app: &App, theme: Theme) -> Line<'static> {
    let place = match &app.screen {
        Screen::Map => map::place(app),
        Screen::Lesson(l) => lesson::place(l),
        Screen::Exercise(e) => exercise::place(e),
    };
    Line::from(vec![
        Span::styled(format!(" {} ", app.course.title), theme.title()),
        Span::styled(format!("· {place}"), theme.dim()),
    ])
}

/// The notice, or else the keys of the screen in front.
fn status_bar(app: &App, theme: Theme) -> Line<'static> {
    if let Some(notice) = &app.notice {
        return Line::from(Span::raw(format!(" {notice}")));
    }
    let keys = match &app.screen {
        Screen::Map => map::keys(app),
        Screen::Lesson(l) => lesson::keys(l),
        Screen::Exercise(e) => exercise::keys(e),
    };
    let mut spans = vec![Span::raw(" ")];
    for (key, what) in keys {
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    Line::from(spans)
}

/// The body area of a frame of `size`: between the title and status bars.
pub fn body(size: Rect) -> Rect {
    let [_, body, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(size);
    body
}

/// A rectangle of `w` x `h` centred in `area`, clipped to it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests;
