//! Serial baseline for threads/histogram: correct, and one core only.

const BINS: usize = 256 * 256;

fn bin(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

pub fn histogram(data: &[u8], _workers: usize) -> Vec<u64> {
    let mut counts = vec![0u64; BINS];
    for pair in data.windows(2) {
        counts[bin(pair[0], pair[1])] += 1;
    }
    counts
}
