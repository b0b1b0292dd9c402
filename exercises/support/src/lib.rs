//! The course-owned half of every exercise.
//!
//! A harness (one per exercise, under `course/`) builds the seeded input, asks
//! this crate how many workers to use, times the learner's kernel with
//! [`time`], and prints the outcome with [`report`]. The learner's file never
//! calls into the clock or the report, so it cannot grade itself.
//!
//! The result line is signed with a key the workbench hands this run (see
//! [`session`]), and the input can be drawn from a seed the workbench chooses
//! per check ([`seed`]), so neither the result nor the answer can be made up
//! by the learner's code. Harness authors call `workers`, `seed`, `time` and
//! `report` (and [`run_as_worker`] where the binary is its own worker); the
//! protocol stays inside this crate.
//!
//! This crate must stay dependency-free: every course build compiles it, and
//! the workbench parses its one output line ([`RESULT_MARKER`]). Its `mpi`
//! feature, for MPI harnesses only, adds the `mpi` crate.

#![forbid(unsafe_code)]

mod json;
#[cfg(feature = "mpi")]
pub mod mpi;
pub mod rng;
pub mod session;
mod sha256;
mod worker;

pub use json::Value;
pub use worker::{WORKER_FLAG, run_as_worker};

use std::time::Instant;

/// Prefix of the one line on standard output that carries the result.
pub const RESULT_MARKER: &str = "@@parlab-result ";

/// The number of workers the workbench asked for (`PARLAB_WORKERS`), or the
/// number of cores when the program runs on its own.
pub fn workers() -> usize {
    session::start();
    std::env::var("PARLAB_WORKERS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The seed to draw this run's input from: the one the workbench chose for
/// the check, or `default` (the seed the manifest's expected value belongs
/// to) when it chose none. The workbench then computes the expected value
/// with the course's serial baseline on the same seed, so an answer copied
/// from the manifest does not pass.
pub fn seed(default: u64) -> u64 {
    session::seed(default)
}

/// Runs `kernel` once and returns its value with the wall time in seconds.
/// The CPU time the kernel used (all threads, and child processes it waited
/// for) is kept for [`report`].
pub fn time<T>(kernel: impl FnOnce() -> T) -> (T, f64) {
    session::enter_kernel();
    let cpu_before = process_cpu_seconds();
    let start = Instant::now();
    let value = kernel();
    let seconds = start.elapsed().as_secs_f64();
    session::leave_kernel();
    if let (Some(before), Some(after)) = (cpu_before, process_cpu_seconds()) {
        KERNEL_CPU.with(|c| c.set(Some(after - before)));
    }
    (value, seconds)
}

thread_local! {
    static KERNEL_CPU: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// User plus system CPU time of this process so far, all threads, and of
/// the child processes it has waited for, from /proc (Linux; elsewhere
/// `None`). /proc counts in units of 1/100 s.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = (11..=14)
        .map(|i| fields.get(i)?.parse::<u64>().ok())
        .sum::<Option<u64>>()?;
    Some(ticks as f64 / 100.0)
}

/// Prints the result line that the workbench grades: the JSON, then its
/// signature. Call it once, after [`time`], on the thread that called it.
pub fn report(result: impl Into<Value>, seconds: f64) {
    session::admit_report();
    let mut line = vec![
        ("result".into(), result.into()),
        ("seconds".into(), Value::Float(seconds)),
        ("workers".into(), Value::Int(workers() as i64)),
    ];
    if let Some(cpu) = KERNEL_CPU.with(|c| c.get()) {
        line.push(("cpu_seconds".into(), Value::Float(cpu)));
    }
    if let Some(seed) = session::seed_used() {
        line.push(("seed".into(), Value::Str(seed.to_string())));
    }
    if let Some(why) = session::tampered() {
        line.push(("tampered".into(), Value::Str(why)));
    }
    let json = Value::Map(line).to_string();
    println!("{RESULT_MARKER}{json} {}", session::sign(&json));
}

/// FNV-1a over 64-bit words: a cheap, order-sensitive fingerprint for large
/// results (an image, a histogram) that are then compared exactly.
pub fn fingerprint(words: impl IntoIterator<Item = u64>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for word in words {
        for byte in word.to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
