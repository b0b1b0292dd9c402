//! The App's update end to end: keys and messages through `update`, on the
//! fixture course.

use super::*;
use crate::check::Event;
use crate::grader::Outcome;
use crate::tui::screen::map::entry_id;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::path::Path;

/// An App on the fixture course, handed every lesson's text (no runtime
/// reads them here).
fn app() -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
    let course = Course::load(&root).unwrap();
    let facts = Facts::gather().with_every_lesson(&course);
    App::with_facts(
        Arc::new(course),
        Progress::default(),
        (80, 24),
        false,
        facts,
    )
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn open(app: &mut App, id: &str) {
    let at = app
        .map
        .entries
        .iter()
        .position(|e| entry_id(e) == Some(id))
        .unwrap();
    app.map.selected = at;
    key(app, KeyCode::Enter);
}

#[test]
fn the_map_starts_where_the_learner_left_off() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
    let course = Arc::new(Course::load(&root).unwrap());
    let progress = Progress {
        last_opened: Some("fixture/race".into()),
        ..Progress::default()
    };
    let app = App::new(course, progress, (80, 24), false);
    assert_eq!(
        app.map.entries[app.map.selected],
        Entry::Exercise("fixture/race".into())
    );
}

#[test]
fn a_check_runs_streams_and_ends_with_a_report() {
    let mut app = app();
    open(&mut app, "fixture/wrong");
    assert_eq!(
        key(&mut app, KeyCode::Char('c')),
        vec![Effect::StartCheck(CheckRun {
            id: "fixture/wrong".into(),
            ranks: None,
            dask_scheduler: None,
        })]
    );
    assert!(app.running());
    assert!(
        key(&mut app, KeyCode::Char('c')).is_empty(),
        "one check at a time"
    );
    update(
        &mut app,
        Message::Check(Event::Output {
            text: "a\nb".into(),
        }),
    );
    update(
        &mut app,
        Message::Check(Event::Output { text: "c\n".into() }),
    );
    let Screen::Exercise(e) = &app.screen else {
        panic!()
    };
    assert_eq!(e.output, ["a", "bc", ""]);
    assert_eq!(key(&mut app, KeyCode::Esc), vec![Effect::CancelCheck]);
    assert_eq!(Outcome::Cancelled.title(), "Cancelled");
    update(&mut app, Message::CheckDone(Err("boom".into())));
    assert!(!app.running());
    assert!(app.notice.as_deref().unwrap().contains("boom"));
}

#[test]
fn s_measures_scaling_and_the_chart_replaces_the_verdict_until_the_next_check() {
    let mut app = app();
    open(&mut app, "fixture/passes");
    assert_eq!(
        key(&mut app, KeyCode::Char('s')),
        vec![Effect::StartScaling("fixture/passes".into())]
    );
    assert!(app.running());
    assert!(
        key(&mut app, KeyCode::Char('c')).is_empty(),
        "one job at a time"
    );
    let report = crate::check::ScalingReport {
        id: "fixture/passes".into(),
        variant: crate::runner::Variant::Learner,
        cores: 2,
        baseline_seconds: 1.0,
        points: Vec::new(),
        serial_fraction: None,
        fit: None,
        load_average: None,
    };
    update(&mut app, Message::ScalingDone(Ok(Box::new(report))));
    let Screen::Exercise(e) = &app.screen else {
        panic!()
    };
    assert_eq!(e.panel, Panel::Scaling);
    key(&mut app, KeyCode::Char('c'));
    update(&mut app, Message::CheckDone(Err("x".into())));
    update(
        &mut app,
        Message::ScalingDone(Err("not correct yet".into())),
    );
    assert!(app.notice.as_deref().unwrap().contains("not correct yet"));
}

#[test]
fn d_runs_the_lessons_demo_and_esc_closes_it() {
    let mut app = app();
    open(&mut app, "fixture/only");
    assert!(key(&mut app, KeyCode::Char('d')).is_empty(), "no demo here");
    assert!(app.notice.as_deref().unwrap().contains("no live demo"));
    let rendered = markdown::render("# X\n\n```demo\ngil\n```\n", &app.options());
    if let Screen::Lesson(l) = &mut app.screen {
        l.rendered = rendered;
    }
    assert_eq!(
        key(&mut app, KeyCode::Char('d')),
        vec![Effect::StartDemo(DemoRun {
            id: "gil".into(),
            track: Language::Rust,
        })]
    );
    assert!(app.running());
    assert_eq!(key(&mut app, KeyCode::Esc), vec![Effect::CancelCheck]);
    update(&mut app, Message::DemoDone(Err("cancelled".into())));
    assert!(!app.running());
    key(&mut app, KeyCode::Esc);
    let Screen::Lesson(l) = &app.screen else {
        panic!()
    };
    assert!(l.demo.is_none(), "Esc closes a finished demo");
}

