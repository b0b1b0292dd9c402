//! The sandbox around a submission's builds and runs in `parlab grade`.
//!
//! Where bubblewrap (`bwrap`) works, every build and run of a submission
//! happens in new mount, PID, network, IPC and UTS namespaces: the system's
//! `/usr` and `/etc` and the Rust toolchain are mounted read-only, `/tmp` and
//! `/dev/shm` are private and empty, the network has only its own loopback,
//! and the only writable folders are the ones the caller names (the
//! submission's own build or run folder). Nothing else of the machine is
//! visible, so neither the course's reference solutions nor another student's
//! files can be read or written.
//!
//! Limits are set inside the sandbox by `prlimit`, before the program starts,
//! so every process it starts inherits them: CPU seconds, address space, file
//! size, and processes. The kernel never applies the process limit to root,
//! so when parlab runs as root the program itself runs as `nobody` (through
//! `setpriv`), which also keeps it from writing anything root owns.
//!
//! Without bubblewrap, grading still works with the limits and the change
//! of user alone, and [`Isolation`] says so in every result.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use super::process::{Ending, Limits, RunSpec, run};

/// The user a submission runs as when parlab is root.
const NOBODY: u32 = 65534;

/// What a submission's program was shut in by, recorded in every result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Isolation {
    /// `bubblewrap`, or `none` (limits alone).
    pub sandbox: String,
    /// The network was cut off (its own loopback only).
    pub network_blocked: bool,
    /// Only the submission's own folders were visible and writable.
    pub filesystem_confined: bool,
    /// The user the program ran as.
    pub user: String,
    pub limits: Vec<String>,
    /// A sentence for the instructor.
    pub note: String,
}

/// The tools found for sandboxing, once per grading run.
#[derive(Clone, Debug)]
pub struct Sandbox {
    bwrap: Option<PathBuf>,
    prlimit: Option<PathBuf>,
    /// `setpriv`, when parlab runs as root and can drop to `nobody`.
    setpriv: Option<PathBuf>,
    root: bool,
    /// Why bubblewrap is not used, when it is not.
    why_not: Option<String>,
    /// Processes the grader's user already ran at the start, counted once:
    /// the kernel counts them against a submission's process limit.
    processes_before: u64,
}

impl Sandbox {
    /// Finds bubblewrap and checks that it can make its namespaces here
    /// (containers often forbid it). `use_bwrap = false` grades with limits
    /// alone.
    pub fn detect(use_bwrap: bool) -> Sandbox {
        let root = rustix::process::geteuid().is_root();
        let prlimit = which("prlimit");
        let setpriv = which("setpriv").filter(|_| root);
        let processes_before = if setpriv.is_some() {
            0
        } else {
            processes_of_this_user()
        };
        let mut sandbox = Sandbox {
            bwrap: None,
            prlimit,
            setpriv,
            root,
            why_not: None,
            processes_before,
        };
        if !use_bwrap {
            sandbox.why_not = Some("bubblewrap was turned off (--no-sandbox)".into());
            return sandbox;
        }
        let Some(bwrap) = which("bwrap") else {
            sandbox.why_not = Some(
                "bubblewrap is not installed (Debian and Ubuntu: apt-get install bubblewrap)"
                    .into(),
            );
            return sandbox;
        };
        sandbox.bwrap = Some(bwrap.clone());
        let probe = sandbox.wrap(
            RunSpec::new("/usr/bin/true", Duration::from_secs(20)),
            &[],
            &[],
            &Limits::none(),
            false,
        );
        let works = run(&probe).is_ok_and(|o| o.ending == Ending::Exited { code: 0 });
        if !works {
            sandbox.bwrap = None;
            sandbox.why_not = Some(format!(
                "{} is installed but cannot create namespaces here (a container that forbids them?)",
                bwrap.display()
            ));
        }
        sandbox
    }

    pub fn uses_bwrap(&self) -> bool {
        self.bwrap.is_some()
    }

    /// What a run wrapped with `limits` is shut in by.
    pub fn isolation(&self, limits: &Limits) -> Isolation {
        self.isolation_of(limits, self.bwrap.is_some(), self.why_not.as_deref())
    }

    /// What the ranks of a Slurm job step were shut in by: slurmd starts
    /// them, outside bubblewrap, as the user srun ran as, with srun's
    /// limits (Slurm hands them on).
    pub fn isolation_of_slurm_step(&self, limits: &Limits) -> Isolation {
        self.isolation_of(limits, false, Some("the ranks ran as a Slurm job step"))
    }

