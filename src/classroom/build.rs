//! One student's build stage: each submitted exercise built (Rust, with
//! cargo, offline, into the class's shared build folder) or compiled
//! (Python) inside the sandbox. A compile error is the student's grade for
//! that exercise; a build that cannot start at all stops the run.

use std::fs;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::GradeOptions;
use super::prepare::Class;
use super::records::{ExerciseGrade, Reached};
use super::student::Folders;
use super::submissions::Files;
use crate::course::{Course, Exercise, Language};
use crate::runner::python::Python;
use crate::runner::{self, BuildOutcome, Program};

/// Builds every submitted exercise: a grade per exercise of the course, and
/// the program of each that built.
pub fn build_submission(
    course: &Course,
    class: &Class,
    options: &GradeOptions,
    folders: &Folders,
    files: &Files,
    tell: &mut dyn FnMut(String),
) -> Result<Vec<(ExerciseGrade, Option<Program>)>> {
    let mut built = Vec::new();
    for exercise in &course.exercises {
        let rel = exercise.file_rel.to_string_lossy().into_owned();
        if !files.get(&rel).is_some_and(Option::is_some) {
            let message = format!("Not submitted: exercises/{rel} is missing or not a plain file.");
            let grade = ExerciseGrade::new(exercise, Reached::NotSubmitted { message });
            built.push((grade, None));
            continue;
        }
        tell(format!("building {}", exercise.id));
        built.push(build_one(class, options, folders, exercise, &rel)?);
    }
    Ok(built)
}

/// One submitted exercise, built: its grade so far, and its program.
fn build_one(
    class: &Class,
    options: &GradeOptions,
    folders: &Folders,
    exercise: &Exercise,
    rel: &str,
) -> Result<(ExerciseGrade, Option<Program>)> {
    let t = Instant::now();
    let built = match (exercise.language, &class.python) {
        (Language::Rust, _) => build_rust(class, options, folders, exercise)?,
        (Language::Python, Some(Ok(python))) => {
            compile_python(class, options, folders, exercise, python)?
        }
        (Language::Python, other) => {
            let why = match other {
                Some(Err(why)) => why.clone(),
                _ => "no Python".to_owned(),
            };
            let why = format!(
                "Not graded: the course's Python could not be set up on the grading machine: {why}"
            );
            return Ok((
                ExerciseGrade::new(exercise, Reached::NotBuilt { why }),
                None,
            ));
        }
    };
    let (reached, program) = match built {
        BuildOutcome::Built { program } => (Reached::Built, Some(program)),
        BuildOutcome::Cancelled => bail!("cancelled; run the same command again to resume"),
        BuildOutcome::CompileError { diagnostics } => {
            let message = compile_message(rel, &diagnostics);
            let reached = Reached::CompileError {
                message,
                diagnostics,
            };
            (reached, None)
        }
    };
    let mut grade = ExerciseGrade::new(exercise, reached);
    grade.build_seconds = t.elapsed().as_secs_f64();
    Ok((grade, program))
}

/// What a student is told of a file that does not compile: the line of a
/// Python syntax error, where there is one.
pub fn compile_message(rel: &str, diagnostics: &str) -> String {
    match crate::grader::python_syntax_error(diagnostics) {
        Some((line, col, what)) => format!("Compile error: exercises/{rel}:{line}:{col}: {what}."),
        None => format!("Compile error: exercises/{rel} does not compile."),
    }
}

fn build_rust(
    class: &Class,
    options: &GradeOptions,
    folders: &Folders,
    exercise: &Exercise,
) -> Result<BuildOutcome> {
    // The copy is the submission's own: cargo may rewrite its Cargo.lock
    // (the package is renamed after the copy's folder).
    let wrap = |spec: runner::RunSpec| {
        let mut spec = class.sandbox.wrap(
            spec,
            &class.external,
            &[
                folders.package.clone(),
                class.build_dir.clone(),
                folders.target.clone(),
            ],
            &runner::Limits::none(),
            true,
        );
        spec.env.extend(runner::sandbox::toolchain_env());
        spec
    };
    let features: &[&str] = if exercise.mpi { &["mpi"] } else { &[] };
    let built = runner::build_staged(
        &folders.package,
        &class.build_dir,
        &folders.target,
        &exercise.bin,
        features,
        &options.cancel,
        &wrap,
    )?;
    let BuildOutcome::Built { program } = built else {
        return Ok(built);
    };
    let dest = folders.bin.join(&exercise.bin);
    fs::copy(&program.path, &dest)
        .with_context(|| format!("failed to copy {}", program.path.display()))?;
    Ok(BuildOutcome::Built {
        program: Program::native(dest),
    })
}

/// A Python submission: the student's file in the clean copy, compiled in
/// the sandbox; it runs on the course's harness in that copy.
fn compile_python(
    class: &Class,
    options: &GradeOptions,
    folders: &Folders,
    exercise: &Exercise,
    python: &Python,
) -> Result<BuildOutcome> {
    let file = folders.package.join(&exercise.file_rel);
    let program = runner::python::program(python, &folders.package, exercise, &file);
    let wrap = |spec: runner::RunSpec| {
        class.sandbox.wrap(
            spec,
            &program.reads,
            std::slice::from_ref(&folders.run),
            &runner::Limits::none(),
            false,
        )
    };
    runner::python::compile(python, &file, program.clone(), &options.cancel, &wrap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compile_error_names_the_file_and_a_python_syntax_errors_line() {
        assert_eq!(
            compile_message("class/sum.rs", "error[E0308]: mismatched types"),
            "Compile error: exercises/class/sum.rs does not compile."
        );
        assert_eq!(
            compile_message("py/sum.py", ""),
            "Compile error: exercises/py/sum.py does not compile."
        );
        assert_eq!(
            compile_message(
                "py/sum.py",
                "/tmp/x/py/sum.py:1:24: SyntaxError: '(' was never closed\n"
            ),
            "Compile error: exercises/py/sum.py:1:24: SyntaxError: '(' was never closed."
        );
    }
}
