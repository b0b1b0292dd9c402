//! The map's update on keys, on the fixture course and on courses with
//! nothing in them.

use std::path::Path;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::course::Course;
use crate::progress::Progress;
use crate::tui::app::{Facts, Screen};

fn course() -> Course {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
    Course::load(&root).expect("the fixture course loads")
}

/// An App on `course` whose facts are given, not gathered.
fn app(course: Course) -> App {
    let facts = Facts {
        lessons: Default::default(),
        cores: 2,
    };
    App::with_facts(
        Arc::new(course),
        Progress::default(),
        (80, 24),
        false,
        facts,
    )
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn entries_list_each_module_then_its_lessons_then_its_exercises() {
    let entries = entries(&course(), Language::Rust);
    assert_eq!(entries[0], Entry::Module("fixture".into()));
    assert_eq!(entries[1], Entry::Lesson("fixture/only".into()));
    assert_eq!(entries[2], Entry::Exercise("fixture/passes".into()));
    assert_eq!(entry_id(&entries[0]), None);
    assert_eq!(entry_id(&entries[1]), Some("fixture/only"));
}

#[test]
fn the_selection_moves_within_the_map() {
    let mut app = app(course());
    assert_eq!(app.map.selected, 1, "the first lesson, not its module");
    let last = app.map.entries.len() - 1;
    on_action(&mut app, Action::Up);
    on_action(&mut app, Action::Up);
    assert_eq!(app.map.selected, 0);
    on_action(&mut app, Action::PageDown);
    assert_eq!(app.map.selected, last, "a page is more than the map");
    on_action(&mut app, Action::Down);
    assert_eq!(app.map.selected, last);
    on_action(&mut app, Action::Top);
    assert_eq!(app.map.selected, 0);
    on_action(&mut app, Action::Bottom);
    assert_eq!(app.map.selected, last);
    app.map.scroll(-3);
    assert_eq!(app.map.selected, last - 1, "one entry per notch");
}

#[test]
fn enter_opens_an_exercise_and_nothing_on_a_module() {
    let mut app = app(course());
    app.map.selected = 0;
    assert!(on_action(&mut app, Action::Open).is_empty());
    assert!(matches!(app.screen, Screen::Map));
    assert!(app.map.select("fixture/wrong"));
    assert_eq!(
        on_action(&mut app, Action::Open),
        vec![Effect::Opened("fixture/wrong".into())]
    );
    assert!(matches!(app.screen, Screen::Exercise(_)));
}

#[test]
fn an_empty_course_and_a_module_without_lessons_are_maps_too() {
    let mut empty = course();
    empty.modules.clear();
    empty.exercises.clear();
    let mut app = app(empty);
    assert!(app.map.entries.is_empty());
    for action in [Action::Down, Action::Up, Action::Bottom, Action::PageUp] {
        on_action(&mut app, action);
        assert_eq!(app.map.selected, 0);
    }
    assert!(on_action(&mut app, Action::Open).is_empty());
    app.map.scroll(3);
    assert!(!app.map.select("fixture/only"));

    let mut bare = course();
    bare.modules.iter_mut().for_each(|m| m.lessons.clear());
    let app = self::app(bare);
    assert_eq!(app.map.entries[1], Entry::Exercise("fixture/passes".into()));
    assert_eq!(app.map.selected, 1);
}

#[test]
fn the_picker_moves_among_the_offered_tracks_and_esc_keeps_the_track() {
    let mut app = app(course());
    on_action(&mut app, Action::Track);
    assert_eq!(app.picking, Some(Language::Rust));
    // One track offered: moving stays on it.
    assert!(on_picker_key(&mut app, key(KeyCode::Down)).is_empty());
    assert!(on_picker_key(&mut app, key(KeyCode::Up)).is_empty());
    assert_eq!(app.picking, Some(Language::Rust));
    // Python is not offered by this course: `p` does nothing.
    assert!(on_picker_key(&mut app, key(KeyCode::Char('p'))).is_empty());
    assert_eq!(
        on_picker_key(&mut app, key(KeyCode::Esc)),
        vec![Effect::SetTrack(Language::Rust)]
    );
    assert_eq!(app.picking, None);
    assert!(app.notice.as_deref().unwrap().contains("Rust track"));
}

#[test]
fn q_in_the_picker_quits() {
    let mut app = app(course());
    app.picking = Some(Language::Rust);
    assert_eq!(
        on_picker_key(&mut app, key(KeyCode::Char('q'))),
        vec![Effect::Quit]
    );
    assert!(app.quit);
}

/// The machine's answer arrives after the first frame: the map then says
/// which modules cannot run here, and why.
#[test]
fn what_the_machine_lacks_reaches_the_map_after_the_first_frame() {
    use crate::tui::app::{Machine, Message, update};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut app = app(course());
    let module = app.course.modules.first().expect("a module").id.clone();
    let text = |app: &App| {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
        terminal
            .draw(|frame| crate::tui::view::draw(frame, app))
            .expect("draw");
        format!("{:?}", terminal.backend().buffer())
    };
    assert!(!text(&app).contains("unavailable here"));
    let mut machine = Machine::default();
    machine
        .unavailable
        .insert(module, "apt-get install -y openmpi-bin".into());
    machine.track_notes.insert(
        Language::Python,
        "unavailable here: python3 is missing".into(),
    );
    let effects = update(&mut app, Message::Machine(machine));
    assert!(effects.is_empty());
    assert!(text(&app).contains("unavailable here: apt-get install"));
    assert!(app.track_notes.contains_key(&Language::Python));
}
