//! Instructor grading: a class's submissions, one folder (or git checkout)
//! per student, graded offline into a gradebook.
//!
//! For every student, only the exercise files are taken from the
//! submission, and they are placed into a fresh copy of the course's
//! exercises package from which every reference, baseline and starter has
//! been removed: the harness, the checks and the clock are the course's own.
//! Symbolic links in a submission are refused, so a file cannot point at the
//! course's reference. Each exercise builds in the sandbox (see
//! `runner::sandbox`), offline, with one build folder shared by the whole
//! class so that dependencies compile once.
//!
//! Correctness runs of a student's exercises run side by side (`--jobs`),
//! each in the sandbox under limits; speed is then measured one exercise at
//! a time, interleaved with the course's serial baseline (built once, outside
//! the sandbox), and an inconclusive measurement is taken again up to twice.
//!
//! Each student's result is written, atomically, to
//! `OUT/students/<name>/grade.json` with a replay record, and with
//! Gradescope's `results.json` beside it; `OUT/gradebook.csv` is rewritten
//! from all of them at the end. A student whose exercise files, course and
//! parlab are unchanged since their last grade is not graded again, so an
//! interrupted run resumes where it stopped.
//!
//! The rooms, in the order a run goes through them:
//! - `class`: the class loop, from the submissions folder to the summary;
//! - `submissions`: the student folders, their exercise files, the hashes;
//! - `plan`: which students to grade, and whose grade still stands;
//! - `prepare`: what every student shares (baselines, dependencies, seed);
//! - `stage`: the clean copy of the course a submission is graded in;
//! - `student`: one student, stage by stage: `build`, then `checks`;
//! - `records`: what a grade holds and what `grade.json` says of it;
//! - `exports`: the gradebook, Gradescope's and GitHub Classroom's formats,
//!   and Canvas's and Moodle's gradebook CSVs;
//! - `store`: the files, written atomically and read back;
//! - `clock`: the dates (today, for the due date; now, for the record);
//! - `shard`: which students a run grades when a class is split between
//!   machines (`--shard K/N`), and `class::merge`, which joins the shards.
//!
//! Beside the run: `bundle` writes Gradescope's autograder (which runs
//! `parlab grade` on one submission); `owned` hashes the course's own files so that `parlab
//! check --all --classroom` can tell that a student's copy still has them.
//!
//! Scoring (points, tiers, what a hidden check shows) is pure and lives
//! beside the verdicts, in `crate::grader::score`; this wing never judges a
//! run itself.

mod build;
pub mod bundle;
mod checks;
mod class;
mod clock;
pub mod exports;
pub mod owned;
mod plan;
mod prepare;
pub mod records;
mod shard;
pub mod similarity;
mod stage;
mod store;
mod student;
pub mod submissions;
#[cfg(test)]
mod testing;

pub use class::{grade, merge};
pub use shard::Shard;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use crate::course::Exercise;
use crate::runner;
use crate::runner::sandbox::{Isolation, Sandbox};

/// What `parlab grade` was asked to do.
#[derive(Clone, Debug)]
pub struct GradeOptions {
    pub submissions: PathBuf,
    pub out: PathBuf,
    /// Grade this student only, even if unchanged.
    pub student: Option<String>,
    /// Correctness runs at once.
    pub jobs: usize,
    /// Use bubblewrap where it works.
    pub sandbox: bool,
    /// Workers for the timed runs; the core count when `None`.
    pub workers: Option<usize>,
    /// Address space of each process of a submission.
    pub memory_bytes: u64,
    /// How MPI submissions are launched (`--hostfile`, `--launcher`,
    /// `--launcher-arg`), for every MPI check of the class.
    pub launch: runner::mpi::LaunchOptions,
    pub cancel: Arc<AtomicBool>,
    /// The command line, for the replay record.
    pub command: String,
    /// Grade only this shard of the class (`--shard K/N`).
    pub shard: Option<Shard>,
}

/// What the grader is doing, for a progress bar.
#[derive(Clone, Debug)]
pub enum Progress {
    /// The one-time work before the first student.
    Preparing {
        what: String,
    },
    Student {
        name: String,
        /// Students finished so far, of `total` to grade.
        done: usize,
        total: usize,
        /// What is happening to this student now.
        doing: String,
        /// Seconds left, from the students graded so far.
        eta_seconds: Option<f64>,
    },
    Finished {
        name: String,
        done: usize,
        total: usize,
        points: f64,
        max: f64,
    },
    Unchanged {
        name: String,
    },
}

/// Where the time of a grading run went, for the benchmark.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Timings {
    /// Baselines and the class's dependencies, once.
    pub one_time_seconds: f64,
    /// Building the submissions.
    pub build_seconds: f64,
    /// Checking them (correctness and speed), wall time.
    pub check_seconds: f64,
    /// The submissions' own run times, summed.
    pub run_seconds: f64,
    pub total_seconds: f64,
}

/// The class: `OUT/summary.json`.
#[derive(Clone, Debug, Serialize)]
pub struct ClassSummary {
    /// Students in the class, or in this run's shard of it.
    pub students: usize,
    /// `K/N` when this run graded one shard of the class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// Students of the whole class with no grade stored yet (a shard not
    /// run, or not finished): the gradebook lacks them.
    pub missing: Vec<String>,
    pub graded: Vec<String>,
    pub unchanged: Vec<String>,
    pub isolation: Isolation,
    pub timings: Timings,
    pub gradebook: PathBuf,
}

/// The limits of a submission's runs of `exercise`: CPU enough for every
/// thread of every run to use its whole time limit twice over (a minute for
/// the record of a whole student).
fn run_limits(
    sandbox: &Sandbox,
    exercise: Option<&Exercise>,
    options: &GradeOptions,
) -> runner::Limits {
    let cpu = exercise.map_or(60, |e| cpu_seconds(e.time_limit.as_secs(), runner::cores()));
    runner::sandbox::run_limits(sandbox, cpu, options.memory_bytes)
}

/// CPU seconds for the runs of an exercise with a time limit of
/// `time_limit` seconds on `cores` cores.
fn cpu_seconds(time_limit: u64, cores: usize) -> u64 {
    let cores = u64::try_from(cores).unwrap_or(u64::MAX);
    time_limit
        .saturating_add(1)
        .saturating_mul(2)
        .saturating_mul(cores.saturating_add(2))
        .saturating_add(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_covers_every_thread_twice_over() {
        assert_eq!(cpu_seconds(5, 2), 6 * 2 * 4 + 10);
        assert_eq!(cpu_seconds(0, 1), 16);
        assert_eq!(cpu_seconds(u64::MAX, 64), u64::MAX);
    }
}
