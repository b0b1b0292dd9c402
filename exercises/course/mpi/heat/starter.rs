//! # mpi/heat: heat on a plate, rows shared by the ranks
//!
//! A metal plate is a grid of temperatures. Its four edges are held fixed;
//! every step, each inner cell moves towards the mean of its four neighbours:
//!
//! ```text
//! new = u + ALPHA * (above + below + left + right - 4 * u)
//! ```
//!
//! The inner rows are shared out in blocks, one block per rank. To update
//! the first and last rows of its block, a rank needs the row just above and
//! the row just below, which belong to its neighbours. It keeps a copy of
//! each, the *ghost* rows: `u` holds the top ghost, then the rank's own rows,
//! then the bottom ghost. Rank 0's top ghost and the last rank's bottom ghost
//! are the plate's fixed edges.
//!
//! Everything is here except the one thing that makes it right: the ghost
//! rows are never refreshed, so after the first step they hold stale
//! temperatures. Write `exchange_halos`: before every step, each rank sends
//! its first row to the rank above and its last row to the rank below, and
//! receives their edge rows into its ghost rows.
//!
//! Check it with `parlab check mpi/heat` (`--np 3` for three ranks); ask for
//! a hint with `parlab hint mpi/heat`.

use mpi::Count;
use mpi::datatype::PartitionMut;
use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

const ALPHA: f64 = 0.2;

pub fn heat(
    world: &SimpleCommunicator,
    initial: &[f64],
    cols: usize,
    steps: u32,
) -> Option<Vec<f64>> {
    let rows = initial.len() / cols;
    let (size, rank) = (world.size() as usize, world.rank() as usize);
    let (first, mine) = block(rows - 2, size, rank);
    // Global rows first-1 ..= first+mine: this rank's rows and the two ghosts.
    let mut u = initial[(first - 1) * cols..(first + mine + 1) * cols].to_vec();
    let mut next = u.clone();
    for _ in 0..steps {
        exchange_halos(world, &mut u, cols);
        for i in 1..=mine {
            update_local_row(&u, &mut next, cols, i);
        }
        std::mem::swap(&mut u, &mut next);
    }
    gather_field(world, initial, &u[cols..(mine + 1) * cols], cols)
}

/// Fills the ghost rows of `u` (its first and last `cols` values) with the
/// neighbours' edge rows, and sends this rank's edge rows to them.
fn exchange_halos(world: &SimpleCommunicator, u: &mut [f64], cols: usize) {
    // TODO: the rank above (if any) needs our first own row and has the row
    // for our top ghost; the rank below (if any) needs our last own row and
    // has the row for our bottom ghost.
    let _ = (world, u, cols);
}

/// The first global row and the number of interior rows of `rank` when
/// `interior` rows (global rows 1..=interior) are shared by `size` ranks.
fn block(interior: usize, size: usize, rank: usize) -> (usize, usize) {
    let (base, extra) = (interior / size, interior % size);
    let first = 1 + rank * base + rank.min(extra);
    (first, base + usize::from(rank < extra))
}

/// Row `i` of `u` (counting the top ghost as row 0) into the same row of `next`.
fn update_local_row(u: &[f64], next: &mut [f64], cols: usize, i: usize) {
    let (above, row, below) = (
        &u[(i - 1) * cols..i * cols],
        &u[i * cols..(i + 1) * cols],
        &u[(i + 1) * cols..(i + 2) * cols],
    );
    update_row(above, row, below, &mut next[i * cols..(i + 1) * cols]);
}

/// One explicit step of one row: the 5-point stencil on every inner column.
/// Keep the arithmetic as it is: the check compares the final field bit for
/// bit with the serial program's.
fn update_row(above: &[f64], row: &[f64], below: &[f64], out: &mut [f64]) {
    let inner = out[1..row.len() - 1].iter_mut().zip(row.windows(3));
    for ((o, w), (a, b)) in inner.zip(above[1..].iter().zip(&below[1..])) {
        *o = w[1] + ALPHA * (a + b + w[0] + w[2] - 4.0 * w[1]);
    }
}

/// Rank 0 gets the whole field: the fixed top and bottom rows from
/// `initial`, and every rank's block in rank order. The blocks differ in
/// size by at most one row, so this is a gather with a count per rank.
fn gather_field(
    world: &SimpleCommunicator,
    initial: &[f64],
    own: &[f64],
    cols: usize,
) -> Option<Vec<f64>> {
    let root = world.process_at_rank(0);
    if world.rank() != 0 {
        root.gather_varcount_into(own);
        return None;
    }
    let rows = initial.len() / cols;
    let size = world.size() as usize;
    let counts: Vec<Count> = (0..size)
        .map(|r| (block(rows - 2, size, r).1 * cols) as Count)
        .collect();
    let displs: Vec<Count> = counts
        .iter()
        .scan(0, |at, &c| {
            let d = *at;
            *at += c;
            Some(d)
        })
        .collect();
    let mut field = initial.to_vec();
    let interior = &mut field[cols..(rows - 1) * cols];
    let mut partition = PartitionMut::new(interior, counts, &displs[..]);
    root.gather_varcount_into_root(own, &mut partition);
    Some(field)
}
