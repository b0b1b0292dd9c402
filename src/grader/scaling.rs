//! Scaling: speedup and efficiency at several worker counts, and the serial
//! fraction that Amdahl's law fits to them.
//!
//! Amdahl: with a serial fraction f, p workers give S(p) = 1 / (f + (1 - f) / p).
//! In y = 1/S this is linear in f, y = f (1 - 1/p) + 1/p, so the least-squares
//! f has a closed form. A fit needs three worker counts or more; it comes
//! with the range of fractions single points imply and its distance from
//! the points, so a reader sees how far to trust it. Pure functions; the
//! check session measures.

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

/// The fewest worker counts a fit of Amdahl's law is made from: with two,
/// one parameter meets the one point past a single worker exactly, so the
/// fit says nothing about where the speedup levels off.
pub const FIT_COUNTS: usize = 3;

/// Amdahl's law fitted to the points, with how far it can be trusted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fit {
    /// The least-squares serial fraction.
    pub serial_fraction: f64,
    /// The least and the most serial fraction that one measured point
    /// (past a single worker) implies on its own.
    pub fraction_low: f64,
    pub fraction_high: f64,
    /// How far the measured speedups lie from the fitted curve: the root
    /// mean square of measured / fitted - 1 over every point.
    pub rms_error: f64,
}

/// The fit of Amdahl's law to `points`, or `None` with fewer than
/// [`FIT_COUNTS`] worker counts (or fewer than two past one worker).
pub fn amdahl_fit(points: &[Point]) -> Option<Fit> {
    let mut counts: Vec<usize> = points.iter().map(|p| p.workers).collect();
    counts.sort_unstable();
    counts.dedup();
    let past_one: Vec<&Point> = points
        .iter()
        .filter(|p| p.workers > 1 && p.speedup > 0.0)
        .collect();
    let mut past_counts: Vec<usize> = past_one.iter().map(|p| p.workers).collect();
    past_counts.dedup();
    if counts.len() < FIT_COUNTS || past_counts.len() < 2 {
        return None;
    }
    let f = amdahl_fraction(points)?;
    let alone = past_one.iter().map(|p| {
        let x = 1.0 - 1.0 / p.workers as f64;
        ((1.0 / p.speedup - 1.0 / p.workers as f64) / x).clamp(0.0, 1.0)
    });
    let (low, high) = alone.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), a| {
        (lo.min(a), hi.max(a))
    });
    let squares: f64 = points
        .iter()
        .map(|p| (p.speedup / amdahl_speedup(f, p.workers) - 1.0).powi(2))
        .sum();
    Some(Fit {
        serial_fraction: f,
        fraction_low: low,
        fraction_high: high,
        rms_error: (squares / points.len() as f64).sqrt(),
    })
}

/// Above this mean distance from the curve, the points do not follow
/// Amdahl's law well enough for its limit to mean much.
pub const LOOSE_FIT: f64 = 0.15;

