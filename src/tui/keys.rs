//! Every key binding, in one place. Views show this same table under `?`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for. Which screen it applies to is `update`'s business.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Check,
    Scaling,
    Demo,
    MoreRanks,
    FewerRanks,
    Hint,
    /// An exercise's reference solution, once it has passed.
    Solution,
    Reset,
    Edit,
    Watch,
    Contents,
    Search,
    NextMatch,
    PrevMatch,
    NextHeading,
    PrevHeading,
    Yes,
    No,
    /// Choose (or switch) the language track.
    Track,
    /// In the track picker: this track.
    PickRust,
    PickPython,
    /// A Dask exercise: choose the cluster it runs on.
    Cluster,
}

/// The help table: keys as shown, and what they do.
pub const HELP: &[(&str, &str)] = &[
    ("j k ↓ ↑", "move / scroll"),
    ("space b PgDn PgUp", "page down / up"),
    ("g G Home End", "top / bottom"),
    ("Enter l →", "open"),
    ("Esc Backspace", "back; cancel a running check"),
    ("t", "lesson: table of contents"),
    ("] [", "lesson: next / previous heading"),
    ("/ n N", "lesson: search, next, previous match"),
    ("d", "lesson: run its live demo here"),
    ("c", "exercise: check it"),
    ("s", "exercise: scaling chart, 1 to all cores"),
    ("+ -  D", "MPI: more or fewer ranks; Dask: its cluster"),
    ("h", "exercise: next hint"),
    ("r", "exercise: reference solution (after a pass)"),
    ("e", "exercise: open the file in $VISUAL / $EDITOR"),
    ("w", "exercise: watch mode (check on save)"),
    ("x", "exercise: reset to the starter (asks first)"),
    ("T", "course map: choose the track (Rust or Python)"),
    ("?", "this help"),
    ("q Ctrl-C", "quit"),
];

pub fn action(key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('d') | KeyCode::Char('f') => Some(Action::PageDown),
            KeyCode::Char('u') | KeyCode::Char('b') => Some(Action::PageUp),
            _ => None,
        };
    }
    let action = match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('b') | KeyCode::PageUp => Action::PageUp,
        KeyCode::Char(' ') | KeyCode::PageDown => Action::PageDown,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => Action::Open,
        KeyCode::Esc | KeyCode::Backspace | KeyCode::Left => Action::Back,
        KeyCode::Char('c') => Action::Check,
        KeyCode::Char('s') => Action::Scaling,
        KeyCode::Char('d') => Action::Demo,
        KeyCode::Char('+') | KeyCode::Char('=') => Action::MoreRanks,
        KeyCode::Char('-') => Action::FewerRanks,
        KeyCode::Char('h') => Action::Hint,
        KeyCode::Char('r') => Action::Solution,
        KeyCode::Char('x') => Action::Reset,
        KeyCode::Char('e') => Action::Edit,
        KeyCode::Char('w') => Action::Watch,
        KeyCode::Char('t') => Action::Contents,
        KeyCode::Char('/') => Action::Search,
        KeyCode::Char('n') => Action::NextMatch,
        KeyCode::Char('N') => Action::PrevMatch,
        KeyCode::Char(']') => Action::NextHeading,
        KeyCode::Char('[') => Action::PrevHeading,
        KeyCode::Char('y') | KeyCode::Char('Y') => Action::Yes,
        KeyCode::Char('T') => Action::Track,
        KeyCode::Char('D') => Action::Cluster,
        _ => return None,
    };
    Some(action)
}

/// In a yes/no question every other key means no.
pub fn answer(key: KeyEvent) -> Action {
    match action(key) {
        Some(Action::Yes) => Action::Yes,
        Some(Action::Quit) if key.modifiers.contains(KeyModifiers::CONTROL) => Action::Quit,
        _ => Action::No,
    }
}

/// A key in the track picker: `r` or `p`, or the usual keys to move.
pub fn pick(key: KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Char('r') | KeyCode::Char('R') => Some(Action::PickRust),
        KeyCode::Char('p') | KeyCode::Char('P') => Some(Action::PickPython),
        _ => action(key),
    }
}