    fn isolation_of(&self, limits: &Limits, bwrap: bool, why_not: Option<&str>) -> Isolation {
        let mut listed = Vec::new();
        if let Some(s) = limits.cpu_seconds {
            listed.push(format!("cpu {s} s"));
        }
        if let Some(b) = limits.memory_bytes {
            listed.push(format!("address space {} MiB", b >> 20));
        }
        if let Some(b) = limits.file_bytes {
            listed.push(format!("file size {} MiB", b >> 20));
        }
        if let Some(n) = limits.processes {
            listed.push(format!("processes {n}"));
        }
        let user = if self.setpriv.is_some() {
            "nobody".to_owned()
        } else if self.root {
            "root".to_owned()
        } else {
            "the grader's user".to_owned()
        };
        match (bwrap, why_not) {
            (true, _) => Isolation {
                sandbox: "bubblewrap".into(),
                network_blocked: true,
                filesystem_confined: true,
                user,
                limits: listed,
                note: "bubblewrap: no network, system and toolchain read-only, private /tmp, only the submission's own folder writable".into(),
            },
            (false, why) => Isolation {
                sandbox: "none".into(),
                network_blocked: false,
                filesystem_confined: false,
                user,
                limits: listed,
                note: format!(
                    "resource limits only: {}; the program could reach the network and every file its user may read",
                    why.unwrap_or("no sandbox")
                ),
            },
        }
    }

    /// `spec` run inside the sandbox: `readable` and `writable` are the only
    /// folders of the machine it sees besides the system's; `toolchain` adds
    /// the Rust toolchain (for builds). Limits are set inside, before the
    /// program starts; without bubblewrap they are set the same way. srun
    /// (a Slurm job step) gets the limits and the change of user alone: it
    /// must reach the controller (network, munge's socket), and its ranks
    /// are started by slurmd, outside any sandbox of parlab's.
    pub fn wrap(
        &self,
        spec: RunSpec,
        readable: &[PathBuf],
        writable: &[PathBuf],
        limits: &Limits,
        toolchain: bool,
    ) -> RunSpec {
        let inner = self.limited(&spec, limits, toolchain);
        let mut wrapped = spec;
        wrapped.limits = *limits;
        let bwrap = self.bwrap.as_ref().filter(|_| wrapped.slurm_step.is_none());
        let Some(bwrap) = bwrap else {
            if wrapped.slurm_step.is_some() {
                wrapped.cwd = wrapped.cwd.or_else(|| writable.first().cloned());
            }
            if let Some((program, args)) = inner.split_first() {
                wrapped.program = PathBuf::from(program);
                wrapped.args = args.to_vec();
            }
            return wrapped;
        };
        let toolchain_dirs = if toolchain {
            toolchain_dirs()
        } else {
            Vec::new()
        };
        let mut args = self.namespaces();
        args.extend(system_mounts());
        let shown: Vec<&PathBuf> = toolchain_dirs
            .iter()
            .chain(readable)
            .chain(writable)
            .collect();
        args.extend(open_parents(&shown));
        for (flag, dirs) in [
            ("--ro-bind", &toolchain_dirs[..]),
            ("--ro-bind", readable),
            ("--bind", writable),
        ] {
            for dir in dirs {
                args.extend([flag.into(), dir.into(), dir.into()]);
            }
        }
        let cwd = wrapped
            .cwd
            .clone()
            .or_else(|| writable.first().cloned())
            .unwrap_or_else(|| PathBuf::from("/tmp"));
        args.extend(["--chdir".into(), cwd.into(), "--".into()]);
        args.extend(inner);
        wrapped.program = bwrap.clone();
        wrapped.args = args;
        wrapped.cwd = None;
        wrapped
    }

    /// The command line that runs `spec`'s program under `limits` (through
    /// `prlimit`), and as nobody where parlab is root and this is not a
    /// build (through `setpriv`): the command inside the sandbox.
    fn limited(&self, spec: &RunSpec, limits: &Limits, toolchain: bool) -> Vec<OsString> {
        let mut inner: Vec<OsString> = Vec::new();
        if let Some(prlimit) = &self.prlimit {
            inner.push(prlimit.clone().into());
            let mut add = |flag: &str, value: Option<u64>| {
                if let Some(v) = value {
                    inner.push(format!("--{flag}={v}").into());
                }
            };
            add("cpu", limits.cpu_seconds);
            add("as", limits.memory_bytes);
            add("fsize", limits.file_bytes);
            add("nproc", limits.processes);
            add("core", Some(0));
            inner.push("--".into());
        }
        // Builds run as the grader (cargo is the course's); runs as nobody.
        if !toolchain && let Some(setpriv) = &self.setpriv {
            inner.push(setpriv.clone().into());
            inner.push(format!("--reuid={NOBODY}").into());
            inner.push(format!("--regid={NOBODY}").into());
            inner.push("--clear-groups".into());
            inner.push("--".into());
        }
        inner.push(spec.program.clone().into());
        inner.extend(spec.args.iter().cloned());
        inner
    }

