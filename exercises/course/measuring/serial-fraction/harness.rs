//! Harness for measuring/serial-fraction. Course-owned: the learner does not
//! edit this file. It hands the learner's function eight fixed tables, each
//! with a property worth testing, and then a few thousand seeded random ones
//! made the way a real measurement looks: a true serial fraction, a handful
//! of worker counts in shuffled order, and a few percent of noise on every
//! time. It reports the eight estimates and the sum of all the random ones.

#![forbid(unsafe_code)]

#[path = "../../../measuring/serial-fraction.rs"]
mod solution;

use parlab_support::rng::SplitMix64;

/// The seed of the random tables when the workbench chooses none.
const SEED: u64 = 0x414d_4441_484c;
const RANDOM_TABLES: usize = 4_001;

/// Tables a careless estimate gets wrong, as (workers, seconds) points.
fn fixed_tables() -> Vec<Vec<(usize, f64)>> {
    vec![
        // Amdahl with f = 0.1 exactly, from T(1) = 10 s.
        vec![(1, 10.0), (2, 5.5), (4, 3.25), (8, 2.125)],
        // The same, listed out of order.
        vec![(8, 2.125), (1, 10.0), (4, 3.25), (2, 5.5)],
        // One measurement beyond p = 1: the fit is the Karp-Flatt value.
        vec![(1, 4.0), (2, 2.6)],
        // Perfect scaling.
        vec![(4, 0.5), (2, 1.0), (1, 2.0)],
        // Superlinear (more cache with more cores): the fit is negative, clamped to 0.
        vec![(1, 6.0), (2, 2.9), (3, 1.9)],
        // Slower with more workers: the fit is above 1, clamped to 1.
        vec![(1, 1.0), (2, 1.3), (4, 1.6)],
        // Noisy points at many worker counts.
        vec![
            (1, 12.0),
            (2, 6.9),
            (3, 5.1),
            (4, 4.3),
            (6, 3.3),
            (8, 2.95),
            (16, 2.2),
        ],
        // Only large worker counts besides p = 1.
        vec![(64, 0.9), (1, 30.0), (32, 1.4), (48, 1.05)],
    ]
}

/// A measurement set with a true serial fraction in [0, 0.6], two to eight
/// distinct worker counts from 1 to 64 (1 always among them) in random
/// order, and every time off by up to 3% either way.
fn random_table(rng: &mut SplitMix64) -> Vec<(usize, f64)> {
    let f = 0.6 * rng.next_f64();
    let t1 = 0.5 + 19.5 * rng.next_f64();
    let count = 2 + rng.below(7) as usize;
    let mut workers = vec![1usize];
    while workers.len() < count {
        let p = 2 + rng.below(63) as usize;
        if !workers.contains(&p) {
            workers.push(p);
        }
    }
    for i in (1..workers.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        workers.swap(i, j);
    }
    workers
        .into_iter()
        .map(|p| {
            let ideal = t1 * (f + (1.0 - f) / p as f64);
            let noise = 1.0 + 0.06 * (rng.next_f64() - 0.5);
            (p, ideal * noise)
        })
        .collect()
}

fn main() {
    let mut rng = SplitMix64::new(parlab_support::seed(SEED));
    let fixed = fixed_tables();
    let random: Vec<Vec<(usize, f64)>> =
        (0..RANDOM_TABLES).map(|_| random_table(&mut rng)).collect();
    let (estimates, seconds) = parlab_support::time(|| {
        let mut out: Vec<f64> = fixed.iter().map(|t| solution::serial_fraction(t)).collect();
        out.push(random.iter().map(|t| solution::serial_fraction(t)).sum());
        out
    });
    parlab_support::report(estimates, seconds);
}
