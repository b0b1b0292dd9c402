//! Starting a run's leader: its program found on `PATH`, its command line,
//! environment and standard input, its own process group, and its resource
//! limits applied the moment it exists.

use std::ffi::OsString;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use rustix::process::{Pid, Resource, Rlimit, prlimit};

use super::spec::{Limits, RunSpec};
use crate::runner::contain::{self, Leaders};

/// Orphaned descendants of our runs become our children, not init's.
pub(super) fn become_subreaper() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustix::process::set_child_subreaper(Some(rustix::process::getpid()));
    });
}

/// The command that starts `program args` (the spec's program, perhaps
/// wrapped to enter a cgroup) with the spec's environment, folder and
/// standard input, marked with `run_id`, in a process group of its own.
pub(super) fn command(
    spec: &RunSpec,
    program: &Path,
    args: &[OsString],
    run_id: &str,
) -> io::Result<Command> {
    let mut command = Command::new(program);
    command
        .args(args)
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .env(contain::RUN_ID_ENV, run_id)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    match &spec.stdin {
        Some(input) => {
            let (read, inode) = filled_pipe(&input.bytes)?;
            if let Some(name) = &input.inode_env {
                command.env(name, inode.to_string());
            }
            command.stdin(Stdio::from(read));
        }
        None => {
            command.stdin(Stdio::null());
        }
    }
    if let Some(cwd) = &spec.cwd {
        command.current_dir(cwd);
    }
    Ok(command)
}

/// Spawns the leader and registers it as one, in one step, so no orphan
/// sweep of another run mistakes it for an orphan in between.
pub(super) fn start(command: &mut Command) -> io::Result<Child> {
    let mut leaders = Leaders::lock();
    let child = command.spawn()?;
    leaders.push(child.id());
    Ok(child)
}

/// `program` as a path: a bare name is looked up in the run's `PATH` (or
/// parlab's), so a missing program is an error here, as it would be from
/// `spawn`, even when a shell starts it inside a cgroup.
pub(super) fn resolve(program: &Path, env: &[(OsString, OsString)]) -> io::Result<PathBuf> {
    if program.components().count() > 1 || program.is_absolute() {
        return Ok(program.to_path_buf());
    }
    let path = env
        .iter()
        .rev()
        .find(|(k, _)| k == "PATH")
        .map(|(_, v)| v.clone())
        .or_else(|| std::env::var_os("PATH"))
        .unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} was not found on PATH", program.display()),
            )
        })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A pipe holding `bytes` with its write end closed, and its inode number.
fn filled_pipe(bytes: &[u8]) -> io::Result<(std::os::fd::OwnedFd, u64)> {
    let (read, write) = rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC)?;
    let inode = rustix::fs::fstat(&read)?.st_ino;
    let mut write = std::fs::File::from(write);
    io::Write::write_all(&mut write, bytes)?;
    drop(write);
    Ok((read, inode))
}

/// Sets `limits` on the leader, and no core dumps. Best effort: the child
/// has just started and cannot have used much yet.
pub(super) fn apply_limits(pid: Pid, limits: &Limits) {
    let set = |resource, value: Option<u64>| {
        if let Some(v) = value {
            let _ = prlimit(
                Some(pid),
                resource,
                Rlimit {
                    current: Some(v),
                    maximum: Some(v),
                },
            );
        }
    };
    set(Resource::Core, Some(0));
    set(Resource::As, limits.memory_bytes);
    set(Resource::Fsize, limits.file_bytes);
    set(Resource::Cpu, limits.cpu_seconds);
    set(Resource::Nproc, limits.processes);
}
