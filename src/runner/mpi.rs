//! Launching MPI programs: finding the launcher (mpirun or mpiexec of Open MPI
//! or MPICH), and the command line that runs a program on N ranks.
//!
//! What differs between the two:
//! - Open MPI refuses to run as root unless told `--allow-run-as-root`, and
//!   refuses more ranks than cores unless told `--oversubscribe`. In
//!   containers its shared-memory transport may be barred from reading
//!   another process's memory (CMA), so the single-copy mechanism is turned
//!   off through its MCA environment variable.
//! - MPICH's Hydra runs as root and oversubscribes without being asked, and
//!   takes its hostfile as `-f`.
//!
//! A cluster's own launcher is given as `--launcher CMD`. Slurm's `srun`
//! gets `-n N`, the options of a run's job step (see `slurm`), the extra
//! arguments and the program; a hostfile becomes its `--nodefile`. Any
//! other launcher gets `-n N`, the extra arguments and the program, and
//! nothing else.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{RunSpec, probe};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Implementation {
    OpenMpi,
    Mpich,
    /// Slurm's `srun`: the ranks are a job step, started by Slurm.
    Slurm,
    /// A launcher we do not know the flags of (Intel MPI, `srun`, ...).
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Launcher {
    pub program: String,
    pub implementation: Implementation,
    /// The implementation's name and version, as the launcher says.
    pub name: String,
    pub version: Option<String>,
}

/// How the learner or an instructor wants MPI programs launched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LaunchOptions {
    /// Another launcher: `srun`, or an mpirun that is not first on PATH.
    pub launcher: Option<String>,
    pub hostfile: Option<PathBuf>,
    /// Passed to the launcher before the program, in order.
    pub launcher_args: Vec<String>,
}

impl LaunchOptions {
    /// True when the ranks may run on other machines, so this machine's core
    /// count says nothing about how many ranks can run at once.
    pub fn leaves_this_machine(&self) -> bool {
        self.hostfile.is_some() || self.launcher.is_some()
    }

    /// True when the launcher is Slurm's srun: the ranks are a job step.
    pub fn is_slurm(&self) -> bool {
        self.launcher
            .as_deref()
            .is_some_and(|l| program_name(l) == "srun")
    }
}

/// The implementation and version named by `mpirun --version`.
pub fn identify(version_text: &str) -> (Implementation, String, Option<String>) {
    if let Some(line) = version_text.lines().find(|l| l.contains("Open MPI")) {
        let version = line.split_whitespace().last().map(str::to_owned);
        return (Implementation::OpenMpi, "Open MPI".into(), version);
    }
    let version = version_text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Version:"))
        .map(|v| v.trim().to_owned());
    if version_text.contains("HYDRA") || version_text.contains("MPICH") {
        return (Implementation::Mpich, "MPICH".into(), version);
    }
    let first = version_text.lines().next().unwrap_or_default().trim();
    (Implementation::Other, first.to_owned(), version)
}

/// The launcher to use: `options.launcher` if given, else the first of
/// mpirun and mpiexec that answers `--version`.
pub fn detect(options: &LaunchOptions) -> Option<Launcher> {
    if let Some(program) = &options.launcher {
        let text = probe(program, &["--version"]).unwrap_or_default();
        let (implementation, name, version) = identify(&text);
        let implementation = if program_name(program).starts_with("mpi") {
            implementation
        } else if program_name(program) == "srun" || text.starts_with("slurm") {
            Implementation::Slurm
        } else {
            Implementation::Other
        };
        return Some(Launcher {
            program: program.clone(),
            implementation,
            name: if name.is_empty() {
                program.clone()
            } else {
                name
            },
            version,
        });
    }
    ["mpirun", "mpiexec"].into_iter().find_map(|program| {
        let text = probe(program, &["--version"])?;
        let (implementation, name, version) = identify(&text);
        Some(Launcher {
            program: program.to_owned(),
            implementation,
            name,
            version,
        })
    })
}

