//! The runner: the one module that starts child processes.
//!
//! Nothing else in parlab calls `std::process::Command`. The runner builds
//! exercises with cargo (`build.rs`), runs programs under a time limit, an
//! output cap and their own process group ([`run`], in `process/`), keeps
//! every process of a run from outliving it ([`contain`]; a Slurm job step
//! through [`slurm`]), and answers the
//! doctor's short questions to installed tools ([`probe`], [`java_version`]).
//! It decides nothing about grades: it hands back [`RunOutput`]s and the
//! grader judges them.

mod build;
pub mod contain;
pub mod mpi;
mod process;
mod procfs;
pub mod program;
pub mod python;
pub mod sandbox;
pub mod slurm;
mod stage;

pub use build::{BuildOutcome, Variant, build_bin, build_exercise, build_staged};
pub use process::{Ending, Limits, RunOutput, RunSpec, StdinPipe, Stream, run, run_with};
pub(crate) use procfs::{hostname, total_memory_bytes};
pub use program::Program;
pub use stage::stage;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

static CANCEL: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// The process-wide cancel flag: set by Ctrl-C, SIGTERM or SIGHUP once
/// [`install_signal_handlers`] has run, and read by every run loop.
pub fn cancel_flag() -> Arc<AtomicBool> {
    CANCEL
        .get_or_init(|| Arc::new(AtomicBool::new(false)))
        .clone()
}

/// Routes SIGINT, SIGTERM and SIGHUP to the cancel flag, so a run in progress
/// kills its process group and parlab exits cleanly instead of leaving the
/// group running. A second signal, once the flag is set, acts as usual
/// (terminates parlab). Front ends install this only around long work, so
/// Ctrl-C at a prompt still works.
pub fn install_signal_handlers() -> std::io::Result<()> {
    let flag = cancel_flag();
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register_conditional_default(signal, flag.clone())?;
        signal_hook::flag::register(signal, flag.clone())?;
    }
    Ok(())
}

/// Runs a program on the caller's terminal and waits for it: the learner's
/// editor. `command_line` may carry arguments (`code --wait`); `file` is added
/// last. The caller hands the terminal over first (leaves raw mode).
pub fn interactive(
    command_line: &str,
    file: &std::path::Path,
) -> std::io::Result<std::process::ExitStatus> {
    let mut words = command_line.split_whitespace();
    let program = words.next().unwrap_or("vi");
    std::process::Command::new(program)
        .args(words)
        .arg(file)
        .status()
}

/// The learner's editor: `$VISUAL`, then `$EDITOR`, then `vi`.
pub fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// The cores this process may use (affinity and cgroup limits included).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs a short informational command (`cargo --version`) and returns its
/// standard output, or `None` when it is missing or fails.
pub fn probe(program: &str, args: &[&str]) -> Option<String> {
    let mut spec = RunSpec::new(program, Duration::from_secs(10));
    spec.args = args.iter().map(Into::into).collect();
    spec.output_cap = 64 * 1024;
    spec.limits = Limits::none();
    spec.cancel = Arc::new(AtomicBool::new(false));
    let output = run(&spec).ok()?;
    match output.ending {
        Ending::Exited { code: 0 } => Some(format!("{}{}", output.stdout, output.stderr)),
        _ => None,
    }
}

/// The Java runtime's version banner (`java -version`), or `None` where no
/// Java runs here. Only PySpark needs one; parlab itself never does.
pub fn java_version() -> Option<String> {
    probe("java", &["-version"])
}
