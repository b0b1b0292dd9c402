//! `parlab validate`: proves a course sound for its author. Every manifest
//! and lesson loads, every starter fails, every reference passes, and every
//! serial baseline is correct but too slow where speed is graded.
//!
//! `--quick` ([`Mode::Quick`]) checks correctness only: the same builds and
//! runs at two worker counts, but no timing, so it takes seconds per
//! exercise and suits editing a task or its hints. Both modes warn about
//! targets too weak to tell serial from parallel work and about baselines
//! whose result changes with the worker (or rank) count ([`warnings`]).
//!
//! It grades the course's own files in staged builds, so it never touches the
//! learner's files or progress.

mod warnings;

use serde::Serialize;

use crate::check::{CheckOptions, Event, Report, Stage, check};
use crate::course::{Course, Exercise, Problem, lint_lesson};
use crate::grader::{self, Outcome};
use crate::runner::Variant;

pub use warnings::{baseline_depends_on_workers, machine_warning, target_warnings};

/// How thoroughly a course is validated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Correctness and speed: starters fail, references pass, baselines
    /// are too slow where speed is graded (with timing, retried when noisy).
    #[default]
    Full,
    /// Correctness only: loading, starters, references and baselines, with
    /// no timing; the live demos are not run.
    Quick,
}

