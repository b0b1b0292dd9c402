//! The exercise screen's update on keys and messages: what a check carries,
//! how a job ends, ranks, watch mode, reset, the cluster prompt, hints.

use std::path::Path;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::check::Event;
use crate::course::Course;
use crate::progress::Progress;
use crate::tui::app::{CheckRun, Facts, Message};
use crate::tui::keys::Action;
use crate::tui::screen::{Ctx, Go, Reply};

/// An App on the fixture course, 6 cores, `edit` applied to the course.
fn app(edit: impl FnOnce(&mut Course)) -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
    let mut course = Course::load(&root).expect("the fixture course loads");
    edit(&mut course);
    let facts = Facts {
        lessons: Default::default(),
        cores: 6,
    };
    App::with_facts(
        Arc::new(course),
        Progress::default(),
        (80, 24),
        false,
        facts,
    )
}

/// `app` with exercise `id` in front.
fn opened(mut app: App, id: &str) -> App {
    assert_eq!(open_exercise(&mut app, id), vec![Effect::Opened(id.into())]);
    app
}

/// Runs `f` on the exercise in front and the App's context.
fn with<T>(app: &mut App, f: impl FnOnce(&mut ExerciseState, &mut Ctx) -> T) -> T {
    let rows = app.body_rows();
    let Screen::Exercise(e) = &mut app.screen else {
        panic!("an exercise is open")
    };
    let mut ctx = Ctx {
        course: &app.course,
        progress: &app.progress,
        track: app.track,
        rows,
        notice: &mut app.notice,
    };
    f(e, &mut ctx)
}

fn act(app: &mut App, action: Action) -> Reply {
    with(app, |e, ctx| on_action(e, ctx, action))
}

fn key(app: &mut App, code: KeyCode) -> Option<Reply> {
    with(app, |e, ctx| {
        on_key(e, ctx, KeyEvent::new(code, KeyModifiers::NONE))
    })
}

fn exercise(app: &mut App) -> &mut ExerciseState {
    match &mut app.screen {
        Screen::Exercise(e) => e,
        _ => panic!("an exercise is open"),
    }
}

#[test]
fn a_check_carries_the_ranks_and_the_cluster_of_its_exercise() {
    let mut app = opened(
        app(|c| {
            for e in &mut c.exercises {
                e.mpi = e.id == "fixture/wrong";
                e.dask = e.id == "fixture/passes";
            }
        }),
        "fixture/wrong",
    );
    app.progress.dask_scheduler = Some("tcp://head:8786".into());
    assert_eq!(exercise(&mut app).ranks, Some(6), "the cores at first");
    act(&mut app, Action::FewerRanks);
    let check = CheckRun {
        id: "fixture/wrong".into(),
        ranks: Some(5),
        dask_scheduler: None,
    };
    assert_eq!(
        act(&mut app, Action::Check).effects,
        [Effect::StartCheck(check)]
    );

    let mut app = opened(app_from(app), "fixture/passes");
    let check = CheckRun {
        id: "fixture/passes".into(),
        ranks: None,
        dask_scheduler: Some("tcp://head:8786".into()),
    };
    assert_eq!(
        act(&mut app, Action::Check).effects,
        [Effect::StartCheck(check)]
    );
}

/// The same App, back on the map.
fn app_from(mut app: App) -> App {
    app.screen = Screen::Map;
    app
}

#[test]
fn ranks_stay_between_1_and_256() {
    let mut app = opened(
        app(|c| c.exercises.iter_mut().for_each(|e| e.mpi = true)),
        "fixture/wrong",
    );
    exercise(&mut app).ranks = Some(1);
    act(&mut app, Action::FewerRanks);
    assert_eq!(exercise(&mut app).ranks, Some(1));
    exercise(&mut app).ranks = Some(256);
    act(&mut app, Action::MoreRanks);
    assert_eq!(exercise(&mut app).ranks, Some(256));
}

#[test]
fn a_finished_job_fills_the_panel_it_belongs_to() {
    let mut app = opened(app(|_| {}), "fixture/passes");
    act(&mut app, Action::Scaling);
    with(&mut app, |e, ctx| {
        finished(e, ctx, Err("not correct yet".into()), "Scaling")
    });
    assert_eq!(app.notice.as_deref(), Some("Scaling: not correct yet"));
    assert!(exercise(&mut app).running.is_none());
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
    let done = Ok(Finished::Scaling(Box::new(report)));
    with(&mut app, |e, ctx| finished(e, ctx, done, "Scaling"));
    assert_eq!(exercise(&mut app).panel, Panel::Scaling);
}

