//! The TUI's model and its `update`: a pure state machine.
//!
//! The [`App`] keeps what every screen shares (the course, the progress,
//! the track, the terminal's size, colour, the notice line, the map) and the
//! [`Screen`] in front, whose state, update and view live in
//! [`crate::tui::screen`]. [`update`] routes each [`Message`] to the screen
//! it concerns and returns the [`Effect`]s for the runtime to do; it reads
//! no file, asks the machine nothing, and starts nothing. What it needs to
//! know of the world is given to it: read before the loop starts ([`Facts`])
//! or brought back by the runtime as a message.

mod facts;
mod message;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;

use super::keys::{self, Action};
use super::markdown;
use super::screen::{Ctx, Go, Reply, exercise, lesson, map};
use crate::course::{Course, Language};
use crate::progress::{Progress, Status};
// The screens' types, also under `app::` where the App and its tests name them.
pub use exercise::{ExerciseState, Panel, Running, WatchMode, open_exercise};
pub use facts::{Facts, Lessons, read_lesson};
pub use lesson::{DemoState, LessonState, open_lesson};
pub use map::{Entry, MapState};
pub use message::{CheckRun, DemoRun, Effect, Machine, Message};

pub struct App {
    pub course: Arc<Course>,
    pub progress: Progress,
    pub screen: Screen,
    pub map: MapState,
    pub help: bool,
    pub color: bool,
    pub hyperlinks: bool,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// A one-line notice for the status bar.
    pub notice: Option<String>,
    /// Modules whose requirement (MPI) this machine lacks, with the line
    /// that installs it. Filled by the runtime, which may probe the machine.
    pub unavailable: BTreeMap<String, String>,
    pub quit: bool,
    /// The track the map shows.
    pub track: Language,
    /// The track picker is open (on first start, and on `T`), with the
    /// highlighted choice.
    pub picking: Option<Language>,
    /// Why a track cannot run here (Python without python3), by track.
    pub track_notes: BTreeMap<Language, String>,
    /// The Markdown of the lessons read so far, as last read.
    pub lessons: Lessons,
    /// This machine's cores.
    pub cores: usize,
}

pub enum Screen {
    Map,
    Lesson(Box<LessonState>),
    Exercise(Box<ExerciseState>),
}

impl App {
    /// The model of `course`, with the [`Facts`] gathered here as the
    /// runtime gathers them (the runner asked for the cores, no lesson read).
    pub fn new(course: Arc<Course>, progress: Progress, size: (u16, u16), color: bool) -> App {
        let facts = Facts::gather();
        App::with_facts(course, progress, size, color, facts)
    }

    /// The model of `course` on `facts`: the map of the learner's track,
    /// where they left off; the track picker on a first start when the
    /// course offers two tracks.
    pub fn with_facts(
        course: Arc<Course>,
        progress: Progress,
        size: (u16, u16),
        color: bool,
        facts: Facts,
    ) -> App {
        let offered = course.tracks();
        let track = progress
            .track
            .filter(|t| offered.contains(t))
            .or(offered.first().copied())
            .unwrap_or(Language::Rust);
        let picking = (progress.track.is_none() && offered.len() > 1).then_some(track);
        let mut map = MapState::new(&course, track);
        if let Some(id) = &progress.last_opened {
            map.select(id);
        }
        App {
            course,
            progress,
            screen: Screen::Map,
            map,
            help: false,
            color,
            hyperlinks: false,
            size,
            notice: None,
            unavailable: BTreeMap::new(),
            quit: false,
            track,
            picking,
            track_notes: BTreeMap::new(),
            lessons: facts.lessons,
            cores: facts.cores,
        }
    }

    /// Shows `track` on the map from now on.
    pub fn set_track(&mut self, track: Language) {
        self.track = track;
        self.map = MapState::new(&self.course, track);
    }

    /// The exercises of the track the map shows.
    pub fn track_exercises(&self) -> impl Iterator<Item = &crate::course::Exercise> {
        self.course
            .exercises
            .iter()
            .filter(|e| e.language == self.track)
    }

    pub fn options(&self) -> markdown::Options {
        markdown::Options {
            width: self.size.0.saturating_sub(4).max(20),
            color: self.color,
            hyperlinks: self.hyperlinks,
        }
    }

    /// Rows available to a scrolling body (title and status bars aside).
    pub fn body_rows(&self) -> usize {
        usize::from(self.size.1.saturating_sub(4)).max(1)
    }

    pub fn status(&self, id: &str) -> Status {
        self.progress.status(id)
    }

    /// Whether a check, a scaling measurement or a demo is running.
    pub fn running(&self) -> bool {
        match &self.screen {
            Screen::Exercise(e) => e.running.is_some(),
            Screen::Lesson(l) => l.demo.as_ref().is_some_and(|d| d.running.is_some()),
            Screen::Map => false,
        }
    }

    /// The screen in front, and what it shares with the App.
    fn split(&mut self) -> (&mut Screen, Ctx<'_>) {
        let rows = self.body_rows();
        let ctx = Ctx {
            course: &self.course,
            progress: &self.progress,
            track: self.track,
            rows,
            notice: &mut self.notice,
        };
        (&mut self.screen, ctx)
    }
}

