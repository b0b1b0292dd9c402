//! What grading writes: each student's `grade.json` and Gradescope
//! `results.json`, and the class's `gradebook.csv`. Every file is written
//! to a temporary name, flushed, and renamed over the old one, so an
//! interrupted run never leaves half a file.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::{ExerciseGrade, StoredGrade, StudentGrade};
use crate::course::Course;
use crate::course::manifest::Visibility;
use crate::grader::{Outcome, score};

pub fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).context("failed to encode JSON")?;
    write_atomically(path, text.as_bytes())
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
    crate::progress::write_atomically(path, bytes)
}

/// `OUT/students/<name>/grade.json` and `results.json`.
pub fn write_student(out: &Path, grade: &StudentGrade, course: &Course) -> Result<()> {
    let dir = out.join("students").join(&grade.student);
    write_json(&dir.join("results.json"), &gradescope(grade, course))?;
    // The grade last: it is what marks the student as done.
    write_json(&dir.join("grade.json"), grade)
}

/// Gradescope's autograder results: a test for each exercise's correctness
/// and one for its speed, with the course's visibility.
#[derive(Serialize)]
pub struct GradescopeResults {
    pub score: f64,
    pub execution_time: f64,
    pub output: String,
    pub visibility: &'static str,
    pub stdout_visibility: &'static str,
    pub tests: Vec<GradescopeTest>,
}

#[derive(Serialize)]
pub struct GradescopeTest {
    pub name: String,
    pub number: String,
    pub score: f64,
    pub max_score: f64,
    pub status: &'static str,
    pub output: String,
    pub visibility: &'static str,
}

fn visibility_name(v: Visibility) -> &'static str {
    match v {
        Visibility::Visible => "visible",
        Visibility::Hidden => "hidden",
        Visibility::AfterDueDate => "after_due_date",
    }
}

pub fn gradescope(grade: &StudentGrade, course: &Course) -> GradescopeResults {
    let mut tests = Vec::new();
    for (n, (e, exercise)) in grade.exercises.iter().zip(&course.exercises).enumerate() {
        let correct_max = e.points.max - exercise.grading.speedup_points;
        // Gradescope hides an after-due-date test until then by itself; a
        // hidden test never carries its details.
        let correct = matches!(
            e.outcome,
            Some(Outcome::Passed | Outcome::TooSlow | Outcome::Inconclusive)
        );
        let message = match exercise.grading.visibility {
            Visibility::Hidden => score::hidden_message(e.outcome),
            _ if correct && e.workers > 0 => {
                format!("Correct with {} and {} workers.", e.workers, e.workers + 1)
            }
            _ => e.full_message.clone(),
        };
        tests.push(GradescopeTest {
            name: format!("{}: correct result", e.id),
            number: format!("{}.1", n + 1),
            score: e.points.correctness,
            max_score: correct_max,
            status: status(e.points.correctness, correct_max, e),
            output: message,
            visibility: visibility_name(exercise.grading.visibility),
        });
        if exercise.grading.speedup_points > 0.0 {
            tests.push(GradescopeTest {
                name: format!("{}: speedup", e.id),
                number: format!("{}.2", n + 1),
                score: e.points.speedup,
                max_score: exercise.grading.speedup_points,
                status: if e.points.speedup >= exercise.grading.speedup_points {
                    "passed"
                } else {
                    "failed"
                },
                output: speed_line(e),
                visibility: visibility_name(exercise.grading.speedup_visibility),
            });
        }
    }
    GradescopeResults {
        score: grade.total,
        execution_time: grade
            .exercises
            .iter()
            .map(|e| e.build_seconds + e.check_seconds)
            .sum::<f64>()
            .round(),
        output: format!(
            "Graded by parlab {} on {} cores; isolation: {}.",
            grade.replay.parlab_version, grade.replay.hardware.cores, grade.isolation.note
        ),
        visibility: "visible",
        stdout_visibility: "hidden",
        tests,
    }
}

fn status(score: f64, max: f64, e: &ExerciseGrade) -> &'static str {
    if e.submitted && score >= max {
        "passed"
    } else {
        "failed"
    }
}

fn speed_line(e: &ExerciseGrade) -> String {
    match (e.speedup, e.target_speedup, e.outcome) {
        (Some(s), Some(t), _) => {
            let busy = if e.outcome == Some(Outcome::Inconclusive) {
                " (the machine was busy: the instructor may regrade)"
            } else {
                ""
            };
            format!(
                "Speedup {s:.2}x with {} workers against the serial baseline; the target is {t:.2}x{busy}.",
                e.workers
            )
        }
        _ if e.outcome == Some(Outcome::Passed) => e.full_message.clone(),
        _ => "Not measured: speed counts only once the result is correct.".into(),
    }
}

/// `OUT/gradebook.csv`: a row per student, a column per exercise, the
/// total, the maximum, and notes (inconclusive timings, missing files).
pub fn write_gradebook(out: &Path, course: &Course, grades: &[StoredGrade]) -> Result<PathBuf> {
    let mut csv = String::from("student");
    for e in &course.exercises {
        csv.push(',');
        csv.push_str(&field(&e.id));
    }
    csv.push_str(",total,max,notes\n");
    for g in grades {
        csv.push_str(&field(&g.student));
        let mut notes = Vec::new();
        for e in &course.exercises {
            let stored = g.exercises.iter().find(|s| s.id == e.id);
            let points = stored.map_or(0.0, |s| s.points.total);
            csv.push_str(&format!(",{}", number(points)));
            match stored {
                Some(s) if !s.submitted => notes.push(format!("{}: not submitted", e.id)),
                Some(s) => {
                    if let Some(o) = s.outcome.filter(|o| *o != Outcome::Passed) {
                        notes.push(format!("{}: {}", e.id, o.name()));
                    }
                    if s.speed_not_graded.is_some() {
                        notes.push(format!("{}: speed not graded on this machine", e.id));
                    }
                }
                None => notes.push(format!("{}: not graded", e.id)),
            }
        }
        csv.push_str(&format!(
            ",{},{},{}\n",
            number(g.total),
            number(g.max),
            field(&notes.join("; "))
        ));
    }
    let path = out.join("gradebook.csv");
    write_atomically(&path, csv.as_bytes())?;
    Ok(path)
}

fn number(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A CSV field, quoted when it must be; a leading `=`, `+`, `-` or `@` is
/// escaped so a spreadsheet does not run it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(number(10.0), "10");
        assert_eq!(number(7.5), "7.5");
        assert_eq!(number(3.333), "3.33");
    }
}
