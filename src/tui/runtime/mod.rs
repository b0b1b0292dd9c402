//! The TUI's runtime: terminal set-up and restore, the event loop, and the
//! effects `update` asks for. Checks run on a worker thread and stream
//! events back over a channel, so keys stay responsive; Esc sets the check's
//! cancel flag and the runner kills the whole process group.
//!
//! The terminal is restored on quit, on panic (ratatui's hook), and on
//! SIGTERM or SIGHUP (a flag the loop polls every tick).

use std::io::stdout;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use ratatui::crossterm::execute;

use super::app::{App, Effect, Message, WatchMode, update};
use super::view;
use crate::check::{self, CheckOptions};
use crate::course::Course;
use crate::progress::ProgressStore;
use crate::runner::{self, Variant};

const TICK: Duration = Duration::from_millis(50);
/// How often polling watch mode looks at the file.
const POLL: Duration = Duration::from_millis(500);

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
    let mut terminal = ratatui::try_init().context("failed to set up the terminal")?;
    let _ = execute!(stdout(), EnableMouseCapture);
    let size = terminal.size().unwrap_or_default();
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut app = App::new(course.clone(), progress, (size.width, size.height), color);
    app.notice = notice.map(|n| n.to_string());
    app.hyperlinks = hyperlinks_supported();
    app.unavailable = unavailable_modules(&course);
    if crate::runner::python::system_python().is_none()
        && std::env::var_os(crate::runner::python::PYTHON_ENV).is_none()
    {
        app.track_notes.insert(
            crate::course::Language::Python,
            format!(
                "unavailable here: python3 is missing. Install it with: {}",
                crate::doctor::python_install_line()
            ),
        );
    }
    let (tx, rx) = mpsc::channel();
    let mut runtime = Runtime {
        course,
        store,
        tx,
        check: None,
        watcher: None,
        polled: None,
    };
    let result = runtime.event_loop(&mut terminal, &mut app, &rx, &terminate);
    runtime.finish();
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

struct Runtime {
    course: Arc<Course>,
    store: ProgressStore,
    tx: Sender<Message>,
    check: Option<(JoinHandle<()>, Arc<AtomicBool>)>,
    watcher: Option<Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>>,
    /// Polling watch mode: the file, its last modification time, the last look.
    polled: Option<(PathBuf, Option<SystemTime>, Instant)>,
}

/// Modules whose requirement is missing here, with the install line.
pub fn unavailable_modules(course: &Course) -> std::collections::BTreeMap<String, String> {
    course
        .modules
        .iter()
        .filter_map(|m| {
            let line = m.requires.iter().find_map(|r| crate::doctor::missing(r))?;
            Some((m.id.clone(), line))
        })
        .collect()
}

