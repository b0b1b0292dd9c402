//! What Linux's `/proc` says about processes and the machine: a process's
//! group, state, start time, children and CPU time, a process tree's peak
//! memory, the machine's name, memory and busy CPU time.
//!
//! Every function only reads, and answers `None` (or nothing) where a file
//! is missing or unreadable: another system, or a process that has just
//! gone. The run loop ([`super::process`]) and containment
//! ([`super::contain`]) read processes through here.

/// The machine's memory (`MemTotal`), in bytes.
pub(crate) fn total_memory_bytes() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The machine's name (the kernel's hostname; on a cluster, the node's).
pub(crate) fn hostname() -> Option<String> {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    Some(name.trim().to_owned()).filter(|n| !n.is_empty())
}

/// The fields of `/proc/PID/stat` after the command name (which may itself
/// hold spaces and parentheses): the state is the first.
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = stat.rsplit_once(')')?.1;
    Some(after_name.split_whitespace().map(str::to_owned).collect())
}

/// A process's start time (in clock ticks since boot), which tells a live
/// process from a later one that reuses its pid.
pub(super) fn start_time(pid: u32) -> Option<u64> {
    stat_fields(pid)?.get(19)?.parse().ok()
}

/// User and system time of a process and of the children it waited for,
/// from /proc (a zombie keeps its figures until it is reaped).
pub(super) fn process_cpu_seconds(pid: u32) -> Option<f64> {
    let fields = stat_fields(pid)?;
    let ticks: u64 = (11..=14)
        .map(|i| fields.get(i)?.parse::<u64>().ok())
        .sum::<Option<u64>>()?;
    Some(ticks as f64 / clock_ticks())
}

/// A process's group and state letter.
pub(super) fn group_and_state(pid: u32) -> Option<(i32, char)> {
    let fields = stat_fields(pid)?;
    let state = fields.first()?.chars().next()?;
    let pgrp = fields.get(2)?.parse().ok()?;
    Some((pgrp, state))
}

/// Busy CPU time of the whole machine since boot, all cores: everything in
/// the first line of /proc/stat but idle and iowait.
pub(super) fn machine_busy_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let ticks: Vec<u64> = line
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    // user nice system idle iowait irq softirq steal (guest is in user).
    let busy: u64 = [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|&i| ticks.get(i))
        .sum();
    Some(busy as f64 / clock_ticks())
}

/// /proc counts in clock ticks, 100 a second on every Linux parlab runs on.
fn clock_ticks() -> f64 {
    100.0
}

/// The direct children of `pid`, all its threads included.
pub(super) fn children_of(pid: u32) -> Vec<u32> {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|task| {
            std::fs::read_to_string(task.path().join("children"))
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|c| c.parse::<u32>().ok())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every live descendant of `pid` (children, their children, ...), read
/// while `pid` is alive; empty where /proc has no such file.
pub(super) fn descendants(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut queue = vec![pid];
    while let Some(p) = queue.pop() {
        for c in children_of(p) {
            if !found.contains(&c) {
                found.push(c);
                queue.push(c);
            }
        }
    }
    found
}

/// The peak resident memory (VmHWM) of a process and all its descendants,
/// added up. Peaks of different processes need not coincide, so this is an
/// upper bound of the tree's peak; for a program of threads it is exact.
pub(super) fn tree_peak_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: u64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    let below: u64 = children
        .split_whitespace()
        .filter_map(|c| c.parse().ok())
        .filter_map(tree_peak_rss)
        .sum();
    Some(kib * 1024 + below)
}
