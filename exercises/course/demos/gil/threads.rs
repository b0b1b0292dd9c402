//! The GIL demo's Rust side: the same Collatz loop as gil.py, on WORKERS
//! threads (the first argument), with the same interleaved blocks. Rust
//! threads run at once on as many cores as there are, with no interpreter
//! lock between them.
//!
//! Rust finishes this loop in a few hundredths of a second, too short to
//! measure its cores and memory, so it does the whole loop REPEAT times.

const LIMIT: u64 = 120_001;
const BLOCK: u64 = 1_000;
const REPEAT: u64 = 40;

fn steps(lo: u64, hi: u64) -> u64 {
    let mut total = 0;
    for start in lo..hi {
        let mut n = start;
        while n != 1 {
            n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
            total += 1;
        }
    }
    total
}

fn run(workers: u64) -> u64 {
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                s.spawn(move || {
                    (1..LIMIT)
                        .step_by(BLOCK as usize)
                        .skip(w as usize)
                        .step_by(workers as usize)
                        .map(|lo| steps(lo, (lo + BLOCK).min(LIMIT)))
                        .sum::<u64>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

fn main() {
    let workers: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1)
        .max(1);
    let (total, seconds) = parlab_support::time(|| {
        (0..REPEAT)
            .map(|_| run(std::hint::black_box(workers)))
            .max()
            .unwrap_or(0)
    });
    parlab_support::report(total, seconds);
}
