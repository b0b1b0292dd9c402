//! Reference solution for threads/histogram: scoped threads, one contiguous
//! block of pairs each, counted into a private table; the tables are added up
//! after the threads have finished.

use std::thread;

const BINS: usize = 256 * 256;

fn bin(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

pub fn histogram(data: &[u8], workers: usize) -> Vec<u64> {
    let pairs = data.len().saturating_sub(1);
    let chunk = pairs.div_ceil(workers.max(1)).max(1);
    thread::scope(|s| {
        let handles: Vec<_> = (0..pairs)
            .step_by(chunk)
            .map(|start| {
                let end = (start + chunk).min(pairs);
                let bytes = &data[start..=end];
                s.spawn(move || {
                    let mut counts = vec![0u64; BINS];
                    for pair in bytes.windows(2) {
                        counts[bin(pair[0], pair[1])] += 1;
                    }
                    counts
                })
            })
            .collect();
        let mut totals = vec![0u64; BINS];
        for handle in handles {
            for (total, count) in totals.iter_mut().zip(handle.join().unwrap()) {
                *total += count;
            }
        }
        totals
    })
}
