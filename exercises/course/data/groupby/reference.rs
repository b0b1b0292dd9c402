//! Reference solution for data/groupby: a hash-partitioned shuffle in which
//! the hot keys are salted. A sample of the records finds the keys that hold
//! more than a quarter of a partition's fair share; their records go to every
//! partition in turn, and their partial groups are added up at the end.

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

/// Every this many records, one goes into the sample.
const SAMPLE_STEP: usize = 1009;

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

/// The keys that hold more than 1 / (4 · parts) of a sample of the records.
fn hot_keys(records: &[(u32, u32)], parts: usize) -> Vec<u32> {
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let mut sampled = 0;
    for &(key, _) in records.iter().step_by(SAMPLE_STEP) {
        *seen.entry(key).or_default() += 1;
        sampled += 1;
    }
    seen.into_iter()
        .filter(|&(_, count)| count * 4 * parts > sampled)
        .map(|(key, _)| key)
        .collect()
}

pub fn group_by_key(records: &[(u32, u32)], workers: usize) -> HashMap<u32, Group> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("the thread pool could not start");
    pool.install(|| {
        let parts = workers;
        let hot = hot_keys(records, parts);
        // Map side: a hot key's records go round the partitions (the salt is
        // the record's place in its block); every other key goes to its owner.
        let blocks: Vec<Vec<Vec<(u32, u32)>>> = records
            .par_chunks(BLOCK)
            .map(|block| {
                let mut buckets: Vec<Vec<(u32, u32)>> = (0..parts)
                    .map(|_| Vec::with_capacity(block.len()))
                    .collect();
                for (i, &(key, value)) in block.iter().enumerate() {
                    let p = if hot.contains(&key) {
                        i % parts
                    } else {
                        partition(key, parts)
                    };
                    buckets[p].push((key, value));
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
        // A cold key is in one partition; a hot key has a partial group in
        // every partition, and those are added up.
        let mut groups: HashMap<u32, Group> = HashMap::new();
        for partial in partials {
            for (key, part) in partial {
                let group = groups.entry(key).or_default();
                group.count += part.count;
                group.total += part.total;
            }
        }
        groups
    })
}
