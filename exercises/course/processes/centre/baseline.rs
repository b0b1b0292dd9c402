//! Serial baseline for processes/centre: one loop over every atom in the
//! parent, no child processes.

use std::io;

const MASSES: [f64; 8] = [1.008, 1.008, 1.008, 12.011, 12.011, 14.007, 15.999, 32.06];

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn unit(z: u64) -> f64 {
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn atom(seed: u64, i: u64) -> ([f64; 3], f64) {
    let h = mix(seed ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let t = i as f64 * 0.01;
    let r = 10.0 + unit(mix(h ^ 1));
    let position = [
        3.0 + r * t.cos(),
        -2.0 + r * t.sin(),
        0.05 * t + unit(mix(h ^ 2)),
    ];
    (position, MASSES[(h >> 61) as usize])
}

pub fn centre(seed: u64, atoms: u64, _workers: usize) -> io::Result<[f64; 3]> {
    let mut weighted = [0.0; 3];
    let mut mass = 0.0;
    for i in 0..atoms {
        let (p, m) = atom(seed, i);
        for (w, x) in weighted.iter_mut().zip(p) {
            *w += m * x;
        }
        mass += m;
    }
    Ok(weighted.map(|w| w / mass))
}

/// Never started: the baseline has no children.
pub fn worker() -> io::Result<()> {
    Ok(())
}
