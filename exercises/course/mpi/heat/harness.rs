//! Harness for mpi/heat. Course-owned: the learner does not edit this file.
//! Every rank builds the same seeded initial field before the clock starts, so
//! nothing has to be sent to begin with. The learner's `heat` runs the steps
//! and returns the final field on rank 0, which reports its fingerprint: the
//! serial stencil's, bit for bit, whatever the rank count.

#![forbid(unsafe_code)]

#[path = "../../../mpi/heat.rs"]
mod solution;

use mpi::traits::*;
use parlab_support::rng::SplitMix64;

const ROWS: usize = 601;
const COLS: usize = 1500;
const STEPS: u32 = 1400;
/// The seed of the interior when the workbench chooses none.
const SEED: u64 = 0x4ea7_2024;

/// A random interior in [0, 1); the top edge held at 1, the other edges at 0.
fn initial_field(seed: u64) -> Vec<f64> {
    let mut rng = SplitMix64::new(seed);
    let mut field = vec![0.0; ROWS * COLS];
    for (i, row) in field.chunks_exact_mut(COLS).enumerate() {
        if i == 0 {
            row.fill(1.0);
        } else if i < ROWS - 1 {
            for cell in &mut row[1..COLS - 1] {
                *cell = rng.next_f64();
            }
        }
    }
    field
}

fn main() {
    let universe = mpi::initialize().expect("MPI could not start");
    let world = universe.world();
    // Every rank reads the same seed, so every rank builds the same field.
    let initial = initial_field(parlab_support::seed(SEED));
    let (field, seconds) =
        parlab_support::mpi::time(&world, || solution::heat(&world, &initial, COLS, STEPS));
    if world.rank() != 0 {
        // Every rank calls `report` (it checks every rank's guards); only rank
        // 0's result is printed.
        parlab_support::mpi::report(&world, "", seconds);
        return;
    }
    let result = match field {
        None => "rank 0 returned no field (None): gather the rows there".to_owned(),
        Some(f) if f.len() != ROWS * COLS => format!(
            "rank 0 returned {} values, expected {ROWS} rows x {COLS} columns = {}",
            f.len(),
            ROWS * COLS
        ),
        Some(f) => parlab_support::fingerprint(f.iter().map(|x| x.to_bits())),
    };
    parlab_support::mpi::report(&world, result, seconds);
}
