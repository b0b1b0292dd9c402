//! The verdict panel's text: the outcome in plain words, the grader's
//! message, the speedup against its target, and what usually causes it.

use ratatui::text::{Line, Span};

use crate::check::Report;
use crate::grader::Outcome;
use crate::tui::view::theme::Theme;

pub fn title(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "Passed",
        Outcome::WrongOutput => "Wrong output",
        Outcome::Race => "Race",
        Outcome::TooSlow => "Too slow",
        Outcome::Inconclusive => "Inconclusive",
        Outcome::CompileError => "Compile error",
        Outcome::Crashed => "Crashed",
        Outcome::TimedOut => "Timed out",
        Outcome::OutputLimit => "Output limit",
        Outcome::Cancelled => "Cancelled",
        Outcome::Rejected => "Rejected",
    }
}

/// What to try next, for each outcome.
pub fn advice(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "Well done. The next exercise is on the course map.",
        Outcome::WrongOutput => {
            "Check the split: every item handled exactly once, the leftover block included, and partial results combined the same way the serial loop does."
        }
        Outcome::Race => {
            "A result that changes with the worker count usually means a shared value updated in two steps (load, then store), or results combined in the order threads finish. Give each thread its own partial result and combine them at the end, in a fixed order."
        }
        Outcome::TooSlow => {
            "A speedup near 1 means the work is not really split, or threads take turns behind one lock. Below 1 means contention (one lock, one atomic, one cache line). In between, look for load imbalance: one thread gets the slow part."
        }
        Outcome::Inconclusive => {
            "The machine was too busy to tell. Close other programs and check again."
        }
        Outcome::CompileError => {
            "Fix the first error the compiler reports; the others often follow from it."
        }
        Outcome::Crashed => {
            "A panic (Rust) or an exception (Python) names the file and line where it happened. `todo!()` in a Rust starter panics until you replace it."
        }
        Outcome::TimedOut => {
            "Often a deadlock: two locks taken in opposite orders, a channel receive whose senders are still alive (in Python, a queue get() that no put() will answer, such as a consumer that never got its sentinel), a join on a thread that never ends, a task that waits on another task of its own full pool; with MPI, two ranks that both receive, or both send a large message, before the other."
        }
        Outcome::OutputLimit => {
            "Take the prints out of hot loops; print a summary at the end instead."
        }
        Outcome::Cancelled => "Press c to check again.",
        Outcome::Rejected => {
            "Only the course's harness reports a result and times your code: return the answer from your function, without printing result lines, calling the report or ending the program early, and compute it from the input you are given."
        }
    }
}

pub fn lines(report: &Report, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        title(report.outcome),
        theme.outcome(report.outcome),
    ))];
    lines.extend(report.message.lines().map(|l| Line::raw(l.to_owned())));
    if let (Some(speedup), Some(target)) = (report.speedup, report.target_speedup) {
        lines.push(Line::raw(""));
        lines.push(speedup_line(speedup, target, report, theme));
    }
    if let Some(diagnostics) = &report.diagnostics {
        lines.push(Line::raw(""));
        lines.extend(
            diagnostics
                .lines()
                .take(40)
                .map(|l| Line::raw(l.to_owned())),
        );
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        advice(report.outcome),
        theme.dim(),
    )));
    lines
}

fn speedup_line(speedup: f64, target: f64, report: &Report, theme: Theme) -> Line<'static> {
    let filled = ((speedup / target).clamp(0.0, 1.0) * 20.0).round() as usize;
    Line::from(vec![
        Span::raw(format!("Speedup {speedup:.2}x  target {target:.2}x  ")),
        Span::styled("█".repeat(filled), theme.outcome(report.outcome)),
        Span::styled("░".repeat(20 - filled), theme.dim()),
        Span::raw(format!(
            "  {} workers, {} cores",
            report.workers, report.cores
        )),
    ])
}
