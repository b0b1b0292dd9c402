//! # data/stats: mean and standard deviation, chunk by chunk
//!
//! `chunks` is one large array of 96 million measurements stored in chunks of
//! uneven length, as a Dask array stores it. `mean_and_std_dev` returns the
//! mean and the sample standard deviation, √(Σ(x − mean)² / (n − 1)).
//!
//! The code below is fast and parallel, but its standard deviation is wrong.
//! It adds up Σx and Σx² for every chunk, adds the chunks' sums, and uses
//! the textbook shortcut Σx² − (Σx)²/n. The values are about 1 000 000 with a
//! spread below 1, so both terms are about 10²⁰ while their difference is
//! about 10⁷: every rounding error of the big sums lands in the answer.
//!
//! Summarise every chunk by three numbers instead: its count, its mean, and
//! M2 = Σ(x − mean)², the sum of squared deviations from the chunk's own
//! mean, which stays small. Two summaries (n_a, mean_a, M2_a) and
//! (n_b, mean_b, M2_b) merge into one for the values of both:
//!
//! ```text
//! n     = n_a + n_b
//! delta = mean_b − mean_a
//! mean  = mean_a + delta · n_b / n
//! M2    = M2_a + M2_b + delta² · n_a · n_b / n
//! ```
//!
//! The merge is associative, so rayon may combine the chunks in any order and
//! the answer stays the same up to rounding. At the end, the variance is
//! M2 / (n − 1).
//!
//! Keep the pool: `rayon::ThreadPoolBuilder::new().num_threads(workers)`
//! builds a pool of exactly `workers` threads, and everything that runs inside
//! `pool.install(|| ...)` uses that pool instead of rayon's global one.
//!
//! Check it with `parlab check data/stats`; ask for a hint with
//! `parlab hint data/stats`.

use rayon::prelude::*;

pub fn mean_and_std_dev(chunks: &[Vec<f64>], workers: usize) -> (f64, f64) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("the thread pool could not start");
    let (n, sum, sum_of_squares) = pool.install(|| {
        chunks
            .par_iter()
            .map(|chunk| {
                let (mut sum, mut sum_of_squares) = (0.0, 0.0);
                for &x in chunk {
                    sum += x;
                    sum_of_squares += x * x;
                }
                (chunk.len() as f64, sum, sum_of_squares)
            })
            .reduce(|| (0.0, 0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    });
    let mean = sum / n;
    // TODO: two numbers of about 1e20 whose difference is about 1e7. Merge
    // (count, mean, M2) summaries of the chunks instead.
    let variance = (sum_of_squares - sum * sum / n) / (n - 1.0);
    (mean, variance.max(0.0).sqrt())
}