fn modified(file: &std::path::Path) -> Option<SystemTime> {
    std::fs::metadata(file).and_then(|m| m.modified()).ok()
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
                    write_hyperlinks(app);
                }
                dirty = false;
            }
            if !warmed {
                warm_up_highlighting(&self.course, app.options().width);
                warmed = true;
            }
            if terminate.load(Ordering::Relaxed) || terminal_gone() {
                break;
            }
            if event::poll(TICK).context("failed to read the terminal")?
                && let Some(message) =
                    to_message(event::read().context("failed to read the terminal")?)
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

    fn dispatch(&mut self, terminal: &mut DefaultTerminal, app: &mut App, message: Message) {
        for effect in update(app, message) {
            if let Err(e) = self.perform(terminal, app, effect) {
                app.notice = Some(format!("{e:#}"));
            }
        }
    }

    fn perform(
        &mut self,
        terminal: &mut DefaultTerminal,
        app: &mut App,
        effect: Effect,
    ) -> Result<()> {
        match effect {
            Effect::StartCheck(id) => {
                let ranks = match &app.screen {
                    super::app::Screen::Exercise(e) => e.ranks,
                    _ => None,
                };
                self.start_check(&id, ranks, app.progress.dask_scheduler.clone())
            }
            Effect::StartScaling(id) => self.start_scaling(&id),
            Effect::StartDemo(id) => self.start_demo(&id, Some(app.track)),
            Effect::CancelCheck => {
                if let Some((_, cancel)) = &self.check {
                    cancel.store(true, Ordering::Relaxed);
                }
                Ok(())
            }
            Effect::Edit(id) => self.edit(terminal, app, &id),
            Effect::RevealHint(id) => {
                let total = self.course.exercise(&id).map_or(0, |e| e.hints.len());
                let (_, progress, _) = self.store.update(|p| p.reveal_hint(&id, total))?;
                self.send(Message::Progress(progress));
                Ok(())
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
                let (_, progress, _) = self.store.update(|p| p.opened(&id, is_lesson))?;
                self.send(Message::Progress(progress));
                Ok(())
            }
            Effect::SetTrack(track) => {
                let (_, progress, _) = self.store.update(|p| p.track = Some(track))?;
                self.send(Message::Progress(progress));
                Ok(())
            }
            Effect::SetDaskScheduler(address) => {
                let (_, progress, _) = self.store.update(|p| p.dask_scheduler = address)?;
                self.send(Message::Progress(progress));
                Ok(())
            }
            Effect::Quit => Ok(()),
        }
    }

    fn send(&self, message: Message) {
        let _ = self.tx.send(message);
    }

    /// `ranks`: the MPI ranks the learner chose, for an MPI exercise.
    fn start_check(
        &mut self,
        id: &str,
        ranks: Option<usize>,
        dask_scheduler: Option<String>,
    ) -> Result<()> {
        let exercise = self
            .course
            .exercise(id)
            .context("unknown exercise")?
            .clone();
        let cancel = Arc::new(AtomicBool::new(false));
        let options = CheckOptions {
            variant: Variant::Learner,
            cancel: cancel.clone(),
            workers: ranks,
            dask_scheduler: dask_scheduler.filter(|_| exercise.dask),
            ..CheckOptions::default()
        };
        let (course, store, tx) = (self.course.clone(), self.store.clone(), self.tx.clone());
        let handle = thread::Builder::new()
            .name("check".into())
            .spawn(move || {
                let events = tx.clone();
                let result = check::check(&course, &exercise, &options, &mut |e| {
                    let _ = events.send(Message::Check(e));
                });
                let result = result.map(Box::new).map_err(|e| format!("{e:#}"));
                if let Ok(report) = &result {
                    let saved = store
                        .update(|p| p.record_check(&exercise.id, report.outcome, report.speedup));
                    if let Ok((_, progress, _)) = saved {
                        let _ = tx.send(Message::Progress(progress));
                    }
                }
                let _ = tx.send(Message::CheckDone(result));
            })
            .context("failed to start the check")?;
        self.check = Some((handle, cancel));
        Ok(())
    }

    /// Runs the learner's solution at 1, 2, 4, ... workers up to the cores,
    /// on a worker thread, like a check (Esc cancels it the same way).
    fn start_scaling(&mut self, id: &str) -> Result<()> {
        let exercise = self
            .course
            .exercise(id)
            .context("unknown exercise")?
            .clone();
        let cancel = Arc::new(AtomicBool::new(false));
        let options = CheckOptions {
            variant: Variant::Learner,
            cancel: cancel.clone(),
            ..CheckOptions::default()
        };
        let (course, tx) = (self.course.clone(), self.tx.clone());
        let counts = crate::grader::scaling::default_counts(runner::cores());
        let handle = thread::Builder::new()
            .name("scaling".into())
            .spawn(move || {
                let events = tx.clone();
                let result = check::scaling(&course, &exercise, &options, &counts, &mut |e| {
                    let _ = events.send(Message::Check(e));
                });
                let result = result.map(Box::new).map_err(|e| format!("{e:#}"));
                let _ = tx.send(Message::ScalingDone(result));
            })
            .context("failed to start the scaling measurement")?;
        self.check = Some((handle, cancel));
        Ok(())
    }

    /// Runs a lesson's live demo on a worker thread; Esc cancels it.
    fn start_demo(&mut self, id: &str, track: Option<crate::course::Language>) -> Result<()> {
        let demo = self.course.demo(id).context("unknown demo")?.clone();
        let cancel = Arc::new(AtomicBool::new(false));
        let (course, tx, flag) = (self.course.clone(), self.tx.clone(), cancel.clone());
        let handle = thread::Builder::new()
            .name("demo".into())
            .spawn(move || {
                let events = tx.clone();
                let result = crate::demo::run_demo(&course, &demo, track, &flag, &mut |e| {
                    let _ = events.send(Message::Demo(e));
                });
                let result = result.map(Box::new).map_err(|e| format!("{e:#}"));
                let _ = tx.send(Message::DemoDone(result));
            })
            .context("failed to start the demo")?;
        self.check = Some((handle, cancel));
        Ok(())
    }

    /// Hands the terminal to the learner's editor and takes it back.
    fn edit(&mut self, terminal: &mut DefaultTerminal, app: &mut App, id: &str) -> Result<()> {
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
                app.notice = Some("Back from the editor. Press c to check.".into());
                Ok(())
            }
            Ok(s) => anyhow::bail!("{editor} ended with {s}"),
            Err(e) => {
                anyhow::bail!("cannot start the editor {editor:?} ({e}); set $VISUAL or $EDITOR")
            }
        }
    }

    /// Watches the exercise's file in `mode`. With events, the folder is
    /// watched and only saves of the file itself count, so editor swap and
    /// backup files never trigger a check. Polling compares modification
    /// times on the loop's ticks (see [`Runtime::poll_file`]).
    fn watch(&mut self, id: &str, mode: WatchMode) -> Result<()> {
        self.watcher = None;
        self.polled = None;
        let file = self
            .course
            .exercise(id)
            .context("unknown exercise")?
            .file
            .clone();
        match mode {
            WatchMode::Off => Ok(()),
            WatchMode::Polling => {
                self.polled = Some((file.clone(), modified(&file), Instant::now()));
                Ok(())
            }
            WatchMode::Events => self.watch_events(file),
        }
    }

    fn watch_events(&mut self, file: PathBuf) -> Result<()> {
        let dir = file
            .parent()
            .context("the exercise file has no folder")?
            .to_path_buf();
        let tx = self.tx.clone();
        let target = file.canonicalize().unwrap_or(file);
        let mut debouncer = new_debouncer(
            Duration::from_millis(300),
            move |result: DebounceEventResult| {
                let saved = result.is_ok_and(|events| {
                    events
                        .iter()
                        .any(|e| e.path.canonicalize().is_ok_and(|p| p == target))
                });
                if saved {
                    let _ = tx.send(Message::FileChanged);
                }
            },
        )
        .context("watch mode is not available here; press w again to poll instead")?;
        debouncer
            .watcher()
            .watch(&dir, RecursiveMode::NonRecursive)
            .with_context(|| {
                format!(
                    "cannot watch {}; press w again to poll instead",
                    dir.display()
                )
            })?;
        self.watcher = Some(debouncer);
        Ok(())
    }

    /// In polling mode: a changed modification time is a save.
    fn poll_file(&mut self) {
        let Some((file, seen, last)) = &mut self.polled else {
            return;
        };
        if last.elapsed() < POLL {
            return;
        }
        *last = Instant::now();
        let now = modified(file);
        if now != *seen {
            *seen = now;
            let _ = self.tx.send(Message::FileChanged);
        }
    }

    /// Stops a running check and waits for it, so no process outlives the TUI.
    fn finish(&mut self) {
        self.watcher = None;
        if let Some((handle, cancel)) = self.check.take() {
            cancel.store(true, Ordering::Relaxed);
            let _ = handle.join();
        }
    }
}

