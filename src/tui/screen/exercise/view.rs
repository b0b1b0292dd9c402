//! An exercise: its task and the hints shown so far, the verdict panel (or
//! the live phase of a running check), and the program's output.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{ExerciseState, Panel, WatchMode, cluster, scaling, verdict};
use crate::grader::{RESULT_MARKER, Worker};
use crate::tui::app::App;
use crate::tui::markdown;
use crate::tui::view::centered;
use crate::tui::view::theme::{Theme, mark};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, e: &ExerciseState, theme: Theme) {
    let Some(exercise) = app.course.exercise(&e.id) else {
        return;
    };
    let [head, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let status = app.status(&e.id);
    let watch = match e.watch {
        WatchMode::Off => "",
        WatchMode::Events => "   watch: on",
        WatchMode::Polling => "   watch: polling",
    };
    let ranks = e
        .ranks
        .map(|r| format!("   MPI ranks: {r} (+ -)"))
        .unwrap_or_default();
    let cluster = if exercise.dask {
        match &app.progress.dask_scheduler {
            Some(address) => format!("   Dask cluster: {address} (D)"),
            None => "   Dask cluster: local (D)".to_owned(),
        }
    } else {
        String::new()
    };
    if let Some(input) = &e.cluster_input {
        frame.render_widget(cluster::prompt(input, theme), head);
    } else {
        frame.render_widget(
            Line::from(vec![
                Span::styled(format!(" {} ", mark(status)), theme.status(status)),
                Span::raw(format!("exercises/{}", exercise.file_rel.display())),
                Span::styled(
                    format!("   {}{watch}{ranks}{cluster}", status.name()),
                    theme.dim(),
                ),
            ]),
            head,
        );
    }
    let [task_area, result_area] = panes(rest);
    draw_task(frame, task_area, e);
    let worker = app
        .course
        .exercise(&e.id)
        .map(Worker::of)
        .unwrap_or_default();
    draw_result(frame, result_area, e, worker, theme);
    if e.confirm_reset {
        draw_confirm(frame, area, exercise.file_rel.display().to_string());
    }
}

/// The task pane and the result pane: side by side from 110 columns,
/// one above the other below that.
fn panes(rest: Rect) -> [Rect; 2] {
    if rest.width >= 110 {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest)
    }
}

/// The task pane of a terminal of `size`.
fn task_area(size: (u16, u16)) -> Rect {
    let body = crate::tui::view::body(Rect::new(0, 0, size.0, size.1));
    let [_, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
    panes(rest)[0]
}

/// The rows of text the task pane shows (inside its border).
pub fn task_rows(size: (u16, u16)) -> usize {
    usize::from(task_area(size).height.saturating_sub(2)).max(1)
}

/// The App's rendering options at the task pane's width: inside its
/// border, with a column of margin on each side (as wide as the App's own
/// where the pane spans the terminal).
pub fn task_options(options: &markdown::Options, size: (u16, u16)) -> markdown::Options {
    markdown::Options {
        width: task_area(size).width.saturating_sub(4).max(20),
        ..*options
    }
}

/// Where the title bar says the learner is.
pub fn place(e: &ExerciseState) -> String {
    format!("exercise {}", e.id)
}

/// The keys the status bar shows.
pub fn keys(e: &ExerciseState) -> &'static [(&'static str, &'static str)] {
    if e.running.is_some() {
        return &[("Esc", "cancel the check"), ("q", "quit")];
    }
    &[
        ("c", "check"),
        ("s", "scaling"),
        ("h", "hint"),
        ("e", "edit"),
        ("w", "watch"),
        ("x", "reset"),
        ("Esc", "back"),
        ("?", "help"),
    ]
}

fn draw_task(frame: &mut Frame, area: Rect, e: &ExerciseState) {
    let (shown, title) = match &e.solution {
        Some((_, solution)) => (solution, " Reference solution (r: the task) "),
        None => (&e.task, " Task "),
    };
    let block = Block::bordered().title(title);
    let text = Paragraph::new(shown.lines.clone())
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((e.scroll as u16, 0));
    frame.render_widget(text, area);
}

fn draw_result(frame: &mut Frame, area: Rect, e: &ExerciseState, worker: Worker, theme: Theme) {
    if let (None, Panel::Scaling, Some(report)) = (&e.running, e.panel, &e.scaling) {
        scaling::draw(frame, area, report, theme);
        return;
    }

    let panel: Vec<Line> = match (&e.running, &e.report) {
        (Some(running), _) => vec![
            Line::from(Span::styled("Checking...", theme.title())),
            Line::raw(running.phase.clone()),
            Line::from(Span::styled(
                "Esc cancels (the program and all it started are stopped).",
                theme.dim(),
            )),
        ],
        (None, Some(report)) => verdict::lines(report, worker, theme),
        (None, None) => vec![Line::from(Span::styled(
            "Not checked yet. Edit the file (e), then check it (c).",
            theme.dim(),
        ))],
    };
    let want = panel.len() as u16 + 4;
    let printed = e
        .output
        .iter()
        .any(|l| !l.is_empty() && !l.starts_with(RESULT_MARKER));
    let output_rows = if printed { (area.height / 3).max(4) } else { 0 };
    let [verdict_area, output_area] = Layout::vertical([
        Constraint::Max(want.max(area.height.saturating_sub(output_rows))),
        Constraint::Length(output_rows),
    ])
    .areas(area);
    let verdict = Paragraph::new(panel)
        .block(Block::bordered().title(" Verdict "))
        .wrap(Wrap { trim: false });
    frame.render_widget(verdict, verdict_area);
    if output_rows > 0 {
        let rows = usize::from(output_rows.saturating_sub(2));
        let shown: Vec<&String> = e
            .output
            .iter()
            .filter(|l| !l.starts_with(RESULT_MARKER))
            .collect();
        let start = shown.len().saturating_sub(rows);
        let lines: Vec<Line> = shown[start..]
            .iter()
            .map(|l| Line::raw((*l).clone()))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(" Output ")),
            output_area,
        );
    }
}

fn draw_confirm(frame: &mut Frame, area: Rect, file: String) {
    let rect = centered(area, 64, 5);
    frame.render_widget(Clear, rect);
    let text = vec![
        Line::raw(format!("Reset exercises/{file} to the starter?")),
        Line::raw("Your version is kept as a backup.   y: reset   any other key: keep"),
    ];
    frame.render_widget(
        Paragraph::new(text).block(Block::bordered().title(" Reset ")),
        rect,
    );
}
