//! `parlab grade --similarity`: how much code the students' exercise files
//! share, pair by pair, once the starter's code is removed, so that an
//! instructor can look closer at the most similar pairs. It is a measure,
//! not an accusation: short exercises, common idioms and the course's own
//! hints make honest solutions alike.
//!
//! The method is MOSS's: each file becomes a stream of normalized tokens
//! (names become one token, literals another, so renamed variables and
//! moved whitespace or comments change nothing; keywords, types, method
//! and path names stay), every `K` consecutive tokens are hashed, and
//! winnowing keeps the smallest hash of every `W` consecutive ones, which
//! guarantees that any match of `K + W - 1` tokens is seen. Fingerprints of
//! the starter are dropped from every file. A pair's similarity is the
//! share of the smaller file's fingerprints that the other file has too,
//! and its matching regions are the line ranges those fingerprints cover.
//! Pairs are ranked by their similarity weighed by how much they share, so
//! a short exercise solved the one obvious way does not head the list.
//!
//! Everything here but `compare_class` and `write_report` is pure.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::store;
use super::submissions::{list_students, submitted_files};
use crate::course::{Course, Language};

#[cfg(test)]
mod tests;

/// Tokens per hashed k-gram.
const K: usize = 10;
/// Hashes per winnowing window.
const W: usize = 4;
/// Files with fewer fingerprints than this (after the starter's are
/// removed) are too short to compare.
const MIN_FINGERPRINTS: usize = 5;
/// Shared fingerprints at which a pair's similarity counts half.
const EVIDENCE: f64 = 10.0;
/// Pairs in the report.
const SHOWN: usize = 20;

/// What the report says first, in every form.
pub const CAVEAT: &str = "A measure of shared code, not an accusation: short exercises, common \
idioms and the course's hints make honest solutions alike. Read the matching lines before \
drawing any conclusion.";

/// One token: its normalized text's hash, and its line (from 1).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Token {
    hash: u64,
    line: usize,
}

/// A fingerprint: a k-gram's hash and the lines it covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fingerprint {
    pub hash: u64,
    pub first_line: usize,
    pub last_line: usize,
}

/// Lines `first..=last` of one file matching lines of another.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Region {
    pub a: (usize, usize),
    pub b: (usize, usize),
}

/// One pair of students on one exercise.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pair {
    pub exercise: String,
    pub a: String,
    pub b: String,
    pub a_file: String,
    pub b_file: String,
    /// Of the smaller file's fingerprints, the share the other has too.
    pub similarity: f64,
    pub shared: usize,
    pub regions: Vec<Region>,
}

/// The report: the most similar pairs, most similar first.
#[derive(Debug, Serialize)]
pub struct Report {
    pub caveat: &'static str,
    pub students: usize,
    pub pairs: Vec<Pair>,
    /// Files left out as too short to compare, by exercise.
    pub too_short: BTreeMap<String, Vec<String>>,
}

/// The FNV-1a hash of `bytes`, continuing from `hash`.
fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

const KEPT: &[&str] = &[
    // Rust
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16",
    "i32", "i64", "i128", "isize", "f32", "f64", "bool", "char", "str", "String", "Vec", "Option",
    "Some", "None", "Ok", "Err", "Result", "Box", "Arc", "Mutex", // Python
    "and", "assert", "class", "def", "del", "elif", "except", "False", "finally", "from", "global",
    "import", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "True", "try", "with",
    "yield", "range", "len", "print",
];

/// The normalized tokens of `text`: comments and whitespace dropped, a
/// name that is not a keyword, type or a method or path segment becomes
/// `V`, a number `N`, a string `S`.
fn tokens(text: &str, language: Language) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let mut previous = String::new();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = at(i);
        let start_line = line;
        let token: Option<String> = if c == '\n' {
            line += 1;
            i += 1;
            None
        } else if c.is_whitespace() {
            i += 1;
            None
        } else if (c == '/' && at(i + 1) == '/' && language == Language::Rust)
            || (c == '#' && language == Language::Python)
        {
            while i < chars.len() && at(i) != '\n' {
                i += 1;
            }
            None
        } else if c == '/' && at(i + 1) == '*' && language == Language::Rust {
            i += 2;
            while i < chars.len() && !(at(i) == '*' && at(i + 1) == '/') {
                line += usize::from(at(i) == '\n');
                i += 1;
            }
            i += 2;
            None
        } else if c == '"' || (c == '\'' && language == Language::Python) {
            i += 1;
            while i < chars.len() && at(i) != c {
                line += usize::from(at(i) == '\n');
                i += if at(i) == '\\' { 2 } else { 1 };
            }
            i += 1;
            Some("S".into())
        } else if c.is_ascii_digit() {
            while i < chars.len() && (at(i).is_alphanumeric() || at(i) == '_' || at(i) == '.') {
                if at(i) == '.' && !at(i + 1).is_ascii_digit() {
                    break;
                }
                i += 1;
            }
            Some("N".into())
        } else if c.is_alphabetic() || c == '_' {
            let begin = i;
            while i < chars.len() && (at(i).is_alphanumeric() || at(i) == '_') {
                i += 1;
            }
            let word: String = chars.get(begin..i).unwrap_or_default().iter().collect();
            Some(name_token(word, &previous, at(i), at(i + 1)))
        } else if c == ':' && at(i + 1) == ':' {
            i += 2;
            Some("::".into())
        } else if c == '.' && at(i + 1) == '.' {
            // A range, not a method: the name after it is a value.
            i += 2;
            Some("..".into())
        } else {
            i += 1;
            Some(c.to_string())
        };
        if let Some(token) = token {
            out.push(Token {
                hash: fnv(FNV_START, token.as_bytes()),
                line: start_line,
            });
            previous = token;
        }
    }
    out
}