#[test]
fn d_types_a_dask_exercises_cluster_and_saves_it() {
    let mut app = app();
    open(&mut app, "fixture/wrong");
    key(&mut app, KeyCode::Char('D'));
    assert!(app.notice.as_deref().unwrap().contains("Dask exercises"));
    let course = Arc::get_mut(&mut app.course).expect("the app's own course");
    course.exercises.iter_mut().for_each(|e| e.dask = true);
    key(&mut app, KeyCode::Char('D'));
    for c in "tcp://head:8786 x".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    // A bad address is refused and stays to be mended.
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    assert!(
        app.notice
            .as_deref()
            .unwrap()
            .contains("not a Dask scheduler address")
    );
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        vec![Effect::SetDaskScheduler(Some("tcp://head:8786".into()))]
    );
    // Typing is over: keys act again; an empty address means local.
    key(&mut app, KeyCode::Char('D'));
    let Screen::Exercise(e) = &mut app.screen else {
        panic!()
    };
    e.cluster_input = Some(String::new());
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        vec![Effect::SetDaskScheduler(None)]
    );
}

#[test]
fn plus_and_minus_choose_the_ranks_of_an_mpi_exercise_only() {
    let mut app = app();
    open(&mut app, "fixture/wrong");
    key(&mut app, KeyCode::Char('+'));
    assert!(app.notice.as_deref().unwrap().contains("MPI exercises"));
    if let Screen::Exercise(e) = &mut app.screen {
        e.ranks = Some(2);
    }
    key(&mut app, KeyCode::Char('+'));
    key(&mut app, KeyCode::Char('+'));
    key(&mut app, KeyCode::Char('-'));
    let Screen::Exercise(e) = &app.screen else {
        panic!()
    };
    assert_eq!(e.ranks, Some(3));
    assert!(app.notice.as_deref().unwrap().contains("3 MPI rank"));
}

#[test]
fn reset_asks_first() {
    let mut app = app();
    open(&mut app, "fixture/wrong");
    assert!(key(&mut app, KeyCode::Char('x')).is_empty());
    assert!(
        key(&mut app, KeyCode::Char('n')).is_empty(),
        "anything but y keeps the file"
    );
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(
        key(&mut app, KeyCode::Char('y')),
        vec![Effect::Reset("fixture/wrong".into())]
    );
}

#[test]
fn watch_mode_cycles_and_saves_start_checks() {
    let mut app = app();
    open(&mut app, "fixture/wrong");
    assert!(
        update(&mut app, Message::FileChanged).is_empty(),
        "not watching yet"
    );
    let id = "fixture/wrong".to_owned();
    assert_eq!(
        key(&mut app, KeyCode::Char('w')),
        vec![Effect::Watch(id.clone(), WatchMode::Events)]
    );
    assert_eq!(
        update(&mut app, Message::FileChanged),
        vec![Effect::StartCheck(CheckRun {
            id: id.clone(),
            ranks: None,
            dask_scheduler: None,
        })]
    );
    update(&mut app, Message::CheckDone(Err("x".into())));
    assert_eq!(
        key(&mut app, KeyCode::Char('w')),
        vec![Effect::Watch(id.clone(), WatchMode::Polling)]
    );
    assert_eq!(
        key(&mut app, KeyCode::Char('w')),
        vec![Effect::Watch(id, WatchMode::Off)]
    );
}

#[test]
fn lesson_search_and_contents() {
    let mut app = app();
    open(&mut app, "fixture/only");
    assert!(matches!(app.screen, Screen::Lesson(_)));
    key(&mut app, KeyCode::Char('/'));
    for c in "course".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let Screen::Lesson(l) = &app.screen else {
        panic!()
    };
    assert!(!l.search.matches.is_empty());
    key(&mut app, KeyCode::Char('t'));
    let Screen::Lesson(l) = &app.screen else {
        panic!()
    };
    assert_eq!(l.contents, Some(0));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Map));
}

#[test]
fn q_and_ctrl_c_quit_and_cancel_a_running_check() {
    let mut app = app();
    open(&mut app, "fixture/wrong");
    key(&mut app, KeyCode::Char('c'));
    let effects = update(
        &mut app,
        Message::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert_eq!(effects, vec![Effect::CancelCheck, Effect::Quit]);
    assert!(app.quit);
}
