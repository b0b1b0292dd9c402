//! Harness for futures/pool. Course-owned: the learner does not edit this
//! file. It grades the pool by watching it, not by timing it: every task it
//! submits goes through a probe that counts how many tasks are running at
//! that moment. The tasks sleep for a few milliseconds instead of computing,
//! so on a busy machine they still overlap whenever the pool lets them, and a
//! pool of n threads reaches n tasks at once almost at the first try.
//!
//! The report is "ok" or the first problem found. Each problem is one fixed
//! sentence, the same at every worker count, so a pool that is wrong the same
//! way at 2 and at 3 threads reads as a wrong answer, not as a race.

#![forbid(unsafe_code)]

#[path = "../../../futures/pool.rs"]
mod solution;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use parlab_support::rng::SplitMix64;
use solution::Pool;

/// The seed of the values and the pauses when the workbench chooses none.
const SEED: u64 = 0x706f_6f6c;

/// Counts the tasks running now, the most that ever ran at once, and the
/// tasks that have finished.
#[derive(Default)]
struct Probe {
    running: AtomicUsize,
    most: AtomicUsize,
    finished: AtomicUsize,
}

impl Probe {
    /// Runs `value` as one task: counted in, a pause, the value, counted out.
    fn task<T>(&self, pause: Duration, value: impl FnOnce() -> T) -> T {
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        thread::sleep(pause);
        let value = value();
        self.running.fetch_sub(1, Ordering::SeqCst);
        self.finished.fetch_add(1, Ordering::SeqCst);
        value
    }

    fn most(&self) -> usize {
        self.most.load(Ordering::SeqCst)
    }
}

/// A different value for every task (every step is a bijection of the
/// task's number, whatever the seed), so a result handed to the wrong handle
/// is caught.
fn mix(seed: u64, i: u64) -> u64 {
    let mut z = i.wrapping_add(seed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z ^ (z >> 29)
}

/// Seeded pauses of 2 to 12 ms: tasks finish in an order unlike the order
/// they were submitted in.
fn pauses(count: usize, rng: &mut SplitMix64) -> Vec<Duration> {
    (0..count)
        .map(|_| Duration::from_millis(2 + rng.below(11)))
        .collect()
}

/// The concurrency seen in one phase, against a pool of `threads`.
fn concurrency(phase: &str, most: usize, threads: usize) -> Result<(), String> {
    if most > threads {
        return Err(format!(
            "{phase}: more tasks ran at once than the pool has threads"
        ));
    }
    if threads >= 2 && most < 2 {
        return Err(format!(
            "{phase}: tasks ran one at a time, never two at once"
        ));
    }
    Ok(())
}

/// Tasks of type String through `submit`, waited for in submission order.
fn check_submit(
    pool: &Pool,
    threads: usize,
    seed: u64,
    rng: &mut SplitMix64,
) -> Result<(), String> {
    let probe = Arc::new(Probe::default());
    let count = 8 * threads + 5;
    let handles: Vec<_> = pauses(count, rng)
        .into_iter()
        .enumerate()
        .map(|(i, pause)| {
            let probe = Arc::clone(&probe);
            pool.submit(move || {
                probe.task(pause, || format!("task {i}: {:x}", mix(seed, i as u64)))
            })
        })
        .collect();
    let results: Vec<String> = handles.into_iter().map(|h| h.wait()).collect();
    let expected: Vec<String> = (0..count)
        .map(|i| format!("task {i}: {:x}", mix(seed, i as u64)))
        .collect();
    if results != expected {
        return Err("submit: a handle gave another task's result, or a wrong one".into());
    }
    concurrency("submit", probe.most(), threads)
}

/// `map` over numbers, results in input order.
fn check_map(pool: &Pool, threads: usize, seed: u64, rng: &mut SplitMix64) -> Result<(), String> {
    let probe = Arc::new(Probe::default());
    let count = 6 * threads + 1;
    let pauses = Arc::new(pauses(count, rng));
    let task_probe = Arc::clone(&probe);
    let results = pool.map(0..count as u64, move |i| {
        task_probe.task(pauses[i as usize], || mix(seed, i))
    });
    let expected: Vec<u64> = (0..count as u64).map(|i| mix(seed, i)).collect();
    if results != expected {
        return Err("map: the results are wrong, missing, or not in input order".into());
    }
    concurrency("map", probe.most(), threads)
}

/// Tasks whose handles are dropped at once: dropping the pool must still
/// run every one of them before it returns.
fn check_drop(threads: usize) -> Result<(), String> {
    let probe = Arc::new(Probe::default());
    let count = 4 * threads + 3;
    {
        let pool = Pool::new(threads);
        for _ in 0..count {
            let probe = Arc::clone(&probe);
            // The handle is dropped at once: nobody waits for this task.
            let _ = pool.submit(move || probe.task(Duration::from_millis(3), || ()));
        }
    } // the pool is dropped here
    if probe.finished.load(Ordering::SeqCst) != count {
        return Err("drop: the pool returned before every submitted task had run".into());
    }
    Ok(())
}

fn check(threads: usize, seed: u64) -> Result<(), String> {
    let mut rng = SplitMix64::new(seed);
    {
        let pool = Pool::new(threads);
        check_submit(&pool, threads, seed, &mut rng)?;
        check_map(&pool, threads, seed, &mut rng)?;
    }
    check_drop(threads)
}

fn main() {
    let seed = parlab_support::seed(SEED);
    let workers = parlab_support::workers();
    let (verdict, seconds) = parlab_support::time(|| check(workers, seed));
    let report = match verdict {
        Ok(()) => "ok".to_owned(),
        Err(problem) => problem,
    };
    parlab_support::report(report, seconds);
}
