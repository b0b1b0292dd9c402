//! One student's grading: their files in a clean copy of the course, each
//! exercise built (Rust) or compiled (Python) in the sandbox, correctness
//! checked side by side, then speed one exercise at a time.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::clock;
use super::prepare::Class;
use super::{
    ExerciseGrade, GradeOptions, RECORD_FORMAT, Replay, StudentGrade, file_hash,
    make_writable_by_all, run_limits, stage_clean,
};
use crate::check::{self, CheckOptions, Prebuilt, Stage};
use crate::course::{Course, Exercise, Language};
use crate::grader::Outcome;
use crate::runner::python::Python;
use crate::runner::sandbox::Confinement;
use crate::runner::{self, BuildOutcome, Program, Variant};

/// One student's submission being graded.
pub(super) struct Student<'a> {
    pub(super) name: &'a str,
    pub(super) files: &'a BTreeMap<String, Option<PathBuf>>,
    pub(super) sha: &'a str,
}

/// The folders of one student's grading: the clean course copy with their
/// files, its build output, their programs, and the one folder their runs
/// may write.
struct Folders {
    package: PathBuf,
    target: PathBuf,
    bin: PathBuf,
    run: PathBuf,
}

impl Folders {
    fn make(class: &Class, name: &str) -> Result<Folders> {
        let home = class.work.join("students").join(name);
        let folders = Folders {
            package: home.join("package"),
            target: home.join("target"),
            bin: home.join("bin"),
            run: home.join("run"),
        };
        for dir in [&folders.target, &folders.bin, &folders.run] {
            fs::create_dir_all(dir)
                .with_context(|| format!("failed to create {}", dir.display()))?;
        }
        make_writable_by_all(&folders.run);
        Ok(folders)
    }
}

pub(super) fn grade_student(
    course: &Course,
    class: &Class,
    options: &GradeOptions,
    student: &Student,
    course_sha: &str,
    tell: &mut dyn FnMut(String),
) -> Result<StudentGrade> {
    let folders = Folders::make(class, student.name)?;
    tell("copying the exercise files into a clean course".into());
    stage_clean(course, &folders.package, student.files)?;
    let (mut grades, programs) =
        build_submission(course, class, options, &folders, student.files, tell)?;
    let grading = Grading {
        course,
        class,
        options,
        folders: &folders,
        programs: &programs,
    };
    grading.correctness(&mut grades, tell)?;
    grading.speed(&mut grades, tell)?;

    let after_due = course
        .due
        .as_deref()
        .is_some_and(|due| clock::today().as_str() >= due);
    let mut total = 0.0;
    let mut max = 0.0;
    for (grade, exercise) in grades.iter_mut().zip(&course.exercises) {
        grade.finish(exercise, &class.sandbox, options, after_due);
        total += grade.points.total;
        max += grade.points.max;
    }
    let limits = run_limits(&class.sandbox, None, options);
    Ok(StudentGrade {
        format: RECORD_FORMAT,
        student: student.name.to_owned(),
        total: (total * 100.0_f64).round() / 100.0,
        max,
        exercises: grades,
        isolation: class.sandbox.isolation(&limits),
        replay: Replay {
            submission_sha256: student.sha.to_owned(),
            files: student
                .files
                .iter()
                .filter_map(|(rel, path)| Some((rel.clone(), file_hash(path.as_ref()?).ok()?)))
                .collect(),
            course_sha256: course_sha.to_owned(),
            parlab_version: env!("CARGO_PKG_VERSION").to_owned(),
            toolchain: class.toolchain.clone(),
            hardware: class.hardware.clone(),
            load_average: check::load_average(),
            graded_at: clock::now_rfc3339(),
            command: options.command.clone(),
        },
    })
}

