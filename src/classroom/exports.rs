//! What grades look like to the tools an instructor hands them to: the
//! class's `gradebook.csv` (and its Canvas and Moodle forms, `lms`),
//! Gradescope's `results.json` for one student, and
//! GitHub Classroom's autograding report of one checkout (`parlab check
//! --all --classroom`). Pure: each export is made from records already
//! taken, and written by `store` (or printed by the CLI).

use anyhow::Result;
use serde::Serialize;

use super::records::{ExerciseGrade, Lateness, StoredGrade, StudentGrade};
use crate::check::Report;
use crate::course::manifest::Visibility;
use crate::course::{Course, Exercise};
use crate::grader::{Outcome, Worker, score};

pub mod lms;
#[cfg(test)]
mod tests;

/// Gradescope's autograder results: a test for each exercise's correctness
/// and one for its speed, with the course's visibility.
#[derive(Debug, Serialize)]
pub struct GradescopeResults {
    pub score: f64,
    pub execution_time: f64,
    pub output: String,
    pub visibility: &'static str,
    pub stdout_visibility: &'static str,
    pub tests: Vec<GradescopeTest>,
}

#[derive(Debug, Serialize)]
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
        tests.push(gradescope_correctness(n, e, exercise));
        if exercise.grading.speedup_points > 0.0 {
            tests.push(gradescope_speed(n, e, exercise));
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
            "Graded by parlab {} on {}; isolation: {}.{}",
            grade.replay.parlab_version,
            crate::grader::counted(grade.replay.hardware.cores, "core", "cores"),
            grade.isolation.note,
            grade.late.as_ref().map_or_else(String::new, late_line)
        ),
        visibility: "visible",
        stdout_visibility: "hidden",
        tests,
    }
}

/// What lateness cost, for the student: a sentence after the summary.
fn late_line(late: &Lateness) -> String {
    let p = &late.penalty;
    if p.days_late == 0 {
        return format!(" Submitted on time ({}).", late.submitted_at);
    }
    format!(
        " Submitted {} late ({}); grace days used: {} of {}; late penalty: {}% of the points, {} taken off.",
        days(p.days_late),
        late.submitted_at,
        p.grace_days_used,
        late.grace_days,
        number(p.share * 100.0),
        number(p.points)
    )
}

fn days(n: u32) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// The test of the `n`th exercise's result (counted from 0).
fn gradescope_correctness(n: usize, e: &ExerciseGrade, exercise: &Exercise) -> GradescopeTest {
    let correct_max = e.points.max - exercise.grading.speedup_points;
    // Gradescope hides an after-due-date test until then by itself; a
    // hidden test never carries its details.
    let message = match exercise.grading.visibility {
        Visibility::Hidden => score::hidden_message(e.outcome()),
        _ if score::correct(e.outcome()) && e.workers() > 0 => {
            let worker = Worker::of(exercise);
            format!(
                "Correct with {}.",
                worker.list(&[e.workers(), e.workers() + 1])
            )
        }
        _ => advised(e.full_message(), e.outcome(), Worker::of(exercise)),
    };
    let passed = e.submitted() && e.points.correctness >= correct_max;
    GradescopeTest {
        name: format!("{}: correct result", e.id),
        number: format!("{}.1", n + 1),
        score: e.points.correctness,
        max_score: correct_max,
        status: if passed { "passed" } else { "failed" },
        output: message,
        visibility: visibility_name(exercise.grading.visibility),
    }
}

/// The test of the `n`th exercise's speed (counted from 0).
fn gradescope_speed(n: usize, e: &ExerciseGrade, exercise: &Exercise) -> GradescopeTest {
    GradescopeTest {
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
    }
}

fn speed_line(e: &ExerciseGrade) -> String {
    match (e.speedup(), e.target_speedup(), e.outcome()) {
        (Some(s), Some(t), outcome) => {
            let busy = if outcome == Some(Outcome::Inconclusive) {
                " (the machine was busy: the instructor may regrade)"
            } else {
                ""
            };
            format!(
                "Speedup {s:.2}x with {} against the serial baseline; the target is {t:.2}x{busy}.",
                crate::grader::counted(e.workers(), "worker", "workers")
            )
        }
        (_, _, Some(Outcome::Passed)) => e.full_message().to_owned(),
        _ => "Not measured: speed counts only once the result is correct.".into(),
    }
}

/// `gradebook.csv`: a row per student, a column per exercise, the total,
/// the maximum, and notes. Where the course has a late policy, the days
/// late, the grace days used and the points taken off stand before the
/// total (which is after the penalty). The notes list only what an
/// instructor must look at (`notes`).
pub fn gradebook(course: &Course, grades: &[StoredGrade]) -> String {
    let late = course.late.is_set();
    let mut csv = String::from("student");
    for e in &course.exercises {
        csv.push(',');
        csv.push_str(&field(&e.id));
    }
    if late {
        csv.push_str(",days_late,grace_days_used,late_penalty");
    }
    csv.push_str(",total,max,notes\n");
    for g in grades {
        csv.push_str(&field(&g.student));
        for e in &course.exercises {
            let stored = g.exercises.iter().find(|s| s.id == e.id);
            let points = stored.map_or(0.0, |s| s.points.total);
            csv.push_str(&format!(",{}", number(points)));
        }
        if late {
            match &g.late {
                Some(l) => csv.push_str(&format!(
                    ",{},{},{}",
                    l.penalty.days_late,
                    l.penalty.grace_days_used,
                    number(l.penalty.points)
                )),
                None => csv.push_str(",,,"),
            }
        }
        csv.push_str(&format!(
            ",{},{},{}\n",
            number(g.total),
            number(g.max),
            field(&notes(course, g).join("; "))
        ));
    }
    csv
}

