//! Serial baseline for data/groupby: one hash map, one pass, one core.
//! Correct, and too slow.

use std::collections::HashMap;

/// One key's aggregates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub count: u64,
    pub total: u64,
}

/// The per-record work: 128 rounds of dependent shifts and multiplications.
pub fn score(value: u32) -> u64 {
    let mut x = u64::from(value) | 1;
    for _ in 0..128 {
        x ^= x >> 29;
        x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }
    x >> 40
}

pub fn group_by_key(records: &[(u32, u32)], _workers: usize) -> HashMap<u32, Group> {
    let mut groups: HashMap<u32, Group> = HashMap::new();
    for &(key, value) in records {
        let group = groups.entry(key).or_default();
        group.count += 1;
        group.total += score(value);
    }
    groups
}