fn program_name(program: &str) -> String {
    Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// The run spec that starts `program` on `ranks` ranks through `launcher`.
/// The caller sets the time limit, output cap and cancel flag as usual; a
/// timeout kills the launcher and every rank (see `process`).
pub fn spec(
    launcher: &Launcher,
    options: &LaunchOptions,
    ranks: usize,
    program: &super::Program,
    time_limit: std::time::Duration,
) -> RunSpec {
    let mut spec = RunSpec::new(&launcher.program, time_limit);
    spec = spec.arg("-n").arg(ranks.max(1).to_string());
    match launcher.implementation {
        Implementation::OpenMpi => {
            spec = spec.arg("--oversubscribe");
            if is_root() {
                spec = spec.arg("--allow-run-as-root");
            }
            if let Some(hostfile) = &options.hostfile {
                spec = spec.arg("--hostfile").arg(hostfile);
            }
            spec = spec
                .env("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
                .env("OMPI_MCA_btl_sm_single_copy_mechanism", "none");
        }
        Implementation::Mpich => {
            if let Some(hostfile) = &options.hostfile {
                spec = spec.arg("-f").arg(hostfile);
            }
        }
        Implementation::Slurm => {
            let step = super::slurm::Step::new(&program.path.to_string_lossy());
            for arg in step.args(&options.launcher_args) {
                spec = spec.arg(arg);
            }
            if let Some(hostfile) = &options.hostfile {
                spec = spec.arg("--nodefile").arg(hostfile);
            }
            // The ranks are most often Open MPI's (see above).
            spec = spec
                .env("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
                .env("OMPI_MCA_btl_sm_single_copy_mechanism", "none");
            spec.slurm_step = Some(step);
        }
        Implementation::Other => {
            if let Some(hostfile) = &options.hostfile {
                spec = spec.arg("--hostfile").arg(hostfile);
            }
        }
    }
    for arg in &options.launcher_args {
        spec = spec.arg(arg);
    }
    // Open MPI hands ranks on other hosts only the variables named by -x.
    let export = (launcher.implementation == Implementation::OpenMpi).then_some("-x");
    program.launched_by(spec, export)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn launcher(implementation: Implementation) -> Launcher {
        Launcher {
            program: "mpirun".into(),
            implementation,
            name: String::new(),
            version: None,
        }
    }

    fn args(spec: &RunSpec) -> Vec<String> {
        spec.args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn names_open_mpi_and_mpich() {
        let (i, name, version) = identify("mpirun (Open MPI) 4.1.4\n\nReport bugs to ...\n");
        assert_eq!((i, name.as_str()), (Implementation::OpenMpi, "Open MPI"));
        assert_eq!(version.as_deref(), Some("4.1.4"));
        let (i, _, version) =
            identify("HYDRA build details:\n    Version:                                 4.0.2\n");
        assert_eq!(i, Implementation::Mpich);
        assert_eq!(version.as_deref(), Some("4.0.2"));
    }

    #[test]
    fn open_mpi_oversubscribes_and_takes_a_hostfile() {
        let options = LaunchOptions {
            hostfile: Some("hosts".into()),
            launcher_args: vec!["--map-by".into(), "node".into()],
            ..LaunchOptions::default()
        };
        let spec = spec(
            &launcher(Implementation::OpenMpi),
            &options,
            4,
            &crate::runner::Program::native("/bin/x"),
            Duration::from_secs(1),
        );
        let a = args(&spec);
        assert_eq!(&a[..3], ["-n", "4", "--oversubscribe"]);
        let at = a.iter().position(|x| x == "--hostfile").unwrap();
        assert_eq!(a[at + 1], "hosts");
        assert_eq!(&a[a.len() - 3..], ["--map-by", "node", "/bin/x"]);
        assert_eq!(a.contains(&"--allow-run-as-root".to_owned()), is_root());
    }

    #[test]
    fn a_python_program_is_exported_to_every_rank() {
        let mut program = crate::runner::Program::native("/venv/bin/python");
        program.args = vec!["-u".into(), "harness.py".into()];
        program.env = vec![("PARLAB_SOLUTION".into(), "/c/x.py".into())];
        let spec = spec(
            &launcher(Implementation::OpenMpi),
            &LaunchOptions::default(),
            2,
            &program,
            Duration::from_secs(1),
        );
        let a = args(&spec);
        assert_eq!(
            &a[a.len() - 5..],
            [
                "-x",
                "PARLAB_SOLUTION",
                "/venv/bin/python",
                "-u",
                "harness.py"
            ]
        );
        assert!(
            spec.env
                .iter()
                .any(|(k, v)| k == "PARLAB_SOLUTION" && v == "/c/x.py")
        );
    }

    #[test]
    fn mpich_and_srun_get_only_what_they_understand() {
        let options = LaunchOptions {
            hostfile: Some("hosts".into()),
            ..LaunchOptions::default()
        };
        let a = args(&spec(
            &launcher(Implementation::Mpich),
            &options,
            2,
            &crate::runner::Program::native("x"),
            Duration::from_secs(1),
        ));
        assert_eq!(a, ["-n", "2", "-f", "hosts", "x"]);
        let a = args(&spec(
            &launcher(Implementation::Other),
            &LaunchOptions::default(),
            3,
            &crate::runner::Program::native("x"),
            Duration::from_secs(1),
        ));
        assert_eq!(a, ["-n", "3", "x"]);
    }

    #[test]
    fn srun_runs_a_named_step_with_pmix() {
        let options = LaunchOptions {
            launcher: Some("srun".into()),
            hostfile: Some("nodes".into()),
            launcher_args: vec!["--partition=debug".into()],
        };
        let spec = spec(
            &launcher(Implementation::Slurm),
            &options,
            2,
            &crate::runner::Program::native("/b/mpi-pi"),
            Duration::from_secs(1),
        );
        let a = args(&spec);
        assert_eq!(&a[..2], ["-n", "2"]);
        let step = spec.slurm_step.as_ref().unwrap();
        assert!(step.name.starts_with("parlab-mpi-pi-"), "{}", step.name);
        assert!(a.contains(&format!("--job-name={}", step.name)), "{a:?}");
        for flag in ["--mpi=pmix", "--overcommit", "--nodefile"] {
            assert!(a.iter().any(|x| x == flag), "{flag}: {a:?}");
        }
        assert_eq!(&a[a.len() - 2..], ["--partition=debug", "/b/mpi-pi"]);
    }
}
