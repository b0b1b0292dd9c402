//! The learner's commands on whole files: an exercise's reference solution,
//! readable once the exercise has passed (`show ID --solution`), and
//! `reset --all`, which restores every starter after one question.

use std::io::IsTerminal;

use anyhow::{Context, Result};

use super::learner::{Shown, find_exercise, load_progress, rendered};
use super::{Exit, go_ahead};
use crate::course::Course;
use crate::grader::counted;

/// `parlab show ID --solution`: the reference solution, once the exercise
/// has passed; before, a message that says when it unlocks (exit 1).
pub fn show_solution(course: &Course, id: &str, raw: bool) -> Result<Exit> {
    let exercise = find_exercise(course, id)?;
    if !load_progress(course)?.solved(&exercise.id) {
        eprintln!("parlab: {}", crate::reset::solution_locked(exercise));
        return Ok(Exit::NotPassed);
    }
    let source = std::fs::read(&exercise.reference)
        .with_context(|| format!("failed to read {}", exercise.reference.display()))?;
    let terminal = std::io::stdout().is_terminal();
    let shown = if raw || !terminal {
        Shown::Source(source)
    } else {
        let text = String::from_utf8_lossy(&source);
        Shown::Rendered(rendered(
            &crate::reset::solution_markdown(exercise, &text),
            terminal,
        ))
    };
    shown.print(terminal)?;
    Ok(Exit::Ok)
}

/// `parlab reset --all`: restores every exercise's starter after one
/// question (or none with `--yes`), keeping each changed file as a backup.
/// Progress is not touched.
pub fn reset_all(course: &Course, yes: bool) -> Result<Exit> {
    if !yes {
        let question = format!(
            "Restore the starter of every exercise ({})? Each file you changed is kept as a backup, and your progress stays.",
            counted(course.exercises.len(), "exercise", "exercises")
        );
        if !go_ahead(&question, "reset --all")? {
            return Ok(Exit::Ok);
        }
    }
    let done = crate::reset::reset_all(course)?;
    for (id, backup) in &done.restored {
        match backup {
            Some(path) => println!("Restored {id}; your version is in {}.", path.display()),
            None => println!("Restored {id}."),
        }
    }
    println!(
        "{} restored, {} already at the starter. Your progress is unchanged.",
        counted(done.restored.len(), "exercise", "exercises"),
        done.unchanged
    );
    Ok(Exit::Ok)
}
