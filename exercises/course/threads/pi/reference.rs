//! Reference solution for threads/pi: scoped threads, one contiguous block of
//! slices each, a local sum per thread, partial sums added at the end.

use std::thread;

pub fn pi(steps: u32, workers: usize) -> f64 {
    let h = 1.0 / steps as f64;
    let workers = workers.max(1) as u32;
    let chunk = steps.div_ceil(workers);
    thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let start = (w * chunk).min(steps);
                let end = ((w + 1) * chunk).min(steps);
                s.spawn(move || {
                    let mut sum = 0.0;
                    for i in start..end {
                        let x = (i as f64 + 0.5) * h;
                        sum += 4.0 / (1.0 + x * x);
                    }
                    sum
                })
            })
            .collect();
        handles.into_iter().map(|t| t.join().unwrap()).sum::<f64>() * h
    })
}
