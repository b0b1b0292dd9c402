//! Serial baseline for mpi/heat: rank 0 runs every step on the whole grid
//! with the same row update as the solution; the other ranks do nothing. It
//! is timed on one rank.

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

const ALPHA: f64 = 0.2;

pub fn heat(
    world: &SimpleCommunicator,
    initial: &[f64],
    cols: usize,
    steps: u32,
) -> Option<Vec<f64>> {
    if world.rank() != 0 {
        return None;
    }
    let rows = initial.len() / cols;
    let mut u = initial.to_vec();
    let mut next = u.clone();
    for _ in 0..steps {
        for i in 1..rows - 1 {
            let (above, row, below) = (
                &u[(i - 1) * cols..i * cols],
                &u[i * cols..(i + 1) * cols],
                &u[(i + 1) * cols..(i + 2) * cols],
            );
            update_row(above, row, below, &mut next[i * cols..(i + 1) * cols]);
        }
        std::mem::swap(&mut u, &mut next);
    }
    Some(u)
}

/// One explicit step of one row: the 5-point stencil on every inner column.
fn update_row(above: &[f64], row: &[f64], below: &[f64], out: &mut [f64]) {
    let inner = out[1..row.len() - 1].iter_mut().zip(row.windows(3));
    for ((o, w), (a, b)) in inner.zip(above[1..].iter().zip(&below[1..])) {
        *o = w[1] + ALPHA * (a + b + w[0] + w[2] - 4.0 * w[1]);
    }
}
