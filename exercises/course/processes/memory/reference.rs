//! Reference solution for processes/memory: one child per worker, each sent
//! the seed and a range of queries on one line. Every child builds its own
//! copy of the table, answers its queries, and writes back one sum; the
//! parent adds the sums.

use std::env;
use std::io::{self, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::thread;

/// Entries in the lookup table: 8 bytes each, about 80 MB in all.
const TABLE_LEN: u64 = 10_000_019;
/// Dependent lookups per query.
const STEPS: u32 = 16;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn build_table(seed: u64) -> Vec<u64> {
    (0..TABLE_LEN)
        .map(|i| mix(seed ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
        .collect()
}

fn query(table: &[u64], q: u64) -> u64 {
    let mut x = mix(q);
    for _ in 0..STEPS {
        x = table[(x % TABLE_LEN) as usize] ^ x.rotate_left(23);
    }
    x
}

fn answer(table: &[u64], start: u64, end: u64) -> u64 {
    (start..end).fold(0u64, |sum, q| sum.wrapping_add(query(table, q)))
}

pub fn with_threads(seed: u64, queries: u64, workers: usize) -> u64 {
    let table = build_table(seed);
    let workers = workers.max(1) as u64;
    let chunk = queries.div_ceil(workers);
    thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let table = &table;
                let start = (w * chunk).min(queries);
                let end = ((w + 1) * chunk).min(queries);
                s.spawn(move || answer(table, start, end))
            })
            .collect();
        handles
            .into_iter()
            .fold(0u64, |sum, h| sum.wrapping_add(h.join().unwrap()))
    })
}

pub fn with_processes(seed: u64, queries: u64, workers: usize) -> io::Result<u64> {
    let exe = env::current_exe()?;
    let workers = workers.max(1) as u64;
    let chunk = queries.div_ceil(workers);
    let mut children = Vec::new();
    let mut failure = None;
    for w in 0..workers {
        let start = (w * chunk).min(queries);
        let end = ((w + 1) * chunk).min(queries);
        match ask(&exe, &format!("{seed} {start} {end}")) {
            Ok(child) => children.push(child),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    // Wait for every child that started, even after a failure.
    let outputs: Vec<io::Result<Output>> =
        children.into_iter().map(Child::wait_with_output).collect();
    if let Some(e) = failure {
        return Err(e);
    }
    let mut sum = 0u64;
    for output in outputs {
        sum = sum.wrapping_add(parse_sum(&output?)?);
    }
    Ok(sum)
}

/// Starts a worker and sends it one line; its stdin is closed on return.
fn ask(exe: &Path, line: &str) -> io::Result<Child> {
    let mut child = Command::new(exe)
        .arg("--worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    if let Err(e) = writeln!(stdin, "{line}") {
        drop(stdin);
        child.wait()?;
        return Err(e);
    }
    Ok(child)
}

fn parse_sum(output: &Output) -> io::Result<u64> {
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "a worker failed: {}",
            output.status
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim()
        .parse()
        .map_err(|e| io::Error::other(format!("a worker answered {text:?}: {e}")))
}

pub fn worker() -> io::Result<()> {
    let mut line = String::new();
    io::stdin().read_line(&mut line)?;
    let numbers: Vec<u64> = line
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|e| io::Error::other(format!("bad request {line:?}: {e}")))?;
    let [seed, start, end] = numbers[..] else {
        return Err(io::Error::other(format!(
            "bad request {line:?}: expected seed, start and end"
        )));
    };
    let table = build_table(seed);
    writeln!(io::stdout(), "{}", answer(&table, start, end))
}
