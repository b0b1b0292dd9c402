//! Snapshots of the views, drawn on ratatui's TestBackend at 80x24 (the
//! smallest supported terminal) and at 120x30, against the fixture course.

use std::path::Path;
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::check::Report;
use crate::course::Course;
use crate::grader::{Outcome, RunVerdict, Sample, Timing};
use crate::progress::{Progress, VERSION};
use crate::runner::Variant;
use crate::tui::app::{App, Facts, Screen, open_exercise, open_lesson};

fn course() -> Arc<Course> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
    Arc::new(Course::load(&root).expect("fixture course loads"))
}

fn app(width: u16, height: u16) -> App {
    let mut progress = Progress {
        version: VERSION,
        ..Progress::default()
    };
    progress.record_check("fixture/passes", Outcome::Passed, Some(1.9));
    progress.record_check("fixture/race", Outcome::Race, None);
    progress.lessons_read.insert("fixture/only".into());
    let course = course();
    // Every lesson's text handed in: no runtime reads them here.
    let facts = Facts::gather().with_every_lesson(&course);
    let mut app = App::with_facts(course, progress, (width, height), false, facts);
    app.map.selected = 2;
    app
}

fn draw(app: &App) -> String {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| super::draw(f, app)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..h)
        .map(|y| {
            let row: String = (0..w).map(|x| buffer[(x, y)].symbol().to_owned()).collect();
            row.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn report(outcome: Outcome, message: &str) -> Report {
    let timing = Timing {
        baseline_seconds: vec![1.10, 1.12, 1.11],
        solution_seconds: vec![1.05, 1.02, 1.04],
        workers: 2,
        cores: 2,
        efficiency: 0.7,
        cpu_parallelism: vec![1.9],
        peak_rss_bytes: Some(3 << 20),
        load_average: Some(0.4),
        busy_elsewhere: vec![0.05],
        ..Timing::new(2, 2, 0.7)
    };
    let slow = outcome == Outcome::TooSlow || outcome == Outcome::Passed;
    Report {
        id: "fixture/wrong".into(),
        variant: Variant::Learner,
        outcome,
        passed: outcome == Outcome::Passed,
        message: message.into(),
        workers: 2,
        cores: 2,
        speedup: slow.then_some(if outcome == Outcome::Passed { 1.93 } else { 1.08 }),
        target_speedup: slow.then_some(1.4),
        speedup_low: slow.then_some(1.0),
        speedup_high: slow.then_some(1.12),
        cpu_parallelism: slow.then_some(1.9),
        peak_rss_bytes: slow.then_some(3 << 20),
        load_average: slow.then_some(0.4),
        timing: slow.then_some(timing),
        samples: vec![Sample::new(
            2,
            RunVerdict::Correct { result: serde_json::json!(500500), seconds: 1.02 },
        )],
        diagnostics: (outcome == Outcome::CompileError).then(|| {
            "error[E0308]: mismatched types\n --> fixture/compile_error.rs:2:22\n  |\n2 |     let total: u64 = \"not a number\";\n  |                ---   ^^^^^^^^^^^^^^ expected `u64`, found `&str`".into()
        }),
        workbench_peak_rss_bytes: None,
        speed_not_graded: None,
        seed: None,
        cluster: None,
        host: None,
    }
}

#[test]
fn course_map_at_80x24() {
    insta::assert_snapshot!(draw(&app(80, 24)));
}

#[test]
fn course_map_at_120x30() {
    insta::assert_snapshot!(draw(&app(120, 30)));
}

#[test]
fn help_overlay() {
    let mut app = app(80, 24);
    app.help = true;
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn lesson_view() {
    let mut app = app(80, 24);
    open_lesson(&mut app, "fixture/only");
    assert!(matches!(app.screen, Screen::Lesson(_)));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn exercise_not_checked_yet() {
    let mut app = app(80, 24);
    open_exercise(&mut app, "fixture/wrong");
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn exercise_while_checking() {
    let mut app = app(80, 24);
    open_exercise(&mut app, "fixture/wrong");
    if let Screen::Exercise(e) = &mut app.screen {
        e.running = Some(crate::tui::app::Running {
            phase: "running learner with 2 workers (correctness)".into(),
            cancelling: false,
        });
        e.output = vec![
            "worker 0 starting".into(),
            "worker 1 starting".into(),
            String::new(),
        ];
    }
    insta::assert_snapshot!(draw(&app));
}

fn verdict_snapshot(outcome: Outcome, message: &str) -> String {
    let mut app = app(100, 30);
    open_exercise(&mut app, "fixture/wrong");
    if let Screen::Exercise(e) = &mut app.screen {
        e.report = Some(report(outcome, message));
    }
    draw(&app)
}

#[test]
fn verdict_panel_for_each_outcome() {
    let cases = [
        (
            Outcome::Passed,
            "Passed: correct with 2 and 3 workers, and 1.93x faster than the serial baseline.",
        ),
        (
            Outcome::WrongOutput,
            "Wrong output with 2 workers: the result was 42, expected 500500.",
        ),
        (
            Outcome::Race,
            "Race: the result changed from run to run: 1979652 with 2 workers, 2000000 with 3 workers.",
        ),
        (
            Outcome::TooSlow,
            "Too slow: correct, but only 1.08x faster than the serial baseline with 2 workers on 2 cores.",
        ),
        (Outcome::Inconclusive, "The machine was too busy to tell."),
        (
            Outcome::CompileError,
            "Compile error: exercises/fixture/wrong.rs does not compile.",
        ),
        (
            Outcome::Crashed,
            "The program crashed: it panicked: not yet implemented: split the work.",
        ),
        (
            Outcome::TimedOut,
            "Timed out after 2 s and stopped: possible deadlock.\nIts last output:\ntaking the locks",
        ),
        (
            Outcome::OutputLimit,
            "The program printed more than 1024 KiB, so it was stopped.",
        ),
        (Outcome::Cancelled, "The check was cancelled."),
        (
            Outcome::Rejected,
            "Rejected: a result line that the harness did not write: @@parlab-result {\"result\":3.14,\"seconds\":0.001}.",
        ),
    ];
    for (outcome, message) in cases {
        insta::assert_snapshot!(
            format!("verdict_{}", outcome.name()),
            verdict_snapshot(outcome, message)
        );
    }
}

#[test]
fn links_are_placed_where_the_lesson_shows_them() {
    let mut app = app(80, 24);
    app.hyperlinks = true;
    open_lesson(&mut app, "fixture/only");
    let Screen::Lesson(lesson) = &app.screen else {
        panic!("a lesson is open")
    };
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let links = super::lesson::placed_links(lesson, super::body(area));
    let screen = draw(&app);
    let rows: Vec<&str> = screen.lines().collect();
    assert_eq!(links.len(), 2, "{links:?}");
    for link in &links {
        let row: String = rows[usize::from(link.y)]
            .chars()
            .skip(usize::from(link.x))
            .collect();
        assert!(
            row.starts_with(&link.text),
            "{link:?} is not at its place in {row:?}"
        );
    }
    assert_eq!(links[1].url, "../../course.toml");
}

#[test]
fn scaling_chart_after_a_measurement() {
    use crate::grader::scaling::Point;
    let mut app = app(120, 40);
    open_exercise(&mut app, "fixture/passes");
    if let Screen::Exercise(e) = &mut app.screen {
        e.scaling = Some(crate::check::ScalingReport {
            id: "fixture/passes".into(),
            variant: Variant::Learner,
            cores: 2,
            baseline_seconds: 1.0,
            points: vec![Point::new(1, 1.02, 1.0), Point::new(2, 0.55, 1.0)],
            serial_fraction: None,
            fit: None,
            load_average: Some(0.25),
        });
        e.panel = crate::tui::app::Panel::Scaling;
    }
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn scaling_chart_with_a_fit_and_its_trust() {
    use crate::grader::scaling::{Point, amdahl_fit};
    let mut app = app(120, 40);
    open_exercise(&mut app, "fixture/passes");
    let points = vec![
        Point::new(1, 1.02, 1.0),
        Point::new(2, 0.56, 1.0),
        Point::new(4, 0.33, 1.0),
        Point::new(8, 0.22, 1.0),
    ];
    let fit = amdahl_fit(&points);
    if let Screen::Exercise(e) = &mut app.screen {
        e.scaling = Some(crate::check::ScalingReport {
            id: "fixture/passes".into(),
            variant: Variant::Learner,
            cores: 8,
            baseline_seconds: 1.0,
            serial_fraction: fit.as_ref().map(|f| f.serial_fraction),
            fit,
            points,
            load_average: Some(0.25),
        });
        e.panel = crate::tui::app::Panel::Scaling;
    }
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn a_live_demo_over_its_lesson() {
    use crate::demo::{DemoReport, DemoRow};
    let mut app = app(100, 30);
    open_lesson(&mut app, "fixture/only");
    let row = |label: &str, seconds: f64, speedup: f64, busy: f64, mb: u64| DemoRow {
        label: label.into(),
        group: label.split(',').next().unwrap().into(),
        seconds: Some(seconds),
        speedup: Some(speedup),
        cpu_parallelism: Some(busy),
        peak_rss_bytes: Some(mb * 1_000_000),
        error: None,
    };
    if let Screen::Lesson(l) = &mut app.screen {
        l.demo = Some(crate::tui::app::DemoState {
            id: "gil".into(),
            title: "One loop, three ways".into(),
            about: "Every row does the same work.".into(),
            running: None,
            report: Some(DemoReport {
                id: "gil".into(),
                title: "One loop, three ways".into(),
                about: String::new(),
                cores: 2,
                load_average: None,
                rows: vec![
                    row("Python, 1 thread", 1.5, 1.0, 1.0, 17),
                    row("Python, 2 threads", 1.6, 0.94, 1.0, 17),
                    row("Python, 2 processes", 0.8, 1.9, 1.9, 44),
                ],
                notes: vec!["Python 3.11.7: the global interpreter lock is on".into()],
            }),
            error: None,
        });
    }
    insta::assert_snapshot!(draw(&app));
}

/// A first start on a course with two tracks: the picker asks, `p` picks
/// Python, the map shows the Python track and the choice is to be saved.
#[test]
fn the_track_picker_on_first_start() {
    use crate::course::Language;
    use crate::tui::app::{Effect, Entry, Message, update};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tracks");
    let course = Arc::new(Course::load(&root).expect("the two-track fixture loads"));
    let progress = Progress {
        version: VERSION,
        ..Progress::default()
    };
    let mut app = App::new(course, progress, (80, 24), false);
    assert_eq!(app.picking, Some(Language::Rust));
    insta::assert_snapshot!(draw(&app));
    let key = KeyEvent::new(KeyCode::Char('p'), KeyModifiers::NONE);
    let effects = update(&mut app, Message::Key(key));
    assert!(matches!(effects[..], [Effect::SetTrack(Language::Python)]));
    assert_eq!(app.picking, None);
    assert_eq!(app.track, Language::Python);
    let exercises: Vec<&Entry> = app
        .map
        .entries
        .iter()
        .filter(|e| matches!(e, Entry::Exercise(_)))
        .collect();
    assert_eq!(exercises, [&Entry::Exercise("py/sum".into())]);
    assert!(draw(&app).contains("Python track: 0 of 1 exercise passed"));
}
