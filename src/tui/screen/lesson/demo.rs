//! A lesson's live demo: started with `d` from the lesson that names it,
//! shown over the lesson while it runs (its phase) and after (its figures),
//! closed with Esc or `d`. The runtime runs it like a check, on a worker
//! thread, and Esc cancels it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::LessonState;
use crate::demo::{DemoEvent, DemoReport};
use crate::tui::app::{DemoRun, Effect};
use crate::tui::keys::Action;
use crate::tui::screen::{Ctx, Reply};
use crate::tui::view::centered;
use crate::tui::view::theme::Theme;

pub struct DemoState {
    pub id: String,
    pub title: String,
    pub about: String,
    /// What it is doing, while it runs.
    pub running: Option<String>,
    pub report: Option<DemoReport>,
    pub error: Option<String>,
}

/// `d`: runs the demo nearest above the bottom of the screen (or the
/// lesson's first), for the learner's track.
pub fn start(l: &mut LessonState, ctx: &mut Ctx) -> Reply {
    let bottom = l.scroll + l.rows;
    let near = l
        .rendered
        .demos
        .iter()
        .rev()
        .find(|(_, line)| *line < bottom)
        .or(l.rendered.demos.first());
    let Some((id, _)) = near else {
        ctx.notify("This lesson has no live demo.");
        return Reply::none();
    };
    let (title, about) = ctx
        .course
        .demo(id)
        .map(|d| (d.title.clone(), d.about_for(Some(ctx.track)).to_owned()))
        .unwrap_or_else(|| (id.clone(), String::new()));
    l.demo = Some(DemoState {
        id: id.clone(),
        title,
        about,
        running: Some("starting...".into()),
        report: None,
        error: None,
    });
    Reply::stay(vec![Effect::StartDemo(DemoRun {
        id: id.clone(),
        track: ctx.track,
    })])
}

/// A key's action while the demo is shown: Esc cancels a running demo, and
/// closes a finished one (as `d` does).
pub fn on_action(demo: &mut Option<DemoState>, action: Action) -> Reply {
    let Some(shown) = demo else {
        return Reply::none();
    };
    match action {
        Action::Back if shown.running.is_some() => {
            shown.running = Some("cancelling...".into());
            Reply::stay(vec![Effect::CancelCheck])
        }
        Action::Back | Action::Demo => {
            *demo = None;
            Reply::none()
        }
        _ => Reply::none(),
    }
}

/// What the running demo is doing now.
pub fn on_event(demo: &mut DemoState, event: DemoEvent) {
    if let Some(phase) = &mut demo.running {
        *phase = match event {
            DemoEvent::Building => "building the demo's Rust program...".into(),
            DemoEvent::Preparing(line) => line,
            DemoEvent::Running { label } => format!("running: {label}"),
        };
    }
}

/// The demo ended: its figures, or why it could not run.
pub fn on_done(demo: &mut DemoState, result: Result<Box<DemoReport>, String>) {
    demo.running = None;
    match result {
        Ok(report) => demo.report = Some(*report),
        Err(e) => demo.error = Some(e),
    }
}

/// The live demo over the lesson: what it shows, then its progress or its
/// figures.
pub fn draw(frame: &mut Frame, area: Rect, demo: &DemoState, theme: Theme) {
    let mut lines = vec![
        Line::raw(demo.about.trim().replace('\n', " ")),
        Line::raw(""),
    ];
    if let Some(phase) = &demo.running {
        lines.push(Line::from(Span::styled(phase.clone(), theme.title())));
        lines.push(Line::from(Span::styled(
            "Esc cancels (every program it started is stopped).",
            theme.dim(),
        )));
    }
    if let Some(error) = &demo.error {
        lines.push(Line::raw(format!("The demo could not run: {error}")));
    }
    if let Some(report) = &demo.report {
        for (i, row) in crate::demo::table(report).into_iter().enumerate() {
            let style = if i == 0 {
                theme.dim()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(Span::styled(row, style)));
        }
        if !report.notes.is_empty() {
            lines.push(Line::raw(""));
        }
        for note in &report.notes {
            lines.push(Line::from(Span::styled(note.clone(), theme.dim())));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            format!(
                "On {} here. d again or Esc closes.",
                crate::grader::counted(report.cores, "core", "cores")
            ),
            theme.dim(),
        )));
    }
    let width = area.width.saturating_sub(4).min(96);
    let inner = usize::from(width.saturating_sub(2).max(1));
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let rect = centered(area, width, (rows as u16).saturating_add(2));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(Block::bordered().title(format!(" Live demo: {} ", demo.title))),
        rect,
    );
}
