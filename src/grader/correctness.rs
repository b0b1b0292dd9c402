//! Correctness: the verdict for a run that stopped without a result, and
//! for runs at several worker counts that disagree with the expected value
//! or with each other (a race).

use std::time::Duration;

use super::{Outcome, RunVerdict, Sample, Verdict, Worker, agree, fmt_secs, short};
use crate::course::Check;

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
    worker: Worker,
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
                "Timed out after {} s and stopped: possible deadlock. {} {last}",
                fmt_secs(time_limit.as_secs_f64()),
                worker.deadlock_causes()
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
pub fn correctness(check: &Check, samples: &[Sample], worker: Worker) -> Option<Verdict> {
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
                "Race: the result changed from run to run: {} with {}, {} with {}. A correct program gives the same answer whatever the {} count. {}",
                short(x),
                worker.count(*w1),
                short(y),
                worker.count(*w2),
                worker.one(),
                worker.race_causes(),
            ),
        ),
        None => Verdict::new(
            Outcome::WrongOutput,
            format!("Wrong output with {}: {}.", worker.count(wrong.0), wrong.1),
        ),
    })
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
            correctness(
                &check,
                &[correct(2, json!(10)), correct(3, json!(10))],
                Worker::Worker
            ),
            None
        );
    }

    #[test]
    fn the_same_wrong_answer_is_wrong_output() {
        let check = Check::Exact(json!(10));
        let v = correctness(
            &check,
            &[wrong(2, json!(9)), wrong(3, json!(9))],
            Worker::Worker,
        )
        .unwrap();
        assert_eq!(v.outcome, Outcome::WrongOutput);
        assert!(v.message.contains("expected 10"), "{}", v.message);
    }

    #[test]
    fn an_answer_that_moves_is_a_race() {
        let check = Check::Exact(json!(10));
        let v = correctness(
            &check,
            &[correct(2, json!(10)), wrong(3, json!(7))],
            Worker::Worker,
        )
        .unwrap();
        assert_eq!(v.outcome, Outcome::Race);
        let v = correctness(
            &check,
            &[wrong(2, json!(8)), wrong(3, json!(7))],
            Worker::Worker,
        )
        .unwrap();
        assert_eq!(v.outcome, Outcome::Race);
    }

    #[test]
    fn mpi_verdicts_speak_of_ranks_and_their_own_causes() {
        let v = stopped_run(
            &RunVerdict::TimedOut,
            Duration::from_secs(10),
            1 << 20,
            "",
            None,
            Worker::Rank,
        )
        .unwrap();
        assert!(
            v.message.contains("both send a large message first"),
            "{}",
            v.message
        );
        assert!(!v.message.contains("Threads"), "{}", v.message);
        let check = Check::Exact(json!(10));
        let samples = [correct(2, json!(10)), wrong(3, json!(7))];
        let v = correctness(&check, &samples, Worker::Rank).unwrap();
        assert!(v.message.contains("with 3 ranks"), "{}", v.message);
        assert!(v.message.contains("rank order"), "{}", v.message);
        assert!(!v.message.contains("worker"), "{}", v.message);
    }

    #[test]
    fn the_learners_output_is_quoted_as_it_was() {
        // A message's own words take the exercise's word for a worker; the
        // program's output quoted in it is never rewritten.
        let v = stopped_run(
            &RunVerdict::TimedOut,
            Duration::from_secs(10),
            1 << 20,
            "worker 3 of 4 waiting for workers",
            None,
            Worker::Rank,
        )
        .unwrap();
        assert!(
            v.message.contains("worker 3 of 4 waiting for workers"),
            "{}",
            v.message
        );
    }

    #[test]
    fn a_timeout_says_possible_deadlock_and_shows_output() {
        let v = stopped_run(
            &RunVerdict::TimedOut,
            Duration::from_secs(3),
            1 << 20,
            "worker 1 waiting",
            None,
            Worker::Worker,
        )
        .unwrap();
        assert_eq!(v.outcome, Outcome::TimedOut);
        assert!(v.message.contains("possible deadlock"));
        assert!(v.message.contains("worker 1 waiting"));
    }
}
