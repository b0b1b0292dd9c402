//! The run's session with the workbench: the key that signs the result, the
//! seed of the input, and the guards around the clock and the report.
//!
//! The workbench hands every run a fresh key on standard input, through a
//! pipe it owns, and names that pipe in `PARLAB_KEY_PIPE` (its inode, or
//! `any` under an MPI launcher, which forwards standard input to rank 0 on a
//! pipe of its own). The key is read at the first call into this crate,
//! before the harness runs any of the learner's code, and the pipe is then
//! empty: a learner's process that reads standard input finds nothing. The
//! result line carries an HMAC-SHA-256 of its JSON under that key, so a line
//! the learner's code prints is told apart from the harness's.
//!
//! The learner's code runs inside the harness's process and could call
//! [`crate::report`] itself. The guards make that visible instead of
//! trusted: a report from inside the timed kernel, from another thread than
//! the one the kernel was timed on, or a second report, is signed with the
//! reason in a `tampered` field, and the workbench rejects the run. What the
//! guards cannot stop (code that reads this process's memory through /proc)
//! is caught by the workbench's own measurements from outside the process.

use std::io::BufRead;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;

/// Names the pipe on standard input that carries the key.
pub const KEY_PIPE_ENV: &str = "PARLAB_KEY_PIPE";
/// The seed the workbench chose for this check, when it chose one.
pub const SEED_ENV: &str = "PARLAB_SEED";
/// The line the workbench writes on the key pipe, before the key in hex.
const KEY_PREFIX: &str = "parlab-key ";

static KEY: OnceLock<Option<Vec<u8>>> = OnceLock::new();
static IN_KERNEL: AtomicBool = AtomicBool::new(false);
static REPORTS: AtomicUsize = AtomicUsize::new(0);
static TIMER_THREAD: Mutex<Option<ThreadId>> = Mutex::new(None);
static TAMPERED: Mutex<Option<String>> = Mutex::new(None);
static SEED_USED: Mutex<Option<u64>> = Mutex::new(None);

/// Takes the key from the workbench, once. Every public call of the crate
/// starts here, so the key is gone from the pipe before any learner code runs.
pub fn start() {
    KEY.get_or_init(read_key);
}

fn read_key() -> Option<Vec<u8>> {
    let want = std::env::var(KEY_PIPE_ENV).ok()?;
    if want != "any" {
        let link = std::fs::read_link("/proc/self/fd/0").ok()?;
        if link.to_str()? != format!("pipe:[{want}]") {
            return None;
        }
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    let hex = line.trim_end().strip_prefix(KEY_PREFIX)?;
    decode_hex(hex).filter(|k| k.len() >= 16)
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The seed for the input: the workbench's, or `default` when it chose none.
pub fn seed(default: u64) -> u64 {
    start();
    let chosen = std::env::var(SEED_ENV)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    let seed = chosen.unwrap_or(default);
    if chosen.is_some() {
        *lock(&SEED_USED) = Some(seed);
    }
    seed
}

/// The seed the input was drawn from, when it came from the workbench.
pub fn seed_used() -> Option<u64> {
    *lock(&SEED_USED)
}

/// Marks the start of the timed kernel on this thread.
pub fn enter_kernel() {
    start();
    if IN_KERNEL.swap(true, Ordering::SeqCst) {
        tamper("the clock was started again inside the timed kernel");
    }
    let me = std::thread::current().id();
    let mut timer = lock(&TIMER_THREAD);
    match *timer {
        Some(t) if t != me => {
            drop(timer);
            tamper("the clock was started on a second thread");
        }
        _ => *timer = Some(me),
    }
}

pub fn leave_kernel() {
    IN_KERNEL.store(false, Ordering::SeqCst);
}

/// Checks that this report is the harness's own: after the kernel, on the
/// thread that timed it, and the first.
pub fn admit_report() {
    start();
    if IN_KERNEL.load(Ordering::SeqCst) {
        tamper("the result was reported from inside the timed kernel");
    }
    let me = std::thread::current().id();
    if lock(&TIMER_THREAD).is_some_and(|t| t != me) {
        tamper("the result was reported from a thread other than the harness's");
    }
    if REPORTS.fetch_add(1, Ordering::SeqCst) > 0 {
        tamper("the result was reported a second time");
    }
}

/// Records tampering that another process (an MPI rank) saw.
#[cfg_attr(not(feature = "mpi"), allow(dead_code))]
pub(crate) fn tamper_from_elsewhere(why: &str) {
    tamper(why);
}

fn tamper(why: &str) {
    let mut tampered = lock(&TAMPERED);
    if tampered.is_none() {
        *tampered = Some(why.to_owned());
    }
}

/// Why this run's report cannot be trusted, if something tampered with it.
pub fn tampered() -> Option<String> {
    lock(&TAMPERED).clone()
}

/// The signature of a result line's JSON: HMAC-SHA-256 under the run's key,
/// or `unsigned` when the program runs without the workbench.
pub fn sign(json: &str) -> String {
    match KEY.get().and_then(Option::as_deref) {
        Some(key) => crate::sha256::hmac_hex(key, json.as_bytes()),
        None => "unsigned".to_owned(),
    }
}

/// A poisoned lock still holds a usable value: a panic elsewhere must not
/// hide what the guards recorded.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_keys_decode() {
        assert_eq!(decode_hex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(decode_hex("0"), None);
        assert_eq!(decode_hex("zz"), None);
    }
}