#[derive(Clone, Debug, Serialize)]
pub struct Validation {
    pub ok: bool,
    pub mode: Mode,
    pub problems: Vec<Problem>,
    /// Sound but weak: speed targets that cannot tell serial from parallel
    /// work on small machines.
    pub warnings: Vec<String>,
    pub exercises: Vec<ExerciseValidation>,
    /// The live demos, each run once (only when no filter is given).
    pub demos: Vec<DemoValidation>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DemoValidation {
    pub id: String,
    pub ok: bool,
    pub message: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExerciseValidation {
    pub id: String,
    pub ok: bool,
    pub variants: Vec<VariantResult>,
    /// Why the exercise was not run here (MPI is not installed), if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct VariantResult {
    pub variant: Variant,
    /// What the variant must do, as a phrase after "must": "fail", "pass",
    /// "be correct", "be correct and too slow".
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
    mode: Mode,
    on_event: &mut dyn FnMut(&Exercise, Event),
) -> Validation {
    let mut problems = course.problems.clone();
    let demos: Vec<&str> = course.demos.iter().map(|d| d.id.as_str()).collect();
    for lesson in course.lessons() {
        problems.extend(lint_lesson(lesson, &demos));
    }
    let chosen: Vec<&Exercise> = course
        .exercises
        .iter()
        .filter(|e| e.id.starts_with(filter))
        .collect();
    let mut warnings: Vec<String> = machine_warning(crate::runner::cores())
        .into_iter()
        .chain(chosen.iter().flat_map(|e| target_warnings(e)))
        .collect();
    let exercises: Vec<ExerciseValidation> = chosen
        .iter()
        .map(|e| {
            let (validation, warning) =
                validate_exercise(course, e, mode, &mut |ev| on_event(e, ev));
            warnings.extend(warning);
            validation
        })
        .collect();
    let demos: Vec<DemoValidation> = if filter.is_empty() && mode == Mode::Full {
        course
            .demos
            .iter()
            .map(|d| validate_demo(course, d))
            .collect()
    } else {
        Vec::new()
    };
    let ok = problems.is_empty() && exercises.iter().all(|e| e.ok) && demos.iter().all(|d| d.ok);
    Validation {
        ok,
        mode,
        problems,
        warnings,
        exercises,
        demos,
    }
}

/// A demo is sound when every run gives figures; a run that needs a missing
/// part (python3, MPI, Java, PySpark) is noted, not failed.
fn validate_demo(course: &Course, demo: &crate::course::Demo) -> DemoValidation {
    let cancel = crate::runner::cancel_flag();
    let (ok, message) = match crate::demo::run_demo(course, demo, None, &cancel, &mut |_| {}) {
        Err(e) => (false, format!("{e:#}")),
        Ok(report) => {
            let bad: Vec<String> = report
                .rows
                .iter()
                .filter_map(|r| {
                    let e = r.error.as_ref()?;
                    (!crate::demo::is_missing_part(e)).then(|| format!("{}: {e}", r.label))
                })
                .collect();
            let skipped = report.rows.iter().filter(|r| r.error.is_some()).count() - bad.len();
            let note = if skipped > 0 {
                format!(
                    " ({} {} a part this machine lacks: python3, MPI, Java or PySpark)",
                    grader::counted(skipped, "run", "runs"),
                    if skipped == 1 { "needs" } else { "need" }
                )
            } else {
                String::new()
            };
            (
                bad.is_empty(),
                if bad.is_empty() {
                    format!(
                        "{} gave figures{note}",
                        grader::counted(report.rows.len() - skipped, "run", "runs")
                    )
                } else {
                    bad.join("; ")
                },
            )
        }
    };
    DemoValidation {
        id: demo.id.clone(),
        ok,
        message,
    }
}

/// One exercise's variants, and a warning when its baseline's result
/// changed with the worker count.
fn validate_exercise(
    course: &Course,
    exercise: &Exercise,
    mode: Mode,
    on_event: &mut dyn FnMut(Event),
) -> (ExerciseValidation, Option<String>) {
    if let Some(why) = not_here(exercise) {
        let skipped = ExerciseValidation {
            id: exercise.id.clone(),
            ok: true,
            variants: Vec::new(),
            skipped: Some(why),
        };
        return (skipped, None);
    }
    let graded_speed = exercise.efficiency.is_some();
    let mut warning = None;
    let variants: Vec<VariantResult> = expectations(mode, graded_speed)
        .into_iter()
        .map(|(variant, expected)| {
            let result = match mode {
                Mode::Full => timed_check(course, exercise, variant, on_event),
                Mode::Quick => quick_check(course, exercise, variant, on_event),
            };
            if let (Variant::Baseline, Ok(report)) = (variant, &result) {
                warning = baseline_depends_on_workers(exercise, &report.samples);
            }
            judge(variant, expected, graded_speed, mode, result)
        })
        .collect();
    let validation = ExerciseValidation {
        id: exercise.id.clone(),
        ok: variants.iter().all(|v| v.ok),
        variants,
        skipped: None,
    };
    (validation, warning)
}

/// Why `exercise` cannot run on this machine (MPI or python3 missing).
fn not_here(exercise: &Exercise) -> Option<String> {
    if exercise.mpi
        && let Some(install) = crate::doctor::missing("mpi")
    {
        return Some(format!("MPI is not installed here ({install})"));
    }
    let no_python = exercise.language == crate::course::Language::Python
        && std::env::var_os(crate::runner::python::PYTHON_ENV).is_none()
        && crate::runner::python::system_python().is_none();
    no_python.then(|| {
        format!(
            "python3 is not installed here ({})",
            crate::doctor::python_install_line()
        )
    })
}

/// What each variant must do, as a phrase after "must".
fn expectations(mode: Mode, graded_speed: bool) -> [(Variant, &'static str); 3] {
    let (reference, baseline) = match mode {
        Mode::Quick => ("be correct", "be correct"),
        Mode::Full if graded_speed => ("pass", "be correct and too slow"),
        Mode::Full => ("pass", "pass"),
    };
    [
        (Variant::Starter, "fail"),
        (Variant::Reference, reference),
        (Variant::Baseline, baseline),
    ]
}

/// A variant's correctness alone: runs at two worker counts, no timing.
fn quick_check(
    course: &Course,
    exercise: &Exercise,
    variant: Variant,
    on_event: &mut dyn FnMut(Event),
) -> anyhow::Result<Report> {
    let options = CheckOptions {
        variant,
        seed: crate::check::SeedChoice::Fixed,
        // The starter of a timed exercise may be correct (it is only slow),
        // so one run says all --quick can tell. Elsewhere a starter must be
        // wrong, perhaps only at some worker counts (a race), so it gets
        // both runs, as in a full validate.
        stage: if variant == Variant::Starter && exercise.efficiency.is_some() {
            Stage::OneRun
        } else {
            Stage::Correctness
        },
        ..CheckOptions::default()
    };
    check(course, exercise, &options, on_event)
}

/// A variant's full check, its timing taken again when it was noisy.
fn timed_check(
    course: &Course,
    exercise: &Exercise,
    variant: Variant,
    on_event: &mut dyn FnMut(Event),
) -> anyhow::Result<Report> {
    // The harness's own seed: the manifest's expected value is
    // checked, so the baseline is held to an independent value.
    let options = CheckOptions {
        variant,
        seed: crate::check::SeedChoice::Fixed,
        ..CheckOptions::default()
    };
    let mut result = check(course, exercise, &options, on_event);
    // A busy machine makes a timing inconclusive, and a machine whose
    // speed wanders can make a sound reference look slow in a few
    // pairs: take the timing again, thoroughly (more pairs, a larger
    // budget), up to twice. A reference that is really too slow stays
    // too slow however many pairs are taken.
    let thorough = CheckOptions {
        thorough: true,
        ..options.clone()
    };
    for _ in 0..2 {
        if !worth_timing_again(variant, &result) {
            break;
        }
        result = check(course, exercise, &thorough, on_event);
    }
    result
}

/// Whether a check's timing should be taken again before it is judged: it
/// was inconclusive, or it found the reference too slow.
fn worth_timing_again(variant: Variant, result: &anyhow::Result<Report>) -> bool {
    match result {
        Ok(r) => {
            r.outcome == Outcome::Inconclusive
                || (variant == Variant::Reference && r.outcome == Outcome::TooSlow)
        }
        Err(_) => false,
    }
}

fn judge(
    variant: Variant,
    expected: &'static str,
    graded_speed: bool,
    mode: Mode,
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
    // Where this machine cannot grade speed, a correct program passes on
    // correctness alone: a starter or baseline that is only slow is sound.
    // `--quick` measures no speed: there a starter of a timed exercise may
    // be correct, and a baseline must be.
    let unmeasured = report.speed_not_graded.is_some();
    let ok = match (variant, mode) {
        _ if report.outcome == Outcome::Cancelled => false,
        (Variant::Starter | Variant::Learner, Mode::Quick) => !report.passed || graded_speed,
        (Variant::Starter | Variant::Learner, Mode::Full) => !report.passed || unmeasured,
        (Variant::Reference, _) | (Variant::Baseline, Mode::Quick) => report.passed,
        (Variant::Baseline, Mode::Full) if graded_speed => {
            report.outcome == Outcome::TooSlow || unmeasured
        }
        (Variant::Baseline, Mode::Full) => report.passed,
    };
    let message = if mode == Mode::Quick && variant == Variant::Starter && report.passed && ok {
        format!(
            "{} Its speed was not measured: a full `parlab validate` shows that it is too slow.",
            report.message
        )
    } else {
        report.message
    };
    VariantResult {
        variant,
        expected,
        ok,
        outcome: Some(report.outcome),
        speedup: report.speedup,
        message,
    }
}
