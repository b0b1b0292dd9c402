//! One student's check stages, after their build: correctness of every
//! exercise that built, side by side (`--jobs`), each in the sandbox under
//! limits; then speed, one exercise at a time, interleaved with the
//! course's serial baseline, an inconclusive measurement taken again up to
//! twice. Every input is drawn from the grading run's secret seed.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Result;

use super::prepare::Class;
use super::records::ExerciseGrade;
use super::student::Folders;
use super::{GradeOptions, run_limits};
use crate::check::{self, CheckOptions, Prebuilt, Stage};
use crate::course::{Course, Exercise};
use crate::grader::Outcome;
use crate::runner::sandbox::Confinement;
use crate::runner::{Program, Variant};

/// Speed measurements of one exercise, at most.
const ATTEMPTS: usize = 3;

/// A correctness check's report and its wall time; `None` where no check
/// ran.
type Checked = Option<(Result<check::Report>, f64)>;

/// One exercise to check: its grade so far, and its program where it built.
pub struct Entry<'a> {
    pub exercise: &'a Exercise,
    pub grade: ExerciseGrade,
    pub program: Option<Program>,
}

/// One student's checks, after their build.
pub struct Grading<'a> {
    pub course: &'a Course,
    pub class: &'a Class,
    pub options: &'a GradeOptions,
    pub folders: &'a Folders,
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
            launch: self.options.launch.clone(),
            ..CheckOptions::default()
        }
    }

    /// Correctness, side by side (`--jobs`): this thread and `jobs - 1`
    /// helpers take the exercises one by one.
    pub fn correctness(&self, entries: &mut [Entry], tell: &mut dyn FnMut(String)) -> Result<()> {
        tell("checking correctness".into());
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Checked>> = Mutex::new((0..entries.len()).map(|_| None).collect());
        let todo: &[Entry] = entries;
        let work = || self.check_each(todo, &next, &results);
        std::thread::scope(|scope| {
            for _ in 1..self.options.jobs.max(1) {
                // A helper that cannot start leaves its share to the others.
                let _ = std::thread::Builder::new().spawn_scoped(scope, work);
            }
            work();
        });
        let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
        for (entry, result) in entries.iter_mut().zip(results) {
            let Some((report, seconds)) = result else {
                continue;
            };
            entry.grade.check_seconds += seconds;
            entry.grade.take(report?);
        }
        Ok(())
    }

    /// Checks the correctness of the entries that `next` hands out, until
    /// none is left, each result in its entry's place in `results`.
    fn check_each(&self, todo: &[Entry], next: &AtomicUsize, results: &Mutex<Vec<Checked>>) {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(entry) = todo.get(i) else {
                break;
            };
            let Some(program) = &entry.program else {
                continue;
            };
            let t = Instant::now();
            let options = self.check_options(entry.exercise, program, Stage::Correctness);
            let report = check::check(self.course, entry.exercise, &options, &mut |_| {});
            let checked = (report, t.elapsed().as_secs_f64());
            let mut results = results.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(slot) = results.get_mut(i) {
                *slot = Some(checked);
            }
        }
    }

    /// Speed, one exercise at a time, on a machine with nothing else of
    /// ours running; an inconclusive measurement is taken again, twice,
    /// thoroughly (more pairs, a larger budget): a machine whose speed
    /// wanders can leave three pairs on both sides of the target.
    pub fn speed(&self, entries: &mut [Entry], tell: &mut dyn FnMut(String)) -> Result<()> {
        for entry in entries {
            let (Some(program), Some(_)) = (&entry.program, entry.exercise.efficiency) else {
                continue;
            };
            let exercise = entry.exercise;
            let grade = &mut entry.grade;
            if grade.outcome() != Some(Outcome::Passed)
                || !self.class.baselines.contains_key(&exercise.id)
            {
                continue;
            }
            let correctness_samples = grade.take_samples();
            for attempt in 1..=ATTEMPTS {
                tell(format!(
                    "timing {} against the serial baseline",
                    exercise.id
                ));
                let t = Instant::now();
                let mut options = self.check_options(exercise, program, Stage::Timing);
                options.thorough |= attempt > 1;
                let report = check::check(self.course, exercise, &options, &mut |_| {})?;
                grade.check_seconds += t.elapsed().as_secs_f64();
                grade.attempts = attempt;
                let again = report.outcome == Outcome::Inconclusive;
                grade.take(report);
                if !again {
                    break;
                }
            }
            grade.put_back_samples(correctness_samples);
        }
        Ok(())
    }
}