    /// bubblewrap's first words: the new namespaces, and dying with parlab.
    fn namespaces(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = [
            "--die-with-parent",
            "--new-session",
            "--unshare-ipc",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-uts",
            "--unshare-cgroup-try",
        ]
        .map(OsString::from)
        .into();
        if !self.root {
            args.push("--unshare-user".into());
        }
        args
    }
}

/// The system inside the sandbox: `/usr`, `/etc` and the top-level library
/// and program folders read-only (as links where they are links), a fresh
/// `/proc` and `/dev`, private `/tmp` and `/dev/shm`, `/sys` read-only.
fn system_mounts() -> Vec<OsString> {
    let mut args: Vec<OsString> = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
        .map(OsString::from)
        .into();
    for top in ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"] {
        let path = Path::new(top);
        match std::fs::read_link(path) {
            Ok(target) => {
                args.extend(["--symlink".into(), target.into(), top.into()]);
            }
            Err(_) if path.is_dir() => {
                args.extend(["--ro-bind", top, top].map(OsString::from));
            }
            Err(_) => {}
        }
    }
    args.extend(
        [
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--perms",
            "1777",
            "--tmpfs",
            "/tmp",
            "--perms",
            "1777",
            "--tmpfs",
            "/dev/shm",
            "--setenv",
            "HOME",
            "/tmp",
            "--setenv",
            "TMPDIR",
            "/tmp",
            "--ro-bind-try",
            "/sys",
            "/sys",
        ]
        .map(OsString::from),
    );
    args
}

/// bwrap makes the folders above a mount point private (0700), which a
/// program run as nobody could not pass: these words make each folder above
/// `dirs` (but the system's) 0755 first, outermost first.
fn open_parents(dirs: &[&PathBuf]) -> Vec<OsString> {
    let mut parents: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        for parent in dir.ancestors().skip(1) {
            let system = ["/", "/tmp", "/dev", "/dev/shm", "/proc", "/sys"]
                .iter()
                .any(|s| parent == Path::new(s))
                || parent.starts_with("/usr")
                || parent.starts_with("/etc");
            if !system && !parents.iter().any(|p| p == parent) {
                parents.push(parent.to_path_buf());
            }
        }
    }
    parents.sort_by_key(|p| p.components().count());
    parents
        .into_iter()
        .flat_map(|parent| {
            [
                "--perms".into(),
                "0755".into(),
                "--dir".into(),
                parent.into_os_string(),
            ]
        })
        .collect()
}

/// A submission's runs: the sandbox, the folders they see, their limits.
#[derive(Clone, Debug)]
pub struct Confinement {
    pub sandbox: std::sync::Arc<Sandbox>,
    pub readable: Vec<PathBuf>,
    pub writable: Vec<PathBuf>,
    pub limits: Limits,
}

impl Confinement {
    pub fn wrap(&self, spec: RunSpec) -> RunSpec {
        self.sandbox
            .wrap(spec, &self.readable, &self.writable, &self.limits, false)
    }
}

/// `CARGO_HOME` and `RUSTUP_HOME` (or their defaults under the home
/// folder), where they exist.
fn toolchain_homes() -> Vec<(&'static str, PathBuf)> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    [("CARGO_HOME", ".cargo"), ("RUSTUP_HOME", ".rustup")]
        .into_iter()
        .filter_map(|(var, default)| {
            let dir = std::env::var_os(var)
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| h.join(default)))?;
            dir.is_dir().then_some((var, dir))
        })
        .collect()
}

/// The folders of the Rust toolchain: its homes, and the folder cargo is
/// in when that is elsewhere.
fn toolchain_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = toolchain_homes().into_iter().map(|(_, d)| d).collect();
    if let Some(cargo) = std::env::var_os("CARGO")
        .map(PathBuf::from)
        .or_else(|| which("cargo"))
        .and_then(|c| std::fs::canonicalize(c).ok())
        && let Some(dir) = cargo.parent()
        && !dir.starts_with("/usr")
        && !dirs.iter().any(|d| dir.starts_with(d))
    {
        dirs.push(dir.to_path_buf());
    }
    dirs
}

