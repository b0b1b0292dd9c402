//! The exercise screen's update: keys, the running job's events, its end,
//! and saves of the file in watch mode. Pure: a check, a scaling run, the
//! editor, a hint or a reset go out as effects that carry what the runtime
//! needs (the exercise, the ranks, the Dask cluster).

use ratatui::crossterm::event::KeyEvent;

use super::{ExerciseState, Panel, Running, WatchMode, cluster};
use crate::check::{Event, Report, ScalingReport};
use crate::tui::app::{CheckRun, Effect};
use crate::tui::keys::{self, Action};
use crate::tui::screen::{Ctx, Reply, scroll_by};

/// Lines kept of a running program's output.
const OUTPUT_LINES: usize = 400;

/// A key the screen takes as it is, before it means an action: the Dask
/// address being typed, or the answer to "reset?". `None`: the key is an
/// action's.
pub fn on_key(e: &mut ExerciseState, ctx: &mut Ctx, key: KeyEvent) -> Option<Reply> {
    if e.cluster_input.is_some() {
        return Some(cluster::on_key(e, ctx, key));
    }
    if !e.confirm_reset {
        return None;
    }
    e.confirm_reset = false;
    Some(match keys::answer(key) {
        Action::Yes => Reply::stay(vec![Effect::Reset(e.id.clone())]),
        Action::Quit => Reply::quit(),
        _ => {
            ctx.notify("Reset cancelled; your file is unchanged.");
            Reply::none()
        }
    })
}

/// A key's action while the exercise is in front.
pub fn on_action(e: &mut ExerciseState, ctx: &mut Ctx, action: Action) -> Reply {
    let max = e.pane_lines().saturating_sub(1);
    let half = (ctx.rows / 2) as i32;
    let idle = e.running.is_none();
    match action {
        Action::Up => scroll_by(&mut e.scroll, -1, max),
        Action::Down => scroll_by(&mut e.scroll, 1, max),
        Action::PageUp => scroll_by(&mut e.scroll, -half, max),
        Action::PageDown => scroll_by(&mut e.scroll, half, max),
        Action::Top => e.scroll = 0,
        Action::Bottom => e.scroll = max,
        Action::Check if idle => return Reply::stay(start_check(e, ctx)),
        Action::Scaling if idle => return Reply::stay(start_scaling(e)),
        Action::Check | Action::Scaling => {
            ctx.notify("A check is already running; Esc cancels it.")
        }
        Action::Back => return back(e),
        Action::Hint => return hint(e, ctx),
        Action::Solution => return solution(e, ctx),
        Action::MoreRanks | Action::FewerRanks => ranks(e, ctx, action == Action::MoreRanks),
        Action::Reset if idle => e.confirm_reset = true,
        Action::Cluster => cluster::open(e, ctx),
        Action::Edit if idle => return Reply::stay(vec![Effect::Edit(e.id.clone())]),
        Action::Watch => return Reply::stay(vec![watch(e, ctx)]),
        _ => {}
    }
    Reply::none()
}

/// `h`: the next hint, which the task pane scrolls into view once the
/// runtime has saved it; with every hint shown already, a notice says so.
fn hint(e: &mut ExerciseState, ctx: &mut Ctx) -> Reply {
    let total = ctx.course.exercise(&e.id).map_or(0, |x| x.hints.len());
    if total == 0 {
        ctx.notify("This exercise has no hints; its lesson may help.");
    } else if e.hints_shown >= total {
        ctx.notify(format!(
            "{} shown, at the end of the task.",
            match total {
                1 => "The only hint is".to_owned(),
                n => format!("All {n} hints are"),
            }
        ));
    }
    Reply::stay(vec![Effect::RevealHint(e.id.clone())])
}

/// `r`: the reference solution in the task pane (again: the task), once
/// the exercise has passed; before, a notice that says when it unlocks.
fn solution(e: &mut ExerciseState, ctx: &mut Ctx) -> Reply {
    if e.solution.take().is_some() {
        e.scroll = 0;
        return Reply::none();
    }
    if !ctx.progress.solved(&e.id) {
        if let Some(exercise) = ctx.course.exercise(&e.id) {
            let why = crate::reset::solution_locked(exercise);
            let mut chars = why.chars();
            let first: String = chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .collect();
            ctx.notify(format!("{first}{}.", chars.as_str()));
        }
        return Reply::none();
    }
    Reply::stay(vec![Effect::ReadSolution(e.id.clone())])
}

