//! Reference solution for processes/squares: every child is started and sent
//! its number before any is waited for, then each child's output is read and
//! the child waited for in input order, so the squares come back in order.

use std::env;
use std::io::{self, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

pub fn squares(numbers: &[u64]) -> io::Result<Vec<u64>> {
    let exe = env::current_exe()?;
    let mut children = Vec::with_capacity(numbers.len());
    let mut failure = None;
    for &n in numbers {
        match start(&exe, n) {
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
    outputs.into_iter().map(|output| answer(output?)).collect()
}

/// Starts one child and sends it `n`. The child's stdin is closed when this
/// returns, so the child sees the end of its input.
fn start(exe: &Path, n: u64) -> io::Result<Child> {
    let mut child = Command::new(exe)
        .arg("--worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    if let Err(e) = writeln!(stdin, "{n}") {
        drop(stdin);
        child.wait()?;
        return Err(e);
    }
    Ok(child)
}

/// The square a child printed, or why there is none.
fn answer(output: Output) -> io::Result<u64> {
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
    let n: u64 = line
        .trim()
        .parse()
        .map_err(|e| io::Error::other(format!("not a number: {line:?}: {e}")))?;
    writeln!(io::stdout(), "{}", n * n)
}
