//! The course map: the modules of the learner's track with their lessons and
//! exercises, and the track picker over it (on first start, and on `T`).
//!
//! Its state lives in the App ([`App::map`](crate::tui::app::App)), because
//! it stays while a lesson or an exercise is open; so its update takes the
//! App, and opening an entry puts that entry's screen in front.

pub mod view;

#[cfg(test)]
mod tests;

use ratatui::crossterm::event::KeyEvent;

use super::{exercise, lesson, scroll_by};
use crate::course::{Course, Language};
use crate::tui::app::{App, Effect, quit};
use crate::tui::keys::{self, Action};

/// One row of the course map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Module(String),
    Lesson(String),
    Exercise(String),
}

pub struct MapState {
    pub entries: Vec<Entry>,
    pub selected: usize,
}

impl MapState {
    /// The map of `course`'s `track`, with the first lesson or exercise
    /// selected.
    pub fn new(course: &Course, track: Language) -> MapState {
        let entries = entries(course, track);
        let selected = first_item(&entries);
        MapState { entries, selected }
    }

    /// Selects the entry of lesson or exercise `id`, if the map shows it.
    pub fn select(&mut self, id: &str) -> bool {
        match self.entries.iter().position(|e| entry_id(e) == Some(id)) {
            Some(at) => {
                self.selected = at;
                true
            }
            None => false,
        }
    }

    /// The mouse wheel moves the selection one entry per notch.
    pub fn scroll(&mut self, lines: i32) {
        let last = self.entries.len().saturating_sub(1);
        scroll_by(&mut self.selected, lines.signum(), last);
    }
}

fn first_item(entries: &[Entry]) -> usize {
    entries
        .iter()
        .position(|e| !matches!(e, Entry::Module(_)))
        .unwrap_or(0)
}

/// The id of a lesson's or an exercise's entry; a module has none.
pub fn entry_id(entry: &Entry) -> Option<&str> {
    match entry {
        Entry::Module(_) => None,
        Entry::Lesson(id) | Entry::Exercise(id) => Some(id),
    }
}

/// The map's rows for `track`: each module of the track, then its lessons,
/// then its exercises in the track's language.
pub fn entries(course: &Course, track: Language) -> Vec<Entry> {
    let mut entries = Vec::new();
    for module in course.modules.iter().filter(|m| m.in_track(track)) {
        entries.push(Entry::Module(module.id.clone()));
        entries.extend(module.lessons.iter().map(|l| Entry::Lesson(l.id.clone())));
        entries.extend(
            module
                .exercises
                .iter()
                .filter(|id| course.exercise(id).is_some_and(|e| e.language == track))
                .cloned()
                .map(Entry::Exercise),
        );
    }
    entries
}

/// A key's action while the map is in front.
pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let last = app.map.entries.len().saturating_sub(1);
    let page = app.body_rows();
    let m = &mut app.map;
    match action {
        Action::Up => m.selected = m.selected.saturating_sub(1),
        Action::Down => m.selected = (m.selected + 1).min(last),
        Action::PageUp => m.selected = m.selected.saturating_sub(page),
        Action::PageDown => m.selected = (m.selected + page).min(last),
        Action::Top => m.selected = 0,
        Action::Bottom => m.selected = last,
        Action::Open => return open_entry(app),
        Action::Track => app.picking = Some(app.track),
        _ => {}
    }
    Vec::new()
}

fn open_entry(app: &mut App) -> Vec<Effect> {
    match app.map.entries.get(app.map.selected).cloned() {
        Some(Entry::Lesson(id)) => lesson::open_lesson(app, &id),
        Some(Entry::Exercise(id)) => exercise::open_exercise(app, &id),
        _ => Vec::new(),
    }
}

/// A key while the track picker is open: move, pick, or close it.
pub fn on_picker_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let offered = app.course.tracks();
    let Some(current) = app.picking else {
        return Vec::new();
    };
    let at = offered.iter().position(|t| *t == current).unwrap_or(0);
    let step = |by: isize| {
        let to = at
            .saturating_add_signed(by)
            .min(offered.len().saturating_sub(1));
        offered.get(to).copied().or(Some(current))
    };
    let chosen = match keys::pick(key) {
        Some(Action::PickRust) => Some(Language::Rust),
        Some(Action::PickPython) => Some(Language::Python),
        Some(Action::Open) => Some(current),
        Some(Action::Up) => {
            app.picking = step(-1);
            None
        }
        Some(Action::Down) => {
            app.picking = step(1);
            None
        }
        Some(Action::Quit) => return quit(app),
        // Esc keeps the track shown (the default until one is chosen).
        Some(Action::Back) => Some(app.track),
        _ => None,
    };
    let Some(track) = chosen.filter(|t| offered.contains(t)) else {
        return Vec::new();
    };
    app.picking = None;
    app.set_track(track);
    app.notice = Some(match app.track_notes.get(&track) {
        Some(note) => format!("{} track: {note}", track.title()),
        None => format!("{} track. Press T on the map to switch.", track.title()),
    });
    vec![Effect::SetTrack(track)]
}
