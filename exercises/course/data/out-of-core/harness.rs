//! Harness for data/out-of-core. Course-owned: the learner does not edit this
//! file.
//!
//! Before the clock starts, the harness writes a seeded CSV file of
//! 47 000 003 readings (about 520 MB) into the temporary folder: a header
//! line `key,value`, then one `key,value` line per reading, with no newline
//! after the last one. Keys are 0 to 4098 (a prime count), drawn unevenly so
//! that small keys are far more common; values are -1 000 000 to 1 000 000.
//! While writing, it adds up the expected count, sum, minimum and maximum of
//! every key, in a table of 4099 entries, so it never holds the file itself.
//!
//! Around the kernel it measures the process's resident memory: the current
//! resident size just before (after resetting the high-water mark where
//! Linux allows it), the high-water mark (VmHWM) just after. The kernel may
//! add at most `BUDGET_BYTES` to what the harness already held.
//!
//! The result is "ok", or the first problem: an error from the kernel, a
//! wrong aggregate, or "over the memory budget of 64 MB". The measured figures go to
//! standard output, not into the result, so the result is the same on every
//! run. The file is deleted when the harness ends, also when the kernel
//! panics; files left by runs that were killed are deleted by the next run.

#![forbid(unsafe_code)]

#[path = "../../../data/out-of-core.rs"]
mod solution;

use parlab_support::rng::SplitMix64;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The number of distinct keys, 0 to KEYS - 1.
pub const KEYS: usize = 4_099;
/// The most memory the kernel may add to the process's resident size.
pub const BUDGET_BYTES: u64 = 64 << 20;

const LINES: u64 = 47_000_003;
/// The seed of the readings when the workbench chooses none.
const SEED: u64 = 0x6f75_742d_6f66_2d63;
const PREFIX: &str = "parlab-out-of-core-";

/// The aggregates of one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    pub count: u64,
    pub sum: i64,
    pub min: i64,
    pub max: i64,
}

impl Stats {
    /// No readings yet: a count of zero, and a minimum and maximum that any
    /// reading replaces.
    pub const EMPTY: Stats = Stats {
        count: 0,
        sum: 0,
        min: i64::MAX,
        max: i64::MIN,
    };

    /// Adds one reading.
    pub fn add(&mut self, value: i64) {
        self.count += 1;
        self.sum += value;
        self.min = self.min.min(value);
        self.max = self.max.max(value);
    }

    /// Adds every reading another `Stats` has seen.
    pub fn merge(&mut self, other: &Stats) {
        self.count += other.count;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }
}

/// The input file: deleted when this is dropped, on every way out of `main`
/// that unwinds.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Deletes input files of earlier runs whose process is gone (a run stopped
/// at its time limit cannot delete its own).
fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or_default();
        let alive = Path::new("/proc").join(pid).exists();
        if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && !alive {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes `n` in decimal at the end of `out`.
fn push_int(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut m = n.unsigned_abs();
    loop {
        digits[len] = b'0' + (m % 10) as u8;
        len += 1;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    out.extend(digits[..len].iter().rev());
}

/// Writes the file seeded by `seed` and returns the expected aggregates.
fn write_input(path: &Path, seed: u64) -> io::Result<Vec<Stats>> {
    let mut expected = vec![Stats::EMPTY; KEYS];
    let mut rng = SplitMix64::new(seed);
    let mut file = BufWriter::with_capacity(1 << 20, fs::File::create(path)?);
    let mut line = Vec::with_capacity(32);
    file.write_all(b"key,value\n")?;
    for i in 0..LINES {
        let u = rng.next_f64();
        let key = ((u * u * KEYS as f64) as usize).min(KEYS - 1);
        let value = rng.below(2_000_001) as i64 - 1_000_000;
        expected[key].add(value);
        line.clear();
        push_int(&mut line, key as i64);
        line.push(b',');
        push_int(&mut line, value);
        if i + 1 < LINES {
            line.push(b'\n');
        }
        file.write_all(&line)?;
    }
    file.flush()?;
    Ok(expected)
}

/// A field of /proc/self/status, in bytes.
fn status_bytes(field: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The first key whose aggregates differ, as a message.
fn compare(got: &[Stats], expected: &[Stats]) -> Option<String> {
    if got.len() != expected.len() {
        return Some(format!(
            "aggregate returned {} keys, expected {}",
            got.len(),
            expected.len()
        ));
    }
    let (key, (g, e)) = got
        .iter()
        .zip(expected)
        .enumerate()
        .find(|(_, (g, e))| g != e)?;
    Some(format!(
        "key {key}: got count {} sum {} min {} max {}, expected count {} sum {} min {} max {}",
        g.count, g.sum, g.min, g.max, e.count, e.sum, e.min, e.max
    ))
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

fn main() {
    let seed = parlab_support::seed(SEED);
    let dir = std::env::temp_dir();
    remove_stale(&dir);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let file = TempFile(dir.join(format!("{PREFIX}{}-{nanos}.csv", std::process::id())));
    let expected = match write_input(&file.0, seed) {
        Ok(expected) => expected,
        Err(e) => {
            let path = file.0.display();
            println!("could not write the input file {path}: {e}");
            parlab_support::report(format!("could not write the input file: {e}"), 0.0);
            return;
        }
    };
    let size = fs::metadata(&file.0).map_or(0, |m| m.len());
    println!(
        "input: {} ({:.0} MB); memory budget {:.0} MB",
        file.0.display(),
        mb(size),
        mb(BUDGET_BYTES)
    );

    let workers = parlab_support::workers();
    // Writing 5 to clear_refs resets the high-water mark to the current
    // resident size (Linux); where that fails, the mark of the writing phase
    // stays, and it is small.
    let _ = fs::write("/proc/self/clear_refs", "5");
    let before = status_bytes("VmRSS:").unwrap_or(0);
    let (stats, seconds) = parlab_support::time(|| solution::aggregate(&file.0, workers));
    let peak = status_bytes("VmHWM:").unwrap_or(0);
    let used = peak.saturating_sub(before);
    println!(
        "peak memory: {:.1} MB above the {:.1} MB held before the kernel; budget {:.0} MB",
        mb(used),
        mb(before),
        mb(BUDGET_BYTES)
    );

    let result = match stats {
        Err(e) => format!("aggregate failed: {e}"),
        Ok(stats) => match compare(&stats, &expected) {
            Some(problem) => problem,
            None if peak == 0 => "the peak memory could not be read".to_owned(),
            None if used > BUDGET_BYTES => {
                format!("over the memory budget of {} MB", BUDGET_BYTES >> 20)
            }
            None => "ok".to_owned(),
        },
    };
    drop(file);
    parlab_support::report(result, seconds);
}
