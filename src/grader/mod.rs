//! The grader: pure functions from captured runs and timings to a verdict.
//!
//! Nothing here starts a process, reads a file or looks at the clock; the
//! check session (`crate::check`) feeds it runs, and it is tested with plain
//! values. Outcomes are explicit and each carries a message in plain words.

mod compare;
mod python;
mod run;
pub mod scaling;
pub mod score;
pub mod trust;

pub use compare::{agree, compare, short};
pub use python::{python_exception, python_syntax_error};
pub use run::{
    RESULT_MARKER, Reported, ResultLines, RunVerdict, hmac_hex, judge_run, output_lines,
    panic_message, parse_result, read_result,
};

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::course::Check;

/// How a check ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    WrongOutput,
    Race,
    TooSlow,
    Inconclusive,
    CompileError,
    Crashed,
    TimedOut,
    OutputLimit,
    Cancelled,
    /// The run's report or timing could not be believed: a forged result
    /// line, a clock that disagrees with the runner's, or no work done.
    Rejected,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::WrongOutput => "wrong_output",
            Outcome::Race => "race",
            Outcome::TooSlow => "too_slow",
            Outcome::Inconclusive => "inconclusive",
            Outcome::CompileError => "compile_error",
            Outcome::Crashed => "crashed",
            Outcome::TimedOut => "timed_out",
            Outcome::OutputLimit => "output_limit",
            Outcome::Cancelled => "cancelled",
            Outcome::Rejected => "rejected",
        }
    }
}

/// An outcome with the sentence that explains it.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub outcome: Outcome,
    pub message: String,
}

impl Verdict {
    fn new(outcome: Outcome, message: impl Into<String>) -> Self {
        Self {
            outcome,
            message: message.into(),
        }
    }
}

/// One run of the solution (or the baseline) with the worker count it had.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sample {
    pub workers: usize,
    #[serde(flatten)]
    pub verdict: RunVerdict,
    /// CPU time of the kernel, all threads (from the harness).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_seconds: Option<f64>,
    /// Peak resident memory of the whole process tree (from the runner).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
    /// Cores that other programs kept busy while this run lasted (from the
    /// runner: the machine's busy time less the run's own, over its wall time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub busy_elsewhere: Option<f64>,
    /// Wall time of the whole process, from the runner's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wall_seconds: Option<f64>,
    /// CPU time of the run's whole process tree, from the runner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tree_cpu_seconds: Option<f64>,
    /// The seed the harness drew its input from, when the check chose one.
    #[serde(skip)]
    pub seed: Option<u64>,
    /// The Dask cluster the run used, as its harness names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
}

impl Sample {
    pub fn new(workers: usize, verdict: RunVerdict) -> Self {
        Self {
            workers,
            verdict,
            cpu_seconds: None,
            peak_rss_bytes: None,
            busy_elsewhere: None,
            wall_seconds: None,
            tree_cpu_seconds: None,
            seed: None,
            cluster: None,
        }
    }

    /// The harness's report and the runner's measurements of this run.
    pub fn measured(&self) -> Option<trust::Measured> {
        Some(trust::Measured {
            kernel: self.verdict.seconds()?,
            kernel_cpu: self.cpu_seconds,
            wall: self.wall_seconds,
            tree_cpu: self.tree_cpu_seconds,
        })
    }

    /// Cores the kernel kept busy: CPU time over wall time.
    pub fn cpu_parallelism(&self) -> Option<f64> {
        let seconds = self.verdict.seconds().filter(|s| *s > 0.0)?;
        Some(self.cpu_seconds? / seconds)
    }
}