/// What an instructor must look at in a student's grade: an exercise that
/// was not graded, or not graded in full (speed on this machine), a timing
/// to take again on a quiet machine, a check that was cancelled, a
/// submission the integrity checks rejected, and a submission whose time
/// is unknown under a late policy. A missing file or a wrong result is the
/// student's own and is in the points already.
fn notes(course: &Course, g: &StoredGrade) -> Vec<String> {
    let mut notes = Vec::new();
    for e in &course.exercises {
        match g.exercises.iter().find(|s| s.id == e.id) {
            None => notes.push(format!("{}: not graded", e.id)),
            Some(s) if !s.submitted => {}
            Some(s) => {
                match s.outcome {
                    None => notes.push(format!("{}: not graded", e.id)),
                    Some(Outcome::Inconclusive) => notes.push(format!(
                        "{}: inconclusive timing, regrade on a quiet machine",
                        e.id
                    )),
                    Some(Outcome::Cancelled) => {
                        notes.push(format!("{}: cancelled, regrade", e.id));
                    }
                    Some(Outcome::Rejected) => notes.push(format!(
                        "{}: rejected by the integrity checks, read its message",
                        e.id
                    )),
                    Some(_) => {}
                }
                if s.speed_not_graded.is_some() {
                    notes.push(format!("{}: speed not graded on this machine", e.id));
                }
            }
        }
    }
    if course.late.is_set() && g.late.is_none() {
        notes.push("submission time unknown: no late penalty applied".into());
    }
    notes
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

/// One test of GitHub Classroom's autograding reporter.
#[derive(Debug, Serialize)]
pub struct ClassroomTest {
    pub name: String,
    /// `pass`, `fail`, or `error` (the check itself could not run).
    pub status: &'static str,
    pub score: f64,
    pub max_score: f64,
    pub message: String,
    pub test_code: String,
    pub filename: String,
    pub line_no: u32,
    /// Milliseconds.
    pub duration: u64,
}

/// What GitHub Classroom's reporter reads: `{version, status, max_score,
/// tests}`.
#[derive(Debug, Serialize)]
pub struct ClassroomResults {
    pub version: u32,
    pub status: &'static str,
    pub max_score: f64,
    pub tests: Vec<ClassroomTest>,
}

/// The test of one exercise checked in `duration_ms`, scored with the
/// course's points; a hidden check says its outcome alone.
pub fn classroom_test(
    exercise: &Exercise,
    checked: &Result<Report>,
    duration_ms: u64,
) -> ClassroomTest {
    let (outcome, message, speedup, target) = match checked {
        Ok(r) => (
            Some(r.outcome),
            r.message.clone(),
            r.speedup,
            r.target_speedup,
        ),
        Err(e) => (None, format!("{e:#}"), None, None),
    };
    let points = score::points(&exercise.grading, outcome, speedup, target);
    let status = match outcome {
        None => "error",
        Some(Outcome::Passed) => "pass",
        Some(_) => "fail",
    };
    ClassroomTest {
        name: exercise.id.clone(),
        status,
        score: points.total,
        max_score: points.max,
        message: score::student_message(
            exercise.grading.visibility,
            false,
            outcome,
            &advised(&message, outcome, Worker::of(exercise)),
        ),
        test_code: format!("parlab check {}", exercise.id),
        filename: format!("exercises/{}", exercise.file_rel.display()),
        line_no: 0,
        duration: duration_ms,
    }
}

/// The one test of a checkout whose course files are not the course's
/// (`owned::verify`): an error worth nothing, naming each file.
pub fn classroom_tampered(course: &Course, problems: &[String]) -> ClassroomTest {
    ClassroomTest {
        name: "course files".into(),
        status: "error",
        score: 0.0,
        max_score: course.exercises.iter().map(|e| e.grading.points).sum(),
        message: format!(
            "The course's own files (harnesses, manifests, support) are not as the course made them, \
             so no exercise was checked. Restore them (git checkout -- <file>) and push again.\n{}",
            problems.join("\n")
        ),
        test_code: "parlab check --all --classroom".into(),
        filename: super::owned::HASH_FILE.into(),
        line_no: 0,
        duration: 0,
    }
}

impl ClassroomResults {
    pub fn new(tests: Vec<ClassroomTest>) -> Self {
        Self {
            version: 1,
            status: if tests.iter().any(|t| t.status == "error") {
                "error"
            } else if tests.iter().all(|t| t.status == "pass") {
                "pass"
            } else {
                "fail"
            },
            max_score: tests.iter().map(|t| t.max_score).sum(),
            tests,
        }
    }

    /// Whether every exercise passed.
    pub fn all_passed(&self) -> bool {
        self.tests.iter().all(|t| t.status == "pass")
    }

    /// What `--classroom` prints: base64 of the compact JSON.
    pub fn encoded(&self) -> Result<String> {
        Ok(base64(serde_json::to_string(self)?.as_bytes()))
    }
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let digit = (n >> (18 - 6 * i)) & 63;
                out.push(char::from(
                    ALPHABET.get(digit as usize).copied().unwrap_or(b'='),
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A shown message with what to try next for its outcome, in the words the
/// CLI and the UI use; a pass, or a check that did not run, as it is.
fn advised(message: &str, outcome: Option<Outcome>, worker: Worker) -> String {
    match outcome {
        Some(o) if o != Outcome::Passed => format!("{message}\n\n{}", o.advice(worker)),
        _ => message.to_owned(),
    }
}
