//! # data/groupby: a shuffle with one hot key
//!
//! `records` holds 8 million (key, value) pairs. `group_by_key` returns, for
//! every key, how many records have it (`count`) and the sum of `score(value)`
//! over them (`total`), as `GROUP BY key` with `COUNT(*)` and `SUM(score)`
//! would. `score` stands for the real work of a job, parsing or feature
//! extraction: it costs far more than counting, so this job is compute-bound.
//!
//! The code below does what Spark's `groupByKey` does: a *shuffle*. Every
//! block of records splits into one bucket per partition, chosen by a hash of
//! the key (the map side); then partition p gathers bucket p from every block
//! and aggregates it (the reduce side). Each key lands in exactly one
//! partition, so the partitions' results only need joining. With one
//! partition per worker, it is correct and runs in parallel.
//!
//! But the data is skewed: three records in four have the same hot key, and
//! the partition that owns it has most of the work, while the other workers
//! finish early and wait. Split the hot key: find it, spread its records over
//! all the partitions (salting), and add its partial results at the end.
//! Leave `score`, `Group` and the signature of `group_by_key` as they are.
//!
//! Keep the pool: `rayon::ThreadPoolBuilder::new().num_threads(workers)`
//! builds a pool of exactly `workers` threads, and everything that runs inside
//! `pool.install(|| ...)` uses that pool instead of rayon's global one.
//!
//! Check it with `parlab check data/groupby`; ask for a hint with
//! `parlab hint data/groupby`.

use std::collections::HashMap;

use rayon::prelude::*;

/// One key's aggregates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub count: u64,
    pub total: u64,
}

/// The per-record work: 128 rounds of dependent shifts and multiplications.
/// The checked totals depend on it, so do not change it.
pub fn score(value: u32) -> u64 {
    let mut x = u64::from(value) | 1;
    for _ in 0..128 {
        x ^= x >> 29;
        x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }
    x >> 40
}

/// Records per block on the map side of the shuffle.
const BLOCK: usize = 1 << 16;

/// The partition that owns `key` when there are `parts` partitions.
fn partition(key: u32, parts: usize) -> usize {
    let hash = u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32;
    (hash % parts as u64) as usize
}

fn add(groups: &mut HashMap<u32, Group>, key: u32, value: u32) {
    let group = groups.entry(key).or_default();
    group.count += 1;
    group.total += score(value);
}

pub fn group_by_key(records: &[(u32, u32)], workers: usize) -> HashMap<u32, Group> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("the thread pool could not start");
    pool.install(|| {
        let parts = workers;
        // Map side: every block splits its records into one bucket per partition.
        let blocks: Vec<Vec<Vec<(u32, u32)>>> = records
            .par_chunks(BLOCK)
            .map(|block| {
                let mut buckets: Vec<Vec<(u32, u32)>> = (0..parts)
                    .map(|_| Vec::with_capacity(block.len()))
                    .collect();
                for &(key, value) in block {
                    // TODO: send the hot key's records to every partition in turn.
                    buckets[partition(key, parts)].push((key, value));
                }
                buckets
            })
            .collect();
        // Reduce side: partition p aggregates bucket p of every block.
        let partials: Vec<HashMap<u32, Group>> = (0..parts)
            .into_par_iter()
            .map(|p| {
                let mut groups = HashMap::new();
                for buckets in &blocks {
                    for &(key, value) in &buckets[p] {
                        add(&mut groups, key, value);
                    }
                }
                groups
            })
            .collect();
        // Every key is in one partition only, so joining the maps is enough.
        // TODO: once the hot key is split, add up its partial groups instead.
        partials.into_iter().flatten().collect()
    })
}
