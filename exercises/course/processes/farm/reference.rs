//! Reference solution for processes/farm: a dynamic work queue. The parent
//! has one thread per child. Each thread claims the next task from a shared
//! counter, sends it to its child, and waits for the answer before claiming
//! another, so a child that drew a heavy task simply gets fewer tasks. Every
//! result is stored with its task's index, so the order is the input order.

use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// One task: a seed and how many rounds of mixing it takes.
#[derive(Clone, Copy, Debug)]
pub struct Task {
    pub seed: u64,
    pub rounds: u64,
}

fn work(task: &Task) -> u64 {
    let mut x = task.seed;
    for _ in 0..task.rounds {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 29;
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    }
    x
}

pub fn farm(tasks: &[Task], workers: usize) -> io::Result<Vec<u64>> {
    let exe = env::current_exe()?;
    let mut children = Vec::new();
    let mut failure = None;
    for _ in 0..workers.max(1) {
        match start(&exe) {
            Ok(child) => children.push(child),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let next = AtomicUsize::new(0);
    // One thread per child; each waits for its child before it ends.
    let done: Vec<io::Result<Vec<(usize, u64)>>> = thread::scope(|s| {
        let handles: Vec<_> = children
            .into_iter()
            .map(|child| {
                let next = &next;
                s.spawn(move || serve(child, tasks, next))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a farm thread panicked"))
            .collect()
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let mut results = vec![0; tasks.len()];
    for pairs in done {
        for (index, result) in pairs? {
            results[index] = result;
        }
    }
    Ok(results)
}

fn start(exe: &Path) -> io::Result<Child> {
    Command::new(exe)
        .arg("--worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
}

/// Feeds one child until the queue is empty, then waits for it.
fn serve(mut child: Child, tasks: &[Task], next: &AtomicUsize) -> io::Result<Vec<(usize, u64)>> {
    let done = feed(&mut child, tasks, next);
    // `feed` has closed the child's stdin, so the child is ending.
    let status = child.wait()?;
    let done = done?;
    if !status.success() {
        return Err(io::Error::other(format!("a worker failed: {status}")));
    }
    Ok(done)
}

fn feed(child: &mut Child, tasks: &[Task], next: &AtomicUsize) -> io::Result<Vec<(usize, u64)>> {
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout was piped"));
    let mut done = Vec::new();
    let mut line = String::new();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(task) = tasks.get(index) else {
            return Ok(done);
        };
        // One write per message: the pipe is not buffered.
        stdin.write_all(format!("{} {}\n", task.seed, task.rounds).as_bytes())?;
        line.clear();
        if stdout.read_line(&mut line)? == 0 {
            return Err(io::Error::other("a worker closed its stdout early"));
        }
        let result = line
            .trim()
            .parse()
            .map_err(|e| io::Error::other(format!("a worker answered {line:?}: {e}")))?;
        done.push((index, result));
    }
}

/// The child's side: answers each task line with one result line. Standard
/// output is line-buffered, so each answer leaves at its newline.
pub fn worker() -> io::Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let task = parse_task(&line?)?;
        writeln!(out, "{}", work(&task))?;
    }
    Ok(())
}

fn parse_task(line: &str) -> io::Result<Task> {
    let bad = |e: &dyn std::fmt::Display| io::Error::other(format!("bad task {line:?}: {e}"));
    let mut fields = line.split_whitespace().map(str::parse::<u64>);
    match (fields.next(), fields.next(), fields.next()) {
        (Some(seed), Some(rounds), None) => Ok(Task {
            seed: seed.map_err(|e| bad(&e))?,
            rounds: rounds.map_err(|e| bad(&e))?,
        }),
        _ => Err(bad(&"expected a seed and a round count")),
    }
}
