//! # data/out-of-core: aggregate a file larger than your memory budget
//!
//! The file at `path` is a CSV of readings: a header line `key,value`, then
//! one line per reading, such as `17,-40321`, with keys 0 to `KEYS - 1` and
//! values from -1 000 000 to 1 000 000. The last line has no newline after
//! it. `aggregate` returns the count, sum, minimum and maximum of the values
//! of every key, as `KEYS` entries in key order.
//!
//! The code below is correct, but it reads the whole file, about 520 MB,
//! into memory first. The harness measures the peak resident memory of the
//! run, and your code may add at most `BUDGET_BYTES` (64 MB) to what the
//! harness held before it started.
//!
//! Stream the file instead: read it in fixed-size chunks (a few MB) into a
//! buffer you reuse, parse the complete lines of each chunk, and keep only
//! the per-key aggregates. A chunk boundary almost always falls inside a
//! line: carry the piece after the chunk's last newline over to the front of
//! the next chunk.
//!
//! `Stats`, `KEYS` and `BUDGET_BYTES` are the harness's
//! (course/data/out-of-core/harness.rs). Speed is not graded, so parsing on
//! `workers` threads is optional; if you do, keep the memory bounded at any
//! worker count.
//!
//! Check it with `parlab check data/out-of-core`; ask for a hint with
//! `parlab hint data/out-of-core`.

use std::fs;
use std::io;
use std::path::Path;

use crate::{KEYS, Stats};

/// Parses one line, `key,value`, without its newline.
fn parse_line(line: &[u8]) -> (usize, i64) {
    let comma = line
        .iter()
        .position(|&b| b == b',')
        .expect("a comma in every line");
    let key = line[..comma]
        .iter()
        .fold(0usize, |k, &d| k * 10 + usize::from(d - b'0'));
    let (negative, digits) = match &line[comma + 1..] {
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let value = digits
        .iter()
        .fold(0i64, |v, &d| v * 10 + i64::from(d - b'0'));
    (key, if negative { -value } else { value })
}

pub fn aggregate(path: &Path, workers: usize) -> io::Result<Vec<Stats>> {
    let _ = workers; // Optional: parse chunks on `workers` threads.
    // TODO: read the file in fixed-size chunks instead of all at once.
    let data = fs::read(path)?;
    let mut stats = vec![Stats::EMPTY; KEYS];
    let mut lines = data.split(|&b| b == b'\n');
    lines.next(); // the header
    for line in lines.filter(|l| !l.is_empty()) {
        let (key, value) = parse_line(line);
        stats[key].add(value);
    }
    Ok(stats)
}