/// The verdict for a run that did not finish with a result, if it did not.
/// `tail` is the last output the run printed; `raised`, where the learner's
/// code raised the exception that ended it (a Python traceback's
/// `exercises/x.py:LINE raised ValueError: ...`).
pub fn stopped_run(
    verdict: &RunVerdict,
    time_limit: Duration,
    cap: usize,
    tail: &str,
    raised: Option<&str>,
) -> Option<Verdict> {
    let last = if tail.trim().is_empty() {
        "It printed nothing.".to_owned()
    } else {
        format!("Its last output:\n{tail}")
    };
    let v = match verdict {
        RunVerdict::Correct { .. } | RunVerdict::Wrong { .. } => return None,
        RunVerdict::NoResult => Verdict::new(
            Outcome::WrongOutput,
            "No result: the program ended before the harness reported. Does your code call std::process::exit, or end main early?",
        ),
        RunVerdict::Rejected { why } => Verdict::new(
            Outcome::Rejected,
            format!(
                "Rejected: {why}. Only the course's harness reports a result, once, after your code returns."
            ),
        ),
        RunVerdict::Crashed { how } => Verdict::new(
            Outcome::Crashed,
            match raised {
                Some(raised) => format!("The program crashed: {raised}. The program {how}. {last}"),
                None => format!("The program crashed: it {how}. {last}"),
            },
        ),
        RunVerdict::TimedOut => Verdict::new(
            Outcome::TimedOut,
            format!(
                "Timed out after {} s and stopped: possible deadlock. {THREADS_DEADLOCK} {last}",
                fmt_secs(time_limit.as_secs_f64())
            ),
        ),
        RunVerdict::OutputLimit => Verdict::new(
            Outcome::OutputLimit,
            format!(
                "The program printed more than {} KiB, so it was stopped. Take prints out of hot loops. {last}",
                cap / 1024
            ),
        ),
        RunVerdict::Cancelled => Verdict::new(Outcome::Cancelled, "The check was cancelled."),
    };
    Some(v)
}

/// Correctness over runs at several worker counts: `None` when every run
/// was correct, otherwise `wrong_output` or `race`.
pub fn correctness(check: &Check, samples: &[Sample]) -> Option<Verdict> {
    let wrong = samples.iter().find_map(|s| match &s.verdict {
        RunVerdict::Wrong { why, .. } => Some((s.workers, why)),
        _ => None,
    })?;
    let values: Vec<(usize, &serde_json::Value)> = samples
        .iter()
        .filter_map(|s| Some((s.workers, s.verdict.value()?)))
        .collect();
    let split = values
        .iter()
        .flat_map(|a| values.iter().map(move |b| (a, b)))
        .find(|((_, x), (_, y))| !agree(check, x, y));
    Some(match split {
        Some(((w1, x), (w2, y))) => Verdict::new(
            Outcome::Race,
            format!(
                "Race: the result changed from run to run: {} with {w1} worker{}, {} with {w2} worker{}. A correct program gives the same answer whatever the worker count. {THREADS_RACE}",
                short(x),
                plural(*w1),
                short(y),
                plural(*w2),
            ),
        ),
        None => Verdict::new(
            Outcome::WrongOutput,
            format!(
                "Wrong output with {} worker{}: {}.",
                wrong.0,
                plural(wrong.0),
                wrong.1
            ),
        ),
    })
}

/// Timings of the interleaved baseline and solution runs, pair by pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timing {
    pub baseline_seconds: Vec<f64>,
    pub solution_seconds: Vec<f64>,
    pub workers: usize,
    pub cores: usize,
    pub efficiency: f64,
    /// Kernel CPU time / kernel wall time of each timed solution run.
    pub cpu_parallelism: Vec<f64>,
    pub peak_rss_bytes: Option<u64>,
    pub load_average: Option<f64>,
    /// Cores other programs kept busy during each timed solution run.
    #[serde(default)]
    pub busy_elsewhere: Vec<f64>,
    /// The baseline runs as measured, for the cross-checks of `trust`.
    #[serde(skip)]
    pub baseline_runs: Vec<trust::Measured>,
    /// Timed runs set aside because their timing could not be believed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub doubts: Vec<String>,
    /// MPI ranks (0 outside MPI): the launcher's share of the clock check.
    #[serde(skip)]
    pub ranks: usize,
    /// The exercise is about overlapping waits, so a run that keeps one
    /// core busy may still earn its speedup.
    #[serde(skip)]
    pub overlaps_waits: bool,
}

