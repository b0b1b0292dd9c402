//! The verdict panel's text: the outcome's title, the grader's message, the
//! speedup against its target, and what to try next. The words of each
//! outcome come from `grader::Outcome`, as in the CLI and `--json`.

use ratatui::text::{Line, Span};

use crate::check::Report;
use crate::grader::Worker;
use crate::tui::view::theme::Theme;

pub fn lines(report: &Report, worker: Worker, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        report.outcome.title(),
        theme.outcome(report.outcome),
    ))];
    lines.extend(report.message.lines().map(|l| Line::raw(l.to_owned())));
    if let (Some(speedup), Some(target)) = (report.speedup, report.target_speedup) {
        lines.push(Line::raw(""));
        lines.push(speedup_line(speedup, target, report, worker, theme));
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
        report.outcome.advice(worker),
        theme.dim(),
    )));
    lines
}

fn speedup_line(
    speedup: f64,
    target: f64,
    report: &Report,
    worker: Worker,
    theme: Theme,
) -> Line<'static> {
    let filled = ((speedup / target).clamp(0.0, 1.0) * 20.0).round() as usize;
    Line::from(vec![
        Span::raw(format!("Speedup {speedup:.2}x  target {target:.2}x  ")),
        Span::styled("█".repeat(filled), theme.outcome(report.outcome)),
        Span::styled("░".repeat(20 - filled), theme.dim()),
        Span::raw(format!(
            "  {}, {}",
            worker.count(report.workers),
            crate::grader::counted(report.cores, "core", "cores")
        )),
    ])
}
