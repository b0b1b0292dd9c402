//! Serial baseline for threads/pi: correct, and one core only.

pub fn pi(steps: u32, _workers: usize) -> f64 {
    let h = 1.0 / steps as f64;
    let mut sum = 0.0;
    for i in 0..steps {
        let x = (i as f64 + 0.5) * h;
        sum += 4.0 / (1.0 + x * x);
    }
    sum * h
}