/// What the fit says, and how far it can be trusted, in a sentence or
/// two: with too few worker counts, that a fit needs more.
pub fn fit_summary(points: &[Point], fit: Option<&Fit>) -> String {
    let Some(fit) = fit else {
        let mut counts: Vec<usize> = points.iter().map(|p| p.workers).collect();
        counts.sort_unstable();
        counts.dedup();
        let measured = match counts.as_slice() {
            [] => "Nothing was measured".to_owned(),
            counts => format!("Measured at {}", super::Worker::Worker.list(counts)),
        };
        return format!(
            "{measured}: too few points to tell where the speedup levels off, so no serial fraction or limit is given. A fit of Amdahl's law needs {FIT_COUNTS} worker counts or more (such as 1, 2 and 4), on a machine with more cores."
        );
    };
    let off = format!(
        "the curve is {:.0}% off the points on average",
        fit.rms_error * 100.0
    );
    let loose = if fit.rms_error > LOOSE_FIT {
        " The points do not follow Amdahl's law closely (a busy machine, or a cost that grows with the workers): take the figures as rough."
    } else {
        ""
    };
    let f = fit.serial_fraction;
    if f <= 0.0 {
        return format!(
            "Amdahl's law fits a serial fraction of 0%: the measured points scale perfectly ({off}).{loose}"
        );
    }
    let limit = |fraction: f64| {
        if fraction > 0.0 {
            format!("{:.1}x", 1.0 / fraction)
        } else {
            "no limit".to_owned()
        }
    };
    format!(
        "Amdahl's law fits a serial fraction of {:.1}% (single points give {:.1}% to {:.1}%; {off}): with any number of workers the speedup stays under about {} ({} to {}).{loose}",
        f * 100.0,
        fit.fraction_low * 100.0,
        fit.fraction_high * 100.0,
        limit(f),
        limit(fit.fraction_high),
        limit(fit.fraction_low),
    )
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

    fn curve(f: f64, counts: &[usize], noise: &[f64]) -> Vec<Point> {
        counts
            .iter()
            .zip(noise.iter().chain(std::iter::repeat(&1.0)))
            .map(|(&p, n)| Point::new(p, 1.0 / (amdahl_speedup(f, p) * n), 1.0))
            .collect()
    }

    #[test]
    fn two_worker_counts_make_no_fit_and_say_so() {
        let points = curve(0.2, &[1, 2], &[]);
        assert_eq!(amdahl_fit(&points), None);
        let text = fit_summary(&points, None);
        assert!(text.starts_with("Measured at 1 and 2 workers:"), "{text}");
        assert!(text.contains("no serial fraction or limit"), "{text}");
        assert!(text.contains("needs 3 worker counts or more"), "{text}");
        assert!(!text.contains('%'), "no figure from two points: {text}");
        // Two counts past one worker but three in all are enough; two in
        // all, even both past one, are not.
        assert_eq!(amdahl_fit(&curve(0.2, &[2, 4], &[])), None);
        assert!(amdahl_fit(&curve(0.2, &[1, 2, 4], &[])).is_some());
    }

    #[test]
    fn an_exact_curve_fits_with_no_error_and_a_narrow_range() {
        let fit = amdahl_fit(&curve(0.1, &[1, 2, 4, 8], &[])).unwrap();
        assert!((fit.serial_fraction - 0.1).abs() < 1e-9, "{fit:?}");
        assert!(fit.rms_error < 1e-9, "{fit:?}");
        assert!((fit.fraction_low - 0.1).abs() < 1e-9 && (fit.fraction_high - 0.1).abs() < 1e-9);
        let text = fit_summary(&[], Some(&fit));
        assert!(
            text.starts_with("Amdahl's law fits a serial fraction of 10.0% (single points give 10.0% to 10.0%; the curve is 0% off the points on average): with any number of workers the speedup stays under about 10.0x (10.0x to 10.0x)."),
            "{text}"
        );
    }

    #[test]
    fn noisy_points_widen_the_range_and_say_how_far_off_they_are() {
        let points = curve(0.1, &[1, 2, 4], &[1.0, 1.2, 0.7]);
        let fit = amdahl_fit(&points).unwrap();
        assert!(fit.fraction_low < fit.serial_fraction, "{fit:?}");
        assert!(fit.serial_fraction < fit.fraction_high, "{fit:?}");
        assert!(fit.rms_error > LOOSE_FIT, "{fit:?}");
        let text = fit_summary(&points, Some(&fit));
        assert!(
            text.contains("do not follow Amdahl's law closely"),
            "{text}"
        );
    }

    #[test]
    fn worker_counts_double_up_to_the_cores() {
        assert_eq!(default_counts(2), [1, 2]);
        assert_eq!(default_counts(6), [1, 2, 4, 6]);
        assert_eq!(default_counts(8), [1, 2, 4, 8]);
        assert_eq!(default_counts(1), [1]);
    }
}
