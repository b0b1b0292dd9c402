//! What every student's grading shares, made once per grading run: the
//! course's serial baselines (built outside the sandbox), the Python
//! interpreter where the course has Python exercises, the class's build
//! folder with its dependencies, and the run's secret seed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use super::records::Hardware;
use super::stage::{external_paths, stage_clean};
use super::{GradeOptions, Progress};
use crate::check;
use crate::course::{Course, Exercise, Language};
use crate::runner::python::Python;
use crate::runner::sandbox::Sandbox;
use crate::runner::{self, BuildOutcome, Program, Variant};

/// What every student's grading shares: the course's baselines, the
/// class's build folder, the sandbox.
pub struct Class {
    pub work: PathBuf,
    pub build_dir: PathBuf,
    pub baselines: BTreeMap<String, Program>,
    pub sandbox: Arc<Sandbox>,
    /// Path dependencies outside the package (the support crate of a
    /// course whose package points outside itself): readable in builds.
    pub external: Vec<PathBuf>,
    pub hardware: Hardware,
    pub toolchain: Option<String>,
    /// This grading run's secret seed: every input is drawn from it, and
    /// every expected value computed by the course's baseline on it.
    pub seed: u64,
    /// The course's Python, where it has Python exercises; the error where
    /// it could not be made (those exercises are then not graded).
    pub python: Option<std::result::Result<Python, String>>,
}

/// Builds the course's serial baselines and the class's dependencies once.
pub fn prepare(
    course: &Course,
    out: &Path,
    sandbox: &Arc<Sandbox>,
    options: &GradeOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<Class> {
    // Each shard of a class builds in a folder of its own: shards run at
    // once on nodes that share the output folder.
    let work = match options.shard {
        Some(shard) => out.join("work").join(shard.label()),
        None => out.join("work"),
    };
    let build_dir = work.join("build");
    fs::create_dir_all(&build_dir)
        .with_context(|| format!("failed to create {}", build_dir.display()))?;
    let python = course
        .exercises
        .iter()
        .any(|e| e.language == Language::Python)
        .then(|| {
            let mut progress = |line: &str| {
                on_progress(Progress::Preparing {
                    what: line.to_owned(),
                })
            };
            runner::python::prepare(course, &mut progress, &options.cancel)
                .map_err(|e| format!("{e:#}"))
        });
    let baselines = build_baselines(course, &python, options, on_progress)?;
    let pristine = work.join("pristine");
    build_dependencies(course, &work, &pristine, &build_dir, options, on_progress)?;
    let external = external_paths(&pristine);
    Ok(Class {
        work,
        build_dir,
        baselines,
        sandbox: sandbox.clone(),
        external,
        hardware: hardware(),
        toolchain: runner::probe("cargo", &["--version"]).map(|v| v.trim().to_owned()),
        seed: check::random_seed(),
        python,
    })
}

/// The class's dependencies: one build of a pristine copy of the course in
/// `pristine`, outside the sandbox and online, so the submissions' builds
/// find every crate offline (with MPI where this machine has it).
fn build_dependencies(
    course: &Course,
    work: &Path,
    pristine: &Path,
    build_dir: &Path,
    options: &GradeOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    stage_clean(course, pristine, &BTreeMap::new())?;
    let mpi_here = runner::mpi::detect(&Default::default()).is_some();
    let rust = |mpi: bool| {
        course
            .exercises
            .iter()
            .find(|e| e.language == Language::Rust && e.mpi == mpi)
    };
    let warm: Vec<&Exercise> = [rust(false), rust(true).filter(|_| mpi_here)]
        .into_iter()
        .flatten()
        .collect();
    for exercise in warm {
        on_progress(Progress::Preparing {
            what: format!("the class's dependencies (with {})", exercise.id),
        });
        let features: &[&str] = if exercise.mpi { &["mpi"] } else { &[] };
        let target = work.join("pristine-target");
        let built = runner::build_staged(
            pristine,
            build_dir,
            &target,
            &exercise.bin,
            features,
            &options.cancel,
            &|mut spec| {
                // Online: this build may fetch the course's crates.
                spec.args.retain(|a| a != "--offline");
                spec
            },
        )?;
        if let BuildOutcome::CompileError { diagnostics } = built {
            bail!("the course's exercises package does not build:\n{diagnostics}");
        }
    }
    Ok(())
}

/// Every exercise's serial baseline: the timed ones race it, and every one
/// computes the expected value on the grading run's secret seed. An
/// exercise whose language or MPI is missing here has none.
fn build_baselines(
    course: &Course,
    python: &Option<std::result::Result<Python, String>>,
    options: &GradeOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<BTreeMap<String, Program>> {
    let mpi_here = runner::mpi::detect(&Default::default()).is_some();
    let mut baselines = BTreeMap::new();
    for exercise in &course.exercises {
        let no_python = exercise.language == Language::Python && !matches!(python, Some(Ok(_)));
        if (exercise.mpi && !mpi_here) || no_python {
            continue;
        }
        on_progress(Progress::Preparing {
            what: format!("the course's serial baseline of {}", exercise.id),
        });
        let built = runner::build_exercise(
            course,
            exercise,
            Variant::Baseline,
            &mut |_| {},
            &options.cancel,
        )?;
        match built {
            BuildOutcome::Built { program } => {
                baselines.insert(exercise.id.clone(), program);
            }
            BuildOutcome::Cancelled => bail!("cancelled"),
            BuildOutcome::CompileError { diagnostics } => bail!(
                "the course's serial baseline of {} does not compile:\n{diagnostics}",
                exercise.id
            ),
        }
    }
    Ok(baselines)
}

/// The grading machine, for the replay record.
fn hardware() -> Hardware {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    Hardware {
        host: runner::hostname(),
        cores: runner::cores(),
        cpu_model: cpu_model(&cpuinfo),
        memory_bytes: runner::total_memory_bytes(),
        os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
    }
}

/// The processor's name in `/proc/cpuinfo`.
fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_model_is_the_first_model_name() {
        let cpuinfo = "processor\t: 0\nmodel name\t: Example CPU @ 3.00GHz\nflags\t: fpu\n\nprocessor\t: 1\nmodel name\t: Other\n";
        assert_eq!(cpu_model(cpuinfo).as_deref(), Some("Example CPU @ 3.00GHz"));
        assert_eq!(cpu_model(""), None);
        assert_eq!(cpu_model("model name without a colon"), None);
    }
}
