//! The grading run's files: each student's `grade.json` and Gradescope
//! `results.json`, the class's `gradebook.csv` (and its LMS forms),
//! `summary.json` and similarity report, and the
//! stored grades read back to resume. Every file is written to a temporary
//! name, flushed, and renamed over the old one, so an interrupted run never
//! leaves half a file. What the files say is made elsewhere (`records`,
//! `exports`); this room only reads and writes them.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::exports;
use super::records::{StoredGrade, StudentGrade};
use crate::course::Course;

pub fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).context("failed to encode JSON")?;
    write_atomically(path, text.as_bytes())
}

pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
    crate::progress::write_atomically(path, bytes)
}

/// `OUT/students/<name>/grade.json` and `results.json`.
pub fn write_student(out: &Path, grade: &StudentGrade, course: &Course) -> Result<()> {
    let dir = out.join("students").join(&grade.student);
    write_json(
        &dir.join("results.json"),
        &exports::gradescope(grade, course),
    )?;
    // The grade last: it is what marks the student as done.
    write_json(&dir.join("grade.json"), &grade.record())
}

/// `OUT/gradebook.csv`, from the stored grades, with its Canvas and Moodle
/// forms beside it (`gradebook-canvas.csv`, `gradebook-moodle.csv`).
pub fn write_gradebook(out: &Path, course: &Course, grades: &[StoredGrade]) -> Result<PathBuf> {
    write_atomically(
        &out.join("gradebook-canvas.csv"),
        exports::lms::canvas(course, grades).as_bytes(),
    )?;
    write_atomically(
        &out.join("gradebook-moodle.csv"),
        exports::lms::moodle(course, grades).as_bytes(),
    )?;
    let path = out.join("gradebook.csv");
    write_atomically(&path, exports::gradebook(course, grades).as_bytes())?;
    Ok(path)
}

/// The stored grade of student `name`, where there is one that reads.
pub fn read_stored(out: &Path, name: &str) -> Option<StoredGrade> {
    let text = fs::read_to_string(out.join("students").join(name).join("grade.json")).ok()?;
    serde_json::from_str(&text).ok()
}
