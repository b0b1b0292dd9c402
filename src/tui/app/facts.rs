//! What `update` needs from the world, fetched before the event loop starts
//! so that `update` itself never fetches: every lesson's Markdown (or why it
//! cannot be read) and the machine's core count. These are the only reads
//! in the model's modules; the runtime does them (and [`App::new`] for a
//! model made without one, as the tests do).
//!
//! [`App::new`]: super::App::new

use std::collections::BTreeMap;

use crate::course::{Course, Lesson};

/// Each lesson's Markdown by lesson id, or the reason it cannot be read.
pub type Lessons = BTreeMap<String, Result<String, String>>;

pub struct Facts {
    pub lessons: Lessons,
    /// The cores of this machine: an MPI exercise's ranks at first.
    pub cores: usize,
}

impl Facts {
    /// Reads every lesson of `course` and asks the runner for the cores.
    pub fn gather(course: &Course) -> Facts {
        Facts {
            lessons: course
                .lessons()
                .map(|l| (l.id.clone(), read_lesson(l)))
                .collect(),
            cores: crate::runner::cores(),
        }
    }
}

/// A lesson's Markdown, or a sentence that names the file and the reason.
pub fn read_lesson(lesson: &Lesson) -> Result<String, String> {
    lesson
        .text()
        .map_err(|e| format!("cannot read {}: {e}", lesson.path.display()))
}
