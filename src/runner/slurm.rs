//! Slurm as the MPI launcher (`--launcher srun`): srun's command line, the
//! job step a run becomes, ending that step, and srun's own failures in
//! plain words.
//!
//! Under srun the ranks are not parlab's descendants: slurmd's `slurmstepd`
//! starts them, so killing srun and its process group does not reach them.
//! Each run's step therefore gets a name of its own (`--job-name`), and a run
//! that parlab stops (timeout, cancel, output limit) is ended through Slurm:
//! `scancel` of the step inside an allocation (never the allocation itself),
//! or of the job srun made outside one, and parlab waits until `squeue` no
//! longer lists it. For the same reason the runner cannot see the ranks' CPU
//! time or memory; the harness's own figures stand for them.
//!
//! The command line: `--mpi=pmix` (unless the user names their own `--mpi`),
//! `--overcommit` so a step may have more ranks than the allocation has
//! CPUs (as Open MPI's `--oversubscribe`), `--kill-on-bad-exit` so a rank
//! that fails ends the step (as mpirun does). Outside an allocation srun
//! makes a job per run, and `--overcommit` asks that job for one CPU per
//! node (srun's `--exclusive` would give whole nodes, but Slurm 22.05 then
//! refuses more ranks than CPUs): where a cluster confines tasks to their
//! CPUs, speed is therefore measured inside an allocation (`salloc`,
//! `sbatch`), whose CPUs the steps share.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::process::{Ending, Limits, RunSpec, run};

/// How long parlab waits for Slurm to end a step it cancelled: its
/// `KillWait` (SIGTERM to SIGKILL) and the step's completion.
const END_WAIT: Duration = Duration::from_secs(60);

/// A run's job step, as Slurm knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The step's name (the job's, when srun makes the job).
    pub name: String,
    /// The allocation the step runs in (`SLURM_JOB_ID`), or `None` when
    /// srun makes a job of its own for the run.
    pub allocation: Option<String>,
}

impl Step {
    /// A fresh name for a run of `program`, inside the allocation parlab
    /// itself runs in, if any.
    pub fn new(program: &str) -> Self {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let base = std::path::Path::new(program)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = format!(
            "parlab-{base}-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        Self {
            name,
            allocation: allocation(),
        }
    }

    /// srun's arguments before the user's: the step's name, the PMI, and
    /// how ranks share CPUs (see the module docs).
    pub fn args(&self, user_args: &[String]) -> Vec<String> {
        let mut args = vec![format!("--job-name={}", self.name)];
        let own_mpi = user_args
            .iter()
            .any(|a| a == "--mpi" || a.starts_with("--mpi="));
        if !own_mpi {
            args.push("--mpi=pmix".into());
        }
        args.push("--overcommit".into());
        args.push("--kill-on-bad-exit=1".into());
        args
    }

