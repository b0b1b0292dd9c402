//! Serial baseline for measuring/amdahl: both phases on one core.

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

pub fn run(n: u64, _workers: usize) -> u64 {
    let mut key = 0;
    for item in 0..n {
        key ^= hash(item);
    }
    let mut x = 1;
    for item in 0..n {
        let (a, b) = map(item, key);
        x = add_mod(mul_mod(a, x), b);
    }
    x
}
