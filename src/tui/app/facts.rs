//! What `update` needs from the world, fetched before the event loop starts
//! so that `update` itself never fetches: the machine's core count, and the
//! lessons' Markdown read so far. No lesson is read at start-up: each is
//! read when it is opened ([`Effect::ReadLesson`]), and its text comes back
//! as a message. These are the only reads in the model's modules; the
//! runtime does them (and [`App::new`] for a model made without one).
//!
//! A model made without the runtime (a test) answers no effect, so it can
//! be handed lessons' texts up front: [`Facts::with_every_lesson`] reads
//! them all, or a test fills [`Facts::lessons`] itself.
//!
//! [`App::new`]: super::App::new
//! [`Effect::ReadLesson`]: super::Effect::ReadLesson

use std::collections::BTreeMap;

use crate::course::{Course, Lesson};

/// Each lesson's Markdown by lesson id, or the reason it cannot be read.
pub type Lessons = BTreeMap<String, Result<String, String>>;

pub struct Facts {
    /// Lessons already read: none at start-up.
    pub lessons: Lessons,
    /// The cores of this machine: an MPI exercise's ranks at first.
    pub cores: usize,
}

impl Facts {
    /// Asks the runner for the cores; reads no lesson.
    pub fn gather() -> Facts {
        Facts {
            lessons: Lessons::new(),
            cores: crate::runner::cores(),
        }
    }

    /// These facts with every lesson of `course` read now, as if each had
    /// been opened once: for a model that no runtime serves.
    pub fn with_every_lesson(mut self, course: &Course) -> Facts {
        self.lessons = course
            .lessons()
            .map(|l| (l.id.clone(), read_lesson(l)))
            .collect();
        self
    }
}

/// A lesson's Markdown, or a sentence that names the file and the reason.
pub fn read_lesson(lesson: &Lesson) -> Result<String, String> {
    lesson
        .text()
        .map_err(|e| format!("cannot read {}: {e}", lesson.path.display()))
}