impl Timing {
    pub fn new(workers: usize, cores: usize, efficiency: f64) -> Self {
        Self {
            baseline_seconds: Vec::new(),
            solution_seconds: Vec::new(),
            workers,
            cores,
            efficiency,
            cpu_parallelism: Vec::new(),
            peak_rss_bytes: None,
            load_average: None,
            busy_elsewhere: Vec::new(),
            baseline_runs: Vec::new(),
            doubts: Vec::new(),
            ranks: 0,
            overlaps_waits: false,
        }
    }

    /// Adds a timed baseline run: the partner of the solution run after it.
    pub fn record_baseline(&mut self, sample: &Sample) {
        if let Some(seconds) = sample.verdict.seconds() {
            self.baseline_seconds.push(seconds);
        }
        self.baseline_runs.extend(sample.measured());
    }

    /// Why this solution run's timing cannot be believed, if it cannot.
    fn doubt(&self, sample: &Sample) -> Option<String> {
        let run = sample.measured()?;
        let outside = self
            .baseline_runs
            .iter()
            .filter_map(trust::Measured::outside)
            .reduce(f64::min);
        trust::clock_doubt(&run, outside, self.ranks)
            .or_else(|| trust::work_doubt(&run, &self.baseline_runs))
    }

    /// Adds a timed solution run (its baseline partner is recorded before
    /// it). A run whose timing cannot be believed is set aside with its
    /// partner, and the reason kept.
    pub fn record(&mut self, sample: &Sample) {
        if let Some(why) = self.doubt(sample) {
            self.doubts.push(why);
            if self.baseline_seconds.len() > self.solution_seconds.len() {
                self.baseline_seconds.pop();
            }
            return;
        }
        if let Some(seconds) = sample.verdict.seconds() {
            self.solution_seconds.push(seconds);
        }
        self.cpu_parallelism.extend(sample.cpu_parallelism());
        self.busy_elsewhere.extend(sample.busy_elsewhere);
        if let Some(rss) = sample.peak_rss_bytes {
            self.peak_rss_bytes = Some(self.peak_rss_bytes.map_or(rss, |p| p.max(rss)));
        }
    }

    /// The best of each side: the least disturbed run of each. A busy
    /// machine only ever slows a run down, so minima estimate the quiet
    /// machine's times.
    pub fn speedup(&self) -> Option<f64> {
        let b = min(&self.baseline_seconds)?;
        let s = min(&self.solution_seconds)?;
        (s > 0.0).then(|| b / s)
    }

    /// The speedup of each interleaved pair: a baseline run and the solution
    /// run right after it saw nearly the same machine.
    pub fn ratios(&self) -> Vec<f64> {
        self.baseline_seconds
            .iter()
            .zip(&self.solution_seconds)
            .filter(|(_, s)| **s > 0.0)
            .map(|(b, s)| b / s)
            .collect()
    }

    /// The range the speedup moved in, with the single most extreme pair on
    /// each side set aside once there are four pairs or more.
    pub fn spread(&self) -> Option<(f64, f64)> {
        let mut r = self.ratios();
        r.sort_by(f64::total_cmp);
        let trim = usize::from(r.len() >= 4);
        let low = *r.get(trim)?;
        let high = *r.get(r.len().checked_sub(1 + trim)?)?;
        Some((low.min(self.speedup()?), high.max(self.speedup()?)))
    }

    /// Whether the pairs back up a speedup that reaches the target: their
    /// middle ratio must be near it too. The best runs alone are not enough
    /// where a program's own speed changes from process to process (a
    /// memory layout the machine favours one run and not the next): then
    /// the fastest runs of two identical programs can differ by 40%.
    pub fn pairs_agree(&self) -> bool {
        median(&self.ratios()).is_some_and(|m| m >= PAIRS_AGREE * self.target())
    }

    /// True once more pairs cannot change the verdict's side: passed, or
    /// below the target even in the most favourable pairs.
    pub fn decided(&self) -> bool {
        let target = self.target();
        match (self.speedup(), self.spread()) {
            (Some(s), _) if s >= target && self.pairs_agree() => true,
            (_, Some((_, high))) => high < target,
            _ => false,
        }
    }