/// Builds (or, for Python, compiles) every submitted exercise in the
/// sandbox: a grade per exercise, and the program of each that built.
fn build_submission(
    course: &Course,
    class: &Class,
    options: &GradeOptions,
    folders: &Folders,
    files: &BTreeMap<String, Option<PathBuf>>,
    tell: &mut dyn FnMut(String),
) -> Result<(Vec<ExerciseGrade>, Vec<Option<Program>>)> {
    let mut grades: Vec<ExerciseGrade> = Vec::new();
    let mut programs: Vec<Option<Program>> = Vec::new();
    for exercise in &course.exercises {
        let mut grade = ExerciseGrade::new(exercise);
        let rel = exercise.file_rel.to_string_lossy().into_owned();
        grade.submitted = files.get(&rel).is_some_and(Option::is_some);
        if !grade.submitted {
            grade.message =
                format!("Not submitted: exercises/{rel} is missing or not a plain file.");
            grades.push(grade);
            programs.push(None);
            continue;
        }
        tell(format!("building {}", exercise.id));
        let t = Instant::now();
        let built = match exercise.language {
            Language::Rust => build_rust(class, options, folders, exercise)?,
            Language::Python => match &class.python {
                Some(Ok(python)) => compile_python(class, options, folders, exercise, python)?,
                other => {
                    let why = match other {
                        Some(Err(why)) => why.as_str(),
                        _ => "no Python",
                    };
                    grade.message = format!(
                        "Not graded: the course's Python could not be set up on the grading machine: {why}"
                    );
                    grades.push(grade);
                    programs.push(None);
                    continue;
                }
            },
        };
        grade.build_seconds = t.elapsed().as_secs_f64();
        match built {
            BuildOutcome::Built { program } => programs.push(Some(program)),
            BuildOutcome::Cancelled => bail!("cancelled; run the same command again to resume"),
            BuildOutcome::CompileError { diagnostics } => {
                grade.outcome = Some(Outcome::CompileError);
                grade.message = match crate::grader::python_syntax_error(&diagnostics) {
                    Some((line, col, what)) => {
                        format!("Compile error: exercises/{rel}:{line}:{col}: {what}.")
                    }
                    None => format!("Compile error: exercises/{rel} does not compile."),
                };
                grade.diagnostics = Some(diagnostics);
                programs.push(None);
            }
        }
        grades.push(grade);
    }
    Ok((grades, programs))
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

/// One student's checks, after their build.
struct Grading<'a> {
    course: &'a Course,
    class: &'a Class,
    options: &'a GradeOptions,
    folders: &'a Folders,
    programs: &'a [Option<Program>],
}

impl Grading<'_> {
    fn check_options(&self, exercise: &Exercise, program: &Program, stage: Stage) -> CheckOptions {
        let limits = run_limits(&self.class.sandbox, Some(exercise), self.options);
        let mut readable = vec![self.folders.bin.clone()];
        readable.extend(program.reads.iter().cloned());
        readable.dedup();
        CheckOptions {
            variant: Variant::Learner,
            cancel: self.options.cancel.clone(),
            workers: self.options.workers,
            stage,
            prebuilt: Some(Prebuilt {
                solution: program.clone(),
                baseline: self.class.baselines.get(&exercise.id).cloned(),
            }),
            confinement: Some(Confinement {
                sandbox: self.class.sandbox.clone(),
                readable,
                writable: vec![self.folders.run.clone()],
                limits,
            }),
            seed: check::SeedChoice::Given(self.class.seed),
            ..CheckOptions::default()
        }
    }

    /// Correctness, side by side (`--jobs`).
    fn correctness(
        &self,
        grades: &mut [ExerciseGrade],
        tell: &mut dyn FnMut(String),
    ) -> Result<()> {
        tell("checking correctness".into());
        let jobs = self.options.jobs.max(1);
        let next = AtomicUsize::new(0);
        type Checked = Option<(Result<check::Report>, f64)>;
        let results: Mutex<Vec<Checked>> = Mutex::new((0..grades.len()).map(|_| None).collect());
        std::thread::scope(|scope| {
            for _ in 0..jobs {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= grades.len() {
                            break;
                        }
                        let (Some(program), exercise) =
                            (&self.programs[i], &self.course.exercises[i])
                        else {
                            continue;
                        };
                        let t = Instant::now();
                        let options = self.check_options(exercise, program, Stage::Correctness);
                        let report = check::check(self.course, exercise, &options, &mut |_| {});
                        let seconds = t.elapsed().as_secs_f64();
                        results.lock().expect("no panics while holding it")[i] =
                            Some((report, seconds));
                    }
                });
            }
        });
        let results = results.into_inner().expect("no panics while holding it");
        for (i, result) in results.into_iter().enumerate() {
            let Some((report, seconds)) = result else {
                continue;
            };
            grades[i].check_seconds += seconds;
            grades[i].apply(report?);
        }
        Ok(())
    }

    /// Speed, one exercise at a time, on a machine with nothing else of
    /// ours running; an inconclusive measurement is taken again, twice.
    fn speed(&self, grades: &mut [ExerciseGrade], tell: &mut dyn FnMut(String)) -> Result<()> {
        for (i, exercise) in self.course.exercises.iter().enumerate() {
            let (Some(program), Some(_)) = (&self.programs[i], exercise.efficiency) else {
                continue;
            };
            if grades[i].outcome != Some(Outcome::Passed)
                || !self.class.baselines.contains_key(&exercise.id)
            {
                continue;
            }
            let correctness_samples = std::mem::take(&mut grades[i].samples);
            for attempt in 1..=3 {
                tell(format!(
                    "timing {} against the serial baseline",
                    exercise.id
                ));
                let t = Instant::now();
                let options = self.check_options(exercise, program, Stage::Timing);
                let report = check::check(self.course, exercise, &options, &mut |_| {})?;
                grades[i].check_seconds += t.elapsed().as_secs_f64();
                grades[i].attempts = attempt;
                let again = report.outcome == Outcome::Inconclusive;
                grades[i].apply(report);
                if !again {
                    break;
                }
            }
            let timed = std::mem::replace(&mut grades[i].samples, correctness_samples);
            grades[i].samples.extend(timed);
        }
        Ok(())
    }
}