#[test]
fn output_goes_on_where_it_stopped_and_only_the_last_lines_are_kept() {
    let mut app = opened(app(|_| {}), "fixture/wrong");
    act(&mut app, Action::Check);
    let e = exercise(&mut app);
    on_event(
        e,
        Event::Preparing {
            line: "warming up".into(),
        },
    );
    assert_eq!(e.running.as_ref().unwrap().phase, "warming up");
    on_event(e, Event::Output { text: "a".into() });
    on_event(
        e,
        Event::Output {
            text: "b\nc".into(),
        },
    );
    assert_eq!(e.output, ["ab", "c"]);
    let many = "x\n".repeat(1000);
    on_event(e, Event::Output { text: many });
    assert_eq!(e.output.len(), 400);
    e.running = None;
    let before = e.output.clone();
    on_event(
        e,
        Event::Output {
            text: "late".into(),
        },
    );
    assert_eq!(e.output, before, "no job, no output");
}

#[test]
fn esc_cancels_a_job_then_goes_back_and_stops_watching() {
    let mut app = opened(app(|_| {}), "fixture/wrong");
    act(&mut app, Action::Watch);
    act(&mut app, Action::Check);
    assert_eq!(act(&mut app, Action::Back).effects, [Effect::CancelCheck]);
    assert!(exercise(&mut app).running.as_ref().unwrap().cancelling);
    exercise(&mut app).running = None;
    let back = act(&mut app, Action::Back);
    assert_eq!(back.go, Go::Map);
    let off = Effect::Watch("fixture/wrong".into(), WatchMode::Off);
    assert_eq!(back.effects, [off]);
}

#[test]
fn a_save_checks_only_in_watch_mode_and_when_idle() {
    let mut app = opened(app(|_| {}), "fixture/wrong");
    assert!(with(&mut app, on_file_changed).is_empty());
    act(&mut app, Action::Watch);
    assert_eq!(with(&mut app, on_file_changed).len(), 1);
    assert!(with(&mut app, on_file_changed).is_empty(), "one at a time");
}

#[test]
fn reset_asks_and_ctrl_c_still_quits() {
    let mut app = opened(app(|_| {}), "fixture/wrong");
    assert_eq!(key(&mut app, KeyCode::Char('y')), None, "not asked yet");
    act(&mut app, Action::Reset);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let reply = with(&mut app, |e, ctx| on_key(e, ctx, ctrl_c));
    assert_eq!(reply, Some(Reply::quit()));
    act(&mut app, Action::Check);
    act(&mut app, Action::Reset);
    assert!(!exercise(&mut app).confirm_reset, "not while a check runs");
}

#[test]
fn the_cluster_prompt_keeps_the_setting_on_esc_and_caps_the_address() {
    let mut app = opened(
        app(|c| c.exercises.iter_mut().for_each(|e| e.dask = true)),
        "fixture/wrong",
    );
    app.progress.dask_scheduler = Some("tcp://old:8786".into());
    act(&mut app, Action::Cluster);
    assert_eq!(
        exercise(&mut app).cluster_input.as_deref(),
        Some("tcp://old:8786")
    );
    for _ in 0..300 {
        key(&mut app, KeyCode::Char('x'));
    }
    assert_eq!(
        exercise(&mut app).cluster_input.as_ref().unwrap().len(),
        200
    );
    assert_eq!(key(&mut app, KeyCode::Esc), Some(Reply::none()));
    assert_eq!(exercise(&mut app).cluster_input, None);
    assert_eq!(app.notice.as_deref(), Some("The cluster is unchanged."));
}

#[test]
fn an_exercise_without_hints_asks_for_one_without_harm() {
    let mut app = opened(
        app(|c| c.exercises.iter_mut().for_each(|e| e.hints.clear())),
        "fixture/wrong",
    );
    let hint = Effect::RevealHint("fixture/wrong".into());
    assert_eq!(act(&mut app, Action::Hint).effects, [hint]);
    exercise(&mut app).hints_shown = 3;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
        .expect("a test terminal");
    terminal
        .draw(|f| crate::tui::view::draw(f, &app))
        .expect("drawn");
}

#[test]
fn an_exercise_missing_from_the_course_does_not_open() {
    let mut app = app(|_| {});
    assert!(open_exercise(&mut app, "no/such").is_empty());
    assert!(matches!(app.screen, Screen::Map));
}

