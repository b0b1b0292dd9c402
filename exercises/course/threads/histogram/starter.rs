//! # threads/histogram: one count table per thread
//!
//! `data` is a 600 MB buffer of random-looking bytes. The histogram counts how
//! often every pair of adjacent bytes occurs, as a test for randomness or a
//! compressor's model would: pair `i` is `(data[i], data[i + 1])`, and the pair
//! `(a, b)` goes into bin `a · 256 + b`, one of 65 536 bins.
//!
//! The code below already runs on `workers` threads and counts correctly, but
//! it is slower than a plain loop on one thread. All the threads add into one
//! shared table of `AtomicU64` counters, one `fetch_add` per pair. An atomic
//! add costs several times as much as a plain `+= 1`, and it needs the cache
//! line that holds its counter on its own core, so the lines of the table keep
//! moving from one core to the other.
//!
//! Make the threads share nothing while they count: give each thread a plain
//! `Vec<u64>` table of its own for its block of pairs, and add the per-thread
//! tables together once all the threads are done. Keep the split as it is:
//! each thread's bytes run one past its last pair, so that the pairs which
//! straddle two blocks are counted too.
//!
//! Check it with `parlab check threads/histogram`; ask for a hint with
//! `parlab hint threads/histogram`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// One bin for every pair of byte values.
const BINS: usize = 256 * 256;

/// The bin of the pair `(a, b)`: a · 256 + b.
fn bin(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

pub fn histogram(data: &[u8], workers: usize) -> Vec<u64> {
    let counts: Vec<AtomicU64> = (0..BINS).map(|_| AtomicU64::new(0)).collect();
    let pairs = data.len().saturating_sub(1);
    let chunk = pairs.div_ceil(workers.max(1)).max(1);
    thread::scope(|s| {
        for start in (0..pairs).step_by(chunk) {
            let end = (start + chunk).min(pairs);
            // The pairs start..end use the bytes start..=end.
            let bytes = &data[start..=end];
            let counts = &counts;
            s.spawn(move || {
                for pair in bytes.windows(2) {
                    // TODO: count into a table of this thread's own instead.
                    counts[bin(pair[0], pair[1])].fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    counts.into_iter().map(AtomicU64::into_inner).collect()
}
