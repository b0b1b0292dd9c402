//! # processes/centre: the centre of a large molecule, in child processes
//!
//! A molecule of `atoms` atoms, each with a position and a mass. Its centre
//! (of mass) is the mass-weighted mean position:
//! `sum(m * x) / sum(m)`, and likewise for y and z.
//!
//! The molecule is never stored: `atom(seed, i)` makes atom `i` from the seed
//! and the index alone. So a child process needs only three numbers to know
//! its share: the seed and the first and last-plus-one index of its atoms.
//!
//! `centre` below is correct but does all the work in the parent. Split the
//! atoms into `workers` index ranges and start one child per range with
//! `Command::new(std::env::current_exe()?).arg("--worker")`: when the first
//! argument is `--worker`, the harness calls your `worker` function and exits.
//! Send each child its seed and range on its stdin, let it answer on its stdout
//! with its partial sums (`Sums`: the three weighted sums and the mass), then
//! add the partial sums in the parent and divide once at the end. Don't
//! average the children's centres: their ranges have different masses.
//!
//! `format!("{x}")` prints the shortest text that parses back to the very same
//! f64, so lines of text carry floats without losing a bit.
//!
//! Check it with `parlab check processes/centre`; ask for a hint with
//! `parlab hint processes/centre`.

use std::io;

/// The molecule's elements, by how often they occur: hydrogen, carbon,
/// nitrogen, oxygen, sulfur (masses in daltons).
const MASSES: [f64; 8] = [1.008, 1.008, 1.008, 12.011, 12.011, 14.007, 15.999, 32.06];

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn unit(z: u64) -> f64 {
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Atom `i` of the molecule made from `seed`, as (position, mass): a long
/// coiled chain. It depends on nothing else, so any process can make any atom.
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

/// Mass-weighted coordinate sums and the total mass of some atoms.
#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    weighted: [f64; 3],
    mass: f64,
}

/// The sums over atoms `start..end`.
fn sums(seed: u64, start: u64, end: u64) -> Sums {
    let mut s = Sums::default();
    for i in start..end {
        let (p, m) = atom(seed, i);
        for (w, x) in s.weighted.iter_mut().zip(p) {
            *w += m * x;
        }
        s.mass += m;
    }
    s
}

/// The parent's side: the centre of atoms `0..atoms`.
pub fn centre(seed: u64, atoms: u64, workers: usize) -> io::Result<[f64; 3]> {
    let _ = workers; // TODO: one child per worker, each with its own range.
    let total = sums(seed, 0, atoms);
    Ok(total.weighted.map(|w| w / total.mass))
}

/// The child's side: runs in a process started with `--worker`.
pub fn worker() -> io::Result<()> {
    // TODO: read the seed and a range from stdin, compute `sums` over that
    // range, and write the four numbers to stdout.
    todo!("the child's side")
}
