//! # processes/farm: a task farm with a work queue
//!
//! `farm` runs `work` on every task and returns the results in task order.
//! The tasks differ a lot in cost: most take about a millisecond, a few
//! take some sixty times as long, and those few all sit near the start.
//!
//! The code below is correct and already uses child processes: it starts one
//! child per worker with `current_exe()` and the argument `--worker` (when the
//! first argument is `--worker`, the harness calls your `worker` function and
//! exits), sends each child one contiguous block of tasks, and reads back its
//! results. But the first block holds all the costly tasks, so the first child
//! works long after the others have finished.
//!
//! Make it a farm with a work queue: the parent hands a child one task at a
//! time, and gives the next task to whichever child answers first, so a child
//! that drew a costly task simply gets fewer of them. The parent cannot wait
//! on several pipes at once with the standard library alone, so give it one
//! thread per child; the threads share a counter of the next task.
//!
//! The messages are lines of text: a task goes as `"{seed} {rounds}\n"`, and
//! the child answers with `"{result}\n"`. `worker` already works this way, one
//! task at a time, and needs no change.
//!
//! Check it with `parlab check processes/farm`; ask for a hint with
//! `parlab hint processes/farm`.

use std::env;
use std::io::{self, BufRead, Write};
use std::process::{Command, Stdio};

/// One task: a seed and how many rounds of mixing it takes. The harness
/// builds the list; keep the fields as they are.
#[derive(Clone, Copy, Debug)]
pub struct Task {
    pub seed: u64,
    pub rounds: u64,
}

/// The work of one task: its cost grows with `rounds`.
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

/// The parent's side: every task's result, in task order.
pub fn farm(tasks: &[Task], workers: usize) -> io::Result<Vec<u64>> {
    let exe = env::current_exe()?;
    // TODO: a static split: one contiguous block of tasks per child. Replace
    // it with a queue that hands out one task at a time.
    let chunk = tasks.len().div_ceil(workers.max(1)).max(1);
    let mut children = Vec::new();
    for block in tasks.chunks(chunk) {
        let mut child = Command::new(&exe)
            .arg("--worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let mut stdin = child.stdin.take().expect("stdin was piped");
        for task in block {
            writeln!(stdin, "{} {}", task.seed, task.rounds)?;
        }
        // `stdin` is dropped here, so the child sees the end of its input.
        children.push(child);
    }
    let mut results = Vec::with_capacity(tasks.len());
    for child in children {
        let output = child.wait_with_output()?;
        if !output.status.success() {
            return Err(io::Error::other(format!(
                "a worker failed: {}",
                output.status
            )));
        }
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let result = line
                .trim()
                .parse()
                .map_err(|e| io::Error::other(format!("a worker answered {line:?}: {e}")))?;
            results.push(result);
        }
    }
    Ok(results)
}

/// The child's side: answers each task line with one result line, until its
/// stdin closes. Standard output is line-buffered, so each answer leaves at
/// its newline and the parent can read it at once.
pub fn worker() -> io::Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let task = parse_task(&line?)?;
        writeln!(out, "{}", work(&task))?;
    }
    Ok(())
}

/// A task from its line, `"{seed} {rounds}"`.
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
