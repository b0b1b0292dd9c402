//! Containment: no process of a run outlives it.
//!
//! The strongest mechanism the machine offers is used, found once per
//! parlab process ([`mechanism`]):
//!
//! - **A cgroup v2 of its own per run**, where parlab may create one below
//!   its own cgroup (root, or a systemd user session that delegates its
//!   cgroups). The program starts through `/bin/sh`, which moves itself into
//!   the run's cgroup and then `exec`s the program, so every process the
//!   program ever starts (double-forked, `setsid`, daemonized) is in it. At
//!   the end of the run `cgroup.kill` ends them all at once, and the cgroup's
//!   `cpu.stat` gives the CPU time of the whole tree, including processes
//!   nobody waited for.
//! - **Adopted orphans**, everywhere else: parlab is the subreaper of its
//!   descendants, so a process whose parent exits becomes parlab's child.
//!   When a run ends and no other run is in progress, every such child that
//!   parlab did not start itself and that left parlab's process group is
//!   killed with its descendants, and reaped.
//!
//! Both apply to every run: the orphan sweep also catches a process that
//! managed to leave its cgroup. `PARLAB_CONTAINMENT=orphans` forces the
//! second mechanism (tests and `parlab doctor` use it to show both).
//!
//! This module must never kill a process parlab started outside a run (the
//! learner's editor) or the leader of another run in progress: leaders are
//! registered while they run ([`Leaders`]), and the editor stays in parlab's
//! own process group.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitId, WaitIdOptions, waitid};

use super::process::signal_each;
use super::procfs::{children_of, descendants, group_and_state};

/// Forces a mechanism: `orphans` (or `cgroup`, which is the default anyway).
pub const CONTAINMENT_ENV: &str = "PARLAB_CONTAINMENT";

/// How runs are contained on this machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mechanism {
    /// A cgroup per run, created below this directory.
    Cgroup { parent: PathBuf },
    /// Adopted orphans are killed at the end of a run; `why` says why no
    /// cgroup could be used.
    Orphans { why: String },
}

impl Mechanism {
    /// One line for `parlab doctor`.
    pub fn describe(&self) -> String {
        match self {
            Mechanism::Cgroup { parent } => format!(
                "a cgroup v2 per run (below {}): every process a run starts is killed with it",
                parent.display()
            ),
            Mechanism::Orphans { why } => format!(
                "parlab adopts the orphans of its runs and kills them when the run ends ({why})"
            ),
        }
    }
}

/// The mechanism in force, found on first use.
pub fn mechanism() -> &'static Mechanism {
    static FOUND: OnceLock<Mechanism> = OnceLock::new();
    FOUND.get_or_init(detect)
}

fn detect() -> Mechanism {
    if std::env::var(CONTAINMENT_ENV).is_ok_and(|v| v.trim() == "orphans") {
        return Mechanism::Orphans {
            why: format!("{CONTAINMENT_ENV}=orphans"),
        };
    }
    let parent = match own_cgroup_dir() {
        Some(dir) => dir,
        None => {
            return Mechanism::Orphans {
                why: "no cgroup v2 hierarchy is mounted here".into(),
            };
        }
    };
    match try_cell(&parent) {
        Ok(()) => {
            clear_stale_cells(&parent);
            Mechanism::Cgroup { parent }
        }
        Err(why) => Mechanism::Orphans {
            why: format!("no cgroup can be made below {}: {why}", parent.display()),
        },
    }
}

/// The directory of this process's cgroup in the mounted cgroup v2
/// hierarchy: `/proc/self/cgroup`'s `0::PATH` under the cgroup2 mount.
fn own_cgroup_dir() -> Option<PathBuf> {
    let cgroups = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let path = cgroups.lines().find_map(|l| l.strip_prefix("0::"))?;
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    for line in mounts.lines() {
        let (left, right) = line.split_once(" - ")?;
        if right.split_whitespace().next() != Some("cgroup2") {
            continue;
        }
        let fields: Vec<&str> = left.split_whitespace().collect();
        let (root, mount_point) = (fields.get(3)?, fields.get(4)?);
        let Some(rel) = path.strip_prefix(root.trim_end_matches('/')) else {
            continue;
        };
        let dir = Path::new(mount_point).join(rel.trim_start_matches('/'));
        if dir.join("cgroup.procs").exists() {
            return Some(dir);
        }
    }
    None
}

