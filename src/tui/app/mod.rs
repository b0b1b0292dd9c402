//! The TUI's model and its `update`: a pure state machine. Keys and worker
//! events come in as [`Message`]s; anything that touches the world (files,
//! processes, the terminal) goes out as [`Effect`]s for the runtime to do.

use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;

use super::keys::{self, Action};
use super::markdown::{self, Rendered};
use crate::check::{Event, Report, ScalingReport};
use crate::course::Course;
use crate::course::Language;
use crate::demo::{DemoEvent, DemoReport};
use crate::progress::{Progress, Status};

/// Lines kept of a running program's output.
const OUTPUT_LINES: usize = 400;

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
    pub unavailable: std::collections::BTreeMap<String, String>,
    pub quit: bool,
    /// The track the map shows.
    pub track: Language,
    /// The track picker is open (on first start, and on `T`), with the
    /// highlighted choice.
    pub picking: Option<Language>,
    /// Why a track cannot run here (Python without python3), by track.
    pub track_notes: std::collections::BTreeMap<Language, String>,
}

pub enum Screen {
    Map,
    Lesson(Box<LessonState>),
    Exercise(Box<ExerciseState>),
}

/// One row of the course map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Module(String),
    Lesson(String),
    Exercise(String),
}

pub struct MapState {
    pub entries: Vec<Entry>,
    pub selected: usize,
}

pub struct LessonState {
    pub id: String,
    pub text: String,
    pub rendered: Rendered,
    pub scroll: usize,
    /// The table of contents, open, with its selected heading.
    pub contents: Option<usize>,
    pub search: Search,
    /// A live demo, shown over the lesson while it runs and after.
    pub demo: Option<DemoState>,
}

pub struct DemoState {
    pub id: String,
    pub title: String,
    pub about: String,
    /// What it is doing, while it runs.
    pub running: Option<String>,
    pub report: Option<DemoReport>,
    pub error: Option<String>,
}

#[derive(Default)]
pub struct Search {
    /// Being typed, after `/`.
    pub input: Option<String>,
    pub query: String,
    pub matches: Vec<usize>,
    pub current: usize,
}

pub struct ExerciseState {
    pub id: String,
    pub task: Rendered,
    pub scroll: usize,
    pub hints_shown: usize,
    pub report: Option<Report>,
    /// The last scaling measurement, drawn as a chart.
    pub scaling: Option<ScalingReport>,
    /// Which of the two the result panel shows: the latest to finish.
    pub panel: Panel,
    pub running: Option<Running>,
    pub output: Vec<String>,
    pub watch: WatchMode,
    pub confirm_reset: bool,
    /// For an MPI exercise: the ranks checks run on (the cores at first).
    pub ranks: Option<usize>,
    /// For a Dask exercise: the scheduler address being typed, after `D`.
    pub cluster_input: Option<String>,
}

/// What the exercise screen's result panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Verdict,
    Scaling,
}

/// How saves of the exercise file are noticed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchMode {
    /// Manual: the learner presses `c`.
    Off,
    /// File-system events (inotify and the like).
    Events,
    /// Looking at the file's modification time twice a second, for file
    /// systems whose events never arrive (network mounts, some containers).
    Polling,
}

impl WatchMode {
    pub fn next(self) -> WatchMode {
        match self {
            WatchMode::Off => WatchMode::Events,
            WatchMode::Events => WatchMode::Polling,
            WatchMode::Polling => WatchMode::Off,
        }
    }
}

/// A check in flight.
pub struct Running {
    pub phase: String,
    pub cancelling: bool,
}

pub enum Message {
    Key(KeyEvent),
    /// Mouse wheel: lines, negative upwards.
    Scroll(i32),
    Resize(u16, u16),
    Check(Event),
    CheckDone(Result<Box<Report>, String>),
    ScalingDone(Result<Box<ScalingReport>, String>),
    Demo(DemoEvent),
    DemoDone(Result<Box<DemoReport>, String>),
    /// The watched exercise file was saved.
    FileChanged,
    /// Progress as saved by the runtime.
    Progress(Progress),
    Notice(String),
}

