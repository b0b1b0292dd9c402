//! # measuring/serial-fraction: fit Amdahl's law to measured times
//!
//! `points` holds measurements of one program as (workers p, seconds T(p)),
//! in no particular order; p = 1 is always among them. Return the serial
//! fraction f that Amdahl's law fits best to all of them.
//!
//! Amdahl's law says S(p) = 1 / (f + (1 - f) / p), where S(p) = T(1) / T(p)
//! is the speedup. Written for 1 / S it is a straight line in f:
//!
//! ```text
//! 1/S(p) - 1/p  =  f · (1 - 1/p)        y = f · x
//! ```
//!
//! With one point per p > 1, x = 1 - 1/p and y = 1/S(p) - 1/p, least squares
//! gives f = Σ(x·y) / Σ(x·x). Clamp the answer to [0, 1]: noise and cache
//! effects can push the fit just outside.
//!
//! The code below finds T(1) correctly, but then trusts only the measurement
//! at the largest worker count (that is the Karp-Flatt metric of that one
//! point). Make it use every point with p > 1.
//!
//! Check it with `parlab check measuring/serial-fraction`; ask for a hint
//! with `parlab hint measuring/serial-fraction`.

pub fn serial_fraction(points: &[(usize, f64)]) -> f64 {
    let t1 = points
        .iter()
        .find(|&&(p, _)| p == 1)
        .map(|&(_, t)| t)
        .expect("the measurements include p = 1");

    // TODO: fit all points with p > 1, not just the one with the most workers.
    let &(p, t) = points
        .iter()
        .max_by_key(|&&(p, _)| p)
        .expect("at least one point");
    let speedup = t1 / t;
    let inv_p = 1.0 / p as f64;
    ((1.0 / speedup - inv_p) / (1.0 - inv_p)).clamp(0.0, 1.0)
}
