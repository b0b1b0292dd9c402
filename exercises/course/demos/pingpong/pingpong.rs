//! The ping-pong demo: ranks 0 and 1 bounce one message back and forth, for
//! message sizes from 8 bytes to 16 MiB, and rank 0 prints one line per size:
//! the latency (half a round trip) and the bandwidth that it implies. Small
//! messages show the fixed cost of a message; large ones show how fast the
//! bytes themselves move. Ranks beyond the first two only wait.
//!
//! Each size is first bounced a few times to measure it roughly; rank 0 then
//! picks a repeat count that fills about `BUDGET` seconds and tells rank 1, so
//! both ranks run the same number of round trips.

use std::time::Instant;

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

/// Wall time to spend on each message size, in seconds.
const BUDGET: f64 = 0.3;
const WARM_UP: u64 = 3;

/// 8 B, 32 B, ... 8 MiB (powers of 4), then 16 MiB.
fn sizes() -> Vec<usize> {
    let mut sizes: Vec<usize> = (0..11).map(|k| 8 << (2 * k)).collect();
    sizes.push(16 << 20);
    sizes
}

fn label(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 => format!("{} KiB", b >> 10),
        b => format!("{b} B"),
    }
}

/// `rounds` round trips of `message` between ranks 0 and 1.
fn bounce(world: &SimpleCommunicator, message: &mut [u8], rounds: u64) {
    let partner = world.process_at_rank(1 - world.rank());
    for _ in 0..rounds {
        if world.rank() == 0 {
            partner.send(&message[..]);
            partner.receive_into(&mut message[..]);
        } else {
            partner.receive_into(&mut message[..]);
            partner.send(&message[..]);
        }
    }
}

/// Runs every size on ranks 0 and 1; rank 0 returns the half round trip of
/// each, in seconds.
fn ping_pong(world: &SimpleCommunicator) -> Vec<(usize, f64)> {
    let mut buffer = vec![0x5au8; 16 << 20];
    let mut results = Vec::new();
    for size in sizes() {
        let message = &mut buffer[..size];
        let start = Instant::now();
        bounce(world, message, WARM_UP);
        let rough = start.elapsed().as_secs_f64() / WARM_UP as f64;
        let partner = world.process_at_rank(1 - world.rank());
        let mut rounds = (BUDGET / rough.max(1e-9)).clamp(4.0, 500_000.0) as u64;
        if world.rank() == 0 {
            partner.send(&rounds);
        } else {
            partner.receive_into(&mut rounds);
        }
        let start = Instant::now();
        bounce(world, message, rounds);
        let half_round_trip = start.elapsed().as_secs_f64() / rounds as f64 / 2.0;
        results.push((size, half_round_trip));
    }
    results
}

fn main() {
    let universe = mpi::initialize().expect("MPI could not start");
    let world = universe.world();
    if world.size() < 2 {
        println!("ping-pong needs two ranks; run it with ranks = 2");
        parlab_support::mpi::report(&world, 0i64, 0.0);
        return;
    }
    let (results, seconds) = parlab_support::mpi::time(&world, || {
        if world.rank() < 2 {
            ping_pong(&world)
        } else {
            Vec::new()
        }
    });
    if world.rank() == 0 {
        println!("{:<9}{:>13}{:>17}", "message", "latency", "bandwidth");
        for &(size, half) in &results {
            let micros = half * 1e6;
            let megabytes_per_second = size as f64 / micros;
            println!(
                "{:<9}{micros:>10.2} µs{megabytes_per_second:>12.1} MB/s",
                label(size)
            );
        }
    }
    parlab_support::mpi::report(&world, results.len() as i64, seconds);
}
