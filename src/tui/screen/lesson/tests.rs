//! The lesson's update on keys and messages: scrolling, contents, search,
//! its live demo, and its text read again.

use std::path::Path;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::course::{Course, Language};
use crate::demo::DemoEvent;
use crate::progress::Progress;
use crate::tui::app::{DemoRun, Facts, Message, update};
use crate::tui::screen::Go;

const TEXT: &str = "# Title\n\nFirst part, about threads.\n\n## Two\n\nMore about threads.\n\n```demo\ngil\n```\n\n## Three\n\nThe end.\n";

fn course() -> Course {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
    Course::load(&root).expect("the fixture course loads")
}

fn lesson(text: &str) -> LessonState {
    let options = markdown::Options {
        width: 60,
        color: false,
        hyperlinks: false,
    };
    LessonState {
        id: "fixture/only".into(),
        text: text.into(),
        rendered: markdown::render(text, &options),
        scroll: 0,
        contents: None,
        search: Search::default(),
        demo: None,
    }
}

/// Runs `f` with a context of the fixture course, 5 rows high; returns the
/// notice it left.
fn with_ctx<T>(f: impl FnOnce(&mut Ctx) -> T) -> (T, Option<String>) {
    let course = course();
    let progress = Progress::default();
    let mut notice = None;
    let mut ctx = Ctx {
        course: &course,
        progress: &progress,
        track: Language::Rust,
        rows: 5,
        notice: &mut notice,
    };
    let value = f(&mut ctx);
    (value, notice)
}

fn act(l: &mut LessonState, action: Action) -> Reply {
    with_ctx(|ctx| on_action(l, ctx, action)).0
}

