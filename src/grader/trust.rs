//! Cross-checks of what a harness reports against what parlab measured from
//! outside the same run, so that a speedup is earned and never forged.
//!
//! The harness runs in the learner's process and its result line is signed
//! (see `run`), but the clock and the work are also checked against the
//! runner's own measurements: the wall time of the whole process and the
//! CPU time of its whole process tree (every process of the run, from its
//! cgroup where the machine has one). Three rules, with their margins:
//!
//! - **The clock.** The time a run spends outside its kernel (starting,
//!   drawing the input, exiting) is the harness's, the same for the learner's
//!   code and the course's serial baseline. A run whose outside time exceeds
//!   twice the baseline's plus [`CLOCK_SLACK`] seconds (plus
//!   [`CLOCK_SLACK_PER_RANK`] per MPI rank, for the launcher) reported a
//!   kernel time it did not take. Nor may a kernel report more time than the
//!   process ran, or more CPU than the whole tree used.
//! - **The work.** The learner's processes must use at least [`WORK_FLOOR`]
//!   of the CPU time that the serial baseline's kernel needs (beyond the
//!   harness's own set-up). Parallel work costs at least as much CPU as
//!   serial work, less what caches give back; an answer that was not
//!   computed costs almost none.
//! - **The speedup.** More than [`SUPERLINEAR`] times the workers is more
//!   than caches can explain (mpi/heat's cache-driven 2.19x on two ranks is
//!   1.1 times).
//!
//! Nothing here starts a process or reads a clock: the check session hands
//! in the figures.

use super::Worker;

/// Seconds outside the kernel allowed beyond twice the baseline's.
pub const CLOCK_SLACK: f64 = 0.5;
/// More seconds outside the kernel allowed per MPI rank (the launcher).
pub const CLOCK_SLACK_PER_RANK: f64 = 0.25;
/// The least share of the baseline kernel's CPU time a solution must use.
pub const WORK_FLOOR: f64 = 0.5;
/// How much the harness's set-up CPU time varies from run to run, as a
/// share of itself (allocation and page faults of large inputs).
pub const SET_UP_NOISE: f64 = 0.15;
/// The most speedup per worker that is believed.
pub const SUPERLINEAR: f64 = 1.6;

/// What one run reported and what was measured around it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    /// The harness's kernel time.
    pub kernel: f64,
    /// The harness's kernel CPU time, all threads.
    pub kernel_cpu: Option<f64>,
    /// The runner's wall time of the whole process.
    pub wall: Option<f64>,
    /// The runner's CPU time of the whole process tree.
    pub tree_cpu: Option<f64>,
}

impl Measured {
    /// Time outside the kernel: start-up, input, exit.
    pub fn outside(&self) -> Option<f64> {
        Some((self.wall? - self.kernel).max(0.0))
    }
}

/// Why the harness's clock for `run` cannot be believed, if it cannot.
/// `baseline_outside` is the least time the course's baseline spent outside
/// its kernel in the same check; `ranks` is 0 outside MPI.
pub fn clock_doubt(run: &Measured, baseline_outside: Option<f64>, ranks: usize) -> Option<String> {
    let wall = run.wall?;
    if run.kernel > wall + 0.05 {
        return Some(format!(
            "the harness's clock says the kernel took {:.3} s, longer than the whole process ran ({wall:.3} s)",
            run.kernel
        ));
    }
    if let (Some(kernel_cpu), Some(tree_cpu)) = (run.kernel_cpu, run.tree_cpu)
        && kernel_cpu > tree_cpu * 1.1 + 0.1
    {
        return Some(format!(
            "the harness says the kernel used {kernel_cpu:.2} s of CPU, more than all the run's processes used ({tree_cpu:.2} s)"
        ));
    }
    let base = baseline_outside?;
    let allowed = 2.0 * base + CLOCK_SLACK + CLOCK_SLACK_PER_RANK * ranks as f64;
    let outside = run.outside()?;
    (outside > allowed).then(|| {
        format!(
            "the harness's clock says the kernel took {:.3} s, but the process ran for {wall:.2} s: {outside:.2} s outside the kernel, where the course's baseline needs {base:.2} s",
            run.kernel
        )
    })
}

