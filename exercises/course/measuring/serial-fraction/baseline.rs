//! Baseline for measuring/serial-fraction: the same fit written out plainly.
//! Nothing in this exercise is timed, so the baseline only has to be right.

pub fn serial_fraction(points: &[(usize, f64)]) -> f64 {
    let mut t1 = 0.0;
    for &(p, t) in points {
        if p == 1 {
            t1 = t;
        }
    }
    let mut numerator = 0.0;
    let mut denominator = 0.0;
    for &(p, t) in points {
        if p > 1 {
            let speedup = t1 / t;
            let x = 1.0 - 1.0 / p as f64;
            let y = 1.0 / speedup - 1.0 / p as f64;
            numerator += x * y;
            denominator += x * x;
        }
    }
    if denominator == 0.0 {
        return 0.0;
    }
    (numerator / denominator).clamp(0.0, 1.0)
}