fn typed(l: &mut LessonState, keys: &str) {
    for c in keys.chars() {
        on_key(l, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn scrolling_stops_at_the_last_page() {
    let mut l = lesson(TEXT);
    let max = l.rendered.lines.len() - 5;
    act(&mut l, Action::Bottom);
    assert_eq!(l.scroll, max);
    act(&mut l, Action::Down);
    assert_eq!(l.scroll, max);
    act(&mut l, Action::Top);
    act(&mut l, Action::Up);
    assert_eq!(l.scroll, 0);
    act(&mut l, Action::PageDown);
    assert_eq!(l.scroll, 3, "a page is the rows less two");
    assert_eq!(act(&mut l, Action::Back).go, Go::Map);
}

#[test]
fn headings_and_the_table_of_contents_jump() {
    let mut l = lesson(TEXT);
    act(&mut l, Action::NextHeading);
    let two = l.rendered.headings[1].line;
    assert_eq!(l.scroll, two);
    act(&mut l, Action::PrevHeading);
    assert_eq!(l.scroll, 0);
    act(&mut l, Action::Contents);
    assert_eq!(l.contents, Some(0));
    act(&mut l, Action::Down);
    act(&mut l, Action::Down);
    act(&mut l, Action::Down);
    assert_eq!(l.contents, Some(2), "the last heading");
    act(&mut l, Action::Open);
    assert_eq!(l.contents, None);
    assert!(l.scroll > two);
}

#[test]
fn a_lesson_without_headings_has_no_contents() {
    let mut l = lesson("just text\n");
    act(&mut l, Action::Contents);
    assert_eq!(l.contents, None);
    act(&mut l, Action::NextHeading);
    assert_eq!(l.scroll, 0);
}

#[test]
fn search_finds_every_match_and_wraps_round() {
    let mut l = lesson(TEXT);
    act(&mut l, Action::Search);
    typed(&mut l, "THREADX");
    on_key(
        &mut l,
        KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
    );
    let reply = on_key(&mut l, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(reply, Some(Reply::none()));
    assert_eq!(l.search.query, "THREAD");
    assert_eq!(l.search.matches.len(), 2, "case is ignored");
    assert_eq!(l.search.input, None);
    assert!(
        on_key(&mut l, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)).is_none(),
        "typing is over"
    );
    act(&mut l, Action::NextMatch);
    assert_eq!(l.search.current, 1);
    act(&mut l, Action::NextMatch);
    assert_eq!(l.search.current, 0, "round the end");
    act(&mut l, Action::PrevMatch);
    assert_eq!(l.search.current, 1);
    assert!(find(&l.rendered, "").is_empty());
}

#[test]
fn esc_while_typing_a_search_keeps_the_last_one() {
    let mut l = lesson(TEXT);
    l.search.query = "end".into();
    act(&mut l, Action::Search);
    typed(&mut l, "x");
    on_key(&mut l, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(l.search.input, None);
    assert_eq!(l.search.query, "end");
}

#[test]
fn d_starts_the_demo_for_the_track_and_its_messages_fill_it() {
    let mut l = lesson(TEXT);
    let reply = act(&mut l, Action::Demo);
    let run = DemoRun {
        id: "gil".into(),
        track: Language::Rust,
    };
    assert_eq!(reply.effects, vec![Effect::StartDemo(run)]);
    let demo = l.demo.as_mut().expect("the demo is shown");
    demo::on_event(
        demo,
        DemoEvent::Running {
            label: "two".into(),
        },
    );
    assert_eq!(demo.running.as_deref(), Some("running: two"));
    demo::on_done(demo, Err("no python".into()));
    assert_eq!(demo.running, None);
    assert_eq!(demo.error.as_deref(), Some("no python"));
    assert_eq!(
        act(&mut l, Action::Down),
        Reply::none(),
        "keys go to the demo"
    );
    act(&mut l, Action::Demo);
    assert!(l.demo.is_none(), "d closes it");
}

#[test]
fn esc_cancels_a_running_demo() {
    let mut l = lesson(TEXT);
    act(&mut l, Action::Demo);
    assert_eq!(act(&mut l, Action::Back).effects, vec![Effect::CancelCheck]);
    let demo = l.demo.as_ref().expect("still shown while it stops");
    assert_eq!(demo.running.as_deref(), Some("cancelling..."));
}

#[test]
fn no_demo_says_so() {
    let mut l = lesson("# Plain\n");
    let (reply, notice) = with_ctx(|ctx| on_action(&mut l, ctx, Action::Demo));
    assert_eq!(reply, Reply::none());
    assert!(notice.unwrap().contains("no live demo"));
}

fn app(course: Course) -> App {
    let facts = Facts::gather(&course);
    App::with_facts(
        Arc::new(course),
        Progress::default(),
        (80, 24),
        false,
        facts,
    )
}

#[test]
fn a_lesson_that_cannot_be_read_stays_closed_and_says_why() {
    let mut course = course();
    course.modules[0].lessons[0].path = "/nonexistent/lesson.md".into();
    let mut app = app(course);
    let effects = open_lesson(&mut app, "fixture/only");
    assert_eq!(effects, vec![Effect::ReadLesson("fixture/only".into())]);
    assert!(matches!(app.screen, Screen::Map));
    assert!(
        app.notice
            .unwrap()
            .contains("cannot read /nonexistent/lesson.md")
    );
}

#[test]
fn a_lesson_read_again_shows_its_new_text() {
    let mut app = app(course());
    let effects = open_lesson(&mut app, "fixture/only");
    assert_eq!(
        effects,
        vec![
            Effect::Opened("fixture/only".into()),
            Effect::ReadLesson("fixture/only".into())
        ]
    );
    let id = "fixture/only".to_owned();
    let text = Ok("# Changed\n".to_owned());
    update(
        &mut app,
        Message::LessonText {
            id: id.clone(),
            text,
        },
    );
    let Screen::Lesson(l) = &app.screen else {
        panic!("the lesson is open")
    };
    assert_eq!(l.text, "# Changed\n");
    assert_eq!(app.lessons[&id], Ok("# Changed\n".to_owned()));
    let text = Err("cannot read it".to_owned());
    update(&mut app, Message::LessonText { id, text });
    assert!(matches!(app.screen, Screen::Map));
    assert_eq!(app.notice.as_deref(), Some("cannot read it"));
}
