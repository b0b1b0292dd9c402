//! Harness for processes/memory. Course-owned: the learner does not edit this
//! file.
//!
//! The binary plays three parts, chosen by its first argument:
//! - `--worker`: a child of the learner's `with_processes`; it runs only the
//!   learner's `worker` and returns, without the result line.
//! - `--measure-threads <workers> <seed>`: a child of this harness that runs
//!   the learner's `with_threads` alone, on the parent's seed, and prints its
//!   result and its own peak resident memory (VmHWM), so that the threads'
//!   figure is not mixed with anything the process version left in the
//!   parent.
//! - no argument: the parent. It runs `with_processes` while a thread samples
//!   the peak resident memory of every child from /proc, then starts the
//!   threads' measurement child, prints a short table of both figures, and
//!   reports the processes' result.
//!
//! The table is about 80 MB, so 3 workers stay well under half a gigabyte.
//! Only the result is graded; the memory figures are there to be read.

#![forbid(unsafe_code)]

#[path = "../../../processes/memory.rs"]
mod solution;

use std::collections::BTreeMap;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

const MEASURE_FLAG: &str = "--measure-threads";
const QUERIES: u64 = 300_007;
/// The seed of the table when the workbench chooses none.
const SEED: u64 = 0x4d45_4d4f_5259;
/// Every entry of the table is a u64.
const TABLE_BYTES: u64 = 10_000_019 * 8;
const SAMPLE_EVERY: Duration = Duration::from_millis(2);

fn main() -> ExitCode {
    if let Some(code) = parlab_support::run_as_worker(solution::worker) {
        return code;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((flag, rest)) if flag == MEASURE_FLAG => measure_threads(rest),
        _ => parent(),
    }
}

/// The measurement child: the thread version, then this process's peak. It
/// gets the parent's seed as an argument, so both versions see one table.
fn measure_threads(args: &[String]) -> ExitCode {
    let number = |i: usize| args.get(i).and_then(|a| a.parse().ok());
    let (Some(workers), Some(seed)) = (number(0), number(1)) else {
        eprintln!("{MEASURE_FLAG} needs a worker count and a seed");
        return ExitCode::FAILURE;
    };
    let result = solution::with_threads(seed, QUERIES, workers as usize);
    let peak_kb = vm_kb(std::process::id(), "VmHWM:").unwrap_or(0);
    println!("{result} {peak_kb}");
    ExitCode::SUCCESS
}

fn parent() -> ExitCode {
    let seed = parlab_support::seed(SEED);
    let workers = parlab_support::workers();
    // The support crate's clock counts the CPU time of the children the
    // kernel waited for, too.
    let ((result, children), seconds) = parlab_support::time(|| {
        sampling_children(|| solution::with_processes(seed, QUERIES, workers))
    });
    let result = match result {
        Ok(result) => result,
        Err(e) => {
            eprintln!("with_processes failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let parent_kb = vm_kb(std::process::id(), "VmHWM:");
    let threads = run_thread_version(workers, seed);
    print_table(workers, parent_kb, &children, threads.as_ref().ok());
    match &threads {
        Ok((threads_result, _)) if *threads_result != result => eprintln!(
            "Note: with_threads computed {threads_result:016x}, with_processes {result:016x}."
        ),
        Ok(_) => {}
        Err(e) => eprintln!("The thread version could not be measured: {e}"),
    }
    parlab_support::report(format!("{result:016x}"), seconds);
    ExitCode::SUCCESS
}

/// Runs `run` while a thread samples the peak resident memory (VmHWM, in kB)
/// of each child of this process, by pid. A child seen once after it built
/// its table is enough: VmHWM only grows.
fn sampling_children<T>(run: impl FnOnce() -> T) -> (T, BTreeMap<u32, u64>) {
    let stop = AtomicBool::new(false);
    thread::scope(|s| {
        let sampler = s.spawn(|| {
            let me = std::process::id();
            let mut peaks = BTreeMap::new();
            while !stop.load(Ordering::Relaxed) {
                sample_children(me, &mut peaks);
                thread::sleep(SAMPLE_EVERY);
            }
            peaks
        });
        // Stops the sampler even when `run` panics (a `todo!()`): otherwise
        // the scope would wait for it forever.
        let stopper = StopOnDrop(&stop);
        let value = run();
        drop(stopper);
        (value, sampler.join().unwrap_or_default())
    })
}

struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

fn sample_children(parent: u32, peaks: &mut BTreeMap<u32, u64>) {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
            continue;
        };
        if parent_of(pid) != Some(parent) {
            continue;
        }
        // A child that has exited but is not yet waited for has no VmHWM.
        if let Some(kb) = vm_kb(pid, "VmHWM:") {
            let peak = peaks.entry(pid).or_insert(0);
            *peak = (*peak).max(kb);
        }
    }
}

/// The parent pid, from /proc/<pid>/stat (the field after the state).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = stat.rsplit_once(')')?.1;
    after_name.split_whitespace().nth(1)?.parse().ok()
}

/// A memory figure in kB from /proc/<pid>/status, such as "VmHWM:".
fn vm_kb(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

/// Starts the measurement child and returns its result and peak in kB.
fn run_thread_version(workers: usize, seed: u64) -> Result<(u64, u64), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let output = Command::new(exe)
        .arg(MEASURE_FLAG)
        .arg(workers.to_string())
        .arg(seed.to_string())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("it ended with {}", output.status));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace().map(str::parse::<u64>);
    match (fields.next(), fields.next()) {
        (Some(Ok(result)), Some(Ok(kb))) => Ok((result, kb)),
        _ => Err(format!("it printed {text:?}")),
    }
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 * 1024.0 / 1e6)
}

fn print_table(
    workers: usize,
    parent_kb: Option<u64>,
    children: &BTreeMap<u32, u64>,
    threads: Option<&(u64, u64)>,
) {
    println!(
        "Peak resident memory with {workers} worker{} (the table alone is {:.1} MB):",
        if workers == 1 { "" } else { "s" },
        TABLE_BYTES as f64 / 1e6
    );
    match threads {
        Some(&(_, kb)) if kb > 0 => {
            println!(
                "  threads:   1 table, {:>9}  (one process; the threads share its table)",
                mb(kb)
            );
        }
        _ => println!("  threads:   not measured"),
    }
    if children.is_empty() || parent_kb.is_none() {
        println!("  processes: not measured (no child processes seen in /proc)");
        return;
    }
    let children_kb: u64 = children.values().sum();
    let total = children_kb + parent_kb.unwrap_or(0);
    let n = children.len();
    println!(
        "  processes: {n} table{}, {:>9}  (the parent {}, each child about {})",
        if n == 1 { "" } else { "s" },
        mb(total),
        mb(parent_kb.unwrap_or(0)),
        mb(children_kb / n as u64)
    );
}
