//! # data/wordcount: map, combine, reduce
//!
//! `documents` is a bag of about 1 330 text documents, 120 MB in all:
//! lowercase words separated by spaces and line breaks. `word_count` returns
//! how often every word occurs. The words borrow from the documents, so no
//! word is copied.
//!
//! The code below runs on a rayon pool of `workers` threads and counts
//! correctly, but it is slower than a plain loop on one thread. Rayon hands
//! the documents to the threads and each thread splits its documents into
//! words (the *map* step), and then every single word takes the lock of one
//! shared `HashMap`. The threads spend their time waiting for each other and
//! passing the map's memory from core to core.
//!
//! Count the way Spark and Dask do: every piece of the bag that rayon hands to
//! a thread gets a `HashMap` of its own (the *combine* step, done where the
//! data is), and the maps are merged at the end (the *reduce* step). Rayon's
//! `fold` and `reduce` do exactly this.
//!
//! Keep the pool: `rayon::ThreadPoolBuilder::new().num_threads(workers)`
//! builds a pool of exactly `workers` threads, and everything that runs inside
//! `pool.install(|| ...)` uses that pool instead of rayon's global one (which
//! has a thread per core). parlab runs your code with different worker counts,
//! and the counts must come out the same every time.
//!
//! Check it with `parlab check data/wordcount`; ask for a hint with
//! `parlab hint data/wordcount`.

use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;

pub fn word_count(documents: &[String], workers: usize) -> HashMap<&str, u64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("the thread pool could not start");
    let counts = Mutex::new(HashMap::new());
    pool.install(|| {
        documents.par_iter().for_each(|document| {
            for word in document.split_whitespace() {
                // TODO: count into a map of this piece's own, and merge the maps.
                *counts.lock().unwrap().entry(word).or_insert(0) += 1;
            }
        });
    });
    counts.into_inner().unwrap()
}
