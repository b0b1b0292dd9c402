//! The learner's exercise files against the course's own: restoring a
//! starter (the learner's version is first copied into the course's state
//! folder, so a reset loses nothing), and the reference solution, which a
//! learner may read once the exercise has passed, never before.

use std::fs;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};

use crate::course::{Course, Exercise};

/// Restores the starter; returns where the learner's version was kept, if
/// there was one.
pub fn reset(course: &Course, exercise: &Exercise) -> Result<Option<PathBuf>> {
    let backup = backup(course, exercise)?;
    let starter = fs::read(&exercise.starter)
        .with_context(|| format!("failed to read {}", exercise.starter.display()))?;
    fs::write(&exercise.file, starter)
        .with_context(|| format!("failed to write {}", exercise.file.display()))?;
    Ok(backup)
}

fn backup(course: &Course, exercise: &Exercise) -> Result<Option<PathBuf>> {
    let Ok(current) = fs::read(&exercise.file) else {
        return Ok(None);
    };
    let dir = course.state_dir().join("backups");
    fs::create_dir_all(&dir).with_context(|| format!("failed to create {}", dir.display()))?;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let path = dir.join(backup_name(exercise, stamp));
    fs::write(&path, current).with_context(|| format!("failed to write {}", path.display()))?;
    Ok(Some(path))
}

/// The backup's file name: the exercise's id and the time, with the
/// learner's file's extension ("threads-pi-1700000000.rs", "threading-ledger-
/// 1700000000.py"), so a Python file is not kept under a Rust name.
fn backup_name(exercise: &Exercise, stamp: u128) -> String {
    let ext = exercise
        .file
        .extension()
        .map_or(String::new(), |e| format!(".{}", e.to_string_lossy()));
    format!("{}-{stamp}{ext}", exercise.id.replace('/', "-"))
}

/// Why the reference solution of `exercise` is not shown yet, and what
/// unlocks it.
pub fn solution_locked(exercise: &Exercise) -> String {
    format!(
        "the reference solution of {id} unlocks once your solution has passed: `parlab check {id}`",
        id = exercise.id
    )
}

/// The reference solution as a Markdown page: a title and the `source` in a
/// code block of its language, fenced longer than any backtick run in it.
pub fn solution_markdown(exercise: &Exercise, source: &str) -> String {
    let longest = source.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!(
        "# {}: the reference solution\n\nOne way to solve it; yours is in `exercises/{}`.\n\n{fence}{}\n{}\n{fence}\n",
        exercise.title,
        exercise.file_rel.display(),
        exercise.language.name(),
        source.trim_end()
    )
}

/// What `reset_all` did.
#[derive(Debug, Default)]
pub struct ResetAll {
    /// The exercises restored, each with where its version was kept.
    pub restored: Vec<(String, Option<PathBuf>)>,
    /// Exercises whose file was already the starter: left as they are.
    pub unchanged: usize,
}

/// Restores the starter of every exercise whose file differs from it,
/// keeping each learner's version as `reset` does. Progress is not touched.
pub fn reset_all(course: &Course) -> Result<ResetAll> {
    let mut done = ResetAll::default();
    for exercise in &course.exercises {
        if at_starter(exercise) {
            done.unchanged += 1;
            continue;
        }
        let backup = reset(course, exercise)?;
        done.restored.push((exercise.id.clone(), backup));
    }
    Ok(done)
}

/// Whether the learner's file is the starter as it is.
pub fn at_starter(exercise: &Exercise) -> bool {
    match (fs::read(&exercise.file), fs::read(&exercise.starter)) {
        (Ok(file), Ok(starter)) => file == starter,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the fixture course in a temporary folder.
    fn course() -> (tempfile::TempDir, Course) {
        let dir = tempfile::tempdir().unwrap();
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
        copy_dir(&from, dir.path());
        let course = Course::load(dir.path()).expect("the fixture course loads");
        (dir, course)
    }

    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                if entry.file_name() != "target" && entry.file_name() != ".parlab" {
                    copy_dir(&entry.path(), &target);
                }
            } else {
                fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    #[test]
    fn the_solution_is_a_code_block_that_its_backticks_cannot_close() {
        let (_dir, course) = course();
        let e = &course.exercises[0];
        let page = solution_markdown(e, "let s = \"```\";\n");
        assert!(
            page.contains("\n````rust\nlet s = \"```\";\n````\n"),
            "{page}"
        );
        let plain = solution_markdown(e, "fn main() {}\n");
        assert!(plain.contains("\n```rust\nfn main() {}\n```\n"), "{plain}");
        assert_eq!(
            solution_locked(e),
            format!(
                "the reference solution of {0} unlocks once your solution has passed: `parlab check {0}`",
                e.id
            )
        );
    }

    #[test]
    fn a_backup_is_named_after_its_exercise_and_language() {
        let (_dir, course) = course();
        let mut e = course.exercises[0].clone();
        e.id = "threading/ledger".into();
        e.file = "exercises/threading/ledger.py".into();
        assert_eq!(backup_name(&e, 7), "threading-ledger-7.py");
    }

    #[test]
    fn reset_all_restores_changed_files_only_and_keeps_them() {
        let (_dir, course) = course();
        for e in &course.exercises {
            fs::write(&e.file, fs::read(&e.starter).unwrap()).unwrap();
        }
        let [first, second, ..] = course.exercises.as_slice() else {
            panic!("the fixture course has two exercises or more");
        };
        fs::write(&first.file, "mine").unwrap();
        fs::write(&second.file, "also mine").unwrap();
        let done = reset_all(&course).unwrap();
        assert_eq!(done.restored.len(), 2, "{done:?}");
        assert_eq!(done.unchanged, course.exercises.len() - 2);
        for (e, kept) in [(first, "mine"), (second, "also mine")] {
            assert!(at_starter(e), "{} is the starter again", e.id);
            let (_, backup) = done.restored.iter().find(|(id, _)| *id == e.id).unwrap();
            let backup = backup.as_ref().expect("a backup");
            assert_eq!(fs::read_to_string(backup).unwrap(), kept);
        }
    }
}
