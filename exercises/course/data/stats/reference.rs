//! Reference solution for data/stats: every chunk is summarised as (count,
//! mean, M2) in two passes over the chunk, and rayon merges the summaries with
//! the pairwise formula of Chan, Golub and LeVeque.

use rayon::prelude::*;

/// The count, mean and sum of squared deviations M2 of some values.
#[derive(Clone, Copy, Debug)]
struct Moments {
    count: u64,
    mean: f64,
    m2: f64,
}

impl Moments {
    const EMPTY: Moments = Moments {
        count: 0,
        mean: 0.0,
        m2: 0.0,
    };

    /// Two passes over a chunk that is still warm in the cache: the mean,
    /// then the squared deviations from it.
    fn of(values: &[f64]) -> Moments {
        if values.is_empty() {
            return Moments::EMPTY;
        }
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let m2 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
        Moments {
            count: values.len() as u64,
            mean,
            m2,
        }
    }

    fn merge(self, other: Moments) -> Moments {
        if self.count == 0 {
            return other;
        }
        if other.count == 0 {
            return self;
        }
        let (n_a, n_b) = (self.count as f64, other.count as f64);
        let n = n_a + n_b;
        let delta = other.mean - self.mean;
        Moments {
            count: self.count + other.count,
            mean: self.mean + delta * (n_b / n),
            m2: self.m2 + other.m2 + delta * delta * (n_a * n_b / n),
        }
    }
}

pub fn mean_and_std_dev(chunks: &[Vec<f64>], workers: usize) -> (f64, f64) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("the thread pool could not start");
    let all = pool.install(|| {
        chunks
            .par_iter()
            .map(|chunk| Moments::of(chunk))
            .reduce(|| Moments::EMPTY, Moments::merge)
    });
    let variance = all.m2 / (all.count as f64 - 1.0);
    (all.mean, variance.sqrt())
}
