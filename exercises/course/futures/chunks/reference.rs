//! Reference solution for futures/chunks: about a thousand tasks of 3 000
//! numbers each. A task then costs a few microseconds against about a
//! millisecond of work, and a thousand of them still leave plenty for the
//! threads to share out evenly.

use std::ops::Range;

use crate::{Pool, steps};

const CHUNK: u64 = 3_000;

pub fn total_steps(count: u64, pool: &Pool) -> u64 {
    // The last chunk is cut short at `count`, so the leftover is not lost.
    let chunks = (0..count.div_ceil(CHUNK)).map(move |c| c * CHUNK..((c + 1) * CHUNK).min(count));
    pool.map(chunks, |chunk: Range<u64>| chunk.map(steps).sum::<u64>())
        .into_iter()
        .sum()
}
