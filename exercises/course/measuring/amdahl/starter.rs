//! # measuring/amdahl: the phase that looks serial
//!
//! The program has two phases over `n` numbered items:
//!
//! 1. Hash every item and XOR all the hashes into one `key`. The items are
//!    independent of each other, so this phase is already split across
//!    `workers` threads below.
//! 2. Give every item an affine map x -> (a·x + b) mod P, made from the
//!    item's number and the key, and run a state through all the maps in
//!    item order: x -> map_0(x) -> map_1(map_0(x)) -> ... The answer is the
//!    final state. This loop runs on one thread, and it takes about two
//!    thirds of the serial program's time.
//!
//! By Amdahl's law a serial phase of two thirds keeps the speedup on two
//! cores near 1.2, however well phase 1 is split. Make phase 2 parallel too.
//! It looks like a chain, but maps compose: the maps of one block of items
//! collapse into a single map x -> (A·x + B) mod P, whatever state enters
//! the block. Each thread can collapse its own block without knowing that
//! state; then a short serial pass pushes the state through the blocks' maps
//! in order.
//!
//! See the serial fraction with `parlab check measuring/amdahl --scaling`,
//! grade with `parlab check measuring/amdahl`, and ask for a hint with
//! `parlab hint measuring/amdahl`.

use std::thread;

/// The prime modulus 2^61 - 1.
const P: u64 = (1 << 61) - 1;

/// (a · b) mod P, for a and b below 2^61. Since 2^61 ≡ 1 (mod P), the high
/// bits of the 122-bit product fold onto the low 61 bits with one addition.
fn mul_mod(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    let sum = (product as u64 & P) + (product >> 61) as u64;
    if sum >= P { sum - P } else { sum }
}

/// (a + b) mod P, for a and b below P.
fn add_mod(a: u64, b: u64) -> u64 {
    let sum = a + b;
    if sum >= P { sum - P } else { sum }
}

/// Phase 1's work for one item: a hash of its number.
fn hash(item: u64) -> u64 {
    let mut z = item.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x414d_4441_484c;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Item `item`'s affine map x -> (a·x + b) mod P, as the pair (a, b).
fn map(item: u64, key: u64) -> (u64, u64) {
    let w = item.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ key;
    ((w >> 4) | 1, w.rotate_left(32) >> 4)
}

pub fn run(n: u64, workers: usize) -> u64 {
    let workers = workers.max(1) as u64;
    let chunk = n.div_ceil(workers);

    // Phase 1, in parallel: each thread XORs the hashes of one block of items.
    let key = thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let start = (w * chunk).min(n);
                let end = ((w + 1) * chunk).min(n);
                s.spawn(move || (start..end).fold(0, |xor, item| xor ^ hash(item)))
            })
            .collect();
        handles
            .into_iter()
            .fold(0, |key, t| key ^ t.join().unwrap())
    });

    // Phase 2, serial. TODO: give each thread one block of items, let it
    // compose its block's maps into one (A, B), then push the state through
    // the blocks' maps in block order.
    let mut x = 1;
    for item in 0..n {
        let (a, b) = map(item, key);
        x = add_mod(mul_mod(a, x), b);
    }
    x
}
