//! Harness for futures/io. Course-owned: the learner does not edit this file.
//!
//! The learner's code answers 160 requests against a simulated remote
//! service. A request is a chain of one to three calls, each made with the
//! reply to the one before, and every call waits: `Service::call` sleeps for
//! a latency derived from its key (mostly 4 to 24 ms, one call in ten 80 to
//! 200 ms). Sleeping uses no CPU, so the timing below does not depend on how
//! busy the machine is, only on how many calls wait at the same time.
//!
//! The check: the service got exactly the calls the chains need, the combined
//! result is right, and the wall time stays under 1.5 times the longest chain
//! plus 0.1 s. With the default seed, all the calls made one after another take
//! 8.25 s and the longest chain takes 0.36 s, which is the least any schedule
//! can take; with another seed the figures move a little (a chain takes at most
//! 0.6 s), and the bound moves with them. Reports "ok" or the first problem, in
//! words that do not depend on the worker count, and prints the figures to
//! standard error.

#![forbid(unsafe_code)]

#[path = "../../../futures/io.rs"]
mod solution;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use parlab_support::rng::SplitMix64;

const REQUESTS: usize = 160;
/// The seed of the requests when the workbench chooses none.
const SEED: u64 = 0x696f_2d62_6f75_6e64;

/// One request: `hops` calls in a chain, the first made with `key`.
pub struct Request {
    pub id: u64,
    pub key: u64,
    pub hops: u32,
}

/// The remote service. It counts the calls it gets and the most that were
/// waiting at once.
#[derive(Default)]
pub struct Service {
    waiting: AtomicUsize,
    most: AtomicUsize,
    calls: AtomicUsize,
}

impl Service {
    /// One call: waits for the network, then returns the reply to `key`.
    pub fn call(&self, key: u64) -> u64 {
        let now = self.waiting.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        thread::sleep(latency(key));
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        self.calls.fetch_add(1, Ordering::SeqCst);
        reply(key)
    }
}

/// Folds the final reply of request `id` into the total. The order of the
/// folds does not matter, but each reply must come with its own request's id.
pub fn combine(total: u64, id: u64, reply: u64) -> u64 {
    total ^ reply.rotate_left((id % 64) as u32)
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn reply(key: u64) -> u64 {
    mix(key ^ 0x72_6570_6c79)
}

/// How long the call with `key` waits: 4 to 24 ms, or one time in ten 80 to
/// 200 ms.
fn latency(key: u64) -> Duration {
    let h = mix(key ^ 0x6c61_7465);
    let millis = if h.is_multiple_of(10) {
        80 + (h >> 8) % 121
    } else {
        4 + (h >> 8) % 21
    };
    Duration::from_millis(millis)
}

fn requests(seed: u64) -> Vec<Request> {
    let mut rng = SplitMix64::new(seed);
    (0..REQUESTS as u64)
        .map(|id| Request {
            id,
            key: rng.next_u64(),
            hops: 1 + rng.below(3) as u32,
        })
        .collect()
}

/// What the check expects, worked out without waiting: the combined result,
/// the number of calls, the longest chain and all the waits added up.
struct Expected {
    total: u64,
    calls: usize,
    longest: f64,
    sum: f64,
}

fn expected(requests: &[Request]) -> Expected {
    let mut e = Expected {
        total: 0,
        calls: 0,
        longest: 0.0,
        sum: 0.0,
    };
    for request in requests {
        let mut key = request.key;
        let mut chain = 0.0;
        for _ in 0..request.hops {
            chain += latency(key).as_secs_f64();
            key = reply(key);
        }
        e.total = combine(e.total, request.id, key);
        e.calls += request.hops as usize;
        e.longest = f64::max(e.longest, chain);
        e.sum += chain;
    }
    e
}

fn main() {
    let requests = requests(parlab_support::seed(SEED));
    let expected = expected(&requests);
    let service = Service::default();
    let (total, seconds) = parlab_support::time(|| solution::total(&requests, &service));
    let calls = service.calls.load(Ordering::SeqCst);
    let most = service.most.load(Ordering::SeqCst);
    eprintln!(
        "wall time {seconds:.3} s; longest chain {:.3} s; every call one after another {:.3} s; {calls} calls, at most {most} waiting at once",
        expected.longest, expected.sum
    );
    let bound = 1.5 * expected.longest + 0.1;
    let verdict = if calls > expected.calls {
        "the service got more calls than the chains need"
    } else if calls < expected.calls {
        "the service got fewer calls than the chains need"
    } else if total != expected.total {
        "wrong total: a reply was lost, counted twice, or paired with the wrong id"
    } else if seconds > bound && most <= 1 {
        "too slow: the calls waited one at a time"
    } else if seconds > bound {
        "too slow: too few calls waited at once"
    } else {
        "ok"
    };
    parlab_support::report(verdict, seconds);
}