/// A name as a token: itself where it is a keyword or a type, a method or
/// path segment (after `.` or `::`, before `::`) or a macro (before `!`);
/// `V` where it is a name the author chose.
fn name_token(word: String, previous: &str, next: char, after: char) -> String {
    let segment = previous == "." || previous == "::" || next == '!';
    let path = next == ':' && after == ':';
    if KEPT.contains(&word.as_str()) || segment || path {
        word
    } else {
        "V".into()
    }
}

/// The winnowed fingerprints of `text`.
pub fn fingerprints(text: &str, language: Language) -> Vec<Fingerprint> {
    let tokens = tokens(text, language);
    let grams: Vec<Fingerprint> = tokens
        .windows(K)
        .map(|gram| Fingerprint {
            hash: gram
                .iter()
                .fold(FNV_START, |h, t| fnv(h, &t.hash.to_le_bytes())),
            first_line: gram.first().map_or(0, |t| t.line),
            last_line: gram.last().map_or(0, |t| t.line),
        })
        .collect();
    if grams.len() <= W {
        return grams
            .iter()
            .min_by_key(|g| g.hash)
            .copied()
            .into_iter()
            .collect();
    }
    let mut chosen: Vec<usize> = Vec::new();
    for (start, window) in grams.windows(W).enumerate() {
        // The smallest hash of the window, the rightmost of equals.
        let mut best = 0;
        for (j, g) in window.iter().enumerate() {
            if window.get(best).is_some_and(|b| g.hash <= b.hash) {
                best = j;
            }
        }
        let index = start + best;
        if chosen.last() != Some(&index) {
            chosen.push(index);
        }
    }
    chosen
        .into_iter()
        .filter_map(|i| grams.get(i).copied())
        .collect()
}

/// `prints` less every fingerprint whose hash the starter has.
pub fn without_starter(prints: Vec<Fingerprint>, starter: &[Fingerprint]) -> Vec<Fingerprint> {
    let base: HashSet<u64> = starter.iter().map(|f| f.hash).collect();
    prints
        .into_iter()
        .filter(|f| !base.contains(&f.hash))
        .collect()
}

/// How much `a` and `b` share: the similarity, the shared fingerprints,
/// and the matching regions in `a`'s order.
pub fn compare(a: &[Fingerprint], b: &[Fingerprint]) -> (f64, usize, Vec<Region>) {
    let mut in_b: HashMap<u64, Fingerprint> = HashMap::new();
    for f in b {
        in_b.entry(f.hash).or_insert(*f);
    }
    let mut seen = HashSet::new();
    let matches: Vec<(Fingerprint, Fingerprint)> = a
        .iter()
        .filter(|f| seen.insert(f.hash))
        .filter_map(|f| Some((*f, *in_b.get(&f.hash)?)))
        .collect();
    let smaller = a.len().min(b.len());
    let similarity = if smaller == 0 {
        0.0
    } else {
        (matches.len() as f64 / smaller as f64).min(1.0)
    };
    (similarity, matches.len(), regions(&matches))
}

/// Matches merged into regions: a match joins the region before it when,
/// in both files, it starts inside that region or within two lines of it.
fn regions(matches: &[(Fingerprint, Fingerprint)]) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    for (a, b) in matches {
        let near =
            |start: usize, (first, last): (usize, usize)| start + 2 >= first && start <= last + 2;
        match out.last_mut() {
            Some(r) if near(a.first_line, r.a) && near(b.first_line, r.b) => {
                r.a = (r.a.0.min(a.first_line), r.a.1.max(a.last_line));
                r.b = (r.b.0.min(b.first_line), r.b.1.max(b.last_line));
            }
            _ => out.push(Region {
                a: (a.first_line, a.last_line),
                b: (b.first_line, b.last_line),
            }),
        }
    }
    out
}