/// The screen as text, a row a line.
fn screen(app: &App) -> Vec<String> {
    let (w, h) = app.size;
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|f| crate::tui::view::draw(f, app))
        .expect("drawn");
    let buffer = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect()
}

/// Progress as the runtime sends it after `h`: `hints` hints of `id` shown.
fn hints_saved(app: &mut App, id: &str, hints: usize) {
    let mut progress = app.progress.clone();
    for _ in 0..hints {
        progress.reveal_hint(id, 3);
    }
    crate::tui::app::update(app, Message::Progress(progress));
}

#[test]
fn a_revealed_hint_is_scrolled_into_view() {
    // A task longer than the pane: the hints go below its last line.
    let long_task: String = (1..=40)
        .map(|n| format!("Step {n} of the task.\n\n"))
        .collect();
    let mut app = opened(
        app(|c| {
            for e in &mut c.exercises {
                e.task = long_task.clone();
                e.hints = vec![
                    "first hint: split the range".into(),
                    "second hint: sum each part".into(),
                    "third hint: add the sums".into(),
                ];
            }
        }),
        "fixture/wrong",
    );
    assert!(!screen(&app).join("\n").contains("Hint 1 of 3"));
    hints_saved(&mut app, "fixture/wrong", 1);
    let shown = screen(&app).join("\n");
    assert!(
        shown.contains("Hint 1 of 3: first hint: split the range"),
        "{shown}"
    );
    hints_saved(&mut app, "fixture/wrong", 1);
    let shown = screen(&app).join("\n");
    assert!(
        shown.contains("Hint 2 of 3: second hint: sum each part"),
        "{shown}"
    );
    // Scrolled back to the top, the task's start is there again, and the
    // hints stay reachable with the keys.
    act(&mut app, Action::Top);
    assert!(screen(&app).join("\n").contains("Step 1 of the task."));
    act(&mut app, Action::Bottom);
    assert!(screen(&app).join("\n").contains("Hint 2 of 3"));
    hints_saved(&mut app, "fixture/wrong", 1);
    act(&mut app, Action::Hint);
    assert_eq!(
        app.notice.as_deref(),
        Some("All 3 hints are shown, at the end of the task.")
    );
}

#[test]
fn a_hint_already_in_view_does_not_move_the_task() {
    let mut app = app(|_| {});
    app.size = (80, 40);
    let mut app = opened(app, "fixture/wrong");
    hints_saved(&mut app, "fixture/wrong", 1);
    assert_eq!(exercise(&mut app).scroll, 0);
    assert!(screen(&app).join("\n").contains("Hint 1 of 2: first hint"));
}

#[test]
fn the_solution_unlocks_with_a_pass() {
    let mut app = opened(app(|_| {}), "fixture/wrong");
    assert_eq!(act(&mut app, Action::Solution), Reply::none());
    assert_eq!(
        app.notice.as_deref(),
        Some(
            "The reference solution of fixture/wrong unlocks once your solution has passed: `parlab check fixture/wrong`."
        )
    );
    app.progress
        .record_check("fixture/wrong", crate::grader::Outcome::Passed, None);
    app.progress
        .record_check("fixture/wrong", crate::grader::Outcome::WrongOutput, None);
    let read = Effect::ReadSolution("fixture/wrong".into());
    assert_eq!(act(&mut app, Action::Solution).effects, [read]);
    let text = Ok("fn solved() -> u64 {\n    500500\n}\n".to_owned());
    crate::tui::app::update(
        &mut app,
        Message::Solution {
            id: "fixture/wrong".into(),
            text,
        },
    );
    let shown = screen(&app).join("\n");
    assert!(
        shown.contains("Reference solution (r: the task)"),
        "{shown}"
    );
    assert!(shown.contains("fn solved() -> u64 {"), "{shown}");
    // r again, or Esc, goes back to the task.
    assert_eq!(act(&mut app, Action::Solution), Reply::none());
    assert!(!screen(&app).join("\n").contains("fn solved()"));
    exercise(&mut app).solution = Some(("# x\n".into(), Default::default()));
    assert_eq!(act(&mut app, Action::Back), Reply::none());
    assert!(exercise(&mut app).solution.is_none());
    assert!(
        matches!(app.screen, Screen::Exercise(_)),
        "still on the exercise"
    );
}

#[test]
fn the_help_names_the_solution_key() {
    assert!(
        crate::tui::keys::HELP
            .iter()
            .any(|(key, what)| *key == "r" && what.contains("reference solution"))
    );
}
