//! The class loop: from the submissions folder to the gradebook. It plans
//! which students to grade, prepares what they share once, grades them one
//! after another (writing each student's files as soon as they are graded,
//! so an interrupted run keeps them), and ends with the gradebook and the
//! run's summary.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::plan::{Plan, Todo, check_only, plan};
use super::prepare::{Class, prepare};
use super::records::StoredGrade;
use super::student::{Student, grade_student};
use super::submissions::{course_hash, list_students};
use super::{ClassSummary, GradeOptions, Progress, Timings, run_limits, store};
use crate::course::Course;
use crate::runner::sandbox::Sandbox;

/// Grades the class in `options.submissions` into `options.out`.
pub fn grade(
    course: &Course,
    options: &GradeOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<ClassSummary> {
    let started = Instant::now();
    let out = absolute(&options.out)?;
    fs::create_dir_all(out.join("students"))
        .with_context(|| format!("failed to create {}", out.display()))?;
    let class = list_students(&options.submissions)?;
    let students: Vec<(String, PathBuf)> = match options.shard {
        Some(shard) => class
            .iter()
            .filter(|(n, _)| shard.holds(n))
            .cloned()
            .collect(),
        None => class.clone(),
    };
    let only = options.student.as_deref();
    check_only(&students, only, &options.submissions)?;
    let course_sha = course_hash(course)?;
    let Plan { todo, unchanged } = plan(course, &out, &students, only, &course_sha, on_progress);

    let sandbox = Arc::new(Sandbox::detect(options.sandbox));
    let mut timings = Timings::default();
    let mut graded = Vec::new();
    if !todo.is_empty() {
        let t = Instant::now();
        let class = prepare(course, &out, &sandbox, options, on_progress)?;
        timings.one_time_seconds = t.elapsed().as_secs_f64();
        let run = Run {
            course,
            class: &class,
            options,
            out: &out,
            course_sha: &course_sha,
        };
        graded = run.grade_all(todo, &mut timings, on_progress)?;
    }
    // The gradebook holds the whole class: the students of other shards
    // that are graded already too. Shards finishing at once each write a
    // whole file; `merge` writes the last word.
    let (gradebook, missing) = write_gradebook(course, &out, &class)?;
    timings.total_seconds = started.elapsed().as_secs_f64();
    let limits = run_limits(&sandbox, None, options);
    let summary = ClassSummary {
        students: students.len(),
        shard: options.shard.map(|s| s.to_string()),
        missing,
        graded,
        unchanged,
        isolation: sandbox.isolation(&limits),
        timings,
        gradebook,
    };
    let name = match options.shard {
        Some(shard) => format!("summary-{}.json", shard.label()),
        None => "summary.json".to_owned(),
    };
    store::write_json(&out.join(name), &summary)?;
    Ok(summary)
}

/// Writes the gradebook and the exports of the class in `submissions` from
/// the grades stored in `out`, grading nothing: the last step after the
/// shards of a class were graded apart. Returns the gradebook and the
/// students who have no grade yet.
pub fn merge(course: &Course, submissions: &Path, out: &Path) -> Result<(PathBuf, Vec<String>)> {
    let out = absolute(out)?;
    if !out.join("students").is_dir() {
        bail!(
            "{} holds no grades: run `parlab grade --shard K/N` into it first",
            out.display()
        );
    }
    let class = list_students(submissions)?;
    write_gradebook(course, &out, &class)
}

/// The gradebook of `class` from the grades stored in `out`, and the
/// students without one.
fn write_gradebook(
    course: &Course,
    out: &Path,
    class: &[(String, PathBuf)],
) -> Result<(PathBuf, Vec<String>)> {
    let mut stored: Vec<StoredGrade> = Vec::new();
    let mut missing = Vec::new();
    for (name, _) in class {
        match store::read_stored(out, name) {
            Some(grade) => stored.push(grade),
            None => missing.push(name.clone()),
        }
    }
    let gradebook = store::write_gradebook(out, course, &stored)?;
    Ok((gradebook, missing))
}

/// A grading run, once the class is prepared.
struct Run<'a> {
    course: &'a Course,
    class: &'a Class,
    options: &'a GradeOptions,
    out: &'a Path,
    course_sha: &'a str,
}

impl Run<'_> {
    /// Grades the students of `todo` one after another: the names of those
    /// graded, and their times added to `timings`.
    fn grade_all(
        &self,
        todo: Vec<Todo>,
        timings: &mut Timings,
        on_progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<String>> {
        let mut graded = Vec::new();
        let total = todo.len();
        let started = Instant::now();
        for (i, todo) in todo.into_iter().enumerate() {
            if self.options.cancel.load(Ordering::Relaxed) {
                bail!("cancelled; run the same command again to resume");
            }
            let eta = eta_seconds(started.elapsed().as_secs_f64(), i, total);
            let mut tell = |doing: String| {
                on_progress(Progress::Student {
                    name: todo.name.clone(),
                    done: i,
                    total,
                    doing,
                    eta_seconds: eta,
                })
            };
            let student = Student {
                name: &todo.name,
                files: &todo.files,
                sha: &todo.sha,
                submitted_at: todo.submitted_at,
            };
            let grade = grade_student(
                self.course,
                self.class,
                self.options,
                &student,
                self.course_sha,
                &mut tell,
            )?;
            for e in &grade.exercises {
                timings.build_seconds += e.build_seconds;
                timings.check_seconds += e.check_seconds;
                timings.run_seconds += e.run_seconds();
            }
            store::write_student(self.out, &grade, self.course)?;
            on_progress(Progress::Finished {
                name: todo.name.clone(),
                done: i + 1,
                total,
                points: grade.total,
                max: grade.max,
            });
            graded.push(todo.name);
        }
        Ok(graded)
    }
}

/// Seconds left after `done` of `total` students took `elapsed`; unknown
/// before the first.
fn eta_seconds(elapsed: f64, done: usize, total: usize) -> Option<f64> {
    (done > 0).then(|| elapsed / done as f64 * total.saturating_sub(done) as f64)
}

fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    Ok(std::env::current_dir()
        .context("failed to read the current folder")?
        .join(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eta_comes_from_the_students_graded_so_far() {
        assert_eq!(eta_seconds(10.0, 0, 4), None);
        assert_eq!(eta_seconds(10.0, 1, 4), Some(30.0));
        assert_eq!(eta_seconds(10.0, 2, 4), Some(10.0));
        assert_eq!(eta_seconds(10.0, 4, 4), Some(0.0));
    }
}
