//! The run loop against real `/bin/sh` programs: exit codes and output, a
//! group left behind, a timeout, a `setsid` daemon, standard input, a flood,
//! memory sampling and a cancel.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{Ending, RunSpec, StdinPipe, run};

fn sh(script: &str, limit_ms: u64) -> RunSpec {
    let mut spec = RunSpec::new("/bin/sh", Duration::from_millis(limit_ms))
        .arg("-c")
        .arg(script);
    spec.cancel = Arc::new(AtomicBool::new(false));
    spec
}

fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        s.rsplit(')')
            .next()
            .is_some_and(|r| !r.trim_start().starts_with('Z'))
    })
}

#[test]
fn exit_code_and_output_are_kept() {
    let out = run(&sh("echo out; echo err >&2; exit 3", 5_000)).unwrap();
    assert_eq!(out.ending, Ending::Exited { code: 3 });
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str()),
        ("out\n", "err\n")
    );
}

#[test]
fn a_background_child_left_behind_is_killed() {
    let out = run(&sh("sleep 30 & echo $!", 5_000)).unwrap();
    assert_eq!(out.ending, Ending::Exited { code: 0 });
    let pid: i32 = out.stdout.trim().parse().unwrap();
    std::thread::sleep(Duration::from_millis(50));
    assert!(!alive(pid), "the background sleep {pid} survived its group");
}

#[test]
fn a_timeout_kills_the_whole_group() {
    let started = Instant::now();
    let out = run(&sh("sleep 30 & echo $!; sleep 30", 300)).unwrap();
    assert_eq!(out.ending, Ending::TimedOut);
    assert!(started.elapsed() < Duration::from_secs(5));
    let pid: i32 = out.stdout.trim().parse().unwrap();
    assert!(!alive(pid));
}

/// A daemon started with a double fork and `setsid`, in its own session
/// and group, whose parent exits at once: it must not outlive the run.
fn daemon_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("pid");
    let script = format!(
        "sh -c 'setsid sh -c \"echo \\$\\$ > {}; exec sleep 300\" &' ; sleep 0.3",
        pidfile.display()
    );
    let out = run(&sh(&script, 10_000)).unwrap();
    assert_eq!(out.ending, Ending::Exited { code: 0 }, "{}", out.stderr);
    let pid: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    std::thread::sleep(Duration::from_millis(50));
    assert!(!alive(pid), "the daemon {pid} outlived its run");
}

#[test]
fn a_setsid_daemon_is_killed() {
    daemon_is_killed();
}

#[test]
fn a_missing_program_is_an_error() {
    let spec = RunSpec::new("no-such-program-parlab", Duration::from_secs(1));
    assert_eq!(run(&spec).unwrap_err().kind(), io::ErrorKind::NotFound);
}

#[test]
fn stdin_bytes_arrive_and_the_pipe_is_named() {
    let mut spec = sh(
        "read line; echo \"$line $KEYPIPE\"; readlink /proc/self/fd/0",
        5_000,
    );
    spec.stdin = Some(StdinPipe {
        bytes: b"hello\n".to_vec(),
        inode_env: Some("KEYPIPE".into()),
    });
    let out = run(&spec).unwrap();
    let mut lines = out.stdout.lines();
    let first = lines.next().unwrap();
    let inode = first.strip_prefix("hello ").unwrap();
    assert_eq!(lines.next(), Some(format!("pipe:[{inode}]").as_str()));
}

#[test]
fn a_flood_is_capped() {
    let mut spec = sh("yes", 10_000);
    spec.output_cap = 64 * 1024;
    let out = run(&spec).unwrap();
    assert_eq!(out.ending, Ending::OutputLimit);
    assert!(out.stdout.len() <= 64 * 1024);
}

#[test]
fn peak_memory_of_the_tree_is_sampled() {
    let out = run(&sh("sleep 0.5", 5_000)).unwrap();
    let peak = out.peak_rss_bytes.expect("sampled on Linux");
    assert!(peak > 100 * 1024 && peak < 64 << 20, "{peak}");
}

#[test]
fn a_cancel_stops_the_run() {
    let spec = sh("sleep 30", 60_000);
    spec.cancel.store(true, Ordering::Relaxed);
    assert_eq!(run(&spec).unwrap().ending, Ending::Cancelled);
}
