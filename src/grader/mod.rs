//! The grader: pure functions from captured runs and timings to a verdict.
//!
//! Nothing here starts a process, reads a file or looks at the clock; the
//! check session (`crate::check`) feeds it runs, and it is tested with plain
//! values. Outcomes are explicit and each carries a message in plain words.

mod compare;
mod run;

pub use compare::{agree, compare, short};
pub use run::{RESULT_MARKER, RunVerdict, judge_run, panic_message, parse_result};

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
}

/// The verdict for a run that did not finish with a result, if it did not.
/// `tail` is the last output the run printed.
pub fn stopped_run(
    verdict: &RunVerdict,
    time_limit: Duration,
    cap: usize,
    tail: &str,
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
            "The program ended without reporting a result. Does your code call std::process::exit, or end main early?",
        ),
        RunVerdict::Crashed { how } => Verdict::new(
            Outcome::Crashed,
            format!("The program crashed: it {how}. {last}"),
        ),
        RunVerdict::TimedOut => Verdict::new(
            Outcome::TimedOut,
            format!(
                "Timed out after {} s and stopped: possible deadlock. Threads may be waiting for each other (two locks taken in opposite orders, a receive on a channel whose senders are still alive, a join on a thread that never ends), or a loop never ends. {last}",
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
                "Race: the result changed from run to run: {} with {w1} worker{}, {} with {w2} worker{}. A correct program gives the same answer whatever the worker count. Usual causes: threads that update shared data in two steps (a load, then a store), work split so that some items are skipped or counted twice for some worker counts, or results combined in the order threads finish instead of the input order.",
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

/// Timings of the interleaved baseline and solution runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timing {
    pub baseline_seconds: Vec<f64>,
    pub solution_seconds: Vec<f64>,
    pub workers: usize,
    pub cores: usize,
    pub efficiency: f64,
}

impl Timing {
    /// The best of each side: the least disturbed run of each.
    pub fn speedup(&self) -> Option<f64> {
        let b = min(&self.baseline_seconds)?;
        let s = min(&self.solution_seconds)?;
        (s > 0.0).then(|| b / s)
    }

    /// efficiency x min(workers, cores).
    pub fn target(&self) -> f64 {
        self.efficiency * self.workers.min(self.cores).max(1) as f64
    }

    pub fn verdict(&self, solution_workers: &[usize]) -> Verdict {
        let target = self.target();
        let Some(speedup) = self.speedup() else {
            return Verdict::new(Outcome::Inconclusive, "No timing could be taken.");
        };
        let context = format!(
            "with {} worker{} on {} core{} (target {:.2}x, {:.0}% parallel efficiency)",
            self.workers,
            plural(self.workers),
            self.cores,
            plural(self.cores),
            target,
            self.efficiency * 100.0
        );
        if speedup >= target {
            return Verdict::new(
                Outcome::Passed,
                format!(
                    "Passed: correct with {}, and {speedup:.2}x faster than the serial baseline {context}.",
                    worker_list(solution_workers)
                ),
            );
        }
        let why = if speedup < 0.9 {
            "A speedup below 1 usually means contention: threads queueing for one lock, hammering one atomic or one cache line, or too many tiny tasks."
        } else if speedup < 1.15 {
            "A speedup near 1 usually means the work is not really split: one thread does most of it, or the threads take turns behind a lock."
        } else {
            "Part of the work runs in parallel. Look for load imbalance (one thread gets the slow part), a serial phase before or after the parallel one, or threads waiting on each other."
        };
        let how = if speedup < 1.0 {
            format!("slower than the serial baseline (speedup {speedup:.2}x)")
        } else {
            format!("only {speedup:.2}x faster than the serial baseline")
        };
        Verdict::new(
            Outcome::TooSlow,
            format!("Too slow: correct, but {how} {context}. {why}"),
        )
    }
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
        Sample {
            workers,
            verdict: RunVerdict::Correct {
                result: v,
                seconds: 1.0,
            },
        }
    }

    fn wrong(workers: usize, v: serde_json::Value) -> Sample {
        let why = format!("the result was {v}, expected 10");
        Sample {
            workers,
            verdict: RunVerdict::Wrong {
                result: v,
                seconds: 1.0,
                why,
            },
        }
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
            workers,
            cores,
            efficiency: 0.7,
        }
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
    fn a_timeout_says_possible_deadlock_and_shows_output() {
        let v = stopped_run(
            &RunVerdict::TimedOut,
            Duration::from_secs(3),
            1 << 20,
            "worker 1 waiting",
        )
        .unwrap();
        assert_eq!(v.outcome, Outcome::TimedOut);
        assert!(v.message.contains("possible deadlock"));
        assert!(v.message.contains("worker 1 waiting"));
    }
}