/// Why `run` cannot have done the work that the `baselines` did, if it
/// cannot. The harness's set-up (input, allocation) is the least CPU the
/// baseline spent outside its kernel; it varies from run to run by
/// [`SET_UP_NOISE`] of itself and 50 ms, and where that noise is as large as
/// the work to be found, the rule cannot tell and says nothing.
pub fn work_doubt(run: &Measured, baselines: &[Measured]) -> Option<String> {
    let tree_cpu = run.tree_cpu?;
    let kernel_cpu = |b: &Measured| b.kernel_cpu.unwrap_or(b.kernel);
    let set_up = baselines
        .iter()
        .filter_map(|b| Some((b.tree_cpu? - kernel_cpu(b)).max(0.0)))
        .reduce(f64::min)?;
    let baseline_kernel_cpu = baselines.iter().map(kernel_cpu).reduce(f64::min)?;
    let noise = SET_UP_NOISE * set_up + 0.05;
    let need = WORK_FLOOR * baseline_kernel_cpu;
    if need <= noise {
        return None;
    }
    (tree_cpu - set_up + noise < need).then(|| {
        format!(
            "your program did not do the work: all its processes used {tree_cpu:.3} s of CPU, while the serial baseline's kernel alone needs {baseline_kernel_cpu:.2} s (at least {:.0}% of that is expected of any correct program, parallel or not)",
            WORK_FLOOR * 100.0
        )
    })
}

/// Why a speedup cannot be explained by `workers` workers, if it cannot.
pub fn speedup_doubt(speedup: f64, workers: usize, worker: Worker) -> Option<String> {
    let limit = SUPERLINEAR * workers.max(1) as f64;
    (speedup > limit).then(|| {
        format!(
            "a speedup of {speedup:.1}x is more than {} can explain (at most {limit:.1}x is believed): the result was not computed in the time reported",
            worker.count(workers)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(kernel: f64, wall: f64, tree_cpu: f64) -> Measured {
        Measured {
            kernel,
            kernel_cpu: Some(tree_cpu * 0.95),
            wall: Some(wall),
            tree_cpu: Some(tree_cpu),
        }
    }

    #[test]
    fn an_honest_parallel_run_is_believed() {
        let baseline = m(1.2, 1.25, 1.24);
        let run = m(0.62, 0.68, 1.30);
        assert_eq!(clock_doubt(&run, baseline.outside(), 0), None);
        assert_eq!(work_doubt(&run, &[baseline]), None);
        assert_eq!(speedup_doubt(1.94, 2, Worker::Worker), None);
        // mpi/heat's cache-driven speedup on two ranks.
        assert_eq!(speedup_doubt(2.19, 2, Worker::Worker), None);
    }

    #[test]
    fn a_kernel_time_smaller_than_the_work_is_doubted() {
        let baseline = m(1.2, 1.25, 1.24);
        // Did the work serially, then reported 1 ms.
        let forged = Measured {
            kernel: 0.001,
            kernel_cpu: Some(0.001),
            wall: Some(1.3),
            tree_cpu: Some(1.29),
        };
        let why = clock_doubt(&forged, baseline.outside(), 0).unwrap();
        assert!(why.contains("outside the kernel"), "{why}");
        // Claims more CPU than the process tree used.
        let greedy = Measured {
            kernel_cpu: Some(5.0),
            ..m(0.6, 0.65, 1.2)
        };
        assert!(clock_doubt(&greedy, baseline.outside(), 0).is_some());
    }

    #[test]
    fn a_hard_coded_answer_did_no_work() {
        let baseline = m(1.2, 1.25, 1.24);
        let constant = m(0.000_001, 0.002, 0.001);
        let why = work_doubt(&constant, &[baseline]).unwrap();
        assert!(why.contains("did not do the work"), "{why}");
        assert!(speedup_doubt(1.2 / 0.000_001, 2, Worker::Worker).is_some());
    }

    #[test]
    fn a_set_up_heavier_than_the_kernel_is_not_held_against_the_work() {
        // data/stats: 0.6 s of input, a 0.22 s memory-bound kernel.
        let baselines = [m(0.22, 0.9, 0.85), m(0.23, 0.95, 0.95)];
        let run = Measured {
            kernel: 0.12,
            kernel_cpu: Some(0.2),
            wall: Some(0.8),
            tree_cpu: Some(0.76),
        };
        assert_eq!(work_doubt(&run, &baselines), None);
    }

    #[test]
    fn mpi_launchers_get_time_per_rank() {
        let baseline = m(1.0, 1.4, 1.4);
        let run = m(0.5, 2.0, 2.2);
        assert_eq!(clock_doubt(&run, baseline.outside(), 4), None);
        assert!(clock_doubt(&run, baseline.outside(), 0).is_some());
    }
}
