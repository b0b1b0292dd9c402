//! The screens, one folder each: the course map, a lesson (with its live
//! demo), an exercise (with its verdict, scaling chart and cluster prompt).
//! Each keeps its state, its update and its view together.
//!
//! A screen's update is pure like the App's: it gets its own state and a
//! [`Ctx`] (what the App shares: the course, the progress, the track, the
//! rows on screen, the notice line) and hands back a [`Reply`]: effects for
//! the runtime and where to go next. The map is the exception: its state
//! lives in the App, since it outlives the screens opened from it, so its
//! update takes the App.

pub mod exercise;
pub mod lesson;
pub mod map;

use crate::course::{Course, Language};
use crate::progress::Progress;
use crate::tui::app::Effect;

/// What the App shares with the screen in front while it updates.
pub struct Ctx<'a> {
    pub course: &'a Course,
    pub progress: &'a Progress,
    /// The track the learner follows.
    pub track: Language,
    /// Rows available to a scrolling body.
    pub rows: usize,
    /// The status bar's one-line notice.
    pub notice: &'a mut Option<String>,
}

impl Ctx<'_> {
    pub fn notify(&mut self, text: impl Into<String>) {
        *self.notice = Some(text.into());
    }
}

/// Where the App goes after a screen's update.
#[derive(Debug, PartialEq, Eq)]
pub enum Go {
    Stay,
    /// Back to the course map.
    Map,
    /// Quit the TUI (a running job is cancelled first).
    Quit,
}

/// A screen's answer to a message: effects for the runtime, and where to go.
#[derive(Debug, PartialEq)]
pub struct Reply {
    pub effects: Vec<Effect>,
    pub go: Go,
}

impl Reply {
    /// Nothing to do.
    pub fn none() -> Reply {
        Reply::stay(Vec::new())
    }

    pub fn stay(effects: Vec<Effect>) -> Reply {
        Reply {
            effects,
            go: Go::Stay,
        }
    }

    pub fn map(effects: Vec<Effect>) -> Reply {
        Reply {
            effects,
            go: Go::Map,
        }
    }

    pub fn quit() -> Reply {
        Reply {
            effects: Vec::new(),
            go: Go::Quit,
        }
    }
}

/// Moves `pos` by `lines`, within 0..=max.
pub fn scroll_by(pos: &mut usize, lines: i32, max: usize) {
    let next = (*pos as i64 + i64::from(lines)).clamp(0, max as i64);
    *pos = next as usize;
}
