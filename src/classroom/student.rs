//! One student's grading, stage by stage: their files in a clean copy of
//! the course (`stage`), each exercise built (`build`), checked for
//! correctness and then speed (`checks`), and the whole scored into their
//! grade with its replay record.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::build::build_submission;
use super::checks::{Entry, Grading};
use super::prepare::Class;
use super::records::{ExerciseGrade, Lateness, Replay, StudentGrade};
use super::stage::{make_writable_by_all, stage_clean};
use super::submissions::{Files, file_hash};
use super::{GradeOptions, clock, run_limits};
use crate::check;
use crate::course::Course;
use crate::grader::score;

/// One student's submission being graded.
pub struct Student<'a> {
    pub name: &'a str,
    pub files: &'a Files,
    pub sha: &'a str,
    /// Seconds since 1970, where known.
    pub submitted_at: Option<i64>,
}

/// The folders of one student's grading: the clean course copy with their
/// files, its build output, their programs, and the one folder their runs
/// may write.
pub struct Folders {
    pub package: PathBuf,
    pub target: PathBuf,
    pub bin: PathBuf,
    pub run: PathBuf,
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

/// Grades one student: `tell` hears what is happening to them now.
pub fn grade_student(
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
    let built = build_submission(course, class, options, &folders, student.files, tell)?;
    let mut entries: Vec<Entry> = course
        .exercises
        .iter()
        .zip(built)
        .map(|(exercise, (grade, program))| Entry {
            exercise,
            grade,
            program,
        })
        .collect();
    let grading = Grading {
        course,
        class,
        options,
        folders: &folders,
    };
    grading.correctness(&mut entries, tell)?;
    grading.speed(&mut entries, tell)?;

    let after_due = course
        .due
        .as_deref()
        .is_some_and(|due| clock::today().as_str() >= due);
    let exercises: Vec<ExerciseGrade> = entries
        .into_iter()
        .map(|mut entry| {
            let limits = run_limits(&class.sandbox, Some(entry.exercise), options);
            let isolation = if entry.exercise.mpi && options.launch.is_slurm() {
                class.sandbox.isolation_of_slurm_step(&limits)
            } else {
                class.sandbox.isolation(&limits)
            };
            entry.grade.finish(entry.exercise, after_due, isolation);
            entry.grade
        })
        .collect();
    let (total, max) = score::sum(exercises.iter().map(|e| e.points));
    let late = lateness(course, student, total);
    let total = late
        .as_ref()
        .map_or(total, |l| score::after_penalty(total, &l.penalty));
    let limits = run_limits(&class.sandbox, None, options);
    Ok(StudentGrade {
        student: student.name.to_owned(),
        total,
        max,
        late,
        exercises,
        isolation: class.sandbox.isolation(&limits),
        replay: replay(class, options, student, course_sha),
    })
}

/// What lateness cost `student` on `earned` points, where the course has a
/// late policy and the submission's time is known.
fn lateness(course: &Course, student: &Student, earned: f64) -> Option<Lateness> {
    if !course.late.is_set() {
        return None;
    }
    let due_end = clock::due_end(course.due.as_deref()?)?;
    let submitted = student.submitted_at?;
    let grace_days = course.late.grace_days_of(student.name);
    let days = score::days_late(due_end, submitted);
    Some(Lateness {
        submitted_at: clock::rfc3339(submitted),
        grace_days,
        penalty: score::late_penalty(&course.late, days, grace_days, earned),
    })
}

/// How to replay the grade of `student`.
fn replay(class: &Class, options: &GradeOptions, student: &Student, course_sha: &str) -> Replay {
    Replay {
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
    }
}