    /// Median cores the kernel kept busy.
    pub fn cpu_parallelism(&self) -> Option<f64> {
        let mut c = self.cpu_parallelism.clone();
        c.sort_by(f64::total_cmp);
        c.get(c.len() / 2).copied()
    }

    /// efficiency x min(workers, cores).
    pub fn target(&self) -> f64 {
        target(self.efficiency, self.workers, self.cores)
    }

    /// True when most timed runs were set aside: the timing is not the
    /// program's, and the check is rejected.
    fn mostly_doubted(&self) -> bool {
        !self.doubts.is_empty() && self.doubts.len() >= self.solution_seconds.len()
    }

    pub fn verdict(&self, solution_workers: &[usize]) -> Verdict {
        let target = self.target();
        if self.mostly_doubted() {
            return Verdict::new(
                Outcome::Rejected,
                format!(
                    "Rejected: {}. {} of {} timed runs could not be believed, so no speedup was measured.",
                    self.doubts[0],
                    self.doubts.len(),
                    self.doubts.len() + self.solution_seconds.len()
                ),
            );
        }
        let (Some(speedup), Some((low, high))) = (self.speedup(), self.spread()) else {
            return Verdict::new(Outcome::Inconclusive, "No timing could be taken.");
        };
        let p = self.workers.min(self.cores).max(1);
        // Overlapped waits are not bounded by the cores: a hundred requests
        // in flight wait at once on one core.
        if !self.overlaps_waits
            && let Some(why) = trust::speedup_doubt(speedup, p)
        {
            return Verdict::new(Outcome::Rejected, format!("Rejected: {why}."));
        }
        let context = format!(
            "with {} worker{} on {} core{} (target {:.2}x, {:.0}% parallel efficiency)",
            self.workers,
            plural(self.workers),
            self.cores,
            plural(self.cores),
            target,
            self.efficiency * 100.0
        );
        let runs = format!(
            "{} pairs ranged {low:.2}x to {high:.2}x",
            self.ratios().len()
        );
        let cores_used = self.cores_used_note();
        if speedup >= target && !self.pairs_agree() {
            let middle = median(&self.ratios()).unwrap_or(speedup);
            return Verdict::new(
                Outcome::Inconclusive,
                format!(
                    "Inconclusive: the runs disagree. The best runs gave {speedup:.2}x {context}, but the middle pair only {middle:.2}x; {runs}. The machine's speed changed from run to run. Check again, or use --thorough."
                ),
            );
        }
        let one_core = self
            .cpu_parallelism()
            .is_some_and(|c| c < ONE_CORE && self.workers > 1 && !self.overlaps_waits);
        if speedup >= target && one_core {
            return Verdict::new(
                Outcome::TooSlow,
                format!(
                    "Too slow: {speedup:.2}x faster than the serial baseline {context}, but on one core:{cores_used} A faster serial program is not a parallel speedup; split the work so that every worker computes.",
                ),
            );
        }
        if speedup >= target {
            return Verdict::new(
                Outcome::Passed,
                format!(
                    "Passed: correct with {}, and {speedup:.2}x faster than the serial baseline {context}; {runs}.{cores_used}",
                    worker_list(solution_workers)
                ),
            );
        }
        if high >= target {
            let load = self
                .load_average
                .map(|l| format!(" (load average {l:.1} on {} cores)", self.cores))
                .unwrap_or_default();
            return Verdict::new(
                Outcome::Inconclusive,
                format!(
                    "Inconclusive: the machine is too busy to tell{load}. The best runs gave {speedup:.2}x {context}, but {runs}, on both sides of the target. Close other programs and check again, or use --thorough."
                ),
            );
        }
        // A verdict of too slow needs a machine that let the solution have
        // its cores: when other programs kept a good part of one busy during
        // most timed runs, the slowness may be theirs.
        // A program that mostly waits is not slowed by other programs' use
        // of the cores, so for waits the verdict stands.
        let elsewhere = median(&self.busy_elsewhere).filter(|_| !self.overlaps_waits);
        if let Some(others) = elsewhere.filter(|o| *o >= BUSY_ELSEWHERE) {
            return Verdict::new(
                Outcome::Inconclusive,
                format!(
                    "Inconclusive: the machine is too busy to tell. Other programs kept {others:.1} core{} busy while yours ran, and the best runs gave {speedup:.2}x {context}; {runs}. Close other programs and check again, or use --thorough.",
                    if (others - 1.0).abs() < 0.05 { "" } else { "s" }
                ),
            );
        }
        let how = if speedup < 0.95 {
            format!("slower than the serial baseline (speedup {speedup:.2}x)")
        } else {
            format!("only {speedup:.2}x faster than the serial baseline")
        };
        Verdict::new(
            Outcome::TooSlow,
            format!(
                "Too slow: correct, but {how} {context}; {runs}.{cores_used} {}",
                slow_cause(speedup)
            ),
        )
    }