#[derive(Debug, PartialEq)]
pub enum Effect {
    StartCheck(String),
    /// Measure speedup at 1, 2, 4, ... workers up to the cores.
    StartScaling(String),
    /// Run the live demo with this id.
    StartDemo(String),
    CancelCheck,
    Edit(String),
    RevealHint(String),
    Reset(String),
    /// Watch this exercise's file in this mode (`Off` stops watching).
    Watch(String, WatchMode),
    /// The learner opened this lesson or exercise.
    Opened(String),
    /// The learner chose this track.
    SetTrack(Language),
    /// Dask exercises run on the cluster at this address (`None`: local).
    SetDaskScheduler(Option<String>),
    Quit,
}

impl App {
    pub fn new(course: Arc<Course>, progress: Progress, size: (u16, u16), color: bool) -> App {
        let offered = course.tracks();
        let track = progress
            .track
            .filter(|t| offered.contains(t))
            .unwrap_or(offered[0]);
        let picking = (progress.track.is_none() && offered.len() > 1).then_some(track);
        let entries = map_entries(&course, track);
        let selected = progress
            .last_opened
            .as_ref()
            .and_then(|id| {
                entries
                    .iter()
                    .position(|e| entry_id(e) == Some(id.as_str()))
            })
            .or_else(|| entries.iter().position(|e| !matches!(e, Entry::Module(_))))
            .unwrap_or(0);
        App {
            course,
            progress,
            screen: Screen::Map,
            map: MapState { entries, selected },
            help: false,
            color,
            hyperlinks: false,
            size,
            notice: None,
            unavailable: Default::default(),
            quit: false,
            track,
            picking,
            track_notes: Default::default(),
        }
    }

