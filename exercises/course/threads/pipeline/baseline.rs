//! Serial baseline for threads/pipeline: no channels, no threads, one loop.

fn work(job: u64) -> u64 {
    let rounds = 200_000 + job % 200_000;
    let mut x = job;
    for _ in 0..rounds {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 29;
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    }
    x
}

fn combine(checksum: u64, result: u64) -> u64 {
    (checksum.rotate_left(5) ^ result).wrapping_mul(0x0000_0100_0000_01b3)
}

pub fn checksum(jobs: &[u64], _workers: usize) -> u64 {
    let mut checksum = 0;
    for &job in jobs {
        checksum = combine(checksum, work(job));
    }
    checksum
}
