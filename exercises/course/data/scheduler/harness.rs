//! Harness for data/scheduler. Course-owned: the learner does not edit this
//! file.
//!
//! The graph is a small model-fitting job of 374 tasks, built the way a
//! `delayed` library builds one: each task is a closure with a list of
//! inputs. Eight `load` tasks read partitions (about 2 units of work each) and
//! a tree of `merge` tasks summarises them. A chain of 120 `fit` steps (0.04
//! to 0.08 units each) starts from the summary and reads one partition per
//! step, and every `fit` step is scored by a `score` task (4 to 8 units) that
//! also reads a partition. A tree of `best` tasks keeps the best score. A
//! unit is 1 000 000 mixing rounds, roughly 2.5 ms, so the whole job is about
//! 2 s of work on one core.
//!
//! That shape is what the exercise is about. The critical path (a load, the
//! merges, the 120 fits, the last score and the top of the `best` tree) is
//! about a fortieth of the work, so a scheduler that starts every task as
//! soon as it can keeps two workers, or sixteen, busy nearly all the time.
//! Run level by level, every level holds one cheap `fit` and one expensive
//! `score`, and the level waits for the `score`: about 1.05x, on any number
//! of workers.
//!
//! Indices are shuffled, so index order is not an order in which the tasks
//! can run. Every call of a task is recorded in a log owned by this file
//! (start and finish stamps from one atomic clock, the inputs it was given,
//! the value it returned), and after the clock stops the log is checked: each
//! task ran exactly once, after all its inputs had finished, with their
//! values, and `run` returned the values the tasks computed. The result is
//! "ok" or the first problem found.

#![forbid(unsafe_code)]

#[path = "../../../data/scheduler.rs"]
mod solution;

pub use graph::Task;

use graph::Log;
use parlab_support::rng::SplitMix64;
use std::sync::Arc;

/// The seed of the costs, the partitions read and the shuffle when the
/// workbench chooses none.
const SEED: u64 = 0x7363_6865_6475_6c65;
const PARTITIONS: usize = 8;
const FITS: usize = 120;
const UNIT: f64 = 1_000_000.0;

mod graph {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, Instant};

    /// The closure of a task: its inputs' values in, its own value out.
    pub type Work = Box<dyn Fn(&[u64]) -> u64 + Send + Sync>;

    /// One task of the graph: a closure and the tasks whose values it needs.
    pub struct Task {
        /// A readable name, such as `fit 17`, for messages.
        pub name: String,
        /// The indices of the tasks whose values this task needs, in the
        /// order `compute` wants them.
        pub deps: Vec<usize>,
        index: usize,
        work: Work,
        log: std::sync::Arc<Log>,
    }

    impl Task {
        pub(crate) fn new(
            name: String,
            deps: Vec<usize>,
            index: usize,
            work: Work,
            log: std::sync::Arc<Log>,
        ) -> Task {
            Task {
                name,
                deps,
                index,
                work,
                log,
            }
        }

        /// Runs the task. `inputs[k]` must be the value of task `deps[k]`,
        /// so every input must have finished before this is called.
        pub fn compute(&self, inputs: &[u64]) -> u64 {
            let start = self.log.clock.fetch_add(1, Ordering::SeqCst);
            let began = self.log.epoch.elapsed();
            let value = (self.work)(inputs);
            let ended = self.log.epoch.elapsed();
            let finish = self.log.clock.fetch_add(1, Ordering::SeqCst);
            self.log.calls[self.index].lock().unwrap().push(Call {
                start,
                finish,
                took: ended - began,
                inputs: inputs.to_vec(),
                value,
            });
            value
        }
    }

    /// One call of a task, as the task itself saw it.
    pub struct Call {
        pub start: u64,
        pub finish: u64,
        pub took: Duration,
        pub inputs: Vec<u64>,
        pub value: u64,
    }

    /// What every task did, shared by all tasks of one graph.
    pub struct Log {
        clock: AtomicU64,
        epoch: Instant,
        pub calls: Vec<Mutex<Vec<Call>>>,
    }

    impl Log {
        pub fn new(tasks: usize) -> Log {
            Log {
                clock: AtomicU64::new(0),
                epoch: Instant::now(),
                calls: (0..tasks).map(|_| Mutex::new(Vec::new())).collect(),
            }
        }
    }
}

/// A closure that mixes its inputs into `salt` and then spends `units` of
/// work on it: the stand-in for reading, fitting or scoring.
fn busy(salt: u64, units: f64) -> graph::Work {
    let rounds = (units * UNIT) as u64;
    Box::new(move |inputs: &[u64]| {
        let mut x = salt;
        for &value in inputs {
            x = (x ^ value)
                .rotate_left(23)
                .wrapping_mul(0x0000_0100_0000_01b3);
        }
        for _ in 0..rounds {
            x ^= x >> 33;
            x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
            x ^= x >> 29;
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        }
        x
    })
}

