//! Reference solution for data/wordcount: rayon hands out the documents,
//! `fold` counts every piece of the bag into a `HashMap` of its own with a
//! plain loop over the words (a map-side combiner), and `reduce` merges the
//! maps pairwise, the smaller into the larger.

use std::collections::HashMap;

use rayon::prelude::*;

type Counts<'a> = HashMap<&'a str, u64>;

fn merge<'a>(a: Counts<'a>, b: Counts<'a>) -> Counts<'a> {
    let (mut into, from) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (word, count) in from {
        *into.entry(word).or_insert(0) += count;
    }
    into
}

pub fn word_count(documents: &[String], workers: usize) -> HashMap<&str, u64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("the thread pool could not start");
    pool.install(|| {
        documents
            .par_iter()
            .fold(HashMap::new, |mut counts, document| {
                for word in document.split_whitespace() {
                    *counts.entry(word).or_insert(0) += 1;
                }
                counts
            })
            .reduce(HashMap::new, merge)
    })
}