/// Applies one message; returns what the runtime must do.
pub fn update(app: &mut App, message: Message) -> Vec<Effect> {
    match message {
        Message::Key(key) => return on_key(app, key),
        Message::Scroll(lines) => scroll(app, lines),
        Message::Resize(w, h) => {
            app.size = (w, h);
            rerender(app);
        }
        Message::Check(event) => {
            if let Screen::Exercise(e) = &mut app.screen {
                exercise::on_event(e, event);
            }
        }
        Message::CheckDone(result) => {
            let result = result.map(exercise::Finished::Check);
            finished(app, result, "The check could not run");
        }
        Message::ScalingDone(result) => {
            finished(app, result.map(exercise::Finished::Scaling), "Scaling");
        }
        Message::Demo(event) => {
            if let Some(demo) = demo(app) {
                lesson::demo::on_event(demo, event);
            }
        }
        Message::DemoDone(result) => {
            if let Some(demo) = demo(app) {
                lesson::demo::on_done(demo, result);
            }
        }
        Message::FileChanged => return on_file_changed(app),
        Message::LessonText { id, text } => return lesson::on_text(app, id, text),
        Message::Progress(progress) => {
            let options = exercise::view::task_options(&app.options(), app.size);
            let rows = exercise::view::task_rows(app.size);
            if let Screen::Exercise(e) = &mut app.screen
                && let Some(x) = app.course.exercise(&e.id)
            {
                let shown = progress.exercises.get(&e.id).map_or(0, |p| p.hints_shown);
                e.show_hints(x, shown, &options, rows);
            }
            app.progress = progress;
        }
        Message::Solution { id, text } => {
            let options = exercise::view::task_options(&app.options(), app.size);
            if let (Screen::Exercise(e), mut ctx) = app.split()
                && e.id == id
            {
                exercise::on_solution(e, &mut ctx, text, &options);
            }
        }
        Message::Notice(text) => app.notice = Some(text),
        Message::Machine(machine) => {
            app.unavailable = machine.unavailable;
            app.track_notes.extend(machine.track_notes);
        }
    }
    Vec::new()
}

/// The demo shown over the lesson in front, if any.
fn demo(app: &mut App) -> Option<&mut DemoState> {
    match &mut app.screen {
        Screen::Lesson(l) => l.demo.as_mut(),
        _ => None,
    }
}

fn finished(app: &mut App, result: Result<exercise::Finished, String>, failed: &str) {
    if let (Screen::Exercise(e), mut ctx) = app.split() {
        exercise::finished(e, &mut ctx, result, failed);
    }
}

fn on_file_changed(app: &mut App) -> Vec<Effect> {
    match app.split() {
        (Screen::Exercise(e), mut ctx) => exercise::on_file_changed(e, &mut ctx),
        _ => Vec::new(),
    }
}

/// A key goes first to a screen that is being typed into or asks a
/// question, then to the track picker, then to the help overlay; otherwise
/// it is an action: quit and help here, the rest for the screen in front.
fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let taken = match app.split() {
        (Screen::Lesson(l), _) => lesson::on_key(l, key),
        (Screen::Exercise(e), mut ctx) => exercise::on_key(e, &mut ctx, key),
        (Screen::Map, _) => None,
    };
    if let Some(reply) = taken {
        return apply(app, reply);
    }
    if app.picking.is_some() {
        return map::on_picker_key(app, key);
    }
    let Some(action) = keys::action(key) else {
        return Vec::new();
    };
    app.notice = None;
    if app.help {
        app.help = matches!(action, Action::Up | Action::Down);
        return if action == Action::Quit {
            quit(app)
        } else {
            Vec::new()
        };
    }
    match action {
        Action::Quit => quit(app),
        Action::Help => {
            app.help = true;
            Vec::new()
        }
        _ => on_action(app, action),
    }
}

fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let reply = match app.split() {
        (Screen::Lesson(l), mut ctx) => lesson::on_action(l, &mut ctx, action),
        (Screen::Exercise(e), mut ctx) => exercise::on_action(e, &mut ctx, action),
        (Screen::Map, _) => return map::on_action(app, action),
    };
    apply(app, reply)
}

/// Does what a screen's reply asks of the App, and passes its effects on.
fn apply(app: &mut App, reply: Reply) -> Vec<Effect> {
    let mut effects = reply.effects;
    match reply.go {
        Go::Stay => {}
        Go::Map => app.screen = Screen::Map,
        Go::Quit => effects.extend(quit(app)),
    }
    effects
}

/// Quits, cancelling a running job first so that no process outlives it.
pub fn quit(app: &mut App) -> Vec<Effect> {
    app.quit = true;
    let mut effects = Vec::new();
    if app.running() {
        effects.push(Effect::CancelCheck);
    }
    effects.push(Effect::Quit);
    effects
}

/// The mouse wheel: scrolls the lesson or the task, moves on the map.
fn scroll(app: &mut App, lines: i32) {
    match &mut app.screen {
        Screen::Lesson(l) => l.scroll(lines),
        Screen::Exercise(e) => e.scroll(lines),
        Screen::Map => app.map.scroll(lines),
    }
}

/// Lays the Markdown in front out again, for a new size.
fn rerender(app: &mut App) {
    let options = app.options();
    let rows = lesson::view::text_rows(app.size);
    match &mut app.screen {
        Screen::Lesson(l) => l.relayout(&options, rows),
        Screen::Exercise(e) => {
            let options = exercise::view::task_options(&options, app.size);
            e.rerender(app.course.exercise(&e.id), &options);
        }
        Screen::Map => {}
    }
}
