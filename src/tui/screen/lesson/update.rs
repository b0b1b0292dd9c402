//! The lesson's keys: the search being typed, scrolling, headings and the
//! table of contents, matches, and the live demo. Every jump stops at the
//! last full page ([`LessonState::max_scroll`]).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{LessonState, demo, find};
use crate::tui::keys::Action;
use crate::tui::screen::{Ctx, Reply, scroll_by};

/// A key the lesson takes as it is, before it means an action: the search
/// being typed. `None`: the key is an action's.
pub fn on_key(l: &mut LessonState, key: KeyEvent) -> Option<Reply> {
    let input = l.search.input.as_mut()?;
    match key.code {
        KeyCode::Esc => l.search.input = None,
        KeyCode::Enter => {
            l.search.query = std::mem::take(input);
            l.search.input = None;
            search(l);
        }
        KeyCode::Backspace => {
            input.pop();
        }
        KeyCode::Char(c) => input.push(c),
        _ => {}
    }
    Some(Reply::none())
}

/// Finds the query and shows the first match from the top of the screen on.
fn search(l: &mut LessonState) {
    l.search.matches = find(&l.rendered, &l.search.query);
    l.search.current = l
        .search
        .matches
        .iter()
        .position(|m| m.line >= l.scroll)
        .unwrap_or(0);
    show_current(l);
}

/// A key's action while the lesson is in front.
pub fn on_action(l: &mut LessonState, ctx: &mut Ctx, action: Action) -> Reply {
    if let Some(selected) = l.contents {
        contents_action(l, action, selected);
        return Reply::none();
    }
    if l.demo.is_some() {
        return demo::on_action(&mut l.demo, action);
    }
    let max = l.max_scroll();
    let page = l.rows.saturating_sub(2).max(1) as i32;
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
        Action::NextMatch => jump_match(l, 1),
        Action::PrevMatch => jump_match(l, -1),
        Action::Back => return Reply::map(Vec::new()),
        _ => {}
    }
    Reply::none()
}

/// A key while the table of contents is open: move, jump, or close it.
fn contents_action(l: &mut LessonState, action: Action, selected: usize) {
    let last = l.rendered.headings.len().saturating_sub(1);
    match action {
        Action::Up => l.contents = Some(selected.saturating_sub(1)),
        Action::Down => l.contents = Some((selected + 1).min(last)),
        Action::Open => {
            let max = l.max_scroll();
            if let Some(heading) = l.rendered.headings.get(selected) {
                l.scroll = heading.line.min(max);
            }
            l.contents = None;
        }
        Action::Back | Action::Contents => l.contents = None,
        _ => {}
    }
}

/// To the next (`step` 1) or previous (-1) match, round the end.
fn jump_match(l: &mut LessonState, step: i64) {
    let n = l.search.matches.len();
    if n == 0 {
        return;
    }
    l.search.current = (l.search.current as i64 + step).rem_euclid(n as i64) as usize;
    show_current(l);
}

/// Scrolls so that the current match is on screen: left where it is if it
/// already shows, else at the top, or on the last page near the end.
fn show_current(l: &mut LessonState) {
    let Some(m) = l.search.matches.get(l.search.current) else {
        return;
    };
    if m.line < l.scroll || m.line >= l.scroll + l.rows {
        l.scroll = m.line.min(l.max_scroll());
    }
}