    /// " It kept 1.02 cores busy: ..." when the kernel used about one core.
    fn cores_used_note(&self) -> String {
        let set_aside = match self.doubts.first() {
            Some(why) => format!(
                " {} timed run{} set aside: {why}.",
                self.doubts.len(),
                if self.doubts.len() == 1 {
                    " was"
                } else {
                    "s were"
                }
            ),
            None => String::new(),
        };
        let cores = match self.cpu_parallelism() {
            Some(c) if self.overlaps_waits => format!(
                " It kept {c:.2} cores busy (CPU time / wall time): the time went to waiting, which is what overlapping saves."
            ),
            Some(c) if c < ONE_CORE && self.workers > 1 => format!(
                " Your program ran on one core: it kept {c:.2} cores busy (CPU time / wall time)."
            ),
            Some(c) => format!(" It kept {c:.2} cores busy (CPU time / wall time)."),
            None => String::new(),
        };
        cores + &set_aside
    }
}

/// The speedup target: efficiency x min(workers, cores).
pub fn target(efficiency: f64, workers: usize, cores: usize) -> f64 {
    efficiency * workers.min(cores).max(1) as f64
}

/// At or below this target a serial program would pass, so speed is not
/// graded: one core, or an efficiency too low for the cores there are.
pub const MIN_TARGET: f64 = 1.15;

/// Why speed is not graded at this target, if it is not.
pub fn speed_not_graded(efficiency: f64, workers: usize, cores: usize) -> Option<String> {
    let t = target(efficiency, workers, cores);
    (t <= MIN_TARGET).then(|| {
        format!(
            "Speed not graded: with {workers} worker{} on {cores} core{} the target would be {t:.2}x, which a serial program can reach, so only correctness was checked. Speed is graded where efficiency x min(workers, cores) is above {MIN_TARGET:.2}x.",
            plural(workers),
            plural(cores),
        )
    })
}

/// Why speed is not graded on an existing Dask cluster: its workers run on
/// machines whose CPUs parlab cannot see, so neither the work nor the cores
/// behind a speedup can be checked, and this machine's serial baseline is
/// no measure of them.
pub fn speed_not_graded_on_cluster(address: &str) -> String {
    format!(
        "Speed not graded: the work ran on the Dask cluster at {address}, whose machines parlab cannot measure, so only correctness was checked. Check without --dask-scheduler for a graded speedup on this machine."
    )
}

/// Cores busy below which a run counts as running on one core.
const ONE_CORE: f64 = 1.25;

fn slow_cause(speedup: f64) -> &'static str {
    if speedup < 0.9 {
        THREADS_CONTENTION
    } else if speedup < 1.15 {
        THREADS_UNSPLIT
    } else {
        "Part of the work runs in parallel. Look for load imbalance (one thread gets the slow part), a serial phase before or after the parallel one, or threads waiting on each other."
    }
}

/// Cores busy elsewhere, as a median over the timed runs, from which a slow
/// verdict is not trusted.
const BUSY_ELSEWHERE: f64 = 0.35;

/// A pass needs the middle pair at this fraction of the target or more.
const PAIRS_AGREE: f64 = 0.9;

