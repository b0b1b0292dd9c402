//! Harness for data/wordcount. Course-owned: the learner does not edit this
//! file.
//!
//! The corpus is about 120 MB of lowercase words from a made-up vocabulary of
//! 4093 words, drawn with Zipf-like frequencies (the word of rank r comes up in
//! proportion to 1 / r), in about 1 330 documents of uneven length, as a bag of
//! text files would hold it. It is built from a seed (the workbench's, or a
//! fixed one) before the clock starts. The word count is prime, so no worker
//! count splits it evenly.
//!
//! The counts are checked exactly: the result is the number of distinct words,
//! the number of words, and a fingerprint of every (word, count) pair in word
//! order. The five most frequent words are printed for the learner to see.

#![forbid(unsafe_code)]

#[path = "../../../data/wordcount.rs"]
mod solution;

use std::collections::{HashMap, HashSet};

use parlab_support::rng::SplitMix64;

const VOCABULARY: usize = 4_093;
const WORDS: usize = 16_000_057;
/// The seed of the corpus when the workbench chooses none.
const SEED: u64 = 0x0057_4f52_4443_4e54;

/// Distinct pronounceable words; the first (most frequent) ones are shorter.
fn vocabulary(rng: &mut SplitMix64) -> Vec<String> {
    const ONSETS: [&str; 20] = [
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr",
        "ch", "sh",
    ];
    const VOWELS: [&str; 8] = ["a", "e", "i", "o", "u", "ai", "ea", "ou"];
    const CODAS: [&str; 5] = ["n", "r", "s", "t", "l"];
    let pick =
        |rng: &mut SplitMix64, from: &[&'static str]| from[rng.below(from.len() as u64) as usize];
    let mut seen = HashSet::new();
    let mut words = Vec::with_capacity(VOCABULARY);
    while words.len() < VOCABULARY {
        let rank = words.len();
        let syllables = 1 + u64::from(rank >= 40) + rng.below(2 + u64::from(rank >= 400));
        let mut word = String::new();
        for _ in 0..syllables {
            word.push_str(pick(rng, &ONSETS));
            word.push_str(pick(rng, &VOWELS));
        }
        if rng.below(3) == 0 {
            word.push_str(pick(rng, &CODAS));
        }
        if seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

/// The documents: 16 000 057 words in all, each document 2 000 to 21 999
/// words long, in lines of 6 to 15 words.
fn corpus(seed: u64) -> Vec<String> {
    let mut rng = SplitMix64::new(seed);
    let words = vocabulary(&mut rng);
    let mut cumulative = Vec::with_capacity(VOCABULARY);
    let mut total = 0.0;
    for rank in 1..=VOCABULARY {
        total += 1.0 / rank as f64;
        cumulative.push(total);
    }
    let mut documents = Vec::new();
    let mut left = WORDS;
    while left > 0 {
        let length = (2_000 + rng.below(20_000) as usize).min(left);
        left -= length;
        let mut text = String::with_capacity(length * 8);
        let mut line_length = 6 + rng.below(10);
        let mut on_line = 0;
        for i in 0..length {
            let u = rng.next_f64() * total;
            let rank = cumulative.partition_point(|&c| c <= u).min(VOCABULARY - 1);
            text.push_str(&words[rank]);
            on_line += 1;
            if i + 1 == length {
                text.push('\n');
            } else if on_line == line_length {
                text.push('\n');
                on_line = 0;
                line_length = 6 + rng.below(10);
            } else {
                text.push(' ');
            }
        }
        documents.push(text);
    }
    documents
}

/// Every (word, count) pair in word order, as 64-bit words: the word's
/// length, its bytes eight at a time, then its count.
fn pairs_as_words(pairs: &[(&str, u64)]) -> Vec<u64> {
    let mut out = Vec::new();
    for (word, count) in pairs {
        out.push(word.len() as u64);
        for piece in word.as_bytes().chunks(8) {
            let mut bytes = [0u8; 8];
            bytes[..piece.len()].copy_from_slice(piece);
            out.push(u64::from_le_bytes(bytes));
        }
        out.push(*count);
    }
    out
}

fn main() {
    let documents = corpus(parlab_support::seed(SEED));
    let workers = parlab_support::workers();
    let (counts, seconds) = parlab_support::time(|| solution::word_count(&documents, workers));
    let counts: HashMap<&str, u64> = counts;
    let mut pairs: Vec<(&str, u64)> = counts.into_iter().collect();
    pairs.sort_unstable();
    let total: u64 = pairs.iter().map(|(_, c)| c).sum();
    let mut top = pairs.clone();
    top.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = top
        .iter()
        .take(5)
        .map(|(w, c)| format!("{w} {c}"))
        .collect();
    println!("most frequent: {}", top.join(", "));
    let result = parlab_support::Value::List(vec![
        pairs.len().into(),
        total.into(),
        parlab_support::fingerprint(pairs_as_words(&pairs)).into(),
    ]);
    parlab_support::report(result, seconds);
}
