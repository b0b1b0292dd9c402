//! # threads/pi: pi by the midpoint rule, on every core
//!
//! pi is the area under f(x) = 4 / (1 + x²) between 0 and 1. Cut that interval
//! into `steps` slices of width h = 1 / steps, add f at the middle of every
//! slice, and multiply by h.
//!
//! The loop below is correct and runs on one thread. Make it run on `workers`
//! threads: give each thread its own share of the slices, let it add up its
//! share into a local sum, and add the partial sums together at the end.
//!
//! Check it with `parlab check threads/pi`; ask for a hint with
//! `parlab hint threads/pi`.

pub fn pi(steps: u32, workers: usize) -> f64 {
    let _ = workers; // TODO: split the slices among `workers` threads.
    let h = 1.0 / steps as f64;
    let mut sum = 0.0;
    for i in 0..steps {
        let x = (i as f64 + 0.5) * h;
        sum += 4.0 / (1.0 + x * x);
    }
    sum * h
}
