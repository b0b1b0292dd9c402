//! An exercise: its task and hints, the verdict of the last check (or the
//! scaling chart of the last measurement), a running job's phase and
//! output, watch mode, MPI ranks and a Dask cluster.
//!
//! [`update`] turns keys and the runtime's messages into changes of
//! [`ExerciseState`] and effects; [`view`] draws it, with [`verdict`] and
//! [`scaling`] for the result panel and [`cluster`] for the address prompt.

pub mod cluster;
pub mod scaling;
pub mod update;
pub mod verdict;
pub mod view;

#[cfg(test)]
mod tests;

use super::scroll_by;
use crate::check::{Report, ScalingReport};
use crate::course::Exercise;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::markdown::{self, Rendered};
pub use update::{Finished, finished, on_action, on_event, on_file_changed, on_key, on_solution};

pub struct ExerciseState {
    pub id: String,
    /// The task with the hints shown so far, rendered for the task pane.
    pub task: Rendered,
    /// The top line of the task pane (of the solution, while it is shown).
    pub scroll: usize,
    pub hints_shown: usize,
    /// The reference solution's page (Markdown) and its rendering, while
    /// the task pane shows it (`r`, once the exercise has passed).
    pub solution: Option<(String, Rendered)>,
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

/// A check (or a scaling measurement) in flight.
pub struct Running {
    pub phase: String,
    pub cancelling: bool,
}

/// Puts exercise `id` in front, with the hints the learner has seen.
pub fn open_exercise(app: &mut App, id: &str) -> Vec<Effect> {
    let Some(exercise) = app.course.exercise(id) else {
        return Vec::new();
    };
    let hints_shown = app.progress.exercises.get(id).map_or(0, |p| p.hints_shown);
    let options = view::task_options(&app.options(), app.size);
    let task = markdown::render(&task_markdown(exercise, hints_shown), &options);
    app.screen = Screen::Exercise(Box::new(ExerciseState {
        id: id.to_owned(),
        task,
        scroll: 0,
        hints_shown,
        solution: None,
        report: None,
        scaling: None,
        panel: Panel::Verdict,
        running: None,
        output: Vec::new(),
        watch: WatchMode::Off,
        confirm_reset: false,
        cluster_input: None,
        ranks: exercise.mpi.then_some(app.cores),
    }));
    vec![Effect::Opened(id.to_owned())]
}

/// The exercise's task as Markdown: what to edit, the task, the grading.
pub fn exercise_markdown(e: &Exercise) -> String {
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

/// The task and the first `hints` hints, as the task pane shows them.
pub fn task_markdown(e: &Exercise, hints: usize) -> String {
    let mut text = exercise_markdown(e);
    for (i, hint) in e.hints.iter().take(hints).enumerate() {
        text.push_str(&format!(
            "\n**Hint {} of {}:** {}\n",
            i + 1,
            e.hints.len(),
            hint.trim()
        ));
    }
    text
}

impl ExerciseState {
    /// Renders the task again, for a new width.
    pub fn rerender(&mut self, exercise: Option<&Exercise>, options: &markdown::Options) {
        if let Some(exercise) = exercise {
            self.task = markdown::render(&task_markdown(exercise, self.hints_shown), options);
        }
        if let Some((page, rendered)) = &mut self.solution {
            *rendered = markdown::render(page, options);
        }
    }

    /// Shows the first `shown` hints. A hint just revealed is scrolled into
    /// view: as much of it as the pane's `rows` hold, from its first line.
    pub fn show_hints(
        &mut self,
        exercise: &Exercise,
        shown: usize,
        options: &markdown::Options,
        rows: usize,
    ) {
        let before = self.hints_shown;
        if shown == before {
            return;
        }
        self.hints_shown = shown;
        self.task = markdown::render(&task_markdown(exercise, shown), options);
        if shown < before {
            return;
        }
        // The new hint starts after the text without it (and a blank line).
        let start = markdown::render(&task_markdown(exercise, shown - 1), options)
            .lines
            .len();
        let end = self.task.lines.len();
        self.solution = None;
        if end > self.scroll + rows {
            self.scroll = end.saturating_sub(rows).min(start);
        }
        self.scroll = self.scroll.min(start);
    }

    /// The lines of what the task pane shows: the solution or the task.
    pub fn pane_lines(&self) -> usize {
        self.solution
            .as_ref()
            .map_or(&self.task, |(_, rendered)| rendered)
            .lines
            .len()
    }

    /// Mouse wheel: scrolls the task.
    pub fn scroll(&mut self, lines: i32) {
        let max = self.pane_lines();
        scroll_by(&mut self.scroll, lines, max);
    }
}