/// Ends the cells of parlab processes that died without ending them (killed
/// with SIGKILL in the middle of a run): what is left in them is killed, and
/// the cells are removed.
fn clear_stale_cells(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(owner) = name
            .to_str()
            .and_then(|n| n.strip_prefix("parlab-"))
            .and_then(|n| n.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if Path::new(&format!("/proc/{owner}")).exists() {
            continue;
        }
        Cell { dir: entry.path() }.finish();
    }
}

/// Makes a cell, moves a shell into it and removes it again.
fn try_cell(parent: &Path) -> Result<(), String> {
    let cell = Cell::create_in(parent).map_err(|e| e.to_string())?;
    let status = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg("echo $$ > \"$0\"")
        .arg(cell.dir.join("cgroup.procs"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("/bin/sh did not start: {e}"))?;
    let moved = cell.cpu_seconds().is_some_and(|_| status.success());
    cell.finish();
    if moved {
        Ok(())
    } else {
        Err("a process could not be moved into it".into())
    }
}

/// One run's cgroup.
#[derive(Debug)]
pub struct Cell {
    dir: PathBuf,
}

impl Cell {
    /// A fresh cgroup for one run, or `None` where the machine has none.
    pub fn for_run() -> Option<Cell> {
        match mechanism() {
            Mechanism::Cgroup { parent } => Cell::create_in(parent).ok(),
            Mechanism::Orphans { .. } => None,
        }
    }

    fn create_in(parent: &Path) -> std::io::Result<Cell> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = parent.join(format!("parlab-{}-{n}", std::process::id()));
        std::fs::create_dir(&dir)?;
        Ok(Cell { dir })
    }

    /// The program and arguments that start `program args` inside this
    /// cgroup: a shell moves itself in, then becomes the program.
    pub fn wrap(&self, program: &Path, args: &[OsString]) -> (PathBuf, Vec<OsString>) {
        let mut wrapped: Vec<OsString> = vec![
            "-c".into(),
            "echo $$ > \"$0\" 2>/dev/null; exec \"$@\"".into(),
            self.dir.join("cgroup.procs").into(),
            program.into(),
        ];
        wrapped.extend(args.iter().cloned());
        (PathBuf::from("/bin/sh"), wrapped)
    }

    /// CPU time of every process that was ever in this cgroup.
    pub fn cpu_seconds(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(self.dir.join("cpu.stat")).ok()?;
        let usec: u64 = stat
            .lines()
            .find_map(|l| l.strip_prefix("usage_usec "))?
            .trim()
            .parse()
            .ok()?;
        Some(usec as f64 / 1e6)
    }

    fn pids(&self) -> Vec<u32> {
        std::fs::read_to_string(self.dir.join("cgroup.procs"))
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect()
    }

    /// Kills everything in the cgroup: `cgroup.kill` where the kernel has it
    /// (5.14 and later), else SIGKILL to each process until none is left.
    fn kill_all(&self) {
        if std::fs::write(self.dir.join("cgroup.kill"), "1").is_ok() {
            return;
        }
        let _ = std::fs::write(self.dir.join("cgroup.freeze"), "1");
        signal_each(&self.pids(), Signal::KILL);
        let _ = std::fs::write(self.dir.join("cgroup.freeze"), "0");
    }

    /// Ends the run's cgroup: kills what is left, waits for it to be empty
    /// (reaping the processes that became parlab's children), and removes
    /// it. Returns the CPU time of the whole tree.
    pub fn finish(self) -> Option<f64> {
        let until = Instant::now() + Duration::from_secs(5);
        loop {
            self.kill_all();
            reap_adopted();
            if self.pids().is_empty() || Instant::now() >= until {
                break;
            }
            thread::sleep(Duration::from_millis(5));
        }
        let cpu = self.cpu_seconds();
        let until = Instant::now() + Duration::from_secs(2);
        while std::fs::remove_dir(&self.dir).is_err() && Instant::now() < until {
            reap_adopted();
            thread::sleep(Duration::from_millis(10));
        }
        cpu
    }
}

