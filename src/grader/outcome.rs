//! How a check ended, in every voice it is shown in: the machine name
//! (`--json`, progress files, exports), the title a person reads, what the
//! outcome means, and what to try next. The CLI, the TUI, `--json` and the
//! class exports all take these words from here.

use serde::{Deserialize, Serialize};

use super::words::Worker;

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
    pub const ALL: [Outcome; 11] = [
        Outcome::Passed,
        Outcome::WrongOutput,
        Outcome::Race,
        Outcome::TooSlow,
        Outcome::Inconclusive,
        Outcome::CompileError,
        Outcome::Crashed,
        Outcome::TimedOut,
        Outcome::OutputLimit,
        Outcome::Cancelled,
        Outcome::Rejected,
    ];

    /// The machine name, as `--json` and the progress file write it.
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

    /// The title a person reads.
    pub fn title(self) -> &'static str {
        match self {
            Outcome::Passed => "Passed",
            Outcome::WrongOutput => "Wrong output",
            Outcome::Race => "Race",
            Outcome::TooSlow => "Too slow",
            Outcome::Inconclusive => "Inconclusive",
            Outcome::CompileError => "Compile error",
            Outcome::Crashed => "Crashed",
            Outcome::TimedOut => "Timed out",
            Outcome::OutputLimit => "Output limit",
            Outcome::Cancelled => "Cancelled",
            Outcome::Rejected => "Rejected",
        }
    }

    /// What the outcome means, in one sentence, whatever the exercise.
    pub fn explanation(self) -> &'static str {
        match self {
            Outcome::Passed => {
                "The result was correct with every worker count, and fast enough where speed is graded."
            }
            Outcome::WrongOutput => "The result was not the expected one.",
            Outcome::Race => {
                "The result changed with the worker count: a correct program gives the same answer whatever it is."
            }
            Outcome::TooSlow => {
                "The result was correct, but not enough faster than the course's serial baseline."
            }
            Outcome::Inconclusive => {
                "The timings were too noisy to tell fast from slow: no verdict on speed."
            }
            Outcome::CompileError => "The program did not build.",
            Outcome::Crashed => "The program ended with an error before it reported a result.",
            Outcome::TimedOut => "The program ran past its time limit and was stopped.",
            Outcome::OutputLimit => "The program printed too much and was stopped.",
            Outcome::Cancelled => "The check was stopped before it finished.",
            Outcome::Rejected => {
                "The run's result or timing could not be believed, so it earns nothing."
            }
        }
    }

    /// What to try next.
    pub fn advice(self, worker: Worker) -> &'static str {
        match (self, worker) {
            (Outcome::WrongOutput, Worker::Rank) => {
                "Check the split: every item handled by exactly one rank, the leftover block included, and partial results combined the same way the serial loop does."
            }
            (Outcome::Race, Worker::Rank) => {
                "A result that changes with the rank count usually means a split that skips or repeats items for some counts, or partial results combined in the order messages arrive. Combine them in rank order, or with a reduction."
            }
            (Outcome::TooSlow, Worker::Rank) => {
                "A speedup near 1 means every rank computes everything, or one rank does the work. Below 1 means the time goes to messages: send fewer, larger ones. In between, look for load imbalance: one rank gets the slow part."
            }
            (outcome, _) => outcome.advice_for_threads(),
        }
    }

    fn advice_for_threads(self) -> &'static str {
        match self {
            Outcome::Passed => "Well done. The next exercise is on the course map.",
            Outcome::WrongOutput => {
                "Check the split: every item handled exactly once, the leftover block included, and partial results combined the same way the serial loop does."
            }
            Outcome::Race => {
                "A result that changes with the worker count usually means a shared value updated in two steps (load, then store), or results combined in the order threads finish. Give each thread its own partial result and combine them at the end, in a fixed order."
            }
            Outcome::TooSlow => {
                "A speedup near 1 means the work is not really split, or threads take turns behind one lock. Below 1 means contention (one lock, one atomic, one cache line). In between, look for load imbalance: one thread gets the slow part."
            }
            Outcome::Inconclusive => {
                "The machine was too busy to tell. Close other programs and check again."
            }
            Outcome::CompileError => {
                "Fix the first error the compiler reports; the others often follow from it."
            }
            Outcome::Crashed => {
                "A panic (Rust) or an exception (Python) names the file and line where it happened. `todo!()` in a Rust starter panics until you replace it."
            }
            Outcome::TimedOut => {
                "Often a deadlock: two locks taken in opposite orders, a channel receive whose senders are still alive (in Python, a queue get() that no put() will answer, such as a consumer that never got its sentinel), a join on a thread that never ends, a task that waits on another task of its own full pool; with MPI, two ranks that both receive, or both send a large message, before the other."
            }
            Outcome::OutputLimit => {
                "Take the prints out of hot loops; print a summary at the end instead."
            }
            // Only the TUI can cancel a check (the CLI stops with the program).
            Outcome::Cancelled => "Press c to check again.",
            Outcome::Rejected => {
                "Only the course's harness reports a result and times your code: return the answer from your function, without printing result lines, calling the report or ending the program early, and compute it from the input you are given."
            }
        }
    }
}

/// An outcome's words for `--json` and the exports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Words {
    pub title: &'static str,
    pub explanation: &'static str,
    pub advice: &'static str,
}

impl Words {
    pub fn of(outcome: Outcome, worker: Worker) -> Words {
        Words {
            title: outcome.title(),
            explanation: outcome.explanation(),
            advice: outcome.advice(worker),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_has_all_its_words() {
        for outcome in Outcome::ALL {
            for worker in [Worker::Worker, Worker::Rank] {
                let words = Words::of(outcome, worker);
                assert!(!words.title.is_empty());
                assert!(words.explanation.ends_with('.'), "{outcome:?}");
                assert!(words.advice.ends_with('.'), "{outcome:?}");
            }
            let json = serde_json::to_value(outcome).unwrap();
            assert_eq!(json, outcome.name());
        }
    }

    #[test]
    fn ranks_get_advice_in_their_own_terms() {
        assert!(!Outcome::Race.advice(Worker::Rank).contains("thread"));
        assert!(Outcome::Race.advice(Worker::Worker).contains("thread"));
        assert_eq!(
            Outcome::Crashed.advice(Worker::Rank),
            Outcome::Crashed.advice(Worker::Worker)
        );
    }
}
