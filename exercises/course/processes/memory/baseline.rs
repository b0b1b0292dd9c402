//! Baseline for processes/memory: correct, computed in the parent with one
//! table and no child processes. Nothing in this exercise is timed.

use std::io;
use std::thread;

const TABLE_LEN: u64 = 10_000_019;
const STEPS: u32 = 16;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn build_table(seed: u64) -> Vec<u64> {
    (0..TABLE_LEN)
        .map(|i| mix(seed ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
        .collect()
}

fn query(table: &[u64], q: u64) -> u64 {
    let mut x = mix(q);
    for _ in 0..STEPS {
        x = table[(x % TABLE_LEN) as usize] ^ x.rotate_left(23);
    }
    x
}

fn answer(table: &[u64], start: u64, end: u64) -> u64 {
    (start..end).fold(0u64, |sum, q| sum.wrapping_add(query(table, q)))
}

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

/// Serial, in the parent: one table, one loop.
pub fn with_processes(seed: u64, queries: u64, _workers: usize) -> io::Result<u64> {
    let table = build_table(seed);
    Ok(answer(&table, 0, queries))
}

/// Never started: this version has no children.
pub fn worker() -> io::Result<()> {
    Ok(())
}