fn median(xs: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

fn min(xs: &[f64]) -> Option<f64> {
    xs.iter()
        .copied()
        .filter(|x| x.is_finite())
        .reduce(f64::min)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn worker_list(workers: &[usize]) -> String {
    let mut w: Vec<usize> = workers.to_vec();
    w.sort_unstable();
    w.dedup();
    let names: Vec<String> = w.iter().map(usize::to_string).collect();
    match names.len() {
        0 => "no runs".into(),
        1 => format!("{} worker{}", names[0], plural(w[0])),
        _ => format!(
            "{} and {} workers",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
    }
}

/// Bytes for people: 9.8 MB, 1.2 GB (powers of 1000, as `ps` and `top` do not,
/// but as most people read them).
pub fn fmt_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.0} kB", b / 1e3)
    }
}

// The causes a verdict suggests, in the words of threads, and what
// [`for_mpi`] puts in their place for ranks.
const THREADS_DEADLOCK: &str = "Threads may be waiting for each other (two locks taken in opposite orders, a receive on a channel whose senders are still alive, a join on a thread that never ends), or a loop never ends.";
const MPI_DEADLOCK: &str = "Ranks may be waiting for each other: two ranks that both receive first, or both send a large message first (past a few kilobytes a blocking send waits for its receive), a collective that not every rank calls, or a loop that never ends.";
const THREADS_RACE: &str = "Usual causes: threads that update shared data in two steps (a load, then a store), work split so that some items are skipped or counted twice for some worker counts, or results combined in the order threads finish instead of the input order.";
const MPI_RACE: &str = "Usual causes: a split that skips or repeats items for some rank counts (the leftover block), a message sent to or expected from the wrong neighbour, or partial results combined in the order they arrive instead of rank order.";
const THREADS_CONTENTION: &str = "A speedup below 1 usually means contention: threads queueing for one lock, hammering one atomic or one cache line, or too many tiny tasks.";
const MPI_CONTENTION: &str = "A speedup below 1 usually means the ranks spend their time in messages: many small ones, or each rank sending all its data.";
const THREADS_UNSPLIT: &str = "A speedup near 1 usually means the work is not really split: one thread does most of it, or the threads take turns behind a lock.";
const MPI_UNSPLIT: &str = "A speedup near 1 usually means the work is not really split: every rank computes everything, or one rank does most of it while the others wait.";

/// A verdict in the words of MPI: ranks instead of workers, and the causes
/// of deadlocks, races and slowness that apply to message passing.
pub fn for_mpi(mut verdict: Verdict) -> Verdict {
    for (threads, mpi) in [
        (THREADS_DEADLOCK, MPI_DEADLOCK),
        (THREADS_RACE, MPI_RACE),
        (THREADS_CONTENTION, MPI_CONTENTION),
        (THREADS_UNSPLIT, MPI_UNSPLIT),
    ] {
        verdict.message = verdict.message.replace(threads, mpi);
    }
    verdict.message = verdict
        .message
        .replace(" workers", " ranks")
        .replace(" worker", " rank")
        .replace("worker count", "rank count");
    verdict
}