/// The reference solution the runtime read: shown in the task pane.
pub fn on_solution(
    e: &mut ExerciseState,
    ctx: &mut Ctx,
    text: Result<String, String>,
    options: &crate::tui::markdown::Options,
) {
    let Some(exercise) = ctx.course.exercise(&e.id) else {
        return;
    };
    match text {
        Ok(text) => {
            let page = crate::reset::solution_markdown(exercise, &text);
            let rendered = crate::tui::markdown::render(&page, options);
            e.solution = Some((page, rendered));
            e.scroll = 0;
            ctx.notify("The reference solution; r goes back to the task.");
        }
        Err(why) => ctx.notify(format!("The solution could not be read: {why}")),
    }
}

/// Esc: cancels a running job, hides the solution, or goes back to the
/// map (watching stops).
fn back(e: &mut ExerciseState) -> Reply {
    if let Some(r) = &mut e.running {
        r.cancelling = true;
        r.phase = "cancelling...".into();
        return Reply::stay(vec![Effect::CancelCheck]);
    }
    if e.solution.take().is_some() {
        e.scroll = 0;
        return Reply::none();
    }
    if e.watch == WatchMode::Off {
        Reply::map(Vec::new())
    } else {
        Reply::map(vec![Effect::Watch(e.id.clone(), WatchMode::Off)])
    }
}

/// `+` and `-`: the ranks of an MPI exercise, 1 to 256.
fn ranks(e: &mut ExerciseState, ctx: &mut Ctx, more: bool) {
    let Some(ranks) = &mut e.ranks else {
        ctx.notify("Ranks are for MPI exercises.");
        return;
    };
    *ranks = if more {
        (*ranks + 1).min(256)
    } else {
        ranks.saturating_sub(1).max(1)
    };
    ctx.notify(format!(
        "Checks will run on {}.",
        crate::grader::counted(*ranks, "MPI rank", "MPI ranks")
    ));
}

/// `w`: the next watch mode.
fn watch(e: &mut ExerciseState, ctx: &mut Ctx) -> Effect {
    e.watch = e.watch.next();
    ctx.notify(match e.watch {
        WatchMode::Events => "Watch mode: the exercise is checked each time you save it (w again: by polling, for file systems without change events).",
        WatchMode::Polling => "Watch mode, polling: the file is looked at twice a second (w again: off).",
        WatchMode::Off => "Watch mode off: press c to check.",
    });
    Effect::Watch(e.id.clone(), e.watch)
}

fn begin(e: &mut ExerciseState, phase: &str) {
    e.running = Some(Running {
        phase: phase.into(),
        cancelling: false,
    });
    e.output.clear();
}

/// A check with the ranks chosen here and, for a Dask exercise, the
/// learner's cluster.
fn start_check(e: &mut ExerciseState, ctx: &Ctx) -> Vec<Effect> {
    begin(e, "starting...");
    let dask = ctx.course.exercise(&e.id).is_some_and(|x| x.dask);
    vec![Effect::StartCheck(CheckRun {
        id: e.id.clone(),
        ranks: e.ranks,
        dask_scheduler: ctx.progress.dask_scheduler.clone().filter(|_| dask),
    })]
}

fn start_scaling(e: &mut ExerciseState) -> Vec<Effect> {
    begin(e, "starting the scaling measurement...");
    vec![Effect::StartScaling(e.id.clone())]
}

/// What the running check or scaling measurement is doing now.
pub fn on_event(e: &mut ExerciseState, event: Event) {
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
                "running {} with {} ({purpose})",
                variant.name(),
                crate::grader::counted(workers, "worker", "workers")
            );
        }
        Event::Finished { .. } => {}
        Event::Output { text } => append_output(&mut e.output, &text),
    }
}

/// Appends a piece of output: it may end mid-line, and the next piece goes
/// on where it stopped. Only the last [`OUTPUT_LINES`] are kept.
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

/// What a finished job hands to the result panel.
pub enum Finished {
    Check(Box<Report>),
    Scaling(Box<ScalingReport>),
}

/// A check or a scaling measurement ended: its report goes in the result
/// panel, or why it could not run (after `failed`) in the notice.
pub fn finished(
    e: &mut ExerciseState,
    ctx: &mut Ctx,
    result: Result<Finished, String>,
    failed: &str,
) {
    e.running = None;
    match result {
        Ok(Finished::Check(report)) => {
            e.report = Some(*report);
            e.panel = Panel::Verdict;
        }
        Ok(Finished::Scaling(report)) => {
            e.scaling = Some(*report);
            e.panel = Panel::Scaling;
        }
        Err(message) => ctx.notify(format!("{failed}: {message}")),
    }
}

/// The exercise file was saved: in watch mode, and with no job running, a
/// check starts.
pub fn on_file_changed(e: &mut ExerciseState, ctx: &mut Ctx) -> Vec<Effect> {
    if e.watch == WatchMode::Off || e.running.is_some() {
        return Vec::new();
    }
    ctx.notify("Saved: checking...");
    start_check(e, ctx)
}
