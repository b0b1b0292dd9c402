//! Reference solution for measuring/amdahl: phase 1 as in the starter; phase
//! 2 as a block scan. Each thread composes its block's affine maps into one
//! map (A, B) without knowing the state that enters the block; the caller
//! then pushes the state through the few block maps in order. Composing
//! costs about as much per item as stepping the state, so both phases split
//! evenly across the threads.

use std::thread;

const P: u64 = (1 << 61) - 1;

fn mul_mod(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    let sum = (product as u64 & P) + (product >> 61) as u64;
    if sum >= P { sum - P } else { sum }
}

fn add_mod(a: u64, b: u64) -> u64 {
    let sum = a + b;
    if sum >= P { sum - P } else { sum }
}

fn hash(item: u64) -> u64 {
    let mut z = item.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x414d_4441_484c;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn map(item: u64, key: u64) -> (u64, u64) {
    let w = item.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ key;
    ((w >> 4) | 1, w.rotate_left(32) >> 4)
}

/// The maps of items `start..end`, applied in order, as one map
/// x -> (A·x + B) mod P. Following (A, B) with (a, b) gives
/// a·(A·x + B) + b = (a·A)·x + (a·B + b).
fn compose(start: u64, end: u64, key: u64) -> (u64, u64) {
    let (mut big_a, mut big_b) = (1, 0);
    for item in start..end {
        let (a, b) = map(item, key);
        big_a = mul_mod(a, big_a);
        big_b = add_mod(mul_mod(a, big_b), b);
    }
    (big_a, big_b)
}

pub fn run(n: u64, workers: usize) -> u64 {
    let workers = workers.max(1) as u64;
    let chunk = n.div_ceil(workers);
    let block = |w: u64| ((w * chunk).min(n), ((w + 1) * chunk).min(n));

    let key = thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (start, end) = block(w);
                s.spawn(move || (start..end).fold(0, |xor, item| xor ^ hash(item)))
            })
            .collect();
        handles
            .into_iter()
            .fold(0, |key, t| key ^ t.join().unwrap())
    });

    let maps: Vec<(u64, u64)> = thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (start, end) = block(w);
                s.spawn(move || compose(start, end, key))
            })
            .collect();
        handles.into_iter().map(|t| t.join().unwrap()).collect()
    });
    maps.into_iter()
        .fold(1, |x, (big_a, big_b)| add_mod(mul_mod(big_a, x), big_b))
}
