//! `parlab validate`: proves a course sound for its author. Every manifest
//! and lesson loads, every starter fails, every reference passes, and every
//! serial baseline is correct but too slow where speed is graded.
//!
//! It grades the course's own files in staged builds, so it never touches the
//! learner's files or progress.

use serde::Serialize;

use crate::check::{CheckOptions, Event, Report, check};
use crate::course::{Course, Exercise, Problem, lint_lesson};
use crate::grader::Outcome;
use crate::runner::Variant;

#[derive(Clone, Debug, Serialize)]
pub struct Validation {
    pub ok: bool,
    pub problems: Vec<Problem>,
    pub exercises: Vec<ExerciseValidation>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExerciseValidation {
    pub id: String,
    pub ok: bool,
    pub variants: Vec<VariantResult>,
}

#[derive(Clone, Debug, Serialize)]
pub struct VariantResult {
    pub variant: Variant,
    /// What the variant must do: "fail", "pass", "correct and too slow".
    pub expected: &'static str,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup: Option<f64>,
    pub message: String,
}

/// Validates the exercises whose id starts with `filter` (all when empty).
pub fn validate(
    course: &Course,
    filter: &str,
    on_event: &mut dyn FnMut(&Exercise, Event),
) -> Validation {
    let mut problems = course.problems.clone();
    for lesson in course.lessons() {
        problems.extend(lint_lesson(lesson));
    }
    let exercises: Vec<ExerciseValidation> = course
        .exercises
        .iter()
        .filter(|e| e.id.starts_with(filter))
        .map(|e| validate_exercise(course, e, &mut |ev| on_event(e, ev)))
        .collect();
    let ok = problems.is_empty() && exercises.iter().all(|e| e.ok);
    Validation {
        ok,
        problems,
        exercises,
    }
}

fn validate_exercise(
    course: &Course,
    exercise: &Exercise,
    on_event: &mut dyn FnMut(Event),
) -> ExerciseValidation {
    let graded_speed = exercise.efficiency.is_some();
    let wants: [(Variant, &'static str); 3] = [
        (Variant::Starter, "fail"),
        (Variant::Reference, "pass"),
        (
            Variant::Baseline,
            if graded_speed {
                "correct and too slow"
            } else {
                "pass"
            },
        ),
    ];
    let variants: Vec<VariantResult> = wants
        .into_iter()
        .map(|(variant, expected)| {
            let options = CheckOptions {
                variant,
                ..CheckOptions::default()
            };
            let result = check(course, exercise, &options, on_event);
            judge(variant, expected, graded_speed, result)
        })
        .collect();
    ExerciseValidation {
        id: exercise.id.clone(),
        ok: variants.iter().all(|v| v.ok),
        variants,
    }
}

fn judge(
    variant: Variant,
    expected: &'static str,
    graded_speed: bool,
    result: anyhow::Result<Report>,
) -> VariantResult {
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            return VariantResult {
                variant,
                expected,
                ok: false,
                outcome: None,
                speedup: None,
                message: format!("{e:#}"),
            };
        }
    };
    let ok = match variant {
        Variant::Starter | Variant::Learner => {
            !report.passed && report.outcome != Outcome::Cancelled
        }
        Variant::Reference => report.passed,
        Variant::Baseline if graded_speed => report.outcome == Outcome::TooSlow,
        Variant::Baseline => report.passed,
    };
    VariantResult {
        variant,
        expected,
        ok,
        outcome: Some(report.outcome),
        speedup: report.speedup,
        message: report.message,
    }
}