/// The environment a build inside the sandbox needs to find the toolchain.
pub fn toolchain_env() -> Vec<(OsString, OsString)> {
    toolchain_homes()
        .into_iter()
        .map(|(var, dir)| (OsString::from(var), dir.into_os_string()))
        .collect()
}

/// `program` on PATH, as a full path.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Processes the current user runs now: the base for a process limit that
/// still leaves room (the kernel counts them all).
fn processes_of_this_user() -> u64 {
    let uid = rustix::process::getuid().as_raw();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read_to_string(e.path().join("status")).ok())
        .filter(|status| {
            status
                .lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|u| u.parse::<u32>().ok())
                == Some(uid)
        })
        .count() as u64
}

/// Limits for a submission's runs: `cpu_seconds` of CPU for each process,
/// `memory_bytes` of address space, files up to 1 GiB, and 256 processes
/// beyond those its user already ran (none, as nobody).
pub fn run_limits(sandbox: &Sandbox, cpu_seconds: u64, memory_bytes: u64) -> Limits {
    Limits {
        memory_bytes: Some(memory_bytes),
        file_bytes: Some(1 << 30),
        cpu_seconds: Some(cpu_seconds),
        processes: Some(sandbox.processes_before + 256),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox(bwrap: bool, root: bool) -> Sandbox {
        Sandbox {
            bwrap: bwrap.then(|| PathBuf::from("/usr/bin/bwrap")),
            prlimit: Some(PathBuf::from("/usr/bin/prlimit")),
            setpriv: root.then(|| PathBuf::from("/usr/bin/setpriv")),
            root,
            why_not: (!bwrap).then(|| "not installed".into()),
            processes_before: 0,
        }
    }

    fn limits() -> Limits {
        Limits {
            memory_bytes: Some(1 << 30),
            file_bytes: Some(1 << 20),
            cpu_seconds: Some(30),
            processes: Some(256),
        }
    }

    fn words(spec: &RunSpec) -> Vec<String> {
        spec.args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn a_run_as_root_is_shut_in_and_drops_to_nobody() {
        let spec = RunSpec::new("/work/bin/prog", Duration::from_secs(5)).arg("x");
        let wrapped = sandbox(true, true).wrap(
            spec,
            &[PathBuf::from("/work/bin")],
            &[PathBuf::from("/work/run")],
            &limits(),
            false,
        );
        assert_eq!(wrapped.program, PathBuf::from("/usr/bin/bwrap"));
        let args = words(&wrapped);
        for flag in ["--unshare-net", "--unshare-pid", "--die-with-parent"] {
            assert!(args.contains(&flag.to_owned()), "{flag} missing: {args:?}");
        }
        assert!(!args.contains(&"--unshare-user".to_owned()));
        let tail: Vec<&str> = args
            .iter()
            .skip_while(|a| *a != "--")
            .map(String::as_str)
            .collect();
        assert_eq!(tail[1], "/usr/bin/prlimit");
        assert!(tail.contains(&"--nproc=256"));
        assert!(tail.contains(&"--reuid=65534"));
        assert_eq!(&tail[tail.len() - 2..], ["/work/bin/prog", "x"]);
        let ro = args
            .windows(3)
            .any(|w| w == ["--ro-bind", "/work/bin", "/work/bin"]);
        let rw = args
            .windows(3)
            .any(|w| w == ["--bind", "/work/run", "/work/run"]);
        assert!(ro && rw, "{args:?}");
        assert!(args.windows(2).any(|w| w == ["--chdir", "/work/run"]));
    }

    #[test]
    fn without_bubblewrap_the_limits_still_apply() {
        let spec = RunSpec::new("/work/bin/prog", Duration::from_secs(5));
        let s = sandbox(false, false);
        let wrapped = s.wrap(spec, &[], &[], &limits(), false);
        assert_eq!(wrapped.program, PathBuf::from("/usr/bin/prlimit"));
        assert_eq!(
            words(&wrapped).last().map(String::as_str),
            Some("/work/bin/prog")
        );
        assert_eq!(wrapped.limits, limits());
        let isolation = s.isolation(&limits());
        assert_eq!(isolation.sandbox, "none");
        assert!(!isolation.network_blocked);
        assert!(isolation.note.contains("not installed"));
    }

    #[test]
    fn builds_keep_the_grader_user_and_see_the_toolchain() {
        let spec = RunSpec::new("cargo", Duration::from_secs(5));
        let wrapped = sandbox(true, true).wrap(spec, &[], &[], &Limits::none(), true);
        assert!(!words(&wrapped).iter().any(|a| a.starts_with("--reuid")));
    }
}
