//! Harness for data/groupby. Course-owned: the learner does not edit this
//! file.
//!
//! The records are 8 000 009 (key, value) pairs built from a seed (the
//! workbench's, or a fixed one) before the clock starts. Three records in four
//! have the hot key 4242, as web logs have a front page or sales data a default
//! customer id; the others spread evenly over the 4099 keys 0 to 4098. The
//! record count is prime, so no worker count splits it evenly.
//!
//! The hot key holds so much that even a partition with nothing but the hot
//! key would have 75% of the work: with 2 workers, any solution that keeps
//! the hot key in one piece stays below 1 / 0.75 = 1.33 times the serial
//! loop, under the target of 1.4.
//!
//! Every key's count and total are checked exactly: the result is the number
//! of keys and a fingerprint of every (key, count, total) in key order.

#![forbid(unsafe_code)]

#[path = "../../../data/groupby.rs"]
mod solution;

use std::collections::HashMap;

use parlab_support::rng::SplitMix64;

const RECORDS: usize = 8_000_009;
const KEYS: u64 = 4_099;
const HOT_KEY: u32 = 4_242;
/// The seed of the records when the workbench chooses none.
const SEED: u64 = 0x4752_4f55_5042;

fn records(seed: u64) -> Vec<(u32, u32)> {
    let mut rng = SplitMix64::new(seed);
    (0..RECORDS)
        .map(|_| {
            let value = rng.next_u64() as u32;
            let key = if rng.below(4) < 3 {
                HOT_KEY
            } else {
                rng.below(KEYS) as u32
            };
            (key, value)
        })
        .collect()
}

fn main() {
    let records = records(parlab_support::seed(SEED));
    let workers = parlab_support::workers();
    let (groups, seconds) = parlab_support::time(|| solution::group_by_key(&records, workers));
    let groups: HashMap<u32, solution::Group> = groups;
    let mut rows: Vec<(u32, solution::Group)> = groups.into_iter().collect();
    rows.sort_unstable_by_key(|(key, _)| *key);
    let words = rows
        .iter()
        .flat_map(|(key, group)| [u64::from(*key), group.count, group.total]);
    let result = parlab_support::Value::List(vec![
        rows.len().into(),
        parlab_support::fingerprint(words).into(),
    ]);
    parlab_support::report(result, seconds);
}
