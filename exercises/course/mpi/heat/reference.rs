//! Reference solution for mpi/heat: a block of interior rows per rank, one
//! ghost row above and below. Every step posts non-blocking receives into the
//! ghost rows and sends of the edge rows, computes the rows that need no
//! ghost while the messages travel, then waits and computes the two edge
//! rows. The blocks are gathered to rank 0 at the end.

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
        step(world, &mut u, &mut next, cols);
        std::mem::swap(&mut u, &mut next);
    }
    gather_field(world, initial, &u[cols..(mine + 1) * cols], cols)
}

/// The first global row and the number of interior rows of `rank` when
/// `interior` rows (global rows 1..=interior) are shared by `size` ranks.
fn block(interior: usize, size: usize, rank: usize) -> (usize, usize) {
    let (base, extra) = (interior / size, interior % size);
    let first = 1 + rank * base + rank.min(extra);
    (first, base + usize::from(rank < extra))
}

/// One step of this rank's rows from `u` (ghost, rows, ghost) into `next`.
/// The first and last ranks have one neighbour; a single rank has none.
fn step(world: &SimpleCommunicator, u: &mut [f64], next: &mut [f64], cols: usize) {
    let (rank, size) = (world.rank(), world.size());
    let mine = u.len() / cols - 2;
    let (top_ghost, rest) = u.split_at_mut(cols);
    let (own, bottom_ghost) = rest.split_at_mut(mine * cols);
    let own = &*own;
    mpi::request::scope(|scope| {
        let mut requests = Vec::with_capacity(4);
        if rank > 0 {
            let up = world.process_at_rank(rank - 1);
            requests.push(up.immediate_receive_into(scope, &mut *top_ghost));
            requests.push(up.immediate_send(scope, &own[..cols]));
        }
        if rank + 1 < size {
            let down = world.process_at_rank(rank + 1);
            requests.push(down.immediate_receive_into(scope, &mut *bottom_ghost));
            requests.push(down.immediate_send(scope, &own[own.len() - cols..]));
        }
        // Own rows 1..mine-1 have both neighbours among the own rows.
        for k in 1..mine.saturating_sub(1) {
            let out = &mut next[(k + 1) * cols..(k + 2) * cols];
            update_row(
                &own[(k - 1) * cols..k * cols],
                &own[k * cols..(k + 1) * cols],
                &own[(k + 1) * cols..(k + 2) * cols],
                out,
            );
        }
        for request in requests {
            request.wait();
        }
    });
    update_local_row(u, next, cols, 1);
    if mine > 1 {
        update_local_row(u, next, cols, mine);
    }
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
fn update_row(above: &[f64], row: &[f64], below: &[f64], out: &mut [f64]) {
    let inner = out[1..row.len() - 1].iter_mut().zip(row.windows(3));
    for ((o, w), (a, b)) in inner.zip(above[1..].iter().zip(&below[1..])) {
        *o = w[1] + ALPHA * (a + b + w[0] + w[2] - 4.0 * w[1]);
    }
}

/// Rank 0 gets the whole field: the fixed top and bottom rows from
/// `initial`, and every rank's block in rank order.
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