/// Builds the graph in an order in which it can run, then shuffles the
/// indices. Returns the tasks and the log their calls go to.
fn build(seed: u64) -> (Vec<Task>, Arc<Log>) {
    let mut rng = SplitMix64::new(seed);
    let mut specs: Vec<(String, Vec<usize>, f64)> = Vec::new();
    let mut add = |name: String, deps: Vec<usize>, units: f64| {
        specs.push((name, deps, units));
        specs.len() - 1
    };
    let mut between = |low: f64, high: f64| low + (high - low) * rng.next_f64();
    let mut draws = SplitMix64::new(seed ^ 0xff);
    let mut partition = move || draws.below(PARTITIONS as u64) as usize;

    let loads: Vec<usize> = (0..PARTITIONS)
        .map(|p| add(format!("load {p}"), Vec::new(), between(1.6, 2.4)))
        .collect();
    let summary = tree(&mut add, "merge", loads.clone(), 0.2);
    let mut previous = summary;
    let mut scores = Vec::new();
    for k in 1..=FITS {
        let data = loads[partition()];
        let fit = add(
            format!("fit {k}"),
            vec![previous, data],
            between(0.04, 0.08),
        );
        let holdout = loads[partition()];
        scores.push(add(
            format!("score {k}"),
            vec![fit, holdout],
            between(4.0, 8.0),
        ));
        previous = fit;
    }
    tree(&mut add, "best", scores, 0.1);

    // A seeded shuffle of the indices (Fisher-Yates).
    let n = specs.len();
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    // order[new] = old; place[old] = new.
    let mut place = vec![0; n];
    for (new, &old) in order.iter().enumerate() {
        place[old] = new;
    }
    let log = Arc::new(Log::new(n));
    let mut tasks: Vec<Option<Task>> = (0..n).map(|_| None).collect();
    for (old, (name, deps, units)) in specs.into_iter().enumerate() {
        let deps: Vec<usize> = deps.iter().map(|&d| place[d]).collect();
        let salt = (old as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let task = Task::new(name, deps, place[old], busy(salt, units), Arc::clone(&log));
        tasks[place[old]] = Some(task);
    }
    let tasks = tasks.into_iter().map(|t| t.expect("placed")).collect();
    (tasks, log)
}

/// Adds a tree of pairwise tasks over `items` and returns its root.
fn tree(
    add: &mut impl FnMut(String, Vec<usize>, f64) -> usize,
    kind: &str,
    mut items: Vec<usize>,
    units: f64,
) -> usize {
    let mut round = 0;
    while items.len() > 1 {
        round += 1;
        let mut next = Vec::new();
        for (k, pair) in items.chunks(2).enumerate() {
            if pair.len() == 2 {
                next.push(add(format!("{kind} {round}.{k}"), pair.to_vec(), units));
            } else {
                next.push(pair[0]);
            }
        }
        items = next;
    }
    items[0]
}

/// The first problem in the log, or `None` when every task ran once, after
/// its inputs, with their values, and `values` holds what the tasks returned.
fn audit(tasks: &[Task], log: &Log, values: &[u64]) -> Option<String> {
    if values.len() != tasks.len() {
        return Some(format!(
            "run returned {} values for {} tasks",
            values.len(),
            tasks.len()
        ));
    }
    let calls: Vec<_> = log.calls.iter().map(|c| c.lock().unwrap()).collect();
    for (i, task) in tasks.iter().enumerate() {
        if calls[i].len() != 1 {
            return Some(format!(
                "task `{}` ran {} times, not once",
                task.name,
                calls[i].len()
            ));
        }
    }
    for (i, task) in tasks.iter().enumerate() {
        let call = &calls[i][0];
        for &d in &task.deps {
            if call.start < calls[d][0].finish {
                return Some(format!(
                    "task `{}` started before its input `{}` finished",
                    task.name, tasks[d].name
                ));
            }
        }
        let given: Vec<u64> = task.deps.iter().map(|&d| calls[d][0].value).collect();
        if call.inputs != given {
            return Some(format!(
                "task `{}` was not given the values of its inputs, in the order of its `deps`",
                task.name
            ));
        }
        if values[i] != call.value {
            return Some(format!(
                "the value returned for task `{}` (index {i}) is not the one it computed",
                task.name
            ));
        }
    }
    None
}

/// The measured work of every task, in all and along the longest chain of
/// inputs: the two bounds on the wall time of any schedule.
fn bounds(tasks: &[Task], log: &Log) -> (f64, f64) {
    let took: Vec<f64> = log
        .calls
        .iter()
        .map(|c| c.lock().unwrap()[0].took.as_secs_f64())
        .collect();
    // Longest path ending at each task, in the order the tasks started
    // (every input started, and finished, earlier).
    let mut order: Vec<usize> = (0..tasks.len()).collect();
    order.sort_by_key(|&i| log.calls[i].lock().unwrap()[0].start);
    let mut path = vec![0.0f64; tasks.len()];
    for &i in &order {
        let before = tasks[i].deps.iter().map(|&d| path[d]).fold(0.0, f64::max);
        path[i] = before + took[i];
    }
    let total = took.iter().sum();
    let critical = path.iter().copied().fold(0.0, f64::max);
    (total, critical)
}

fn main() {
    let (tasks, log) = build(parlab_support::seed(SEED));
    let workers = parlab_support::workers();
    let (values, seconds) = parlab_support::time(|| solution::run(&tasks, workers));
    let result = match audit(&tasks, &log, &values) {
        Some(problem) => problem,
        None => {
            let (total, critical) = bounds(&tasks, &log);
            let best = critical.max(total / workers as f64);
            println!(
                "{} tasks, {total:.2} s of work in all; the critical path takes {critical:.2} s.",
                tasks.len()
            );
            println!(
                "Best possible on {workers} worker{}: max({critical:.2}, {total:.2} / {workers}) = {best:.2} s. This run: {seconds:.2} s.",
                if workers == 1 { "" } else { "s" }
            );
            "ok".to_owned()
        }
    };
    parlab_support::report(result, seconds);
}
