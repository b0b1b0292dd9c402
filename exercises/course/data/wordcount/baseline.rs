//! Serial baseline for data/wordcount: correct, and one core only.

use std::collections::HashMap;

pub fn word_count(documents: &[String], _workers: usize) -> HashMap<&str, u64> {
    let mut counts = HashMap::new();
    for document in documents {
        for word in document.split_whitespace() {
            *counts.entry(word).or_insert(0) += 1;
        }
    }
    counts
}
