//! # futures/chunks: three million tiny tasks, or a thousand chunks
//!
//! `total_steps(count, pool)` adds up `steps(i)` for every `i` in
//! `0..count`: the Collatz step counts of 3 000 017 numbers. `steps` and
//! `Pool` are the harness's (course/futures/chunks/harness.rs): a thread pool
//! with `submit`, `Handle::wait` and an ordered `map`, already running on
//! `workers` threads.
//!
//! The code below hands the pool one task per number. It is correct, and
//! slower than a plain loop on one core: one `steps` call takes about a
//! quarter of a microsecond, and every task costs more than that in boxing,
//! queueing, locking and sending its result back. Give the pool fewer, bigger tasks:
//! split `0..count` into chunks, let each task add up the steps of one
//! chunk, and add the chunk sums together.
//!
//! Check it with `parlab check futures/chunks`; ask for a hint with
//! `parlab hint futures/chunks`.

use crate::{Pool, steps};

pub fn total_steps(count: u64, pool: &Pool) -> u64 {
    // TODO: one task per chunk of numbers, not one per number.
    pool.map(0..count, steps).into_iter().sum()
}
