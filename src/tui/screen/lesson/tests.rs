//! The lesson's update on keys and messages: scrolling, contents, search,
//! its live demo, and its text read when opened and read again; the places
//! and matches that survive a resize; what the view marks.

use std::path::Path;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::course::{Course, Language};
use crate::demo::DemoEvent;
use crate::progress::Progress;
use crate::tui::app::{DemoRun, Facts, Message, update};
use crate::tui::keys::Action;
use crate::tui::screen::{Ctx, Go, Reply};

const TEXT: &str = "# Title\n\nFirst part, about threads.\n\n## Two\n\nMore about threads.\n\n```demo\ngil\n```\n\n## Three\n\nThe end.\n";

fn course() -> Course {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
    Course::load(&root).expect("the fixture course loads")
}

fn options(width: u16) -> markdown::Options {
    markdown::Options {
        width,
        color: false,
        hyperlinks: false,
    }
}

/// Lesson `text` at 60 columns, 5 rows of text on screen.
fn lesson(text: &str) -> LessonState {
    LessonState::new("fixture/only", text.into(), &options(60), 5)
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

/// An App on `course` that was handed every lesson's text.
fn app(course: Course) -> App {
    let facts = Facts::gather().with_every_lesson(&course);
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

/// A lesson read when it is opened: its reading state until the text comes,
/// then the text, counted as opened; an App made as the runtime makes it
/// has read no lesson.
#[test]
fn a_lesson_is_read_when_it_is_opened() {
    let course = course();
    let mut app = App::new(Arc::new(course), Progress::default(), (80, 24), false);
    assert!(app.lessons.is_empty(), "nothing is read at start-up");
    let id = "fixture/only".to_owned();
    assert_eq!(
        open_lesson(&mut app, &id),
        vec![Effect::ReadLesson(id.clone())]
    );
    let Screen::Lesson(l) = &app.screen else {
        panic!("the lesson is in front while it is read")
    };
    assert!(l.loading);
    let theme = crate::tui::view::theme::Theme { color: false };
    assert!(view::info_line(l, 5, theme).to_string().contains("reading"));
    let text = Ok("# Read\n\nAt last.\n".to_owned());
    let effects = update(
        &mut app,
        Message::LessonText {
            id: id.clone(),
            text,
        },
    );
    assert_eq!(effects, vec![Effect::Opened(id.clone())]);
    let Screen::Lesson(l) = &app.screen else {
        panic!("the lesson is open")
    };
    assert!(!l.loading);
    assert_eq!(view::text_rows(app.size), l.rows);
    assert_eq!(find(&l.rendered, "at last").len(), 1);
    let text = Ok("# Read\n\nAt last.\n".to_owned());
    let again = update(&mut app, Message::LessonText { id, text });
    assert!(again.is_empty(), "opened once");
}

#[test]
fn a_lesson_that_cannot_be_read_when_opened_closes_and_says_why() {
    let mut app = App::new(Arc::new(course()), Progress::default(), (80, 24), false);
    open_lesson(&mut app, "fixture/only");
    let text = Err("cannot read lessons/only.md: gone".to_owned());
    let id = "fixture/only".to_owned();
    assert!(update(&mut app, Message::LessonText { id, text }).is_empty());
    assert!(matches!(app.screen, Screen::Map));
    assert!(app.notice.unwrap().contains("gone"));
}

/// Four sections of numbered words, `s{section}w{word}`.
fn sections() -> String {
    let mut text = String::from("# Words\n\n");
    for s in 0..4 {
        let words: Vec<String> = (0..80).map(|w| format!("s{s}w{w}")).collect();
        text.push_str(&format!("## Section {s}\n\n{}\n\n", words.join(" ")));
    }
    text
}

fn line_text(l: &LessonState, line: usize) -> String {
    place::text(&l.rendered.lines[line])
}

/// The first word of line `line`.
fn first_word(l: &LessonState, line: usize) -> String {
    let text = line_text(l, line);
    text.split_whitespace().next().unwrap_or("").to_owned()
}

#[test]
fn a_resize_keeps_the_words_being_read_at_the_top() {
    let mut l = lesson(&sections());
    let section = l.rendered.headings[3].line;
    l.scroll = section + 5;
    let word = first_word(&l, l.scroll);
    assert!(word.starts_with("s2w"), "{word}");
    l.relayout(&options(30), 5);
    assert_ne!(l.scroll, section + 5, "not the same line number");
    assert!(line_text(&l, l.scroll).contains(&word), "{word} is on top");
    l.relayout(&options(100), 5);
    assert!(line_text(&l, l.scroll).contains(&word), "{word} is on top");
}

#[test]
fn a_resize_keeps_a_place_between_blocks() {
    let mut l = lesson(&sections());
    let heading = l.rendered.headings[2].line;
    l.scroll = heading - 1;
    assert_eq!(line_text(&l, l.scroll), "", "the blank line before it");
    l.relayout(&options(25), 5);
    assert_eq!(l.scroll, l.rendered.headings[2].line - 1);
}

#[test]
fn after_a_resize_matches_are_found_again_and_the_current_one_kept() {
    let mut l = lesson(&sections());
    l.search.input = Some(String::new());
    typed(&mut l, "S1W4");
    on_key(&mut l, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(l.search.matches.len(), 11, "s1w4 and s1w40 to s1w49");
    act(&mut l, Action::NextMatch);
    act(&mut l, Action::NextMatch);
    let word = |l: &LessonState| {
        let m = l.search.matches[l.search.current];
        let text = line_text(l, m.line);
        text[m.start..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(word(&l), "s1w41");
    l.relayout(&options(24), 5);
    assert_eq!(word(&l), "s1w41", "the same match is current");
    for _ in 0..12 {
        act(&mut l, Action::NextMatch);
        let m = l.search.matches[l.search.current];
        assert!(line_text(&l, m.line).contains("s1w4"), "n lands on a match");
        assert!(
            (l.scroll..l.scroll + l.rows).contains(&m.line),
            "and shows it"
        );
    }
}

#[test]
fn a_match_near_the_end_keeps_the_last_page_full() {
    let mut l = lesson(TEXT);
    act(&mut l, Action::Search);
    typed(&mut l, "end");
    on_key(&mut l, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let m = l.search.matches[0];
    assert_eq!(m.line, l.rendered.lines.len() - 1, "on the last line");
    assert_eq!(l.scroll, l.max_scroll());
    l.scroll = 0;
    act(&mut l, Action::NextMatch);
    assert_eq!(l.scroll, l.max_scroll());
}

#[test]
fn the_place_reaches_100_percent_at_the_bottom() {
    let mut l = lesson(TEXT);
    let theme = crate::tui::view::theme::Theme { color: false };
    let info = |l: &LessonState| view::info_line(l, l.rows, theme).to_string();
    let total = l.rendered.lines.len();
    assert!(
        info(&l).contains(&format!("lines 1-5 of {total} (")),
        "{}",
        info(&l)
    );
    act(&mut l, Action::Bottom);
    assert!(info(&l).contains("(100%)"), "{}", info(&l));
    let short = lesson("# Short\n");
    assert!(info(&short).contains("(100%)"), "{}", info(&short));
}

#[test]
fn matches_are_marked_and_the_current_one_more_strongly() {
    let mut l = lesson(TEXT);
    l.search.input = Some(String::new());
    typed(&mut l, "THREAD");
    on_key(&mut l, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    l.scroll = 0;
    l.rows = 20;
    let theme = crate::tui::view::theme::Theme { color: false };
    let lines = view::visible_lines(&l, l.rows, theme);
    let marked: Vec<(String, ratatui::style::Style)> = lines
        .iter()
        .flat_map(|line| &line.spans)
        .filter(|s| s.style != ratatui::style::Style::new())
        .filter(|s| s.content.to_lowercase() == "thread")
        .map(|s| (s.content.to_string(), s.style))
        .collect();
    assert_eq!(
        marked,
        vec![
            ("thread".to_owned(), view::match_style(theme, true)),
            ("thread".to_owned(), view::match_style(theme, false)),
        ]
    );
    assert_ne!(
        view::match_style(theme, true),
        view::match_style(theme, false)
    );
    let color = crate::tui::view::theme::Theme { color: true };
    assert_ne!(
        view::match_style(color, true),
        view::match_style(color, false)
    );
}

#[test]
fn marks_cut_spans_and_keep_their_styles() {
    use ratatui::style::{Modifier, Style};
    use ratatui::text::{Line, Span};
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mark = Style::new().add_modifier(Modifier::REVERSED);
    let line = Line::from(vec![Span::styled("ab", bold), Span::raw("cdé")]);
    let out = view::highlighted(&line, &[(1, 3, mark), (4, 6, mark)]);
    let spans: Vec<(&str, Style)> = out
        .spans
        .iter()
        .map(|s| (s.content.as_ref(), s.style))
        .collect();
    assert_eq!(
        spans,
        vec![
            ("a", bold),
            ("b", bold.patch(mark)),
            ("c", mark),
            ("d", Style::new()),
            ("é", mark),
        ]
    );
}

#[test]
fn search_ignores_case_beyond_ascii_and_finds_each_occurrence() {
    let l = lesson("# Ünïcode\n\nÄrger und ärger, ÄRGER.\n");
    let matches = find(&l.rendered, "ärger");
    assert_eq!(matches.len(), 3);
    let line = line_text(&l, matches[0].line);
    for m in &matches {
        assert_eq!(line[m.start..m.end].to_lowercase(), "ärger");
    }
}
