//! Styles, in one place, so NO_COLOR is honoured everywhere: without color
//! every style keeps only bold, underline and reverse.

use ratatui::style::{Color, Modifier, Style};

use crate::grader::Outcome;
use crate::progress::Status;

#[derive(Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn status(self, status: Status) -> Style {
        match status {
            Status::Passed => self.fg(Color::Green),
            Status::Failed => self.fg(Color::Red),
            Status::Pending => self.dim(),
        }
    }

    pub fn outcome(self, outcome: Outcome) -> Style {
        let color = match outcome {
            Outcome::Passed => Color::Green,
            Outcome::TooSlow | Outcome::Inconclusive | Outcome::Cancelled => Color::Yellow,
            _ => Color::Red,
        };
        self.fg(color).add_modifier(Modifier::BOLD)
    }

    pub fn gauge(self) -> Style {
        self.fg(Color::Green)
    }
}

/// ✓, ✗ or · for a status.
pub fn mark(status: Status) -> &'static str {
    match status {
        Status::Passed => "✓",
        Status::Failed => "✗",
        Status::Pending => "·",
    }
}
