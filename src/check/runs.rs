//! One run of a program (the learner's, the reference or the serial
//! baseline) inside a check: its launch (MPI or not), its key, seed and
//! limits, and what the harness and the runner measured of it.

use anyhow::{Result, bail};

use super::keys::new_key;
use super::{DASK_ENV, Event, KEY_PIPE_ENV, OUTPUT_CAP, Report, SEED_ENV, Session};
use crate::course::Course;
use crate::grader::{self, ResultLines, RunVerdict, Sample};
use crate::runner::{self, Program, RunOutput, RunSpec, StdinPipe, Variant};

impl Session<'_> {
    /// One run, judged, with what the harness and the runner measured.
    pub(super) fn run(
        &mut self,
        binary: &Program,
        variant: Variant,
        workers: usize,
        purpose: &'static str,
    ) -> Result<(Sample, RunOutput)> {
        (self.on_event)(Event::Running {
            variant,
            workers,
            purpose,
        });
        let key = new_key();
        let spec = self.spec(binary, variant, workers, &key);
        let on_event = &mut *self.on_event;
        let output = runner::run_with(&spec, &mut |_, bytes| {
            on_event(Event::Output {
                text: String::from_utf8_lossy(bytes).into_owned(),
            });
        })?;
        self.launcher_failed(&output)?;
        let verdict = grader::judge_run(&self.check.for_workers(workers), &output, Some(&key));
        (self.on_event)(Event::Finished {
            variant,
            workers,
            seconds: verdict.seconds(),
        });
        let sample = measured_sample(workers, verdict, &output, &key);
        Ok((sample, output))
    }

    /// An error when the launcher itself failed (srun could not reach
    /// Slurm, or start the ranks): not a verdict on the program.
    fn launcher_failed(&self, output: &RunOutput) -> Result<()> {
        let slurm = self
            .launcher
            .as_ref()
            .is_some_and(|l| l.implementation == runner::mpi::Implementation::Slurm);
        if !slurm || output.ending == (runner::Ending::Exited { code: 0 }) {
            return Ok(());
        }
        let timed_out = output.ending == runner::Ending::TimedOut;
        match runner::slurm::failure(&output.stderr, timed_out, &self.exercise.id) {
            Some(why) => bail!("{} could not be run through Slurm: {why}", self.exercise.id),
            None => Ok(()),
        }
    }

    /// What to start for one run: the program (under the MPI launcher for
    /// an MPI exercise) with its worker count, key, seed, cluster, limits
    /// and, when grading, its sandbox.
    fn spec(&self, binary: &Program, variant: Variant, workers: usize, key: &[u8]) -> RunSpec {
        let mut spec = match &self.launcher {
            Some(launcher) => runner::mpi::spec(
                launcher,
                &self.options.launch,
                workers,
                binary,
                self.exercise.time_limit,
            ),
            None => binary.spec(self.exercise.time_limit),
        }
        .env("PARLAB_WORKERS", workers.to_string())
        .env("RUST_BACKTRACE", "0");
        // The run's key, on a pipe of parlab's; an MPI launcher forwards
        // standard input to rank 0 on a pipe of its own.
        spec.stdin = Some(StdinPipe {
            bytes: format!("parlab-key {}\n", crate::hex::encode(key)).into_bytes(),
            inode_env: (!self.exercise.mpi).then(|| KEY_PIPE_ENV.into()),
        });
        if self.exercise.mpi {
            spec = spec.env(KEY_PIPE_ENV, "any");
        }
        if let Some(seed) = self.seed {
            spec = spec.env(SEED_ENV, seed.to_string());
        }
        if let Some(address) = &self.options.dask_scheduler {
            spec = spec.env(DASK_ENV, address);
        }
        spec.output_cap = OUTPUT_CAP;
        spec.cancel = self.options.cancel.clone();
        if variant == self.options.variant
            && let Some(confinement) = &self.options.confinement
        {
            spec = confinement.wrap(spec);
        }
        spec
    }

    /// The serial baseline's binary: built beforehand, the solution itself
    /// when the baseline is what is checked, or built now.
    pub(super) fn baseline_binary(
        &mut self,
        course: &Course,
    ) -> Result<Result<Program, Box<Report>>> {
        if let Some(binary) = &self.baseline {
            return Ok(Ok(binary.clone()));
        }
        let prebuilt = self
            .options
            .prebuilt
            .as_ref()
            .and_then(|p| p.baseline.clone());
        let binary = if let Some(baseline) = prebuilt {
            baseline
        } else if self.options.variant == Variant::Baseline
            && let Some(prebuilt) = &self.options.prebuilt
        {
            prebuilt.solution.clone()
        } else {
            match self.build(course, Variant::Baseline)? {
                Ok(binary) => binary,
                Err(report) => return Ok(Err(report)),
            }
        };
        self.baseline = Some(binary.clone());
        Ok(Ok(binary))
    }

    /// One run of the serial baseline; `None` if cancelled. A baseline that
    /// fails, or (with `correct`) gives a wrong result, is a problem of the
    /// course.
    pub(super) fn baseline_run(
        &mut self,
        baseline: &Program,
        workers: usize,
        purpose: &'static str,
        correct: bool,
    ) -> Result<Option<Sample>> {
        // The serial baseline of an MPI exercise runs on one rank: idle
        // ranks would spin in MPI calls and steal its core.
        let workers = if self.exercise.mpi { 1 } else { workers };
        let (sample, output) = self.run(baseline, Variant::Baseline, workers, purpose)?;
        match sample.verdict {
            RunVerdict::Correct { .. } => Ok(Some(sample)),
            RunVerdict::Wrong { .. } if !correct => Ok(Some(sample)),
            RunVerdict::Cancelled => Ok(None),
            other => bail!(
                "the course's serial baseline for {} did not give a correct result ({other:?}); this is a problem of the course, not of your code. Its last output:\n{}",
                self.exercise.id,
                output.tail(15)
            ),
        }
    }
}

/// The sample of one run: its verdict with what the harness reported (its
/// kernel's CPU time, seed and cluster) and what the runner measured.
fn measured_sample(workers: usize, verdict: RunVerdict, output: &RunOutput, key: &[u8]) -> Sample {
    let mut sample = Sample::new(workers, verdict);
    if let ResultLines::One(reported) = grader::read_result(&output.stdout, Some(key)) {
        sample.cpu_seconds = reported.cpu_seconds;
        sample.seed = reported.seed;
        sample.cluster = reported.cluster;
    }
    sample.peak_rss_bytes = output.peak_rss_bytes;
    sample.wall_seconds = Some(output.wall.as_secs_f64());
    sample.tree_cpu_seconds = output.cpu_seconds;
    // The run's own CPU: the whole tree's where the runner saw it all,
    // and never less than the kernel's own report (a sandbox's leader
    // does not always account for the processes below it).
    let own = match (output.cpu_seconds, sample.cpu_seconds) {
        (Some(tree), Some(kernel)) => Some(tree.max(kernel)),
        (tree, kernel) => tree.or(kernel),
    };
    sample.busy_elsewhere = output
        .machine_busy_seconds
        .zip(own)
        .map(|(busy, own)| ((busy - own) / output.wall.as_secs_f64().max(1e-3)).max(0.0));
    sample
}
