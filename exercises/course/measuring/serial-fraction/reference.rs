//! Reference solution for measuring/serial-fraction: the least-squares fit of
//! Amdahl's law in the form 1/S = f·(1 - 1/p) + 1/p.

pub fn serial_fraction(points: &[(usize, f64)]) -> f64 {
    let t1 = points
        .iter()
        .find(|&&(p, _)| p == 1)
        .map(|&(_, t)| t)
        .expect("the measurements include p = 1");
    let (mut xy, mut xx) = (0.0, 0.0);
    for &(p, t) in points.iter().filter(|&&(p, _)| p > 1) {
        let inv_p = 1.0 / p as f64;
        let x = 1.0 - inv_p;
        let y = t / t1 - inv_p; // 1/S(p) - 1/p, with S(p) = T(1) / T(p)
        xy += x * y;
        xx += x * x;
    }
    if xx == 0.0 {
        return 0.0;
    }
    (xy / xx).clamp(0.0, 1.0)
}
