//! Scaling: speedup and efficiency at several worker counts, and the serial
//! fraction that Amdahl's law fits to them.
//!
//! Amdahl: with a serial fraction f, p workers give S(p) = 1 / (f + (1 - f) / p).
//! In y = 1/S this is linear in f, y = f (1 - 1/p) + 1/p, so the least-squares
//! f has a closed form. Pure functions; the check session measures.

use serde::Serialize;

/// One worker count's measurement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub workers: usize,
    /// Best solution time at this worker count.
    pub seconds: f64,
    /// Serial baseline time / `seconds`.
    pub speedup: f64,
    /// `speedup / workers`.
    pub efficiency: f64,
}

impl Point {
    pub fn new(workers: usize, seconds: f64, baseline: f64) -> Self {
        let speedup = baseline / seconds;
        Self {
            workers,
            seconds,
            speedup,
            efficiency: speedup / workers.max(1) as f64,
        }
    }
}

/// The serial fraction in [0, 1] that best fits `points` to Amdahl's law;
/// `None` without a measurement at more than one worker.
pub fn amdahl_fraction(points: &[Point]) -> Option<f64> {
    let (num, den) = points
        .iter()
        .filter(|p| p.workers > 1 && p.speedup > 0.0)
        .map(|p| {
            let x = 1.0 - 1.0 / p.workers as f64;
            let y = 1.0 / p.speedup - 1.0 / p.workers as f64;
            (x * y, x * x)
        })
        .fold((0.0, 0.0), |(n, d), (a, b)| (n + a, d + b));
    (den > 0.0).then(|| (num / den).clamp(0.0, 1.0))
}

/// Amdahl's speedup at `workers` for serial fraction `f`.
pub fn amdahl_speedup(f: f64, workers: usize) -> f64 {
    1.0 / (f + (1.0 - f) / workers.max(1) as f64)
}

/// 1, 2, 4, ... up to `cores`, with `cores` itself last.
pub fn default_counts(cores: usize) -> Vec<usize> {
    let mut counts: Vec<usize> = std::iter::successors(Some(1usize), |p| p.checked_mul(2))
        .take_while(|p| *p < cores)
        .collect();
    counts.push(cores.max(1));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_the_serial_fraction_of_a_perfect_amdahl_curve() {
        let f = 0.1;
        let points: Vec<Point> = [1, 2, 4, 8, 16]
            .iter()
            .map(|&p| Point::new(p, 1.0 / amdahl_speedup(f, p), 1.0))
            .collect();
        let fitted = amdahl_fraction(&points).unwrap();
        assert!((fitted - f).abs() < 1e-12, "{fitted}");
    }

    #[test]
    fn a_serial_program_has_fraction_one_and_a_perfect_one_zero() {
        let serial = [Point::new(1, 1.0, 1.0), Point::new(2, 1.0, 1.0)];
        assert!((amdahl_fraction(&serial).unwrap() - 1.0).abs() < 1e-12);
        let perfect = [Point::new(2, 0.5, 1.0), Point::new(4, 0.25, 1.0)];
        assert!(amdahl_fraction(&perfect).unwrap().abs() < 1e-12);
        assert_eq!(amdahl_fraction(&[Point::new(1, 1.0, 1.0)]), None);
    }

    #[test]
    fn worker_counts_double_up_to_the_cores() {
        assert_eq!(default_counts(2), [1, 2]);
        assert_eq!(default_counts(6), [1, 2, 4, 6]);
        assert_eq!(default_counts(8), [1, 2, 4, 8]);
        assert_eq!(default_counts(1), [1]);
    }
}
