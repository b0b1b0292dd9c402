//! Serial baseline for data/stats: the textbook two-pass method on one core,
//! the mean first, then the squared deviations from it. Correct, and one core
//! only.

pub fn mean_and_std_dev(chunks: &[Vec<f64>], _workers: usize) -> (f64, f64) {
    let mut n = 0usize;
    let mut sum = 0.0;
    for chunk in chunks {
        n += chunk.len();
        for &x in chunk {
            sum += x;
        }
    }
    let mean = sum / n as f64;
    let mut m2 = 0.0;
    for chunk in chunks {
        for &x in chunk {
            m2 += (x - mean) * (x - mean);
        }
    }
    (mean, (m2 / (n as f64 - 1.0)).sqrt())
}