    /// Shows `track` on the map from now on.
    pub fn set_track(&mut self, track: Language) {
        self.track = track;
        self.map.entries = map_entries(&self.course, track);
        self.map.selected = self
            .map
            .entries
            .iter()
            .position(|e| !matches!(e, Entry::Module(_)))
            .unwrap_or(0);
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

    pub fn running(&self) -> bool {
        match &self.screen {
            Screen::Exercise(e) => e.running.is_some(),
            Screen::Lesson(l) => l.demo.as_ref().is_some_and(|d| d.running.is_some()),
            Screen::Map => false,
        }
    }
}

fn entry_id(entry: &Entry) -> Option<&str> {
    match entry {
        Entry::Module(_) => None,
        Entry::Lesson(id) | Entry::Exercise(id) => Some(id),
    }
}

fn map_entries(course: &Course, track: Language) -> Vec<Entry> {
    let mut entries = Vec::new();
    for module in course.modules.iter().filter(|m| m.in_track(track)) {
        entries.push(Entry::Module(module.id.clone()));
        entries.extend(module.lessons.iter().map(|l| Entry::Lesson(l.id.clone())));
        entries.extend(
            module
                .exercises
                .iter()
                .filter(|id| course.exercise(id).is_some_and(|e| e.language == track))
                .cloned()
                .map(Entry::Exercise),
        );
    }
    entries
}

/// Applies one message; returns what the runtime must do.
pub fn update(app: &mut App, message: Message) -> Vec<Effect> {
    match message {
        Message::Key(key) => on_key(app, key),
        Message::Scroll(lines) => {
            scroll(app, lines);
            Vec::new()
        }
        Message::Resize(w, h) => {
            app.size = (w, h);
            rerender(app);
            Vec::new()
        }
        Message::Check(event) => {
            on_check_event(app, event);
            Vec::new()
        }
        Message::CheckDone(result) => on_check_done(app, result),
        Message::ScalingDone(result) => on_scaling_done(app, result),
        Message::Demo(event) => {
            if let Screen::Lesson(l) = &mut app.screen
                && let Some(demo) = &mut l.demo
                && let Some(phase) = &mut demo.running
            {
                *phase = match event {
                    DemoEvent::Building => "building the demo's Rust program...".into(),
                    DemoEvent::Preparing(line) => line,
                    DemoEvent::Running { label } => format!("running: {label}"),
                };
            }
            Vec::new()
        }
        Message::DemoDone(result) => {
            if let Screen::Lesson(l) = &mut app.screen
                && let Some(demo) = &mut l.demo
            {
                demo.running = None;
                match result {
                    Ok(report) => demo.report = Some(*report),
                    Err(e) => demo.error = Some(e),
                }
            }
            Vec::new()
        }
        Message::FileChanged => on_file_changed(app),
        Message::Progress(progress) => {
            if let Screen::Exercise(e) = &mut app.screen {
                e.hints_shown = progress.exercises.get(&e.id).map_or(0, |p| p.hints_shown);
            }
            app.progress = progress;
            Vec::new()
        }
        Message::Notice(text) => {
            app.notice = Some(text);
            Vec::new()
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if let Screen::Lesson(lesson) = &mut app.screen
        && lesson.search.input.is_some()
    {
        search_input(lesson, key);
        return Vec::new();
    }
    if let Screen::Exercise(e) = &mut app.screen
        && e.cluster_input.is_some()
    {
        return cluster_input(app, key);
    }
    if let Screen::Exercise(e) = &mut app.screen
        && e.confirm_reset
    {
        e.confirm_reset = false;
        return match keys::answer(key) {
            Action::Yes => vec![Effect::Reset(e.id.clone())],
            Action::Quit => quit(app),
            _ => {
                app.notice = Some("Reset cancelled; your file is unchanged.".into());
                Vec::new()
            }
        };
    }
    if app.picking.is_some() {
        return pick_action(app, key);
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
        _ => match &app.screen {
            Screen::Map => map_action(app, action),
            Screen::Lesson(_) => lesson_action(app, action),
            Screen::Exercise(_) => exercise_action(app, action),
        },
    }
}

fn quit(app: &mut App) -> Vec<Effect> {
    app.quit = true;
    let mut effects = Vec::new();
    if app.running() {
        effects.push(Effect::CancelCheck);
    }
    effects.push(Effect::Quit);
    effects
}

fn map_action(app: &mut App, action: Action) -> Vec<Effect> {
    let last = app.map.entries.len().saturating_sub(1);
    let page = app.body_rows();
    let m = &mut app.map;
    match action {
        Action::Up => m.selected = m.selected.saturating_sub(1),
        Action::Down => m.selected = (m.selected + 1).min(last),
        Action::PageUp => m.selected = m.selected.saturating_sub(page),
        Action::PageDown => m.selected = (m.selected + page).min(last),
        Action::Top => m.selected = 0,
        Action::Bottom => m.selected = last,
        Action::Open => return open_entry(app),
        Action::Track => app.picking = Some(app.track),
        Action::Back => {}
        _ => {}
    }
    Vec::new()
}

/// A key while the track picker is open: move, pick, or close it.
fn pick_action(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let offered = app.course.tracks();
    let Some(current) = app.picking else {
        return Vec::new();
    };
    let at = offered.iter().position(|t| *t == current).unwrap_or(0);
    let chosen = match keys::pick(key) {
        Some(Action::PickRust) => Some(Language::Rust),
        Some(Action::PickPython) => Some(Language::Python),
        Some(Action::Open) => Some(current),
        Some(Action::Up) => {
            app.picking = Some(offered[at.saturating_sub(1)]);
            None
        }
        Some(Action::Down) => {
            app.picking = Some(offered[(at + 1).min(offered.len() - 1)]);
            None
        }
        Some(Action::Quit) => return quit(app),
        // Esc keeps the track shown (the default until one is chosen).
        Some(Action::Back) => Some(app.track),
        _ => None,
    };
    let Some(track) = chosen.filter(|t| offered.contains(t)) else {
        return Vec::new();
    };
    app.picking = None;
    app.set_track(track);
    app.notice = Some(match app.track_notes.get(&track) {
        Some(note) => format!("{} track: {note}", track.title()),
        None => format!("{} track. Press T on the map to switch.", track.title()),
    });
    vec![Effect::SetTrack(track)]
}

fn open_entry(app: &mut App) -> Vec<Effect> {
    match app.map.entries.get(app.map.selected).cloned() {
        Some(Entry::Lesson(id)) => open_lesson(app, &id),
        Some(Entry::Exercise(id)) => open_exercise(app, &id),
        _ => Vec::new(),
    }
}

pub fn open_lesson(app: &mut App, id: &str) -> Vec<Effect> {
    let Some(lesson) = app.course.lesson(id) else {
        return Vec::new();
    };
    let text = match lesson.text() {
        Ok(text) => text,
        Err(e) => {
            app.notice = Some(format!("cannot read {}: {e}", lesson.path.display()));
            return Vec::new();
        }
    };
    let rendered = markdown::render(&text, &app.options());
    app.screen = Screen::Lesson(Box::new(LessonState {
        id: id.to_owned(),
        text,
        rendered,
        scroll: 0,
        contents: None,
        search: Search::default(),
        demo: None,
    }));
    vec![Effect::Opened(id.to_owned())]
}

pub fn open_exercise(app: &mut App, id: &str) -> Vec<Effect> {
    let Some(exercise) = app.course.exercise(id) else {
        return Vec::new();
    };
    let hints_shown = app.progress.exercises.get(id).map_or(0, |p| p.hints_shown);
    let task = markdown::render(&exercise_markdown(exercise), &app.options());
    app.screen = Screen::Exercise(Box::new(ExerciseState {
        id: id.to_owned(),
        task,
        scroll: 0,
        hints_shown,
        report: None,
        scaling: None,
        panel: Panel::Verdict,
        running: None,
        output: Vec::new(),
        watch: WatchMode::Off,
        confirm_reset: false,
        cluster_input: None,
        ranks: exercise.mpi.then(crate::runner::cores),
    }));
    vec![Effect::Opened(id.to_owned())]
}

/// The exercise's task as Markdown: what to edit, the task, the grading.
pub fn exercise_markdown(e: &crate::course::Exercise) -> String {
    let grading = match e.efficiency {
        Some(eff) => format!(
            "Graded on output and speedup: at least {:.0}% parallel efficiency.",
            eff * 100.0
        ),
        None => "Graded on output.".to_owned(),
    };
    format!(
        "# {}\n\nEdit `exercises/{}`, then press `c` to check it.\n\n{}\n\n{grading}\n",
        e.title,
        e.file_rel.display(),
        e.task.trim()
    )
}

fn rerender(app: &mut App) {
    let options = app.options();
    match &mut app.screen {
        Screen::Lesson(l) => l.rendered = markdown::render(&l.text, &options),
        Screen::Exercise(e) => {
            if let Some(ex) = app.course.exercise(&e.id) {
                e.task = markdown::render(&exercise_markdown(ex), &options);
            }
        }
        Screen::Map => {}
    }
}

fn scroll_by(pos: &mut usize, lines: i32, max: usize) {
    let next = (*pos as i64 + i64::from(lines)).clamp(0, max as i64);
    *pos = next as usize;
}

fn scroll(app: &mut App, lines: i32) {
    let rows = app.body_rows();
    match &mut app.screen {
        Screen::Lesson(l) => scroll_by(
            &mut l.scroll,
            lines,
            l.rendered.lines.len().saturating_sub(rows),
        ),
        Screen::Exercise(e) => scroll_by(&mut e.scroll, lines, e.task.lines.len()),
        Screen::Map => {
            let last = app.map.entries.len().saturating_sub(1);
            scroll_by(&mut app.map.selected, lines.signum(), last);
        }
    }
}

fn lesson_action(app: &mut App, action: Action) -> Vec<Effect> {
    let rows = app.body_rows();
    let course = app.course.clone();
    let Screen::Lesson(l) = &mut app.screen else {
        return Vec::new();
    };
    if let Some(selected) = l.contents {
        return contents_action(app, action, selected);
    }
    if let Some(demo) = &mut l.demo {
        return match action {
            Action::Back if demo.running.is_some() => {
                demo.running = Some("cancelling...".into());
                vec![Effect::CancelCheck]
            }
            Action::Back | Action::Demo => {
                l.demo = None;
                Vec::new()
            }
            _ => Vec::new(),
        };
    }
    let max = l.rendered.lines.len().saturating_sub(rows);
    let page = rows.saturating_sub(2).max(1) as i32;
    match action {
        Action::Up => scroll_by(&mut l.scroll, -1, max),
        Action::Down => scroll_by(&mut l.scroll, 1, max),
        Action::PageUp => scroll_by(&mut l.scroll, -page, max),
        Action::PageDown => scroll_by(&mut l.scroll, page, max),
        Action::Top => l.scroll = 0,
        Action::Bottom => l.scroll = max,
        Action::Contents if !l.rendered.headings.is_empty() => {
            let here = l
                .rendered
                .headings
                .iter()
                .rposition(|h| h.line <= l.scroll)
                .unwrap_or(0);
            l.contents = Some(here);
        }
        Action::NextHeading => {
            if let Some(h) = l.rendered.headings.iter().find(|h| h.line > l.scroll) {
                l.scroll = h.line.min(max);
            }
        }
        Action::PrevHeading => {
            if let Some(h) = l.rendered.headings.iter().rev().find(|h| h.line < l.scroll) {
                l.scroll = h.line;
            }
        }
        Action::Search => l.search.input = Some(String::new()),
        Action::Demo => {
            let bottom = l.scroll + rows;
            let near = l
                .rendered
                .demos
                .iter()
                .rev()
                .find(|(_, line)| *line < bottom)
                .or(l.rendered.demos.first());
            match near {
                Some((id, _)) => {
                    let (title, about) = course
                        .demo(id)
                        .map(|d| (d.title.clone(), d.about_for(Some(app.track)).to_owned()))
                        .unwrap_or_else(|| (id.clone(), String::new()));
                    l.demo = Some(DemoState {
                        id: id.clone(),
                        title,
                        about,
                        running: Some("starting...".into()),
                        report: None,
                        error: None,
                    });
                    return vec![Effect::StartDemo(id.clone())];
                }
                None => app.notice = Some("This lesson has no live demo.".into()),
            }
        }
        Action::NextMatch => jump_match(l, 1, max),
        Action::PrevMatch => jump_match(l, -1, max),
        Action::Back => app.screen = Screen::Map,
        _ => {}
    }
    Vec::new()
}

fn contents_action(app: &mut App, action: Action, selected: usize) -> Vec<Effect> {
    let rows = app.body_rows();
    let Screen::Lesson(l) = &mut app.screen else {
        return Vec::new();
    };
    let last = l.rendered.headings.len().saturating_sub(1);
    match action {
        Action::Up => l.contents = Some(selected.saturating_sub(1)),
        Action::Down => l.contents = Some((selected + 1).min(last)),
        Action::Open => {
            let max = l.rendered.lines.len().saturating_sub(rows);
            l.scroll = l.rendered.headings[selected].line.min(max);
            l.contents = None;
        }
        Action::Back | Action::Contents => l.contents = None,
        _ => {}
    }
    Vec::new()
}

fn search_input(l: &mut LessonState, key: KeyEvent) {
    use ratatui::crossterm::event::KeyCode;
    let Some(input) = &mut l.search.input else {
        return;
    };
    match key.code {
        KeyCode::Esc => l.search.input = None,
        KeyCode::Enter => {
            l.search.query = std::mem::take(input);
            l.search.input = None;
            l.search.matches = find(&l.rendered, &l.search.query);
            l.search.current = l
                .search
                .matches
                .iter()
                .position(|&m| m >= l.scroll)
                .unwrap_or(0);
            if let Some(&line) = l.search.matches.get(l.search.current) {
                l.scroll = line;
            }
        }
        KeyCode::Backspace => {
            input.pop();
        }
        KeyCode::Char(c) => input.push(c),
        _ => {}
    }
}

/// Lines whose text contains `query`, ignoring case.
pub fn find(rendered: &Rendered, query: &str) -> Vec<usize> {
    if query.is_empty() {
        return Vec::new();
    }
    let query = query.to_lowercase();
    rendered
        .lines
        .iter()
        .enumerate()
        .filter(|(_, line)| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            text.to_lowercase().contains(&query)
        })
        .map(|(i, _)| i)
        .collect()
}

fn jump_match(l: &mut LessonState, step: i64, max: usize) {
    let n = l.search.matches.len();
    if n == 0 {
        return;
    }
    l.search.current = (l.search.current as i64 + step).rem_euclid(n as i64) as usize;
    l.scroll = l.search.matches[l.search.current].min(max);
}

fn exercise_action(app: &mut App, action: Action) -> Vec<Effect> {
    let rows = app.body_rows();
    let Screen::Exercise(e) = &mut app.screen else {
        return Vec::new();
    };
    let max = e.task.lines.len().saturating_sub(1);
    match action {
        Action::Up => scroll_by(&mut e.scroll, -1, max),
        Action::Down => scroll_by(&mut e.scroll, 1, max),
        Action::PageUp => scroll_by(&mut e.scroll, -(rows as i32 / 2), max),
        Action::PageDown => scroll_by(&mut e.scroll, rows as i32 / 2, max),
        Action::Top => e.scroll = 0,
        Action::Bottom => e.scroll = max,
        Action::Check if e.running.is_none() => return start_check(e),
        Action::Scaling if e.running.is_none() => {
            e.running = Some(Running {
                phase: "starting the scaling measurement...".into(),
                cancelling: false,
            });
            e.output.clear();
            return vec![Effect::StartScaling(e.id.clone())];
        }
        Action::Check | Action::Scaling => {
            app.notice = Some("A check is already running; Esc cancels it.".into())
        }
        Action::Back if e.running.is_some() => {
            if let Some(r) = &mut e.running {
                r.cancelling = true;
                r.phase = "cancelling...".into();
            }
            return vec![Effect::CancelCheck];
        }
        Action::Back => {
            let effects = if e.watch == WatchMode::Off {
                Vec::new()
            } else {
                vec![Effect::Watch(e.id.clone(), WatchMode::Off)]
            };
            app.screen = Screen::Map;
            return effects;
        }
        Action::Hint => return vec![Effect::RevealHint(e.id.clone())],
        Action::MoreRanks | Action::FewerRanks => match &mut e.ranks {
            Some(ranks) => {
                *ranks = if action == Action::MoreRanks {
                    (*ranks + 1).min(256)
                } else {
                    ranks.saturating_sub(1).max(1)
                };
                app.notice = Some(format!("Checks will run on {ranks} MPI rank(s)."));
            }
            None => app.notice = Some("Ranks are for MPI exercises.".into()),
        },
        Action::Reset if e.running.is_none() => {
            e.confirm_reset = true;
        }
        Action::Cluster => {
            if app.course.exercise(&e.id).is_some_and(|x| x.dask) {
                e.cluster_input = Some(app.progress.dask_scheduler.clone().unwrap_or_default());
            } else {
                app.notice = Some("A cluster is for Dask exercises.".into());
            }
        }
        Action::Edit if e.running.is_none() => return vec![Effect::Edit(e.id.clone())],
        Action::Watch => {
            e.watch = e.watch.next();
            app.notice = Some(match e.watch {
                WatchMode::Events => "Watch mode: the exercise is checked each time you save it (w again: by polling, for file systems without change events).".into(),
                WatchMode::Polling => "Watch mode, polling: the file is looked at twice a second (w again: off).".into(),
                WatchMode::Off => "Watch mode off: press c to check.".into(),
            });
            return vec![Effect::Watch(e.id.clone(), e.watch)];
        }
        _ => {}
    }
    Vec::new()
}

/// A key while the Dask scheduler's address is typed: Enter saves it (an
/// empty one means a local cluster), Esc leaves the setting as it was.
fn cluster_input(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    use ratatui::crossterm::event::KeyCode;
    let Screen::Exercise(e) = &mut app.screen else {
        return Vec::new();
    };
    let Some(input) = &mut e.cluster_input else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            e.cluster_input = None;
            app.notice = Some("The cluster is unchanged.".into());
        }
        KeyCode::Enter => {
            let address = input.trim().to_owned();
            if address.is_empty() {
                e.cluster_input = None;
                app.notice =
                    Some("Dask exercises run on a local cluster of this machine's cores.".into());
                return vec![Effect::SetDaskScheduler(None)];
            }
            if let Some(why) = crate::check::bad_scheduler_address(&address) {
                app.notice = Some(why);
                return Vec::new();
            }
            e.cluster_input = None;
            app.notice = Some(format!(
                "Dask exercises run on the cluster at {address}: its speed is shown, not graded. D and an empty address go back to a local cluster."
            ));
            return vec![Effect::SetDaskScheduler(Some(address))];
        }
        KeyCode::Backspace => {
            input.pop();
        }
        KeyCode::Char(c) if !c.is_control() && input.len() < 200 => input.push(c),
        _ => {}
    }
    Vec::new()
}