/// Highlighting a lesson's code the first time costs tens of milliseconds;
/// doing it for every lesson on a background thread at start-up (the result
/// is memoized) makes opening a lesson take about a millisecond.
fn warm_up_highlighting(course: &Arc<Course>, width: u16) {
    let course = course.clone();
    let _ = thread::Builder::new()
        .name("warm-up".into())
        .spawn(move || {
            let options = super::markdown::Options {
                width,
                color: true,
                hyperlinks: false,
            };
            for lesson in course.lessons() {
                if let Ok(text) = lesson.text() {
                    super::markdown::render(&text, &options);
                }
            }
        });
}

/// Writes the visible links again over themselves, wrapped in OSC 8, so a
/// terminal that supports it makes them clickable. ratatui's buffer never
/// holds the escape sequences, so its width bookkeeping stays right.
fn write_hyperlinks(app: &App) {
    use ratatui::crossterm::cursor::MoveTo;
    use ratatui::crossterm::queue;
    use ratatui::crossterm::style::{Attribute, Print, SetAttribute};
    use std::io::Write;
    let super::app::Screen::Lesson(lesson) = &app.screen else {
        return;
    };
    let area = ratatui::layout::Rect::new(0, 0, app.size.0, app.size.1);
    let mut out = stdout();
    for link in view::lesson::placed_links(lesson, view::body(area)) {
        let text = format!("\x1b]8;;{}\x1b\\{}\x1b]8;;\x1b\\", link.url, link.text);
        let _ = queue!(
            out,
            MoveTo(link.x, link.y),
            SetAttribute(Attribute::Underlined),
            Print(text),
            SetAttribute(Attribute::Reset)
        );
    }
    let _ = out.flush();
}

/// Whether to emit OSC 8 hyperlinks: `PARLAB_HYPERLINKS=1` or `0` decides;
/// otherwise terminals known to support them, outside tmux and screen
/// (which pass them on only when configured to).
pub fn hyperlinks_supported() -> bool {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    match var("PARLAB_HYPERLINKS").as_str() {
        "1" => return true,
        "0" => return false,
        _ => {}
    }
    if !var("TMUX").is_empty() || var("TERM").starts_with("screen") {
        return false;
    }
    let program = var("TERM_PROGRAM");
    ["iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper"].contains(&program.as_str())
        || var("VTE_VERSION").parse::<u32>().is_ok_and(|v| v >= 5000)
        || !var("KITTY_WINDOW_ID").is_empty()
        || !var("WT_SESSION").is_empty()
        || ["kitty", "foot", "alacritty"]
            .iter()
            .any(|t| var("TERM").contains(t))
}

/// True once the terminal has hung up (its window or tmux pane closed).
/// crossterm would then read end-of-file from standard input forever, so
/// the loop asks before every read and quits instead.
fn terminal_gone() -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let zero = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match poll(&mut fds, Some(&zero)) {
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => true,
    }
}

fn to_message(event: Event) -> Option<Message> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Message::Key(key)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Message::Scroll(3)),
            MouseEventKind::ScrollUp => Some(Message::Scroll(-3)),
            _ => None,
        },
        Event::Resize(w, h) => Some(Message::Resize(w, h)),
        _ => None,
    }
}
