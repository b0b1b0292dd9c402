//! The words of a verdict: what an exercise calls one of its workers, and
//! the usual causes of a deadlock, a race or a slow run in that model's
//! terms. Every message the grader writes takes a [`Worker`] instead of
//! being rewritten afterwards, so the learner's own output quoted in a
//! message is never touched.
//!
//! The plain builders here ([`counted`], [`and_list`]) are the one place a
//! message gets its singular or plural and its "a, b and c": every message
//! of parlab that counts or lists goes through them.

use crate::course::Exercise;

/// `n` with its noun in the singular or the plural: "1 worker", "0 cores",
/// "2 processes".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Items joined as a sentence joins them: "a", "a and b", "a, b and c"
/// (nothing for no items).
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// What one unit of parallel work is called in an exercise's messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Worker {
    /// The neutral word, for exercises whose workers may be threads,
    /// processes or tasks.
    #[default]
    Worker,
    Thread,
    Process,
    Task,
    /// An MPI rank: its causes are those of message passing.
    Rank,
}

impl Worker {
    /// The word for an exercise: ranks for MPI, workers otherwise.
    pub fn of(exercise: &Exercise) -> Worker {
        if exercise.mpi {
            Worker::Rank
        } else {
            Worker::Worker
        }
    }

    /// The singular: "worker", "rank".
    pub fn one(self) -> &'static str {
        match self {
            Worker::Worker => "worker",
            Worker::Thread => "thread",
            Worker::Process => "process",
            Worker::Task => "task",
            Worker::Rank => "rank",
        }
    }

    /// The plural: "workers", "processes".
    pub fn many(self) -> &'static str {
        match self {
            Worker::Worker => "workers",
            Worker::Thread => "threads",
            Worker::Process => "processes",
            Worker::Task => "tasks",
            Worker::Rank => "ranks",
        }
    }

    /// "1 worker", "3 ranks".
    pub fn count(self, n: usize) -> String {
        counted(n, self.one(), self.many())
    }

    /// The singular or the plural, as `n` wants.
    pub fn word(self, n: usize) -> &'static str {
        if n == 1 { self.one() } else { self.many() }
    }

    /// "2 and 3 workers", "2, 3 and 4 ranks".
    pub fn list(self, counts: &[usize]) -> String {
        let mut w: Vec<usize> = counts.to_vec();
        w.sort_unstable();
        w.dedup();
        match w.as_slice() {
            [] => "no runs".into(),
            [one] => self.count(*one),
            counts => {
                let numbers: Vec<String> = counts.iter().map(usize::to_string).collect();
                format!("{} {}", and_list(&numbers), self.many())
            }
        }
    }

    fn message_passing(self) -> bool {
        self == Worker::Rank
    }

    /// Why a run may hang.
    pub fn deadlock_causes(self) -> &'static str {
        if self.message_passing() {
            "Ranks may be waiting for each other: two ranks that both receive first, or both send a large message first (past a few kilobytes a blocking send waits for its receive), a collective that not every rank calls, or a loop that never ends."
        } else {
            "Threads may be waiting for each other (two locks taken in opposite orders, a receive on a channel whose senders are still alive, a join on a thread that never ends), or a loop never ends."
        }
    }

    /// Why a result may change with the worker count.
    pub fn race_causes(self) -> &'static str {
        if self.message_passing() {
            "Usual causes: a split that skips or repeats items for some rank counts (the leftover block), a message sent to or expected from the wrong neighbour, or partial results combined in the order they arrive instead of rank order."
        } else {
            "Usual causes: threads that update shared data in two steps (a load, then a store), work split so that some items are skipped or counted twice for some worker counts, or results combined in the order threads finish instead of the input order."
        }
    }

    /// Why a run may be slower than the serial baseline.
    pub fn contention_causes(self) -> &'static str {
        if self.message_passing() {
            "A speedup below 1 usually means the ranks spend their time in messages: many small ones, or each rank sending all its data."
        } else {
            "A speedup below 1 usually means contention: threads queueing for one lock, hammering one atomic or one cache line, or too many tiny tasks."
        }
    }

    /// Why a run may be no faster than the serial baseline.
    pub fn unsplit_causes(self) -> &'static str {
        if self.message_passing() {
            "A speedup near 1 usually means the work is not really split: every rank computes everything, or one rank does most of it while the others wait."
        } else {
            "A speedup near 1 usually means the work is not really split: one thread does most of it, or the threads take turns behind a lock."
        }
    }

    /// Why a run that is partly parallel falls short.
    pub fn imbalance_causes(self) -> &'static str {
        if self.message_passing() {
            "Part of the work runs in parallel. Look for load imbalance (one rank gets the slow part), a serial phase before or after the parallel one, or ranks waiting on each other's messages."
        } else {
            "Part of the work runs in parallel. Look for load imbalance (one thread gets the slow part), a serial phase before or after the parallel one, or threads waiting on each other."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Worker, and_list, counted};

    #[test]
    fn counted_takes_the_singular_for_one_only() {
        assert_eq!(counted(1, "worker", "workers"), "1 worker");
        assert_eq!(counted(2, "worker", "workers"), "2 workers");
        assert_eq!(counted(0, "core", "cores"), "0 cores");
        assert_eq!(counted(1, "process", "processes"), "1 process");
        assert_eq!(counted(3, "process", "processes"), "3 processes");
    }

    #[test]
    fn lists_join_with_commas_and_a_last_and() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b"]), "a and b");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(
            and_list(&["a".to_owned(), "b".into(), "c".into(), "d".into()]),
            "a, b, c and d"
        );
    }

    #[test]
    fn counts_and_lists_take_the_word() {
        assert_eq!(Worker::Worker.count(1), "1 worker");
        assert_eq!(Worker::Rank.count(3), "3 ranks");
        assert_eq!(Worker::Process.count(2), "2 processes");
        assert_eq!(Worker::Worker.list(&[3, 2, 2]), "2 and 3 workers");
        assert_eq!(Worker::Rank.list(&[4, 2, 3]), "2, 3 and 4 ranks");
        assert_eq!(Worker::Thread.list(&[1]), "1 thread");
        assert_eq!(Worker::Task.list(&[]), "no runs");
    }

    #[test]
    fn ranks_have_causes_of_their_own() {
        assert!(
            Worker::Rank
                .deadlock_causes()
                .contains("both receive first")
        );
        assert!(Worker::Worker.deadlock_causes().starts_with("Threads"));
        assert!(!Worker::Rank.race_causes().contains("thread"));
    }
}
