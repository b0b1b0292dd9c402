//! # processes/squares: one child process per number
//!
//! `squares` gets a short list of numbers and returns their squares, in the
//! same order. Compute every square in a child process of its own.
//!
//! This program is its own worker. Start a child with
//! `Command::new(std::env::current_exe()?).arg("--worker")`: when the first
//! argument is `--worker`, the harness calls your `worker` function and exits,
//! without building the input or reporting a result. A child and its parent
//! share no memory, so they talk through pipes: give each child a piped stdin
//! and stdout (`Stdio::piped()`), write its number to its stdin as one line of
//! text, close its stdin, and read the square back from its stdout.
//!
//! Start every child before you wait for any, so that they run at the same
//! time, and wait for every child you started: a child that is never waited
//! for stays in the process table as a zombie until its parent exits.
//!
//! Check it with `parlab check processes/squares`; ask for a hint with
//! `parlab hint processes/squares`.

use std::io;

/// The parent's side: one child per number, the squares in input order.
pub fn squares(numbers: &[u64]) -> io::Result<Vec<u64>> {
    let exe = std::env::current_exe()?;
    // TODO: for each number, start `exe` with the argument "--worker", piped
    // stdin and stdout, and write the number to the child's stdin. Then read
    // every child's answer, in the order of `numbers`, and wait for it.
    let _ = (exe, numbers);
    todo!("start one child per number")
}

/// The child's side: runs in a process started with `--worker`.
pub fn worker() -> io::Result<()> {
    // TODO: read one line from stdin, parse it as a u64, and write its
    // square to stdout as one line.
    todo!("read a number, write its square")
}