/// Seconds for a message: whole numbers without decimals.
pub fn fmt_secs(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn correct(workers: usize, v: serde_json::Value) -> Sample {
        Sample::new(
            workers,
            RunVerdict::Correct {
                result: v,
                seconds: 1.0,
            },
        )
    }

    fn wrong(workers: usize, v: serde_json::Value) -> Sample {
        let why = format!("the result was {v}, expected 10");
        Sample::new(
            workers,
            RunVerdict::Wrong {
                result: v,
                seconds: 1.0,
                why,
            },
        )
    }

    #[test]
    fn all_correct_is_no_verdict() {
        let check = Check::Exact(json!(10));
        assert_eq!(
            correctness(&check, &[correct(2, json!(10)), correct(3, json!(10))]),
            None
        );
    }

    #[test]
    fn the_same_wrong_answer_is_wrong_output() {
        let check = Check::Exact(json!(10));
        let v = correctness(&check, &[wrong(2, json!(9)), wrong(3, json!(9))]).unwrap();
        assert_eq!(v.outcome, Outcome::WrongOutput);
        assert!(v.message.contains("expected 10"), "{}", v.message);
    }

    #[test]
    fn an_answer_that_moves_is_a_race() {
        let check = Check::Exact(json!(10));
        let v = correctness(&check, &[correct(2, json!(10)), wrong(3, json!(7))]).unwrap();
        assert_eq!(v.outcome, Outcome::Race);
        let v = correctness(&check, &[wrong(2, json!(8)), wrong(3, json!(7))]).unwrap();
        assert_eq!(v.outcome, Outcome::Race);
    }

    fn timing(baseline: f64, solution: f64, workers: usize, cores: usize) -> Timing {
        Timing {
            baseline_seconds: vec![baseline, baseline * 1.1],
            solution_seconds: vec![solution * 1.2, solution],
            ..Timing::new(workers, cores, 0.7)
        }
    }

    #[test]
    fn overlapped_waits_are_not_bounded_by_the_cores() {
        // Thirty requests in flight on two cores: 12x is believed, where
        // compute would be rejected, and other programs' load does not
        // excuse a slow run that only waits.
        let mut t = timing(1.2, 0.1, 2, 2);
        assert_eq!(t.verdict(&[2]).outcome, Outcome::Rejected);
        t.overlaps_waits = true;
        let v = t.verdict(&[2]);
        assert_eq!(v.outcome, Outcome::Passed, "{}", v.message);
        let mut slow = timing(1.0, 0.98, 2, 2);
        slow.overlaps_waits = true;
        slow.busy_elsewhere = vec![1.0, 1.0];
        assert_eq!(slow.verdict(&[2]).outcome, Outcome::TooSlow);
    }

    #[test]
    fn speedup_uses_the_best_of_each_side() {
        let t = timing(2.0, 1.0, 2, 2);
        assert_eq!(t.speedup(), Some(2.0));
        assert_eq!(t.verdict(&[2, 3]).outcome, Outcome::Passed);
    }

    #[test]
    fn target_scales_with_the_cores_not_the_request() {
        assert!((timing(1.0, 1.0, 8, 2).target() - 1.4).abs() < 1e-12);
        assert!((timing(1.0, 1.0, 2, 64).target() - 1.4).abs() < 1e-12);
        assert!((timing(1.0, 1.0, 4, 1).target() - 0.7).abs() < 1e-12);
    }

    #[test]
    fn serial_code_is_too_slow_and_told_why() {
        let v = timing(1.0, 1.0, 2, 2).verdict(&[2]);
        assert_eq!(v.outcome, Outcome::TooSlow);
        assert!(v.message.contains("1.00x"), "{}", v.message);
        assert!(v.message.contains("not really split"), "{}", v.message);
    }

    fn pairs(baseline: &[f64], solution: &[f64]) -> Timing {
        Timing {
            baseline_seconds: baseline.to_vec(),
            solution_seconds: solution.to_vec(),
            ..Timing::new(2, 2, 0.7)
        }
    }

    #[test]
    fn a_busy_machine_is_inconclusive_not_too_slow() {
        // The best runs give 1.33x, but one pair reached 1.6x: noise straddles 1.4x.
        let t = pairs(&[1.0, 1.6, 1.1], &[0.75, 1.0, 0.8]);
        assert_eq!(t.verdict(&[2]).outcome, Outcome::Inconclusive);
        assert!(!t.decided());
        assert!(t.verdict(&[2]).message.contains("too busy"));
    }

    #[test]
    fn a_best_run_the_pairs_do_not_back_is_not_a_pass() {
        // The same program on both sides: one lucky fast run gives 1.45x,
        // the pairs say 1.07x to 1.45x with the middle at 1.12x.
        let t = pairs(&[1.1, 1.0, 1.05], &[1.03, 0.69, 0.94]);
        assert!(t.speedup().unwrap() >= 1.4);
        assert!(!t.pairs_agree());
        assert!(!t.decided());
        let v = t.verdict(&[2]);
        assert_eq!(v.outcome, Outcome::Inconclusive, "{}", v.message);
        assert!(v.message.contains("runs disagree"), "{}", v.message);
    }

    #[test]
    fn clear_verdicts_are_decided_early() {
        assert!(pairs(&[1.0, 1.0, 1.0], &[0.5, 0.52, 0.51]).decided());
        let serial = pairs(&[1.0, 1.02, 1.01], &[1.0, 0.99, 1.03]);
        assert!(serial.decided());
        assert_eq!(serial.verdict(&[2]).outcome, Outcome::TooSlow);
    }

    #[test]
    fn the_spread_sets_aside_one_extreme_pair_each_side() {
        let t = pairs(&[1.0, 1.0, 1.0, 1.0, 1.0], &[0.5, 0.5, 0.25, 0.5, 1.0]);
        let (low, high) = t.spread().unwrap();
        assert_eq!(
            (low, high),
            (2.0, 4.0),
            "the pair at 1.0x is set aside; high reaches the point estimate"
        );
        assert_eq!(t.speedup(), Some(4.0));
    }

    #[test]
    fn one_busy_core_is_named() {
        let mut t = pairs(&[1.0, 1.0, 1.0], &[1.0, 1.0, 1.0]);
        t.cpu_parallelism = vec![1.01, 0.99, 1.0];
        let v = t.verdict(&[2]);
        assert!(v.message.contains("ran on one core"), "{}", v.message);
    }

    #[test]
    fn slower_than_serial_is_said_plainly() {
        let v = timing(1.0, 2.0, 2, 2).verdict(&[2]);
        assert!(
            v.message
                .contains("slower than the serial baseline (speedup 0.50x)"),
            "{}",
            v.message
        );
        assert!(v.message.contains("contention"), "{}", v.message);
    }

    #[test]
    fn slow_runs_on_a_machine_busy_elsewhere_are_inconclusive_not_too_slow() {
        let mut t = timing(1.0, 0.95, 2, 2);
        t.busy_elsewhere = vec![0.9, 1.0, 0.8];
        let v = t.verdict(&[2]);
        assert_eq!(v.outcome, Outcome::Inconclusive, "{}", v.message);
        assert!(
            v.message.contains("Other programs kept 0.9 cores busy"),
            "{}",
            v.message
        );
        t.busy_elsewhere = vec![0.05, 0.4, 0.02];
        assert_eq!(t.verdict(&[2]).outcome, Outcome::TooSlow);
        // A pass stays a pass, however busy the machine.
        let mut fast = timing(2.0, 1.0, 2, 2);
        fast.busy_elsewhere = vec![1.0];
        assert_eq!(fast.verdict(&[2]).outcome, Outcome::Passed);
    }

    #[test]
    fn mpi_verdicts_speak_of_ranks_and_their_own_causes() {
        let v = for_mpi(
            stopped_run(
                &RunVerdict::TimedOut,
                Duration::from_secs(10),
                1 << 20,
                "",
                None,
            )
            .unwrap(),
        );
        assert!(
            v.message.contains("both send a large message first"),
            "{}",
            v.message
        );
        assert!(!v.message.contains("Threads"), "{}", v.message);
        let check = Check::Exact(json!(10));
        let v = for_mpi(correctness(&check, &[correct(2, json!(10)), wrong(3, json!(7))]).unwrap());
        assert!(v.message.contains("with 3 ranks"), "{}", v.message);
        assert!(v.message.contains("rank order"), "{}", v.message);
        assert!(!v.message.contains("worker"), "{}", v.message);
    }

    #[test]
    fn a_timeout_says_possible_deadlock_and_shows_output() {
        let v = stopped_run(
            &RunVerdict::TimedOut,
            Duration::from_secs(3),
            1 << 20,
            "worker 1 waiting",
            None,
        )
        .unwrap();
        assert_eq!(v.outcome, Outcome::TimedOut);
        assert!(v.message.contains("possible deadlock"));
        assert!(v.message.contains("worker 1 waiting"));
    }
}
