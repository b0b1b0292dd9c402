//! The TUI's runtime: terminal set-up and restore, the event loop, and the
//! effects `update` asks for. It is the only part of the TUI that touches
//! the world: the terminal, files, the progress store, the editor, the file
//! watcher, and the worker threads of [`jobs`].
//!
//! Each turn of the loop draws the App if it changed, then turns a terminal
//! event into a [`Message`], looks at a polled file, and drains the channel
//! on which workers, the watcher and effects send theirs. Each message goes
//! through `update`, and each effect it returns is performed here with what
//! the effect carries; results come back as messages on the same channel.
//!
//! The terminal is restored on quit, on panic (ratatui's hook), and on
//! SIGTERM or SIGHUP (a flag the loop polls every tick).

mod jobs;
mod terminal;
mod watch;

use std::collections::BTreeMap;
use std::io::stdout;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use notify_debouncer_mini::Debouncer;
use notify_debouncer_mini::notify::RecommendedWatcher;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use super::app::{App, Effect, Facts, Machine, Message, read_lesson, update};
use super::view;
use crate::course::{Course, Language};
use crate::progress::ProgressStore;
use crate::runner;
use jobs::Job;

const TICK: Duration = Duration::from_millis(50);

/// Opens the TUI on `course` and returns when the learner quits.
pub fn run(course: Course) -> Result<()> {
    let course = Arc::new(course);
    let store = ProgressStore::new(&course.state_dir());
    let (progress, notice) = store.load()?;
    let terminate = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, terminate.clone())
            .context("failed to handle SIGTERM")?;
    }
    let facts = Facts::gather();
    let mut terminal = ratatui::try_init().context("failed to set up the terminal")?;
    let _ = execute!(stdout(), EnableMouseCapture);
    let size = terminal.size().unwrap_or_default();
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let size = (size.width, size.height);
    let mut app = App::with_facts(course.clone(), progress, size, color, facts);
    app.notice = notice.map(|n| n.to_string());
    app.hyperlinks = terminal::hyperlinks_supported();
    let (tx, rx) = mpsc::channel();
    learn_the_machine(course.clone(), tx.clone());
    let mut runtime = Runtime {
        course,
        store,
        tx,
        job: None,
        watcher: None,
        polled: None,
    };
    let result = runtime.event_loop(&mut terminal, &mut app, &rx, &terminate);
    runtime.finish();
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

/// Asks this machine, on a thread of its own, what the map must say it
/// lacks: the modules it cannot run and a track it cannot run. The tools it
/// runs (`mpirun --version`, `python3 --version` through a version manager's
/// shim) take from tens of milliseconds to a second, which the first frame
/// does not wait for; the answer arrives as [`Message::Machine`].
fn learn_the_machine(course: Arc<Course>, tx: Sender<Message>) {
    let _ = std::thread::Builder::new()
        .name("machine".into())
        .spawn(move || {
            let _ = tx.send(Message::Machine(machine(&course)));
        });
}

fn machine(course: &Course) -> Machine {
    let mut machine = Machine {
        unavailable: unavailable_modules(course),
        ..Machine::default()
    };
    if runner::python::system_python().is_none()
        && std::env::var_os(runner::python::PYTHON_ENV).is_none()
    {
        machine.track_notes.insert(
            Language::Python,
            format!(
                "unavailable here: python3 is missing. Install it with: {}",
                crate::doctor::python_install_line()
            ),
        );
    }
    machine
}

struct Runtime {
    course: Arc<Course>,
    store: ProgressStore,
    tx: Sender<Message>,
    /// The check, scaling measurement or demo in flight.
    job: Option<Job>,
    watcher: Option<Debouncer<RecommendedWatcher>>,
    /// Polling watch mode: the file, its last modification time, the last look.
    polled: Option<(PathBuf, Option<SystemTime>, Instant)>,
}

/// Modules whose requirement is missing here, with the install line.
fn unavailable_modules(course: &Course) -> BTreeMap<String, String> {
    course
        .modules
        .iter()
        .filter_map(|m| {
            let line = m.requires.iter().find_map(|r| crate::doctor::missing(r))?;
            Some((m.id.clone(), line))
        })
        .collect()
}

