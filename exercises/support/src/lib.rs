//! The course-owned half of every exercise.
//!
//! A harness (one per exercise, under `course/`) builds the seeded input, asks
//! this crate how many workers to use, times the learner's kernel with
//! [`time`], and prints the outcome with [`report`]. The learner's file never
//! calls into the clock or the report, so it cannot grade itself.
//!
//! This crate must stay dependency-free: every course build compiles it, and
//! the workbench parses its one output line ([`RESULT_MARKER`]).

mod json;
pub mod rng;

pub use json::Value;

use std::time::Instant;

/// Prefix of the one line on standard output that carries the result.
pub const RESULT_MARKER: &str = "@@parlab-result ";

/// The number of workers the workbench asked for (`PARLAB_WORKERS`), or the
/// number of cores when the program runs on its own.
pub fn workers() -> usize {
    std::env::var("PARLAB_WORKERS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Runs `kernel` once and returns its value with the wall time in seconds.
pub fn time<T>(kernel: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let value = kernel();
    (value, start.elapsed().as_secs_f64())
}

/// Prints the result line that the workbench grades.
pub fn report(result: impl Into<Value>, seconds: f64) {
    let line = Value::Map(vec![
        ("result".into(), result.into()),
        ("seconds".into(), Value::Float(seconds)),
        ("workers".into(), Value::Int(workers() as i64)),
    ]);
    println!("{RESULT_MARKER}{line}");
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
