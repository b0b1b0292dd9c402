//! # processes/memory: what a process costs in memory
//!
//! Every query walks 16 steps through a large read-only lookup table (about
//! 80 MB), and the answer is the sum of all the queries' results. The table is
//! built from a seed by `build_table`.
//!
//! `with_threads` is done: it builds the table once and lets `workers` threads
//! answer their share of the queries, all reading the same table. Write
//! `with_processes`, the same computation in `workers` child processes. A
//! process cannot read another's memory, so each child builds its own table.
//!
//! Start each child with `Command::new(std::env::current_exe()?).arg("--worker")`:
//! when the first argument is `--worker`, the harness calls your `worker`
//! function and exits. Send each child the seed and its range of queries as a
//! line on its stdin; the child builds the table, answers its queries with
//! `answer`, and writes the sum to its stdout. Add the children's sums with
//! `wrapping_add`, as `with_threads` does.
//!
//! The harness measures the peak memory of both versions and prints them side
//! by side: look at that table once your version is correct, in the check's
//! live output in the workbench, or with
//! `cargo run --release --bin processes-memory` in `exercises/`.
//!
//! Check it with `parlab check processes/memory`; ask for a hint with
//! `parlab hint processes/memory`.

use std::io;
use std::thread;

/// Entries in the lookup table: 8 bytes each, about 80 MB in all.
const TABLE_LEN: u64 = 10_000_019;
/// Dependent lookups per query.
const STEPS: u32 = 16;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The table: the same seed always gives the same table.
fn build_table(seed: u64) -> Vec<u64> {
    (0..TABLE_LEN)
        .map(|i| mix(seed ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
        .collect()
}

/// Query `q`: 16 lookups, each at a place that depends on the one before.
fn query(table: &[u64], q: u64) -> u64 {
    let mut x = mix(q);
    for _ in 0..STEPS {
        x = table[(x % TABLE_LEN) as usize] ^ x.rotate_left(23);
    }
    x
}

/// The sum of the results of queries `start..end`.
fn answer(table: &[u64], start: u64, end: u64) -> u64 {
    (start..end).fold(0u64, |sum, q| sum.wrapping_add(query(table, q)))
}

/// The thread version: one table, shared by every thread.
pub fn with_threads(seed: u64, queries: u64, workers: usize) -> u64 {
    let table = build_table(seed);
    let workers = workers.max(1) as u64;
    let chunk = queries.div_ceil(workers);
    thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let table = &table;
                let start = (w * chunk).min(queries);
                let end = ((w + 1) * chunk).min(queries);
                s.spawn(move || answer(table, start, end))
            })
            .collect();
        handles
            .into_iter()
            .fold(0u64, |sum, h| sum.wrapping_add(h.join().unwrap()))
    })
}

/// The process version: one child per worker, one table per child.
pub fn with_processes(seed: u64, queries: u64, workers: usize) -> io::Result<u64> {
    // TODO: split 0..queries into `workers` ranges as `with_threads` does,
    // start one child per range, send it "{seed} {start} {end}", and add up
    // the sums the children write back. Wait for every child.
    let _ = (seed, queries, workers);
    todo!("the process version")
}

/// The child's side: runs in a process started with `--worker`.
pub fn worker() -> io::Result<()> {
    // TODO: read the seed and a range from stdin, build the table, and write
    // `answer(&table, start, end)` to stdout.
    todo!("the child's side")
}