fn start_check(e: &mut ExerciseState) -> Vec<Effect> {
    e.running = Some(Running {
        phase: "starting...".into(),
        cancelling: false,
    });
    e.output.clear();
    vec![Effect::StartCheck(e.id.clone())]
}

fn on_check_event(app: &mut App, event: Event) {
    let Screen::Exercise(e) = &mut app.screen else {
        return;
    };
    let Some(running) = &mut e.running else {
        return;
    };
    match event {
        Event::Building { variant } => running.phase = format!("building ({})", variant.name()),
        Event::Preparing { line } => running.phase = line,
        Event::Running {
            variant,
            workers,
            purpose,
        } => {
            running.phase = format!(
                "running {} with {workers} worker(s) ({purpose})",
                variant.name()
            );
        }
        Event::Finished { .. } => {}
        Event::Output { text } => append_output(&mut e.output, &text),
    }
}

fn append_output(lines: &mut Vec<String>, text: &str) {
    let mut parts = text.split('\n');
    let first = parts.next().unwrap_or_default();
    match lines.last_mut() {
        Some(last) => last.push_str(first),
        None => lines.push(first.to_owned()),
    }
    lines.extend(parts.map(str::to_owned));
    let excess = lines.len().saturating_sub(OUTPUT_LINES);
    lines.drain(..excess);
}