    /// Cancels what Slurm still runs of this step and waits until `squeue`
    /// lists none of it (at most [`END_WAIT`]). Returns whether it is gone.
    pub fn end(&self) -> bool {
        let ids = self.listed();
        if ids.is_empty() {
            return true;
        }
        let mut args = vec!["--quiet".to_owned()];
        args.extend(ids);
        let _ = ask("scancel", &args);
        let until = Instant::now() + END_WAIT;
        while Instant::now() < until {
            if self.listed().is_empty() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    /// The ids `scancel` takes for this run: its steps (`job.step`) inside
    /// an allocation, its job outside one.
    fn listed(&self) -> Vec<String> {
        let Some(job) = &self.allocation else {
            let text = ask("squeue", &["-h", "-n", &self.name, "-o", "%i"]);
            return text.lines().map(|l| l.trim().to_owned()).collect();
        };
        let text = ask("squeue", &["-h", "-s", "-j", job, "-o", "%i %j"]);
        text.lines()
            .filter_map(|l| l.split_once(' '))
            .filter(|(_, name)| name.trim() == self.name)
            .map(|(id, _)| id.to_owned())
            .filter(|id| id.contains('.'))
            .collect()
    }
}

/// The allocation parlab runs inside (salloc, sbatch), if any.
pub fn allocation() -> Option<String> {
    std::env::var("SLURM_JOB_ID").ok().filter(|j| !j.is_empty())
}

/// The tasks of the allocation parlab runs inside, if any: the rank count
/// a check uses when none is asked for.
pub fn allocated_tasks() -> Option<usize> {
    allocation()?;
    std::env::var("SLURM_NTASKS").ok()?.trim().parse().ok()
}

/// Standard output of a short Slurm command; empty when it fails. It is not
/// stopped by Ctrl-C (a step must still be cancelled after one).
fn ask(program: &str, args: &[impl AsRef<str>]) -> String {
    let mut spec = RunSpec::new(program, Duration::from_secs(20));
    spec.args = args.iter().map(|a| a.as_ref().into()).collect();
    spec.output_cap = 256 * 1024;
    spec.limits = Limits::none();
    spec.cancel = Arc::new(AtomicBool::new(false));
    match run(&spec) {
        Ok(output) if output.ending == (Ending::Exited { code: 0 }) => output.stdout,
        _ => String::new(),
    }
}

/// What went wrong with srun itself (not with the program), in plain words
/// with what to do, judged from its standard error; `None` when srun did
/// not complain of its own work. `timed_out`: the run was stopped at its
/// time limit; `id` is the exercise, for the commands suggested.
pub fn failure(stderr: &str, timed_out: bool, id: &str) -> Option<String> {
    let line = |needle: &str| {
        stderr
            .lines()
            .find(|l| l.contains(needle))
            .map(|l| l.trim().to_owned())
    };
    if let Some(l) = line("Unable to contact slurm controller")
        .or_else(|| line("Unable to process configuration file"))
        .or_else(|| line("Could not establish a configuration source"))
    {
        return Some(format!(
            "srun could not reach a Slurm controller ({l}). Run parlab on a node of the cluster (a login node, or inside `salloc`), or start a cluster of this machine as root with `bash assets/slurm/local-cluster.sh`; `sinfo` should list an idle node."
        ));
    }
    if let Some(l) = line("Invalid MPI type")
        .or_else(|| line("Couldn't find the specified plugin name for mpi/"))
    {
        return Some(format!(
            "this Slurm cannot start MPI ranks the way parlab asked ({l}). `srun --mpi=list` shows the PMI plugins it has: name one with --launcher-arg=--mpi=NAME, or launch with mpirun inside an allocation instead: `salloc -n 2 parlab check {id}`."
        ));
    }
    if stderr.contains("was not built with SLURM's PMI") {
        return Some(format!(
            "the ranks started under srun but Open MPI could not talk to Slurm: this Open MPI was not built for the PMI that srun offered. Use --launcher-arg=--mpi=pmix (Open MPI 4 and later), see `srun --mpi=list`, or launch with mpirun inside an allocation instead: `salloc -n 2 parlab check {id}`."
        ));
    }
    if let Some(l) = line("Unable to allocate resources").or_else(|| line("Unable to create step"))
    {
        return Some(format!(
            "Slurm refused to run the ranks ({l}). Ask for fewer ranks with --np, or for a partition, account or time that this cluster allows with --launcher-arg (such as --launcher-arg=--partition=NAME); `sinfo` shows the partitions and their nodes."
        ));
    }
    if timed_out && let Some(l) = line("queued and waiting for resources") {
        return Some(format!(
            "Slurm did not start the ranks within the time limit: the job waited in the queue ({l}). Run parlab inside an allocation, where the ranks start at once: `salloc -n 2` then `parlab check {id} --launcher srun`, or use the sbatch template assets/slurm/check.sbatch."
        ));
    }
    if let Some(l) = line("execve(): ")
        .filter(|l| l.contains("Permission denied"))
        .or_else(|| line("couldn't chdir to"))
    {
        return Some(format!(
            "Slurm could not start the program as the user srun ran as ({l}). Slurm starts the ranks outside parlab's sandbox; where parlab grades as root they run as nobody, so the course, its Python environment and the output folder (with every folder above them) must be readable by all: `chmod a+rX` them, or grade as an ordinary user."
        ));
    }
    if let Some(l) = line("srun: fatal:") {
        return Some(format!(
            "srun failed before starting the ranks ({l}). `sinfo` and `srun -n 1 hostname` show whether Slurm works here."
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pmix_unless_the_user_names_a_pmi() {
        let step = Step {
            name: "parlab-x-1-0".into(),
            allocation: None,
        };
        let args = step.args(&[]);
        assert_eq!(
            args,
            [
                "--job-name=parlab-x-1-0",
                "--mpi=pmix",
                "--overcommit",
                "--kill-on-bad-exit=1",
            ]
        );
        let inside = Step {
            allocation: Some("7".into()),
            ..step
        };
        let args = inside.args(&["--mpi=pmi2".into()]);
        assert!(!args.iter().any(|a| a == "--mpi=pmix"), "{args:?}");
    }

    #[test]
    fn names_are_unique_per_run() {
        let a = Step::new("/x/mpi-hello");
        let b = Step::new("/x/mpi-hello");
        assert_ne!(a.name, b.name);
        assert!(a.name.starts_with("parlab-mpi-hello-"), "{}", a.name);
    }

    #[test]
    fn srun_failures_are_told_with_what_to_do() {
        let down = "srun: error: Unable to allocate resources: Unable to contact slurm controller (connect failure)\n";
        let text = failure(down, false, "mpi/x").unwrap();
        assert!(text.contains("local-cluster.sh"), "{text}");
        let plugin = "srun: error: Couldn't find the specified plugin name for mpi/pmix looking at all files\nsrun: error: Invalid MPI type 'pmix', --mpi=list for acceptable types\n";
        let text = failure(plugin, false, "mpi/x").unwrap();
        assert!(text.contains("--mpi=list"), "{text}");
        assert!(text.contains("mpirun") || text.contains("salloc"), "{text}");
        let refused = "srun: error: Unable to allocate resources: Requested node configuration is not available\n";
        assert!(failure(refused, false, "mpi/x").unwrap().contains("--np"));
        let queued = "srun: Requested partition configuration not available now\nsrun: job 6 queued and waiting for resources\n";
        assert!(failure(queued, true, "mpi/x").unwrap().contains("salloc"));
        assert_eq!(failure(queued, false, "mpi/x"), None);
        let pmi = "The application appears to have been direct launched using \"srun\",\nbut OMPI was not built with SLURM's PMI support and therefore cannot\n";
        assert!(failure(pmi, false, "mpi/x").unwrap().contains("--mpi=pmix"));
        let denied = "slurmstepd-vm: error: execve(): /v/bin/python: Permission denied\n";
        assert!(
            failure(denied, false, "mpi/x")
                .unwrap()
                .contains("chmod a+rX")
        );
        assert_eq!(
            failure("thread 'main' panicked at src/x.rs:3", false, "mpi/x"),
            None
        );
    }
}