/// The pids of run leaders that parlab started and still waits for.
pub struct Leaders;

static LEADERS: Mutex<Vec<u32>> = Mutex::new(Vec::new());

impl Leaders {
    /// Holds the registry while a leader is spawned and entered, so no sweep
    /// mistakes it for an orphan in between.
    pub fn lock() -> MutexGuard<'static, Vec<u32>> {
        LEADERS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn remove(pid: u32) {
        Leaders::lock().retain(|p| *p != pid);
    }
}

/// The environment variable that marks every process of a run with the
/// run's id, so an orphan can be traced back to its run.
pub const RUN_ID_ENV: &str = "PARLAB_RUN_ID";

/// A new run id, unique within this parlab process.
pub fn new_run_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The run id a process was started with, from its environment.
fn run_id_of(pid: u32) -> Option<String> {
    let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
    let prefix = format!("{RUN_ID_ENV}=");
    environ
        .split(|b| *b == 0)
        .find_map(|entry| entry.strip_prefix(prefix.as_bytes()))
        .map(|id| String::from_utf8_lossy(id).into_owned())
}

/// Kills and reaps the orphans that run `run_id` left with parlab: parlab's
/// children that it did not start as leaders and that are not in its own
/// process group (a run starts in a group of its own, and anything it
/// leaves behind stays out of parlab's group), with everything below them.
/// An orphan that carries this run's id goes at once; one whose run cannot
/// be told (it cleared its environment) goes when no other run is in
/// progress, so a run never kills another's processes. Bounded: a few
/// rounds, for orphans that fork while dying.
pub fn sweep_orphans(run_id: &str) {
    let leaders = Leaders::lock();
    let others_active = !leaders.is_empty();
    let me = std::process::id();
    let own_group = rustix::process::getpgrp().as_raw_nonzero().get();
    for _ in 0..5 {
        let orphans: Vec<u32> = children_of(me)
            .into_iter()
            .filter(|p| !leaders.contains(p))
            .filter(|&pid| group_and_state(pid).is_some_and(|(g, _)| g != own_group))
            .collect();
        let live: Vec<u32> = orphans
            .iter()
            .copied()
            .filter(|&p| group_and_state(p).is_some_and(|(_, s)| s != 'Z'))
            .filter(|&p| !others_active || run_id_of(p).as_deref() == Some(run_id))
            .collect();
        for &pid in &live {
            let mut tree = descendants(pid);
            tree.push(pid);
            signal_each(&tree, Signal::KILL);
        }
        reap_children(&orphans);
        if live.is_empty() {
            break;
        }
        thread::sleep(Duration::from_millis(10));
    }
    drop(leaders);
}

/// Reaps the zombies among parlab's children that are not run leaders.
fn reap_adopted() {
    let leaders = Leaders::lock();
    let me = std::process::id();
    let own_group = rustix::process::getpgrp().as_raw_nonzero().get();
    let zombies: Vec<u32> = children_of(me)
        .into_iter()
        .filter(|p| !leaders.contains(p))
        .filter(|&p| group_and_state(p).is_some_and(|(g, s)| s == 'Z' && g != own_group))
        .collect();
    reap_children(&zombies);
}

fn reap_children(pids: &[u32]) {
    for &pid in pids {
        if let Some(p) = Pid::from_raw(pid as i32) {
            let _ = waitid(
                WaitId::Pid(p),
                WaitIdOptions::EXITED | WaitIdOptions::NOHANG,
            );
        }
    }
}
