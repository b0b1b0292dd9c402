//! Serial baseline for futures/chunks: one loop on the caller's thread; the
//! pool stays idle.

use crate::{Pool, steps};

pub fn total_steps(count: u64, _pool: &Pool) -> u64 {
    (0..count).map(steps).sum()
}