/// One student's file of one exercise, fingerprinted.
pub struct Submitted {
    pub student: String,
    pub file: String,
    pub prints: Vec<Fingerprint>,
}

/// Every pair of `files` (one exercise's), most similar first.
pub fn pairs(exercise: &str, files: &[Submitted]) -> Vec<Pair> {
    let mut out = Vec::new();
    for (i, a) in files.iter().enumerate() {
        for b in files.iter().skip(i + 1) {
            let (similarity, shared, regions) = compare(&a.prints, &b.prints);
            if shared == 0 {
                continue;
            }
            out.push(Pair {
                exercise: exercise.to_owned(),
                a: a.student.clone(),
                b: b.student.clone(),
                a_file: a.file.clone(),
                b_file: b.file.clone(),
                similarity: (similarity * 1000.0).round() / 1000.0,
                shared,
                regions,
            });
        }
    }
    out
}

/// How far a pair stands out: its similarity, weighed by how much code it
/// shares, so that a few alike lines (a one-line exercise solved the one
/// obvious way) count for less than a whole program.
pub fn weight(pair: &Pair) -> f64 {
    let shared = pair.shared as f64;
    pair.similarity * shared / (shared + EVIDENCE)
}

/// The most similar pairs of all exercises: by `weight`, then by shared
/// fingerprints, then by name.
pub fn ranked(mut all: Vec<Pair>) -> Vec<Pair> {
    all.sort_by(|x, y| {
        weight(y)
            .total_cmp(&weight(x))
            .then(y.shared.cmp(&x.shared))
            .then_with(|| (&x.exercise, &x.a, &x.b).cmp(&(&y.exercise, &y.a, &y.b)))
    });
    all.truncate(SHOWN);
    all
}

/// The report as a person reads it.
pub fn text(report: &Report) -> String {
    let mut out = format!(
        "Similarity of the submitted exercise files of {} student(s), the starter's code removed.\n{CAVEAT}\n\n",
        report.students
    );
    if report.pairs.is_empty() {
        out.push_str("No two submissions share code beyond the starter.\n");
    }
    for (n, p) in report.pairs.iter().enumerate() {
        out.push_str(&format!(
            "{}. {}: {} and {}, {:.0}% ({} shared fingerprints)\n",
            n + 1,
            p.exercise,
            p.a,
            p.b,
            p.similarity * 100.0,
            p.shared
        ));
        for r in &p.regions {
            out.push_str(&format!(
                "   {} lines {}-{}  ~  {} lines {}-{}\n",
                p.a_file, r.a.0, r.a.1, p.b_file, r.b.0, r.b.1
            ));
        }
    }
    for (exercise, students) in &report.too_short {
        out.push_str(&format!(
            "\n{exercise}: too short to compare, once the starter is removed: {}\n",
            students.join(", ")
        ));
    }
    out
}

/// Reads the class in `submissions` and compares its files, exercise by
/// exercise.
pub fn compare_class(course: &Course, submissions: &Path) -> Result<Report> {
    let students = list_students(submissions)?;
    let mut all = Vec::new();
    let mut too_short: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for exercise in &course.exercises {
        let starter = std::fs::read_to_string(&exercise.starter).unwrap_or_default();
        let base = fingerprints(&starter, exercise.language);
        let rel = exercise.file_rel.to_string_lossy().into_owned();
        let mut files = Vec::new();
        for (name, dir) in &students {
            let found = submitted_files(course, dir);
            let Some(Some(path)) = found.get(&rel) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let prints = without_starter(fingerprints(&text, exercise.language), &base);
            if prints.len() < MIN_FINGERPRINTS {
                too_short
                    .entry(exercise.id.clone())
                    .or_default()
                    .push(name.clone());
                continue;
            }
            let shown = path.strip_prefix(submissions).unwrap_or(path);
            files.push(Submitted {
                student: name.clone(),
                file: shown.to_string_lossy().into_owned(),
                prints,
            });
        }
        all.extend(pairs(&exercise.id, &files));
    }
    Ok(Report {
        caveat: CAVEAT,
        students: students.len(),
        pairs: ranked(all),
        too_short,
    })
}

/// Compares the class in `submissions` and writes `similarity.txt` and
/// `similarity.json` into `out`: the report and the text's path.
pub fn write_report(
    course: &Course,
    submissions: &Path,
    out: &Path,
) -> Result<(Report, std::path::PathBuf)> {
    let report = compare_class(course, submissions)?;
    let path = out.join("similarity.txt");
    store::write_atomically(&path, text(&report).as_bytes())?;
    store::write_json(&out.join("similarity.json"), &report)?;
    Ok((report, path))
}