fn on_check_done(app: &mut App, result: Result<Box<Report>, String>) -> Vec<Effect> {
    let Screen::Exercise(e) = &mut app.screen else {
        return Vec::new();
    };
    e.running = None;
    match result {
        Ok(report) => {
            e.report = Some(*report);
            e.panel = Panel::Verdict;
        }
        Err(message) => app.notice = Some(format!("The check could not run: {message}")),
    }
    Vec::new()
}

fn on_scaling_done(app: &mut App, result: Result<Box<ScalingReport>, String>) -> Vec<Effect> {
    let Screen::Exercise(e) = &mut app.screen else {
        return Vec::new();
    };
    e.running = None;
    match result {
        Ok(report) => {
            e.scaling = Some(*report);
            e.panel = Panel::Scaling;
        }
        Err(message) => app.notice = Some(format!("Scaling: {message}")),
    }
    Vec::new()
}

fn on_file_changed(app: &mut App) -> Vec<Effect> {
    match &mut app.screen {
        Screen::Exercise(e) if e.watch != WatchMode::Off && e.running.is_none() => {
            app.notice = Some("Saved: checking...".into());
            start_check(e)
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grader::Outcome;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    use std::path::Path;

    fn app() -> App {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
        let course = Arc::new(Course::load(&root).unwrap());
        App::new(course, Progress::default(), (80, 24), false)
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
            vec![Effect::StartCheck("fixture/wrong".into())]
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
        let report = crate::tui::view::verdict::title(Outcome::Cancelled);
        assert_eq!(report, "Cancelled");
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
            vec![Effect::StartDemo("gil".into())]
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
            vec![Effect::StartCheck(id.clone())]
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
}