impl Runtime {
    fn event_loop(
        &mut self,
        terminal: &mut DefaultTerminal,
        app: &mut App,
        rx: &Receiver<Message>,
        terminate: &AtomicBool,
    ) -> Result<()> {
        let mut dirty = true;
        let mut warmed = false;
        while !app.quit {
            if dirty {
                terminal
                    .draw(|frame| view::draw(frame, app))
                    .context("failed to draw")?;
                if app.hyperlinks {
                    terminal::write_hyperlinks(app);
                }
                dirty = false;
            }
            if !warmed {
                terminal::warm_up_highlighting(app);
                warmed = true;
            }
            if terminate.load(Ordering::Relaxed) || terminal::gone() {
                break;
            }
            if event::poll(TICK).context("failed to read the terminal")?
                && let Some(message) =
                    terminal::to_message(event::read().context("failed to read the terminal")?)
            {
                self.dispatch(terminal, app, message);
                dirty = true;
            }
            self.poll_file();
            while let Ok(message) = rx.try_recv() {
                self.dispatch(terminal, app, message);
                dirty = true;
            }
        }
        Ok(())
    }

    /// Runs `message` through `update` and performs the effects; an effect
    /// that fails says why in the notice.
    fn dispatch(&mut self, terminal: &mut DefaultTerminal, app: &mut App, message: Message) {
        for effect in update(app, message) {
            if let Err(e) = self.perform(terminal, effect) {
                update(app, Message::Notice(format!("{e:#}")));
            }
        }
    }

    fn perform(&mut self, terminal: &mut DefaultTerminal, effect: Effect) -> Result<()> {
        match effect {
            Effect::StartCheck(run) => self.start_check(run),
            Effect::StartScaling(id) => self.start_scaling(&id),
            Effect::StartDemo(run) => self.start_demo(run),
            Effect::CancelCheck => {
                if let Some(job) = &self.job {
                    job.cancel.store(true, Ordering::Relaxed);
                }
                Ok(())
            }
            Effect::Edit(id) => self.edit(terminal, &id),
            Effect::RevealHint(id) => {
                let total = self.course.exercise(&id).map_or(0, |e| e.hints.len());
                self.save(|p| {
                    p.reveal_hint(&id, total);
                })
            }
            Effect::Reset(id) => {
                let exercise = self.course.exercise(&id).context("unknown exercise")?;
                let backup = crate::reset::reset(&self.course, exercise)?;
                let kept = backup
                    .map(|p| format!(" Your version is in {}.", p.display()))
                    .unwrap_or_default();
                self.send(Message::Notice(format!("Restored the starter.{kept}")));
                Ok(())
            }
            Effect::Watch(id, mode) => self.watch(&id, mode),
            Effect::Opened(id) => {
                let is_lesson = self.course.lesson(&id).is_some();
                self.save(|p| p.opened(&id, is_lesson))
            }
            Effect::ReadSolution(id) => {
                let exercise = self.course.exercise(&id).context("unknown exercise")?;
                let text = std::fs::read_to_string(&exercise.reference)
                    .map_err(|e| format!("failed to read {}: {e}", exercise.reference.display()));
                self.send(Message::Solution { id, text });
                Ok(())
            }
            Effect::ReadLesson(id) => {
                if let Some(lesson) = self.course.lesson(&id) {
                    let text = read_lesson(lesson);
                    self.send(Message::LessonText { id, text });
                }
                Ok(())
            }
            Effect::SetTrack(track) => self.save(|p| p.track = Some(track)),
            Effect::SetDaskScheduler(address) => self.save(|p| p.dask_scheduler = address),
            Effect::Quit => Ok(()),
        }
    }

    /// Changes the stored progress and sends the App what was saved.
    fn save(&self, change: impl FnOnce(&mut crate::progress::Progress)) -> Result<()> {
        let (_, progress, _) = self.store.update(change)?;
        self.send(Message::Progress(progress));
        Ok(())
    }

    fn send(&self, message: Message) {
        let _ = self.tx.send(message);
    }

    /// Hands the terminal to the learner's editor and takes it back.
    fn edit(&mut self, terminal: &mut DefaultTerminal, id: &str) -> Result<()> {
        let file: PathBuf = self
            .course
            .exercise(id)
            .context("unknown exercise")?
            .file
            .clone();
        let editor = runner::editor();
        let _ = execute!(stdout(), DisableMouseCapture);
        ratatui::restore();
        let status = runner::interactive(&editor, &file);
        *terminal = ratatui::try_init().context("failed to take the terminal back")?;
        let _ = execute!(stdout(), EnableMouseCapture);
        terminal.clear().context("failed to redraw")?;
        match status {
            Ok(s) if s.success() => {
                self.send(Message::Notice(
                    "Back from the editor. Press c to check.".into(),
                ));
                Ok(())
            }
            Ok(s) => anyhow::bail!("{editor} ended with {s}"),
            Err(e) => {
                anyhow::bail!("cannot start the editor {editor:?} ({e}); set $VISUAL or $EDITOR")
            }
        }
    }

    /// Stops a running job and waits for it, so no process outlives the TUI.
    fn finish(&mut self) {
        self.watcher = None;
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
            let _ = job.handle.join();
        }
    }
}
